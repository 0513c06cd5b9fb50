"""Samplers (torch/utils/data/sampler.py): which indices a DataLoader reads, in what order."""

import itertools

import pyt

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "BatchSampler"]


class Sampler:
    """Base class: an iterable over dataset indices (subclasses implement ``__iter__``).

    Args:
        data_source: ignored (kept for torch compatibility).

    Returns:
        Sampler.

    Raises:
        NotImplementedError: ``__iter__`` not overridden.

    Source: ``torch.utils.data.Sampler``.

    Example::

        >>> class Evens(pyt.utils.data.Sampler):
        ...     def __init__(self, n): self.n = n
        ...     def __iter__(self): return iter(range(0, self.n, 2))
        ...     def __len__(self): return (self.n + 1) // 2
    """

    def __init__(self, data_source=None):
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """Yield ``0, 1, ..., len(data_source) - 1``.

    Args:
        data_source (Sized): the dataset.

    Returns:
        SequentialSampler: of length ``len(data_source)``.

    Raises:
        TypeError: ``data_source`` has no ``len``.

    Source: ``torch.utils.data.SequentialSampler``.

    Example::

        >>> list(pyt.utils.data.SequentialSampler(range(3)))
        [0, 1, 2]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """Yield the indices in random order (a ``pyt.randperm`` per pass), or with replacement.

    Args:
        data_source (Sized): the dataset.
        replacement (bool): draw with replacement (``pyt.randint``). Default ``False``.
        num_samples (int, optional): number of indices per pass; default ``len(data_source)``.
        generator (pyt.Generator, optional): source of randomness; default the global one.

    Returns:
        RandomSampler: of length ``num_samples``.

    Raises:
        TypeError: ``replacement`` is not a bool.
        ValueError: ``num_samples`` is not a positive int.

    Source: ``torch.utils.data.RandomSampler``.

    Example::

        >>> sorted(pyt.utils.data.RandomSampler(range(4), generator=pyt.Generator().manual_seed(0)))
        [0, 1, 2, 3]
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(
                f"replacement should be a boolean value, but got replacement={self.replacement}"
            )
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(
                "num_samples should be a positive integer value, but got "
                f"num_samples={self.num_samples}"
            )

    @property
    def num_samples(self):
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        generator = self.generator
        if self.replacement:
            for _ in range(self.num_samples // 32):
                yield from pyt.randint(0, n, (32,), dtype=pyt.int64, generator=generator).tolist()
            rest = self.num_samples % 32
            if rest:
                yield from pyt.randint(0, n, (rest,), dtype=pyt.int64, generator=generator).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from pyt.randperm(n, generator=generator).tolist()
            rest = self.num_samples % n
            if rest:
                yield from pyt.randperm(n, generator=generator).tolist()[:rest]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """Yield the given indices in random order.

    Args:
        indices (sequence of int): the indices.
        generator (pyt.Generator, optional): source of randomness.

    Returns:
        SubsetRandomSampler: of length ``len(indices)``.

    Raises:
        Nothing.

    Source: ``torch.utils.data.SubsetRandomSampler``.

    Example::

        >>> sorted(pyt.utils.data.SubsetRandomSampler([5, 7]))
        [5, 7]
    """

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in pyt.randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class BatchSampler(Sampler):
    """Group the indices of another sampler into lists of ``batch_size``.

    Args:
        sampler (Sampler or Iterable[int]): the index source.
        batch_size (int): size of each batch (positive).
        drop_last (bool): drop the last batch when it is smaller.

    Returns:
        BatchSampler: yields ``list[int]``; its length is ``ceil(len / batch_size)`` (or
        floor with ``drop_last``).

    Raises:
        ValueError: ``batch_size`` not a positive int, or ``drop_last`` not a bool.

    Source: ``torch.utils.data.BatchSampler``.

    Example::

        >>> list(pyt.utils.data.BatchSampler(range(5), 2, drop_last=False))
        [[0, 1], [2, 3], [4]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        if (
            not isinstance(batch_size, int)
            or isinstance(batch_size, bool)
            or batch_size <= 0
        ):
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}"
            )
        if not isinstance(drop_last, bool):
            raise ValueError(
                f"drop_last should be a boolean value, but got drop_last={drop_last}"
            )
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        it = iter(self.sampler)
        while True:
            batch = list(itertools.islice(it, self.batch_size))
            if not batch:
                return
            if len(batch) < self.batch_size and self.drop_last:
                return
            yield batch

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
