#include "pyt/tensor.h"

#include <atomic>
#include <limits>
#include <sstream>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"

namespace pyt {

std::vector<int64_t> contiguous_strides(const std::vector<int64_t>& sizes) {
  std::vector<int64_t> strides(sizes.size());
  int64_t s = 1;
  for (int64_t i = static_cast<int64_t>(sizes.size()) - 1; i >= 0; --i) {
    strides[i] = s;
    s *= sizes[i] > 0 ? sizes[i] : 1;
  }
  return strides;
}

int64_t compute_numel(const std::vector<int64_t>& sizes) {
  int64_t n = 1;
  for (auto s : sizes) {
    PYT_CHECK(s >= 0, RuntimeError, "Trying to create tensor with negative dimension ", s, ": ",
              shape_to_string(sizes));
    if (s != 0 && n > std::numeric_limits<int64_t>::max() / s)
      throw RuntimeError(str("tensor of shape ", shape_to_string(sizes), " has too many elements"));
    n *= s;
  }
  return n;
}

std::string shape_to_string(const std::vector<int64_t>& sizes) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < sizes.size(); ++i) os << (i ? ", " : "") << sizes[i];
  os << "]";
  return os.str();
}

int64_t maybe_wrap_dim(int64_t dim, int64_t ndim, const char* op) {
  int64_t n = ndim > 0 ? ndim : 1;  // 0-d tensors accept dim 0 and -1, like torch
  PYT_CHECK(dim >= -n && dim < n, IndexError, op, ": Dimension out of range (expected to be in range of [",
            -n, ", ", n - 1, "], but got ", dim, ")");
  return dim < 0 ? dim + n : dim;
}

static std::atomic<int64_t> g_live_tensors{0};

int64_t TensorImpl::live_count() { return g_live_tensors.load(std::memory_order_relaxed); }

TensorImpl::TensorImpl(Storage storage, ScalarType dtype, std::vector<int64_t> sizes,
                       std::vector<int64_t> strides, int64_t storage_offset,
                       intrusive_ptr<VersionCounter> version)
    : storage_(std::move(storage)),
      sizes_(std::move(sizes)),
      strides_(std::move(strides)),
      offset_(storage_offset),
      dtype_(dtype),
      is_inference_(autograd::InferenceMode::is_enabled()),
      version_(version ? std::move(version) : make_intrusive<VersionCounter>()) {
  PYT_INTERNAL_ASSERT(sizes_.size() == strides_.size());
  refresh();
  g_live_tensors.fetch_add(1, std::memory_order_relaxed);
}

TensorImpl::~TensorImpl() { g_live_tensors.fetch_sub(1, std::memory_order_relaxed); }

void TensorImpl::refresh() {
  numel_ = compute_numel(sizes_);
  bool contig = true;
  int64_t expected = 1;
  for (int64_t i = static_cast<int64_t>(sizes_.size()) - 1; i >= 0; --i) {
    if (sizes_[i] == 1) continue;
    if (strides_[i] != expected) {
      contig = false;
      break;
    }
    expected *= sizes_[i];
  }
  is_contiguous_ = contig || numel_ == 0;
}

void TensorImpl::set_sizes_strides(std::vector<int64_t> sizes, std::vector<int64_t> strides,
                                   int64_t offset) {
  sizes_ = std::move(sizes);
  strides_ = std::move(strides);
  offset_ = offset;
  refresh();
}

void TensorImpl::set_view_base(intrusive_ptr<TensorImpl> base) {
  view_base_ = std::move(base);
  is_view_ = static_cast<bool>(view_base_);
  view_no_grad_ = is_view_ && !autograd::GradMode::is_enabled();
  // A view of an inference tensor is one; a view of a normal tensor is normal, even when it
  // is taken in inference mode (torch's rule).
  if (is_view_) is_inference_ = view_base_->is_inference_;
}

AutogradMeta& TensorImpl::ensure_autograd_meta() {
  if (!autograd_) autograd_ = std::make_unique<AutogradMeta>();
  return *autograd_;
}

int64_t Tensor::size(int64_t d) const { return sizes()[maybe_wrap_dim(d, dim(), "size")]; }
int64_t Tensor::stride(int64_t d) const { return strides()[maybe_wrap_dim(d, dim(), "stride")]; }

std::string Tensor::shape_str() const { return shape_to_string(sizes()); }

std::string Tensor::describe() const {
  if (!defined()) return "undefined tensor";
  return str("Tensor", shape_str(), " ", scalar_type_name(dtype()));
}

Tensor empty(const std::vector<int64_t>& sizes, ScalarType dtype, Device device) {
  int64_t n = compute_numel(sizes);
  PYT_CHECK(dtype != ScalarType::Undefined, TypeError, "empty: undefined dtype");
  size_t es = element_size(dtype);
  // Leave room for the rounding to the allocation alignment, too.
  PYT_CHECK(static_cast<uint64_t>(n) <= (std::numeric_limits<size_t>::max() - kStorageAlignment) / es, RuntimeError,
            "Storage size calculation overflowed with sizes=", shape_to_string(sizes), " and dtype ",
            scalar_type_name(dtype));
  auto storage = make_intrusive<StorageImpl>(static_cast<size_t>(n) * es, device);
  return Tensor(make_intrusive<TensorImpl>(std::move(storage), dtype, sizes, contiguous_strides(sizes), 0));
}

}  // namespace pyt
