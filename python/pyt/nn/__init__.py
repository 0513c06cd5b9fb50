"""``pyt.nn``: modules, parameters, ``functional`` and ``init`` (torch.nn)."""

from pyt.nn.parameter import Parameter, UninitializedBuffer, UninitializedParameter
from pyt.nn import functional, init
from pyt.nn import utils  # noqa: F401  (pyt.nn.utils.rnn loads on first use)
from pyt.nn.modules import *  # noqa: F401,F403
from pyt.nn.modules import __all__ as _modules_all
from pyt.nn import utils  # noqa: E402

__all__ = ["Parameter", "UninitializedParameter", "UninitializedBuffer", "functional", "init", "utils"] + list(_modules_all)
