"""``pyt.backends``: backend switches of torch.backends that portable code reads or sets.

pyt runs on its own CPU kernels: ``backends.mps`` and ``backends.cudnn`` report that those
backends are unavailable, and cudnn's ``deterministic`` / ``benchmark`` / ``enabled`` are plain
flags that code may set (they change nothing: pyt's kernels are deterministic).

Example:
    >>> pyt.backends.cudnn.deterministic = True
    >>> pyt.backends.mps.is_available()
    False
"""
from . import cudnn, mps  # noqa: F401

__all__ = ["cudnn", "mps"]
