"""Fetchers (torch/utils/data/_utils/fetch.py): turn what the index sampler yields into a
batch. Shared by the single-process iterator and the worker processes, so both build
batches the same way."""


class _MapDatasetFetcher:
    """``dataset[i]`` for each index of a batch (or ``__getitems__``), then ``collate_fn``."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last
        # Note [TensorDataset fast path]: for exactly a TensorDataset batched by
        # default_collate, collate(dataset[i] for i in batch) equals
        # [t.index_select(0, batch) for t in dataset.tensors] (default_collate turns the
        # per-sample tuples into a list of stacked tensors): one gather per tensor instead of
        # len(batch) Python indexing calls and a stack. Indices outside [0, len) fall back to
        # per-sample indexing, so errors and negative indices behave exactly as before.
        from pyt.utils.data._collate import default_collate
        from pyt.utils.data.dataset import TensorDataset

        self._fast = (auto_collation and type(dataset) is TensorDataset
                      and collate_fn is default_collate and len(dataset.tensors) > 0)
        self._n = len(dataset) if self._fast else 0

    def fetch(self, possibly_batched_index):
        if self._fast:
            idx = possibly_batched_index
            try:
                in_range = len(idx) > 0 and min(idx) >= 0 and max(idx) < self._n
                if in_range:
                    import pyt

                    index = pyt.tensor(idx, dtype=pyt.int64)
            except (TypeError, ValueError, RuntimeError):
                in_range = False
            if in_range:
                return [t.index_select(0, index) for t in self.dataset.tensors]
        if self.auto_collation:
            getitems = getattr(self.dataset, "__getitems__", None)
            if getitems:
                data = getitems(possibly_batched_index)
            else:
                data = [self.dataset[idx] for idx in possibly_batched_index]
        else:
            data = self.dataset[possibly_batched_index]
        return self.collate_fn(data)


class _IterableDatasetFetcher:
    """``next(iter(dataset))`` once per index of a batch; StopIteration when exhausted."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last
        self.dataset_iter = iter(dataset)
        self.ended = False

    def fetch(self, possibly_batched_index):
        if self.ended:
            raise StopIteration
        if self.auto_collation:
            data = []
            for _ in possibly_batched_index:
                try:
                    data.append(next(self.dataset_iter))
                except StopIteration:
                    self.ended = True
                    break
            if len(data) == 0 or (self.drop_last and len(data) < len(possibly_batched_index)):
                raise StopIteration
        else:
            data = next(self.dataset_iter)
        return self.collate_fn(data)


def _create_fetcher(kind, dataset, auto_collation, collate_fn, drop_last):
    """The fetcher for ``kind`` ("map" or "iterable")."""
    cls = _MapDatasetFetcher if kind == "map" else _IterableDatasetFetcher
    return cls(dataset, auto_collation, collate_fn, drop_last)
