// Bindings of the indexing family (pyt/ops/index.h): pyt.<name> functions and Tensor.<name>
// methods with torch's signatures. Tensor.__getitem__/__setitem__ live in tensor.cpp.
#include "common.h"
#include "pyt/ops/cpu/tensor_iterator.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

// A tuple/list of index tensors (None: a whole dim) as pyt::index takes it.
TensorList index_list(py::handle h, const char* op) {
  PYT_CHECK(py::isinstance<py::tuple>(h) || py::isinstance<py::list>(h), TypeError, op,
            "(): argument 'indices' must be tuple of Tensors, not ",
            std::string(py::str(py::type::of(h).attr("__name__"))));
  TensorList out;
  for (py::handle it : h) {
    if (it.is_none()) {
      out.emplace_back();
      continue;
    }
    PYT_CHECK(py::isinstance<Tensor>(it), TypeError, op, "(): expected Tensor or None in 'indices', got ",
              std::string(py::str(py::type::of(it).attr("__name__"))));
    out.push_back(it.cast<Tensor>());
  }
  return out;
}

}  // namespace

// torch's legacy reduce= of scatter/scatter_: "add" or "multiply" combine with self's values
// (scatter_reduce with "sum"/"prod", include_self); a tensor src gets torch's deprecation warning.
const char* legacy_scatter_reduce(const std::string& reduce, bool tensor_src) {
  PYT_CHECK(reduce == "add" || reduce == "multiply", RuntimeError,
            "reduce argument must be either add or multiply. (scatter got reduce='", reduce, "')");
  if (tensor_src && PyErr_WarnEx(PyExc_UserWarning, "The reduce argument of torch.scatter with Tensor src is "
                                 "deprecated and will be removed in a future PyTorch release. Use "
                                 "torch.scatter_reduce instead for more reduction options.", 1) < 0)
    throw py::error_already_set();
  return reduce == "add" ? "sum" : "prod";
}

void init_index(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

  m.def("index_put", [](const Tensor& t, py::handle indices, const Tensor& values, bool accumulate) {
    TensorList idx = index_list(indices, "index_put");
    GIL g;
    return index_put(t, idx, values, accumulate);
  }, py::arg("input"), py::arg("indices"), py::arg("values"), py::arg("accumulate") = false, R"doc(
index_put(input, indices, values, accumulate=False) -> Tensor

A copy of input with ``values`` written at ``input[indices]`` (torch.index_put).

Args:
    input (Tensor): any shape and dtype.
    indices (tuple of Tensor or None): one entry per leading dim of input: an integer tensor
        (the entries broadcast together), a bool mask covering as many dims as it has, or
        None for a whole dim.
    values (Tensor): input's dtype, broadcastable to the shape of ``input[indices]``.
    accumulate (bool): add values instead of writing them; duplicate indices then sum,
        in index order (deterministic).

Returns:
    Tensor: input's shape and dtype.

Raises:
    IndexError: an index out of range, naming the index, the dim and its size.
    RuntimeError: values of another dtype, or not broadcastable to the indexed shape.

Example:
    >>> pyt.index_put(pyt.zeros(3), (pyt.tensor([0, 0, 2]),), pyt.tensor([1., 2., 3.]), accumulate=True)
    tensor([3., 0., 3.])
)doc");
  cls.def("index_put", [](const Tensor& t, py::handle indices, const Tensor& values, bool accumulate) {
    TensorList idx = index_list(indices, "index_put");
    GIL g;
    return index_put(t, idx, values, accumulate);
  }, py::arg("indices"), py::arg("values"), py::arg("accumulate") = false, "See pyt.index_put().");
  cls.def("index_put_", [](Tensor& t, py::handle indices, const Tensor& values, bool accumulate) -> Tensor& {
    TensorList idx = index_list(indices, "index_put_");
    GIL g;
    return index_put_(t, idx, values, accumulate);
  }, py::arg("indices"), py::arg("values"), py::arg("accumulate") = false,
     py::return_value_policy::reference_internal,
     "In place: self[indices] = values, or += with accumulate=True (torch.Tensor.index_put_). See pyt.index_put().");
  // ---- scatter_reduce
  m.def("scatter_reduce", [](const Tensor& t, int64_t dim, const Tensor& index, const Tensor& src,
                             const std::string& reduce, bool include_self) {
    GIL g;
    return scatter_reduce(t, dim, index, src, reduce, include_self);
  }, py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("src"), py::arg("reduce"), py::kw_only(),
     py::arg("include_self") = true, R"doc(
scatter_reduce(input, dim, index, src, reduce, *, include_self=True) -> Tensor

Reduces the values of src into a copy of input at the positions index gives along dim
(torch.scatter_reduce): for every position i of index, ``out[i with dim -> index[i]] =
reduce(out[...], src[i])``.

Args:
    input (Tensor): any shape and dtype (bool has no "mean").
    dim (int): the dim index addresses.
    index (Tensor): int64, input's number of dims, no larger than src (and than input,
        outside dim); values in [0, input.size(dim)).
    src (Tensor): input's dtype and number of dims.
    reduce (str): "sum", "prod", "mean", "amax" or "amin". "mean" of integers rounds down.
    include_self (bool): whether input's values at the receiving positions take part.

Returns:
    Tensor: input's shape and dtype. Reductions run in index order (deterministic).

Raises:
    RuntimeError: an unknown reduce, an index out of range (naming index, dim and size),
        mismatched dtypes or shapes.

Example:
    >>> pyt.scatter_reduce(pyt.zeros(3), 0, pyt.tensor([0, 0, 2]), pyt.tensor([1., 5., 2.]), "amax")
    tensor([5., 0., 2.])
)doc");
  cls.def("scatter_reduce", [](const Tensor& t, int64_t dim, const Tensor& index, const Tensor& src,
                               const std::string& reduce, bool include_self) {
    GIL g;
    return scatter_reduce(t, dim, index, src, reduce, include_self);
  }, py::arg("dim"), py::arg("index"), py::arg("src"), py::arg("reduce"), py::kw_only(),
     py::arg("include_self") = true, "See pyt.scatter_reduce().");
  cls.def("scatter_reduce_", [](Tensor& t, int64_t dim, const Tensor& index, const Tensor& src,
                                const std::string& reduce, bool include_self) -> Tensor& {
    GIL g;
    return scatter_reduce_(t, dim, index, src, reduce, include_self);
  }, py::arg("dim"), py::arg("index"), py::arg("src"), py::arg("reduce"), py::kw_only(),
     py::arg("include_self") = true, py::return_value_policy::reference_internal,
     "In-place version of Tensor.scatter_reduce().");

  // ---- torch's assert_no_partial_overlap, for the out= wrappers (python/pyt/_out.py)
  m.def("_check_no_partial_overlap", [](const Tensor& out, const Tensor& in, const std::string& op) {
    check_no_partial_overlap(out, in, op.c_str());
  }, py::arg("out"), py::arg("input"), py::arg("op"),
     "RuntimeError when out (to be written) and input are dense views of one storage that partly overlap, "
     "as torch's TensorIterator; exact aliasing passes.");

  // ---- in-place scatter / scatter_add / index_add
  cls.def("scatter_", [](Tensor& t, int64_t dim, const Tensor& index, py::handle src, py::handle value,
                         std::optional<std::string> reduce) -> Tensor& {
    if (!src.is_none() && !py::isinstance<Tensor>(src) && value.is_none()) std::swap(src, value);  // scatter_(d, i, 1.5)
    PYT_CHECK(src.is_none() != value.is_none(), TypeError, "scatter_(): expected exactly one of src or value");
    Tensor s = !src.is_none() ? src.cast<Tensor>()
                              : expand(scalar_tensor(to_scalar(value, "scatter_"), t.dtype()), index.sizes());
    if (!reduce) {
      GIL g;
      return scatter_(t, dim, index, s);
    }
    // The legacy reduce argument: "add" / "multiply" over self's values (include_self).
    const char* how = legacy_scatter_reduce(*reduce, !src.is_none());
    GIL g;
    return scatter_reduce_(t, dim, index, s, how, true);
  }, py::arg("dim"), py::arg("index"), py::arg("src") = py::none(), py::kw_only(), py::arg("value") = py::none(),
     py::arg("reduce") = py::none(), py::return_value_policy::reference_internal,
     R"doc(In place: writes src (or value) into self at index along dim (torch.Tensor.scatter_).

self[i with dim -> index[i]] = src[i] for every position i of index; index is int32 or int64
with self's number of dims, no larger than src (and than self outside dim). reduce="add" or
"multiply" combines with self's values instead (torch's legacy argument). Duplicates: the last
write wins. RuntimeError for an index out of range or mismatched shapes/dtypes.

Example:
    >>> pyt.zeros(2, 3).scatter_(1, pyt.tensor([[2], [0]]), 1.0)
    tensor([[0., 0., 1.],
            [1., 0., 0.]])
)doc");
  cls.def("scatter_add_", [](Tensor& t, int64_t dim, const Tensor& index, const Tensor& src) -> Tensor& {
    GIL g;
    return scatter_add_(t, dim, index, src);
  }, py::arg("dim"), py::arg("index"), py::arg("src"), py::return_value_policy::reference_internal,
     R"doc(In place: adds src into self at index along dim (torch.Tensor.scatter_add_).

See Tensor.scatter_add(); index is int32 or int64. Sums run in index order (deterministic).

Example:
    >>> pyt.zeros(3).scatter_add_(0, pyt.tensor([0, 0, 2]), pyt.ones(3))
    tensor([2., 0., 1.])
)doc");
  cls.def("index_add_", [](Tensor& t, int64_t dim, const Tensor& index, const Tensor& source,
                           py::handle alpha) -> Tensor& {
    Scalar al = to_scalar(alpha, "index_add_");
    GIL g;
    return index_add_(t, dim, index, source, al);
  }, py::arg("dim"), py::arg("index"), py::arg("source"), py::kw_only(), py::arg("alpha") = 1,
     py::return_value_policy::reference_internal,
     R"doc(In place: self[..., index[j], ...] += alpha * source[..., j, ...] along dim (torch.Tensor.index_add_).

index: 1-d or 0-d int32/int64; source has self's shape with index.numel() at dim and self's
dtype. RuntimeError for another index dtype (torch's message), IndexError for an index out of range.

Example:
    >>> pyt.zeros(3, 2).index_add_(0, pyt.tensor([0, 0]), pyt.ones(2, 2), alpha=2)
    tensor([[4., 4.],
            [0., 0.],
            [0., 0.]])
)doc");

  // ---- index_copy / index_fill
  m.def("index_copy", [](const Tensor& t, int64_t dim, const Tensor& index, const Tensor& source) {
    GIL g;
    return index_copy(t, dim, index, source);
  }, py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("source"), R"doc(
index_copy(input, dim, index, source) -> Tensor

A copy of input whose slices along dim at the positions in index are replaced by the
slices of source, in order (torch.index_copy).

Args:
    input (Tensor): any shape and dtype.
    dim (int): the dim index addresses.
    index (Tensor): 1-d or 0-d, int64 or int32, values in [0, input.size(dim)).
    source (Tensor): input's dtype and shape, with index.numel() at dim.

Returns:
    Tensor: input's shape and dtype. Duplicate indices: the last slice wins.

Raises:
    IndexError: an index out of range (naming index, dim and size).
    RuntimeError: a dtype or shape mismatch.

Example:
    >>> pyt.index_copy(pyt.zeros(2, 3), 1, pyt.tensor([2, 0]), pyt.ones(2, 2))
    tensor([[1., 0., 1.],
            [1., 0., 1.]])
)doc");
  cls.def("index_copy", [](const Tensor& t, int64_t dim, const Tensor& index, const Tensor& source) {
    GIL g;
    return index_copy(t, dim, index, source);
  }, py::arg("dim"), py::arg("index"), py::arg("source"), "See pyt.index_copy().");
  cls.def("index_copy_", [](Tensor& t, int64_t dim, const Tensor& index, const Tensor& source) -> Tensor& {
    GIL g;
    return index_copy_(t, dim, index, source);
  }, py::arg("dim"), py::arg("index"), py::arg("source"), py::return_value_policy::reference_internal,
     "In-place version of Tensor.index_copy().");
  m.def("index_fill", [](const Tensor& t, int64_t dim, const Tensor& index, py::handle value) {
    Scalar v = to_scalar(value, "index_fill");
    GIL g;
    return index_fill(t, dim, index, v);
  }, py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("value"), R"doc(
index_fill(input, dim, index, value) -> Tensor

A copy of input whose slices along dim at the positions in index are filled with value
(torch.index_fill).

Args:
    input (Tensor): any shape and dtype.
    dim (int): the dim index addresses.
    index (Tensor): 1-d or 0-d int64, values in [-size, size).
    value (Number or 0-d Tensor): converted to input's dtype.

Returns:
    Tensor: input's shape and dtype.

Raises:
    IndexError: an index out of range (naming index, dim and size).

Example:
    >>> pyt.index_fill(pyt.zeros(2, 3), 1, pyt.tensor([0, 2]), -1.0)
    tensor([[-1.,  0., -1.],
            [-1.,  0., -1.]])
)doc");
  cls.def("index_fill", [](const Tensor& t, int64_t dim, const Tensor& index, py::handle value) {
    Scalar v = to_scalar(value, "index_fill");
    GIL g;
    return index_fill(t, dim, index, v);
  }, py::arg("dim"), py::arg("index"), py::arg("value"), "See pyt.index_fill().");
  cls.def("index_fill_", [](Tensor& t, int64_t dim, const Tensor& index, py::handle value) -> Tensor& {
    Scalar v = to_scalar(value, "index_fill_");
    GIL g;
    return index_fill_(t, dim, index, v);
  }, py::arg("dim"), py::arg("index"), py::arg("value"), py::return_value_policy::reference_internal,
     "In-place version of Tensor.index_fill().");

  // ---- take / put
  m.def("take", [](const Tensor& t, const Tensor& index) {
    GIL g;
    return take(t, index);
  }, py::arg("input"), py::arg("index"), R"doc(
take(input, index) -> Tensor

The elements of input, read as a 1-d tensor in row-major order, at index (torch.take).

Args:
    input (Tensor): any shape and dtype.
    index (Tensor): int64 of any shape, values in [-input.numel(), input.numel()).

Returns:
    Tensor: index's shape, input's dtype.

Raises:
    IndexError: an index out of range.

Example:
    >>> pyt.take(pyt.tensor([[1, 2], [3, 4]]), pyt.tensor([0, 3, -1]))
    tensor([1, 4, 4])
)doc");
  cls.def("take", [](const Tensor& t, const Tensor& index) {
    GIL g;
    return take(t, index);
  }, py::arg("index"), "See pyt.take().");
  m.def("put", [](const Tensor& t, const Tensor& index, const Tensor& source, bool accumulate) {
    GIL g;
    return put(t, index, source, accumulate);
  }, py::arg("input"), py::arg("index"), py::arg("source"), py::arg("accumulate") = false, R"doc(
put(input, index, source, accumulate=False) -> Tensor

A copy of input, read as a 1-d tensor in row-major order, with source's elements written
at index (added, with accumulate; duplicates then sum in order) (torch.put).

Args:
    input (Tensor): any shape and dtype.
    index (Tensor): int64, values in [-input.numel(), input.numel()).
    source (Tensor): input's dtype, as many elements as index.

Returns:
    Tensor: input's shape and dtype.

Raises:
    IndexError: an index out of range.
    RuntimeError: a dtype mismatch, or index and source of different sizes.

Example:
    >>> pyt.put(pyt.zeros(2, 2), pyt.tensor([3, 0]), pyt.tensor([1., 2.]))
    tensor([[2., 0.],
            [0., 1.]])
)doc");
  cls.def("put", [](const Tensor& t, const Tensor& index, const Tensor& source, bool accumulate) {
    GIL g;
    return put(t, index, source, accumulate);
  }, py::arg("index"), py::arg("source"), py::arg("accumulate") = false, "See pyt.put().");
  cls.def("put_", [](Tensor& t, const Tensor& index, const Tensor& source, bool accumulate) -> Tensor& {
    GIL g;
    return put_(t, index, source, accumulate);
  }, py::arg("index"), py::arg("source"), py::arg("accumulate") = false, py::return_value_policy::reference_internal,
     "In-place version of Tensor.put().");
}

}  // namespace pyt::python
