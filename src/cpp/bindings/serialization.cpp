// Storage-level helpers behind pyt.save / pyt.load (python/pyt/serialization.py): which
// storage a tensor views, that storage's bytes without a copy, and a tensor over another
// tensor's storage whose geometry (read from a possibly hostile file) is bounds-checked.
#include <pybind11/numpy.h>

#include <limits>

#include "common.h"

namespace pyt::python {

namespace {

// Highest byte (exclusive) that a view with these sizes/strides/offset of elements of size es
// touches, or -1 when it overflows int64 or the geometry is invalid; 0 for an empty view.
int64_t view_end_bytes(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides, int64_t offset,
                       int64_t es) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (offset < 0) return -1;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (sizes[d] < 0 || strides[d] < 0) return -1;
    if (sizes[d] == 0) return 0;
  }
  int64_t last = offset;  // index of the last element, in elements
  for (size_t d = 0; d < sizes.size(); ++d) {
    int64_t span = sizes[d] - 1;
    if (span > 0 && strides[d] > 0 && span > kMax / strides[d]) return -1;
    int64_t step = span * strides[d];
    if (step > kMax - last) return -1;
    last += step;
  }
  if (last > kMax / es - 1) return -1;
  return (last + 1) * es;
}

}  // namespace

void init_serialization(py::module_& m) {
  m.def(
      "_storage_key",
      [](const Tensor& t) {
        const Storage& s = t.impl()->storage();
        return py::make_tuple(reinterpret_cast<uintptr_t>(s.get()), static_cast<uint64_t>(s->nbytes()));
      },
      py::arg("tensor"),
      R"doc(``(id, nbytes)`` of the storage a tensor views: ``id`` is equal for two tensors exactly
when they share one storage (a view, ``detach()``, a tied parameter), ``nbytes`` is its size.

Used by ``pyt.save`` to store shared storages once. Example::

    >>> x = pyt.zeros(4)
    >>> pyt._C._storage_key(x)[0] == pyt._C._storage_key(x[1:])[0]
    True
)doc");
  m.def(
      "_storage_bytes",
      [](const Tensor& t, int64_t begin, int64_t end) {
        const Storage& s = t.impl()->storage();
        PYT_CHECK(0 <= begin && begin <= end && static_cast<uint64_t>(end) <= s->nbytes(), IndexError,
                  "_storage_bytes: byte range [", begin, ", ", end, ") is outside the storage of ", s->nbytes(),
                  " bytes");
        // The capsule keeps the storage alive as long as the array.
        auto* keep = new Tensor(t.detach());
        py::capsule base(keep, [](void* p) { delete static_cast<Tensor*>(p); });
        std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(end - begin)};
        std::vector<py::ssize_t> strides{1};
        char* data = s->data() == nullptr ? nullptr : static_cast<char*>(s->data()) + begin;
        py::array out(py::dtype("uint8"), shape, strides, data, base);
        py::detail::array_proxy(out.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
        return out;
      },
      py::arg("tensor"), py::arg("begin"), py::arg("end"),
      R"doc(Read-only uint8 numpy array aliasing bytes ``[begin, end)`` of the tensor's storage (no copy;
the array keeps the storage alive).

Raises IndexError when the range is outside the storage. Used by ``pyt.save`` to write a
shared storage once. Example::

    >>> pyt._C._storage_bytes(pyt.ones(2), 0, 8).tobytes()
    b'\x00\x00\x80?\x00\x00\x80?'
)doc");
  m.def(
      "_tensor_on_storage",
      [](const Tensor& base, ScalarType dtype, std::vector<int64_t> sizes, std::vector<int64_t> strides,
         int64_t storage_offset) {
        const Storage& s = base.impl()->storage();
        PYT_CHECK(sizes.size() == strides.size(), RuntimeError, "_tensor_on_storage: shape ", sizes.size(),
                  "-d but strides ", strides.size(), "-d");
        PYT_CHECK(sizes.size() <= 64, RuntimeError, "_tensor_on_storage: ", sizes.size(), " dimensions (at most 64)");
        int64_t es = static_cast<int64_t>(element_size(dtype));
        int64_t end = view_end_bytes(sizes, strides, storage_offset, es);
        PYT_CHECK(end >= 0, RuntimeError, "_tensor_on_storage: invalid view geometry (negative size, stride or "
                  "offset, or its extent overflows)");
        PYT_CHECK(static_cast<uint64_t>(end) <= s->nbytes(), RuntimeError, "_tensor_on_storage: a view of ",
                  scalar_type_name(dtype), " elements with offset ", storage_offset, " reaches byte ", end,
                  " of a storage of ", s->nbytes(), " bytes");
        PYT_CHECK(storage_offset <= std::numeric_limits<int64_t>::max() / es &&
                      static_cast<uint64_t>(storage_offset * es) <= s->nbytes(),
                  RuntimeError, "_tensor_on_storage: offset ", storage_offset, " is past the storage of ",
                  s->nbytes(), " bytes");
        return Tensor(make_intrusive<TensorImpl>(s, dtype, std::move(sizes), std::move(strides), storage_offset));
      },
      py::arg("base"), py::arg("dtype"), py::arg("size"), py::arg("stride"), py::arg("storage_offset"),
      R"doc(A new tensor (no autograd history) of ``dtype`` viewing ``base``'s storage with the given
``size``, ``stride`` (elements, >= 0) and ``storage_offset`` (elements), like
``torch.Tensor.set_(base.untyped_storage(), storage_offset, size, stride)``.

Every element it can address must lie inside the storage; otherwise RuntimeError (never an
out-of-bounds view). Used by ``pyt.load`` to restore views sharing one storage. Example::

    >>> b = pyt.arange(6.)
    >>> pyt._C._tensor_on_storage(b, pyt.float32, [3, 2], [1, 3], 0)  # b.reshape(2, 3).t()
)doc");
}

}  // namespace pyt::python
