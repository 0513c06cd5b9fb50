// float16 / bfloat16 ops computed through float32 (see reduced_precision.h).
#include "pyt/ops/reduced_precision.h"

#include <mutex>
#include <string>
#include <unordered_set>

#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/ops/ops.h"

namespace pyt {

bool is_half_float(ScalarType t) { return t == ScalarType::Float16 || t == ScalarType::BFloat16; }

ScalarType reduced_float_of(const TensorList& inputs) {
  ScalarType dt = ScalarType::Undefined;
  for (const Tensor& t : inputs) {
    if (!t.defined()) continue;
    if (dt == ScalarType::Undefined) {
      if (!is_half_float(t.dtype())) return ScalarType::Undefined;
      dt = t.dtype();
    } else if (is_floating_type(t.dtype()) && t.dtype() != dt) {
      return ScalarType::Undefined;
    }
  }
  return dt;
}

namespace {
// Node names must outlive every node: keep one interned copy of each.
const char* intern_name(const std::string& s) {
  static std::mutex mu;
  static std::unordered_set<std::string> names;
  std::lock_guard<std::mutex> lock(mu);
  return names.insert(s).first->c_str();
}
}  // namespace

TensorList run_in_float32(const TensorList& inputs, ScalarType dtype,
                          const std::function<TensorList(const TensorList&)>& fn) {
  TensorList wide;
  wide.reserve(inputs.size());
  for (const Tensor& t : inputs)
    wide.push_back(t.defined() && t.dtype() == dtype ? to_dtype(t, ScalarType::Float32) : t);
  TensorList outs = fn(wide);
  for (Tensor& o : outs) {
    if (!o.defined() || o.dtype() != ScalarType::Float32) continue;
    Tensor rounded = to_dtype(o.detach(), dtype);
    if (o.requires_grad() && o.grad_fn()) {
      auto node = autograd::make_node(intern_name(o.grad_fn()->name()), {o},
                                      [](autograd::BackwardNode&, const TensorList& g) {
                                        TensorList r(1);
                                        if (g[0].defined()) r[0] = to_dtype(g[0], ScalarType::Float32);
                                        return r;
                                      });
      autograd::set_history(rounded, node);
    }
    o = rounded;
  }
  return outs;
}

const char* torch_dispatch_name(ScalarType t) {
  switch (t) {
    case ScalarType::Bool: return "Bool";
    case ScalarType::UInt8: return "Byte";
    case ScalarType::Int8: return "Char";
    case ScalarType::Int16: return "Short";
    case ScalarType::Int32: return "Int";
    case ScalarType::Int64: return "Long";
    case ScalarType::Float16: return "Half";
    case ScalarType::BFloat16: return "BFloat16";
    case ScalarType::Float32: return "Float";
    case ScalarType::Float64: return "Double";
    default: return scalar_type_name(t);
  }
}

}  // namespace pyt
