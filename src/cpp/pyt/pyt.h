#pragma once
// pyt's public C++ API: include this one header.
//
//   #include "pyt/pyt.h"
//   pyt::Tensor x = pyt::ones({2, 3});
//   x.set_requires_grad(true);
//   pyt::Tensor y = pyt::sum(pyt::relu(x * 2.0));
//   y.backward();            // x.grad() is 2 everywhere
#include "pyt/autograd/grad_mode.h"
#include "pyt/autograd/node.h"
#include "pyt/device.h"
#include "pyt/dlpack.h"
#include "pyt/dtype.h"
#include "pyt/error.h"
#include "pyt/export.h"
#include "pyt/generator.h"
#include "pyt/ops/ops.h"
#include "pyt/parallel.h"
#include "pyt/scalar.h"
#include "pyt/allocator.h"
#include "pyt/storage.h"
#include "pyt/tensor.h"

namespace pyt {
/// The version of pyt this header belongs to.
constexpr const char* kVersion = "0.1.0";
}  // namespace pyt
