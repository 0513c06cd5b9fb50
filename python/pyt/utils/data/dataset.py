"""Datasets (torch/utils/data/dataset.py): ``Dataset``, ``IterableDataset``,
``TensorDataset``, ``StackDataset``, ``ConcatDataset``, ``ChainDataset``, ``Subset``,
``random_split``."""

import bisect
import math
import warnings

import pyt

__all__ = [
    "Dataset",
    "IterableDataset",
    "TensorDataset",
    "StackDataset",
    "ConcatDataset",
    "ChainDataset",
    "Subset",
    "random_split",
]


class Dataset:
    """A map-style dataset: subclasses implement ``__getitem__(index)`` and ``__len__()``.

    Args:
        None.

    Returns:
        Dataset: ``a + b`` concatenates two datasets.

    Raises:
        NotImplementedError: ``__getitem__`` not overridden.

    Source: ``torch.utils.data.Dataset``.

    Example::

        >>> class Squares(pyt.utils.data.Dataset):
        ...     def __len__(self): return 10
        ...     def __getitem__(self, i): return i * i
        >>> Squares()[3]
        9
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """An iterable-style dataset: subclasses implement ``__iter__`` (for streams).

    Args:
        None.

    Returns:
        IterableDataset: usable with ``DataLoader`` (no sampler, no shuffle).

    Raises:
        NotImplementedError: ``__iter__`` not overridden.

    Source: ``torch.utils.data.IterableDataset``.

    Example::

        >>> class Count(pyt.utils.data.IterableDataset):
        ...     def __iter__(self): return iter(range(3))
        >>> list(pyt.utils.data.DataLoader(Count(), batch_size=None))
        [0, 1, 2]
    """

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other):
        return ChainDataset([self, other])


class TensorDataset(Dataset):
    """A dataset wrapping tensors: sample ``i`` is ``tuple(t[i] for t in tensors)``.

    Args:
        *tensors (Tensor): tensors with the same size of the first dimension ``N``.

    Returns:
        TensorDataset: of length ``N``.

    Raises:
        AssertionError: the first dimensions differ ("Size mismatch between tensors"),
            as torch.

    Source: ``torch.utils.data.TensorDataset``.

    Example::

        >>> ds = pyt.utils.data.TensorDataset(pyt.zeros(4, 2), pyt.arange(4))
        >>> len(ds), ds[1][1]
        (4, tensor(1))
    """

    def __init__(self, *tensors):
        if any(tensors[0].size(0) != tensor.size(0) for tensor in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(tensor[index] for tensor in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class StackDataset(Dataset):
    """A stacking of several equal-length datasets: sample ``i`` gathers every part's ``i``.

    Args:
        *args (Dataset): datasets whose samples are returned as a tuple, or
        **kwargs (Dataset): datasets whose samples are returned as a dict keyed by name
            (not both).

    Returns:
        StackDataset: of the common length; ``ds[i]`` is ``(a[i], b[i], ...)`` or
        ``{"a": a[i], ...}``. Batched reads use the parts' ``__getitems__`` when present.

    Raises:
        ValueError: both args and kwargs given, none given, the lengths differ
            ("Size mismatch between datasets"), or a part's ``__getitems__`` returns the
            wrong number of samples.

    Source: ``torch.utils.data.StackDataset``.

    Example::

        >>> ds = pyt.utils.data.StackDataset(x=[1, 2], y=["a", "b"])
        >>> ds[1]
        {'x': 2, 'y': 'b'}
    """

    def __init__(self, *args, **kwargs):
        if args:
            if kwargs:
                raise ValueError(
                    "Supported either ``tuple``- (via ``args``) or"
                    "``dict``- (via ``kwargs``) like input/output, but both types are given."
                )
            self._length = len(args[0])
            if any(self._length != len(dataset) for dataset in args):
                raise ValueError("Size mismatch between datasets")
            self.datasets = args
        elif kwargs:
            parts = list(kwargs.values())
            self._length = len(parts[0])
            if any(self._length != len(dataset) for dataset in parts):
                raise ValueError("Size mismatch between datasets")
            self.datasets = kwargs
        else:
            raise ValueError("At least one dataset should be passed")

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: dataset[index] for k, dataset in self.datasets.items()}
        return tuple(dataset[index] for dataset in self.datasets)

    @staticmethod
    def _part_batch(dataset, indices):
        getitems = getattr(dataset, "__getitems__", None)
        if callable(getitems):
            items = getitems(indices)
            if len(items) != len(indices):
                raise ValueError(
                    "Nested dataset's output size mismatch."
                    f" Expected {len(indices)}, got {len(items)}"
                )
            return items
        return [dataset[idx] for idx in indices]

    def __getitems__(self, indices):
        if isinstance(self.datasets, dict):
            batch = [{} for _ in indices]
            for k, dataset in self.datasets.items():
                for data, sample in zip(self._part_batch(dataset, indices), batch):
                    sample[k] = data
            return batch
        columns = [self._part_batch(dataset, indices) for dataset in self.datasets]
        return [tuple(col[j] for col in columns) for j in range(len(indices))]

    def __len__(self):
        return self._length


class ConcatDataset(Dataset):
    """The concatenation of several map-style datasets.

    Args:
        datasets (iterable of Dataset): the parts, each non-empty-able with ``len``.

    Returns:
        ConcatDataset: of length ``sum(len(d))``; negative indices count from the end.

    Raises:
        AssertionError: no datasets, or an IterableDataset among them (as torch).
        ValueError: a negative index larger than the length.

    Source: ``torch.utils.data.ConcatDataset``.

    Example::

        >>> len(pyt.utils.data.ConcatDataset([range(3), range(2)]))
        5
    """

    @staticmethod
    def cumsum(sequence):
        r, s = [], 0
        for e in sequence:
            length = len(e)
            r.append(length + s)
            s += length
        return r

    def __init__(self, datasets):
        super().__init__()
        self.datasets = list(datasets)
        assert len(self.datasets) > 0, "datasets should not be an empty iterable"
        for d in self.datasets:
            assert not isinstance(d, IterableDataset), (
                "ConcatDataset does not support IterableDataset"
            )
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        dataset_idx = bisect.bisect_right(self.cumulative_sizes, idx)
        if dataset_idx == 0:
            sample_idx = idx
        else:
            sample_idx = idx - self.cumulative_sizes[dataset_idx - 1]
        return self.datasets[dataset_idx][sample_idx]


class ChainDataset(IterableDataset):
    """The on-the-fly chaining of several IterableDatasets (streams read one after another).

    Args:
        datasets (iterable of IterableDataset): the streams, in order.

    Returns:
        ChainDataset: iterating yields every sample of ``datasets[0]``, then of
        ``datasets[1]``, ...; ``len`` is the sum of the parts' lengths.

    Raises:
        AssertionError: a member is not an IterableDataset ("ChainDataset only supports
            IterableDataset"), raised lazily on iteration or ``len`` as torch does.
        TypeError: ``len`` when a member has no ``__len__``.

    Source: ``torch.utils.data.ChainDataset``.

    Example::

        >>> class Count(pyt.utils.data.IterableDataset):
        ...     def __init__(self, n): self.n = n
        ...     def __iter__(self): return iter(range(self.n))
        >>> list(pyt.utils.data.ChainDataset([Count(2), Count(3)]))
        [0, 1, 0, 1, 2]
    """

    def __init__(self, datasets):
        super().__init__()
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self):
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(d)
        return total


class Subset(Dataset):
    """The samples of ``dataset`` at the given ``indices``.

    Args:
        dataset (Dataset): the whole dataset.
        indices (sequence of int): indices into ``dataset``.

    Returns:
        Subset: of length ``len(indices)``.

    Raises:
        IndexError: from the underlying dataset.

    Source: ``torch.utils.data.Subset``.

    Example::

        >>> pyt.utils.data.Subset(range(10), [2, 5])[1]
        5
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices):
        if callable(getattr(self.dataset, "__getitems__", None)):
            return self.dataset.__getitems__([self.indices[idx] for idx in indices])
        return [self.dataset[self.indices[idx]] for idx in indices]

    def __len__(self):
        return len(self.indices)


def random_split(dataset, lengths, generator=None):
    """Split a dataset into non-overlapping random subsets of the given lengths.

    Args:
        dataset (Dataset): the dataset.
        lengths (sequence of int or float): sizes, or fractions summing to 1 (the remainder
            is spread round-robin, like torch).
        generator (pyt.Generator, optional): source of randomness for the permutation.

    Returns:
        list[Subset]: one subset per length.

    Raises:
        ValueError: the lengths do not sum to ``len(dataset)`` (or fractions to 1).

    Source: ``torch.utils.data.random_split``.

    Example::

        >>> a, b = pyt.utils.data.random_split(range(10), [3, 7], pyt.Generator().manual_seed(0))
        >>> len(a), len(b)
        (3, 7)
    """
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        subset_lengths = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            subset_lengths.append(int(math.floor(len(dataset) * frac)))
        remainder = len(dataset) - sum(subset_lengths)
        for i in range(remainder):
            subset_lengths[i % len(subset_lengths)] += 1
        lengths = subset_lengths
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(
                    f"Length of split at index {i} is 0. "
                    f"This might result in an empty dataset.",
                    stacklevel=2,
                )
    if sum(lengths) != len(dataset):
        raise ValueError(
            "Sum of input lengths does not equal the length of the input dataset!"
        )
    perm = pyt.randperm(sum(lengths), generator=generator).tolist()
    out = []
    offset = 0
    for length in lengths:
        out.append(Subset(dataset, perm[offset:offset + length]))
        offset += length
    return out
