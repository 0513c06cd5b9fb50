// Bindings of the LAPACK linear algebra family (pyt/ops/linalg_lapack.h): pyt.det, pyt.slogdet,
// pyt.logdet, pyt.inverse (functions and Tensor methods), the _C._linalg_* functions behind
// python/pyt/linalg.py, and the exception class _C._LinAlgError (torch._C._LinAlgError).
#include "common.h"

namespace pyt::python {

namespace {
using GIL = py::gil_scoped_release;

// A named tuple of python/pyt/linalg.py (torch.return_types.<name>).
template <typename... Ts>
py::object named(const char* name, const std::tuple<Ts...>& r) {
  py::object cls = py::module_::import("pyt.linalg").attr("_return_types").attr(name);
  return std::apply([&](const auto&... t) { return cls(t...); }, r);
}
}  // namespace

void init_linalg(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));
  py::register_exception<LinAlgError>(m, "_LinAlgError", PyExc_RuntimeError);

  // ---- top-level torch names
  m.def("det", [](const Tensor& A) { GIL g; return linalg_det(A); }, py::arg("input"),
        "det(input) -> Tensor\n\nDeterminant of square matrices (torch.det, alias of torch.linalg.det).\n\n"
        "Args:\n    input (Tensor): (*, n, n), float32 or float64.\n\nReturns:\n    Tensor: (*).\n\n"
        "Raises:\n    RuntimeError: non-square or integer input.\n\n"
        "Example:\n    >>> pyt.det(pyt.tensor([[2., 0.], [0., 3.]]))\n    tensor(6.)");
  cls.def("det", [](const Tensor& A) { GIL g; return linalg_det(A); }, "See pyt.det().");
  m.def("slogdet", [](const Tensor& A) {
        std::tuple<Tensor, Tensor> r;
        { GIL g; r = linalg_slogdet(A); }
        return named("slogdet", r);
      }, py::arg("input"),
      "slogdet(input) -> (Tensor, Tensor)\n\nSign and log of the absolute value of the determinant (torch.slogdet).\n\n"
      "Args:\n    input (Tensor): (*, n, n), float32 or float64.\n\nReturns:\n    (sign, logabsdet): each (*); a "
      "singular matrix gives (0, -inf).\n\nRaises:\n    RuntimeError: non-square or integer input.\n\n"
      "Example:\n    >>> pyt.slogdet(pyt.tensor([[-2., 0.], [0., 3.]]))\n"
      "    torch.return_types.slogdet(sign=tensor(-1.), logabsdet=tensor(1.7918))");
  cls.def("slogdet", [](const Tensor& A) {
        std::tuple<Tensor, Tensor> r;
        { GIL g; r = linalg_slogdet(A); }
        return named("slogdet", r);
      }, "See pyt.slogdet().");
  m.def("logdet", [](const Tensor& A) { GIL g; return logdet(A); }, py::arg("input"),
        "logdet(input) -> Tensor\n\nlog(det(input)) of square matrices (torch.logdet): nan where the determinant "
        "is negative, -inf where it is zero.\n\nArgs:\n    input (Tensor): (*, n, n), float32 or float64.\n\n"
        "Returns:\n    Tensor: (*).\n\nExample:\n    >>> pyt.logdet(pyt.tensor([[2., 0.], [0., 3.]]))\n"
        "    tensor(1.7918)");
  cls.def("logdet", [](const Tensor& A) { GIL g; return logdet(A); }, "See pyt.logdet().");
  m.def("inverse", [](const Tensor& A) { GIL g; return linalg_inv(A); }, py::arg("input"),
        "inverse(input) -> Tensor\n\nInverse of square matrices (torch.inverse, alias of torch.linalg.inv).\n\n"
        "Args:\n    input (Tensor): (*, n, n), float32 or float64.\n\nReturns:\n    Tensor: (*, n, n).\n\n"
        "Raises:\n    pyt.linalg.LinAlgError: a singular matrix.\n\n"
        "Example:\n    >>> pyt.inverse(pyt.tensor([[2., 0.], [0., 4.]]))\n    tensor([[0.5000, 0.0000],\n"
        "            [0.0000, 0.2500]])");
  cls.def("inverse", [](const Tensor& A) { GIL g; return linalg_inv(A); }, "See pyt.inverse().");

  // ---- the functions behind pyt.linalg (documented there)
  m.def("_linalg_lu_factor_ex", [](const Tensor& A, bool pivot, bool check_errors) {
        GIL g;
        return linalg_lu_factor_ex(A, pivot, check_errors);
      }, py::arg("A"), py::arg("pivot") = true, py::arg("check_errors") = false, "See pyt.linalg.lu_factor_ex.");
  m.def("_linalg_lu_factor", [](const Tensor& A, bool pivot) { GIL g; return linalg_lu_factor(A, pivot); },
        py::arg("A"), py::arg("pivot") = true, "See pyt.linalg.lu_factor.");
  m.def("_linalg_det", [](const Tensor& A) { GIL g; return linalg_det(A); }, py::arg("A"), "See pyt.linalg.det.");
  m.def("_linalg_slogdet", [](const Tensor& A) { GIL g; return linalg_slogdet(A); }, py::arg("A"),
        "See pyt.linalg.slogdet.");
  m.def("_linalg_inv_ex", [](const Tensor& A, bool check_errors) { GIL g; return linalg_inv_ex(A, check_errors); },
        py::arg("A"), py::arg("check_errors") = false, "See pyt.linalg.inv_ex.");
  m.def("_linalg_inv", [](const Tensor& A) { GIL g; return linalg_inv(A); }, py::arg("A"), "See pyt.linalg.inv.");
  m.def("_linalg_solve_ex", [](const Tensor& A, const Tensor& B, bool left, bool check_errors) {
        GIL g;
        return linalg_solve_ex(A, B, left, check_errors);
      }, py::arg("A"), py::arg("B"), py::arg("left") = true, py::arg("check_errors") = false,
      "See pyt.linalg.solve_ex.");
  m.def("_linalg_solve", [](const Tensor& A, const Tensor& B, bool left) { GIL g; return linalg_solve(A, B, left); },
        py::arg("A"), py::arg("B"), py::arg("left") = true, "See pyt.linalg.solve.");
  m.def("_linalg_cholesky_ex", [](const Tensor& A, bool upper, bool check_errors) {
        GIL g;
        return linalg_cholesky_ex(A, upper, check_errors);
      }, py::arg("A"), py::arg("upper") = false, py::arg("check_errors") = false, "See pyt.linalg.cholesky_ex.");
  m.def("_linalg_cholesky", [](const Tensor& A, bool upper) { GIL g; return linalg_cholesky(A, upper); },
        py::arg("A"), py::arg("upper") = false, "See pyt.linalg.cholesky.");
  m.def("_linalg_qr", [](const Tensor& A, const std::string& mode) { GIL g; return linalg_qr(A, mode); },
        py::arg("A"), py::arg("mode") = "reduced", "See pyt.linalg.qr.");
  m.def("_linalg_eigh", [](const Tensor& A, const std::string& UPLO) { GIL g; return linalg_eigh(A, UPLO); },
        py::arg("A"), py::arg("UPLO") = "L", "See pyt.linalg.eigh.");
  m.def("_linalg_eigvalsh", [](const Tensor& A, const std::string& UPLO) { GIL g; return linalg_eigvalsh(A, UPLO); },
        py::arg("A"), py::arg("UPLO") = "L", "See pyt.linalg.eigvalsh.");
  m.def("_linalg_svd", [](const Tensor& A, bool full_matrices) { GIL g; return linalg_svd(A, full_matrices); },
        py::arg("A"), py::arg("full_matrices") = true, "See pyt.linalg.svd.");
  m.def("matrix_exp", [](const Tensor& A) { GIL g; return linalg_matrix_exp(A); }, py::arg("input"),
        "matrix_exp(input) -> Tensor\n\nMatrix exponential of square matrices (torch.matrix_exp, alias of "
        "torch.linalg.matrix_exp): scaling and squaring with the degree-13 Pade approximant.\n\n"
        "Args:\n    input (Tensor): (*, n, n), float32 or float64.\n\nReturns:\n    Tensor: (*, n, n).\n\n"
        "Raises:\n    RuntimeError: non-square or integer input.\n\n"
        "Example:\n    >>> pyt.matrix_exp(pyt.zeros(2, 2))\n    tensor([[1., 0.],\n            [0., 1.]])");
  cls.def("matrix_exp", [](const Tensor& A) { GIL g; return linalg_matrix_exp(A); }, "See pyt.matrix_exp().");
  m.def("_linalg_svdvals", [](const Tensor& A) { GIL g; return linalg_svdvals(A); }, py::arg("A"),
        "See pyt.linalg.svdvals.");
}

}  // namespace pyt::python
