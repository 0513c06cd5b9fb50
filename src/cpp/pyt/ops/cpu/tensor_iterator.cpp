#include "pyt/ops/cpu/tensor_iterator.h"

#include <algorithm>

#include "pyt/ops/ops.h"
#include "pyt/parallel.h"

namespace pyt {

std::vector<int64_t> broadcast_shapes(const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                                      const char* op) {
  size_t n = std::max(a.size(), b.size());
  std::vector<int64_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    PYT_CHECK(da == db || da == 1 || db == 1, RuntimeError, op, ": The size of tensor a (", da,
              ") must match the size of tensor b (", db, ") at non-singleton dimension ", i,
              "; got shapes ", shape_to_string(a), " and ", shape_to_string(b));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

namespace {
// Whether two tensors may touch the same bytes without being the same elements.
bool partially_overlaps(const Tensor& a, const Tensor& b) {
  if (a.impl()->storage().get() != b.impl()->storage().get()) return false;
  if (a.numel() == 0 || b.numel() == 0) return false;
  if (a.data_ptr() == b.data_ptr() && a.sizes() == b.sizes() && a.strides() == b.strides()) return false;
  auto span = [](const Tensor& t) {
    char* lo = static_cast<char*>(t.data_ptr());
    char* hi = lo;
    for (int64_t d = 0; d < t.dim(); ++d) {
      int64_t ext = (t.sizes()[d] - 1) * t.strides()[d] * static_cast<int64_t>(t.element_size());
      if (ext < 0) lo += ext; else hi += ext;
    }
    return std::make_pair(lo, hi + t.element_size());
  };
  auto sa = span(a), sb = span(b);
  return sa.first < sb.second && sb.first < sa.second;
}

// torch's TensorImpl::is_non_overlapping_and_dense: the elements tile a block of memory
// exactly, in some order of the dims.
bool non_overlapping_and_dense(const Tensor& t) {
  if (t.is_contiguous()) return true;
  std::vector<std::pair<int64_t, int64_t>> dims;  // (stride, size) of the dims of size > 1
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.sizes()[d] != 1) dims.emplace_back(t.strides()[d], t.sizes()[d]);
  std::sort(dims.begin(), dims.end());
  int64_t expect = 1;
  for (auto [stride, size] : dims) {
    if (stride != expect) return false;
    expect *= size;
  }
  return true;
}

bool has_internal_overlap(const Tensor& t) {
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.strides()[d] == 0 && t.sizes()[d] > 1) return true;
  return false;
}
}  // namespace

void check_no_partial_overlap(const Tensor& out, const Tensor& in, const char* op) {
  // torch's assert_no_partial_overlap (get_overlap_status == Partial): both dense, in one
  // storage, their byte ranges intersect and they are not the very same elements. Exact
  // aliasing (x.add_(x)) is fine; other overlaps torch finds "too hard" are computed
  // through a temporary by TensorIterator.
  if (out.impl()->storage().get() != in.impl()->storage().get()) return;
  if (out.numel() == 0 || in.numel() == 0 || out.impl() == in.impl()) return;
  if (!non_overlapping_and_dense(out) || !non_overlapping_and_dense(in)) return;
  const char* a0 = static_cast<const char*>(out.data_ptr());
  const char* a1 = a0 + out.numel() * out.element_size();
  const char* b0 = static_cast<const char*>(in.data_ptr());
  const char* b1 = b0 + in.numel() * in.element_size();
  bool partial = (a0 == b0 && a1 == b1) ? out.strides() != in.strides() : (a0 < b1 && b0 < a1);
  PYT_CHECK(!partial, RuntimeError, op, ": unsupported operation: some elements of the input tensor and the "
            "written-to tensor refer to a single memory location. Please clone() the tensor before performing the "
            "operation. (written-to ", out.describe(), ", input ", in.describe(), ")");
}

TensorIterator::TensorIterator(IterConfig cfg) {
  const char* op = cfg.op;
  num_outputs_ = static_cast<int>(cfg.outputs.size());
  // 1. Broadcast shape of the inputs.
  std::vector<int64_t> shape;
  bool first = true;
  try {
    for (auto& in : cfg.inputs) {
      PYT_CHECK(in.defined(), RuntimeError, op, ": expected a defined tensor input");
      shape = first ? in.sizes() : broadcast_shapes(shape, in.sizes(), op);
      first = false;
    }
  } catch (const RuntimeError& e) {
    // Name every operand's shape and dtype, not just the two that clashed.
    std::string operands;
    for (size_t i = 0; i < cfg.inputs.size(); ++i)
      operands += str(i ? ", " : "", cfg.inputs[i].describe());
    throw RuntimeError(str(e.what(), " (inputs: ", operands, ")"));
  }
  // 2. Dtypes.
  compute_dtype_ = cfg.compute_dtype ? *cfg.compute_dtype : result_type(cfg.inputs);
  ScalarType out_dtype = cfg.output_dtype ? *cfg.output_dtype : compute_dtype_;
  // 3. Outputs: given (in place / out=) or allocated.
  for (int i = 0; i < num_outputs_; ++i) {
    Tensor& out = cfg.outputs[i];
    if (!out.defined()) continue;
    PYT_CHECK(out.sizes() == shape, RuntimeError, op, ": output with shape ", out.shape_str(),
              " doesn't match the broadcast shape ", shape_to_string(shape));
    PYT_CHECK(!has_internal_overlap(out), RuntimeError, op,
              ": unsupported operation: more than one element of the written-to tensor refers to a "
              "single memory location. Please clone() the tensor before performing the operation.");
    PYT_CHECK(!cfg.check_cast || can_cast(out_dtype, out.dtype()), RuntimeError, op, ": result type ",
              scalar_type_name(out_dtype), " can't be cast to the desired output type ",
              scalar_type_name(out.dtype()));
  }
  // Small ops pay for every heap allocation here, so vectors are reserved once and the
  // per-operand bookkeeping avoids nested vectors.
  operands_.reserve(num_outputs_ + cfg.inputs.size());
  for (int i = 0; i < num_outputs_; ++i) {
    Tensor& out = cfg.outputs[i];
    bool need_temp = !out.defined() || out.dtype() != out_dtype;
    if (out.defined() && !need_temp) {
      for (auto& in : cfg.inputs)
        if (partially_overlaps(out, in)) {
          check_no_partial_overlap(out, in, op);
          need_temp = true;
        }
    }
    if (need_temp) {
      if (out.defined()) {
        if (user_outputs_.empty()) user_outputs_.resize(num_outputs_);
        user_outputs_[i] = out;
      }
      operands_.push_back(empty(shape, out_dtype));
    } else {
      operands_.push_back(out);
    }
  }
  // 4. Inputs, cast to the compute dtype.
  for (auto& in : cfg.inputs) {
    if (cfg.cast_inputs && in.dtype() != compute_dtype_)
      operands_.push_back(to_dtype(in, compute_dtype_));
    else
      operands_.push_back(in);
  }
  numel_ = compute_numel(shape);
  // 5. Byte strides per operand over the broadcast shape, innermost first.
  size_t ndim = shape.size();
  size_t nops = operands_.size();
  std::vector<int64_t> rshape(ndim);
  std::vector<int64_t> rstrides(ndim * nops, 0);  // [d * nops + k]
  for (size_t d = 0; d < ndim; ++d) {
    size_t src_dim = ndim - 1 - d;  // d counts from the innermost
    rshape[d] = shape[src_dim];
    for (size_t k = 0; k < nops; ++k) {
      const Tensor& t = operands_[k];
      int64_t tdim = t.dim();
      int64_t td = static_cast<int64_t>(src_dim) - (static_cast<int64_t>(ndim) - tdim);
      if (td < 0 || t.sizes()[td] == 1) continue;
      rstrides[d * nops + k] = t.strides()[td] * static_cast<int64_t>(t.element_size());
    }
  }
  // 6. Coalesce: drop size-1 dims, merge d and d+1 when every operand walks them as one.
  shape_.clear();
  strides_.clear();
  for (size_t d = 0; d < ndim; ++d) {
    if (rshape[d] == 1) continue;
    if (!shape_.empty()) {
      bool can_merge = true;
      for (size_t k = 0; k < nops; ++k)
        if (rstrides[d * nops + k] != strides_.back()[k] * shape_.back()) can_merge = false;
      if (can_merge) {
        shape_.back() *= rshape[d];
        continue;
      }
    }
    shape_.push_back(rshape[d]);
    strides_.emplace_back(rstrides.begin() + d * nops, rstrides.begin() + (d + 1) * nops);
  }
  if (shape_.empty()) {
    shape_.push_back(1);
    strides_.push_back(std::vector<int64_t>(nops, 0));
  }
  broadcast_shape_ = std::move(shape);
}

void TensorIterator::serial_for_each(const Loop1d& fn, int64_t begin, int64_t end) const {
  size_t nd = shape_.size();
  size_t nops = operands_.size();
  // Stack buffers for the common case (no heap allocation per call).
  constexpr size_t kSmall = 8;
  int64_t coord_buf[kSmall], inner_buf[kSmall];
  char* ptrs_buf[kSmall];
  std::vector<int64_t> coord_vec, inner_vec;
  std::vector<char*> ptrs_vec;
  int64_t* coord = coord_buf;
  int64_t* inner = inner_buf;
  char** ptrs = ptrs_buf;
  if (nd > kSmall) {
    coord_vec.resize(nd);
    coord = coord_vec.data();
  }
  if (nops > kSmall) {
    inner_vec.resize(nops);
    ptrs_vec.resize(nops);
    inner = inner_vec.data();
    ptrs = ptrs_vec.data();
  }
  int64_t rem = begin;
  for (size_t d = 0; d < nd; ++d) {
    coord[d] = rem % shape_[d];
    rem /= shape_[d];
  }
  for (size_t k = 0; k < nops; ++k) inner[k] = strides_[0][k];
  int64_t i = begin;
  while (i < end) {
    for (size_t k = 0; k < nops; ++k) {
      char* p = static_cast<char*>(operands_[k].data_ptr());
      for (size_t d = 0; d < nd; ++d) p += coord[d] * strides_[d][k];
      ptrs[k] = p;
    }
    int64_t n = std::min(shape_[0] - coord[0], end - i);
    fn(ptrs, inner, n);
    i += n;
    coord[0] += n;
    for (size_t d = 0; d + 1 < nd && coord[d] >= shape_[d]; ++d) {
      coord[d] = 0;
      coord[d + 1]++;
    }
  }
}

void TensorIterator::for_each(const Loop1d& fn, int64_t grain) const {
  if (numel_ == 0) return;
  if (numel_ < grain) {
    serial_for_each(fn, 0, numel_);
    return;
  }
  parallel_for(0, numel_, grain, [&](int64_t b, int64_t e) { serial_for_each(fn, b, e); });
}

void TensorIterator::finish() {
  for (size_t i = 0; i < user_outputs_.size(); ++i) {
    if (user_outputs_[i].defined()) {
      detail::copy_data(user_outputs_[i], operands_[i]);
      operands_[i] = user_outputs_[i];
      user_outputs_[i] = Tensor();
    }
  }
}

}  // namespace pyt
