// Bindings of the second linear algebra family (pyt/ops/linalg2.h): pyt.<name> functions and
// Tensor.<name> methods with torch's signatures.
#include "common.h"

namespace pyt::python {

namespace {
using GIL = py::gil_scoped_release;

// The docstring of an "add a scaled product" op.
#define PYT_ADDPROD_DOC(NAME, SIG, WHAT, SHAPES, EXAMPLE)                                                     \
  NAME SIG " -> Tensor\n\n" WHAT " (torch." NAME ").\n\nArgs:\n" SHAPES                                       \
  "    beta (Number): multiplier of input; 0 ignores input (nan and inf in it too).\n"                       \
  "    alpha (Number): multiplier of the product. Integers for integer tensors.\n\n"                          \
  "Returns:\n    Tensor: the product's shape, the operands' (common) dtype. float16/bfloat16 compute in\n"    \
  "    float32.\n\nRaises:\n    RuntimeError: shapes that cannot be multiplied or broadcast, mixed dtypes,\n" \
  "        naming the operands' shapes and dtypes.\n\nExample:\n" EXAMPLE

}  // namespace

void init_linalg2(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

#define PYT_ADDPROD(NAME, A1, A2, DOC)                                                                         \
  m.def(#NAME, [](const Tensor& self, const Tensor& x, const Tensor& y, py::handle beta, py::handle alpha) {  \
    Scalar b = to_scalar(beta, #NAME), a = to_scalar(alpha, #NAME);                                           \
    GIL g;                                                                                                    \
    return NAME(self, x, y, b, a);                                                                            \
  }, py::arg("input"), py::arg(A1), py::arg(A2), py::kw_only(), py::arg("beta") = 1, py::arg("alpha") = 1, DOC); \
  cls.def(#NAME, [](const Tensor& self, const Tensor& x, const Tensor& y, py::handle beta, py::handle alpha) {  \
    Scalar b = to_scalar(beta, #NAME), a = to_scalar(alpha, #NAME);                                           \
    GIL g;                                                                                                    \
    return NAME(self, x, y, b, a);                                                                            \
  }, py::arg(A1), py::arg(A2), py::kw_only(), py::arg("beta") = 1, py::arg("alpha") = 1, "See pyt." #NAME "().");

  PYT_ADDPROD(baddbmm, "batch1", "batch2",
              PYT_ADDPROD_DOC("baddbmm", "(input, batch1, batch2, *, beta=1, alpha=1)",
                              "beta * input + alpha * (batch1 @ batch2), batch by batch",
                              "    input (Tensor): broadcastable to (b, n, p).\n    batch1 (Tensor): (b, n, m).\n"
                              "    batch2 (Tensor): (b, m, p).\n",
                              "    >>> pyt.baddbmm(pyt.zeros(2, 1, 1), pyt.ones(2, 1, 3), pyt.ones(2, 3, 1)).flatten()\n"
                              "    tensor([3., 3.])\n"))
  PYT_ADDPROD(addbmm, "batch1", "batch2",
              PYT_ADDPROD_DOC("addbmm", "(input, batch1, batch2, *, beta=1, alpha=1)",
                              "beta * input + alpha * sum over b of batch1[b] @ batch2[b]",
                              "    input (Tensor): broadcastable to (n, p).\n    batch1 (Tensor): (b, n, m).\n"
                              "    batch2 (Tensor): (b, m, p).\n",
                              "    >>> pyt.addbmm(pyt.zeros(1, 1), pyt.ones(2, 1, 3), pyt.ones(2, 3, 1))\n"
                              "    tensor([[6.]])\n"))
  PYT_ADDPROD(addmv, "mat", "vec",
              PYT_ADDPROD_DOC("addmv", "(input, mat, vec, *, beta=1, alpha=1)", "beta * input + alpha * (mat @ vec)",
                              "    input (Tensor): broadcastable to (n).\n    mat (Tensor): (n, m).\n"
                              "    vec (Tensor): (m).\n",
                              "    >>> pyt.addmv(pyt.ones(2), pyt.ones(2, 3), pyt.ones(3), alpha=2)\n"
                              "    tensor([7., 7.])\n"))
  PYT_ADDPROD(addr, "vec1", "vec2",
              PYT_ADDPROD_DOC("addr", "(input, vec1, vec2, *, beta=1, alpha=1)",
                              "beta * input + alpha * outer(vec1, vec2)",
                              "    input (Tensor): broadcastable to (n, m).\n    vec1 (Tensor): (n).\n"
                              "    vec2 (Tensor): (m).\n",
                              "    >>> pyt.addr(pyt.zeros(2, 2), pyt.tensor([1., 2.]), pyt.tensor([1., 3.]))\n"
                              "    tensor([[1., 3.],\n            [2., 6.]])\n"))
#undef PYT_ADDPROD

  m.def("einsum", [](py::args all) {
    PYT_CHECK(all.size() > 0, TypeError, "einsum(): must specify the equation string and at least one operand, "
              "or at least one operand and its subscripts list");
    TensorList ops;
    std::string equation;
    if (py::isinstance<py::str>(all[0])) {
      equation = all[0].cast<std::string>();
      py::tuple args = all[py::slice(1, static_cast<py::ssize_t>(all.size()), 1)];
      // einsum(eq, a, b) or einsum(eq, [a, b])
      if (args.size() == 1 && (py::isinstance<py::list>(args[0]) || py::isinstance<py::tuple>(args[0])))
        for (py::handle h : args[0]) ops.push_back(h.cast<Tensor>());
      else
        for (py::handle h : args) ops.push_back(h.cast<Tensor>());
    } else {
      // Sublist form: einsum(a, [0, 1], b, [1, 2], [0, 2]); ids 0-25 are A-Z, 26-51 a-z.
      auto sublist = [](py::handle h) {
        std::string s;
        for (py::handle e : h) {
          if (e.is(py::ellipsis())) {
            s += "...";
            continue;
          }
          PYT_CHECK(PyLong_Check(e.ptr()) && !PyBool_Check(e.ptr()), TypeError,
                    "einsum(): subscripts must be integers or Ellipsis, got ",
                    std::string(py::str(py::type::of(e).attr("__name__"))));
          int64_t v = e.cast<int64_t>();
          PYT_CHECK(v >= 0 && v < 52, ValueError,
                    "einsum(): subscript in subscript list is not within the valid range [0, 52)");
          s += static_cast<char>(v < 26 ? 'A' + v : 'a' + (v - 26));
        }
        return s;
      };
      size_t i = 0;
      for (; i + 1 < all.size(); i += 2) {
        PYT_CHECK(py::isinstance<Tensor>(all[i]), TypeError, "einsum(): expected a Tensor operand at position ", i,
                  ", got ", std::string(py::str(py::type::of(all[i]).attr("__name__"))));
        ops.push_back(all[i].cast<Tensor>());
        if (i) equation += ",";
        equation += sublist(all[i + 1]);
      }
      if (i < all.size()) {
        PYT_CHECK(!py::isinstance<Tensor>(all[i]), RuntimeError, "einsum(): operand ", i / 2,
                  " has no subscripts list");
        equation += "->" + sublist(all[i]);
      }
    }
    GIL g;
    return einsum(equation, ops);
  }, R"doc(
einsum(equation, *operands) -> Tensor
einsum(op1, sublist1, op2, sublist2, ..., [sublist_out]) -> Tensor

Einstein summation (torch.einsum): ``"bij,bjk->bik"`` multiplies batches of matrices,
``"ii->i"`` takes a diagonal, ``"ij->"`` sums, ``"...ij->...ji"`` transposes the last two
dims of any batch. Without ``->`` the output holds the letters seen exactly once, in
alphabetical order (after ``...``). A letter repeated in one operand takes its diagonal;
letters missing from the output are summed; ``...`` and size-1 dims broadcast.

In the sublist form each operand is followed by a list of ints in [0, 52) (0-25 stand for
A-Z, 26-51 for a-z) and ``Ellipsis``; an optional last list gives the output's subscripts.

Args:
    equation (str): subscripts in [a-zA-Z], ``...``, ``,`` between operands, optional ``->``.
    operands (Tensor...): one per comma-separated term, or one list of them.

Returns:
    Tensor: the output's dims in equation order. Lowered onto diagonal, permute, reshape,
    bmm and sum, so gradients follow those ops.

Raises:
    RuntimeError: a malformed equation, a wrong number of operands, or sizes that do not
        agree, naming the subscript, the operand and the sizes.

Example:
    >>> a, b = pyt.ones(2, 3), pyt.ones(3, 4)
    >>> pyt.einsum("ij,jk->ik", a, b).shape
    pyt.Size([2, 4])
    >>> pyt.einsum(a, [0, 1], b, [1, 2], [0, 2]).shape
    pyt.Size([2, 4])
)doc");
}

}  // namespace pyt::python
