"""Packed variable-length sequences for the recurrent modules (torch.nn.utils.rnn).

A batch of sequences of different lengths is *packed* into one tensor ``data`` that holds,
time step after time step, the rows of the sequences still running at that step
(``batch_sizes[t]`` rows at step ``t``, non-increasing). ``RNN``, ``LSTM`` and ``GRU`` run
over a ``PackedSequence`` without computing anything for the padding.
"""

from collections import namedtuple

import pyt

__all__ = [
    "PackedSequence",
    "invert_permutation",
    "pack_padded_sequence",
    "pad_packed_sequence",
    "pad_sequence",
    "pack_sequence",
    "unpack_sequence",
]

_PackedSequenceBase = namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])


class PackedSequence(_PackedSequenceBase):
    """A packed batch of variable-length sequences (torch.nn.utils.rnn.PackedSequence).

    Fields:
        data (Tensor): ``(sum(lengths), *)``, the rows of step 0, then of step 1, ...
        batch_sizes (Tensor): int64 ``(T,)``, how many sequences run at each step.
        sorted_indices (Tensor or None): int64 ``(B,)``, the original batch index of each
            packed column (sequences are packed longest first); None if already sorted.
        unsorted_indices (Tensor or None): the inverse permutation of ``sorted_indices``.

    Build one with ``pack_padded_sequence`` or ``pack_sequence``, not directly.

    Raises:
        Nothing here; the packing functions check their arguments.

    Source: ``torch.nn.utils.rnn.PackedSequence``.

    Example::

        >>> p = pack_sequence([pyt.ones(3, 2), pyt.ones(1, 2)])
        >>> p.batch_sizes
        tensor([2, 1, 1])
    """

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = invert_permutation(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """A PackedSequence whose ``data`` is ``data.to(*args, **kwargs)`` (indices unchanged).

        Args:
            *args, **kwargs: as ``Tensor.to``.

        Returns:
            PackedSequence: ``self`` when ``data`` does not change.

        Raises:
            As ``Tensor.to``.

        Source: ``torch.nn.utils.rnn.PackedSequence.to``.

        Example::

            >>> pack_sequence([pyt.ones(2, 1)]).to(pyt.float64).data.dtype
            pyt.float64
        """
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        return type(self)(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def float(self):
        """``self.to(pyt.float32)``.

        Returns:
            PackedSequence.

        Raises:
            Nothing.

        Source: ``torch.nn.utils.rnn.PackedSequence.float``.

        Example::

            >>> pack_sequence([pyt.ones(2, 1)]).double().float().data.dtype
            pyt.float32
        """
        return self.to(pyt.float32)

    def double(self):
        """``self.to(pyt.float64)``.

        Returns:
            PackedSequence.

        Raises:
            Nothing.

        Source: ``torch.nn.utils.rnn.PackedSequence.double``.

        Example::

            >>> pack_sequence([pyt.ones(2, 1)]).double().data.dtype
            pyt.float64
        """
        return self.to(pyt.float64)

    @property
    def is_cuda(self):
        """False: pyt runs on the CPU.

        Returns:
            bool.

        Raises:
            Nothing.

        Source: ``torch.nn.utils.rnn.PackedSequence.is_cuda``.

        Example::

            >>> pack_sequence([pyt.ones(2, 1)]).is_cuda
            False
        """
        return False

    def is_pinned(self):
        """False: pyt does not pin memory.

        Returns:
            bool.

        Raises:
            Nothing.

        Source: ``torch.nn.utils.rnn.PackedSequence.is_pinned``.

        Example::

            >>> pack_sequence([pyt.ones(2, 1)]).is_pinned()
            False
        """
        return False


def invert_permutation(permutation):
    """The inverse of a permutation given as an int64 index tensor (None stays None).

    Args:
        permutation (Tensor or None): int64 ``(B,)``, a permutation of ``0..B-1``.

    Returns:
        Tensor or None: ``inv`` with ``inv[permutation[i]] = i``.

    Raises:
        Nothing.

    Source: ``torch.nn.utils.rnn.invert_permutation``.

    Example::

        >>> invert_permutation(pyt.tensor([2, 0, 1]))
        tensor([1, 2, 0])
    """
    if permutation is None:
        return None
    p = [int(i) for i in permutation.tolist()]
    inv = [0] * len(p)
    for i, v in enumerate(p):
        inv[v] = i
    return pyt.tensor(inv, dtype=pyt.int64)


def _lengths_list(lengths):
    if isinstance(lengths, pyt.Tensor):
        if lengths.dim() != 1:
            raise RuntimeError(f"pack_padded_sequence: expected 'lengths' to be a 1-D tensor, got {tuple(lengths.shape)}")
        return [int(v) for v in lengths.tolist()]
    return [int(v) for v in lengths]


def _batch_sizes(lengths_sorted):
    """batch_sizes of lengths sorted in decreasing order."""
    T = lengths_sorted[0] if lengths_sorted else 0
    out = []
    k = len(lengths_sorted)
    for t in range(T):
        while k > 0 and lengths_sorted[k - 1] <= t:
            k -= 1
        out.append(k)
    return out


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch of variable-length sequences.

    Args:
        input (Tensor): ``(T, B, *)`` padded sequences (``(B, T, *)`` if ``batch_first``).
        lengths (Tensor or list of int): ``(B,)`` length of each sequence, each in ``[1, T]``.
        batch_first (bool): layout of ``input``. Default False.
        enforce_sorted (bool): require ``lengths`` sorted in decreasing order; if False the
            sequences are sorted here and the permutation is recorded. Default True.

    Returns:
        PackedSequence: gradients flow back to ``input``.

    Raises:
        RuntimeError: ``lengths`` not sorted while ``enforce_sorted``, a length <= 0 or
            longer than ``T``, or ``lengths`` not matching the batch size.

    Source: ``torch.nn.utils.rnn.pack_padded_sequence``.

    Example::

        >>> p = pack_padded_sequence(pyt.zeros(3, 2, 4), [3, 1])
        >>> p.data.shape, p.batch_sizes
        (pyt.Size([4, 4]), tensor([2, 1, 1]))
    """
    lens = _lengths_list(lengths)
    if enforce_sorted:
        if any(lens[i] < lens[i + 1] for i in range(len(lens) - 1)):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can "
                "pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this "
                "requirement if you do not need ONNX exportability."
            )
        sorted_indices = None
        order = list(range(len(lens)))
    else:
        order = sorted(range(len(lens)), key=lambda i: -lens[i])
        sorted_indices = pyt.tensor(order, dtype=pyt.int64)
    if input.dim() < 2:
        raise RuntimeError(f"pack_padded_sequence: expected input with at least 2 dims, got {tuple(input.shape)}")
    B = input.shape[0] if batch_first else input.shape[1]
    T = input.shape[1] if batch_first else input.shape[0]
    if len(lens) != B:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {len(lens)} (batch_size={B})")
    if any(v <= 0 for v in lens):
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0"
        )
    if any(v > T for v in lens):
        raise RuntimeError(
            f"pack_padded_sequence: a length ({max(lens)}) exceeds the padded sequence length {T} of input "
            f"{tuple(input.shape)}"
        )
    sorted_lens = [lens[i] for i in order]
    bs = _batch_sizes(sorted_lens)
    # one gather: row (t, b) of the packed data is input[t, order[b]] (or input[order[b], t])
    if batch_first:
        idx = [order[b] * T + t for t in range(len(bs)) for b in range(bs[t])]
    else:
        idx = [t * B + order[b] for t in range(len(bs)) for b in range(bs[t])]
    flat = input.reshape(B * T, *input.shape[2:])
    data = flat.index_select(0, pyt.tensor(idx, dtype=pyt.int64))
    return PackedSequence(data, pyt.tensor(bs, dtype=pyt.int64), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Unpack a PackedSequence into a padded tensor (the inverse of pack_padded_sequence).

    Args:
        sequence (PackedSequence): the packed batch.
        batch_first (bool): return ``(B, T, *)`` instead of ``(T, B, *)``. Default False.
        padding_value (float): value of the padding positions. Default 0.
        total_length (int, optional): pad to this many steps (at least the longest length).

    Returns:
        tuple: ``(padded, lengths)``; ``lengths`` is an int64 ``(B,)`` tensor in the
        original batch order. Gradients flow back to ``sequence.data``.

    Raises:
        ValueError: ``total_length`` smaller than the longest sequence.

    Source: ``torch.nn.utils.rnn.pad_packed_sequence``.

    Example::

        >>> out, lens = pad_packed_sequence(pack_sequence([pyt.ones(2, 1), pyt.ones(1, 1)]))
        >>> out.shape, lens
        (pyt.Size([2, 2, 1]), tensor([2, 1]))
    """
    data, batch_sizes = sequence.data, sequence.batch_sizes
    bs = [int(v) for v in batch_sizes.tolist()]
    T = len(bs)
    if total_length is not None:
        if total_length < T:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence in input, but got "
                f"total_length={total_length} and max sequence length being {T}"
            )
        T_out = total_length
    else:
        T_out = T
    B = bs[0] if bs else 0
    N = data.shape[0]
    # sorted column b has length = number of steps with bs[t] > b
    lengths_sorted = [sum(1 for t in range(T) if bs[t] > b) for b in range(B)]
    offs = [0] * T
    for t in range(1, T):
        offs[t] = offs[t - 1] + bs[t - 1]
    pad_row = pyt.full((1, *data.shape[1:]), padding_value, dtype=data.dtype)
    ext = pyt.cat([data, pad_row], 0)
    unsorted = sequence.unsorted_indices
    col_of = list(range(B)) if unsorted is None else [int(v) for v in unsorted.tolist()]
    # output column j (original batch order) holds sorted column col_of[j]
    if batch_first:
        idx = [
            offs[t] + col_of[j] if t < T and col_of[j] < bs[t] else N for j in range(B) for t in range(T_out)
        ]
        out = ext.index_select(0, pyt.tensor(idx, dtype=pyt.int64)).reshape(B, T_out, *data.shape[1:])
    else:
        idx = [
            offs[t] + col_of[j] if t < T and col_of[j] < bs[t] else N for t in range(T_out) for j in range(B)
        ]
        out = ext.index_select(0, pyt.tensor(idx, dtype=pyt.int64)).reshape(T_out, B, *data.shape[1:])
    lengths = pyt.tensor([lengths_sorted[col_of[j]] for j in range(B)], dtype=pyt.int64)
    return out, lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack variable-length sequences into one padded tensor.

    Args:
        sequences (list of Tensor): each ``(L_i, *)`` with the same trailing dims and dtype.
        batch_first (bool): return ``(B, T, *)`` instead of ``(T, B, *)``. Default False.
        padding_value (float): value of the padding. Default 0.
        padding_side (str): ``'right'`` (default) or ``'left'``.

    Returns:
        Tensor: ``(T, B, *)`` or ``(B, T, *)`` with ``T = max(L_i)``.

    Raises:
        ValueError: bad ``padding_side``.
        RuntimeError: empty list or mismatched trailing dims.

    Source: ``torch.nn.utils.rnn.pad_sequence``.

    Example::

        >>> pad_sequence([pyt.ones(3), pyt.ones(1)], batch_first=True)
        tensor([[1., 1., 1.],
                [1., 0., 0.]])
    """
    if padding_side not in ("left", "right"):
        raise ValueError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    if isinstance(sequences, pyt.Tensor):
        sequences = list(sequences.unbind(0))
    sequences = list(sequences)
    if len(sequences) == 0:
        raise RuntimeError("received an empty list of sequences")
    trailing = tuple(sequences[0].shape[1:])
    for s in sequences:
        if s.dim() < 1 or tuple(s.shape[1:]) != trailing:
            raise RuntimeError(
                f"pad_sequence: expected every sequence to have shape (L, {', '.join(map(str, trailing))}), "
                f"got {tuple(s.shape)}"
            )
    lens = [s.shape[0] for s in sequences]
    T, B = max(lens), len(sequences)
    data = pyt.cat(list(sequences) + [pyt.full((1, *trailing), padding_value, dtype=sequences[0].dtype)], 0)
    N = data.shape[0] - 1
    starts = [0] * B
    for b in range(1, B):
        starts[b] = starts[b - 1] + lens[b - 1]

    def src(b, t):
        if padding_side == "right":
            return starts[b] + t if t < lens[b] else N
        k = t - (T - lens[b])
        return starts[b] + k if k >= 0 else N

    if batch_first:
        idx = [src(b, t) for b in range(B) for t in range(T)]
        shape = (B, T, *trailing)
    else:
        idx = [src(b, t) for t in range(T) for b in range(B)]
        shape = (T, B, *trailing)
    return data.index_select(0, pyt.tensor(idx, dtype=pyt.int64)).reshape(*shape)


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of variable-length sequences (``pad_sequence`` then ``pack_padded_sequence``).

    Args:
        sequences (list of Tensor): each ``(L_i, *)``; sorted by decreasing length unless
            ``enforce_sorted=False``.
        enforce_sorted (bool): as ``pack_padded_sequence``. Default True.

    Returns:
        PackedSequence.

    Raises:
        RuntimeError: as ``pack_padded_sequence``.

    Source: ``torch.nn.utils.rnn.pack_sequence``.

    Example::

        >>> pack_sequence([pyt.ones(2, 3), pyt.ones(1, 3)]).data.shape
        pyt.Size([3, 3])
    """
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """Split a PackedSequence back into its list of sequences (original order).

    Args:
        packed_sequences (PackedSequence): the packed batch.

    Returns:
        list of Tensor: each ``(L_i, *)``.

    Raises:
        Nothing.

    Source: ``torch.nn.utils.rnn.unpack_sequence``.

    Example::

        >>> [s.shape[0] for s in unpack_sequence(pack_sequence([pyt.ones(2, 1), pyt.ones(1, 1)]))]
        [2, 1]
    """
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return [padded[i, : int(n)] for i, n in enumerate(lengths.tolist())]
