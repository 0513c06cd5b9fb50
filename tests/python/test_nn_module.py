"""nn.Module, containers, layers, functional and init: differential against torch."""

import copy
import math
import warnings
from collections import OrderedDict

import numpy as np
import pytest
import torch

import pyt
import pyt.nn as nn
import pyt.nn.functional as F


def to_pyt(t, requires_grad=False):
    p = pyt.from_numpy(t.detach().numpy().copy())
    if requires_grad:
        p.requires_grad_(True)
    return p


def to_np(p):
    return p.detach().numpy()


def copy_torch_weights(pmod, tmod):
    """Load the torch module's state into the pyt module (through numpy)."""
    sd = OrderedDict((k, to_pyt(v)) for k, v in tmod.state_dict().items())
    pmod.load_state_dict(sd)


class PNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.flat = nn.Flatten()
        self.fc1 = nn.Linear(4 * 4 * 4, 16)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(self.flat(self.pool(self.conv(x))))))


class TNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.pool = torch.nn.MaxPool2d(2)
        self.flat = torch.nn.Flatten()
        self.fc1 = torch.nn.Linear(4 * 4 * 4, 16)
        self.act = torch.nn.ReLU()
        self.fc2 = torch.nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(self.flat(self.pool(self.conv(x))))))


# ----------------------------------------------------------------------------- registration
def test_registration_order_and_names_match_torch():
    p, t = PNet(), TNet()
    assert [n for n, _ in p.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert list(p.state_dict().keys()) == list(t.state_dict().keys())
    assert [n for n, _ in p.named_modules()] == [n for n, _ in t.named_modules()]
    assert [n for n, _ in p.named_children()] == [n for n, _ in t.named_children()]
    assert [tuple(x.shape) for x in p.parameters()] == [tuple(x.shape) for x in t.parameters()]
    assert type(p.state_dict()) is OrderedDict


def test_named_parameters_prefix_recurse_and_duplicates():
    shared = nn.Linear(2, 2)
    seq = nn.Sequential(shared, nn.ReLU(), shared)
    tshared = torch.nn.Linear(2, 2)
    tseq = torch.nn.Sequential(tshared, torch.nn.ReLU(), tshared)
    for kwargs in [{}, {"prefix": "m"}, {"recurse": False}, {"remove_duplicate": False}]:
        assert [n for n, _ in seq.named_parameters(**kwargs)] == [
            n for n, _ in tseq.named_parameters(**kwargs)
        ]
    assert len(list(seq.modules())) == len(list(tseq.modules()))
    assert len(list(seq.modules(remove_duplicate=False))) == 4
    assert list(seq.state_dict().keys()) == list(tseq.state_dict().keys())


def test_buffers_persistent_and_not():
    m = nn.Module()
    m.register_buffer("a", pyt.zeros(2))
    m.register_buffer("b", pyt.ones(1), persistent=False)
    m.register_buffer("c", None)
    assert [n for n, _ in m.named_buffers()] == ["a", "b"]
    assert list(m.state_dict().keys()) == ["a"]
    m.a = pyt.ones(2)  # assigning a tensor to a buffer name keeps it a buffer
    assert np.array_equal(to_np(m.state_dict()["a"]), [1.0, 1.0])
    del m.a
    assert "a" not in dict(m.named_buffers())


def test_setattr_getattr_delattr_semantics():
    m = nn.Module()
    m.w = nn.Parameter(pyt.ones(2))
    assert "w" in m._parameters
    with pytest.raises(TypeError, match="cannot assign"):
        m.w = pyt.ones(2)
    m.w = None
    assert m.w is None and "w" in m._parameters
    m.sub = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="child module"):
        m.sub = 3
    m.plain = 5
    assert m.plain == 5 and "plain" in m.__dict__
    with pytest.raises(AttributeError, match="'Module' object has no attribute 'nope'"):
        m.nope
    del m.sub
    assert "sub" not in m._modules
    with pytest.raises(KeyError, match="already exists"):
        m.register_buffer("plain", pyt.zeros(1))
    with pytest.raises(KeyError):
        m.register_parameter("a.b", None)
    with pytest.raises(TypeError):
        m.register_buffer("buf", 3)
    with pytest.raises(TypeError):
        m.add_module("x", 3)


def test_parameter_basics():
    data = pyt.ones(3)
    p = nn.Parameter(data)
    assert isinstance(p, pyt.Tensor) and isinstance(p, nn.Parameter)
    assert p.requires_grad and p.is_leaf
    q = nn.Parameter(data, requires_grad=False)
    assert not q.requires_grad
    with pyt.no_grad():
        r = nn.Parameter(pyt.zeros(2))
    assert r.requires_grad
    # shares storage with data
    with pyt.no_grad():
        p.mul_(2)
    assert np.array_equal(to_np(data), [2.0, 2.0, 2.0])
    assert not isinstance(p * 2, nn.Parameter)
    d = copy.deepcopy(p)
    assert isinstance(d, nn.Parameter) and d is not p
    assert np.array_equal(to_np(d), to_np(p))


def test_module_init_rejects_arguments_like_torch():
    with pytest.raises(TypeError):
        nn.Module(3)
    with pytest.raises(AttributeError, match="before Module.__init__"):

        class Bad(nn.Module):
            def __init__(self):
                self.w = nn.Parameter(pyt.ones(1))

        Bad()


def test_get_submodule_parameter_buffer():
    net = nn.Sequential(OrderedDict(enc=nn.Sequential(nn.Linear(2, 3)), act=nn.ReLU()))
    assert isinstance(net.get_submodule("enc.0"), nn.Linear)
    assert net.get_submodule("") is net
    assert tuple(net.get_parameter("enc.0.weight").shape) == (3, 2)
    with pytest.raises(AttributeError, match="has no attribute `nope`"):
        net.get_submodule("enc.nope")
    with pytest.raises(AttributeError, match="is not an nn.Module"):
        net.get_submodule("enc.0.weight")


# ----------------------------------------------------------------------------- repr
def test_repr_matches_torch():
    p = nn.Sequential(
        nn.Conv2d(3, 8, 3),
        nn.Conv2d(3, 8, (3, 5), stride=2, padding=(1, 2), dilation=2, groups=1, bias=False),
        nn.Conv2d(4, 8, 3, padding="same", groups=2, padding_mode="reflect"),
        nn.Conv2d(3, 8, 1, padding="valid"),
        nn.MaxPool2d(2),
        nn.MaxPool2d((3, 2), stride=1, padding=1, dilation=1, ceil_mode=True),
        nn.ReLU(),
        nn.ReLU(inplace=True),
        nn.Flatten(),
        nn.Flatten(0, 2),
        nn.Dropout(),
        nn.Dropout(0.25, inplace=True),
        nn.Identity(),
        nn.Linear(4, 5),
        nn.Linear(4, 5, bias=False),
        nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU()]),
        nn.ModuleList(),
        nn.Sequential(OrderedDict(inner=nn.Linear(1, 1))),
        nn.CrossEntropyLoss(),
        nn.MSELoss(),
        nn.NLLLoss(),
        nn.Softmax(dim=1),
        nn.LogSoftmax(dim=-1),
        nn.Sigmoid(),
        nn.Tanh(),
    )
    tn = torch.nn
    t = tn.Sequential(
        tn.Conv2d(3, 8, 3),
        tn.Conv2d(3, 8, (3, 5), stride=2, padding=(1, 2), dilation=2, groups=1, bias=False),
        tn.Conv2d(4, 8, 3, padding="same", groups=2, padding_mode="reflect"),
        tn.Conv2d(3, 8, 1, padding="valid"),
        tn.MaxPool2d(2),
        tn.MaxPool2d((3, 2), stride=1, padding=1, dilation=1, ceil_mode=True),
        tn.ReLU(),
        tn.ReLU(inplace=True),
        tn.Flatten(),
        tn.Flatten(0, 2),
        tn.Dropout(),
        tn.Dropout(0.25, inplace=True),
        tn.Identity(),
        tn.Linear(4, 5),
        tn.Linear(4, 5, bias=False),
        tn.ModuleList([tn.Linear(2, 2) for _ in range(3)] + [tn.ReLU()]),
        tn.ModuleList(),
        tn.Sequential(OrderedDict(inner=tn.Linear(1, 1))),
        tn.CrossEntropyLoss(),
        tn.MSELoss(),
        tn.NLLLoss(),
        tn.Softmax(dim=1),
        tn.LogSoftmax(dim=-1),
        tn.Sigmoid(),
        tn.Tanh(),
    )
    assert repr(p) == repr(t)
    assert repr(PNet()) == repr(TNet()).replace("TNet", "PNet")


def test_custom_extra_repr_multiline():
    class P(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(1, 1)

        def extra_repr(self):
            return "a=1\nb=2"

    class T(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(1, 1)

        def extra_repr(self):
            return "a=1\nb=2"

    assert repr(P()) == repr(T()).replace("T(", "P(", 1)


# ----------------------------------------------------------------------------- containers
def test_sequential_indexing_slicing_len_iter():
    layers = [nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1)]
    s = nn.Sequential(*layers)
    assert len(s) == 3
    assert s[0] is layers[0] and s[-1] is layers[2]
    assert isinstance(s[1:], nn.Sequential) and len(s[1:]) == 2
    assert list(s[1:]._modules.keys()) == ["1", "2"]
    assert list(iter(s)) == layers
    with pytest.raises(IndexError):
        s[3]
    s.append(nn.Tanh())
    assert len(s) == 4
    del s[1]
    assert list(s._modules.keys()) == ["0", "1", "2"]
    od = nn.Sequential(OrderedDict([("a", nn.ReLU()), ("b", nn.Tanh())]))
    assert list(od._modules.keys()) == ["a", "b"]
    assert isinstance(s.pop(0), nn.Linear)


def test_module_list():
    ml = nn.ModuleList([nn.Linear(1, 1), nn.ReLU()])
    ml.append(nn.Tanh())
    ml.extend([nn.Identity()])
    ml.insert(0, nn.Sigmoid())
    assert [type(m).__name__ for m in ml] == ["Sigmoid", "Linear", "ReLU", "Tanh", "Identity"]
    assert isinstance(ml[1:3], nn.ModuleList) and len(ml[1:3]) == 2
    assert len(list(ml.parameters())) == 2
    with pytest.raises(TypeError):
        ml.extend(3)
    with pytest.raises(NotImplementedError, match="forward"):
        ml(pyt.zeros(1))


# ----------------------------------------------------------------------------- state dict
def test_state_dict_detached_shared_and_keep_vars():
    lin = nn.Linear(2, 3)
    sd = lin.state_dict()
    assert not sd["weight"].requires_grad
    assert not isinstance(sd["weight"], nn.Parameter)
    with pyt.no_grad():
        lin.weight.fill_(7.0)
    assert float(sd["weight"][0, 0]) == 7.0  # shares storage
    assert lin.state_dict(keep_vars=True)["weight"] is lin.weight
    assert list(lin.state_dict(prefix="x.").keys()) == ["x.weight", "x.bias"]


def test_load_state_dict_copies_in_place_and_keeps_identity():
    p, t = PNet(), TNet()
    before = [id(x) for x in p.parameters()]
    res = p.load_state_dict(OrderedDict((k, to_pyt(v)) for k, v in t.state_dict().items()))
    assert repr(res) == "<All keys matched successfully>"
    assert res.missing_keys == [] and res.unexpected_keys == []
    assert [id(x) for x in p.parameters()] == before
    assert all(x.requires_grad for x in p.parameters())
    for (_, a), (_, b) in zip(p.state_dict().items(), t.state_dict().items()):
        np.testing.assert_array_equal(to_np(a), b.numpy())


def test_load_state_dict_errors_match_torch():
    t_src = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 2))
    t_dst = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Linear(4, 2))
    p_dst = nn.Sequential(nn.Linear(3, 5), nn.Linear(4, 2))
    sd = OrderedDict(t_src.state_dict())
    del sd["1.bias"]
    sd["extra.weight"] = torch.zeros(1)
    with pytest.raises(RuntimeError) as te:
        t_dst.load_state_dict(sd)
    with pytest.raises(RuntimeError) as pe:
        p_dst.load_state_dict(OrderedDict((k, to_pyt(v)) for k, v in sd.items()))
    assert str(pe.value) == str(te.value).replace("torch.", "pyt.")
    assert str(pe.value).startswith("Error(s) in loading state_dict for Sequential:")

    res = p_dst.load_state_dict(
        OrderedDict((k, to_pyt(v)) for k, v in sd.items() if not k.startswith("0.")),
        strict=False,
    )
    tres = t_dst.load_state_dict(
        OrderedDict((k, v) for k, v in sd.items() if not k.startswith("0.")), strict=False
    )
    assert res.missing_keys == tres.missing_keys
    assert res.unexpected_keys == tres.unexpected_keys
    with pytest.raises(TypeError, match="dict-like"):
        p_dst.load_state_dict([1, 2])


def test_extra_state_round_trip():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.k = 1

        def get_extra_state(self):
            return {"k": self.k}

        def set_extra_state(self, state):
            self.k = state["k"]

    a, b = M(), M()
    a.k = 5
    sd = a.state_dict()
    assert list(sd.keys()) == ["_extra_state"]
    b.load_state_dict(sd)
    assert b.k == 5


# ----------------------------------------------------------------------------- modes etc.
def test_train_eval_requires_grad_zero_grad():
    p = PNet()
    assert p.training and all(m.training for m in p.modules())
    p.eval()
    assert not p.training and not any(m.training for m in p.modules())
    p.train()
    assert all(m.training for m in p.modules())
    with pytest.raises(ValueError, match="boolean"):
        p.train("yes")
    p.requires_grad_(False)
    assert not any(x.requires_grad for x in p.parameters())
    p.requires_grad_()
    out = p(pyt.randn(2, 1, 8, 8)).sum()
    out.backward()
    assert all(x.grad is not None for x in p.parameters())
    p.zero_grad(set_to_none=False)
    assert all(float(x.grad.abs().sum()) == 0.0 for x in p.parameters())
    p.zero_grad()
    assert all(x.grad is None for x in p.parameters())


def test_to_double_float_in_place():
    lin = nn.Linear(3, 2)
    w = lin.weight
    lin.register_buffer("steps", pyt.zeros(1, dtype=pyt.int64))
    lin.to(pyt.float64)
    assert lin.weight is w and w.dtype == pyt.float64 and w.requires_grad
    assert lin.steps.dtype == pyt.int64
    lin.float()
    assert lin.weight is w and w.dtype == pyt.float32
    lin.double()
    assert w.dtype == pyt.float64
    lin.to(dtype=pyt.float32)
    assert w.dtype == pyt.float32
    lin.to("cpu")
    with pytest.raises(TypeError, match="floating point"):
        lin.to(pyt.int32)
    y = lin.double()(pyt.ones(1, 3, dtype=pyt.float64))
    assert y.dtype == pyt.float64


def test_apply_visits_children_then_self():
    seen = []
    net = nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.ReLU()))
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "ReLU", "Sequential", "Sequential"]


def test_forward_hooks():
    lin = nn.Linear(2, 2)
    calls = []
    h1 = lin.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    h2 = lin.register_forward_hook(lambda m, args, out: calls.append(out) or out + 1)
    out = lin(pyt.ones(1, 2))
    np.testing.assert_allclose(to_np(out), to_np(lin.bias).reshape(1, 2) + 1, rtol=1e-6)
    assert len(calls) == 1
    h1.remove()
    h2.remove()
    out = lin(pyt.ones(1, 2))
    assert len(calls) == 1
    lin.register_forward_pre_hook(lambda m, a, k: ((a[0] * 2,), k), with_kwargs=True)
    np.testing.assert_allclose(
        to_np(lin(pyt.ones(1, 2))), to_np(F.linear(pyt.full((1, 2), 2.0), lin.weight, lin.bias))
    )


def test_error_names_module_path():
    class Enc(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(3, 4)

        def forward(self, x):
            return self.fc1(x)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = Enc()

        def forward(self, x):
            return self.encoder(x)

    with pytest.raises(RuntimeError) as e:
        Net()(pyt.zeros(2, 5))
    assert "(in module encoder.fc1 (Linear))" in str(e.value)
    assert str(e.value).count("(in module") == 1

    class WithLoss(nn.Module):
        def __init__(self):
            super().__init__()
            self.loss = nn.MSELoss(reduction="bad")

        def forward(self, x):
            return self.loss(x, x)

    with pytest.raises(ValueError, match=r"reduction \(in module 1\.loss \(MSELoss\)\)"):
        nn.Sequential(nn.Identity(), WithLoss())(pyt.zeros(1))
    with pytest.raises(ValueError, match=r"reduction \(in module MSELoss\)$"):
        nn.MSELoss(reduction="bad")(pyt.zeros(1), pyt.zeros(1))
    # Errors outside forward keep their message.
    with pytest.raises(ValueError) as e2:
        F.dropout(pyt.zeros(1), p=2.0)
    assert "in module" not in str(e2.value)


def test_missing_forward():
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(1)


# ----------------------------------------------------------------------------- layers
def test_default_init_bounds_and_spread():
    pyt.manual_seed(0)
    lin = nn.Linear(256, 128)
    bound = 1 / math.sqrt(256)
    w = to_np(lin.weight)
    b = to_np(lin.bias)
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    # U(-bound, bound) has std bound/sqrt(3); 32768 samples pin it within a few percent.
    assert abs(w.std() - bound / math.sqrt(3)) < 0.03 * bound
    conv = nn.Conv2d(4, 8, 3)
    cbound = 1 / math.sqrt(4 * 9)
    assert np.abs(to_np(conv.weight)).max() <= cbound
    assert np.abs(to_np(conv.bias)).max() <= cbound
    assert tuple(conv.weight.shape) == (8, 4, 3, 3)
    assert nn.Linear(2, 2, dtype=pyt.float64).weight.dtype == pyt.float64


def test_forward_backward_matches_torch():
    torch.manual_seed(0)
    p, t = PNet(), TNet()
    copy_torch_weights(p, t)
    x = torch.randn(5, 1, 8, 8)
    y = torch.tensor([0, 2, 1, 1, 0])
    tl = torch.nn.CrossEntropyLoss()(t(x), y)
    pl = nn.CrossEntropyLoss()(p(to_pyt(x)), to_pyt(y))
    np.testing.assert_allclose(float(pl.detach()), float(tl.detach()), rtol=1e-5)
    tl.backward()
    pl.backward()
    for (n, a), (_, b) in zip(p.named_parameters(), t.named_parameters()):
        np.testing.assert_allclose(to_np(a.grad), b.grad.numpy(), rtol=1e-4, atol=1e-6, err_msg=n)


def test_dropout_module_modes():
    d = nn.Dropout(0.5)
    x = pyt.ones(1000)
    y = to_np(d(x))
    assert set(np.unique(y)).issubset({0.0, 2.0}) and 0 < (y == 0).sum() < 1000
    d.eval()
    np.testing.assert_array_equal(to_np(d(x)), np.ones(1000))
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout(1.5)


def test_conv2d_module_validation():
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="Invalid padding string"):
        nn.Conv2d(3, 4, 3, padding="full")
    with pytest.raises(ValueError, match="strided"):
        nn.Conv2d(3, 4, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="padding_mode"):
        nn.Conv2d(3, 4, 3, padding_mode="mirror")
    # padding_mode='reflect' pads the input first (values are checked in test_nn_conv.py)
    m = nn.Conv2d(1, 1, 3, padding=1, padding_mode="reflect")
    assert m(pyt.zeros(1, 1, 5, 5)).shape == (1, 1, 5, 5)


# ----------------------------------------------------------------------------- functional
@pytest.mark.parametrize("k,dil", [(3, 1), (4, 1), (2, 3), ((2, 3), (1, 2))])
def test_conv2d_same_padding_matches_torch(k, dil):
    torch.manual_seed(1)
    x = torch.randn(2, 3, 7, 6, requires_grad=True)
    kk = (k, k) if isinstance(k, int) else k
    w = torch.randn(4, 3, *kk, requires_grad=True)
    b = torch.randn(4)
    ty = torch.nn.functional.conv2d(x, w, b, padding="same", dilation=dil)
    px, pw = to_pyt(x, True), to_pyt(w, True)
    py = F.conv2d(px, pw, to_pyt(b), padding="same", dilation=dil)
    np.testing.assert_allclose(to_np(py), ty.detach().numpy(), rtol=1e-4, atol=1e-5)
    ty.sum().backward()
    py.sum().backward()
    np.testing.assert_allclose(to_np(px.grad), x.grad.numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(to_np(pw.grad), w.grad.numpy(), rtol=1e-4, atol=1e-4)


def test_conv2d_argument_errors():
    x, w = pyt.zeros(1, 1, 5, 5), pyt.zeros(1, 1, 3, 3)
    with pytest.raises(RuntimeError, match="Invalid padding string"):
        F.conv2d(x, w, padding="full")
    with pytest.raises(RuntimeError, match="strided"):
        F.conv2d(x, w, stride=2, padding="same")
    with pytest.raises(RuntimeError, match="stride"):
        F.conv2d(x, w, stride=(1, 2, 3))
    with pytest.raises(TypeError):
        F.conv2d([1], w)


def test_max_pool2d_matches_torch():
    torch.manual_seed(2)
    x = torch.randn(2, 3, 7, 7)
    for kwargs in [dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1),
                   dict(kernel_size=(2, 3), ceil_mode=True)]:
        ty = torch.nn.functional.max_pool2d(x, **kwargs)
        py = F.max_pool2d(to_pyt(x), **kwargs)
        np.testing.assert_array_equal(to_np(py), ty.numpy())
    tv, ti = torch.nn.functional.max_pool2d(x, 2, return_indices=True)
    pv, pi = F.max_pool2d(to_pyt(x), 2, return_indices=True)
    np.testing.assert_array_equal(to_np(pv), tv.numpy())
    np.testing.assert_array_equal(to_np(pi), ti.numpy())
    pv2, pi2 = nn.MaxPool2d(2, return_indices=True)(to_pyt(x))
    np.testing.assert_array_equal(to_np(pi2), ti.numpy())


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_matches_torch(reduction, weighted, smoothing):
    torch.manual_seed(3)
    x = torch.randn(6, 4, requires_grad=True)
    y = torch.tensor([0, 3, 1, -100, 2, 3])
    w = torch.rand(4) + 0.5 if weighted else None
    tl = torch.nn.functional.cross_entropy(
        x, y, weight=w, reduction=reduction, label_smoothing=smoothing
    )
    px = to_pyt(x, True)
    pl = F.cross_entropy(
        px, to_pyt(y), weight=None if w is None else to_pyt(w), reduction=reduction,
        label_smoothing=smoothing,
    )
    np.testing.assert_allclose(to_np(pl), tl.detach().numpy(), rtol=1e-5, atol=1e-6)
    tl.sum().backward()
    pl.sum().backward()
    np.testing.assert_allclose(to_np(px.grad), x.grad.numpy(), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_cross_entropy_probability_targets(smoothing):
    torch.manual_seed(4)
    x = torch.randn(3, 5, 2)
    tgt = torch.softmax(torch.randn(3, 5, 2), 1)
    w = torch.rand(5)
    for reduction in ["mean", "sum", "none"]:
        tl = torch.nn.functional.cross_entropy(
            x, tgt, weight=w, reduction=reduction, label_smoothing=smoothing
        )
        pl = F.cross_entropy(
            to_pyt(x), to_pyt(tgt), weight=to_pyt(w), reduction=reduction,
            label_smoothing=smoothing,
        )
        np.testing.assert_allclose(to_np(pl), tl.numpy(), rtol=1e-5, atol=1e-6)


def test_loss_argument_errors():
    x = pyt.zeros(3, 4)
    with pytest.raises(ValueError, match="bad is not a valid value for reduction"):
        F.cross_entropy(x, pyt.zeros(3, dtype=pyt.int64), reduction="bad")
    with pytest.raises(ValueError, match=r"Expected input batch_size \(3\) to match target"):
        F.cross_entropy(x, pyt.zeros(2, dtype=pyt.int64))
    with pytest.raises(ValueError, match="batch_size"):
        F.nll_loss(x, pyt.zeros(2, dtype=pyt.int64))
    with pytest.raises(RuntimeError, match="label_smoothing"):
        F.cross_entropy(x, pyt.zeros(3, dtype=pyt.int64), label_smoothing=1.5)
    with pytest.raises(ValueError, match="valid value for reduction"):
        F.mse_loss(x, x, reduction="avg")
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout(x, -0.1)


def test_nll_and_mse_match_torch():
    torch.manual_seed(5)
    logp = torch.log_softmax(torch.randn(4, 3), 1)
    y = torch.tensor([2, 0, 1, 1])
    w = torch.tensor([0.2, 1.0, 3.0])
    for reduction in ["mean", "sum", "none"]:
        np.testing.assert_allclose(
            to_np(F.nll_loss(to_pyt(logp), to_pyt(y), to_pyt(w), reduction=reduction)),
            torch.nn.functional.nll_loss(logp, y, w, reduction=reduction).numpy(),
            rtol=1e-6,
        )
        np.testing.assert_allclose(
            to_np(nn.MSELoss(reduction=reduction)(to_pyt(logp), to_pyt(logp * 2))),
            torch.nn.MSELoss(reduction=reduction)(logp, logp * 2).numpy(),
            rtol=1e-6,
        )
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = F.mse_loss(pyt.zeros(2, 3), pyt.ones(3))
    assert any("different to the input size" in str(r.message) for r in rec)
    assert float(out) == 1.0


def test_softmax_relu_flatten_linear():
    torch.manual_seed(6)
    x = torch.randn(2, 3, 4)
    px = to_pyt(x)
    np.testing.assert_allclose(to_np(F.softmax(px, dim=1)), torch.softmax(x, 1).numpy(), rtol=1e-6)
    np.testing.assert_allclose(
        to_np(F.log_softmax(px, dim=-1, dtype=pyt.float64)),
        torch.log_softmax(x, -1, dtype=torch.float64).numpy(),
        rtol=1e-12,
    )
    with pytest.warns(UserWarning, match="Implicit dimension"):
        F.softmax(px)
    np.testing.assert_array_equal(to_np(F.relu(px)), torch.relu(x).numpy())
    y = px.clone()
    assert F.relu(y, inplace=True) is y
    assert tuple(F.flatten(px, 1).shape) == (2, 12)
    w = torch.randn(5, 4)
    np.testing.assert_allclose(
        to_np(F.linear(px, to_pyt(w))), torch.nn.functional.linear(x, w).numpy(), rtol=1e-5
    )


# ----------------------------------------------------------------------------- init
def test_init_helpers():
    assert nn.init.calculate_gain("relu") == torch.nn.init.calculate_gain("relu")
    assert nn.init.calculate_gain("leaky_relu", 0.2) == torch.nn.init.calculate_gain(
        "leaky_relu", 0.2
    )
    assert nn.init.calculate_gain("tanh") == 5.0 / 3
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        nn.init.calculate_gain("swish")
    assert nn.init._calculate_fan_in_and_fan_out(pyt.empty(8, 3, 5, 5)) == (75, 200)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        nn.init.xavier_uniform_(pyt.empty(3))
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        nn.init.kaiming_uniform_(pyt.empty(3, 3), mode="fan_avg")
    p = nn.Parameter(pyt.empty(64, 64))
    nn.init.kaiming_normal_(p, nonlinearity="relu")  # works on a leaf requiring grad
    assert p.requires_grad and p.grad_fn is None
    a = math.sqrt(6.0 / 128)
    assert np.abs(to_np(nn.init.xavier_uniform_(pyt.empty(64, 64)))).max() <= a
    np.testing.assert_array_equal(to_np(nn.init.constant_(pyt.empty(2), 0.5)), [0.5, 0.5])
    np.testing.assert_array_equal(to_np(nn.init.ones_(pyt.empty(2))), [1.0, 1.0])
    np.testing.assert_array_equal(to_np(nn.init.zeros_(pyt.empty(2))), [0.0, 0.0])
    g1, g2 = pyt.Generator().manual_seed(3), pyt.Generator().manual_seed(3)
    np.testing.assert_array_equal(
        to_np(nn.init.normal_(pyt.empty(5), generator=g1)),
        to_np(nn.init.normal_(pyt.empty(5), generator=g2)),
    )
    with pytest.warns(UserWarning, match="zero-element"):
        nn.init.kaiming_uniform_(pyt.empty(0, 3))
