#include "pyt/device.h"

#include "pyt/error.h"

namespace pyt {

Device::Device(const std::string& spec) {
  std::string kind = spec;
  int idx = -1;
  auto colon = spec.find(':');
  if (colon != std::string::npos) {
    kind = spec.substr(0, colon);
    std::string num = spec.substr(colon + 1);
    PYT_CHECK(!num.empty() && num.find_first_not_of("0123456789") == std::string::npos,
              RuntimeError, "Invalid device string: '", spec, "'");
    idx = std::stoi(num);
  }
#define PYT_PARSE(N, S)          \
  if (kind == S) {               \
    type = DeviceType::N;        \
    index = idx;                 \
    return;                      \
  }
  PYT_FORALL_DEVICE_TYPES(PYT_PARSE)
#undef PYT_PARSE
  throw RuntimeError(pyt::str("device: pyt has no backend for device '", spec,
                         "'; available devices: cpu"));
}

std::string Device::str() const {
  switch (type) {
#define PYT_NAME(N, S)   \
  case DeviceType::N:    \
    return S;
    PYT_FORALL_DEVICE_TYPES(PYT_NAME)
#undef PYT_NAME
  }
  return "unknown";
}

}  // namespace pyt
