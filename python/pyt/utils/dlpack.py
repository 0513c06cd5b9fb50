"""DLPack exchange as torch.utils.dlpack names it: ``to_dlpack`` and ``from_dlpack``.

Example:
    >>> import pyt
    >>> from pyt.utils.dlpack import from_dlpack, to_dlpack
    >>> x = pyt.arange(3.0)
    >>> y = from_dlpack(to_dlpack(x)); y[0] = 7.0; x
    tensor([7., 1., 2.])
"""

from .. import _C
from .._C import from_dlpack

__all__ = ["to_dlpack", "from_dlpack"]


def to_dlpack(tensor):
    """A legacy DLPack capsule ("dltensor") sharing ``tensor``'s memory (torch.utils.dlpack.to_dlpack).

    Args:
        tensor (Tensor): any shape and dtype, not requiring grad.

    Returns:
        PyCapsule: consumed once by a DLPack importer (``pyt.from_dlpack``, ``torch.from_dlpack``,
        ``numpy.from_dlpack`` with an object wrapper); it keeps the memory alive until then.

    Raises:
        RuntimeError: the tensor requires grad.
    """
    return _C._to_dlpack(tensor)
