#pragma once
// In-place resizing of a tensor's shape (Tensor.resize_), the step behind `out=` arguments.
#include <vector>

#include "pyt/tensor.h"

namespace pyt {

/// Gives t the contiguous shape sizes (torch.Tensor.resize_): its storage is kept when it is
/// large enough (from t's offset), else replaced by a larger one holding the old bytes first;
/// new elements are uninitialised. Returns t.
/// Raises RuntimeError for a negative size or when t requires grad (torch's "cannot resize
/// variables that require grad").
/// Example: `Tensor t = empty({2}); resize_(t, {2, 3});  // t.sizes() == {2, 3}`
PYT_API Tensor& resize_(Tensor& t, const std::vector<int64_t>& sizes);

}  // namespace pyt
