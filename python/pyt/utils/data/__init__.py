"""``pyt.utils.data``: datasets, samplers and the DataLoader (torch.utils.data)."""

from pyt.utils.data._collate import default_collate, default_convert
from pyt.utils.data.dataloader import DataLoader, get_worker_info
from pyt.utils.data.dataset import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    Subset,
    StackDataset,
    TensorDataset,
    random_split,
)
from pyt.utils.data.distributed import DistributedSampler
from pyt.utils.data.sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)

__all__ = [
    "Dataset",
    "IterableDataset",
    "TensorDataset",
    "ConcatDataset",
    "ChainDataset",
    "StackDataset",
    "Subset",
    "random_split",
    "Sampler",
    "SequentialSampler",
    "RandomSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
    "BatchSampler",
    "DistributedSampler",
    "DataLoader",
    "get_worker_info",
    "default_collate",
    "default_convert",
]
