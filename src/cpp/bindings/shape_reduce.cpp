// Bindings of the ops declared in pyt/ops/shape_reduce.h: Tensor methods, and the torch.*
// functions (the method itself where the signatures agree, as functions.cpp does).
#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

bool is_int(py::handle h) {
  return (PyLong_Check(h.ptr()) && !PyBool_Check(h.ptr())) ||
         (py::hasattr(h, "__index__") && !py::isinstance<py::sequence>(h) && !PyBool_Check(h.ptr()) &&
          !PyFloat_Check(h.ptr()));
}

int64_t int_arg(py::handle h, const char* op, const char* name) {
  if (py::isinstance<Tensor>(h)) {
    const Tensor& t = h.cast<const Tensor&>();
    PYT_CHECK(t.numel() == 1 && is_integral_type(t.dtype(), false), TypeError, op, "(): argument '", name,
              "' must be int, not Tensor");
    return t.item().to_int();
  }
  PYT_CHECK(is_int(h), TypeError, op, "(): argument '", name, "' must be int, not ",
            std::string(py::str(py::type::of(h).attr("__name__"))));
  return py::cast<int64_t>(py::reinterpret_steal<py::object>(PyNumber_Index(h.ptr())));
}

// dim as torch accepts it: None, an int, or a sequence of ints.
DimList dims_arg(py::handle dim, const char* op) {
  if (dim.is_none()) return std::nullopt;
  return to_int_list(dim, op);
}

// Sizes from (*ints) or (sequence,), plus an optional keyword spelled kw.
std::vector<int64_t> varargs_or_kw(const py::args& args, const py::kwargs& kwargs, const char* kw, const char* op) {
  if (kwargs.contains(kw)) {
    PYT_CHECK(args.size() == 0, TypeError, op, "(): got multiple values for argument '", kw, "'");
    return to_int_list(kwargs[kw], op);
  }
  for (auto item : kwargs)
    throw TypeError(str(op, "() got an unexpected keyword argument '", std::string(py::str(item.first)), "'"));
  return parse_shape(args, op);
}

py::tuple to_tuple(const TensorList& ts) {
  py::tuple out(ts.size());
  for (size_t i = 0; i < ts.size(); ++i) out[i] = py::cast(ts[i]);
  return out;
}

TensorList tensor_list(py::handle seq, const char* op) {
  PYT_CHECK(PySequence_Check(seq.ptr()) && !py::isinstance<Tensor>(seq), TypeError, op,
            "(): argument 'tensors' must be a tuple or list of Tensors");
  TensorList out;
  for (py::handle h : py::reinterpret_borrow<py::sequence>(seq)) {
    PYT_CHECK(py::isinstance<Tensor>(h), TypeError, op, "(): expected Tensor as element ", out.size(),
              " in argument 0, but got ", std::string(py::str(py::type::of(h).attr("__name__"))));
    out.push_back(h.cast<Tensor>());
  }
  return out;
}

py::object return_type(const char* name, const Tensor& a, const Tensor& b) {
  return py::module_::import("pyt.return_types").attr(name)(a, b);
}

// var / std: torch's overloads (dim, unbiased, keepdim) and (dim, *, correction, keepdim),
// and (unbiased) with a bool in dim's place.
Tensor var_std_call(const Tensor& t, py::handle dim, py::handle unbiased, bool keepdim, py::handle correction,
                    bool is_std) {
  const char* op = is_std ? "std" : "var";
  py::handle d = dim, u = unbiased;
  if (PyBool_Check(dim.ptr())) {
    PYT_CHECK(unbiased.is_none(), TypeError, op, "(): got both a bool in dim's place and unbiased");
    u = dim;
    d = py::none();
  }
  PYT_CHECK(u.is_none() || correction.is_none(), TypeError, op,
            "(): received an invalid combination of arguments: cannot specify both unbiased and correction");
  std::optional<double> corr;
  if (!u.is_none()) corr = u.cast<bool>() ? 1.0 : 0.0;
  if (!correction.is_none()) corr = to_scalar(correction, op).to_double();
  DimList dims = dims_arg(d, op);
  Tensor r;
  {
    GIL g;
    r = is_std ? pyt::std(t, dims, corr, keepdim) : var(t, dims, corr, keepdim);
  }
  // torch warns when N - correction <= 0 (N: elements reduced into each output, 0 if none).
  int64_t n = r.numel() == 0 ? 0 : t.numel() / r.numel();
  if (static_cast<double>(n) - corr.value_or(1.0) <= 0) {
    std::string msg = str(op, "(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                          "factor (input numel divided by output numel).");
    if (PyErr_WarnEx(PyExc_UserWarning, msg.c_str(), 1) < 0) throw py::error_already_set();
  }
  return r;
}

double norm_order(py::handle p) {
  if (p.is_none()) return 2.0;
  if (py::isinstance<py::str>(p)) {
    std::string s = p.cast<std::string>();
    if (s == "fro") return 2.0;
    if (s == "nuc") throw NotImplementedError("norm: the nuclear norm (p='nuc') is not supported by pyt yet");
    throw RuntimeError(str("linalg.matrix_norm: Order ", s, " not supported."));
  }
  return to_scalar(p, "norm").to_double();
}

py::object sort_call(const Tensor& t, int64_t dim, bool descending, bool stable) {
  std::tuple<Tensor, Tensor> r;
  {
    GIL g;
    r = sort(t, dim, descending, stable);
  }
  return return_type("sort", std::get<0>(r), std::get<1>(r));
}

// torch's two overloads of sort/argsort: (dim=-1, descending=False) and
// (*, stable, dim=-1, descending=False); stable with a positional dim or descending matches
// neither, so TypeError as torch.
struct SortArgs {
  int64_t dim = -1;
  bool descending = false;
  bool stable = false;
};

SortArgs parse_sort_args(const char* op, const py::args& args, const py::kwargs& kwargs) {
  const char* sigs = "but expected one of:\n * (int dim = -1, bool descending = False)\n"
                     " * (*, bool stable, int dim = -1, bool descending = False)";
  auto got = [&] {
    std::string g;
    for (py::handle a : args) g += (g.empty() ? "" : ", ") + std::string(py::str(py::type::of(a).attr("__name__")));
    for (auto kv : kwargs)
      g += (g.empty() ? "" : ", ") + std::string(py::str(kv.first)) + "=" +
           std::string(py::str(py::type::of(kv.second).attr("__name__")));
    return g;
  };
  PYT_CHECK(args.size() <= 2, TypeError, op, "() takes from 0 to 2 positional arguments but ", args.size(),
            " were given");
  SortArgs a;
  auto as_dim = [&](py::handle h) {
    PYT_CHECK(!PyBool_Check(h.ptr()) && PyIndex_Check(h.ptr()), TypeError, op, "() received an invalid combination "
              "of arguments - got (", got(), "), ", sigs);
    return h.cast<int64_t>();
  };
  auto as_bool = [&](py::handle h) {
    PYT_CHECK(PyBool_Check(h.ptr()), TypeError, op, "() received an invalid combination of arguments - got (", got(),
              "), ", sigs);
    return h.ptr() == Py_True;
  };
  bool has_stable = kwargs.contains("stable");
  PYT_CHECK(!(has_stable && args.size() > 0), TypeError, op, "() received an invalid combination of arguments - got (",
            got(), "), ", sigs);
  if (args.size() > 0) a.dim = as_dim(args[0]);
  if (args.size() > 1) a.descending = as_bool(args[1]);
  for (auto kv : kwargs) {
    std::string key = py::str(kv.first);
    if (key == "dim") {
      PYT_CHECK(args.size() < 1, TypeError, op, "() got multiple values for argument 'dim'");
      a.dim = as_dim(kv.second);
    } else if (key == "descending") {
      PYT_CHECK(args.size() < 2, TypeError, op, "() got multiple values for argument 'descending'");
      a.descending = as_bool(kv.second);
    } else if (key == "stable") {
      a.stable = !kv.second.is_none() && as_bool(kv.second);
    } else {
      throw TypeError(str(op, "() got an unexpected keyword argument '", key, "'"));
    }
  }
  return a;
}

py::object unique_call(const Tensor& t, bool sorted, bool return_inverse, bool return_counts, py::handle dim) {
  std::tuple<Tensor, Tensor, Tensor> r;
  if (!dim.is_none()) {
    int64_t d = dim.cast<int64_t>();
    GIL g;
    r = unique_dim(t, d, sorted, return_inverse, return_counts);
  } else {
    GIL g;
    r = unique(t, sorted, return_inverse, return_counts);
  }
  if (!return_inverse && !return_counts) return py::cast(std::get<0>(r));
  py::list out;
  out.append(py::cast(std::get<0>(r)));
  if (return_inverse) out.append(py::cast(std::get<1>(r)));
  if (return_counts) out.append(py::cast(std::get<2>(r)));
  return py::tuple(out);
}

py::tuple split_call(const Tensor& t, py::handle split_size, int64_t dim) {
  TensorList parts;
  if (is_int(split_size) || py::isinstance<Tensor>(split_size)) {
    int64_t s = int_arg(split_size, "split", "split_size");
    GIL g;
    parts = split(t, s, dim);
  } else {
    std::vector<int64_t> sizes = to_int_list(split_size, "split");
    GIL g;
    parts = split_with_sizes(t, sizes, dim);
  }
  return to_tuple(parts);
}

}  // namespace

void init_shape_reduce(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

  // ---- reductions
  cls.def("prod", [](const Tensor& t, py::handle dim, bool keepdim, std::optional<ScalarType> dtype) {
        if (dim.is_none()) {
          PYT_CHECK(!keepdim, TypeError, "prod(): received an invalid combination of arguments: keepdim needs dim");
          GIL g;
          return prod(t, dtype);
        }
        int64_t d = int_arg(dim, "prod", "dim");
        GIL g;
        return prod(t, d, keepdim, dtype);
      }, py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dtype") = py::none(),
      "Product of the elements, over all or along one dim (torch.prod); ints and bools give int64. "
      "Example: pyt.tensor([[1., 2.], [3., 4.]]).prod(1) -> tensor([ 2., 12.])");
  cls.def("amax", [](const Tensor& t, py::handle dim, bool keepdim) {
        DimList d = dims_arg(dim, "amax");
        GIL g;
        return amax(t, d, keepdim);
      }, py::arg("dim") = py::tuple(), py::arg("keepdim") = false,
      "Largest value over dim (an int or a tuple; all by default), nan propagating (torch.amax).")
      .def("amin", [](const Tensor& t, py::handle dim, bool keepdim) {
        DimList d = dims_arg(dim, "amin");
        GIL g;
        return amin(t, d, keepdim);
      }, py::arg("dim") = py::tuple(), py::arg("keepdim") = false,
      "Smallest value over dim (an int or a tuple; all by default), nan propagating (torch.amin).");
  cls.def("var", [](const Tensor& t, py::handle dim, py::handle unbiased, bool keepdim, py::handle correction) {
        return var_std_call(t, dim, unbiased, keepdim, correction, false);
      }, py::arg("dim") = py::none(), py::arg("unbiased") = py::none(), py::arg("keepdim") = false, py::kw_only(),
      py::arg("correction") = py::none(),
      "Variance over dim with divisor N - correction (default 1; unbiased=False means 0) (torch.var).")
      .def("std", [](const Tensor& t, py::handle dim, py::handle unbiased, bool keepdim, py::handle correction) {
        return var_std_call(t, dim, unbiased, keepdim, correction, true);
      }, py::arg("dim") = py::none(), py::arg("unbiased") = py::none(), py::arg("keepdim") = false, py::kw_only(),
      py::arg("correction") = py::none(), "Standard deviation over dim (torch.std); arguments as var.");
  cls.def("norm", [](const Tensor& t, py::handle p, py::handle dim, bool keepdim, std::optional<ScalarType> dtype) {
        double ord = norm_order(p);
        DimList d = dims_arg(dim, "norm");
        // torch.norm sends 'fro' over more than two dims to linalg.matrix_norm, which refuses it.
        if (py::isinstance<py::str>(p) && d && d->size() > 2) {
          std::string got;
          for (int64_t v : *d) got += (got.empty() ? "" : " ") + std::to_string(v);
          throw RuntimeError(str("linalg.matrix_norm: dim must be a 2-tuple. Got ", got));
        }
        GIL g;
        return norm(t, ord, d, keepdim, dtype);
      }, py::arg("p") = "fro", py::arg("dim") = py::none(), py::arg("keepdim") = false, py::arg("dtype") = py::none(),
      "Vector p-norm over dim (torch.norm): p = 'fro' or 2 (default), 1, inf, -inf, 0 or any real. "
      "Example: pyt.tensor([3., 4.]).norm() -> tensor(5.)");
  cls.def("logsumexp", [](const Tensor& t, py::handle dim, bool keepdim) {
        std::vector<int64_t> d = to_int_list(dim, "logsumexp");
        GIL g;
        return logsumexp(t, d, keepdim);
      }, py::arg("dim"), py::arg("keepdim") = false,
      "log(sum(exp(input))) over dim, computed stably (torch.logsumexp).");
  cls.def("cumsum", [](const Tensor& t, int64_t dim, std::optional<ScalarType> dtype) {
        GIL g;
        return cumsum(t, dim, dtype);
      }, py::arg("dim"), py::kw_only(), py::arg("dtype") = py::none(), "Running sum along dim (torch.cumsum).")
      .def("cumprod", [](const Tensor& t, int64_t dim, std::optional<ScalarType> dtype) {
        GIL g;
        return cumprod(t, dim, dtype);
      }, py::arg("dim"), py::kw_only(), py::arg("dtype") = py::none(), "Running product along dim (torch.cumprod).");
  cls.def("all", [](const Tensor& t, py::handle dim, bool keepdim) {
        DimList d = dims_arg(dim, "all");
        GIL g;
        return all(t, d, keepdim);
      }, py::arg("dim") = py::none(), py::arg("keepdim") = false,
      "Whether every element over dim is nonzero (torch.all); bool (uint8 for uint8 input).")
      .def("any", [](const Tensor& t, py::handle dim, bool keepdim) {
        DimList d = dims_arg(dim, "any");
        GIL g;
        return any(t, d, keepdim);
      }, py::arg("dim") = py::none(), py::arg("keepdim") = false,
      "Whether any element over dim is nonzero (torch.any); bool (uint8 for uint8 input).")
      .def("count_nonzero", [](const Tensor& t, py::handle dim) {
        DimList d = dims_arg(dim, "count_nonzero");
        GIL g;
        return count_nonzero(t, d);
      }, py::arg("dim") = py::none(), "Number of nonzero elements over dim, int64 (torch.count_nonzero).");

  // ---- shape
  cls.def("flip", [](const Tensor& t, py::args dims, py::kwargs kw) {
        std::vector<int64_t> d = varargs_or_kw(dims, kw, "dims", "flip");
        GIL g;
        return flip(t, d);
      }, "A copy with the elements reversed along dims (torch.flip). Example: x.flip(0, 1)");
  cls.def("roll", [](const Tensor& t, py::handle shifts, py::handle dims) {
        std::vector<int64_t> s = to_int_list(shifts, "roll");
        std::vector<int64_t> d = dims.is_none() ? std::vector<int64_t>{} : to_int_list(dims, "roll");
        GIL g;
        return roll(t, s, d);
      }, py::arg("shifts"), py::arg("dims") = py::none(),
      "Elements shifted circularly along dims; without dims the flattened tensor is rolled (torch.roll).");
  // diagonal must be a Python int (torch refuses bool, float and Tensor arguments with TypeError).
  auto diagonal_arg = [](py::handle k, const char* op) -> int64_t {
    PYT_CHECK(!PyBool_Check(k.ptr()) && !py::isinstance<Tensor>(k) && PyIndex_Check(k.ptr()), TypeError, op,
              "(): argument 'diagonal' (position 1) must be int, not ",
              std::string(py::str(py::type::of(k).attr("__name__"))));
    return k.cast<int64_t>();
  };
  cls.def("tril", [diagonal_arg](const Tensor& t, py::handle k) {
            int64_t d = diagonal_arg(k, "tril");
            GIL g;
            return tril(t, d);
          }, py::arg("diagonal") = 0,
          "The lower triangle of the last two dims (torch.tril).")
      .def("triu", [diagonal_arg](const Tensor& t, py::handle k) {
            int64_t d = diagonal_arg(k, "triu");
            GIL g;
            return triu(t, d);
          }, py::arg("diagonal") = 0,
           "The upper triangle of the last two dims (torch.triu).");
  cls.def("split", [](const Tensor& t, py::handle split_size, int64_t dim) { return split_call(t, split_size, dim); },
          py::arg("split_size"), py::arg("dim") = 0,
          "Views of pieces of split_size (an int) or of the listed sizes along dim (torch.Tensor.split).")
      .def("chunk", [](const Tensor& t, int64_t chunks, int64_t dim) {
        TensorList parts;
        {
          GIL g;
          parts = chunk(t, chunks, dim);
        }
        return to_tuple(parts);
      }, py::arg("chunks"), py::arg("dim") = 0, "At most chunks views of equal size along dim (torch.chunk).")
      .def("unbind", [](const Tensor& t, int64_t dim) {
        TensorList parts;
        {
          GIL g;
          parts = unbind(t, dim);
        }
        return to_tuple(parts);
      }, py::arg("dim") = 0, "The slices along dim, as a tuple of views (torch.unbind).");
  cls.def("repeat", [](const Tensor& t, py::args sizes, py::kwargs kw) {
        std::vector<int64_t> r = varargs_or_kw(sizes, kw, "repeats", "repeat");
        GIL g;
        return repeat(t, r);
      }, "The tensor tiled sizes[i] times along dim i (torch.Tensor.repeat). Example: x.repeat(2, 1)")
      .def("tile", [](const Tensor& t, py::args dims, py::kwargs kw) {
        std::vector<int64_t> r = varargs_or_kw(dims, kw, "dims", "tile");
        GIL g;
        return tile(t, r);
      }, "repeat, with dims padded with leading ones (torch.tile).");
  auto movedim_fn = [](const Tensor& t, py::handle source, py::handle destination) {
    return movedim(t, to_int_list(source, "movedim"), to_int_list(destination, "movedim"));
  };
  cls.def("movedim", movedim_fn, py::arg("source"), py::arg("destination"),
          "A view with dims source moved to destination (torch.movedim).")
      .def("moveaxis", movedim_fn, py::arg("source"), py::arg("destination"), "Alias of movedim (torch.moveaxis).");
  cls.def("diagonal", [](const Tensor& t, int64_t offset, int64_t dim1, int64_t dim2) {
        return diagonal(t, offset, dim1, dim2);
      }, py::arg("offset") = 0, py::arg("dim1") = 0, py::arg("dim2") = 1,
      "The view of a diagonal of dims dim1 and dim2, appended as the last dim (torch.diagonal).");
  cls.def("unflatten", [](const Tensor& t, int64_t dim, py::handle sizes) {
        return unflatten(t, dim, to_int_list(sizes, "unflatten"));
      }, py::arg("dim"), py::arg("sizes"), "A view with dim split into sizes (torch.unflatten).");
  cls.def("swapaxes", [](const Tensor& t, int64_t a, int64_t b) { return transpose(t, a, b); }, py::arg("axis0"),
          py::arg("axis1"), "Alias of transpose (torch.swapaxes).")
      .def("swapdims", [](const Tensor& t, int64_t a, int64_t b) { return transpose(t, a, b); }, py::arg("dim0"),
           py::arg("dim1"), "Alias of transpose (torch.swapdims).");

  // ---- ordering
  cls.def("sort", [](const Tensor& t, const py::args& args, const py::kwargs& kwargs) {
        SortArgs a = parse_sort_args("sort", args, kwargs);
        return sort_call(t, a.dim, a.descending, a.stable);
      },
      R"doc(sort(dim=-1, descending=False) or sort(*, stable, dim=-1, descending=False) -> (values, indices)

Sorted along dim, nan last (first when descending), ties in input order (torch.sort). As
torch, stable is keyword-only and cannot follow a positional dim or descending (TypeError).

Example:
    >>> pyt.tensor([3., 1., 2.]).sort(descending=True).indices
    tensor([0, 2, 1])
)doc")
      .def("argsort", [](const Tensor& t, const py::args& args, const py::kwargs& kwargs) {
        SortArgs a = parse_sort_args("argsort", args, kwargs);
        GIL g;
        return argsort(t, a.dim, a.descending, a.stable);
      },
      R"doc(argsort(dim=-1, descending=False) or argsort(*, stable, dim=-1, descending=False) -> Tensor

The int64 indices that sort along dim (torch.argsort); signatures as Tensor.sort.

Example:
    >>> pyt.tensor([3., 1., 2.]).argsort()
    tensor([1, 2, 0])
)doc")
      .def("msort", [](const Tensor& t) {
        GIL g;
        return std::get<0>(sort(t, 0, false, false));
      },
      R"doc(msort() -> Tensor

The values sorted along dim 0, ascending, nan last (torch.msort: sort(input, dim=0).values).

Example:
    >>> pyt.tensor([[3., 1.], [1., 2.]]).msort()
    tensor([[1., 1.],
            [3., 2.]])
)doc")
      .def("topk", [](const Tensor& t, int64_t k, int64_t dim, bool largest, bool sorted) {
        std::tuple<Tensor, Tensor> r;
        {
          GIL g;
          r = topk(t, k, dim, largest, sorted);
        }
        return return_type("topk", std::get<0>(r), std::get<1>(r));
      }, py::arg("k"), py::arg("dim") = -1, py::arg("largest") = true, py::arg("sorted") = true,
      R"doc(topk(k, dim=-1, largest=True, sorted=True) -> (values, indices)

The k largest (or smallest) elements along dim and their int64 indices (torch.topk).
values are exact; which of several equal values is picked, and the order among equal
values, is unspecified (torch 2.13 follows no fixed rule either): compare values, or
input.gather(dim, indices), not the indices of ties. RuntimeError for k outside [0, size].

Example:
    >>> pyt.tensor([1., 3., 2.]).topk(2).values
    tensor([3., 2.])
)doc")
      .def("unique", &unique_call, py::arg("sorted") = true, py::arg("return_inverse") = false,
           py::arg("return_counts") = false, py::arg("dim") = py::none(),
           "The sorted unique elements, with inverse indices and counts on request (torch.unique).");

  // ---- functions: the methods where the signatures agree
  for (const char* name : {"prod", "amax", "amin", "var", "std", "norm", "logsumexp", "cumsum", "cumprod", "all",
                           "any", "count_nonzero", "roll", "tril", "triu", "chunk", "unbind", "movedim", "moveaxis",
                           "diagonal", "unflatten", "swapaxes", "swapdims", "sort", "argsort", "msort", "topk", "unique"})
    m.attr(name) = cls.attr(name);
  m.def("flip", [](const Tensor& t, py::handle dims) {
    std::vector<int64_t> d = to_int_list(dims, "flip");
    GIL g;
    return flip(t, d);
  }, py::arg("input"), py::arg("dims"), "A copy with the elements reversed along dims (torch.flip).");
  m.def("tile", [](const Tensor& t, py::handle dims) {
    std::vector<int64_t> d = to_int_list(dims, "tile");
    GIL g;
    return tile(t, d);
  }, py::arg("input"), py::arg("dims"), "input repeated along dims, padded with leading ones (torch.tile).");
  m.def("split", &split_call, py::arg("tensor"), py::arg("split_size_or_sections"), py::arg("dim") = 0,
        "Views of pieces of an int size or of the listed sizes along dim (torch.split).");
  m.def("hstack", [](py::handle tensors) {
    TensorList ts = tensor_list(tensors, "hstack");
    GIL g;
    return hstack(ts);
  }, py::arg("tensors"), "Concatenation along dim 1 (dim 0 for 1-d tensors) (torch.hstack).");
  m.def("vstack", [](py::handle tensors) {
    TensorList ts = tensor_list(tensors, "vstack");
    GIL g;
    return vstack(ts);
  }, py::arg("tensors"), "Concatenation along dim 0 of tensors viewed as at least 2-d (torch.vstack).");
}

}  // namespace pyt::python
