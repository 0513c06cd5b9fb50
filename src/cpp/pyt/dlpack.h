#pragma once
// DLPack exchange (https://dmlc.github.io/dlpack/latest/): zero-copy hand-over of tensors
// between pyt and other libraries (numpy, torch, jax, cupy...). The structs mirror
// dlpack.h v1.0 field for field (so their memory layout is the ABI); they live in
// pyt::dl so that they do not clash with another copy of dlpack.h in the same program.
#include <cstdint>

#include "pyt/export.h"
#include "pyt/tensor.h"

namespace pyt::dl {

/// DLDeviceType: pyt produces and accepts kDLCPU only.
enum DeviceType : int32_t { kDLCPU = 1, kDLCUDA = 2, kDLCUDAHost = 3 };
/// DLDataTypeCode.
enum DataTypeCode : uint8_t { kDLInt = 0, kDLUInt = 1, kDLFloat = 2, kDLBfloat = 4, kDLComplex = 5, kDLBool = 6 };

struct Device {
  int32_t device_type;
  int32_t device_id;
};
struct DataType {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
};
/// DLTensor: data + byte_offset is element [0, ..., 0]; shape and strides (in elements;
/// strides may be null for a compact row-major tensor) have ndim entries.
struct DLTensor {
  void* data;
  Device device;
  int32_t ndim;
  DataType dtype;
  int64_t* shape;
  int64_t* strides;
  uint64_t byte_offset;
};
/// The legacy (pre-1.0) managed tensor of a "dltensor" capsule.
struct DLManagedTensor {
  DLTensor dl_tensor;
  void* manager_ctx;
  void (*deleter)(DLManagedTensor* self);
};
struct PackVersion {
  uint32_t major;
  uint32_t minor;
};
constexpr uint64_t kFlagReadOnly = 1;
constexpr uint64_t kFlagIsCopied = 2;
/// The versioned managed tensor (DLPack >= 1.0) of a "dltensor_versioned" capsule.
struct DLManagedTensorVersioned {
  PackVersion version;
  void* manager_ctx;
  void (*deleter)(DLManagedTensorVersioned* self);
  uint64_t flags;
  DLTensor dl_tensor;
};

}  // namespace pyt::dl

namespace pyt {

/// A DLPack view of t sharing its memory (torch.utils.dlpack.to_dlpack): the returned
/// tensor keeps t's storage alive until its deleter runs (the consumer calls it). All ten
/// dtypes (bool as kDLBool, bfloat16 as kDLBfloat). RuntimeError for a tensor that requires
/// grad (detach it first), as torch.
///
///   pyt::dl::DLManagedTensor* m = pyt::to_dlpack(x);   // hand m to another library
PYT_API dl::DLManagedTensor* to_dlpack(const Tensor& t);
/// The same, as a DLPack 1.0 versioned tensor (flags 0: writable, not a copy).
PYT_API dl::DLManagedTensorVersioned* to_dlpack_versioned(const Tensor& t);
/// A tensor over a DLPack tensor's memory, taking ownership: m->deleter(m) runs when the
/// last view of the storage dies (never when this throws: then the caller keeps m).
/// RuntimeError for a non-CPU device, an unsupported dtype (complex, lanes != 1, unsigned
/// integers wider than 8 bits) or negative strides.
///
///   pyt::Tensor t = pyt::from_dlpack(m);   // shares m's memory
PYT_API Tensor from_dlpack(dl::DLManagedTensor* m);
PYT_API Tensor from_dlpack(dl::DLManagedTensorVersioned* m);

}  // namespace pyt
