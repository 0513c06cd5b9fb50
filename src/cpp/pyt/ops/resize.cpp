// Tensor.resize_ (ops/resize.h).
#include "pyt/ops/resize.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "pyt/error.h"
#include "pyt/storage.h"

namespace pyt {

Tensor& resize_(Tensor& t, const std::vector<int64_t>& sizes) {
  for (int64_t s : sizes)
    PYT_CHECK(s >= 0, RuntimeError, "Trying to create tensor with negative dimension ", s, ": ",
              shape_to_string(sizes));
  PYT_CHECK(!t.requires_grad(), RuntimeError, "cannot resize variables that require grad");
  int64_t n = 1;
  for (int64_t s : sizes) {
    PYT_CHECK(s == 0 || n <= std::numeric_limits<int64_t>::max() / s, RuntimeError,
              "resize_: size ", shape_to_string(sizes), " overflows");
    n *= s;
  }
  TensorImpl* impl = t.impl();
  const size_t es = element_size(t.dtype());
  const int64_t offset = t.storage_offset();
  PYT_CHECK(static_cast<uint64_t>(n + offset) <= std::numeric_limits<size_t>::max() / (2 * es), RuntimeError,
            "resize_: size ", shape_to_string(sizes), " overflows");
  const size_t need = static_cast<size_t>(n + offset) * es;
  const Storage& old = impl->storage();
  if (need > old->nbytes()) {
    auto storage = make_intrusive<StorageImpl>(need, old->device());
    if (old->nbytes()) std::memcpy(storage->data(), old->data(), old->nbytes());
    impl->set_data(std::move(storage), t.dtype(), sizes, contiguous_strides(sizes), offset);
  } else {
    impl->set_sizes_strides(sizes, contiguous_strides(sizes), offset);
  }
  return t;
}

}  // namespace pyt
