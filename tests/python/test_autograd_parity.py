"""Autograd API parity with torch: inference tensors, node classes and node hooks, saved-value
attributes, Function.setup_context and gradient validation, gradcheck input checks, activation
checkpointing, Tensor.resize_ / resize_as_, .grad assignment and access, and one Python object
per tensor. Each test runs the same program on pyt and on torch and compares."""

import gc
import warnings
import weakref

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close

LIBS = [pytest.param(pyt, id="pyt"), pytest.param(torch, id="torch")]


def _err(fn):
    """(exception type name, message) raised by fn, or None."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return type(e).__name__, str(e).split(" (Triggered internally")[0]
    return None


def _both(program):
    return program(pyt), program(torch)


def _np(t):
    return t.detach().numpy()


# ---------------------------------------------------------------- inference tensors ---


def _inference_program(L):
    out = {}
    with L.inference_mode():
        x = L.ones(3)
        out["in_mode"] = (x.is_inference(), L.is_inference_mode_enabled(), L.is_grad_enabled())
        with L.inference_mode(False):
            out["inner_false"] = (L.is_inference_mode_enabled(), L.is_grad_enabled())
        out["view_in_mode"] = x[1:].is_inference()
        xr = L.ones(2, requires_grad=True)
        out["rg_in_mode"] = (xr.requires_grad, xr.is_inference())
    y = L.ones(3)
    with L.inference_mode():
        vy = y[1:]
        out["normal_view_in_mode"] = vy.is_inference()
        out["new_from_normal"] = (y + 1).is_inference()
        y.add_(1)  # a normal tensor may be updated in inference mode
        x.add_(1)  # and so may an inference tensor
    out["after"] = (x.is_inference(), L.is_inference_mode_enabled(), L.is_grad_enabled())
    out["inplace_outside"] = _err(lambda: x.add_(1))
    out["x_after_failed_inplace"] = x.tolist()  # torch writes, then raises
    out["setitem_outside"] = _err(lambda: x.__setitem__(0, 5.0))
    out["copy_outside"] = _err(lambda: x.copy_(L.zeros(3)))
    out["zero_outside"] = _err(lambda: x.zero_())
    with L.no_grad():
        out["inplace_no_grad"] = _err(lambda: x.add_(1))
    out["views_outside"] = (x[:2].is_inference(), x.detach().is_inference(), x.clone().is_inference(),
                            (x + 1).is_inference(), x.view(3, 1).is_inference())
    out["version"] = _err(lambda: x._version)
    w = L.ones(3, requires_grad=True)
    out["saved_for_backward"] = _err(lambda: (w * x).sum())
    (w + x).sum().backward()  # add saves nothing: fine
    out["w_grad"] = w.grad.tolist()
    out["requires_grad_"] = _err(lambda: x.requires_grad_())
    out["is_inference_fn"] = (L.is_inference(x), L.is_inference(y))
    out["normal_view_inplace_outside"] = _err(lambda: vy.add_(1))

    @L.inference_mode()
    def f(t):
        return t * 2, L.is_inference_mode_enabled()

    r, on = f(y)
    out["decorator"] = (r.is_inference(), on, L.is_inference_mode_enabled())
    return out


def test_inference_tensors_match_torch():
    p, t = _both(_inference_program)
    assert p == t
    assert p["inplace_outside"][0] == "RuntimeError"
    assert p["saved_for_backward"][1].startswith("Inference tensors cannot be saved for backward")


def test_inference_tensor_saved_by_python_function():
    def prog(L):
        class S(L.autograd.Function):
            @staticmethod
            def forward(ctx, a, b):
                ctx.save_for_backward(b)
                return a * 2

            @staticmethod
            def backward(ctx, g):
                return g, None

        with L.inference_mode():
            xi = L.ones(2)
        a = L.ones(2, requires_grad=True)
        return _err(lambda: S.apply(a, xi))

    p, t = _both(prog)
    assert p == t and p[0] == "RuntimeError"


def test_inference_mode_restores_state_on_error():
    for L in (pyt, torch):
        with pytest.raises(ValueError):
            with L.inference_mode():
                raise ValueError("x")
        assert L.is_grad_enabled() and not L.is_inference_mode_enabled()


# ----------------------------------------------------------- node classes and hooks ---


def test_grad_fn_class_names_and_isinstance():
    def prog(L):
        a = L.randn(2, 3, requires_grad=True)
        b = L.randn(2, 3)
        ys = [a + b, a * b, a.exp(), a.sum(), a.view(3, 2), a.transpose(0, 1), a.relu(), a / b]
        names = [type(y.grad_fn).__name__ for y in ys]
        inst = [isinstance(y.grad_fn, L.autograd.graph.Node) for y in ys]
        acc = (a * 2).grad_fn.next_functions[0][0]
        return names, inst, type(acc).__name__, isinstance(acc, L.autograd.graph.Node)

    p, t = _both(prog)
    assert p == t
    y = pyt.ones(2, requires_grad=True) * 2
    assert type(y.grad_fn) is type((pyt.ones(1, requires_grad=True) * 3).grad_fn)  # one class per name
    assert y.grad_fn.name() == "MulBackward0"


def test_python_function_node_class_name():
    def prog(L):
        class MyFn(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g * 2

        y = MyFn.apply(L.ones(2, requires_grad=True))
        return type(y.grad_fn).__name__, isinstance(y.grad_fn, L.autograd.graph.Node)

    p, t = _both(prog)
    assert p == t


def _node_hook_program(L):
    log = []
    a = L.tensor([1.0, 2.0], requires_grad=True)
    b = L.tensor([3.0, 4.0])
    y = a * b
    z = y.sum()

    def post(grad_inputs, grad_outputs):
        log.append(("post", [None if g is None else g.tolist() for g in grad_inputs],
                    [g.tolist() for g in grad_outputs]))

    def pre(grad_outputs):
        log.append(("pre", [g.tolist() for g in grad_outputs]))

    h1 = y.grad_fn.register_hook(post)
    h2 = y.grad_fn.register_prehook(pre)
    z.backward(retain_graph=True)
    log.append(a.grad.tolist())
    # Replacing values: the prehook doubles the incoming gradient, the post hook adds one.
    h1.remove()
    h2.remove()
    h3 = y.grad_fn.register_prehook(lambda go: (go[0] * 2,))
    h4 = y.grad_fn.register_hook(lambda gi, go: (gi[0] + 1, gi[1]))
    a.grad = None
    z.backward(retain_graph=True)
    log.append(a.grad.tolist())
    h3.remove()
    h4.remove()
    a.grad = None
    z.backward(retain_graph=True)
    log.append(a.grad.tolist())
    # A wrong number of values is torch's RuntimeError.

    def bad(gi, go):
        return (gi[0],)

    y.grad_fn.register_hook(bad)
    log.append(_err(lambda: z.backward(retain_graph=True)))
    return log


def test_node_register_hook_and_prehook():
    p, t = _both(_node_hook_program)
    assert p == t


def test_node_hook_with_autograd_grad_and_removed_handle_twice():
    def prog(L):
        x = L.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x.exp()
        seen = []
        h = y.grad_fn.register_prehook(lambda go: seen.append(len(go)))
        (g,) = L.autograd.grad(y.sum(), x)
        h.remove()
        h.remove()  # no effect
        return seen, g.tolist()

    p, t = _both(prog)
    assert p[0] == t[0]
    np.testing.assert_allclose(p[1], t[1], rtol=1e-6)


def test_node_hook_handle_does_not_keep_graph_alive():
    x = pyt.randn(4, requires_grad=True)
    y = x * 2
    h = y.grad_fn.register_hook(lambda gi, go: None)
    r = weakref.ref(y)
    del y
    gc.collect()
    assert r() is None
    h.remove()  # node gone: no effect, no error


def test_saved_attributes():
    def prog(L):
        a = L.tensor([1.0, 2.0], requires_grad=True)
        b = L.tensor([3.0, 5.0])
        m = a * b
        d = a / b
        e = a.exp()
        mm = L.mm(a.view(1, 2), b.view(2, 1))
        out = {
            "mul": (m.grad_fn._saved_self, m.grad_fn._saved_other.tolist()),
            "div": (d.grad_fn._saved_self, d.grad_fn._saved_other.tolist()),
            "exp": e.grad_fn._saved_result.tolist(),
            "mm": (mm.grad_fn._saved_self, mm.grad_fn._saved_mat2.tolist()),
            "log": a.log().grad_fn._saved_self.tolist(),
            "sin": a.sin().grad_fn._saved_self.tolist(),
            "tanh": a.tanh().grad_fn._saved_result.tolist(),
            "sigmoid": a.sigmoid().grad_fn._saved_result.tolist(),
            "relu": a.relu().grad_fn._saved_result.tolist(),
            "sqrt": a.sqrt().grad_fn._saved_result.tolist(),
        }
        out["other_is_b"] = m.grad_fn._saved_other is b
        e.sum().backward()
        out["freed"] = _err(lambda: e.grad_fn._saved_result)
        return out

    p, t = _both(prog)
    for k in t:
        if k in ("exp", "log", "sin", "tanh", "sigmoid", "relu", "sqrt"):
            np.testing.assert_allclose(p[k], t[k], rtol=1e-6)
        else:
            assert p[k] == t[k], k


# ------------------------------------------------------------------ autograd.Function ---


def _setup_context_program(L):
    log = []

    class Scale(L.autograd.Function):
        @staticmethod
        def forward(x, k):
            return x * k

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, k = inputs
            log.append((L.is_grad_enabled(), type(inputs).__name__, tuple(output.shape)))
            ctx.save_for_backward(x)
            ctx.k = k

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * ctx.k * x, None

    a = L.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = Scale.apply(a, 3.0)
    (y * y).sum().backward()
    return log, a.grad.tolist(), type(y.grad_fn).__name__, y.tolist()


def test_function_setup_context_style():
    p, t = _both(_setup_context_program)
    assert p == t


def _backward_validation_program(L):
    out = {}

    def fn(grad_maker):
        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return grad_maker(g)

        return F

    a = L.ones(2, 3, requires_grad=True)
    fn(lambda g: (g * 3).double()).apply(a).sum().backward()
    out["float64_cast"] = (str(a.grad.dtype).split(".")[-1], a.grad.tolist())
    a.grad = None
    fn(lambda g: L.ones(4, 2, 3)).apply(a).sum().backward()  # summed down to [2, 3]
    out["summed"] = a.grad.tolist()
    b = L.ones(2, 1, requires_grad=True)
    fn(lambda g: L.ones(2, 5)).apply(b).sum().backward()  # [2, 1] broadcasts to [2, 5]
    out["summed_dim1"] = b.grad.tolist()
    a.grad = None
    out["wrong_shape"] = _err(lambda: fn(lambda g: L.ones(3)).apply(a).sum().backward())
    out["wrong_shape2"] = _err(lambda: fn(lambda g: L.ones(3, 2)).apply(a).sum().backward())
    return out


def test_function_backward_dtype_cast_and_shape_error():
    p, t = _both(_backward_validation_program)
    assert p == t
    assert p["wrong_shape"][0] == "RuntimeError"


# ----------------------------------------------------------------- gradcheck, anomaly ---


def test_gradcheck_without_inputs_requiring_grad():
    def prog(L):
        x = L.randn(3, dtype=L.float64)
        return (_err(lambda: L.autograd.gradcheck(lambda t: t * 2, (x,))),
                _err(lambda: L.autograd.gradgradcheck(lambda t: t * 2, (x,))))

    p, t = _both(prog)
    assert p == t and p[0][0] == "ValueError"


def test_anomaly_queries():
    for L in (pyt, torch):
        assert L.is_anomaly_enabled() is False
        with L.autograd.detect_anomaly(check_nan=False):
            assert L.is_anomaly_enabled() is True
            assert L.is_anomaly_check_nan_enabled() is False
        assert L.is_anomaly_enabled() is False
        assert L.is_anomaly_check_nan_enabled() is True


# ----------------------------------------------------------------------- checkpoint ---


def _mlp(L, seed=0):
    rng = np.random.default_rng(seed)
    layers = [L.nn.Linear(6, 8), L.nn.ReLU(), L.nn.Dropout(0.5), L.nn.Linear(8, 8), L.nn.Tanh(),
              L.nn.Linear(8, 3)]
    with L.no_grad():
        for m in layers:
            if isinstance(m, L.nn.Linear):
                m.weight.copy_(L.from_numpy(rng.standard_normal(tuple(m.weight.shape)).astype(np.float32)))
                m.bias.copy_(L.from_numpy(rng.standard_normal(tuple(m.bias.shape)).astype(np.float32)))
    return L.nn.Sequential(*layers)


@pytest.mark.parametrize("use_reentrant", [False, True])
def test_checkpoint_gradients_equal_plain_run(use_reentrant):
    x_np = np.random.default_rng(1).standard_normal((5, 6)).astype(np.float32)
    for L in (pyt, torch):
        model = _mlp(L)
        x = L.from_numpy(x_np.copy()).requires_grad_()
        L.manual_seed(123)
        plain = model(x)
        plain.pow(2).sum().backward()
        ref = [x.grad.clone()] + [p.grad.clone() for p in model.parameters()]
        x.grad = None
        model.zero_grad()
        L.manual_seed(123)
        out = L.utils.checkpoint.checkpoint(model, x, use_reentrant=use_reentrant)
        _ = L.rand(7)  # consume random numbers between forward and backward
        out.pow(2).sum().backward()
        got = [x.grad] + [p.grad for p in model.parameters()]
        np.testing.assert_array_equal(_np(out), _np(plain))
        for g, r in zip(got, ref):
            np.testing.assert_allclose(_np(g), _np(r), rtol=1e-5, atol=1e-6)
    # pyt's and torch's dropout masks differ (different generators): the cross-framework
    # comparison is test_checkpoint_matches_torch_without_dropout.


@pytest.mark.parametrize("use_reentrant", [False, True])
def test_checkpoint_matches_torch_without_dropout(use_reentrant):
    x_np = np.random.default_rng(2).standard_normal((4, 6)).astype(np.float32)
    grads = {}
    for L in (pyt, torch):
        model = _mlp(L)
        model.eval()  # dropout off: deterministic, comparable across frameworks
        x = L.from_numpy(x_np.copy()).requires_grad_()
        out = L.utils.checkpoint.checkpoint(model, x, use_reentrant=use_reentrant)
        out.pow(2).sum().backward()
        grads[L.__name__] = [_np(out), _np(x.grad)] + [_np(p.grad) for p in model.parameters()]
    for a, b in zip(grads["pyt"], grads["torch"]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_checkpoint_non_reentrant_recomputes_and_saves_memory():
    calls = []

    def f(x, w, *, scale):
        calls.append(1)
        return ((x @ w).tanh() * scale).sin()

    x = pyt.randn(3, 4, requires_grad=True)
    w = pyt.randn(4, 5, requires_grad=True)
    y = pyt.utils.checkpoint.checkpoint(f, x, w, use_reentrant=False, scale=2.0)
    assert len(calls) == 1
    gx, gw = pyt.autograd.grad(y.sum(), (x, w), retain_graph=True)
    assert len(calls) == 2  # recomputed once for the whole backward
    xt = torch.from_numpy(_np(x)).requires_grad_()
    wt = torch.from_numpy(_np(w)).requires_grad_()
    yt = torch.utils.checkpoint.checkpoint(lambda a, b, scale: ((a @ b).tanh() * scale).sin(), xt, wt,
                                           use_reentrant=False, scale=2.0)
    gxt, gwt = torch.autograd.grad(yt.sum(), (xt, wt))
    assert_tensor_close(gx, gxt, rtol=1e-5, atol=1e-6)
    assert_tensor_close(gw, gwt, rtol=1e-5, atol=1e-6)
    # retain_graph: a second backward recomputes again and gives the same gradients.
    gx2, gw2 = pyt.autograd.grad(y.sum(), (x, w))
    assert len(calls) == 3
    np.testing.assert_array_equal(_np(gx2), _np(gx))


def test_checkpoint_non_reentrant_parameters_without_input_grad():
    for L in (pyt, torch):
        lin = L.nn.Linear(3, 2)
        x = L.ones(4, 3)
        L.utils.checkpoint.checkpoint(lin, x, use_reentrant=False).sum().backward()
        assert lin.weight.grad is not None
        np.testing.assert_allclose(_np(lin.weight.grad), np.full((2, 3), 4.0), rtol=1e-6)


def test_checkpoint_argument_errors_and_warnings():
    def prog(L):
        lin = L.nn.Linear(2, 2)
        x = L.ones(1, 2, requires_grad=True)
        out = {"kw_reentrant": _err(lambda: L.utils.checkpoint.checkpoint(lin, x, use_reentrant=True, foo=1))}
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            L.utils.checkpoint.checkpoint(lin, x)
            L.utils.checkpoint.checkpoint(lin, L.ones(1, 2), use_reentrant=True)
        out["warnings"] = [(i.category.__name__, str(i.message)[:60]) for i in w]
        out["seq_kw"] = _err(lambda: L.utils.checkpoint.checkpoint_sequential([lin], 1, x, use_reentrant=False,
                                                                              bar=2))
        return out

    p, t = _both(prog)
    assert p == t


@pytest.mark.parametrize("use_reentrant", [False, True])
def test_checkpoint_sequential_matches_torch(use_reentrant):
    x_np = np.random.default_rng(3).standard_normal((4, 6)).astype(np.float32)
    res = {}
    for L in (pyt, torch):
        model = _mlp(L, seed=5)
        model.eval()
        x = L.from_numpy(x_np.copy()).requires_grad_()
        out = L.utils.checkpoint.checkpoint_sequential(model, 3, x, use_reentrant=use_reentrant)
        out.sum().backward()
        res[L.__name__] = [_np(out), _np(x.grad)] + [_np(p.grad) for p in model.parameters()]
    for a, b in zip(res["pyt"], res["torch"]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_checkpoint_dropout_mask_is_reused():
    # The recomputed forward must draw the same dropout mask: the gradient of x through
    # dropout(x) * c is c * mask / (1 - p), with the forward's mask.
    for use_reentrant in (False, True):
        x = pyt.ones(1000, requires_grad=True)
        pyt.manual_seed(7)
        y = pyt.utils.checkpoint.checkpoint(lambda t: pyt.nn.functional.dropout(t, 0.5, True) * 3, x,
                                            use_reentrant=use_reentrant)
        pyt.rand(10)
        y.sum().backward()
        mask = (_np(y) != 0).astype(np.float32)
        assert 300 < mask.sum() < 700
        np.testing.assert_array_equal(_np(x.grad), mask * 6.0)


def test_checkpoint_frees_graphs():
    lin = pyt.nn.Linear(8, 8)
    x = pyt.randn(4, 8, requires_grad=True)

    def step():
        pyt.utils.checkpoint.checkpoint(lin, x, use_reentrant=False).relu().sum().backward()
        pyt.utils.checkpoint.checkpoint(lin, x, use_reentrant=True).relu().sum().backward()

    for _ in range(5):
        step()
    gc.collect()
    before = pyt._C._live_tensor_count()
    for _ in range(100):
        step()
    gc.collect()
    assert pyt._C._live_tensor_count() == before


# ---------------------------------------------------------------- resize_, .grad ---


def _resize_program(L):
    out = {}
    a = L.arange(6.0)
    b = a.resize_(2, 2)
    out["same_object"] = b is a
    out["shrunk"] = (a.tolist(), a._version, tuple(a.stride()))
    a.resize_(3, 4)
    out["grown"] = (tuple(a.shape), a._version, a.view(-1)[:6].tolist())
    n = L.arange(6.0).view(2, 3).t()
    n.resize_(3, 2)
    out["same_shape_keeps_strides"] = (tuple(n.stride()), n.is_contiguous(), n._version)
    n2 = L.arange(6.0).view(2, 3).t()
    n2.resize_(2, 3)
    out["new_shape_contiguous"] = (tuple(n2.stride()), n2.tolist())
    base = L.arange(6.0)
    v = base[1:]
    v.resize_(7)  # grows the shared storage
    out["view_grown"] = (tuple(v.shape), v[:5].tolist(), base.tolist(), v.storage_offset())
    c = L.zeros(3)
    c.resize_as_(L.ones(2, 2))
    c.resize_as_(L.ones(2, 2))  # unchanged: no version bump
    out["resize_as_"] = (tuple(c.shape), c._version)
    s = L.zeros(3)
    s.resize_(3)
    out["same_size_no_bump"] = s._version
    out["to_0d"] = tuple(L.ones(2, 2).resize_(()).shape)
    e = L.ones(0)
    e.resize_(2, 0)
    out["empty"] = tuple(e.shape)
    x = L.ones(2, 3, requires_grad=True)
    out["requires_grad"] = _err(lambda: x.resize_(3))
    with L.no_grad():
        out["requires_grad_no_grad"] = _err(lambda: x.resize_(3))
    out["non_leaf"] = _err(lambda: (x * 2).resize_(3))
    out["float_size"] = _err(lambda: L.ones(2).resize_(2.5))[0]
    out["negative"] = _err(lambda: L.ones(2).resize_(-1))[0]
    return out


def test_resize_matches_torch():
    p, t = _both(_resize_program)
    assert p == t


def test_resize_numpy_storage_cannot_grow():
    arr = np.zeros(4, dtype=np.float32)
    t = pyt.from_numpy(arr)
    t.resize_(2, 2)  # fits: fine
    assert t.shape == (2, 2)
    with pytest.raises(RuntimeError, match="not resizable"):
        t.resize_(10)
    assert t.shape == (2, 2)


def _grad_assign_program(L):
    out = {}
    x = L.ones(2, 3, requires_grad=True)
    for name, g in [("int", 3), ("str", "a"), ("shape", L.ones(3)), ("f64", L.ones(2, 3, dtype=L.float64)),
                    ("i64", L.ones(2, 3, dtype=L.int64))]:
        out[name] = _err(lambda g=g: setattr(x, "grad", g))
    g = L.full((2, 3), 2.0)
    x.grad = g
    out["same_object"] = (x.grad is g, x.grad is x.grad)
    x.grad = None
    out["none"] = x.grad is None
    y = x * 2
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out["nonleaf_grad"] = y.grad
        out["nonleaf_warnings"] = [(i.category.__name__, str(i.message).split(" (Triggered")[0]) for i in w]
        y.retain_grad()
        out["retained"] = (y.grad, len(w))
        out["leaf"] = (x.grad, len(w))
    return out


def test_grad_assignment_and_nonleaf_warning():
    p, t = _both(_grad_assign_program)
    assert p == t
    assert p["int"][0] == "TypeError"
    assert p["nonleaf_warnings"][0][0] == "UserWarning"


# --------------------------------------------------------------- Python identity ---


def test_one_python_object_per_tensor():
    def prog(L):
        x = L.ones(3, requires_grad=True)
        (x * 2).sum().backward()
        out = [x.grad is x.grad]
        a = L.ones(3)
        out.append(a.add_(1) is a)
        out.append(a.mul_(2) is a)
        out.append(a.requires_grad_(False) is a)
        v = a[1:]
        out.append(v._base is a)
        out.append(a.view(3)._base is a)
        y = x * 3
        y.retain_grad()
        y.sum().backward()
        out.append(y.grad is y.grad)
        return out

    p, t = _both(prog)
    assert p == t
    assert all(p)


def test_python_object_attributes_survive_while_alive():
    x = pyt.ones(2, requires_grad=True)
    (x * 2).sum().backward()
    g = x.grad
    g.tag = "mine"
    assert x.grad.tag == "mine"
    r = weakref.ref(g)
    del g
    gc.collect()
    assert r() is None  # the C++ side keeps no reference to the Python object
    assert not hasattr(x.grad, "tag")  # a fresh object, as the old one died


def test_python_identity_does_not_leak():
    x = pyt.randn(8, requires_grad=True)

    def step():
        y = (x * 2).relu()
        y.retain_grad()
        y.sum().backward()
        _ = (x.grad, y.grad, x.grad is x.grad, y.add_(0) if False else None)
        x.grad = None

    for _ in range(5):
        step()
    gc.collect()
    before = pyt._C._live_tensor_count()
    for _ in range(500):
        step()
    gc.collect()
    assert pyt._C._live_tensor_count() == before


def test_parameter_identity_and_subclass_dealloc():
    p = pyt.nn.Parameter(pyt.ones(3))
    assert p.requires_grad_() is p
    (p * 2).sum().backward()
    assert p.grad is p.grad
    refs = []
    for _ in range(50):
        q = pyt.nn.Parameter(pyt.ones(2))
        refs.append(weakref.ref(q))
        del q
    gc.collect()
    assert all(r() is None for r in refs)
