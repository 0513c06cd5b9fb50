// Top-level functions of pyt (torch.* namespace), pyt._C._nn and the fused optimizer steps.
#include <random>

#include "common.h"

namespace pyt::python {

namespace {
using GIL = py::gil_scoped_release;

TensorList to_tensor_list(py::handle seq, const char* op) {
  TensorList out;
  if (std::string(op) == "cat")
    PYT_CHECK(!PySequence_Check(seq.ptr()) || py::isinstance<Tensor>(seq) || py::len(seq) > 0, ValueError, op,
              "(): expected a non-empty list of Tensors");
  PYT_CHECK(PySequence_Check(seq.ptr()) && !py::isinstance<Tensor>(seq), TypeError, op,
            "(): argument 'tensors' must be a tuple or list of Tensors");
  for (py::handle h : py::reinterpret_borrow<py::sequence>(seq)) {
    PYT_CHECK(py::isinstance<Tensor>(h), TypeError, op, "(): expected Tensor as element ", out.size(),
              " in argument 0, but got ", std::string(py::str(py::type::of(h).attr("__name__"))));
    out.push_back(h.cast<Tensor>());
  }
  return out;
}

Tensor maybe_requires_grad(Tensor t, bool requires_grad) {
  if (requires_grad) t.set_requires_grad(true);
  return t;
}

// A bound of randint: an integer that fits int64 (ValueError otherwise, as torch).
int64_t randint_bound(py::handle h) {
  PYT_CHECK(!PyFloat_Check(h.ptr()), TypeError, "randint(): argument 'high' must be int, not float");
  py::object i = py::reinterpret_steal<py::object>(PyNumber_Index(h.ptr()));
  if (!i) {
    PyErr_Clear();
    throw TypeError(str("randint(): argument 'high' must be int, not ",
                        std::string(py::str(py::type::of(h).attr("__name__")))));
  }
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
  PYT_CHECK(!overflow, ValueError, "Overflow when unpacking long long: randint(): the bound ", std::string(py::str(h)),
            " does not fit in int64");
  return v;
}

ScalarType float_default(std::optional<ScalarType> dt) { return dt.value_or(get_default_dtype()); }

// Optional tensor argument (None -> undefined).
Tensor opt_tensor(py::handle h) { return h.is_none() ? Tensor() : h.cast<Tensor>(); }

std::vector<int64_t> int_pair(py::handle h, const char* op) { return to_int_list(h, op); }
}  // namespace

void init_functions(py::module_& m) {
  // ---- creation
  auto size_factory = [&m](const char* name, auto make, const char* doc) {
    m.def(name, [make, name](py::args size, std::optional<ScalarType> dtype, py::object device, bool requires_grad,
                             py::object) {
      if (!device.is_none()) Device(py::str(device).cast<std::string>());
      return maybe_requires_grad(make(parse_shape(size, name), dtype), requires_grad);
    }, py::kw_only(), py::arg("dtype") = py::none(), py::arg("device") = py::none(), py::arg("requires_grad") = false,
       py::arg("out") = py::none(), doc);
  };
  size_factory("zeros", [](const std::vector<int64_t>& s, std::optional<ScalarType> d) { return zeros(s, float_default(d)); },
               "A tensor of zeros of the given size (torch.zeros). Example: pyt.zeros(2, 3)");
  size_factory("ones", [](const std::vector<int64_t>& s, std::optional<ScalarType> d) { return ones(s, float_default(d)); },
               "A tensor of ones of the given size (torch.ones). Example: pyt.ones(2, 3)");
  size_factory("empty", [](const std::vector<int64_t>& s, std::optional<ScalarType> d) { return empty(s, float_default(d)); },
               "An uninitialized tensor of the given size (torch.empty).");
  m.def("full", [](py::handle size, py::handle value, std::optional<ScalarType> dtype, py::object, bool rg) {
    PYT_CHECK(!PyLong_Check(size.ptr()) && !py::isinstance<Tensor>(size), TypeError,
              "full(): argument 'size' (position 1) must be tuple of ints, not ",
              std::string(py::str(py::type::of(size).attr("__name__"))));
    Scalar v = to_scalar(value, "full");
    ScalarType dt = dtype ? *dtype : (v.is_floating_point() ? get_default_dtype() : v.natural_dtype());
    return maybe_requires_grad(full(to_int_list(size, "full"), v, dt), rg);
  }, py::arg("size"), py::arg("fill_value"), py::kw_only(), py::arg("dtype") = py::none(),
     py::arg("device") = py::none(), py::arg("requires_grad") = false,
     "A tensor of the given size filled with fill_value (torch.full); dtype follows the value's kind.");
  auto like_factory = [&m](const char* name, auto make) {
    m.def(name, [make](const Tensor& t, std::optional<ScalarType> dtype, py::object, bool rg, py::object) {
      return maybe_requires_grad(make(t, dtype), rg);
    }, py::arg("input"), py::kw_only(), py::arg("dtype") = py::none(), py::arg("device") = py::none(),
       py::arg("requires_grad") = false, py::arg("memory_format") = py::none(),
       "A new tensor with input's shape (and dtype unless given), as torch's *_like factories.");
  };
  like_factory("zeros_like", [](const Tensor& t, OptDtype d) { return zeros_like(t, d); });
  like_factory("ones_like", [](const Tensor& t, OptDtype d) { return ones_like(t, d); });
  like_factory("empty_like", [](const Tensor& t, OptDtype d) { return empty_like(t, d); });
  like_factory("rand_like", [](const Tensor& t, OptDtype d) { return rand(t.sizes(), d.value_or(t.dtype())); });
  like_factory("randn_like", [](const Tensor& t, OptDtype d) { return randn(t.sizes(), d.value_or(t.dtype())); });
  m.def("full_like", [](const Tensor& t, py::handle v, std::optional<ScalarType> dtype, py::object, bool rg) {
    return maybe_requires_grad(full_like(t, to_scalar(v, "full_like"), dtype), rg);
  }, py::arg("input"), py::arg("fill_value"), py::kw_only(), py::arg("dtype") = py::none(),
     py::arg("device") = py::none(), py::arg("requires_grad") = false);
  m.def("arange", [](py::handle a, py::handle b, py::handle step, std::optional<ScalarType> dtype, py::object, bool rg) {
    Scalar start(0), end, st = to_scalar(step, "arange");
    if (b.is_none()) {
      end = to_scalar(a, "arange");
    } else {
      start = to_scalar(a, "arange");
      end = to_scalar(b, "arange");
    }
    return maybe_requires_grad(arange(start, end, st, dtype), rg);
  }, py::arg("start"), py::arg("end") = py::none(), py::arg("step") = 1, py::kw_only(), py::arg("dtype") = py::none(),
     py::arg("device") = py::none(), py::arg("requires_grad") = false,
     "Values from start (default 0) below end with step (torch.arange). Example: pyt.arange(5)");
  m.def("linspace", [](double a, double b, int64_t steps, std::optional<ScalarType> dtype, py::object, bool rg) {
    return maybe_requires_grad(linspace(a, b, steps, float_default(dtype)), rg);
  }, py::arg("start"), py::arg("end"), py::arg("steps"), py::kw_only(), py::arg("dtype") = py::none(),
     py::arg("device") = py::none(), py::arg("requires_grad") = false,
     "steps values evenly spaced from start to end inclusive (torch.linspace).");
  m.def("eye", [](int64_t n, py::object mm, std::optional<ScalarType> dtype, py::object, bool rg) {
    const int64_t cols = mm.is_none() ? n : mm.cast<int64_t>();
    PYT_CHECK(mm.is_none() || cols >= 0, RuntimeError, "eye: m must be greater or equal to 0, got ", cols);
    return maybe_requires_grad(eye(n, cols, float_default(dtype)), rg);
  }, py::arg("n"), py::arg("m") = py::none(), py::kw_only(), py::arg("dtype") = py::none(),
     py::arg("device") = py::none(), py::arg("requires_grad") = false, "The n x m identity matrix (torch.eye).");
  m.def("rand", [](py::args size, py::object gen, std::optional<ScalarType> dtype, py::object, bool rg) {
    auto s = parse_shape(size, "rand");
    return maybe_requires_grad(rand(s, float_default(dtype), to_generator(gen)), rg);
  }, py::kw_only(), py::arg("generator") = py::none(), py::arg("dtype") = py::none(), py::arg("device") = py::none(),
     py::arg("requires_grad") = false, "Uniform samples on [0, 1) (torch.rand), from a counter-based Philox stream.");
  m.def("randn", [](py::args size, py::object gen, std::optional<ScalarType> dtype, py::object, bool rg) {
    auto s = parse_shape(size, "randn");
    return maybe_requires_grad(randn(s, float_default(dtype), to_generator(gen)), rg);
  }, py::kw_only(), py::arg("generator") = py::none(), py::arg("dtype") = py::none(), py::arg("device") = py::none(),
     py::arg("requires_grad") = false, "Standard normal samples (torch.randn).");
  m.def("randint", [](py::args args, py::object gen, std::optional<ScalarType> dtype, py::object, bool rg) {
    PYT_CHECK(args.size() == 2 || args.size() == 3, TypeError, "randint(): expected (high, size) or (low, high, size)");
    int64_t low = 0, high;
    py::handle size;
    if (args.size() == 2) {
      high = randint_bound(args[0]);
      size = args[1];
    } else {
      low = randint_bound(args[0]);
      high = randint_bound(args[1]);
      size = args[2];
    }
    PYT_CHECK(!PyLong_Check(size.ptr()), TypeError, "randint(): argument 'size' must be tuple of ints, but found "
              "element of type int");
    (void)rg;
    return randint(low, high, to_int_list(size, "randint"), dtype.value_or(ScalarType::Int64), to_generator(gen));
  }, py::kw_only(), py::arg("generator") = py::none(), py::arg("dtype") = py::none(), py::arg("device") = py::none(),
     py::arg("requires_grad") = false, "Integers uniform on [low, high) (torch.randint).");
  m.def("randperm", [](int64_t n, py::object gen, std::optional<ScalarType> dtype, py::object, bool) {
    return randperm(n, dtype.value_or(ScalarType::Int64), to_generator(gen));
  }, py::arg("n"), py::kw_only(), py::arg("generator") = py::none(), py::arg("dtype") = py::none(),
     py::arg("device") = py::none(), py::arg("requires_grad") = false, "A random permutation of 0..n-1 (torch.randperm).");
  m.def("manual_seed", [](int64_t seed) { manual_seed(static_cast<uint64_t>(seed)); }, py::arg("seed"),
        "Seeds the default generator (torch.manual_seed).");
  m.def("initial_seed", []() { return default_generator().initial_seed(); });
  m.def("scalar_tensor", [](py::handle v, std::optional<ScalarType> dtype) {
    return scalar_tensor(to_scalar(v, "scalar_tensor"), dtype.value_or(get_default_dtype()));
  }, py::arg("s"), py::kw_only(), py::arg("dtype") = py::none());

  py::class_<Generator>(m, "Generator", "A random number generator (torch.Generator): a seed and a Philox offset.")
      .def(py::init([](py::object) { return new Generator(); }), py::arg("device") = py::none())
      .def("manual_seed", [](Generator& g, int64_t s) -> Generator& {
        g.manual_seed(static_cast<uint64_t>(s));
        return g;
      }, py::arg("seed"), py::return_value_policy::reference)
      .def("initial_seed", &Generator::initial_seed)
      .def("seed", [](Generator& g) {
        uint64_t s = static_cast<uint64_t>(std::random_device{}()) << 32 | std::random_device{}();
        g.manual_seed(s);
        return s;
      })
      .def("get_state", [](const Generator& g) { return py::make_tuple(g.initial_seed(), g.offset()); })
      .def("set_state", [](Generator& g, py::tuple st) {
        g.manual_seed(st[0].cast<uint64_t>());
        g.set_offset(st[1].cast<uint64_t>());
      });
  m.attr("default_generator") = py::cast(&default_generator(), py::return_value_policy::reference);

  // ---- threads
  m.def("set_num_threads", &set_num_threads, py::arg("int"),
        "Sets the threads used by pyt's kernels and OpenBLAS (torch.set_num_threads).");
  m.def("get_num_threads", &get_num_threads, "The thread budget (torch.get_num_threads).");

  // ---- math
#define PYT_FN_BINARY(NAME)                                                          \
  m.def(#NAME, [](py::handle a, py::handle b) {                                     \
    Tensor x = to_operand(a, #NAME), y = to_operand(b, #NAME);                      \
    GIL g;                                                                          \
    return NAME(x, y);                                                              \
  }, py::arg("input"), py::arg("other"));
  PYT_FN_BINARY(mul)
  PYT_FN_BINARY(eq)
  PYT_FN_BINARY(ne)
  PYT_FN_BINARY(lt)
  PYT_FN_BINARY(le)
  PYT_FN_BINARY(gt)
  PYT_FN_BINARY(ge)
  PYT_FN_BINARY(maximum)
  PYT_FN_BINARY(minimum)
  PYT_FN_BINARY(remainder)
  PYT_FN_BINARY(bitwise_and)
  PYT_FN_BINARY(bitwise_or)
  PYT_FN_BINARY(bitwise_xor)
#undef PYT_FN_BINARY
  m.def("pow", [](py::handle a, py::handle b) {
    Tensor x = to_operand(a, "pow"), y = to_operand(b, "pow");
    GIL g;
    return pow(x, y);
  }, py::arg("input"), py::arg("exponent"));
  m.def("add", [](py::handle a, py::handle b, py::handle alpha) {
    Tensor x = to_operand(a, "add"), y = to_operand(b, "add");
    Scalar al = to_scalar(alpha, "add");
    GIL g;
    return add(x, y, al);
  }, py::arg("input"), py::arg("other"), py::kw_only(), py::arg("alpha") = 1);
  m.def("add", [](py::handle a, py::handle alpha, py::handle b) {  // deprecated: alpha before other
    return py::module_::import("pyt").attr("Tensor").attr("add")(to_operand(a, "add"), alpha, b);
  }, py::arg("input"), py::arg("alpha"), py::arg("other"));
  m.def("sub", [](py::handle a, py::handle b, py::handle alpha) {
    Tensor x = to_operand(a, "sub"), y = to_operand(b, "sub");
    Scalar al = to_scalar(alpha, "sub");
    GIL g;
    return sub(x, y, al);
  }, py::arg("input"), py::arg("other"), py::kw_only(), py::arg("alpha") = 1);
  m.def("sub", [](py::handle a, py::handle alpha, py::handle b) {  // deprecated: alpha before other
    return py::module_::import("pyt").attr("Tensor").attr("sub")(to_operand(a, "sub"), alpha, b);
  }, py::arg("input"), py::arg("alpha"), py::arg("other"));
  m.def("div", [](py::handle a, py::handle b, py::object rounding_mode) {
    Tensor x = to_operand(a, "div"), y = to_operand(b, "div");
    std::string rm = rounding_mode.is_none() ? "" : rounding_mode.cast<std::string>();
    GIL g;
    return div(x, y, rm);
  }, py::arg("input"), py::arg("other"), py::kw_only(), py::arg("rounding_mode") = py::none());
  m.def("where", [](const Tensor& c, py::handle a, py::handle b) {
    Tensor x = to_operand(a, "where"), y = to_operand(b, "where");
    GIL g;
    return where(c, x, y);
  }, py::arg("condition"), py::arg("input"), py::arg("other"));
#define PYT_FN_UNARY(NAME) m.def(#NAME, [](const Tensor& t) { GIL g; return NAME(t); }, py::arg("input"));
  PYT_FN_UNARY(neg)
  PYT_FN_UNARY(exp)
  PYT_FN_UNARY(log)
  PYT_FN_UNARY(sqrt)
  PYT_FN_UNARY(abs)
  PYT_FN_UNARY(sign)
  PYT_FN_UNARY(relu)
  PYT_FN_UNARY(sigmoid)
  PYT_FN_UNARY(tanh)
  PYT_FN_UNARY(bitwise_not)
#undef PYT_FN_UNARY
  m.def("relu_", [](Tensor& t) -> Tensor& { return relu_(t); }, py::arg("input"), py::return_value_policy::reference);
  m.def("clamp", [](const Tensor& t, py::object lo, py::object hi) {
    if (py::isinstance<Tensor>(lo) || py::isinstance<Tensor>(hi)) {
      Tensor l = lo.is_none() ? Tensor() : to_operand(lo, "clamp"), h = hi.is_none() ? Tensor() : to_operand(hi, "clamp");
      GIL g;
      return clamp(t, l, h);
    }
    OptScalar l = lo.is_none() ? OptScalar() : OptScalar(to_scalar(lo, "clamp"));
    OptScalar h = hi.is_none() ? OptScalar() : OptScalar(to_scalar(hi, "clamp"));
    GIL g;
    return clamp(t, l, h);
  }, py::arg("input"), py::arg("min") = py::none(), py::arg("max") = py::none());

  // ---- reductions (methods carry the full logic; functions forward to them)
  py::object tensor_cls = m.attr("Tensor");
  for (const char* name : {"sum", "mean", "max", "min", "argmax", "argmin", "softmax", "log_softmax", "t", "transpose",
                           "permute", "reshape", "flatten", "squeeze", "unsqueeze", "index_select", "gather",
                           "scatter_add", "scatter", "take_along_dim", "index_add", "nonzero", "masked_select", "masked_fill", "matmul", "dot", "mv", "outer", "mm", "bmm", "select", "narrow", "clone"}) {
    m.attr(name) = tensor_cls.attr(name);
  }
  m.def("cat", [](py::handle tensors, int64_t dim) {
    TensorList ts = to_tensor_list(tensors, "cat");
    GIL g;
    return cat(ts, dim);
  }, py::arg("tensors"), py::arg("dim") = 0, "Concatenates tensors along dim (torch.cat).");
  m.attr("concat") = m.attr("cat");
  m.def("stack", [](py::handle tensors, int64_t dim) {
    TensorList ts = to_tensor_list(tensors, "stack");
    GIL g;
    return stack(ts, dim);
  }, py::arg("tensors"), py::arg("dim") = 0, "Stacks equally shaped tensors along a new dim (torch.stack).");
  m.def("addmm", [](const Tensor& bias, const Tensor& a, const Tensor& b, py::handle beta, py::handle alpha) {
    Scalar be = to_scalar(beta, "addmm"), al = to_scalar(alpha, "addmm");
    GIL g;
    return addmm(bias, a, b, be, al);
  }, py::arg("input"), py::arg("mat1"), py::arg("mat2"), py::kw_only(), py::arg("beta") = 1, py::arg("alpha") = 1);
  m.def("result_type", [](py::handle a, py::handle b) {
    return result_type({to_operand(a, "result_type"), to_operand(b, "result_type")});
  }, py::arg("tensor1"), py::arg("tensor2"));

  // ---- nn kernels
  py::module_ nn = m.def_submodule("_nn", "Fused neural-network kernels behind pyt.nn.functional.");
  nn.def("linear", [](const Tensor& x, const Tensor& w, py::object b) {
    Tensor bias = opt_tensor(b);
    GIL g;
    return linear(x, w, bias);
  }, py::arg("input"), py::arg("weight"), py::arg("bias") = py::none());
  nn.def("conv2d", [](const Tensor& x, const Tensor& w, py::object b, py::handle stride, py::handle padding,
                      py::handle dilation, int64_t groups) {
    Tensor bias = opt_tensor(b);
    auto s = int_pair(stride, "conv2d"), p = int_pair(padding, "conv2d"), d = int_pair(dilation, "conv2d");
    GIL g;
    return conv2d(x, w, bias, s, p, d, groups);
  }, py::arg("input"), py::arg("weight"), py::arg("bias") = py::none(), py::arg("stride") = 1, py::arg("padding") = 0,
     py::arg("dilation") = 1, py::arg("groups") = 1);
  nn.def("max_pool2d_with_indices", [](const Tensor& x, py::handle k, py::handle s, py::handle p, py::handle d,
                                       bool ceil_mode) {
    auto kk = int_pair(k, "max_pool2d");
    std::vector<int64_t> ss = s.is_none() ? std::vector<int64_t>{} : int_pair(s, "max_pool2d");
    auto pp = int_pair(p, "max_pool2d"), dd = int_pair(d, "max_pool2d");
    GIL g;
    return max_pool2d_with_indices(x, kk, ss, pp, dd, ceil_mode);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride") = py::none(), py::arg("padding") = 0,
     py::arg("dilation") = 1, py::arg("ceil_mode") = false);
  nn.def("max_pool2d", [](const Tensor& x, py::handle k, py::handle s, py::handle p, py::handle d, bool ceil_mode) {
    auto kk = int_pair(k, "max_pool2d");
    std::vector<int64_t> ss = s.is_none() ? std::vector<int64_t>{} : int_pair(s, "max_pool2d");
    auto pp = int_pair(p, "max_pool2d"), dd = int_pair(d, "max_pool2d");
    GIL g;
    return max_pool2d(x, kk, ss, pp, dd, ceil_mode);
  }, py::arg("input"), py::arg("kernel_size"), py::arg("stride") = py::none(), py::arg("padding") = 0,
     py::arg("dilation") = 1, py::arg("ceil_mode") = false);
  nn.def("dropout", [](const Tensor& x, double p, bool train, py::object gen) {
    Generator* g = to_generator(gen);
    GIL gil;
    return dropout(x, p, train, g);
  }, py::arg("input"), py::arg("p") = 0.5, py::arg("train") = true, py::arg("generator") = py::none());
  nn.def("nll_loss", [](const Tensor& x, const Tensor& t, py::object w, const std::string& red, int64_t ii) {
    Tensor weight = opt_tensor(w);
    GIL g;
    return nll_loss(x, t, weight, red, ii);
  }, py::arg("input"), py::arg("target"), py::arg("weight") = py::none(), py::arg("reduction") = "mean",
     py::arg("ignore_index") = -100);
  nn.def("cross_entropy", [](const Tensor& x, const Tensor& t, py::object w, const std::string& red, int64_t ii) {
    Tensor weight = opt_tensor(w);
    GIL g;
    return cross_entropy(x, t, weight, red, ii);
  }, py::arg("input"), py::arg("target"), py::arg("weight") = py::none(), py::arg("reduction") = "mean",
     py::arg("ignore_index") = -100);
  nn.def("mse_loss", [](const Tensor& x, const Tensor& t, const std::string& red) {
    GIL g;
    return mse_loss(x, t, red);
  }, py::arg("input"), py::arg("target"), py::arg("reduction") = "mean");

  // ---- optimizer kernels
  m.def("_sgd_step", [](py::list params, py::list grads, py::list bufs, double lr, double momentum, double dampening,
                        double weight_decay, bool nesterov, bool maximize) {
    TensorList p = to_tensor_list(params, "_sgd_step"), g = to_tensor_list(grads, "_sgd_step");
    TensorList b;
    for (py::handle h : bufs) b.push_back(opt_tensor(h));
    {
      GIL gil;
      sgd_step(p, g, b, lr, momentum, dampening, weight_decay, nesterov, maximize);
    }
    py::list out;
    for (auto& t : b) out.append(t.defined() ? py::cast(t) : py::none());
    return out;
  });
  m.def("_adam_step", [](py::list params, py::list grads, py::list exp_avgs, py::list exp_avg_sqs, py::list maxs,
                         std::vector<int64_t> steps, double lr, double beta1, double beta2, double eps,
                         double weight_decay, bool amsgrad, bool maximize, bool decoupled) {
    TensorList p = to_tensor_list(params, "_adam_step"), g = to_tensor_list(grads, "_adam_step");
    TensorList m1 = to_tensor_list(exp_avgs, "_adam_step"), m2 = to_tensor_list(exp_avg_sqs, "_adam_step");
    TensorList mx = to_tensor_list(maxs, "_adam_step");
    GIL gil;
    adam_step(p, g, m1, m2, mx, steps, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupled);
  });
}

}  // namespace pyt::python
