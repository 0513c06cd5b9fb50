// pyt.Tensor: the bound C++ Tensor with its methods, operators, indexing and numpy exchange.
#include <pybind11/numpy.h>

#include <cstring>

#include "common.h"

namespace pyt::python {

namespace {

using GIL = py::gil_scoped_release;

py::dtype numpy_dtype(ScalarType st) {
  switch (st) {
    case ScalarType::Bool: return py::dtype("bool");
    case ScalarType::UInt8: return py::dtype("uint8");
    case ScalarType::Int8: return py::dtype("int8");
    case ScalarType::Int16: return py::dtype("int16");
    case ScalarType::Int32: return py::dtype("int32");
    case ScalarType::Int64: return py::dtype("int64");
    case ScalarType::Float16: return py::dtype("float16");
    case ScalarType::Float32: return py::dtype("float32");
    case ScalarType::Float64: return py::dtype("float64");
    default: break;
  }
  throw TypeError(str("Got unsupported ScalarType ", scalar_type_name(st), " for numpy conversion"));
}

ScalarType from_numpy_dtype(const py::dtype& dt) {
  char kind = dt.kind();
  size_t size = dt.itemsize();
  if (kind == 'b') return ScalarType::Bool;
  if (kind == 'u' && size == 1) return ScalarType::UInt8;
  if (kind == 'i') {
    if (size == 1) return ScalarType::Int8;
    if (size == 2) return ScalarType::Int16;
    if (size == 4) return ScalarType::Int32;
    if (size == 8) return ScalarType::Int64;
  }
  if (kind == 'f') {
    if (size == 2) return ScalarType::Float16;
    if (size == 4) return ScalarType::Float32;
    if (size == 8) return ScalarType::Float64;
  }
  std::string name = py::str(dt);
  std::string hint = kind == 'u' ? str(" (pyt has no ", name, " dtype: convert the array first, e.g. "
                                       "arr.astype(numpy.int64))")
                                 : std::string();
  throw TypeError(str("can't convert np.ndarray of type numpy.", name,
                      ". The only supported types are: float64, float32, float16, int64, int32, int16, int8, uint8, "
                      "and bool", hint, "."));
}

void release_pyobject(void* ctx) {
  if (!Py_IsInitialized()) return;  // interpreter gone: nothing left to release
  py::gil_scoped_acquire gil;
  Py_DECREF(static_cast<PyObject*>(ctx));
}

}  // namespace

/// Zero-copy tensor over a numpy array's memory (torch.from_numpy).
Tensor tensor_from_numpy(py::array arr) {
  ScalarType st = from_numpy_dtype(arr.dtype());
  PYT_CHECK(arr.dtype().byteorder() != '>', ValueError, "given numpy array has byte order different from the native "
            "byte order. Conversion between byte orders is currently not supported. (from_numpy)");
  int64_t nd = arr.ndim();
  size_t es = element_size(st);
  std::vector<int64_t> sizes(nd), strides(nd);
  int64_t extent = 0;
  bool empty_arr = false;
  for (int64_t d = 0; d < nd; ++d) {
    sizes[d] = arr.shape(d);
    int64_t sb = arr.strides(d);
    PYT_CHECK(sb >= 0, ValueError, "At least one stride in the given numpy array is negative, and tensors with "
              "negative strides are not currently supported. (You can probably work around this by making a copy of "
              "your array  with array.copy().) ");
    PYT_CHECK(sb % static_cast<int64_t>(es) == 0, ValueError, "given numpy array strides not a multiple of the "
              "element byte size. Copy the numpy array to reallocate the memory.");
    strides[d] = sb / static_cast<int64_t>(es);
    if (sizes[d] == 0) empty_arr = true;
    extent += (sizes[d] - 1) * strides[d];
  }
  size_t nbytes = empty_arr ? 0 : static_cast<size_t>(extent + 1) * es;
  PyObject* owner = arr.ptr();
  Py_INCREF(owner);
  auto storage = make_intrusive<StorageImpl>(const_cast<void*>(arr.data()), nbytes, Device(), &release_pyobject, owner);
  return Tensor(make_intrusive<TensorImpl>(std::move(storage), st, sizes, strides, 0));
}

/// Copies a numpy array into a new contiguous tensor of dtype (pyt.tensor's core).
Tensor tensor_from_numpy_copy(py::array arr, std::optional<ScalarType> dtype) {
  Tensor src = tensor_from_numpy(arr);
  ScalarType dt = dtype.value_or(src.dtype());
  Tensor out = empty(src.sizes(), dt);
  autograd::NoGradGuard ng;
  copy_(out, src);
  return out;
}

/// pyt.tensor's fast path for a flat list or tuple of Python floats and ints (no bools, every
/// int within int64): a 1-D tensor of the default floating dtype when any item is a float,
/// int64 otherwise, written without going through numpy. Returns None for anything else
/// (nested or empty sequences, other item types), which the general path then handles.
py::object tensor_from_flat_numbers(py::handle data) {
  const bool is_list = PyList_CheckExact(data.ptr()), is_tuple = PyTuple_CheckExact(data.ptr());
  if (!is_list && !is_tuple) return py::none();
  const Py_ssize_t n = is_list ? PyList_GET_SIZE(data.ptr()) : PyTuple_GET_SIZE(data.ptr());
  if (n == 0 || n > 64) return py::none();
  PyObject** items = is_list ? &PyList_GET_ITEM(data.ptr(), 0) : &PyTuple_GET_ITEM(data.ptr(), 0);
  bool any_float = false;
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* o = items[i];
    if (PyFloat_CheckExact(o)) {
      any_float = true;
    } else if (PyLong_CheckExact(o)) {
      int overflow = 0;
      PyLong_AsLongLongAndOverflow(o, &overflow);
      if (overflow) return py::none();
    } else {
      return py::none();
    }
  }
  const ScalarType dt = any_float ? get_default_dtype() : ScalarType::Int64;
  Tensor out = empty({static_cast<int64_t>(n)}, dt);
  void* p = out.data_ptr();
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* o = items[i];
    if (dt == ScalarType::Int64) {
      static_cast<int64_t*>(p)[i] = PyLong_AsLongLong(o);
    } else {
      const double v = PyFloat_CheckExact(o) ? PyFloat_AS_DOUBLE(o) : PyLong_AsDouble(o);
      if (dt == ScalarType::Float64)
        static_cast<double*>(p)[i] = v;
      else
        static_cast<float*>(p)[i] = static_cast<float>(v);
    }
  }
  return py::cast(std::move(out));
}

namespace {
// One leaf of tensor()'s data, for scan_sequence_dtype: its dtype in torch's list inference
// (Python bool/int/float -> bool/int64/default dtype, a numpy scalar or a one-element tensor ->
// its own dtype). Returns false for anything else.
bool leaf_dtype(PyObject* o, ScalarType& dt, bool& special, bool& has_tensor) {
  if (PyBool_Check(o)) { dt = ScalarType::Bool; return true; }
  if (PyLong_CheckExact(o)) { dt = ScalarType::Int64; return true; }
  if (PyFloat_CheckExact(o)) { dt = get_default_dtype(); return true; }
  py::handle h(o);
  if (py::isinstance<Tensor>(h)) {
    const Tensor& t = h.cast<const Tensor&>();
    PYT_CHECK(t.numel() == 1, ValueError, "only one element tensors can be converted to Python scalars (tensor(): "
              "an element of the data list has shape ", t.shape_str(), ")");
    dt = t.dtype();  // as torch: a tensor leaf keeps its dtype in the promotion
    special = has_tensor = true;
    return true;
  }
  PyTypeObject* tp = Py_TYPE(o);
  if (std::strncmp(tp->tp_name, "numpy.", 6) == 0 && !py::isinstance<py::array>(h) && py::hasattr(h, "dtype") &&
      py::hasattr(h, "shape") && py::len(h.attr("shape")) == 0) {  // a numpy scalar
    try {
      dt = from_numpy_dtype(py::reinterpret_borrow<py::dtype>(h.attr("dtype")));
    } catch (const std::exception&) {
      return false;  // e.g. numpy.uint16: the general path names it
    }
    special = true;
    return true;
  }
  return false;
}

bool scan_dtype(PyObject* o, int depth, ScalarType& acc, bool& have, bool& special, bool& has_tensor) {
  if (depth > 64) return false;
  if (PyList_Check(o) || PyTuple_Check(o)) {
    const bool list = PyList_Check(o);
    const Py_ssize_t n = list ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o);
    for (Py_ssize_t i = 0; i < n; ++i)
      if (!scan_dtype(list ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i), depth + 1, acc, have, special,
                      has_tensor))
        return false;
    return true;
  }
  ScalarType dt;
  if (!leaf_dtype(o, dt, special, has_tensor)) return false;
  acc = have ? promote_types(acc, dt) : dt;
  have = true;
  return true;
}
}  // namespace

/// tensor()'s dtype inference for nested lists/tuples that hold numpy scalars or one-element
/// tensors, as torch: every leaf's dtype (Python bool/int/float -> bool/int64/default dtype, a
/// numpy scalar or a one-element tensor -> its own dtype) combined with
/// promote_types, so [np.float64(1.5), 2] is float64 and [np.float16(1), 2] float16.
/// Returns (dtype or None, has_tensors): None when the data holds only Python numbers (the
/// caller's own inference applies) or something else. Raises ValueError for a tensor leaf with
/// more than one element.
py::tuple scan_sequence_dtype(py::handle data) {
  ScalarType acc = ScalarType::Bool;
  bool have = false, special = false, has_tensor = false;
  bool ok = scan_dtype(data.ptr(), 0, acc, have, special, has_tensor);
  if (!ok || !have || !special) return py::make_tuple(py::none(), has_tensor && ok);
  return py::make_tuple(dtype_object(acc), has_tensor);
}

py::array tensor_to_numpy(const Tensor& t, bool force) {
  PYT_CHECK(force || !t.requires_grad(), RuntimeError, "Can't call numpy() on Tensor that requires grad. Use "
            "tensor.detach().numpy() instead.");
  py::dtype dt = numpy_dtype(t.dtype());
  std::vector<py::ssize_t> shape(t.sizes().begin(), t.sizes().end());
  std::vector<py::ssize_t> strides;
  for (auto s : t.strides()) strides.push_back(s * static_cast<int64_t>(t.element_size()));
  // The capsule keeps the storage alive as long as the array.
  auto* keep = new Tensor(t.detach());
  py::capsule base(keep, [](void* p) { delete static_cast<Tensor*>(p); });
  return py::array(dt, shape, strides, t.data_ptr(), base);
}

namespace {

py::object tolist_rec(const char* p, const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides,
                      size_t d, ScalarType st) {
  if (d == sizes.size()) {
    switch (st) {
      case ScalarType::Bool: return py::bool_(*reinterpret_cast<const bool*>(p));
      case ScalarType::UInt8: return py::int_(*reinterpret_cast<const uint8_t*>(p));
      case ScalarType::Int8: return py::int_(*reinterpret_cast<const int8_t*>(p));
      case ScalarType::Int16: return py::int_(*reinterpret_cast<const int16_t*>(p));
      case ScalarType::Int32: return py::int_(*reinterpret_cast<const int32_t*>(p));
      case ScalarType::Int64: return py::int_(*reinterpret_cast<const int64_t*>(p));
      case ScalarType::Float16: return py::float_(static_cast<float>(*reinterpret_cast<const Half*>(p)));
      case ScalarType::BFloat16: return py::float_(static_cast<float>(*reinterpret_cast<const BFloat16*>(p)));
      case ScalarType::Float32: return py::float_(*reinterpret_cast<const float*>(p));
      case ScalarType::Float64: return py::float_(*reinterpret_cast<const double*>(p));
      default: break;
    }
    throw RuntimeError("tolist: undefined dtype");
  }
  py::list out(sizes[d]);
  size_t es = element_size(st);
  for (int64_t i = 0; i < sizes[d]; ++i)
    out[i] = tolist_rec(p + i * strides[d] * static_cast<int64_t>(es), sizes, strides, d + 1, st);
  return std::move(out);
}

py::object scalar_to_py(const Scalar& s) {
  if (s.is_bool()) return py::bool_(s.to_bool());
  if (s.is_integral()) return py::int_(s.to_int());
  return py::float_(s.to_double());
}

// ------------------------------------------------------------- indexing ---
// Note [Python indexing]: an index expression is applied left to right, as torch does. Ints
// select and slices slice (views; a whole ":" is no op at all, so that x[:, idx] = v on a
// tensor that requires grad needs no view), None inserts a dim, Ellipsis stands for the dims
// the other items leave, and a Python bool or 0-d bool tensor inserts a dim indexed by [0]
// (True) or [] (False). Integer tensors, lists and masks are recorded as advanced indices of
// the dims they face and applied at the end by pyt::index / pyt::index_put_ (Note [Advanced
// indexing] in ops/index.h), which broadcast them together and place their dims. A non-tuple
// list is one index tensor (x[[0, 1]]), the meaning torch gives it from 2.9 on.

// An integer tensor (or bool mask) from a list or numpy array index.
Tensor index_tensor_from(py::handle h) {
  if (py::isinstance<Tensor>(h)) return h.cast<Tensor>();
  py::module_ np = py::module_::import("numpy");
  py::array arr;
  try {
    arr = np.attr("asarray")(h);
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_ValueError)) throw;
    // A ragged nested list is no index (torch raises TypeError converting it).
    throw TypeError(str("index: a ragged nested sequence cannot be used as an index (", e.what(), ")"));
  }
  PYT_CHECK(arr.dtype().kind() == 'i' || arr.dtype().kind() == 'u' || arr.dtype().kind() == 'b' || arr.size() == 0,
            IndexError, "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
            "indices (got list of ", std::string(py::str(arr.dtype())), ")");
  if (arr.size() == 0 && arr.dtype().kind() != 'b') arr = np.attr("zeros")(arr.attr("shape"), "int64");
  return tensor_from_numpy_copy(arr, std::nullopt);
}

bool is_int_index(py::handle it) {
  if (PyBool_Check(it.ptr())) return false;
  if (PyLong_Check(it.ptr())) return true;
  return !py::isinstance<Tensor>(it) && !PySequence_Check(it.ptr()) && py::hasattr(it, "__index__");
}

int64_t int_of(py::handle it) {
  int overflow = 0;
  py::object io = py::reinterpret_steal<py::object>(PyNumber_Index(it.ptr()));
  if (!io) throw py::error_already_set();
  long long i = PyLong_AsLongLongAndOverflow(io.ptr(), &overflow);
  PYT_CHECK(!overflow, IndexError, "index ", std::string(py::str(it)), " is out of range for an int64");
  return i;
}

// r.select(dim, i) with torch's IndexError for an index out of range.
Tensor select_checked(const Tensor& r, int64_t dim, int64_t i, int64_t self_dim) {
  int64_t size = r.dim() > dim ? r.sizes()[dim] : 0;
  PYT_CHECK(r.dim() > dim && i >= -size && i < size, IndexError, "index ", i, " is out of bounds for dimension ",
            self_dim, " with size ", size);
  return select(r, dim, i);
}

Tensor slice_of(const Tensor& r, int64_t dim, py::handle sl) {
  auto get = [&](const char* name) -> std::optional<int64_t> {
    py::object v = sl.attr(name);
    if (v.is_none()) return std::nullopt;
    return int_of(v);
  };
  std::optional<int64_t> step = get("step"), start = get("start"), stop = get("stop");
  int64_t stp = step.value_or(1);
  PYT_CHECK(stp != 0, ValueError, "slice step cannot be zero");
  PYT_CHECK(stp > 0, ValueError, "step must be greater than zero");
  int64_t size = r.sizes()[dim];
  bool whole = stp == 1 && (!start || *start == 0 || *start <= -size) && (!stop || *stop >= size);
  if (whole) return r;
  return slice(r, dim, start, stop, stp);
}

struct ParsedIndex {
  Tensor view;     // the result of the basic items (self itself when there were none)
  TensorList adv;  // advanced indices aligned with view's dims (undefined: whole dim)
  bool has_adv = false;
};

// Whether x[seq] means x[tuple(seq)]: torch's treatSequenceAsTuple
// (torch/csrc/autograd/python_variable_indexing.cpp), numpy's legacy rule: a tuple, or a
// non-tensor, non-ndarray sequence shorter than 32 holding a tensor, a sequence, a slice, an
// Ellipsis or None. x[[0, 1]] stays one index; x[[[0, 1]]] is x[[0, 1]].
bool treat_sequence_as_tuple(py::handle index) {
  if (py::isinstance<py::tuple>(index)) return true;
  if (py::isinstance<Tensor>(index) || py::isinstance<py::str>(index) || py::isinstance<py::bytes>(index))
    return false;
  if (!PySequence_Check(index.ptr())) return false;
  if (py::hasattr(index, "__array_interface__")) return false;  // an ndarray is one index
  Py_ssize_t n = PySequence_Size(index.ptr());
  if (n < 0) {
    PyErr_Clear();
    return false;
  }
  if (n >= 32) return false;
  for (Py_ssize_t i = 0; i < n; ++i) {
    py::object obj = py::reinterpret_steal<py::object>(PySequence_GetItem(index.ptr(), i));
    if (!obj) {
      PyErr_Clear();
      return false;
    }
    if (py::isinstance<Tensor>(obj) || PySequence_Check(obj.ptr()) || PySlice_Check(obj.ptr()) ||
        obj.ptr() == Py_Ellipsis || obj.is_none())
      return true;
  }
  return false;
}

ParsedIndex parse_index(const Tensor& self, py::handle index) {
  std::vector<py::handle> items;
  py::object seq;  // keeps the items of a list index alive
  if (py::isinstance<py::tuple>(index)) {
    for (py::handle it : py::reinterpret_borrow<py::tuple>(index)) items.push_back(it);
  } else if (treat_sequence_as_tuple(index)) {
    seq = py::tuple(py::reinterpret_borrow<py::object>(index));
    for (py::handle it : py::reinterpret_borrow<py::tuple>(seq)) items.push_back(it);
  } else {
    items.push_back(index);
  }
  // Sequences become tensors first: a bool list is a mask that consumes its dims.
  std::vector<py::object> keep;
  std::vector<Tensor> tens(items.size());
  int64_t consumed = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    py::handle it = items[i];
    if (it.is_none() || PyBool_Check(it.ptr())) continue;
    // torch takes several Ellipses: the first stands for the dims left, the others for none.
    if (it.ptr() == Py_Ellipsis) continue;
    if (PySlice_Check(it.ptr()) || is_int_index(it)) {
      consumed += 1;
      continue;
    }
    if (py::isinstance<py::str>(it) || py::isinstance<py::bytes>(it))
      throw TypeError(str("new(): invalid data type '", std::string(py::str(py::type::of(it).attr("__name__"))),
                          "' used as an index"));
    if (py::isinstance<Tensor>(it) || PySequence_Check(it.ptr())) {
      tens[i] = index_tensor_from(it);
      ScalarType dt = tens[i].dtype();
      if (dt == ScalarType::Bool || dt == ScalarType::UInt8)
        consumed += tens[i].dim();
      else if (!(tens[i].dim() == 0 && !is_integral_type(dt, false)))
        consumed += 1;
      PYT_CHECK(is_integral_type(dt, true), IndexError, "tensors used as indices must be long, int, byte or bool "
                "tensors, got ", scalar_type_name(dt));
      continue;
    }
    throw IndexError(str("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
                         "indices (got ", std::string(py::str(py::type::of(it).attr("__name__"))), ")"));
  }
  PYT_CHECK(consumed <= self.dim(), IndexError, "too many indices for tensor of dimension ", self.dim(), " (got ",
            consumed, ")");
  ParsedIndex p;
  Tensor r = self;
  int64_t dim = 0;       // the dim of r the next item faces
  int64_t self_dim = 0;  // the dim of self it faces (for messages)
  auto record = [&](const Tensor& t) {
    if (static_cast<int64_t>(p.adv.size()) < dim) p.adv.resize(dim);
    p.adv.push_back(t);
    p.has_adv = true;
    dim++;
  };
  auto bool_index = [&](bool v) {  // x[True] / x[False]: a new dim indexed by [0] or []
    r = unsqueeze(r, dim);
    record(v ? zeros({1}, ScalarType::Int64) : empty({0}, ScalarType::Int64));
  };
  for (size_t i = 0; i < items.size(); ++i) {
    py::handle it = items[i];
    if (it.is_none()) {
      r = unsqueeze(r, dim);
      dim++;
    } else if (it.ptr() == Py_Ellipsis) {
      dim += self.dim() - consumed;
      self_dim += self.dim() - consumed;
      consumed = self.dim();  // a later Ellipsis stands for no dim
    } else if (PyBool_Check(it.ptr())) {
      bool_index(it.ptr() == Py_True);
    } else if (PySlice_Check(it.ptr())) {
      r = slice_of(r, dim, it);
      dim++;
      self_dim++;
    } else if (is_int_index(it)) {
      r = select_checked(r, dim, int_of(it), self_dim);
      self_dim++;
    } else {
      const Tensor& t = tens[i];
      ScalarType dt = t.dtype();
      if (t.dim() == 0 && (dt == ScalarType::Bool || dt == ScalarType::UInt8)) {
        bool_index(t.item().to_bool());
      } else if (t.dim() == 0 && py::isinstance<Tensor>(it)) {
        r = select_checked(r, dim, t.item().to_int(), self_dim);  // a 0-d integer tensor selects (a view)
        self_dim++;
      } else {
        int64_t k = (dt == ScalarType::Bool || dt == ScalarType::UInt8) ? t.dim() : 1;
        if (static_cast<int64_t>(p.adv.size()) < dim) p.adv.resize(dim);
        p.adv.push_back(t);  // a mask stands for its k dims (pyt::index expands it)
        p.has_adv = true;
        dim += k;
        self_dim += k;
      }
    }
  }
  p.view = r;
  return p;
}

Tensor getitem(const Tensor& self, py::handle index) {
  // Fast paths: x[i], x[a:b:c], x[int_tensor].
  if (PyLong_Check(index.ptr()) && !PyBool_Check(index.ptr())) {
    PYT_CHECK(self.dim() > 0, IndexError, "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
              "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
    return select_checked(self, 0, int_of(index), 0);
  }
  if (PySlice_Check(index.ptr()) && self.dim() > 0) {
    Tensor r = slice_of(self, 0, index);
    return r.is_same(self) ? view(self, self.sizes()) : r;
  }
  if (py::isinstance<Tensor>(index)) {
    const Tensor& t = index.cast<const Tensor&>();
    if (t.dim() > 0 && is_integral_type(t.dtype(), false)) {
      py::gil_scoped_release g;
      return pyt::index(self, {t});
    }
  }
  ParsedIndex p = parse_index(self, index);
  if (p.has_adv) {
    py::gil_scoped_release g;
    return pyt::index(p.view, p.adv);
  }
  if (p.view.is_same(self)) return view(self, self.sizes());  // x[...] or x[()] is a view, not x itself
  return p.view;
}

// A number assigned by x[...] = value. torch converts it into a 0-d tensor of x's dtype first:
// checked for most dtypes, but float16/bfloat16 round an out-of-range value to +-inf.
Scalar setitem_scalar(py::handle value, ScalarType dtype) {
  Scalar s = to_scalar(value, "__setitem__");
  if (dtype == ScalarType::Float16) return Scalar(static_cast<double>(static_cast<float>(s.to<Half>())));
  if (dtype == ScalarType::BFloat16) return Scalar(static_cast<double>(static_cast<float>(s.to<BFloat16>())));
  return s;
}

// The value of x[...] = value as a tensor of dtype (leading size-1 dims dropped, as torch).
Tensor setitem_value(py::handle value, ScalarType dtype) {
  Tensor v;
  if (py::isinstance<Tensor>(value)) {
    v = value.cast<Tensor>();
    if (v.dtype() != dtype) v = to_dtype(v, dtype);
  } else if (is_number(value)) {
    v = scalar_tensor(to_scalar(value, "__setitem__"), dtype);
  } else {
    // As torch: a value is a tensor or a number; lists and arrays need pyt.tensor(...) first.
    py::handle tp = py::type::of(value);
    std::string mod = py::str(tp.attr("__module__")), name = py::str(tp.attr("__name__"));
    if (mod != "builtins") name = mod.substr(0, mod.find('.')) + "." + name;
    static const char* kinds[] = {"BoolTensor", "ByteTensor", "CharTensor", "ShortTensor", "IntTensor",
                                  "LongTensor", "HalfTensor", "BFloat16Tensor", "FloatTensor", "DoubleTensor"};
    throw TypeError(str("can't assign a ", name, " to a pyt.", kinds[static_cast<int>(dtype)],
                        " (the value of x[index] = value must be a Tensor or a number)"));
  }
  int64_t lead = 0;
  while (lead < v.dim() && v.sizes()[lead] == 1) ++lead;
  if (lead > 0) v = reshape(v, std::vector<int64_t>(v.sizes().begin() + lead, v.sizes().end()));
  return v;
}

void setitem(Tensor& self, py::handle index_in, py::handle value) {
  // A bare Python bool is basic indexing here (torch's THPVariable_setitem): x[False] = v
  // writes nothing, x[True] = v is x[None] = v (a copy_, which casts v).
  if (index_in.ptr() == Py_False) return;
  py::handle index = index_in.ptr() == Py_True ? py::handle(Py_None) : index_in;
  // x[mask] = number with a full-shape bool mask: one elementwise pass.
  if (py::isinstance<Tensor>(index) && index.cast<const Tensor&>().dtype() == ScalarType::Bool &&
      index.cast<const Tensor&>().sizes() == self.sizes() && is_number(value) && !self.requires_grad()) {
    Tensor filled = masked_fill(self, index.cast<const Tensor&>(), setitem_scalar(value, self.dtype()));
    copy_(self, filled);
    return;
  }
  ParsedIndex p = parse_index(self, index);
  Tensor dst = p.view;
  if (p.has_adv) {
    // A tensor value must have dst's dtype (torch's index_put_ raises otherwise).
    Tensor v = setitem_value(value, py::isinstance<Tensor>(value) ? value.cast<const Tensor&>().dtype() : dst.dtype());
    py::gil_scoped_release g;
    index_put_(dst, p.adv, v, false);
    return;
  }
  if (is_number(value) || (py::isinstance<Tensor>(value) && value.cast<const Tensor&>().dim() == 0 &&
                           !value.cast<const Tensor&>().requires_grad())) {
    // A 0-d tensor value is cast to dst's dtype (wrapping, as torch's copy_); a number is checked.
    fill_(dst, py::isinstance<Tensor>(value) ? to_dtype(value.cast<const Tensor&>(), dst.dtype()).item()
                                             : setitem_scalar(value, dst.dtype()));
    return;
  }
  Tensor v = setitem_value(value, dst.dtype());
  py::gil_scoped_release g;
  copy_(dst, v);
}

// Returns self's own Python object when an op handed back the same tensor (x.float() is x).
py::object same_or_new(py::handle self, const Tensor& r) {
  if (r.is_same(self.cast<const Tensor&>())) return py::reinterpret_borrow<py::object>(self);
  return py::cast(r);
}

template <typename F>
auto binop(F f, const char* name) {
  return [f, name](const Tensor& self, py::handle other) {
    Tensor o = to_operand(other, name);
    GIL g;
    return f(self, o);
  };
}
template <typename F>
auto rbinop(F f, const char* name) {
  return [f, name](const Tensor& self, py::handle other) {
    Tensor o = to_operand(other, name);
    GIL g;
    return f(o, self);
  };
}

// torch's deprecated add(Number alpha, Tensor other) / sub(...) overloads: alpha first, with a
// UserWarning (python_arg_parser.cpp's "This overload of add is deprecated").
Tensor deprecated_alpha_op(const Tensor& a, py::handle alpha, py::handle other, const char* op) {
  PYT_CHECK(!py::isinstance<Tensor>(alpha) || alpha.cast<const Tensor&>().dim() == 0, TypeError, op,
            "() takes 1 positional argument but 2 were given");
  std::string msg = str("This overload of ", op, " is deprecated:\n\t", op, "(Number alpha, Tensor other)\n"
                        "Consider using one of the following signatures instead:\n\t", op,
                        "(Tensor other, *, Number alpha = 1)");
  if (PyErr_WarnEx(PyExc_UserWarning, msg.c_str(), 1) < 0) throw py::error_already_set();
  Tensor o = to_operand(other, op);
  Scalar al = to_scalar(alpha, op);
  std::string name(op);
  GIL g;
  if (name == "add") return add(a, o, al);
  if (name == "sub") return sub(a, o, al);
  Tensor& m = const_cast<Tensor&>(a);
  return name == "add_" ? add_(m, o, al) : sub_(m, o, al);
}

// Operators (__add__, __eq__, ...) answer NotImplemented to an operand that is no tensor or
// number, as torch's TypeError_to_NotImplemented_: Python then tries the reflected operator
// and falls back to its default (t == None is False, t + None a TypeError naming both types).
template <bool Reflected, typename F>
auto dunder(F f, const char* name) {
  return [f, name](const Tensor& self, py::handle other) -> py::object {
    Tensor o;
    try {
      o = to_operand(other, name);
    } catch (const TypeError&) {
      return py::reinterpret_borrow<py::object>(Py_NotImplemented);
    }
    Tensor r;
    {
      GIL g;
      r = Reflected ? f(o, self) : f(self, o);
    }
    return py::cast(std::move(r));
  };
}

std::optional<std::vector<int64_t>> dims_arg(py::handle dim, const char* op) {
  if (dim.is_none()) return std::nullopt;
  return to_int_list(dim, op);
}

py::object minmax_method(const Tensor& self, py::handle dim, bool keepdim, bool is_max) {
  const char* op = is_max ? "max" : "min";
  if (dim.is_none()) {
    Tensor r;
    {
      GIL g;
      r = is_max ? max(self) : min(self);
    }
    return py::cast(r);
  }
  if (py::isinstance<Tensor>(dim)) {  // torch.max(a, b) == maximum
    Tensor o = dim.cast<Tensor>(), r;
    {
      GIL g;
      r = is_max ? maximum(self, o) : minimum(self, o);
    }
    return py::cast(r);
  }
  PYT_CHECK(PyLong_Check(dim.ptr()) || PyIndex_Check(dim.ptr()), TypeError, op,
            "() received an invalid combination of arguments - got (Tensor, ",
            std::string(py::str(py::type::of(dim).attr("__name__"))), "), but expected one of: (Tensor input, int dim, "
            "bool keepdim = False) or (Tensor input, Tensor other)");
  int64_t d = py::cast<int64_t>(dim);
  std::tuple<Tensor, Tensor> r;
  {
    GIL g;
    r = is_max ? max(self, d, keepdim) : min(self, d, keepdim);
  }
  py::object cls = py::module_::import("pyt.return_types").attr(op);
  return cls(std::get<0>(r), std::get<1>(r));
}

// Tensor.to with torch's three signatures: to(device=None, dtype=None, non_blocking=False,
// copy=False), to(dtype, non_blocking=False, copy=False), to(other, non_blocking=False,
// copy=False); memory_format is a keyword (handled in python/pyt/_memory_format.py).
Tensor to_method(const Tensor& self, py::args args, py::kwargs kwargs) {
  std::optional<ScalarType> dt;
  bool copy = false;
  auto invalid = [&]() {
    std::string got;
    for (py::handle a : args) got += str(got.empty() ? "" : ", ", std::string(py::str(py::type::of(a).attr("__name__"))));
    for (auto kv : kwargs)
      got += str(got.empty() ? "" : ", ", std::string(py::str(kv.first)), "=",
                 std::string(py::str(py::type::of(kv.second).attr("__name__"))));
    return TypeError(str("to() received an invalid combination of arguments - got (", got, "), but expected one of:\n"
                         " * (pyt.device device = None, pyt.dtype dtype = None, bool non_blocking = False, "
                         "bool copy = False, *, pyt.memory_format memory_format = None)\n"
                         " * (pyt.dtype dtype, bool non_blocking = False, bool copy = False, *, "
                         "pyt.memory_format memory_format = None)\n"
                         " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, "
                         "pyt.memory_format memory_format = None)"));
  };
  auto device = [&](py::handle a) {
    if (py::isinstance<Device>(a) || a.is_none()) return;  // cpu only; nothing to move
    if (PyLong_Check(a.ptr()) && !PyBool_Check(a.ptr()))
      throw RuntimeError(str("to(): device ", std::string(py::str(a)), " is an accelerator index, but pyt has "
                             "only the CPU backend; available devices: cpu"));
    std::string spec = a.cast<std::string>();
    if (spec.rfind("meta", 0) == 0)
      throw NotImplementedError(str("to(): cannot copy out of a tensor to the meta device: pyt has only the CPU "
                                    "backend; available devices: cpu"));
    Device d(spec);
    (void)d;
  };
  auto is_device = [](py::handle a) {
    return py::isinstance<Device>(a) || py::isinstance<py::str>(a) || (PyLong_Check(a.ptr()) && !PyBool_Check(a.ptr()));
  };
  size_t i = 0, n = args.size();
  if (i < n && is_device(args[i])) {
    device(args[i++]);
    if (i < n && py::isinstance<PyDType>(args[i])) dt = to_scalar_type(args[i++]);
  } else if (i < n && py::isinstance<PyDType>(args[i])) {
    dt = to_scalar_type(args[i++]);
  } else if (i < n && py::isinstance<Tensor>(args[i])) {
    dt = args[i++].cast<const Tensor&>().dtype();
  }
  if (i < n && PyBool_Check(args[i].ptr())) ++i;                               // non_blocking
  if (i < n && PyBool_Check(args[i].ptr())) copy = args[i++].ptr() == Py_True;  // copy
  if (i < n) throw invalid();
  for (auto kv : kwargs) {
    std::string k = py::str(kv.first);
    if (k == "dtype" && (kv.second.is_none() || py::isinstance<PyDType>(kv.second)) && !(n && !is_device(args[0])))
      dt = kv.second.is_none() ? dt : std::optional<ScalarType>(to_scalar_type(kv.second));
    else if (k == "device") device(kv.second);
    else if (k == "other" && py::isinstance<Tensor>(kv.second) && !n) dt = kv.second.cast<const Tensor&>().dtype();
    else if (k == "copy") copy = kv.second.cast<bool>();
    else if (k == "non_blocking" || k == "memory_format") continue;
    else if (k == "dtype" || k == "device" || k == "other") throw invalid();
    else throw TypeError(str("to() got an unexpected keyword argument '", k, "'"));
  }
  GIL g;
  if (!dt) return copy ? clone(self) : self;
  return to_dtype(self, *dt, copy);
}

// The Tensor type's original tp_dealloc (pybind11's), wrapped by tensor_dealloc.
destructor g_tensor_base_dealloc = nullptr;

// Clears the impl's record of this object (Note [One Python object per tensor] in common.h)
// before pybind11 frees it. Python subclasses (nn.Parameter) reach it through subtype_dealloc.
void tensor_dealloc(PyObject* self) {
  auto* inst = reinterpret_cast<py::detail::instance*>(self);
  auto v_h = inst->get_value_and_holder(nullptr, /*throw_if_missing=*/false);
  if (v_h && v_h.holder_constructed()) {
    auto* t = static_cast<Tensor*>(v_h.value_ptr());
    if (t && t->defined() && t->impl_ptr()->pyobj() == self) t->impl_ptr()->set_pyobj(nullptr);
  }
  g_tensor_base_dealloc(self);
}

}  // namespace

void install_tensor_identity(py::handle tensor_type) {
  auto* tp = reinterpret_cast<PyTypeObject*>(tensor_type.ptr());
  if (tp->tp_dealloc == &tensor_dealloc) return;
  g_tensor_base_dealloc = tp->tp_dealloc;
  tp->tp_dealloc = &tensor_dealloc;
}

void init_tensor(py::module_& m) {
  py::class_<Tensor> cls(m, "Tensor", py::dynamic_attr(), R"doc(
A multi-dimensional array of one dtype on one device, with autograd support (torch.Tensor).

Tensors are strided views of a reference-counted storage: views (``view``, slicing,
``transpose``, ``expand``...) share memory and a version counter with their base.

Example:
    >>> x = pyt.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    >>> (x * x).sum().backward(); x.grad
    tensor([[2., 4.],
            [6., 8.]])
)doc");
  install_tensor_identity(cls);
  // numpy defers to Tensor's reflected operators (np.float32(2) * t is a Tensor), as with torch.
  cls.attr("__array_priority__") = 1000;
  cls.def(py::init([](py::args args) {
        if (args.size() == 0) return empty({0}, get_default_dtype());  // Tensor() is tensor([]), as torch
        if (args.size() == 1 && py::isinstance<Tensor>(args[0])) return args[0].cast<Tensor>().detach();
        if (args.size() == 1 && !PyLong_Check(args[0].ptr()) && PySequence_Check(args[0].ptr())) {
          py::module_ np = py::module_::import("numpy");
          return tensor_from_numpy_copy(np.attr("asarray")(args[0], "float32"), get_default_dtype());
        }
        return empty(parse_shape(args, "Tensor"), get_default_dtype());
      }),
      "Tensor(other) aliases other's storage (used by nn.Parameter); Tensor(*sizes) is uninitialized; "
      "Tensor(list) copies data as the default dtype.");

  // ---- metadata
  cls.def_property_readonly("shape", [](const Tensor& t) { return make_size(t.sizes()); })
      .def("size", [](const Tensor& t, py::object dim) -> py::object {
        if (dim.is_none()) return make_size(t.sizes());
        return py::int_(t.size(py::cast<int64_t>(dim)));
      }, py::arg("dim") = py::none())
      .def("stride", [](const Tensor& t, py::object dim) -> py::object {
        if (dim.is_none()) return py::tuple(py::cast(t.strides()));  // torch: a tuple of ints
        return py::int_(t.stride(py::cast<int64_t>(dim)));
      }, py::arg("dim") = py::none())
      .def("storage_offset", &Tensor::storage_offset)
      .def("dim", &Tensor::dim)
      .def("ndimension", &Tensor::dim)
      .def_property_readonly("ndim", &Tensor::dim)
      .def("numel", &Tensor::numel)
      .def("nelement", &Tensor::numel)
      .def("element_size", [](const Tensor& t) { return t.element_size(); })
      .def_property_readonly("dtype", &Tensor::dtype)
      .def_property_readonly("device", &Tensor::device)
      .def_property_readonly("is_cuda", [](const Tensor&) { return false; })
      .def_property_readonly("layout", [](const Tensor&) { return "pyt.strided"; })
      .def("is_floating_point", &Tensor::is_floating_point)
      .def("is_contiguous", [](const Tensor& t, py::object) { return t.is_contiguous(); },
           py::arg("memory_format") = py::none())
      .def("data_ptr", [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.data_ptr()); })
      .def_property_readonly("_version", [](const Tensor& t) {
        PYT_CHECK(!t.impl()->is_inference(), RuntimeError, "Inference tensors do not track version counter.");
        return t._version();
      })
      .def("is_inference", [](const Tensor& t) { return t.impl()->is_inference(); },
           "True for an inference tensor: allocated in pyt.inference_mode() (or a view of one); such a tensor "
           "cannot be saved for backward or updated in place outside inference mode (torch.Tensor.is_inference).")
      .def("__len__", [](const Tensor& t) {
        PYT_CHECK(t.dim() > 0, TypeError, "len() of a 0-d tensor");
        return t.sizes()[0];
      })
      .def("__hash__", [](py::handle self) { return py::hash(py::int_(reinterpret_cast<uintptr_t>(self.ptr()))); });

  // ---- conversion
  cls.def("item", [](const Tensor& t) { return scalar_to_py(t.item()); })
      .def("tolist", [](const Tensor& t) {
        Tensor c = t.detach();
        return tolist_rec(static_cast<const char*>(c.data_ptr()), c.sizes(), c.strides(), 0, c.dtype());
      })
      .def("numpy", [](const Tensor& t, bool force) { return tensor_to_numpy(t, force); }, py::arg("force") = false)
      .def("__array__", [](const Tensor& t, py::object dtype, py::object) -> py::object {
        py::array a = tensor_to_numpy(t, false);
        if (!dtype.is_none()) return a.attr("astype")(dtype);
        return std::move(a);
      }, py::arg("dtype") = py::none(), py::arg("copy") = py::none())
      .def("to", [](py::handle self, py::args args, py::kwargs kwargs) {
        return same_or_new(self, to_method(self.cast<const Tensor&>(), args, kwargs));
      })
      .def("type", [](const Tensor& t, py::object dtype) -> py::object {
        if (dtype.is_none()) {
          static const char* names[] = {"BoolTensor", "ByteTensor", "CharTensor", "ShortTensor", "IntTensor",
                                        "LongTensor", "HalfTensor", "BFloat16Tensor", "FloatTensor", "DoubleTensor"};
          return py::str(std::string("pyt.") + names[static_cast<int>(t.dtype())]);
        }
        return py::cast(to_dtype(t, to_scalar_type(dtype)));
      }, py::arg("dtype") = py::none())
      .def("float", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::Float32)); })
      .def("double", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::Float64)); })
      .def("half", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::Float16)); })
      .def("bfloat16", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::BFloat16)); })
      .def("long", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::Int64)); })
      .def("int", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::Int32)); })
      .def("short", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::Int16)); })
      .def("char", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::Int8)); })
      .def("byte", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::UInt8)); })
      .def("bool", [](py::handle self) { return same_or_new(self, to_dtype(self.cast<const Tensor&>(), ScalarType::Bool)); })
      .def("cpu", [](py::handle self) { return py::reinterpret_borrow<py::object>(self); })
      .def("contiguous", [](py::handle self, py::object) { return same_or_new(self, contiguous(self.cast<const Tensor&>())); },
           py::arg("memory_format") = py::none())
      .def("clone", [](const Tensor& t, py::object) { GIL g; return clone(t); }, py::arg("memory_format") = py::none())
      .def("__bool__", [](const Tensor& t) {
        PYT_CHECK(t.numel() == 1, RuntimeError, "Boolean value of Tensor with ", t.numel() == 0 ? "no" : "more than one",
                  " value", t.numel() == 0 ? "s" : "", " is ambiguous");
        return t.item().to_bool();
      })
      .def("__float__", [](const Tensor& t) {
        PYT_CHECK(t.numel() == 1, ValueError, "only one element tensors can be converted to Python scalars");
        return t.item().to_double();
      })
      .def("__int__", [](const Tensor& t) {
        PYT_CHECK(t.numel() == 1, ValueError, "only one element tensors can be converted to Python scalars");
        return t.item().to_int();
      })
      .def("__index__", [](const Tensor& t) {
        PYT_CHECK(t.numel() == 1 && is_integral_type(t.dtype(), false), TypeError,
                  "only integer tensors of a single element can be converted to an index");
        return t.item().to_int();
      })
      .def("__repr__", [](py::handle self) { return py::module_::import("pyt._tensor_str").attr("_str")(self); })
      .def("__str__", [](py::handle self) { return py::module_::import("pyt._tensor_str").attr("_str")(self); })
      .def("__format__", [](py::handle self, const std::string& spec) -> py::object {
        const Tensor& t = self.cast<const Tensor&>();
        if (t.dim() == 0) return py::module_::import("builtins").attr("format")(scalar_to_py(t.item()), spec);
        // As torch (object.__format__): only the empty spec for a tensor of one or more dims.
        PYT_CHECK(spec.empty(), TypeError, "unsupported format string passed to Tensor.__format__ (format spec '",
                  spec, "' applies to 0-d tensors only; got a tensor of shape ", t.shape_str(), ")");
        return py::str(self);
      })
      .def("__getitem__", [](const Tensor& t, py::handle idx) { return getitem(t, idx); })
      .def("__setitem__", [](Tensor& t, py::handle idx, py::handle v) { setitem(t, idx, v); })
      .def("__iter__", [](const Tensor& t) {
        PYT_CHECK(t.dim() > 0, TypeError, "iteration over a 0-d tensor");
        py::list parts;
        for (int64_t i = 0; i < t.sizes()[0]; ++i) parts.append(select(t, 0, i));
        return py::iter(parts);
      });

  // ---- autograd
  cls.def_property("requires_grad", &Tensor::requires_grad, [](Tensor& t, bool r) { t.set_requires_grad(r); })
      .def("requires_grad_", [](Tensor& t, bool r) -> Tensor& { return t.set_requires_grad(r); },
           py::arg("requires_grad") = true, py::return_value_policy::reference_internal)
      .def_property("grad", [](const Tensor& t) -> py::object {
        Tensor g = t.grad();
        if (g.defined()) return py::cast(g);
        AutogradMeta* m = t.impl()->autograd_meta();
        if (m && !t.is_leaf() && !(m->retained_grad)) {
          if (PyErr_WarnEx(PyExc_UserWarning, "The .grad attribute of a Tensor that is not a leaf Tensor is being "
                           "accessed. Its .grad attribute won't be populated during autograd.backward(). If you "
                           "indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on "
                           "the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access "
                           "the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.",
                           1) < 0)
            throw py::error_already_set();
        }
        return py::none();
      }, [](Tensor& t, py::object g) {
        PYT_CHECK(g.is_none() || py::isinstance<Tensor>(g), TypeError, "assigned grad expected to be a Tensor or "
                  "None but got grad of type ", std::string(py::str(py::type::of(g).attr("__name__"))));
        t.set_grad(g.is_none() ? Tensor() : g.cast<Tensor>());
      })
      .def_property_readonly("grad_fn", [](const Tensor& t) -> py::object {
        return node_to_py(t.grad_fn());
      })
      .def_property_readonly("is_leaf", &Tensor::is_leaf)
      .def("retain_grad", [](const Tensor& t) { autograd::retain_grad(t); },
           "Keeps .grad of a non-leaf tensor after backward (torch.Tensor.retain_grad).")
      .def_property_readonly("retains_grad", [](const Tensor& t) {
        AutogradMeta* m = t.impl()->autograd_meta();
        return m && m->retained_grad && !t.is_leaf();
      })
      .def_property_readonly("output_nr", &Tensor::output_nr)
      .def("_is_view", [](const Tensor& t) { return t.impl()->is_view(); },
           "True when this tensor is a view of another (shares its storage through a view op).")
      .def_property_readonly("_base", [](const Tensor& t) -> py::object {
        if (!t.impl()->is_view()) return py::none();
        return py::cast(Tensor(t.impl()->view_base()));
      }, "The tensor this view was taken from (the root of a chain of views), or None.")
      .def("detach", &Tensor::detach)
      .def("detach_", [](Tensor& t) -> Tensor& {
        PYT_CHECK(!autograd::is_differentiable_view(t), RuntimeError, "Can't detach views in-place. Use detach() "
                  "instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view "
                  "is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these "
                  "gradients. To fix this error, please refer to the Optimizer.zero_grad() function in "
                  "torch/optim/optimizer.py as the solution.");
        if (auto* m = t.impl()->autograd_meta()) {
          m->grad_fn.reset();
          m->requires_grad = false;
          m->output_nr = 0;
        }
        return t;
      }, py::return_value_policy::reference_internal)
      .def_property("data", [](const Tensor& t) {
        // torch's .data: an alias with no history and a version counter of its own, so that
        // in-place writes through it are invisible to autograd's checks (unlike detach()).
        const TensorImpl* i = t.impl();
        auto alias = make_intrusive<TensorImpl>(i->storage(), t.dtype(), t.sizes(), t.strides(), t.storage_offset());
        alias->set_inference(i->is_inference());
        return Tensor(std::move(alias));
      }, [](Tensor& t, const Tensor& other) {
        // Replace this tensor's contents with other's (shallow: same storage), keeping autograd identity.
        PYT_CHECK(!t.requires_grad() || is_floating_type(other.dtype()), RuntimeError,
                  "data set to a tensor that requires gradients must be floating point; got ",
                  scalar_type_name(other.dtype()));
        t.impl()->set_data(other.impl()->storage(), other.dtype(), other.sizes(), other.strides(),
                           other.storage_offset());
      })
      .def("backward", [](const Tensor& t, py::object gradient, py::object retain_graph, bool create_graph, py::object inputs) {
        if (!gradient.is_none() && !py::isinstance<Tensor>(gradient))
          throw TypeError(str("gradients can be either Tensors or None, but got ",
                              std::string(py::str(py::type::of(gradient).attr("__name__")))));
        if (!inputs.is_none()) {  // accumulate only into inputs: pyt.autograd.backward does it
          py::module_::import("pyt.autograd").attr("backward")(
              py::cast(t), py::arg("grad_tensors") = gradient, py::arg("retain_graph") = retain_graph,
              py::arg("create_graph") = create_graph, py::arg("inputs") = inputs);
          return;
        }
        Tensor g = gradient.is_none() ? Tensor() : gradient.cast<Tensor>();
        bool keep = retain_graph.is_none() ? create_graph : retain_graph.cast<bool>();
        GIL gil;
        autograd::run_backward({t}, {g}, keep, create_graph);
      }, py::arg("gradient") = py::none(), py::arg("retain_graph") = py::none(), py::arg("create_graph") = false,
         py::arg("inputs") = py::none());

  // ---- in-place state
  cls.def("zero_", [](Tensor& t) -> Tensor& { return zero_(t); }, py::return_value_policy::reference_internal)
      .def("resize_", [](Tensor& t, py::args sizes, py::kwargs kwargs) -> Tensor& {
        for (auto kv : kwargs)
          PYT_CHECK(std::string(py::str(kv.first)) == "memory_format", TypeError,
                    "resize_() got an unexpected keyword argument '", std::string(py::str(kv.first)), "'");
        return resize_(t, parse_shape(sizes, "resize_"));
      }, py::return_value_policy::reference_internal,
         "Resizes this tensor in place (torch.Tensor.resize_): see pyt::resize_ in ops/ops.h.")
      .def("resize_as_", [](Tensor& t, const Tensor& other, py::object) -> Tensor& {
        return resize_(t, other.sizes());
      }, py::arg("the_template"), py::arg("memory_format") = py::none(), py::return_value_policy::reference_internal,
         "Resizes this tensor in place to other's shape (torch.Tensor.resize_as_).")
      .def("fill_", [](Tensor& t, py::handle v) -> Tensor& {
        if (py::isinstance<Tensor>(v)) {
          const Tensor& val = v.cast<const Tensor&>();
          PYT_CHECK(val.dim() == 0, RuntimeError, "fill_ only supports 0-dimension value tensor but got tensor with ",
                    val.dim(), " dimensions (shape ", val.shape_str(), ").");
          // cast to t's dtype first (wrapping, as torch's copy); a number is checked
          return fill_(t, to_dtype(val, t.dtype()).item());
        }
        return fill_(t, to_scalar(v, "fill_"));
      }, py::return_value_policy::reference_internal)
      .def("copy_", [](Tensor& t, const Tensor& src, bool) -> Tensor& { GIL g; return copy_(t, src); },
           py::arg("src"), py::arg("non_blocking") = false, py::return_value_policy::reference_internal)
      .def("uniform_", [](Tensor& t, double a, double b, py::object gen) -> Tensor& {
        return uniform_(t, a, b, to_generator(gen));
      }, py::arg("from") = 0.0, py::arg("to") = 1.0, py::kw_only(), py::arg("generator") = py::none(),
         py::return_value_policy::reference_internal)
      .def("normal_", [](Tensor& t, double mean, double std, py::object gen) -> Tensor& {
        return normal_(t, mean, std, to_generator(gen));
      }, py::arg("mean") = 0.0, py::arg("std") = 1.0, py::kw_only(), py::arg("generator") = py::none(),
         py::return_value_policy::reference_internal)
      .def("bernoulli_", [](Tensor& t, double p, py::object gen) -> Tensor& {
        return bernoulli_(t, p, to_generator(gen));
      }, py::arg("p") = 0.5, py::kw_only(), py::arg("generator") = py::none(),
         py::return_value_policy::reference_internal);

  // ---- arithmetic (methods and operators)
#define PYT_BINARY_METHODS(NAME, FN)                                                                     \
  cls.def(NAME, binop([](const Tensor& a, const Tensor& b) { return FN(a, b); }, NAME), py::arg("other"));
  cls.def("add", [](const Tensor& a, py::handle b, py::handle alpha) {
        Tensor o = to_operand(b, "add");
        Scalar al = to_scalar(alpha, "add");
        GIL g;
        return add(a, o, al);
      }, py::arg("other"), py::kw_only(), py::arg("alpha") = 1)
      .def("sub", [](const Tensor& a, py::handle b, py::handle alpha) {
        Tensor o = to_operand(b, "sub");
        Scalar al = to_scalar(alpha, "sub");
        GIL g;
        return sub(a, o, al);
      }, py::arg("other"), py::kw_only(), py::arg("alpha") = 1)
      .def("add_", [](Tensor& a, py::handle b, py::handle alpha) -> Tensor& {
        Tensor o = to_operand(b, "add_");
        Scalar al = to_scalar(alpha, "add_");
        GIL g;
        return add_(a, o, al);
      }, py::arg("other"), py::kw_only(), py::arg("alpha") = 1, py::return_value_policy::reference_internal)
      .def("sub_", [](Tensor& a, py::handle b, py::handle alpha) -> Tensor& {
        Tensor o = to_operand(b, "sub_");
        Scalar al = to_scalar(alpha, "sub_");
        GIL g;
        return sub_(a, o, al);
      }, py::arg("other"), py::kw_only(), py::arg("alpha") = 1, py::return_value_policy::reference_internal)
      .def("add", [](const Tensor& a, py::handle alpha, py::handle other) {
        return deprecated_alpha_op(a, alpha, other, "add");
      }, py::arg("alpha"), py::arg("other"))
      .def("sub", [](const Tensor& a, py::handle alpha, py::handle other) {
        return deprecated_alpha_op(a, alpha, other, "sub");
      }, py::arg("alpha"), py::arg("other"))
      .def("add_", [](py::handle self, py::handle alpha, py::handle other) {
        deprecated_alpha_op(self.cast<const Tensor&>(), alpha, other, "add_");
        return py::reinterpret_borrow<py::object>(self);
      }, py::arg("alpha"), py::arg("other"))
      .def("sub_", [](py::handle self, py::handle alpha, py::handle other) {
        deprecated_alpha_op(self.cast<const Tensor&>(), alpha, other, "sub_");
        return py::reinterpret_borrow<py::object>(self);
      }, py::arg("alpha"), py::arg("other"))
      .def("div", [](const Tensor& a, py::handle b, py::object rounding_mode) {
        Tensor o = to_operand(b, "div");
        std::string rm = rounding_mode.is_none() ? "" : rounding_mode.cast<std::string>();
        GIL g;
        return div(a, o, rm);
      }, py::arg("other"), py::kw_only(), py::arg("rounding_mode") = py::none())
      .def("div_", [](Tensor& a, py::handle b, py::object rounding_mode) -> Tensor& {
        Tensor o = to_operand(b, "div_");
        std::string rm = rounding_mode.is_none() ? "" : rounding_mode.cast<std::string>();
        GIL g;
        return div_(a, o, rm);
      }, py::arg("other"), py::kw_only(), py::arg("rounding_mode") = py::none(),
         py::return_value_policy::reference_internal)
      .def("mul_", [](Tensor& a, py::handle b) -> Tensor& {
        Tensor o = to_operand(b, "mul_");
        GIL g;
        return mul_(a, o);
      }, py::arg("other"), py::return_value_policy::reference_internal)
      .def("pow_", [](Tensor& a, py::handle b) -> Tensor& {
        Tensor o = to_operand(b, "pow_");
        GIL g;
        return pow_(a, o);
      }, py::arg("exponent"), py::return_value_policy::reference_internal);
  PYT_BINARY_METHODS("mul", mul)
  PYT_BINARY_METHODS("maximum", maximum)
  PYT_BINARY_METHODS("remainder", remainder)
  PYT_BINARY_METHODS("bitwise_and", bitwise_and)
  PYT_BINARY_METHODS("bitwise_or", bitwise_or)
  PYT_BINARY_METHODS("bitwise_xor", bitwise_xor)
  PYT_BINARY_METHODS("minimum", minimum)
  PYT_BINARY_METHODS("eq", eq)
  PYT_BINARY_METHODS("ne", ne)
  PYT_BINARY_METHODS("lt", lt)
  PYT_BINARY_METHODS("le", le)
  PYT_BINARY_METHODS("gt", gt)
  PYT_BINARY_METHODS("ge", ge)
  cls.def("pow", binop([](const Tensor& a, const Tensor& b) { return pow(a, b); }, "pow"), py::arg("exponent"));
  cls.def("__add__", dunder<false>([](const Tensor& a, const Tensor& b) { return add(a, b); }, "add"))
      .def("__radd__", dunder<true>([](const Tensor& a, const Tensor& b) { return add(a, b); }, "add"))
      .def("__iadd__", [](Tensor& a, py::handle b) -> Tensor& { Tensor o = to_operand(b, "add_"); return add_(a, o); },
           py::return_value_policy::reference_internal)
      .def("__sub__", dunder<false>([](const Tensor& a, const Tensor& b) { return sub(a, b); }, "sub"))
      .def("__rsub__", dunder<true>([](const Tensor& a, const Tensor& b) { return sub(a, b); }, "sub"))
      .def("__isub__", [](Tensor& a, py::handle b) -> Tensor& { Tensor o = to_operand(b, "sub_"); return sub_(a, o); },
           py::return_value_policy::reference_internal)
      .def("__mul__", dunder<false>([](const Tensor& a, const Tensor& b) { return mul(a, b); }, "mul"))
      .def("__rmul__", dunder<true>([](const Tensor& a, const Tensor& b) { return mul(a, b); }, "mul"))
      .def("__imul__", [](Tensor& a, py::handle b) -> Tensor& { Tensor o = to_operand(b, "mul_"); return mul_(a, o); },
           py::return_value_policy::reference_internal)
      .def("__truediv__", dunder<false>([](const Tensor& a, const Tensor& b) { return div(a, b); }, "div"))
      .def("__rtruediv__", dunder<true>([](const Tensor& a, const Tensor& b) { return div(a, b); }, "div"))
      .def("__itruediv__", [](Tensor& a, py::handle b) -> Tensor& { Tensor o = to_operand(b, "div_"); return div_(a, o); },
           py::return_value_policy::reference_internal)
      .def("__floordiv__", dunder<false>([](const Tensor& a, const Tensor& b) { return div(a, b, "floor"); }, "floor_divide"))
      .def("__rfloordiv__", dunder<true>([](const Tensor& a, const Tensor& b) { return div(a, b, "floor"); }, "floor_divide"))
      .def("__pow__", dunder<false>([](const Tensor& a, const Tensor& b) { return pow(a, b); }, "pow"))
      .def("__rpow__", dunder<true>([](const Tensor& a, const Tensor& b) { return pow(a, b); }, "pow"))
      .def("__ipow__", [](Tensor& a, py::handle b) -> Tensor& { Tensor o = to_operand(b, "pow_"); return pow_(a, o); },
           py::return_value_policy::reference_internal)
      .def("__matmul__", [](const Tensor& a, const Tensor& b) { GIL g; return matmul(a, b); })
      .def("__rmatmul__", [](const Tensor& a, py::handle b) -> py::object {
        // As torch: `ndarray @ tensor` is no operation (Python then raises its TypeError).
        if (!py::isinstance<Tensor>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        Tensor r;
        {
          GIL g;
          r = matmul(b.cast<const Tensor&>(), a);
        }
        return py::cast(std::move(r));
      })
      .def("__mod__", dunder<false>([](const Tensor& a, const Tensor& b) { return remainder(a, b); }, "remainder"))
      .def("__rmod__", dunder<true>([](const Tensor& a, const Tensor& b) { return remainder(a, b); }, "remainder"))
      .def("__and__", dunder<false>([](const Tensor& a, const Tensor& b) { return bitwise_and(a, b); }, "bitwise_and"))
      .def("__rand__", dunder<true>([](const Tensor& a, const Tensor& b) { return bitwise_and(a, b); }, "bitwise_and"))
      .def("__or__", dunder<false>([](const Tensor& a, const Tensor& b) { return bitwise_or(a, b); }, "bitwise_or"))
      .def("__ror__", dunder<true>([](const Tensor& a, const Tensor& b) { return bitwise_or(a, b); }, "bitwise_or"))
      .def("__xor__", dunder<false>([](const Tensor& a, const Tensor& b) { return bitwise_xor(a, b); }, "bitwise_xor"))
      .def("__rxor__", dunder<true>([](const Tensor& a, const Tensor& b) { return bitwise_xor(a, b); }, "bitwise_xor"))
      .def("__invert__", [](const Tensor& a) {
        PYT_CHECK(!is_floating_type(a.dtype()), TypeError,
                  "~ (operator.invert) is only implemented on integer and Boolean-type tensors (got ", a.describe(), ")");
        return bitwise_not(a);
      })
      .def("bitwise_not", [](const Tensor& a) { return bitwise_not(a); })
      .def("__neg__", [](const Tensor& a) { return neg(a); })
      .def("__pos__", [](py::handle self) { return py::reinterpret_borrow<py::object>(self); })
      .def("__abs__", [](const Tensor& a) { return abs(a); })
      .def("__eq__", dunder<false>([](const Tensor& a, const Tensor& b) { return eq(a, b); }, "eq"))
      .def("__ne__", dunder<false>([](const Tensor& a, const Tensor& b) { return ne(a, b); }, "ne"))
      .def("__lt__", dunder<false>([](const Tensor& a, const Tensor& b) { return lt(a, b); }, "lt"))
      .def("__le__", dunder<false>([](const Tensor& a, const Tensor& b) { return le(a, b); }, "le"))
      .def("__gt__", dunder<false>([](const Tensor& a, const Tensor& b) { return gt(a, b); }, "gt"))
      .def("__ge__", dunder<false>([](const Tensor& a, const Tensor& b) { return ge(a, b); }, "ge"));
#undef PYT_BINARY_METHODS

  // ---- unary
#define PYT_UNARY(NAME)                                                                          \
  cls.def(#NAME, [](const Tensor& t) { GIL g; return NAME(t); });                               \
  cls.def(#NAME "_", [](Tensor& t) -> Tensor& { GIL g; return NAME##_(t); },                    \
          py::return_value_policy::reference_internal);
  PYT_UNARY(neg)
  PYT_UNARY(exp)
  PYT_UNARY(log)
  PYT_UNARY(sqrt)
  PYT_UNARY(abs)
  PYT_UNARY(relu)
  PYT_UNARY(sigmoid)
  PYT_UNARY(tanh)
#undef PYT_UNARY
  cls.def("sign", [](const Tensor& t) { return sign(t); });
  cls.def("clamp", [](const Tensor& t, py::object lo, py::object hi) {
        if (py::isinstance<Tensor>(lo) || py::isinstance<Tensor>(hi)) {
          Tensor l = lo.is_none() ? Tensor() : to_operand(lo, "clamp");
          Tensor h = hi.is_none() ? Tensor() : to_operand(hi, "clamp");
          GIL g;
          return clamp(t, l, h);
        }
        OptScalar l = lo.is_none() ? OptScalar() : OptScalar(to_scalar(lo, "clamp"));
        OptScalar h = hi.is_none() ? OptScalar() : OptScalar(to_scalar(hi, "clamp"));
        GIL g;
        return clamp(t, l, h);
      }, py::arg("min") = py::none(), py::arg("max") = py::none())
      .def("clamp_", [](Tensor& t, py::object lo, py::object hi) -> Tensor& {
        OptScalar l = lo.is_none() ? OptScalar() : OptScalar(to_scalar(lo, "clamp_"));
        OptScalar h = hi.is_none() ? OptScalar() : OptScalar(to_scalar(hi, "clamp_"));
        GIL g;
        return clamp_(t, l, h);
      }, py::arg("min") = py::none(), py::arg("max") = py::none(), py::return_value_policy::reference_internal);

  // ---- reductions
  cls.def("sum", [](const Tensor& t, py::handle dim, bool keepdim, std::optional<ScalarType> dtype) {
        auto d = dims_arg(dim, "sum");
        GIL g;
        return sum(t, d, keepdim, dtype);
      }, py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dtype") = py::none())
      .def("mean", [](const Tensor& t, py::handle dim, bool keepdim, std::optional<ScalarType> dtype) {
        auto d = dims_arg(dim, "mean");
        GIL g;
        return mean(t, d, keepdim, dtype);
      }, py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dtype") = py::none())
      .def("max", [](const Tensor& t, py::handle dim, bool keepdim) { return minmax_method(t, dim, keepdim, true); },
           py::arg("dim") = py::none(), py::arg("keepdim") = false)
      .def("min", [](const Tensor& t, py::handle dim, bool keepdim) { return minmax_method(t, dim, keepdim, false); },
           py::arg("dim") = py::none(), py::arg("keepdim") = false)
      .def("argmax", [](const Tensor& t, std::optional<int64_t> dim, bool keepdim) { return argmax(t, dim, keepdim); },
           py::arg("dim") = py::none(), py::arg("keepdim") = false)
      .def("argmin", [](const Tensor& t, std::optional<int64_t> dim, bool keepdim) { return argmin(t, dim, keepdim); },
           py::arg("dim") = py::none(), py::arg("keepdim") = false)
      .def("softmax", [](const Tensor& t, int64_t dim, std::optional<ScalarType> dtype) { GIL g; return softmax(t, dim, dtype); },
           py::arg("dim"), py::arg("dtype") = py::none())
      .def("log_softmax", [](const Tensor& t, int64_t dim, std::optional<ScalarType> dtype) {
        GIL g;
        return log_softmax(t, dim, dtype);
      }, py::arg("dim"), py::arg("dtype") = py::none());

  // ---- linear algebra
  cls.def("matmul", [](const Tensor& a, const Tensor& b) { GIL g; return matmul(a, b); }, py::arg("other"))
      .def("mm", [](const Tensor& a, const Tensor& b) { GIL g; return mm(a, b); }, py::arg("mat2"))
      .def("bmm", [](const Tensor& a, const Tensor& b) { GIL g; return bmm(a, b); }, py::arg("mat2"))
      .def("dot", [](const Tensor& a, const Tensor& b) { GIL g; return dot(a, b); }, py::arg("tensor"))
      .def("mv", [](const Tensor& a, const Tensor& b) { GIL g; return mv(a, b); }, py::arg("vec"))
      .def("outer", [](const Tensor& a, const Tensor& b) { GIL g; return outer(a, b); }, py::arg("vec2"));

  // ---- shape
  cls.def("t", [](const Tensor& x) { return t(x); })
      .def_property_readonly("T", [](const Tensor& x) {
        std::vector<int64_t> perm;
        for (int64_t d = x.dim() - 1; d >= 0; --d) perm.push_back(d);
        return permute(x, perm);
      })
      .def_property_readonly("mT", [](const Tensor& x) {
        PYT_CHECK(x.dim() >= 2, RuntimeError, "tensor.mT is only supported on matrices or batches of matrices. Got ",
                  x.dim(), "-D tensor.");
        return transpose(x, -2, -1);
      })
      .def("transpose", [](const Tensor& x, int64_t a, int64_t b) { return transpose(x, a, b); }, py::arg("dim0"),
           py::arg("dim1"))
      .def("permute", [](const Tensor& x, py::args dims) {
        PYT_CHECK(dims.size() > 0, TypeError, "permute() missing 1 required positional arguments: \"dims\"");
        return permute(x, parse_shape(dims, "permute"));
      })
      .def("view", [](const Tensor& x, py::args shape) {
        if (shape.size() == 1 && (py::isinstance<PyDType>(shape[0])))  // view(dtype): tmeta.h
          return view_dtype(x, shape[0].cast<const PyDType&>().st);
        return view(x, parse_shape(shape, "view"));
      })
      .def("view_as", [](const Tensor& x, const Tensor& o) { return view(x, o.sizes()); }, py::arg("other"))
      .def("reshape", [](const Tensor& x, py::args shape) { return reshape(x, parse_shape(shape, "reshape")); })
      .def("reshape_as", [](const Tensor& x, const Tensor& o) { return reshape(x, o.sizes()); }, py::arg("other"))
      .def("flatten", [](const Tensor& x, int64_t s, int64_t e) { return flatten(x, s, e); }, py::arg("start_dim") = 0,
           py::arg("end_dim") = -1)
      .def("squeeze", [](const Tensor& x, py::handle dim) { return squeeze(x, dims_arg(dim, "squeeze")); },
           py::arg("dim") = py::none())
      .def("unsqueeze", [](const Tensor& x, int64_t d) { return unsqueeze(x, d); }, py::arg("dim"))
      .def("expand", [](const Tensor& x, py::args sizes) { return expand(x, parse_shape(sizes, "expand")); })
      .def("expand_as", [](const Tensor& x, const Tensor& o) { return expand(x, o.sizes()); }, py::arg("other"))
      .def("select", [](const Tensor& x, int64_t d, int64_t i) { return select(x, d, i); }, py::arg("dim"),
           py::arg("index"))
      .def("narrow", [](const Tensor& x, int64_t d, py::handle start, int64_t length) {
        // start may be a 0-d integer tensor, as in torch.
        int64_t s = py::isinstance<Tensor>(start) ? start.cast<const Tensor&>().item().to_int() : start.cast<int64_t>();
        return narrow(x, d, s, length);
      }, py::arg("dim"), py::arg("start"), py::arg("length"))
      .def("index_select", [](const Tensor& x, int64_t d, const Tensor& i) { GIL g; return index_select(x, d, i); },
           py::arg("dim"), py::arg("index"))
      .def("gather", [](const Tensor& x, int64_t d, const Tensor& i) { GIL g; return gather(x, d, i); }, py::arg("dim"),
           py::arg("index"))
      .def("scatter_add", [](const Tensor& x, int64_t d, const Tensor& i, const Tensor& s) {
        GIL g;
        return scatter_add(x, d, i, s);
      }, py::arg("dim"), py::arg("index"), py::arg("src"))
      .def("scatter", [](const Tensor& x, int64_t d, const Tensor& i, py::handle src, py::handle value,
                         std::optional<std::string> reduce) {
        if (!src.is_none() && !py::isinstance<Tensor>(src) && value.is_none()) std::swap(src, value);  // scatter(d, i, 1.5)
        PYT_CHECK(src.is_none() != value.is_none(), TypeError, "scatter(): expected exactly one of src or value");
        Tensor s = !src.is_none() ? src.cast<Tensor>()
                                  : expand(scalar_tensor(to_scalar(value, "scatter"), x.dtype()), i.sizes());
        if (reduce) {  // torch's legacy reduce argument (Note in Tensor.scatter_'s binding)
          const char* how = legacy_scatter_reduce(*reduce, !src.is_none());
          GIL g;
          return scatter_reduce(x, d, i, s, how, true);
        }
        GIL g;
        return scatter(x, d, i, s);
      }, py::arg("dim"), py::arg("index"), py::arg("src") = py::none(), py::kw_only(), py::arg("value") = py::none(),
         py::arg("reduce") = py::none())
      .def("take_along_dim", [](const Tensor& x, const Tensor& i, std::optional<int64_t> d) {
        GIL g;
        return take_along_dim(x, i, d);
      }, py::arg("indices"), py::arg("dim") = py::none())
      .def("index_add", [](const Tensor& x, int64_t d, const Tensor& i, const Tensor& s, py::handle alpha) {
        Scalar al = to_scalar(alpha, "index_add");
        GIL g;
        return index_add(x, d, i, s, al);
      }, py::arg("dim"), py::arg("index"), py::arg("source"), py::kw_only(), py::arg("alpha") = 1)
      .def("nonzero", [](const Tensor& x, bool as_tuple) -> py::object {
        Tensor nz = nonzero(x);
        if (!as_tuple) return py::cast(nz);
        // as_tuple: one 1-d index tensor per dim (a 0-d input counts as one dim).
        py::tuple out(std::max<int64_t>(x.dim(), 1));
        if (x.dim() == 0) out[0] = py::cast(zeros({nz.sizes()[0]}, ScalarType::Int64));
        for (int64_t k = 0; k < x.dim(); ++k) out[k] = py::cast(contiguous(select(nz, 1, k)));
        return out;
      }, py::kw_only(), py::arg("as_tuple") = false)
      .def("masked_select", [](const Tensor& x, const Tensor& m) { return masked_select(x, m); }, py::arg("mask"))
      .def("masked_fill", [](const Tensor& x, const Tensor& m, py::handle v) {
        PYT_CHECK(!py::isinstance<Tensor>(v) || v.cast<const Tensor&>().dim() == 0, RuntimeError,
                  "masked_fill only supports a 0-dimensional value tensor, but got tensor with ",
                  py::isinstance<Tensor>(v) ? v.cast<const Tensor&>().dim() : 0, " dimension(s).");
        return masked_fill(x, m, to_scalar(v, "masked_fill"));
      }, py::arg("mask"), py::arg("value"))
      .def("new_zeros", [](const Tensor& x, py::args size, std::optional<ScalarType> dt) {
        return zeros(parse_shape(size, "new_zeros"), dt.value_or(x.dtype()));
      }, py::kw_only(), py::arg("dtype") = py::none())
      .def("new_ones", [](const Tensor& x, py::args size, std::optional<ScalarType> dt) {
        return ones(parse_shape(size, "new_ones"), dt.value_or(x.dtype()));
      }, py::kw_only(), py::arg("dtype") = py::none())
      .def("new_empty", [](const Tensor& x, py::args size, std::optional<ScalarType> dt) {
        return empty(parse_shape(size, "new_empty"), dt.value_or(x.dtype()));
      }, py::kw_only(), py::arg("dtype") = py::none())
      .def("new_full", [](const Tensor& x, py::handle size, py::handle v, std::optional<ScalarType> dt) {
        return full(to_int_list(size, "new_full"), to_scalar(v, "new_full"), dt.value_or(x.dtype()));
      }, py::arg("size"), py::arg("fill_value"), py::kw_only(), py::arg("dtype") = py::none());

  m.def("from_numpy", &tensor_from_numpy, py::arg("ndarray"),
        "A tensor sharing memory with a numpy array (torch.from_numpy); writes show in both.");
  m.def("_tensor_from_numpy_copy", &tensor_from_numpy_copy, py::arg("ndarray"), py::arg("dtype") = py::none());
  m.def("_scan_sequence_dtype", &scan_sequence_dtype, py::arg("data"),
        "tensor()'s dtype for nested lists holding numpy scalars or one-element tensors: "
        "(dtype or None, has_tensors).");
  m.def("_tensor_from_flat_numbers", &tensor_from_flat_numbers, py::arg("data"),
        "pyt.tensor's fast path for a flat list/tuple of Python floats and ints; None otherwise.");
}

}  // namespace pyt::python
