#pragma once
// Tensor: a strided view (sizes, strides, offset, dtype) of a Storage, plus the
// version counter and the autograd metadata. Views share storage and counter.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pyt/autograd/grad_mode.h"
#include "pyt/device.h"
#include "pyt/dtype.h"
#include "pyt/error.h"
#include "pyt/export.h"
#include "pyt/intrusive_ptr.h"
#include "pyt/scalar.h"
#include "pyt/storage.h"

namespace pyt {

namespace autograd {
struct Node;
}

class Tensor;
using IntArrayRef = std::vector<int64_t>;
using TensorList = std::vector<Tensor>;

/// Counts in-place modifications of a storage region; shared by a tensor and all its
/// views. Saved tensors record the value at save time and compare it at unpack.
class PYT_API VersionCounter : public intrusive_target {
 public:
  uint32_t current() const { return version_.load(std::memory_order_relaxed); }
  /// Records one in-place modification by op (a static string, e.g. "add_").
  void bump(const char* op) {
    version_.fetch_add(1, std::memory_order_relaxed);
    last_op_ = op;
  }
  /// Name of the last in-place op that bumped the counter, or "" if none.
  const char* last_op() const { return last_op_ ? last_op_ : ""; }

 private:
  std::atomic<uint32_t> version_{0};
  const char* last_op_ = nullptr;
};

class TensorImpl;

/// Autograd state of a tensor; allocated only for tensors that take part in autograd.
struct AutogradMeta {
  bool requires_grad = false;          // set on leaves by the user
  intrusive_ptr<TensorImpl> grad;      // accumulated gradient (.grad)
  std::shared_ptr<autograd::Node> grad_fn;           // creator node, null for leaves
  std::weak_ptr<autograd::Node> grad_accumulator;    // AccumulateGrad of a leaf
  // Hooks of a leaf (Tensor.register_hook / register_post_accumulate_grad_hook), kept here
  // rather than on the AccumulateGrad node, which the leaf only references weakly.
  std::vector<std::pair<uint64_t, std::function<Tensor(const Tensor&)>>> leaf_hooks;
  std::vector<std::pair<uint64_t, std::function<void(const Tensor&)>>> post_accumulate_hooks;
  uint32_t output_nr = 0;              // which output of grad_fn this tensor is
  // retain_grad(): the non-leaf's gradient, written by a hook on its grad_fn (a shared box,
  // so that the hook does not keep the tensor alive).
  std::shared_ptr<intrusive_ptr<TensorImpl>> retained_grad;
  uint64_t retain_grad_hook = 0;
  // Value of the version counter when grad_fn was set. A view whose counter has moved on
  // since (its base or another view was modified in place) has a stale grad_fn, which is
  // regenerated from the base (Note [Views and in-place ops] in autograd/node.cpp).
  uint32_t attr_version = 0;
};

/// The shared state behind a Tensor handle.
class PYT_API TensorImpl : public intrusive_target {
 public:
  /// Number of TensorImpls alive in the process (for leak tests and debugging).
  static int64_t live_count();
  TensorImpl(Storage storage, ScalarType dtype, std::vector<int64_t> sizes,
             std::vector<int64_t> strides, int64_t storage_offset,
             intrusive_ptr<VersionCounter> version = {});
  ~TensorImpl() override;

  const std::vector<int64_t>& sizes() const { return sizes_; }
  const std::vector<int64_t>& strides() const { return strides_; }
  int64_t storage_offset() const { return offset_; }
  int64_t numel() const { return numel_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  ScalarType dtype() const { return dtype_; }
  Device device() const { return storage_->device(); }
  const Storage& storage() const { return storage_; }
  bool is_contiguous() const { return is_contiguous_; }
  /// Address of element [0, ..., 0].
  char* data() const {
    return static_cast<char*>(storage_->data()) + offset_ * static_cast<int64_t>(element_size(dtype_));
  }
  const intrusive_ptr<VersionCounter>& version_counter() const { return version_; }
  /// Makes this tensor a view of another storage (Tensor.data = other): storage, dtype,
  /// shape, strides and offset are replaced; autograd metadata stays.
  void set_data(Storage storage, ScalarType dtype, std::vector<int64_t> sizes, std::vector<int64_t> strides,
                int64_t offset) {
    storage_ = std::move(storage);
    dtype_ = dtype;
    set_sizes_strides(std::move(sizes), std::move(strides), offset);
  }
  /// Replaces shape and strides (used by in-place resize of outputs and views).
  void set_sizes_strides(std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset);

  bool is_wrapped_number() const { return wrapped_number_; }
  void set_wrapped_number(bool v) { wrapped_number_ = v; }
  /// True when this tensor was created as a view of another (shares its storage).
  bool is_view() const { return is_view_; }
  void set_is_view(bool v) { is_view_ = v; }
  /// The tensor a view was taken from (the root of a chain of views); null if not a view.
  const intrusive_ptr<TensorImpl>& view_base() const { return view_base_; }
  /// Makes this tensor a view of base (null: not a view). Records whether grad mode was
  /// off at the time: such a view may not be modified in place under autograd (torch's rule).
  void set_view_base(intrusive_ptr<TensorImpl> base);
  /// True when this view was created with grad mode off.
  bool view_created_in_no_grad() const { return view_no_grad_; }
  /// True for an inference tensor (torch.Tensor.is_inference): allocated in inference mode,
  /// or a view / alias of one.
  bool is_inference() const { return is_inference_; }
  void set_inference(bool v) { is_inference_ = v; }

  /// The Python object wrapping this tensor, or null (Note [One Python object per tensor] in
  /// bindings/common.h). A borrowed pointer owned by the bindings; read and written only with
  /// the GIL held, and cleared when that object is deallocated.
  void* pyobj() const { return pyobj_; }
  void set_pyobj(void* o) { pyobj_ = o; }

  AutogradMeta* autograd_meta() const { return autograd_.get(); }
  AutogradMeta& ensure_autograd_meta();

 private:
  void refresh();
  Storage storage_;
  std::vector<int64_t> sizes_;
  std::vector<int64_t> strides_;
  int64_t offset_ = 0;
  int64_t numel_ = 1;
  ScalarType dtype_;
  bool is_contiguous_ = true;
  bool wrapped_number_ = false;
  bool is_view_ = false;
  bool view_no_grad_ = false;
  bool is_inference_ = false;
  void* pyobj_ = nullptr;
  intrusive_ptr<VersionCounter> version_;
  intrusive_ptr<TensorImpl> view_base_;
  std::unique_ptr<AutogradMeta> autograd_;
};

/// A handle to a TensorImpl (cheap to copy; copies share the same tensor, like
/// Python references). Default-constructed handles are undefined.
class PYT_API Tensor {
 public:
  Tensor() = default;
  explicit Tensor(intrusive_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  bool defined() const { return static_cast<bool>(impl_); }
  /// The TensorImpl; RuntimeError for an undefined (default-constructed) tensor.
  TensorImpl* impl() const {
    if (!impl_) throw RuntimeError("Tensor: this tensor is undefined (default-constructed); it has no data");
    return impl_.get();
  }
  const intrusive_ptr<TensorImpl>& impl_ptr() const { return impl_; }
  bool is_same(const Tensor& o) const { return impl_ == o.impl_; }

  // ---- metadata -------------------------------------------------------------
  const std::vector<int64_t>& sizes() const { return impl()->sizes(); }
  const std::vector<int64_t>& strides() const { return impl()->strides(); }
  /// Size of dimension d; negative d counts from the end. IndexError if out of range.
  int64_t size(int64_t d) const;
  /// Stride of dimension d (in elements); negative d counts from the end.
  int64_t stride(int64_t d) const;
  int64_t dim() const { return impl()->dim(); }
  int64_t numel() const { return impl()->numel(); }
  ScalarType dtype() const { return impl()->dtype(); }
  Device device() const { return impl()->device(); }
  int64_t storage_offset() const { return impl()->storage_offset(); }
  bool is_contiguous() const { return impl()->is_contiguous(); }
  size_t element_size() const { return pyt::element_size(dtype()); }
  bool is_floating_point() const { return is_floating_type(dtype()); }
  /// Address of the first element.
  void* data_ptr() const { return impl()->data(); }
  template <typename T>
  T* data_ptr() const { return reinterpret_cast<T*>(impl()->data()); }
  /// Current value of the shared version counter.
  uint32_t _version() const { return impl()->version_counter()->current(); }
  /// Records an in-place modification by op (bumps the shared version counter).
  /// RuntimeError for an inference tensor outside inference mode (torch's check, made after
  /// the write, as torch does).
  void bump_version(const char* op) const {
    TensorImpl* i = impl();
    if (i->is_inference()) autograd::check_inference_inplace();
    i->version_counter()->bump(op);
  }
  /// "[2, 3]" for messages.
  std::string shape_str() const;
  /// "Tensor[2, 3] float32" for error messages.
  std::string describe() const;

  // ---- autograd -------------------------------------------------------------
  bool requires_grad() const;
  /// Sets requires_grad on a leaf. RuntimeError on a non-leaf or a non-float dtype.
  Tensor& set_requires_grad(bool r);
  /// The accumulated gradient (undefined if none yet).
  Tensor grad() const;
  void set_grad(const Tensor& g);
  const std::shared_ptr<autograd::Node>& grad_fn() const;
  bool is_leaf() const;
  uint32_t output_nr() const;
  /// Runs backward from this tensor. gradient may be undefined for a scalar output.
  void backward(const Tensor& gradient = Tensor(), bool retain_graph = false,
                bool create_graph = false) const;
  /// A new tensor sharing storage and version counter, outside the graph.
  Tensor detach() const;

  // ---- common ops as methods (see ops/ops.h for the documentation) ------------
  Tensor contiguous() const;
  Tensor clone() const;
  Tensor to(ScalarType dtype) const;
  Tensor view(const std::vector<int64_t>& shape) const;
  Tensor reshape(const std::vector<int64_t>& shape) const;
  Tensor transpose(int64_t d0, int64_t d1) const;
  Tensor t() const;
  Tensor sum() const;
  Tensor mean() const;
  Tensor matmul(const Tensor& other) const;
  /// The single value of a one-element tensor, converted to T.
  template <typename T>
  T item() const;
  Scalar item() const;

 private:
  intrusive_ptr<TensorImpl> impl_;
};

/// Contiguous (row-major) strides for sizes.
PYT_API std::vector<int64_t> contiguous_strides(const std::vector<int64_t>& sizes);
/// Product of sizes; RuntimeError on negative sizes or overflow.
PYT_API int64_t compute_numel(const std::vector<int64_t>& sizes);
/// "[2, 3]".
PYT_API std::string shape_to_string(const std::vector<int64_t>& sizes);
/// Wraps a possibly negative dim into [0, ndim); IndexError naming op otherwise.
PYT_API int64_t maybe_wrap_dim(int64_t dim, int64_t ndim, const char* op);

/// Allocates an uninitialized contiguous tensor.
PYT_API Tensor empty(const std::vector<int64_t>& sizes, ScalarType dtype = ScalarType::Float32,
                     Device device = Device());

template <typename T>
T Tensor::item() const {
  return item().to<T>();
}

}  // namespace pyt
