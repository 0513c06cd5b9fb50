// Tensor.resize_: in-place change of shape, growing the storage when needed.
#include "pyt/ops/ops.h"

namespace pyt {

Tensor& resize_(Tensor& self, const std::vector<int64_t>& sizes) {
  PYT_CHECK(!self.requires_grad(), RuntimeError, "cannot resize variables that require grad");
  for (size_t d = 0; d < sizes.size(); ++d)
    PYT_CHECK(sizes[d] >= 0, RuntimeError, "Trying to create tensor with negative dimension ", sizes[d], ": ",
              shape_to_string(sizes));
  int64_t numel = compute_numel(sizes);  // RuntimeError on overflow
  TensorImpl* impl = self.impl();
  if (sizes == impl->sizes()) return self;  // torch: no change, no version bump
  std::vector<int64_t> strides = contiguous_strides(sizes);
  if (numel > 0) {
    int64_t extent = 1;
    for (size_t d = 0; d < sizes.size(); ++d) extent += (sizes[d] - 1) * strides[d];
    size_t needed = static_cast<size_t>(impl->storage_offset() + extent) * element_size(self.dtype());
    impl->storage()->grow(needed);
  }
  impl->set_sizes_strides(sizes, std::move(strides), impl->storage_offset());
  self.bump_version("resize_");
  return self;
}

}  // namespace pyt
