"""``DistributedSampler`` (torch/utils/data/distributed.py): the share of a dataset's indices
that one of ``num_replicas`` processes loads."""

import math

import pyt
from pyt.utils.data.sampler import Sampler

__all__ = ["DistributedSampler"]

_NO_PROCESS_GROUP = (
    "Default process group has not been initialized, please make sure to call "
    "init_process_group."
)


class DistributedSampler(Sampler):
    r"""Restrict loading to the subset of a dataset that belongs to replica ``rank``.

    Each epoch the indices ``0 .. len(dataset) - 1`` (a ``pyt.randperm`` drawn from a
    ``pyt.Generator`` seeded with ``seed + epoch`` when ``shuffle``, else in order) are
    padded by repeating them from the start to ``total_size = num_samples * num_replicas``
    (or, with ``drop_last``, cut to it), and replica ``rank`` takes every
    ``num_replicas``-th index starting at ``rank``. ``num_samples`` is
    ``ceil(len / num_replicas)``, or ``ceil((len - num_replicas) / num_replicas)`` when
    ``drop_last`` and the length does not divide. Call :meth:`set_epoch` before each epoch
    so that the shuffle differs between epochs. The shuffled order follows pyt's random
    stream, which differs from torch's; the partition and padding rules are torch's.

    Args:
        dataset (Dataset): a dataset with ``len()``.
        num_replicas (int): number of processes. Required: pyt has no process group, so
            the default (the group's world size) raises as torch does without one.
        rank (int): this process's rank in ``[0, num_replicas)``. Required likewise.
        shuffle (bool): shuffle the indices. Default True.
        seed (int): shuffle seed, the same in all replicas. Default 0.
        drop_last (bool): drop the tail instead of padding. Default False.

    Returns:
        DistributedSampler: an iterable of ``num_samples`` int indices.

    Raises:
        ValueError: ``num_replicas`` or ``rank`` not given (torch's "Default process group
            has not been initialized" message), or ``rank`` outside ``[0, num_replicas - 1]``.

    Source: ``torch.utils.data.distributed.DistributedSampler``.

    Example::

        >>> s = DistributedSampler(range(10), num_replicas=3, rank=1, shuffle=False)
        >>> list(s)
        [1, 4, 7, 0]
    """

    def __init__(
        self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False
    ):
        if num_replicas is None or rank is None:
            raise ValueError(_NO_PROCESS_GROUP)
        if rank >= num_replicas or rank < 0:
            raise ValueError(
                f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]"
            )
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        n = len(self.dataset)
        if self.drop_last and n % self.num_replicas != 0:
            self.num_samples = math.ceil((n - self.num_replicas) / self.num_replicas)
        else:
            self.num_samples = math.ceil(n / self.num_replicas)
        self.total_size = self.num_samples * self.num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self):
        n = len(self.dataset)
        if self.shuffle:
            g = pyt.Generator()
            g.manual_seed(self.seed + self.epoch)
            indices = pyt.randperm(n, generator=g).tolist()
        else:
            indices = list(range(n))
        if not self.drop_last:
            padding_size = self.total_size - len(indices)
            if padding_size <= len(indices):
                indices += indices[:padding_size]
            else:
                indices += (indices * math.ceil(padding_size / len(indices)))[:padding_size]
        else:
            indices = indices[: self.total_size]
        if len(indices) != self.total_size:
            raise AssertionError(
                f"Number of indices ({len(indices)}) does not match total_size "
                f"({self.total_size})"
            )
        indices = indices[self.rank : self.total_size : self.num_replicas]
        if len(indices) != self.num_samples:
            raise AssertionError(
                f"Number of subsampled indices ({len(indices)}) does not match num_samples "
                f"({self.num_samples})"
            )
        return iter(indices)

    def __len__(self):
        """``num_samples``: the number of indices this replica yields per epoch."""
        return self.num_samples

    def set_epoch(self, epoch):
        """Set the epoch, which (added to ``seed``) seeds the next shuffle.

        Args:
            epoch (int): the epoch number.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.utils.data.distributed.DistributedSampler.set_epoch``.

        Example::

            >>> sampler.set_epoch(3)
        """
        self.epoch = epoch
