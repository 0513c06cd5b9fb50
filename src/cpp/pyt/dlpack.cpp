// DLPack export and import (pyt/dlpack.h).
#include "pyt/dlpack.h"

#include <vector>

#include "pyt/autograd/grad_mode.h"
#include "pyt/ops/ops.h"

namespace pyt {

namespace {

dl::DataType to_dl_dtype(ScalarType st) {
  switch (st) {
    case ScalarType::Bool: return {dl::kDLBool, 8, 1};
    case ScalarType::UInt8: return {dl::kDLUInt, 8, 1};
    case ScalarType::Int8: return {dl::kDLInt, 8, 1};
    case ScalarType::Int16: return {dl::kDLInt, 16, 1};
    case ScalarType::Int32: return {dl::kDLInt, 32, 1};
    case ScalarType::Int64: return {dl::kDLInt, 64, 1};
    case ScalarType::Float16: return {dl::kDLFloat, 16, 1};
    case ScalarType::BFloat16: return {dl::kDLBfloat, 16, 1};
    case ScalarType::Float32: return {dl::kDLFloat, 32, 1};
    case ScalarType::Float64: return {dl::kDLFloat, 64, 1};
    default: break;
  }
  throw RuntimeError(str("to_dlpack: unsupported dtype ", scalar_type_name(st)));
}

ScalarType from_dl_dtype(const dl::DataType& d) {
  PYT_CHECK(d.lanes == 1, RuntimeError, "from_dlpack: vector dtypes (lanes = ", d.lanes, ") are not supported");
  switch (d.code) {
    case dl::kDLBool:
      if (d.bits == 8) return ScalarType::Bool;
      break;
    case dl::kDLUInt:
      if (d.bits == 8) return ScalarType::UInt8;
      break;
    case dl::kDLInt:
      if (d.bits == 8) return ScalarType::Int8;
      if (d.bits == 16) return ScalarType::Int16;
      if (d.bits == 32) return ScalarType::Int32;
      if (d.bits == 64) return ScalarType::Int64;
      break;
    case dl::kDLFloat:
      if (d.bits == 16) return ScalarType::Float16;
      if (d.bits == 32) return ScalarType::Float32;
      if (d.bits == 64) return ScalarType::Float64;
      break;
    case dl::kDLBfloat:
      if (d.bits == 16) return ScalarType::BFloat16;
      break;
    default: break;
  }
  throw RuntimeError(str("from_dlpack: unsupported DLPack dtype (code ", int(d.code), ", bits ", int(d.bits),
                         "); pyt holds bool, uint8, int8-int64, float16, bfloat16, float32 and float64"));
}

// What an exported DLPack tensor owns: a handle on the tensor (keeps the storage alive)
// and the shape and strides its DLTensor points into.
struct ExportCtx {
  Tensor t;
  std::vector<int64_t> shape, strides;
};

template <typename M>
M* export_tensor(const Tensor& t) {
  PYT_CHECK(!t.requires_grad(), RuntimeError, "Can't export tensors that require gradient, use tensor.detach()");
  auto* ctx = new ExportCtx{t.detach(), t.sizes(), t.strides()};
  auto* m = new M();
  m->manager_ctx = ctx;
  m->deleter = [](M* self) {
    delete static_cast<ExportCtx*>(self->manager_ctx);
    delete self;
  };
  dl::DLTensor& d = m->dl_tensor;
  d.data = ctx->t.impl()->storage()->data();
  d.byte_offset = static_cast<uint64_t>(ctx->t.storage_offset()) * ctx->t.element_size();
  d.device = {dl::kDLCPU, 0};
  d.ndim = static_cast<int32_t>(ctx->t.dim());
  d.dtype = to_dl_dtype(ctx->t.dtype());
  d.shape = ctx->shape.empty() ? nullptr : ctx->shape.data();
  d.strides = ctx->strides.empty() ? nullptr : ctx->strides.data();
  return m;
}

template <typename M>
Tensor import_tensor(M* m) {
  PYT_CHECK(m != nullptr, RuntimeError, "from_dlpack: null DLPack tensor");
  const dl::DLTensor& d = m->dl_tensor;
  PYT_CHECK(d.device.device_type == dl::kDLCPU || d.device.device_type == dl::kDLCUDAHost, RuntimeError,
            "from_dlpack: only CPU tensors can be imported by pyt, got DLPack device type ", d.device.device_type);
  ScalarType st = from_dl_dtype(d.dtype);
  PYT_CHECK(d.ndim >= 0, RuntimeError, "from_dlpack: negative ndim ", d.ndim);
  std::vector<int64_t> sizes(d.ndim), strides(d.ndim);
  for (int32_t k = 0; k < d.ndim; ++k) sizes[k] = d.shape[k];
  if (d.strides) {
    for (int32_t k = 0; k < d.ndim; ++k) strides[k] = d.strides[k];
  } else {
    strides = contiguous_strides(sizes);
  }
  int64_t extent = 0;
  bool empty_t = false;
  for (int32_t k = 0; k < d.ndim; ++k) {
    PYT_CHECK(sizes[k] >= 0, RuntimeError, "from_dlpack: negative size ", sizes[k], " at dim ", k);
    if (sizes[k] == 0) empty_t = true;
    PYT_CHECK(strides[k] >= 0 || sizes[k] <= 1, RuntimeError, "from_dlpack: negative strides are not supported (",
              strides[k], " at dim ", k, ")");
    if (sizes[k] > 1) extent += (sizes[k] - 1) * strides[k];
  }
  const size_t es = element_size(st);
  const size_t nbytes = empty_t ? 0 : static_cast<size_t>(extent + 1) * es;
  for (int32_t k = 0; k < d.ndim; ++k)
    if (sizes[k] <= 1 && strides[k] < 0) strides[k] = 0;
  char* base = static_cast<char*>(d.data) + d.byte_offset;
  auto deleter = [](void* ctx) {
    M* mm = static_cast<M*>(ctx);
    if (mm->deleter) mm->deleter(mm);
  };
  auto storage = make_intrusive<StorageImpl>(base, nbytes, Device(), deleter, m);
  return Tensor(make_intrusive<TensorImpl>(std::move(storage), st, sizes, strides, 0));
}

}  // namespace

dl::DLManagedTensor* to_dlpack(const Tensor& t) { return export_tensor<dl::DLManagedTensor>(t); }
dl::DLManagedTensorVersioned* to_dlpack_versioned(const Tensor& t) {
  auto* m = export_tensor<dl::DLManagedTensorVersioned>(t);
  m->version = {1, 0};
  m->flags = 0;
  return m;
}
Tensor from_dlpack(dl::DLManagedTensor* m) { return import_tensor(m); }
Tensor from_dlpack(dl::DLManagedTensorVersioned* m) { return import_tensor(m); }

}  // namespace pyt
