"""``pyt.optim``: optimizers (torch.optim) and learning-rate schedulers
(``pyt.optim.lr_scheduler``, torch.optim.lr_scheduler)."""

from pyt.optim import lr_scheduler, swa_utils
from pyt.optim._adafactor import Adafactor
from pyt.optim.adadelta import Adadelta
from pyt.optim.adagrad import Adagrad
from pyt.optim.adam import Adam, AdamW
from pyt.optim.adamax import Adamax
from pyt.optim.asgd import ASGD
from pyt.optim.lbfgs import LBFGS
from pyt.optim.nadam import NAdam
from pyt.optim.optimizer import Optimizer
from pyt.optim.radam import RAdam
from pyt.optim.rmsprop import RMSprop
from pyt.optim.rprop import Rprop
from pyt.optim.sgd import SGD

__all__ = [
    "Optimizer",
    "SGD",
    "Adam",
    "AdamW",
    "RMSprop",
    "Adagrad",
    "Adadelta",
    "Adamax",
    "NAdam",
    "RAdam",
    "Rprop",
    "ASGD",
    "LBFGS",
    "Adafactor",
    "lr_scheduler",
    "swa_utils",
]
