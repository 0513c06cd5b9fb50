"""``pyt.nn``: modules, parameters, ``functional`` and ``init`` (torch.nn)."""

from pyt.nn.parameter import Parameter
from pyt.nn import functional, init
from pyt.nn import utils  # noqa: F401  (pyt.nn.utils.rnn loads on first use)
from pyt.nn.modules import *  # noqa: F401,F403
from pyt.nn.modules import __all__ as _modules_all

__all__ = ["Parameter", "functional", "init"] + list(_modules_all)
