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

#: (values, indices) of pyt.median / pyt.nanmedian(input, dim)
median = namedtuple("median", ["values", "indices"])
nanmedian = namedtuple("nanmedian", ["values", "indices"])
#: (values, indices) of pyt.kthvalue(input, k, dim)
kthvalue = namedtuple("kthvalue", ["values", "indices"])
#: (values, indices) of pyt.mode(input, dim)
mode = namedtuple("mode", ["values", "indices"])
#: (values, indices) of pyt.cummax / pyt.cummin(input, dim)
cummax = namedtuple("cummax", ["values", "indices"])
cummin = namedtuple("cummin", ["values", "indices"])
#: (hist, bin_edges) of pyt.histogram; bin_edges is a list of tensors for pyt.histogramdd
histogram = namedtuple("histogram", ["hist", "bin_edges"])
histogramdd = namedtuple("histogramdd", ["hist", "bin_edges"])
#: (mantissa, exponent) of pyt.frexp
frexp = namedtuple("frexp", ["mantissa", "exponent"])

__all__ = ["max", "min", "sort", "topk", "median", "nanmedian", "kthvalue", "mode", "cummax", "cummin", "histogram", "histogramdd",
           "frexp"]
