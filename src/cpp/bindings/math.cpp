// Bindings of the ops declared in pyt/ops/math.h.
#include "common.h"

namespace pyt::python {

void init_math(py::module_& m) { (void)m; }

}  // namespace pyt::python
