"""nn.Module API against torch: hooks (forward and full backward), error paths, containers,
state_dict/load_state_dict, repr, conversions, Bilinear/Unflatten/Linear."""

import copy
import pickle
import sys
import traceback
import warnings
from collections import OrderedDict

import numpy as np
import pytest
import torch

import pyt


def both(build):
    """Build the same model in torch and pyt (build receives the library) with equal weights."""
    t = build(torch)
    p = build(pyt)
    p.load_state_dict({k: pyt.tensor(v.detach().numpy()) for k, v in t.state_dict().items()})
    return t, p


def prepr(s):
    return s.replace("torch.", "pyt.")


# ----------------------------------------------------------------------------- models
def make_transformerish(L):
    nn = L.nn

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.linear1 = nn.Linear(4, 8)
            self.act = nn.ReLU()
            self.linear2 = nn.Linear(8, 4)
            self.register_buffer("scale", L.ones(4))
            self.register_buffer("cache", L.zeros(2), persistent=False)

        def forward(self, x):
            return self.linear2(self.act(self.linear1(x))) * self.scale

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([Layer() for _ in range(2)])
            self.heads = nn.ModuleDict({"b": nn.Linear(4, 2), "a": nn.Identity()})
            self.extra = nn.ParameterList([nn.Parameter(L.ones(3)), L.zeros(2)])
            self.table = nn.ParameterDict({"z": nn.Parameter(L.ones(1)), "y": L.zeros(2)})

        def forward(self, x):
            for layer in self.layers:
                x = layer(x)
            return self.heads["b"](self.heads["a"](x))

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = Encoder()
            self.head = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 3)), ("flat", nn.Flatten(0))]))
            self.bil = nn.Bilinear(2, 2, 2)
            self.unflat = nn.Unflatten(1, (1, 3))

        def forward(self, x):
            h = self.encoder(x)
            return self.unflat(self.head(self.bil(h, h)).reshape(-1, 3))

    return Model()


def test_state_dict_keys_repr_and_outputs_match_torch():
    t, p = both(make_transformerish)
    assert list(p.state_dict()) == list(t.state_dict())
    assert [n for n, _ in p.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert [n for n, _ in p.named_buffers()] == [n for n, _ in t.named_buffers()]
    assert [n for n, _ in p.named_modules()] == [n for n, _ in t.named_modules()]
    assert prepr(repr(t)) == repr(p)
    x = np.random.default_rng(0).normal(size=(5, 4))
    to = t(torch.tensor(x, dtype=torch.float32))
    po = p(pyt.tensor(x, dtype=pyt.float32))
    np.testing.assert_allclose(po.detach().numpy(), to.detach().numpy(), rtol=1e-5, atol=1e-6)
    to.sum().backward()
    po.sum().backward()
    for (n, a), (_, b) in zip(p.named_parameters(), t.named_parameters()):
        if b.grad is None:
            assert a.grad is None, n
        else:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=1e-6,
                                       err_msg=n)


def test_named_members_prefix_recurse_duplicates_like_torch():
    def build(L):
        shared = L.nn.Linear(2, 2)
        m = L.nn.Sequential(shared, L.nn.ReLU(), shared)
        return m

    t, p = both(build)
    for kw in [{}, {"prefix": "model"}, {"recurse": False}, {"remove_duplicate": False},
               {"prefix": "m", "remove_duplicate": False}]:
        assert [n for n, _ in p.named_parameters(**kw)] == [n for n, _ in t.named_parameters(**kw)]
    assert [n for n, _ in p.named_modules(remove_duplicate=False)] == [
        n for n, _ in t.named_modules(remove_duplicate=False)]
    assert [n for n, _ in p.named_children()] == [n for n, _ in t.named_children()]
    assert len(list(p.modules())) == len(list(t.modules()))


def test_load_state_dict_results_and_errors_match_torch():
    t, p = both(make_transformerish)
    sd_t = t.state_dict()
    sd_p = OrderedDict((k, pyt.tensor(v.numpy())) for k, v in sd_t.items())
    r = p.load_state_dict(sd_p)
    assert repr(r) == repr(t.load_state_dict(sd_t)) == "<All keys matched successfully>"
    # missing + unexpected, non-strict
    del sd_t["encoder.layers.0.linear1.bias"], sd_p["encoder.layers.0.linear1.bias"]
    sd_t["encoder.bogus"] = torch.zeros(1)
    sd_p["encoder.bogus"] = pyt.zeros(1)
    rt = t.load_state_dict(sd_t, strict=False)
    rp = p.load_state_dict(sd_p, strict=False)
    assert rp.missing_keys == rt.missing_keys and rp.unexpected_keys == rt.unexpected_keys
    assert repr(rp) == repr(rt)
    # strict: same RuntimeError text
    with pytest.raises(RuntimeError) as et:
        t.load_state_dict(sd_t)
    with pytest.raises(RuntimeError) as ep:
        p.load_state_dict(sd_p)
    assert str(ep.value) == str(et.value)
    # size mismatch
    sd_t = t.state_dict()
    sd_t["head.fc.weight"] = torch.zeros(4, 2)
    sd_p = OrderedDict((k, pyt.tensor(v.numpy())) for k, v in sd_t.items())
    with pytest.raises(RuntimeError) as et:
        t.load_state_dict(sd_t)
    with pytest.raises(RuntimeError) as ep:
        p.load_state_dict(sd_p)
    assert prepr(str(et.value)) == str(ep.value)


def test_state_dict_prefix_keep_vars_and_non_persistent():
    _, p = both(make_transformerish)
    sd = p.state_dict(prefix="m.")
    assert all(k.startswith("m.") for k in sd)
    assert "m.encoder.layers.0.cache" not in sd and "m.encoder.layers.0.scale" in sd
    kv = p.state_dict(keep_vars=True)
    assert kv["head.fc.weight"] is p.head.fc.weight
    assert p.state_dict()["head.fc.weight"].requires_grad is False


def test_conversions_and_modes():
    _, p = both(make_transformerish)
    w = p.head.fc.weight
    assert p.double() is p and w.dtype == pyt.float64 and p.head.fc.weight is w
    assert p.encoder.layers[0].scale.dtype == pyt.float64
    p.half()
    assert w.dtype == pyt.float16
    p.to(pyt.float32)
    assert w.dtype == pyt.float32
    p.to(dtype=pyt.float64)
    assert w.dtype == pyt.float64
    p.float()
    with pytest.raises(TypeError, match="floating point"):
        p.to(pyt.int32)
    p.eval()
    assert not any(m.training for m in p.modules())
    p.train()
    assert all(m.training for m in p.modules())
    with pytest.raises(ValueError, match="boolean"):
        p.train("yes")
    p.requires_grad_(False)
    assert not any(q.requires_grad for q in p.parameters())
    p.requires_grad_()
    p(pyt.ones(2, 4)).sum().backward()
    p.zero_grad(set_to_none=False)
    assert all(q.grad is None or not q.grad.numpy().any() for q in p.parameters())
    p.zero_grad()
    assert all(q.grad is None for q in p.parameters())
    seen = []
    p.apply(lambda m: seen.append(type(m).__name__))
    assert seen[-1] == "Model" and seen[0] == "Linear"


def test_registration_api_and_errors():
    m = pyt.nn.Module()
    m.register_module("a", pyt.nn.Linear(2, 2))
    m.add_module("b", pyt.nn.Sequential(pyt.nn.Linear(2, 2)))
    m.register_parameter("w", pyt.nn.Parameter(pyt.ones(1)))
    m.register_buffer("buf", pyt.ones(1))
    assert m.get_submodule("b.0") is m.b[0]
    assert m.get_parameter("b.0.bias") is m.b[0].bias
    assert m.get_buffer("buf") is m.buf
    with pytest.raises(AttributeError, match="has no attribute `c`"):
        m.get_submodule("c")
    with pytest.raises(AttributeError, match="is not an nn.Parameter"):
        m.get_parameter("buf")
    with pytest.raises(KeyError, match="already exists"):
        m.register_buffer("w", pyt.ones(1))
    with pytest.raises(KeyError, match="contain"):
        m.register_parameter("x.y", None)
    with pytest.raises(TypeError, match="is not a Module subclass"):
        m.add_module("z", 3)
    with pytest.raises(TypeError, match="cannot assign"):
        m.w = pyt.ones(1)
    d = dir(m)
    for name in ("a", "b", "w", "buf", "forward"):
        assert name in d
    # pickling and deepcopy keep structure and values
    m2 = pickle.loads(pickle.dumps(m))
    assert list(m2.state_dict()) == list(m.state_dict())
    m3 = copy.deepcopy(m)
    assert m3.b[0].weight is not m.b[0].weight
    np.testing.assert_array_equal(m3.b[0].weight.detach().numpy(), m.b[0].weight.detach().numpy())


# ----------------------------------------------------------------------------- containers
def test_sequential_operations_match_torch():
    def ops(L):
        nn = L.nn
        s = nn.Sequential(nn.Linear(1, 1), nn.ReLU(), nn.Tanh(), nn.Sigmoid())
        out = [len(s), type(s[-1]).__name__, type(s[1:3]).__name__, len(s[::2])]
        s.append(nn.Identity())
        s.insert(1, nn.Flatten())
        s.insert(-1, nn.Softmax(0))
        s.extend([nn.ReLU()])
        out.append([type(m).__name__ for m in s])
        out.append(type(s.pop(2)).__name__)
        del s[0]
        del s[-2:]
        out.append([type(m).__name__ for m in s])
        out.append(list(s._modules))
        s2 = nn.Sequential(OrderedDict([("a", nn.ReLU()), ("b", nn.Tanh())]))
        out.append(repr(s2))
        out.append(repr(s2 + nn.Sequential(nn.ReLU())))
        with pytest.raises(IndexError):
            s2[5]
        return out

    assert ops(torch) == ops(pyt)


def test_module_list_dict_ops_and_repr_match_torch():
    def ops(L):
        nn = L.nn
        ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU()])
        ml.insert(0, nn.Tanh())
        ml.append(nn.ReLU()).extend([nn.Tanh()])
        r = [repr(ml), len(ml), type(ml[-1]).__name__, len(ml[1:4])]
        del ml[0]
        r.append(list(ml._modules))
        md = nn.ModuleDict([("x", nn.ReLU()), ("y", nn.Tanh())])
        md["z"] = nn.Identity()
        r += [list(md), "y" in md, type(md.pop("y")).__name__, repr(md)]
        return r

    assert ops(torch) == ops(pyt)


def test_parameter_list_dict_match_torch():
    def ops(L):
        nn = L.nn
        pl = nn.ParameterList([L.ones(2), nn.Parameter(L.zeros(3, 1)), "obj"])
        pl.append(L.ones(1))
        r = [len(pl), type(pl[0]).__name__, [n for n, _ in pl.named_parameters()],
             len(pl[1:]), prepr(repr(pl))]
        pd = nn.ParameterDict({"b": L.ones(2), "a": L.zeros(1)})
        pd["c"] = L.ones(3)
        pd.update([("d", L.ones(1))])
        r += [list(pd), [n for n, _ in pd.named_parameters()], "a" in pd, len(pd),
              prepr(repr(pd)), pd.get("zz") is None, pd.pop("a").shape == (1,), list(pd.keys())]
        pd.setdefault("e", L.ones(2))
        r.append(pd.popitem()[0])
        r.append(list((pd | nn.ParameterDict({"q": L.ones(1)})).keys()))
        with pytest.raises(RuntimeError, match="should not be called"):
            pl()
        with pytest.raises(TypeError, match="not a string"):
            pd[1] = L.ones(1)
        with pytest.raises(TypeError, match="extend should be called with an iterable"):
            pl.extend(L.ones(2))
        return r

    assert ops(torch) == ops(pyt)


# ----------------------------------------------------------------------------- forward hooks
def test_forward_hook_semantics_match_torch():
    def run(L):
        log = []
        m = L.nn.Linear(2, 2)
        m.register_forward_pre_hook(lambda mod, a: log.append("pre1"))
        m.register_forward_pre_hook(lambda mod, a: log.append("pre0"), prepend=True)
        m.register_forward_pre_hook(
            lambda mod, a, kw: (log.append(("prekw", sorted(kw))), ((a[0] * 2,), kw))[1],
            with_kwargs=True)
        h = m.register_forward_hook(lambda mod, a, out: log.append("fwd"))
        m.register_forward_hook(lambda mod, a, kw, out: out * 0 + 1, with_kwargs=True)
        m.register_forward_hook(lambda mod, a, out: log.append("always"), always_call=True)
        out = m(L.ones(1, 2))
        log.append(out.detach().numpy().tolist())
        h.remove()
        m(L.ones(1, 2))

        class Bad(L.nn.Module):
            def forward(self, x):
                raise ValueError("boom")

        b = Bad()
        b.register_forward_hook(lambda mod, a, out: log.append("not-called"))
        b.register_forward_hook(lambda mod, a, out: log.append(("always-on-error", out)),
                                always_call=True)
        with pytest.raises(ValueError):
            b(L.ones(1))
        return log

    assert run(torch) == run(pyt)


# ----------------------------------------------------------------------------- backward hooks
def _hook_model(L):
    class Two(L.nn.Module):
        def __init__(self):
            super().__init__()
            self.a = L.nn.Linear(3, 2)
            self.b = L.nn.Linear(3, 2)

        def forward(self, x, y, scale, z=None):
            return self.a(x) * scale, self.b(y)

    return Two()


def _r(g):
    return None if g is None else np.round(g.detach().numpy().astype(np.float64), 5).tolist()


@pytest.mark.parametrize("x_grad,y_grad", [(True, True), (True, False), (False, False)])
def test_full_backward_hooks_match_torch(x_grad, y_grad):
    rng = np.random.default_rng(0)
    xa, ya = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))

    torch.manual_seed(0)
    t_model = _hook_model(torch)

    def run(L):
        m = _hook_model(L)
        if L is pyt:
            m.load_state_dict({k: pyt.tensor(v.detach().numpy()) for k, v in
                               t_model.state_dict().items()})
        else:
            m = t_model
        log = []
        m.register_full_backward_pre_hook(
            lambda mod, go: (log.append(("pre", [_r(g) for g in go])), (go[0] * 2, go[1]))[1])
        m.register_full_backward_hook(
            lambda mod, gi, go: log.append(("full", [_r(g) for g in gi], [_r(g) for g in go])))

        def replace(mod, gi, go):
            return tuple(None if g is None else g * 10 for g in gi)

        m.register_full_backward_hook(replace)
        m.register_full_backward_hook(
            lambda mod, gi, go: log.append(("first", [_r(g) for g in gi])), prepend=True)
        x = L.tensor(xa, dtype=L.float32).requires_grad_(x_grad)
        y = L.tensor(ya, dtype=L.float32).requires_grad_(y_grad)
        o1, o2 = m(x, y, 3.0, z=L.ones(1))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            (o1.sum() + (o2 * 2).sum()).backward()
        log.append(("x", _r(x.grad)))
        log.append(("y", _r(y.grad)))
        log.append(("w", _r(m.a.weight.grad)))
        return log

    t_log, p_log = run(torch), run(pyt)
    assert p_log == t_log


def test_backward_hook_errors_and_removal():
    m = pyt.nn.Linear(2, 2)
    h = m.register_full_backward_hook(lambda mod, gi, go: (gi[0], gi[0]))
    x = pyt.ones(1, 2, requires_grad=True)
    with pytest.raises(RuntimeError, match="invalid number of grad_input, got 2, but expected 1"):
        m(x).sum().backward()
    h.remove()
    h2 = m.register_full_backward_pre_hook(lambda mod, go: (go[0], go[0]))
    with pytest.raises(RuntimeError, match="invalid number of grad_output"):
        m(x).sum().backward()
    h2.remove()
    m(x).sum().backward()
    with pytest.raises(NotImplementedError, match="register_full_backward_hook"):
        m.register_backward_hook(lambda *a: None)


def test_backward_hooks_in_nested_sequential_order_matches_torch():
    def run(L):
        torch.manual_seed(1)
        tm = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Sequential(torch.nn.Linear(3, 2)))
        m = tm
        if L is pyt:
            m = pyt.nn.Sequential(pyt.nn.Linear(2, 3), pyt.nn.Sequential(pyt.nn.Linear(3, 2)))
            m.load_state_dict({k: pyt.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
        order = []
        for name, mod in m.named_modules():
            mod.register_full_backward_hook(
                lambda mod, gi, go, name=name: order.append((name, [_r(g) for g in go])))
        m(L.ones(2, 2, requires_grad=True)).sum().backward()
        return order

    assert run(pyt) == run(torch)


# ----------------------------------------------------------------------------- error paths
class Custom(Exception):
    pass


class WithStr(Exception):
    def __str__(self):
        return "custom str"


def _nested(exc_factory):
    class Leaf(pyt.nn.Module):
        def forward(self, x):
            raise exc_factory()

    class Layer(pyt.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear1 = Leaf()

        def forward(self, x):
            return self.linear1(x)

    class Enc(pyt.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = pyt.nn.ModuleList([Layer()])

        def forward(self, x):
            return self.layers[0](x)

    class Model(pyt.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = Enc()

        def forward(self, x):
            return self.encoder(x)

    return Model()


@pytest.mark.parametrize("factory,etype", [
    (lambda: RuntimeError("bad shape"), RuntimeError),
    (lambda: KeyError("missing"), KeyError),
    (lambda: Custom("custom"), Custom),
    (lambda: AssertionError("assert"), AssertionError),
    (lambda: ZeroDivisionError("div"), ZeroDivisionError),
])
def test_error_names_full_path_once_any_type(factory, etype):
    with pytest.raises(etype) as e:
        _nested(factory)(1)
    # what the user sees: the message, plus the notes Python prints with the traceback
    shown = str(e.value) + "".join("\n" + n for n in getattr(e.value, "__notes__", []))
    assert "(in module encoder.layers.0.linear1 (Leaf))" in shown
    assert shown.count("in module") == 1
    assert type(e.value) is etype
    if etype is KeyError:  # args stay torch's: the key, not a message
        assert e.value.args == ("missing",)
        assert str(e.value) == "'missing'"
        assert e.value.__notes__ == ["(in module encoder.layers.0.linear1 (Leaf))"]
    else:
        assert str(e.value).endswith("(in module encoder.layers.0.linear1 (Leaf))")
    if sys.version_info >= (3, 11):
        printed = "".join(traceback.format_exception_only(type(e.value), e.value))
        assert "(in module encoder.layers.0.linear1 (Leaf))" in printed


class NeedsCode(Exception):
    def __init__(self, code):
        super().__init__(f"failed with code {code}")
        self.code = code


@pytest.mark.parametrize("factory,args", [
    (lambda: KeyError("blocks.0"), ("blocks.0",)),
    (lambda: KeyError(3), (3,)),
    (lambda: NeedsCode(7), ("failed with code 7",)),
    (lambda: OSError(2, "No such file"), (2, "No such file")),
])
def test_error_args_kept_when_message_cannot_be_extended(factory, args):
    with pytest.raises(Exception) as e:
        _nested(factory)(1)
    assert e.value.args == args
    assert e.value.__notes__ == ["(in module encoder.layers.0.linear1 (Leaf))"]
    if type(e.value).__module__ == "builtins":  # it still pickles back to itself
        back = pickle.loads(pickle.dumps(e.value))
        assert type(back) is type(e.value) and back.args == args


@pytest.mark.parametrize("factory", [lambda: Custom(), lambda: Custom("a", 2), lambda: WithStr("x")])
def test_error_without_plain_message_gets_a_note(factory):
    with pytest.raises(Exception) as e:
        _nested(factory)(1)
    notes = getattr(e.value, "__notes__", [])
    assert notes == ["(in module encoder.layers.0.linear1 (Leaf))"]
    if isinstance(e.value, WithStr):
        assert str(e.value) == "custom str"


def test_error_in_real_layer_names_layer_and_expected_shape():
    model = pyt.nn.Sequential(OrderedDict([
        ("encoder", pyt.nn.Sequential(pyt.nn.Linear(4, 3), pyt.nn.ReLU(), pyt.nn.Linear(3, 2))),
    ]))
    with pytest.raises(RuntimeError) as e:
        model(pyt.ones(5, 5))
    msg = str(e.value)
    assert "mat1 and mat2 shapes cannot be multiplied (5x5 and 4x3)" in msg
    assert "Linear(in_features=4, out_features=3) expects input of shape (*, 4), got [5, 5]" in msg
    assert msg.endswith("(in module encoder.0 (Linear))")
    # the same model works again afterwards (the call stack was unwound)
    assert tuple(model(pyt.ones(5, 4)).shape) == (5, 2)


def test_error_raised_twice_through_models_is_not_renested():
    inner = _nested(lambda: RuntimeError("once"))
    outer = pyt.nn.Sequential(inner)
    for _ in range(2):
        with pytest.raises(RuntimeError) as e:
            outer(1)
        assert str(e.value).count("in module") == 1
        assert "0.encoder.layers.0.linear1 (Leaf)" in str(e.value)


# ----------------------------------------------------------------------------- layers
def test_bilinear_matches_torch_and_errors():
    def build(L):
        return L.nn.Bilinear(3, 4, 5)

    t, p = both(build)
    assert repr(p) == repr(t)
    rng = np.random.default_rng(0)
    for s1, s2 in [((6, 3), (6, 4)), ((3,), (4,)), ((2, 6, 3), (2, 6, 4))]:
        a, b = rng.normal(size=s1), rng.normal(size=s2)
        ta = torch.tensor(a, dtype=torch.float32, requires_grad=True)
        tb = torch.tensor(b, dtype=torch.float32, requires_grad=True)
        pa = pyt.tensor(a, dtype=pyt.float32).requires_grad_()
        pb = pyt.tensor(b, dtype=pyt.float32).requires_grad_()
        to, po = t(ta, tb), p(pa, pb)
        np.testing.assert_allclose(po.detach().numpy(), to.detach().numpy(), rtol=1e-5, atol=1e-5)
        to.sum().backward()
        po.sum().backward()
        for x, y in ((pa, ta), (pb, tb), (p.weight, t.weight), (p.bias, t.bias)):
            np.testing.assert_allclose(x.grad.numpy(), y.grad.numpy(), rtol=1e-4, atol=1e-5)
        p.zero_grad()
        t.zero_grad()
    x64 = pyt.randn(3, 2, dtype=pyt.float64, requires_grad=True)
    y64 = pyt.randn(3, 3, dtype=pyt.float64, requires_grad=True)
    w64 = pyt.randn(2, 2, 3, dtype=pyt.float64, requires_grad=True)
    b64 = pyt.randn(2, dtype=pyt.float64, requires_grad=True)
    assert pyt.autograd.gradcheck(pyt.nn.functional.bilinear, (x64, y64, w64, b64))
    for a, b in [((2, 3), (2, 4, 1)), ((2, 3), (3, 4)), ((2, 2), (2, 4)), ((2, 3), (2, 5))]:
        with pytest.raises(RuntimeError) as et:
            t(torch.randn(*a), torch.randn(*b))
        with pytest.raises(RuntimeError) as ep:
            p(pyt.randn(*a), pyt.randn(*b))
        assert str(et.value) in str(ep.value)
    w = p.weight.detach().numpy()
    assert np.abs(w).max() <= 1 / np.sqrt(3)


def test_unflatten_flatten_identity_match_torch():
    for L in (torch, pyt):
        assert repr(L.nn.Unflatten(1, (2, 5))) == "Unflatten(dim=1, unflattened_size=(2, 5))"
    x = np.arange(60.0).reshape(3, 20)
    for dim, size in [(1, (2, 10)), (1, (4, -1)), (-1, [5, 2, 2]), (0, (1, 3))]:
        t = torch.nn.Unflatten(dim, size)(torch.tensor(x))
        p = pyt.nn.Unflatten(dim, size)(pyt.tensor(x))
        np.testing.assert_array_equal(p.numpy(), t.numpy())
    with pytest.raises(TypeError, match="must be tuple of ints, but found element of type float"):
        pyt.nn.Unflatten(1, (2.0, 5))
    with pytest.raises(TypeError, match="must be a tuple of ints, but found type int"):
        pyt.nn.Unflatten(1, 5)
    with pytest.raises(RuntimeError):
        pyt.nn.Unflatten(1, (3, 3))(pyt.ones(2, 10))
    assert repr(pyt.nn.Flatten(0, 2)) == repr(torch.nn.Flatten(0, 2))
    ident = pyt.nn.Identity(3, unused=1)
    v = pyt.ones(2)
    assert ident(v) is v and repr(ident) == "Identity()"


# ----------------------------------------------------------------------------- more API
def test_global_hooks_match_torch():
    def run(L):
        mm = __import__(f"{L.__name__}.nn.modules.module", fromlist=["x"])
        torch.manual_seed(0)
        tm = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
        m = tm
        if L is pyt:
            m = pyt.nn.Sequential(pyt.nn.Linear(2, 2), pyt.nn.ReLU())
            m.load_state_dict({k: pyt.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
        log = []
        m[0].register_forward_hook(lambda mod, a, o: log.append(("own", type(mod).__name__)))
        hs = [
            mm.register_module_forward_pre_hook(lambda mod, a: log.append(("gpre", type(mod).__name__))),
            mm.register_module_forward_hook(lambda mod, a, o: log.append(("gfwd", type(mod).__name__))),
            mm.register_module_full_backward_hook(
                lambda mod, gi, go: log.append(("gbw", type(mod).__name__, _r(go[0])))),
            mm.register_module_full_backward_pre_hook(
                lambda mod, go: log.append(("gbwpre", type(mod).__name__))),
        ]
        try:
            m(L.ones(3, 2, requires_grad=True)).sum().backward()
        finally:
            for h in hs:
                h.remove()
        m(L.ones(1, 2))
        return log

    assert run(pyt) == run(torch)


def test_state_dict_hooks_and_set_submodule():
    m = pyt.nn.Sequential(pyt.nn.Linear(2, 2))
    seen = []
    m.register_state_dict_pre_hook(lambda mod, prefix, keep_vars: seen.append(("pre", prefix)))
    m.register_state_dict_post_hook(lambda mod, sd, prefix, meta: [sd.pop("0.bias"), None][1])
    assert list(m.state_dict()) == ["0.weight"] and seen == [("pre", "")]

    m2 = pyt.nn.Sequential(pyt.nn.Linear(2, 2))

    def rename(mod, sd, prefix, meta, strict, missing, unexpected, errors):
        if prefix + "old_w" in sd:
            sd[prefix + "weight"] = sd.pop(prefix + "old_w")

    m2[0].register_load_state_dict_pre_hook(rename)
    r = m2.load_state_dict({"0.old_w": pyt.ones(2, 2), "0.bias": pyt.zeros(2)})
    assert not r.missing_keys and not r.unexpected_keys
    assert m2[0].weight.detach().numpy().tolist() == [[1, 1], [1, 1]]

    for L in (torch, pyt):
        net = L.nn.Sequential(L.nn.Sequential(L.nn.Linear(2, 2)))
        net.set_submodule("0.0", L.nn.Identity())
        assert type(net[0][0]).__name__ == "Identity"
        with pytest.raises(AttributeError):
            net.set_submodule("0.x", L.nn.Identity(), strict=True)
        with pytest.raises(ValueError):
            net.set_submodule("", L.nn.Identity())
