#pragma once
// Grad mode: a thread-local switch that decides whether ops record the graph.
#include <string>

#include "pyt/export.h"

namespace pyt::autograd {

/// Thread-local grad mode (torch.is_grad_enabled / torch.set_grad_enabled).
struct PYT_API GradMode {
  static bool is_enabled();
  static void set_enabled(bool enabled);
};

/// Thread-local inference mode (torch.inference_mode / torch.is_inference_mode_enabled).
/// Tensors allocated while it is on are inference tensors (TensorImpl::is_inference): they
/// may not be saved for backward, nor updated in place, once inference mode is off again.
struct PYT_API InferenceMode {
  static bool is_enabled();
  static void set_enabled(bool enabled);
};

/// RuntimeError unless inference mode is on: raised by an in-place update of an inference
/// tensor outside inference mode (torch's message).
PYT_API void check_inference_inplace();

/// Anomaly detection (torch.autograd.set_detect_anomaly): nodes record the Python (or
/// other) stack that created them, and the engine checks backward outputs for NaN.
struct PYT_API AnomalyMode {
  static bool is_enabled();
  static bool check_nan();
  static void set_enabled(bool enabled, bool check_nan = true);
  /// Supplies the current stack as text (set by the Python bindings); may be empty.
  using TraceProvider = std::string (*)();
  static void set_trace_provider(TraceProvider provider);
  static std::string current_trace();
};

/// RAII guard that sets grad mode and restores the previous value.
class PYT_API AutoGradMode {
 public:
  explicit AutoGradMode(bool enabled) : prev_(GradMode::is_enabled()) {
    GradMode::set_enabled(enabled);
  }
  ~AutoGradMode() { GradMode::set_enabled(prev_); }
  AutoGradMode(const AutoGradMode&) = delete;
  AutoGradMode& operator=(const AutoGradMode&) = delete;

 private:
  bool prev_;
};

/// RAII guard for torch.no_grad() in C++.
class PYT_API NoGradGuard : public AutoGradMode {
 public:
  NoGradGuard() : AutoGradMode(false) {}
};

}  // namespace pyt::autograd
