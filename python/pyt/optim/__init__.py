"""``pyt.optim``: optimizers (torch.optim) and learning-rate schedulers
(``pyt.optim.lr_scheduler``, torch.optim.lr_scheduler)."""

from pyt.optim import lr_scheduler
from pyt.optim.adam import Adam, AdamW
from pyt.optim.optimizer import Optimizer
from pyt.optim.sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "lr_scheduler"]
