#include "pyt/autograd/grad_mode.h"

#include <atomic>

#include "pyt/error.h"

namespace pyt::autograd {

static thread_local bool g_grad_enabled = true;

bool GradMode::is_enabled() { return g_grad_enabled; }
void GradMode::set_enabled(bool enabled) { g_grad_enabled = enabled; }

static thread_local bool g_inference_enabled = false;

bool InferenceMode::is_enabled() { return g_inference_enabled; }
void InferenceMode::set_enabled(bool enabled) { g_inference_enabled = enabled; }

void check_inference_inplace() {
  if (g_inference_enabled) return;
  throw RuntimeError(
      "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a "
      "normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.");
}

static std::atomic<bool> g_anomaly{false};
static std::atomic<bool> g_anomaly_nan{true};
static std::atomic<AnomalyMode::TraceProvider> g_trace_provider{nullptr};

bool AnomalyMode::is_enabled() { return g_anomaly.load(std::memory_order_relaxed); }
bool AnomalyMode::check_nan() { return g_anomaly_nan.load(std::memory_order_relaxed); }
void AnomalyMode::set_enabled(bool enabled, bool check_nan) {
  g_anomaly.store(enabled);
  g_anomaly_nan.store(check_nan);
}
void AnomalyMode::set_trace_provider(TraceProvider provider) { g_trace_provider.store(provider); }
std::string AnomalyMode::current_trace() {
  TraceProvider p = g_trace_provider.load();
  return p ? p() : std::string();
}

}  // namespace pyt::autograd
