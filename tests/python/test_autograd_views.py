"""In-place ops on views under autograd (torch's CopySlices / view regeneration), compared with
torch: gradients of programs that write through slices, select, transpose, diagonal, chained
views and __setitem__ (masks, index tensors), views used after their base changed, double
backward through CopySlices, gradcheck in float64, version counters and the errors torch raises."""

import numpy as np
import pyt
import pytest
import torch
from helpers import assert_tensor_close, to_np

LIBS = [pytest.param(pyt, id="pyt"), pytest.param(torch, id="torch")]


def _name(fn):
    """grad_fn name for pyt and torch alike ('MulBackward0'); None for no grad_fn."""
    if fn is None:
        return None
    return fn.name().split("::")[-1]


def _inputs(L):
    rng = np.random.default_rng(7)
    x = L.tensor(rng.standard_normal((4, 4)), requires_grad=True)
    z = L.tensor(rng.standard_normal(4), requires_grad=True)
    return x, z


# (id, program(L, x, z) -> output tensor). x is (4, 4), z is (4,), both float64 leaves.
def _slice_mul(L, x, z):
    y = x * 1.5
    y[:, 1:3].mul_(z[:2])
    return y


def _slice_step(L, x, z):
    y = x * 0.5
    y[::2].add_(z, alpha=-0.5)
    return y * y


def _select_add(L, x, z):
    y = x * 2
    y[1].add_(z * z)
    return y


def _select_col_copy(L, x, z):
    y = x + 0
    y[:, 2].copy_(z.sin())
    return y.pow(2)


def _transpose(L, x, z):
    y = x * 1
    y.t()[0].mul_(z)  # writes column 0 of y
    return y.tanh()


def _diagonal(L, x, z):
    y = x * 1
    y.diagonal().mul_(z.exp())
    return y


def _diagonal_zero(L, x, z):
    y = x * x
    y.diagonal().zero_()
    return y * x


def _chained_views(L, x, z):
    y = x * 1
    v = y.view(16)[2:14].view(3, 4)
    v[1:].t()[1:3].clamp_(-0.3, 0.3)
    return y


def _chain_of_ops(L, x, z):
    y = x * 1
    v = y[1:3, :]
    v.mul_(2).add_(z).exp_()
    return y


def _unary_ops(L, x, z):
    # Separate bases: sigmoid_ and tanh_ save their outputs, which a later write to the same
    # base would invalidate (torch raises at backward then).
    a, b, c, d = x * 1, x * 2, x * 3, x * 4
    a[0].relu_()
    b[1].sigmoid_()
    c[3, 1:].tanh_()
    d[2].neg_()
    d[1].exp_()
    return a + b + c + d


def _fill_and_zero(L, x, z):
    y = x * 1
    y[0].fill_(2.5)
    y[:, 3].zero_()
    return y * x


def _setitem_value(L, x, z):
    y = x * 2
    y[1] = z * 3
    y[:, 0] = 0.0
    return y * y


def _setitem_mask(L, x, z):
    y = x * 1
    y[y > 0.5] = 1.0
    return y * x


def _setitem_row_mask(L, x, z):
    y = x * 1
    y[1][L.tensor([True, False, True, False])] = -2.0
    return y


def _setitem_index_tensor(L, x, z):
    y = x * 1
    y[L.tensor([0, 2])] = z * 4  # broadcast over the two rows
    return y.exp()


def _zeros_base(L, x, z):
    b = L.zeros(4, 4, dtype=L.float64)
    b[0] = x[0] * 2
    b[1:3].copy_(x[1:3] ** 2)
    b[3, :2] = z[:2]
    return b


def _view_after_base_change(L, x, z):
    y = x * 1
    v = y[0]
    w = y[:, 1]
    y.mul_(2)  # v and w now see the doubled values
    return v * 3 + w.exp()


def _sibling_view_stale(L, x, z):
    y = x * 1
    v = y[1]
    w = y[:, 1]
    v.mul_(z)  # w's element (1, 1) changed
    return w * w + v.sum()


def _view_of_view_write(L, x, z):
    y = x * 1
    v = y[1:]
    v[1].add_(z)
    v[:, 0].mul_(3)
    return y * v.sum()


def _inplace_on_base_then_view(L, x, z):
    y = x * 3
    v = y[2:]
    y.add_(1)
    v.mul_(v.detach() + 1)
    return y


VIEW_PROGRAMS = [
    _slice_mul,
    _slice_step,
    _select_add,
    _select_col_copy,
    _transpose,
    _diagonal,
    _diagonal_zero,
    _chained_views,
    _chain_of_ops,
    _unary_ops,
    _fill_and_zero,
    _setitem_value,
    _setitem_mask,
    _setitem_row_mask,
    _setitem_index_tensor,
    _zeros_base,
    _view_after_base_change,
    _sibling_view_stale,
    _view_of_view_write,
    _inplace_on_base_then_view,
]


@pytest.mark.parametrize("program", VIEW_PROGRAMS, ids=lambda f: f.__name__.strip("_"))
def test_inplace_on_view_grads_match_torch(program):
    res = {}
    for L in (torch, pyt):
        x, z = _inputs(L)
        out = program(L, x, z)
        cot = L.tensor(np.linspace(-1.0, 1.5, out.numel()).reshape(tuple(out.shape)))
        out.backward(cot)
        res[L] = (out, x.grad, z.grad)
    (po, pgx, pgz), (to, tgx, tgz) = res[pyt], res[torch]
    assert_tensor_close(po, to, 1e-12, 1e-12)
    for what, p, t in (("x.grad", pgx, tgx), ("z.grad", pgz, tgz)):
        if t is None:
            assert p is None, what
        else:
            assert_tensor_close(p, t, 1e-12, 1e-12, what)


@pytest.mark.parametrize(
    "program",
    [_slice_mul, _select_add, _diagonal, _setitem_value, _zeros_base, _view_after_base_change,
     _chain_of_ops],
    ids=lambda f: f.__name__.strip("_"),
)
def test_inplace_on_view_gradcheck(program):
    def f(x, z):
        return program(pyt, x, z)

    x, z = _inputs(pyt)
    assert pyt.autograd.gradcheck(f, (x, z))
    assert pyt.autograd.gradgradcheck(f, (x, z))


def test_double_backward_through_copyslices():
    def run(L):
        x, z = _inputs(L)
        y = x * 1
        y[1:3].mul_(y[1:3].detach() * 0 + z)  # region scaled by z
        y[:, 0].copy_(z * z)
        loss = (y**3).sum()
        gx, gz = L.autograd.grad(loss, (x, z), create_graph=True)
        (gx.sum() + (gz * gz).sum()).backward()
        return gx, gz, x.grad, z.grad

    for p, t in zip(run(pyt), run(torch)):
        assert_tensor_close(p, t, 1e-11, 1e-11)


@pytest.mark.parametrize("L", LIBS)
def test_node_names_after_inplace_on_view(L):
    x = L.ones(3, 3, requires_grad=True)
    y = x * 1
    v = y[0]
    assert _name(v.grad_fn) == "SelectBackward0"
    y.mul_(2)
    assert _name(v.grad_fn) == "AsStridedBackward0"  # regenerated from the base
    v.add_(1)
    assert _name(y.grad_fn) == "CopySlices"
    assert _name(v.grad_fn) == "AsStridedBackward0"
    (next_fn, _), = v.grad_fn.next_functions
    assert _name(next_fn) == "CopySlices"
    assert y.grad_fn.next_functions[0][0] is not None  # the base's old history (MulBackward0)
    assert _name(y.grad_fn.next_functions[0][0]) == "MulBackward0"


@pytest.mark.parametrize("L", LIBS)
def test_write_grad_into_view_of_plain_tensor(L):
    x = L.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = L.zeros(3, 3)
    u = y[2]  # an older view of y
    assert not y.requires_grad and not u.requires_grad
    y[0] = x * 2
    assert y.requires_grad and not y.is_leaf and _name(y.grad_fn) == "CopySlices"
    assert u.requires_grad and _name(u.grad_fn) == "AsStridedBackward0"
    (y.sum() + (u * 5).sum()).backward()
    np.testing.assert_array_equal(to_np(x.grad), [2.0, 2.0, 2.0])


@pytest.mark.parametrize("L", LIBS)
def test_version_counter_of_views(L):
    x = L.ones(3, 4, requires_grad=True)
    y = x * 1
    v = y[1]
    vs = [y._version, v._version]
    v.mul_(2)
    vs += [y._version, v._version]
    y[0] = 3.0
    vs += [y._version, v._version]
    y[:, 1].add_(y[:, 2])
    vs += [y._version, v._version]
    v.copy_(x[2])
    vs += [y._version, v._version]
    assert vs == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_version_counter_of_views_matches_torch():
    def run(L):
        x = L.ones(3, 4, requires_grad=True)
        y = x.exp()
        out = [y._version]
        v = y.t()[1:]
        for step in (lambda: v.mul_(2), lambda: v.zero_(), lambda: v.clamp_(0, 1),
                     lambda: y[0].fill_(1.0), lambda: y.diagonal().sigmoid_()):
            step()
            out += [y._version, v._version]
        return out

    assert run(pyt) == run(torch)


# (id, action on lib that must raise RuntimeError, key words of the message)
VIEW_ERRORS = [
    ("leaf_view", lambda L: L.ones(2, 2, requires_grad=True)[0].mul_(2),
     "view of a leaf Variable that requires grad"),
    ("leaf_view_setitem", lambda L: L.ones(2, 2, requires_grad=True)[0].__setitem__(0, 1.0),
     "view of a leaf Variable that requires grad"),
    ("no_grad_view", lambda L: _no_grad_view(L).mul_(2), "created in no_grad mode"),
    ("no_grad_leaf_view", lambda L: _no_grad_leaf_view(L).add_(1), "created in no_grad mode"),
    ("split_output", lambda L: (L.ones(4, requires_grad=True) * 1).split(2)[0].mul_(2),
     "returns multiple views"),
    ("unbind_output", lambda L: (L.ones(2, 3, requires_grad=True) * 1).unbind(0)[1].zero_(),
     "returns multiple views"),
    ("expanded_write", lambda L: L.zeros(3).expand(2, 3).add_(1), "single memory location"),
    ("detach_view_inplace", lambda L: (L.ones(3, requires_grad=True) * 1)[1:].detach_(),
     "Can't detach views in-place"),
    ("saved_then_written", lambda L: _saved_then_view_written(L), "modified by an inplace operation"),
]


def _no_grad_view(L):
    y = L.ones(3, 3, requires_grad=True) * 1
    with L.no_grad():
        return y[1]


def _no_grad_leaf_view(L):
    x = L.ones(3, requires_grad=True)
    with L.no_grad():
        return x[1:]


def _saved_then_view_written(L):
    x = L.ones(3, requires_grad=True)
    y = x * 1
    z = y.exp() * y  # MulBackward saves y
    y[1:].mul_(2)
    z.sum().backward()


@pytest.mark.parametrize("L", LIBS)
@pytest.mark.parametrize("action,words", [pytest.param(a, w, id=i) for i, a, w in VIEW_ERRORS])
def test_view_inplace_errors(L, action, words):
    with pytest.raises(RuntimeError, match=words):
        action(L)


@pytest.mark.parametrize("L", LIBS)
def test_inplace_on_views_without_grad_mode_is_untracked(L):
    x = L.ones(3, 3, requires_grad=True)
    y = x * 1
    with L.no_grad():
        v = y[0]
        v.mul_(5)  # both in no_grad: allowed, not recorded
        x[1].zero_()  # a view of a leaf too (what optimizers do)
    assert _name(y.grad_fn) == "MulBackward0"
    y.sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), np.ones((3, 3)))


@pytest.mark.parametrize("L", LIBS)
def test_detached_alias_is_not_a_view(L):
    x = L.ones(3, requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d._is_view() and d._base is None
    d[0] = 7.0  # no autograd: changes y's values only
    assert _name(y.grad_fn) == "MulBackward0"
    v = y[1:]
    assert v._is_view() and v._base is not None


def test_random_overwrite_of_view_has_zero_gradient():
    # normal_ / uniform_ / bernoulli_ replace the values: no gradient flows to the old ones.
    res = {}
    for L in (pyt, torch):
        x, _ = _inputs(L)
        y = x * 2
        y[0].normal_()
        y[:, 1].uniform_()
        y[3].bernoulli_(0.5)
        names = [_name(y.grad_fn)]
        w = x * 3
        w.normal_()
        names.append(_name(w.grad_fn))
        (y.sum() + w.sum()).backward()
        res[L] = (x.grad, names)
    assert_tensor_close(res[pyt][0], res[torch][0], 0, 0)
    assert res[pyt][1] == res[torch][1] == ["CopySlices", "NormalBackward0"]


@pytest.mark.parametrize("L", LIBS)
def test_setitem_index_tensor_bumps_version_once(L):
    z = L.zeros(3, 4)
    z[L.tensor([0, 2])] = 5.0
    z[L.tensor([1])] = L.ones(1, 4)
    assert z._version == 2
