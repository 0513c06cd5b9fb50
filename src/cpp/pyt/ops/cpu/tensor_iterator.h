#pragma once
// Note [TensorIterator]: the one place where broadcasting, type promotion, output
// allocation and stride walking live. An op builds an iterator from its operands;
// the iterator decides the output shape and dtype (before any kernel runs), casts
// inputs to the common dtype, coalesces dimensions, and then hands a kernel 1-d runs
// of (pointers, byte strides, length), split across threads above kGrainSize.
// Internal header: not part of the public API (pyt/pyt.h does not include it).
#include <functional>
#include <optional>
#include <vector>

#include "pyt/tensor.h"

namespace pyt {

/// fn(data pointers (outputs first), byte strides per operand, run length).
using Loop1d = std::function<void(char** data, const int64_t* strides, int64_t n)>;

struct IterConfig {
  const char* op = "op";
  std::vector<Tensor> outputs;   // undefined entries are allocated
  std::vector<Tensor> inputs;
  std::optional<ScalarType> output_dtype;   // default: the common dtype
  std::optional<ScalarType> compute_dtype;  // default: result_type(inputs)
  bool cast_inputs = true;                  // cast inputs to the compute dtype
  bool check_cast = true;                   // outputs must be able to hold the result category
};

class TensorIterator {
 public:
  explicit TensorIterator(IterConfig cfg);

  /// Output i (allocated, or the one given).
  const Tensor& output(int i = 0) const { return operands_[i]; }
  const Tensor& input(int i) const { return operands_[num_outputs_ + i]; }
  ScalarType compute_dtype() const { return compute_dtype_; }
  ScalarType output_dtype() const { return operands_[0].dtype(); }
  int64_t numel() const { return numel_; }
  const std::vector<int64_t>& shape() const { return broadcast_shape_; }

  /// Runs fn over every element, in parallel above grain elements. Each worker gets
  /// whole runs of the innermost coalesced dimension where possible.
  void for_each(const Loop1d& fn, int64_t grain = 32768) const;

  /// Writes results that were computed into temporaries back to the user's outputs
  /// (when an in-place output had another dtype or overlapped an input).
  void finish();

 private:
  void serial_for_each(const Loop1d& fn, int64_t begin, int64_t end) const;

  std::vector<Tensor> operands_;
  std::vector<Tensor> user_outputs_;  // the originals when operands_ holds temporaries
  int num_outputs_ = 0;
  ScalarType compute_dtype_ = ScalarType::Float32;
  std::vector<int64_t> broadcast_shape_;
  int64_t numel_ = 0;
  // Coalesced iteration space, innermost dimension first.
  std::vector<int64_t> shape_;
  std::vector<std::vector<int64_t>> strides_;  // [dim][operand], bytes
};

/// RuntimeError (torch's "unsupported operation: some elements of the input tensor and the
/// written-to tensor refer to a single memory location...") when out, written in place, and
/// in are dense views of one storage that partly overlap (torch's assert_no_partial_overlap).
/// Exact aliasing passes. TensorIterator calls it for every given output and input.
PYT_API void check_no_partial_overlap(const Tensor& out, const Tensor& in, const char* op);

/// torch.broadcast_shapes for two shapes; RuntimeError naming op and both shapes.
std::vector<int64_t> broadcast_shapes(const std::vector<int64_t>& a, const std::vector<int64_t>& b, const char* op);

}  // namespace pyt
