#pragma once
// Devices. Every op dispatches on the device of its inputs; "cpu" is the only one
// with kernels today, and a CUDA backend adds an entry here and kernels in ops/cuda/.
#include <string>

#include "pyt/export.h"

namespace pyt {

#define PYT_FORALL_DEVICE_TYPES(_) _(CPU, "cpu")

/// The kind of device a tensor lives on (torch.device.type).
enum class DeviceType : int8_t {
#define PYT_DEFINE_DEVICE(N, S) N,
  PYT_FORALL_DEVICE_TYPES(PYT_DEFINE_DEVICE)
#undef PYT_DEFINE_DEVICE
};

/// A device: its type and index (-1 means "the current one").
struct PYT_API Device {
  DeviceType type = DeviceType::CPU;
  int index = -1;
  Device() = default;
  explicit Device(DeviceType t, int i = -1) : type(t), index(i) {}
  /// Parses "cpu" or "cpu:0"; throws RuntimeError for a device pyt does not support.
  explicit Device(const std::string& spec);
  bool operator==(const Device& o) const { return type == o.type; }
  bool operator!=(const Device& o) const { return !(*this == o); }
  /// "cpu", as torch prints it.
  std::string str() const;
};

}  // namespace pyt
