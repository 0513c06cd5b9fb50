"""Named tuples returned by reductions with indices (torch.return_types)."""
from collections import namedtuple

#: (values, indices) of pyt.max(input, dim)
max = namedtuple("max", ["values", "indices"])
#: (values, indices) of pyt.min(input, dim)
min = namedtuple("min", ["values", "indices"])

#: (values, indices) of pyt.sort(input, dim)
sort = namedtuple("sort", ["values", "indices"])
#: (values, indices) of pyt.topk(input, k, dim)
topk = namedtuple("topk", ["values", "indices"])

__all__ = ["max", "min", "sort", "topk"]
