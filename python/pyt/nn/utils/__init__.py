"""``pyt.nn.utils``: helpers around modules (torch.nn.utils).

Submodules load on first use: ``pyt.nn.utils.rnn`` (packed sequences).
"""

import importlib

__all__ = ["rnn"]


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
