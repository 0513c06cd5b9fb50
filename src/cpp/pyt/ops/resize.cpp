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
    // bytes = (offset + extent) * itemsize, refused when it overflows (as torch) rather than
    // wrapping to a small size that would leave the new shape pointing past the storage
    int64_t elems = 0, bytes = 0;
    PYT_CHECK(!__builtin_add_overflow(impl->storage_offset(), extent, &elems) &&
                  !__builtin_mul_overflow(elems, static_cast<int64_t>(element_size(self.dtype())), &bytes),
              RuntimeError, "Storage size calculation overflowed with sizes=", shape_to_string(sizes),
              " (resize_ of a ", scalar_type_name(self.dtype()), " tensor)");
    impl->storage()->grow(static_cast<size_t>(bytes));
  }
  impl->set_sizes_strides(sizes, std::move(strides), impl->storage_offset());
  self.bump_version("resize_");
  return self;
}

}  // namespace pyt
