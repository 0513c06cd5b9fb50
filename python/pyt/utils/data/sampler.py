"""Samplers (torch/utils/data/sampler.py): which indices a DataLoader reads, in what order."""

import itertools

import pyt

__all__ = [
    "Sampler",
    "SequentialSampler",
    "RandomSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
    "BatchSampler",
]


def _random_seed(generator=None):
    """A seed in ``[0, 2**63 - 1)`` drawn from ``generator`` (default: pyt's global one).

    torch draws such seeds with ``torch.empty((), dtype=torch.int64).random_(generator)``;
    pyt draws them with ``randint``. One draw per call, whatever the dataset size.
    """
    return int(pyt.randint(0, (1 << 63) - 1, (), generator=generator).item())


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

    Without replacement, ``num_samples`` larger than the dataset chains several
    permutations (the last one cut short). With replacement, indices are drawn uniformly
    with ``pyt.randint`` (in chunks of 32, as torch). Without a ``generator``, each pass
    draws one seed from pyt's global generator and uses a fresh generator seeded with it
    (torch's behaviour: ``pyt.manual_seed`` makes the order reproducible).

    Args:
        data_source (Sized): the dataset.
        replacement (bool): draw with replacement. Default ``False``.
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
        if generator is None:
            generator = pyt.Generator()
            generator.manual_seed(_random_seed())
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


class WeightedRandomSampler(Sampler):
    """Yield ``num_samples`` indices in ``[0, len(weights))``, index ``i`` with probability
    proportional to ``weights[i]``.

    With replacement every draw is independent (inverse-CDF sampling of uniforms). Without
    replacement an index appears at most once: the draws follow sequential sampling without
    replacement (each next index with probability proportional to its weight among those
    not drawn yet), done in one pass as the top ``num_samples`` of the keys
    ``log(u_i) / w_i`` (Efraimidis and Spirakis, 2006); zero-weight indices come only after
    all positive ones, in random order. pyt has no ``multinomial`` yet, so this is numpy on
    uniforms from ``pyt.rand`` (the pyt generator's randomness).

    Args:
        weights (sequence of float or Tensor, shape ``(N,)``): non-negative weights, not
            necessarily summing to one; stored as a ``float64`` tensor.
        num_samples (int): number of indices per pass (positive).
        replacement (bool): draw with replacement. Default ``True``.
        generator (pyt.Generator, optional): source of randomness; default the global one.

    Returns:
        WeightedRandomSampler: of length ``num_samples``.

    Raises:
        ValueError: ``num_samples`` not a positive int, ``replacement`` not a bool, or
            ``weights`` not 1-d (torch's messages).
        RuntimeError: when iterated: a negative, inf or nan weight, weights summing to 0, or
            ``num_samples > len(weights)`` without replacement (torch.multinomial's messages).

    Source: ``torch.utils.data.WeightedRandomSampler`` (with ``torch.multinomial``).

    Example::

        >>> s = pyt.utils.data.WeightedRandomSampler([0.1, 0.9, 0.0], 5,
        ...                                          generator=pyt.Generator().manual_seed(0))
        >>> all(i in (0, 1) for i in s), len(s)
        (True, 5)
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if (
            not isinstance(num_samples, int)
            or isinstance(num_samples, bool)
            or num_samples <= 0
        ):
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={num_samples}"
            )
        if not isinstance(replacement, bool):
            raise ValueError(
                f"replacement should be a boolean value, but got replacement={replacement}"
            )
        weights_tensor = pyt.as_tensor(weights, dtype=pyt.float64)
        if len(weights_tensor.shape) != 1:
            raise ValueError(
                "weights should be a 1d sequence but given "
                f"weights have shape {tuple(weights_tensor.shape)}"
            )
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        yield from _multinomial(self.weights, self.num_samples, self.replacement, self.generator)

    def __len__(self):
        return self.num_samples


def _multinomial(weights, num_samples, replacement, generator):
    """``torch.multinomial`` for a 1-d float64 tensor of weights, as a list of ints."""
    import numpy as np

    w = weights.detach().numpy()
    if w.size == 0 or not np.all(np.isfinite(w)) or np.any(w < 0):
        if w.size == 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    total = w.sum()
    if not total > 0:
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if not replacement and num_samples > w.size:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    if replacement:
        u = pyt.rand(num_samples, dtype=pyt.float64, generator=generator).numpy()
        cdf = np.cumsum(w)
        # u < 1, so u * cdf[-1] < cdf[-1]: the first bucket whose cdf exceeds it exists and
        # has a positive weight (a zero weight leaves the cdf flat).
        idx = np.searchsorted(cdf, u * cdf[-1], side="right")
        return np.minimum(idx, w.size - 1).tolist()
    u = pyt.rand(w.size, dtype=pyt.float64, generator=generator).numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        keys = np.where(w > 0, np.log(u) / w, -np.inf)
    # Descending by key; ties (the zero weights' -inf) broken by u, i.e. at random.
    order = np.lexsort((u, keys))[::-1]
    return order[:num_samples].tolist()


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
