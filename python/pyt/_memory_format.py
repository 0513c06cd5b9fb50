"""Memory formats (torch.memory_format) and the ``memory_format=`` keyword.

torch describes the physical layout a new tensor gets with ``memory_format``:
``preserve_format`` (the default of clone and the ``*_like`` factories), ``contiguous_format``
(row-major), ``channels_last`` (4-D ``(N, C, H, W)`` stored as NHWC) and ``channels_last_3d``
(5-D ``(N, C, D, H, W)`` stored as NDHWC). pyt honours all four:

* ``contiguous_format``: the result is row-major contiguous.
* ``channels_last`` / ``channels_last_3d``: the result has torch's channels-last strides,
  e.g. ``(60, 1, 15, 3)`` for shape ``(2, 3, 4, 5)``; other ranks raise RuntimeError
  ("required rank 4 tensor to use channels_last format"), as torch does.
* ``preserve_format``: pyt's results are row-major contiguous (the values are those of torch;
  torch may instead keep a dense input's strides, e.g. for a transposed input).

Anything that is not a ``pyt.memory_format`` raises TypeError naming the op.
Source: https://pytorch.org/docs/stable/tensor_attributes.html#torch-memory-format
"""
from . import _C


class memory_format:
    """A memory layout for a tensor's elements (torch.memory_format).

    The four instances are ``pyt.preserve_format``, ``pyt.contiguous_format``,
    ``pyt.channels_last`` and ``pyt.channels_last_3d``; they compare by identity and print as
    ``pyt.<name>``.

    Example:
        >>> pyt.zeros(2, 3, 4, 5).contiguous(memory_format=pyt.channels_last).stride()
        (60, 1, 15, 3)
    """

    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"pyt.{self._name}"

    def __reduce__(self):
        return self._name  # pickled by reference: unpickles to the same instance


preserve_format = memory_format("preserve_format")
contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")

_CHANNELS_LAST_RANK = {channels_last: 4, channels_last_3d: 5}


def _check(fmt, op):
    if not isinstance(fmt, memory_format):
        raise TypeError(f"{op}(): argument 'memory_format' must be pyt.memory_format, not {type(fmt).__name__}")


def _apply(t, fmt, op, fresh):
    """t laid out in memory format fmt. fresh: t is a new tensor the caller owns (a copy is
    not needed for contiguous results)."""
    if fmt is preserve_format or fmt is contiguous_format:
        return t if fresh or fmt is preserve_format else t.contiguous()
    rank = _CHANNELS_LAST_RANK[fmt]
    if t.dim() != rank:
        raise RuntimeError(f"{op}(): required rank {rank} tensor to use {fmt._name} format, "
                           f"got a tensor of shape {tuple(t.shape)}")
    to_last = (0,) + tuple(range(2, rank)) + (1,)
    back = (0, rank - 1) + tuple(range(1, rank - 1))
    return t.permute(*to_last).contiguous().permute(*back)


def _is_channels_last(t, fmt):
    rank = _CHANNELS_LAST_RANK[fmt]
    if t.dim() != rank:
        return False
    to_last = (0,) + tuple(range(2, rank)) + (1,)
    return t.permute(*to_last).is_contiguous()


def _wrap_like(name):
    base = getattr(_C, name)

    def like(input, *args, memory_format=preserve_format, **kwargs):
        _check(memory_format, name)
        out = base(input, *args, **kwargs)
        if memory_format is preserve_format or memory_format is contiguous_format:
            return out
        laid = _apply(out, memory_format, name, True)
        if out.requires_grad:  # a leaf the user asked for: keep it a leaf
            laid = laid.detach().requires_grad_(True)
        return laid

    like.__name__ = like.__qualname__ = name
    like.__doc__ = (f"{name}(input, ..., *, dtype=None, device=None, requires_grad=False, "
                    f"memory_format=pyt.preserve_format) (torch.{name}).\n\n"
                    f"{base.__doc__ or ''}\n\nmemory_format: a pyt.memory_format; "
                    "channels_last/channels_last_3d give channels-last strides (rank 4/5 only, "
                    "RuntimeError otherwise); other values raise TypeError.\n\n"
                    f"Example:\n    >>> pyt.{name}(pyt.ones(2, 3)" +
                    (", 7.)" if name == "full_like" else ")") + ".shape\n    pyt.Size([2, 3])")
    return like


def install(namespace):
    """Puts the memory formats and the memory_format-aware factories into pyt's namespace and
    gives Tensor.clone/contiguous/is_contiguous the memory_format keyword."""
    namespace.update(memory_format=memory_format, preserve_format=preserve_format,
                     contiguous_format=contiguous_format, channels_last=channels_last,
                     channels_last_3d=channels_last_3d)
    for name in ("zeros_like", "ones_like", "empty_like", "full_like", "rand_like", "randn_like"):
        namespace[name] = _wrap_like(name)

    Tensor = _C.Tensor
    base_clone, base_contig, base_is_contig = Tensor.clone, Tensor.contiguous, Tensor.is_contiguous

    def clone(self, *, memory_format=preserve_format):
        """A copy of the tensor with its own storage, differentiable (torch.Tensor.clone).

        memory_format: pyt.preserve_format (default) or pyt.contiguous_format give a row-major
        copy; pyt.channels_last / channels_last_3d a channels-last copy (rank 4 / 5 only).

        Example:
            >>> pyt.ones(2, 3, 4, 5).clone(memory_format=pyt.channels_last).stride()
            (60, 1, 15, 3)
        """
        _check(memory_format, "clone")
        if memory_format is preserve_format or memory_format is contiguous_format:
            return base_clone(self)
        return _apply(self, memory_format, "clone", False)

    def contiguous(self, memory_format=contiguous_format):
        """The tensor itself if it is already laid out in memory_format, else a differentiable
        copy that is (torch.Tensor.contiguous).

        memory_format: pyt.contiguous_format (default) or pyt.channels_last /
        pyt.channels_last_3d (rank 4 / 5 only; RuntimeError otherwise). preserve_format returns
        a contiguous tensor as is and raises RuntimeError otherwise, as in torch.

        Example:
            >>> pyt.ones(2, 3).t().contiguous().stride()
            (2, 1)
        """
        if memory_format is contiguous_format:  # the common call: straight to the C++ method
            return base_contig(self)
        _check(memory_format, "contiguous")
        if memory_format is preserve_format:
            if base_is_contig(self):  # torch returns an already contiguous tensor as is
                return self
            raise RuntimeError("contiguous(): preserve memory format is unsupported by the contiguous operator")
        if memory_format is contiguous_format:
            return base_contig(self)
        if _is_channels_last(self, memory_format):
            return self
        return _apply(self, memory_format, "contiguous", False)

    def is_contiguous(self, memory_format=contiguous_format):
        """True if the tensor is laid out in memory_format (torch.Tensor.is_contiguous):
        row-major for pyt.contiguous_format (default), channels-last for pyt.channels_last /
        channels_last_3d; pyt.preserve_format is answered as contiguous_format, as in torch.

        Example:
            >>> pyt.ones(2, 3).t().is_contiguous()
            False
        """
        if memory_format is contiguous_format or memory_format is preserve_format:
            return base_is_contig(self)  # torch answers preserve_format as contiguous_format
        _check(memory_format, "is_contiguous")
        return _is_channels_last(self, memory_format)

    Tensor.clone, Tensor.contiguous, Tensor.is_contiguous = clone, contiguous, is_contiguous

    base_to = Tensor.to

    def to(self, *args, **kwargs):
        """The tensor converted to a dtype and/or device (torch.Tensor.to): ``to(dtype)``,
        ``to(device, dtype=None)``, ``to(other)``, with keywords ``dtype``, ``device``,
        ``copy=False``, ``non_blocking`` (no effect on the CPU) and ``memory_format``. Returns
        self when nothing changes (and copy is False); memory_format=pyt.channels_last /
        channels_last_3d lays the result out channels-last (rank 4 / 5 only, RuntimeError
        otherwise), pyt.contiguous_format row-major.

        Example:
            >>> pyt.ones(2, 3, 4, 5).to(memory_format=pyt.channels_last).stride()
            (60, 1, 15, 3)
        """
        fmt = kwargs.pop("memory_format", preserve_format)
        out = base_to(self, *args, **kwargs)
        if fmt is preserve_format or fmt is None:
            return out
        _check(fmt, "to")
        if fmt is contiguous_format:
            return out.contiguous()
        if _is_channels_last(out, fmt):
            return out
        return _apply(out, fmt, "to", False)

    Tensor.to = to

    def clone_fn(input, *, memory_format=preserve_format):
        """A copy of input with its own storage (torch.clone); see Tensor.clone.

        Example:
            >>> pyt.clone(pyt.ones(2))
            tensor([1., 1.])
        """
        return clone(input, memory_format=memory_format)

    clone_fn.__name__ = clone_fn.__qualname__ = "clone"
    namespace["clone"] = clone_fn
