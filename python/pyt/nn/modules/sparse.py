"""``Embedding`` and ``EmbeddingBag`` (torch/nn/modules/sparse.py)."""

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["Embedding", "EmbeddingBag"]


def _padding(padding_idx, num_embeddings):
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < num_embeddings, "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -num_embeddings, "Padding_idx must be within num_embeddings"
            padding_idx = num_embeddings + padding_idx
    return padding_idx


class Embedding(Module):
    """A lookup table of ``num_embeddings`` vectors of size ``embedding_dim``.

    Args:
        num_embeddings (int): ``V``. embedding_dim (int): ``D``.
        padding_idx (int, optional): this row is zero-initialised and gets no gradient.
        max_norm (float, optional): looked-up rows with a larger ``norm_type``-norm are
            renormalised in place. norm_type (float): Default 2.
        scale_grad_by_freq (bool): divide gradients by index frequency in the batch.
        sparse (bool): accepted; gradients are dense.
        _weight (Tensor, optional): initial ``(V, D)`` weight. _freeze (bool): no gradient.
        device, dtype: factory arguments.

    Returns:
        Embedding: forward maps indices ``(*)`` to ``(*, D)``; ``weight`` is initialised
        from ``N(0, 1)``.

    Raises:
        AssertionError: ``padding_idx`` outside ``[-V, V)``, or ``_weight`` of another shape.
        IndexError: in forward, an index outside ``[0, V)``.

    Source: ``torch.nn.Embedding``.

    Example::

        >>> e = pyt.nn.Embedding(10, 3)
        >>> e(pyt.tensor([[1, 2], [4, 5]])).shape
        pyt.Size([2, 2, 3])
    """

    __constants__ = ["num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"]

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        padding_idx=None,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        sparse=False,
        _weight=None,
        _freeze=False,
        device=None,
        dtype=None,
    ):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = _padding(padding_idx, num_embeddings)
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        if _weight is None:
            self.weight = Parameter(pyt.empty((num_embeddings, embedding_dim), **factory_kwargs), requires_grad=not _freeze)
            self.reset_parameters()
        else:
            assert list(_weight.shape) == [num_embeddings, embedding_dim], (
                "Shape of weight does not match num_embeddings and embedding_dim"
            )
            self.weight = Parameter(_weight, requires_grad=not _freeze)
        self.sparse = sparse

    def reset_parameters(self):
        """Draw ``weight`` from ``N(0, 1)`` and zero the ``padding_idx`` row.

        Source: ``torch.nn.Embedding.reset_parameters``.

        Example::

            >>> pyt.nn.Embedding(3, 2, padding_idx=0).reset_parameters()
        """
        init.normal_(self.weight)
        self._fill_padding_idx_with_zero()

    def _fill_padding_idx_with_zero(self):
        if self.padding_idx is not None:
            with pyt.no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input):
        """Look up the rows of ``input``.

        Args:
            input (Tensor): int64 / int32 indices ``(*)``.

        Returns:
            Tensor: ``(*, embedding_dim)``.

        Raises:
            IndexError: an index outside ``[0, num_embeddings)``.

        Source: ``torch.nn.Embedding.forward``.

        Example::

            >>> pyt.nn.Embedding(4, 2)(pyt.tensor([3])).shape
            pyt.Size([1, 2])
        """
        return F.embedding(
            input, self.weight, self.padding_idx, self.max_norm, self.norm_type, self.scale_grad_by_freq, self.sparse
        )

    def extra_repr(self):
        s = "{num_embeddings}, {embedding_dim}"
        if self.padding_idx is not None:
            s += ", padding_idx={padding_idx}"
        if self.max_norm is not None:
            s += ", max_norm={max_norm}"
        if self.norm_type != 2:
            s += ", norm_type={norm_type}"
        if self.scale_grad_by_freq is not False:
            s += ", scale_grad_by_freq={scale_grad_by_freq}"
        if self.sparse is not False:
            s += ", sparse=True"
        return s.format(**self.__dict__)

    @classmethod
    def from_pretrained(
        cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False
    ):
        """An Embedding whose weight is ``embeddings`` ``(V, D)`` (frozen unless ``freeze=False``).

        Args:
            embeddings (Tensor): 2-d ``(V, D)``. freeze (bool): Default ``True``.
            padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse: as the constructor.

        Returns:
            Embedding: using ``embeddings`` as its weight (not copied).

        Raises:
            AssertionError: ``embeddings`` is not 2-d.

        Source: ``torch.nn.Embedding.from_pretrained``.

        Example::

            >>> pyt.nn.Embedding.from_pretrained(pyt.ones(2, 3)).weight.requires_grad
            False
        """
        assert embeddings.dim() == 2, "Embeddings parameter is expected to be 2-dimensional"
        rows, cols = embeddings.shape
        return cls(
            num_embeddings=rows,
            embedding_dim=cols,
            _weight=embeddings,
            _freeze=freeze,
            padding_idx=padding_idx,
            max_norm=max_norm,
            norm_type=norm_type,
            scale_grad_by_freq=scale_grad_by_freq,
            sparse=sparse,
        )


class EmbeddingBag(Module):
    """Sums, means or maxima of bags of embeddings (see ``F.embedding_bag``).

    Args:
        num_embeddings (int): ``V``. embedding_dim (int): ``D``.
        max_norm, norm_type, scale_grad_by_freq, sparse: as :class:`Embedding`.
        mode (str): ``'sum'``, ``'mean'`` (default) or ``'max'``.
        include_last_offset (bool): Default ``False``. padding_idx (int, optional).
        _weight (Tensor, optional): initial weight. device, dtype: factory arguments.

    Returns:
        EmbeddingBag: forward maps ``(B, L)`` or (``(n,)``, offsets ``(B,)``) to ``(B, D)``.

    Raises:
        AssertionError: ``padding_idx`` outside ``[-V, V)``.
        ValueError: in forward, bad offsets / shapes (as ``F.embedding_bag``).

    Source: ``torch.nn.EmbeddingBag``.

    Example::

        >>> m = pyt.nn.EmbeddingBag(10, 3, mode="sum")
        >>> m(pyt.tensor([1, 2, 4, 5]), pyt.tensor([0, 2])).shape
        pyt.Size([2, 3])
    """

    __constants__ = ["num_embeddings", "embedding_dim", "max_norm", "norm_type", "scale_grad_by_freq", "mode", "sparse", "include_last_offset", "padding_idx"]

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        mode="mean",
        sparse=False,
        _weight=None,
        include_last_offset=False,
        padding_idx=None,
        device=None,
        dtype=None,
    ):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.padding_idx = _padding(padding_idx, num_embeddings)
        if _weight is None:
            self.weight = Parameter(pyt.empty((num_embeddings, embedding_dim), **factory_kwargs))
            self.reset_parameters()
        else:
            assert list(_weight.shape) == [num_embeddings, embedding_dim], (
                "Shape of weight does not match num_embeddings and embedding_dim"
            )
            self.weight = Parameter(_weight)
        self.mode = mode
        self.sparse = sparse
        self.include_last_offset = include_last_offset

    def reset_parameters(self):
        """Draw ``weight`` from ``N(0, 1)`` and zero the ``padding_idx`` row.

        Source: ``torch.nn.EmbeddingBag.reset_parameters``.

        Example::

            >>> pyt.nn.EmbeddingBag(3, 2).reset_parameters()
        """
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with pyt.no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input, offsets=None, per_sample_weights=None):
        """Reduce each bag of looked-up rows.

        Args:
            input (Tensor): ``(B, L)`` or ``(n,)`` indices. offsets (Tensor, optional): ``(B,)``.
            per_sample_weights (Tensor, optional): like ``input`` (``mode='sum'``).

        Returns:
            Tensor: ``(B, embedding_dim)``.

        Raises:
            ValueError: bad offsets or shapes.

        Source: ``torch.nn.EmbeddingBag.forward``.

        Example::

            >>> pyt.nn.EmbeddingBag(4, 2)(pyt.tensor([[0, 1]])).shape
            pyt.Size([1, 2])
        """
        return F.embedding_bag(
            input,
            self.weight,
            offsets,
            self.max_norm,
            self.norm_type,
            self.scale_grad_by_freq,
            self.mode,
            self.sparse,
            per_sample_weights,
            self.include_last_offset,
            self.padding_idx,
        )

    def extra_repr(self):
        s = "{num_embeddings}, {embedding_dim}"
        if self.max_norm is not None:
            s += ", max_norm={max_norm}"
        if self.norm_type != 2:
            s += ", norm_type={norm_type}"
        if self.scale_grad_by_freq is not False:
            s += ", scale_grad_by_freq={scale_grad_by_freq}"
        s += ", mode={mode}"
        if self.padding_idx is not None:
            s += ", padding_idx={padding_idx}"
        return s.format(**{k: repr(v) if k == "mode" else v for k, v in self.__dict__.items()})

    @classmethod
    def from_pretrained(
        cls,
        embeddings,
        freeze=True,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        mode="mean",
        sparse=False,
        include_last_offset=False,
        padding_idx=None,
    ):
        """An EmbeddingBag whose weight is ``embeddings`` ``(V, D)``.

        Args:
            embeddings (Tensor): 2-d. freeze (bool): Default ``True``. Others as the constructor.

        Returns:
            EmbeddingBag.

        Raises:
            AssertionError: ``embeddings`` is not 2-d.

        Source: ``torch.nn.EmbeddingBag.from_pretrained``.

        Example::

            >>> pyt.nn.EmbeddingBag.from_pretrained(pyt.ones(2, 3)).mode
            'mean'
        """
        assert embeddings.dim() == 2, "Embeddings parameter is expected to be 2-dimensional"
        rows, cols = embeddings.shape
        bag = cls(
            num_embeddings=rows,
            embedding_dim=cols,
            _weight=embeddings,
            max_norm=max_norm,
            norm_type=norm_type,
            scale_grad_by_freq=scale_grad_by_freq,
            mode=mode,
            sparse=sparse,
            include_last_offset=include_last_offset,
            padding_idx=padding_idx,
        )
        bag.weight.requires_grad = not freeze
        return bag
