"""``DataLoader`` (torch/utils/data/dataloader.py), single-process for now."""

from pyt.utils.data._collate import default_collate, default_convert
from pyt.utils.data.dataset import IterableDataset
from pyt.utils.data.sampler import BatchSampler, RandomSampler, SequentialSampler

__all__ = ["DataLoader", "get_worker_info"]


def get_worker_info():
    """Return information about the current DataLoader worker; ``None`` in the main process.

    pyt loads data in the main process only (for now), so this always returns ``None``.

    Args:
        None.

    Returns:
        None.

    Raises:
        Nothing.

    Source: ``torch.utils.data.get_worker_info``.

    Example::

        >>> pyt.utils.data.get_worker_info() is None
        True
    """
    return None


class _SingleProcessIter:
    """Iterator over one pass of a DataLoader (torch's _SingleProcessDataLoaderIter)."""

    def __init__(self, loader):
        self._loader = loader
        self._dataset = loader.dataset
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._collate_fn = loader.collate_fn
        self._is_iterable = isinstance(loader.dataset, IterableDataset)
        self._num_yielded = 0
        if self._is_iterable:
            self._dataset_iter = iter(self._dataset)
            self._ended = False
        else:
            self._sampler_iter = iter(loader._index_sampler)

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._loader)

    def _next_iterable(self):
        if self._ended:
            raise StopIteration
        if not self._auto_collation:
            return self._collate_fn(next(self._dataset_iter))
        batch = []
        bs = self._loader.batch_size
        for _ in range(bs):
            try:
                batch.append(next(self._dataset_iter))
            except StopIteration:
                self._ended = True
                break
        if len(batch) == 0 or (self._drop_last and len(batch) < bs):
            raise StopIteration
        return self._collate_fn(batch)

    def __next__(self):
        if self._is_iterable:
            data = self._next_iterable()
        else:
            index = next(self._sampler_iter)
            if self._auto_collation:
                getitems = getattr(self._dataset, "__getitems__", None)
                if callable(getitems):
                    samples = getitems(index)
                else:
                    samples = [self._dataset[idx] for idx in index]
            else:
                samples = self._dataset[index]
            data = self._collate_fn(samples)
        self._num_yielded += 1
        return data


class DataLoader:
    """Iterate over a dataset in (optionally shuffled) mini-batches.

    Combines a dataset with a sampler (sequential, or random with ``shuffle=True``), a
    ``BatchSampler`` and a collate function (``default_collate``: stacks tensors, turns
    numbers into tensors). ``len(loader)`` is the number of batches.

    Args:
        dataset (Dataset or IterableDataset): where samples come from.
        batch_size (int or None): samples per batch; ``None`` disables automatic batching
            (samples are only passed through ``default_convert``). Default 1.
        shuffle (bool): reshuffle every epoch (``RandomSampler``). Default ``False``.
        sampler (Sampler or Iterable, optional): index order; excludes ``shuffle``.
        batch_sampler (Sampler or Iterable, optional): yields lists of indices; excludes
            ``batch_size``, ``shuffle``, ``sampler`` and ``drop_last``.
        num_workers (int): must be 0 for now (data is loaded in the main process).
        collate_fn (callable, optional): merges a list of samples into a batch.
        pin_memory (bool): accepted and ignored (pyt is CPU-only).
        drop_last (bool): drop the last incomplete batch. Default ``False``.
        timeout (float): must be non-negative; unused without workers.
        worker_init_fn (callable, optional): unused without workers.
        multiprocessing_context: unused without workers.
        generator (pyt.Generator, optional): randomness for ``shuffle``.
        prefetch_factor (int, optional): only valid with workers.
        persistent_workers (bool): only valid with workers.
        pin_memory_device (str): accepted and ignored.
        in_order (bool): accepted and ignored.

    Returns:
        DataLoader: iterable over batches.

    Raises:
        ValueError: incompatible options (torch's messages), negative ``num_workers`` or
            ``timeout``.
        NotImplementedError: ``num_workers > 0`` (multi-process loading is not implemented
            yet).

    Source: ``torch.utils.data.DataLoader``.

    Example::

        >>> ds = pyt.utils.data.TensorDataset(pyt.randn(10, 3), pyt.arange(10))
        >>> xb, yb = next(iter(pyt.utils.data.DataLoader(ds, batch_size=4, shuffle=True)))
        >>> xb.shape
        pyt.Size([4, 3])
    """

    __initialized = False

    def __init__(
        self,
        dataset,
        batch_size=1,
        shuffle=None,
        sampler=None,
        batch_sampler=None,
        num_workers=0,
        collate_fn=None,
        pin_memory=False,
        drop_last=False,
        timeout=0,
        worker_init_fn=None,
        multiprocessing_context=None,
        generator=None,
        *,
        prefetch_factor=None,
        persistent_workers=False,
        pin_memory_device="",
        in_order=True,
    ):
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; "
                "use num_workers=0 to disable multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing."
                "let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor "
                "to None."
            )
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if num_workers > 0:
            raise NotImplementedError(
                f"pyt.utils.data.DataLoader: num_workers={num_workers} is not supported yet; "
                "multi-process data loading is not implemented. Use num_workers=0 (load in "
                "the main process)."
            )
        if multiprocessing_context is not None:
            raise ValueError(
                "multiprocessing_context can only be used with "
                "multi-process loading (num_workers > 0), but got "
                f"num_workers={num_workers}"
            )

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        if isinstance(dataset, IterableDataset):
            self._dataset_kind = "iterable"
            if shuffle not in {False, None}:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle option, "
                    f"but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler option, "
                    f"but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified "
                    f"batch_sampler option, but got batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)
            self._dataset_kind = "map"

        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")

        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive "
                    "with batch_size, shuffle, sampler, and "
                    "drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None:
            if drop_last:
                raise ValueError(
                    "batch_size=None option disables auto-batching "
                    "and is mutually exclusive with drop_last"
                )

        if sampler is None:
            if self._dataset_kind == "iterable":
                sampler = None
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)

        if batch_size is not None and batch_sampler is None and sampler is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator

        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self.__initialized = True

    def __setattr__(self, attr, val):
        if self.__initialized and attr in (
            "batch_size",
            "batch_sampler",
            "sampler",
            "drop_last",
            "dataset",
            "persistent_workers",
        ):
            raise ValueError(
                f"{attr} attribute should not be set after {self.__class__.__name__} is "
                "initialized"
            )
        super().__setattr__(attr, val)

    @property
    def _auto_collation(self):
        if self._dataset_kind == "iterable":
            return self.batch_size is not None
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self):
        return _SingleProcessIter(self)

    def __len__(self):
        if self._dataset_kind == "iterable":
            length = len(self.dataset)
            if self.batch_size is not None:
                if self.drop_last:
                    length = length // self.batch_size
                else:
                    length = -(-length // self.batch_size)
            return length
        return len(self._index_sampler)
