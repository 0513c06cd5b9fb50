#pragma once
// Elementwise math ops beyond the core set (torch names and semantics). Part of ops.h.
#include "pyt/tensor.h"

namespace pyt {}  // namespace pyt
