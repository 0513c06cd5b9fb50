"""Differential tests (torch 2.13 oracle) for ChainDataset / StackDataset, the exception
types of TensorDataset, nll_loss / cross_entropy target checks, BCE-with-logits integer
targets, optimizers' ``capturable=True`` on CPU tensors, and state_dict ``_metadata``."""

import collections
import warnings

import numpy as np
import pytest
import torch

import pyt
import pyt.nn.functional as F
import pyt.utils.data as pdata
import torch.nn.functional as TF
import torch.utils.data as tdata


def _np(t):
    if isinstance(t, torch.Tensor):
        return t.detach().cpu().numpy()
    if isinstance(t, pyt.Tensor):
        return t.detach().numpy()
    return np.asarray(t)


def _outcome(fn):
    try:
        return ("ok", fn())
    except Exception as e:  # noqa: BLE001 - the exception type is what is compared
        return (type(e), str(e))


# ----------------------------------------------------------------------------- datasets
def _counts(mod, n, offset=0):
    class Count(mod.IterableDataset):
        def __init__(self):
            self.n = n

        def __iter__(self):
            return iter(range(offset, offset + n))

        def __len__(self):
            return self.n

    return Count()


@pytest.mark.parametrize("sizes", [(2, 3), (0, 4), (1,), ()])
def test_chain_dataset_matches_torch(sizes):
    ours = pdata.ChainDataset([_counts(pdata, n, 10 * i) for i, n in enumerate(sizes)])
    ref = tdata.ChainDataset([_counts(tdata, n, 10 * i) for i, n in enumerate(sizes)])
    assert list(ours) == list(ref)
    assert len(ours) == len(ref)
    assert isinstance(ours, pdata.IterableDataset)


def test_chain_dataset_add_and_dataloader():
    ours = _counts(pdata, 2) + _counts(pdata, 3, 5)
    ref = _counts(tdata, 2) + _counts(tdata, 3, 5)
    assert type(ours).__name__ == type(ref).__name__ == "ChainDataset"
    assert list(ours) == list(ref)
    batches = [b.tolist() for b in pdata.DataLoader(ours, batch_size=2)]
    ref_batches = [b.tolist() for b in tdata.DataLoader(ref, batch_size=2)]
    assert batches == ref_batches


def test_chain_dataset_rejects_map_style_lazily_like_torch():
    ours = pdata.ChainDataset([_counts(pdata, 2), [7, 8]])
    ref = tdata.ChainDataset([_counts(tdata, 2), [7, 8]])
    for fn in (lambda d: list(d), lambda d: len(d)):
        a, b = _outcome(lambda: fn(ours)), _outcome(lambda: fn(ref))
        assert a[0] is b[0] is AssertionError
        assert a[1] == b[1] == "ChainDataset only supports IterableDataset"
    # Iteration yields the valid prefix before failing, as torch's generator does.
    it_ours, it_ref = iter(ours), iter(ref)
    assert [next(it_ours), next(it_ours)] == [next(it_ref), next(it_ref)]


def test_stack_dataset_tuple_and_dict():
    x = np.arange(12, dtype=np.float32).reshape(4, 3)
    y = np.arange(4)
    ours = pdata.StackDataset(pyt.tensor(x), pdata.TensorDataset(pyt.tensor(y)))
    ref = tdata.StackDataset(torch.tensor(x), tdata.TensorDataset(torch.tensor(y)))
    assert len(ours) == len(ref) == 4
    for i in (0, 3, -1):
        a, b = ours[i], ref[i]
        assert isinstance(a, tuple) and len(a) == len(b) == 2
        np.testing.assert_array_equal(_np(a[0]), _np(b[0]))
        np.testing.assert_array_equal(_np(a[1][0]), _np(b[1][0]))
    ours_d = pdata.StackDataset(a=pyt.tensor(x), b=[10, 11, 12, 13])
    ref_d = tdata.StackDataset(a=torch.tensor(x), b=[10, 11, 12, 13])
    a, b = ours_d[2], ref_d[2]
    assert list(a) == list(b) == ["a", "b"]
    np.testing.assert_array_equal(_np(a["a"]), _np(b["a"]))
    assert a["b"] == b["b"]
    # Batched reads (__getitems__, used by the DataLoader) agree with torch.
    ga, gb = ours.__getitems__([3, 0]), ref.__getitems__([3, 0])
    assert len(ga) == len(gb) == 2
    for sa, sb in zip(ga, gb):
        np.testing.assert_array_equal(_np(sa[0]), _np(sb[0]))
    da, db = ours_d.__getitems__([1, 2]), ref_d.__getitems__([1, 2])
    assert [d["b"] for d in da] == [d["b"] for d in db]
    loaded = [
        (_np(xb), _np(yb)) for xb, (yb,) in pdata.DataLoader(ours, batch_size=3)
    ]
    ref_loaded = [
        (_np(xb), _np(yb)) for xb, (yb,) in tdata.DataLoader(ref, batch_size=3)
    ]
    for (xa, ya), (xb, yb) in zip(loaded, ref_loaded, strict=True):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)


def test_stack_dataset_errors_match_torch():
    class Bad(pdata.Dataset):
        def __len__(self):
            return 2

        def __getitems__(self, idx):
            return [0]

    class TBad(tdata.Dataset):
        def __len__(self):
            return 2

        def __getitems__(self, idx):
            return [0]

    cases = [
        (lambda m: m.StackDataset([1, 2], [1]),),
        (lambda m: m.StackDataset(a=[1, 2], b=[1]),),
        (lambda m: m.StackDataset([1, 2], b=[1, 2]),),
        (lambda m: m.StackDataset(),),
    ]
    for (fn,) in cases:
        a, b = _outcome(lambda: fn(pdata)), _outcome(lambda: fn(tdata))
        assert a[0] is b[0] is ValueError
        assert a[1] == b[1]
    a = _outcome(lambda: pdata.StackDataset(Bad()).__getitems__([0, 1]))
    b = _outcome(lambda: tdata.StackDataset(TBad()).__getitems__([0, 1]))
    assert a[0] is b[0] is ValueError and a[1] == b[1]


def test_tensor_dataset_size_mismatch_is_assertion_error():
    a = _outcome(lambda: pdata.TensorDataset(pyt.zeros(3), pyt.zeros(4)))
    b = _outcome(lambda: tdata.TensorDataset(torch.zeros(3), torch.zeros(4)))
    assert a[0] is b[0] is AssertionError
    assert a[1] == b[1] == "Size mismatch between tensors"


def test_exports_match_torch():
    for name in ("ChainDataset", "StackDataset"):
        assert name in pdata.__all__ and name in tdata.__all__
        assert getattr(pdata, name).__doc__


# ------------------------------------------------------------------ loss target checks
_TARGET_CASES = [
    ((2, 3, 4), (2, 5)), ((4, 3), (4, 1)), ((4, 3), (3,)), ((4, 3), (4, 2)), ((3,), ()),
    ((3,), (1,)), ((3,), (2,)), ((2, 3, 4, 5), (2, 4, 5)), ((2, 3, 4, 5), (2, 4, 6)),
    ((2, 3, 4, 5), (2, 4)), ((2, 3, 4), (2, 4, 1)), ((2, 3, 4), (3, 4)), ((4, 3), ()),
    ((2, 3, 4), (2,)), ((0, 3), (0,)), ((0, 3), (0, 1)), ((2, 3, 2, 2, 2), (2, 2, 2, 3)),
    ((2, 3, 2, 2, 2), (2, 2, 2, 2)),
]


@pytest.mark.parametrize("fn", ["nll_loss", "cross_entropy"])
@pytest.mark.parametrize("shapes", _TARGET_CASES)
@pytest.mark.parametrize("reduction", ["mean", "none"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
def test_class_index_target_checks_match_torch(fn, shapes, reduction, label_smoothing):
    if fn == "nll_loss" and label_smoothing:
        pytest.skip("nll_loss has no label_smoothing")
    if label_smoothing and shapes == ((3,), (1,)):
        pytest.skip("torch's label-smoothing path fails on a (1,) target of a 1-d input")
    in_shape, t_shape = shapes
    rng = np.random.default_rng(0)
    x = rng.standard_normal(in_shape).astype(np.float32)
    n_cls = in_shape[1] if len(in_shape) > 1 else in_shape[0]
    y = rng.integers(0, n_cls, size=t_shape).astype(np.int64)
    kw = {"reduction": reduction}
    if label_smoothing:
        kw["label_smoothing"] = label_smoothing
    a = _outcome(lambda: getattr(F, fn)(pyt.tensor(x), pyt.tensor(y), **kw))
    b = _outcome(lambda: getattr(TF, fn)(torch.tensor(x), torch.tensor(y), **kw))
    assert a[0] == b[0] or (a[0] == "ok" and b[0] == "ok"), (a, b)
    if b[0] == "ok":
        np.testing.assert_allclose(_np(a[1]), _np(b[1]), rtol=1e-5, atol=1e-6)
        assert tuple(a[1].shape) == tuple(b[1].shape)
    else:
        assert a[1] == b[1]


@pytest.mark.parametrize("t_dtype", ["int64", "int32", "uint8", "int8", "int16"])
@pytest.mark.parametrize("in_dtype", ["float32", "float64"])
@pytest.mark.parametrize("reduction", ["mean", "none"])
def test_bce_with_logits_integer_target_is_runtime_error(t_dtype, in_dtype, reduction):
    a = _outcome(lambda: F.binary_cross_entropy_with_logits(
        pyt.zeros(3, dtype=getattr(pyt, in_dtype)), pyt.zeros(3, dtype=getattr(pyt, t_dtype)),
        reduction=reduction))
    b = _outcome(lambda: TF.binary_cross_entropy_with_logits(
        torch.zeros(3, dtype=getattr(torch, in_dtype)),
        torch.zeros(3, dtype=getattr(torch, t_dtype)), reduction=reduction))
    assert a[0] is b[0] is RuntimeError
    assert a[1] == b[1]


def test_bce_with_logits_float_and_bool_targets_unchanged():
    x = np.array([-1.0, 0.5, 2.0], dtype=np.float32)
    y = np.array([0.0, 1.0, 0.25], dtype=np.float32)
    a = F.binary_cross_entropy_with_logits(pyt.tensor(x), pyt.tensor(y))
    b = TF.binary_cross_entropy_with_logits(torch.tensor(x), torch.tensor(y))
    np.testing.assert_allclose(_np(a), _np(b), rtol=1e-6)
    a = _outcome(lambda: F.binary_cross_entropy_with_logits(pyt.zeros(3), pyt.zeros(3).bool()))
    b = _outcome(lambda: TF.binary_cross_entropy_with_logits(
        torch.zeros(3), torch.zeros(3).bool()))
    assert a[0] is b[0] is RuntimeError


# ------------------------------------------------------------------------- capturable
@pytest.mark.parametrize(
    "name", ["Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adadelta"]
)
def test_capturable_on_cpu_raises_like_torch(name):
    def run(mod):
        p = mod.nn.Parameter(mod.ones(3))
        p.grad = mod.ones(3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            opt = getattr(mod.optim, name)([p], capturable=True)
        out = _outcome(opt.step)
        state = {k: _np(v) for k, v in opt.state[p].items()}
        return out, state, _np(p)

    (a, sa, pa), (b, sb, pb) = run(pyt), run(torch)
    assert a[0] is b[0] is AssertionError
    assert a[1] == b[1]
    assert sorted(sa) == sorted(sb)
    for k in sa:
        np.testing.assert_array_equal(sa[k], sb[k])
    np.testing.assert_array_equal(pa, pb)  # nothing updated


def test_capturable_false_and_no_grad_still_step():
    p = pyt.nn.Parameter(pyt.ones(2))
    opt = pyt.optim.Adam([p], capturable=True)
    opt.step()  # no gradient: nothing to update, no error (torch: same)
    tp = torch.nn.Parameter(torch.ones(2))
    torch.optim.Adam([tp], capturable=True).step()
    np.testing.assert_array_equal(_np(p), _np(tp))


# ------------------------------------------------------------------- state_dict metadata
def _pair_models():
    def build(mod):
        return mod.nn.Sequential(
            mod.nn.Linear(2, 3), mod.nn.BatchNorm1d(3), mod.nn.Sequential(mod.nn.Linear(3, 1))
        )

    return build(pyt), build(torch)


def test_state_dict_metadata_matches_torch():
    pm, tm = _pair_models()
    psd, tsd = pm.state_dict(), tm.state_dict()
    assert type(psd) is collections.OrderedDict and type(tsd) is collections.OrderedDict
    assert psd._metadata == tsd._metadata
    assert list(psd) == list(tsd)


@pytest.mark.parametrize("nested", [False, True])
def test_save_load_restores_ordered_dict_with_metadata(tmp_path, nested):
    pm, tm = _pair_models()
    sd = pm.state_dict()
    path = tmp_path / "sd.pt"
    tpath = tmp_path / "sd_torch.pt"
    if nested:
        pyt.save({"model": sd, "epoch": 3}, path)
        torch.save({"model": tm.state_dict(), "epoch": 3}, tpath)
        loaded, ref = pyt.load(path)["model"], torch.load(tpath)["model"]
    else:
        pyt.save(sd, path)
        torch.save(tm.state_dict(), tpath)
        loaded, ref = pyt.load(path), torch.load(tpath)
    assert type(loaded) is type(ref) is collections.OrderedDict
    assert loaded._metadata == ref._metadata
    assert list(loaded) == list(ref)
    for k in sd:
        np.testing.assert_array_equal(_np(loaded[k]), _np(sd[k]))
    # load_state_dict accepts it with or without _metadata, as torch's does.
    fresh, _ = _pair_models()
    fresh.load_state_dict(loaded)
    fresh.load_state_dict(dict(loaded))
    for k, v in fresh.state_dict().items():
        np.testing.assert_array_equal(_np(v), _np(sd[k]))


def test_save_load_plain_containers_unchanged(tmp_path):
    pyt.save({"a": pyt.ones(2)}, tmp_path / "d.pt")
    out = pyt.load(tmp_path / "d.pt")
    assert type(out) is dict and not hasattr(out, "_metadata")
    od = collections.OrderedDict(b=pyt.zeros(1), a=pyt.ones(2))
    pyt.save(od, tmp_path / "o.pt")
    torch.save(collections.OrderedDict(b=torch.zeros(1), a=torch.ones(2)), tmp_path / "t.pt")
    out, ref = pyt.load(tmp_path / "o.pt"), torch.load(tmp_path / "t.pt")
    assert type(out) is type(ref) is collections.OrderedDict
    assert list(out) == list(ref) == ["b", "a"]
    assert not hasattr(out, "_metadata") and not hasattr(ref, "_metadata")


def test_state_dict_file_stays_plain_safetensors(tmp_path):
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    pm, _ = _pair_models()
    sd = pm.state_dict()
    pyt.save(sd, tmp_path / "sd.safetensors")
    raw = safetensors_numpy.load_file(str(tmp_path / "sd.safetensors"))
    assert sorted(raw) == sorted(sd)


# ---------------------------------------------------------------------- Rprop and ASGD
def _run_optimizer(mod, name, kwargs, x0, steps=15, shapes_grad=None):
    params = [mod.nn.Parameter(mod.tensor(a.copy())) for a in x0]
    opt = getattr(mod.optim, name)(
        [{"params": params[:1]}, {"params": params[1:], "lr": 0.05}]
        if name == "Rprop" else params,
        **kwargs,
    )
    for k in range(steps):
        for i, p in enumerate(params):
            # A deterministic, sign-changing gradient computed with the same ops in both.
            p.grad = (p.detach() * (k + 1 + i)).sin() + 0.3 * (p.detach() - 0.5)
        if k == 4 and len(params) > 2:
            params[2].grad = None  # a parameter without gradient this step
        opt.step()
    return params, opt


_RPROP_CASES = [
    {},
    {"lr": 0.1, "etas": (0.3, 1.5)},
    {"lr": 0.02, "step_sizes": (1e-3, 0.05), "maximize": True},
]
_ASGD_CASES = [
    {},
    {"lr": 0.05, "lambd": 1e-2, "alpha": 0.6, "t0": 3},
    {"lr": 0.03, "weight_decay": 0.1, "t0": 0, "maximize": True},
]


@pytest.mark.parametrize(
    "name,kwargs",
    [("Rprop", c) for c in _RPROP_CASES] + [("ASGD", c) for c in _ASGD_CASES],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_rprop_asgd_match_torch_over_steps(name, kwargs, dtype):
    rng = np.random.default_rng(1)
    x0 = [rng.standard_normal(s).astype(dtype) for s in [(3, 4), (5,), (), (0, 2)]]
    x0[0] = x0[0].T  # a non-contiguous start (copied contiguous into each parameter)
    pp, popt = _run_optimizer(pyt, name, kwargs, x0)
    tp, topt = _run_optimizer(torch, name, kwargs, x0)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-12)
    for a, b in zip(pp, tp):
        assert a.dtype == getattr(pyt, dtype)
        np.testing.assert_allclose(_np(a), _np(b), **tol)
    for a, b in zip(pp, tp):
        sa, sb = popt.state[a], topt.state[b]
        assert list(sa) == list(sb)
        for k in sa:
            np.testing.assert_allclose(_np(sa[k]), _np(sb[k]), **tol)
            assert str(sa[k].dtype).split(".")[-1] == str(sb[k].dtype).split(".")[-1]
    # state_dict round trip keeps the same trajectory
    psd, tsd = popt.state_dict(), topt.state_dict()
    assert psd["param_groups"][0].keys() == tsd["param_groups"][0].keys()
    for ga, gb in zip(psd["param_groups"], tsd["param_groups"]):
        for key in ga:
            assert ga[key] == gb[key], key


@pytest.mark.parametrize(
    "ctor",
    [
        lambda m, p: m.optim.Rprop(p, lr=-1),
        lambda m, p: m.optim.Rprop(p, etas=(1.5, 1.2)),
        lambda m, p: m.optim.Rprop(p, etas=(0.5, 0.9)),
        lambda m, p: m.optim.ASGD(p, lr=-0.1),
        lambda m, p: m.optim.ASGD(p, weight_decay=-1),
    ],
)
def test_rprop_asgd_invalid_args_like_torch(ctor):
    a = _outcome(lambda: ctor(pyt, [pyt.nn.Parameter(pyt.ones(1))]))
    b = _outcome(lambda: ctor(torch, [torch.nn.Parameter(torch.ones(1))]))
    assert a[0] is b[0] is ValueError and a[1] == b[1]


@pytest.mark.parametrize("name", ["Rprop", "ASGD"])
def test_rprop_asgd_capturable_and_defaults(name):
    import inspect

    ps = inspect.signature(getattr(pyt.optim, name).__init__).parameters
    ts = inspect.signature(getattr(torch.optim, name).__init__).parameters
    assert list(ps) == list(ts)
    for k in ps:
        assert ps[k].default == ts[k].default and ps[k].kind == ts[k].kind, k
    test_capturable_on_cpu_raises_like_torch(name)
