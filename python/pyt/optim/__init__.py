"""``pyt.optim``: optimizers (torch.optim)."""

from pyt.optim.adam import Adam, AdamW
from pyt.optim.optimizer import Optimizer
from pyt.optim.sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW"]
