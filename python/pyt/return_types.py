"""Named tuples returned by reductions with indices (torch.return_types)."""
from collections import namedtuple

#: (values, indices) of pyt.max(input, dim)
max = namedtuple("max", ["values", "indices"])
#: (values, indices) of pyt.min(input, dim)
min = namedtuple("min", ["values", "indices"])

__all__ = ["max", "min"]
