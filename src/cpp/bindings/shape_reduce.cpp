// Bindings of the ops declared in pyt/ops/shape_reduce.h.
#include "common.h"

namespace pyt::python {

void init_shape_reduce(py::module_& m) { (void)m; }

}  // namespace pyt::python
