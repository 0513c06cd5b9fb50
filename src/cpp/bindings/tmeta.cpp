// Bindings of the ops declared in pyt/ops/tmeta.h: in-place view ops, unfold, as_strided,
// masked_scatter and index_reduce, with torch's signatures.
#include <algorithm>

#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

constexpr auto kSelf = py::return_value_policy::reference_internal;

// Note [numpy keyword aliases]: torch's argument parser accepts `axis` for `dim` and
// `keepdims` for `keepdim` on its native functions (x.sum(axis=0, keepdims=True)). pyt adds,
// after a function's own overloads, two overloads that only match when `axis` or `keepdims`
// is passed by keyword (a required keyword-only argument); they rename the keywords and call
// the function again. Ordinary calls match the first overload as before, so their dispatch
// cost is unchanged.
py::dict renamed_kwargs(const std::string& name, py::handle axis, py::handle keepdims, const py::kwargs& kw) {
  py::dict out;
  for (auto item : kw) out[item.first] = item.second;
  if (axis) {
    PYT_CHECK(!out.contains("dim"), TypeError, name, "() got an unexpected keyword argument 'axis'");
    out["dim"] = axis;
  }
  if (!keepdims && out.contains("keepdims")) {
    keepdims = out["keepdims"];
    PyDict_DelItemString(out.ptr(), "keepdims");
  }
  if (keepdims) {
    PYT_CHECK(!out.contains("keepdim"), TypeError, name, "() got an unexpected keyword argument 'keepdims'");
    out["keepdim"] = keepdims;
  }
  return out;
}

// Adds the alias overloads to owner.name (a pybind11 function of pyt._C or a Tensor method).
// prepend: the alias overloads go first, for a function whose own overload takes **kwargs
// (they are added in reverse so that the `axis` one is tried first).
void add_numpy_aliases(py::object owner, const std::string& name, bool is_method, bool prepend) {
  if (py::getattr(owner, name.c_str(), py::none()).is_none()) return;
  std::vector<const char*> keys = {"axis", "keepdims"};
  if (prepend) std::reverse(keys.begin(), keys.end());
  for (const char* key : keys) {
    bool axis = std::string(key) == "axis";
    py::object sib = py::getattr(owner, name.c_str());
    auto method = [name, axis](py::object self, py::args args, py::object v, py::kwargs kw) -> py::object {
      py::dict k = renamed_kwargs(name, axis ? v : py::handle(), axis ? py::handle() : v, kw);
      return self.attr(name.c_str())(*args, **k);
    };
    auto function = [name, axis](py::args args, py::object v, py::kwargs kw) -> py::object {
      py::dict k = renamed_kwargs(name, axis ? v : py::handle(), axis ? py::handle() : v, kw);
      return py::module_::import("pyt._C").attr(name.c_str())(*args, **k);
    };
    py::cpp_function f;
    if (is_method && prepend)
      f = py::cpp_function(method, py::name(name.c_str()), py::is_method(owner), py::sibling(sib), py::arg(key),
                           py::prepend());
    else if (is_method)
      f = py::cpp_function(method, py::name(name.c_str()), py::is_method(owner), py::sibling(sib), py::arg(key));
    else if (prepend)
      f = py::cpp_function(function, py::name(name.c_str()), py::scope(owner), py::sibling(sib), py::arg(key),
                           py::prepend());
    else
      f = py::cpp_function(function, py::name(name.c_str()), py::scope(owner), py::sibling(sib), py::arg(key));
    py::setattr(owner, name.c_str(), f);
  }
}

}  // namespace

void init_tmeta(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

  // ---- numpy keyword aliases (Note [numpy keyword aliases])
  m.def("_add_numpy_aliases", [](py::object owner, const std::string& name, bool is_method, bool prepend) {
    add_numpy_aliases(owner, name, is_method, prepend);
  }, py::arg("owner"), py::arg("name"), py::arg("is_method"), py::arg("prepend") = false,
        "Adds torch's `axis` / `keepdims` keyword aliases to owner.name, a pybind11 function (is_method=False) "
        "or Tensor method (is_method=True), as further overloads.");

  // ---- in-place view ops
  cls.def("squeeze_", [](Tensor& x, py::handle dim) -> Tensor& {
        if (dim.is_none()) return squeeze_(x, std::nullopt);
        if (py::isinstance<py::int_>(dim) || py::hasattr(dim, "__index__"))
          return squeeze_(x, std::vector<int64_t>{dim.cast<int64_t>()});
        return squeeze_(x, to_int_list(dim, "squeeze_"), true);
      }, py::arg("dim") = py::none(), kSelf, R"doc(squeeze_(dim=None) -> Tensor

In-place version of Tensor.squeeze (torch.Tensor.squeeze_): removes the size-1 dims (all of
them, or those among ``dim``, an int or a tuple of ints) from this tensor's own sizes and
strides; the storage is kept and the version counter bumped. Under grad mode a leaf that
requires grad raises RuntimeError; a tensor with history gets grad_fn SqueezeBackward3/4/5.

Raises:
    IndexError: a dim out of range.
    RuntimeError: a leaf (or a view of a leaf) that requires grad, under grad mode.

Example:
    >>> x = pyt.zeros(2, 1, 3); x.squeeze_(); x.shape
    pyt.Size([2, 3])
)doc");
  cls.def("unsqueeze_", [](Tensor& x, int64_t dim) -> Tensor& { return unsqueeze_(x, dim); }, py::arg("dim"), kSelf,
          R"doc(unsqueeze_(dim) -> Tensor

In-place version of Tensor.unsqueeze (torch.Tensor.unsqueeze_): inserts a size-1 dim at
``dim`` (in [-dim()-1, dim()]) into this tensor's own sizes and strides. grad_fn
UnsqueezeBackward1 under grad mode; a leaf that requires grad raises RuntimeError.

Example:
    >>> x = pyt.zeros(3); x.unsqueeze_(0); x.shape
    pyt.Size([1, 3])
)doc");
  cls.def("transpose_", [](Tensor& x, int64_t a, int64_t b) -> Tensor& { return transpose_(x, a, b); },
          py::arg("dim0"), py::arg("dim1"), kSelf, R"doc(transpose_(dim0, dim1) -> Tensor

In-place version of Tensor.transpose (torch.Tensor.transpose_): swaps two dims of this
tensor's own sizes and strides (no copy). grad_fn TransposeBackward1 under grad mode; a leaf
that requires grad raises RuntimeError; IndexError for a dim out of range.

Example:
    >>> x = pyt.zeros(2, 3); x.transpose_(0, 1); x.stride()
    (1, 3)
)doc");
  cls.def("swapdims_", [](Tensor& x, int64_t a, int64_t b) -> Tensor& { return transpose_(x, a, b); },
          py::arg("dim0"), py::arg("dim1"), kSelf, "swapdims_(dim0, dim1) -> Tensor\n\nAlias of Tensor.transpose_ "
          "(torch.Tensor.swapdims_).");
  cls.def("swapaxes_", [](Tensor& x, int64_t a, int64_t b) -> Tensor& { return transpose_(x, a, b); },
          py::arg("axis0"), py::arg("axis1"), kSelf, "swapaxes_(axis0, axis1) -> Tensor\n\nAlias of "
          "Tensor.transpose_ (torch.Tensor.swapaxes_).");
  cls.def("t_", [](Tensor& x) -> Tensor& { return t_(x); }, kSelf, R"doc(t_() -> Tensor

In-place version of Tensor.t (torch.Tensor.t_): transposes a <= 2-d tensor's own sizes and
strides. grad_fn TBackward1 under grad mode. RuntimeError for more than 2 dims and for a
leaf that requires grad.

Example:
    >>> x = pyt.zeros(2, 3); x.t_(); x.shape
    pyt.Size([3, 2])
)doc");

  // ---- as_strided
  auto as_strided_fn = [](const Tensor& x, py::handle size, py::handle stride, std::optional<int64_t> off) {
    std::vector<int64_t> sz = to_int_list(size, "as_strided"), st = to_int_list(stride, "as_strided");
    return as_strided(x, sz, st, off);
  };
  m.def("as_strided", as_strided_fn, py::arg("input"), py::arg("size"), py::arg("stride"),
        py::arg("storage_offset") = py::none(), R"doc(as_strided(input, size, stride, storage_offset=None) -> Tensor

A view of input's storage with the given sizes, strides (in elements, >= 0) and storage
offset (default: input's), as torch.as_strided. Every element it can address is checked
against the storage first, so it never reads out of bounds. Differentiable
(AsStridedBackward0: the gradient is summed in storage space and read back at input's
elements).

Args:
    input (Tensor): any dtype and layout.
    size (sequence of int): the view's shape.
    stride (sequence of int): the view's strides.
    storage_offset (int, optional): offset in elements into the storage.

Raises:
    RuntimeError: size and stride of different lengths, a negative size, stride or offset,
        or a view reaching past the storage ("setStorage: ... out of bounds for storage of
        size ...").

Example:
    >>> pyt.as_strided(pyt.arange(6.), (2, 2), (1, 2))
    tensor([[0., 2.],
            [1., 3.]])
)doc");
  cls.def("as_strided", as_strided_fn, py::arg("size"), py::arg("stride"), py::arg("storage_offset") = py::none(),
          "See pyt.as_strided().");
  auto as_strided_inplace = [](Tensor& x, py::handle size, py::handle stride, std::optional<int64_t> off) -> Tensor& {
    return as_strided_(x, to_int_list(size, "as_strided_"), to_int_list(stride, "as_strided_"), off);
  };
  cls.def("as_strided_", as_strided_inplace, py::arg("size"), py::arg("stride"), py::arg("storage_offset") = py::none(),
          kSelf, "as_strided_(size, stride, storage_offset=None) -> Tensor\n\nIn-place version of "
          "Tensor.as_strided (torch.Tensor.as_strided_): gives this tensor the new geometry on its own storage "
          "(bounds-checked). grad_fn AsStridedBackward1.");
  m.def("as_strided_", as_strided_inplace, py::arg("input"), py::arg("size"), py::arg("stride"),
        py::arg("storage_offset") = py::none(), py::return_value_policy::reference,
        "as_strided_(input, size, stride, storage_offset=None) -> Tensor\n\nSee Tensor.as_strided_.");

  // ---- unfold
  cls.def("unfold", [](const Tensor& x, int64_t d, int64_t size, int64_t step) { return unfold(x, d, size, step); },
          py::arg("dimension"), py::arg("size"), py::arg("step"), R"doc(unfold(dimension, size, step) -> Tensor

A view of all slices of length ``size`` taken every ``step`` elements along ``dimension``
(torch.Tensor.unfold): dim ``dimension`` becomes (size(dimension) - size) // step + 1 and a
new last dim of length ``size`` is appended. No copy; gradient UnfoldBackward0 (the sum over
the windows holding each element).

Raises:
    IndexError: dimension out of range.
    RuntimeError: size > size(dimension) or size < 0, or step <= 0.

Example:
    >>> pyt.arange(5.).unfold(0, 2, 2)
    tensor([[0., 1.],
            [2., 3.]])
)doc");

  // ---- masked_scatter
  m.def("masked_scatter", [](const Tensor& x, const Tensor& mask, const Tensor& src) {
    GIL g;
    return masked_scatter(x, mask, src);
  }, py::arg("input"), py::arg("mask"), py::arg("source"), R"doc(masked_scatter(input, mask, source) -> Tensor

input with the elements where ``mask`` is True replaced by source's leading elements, in
row-major order (torch.masked_scatter). input and mask broadcast together.

Args:
    input (Tensor): any dtype.
    mask (Tensor): bool, broadcastable with input.
    source (Tensor): input's dtype, at least as many elements as mask has True values.

Returns:
    Tensor: the broadcast shape of input and mask. grad_fn MaskedScatterBackward0.

Raises:
    RuntimeError: a non-bool mask, a source of another dtype, too few source elements, or
        shapes that do not broadcast.

Example:
    >>> pyt.zeros(3).masked_scatter(pyt.tensor([True, False, True]), pyt.tensor([1., 2.]))
    tensor([1., 0., 2.])
)doc");
  cls.def("masked_scatter", [](const Tensor& x, const Tensor& mask, const Tensor& src) {
    GIL g;
    return masked_scatter(x, mask, src);
  }, py::arg("mask"), py::arg("source"), "See pyt.masked_scatter().");
  cls.def("masked_scatter_", [](Tensor& x, const Tensor& mask, const Tensor& src) -> Tensor& {
    GIL g;
    return masked_scatter_(x, mask, src);
  }, py::arg("mask"), py::arg("source"), kSelf,
          "masked_scatter_(mask, source) -> Tensor\n\nIn-place version of Tensor.masked_scatter "
          "(torch.Tensor.masked_scatter_); mask must broadcast to self's shape.");

  // ---- index_reduce
  const char* index_reduce_doc = R"doc(index_reduce(input, dim, index, source, reduce, *, include_self=True) -> Tensor

input with source's slices reduced into the slices ``index[i]`` along ``dim``
(torch.index_reduce): out[..., index[i], ...] = reduce(out[..., index[i], ...], source[..., i, ...]).
Deterministic (the reduction runs in index order, whatever the thread count).

Args:
    input (Tensor): any dtype but bool.
    dim (int): the dim to index.
    index (Tensor): 1-d (or 0-d) int64/int32, values in [0, input.size(dim)).
    source (Tensor): input's dtype; source.size(dim) == index.numel(), other dims as input's.
    reduce (str): "prod", "mean" (integers round down), "amax" or "amin".
    include_self (bool): whether input's values at the indexed slots take part.

Returns:
    Tensor: input's shape and dtype. grad_fn IndexReduceBackward0.

Raises:
    RuntimeError: a bad reduce, index dtype, dtype mismatch or shape mismatch.
    IndexError: an index out of range, a non-vector index.
    NotImplementedError: bool input.

Example:
    >>> pyt.ones(3).index_reduce(0, pyt.tensor([0, 0]), pyt.tensor([2., 3.]), "prod")
    tensor([6., 1., 1.])
)doc";
  m.def("index_reduce", [](const Tensor& x, int64_t d, const Tensor& i, const Tensor& s, const std::string& r,
                           bool inc) {
    GIL g;
    return index_reduce(x, d, i, s, r, inc);
  }, py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("source"), py::arg("reduce"), py::kw_only(),
        py::arg("include_self") = true, index_reduce_doc);
  cls.def("index_reduce", [](const Tensor& x, int64_t d, const Tensor& i, const Tensor& s, const std::string& r,
                             bool inc) {
    GIL g;
    return index_reduce(x, d, i, s, r, inc);
  }, py::arg("dim"), py::arg("index"), py::arg("source"), py::arg("reduce"), py::kw_only(),
          py::arg("include_self") = true, "See pyt.index_reduce().");
  cls.def("index_reduce_", [](Tensor& x, int64_t d, const Tensor& i, const Tensor& s, const std::string& r,
                              bool inc) -> Tensor& {
    GIL g;
    return index_reduce_(x, d, i, s, r, inc);
  }, py::arg("dim"), py::arg("index"), py::arg("source"), py::arg("reduce"), py::kw_only(),
          py::arg("include_self") = true, kSelf, "In-place version of Tensor.index_reduce (torch.Tensor.index_reduce_).");
}

}  // namespace pyt::python
