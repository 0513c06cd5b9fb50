// Bindings of pyt/ops/random.h: pyt.logspace, pyt.normal, pyt.bernoulli, pyt.multinomial and
// the in-place samplers Tensor.bernoulli_(p tensor), exponential_, random_.
#include "common.h"

namespace pyt::python {

namespace {
using GIL = py::gil_scoped_release;

Tensor with_grad(Tensor t, bool requires_grad) {
  if (requires_grad) t.set_requires_grad(true);
  return t;
}
}  // namespace

void init_random(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Tensor>>(m.attr("Tensor"));

  m.def("logspace", [](py::handle start, py::handle end, int64_t steps, py::handle base,
                       std::optional<ScalarType> dtype, py::object, bool rg) {
    double s = to_scalar(start, "logspace").to_double(), e = to_scalar(end, "logspace").to_double();
    double b = to_scalar(base, "logspace").to_double();
    return with_grad(logspace(s, e, steps, b, dtype.value_or(get_default_dtype())), rg);
  }, py::arg("start"), py::arg("end"), py::arg("steps"), py::arg("base") = 10.0, py::kw_only(),
     py::arg("dtype") = py::none(), py::arg("device") = py::none(), py::arg("requires_grad") = false, R"doc(
logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False) -> Tensor

``steps`` values ``base ** x`` for x evenly spaced from start to end inclusive
(torch.logspace), computed in float64 and converted to dtype (integers truncate).

Returns:
    Tensor: shape (steps,), dtype (default: pyt.get_default_dtype()).

Raises:
    RuntimeError: steps < 0.

Example:
    >>> pyt.logspace(0, 2, 3)
    tensor([  1.,  10., 100.])
)doc");

  m.def("normal", [](py::handle mean, py::handle std, py::object size, py::object gen,
                     std::optional<ScalarType> dtype, py::object, bool rg) {
    Generator* g = to_generator(gen);
    bool mt = py::isinstance<Tensor>(mean), st = py::isinstance<Tensor>(std);
    if (!size.is_none()) {
      PYT_CHECK(!mt && !st, TypeError, "normal(): with size, mean and std must be numbers");
      double mu = to_scalar(mean, "normal").to_double(), sd = to_scalar(std, "normal").to_double();
      auto s = to_int_list(size, "normal");
      return with_grad(normal(mu, sd, s, dtype.value_or(get_default_dtype()), g), rg);
    }
    PYT_CHECK(mt || st, TypeError, "normal(): received an invalid combination of arguments: give mean or std as a "
              "Tensor, or both as numbers with a size");
    if (mt && st) {
      Tensor a = mean.cast<Tensor>(), b = std.cast<Tensor>();
      GIL gl;
      return normal(a, b, g);
    }
    if (mt) {
      Tensor a = mean.cast<Tensor>();
      double sd = to_scalar(std, "normal").to_double();
      GIL gl;
      return normal(a, sd, g);
    }
    Tensor b = std.cast<Tensor>();
    double mu = to_scalar(mean, "normal").to_double();
    GIL gl;
    return normal(mu, b, g);
  }, py::arg("mean"), py::arg("std") = 1.0, py::arg("size") = py::none(), py::kw_only(),
     py::arg("generator") = py::none(), py::arg("dtype") = py::none(), py::arg("device") = py::none(),
     py::arg("requires_grad") = false, R"doc(
normal(mean, std=1.0, size=None, *, generator=None, dtype=None) -> Tensor

Normal samples (torch.normal), in four forms:

* ``normal(mean: Tensor, std: Tensor)``: elementwise, mean and std broadcast together;
* ``normal(mean: Tensor, std: float = 1.0)`` and ``normal(mean: float, std: Tensor)``:
  shaped like the tensor;
* ``normal(mean: float, std: float, size)``: of shape size and dtype.

Samples come from pyt's counter-based Philox stream (Box-Muller): the same seed gives the
same values for any thread count, but not torch's values. The gradient w.r.t. mean and std
is zero, as torch's (nodes NormalBackward1/2/3).

Raises:
    RuntimeError: a negative std, or non-floating mean and std.

Example:
    >>> pyt.manual_seed(0); pyt.normal(pyt.zeros(2), 1.0).shape
    pyt.Size([2])
)doc");

  m.def("bernoulli", [](const Tensor& input, py::object p, py::object gen) {
    Generator* g = to_generator(gen);
    if (p.is_none()) {
      GIL gl;
      return bernoulli(input, g);
    }
    double pv = to_scalar(p, "bernoulli").to_double();
    GIL gl;
    return bernoulli(input, pv, g);
  }, py::arg("input"), py::arg("p") = py::none(), py::kw_only(), py::arg("generator") = py::none(), R"doc(
bernoulli(input, p=None, *, generator=None) -> Tensor

1 with probability input[i] (or p, when given), else 0, shaped and typed like input
(torch.bernoulli). Draws come from pyt's counter-based Philox stream.

Args:
    input (Tensor): floating probabilities in [0, 1] (or any tensor, when p is given).
    p (float, optional): one probability for every element.

Raises:
    RuntimeError: a probability outside [0, 1].

Example:
    >>> pyt.bernoulli(pyt.tensor([0.0, 1.0]))
    tensor([0., 1.])
)doc");
  cls.def("bernoulli", [](const Tensor& input, py::object p, py::object gen) {
    Generator* g = to_generator(gen);
    if (p.is_none()) {
      GIL gl;
      return bernoulli(input, g);
    }
    double pv = to_scalar(p, "bernoulli").to_double();
    GIL gl;
    return bernoulli(input, pv, g);
  }, py::arg("p") = py::none(), py::kw_only(), py::arg("generator") = py::none(), "See pyt.bernoulli().");
  cls.def("bernoulli_", [](Tensor& t, const Tensor& p, py::object gen) -> Tensor& {
    Generator* g = to_generator(gen);
    GIL gl;
    return bernoulli_(t, p, g);
  }, py::arg("p"), py::kw_only(), py::arg("generator") = py::none(), py::return_value_policy::reference_internal,
     "In place: 1 with probability p[i] (a tensor broadcast to self), else 0 (Tensor.bernoulli_).");

  auto multinomial_doc = R"doc(
multinomial(input, num_samples, replacement=False, *, generator=None) -> Tensor

Category indices drawn from the non-negative weights in each row of input
(torch.multinomial). Without replacement each row gives distinct categories (weighted
exponential race: the categories with the largest ``w / Exp(1)``); with replacement the
draws are independent. Draws come from pyt's counter-based Philox stream, deterministic for
any thread count.

Args:
    input (Tensor): (k) or (n, k) floating weights, not necessarily normalized.
    num_samples (int): > 0; at most k without replacement. As torch, without replacement the
        nonzero-weight categories come first and zero-weight ones (in index order) fill the
        places beyond the number of nonzero weights.

Returns:
    Tensor: int64 of shape (num_samples) or (n, num_samples).

Raises:
    RuntimeError: a negative, inf or nan weight, a row summing to 0, or more than k samples
        without replacement.

Example:
    >>> pyt.multinomial(pyt.tensor([0., 1., 0.]), 2, replacement=True)
    tensor([1, 1])
)doc";
  m.def("multinomial", [](const Tensor& input, int64_t n, bool replacement, py::object gen) {
    Generator* g = to_generator(gen);
    GIL gl;
    return multinomial(input, n, replacement, g);
  }, py::arg("input"), py::arg("num_samples"), py::arg("replacement") = false, py::kw_only(),
     py::arg("generator") = py::none(), multinomial_doc);
  cls.def("multinomial", [](const Tensor& input, int64_t n, bool replacement, py::object gen) {
    Generator* g = to_generator(gen);
    GIL gl;
    return multinomial(input, n, replacement, g);
  }, py::arg("num_samples"), py::arg("replacement") = false, py::kw_only(), py::arg("generator") = py::none(),
     "See pyt.multinomial().");

  cls.def("exponential_", [](Tensor& t, double lambd, py::object gen) -> Tensor& {
    Generator* g = to_generator(gen);
    GIL gl;
    return exponential_(t, lambd, g);
  }, py::arg("lambd") = 1.0, py::kw_only(), py::arg("generator") = py::none(),
     py::return_value_policy::reference_internal,
     "In place: exponential samples of rate lambd > 0, from pyt's Philox stream (Tensor.exponential_).");
  cls.def("random_", [](Tensor& t, py::args args, py::object gen) -> Tensor& {
    PYT_CHECK(args.size() <= 2, TypeError, "random_(): expected at most 2 arguments (from, to), got ", args.size());
    int64_t from = 0;
    std::optional<int64_t> to;
    if (args.size() == 1) {
      to = args[0].cast<int64_t>();  // random_(to)
    } else if (args.size() == 2) {
      from = args[0].cast<int64_t>();
      if (!args[1].is_none()) to = args[1].cast<int64_t>();
    }
    Generator* g = to_generator(gen);
    GIL gl;
    return random_(t, from, to, g);
  }, py::kw_only(), py::arg("generator") = py::none(), py::return_value_policy::reference_internal,
     "random_(from=0, to=None, *, generator=None): in place, integers uniform on [from, to); random_(to) is "
     "[0, to); without to, [0, 2**mantissa] for floats and [0, max] for integers (Tensor.random_).");
}

}  // namespace pyt::python
