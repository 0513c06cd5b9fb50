// C++ operators and Tensor convenience methods, all forwarding to the functional API.
#include "pyt/ops/ops.h"

namespace pyt {

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator-(const Tensor& a) { return neg(a); }
Tensor operator+(const Tensor& a, const Scalar& b) { return add(a, wrapped_scalar(b)); }
Tensor operator-(const Tensor& a, const Scalar& b) { return sub(a, wrapped_scalar(b)); }
Tensor operator*(const Tensor& a, const Scalar& b) { return mul(a, wrapped_scalar(b)); }
Tensor operator/(const Tensor& a, const Scalar& b) { return div(a, wrapped_scalar(b)); }
Tensor operator*(const Scalar& a, const Tensor& b) { return mul(wrapped_scalar(a), b); }

Tensor Tensor::contiguous() const { return pyt::contiguous(*this); }
Tensor Tensor::clone() const { return pyt::clone(*this); }
Tensor Tensor::to(ScalarType dtype) const { return to_dtype(*this, dtype); }
Tensor Tensor::view(const std::vector<int64_t>& shape) const { return pyt::view(*this, shape); }
Tensor Tensor::reshape(const std::vector<int64_t>& shape) const { return pyt::reshape(*this, shape); }
Tensor Tensor::transpose(int64_t d0, int64_t d1) const { return pyt::transpose(*this, d0, d1); }
Tensor Tensor::t() const { return pyt::t(*this); }
Tensor Tensor::sum() const { return pyt::sum(*this); }
Tensor Tensor::mean() const { return pyt::mean(*this); }
Tensor Tensor::matmul(const Tensor& other) const { return pyt::matmul(*this, other); }

Scalar Tensor::item() const {
  PYT_CHECK(numel() == 1, RuntimeError, "a Tensor with ", numel(), " elements cannot be converted to Scalar");
  const char* p = static_cast<const char*>(data_ptr());
  switch (dtype()) {
    case ScalarType::Bool: return Scalar(*reinterpret_cast<const bool*>(p));
    case ScalarType::UInt8: return Scalar(static_cast<int64_t>(*reinterpret_cast<const uint8_t*>(p)));
    case ScalarType::Int8: return Scalar(static_cast<int64_t>(*reinterpret_cast<const int8_t*>(p)));
    case ScalarType::Int16: return Scalar(static_cast<int64_t>(*reinterpret_cast<const int16_t*>(p)));
    case ScalarType::Int32: return Scalar(static_cast<int64_t>(*reinterpret_cast<const int32_t*>(p)));
    case ScalarType::Int64: return Scalar(*reinterpret_cast<const int64_t*>(p));
    case ScalarType::Float16: return Scalar(static_cast<double>(static_cast<float>(*reinterpret_cast<const Half*>(p))));
    case ScalarType::BFloat16:
      return Scalar(static_cast<double>(static_cast<float>(*reinterpret_cast<const BFloat16*>(p))));
    case ScalarType::Float32: return Scalar(static_cast<double>(*reinterpret_cast<const float*>(p)));
    case ScalarType::Float64: return Scalar(*reinterpret_cast<const double*>(p));
    default: break;
  }
  throw RuntimeError("item: undefined dtype");
}

std::string Scalar::repr() const {
  if (kind_ == Kind::Bool) return i_ ? "True" : "False";
  if (kind_ == Kind::Int) return std::to_string(i_);
  return str(d_);
}

}  // namespace pyt
