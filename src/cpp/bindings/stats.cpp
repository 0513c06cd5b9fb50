// Bindings of the ops declared in pyt/ops/stats.h: pyt.<name> functions and Tensor.<name>
// methods (where torch has them), with torch's signatures and defaults.
#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

py::object named(const char* name, const std::tuple<Tensor, Tensor>& r) {
  return py::module_::import("pyt.return_types").attr(name)(std::get<0>(r), std::get<1>(r));
}

DimList dims_of(py::handle dim, const char* op) {
  if (dim.is_none()) return std::nullopt;
  return to_int_list(dim, op);
}

// A Python number (or a numpy scalar) as a 0-d tensor of its natural dtype (int64, float64,
// bool), as torch's scalar overloads wrap it; tensors pass through.
Tensor tensor_or_scalar(py::handle h, const char* op, const char* name) {
  if (py::isinstance<Tensor>(h)) return h.cast<Tensor>();
  PYT_CHECK(is_number(h), TypeError, op, "(): argument '", name, "' must be Tensor or Number, not ",
            std::string(py::str(py::type::of(h).attr("__name__"))));
  Scalar s = to_scalar(h, op);
  return full({}, s, s.natural_dtype());
}

// median / nanmedian: the whole-tensor form without dim, (values, indices) with it.
py::object median_call(const Tensor& t, py::handle dim, bool keepdim, bool ignore_nan) {
  const char* op = ignore_nan ? "nanmedian" : "median";
  if (dim.is_none()) {
    PYT_CHECK(!keepdim, TypeError, op, "(): received an invalid combination of arguments: keepdim needs dim");
    Tensor r;
    {
      GIL g;
      r = ignore_nan ? nanmedian(t) : median(t);
    }
    return py::cast(r);
  }
  PYT_CHECK(PyLong_Check(dim.ptr()) || PyIndex_Check(dim.ptr()), TypeError, op,
            "(): argument 'dim' (position 2) must be int, not ", std::string(py::str(py::type::of(dim).attr("__name__"))));
  int64_t d = dim.cast<int64_t>();
  std::tuple<Tensor, Tensor> r;
  {
    GIL g;
    r = ignore_nan ? nanmedian(t, d, keepdim) : median(t, d, keepdim);
  }
  return named(op, r);
}

Tensor quantile_call(const Tensor& t, py::handle q, py::handle dim, bool keepdim, const std::string& interpolation,
                     bool ignore_nan) {
  std::optional<int64_t> d;
  if (!dim.is_none()) d = dim.cast<int64_t>();
  if (py::isinstance<Tensor>(q)) {
    Tensor qt = q.cast<Tensor>();
    GIL g;
    return ignore_nan ? nanquantile(t, qt, d, keepdim, interpolation) : quantile(t, qt, d, keepdim, interpolation);
  }
  double qv = to_scalar(q, ignore_nan ? "nanquantile" : "quantile").to_double();
  GIL g;
  return ignore_nan ? nanquantile(t, qv, d, keepdim, interpolation) : quantile(t, qv, d, keepdim, interpolation);
}

py::object unique_consecutive_call(const Tensor& t, bool return_inverse, bool return_counts, py::handle dim) {
  std::optional<int64_t> d;
  if (!dim.is_none()) d = dim.cast<int64_t>();
  std::tuple<Tensor, Tensor, Tensor> r;
  {
    GIL g;
    r = unique_consecutive(t, return_inverse, return_counts, d);
  }
  if (!return_inverse && !return_counts) return py::cast(std::get<0>(r));
  py::list out;
  out.append(py::cast(std::get<0>(r)));
  if (return_inverse) out.append(py::cast(std::get<1>(r)));
  if (return_counts) out.append(py::cast(std::get<2>(r)));
  return py::tuple(out);
}

}  // namespace

void init_stats(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

  // ---- selections
  m.def("median", [](const Tensor& t, py::handle dim, bool keepdim) { return median_call(t, dim, keepdim, false); },
        py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false,
        "median(input, dim=None, keepdim=False) -> Tensor or (values, indices)\n\n"
        "The lower median (torch.median). Without dim: of all elements, a 0-d tensor, NaN when any element is NaN.\n"
        "With dim: the named tuple (values, indices) along dim; a slice holding NaN gives its first NaN. Ties\n"
        "report torch's index. Integer and floating dtypes (bool raises NotImplementedError).\n\n"
        "Args:\n    input (Tensor): any shape.\n    dim (int, optional): the dim to reduce.\n"
        "    keepdim (bool): keep dim as size 1.\n\n"
        "Raises:\n    IndexError: the reduced dim has size 0.\n\n"
        "Example:\n    >>> pyt.median(pyt.tensor([[1., 5., 3.], [4., 2., 6.]]), 1)\n"
        "    torch.return_types.median(values=tensor([3., 4.]), indices=tensor([2, 0]))");
  m.def("nanmedian", [](const Tensor& t, py::handle dim, bool keepdim) { return median_call(t, dim, keepdim, true); },
        py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false,
        "nanmedian(input, dim=None, keepdim=False) -> Tensor or (values, indices)\n\n"
        "median ignoring NaN: NaN only where every element is NaN (torch.nanmedian).\n\n"
        "Example:\n    >>> pyt.nanmedian(pyt.tensor([1., float('nan'), 3., 2.]))\n    tensor(2.)");
  cls.def("median", [](const Tensor& t, py::handle dim, bool keepdim) { return median_call(t, dim, keepdim, false); },
          py::arg("dim") = py::none(), py::arg("keepdim") = false, "See pyt.median().");
  cls.def("nanmedian", [](const Tensor& t, py::handle dim, bool keepdim) { return median_call(t, dim, keepdim, true); },
          py::arg("dim") = py::none(), py::arg("keepdim") = false, "See pyt.nanmedian().");

  auto kth = [](const Tensor& t, int64_t k, int64_t dim, bool keepdim) {
    std::tuple<Tensor, Tensor> r;
    {
      GIL g;
      r = kthvalue(t, k, dim, keepdim);
    }
    return named("kthvalue", r);
  };
  m.def("kthvalue", kth, py::arg("input"), py::arg("k"), py::arg("dim") = -1, py::arg("keepdim") = false,
        "kthvalue(input, k, dim=-1, keepdim=False) -> (values, indices)\n\n"
        "The k-th smallest element along dim, k counting from 1, NaN the largest (torch.kthvalue).\n\n"
        "Raises:\n    RuntimeError: k outside [1, size of dim].\n\n"
        "Example:\n    >>> pyt.kthvalue(pyt.tensor([3., 1., 2.]), 2)\n"
        "    torch.return_types.kthvalue(values=tensor(2.), indices=tensor(2))");
  cls.def("kthvalue", kth, py::arg("k"), py::arg("dim") = -1, py::arg("keepdim") = false, "See pyt.kthvalue().");
  auto mode_fn = [](const Tensor& t, int64_t dim, bool keepdim) {
    std::tuple<Tensor, Tensor> r;
    {
      GIL g;
      r = mode(t, dim, keepdim);
    }
    return named("mode", r);
  };
  m.def("mode", mode_fn, py::arg("input"), py::arg("dim") = -1, py::arg("keepdim") = false,
        "mode(input, dim=-1, keepdim=False) -> (values, indices)\n\n"
        "The most frequent value along dim (the smallest on a tie of counts) and an index of it (torch.mode).\n\n"
        "Example:\n    >>> pyt.mode(pyt.tensor([1, 2, 2, 3]))\n"
        "    torch.return_types.mode(values=tensor(2), indices=tensor(2))");
  cls.def("mode", mode_fn, py::arg("dim") = -1, py::arg("keepdim") = false, "See pyt.mode().");

  auto q_fn = [](const Tensor& t, py::handle q, py::handle dim, bool keepdim, const std::string& interpolation) {
    return quantile_call(t, q, dim, keepdim, interpolation, false);
  };
  auto nq_fn = [](const Tensor& t, py::handle q, py::handle dim, bool keepdim, const std::string& interpolation) {
    return quantile_call(t, q, dim, keepdim, interpolation, true);
  };
  m.def("quantile", q_fn, py::arg("input"), py::arg("q"), py::arg("dim") = py::none(), py::arg("keepdim") = false,
        py::kw_only(), py::arg("interpolation") = "linear",
        "quantile(input, q, dim=None, keepdim=False, *, interpolation='linear') -> Tensor\n\n"
        "The q-quantiles of input (flattened without dim) (torch.quantile): the sorted values at rank\n"
        "q * (n - 1), interpolated by 'linear', 'lower', 'higher', 'midpoint' or 'nearest'. A slice holding NaN\n"
        "gives NaN. Differentiable.\n\n"
        "Args:\n    input (Tensor): float32 or float64, non-empty.\n"
        "    q (float or Tensor): in [0, 1]; a 1-d tensor (input's dtype) adds a leading dim of its size.\n"
        "    dim (int, optional), keepdim (bool).\n\n"
        "Raises:\n    RuntimeError: empty or integer input, q out of range or of another dtype, bad interpolation.\n\n"
        "Example:\n    >>> pyt.quantile(pyt.tensor([0., 1., 2., 3.]), 0.5)\n    tensor(1.5000)");
  m.def("nanquantile", nq_fn, py::arg("input"), py::arg("q"), py::arg("dim") = py::none(),
        py::arg("keepdim") = false, py::kw_only(), py::arg("interpolation") = "linear",
        "nanquantile(input, q, dim=None, keepdim=False, *, interpolation='linear') -> Tensor\n\n"
        "quantile over the non-NaN values (NaN where all are NaN) (torch.nanquantile).\n\n"
        "Example:\n    >>> pyt.nanquantile(pyt.tensor([0., float('nan'), 2.]), 0.5)\n    tensor(1.)");
  cls.def("quantile", q_fn, py::arg("q"), py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("interpolation") = "linear", "See pyt.quantile().");
  cls.def("nanquantile", nq_fn, py::arg("q"), py::arg("dim") = py::none(), py::arg("keepdim") = false,
          py::kw_only(), py::arg("interpolation") = "linear", "See pyt.nanquantile().");

  // ---- NaN-aware reductions
  auto nansum_fn = [](const Tensor& t, py::handle dim, bool keepdim, std::optional<ScalarType> dtype) {
    DimList d = dims_of(dim, "nansum");
    GIL g;
    return nansum(t, d, keepdim, dtype);
  };
  auto nanmean_fn = [](const Tensor& t, py::handle dim, bool keepdim, std::optional<ScalarType> dtype) {
    DimList d = dims_of(dim, "nanmean");
    GIL g;
    return nanmean(t, d, keepdim, dtype);
  };
  m.def("nansum", nansum_fn, py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false,
        py::kw_only(), py::arg("dtype") = py::none(),
        "nansum(input, dim=None, keepdim=False, *, dtype=None) -> Tensor\n\n"
        "Sum treating NaN as zero, over dim (an int or a tuple; all by default) (torch.nansum). Integer and\n"
        "bool inputs sum to int64.\n\n"
        "Example:\n    >>> pyt.nansum(pyt.tensor([1., float('nan'), 2.]))\n    tensor(3.)");
  m.def("nanmean", nanmean_fn, py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false,
        py::kw_only(), py::arg("dtype") = py::none(),
        "nanmean(input, dim=None, keepdim=False, *, dtype=None) -> Tensor\n\n"
        "Mean of the non-NaN elements over dim (torch.nanmean); floating inputs only (RuntimeError).\n\n"
        "Example:\n    >>> pyt.nanmean(pyt.tensor([1., float('nan'), 2.]))\n    tensor(1.5000)");
  cls.def("nansum", nansum_fn, py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("dtype") = py::none(), "See pyt.nansum().");
  cls.def("nanmean", nanmean_fn, py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(),
          py::arg("dtype") = py::none(), "See pyt.nanmean().");

  // ---- cumulative
  auto cummax_fn = [](const Tensor& t, int64_t dim) {
    std::tuple<Tensor, Tensor> r;
    {
      GIL g;
      r = cummax(t, dim);
    }
    return named("cummax", r);
  };
  auto cummin_fn = [](const Tensor& t, int64_t dim) {
    std::tuple<Tensor, Tensor> r;
    {
      GIL g;
      r = cummin(t, dim);
    }
    return named("cummin", r);
  };
  auto lcse = [](const Tensor& t, int64_t dim) {
    GIL g;
    return logcumsumexp(t, dim);
  };
  m.def("cummax", cummax_fn, py::arg("input"), py::arg("dim"),
        "cummax(input, dim) -> (values, indices)\n\n"
        "Running maximum along dim and the index holding it; ties take the later index, NaN propagates\n"
        "(torch.cummax).\n\n"
        "Example:\n    >>> pyt.cummax(pyt.tensor([1., 3., 2., 3.]), 0)\n"
        "    torch.return_types.cummax(values=tensor([1., 3., 3., 3.]), indices=tensor([0, 1, 1, 3]))");
  m.def("cummin", cummin_fn, py::arg("input"), py::arg("dim"),
        "cummin(input, dim) -> (values, indices)\n\nRunning minimum along dim, as cummax (torch.cummin).\n\n"
        "Example:\n    >>> pyt.cummin(pyt.tensor([3., 1., 2.]), 0).values\n    tensor([3., 1., 1.])");
  m.def("logcumsumexp", lcse, py::arg("input"), py::arg("dim"),
        "logcumsumexp(input, dim) -> Tensor\n\n"
        "log(cumsum(exp(input))) along dim, computed without overflow (torch.logcumsumexp); floating inputs.\n\n"
        "Example:\n    >>> pyt.logcumsumexp(pyt.tensor([0., 0.]), 0)\n    tensor([0.0000, 0.6931])");
  cls.def("cummax", cummax_fn, py::arg("dim"), "See pyt.cummax().");
  cls.def("cummin", cummin_fn, py::arg("dim"), "See pyt.cummin().");
  cls.def("logcumsumexp", lcse, py::arg("dim"), "See pyt.logcumsumexp().");

  // ---- searching
  m.def("searchsorted",
        [](const Tensor& seq, py::handle values, bool out_int32, bool right, std::optional<std::string> side,
           std::optional<Tensor> sorter) {
          Tensor v = tensor_or_scalar(values, "searchsorted", "input");
          GIL g;
          return searchsorted(seq, v, out_int32, right, side, sorter);
        },
        py::arg("sorted_sequence"), py::arg("input"), py::kw_only(), py::arg("out_int32") = false,
        py::arg("right") = false, py::arg("side") = py::none(), py::arg("sorter") = py::none(),
        "searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None) -> Tensor\n\n"
        "Indices at which input's values would be inserted into the innermost dim of sorted_sequence to keep it\n"
        "sorted (torch.searchsorted): the first such index, or the last with right=True / side='right'.\n\n"
        "Args:\n    sorted_sequence (Tensor): (M,) shared, or (*, M) with input's leading dims.\n"
        "    input (Tensor or Number): values, (*, N) or any shape with a 1-d sequence.\n"
        "    out_int32 (bool): int32 result instead of int64.\n"
        "    sorter (LongTensor, optional): indices that sort an unsorted sorted_sequence.\n\n"
        "Raises:\n    RuntimeError: mismatched leading dims, side/right conflict, sorter out of range.\n\n"
        "Example:\n    >>> pyt.searchsorted(pyt.tensor([1, 3, 5]), pyt.tensor([3, 6]))\n    tensor([1, 3])");
  auto bucketize_fn = [](py::handle input, const Tensor& boundaries, bool out_int32, bool right) {
    Tensor t = tensor_or_scalar(input, "bucketize", "input");
    GIL g;
    return bucketize(t, boundaries, out_int32, right);
  };
  m.def("bucketize", bucketize_fn, py::arg("input"), py::arg("boundaries"), py::kw_only(),
        py::arg("out_int32") = false, py::arg("right") = false,
        "bucketize(input, boundaries, *, out_int32=False, right=False) -> Tensor\n\n"
        "The index of the bucket of every element of input given 1-d sorted boundaries (torch.bucketize):\n"
        "searchsorted(boundaries, input, right=right).\n\n"
        "Example:\n    >>> pyt.bucketize(pyt.tensor([1, 4, 9]), pyt.tensor([2, 4, 8]))\n    tensor([0, 1, 3])");
  auto histc_fn = [](const Tensor& t, int64_t bins, py::handle min, py::handle max) {
    double lo = to_scalar(min, "histc").to_double(), hi = to_scalar(max, "histc").to_double();
    GIL g;
    return histc(t, bins, lo, hi);
  };
  m.def("histc", histc_fn, py::arg("input"), py::arg("bins") = 100, py::arg("min") = 0, py::arg("max") = 0,
        "histc(input, bins=100, min=0, max=0) -> Tensor\n\n"
        "Histogram of input's elements into bins equal-width bins over [min, max] (the data's range when\n"
        "min == max); elements outside are ignored (torch.histc). Floating inputs; the result has input's dtype.\n\n"
        "Raises:\n    RuntimeError: bins < 1, max < min, a range that is not finite.\n\n"
        "Example:\n    >>> pyt.histc(pyt.tensor([1., 2., 1.]), bins=4, min=0, max=3)\n"
        "    tensor([0., 2., 1., 0.])");
  cls.def("histc", histc_fn, py::arg("bins") = 100, py::arg("min") = 0, py::arg("max") = 0, "See pyt.histc().");
  auto bincount_fn = [](const Tensor& t, std::optional<Tensor> weights, int64_t minlength) {
    GIL g;
    return bincount(t, weights, minlength);
  };
  m.def("bincount", bincount_fn, py::arg("input"), py::arg("weights") = py::none(), py::arg("minlength") = 0,
        "bincount(input, weights=None, minlength=0) -> Tensor\n\n"
        "Number of occurrences (or summed weights) of each value 0..max(input) of a 1-d non-negative integer\n"
        "tensor, at least minlength bins (torch.bincount). int64; float32 weights give float32, others float64.\n\n"
        "Raises:\n    RuntimeError: negative values, not 1-d, minlength < 0, weights of another length.\n\n"
        "Example:\n    >>> pyt.bincount(pyt.tensor([0, 2, 2]))\n    tensor([1, 0, 2])");
  cls.def("bincount", bincount_fn, py::arg("weights") = py::none(), py::arg("minlength") = 0,
          "See pyt.bincount().");
  m.def("isin",
        [](py::handle elements, py::handle test_elements, bool assume_unique, bool invert) {
          Tensor e = tensor_or_scalar(elements, "isin", "elements");
          Tensor te = tensor_or_scalar(test_elements, "isin", "test_elements");
          GIL g;
          return isin(e, te, assume_unique, invert);
        },
        py::arg("elements"), py::arg("test_elements"), py::kw_only(), py::arg("assume_unique") = false,
        py::arg("invert") = false,
        "isin(elements, test_elements, *, assume_unique=False, invert=False) -> Tensor\n\n"
        "Whether each element of elements occurs in test_elements (negated with invert), bool of elements'\n"
        "shape (torch.isin). Either may be a number. NaN is in nothing.\n\n"
        "Example:\n    >>> pyt.isin(pyt.tensor([1, 2, 3]), pyt.tensor([2, 5]))\n"
        "    tensor([False,  True, False])");
  auto argwhere_fn = [](const Tensor& t) {
    GIL g;
    return argwhere(t);
  };
  m.def("argwhere", argwhere_fn, py::arg("input"),
        "argwhere(input) -> Tensor\n\n"
        "The indices of input's nonzero elements, (N, input.dim()) int64 (torch.argwhere).\n\n"
        "Example:\n    >>> pyt.argwhere(pyt.tensor([[0, 1], [2, 0]]))\n    tensor([[0, 1],\n            [1, 0]])");
  cls.def("argwhere", argwhere_fn, "See pyt.argwhere().");

  // ---- unique_consecutive (unique with dim is bound with unique in shape_reduce.cpp)
  m.def("unique_consecutive", &unique_consecutive_call, py::arg("input"), py::arg("return_inverse") = false,
        py::arg("return_counts") = false, py::arg("dim") = py::none(),
        "unique_consecutive(input, return_inverse=False, return_counts=False, dim=None)\n\n"
        "input with runs of equal consecutive elements (or slices along dim) collapsed to one\n"
        "(torch.unique_consecutive); with return_inverse the run of every element (input's shape, or the size\n"
        "of dim), with return_counts the length of every run.\n\n"
        "Example:\n    >>> pyt.unique_consecutive(pyt.tensor([1, 1, 2, 1]), return_counts=True)\n"
        "    (tensor([1, 2, 1]), tensor([2, 1, 1]))");
  cls.def("unique_consecutive", &unique_consecutive_call, py::arg("return_inverse") = false,
          py::arg("return_counts") = false, py::arg("dim") = py::none(), "See pyt.unique_consecutive().");
}

}  // namespace pyt::python
