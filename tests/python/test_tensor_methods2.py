"""Differential tests (against torch) of the tensor-metadata methods: in-place view ops,
unfold, as_strided, view(dtype), masked_scatter, index_reduce, sum_to_size, fill_diagonal_,
metadata queries, numpy keyword aliases and one-argument where."""

import numpy as np
import pytest
import torch

import pyt


def both(arr, requires_grad=False):
    a = np.ascontiguousarray(arr)
    p = pyt.tensor(a.copy())
    t = torch.tensor(a.copy())
    if requires_grad:
        p.requires_grad_()
        t.requires_grad_()
    return p, t


def close(p, t, rtol=1e-6, atol=1e-7):
    assert tuple(p.shape) == tuple(t.shape)
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
    np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), rtol=rtol, atol=atol)


def raises_like(fn_p, fn_t):
    with pytest.raises(Exception) as et:
        fn_t()
    with pytest.raises(type(et.value)):
        fn_p()
    return et


RNG = np.random.default_rng(0)


# ------------------------------------------------------------------- in-place view ops
INPLACE_CASES = [
    ("squeeze_", (), (2, 1, 3), "SqueezeBackward3"),
    ("squeeze_", (1,), (2, 1, 3), "SqueezeBackward4"),
    ("squeeze_", (0,), (2, 1, 3), "SqueezeBackward4"),
    ("squeeze_", ((0, 1),), (1, 1, 3), "SqueezeBackward5"),
    ("unsqueeze_", (0,), (2, 3), "UnsqueezeBackward1"),
    ("unsqueeze_", (-1,), (2, 3), "UnsqueezeBackward1"),
    ("transpose_", (0, 2), (2, 3, 4), "TransposeBackward1"),
    ("swapdims_", (0, 1), (2, 3), "TransposeBackward1"),
    ("swapaxes_", (1, 0), (2, 3), "TransposeBackward1"),
    ("t_", (), (2, 3), "TBackward1"),
    ("t_", (), (3,), "TBackward1"),
    ("squeeze_", (), (), "SqueezeBackward3"),
    ("unsqueeze_", (0,), (), "UnsqueezeBackward1"),
    ("transpose_", (0, -1), (0, 3), "TransposeBackward1"),
]


@pytest.mark.parametrize("name,args,shape,node", INPLACE_CASES)
def test_inplace_view_metadata(name, args, shape, node):
    arr = RNG.standard_normal(shape).astype(np.float32)
    p, t = both(arr) if arr.size else (pyt.zeros(shape), torch.zeros(shape))  # torch.tensor(empty): strides 0
    pv, tv = p._version, t._version
    ptr = p.data_ptr()
    rp, rt = getattr(p, name)(*args), getattr(t, name)(*args)
    assert rp is p and rt is t
    assert tuple(p.shape) == tuple(t.shape) and p.stride() == t.stride()
    assert p.data_ptr() == ptr  # the storage is kept
    assert p._version - pv == t._version - tv == 1
    close(p, t)


@pytest.mark.parametrize("name,args,shape,node", INPLACE_CASES)
def test_inplace_view_autograd(name, args, shape, node):
    arr = RNG.standard_normal(shape)
    p, t = both(arr, requires_grad=True)
    yp, yt = p * 2, t * 2
    getattr(yp, name)(*args)
    getattr(yt, name)(*args)
    assert type(yt.grad_fn).__name__ == node
    assert type(yp.grad_fn).__name__ == node
    w = RNG.standard_normal(tuple(yt.shape))
    (yp * pyt.tensor(w)).sum().backward()
    (yt * torch.tensor(w)).sum().backward()
    close(p.grad, t.grad, 1e-12, 1e-12)


def test_inplace_view_keeps_storage_and_noncontig():
    base = pyt.arange(24.0).reshape(2, 3, 4).clone()
    v = base.transpose(0, 2)  # non-contiguous view
    tb = torch.arange(24.0).reshape(2, 3, 4).clone()
    tv = tb.transpose(0, 2)
    ptr = v.data_ptr()
    v.transpose_(0, 1)
    tv.transpose_(0, 1)
    assert v.data_ptr() == ptr and v.stride() == tv.stride() and v._base is base
    close(v, tv)
    v.unsqueeze_(1)
    tv.unsqueeze_(1)
    assert v.stride() == tv.stride()
    v[0, 0, 0, 0] = 100.0  # still a view of base
    tv[0, 0, 0, 0] = 100.0
    close(base, tb)


@pytest.mark.parametrize("name,args", [("squeeze_", ()), ("unsqueeze_", (0,)), ("t_", ()), ("transpose_", (0, 1)),
                                       ("swapdims_", (0, 1)), ("swapaxes_", (0, 1))])
def test_inplace_view_leaf_errors(name, args):
    p, t = both(np.ones((2, 1)), requires_grad=True)
    raises_like(lambda: getattr(p, name)(*args), lambda: getattr(t, name)(*args))
    # a view of a leaf
    raises_like(lambda: getattr(p[0:1], name)(*args), lambda: getattr(t[0:1], name)(*args))
    with pyt.no_grad():
        getattr(p, name)(*args)
    with torch.no_grad():
        getattr(t, name)(*args)
    assert tuple(p.shape) == tuple(t.shape)


def test_inplace_view_bad_input():
    p, t = both(np.ones((2, 3, 4), np.float32))
    raises_like(lambda: p.t_(), lambda: t.t_())
    raises_like(lambda: p.transpose_(0, 3), lambda: t.transpose_(0, 3))
    raises_like(lambda: p.unsqueeze_(5), lambda: t.unsqueeze_(5))
    raises_like(lambda: p.squeeze_(4), lambda: t.squeeze_(4))
    assert tuple(p.shape) == (2, 3, 4)


def test_inplace_view_on_view_of_nonleaf_grad():
    p, t = both(RNG.standard_normal((2, 3)), requires_grad=True)
    yp, yt = (p * 1).view(3, 2), (t * 1).view(3, 2)
    yp.t_()
    yt.t_()
    assert type(yp.grad_fn).__name__ == type(yt.grad_fn).__name__ == "TBackward1"
    w = RNG.standard_normal((2, 3))
    (yp * pyt.tensor(w)).sum().backward()
    (yt * torch.tensor(w)).sum().backward()
    close(p.grad, t.grad, 1e-12, 1e-12)


# --------------------------------------------------------------------------- unfold
UNFOLD_CASES = [((12,), 0, 3, 2), ((3, 7), 1, 3, 1), ((3, 7), -1, 2, 3), ((5, 4), 0, 5, 1), ((), 0, 1, 1),
                ((0, 4), 1, 2, 1), ((3, 4), 1, 0, 1), ((0,), 0, 0, 1)]


@pytest.mark.parametrize("shape,d,size,step", UNFOLD_CASES)
def test_unfold(shape, d, size, step):
    arr = RNG.standard_normal(shape)
    p, t = both(arr, requires_grad=True)
    if not arr.size:  # torch.tensor(empty array) has strides 0
        p = pyt.zeros(shape, dtype=pyt.float64, requires_grad=True)
        t = torch.zeros(shape, dtype=torch.float64, requires_grad=True)
    op, ot = p.unfold(d, size, step), t.unfold(d, size, step)
    close(op, ot, 0, 0)
    assert op.stride() == ot.stride() and op._base is p
    assert type(op.grad_fn).__name__ == type(ot.grad_fn).__name__ == "UnfoldBackward0"
    w = RNG.standard_normal(tuple(ot.shape))
    (op * pyt.tensor(w)).sum().backward()
    (ot * torch.tensor(w)).sum().backward()
    close(p.grad, t.grad, 1e-12, 1e-12)
    if p.numel():
        q = pyt.tensor(arr.copy(), requires_grad=True)
        assert pyt.autograd.gradcheck(lambda x: x.unfold(d, size, step), (q,))


def test_unfold_noncontig_and_errors():
    arr = RNG.standard_normal((4, 6))
    p, t = both(arr)
    close(p.t().unfold(0, 2, 2), t.t().unfold(0, 2, 2))
    assert p.t().unfold(0, 2, 2).stride() == t.t().unfold(0, 2, 2).stride()
    for args in [(0, 5, 1), (0, -1, 1), (0, 2, 0), (2, 1, 1)]:
        raises_like(lambda: p.unfold(*args), lambda: t.unfold(*args))
    raises_like(lambda: pyt.tensor(1.0).unfold(0, 2, 1), lambda: torch.tensor(1.0).unfold(0, 2, 1))


# ----------------------------------------------------------------------- as_strided
AS_STRIDED = [((12,), (3, 2), (2, 1), None), ((3, 4), (2, 2), (1, 4), 1), ((3, 4), (4, 3), (1, 4), None),
              ((3, 4), (2, 3), (0, 1), None), ((), (), (), None), ((0, 3), (0, 2), (1, 1), None),
              ((12,), (4, 4), (1, 1), None)]


@pytest.mark.parametrize("shape,size,stride,off", AS_STRIDED)
def test_as_strided(shape, size, stride, off):
    arr = RNG.standard_normal(shape)
    p, t = both(arr, requires_grad=True)
    op, ot = p.as_strided(size, stride, off), t.as_strided(size, stride, off)
    close(op, ot, 0, 0)
    assert op.stride() == ot.stride() and op.storage_offset() == ot.storage_offset()
    assert type(op.grad_fn).__name__ == "AsStridedBackward0"
    w = RNG.standard_normal(tuple(ot.shape))
    (op * pyt.tensor(w)).sum().backward()
    (ot * torch.tensor(w)).sum().backward()
    close(p.grad, t.grad, 1e-12, 1e-12)
    q = pyt.tensor(arr.copy(), requires_grad=True)
    assert pyt.autograd.gradcheck(lambda x: pyt.as_strided(x, size, stride, off), (q,))


def test_as_strided_noncontig_input_and_sharing():
    arr = RNG.standard_normal((4, 6))
    p, t = both(arr, requires_grad=True)
    pv, tv = p.t()[1:], t.t()[1:]
    op, ot = pv.as_strided((3, 3), (2, 5), 2), tv.as_strided((3, 3), (2, 5), 2)
    close(op, ot, 0, 0)
    w = RNG.standard_normal((3, 3))
    (op * pyt.tensor(w)).sum().backward()
    (ot * torch.tensor(w)).sum().backward()
    close(p.grad, t.grad, 1e-12, 1e-12)
    b = pyt.zeros(6)
    v = b.as_strided((2, 2), (1, 2))
    v.fill_(3.0)
    assert b.tolist() == [3.0, 3.0, 3.0, 3.0, 0.0, 0.0] and v._base is b


def test_as_strided_bounds():
    p, t = both(np.arange(12, dtype=np.float32))
    for args in [((4, 4), (3, 1), 1), ((2,), (1,), -1), ((-2,), (1,)), ((2,), (-1,), 5), ((2, 3), (1,)),
                 ((2,), (1 << 62,), 0), ((1 << 40, 1 << 40), (1 << 30, 1 << 30))]:
        et = raises_like(lambda: p.as_strided(*args), lambda: t.as_strided(*args))
    with pytest.raises(RuntimeError, match="out of bounds for storage of size 48"):
        p.as_strided((4, 4), (3, 1), 1)
    # in place
    q, u = both(np.arange(12, dtype=np.float32))
    q.as_strided_((2, 3), (1, 2), 1)
    u.as_strided_((2, 3), (1, 2), 1)
    close(q, u, 0, 0)
    assert q.stride() == u.stride()
    raises_like(lambda: q.as_strided_((13,), (1,), 0), lambda: u.as_strided_((13,), (1,), 0))


# ---------------------------------------------------------------------- view(dtype)
VIEW_DTYPE = [("float32", (8,), "int32", None), ("float32", (8,), "int16", None), ("float32", (8,), "float64", None),
              ("float32", (2, 4), "float64", None), ("float32", (), "int32", None), ("bool", (2, 3), "uint8", None),
              ("int64", (3, 2), "float32", None), ("float32", (2, 4), "float16", "cols")]


@pytest.mark.parametrize("src,shape,dst,view", VIEW_DTYPE)
def test_view_dtype(src, shape, dst, view):
    arr = RNG.standard_normal(shape).astype(src) if src != "bool" else RNG.random(shape) > 0.5
    p, t = both(arr)
    if view == "cols":
        p, t = p[:, 2:], t[:, 2:]
    op, ot = p.view(getattr(pyt, dst)), t.view(getattr(torch, dst))
    assert tuple(op.shape) == tuple(ot.shape) and op.stride() == ot.stride()
    assert op.storage_offset() == ot.storage_offset()
    np.testing.assert_array_equal(op.numpy(), ot.numpy())
    assert op.data_ptr() == p.data_ptr()


def test_view_dtype_errors_and_grad():
    p, t = both(np.arange(9, dtype=np.float32))
    raises_like(lambda: p.view(pyt.float64), lambda: t.view(torch.float64))
    p2, t2 = both(np.arange(8, dtype=np.float32).reshape(2, 4))
    raises_like(lambda: p2.t().view(pyt.float64), lambda: t2.t().view(torch.float64))
    raises_like(lambda: p2[:, 1:3].view(pyt.float64), lambda: t2[:, 1:3].view(torch.float64))
    raises_like(lambda: p2[:, ::2].view(pyt.int16), lambda: t2[:, ::2].view(torch.int16))
    raises_like(lambda: pyt.tensor(1.0).view(pyt.int16), lambda: torch.tensor(1.0).view(torch.int16))
    raises_like(lambda: pyt.zeros(2, 0).view(pyt.float64), lambda: torch.zeros(2, 0).view(torch.float64))
    with pytest.raises(RuntimeError, match="must be divisible by 2 to view Float as Double"):
        p.view(pyt.float64)
    g = pyt.ones(4, requires_grad=True)
    assert not g.view(pyt.int32).requires_grad and not g.view(pyt.float32).requires_grad
    # writes show through the reinterpreted view
    x = pyt.zeros(2)
    x.view(pyt.int32)[0] = 1065353216  # the bits of 1.0f
    assert x.tolist() == [1.0, 0.0]


# ------------------------------------------------------------------ masked_scatter
def test_masked_scatter_values_grad():
    for self_shape, mask_shape, n in [((3, 4), (3, 4), 12), ((3, 4), (4,), 15), ((4,), (2, 4), 9), ((), (), 2),
                                      ((0, 3), (0, 3), 2)]:
        a = RNG.standard_normal(self_shape)
        m = RNG.random(mask_shape) > 0.4
        s = RNG.standard_normal(n)
        p, t = both(a, requires_grad=True)
        ps, ts = both(s, requires_grad=True)
        pm, tm = both(m)
        op, ot = p.masked_scatter(pm, ps), torch.masked_scatter(t, tm, ts)
        close(op, ot, 0, 0)
        assert type(op.grad_fn).__name__ == "MaskedScatterBackward0"
        w = RNG.standard_normal(tuple(ot.shape))
        (op * pyt.tensor(w)).sum().backward()
        (ot * torch.tensor(w)).sum().backward()
        close(p.grad, t.grad, 0, 0)
        close(ps.grad, ts.grad, 0, 0)
        q, qs = pyt.tensor(a, requires_grad=True), pyt.tensor(s, requires_grad=True)
        assert pyt.autograd.gradcheck(lambda x, y: x.masked_scatter(pm, y), (q, qs))


def test_masked_scatter_inplace_and_errors():
    a = RNG.standard_normal((3, 4)).astype(np.float32)
    m = RNG.random((4,)) > 0.5
    p, t = both(a)
    pm, tm = both(m)
    src = pyt.arange(12.0), torch.arange(12.0)
    pv = p._version
    assert p.t().masked_scatter_(pm[:3], src[0]) is not None
    t.t().masked_scatter_(tm[:3], src[1])
    close(p, t, 0, 0)
    assert p._version > pv
    raises_like(lambda: p.masked_scatter(pm, pyt.ones(1)) if m.sum() > 1 else p.masked_scatter(pm, pyt.ones(0)),
                lambda: t.masked_scatter(tm, torch.ones(1)) if m.sum() > 1 else t.masked_scatter(tm, torch.ones(0)))
    raises_like(lambda: p.masked_scatter(pm.float(), src[0]), lambda: t.masked_scatter(tm.float(), src[1]))
    raises_like(lambda: p.masked_scatter(pm, src[0].double()), lambda: t.masked_scatter(tm, src[1].double()))
    raises_like(lambda: pyt.zeros(4).masked_scatter_(pyt.ones(2, 4, dtype=pyt.bool), src[0]),
                lambda: torch.zeros(4).masked_scatter_(torch.ones(2, 4, dtype=torch.bool), src[1]))
    with pytest.raises(RuntimeError, match="expected self and source to have same dtypes"):
        p.masked_scatter(pm, src[0].double())
    leaf = pyt.zeros(4, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        leaf.masked_scatter_(pyt.ones(4, dtype=pyt.bool), src[0])


# -------------------------------------------------------------------- index_reduce
@pytest.mark.filterwarnings("ignore:index_reduce")
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_index_reduce(reduce, include_self):
    a = RNG.standard_normal((4, 3))
    s = RNG.standard_normal((6, 3))
    idx = np.array([0, 2, 0, 3, 2, 0])
    p, t = both(a, requires_grad=True)
    ps, ts = both(s, requires_grad=True)
    pi, ti = both(idx)
    op = p.index_reduce(0, pi, ps, reduce, include_self=include_self)
    ot = t.index_reduce(0, ti, ts, reduce, include_self=include_self)
    close(op, ot, 1e-12, 1e-12)
    assert type(op.grad_fn).__name__ == "IndexReduceBackward0"
    w = RNG.standard_normal((4, 3))
    (op * pyt.tensor(w)).sum().backward()
    (ot * torch.tensor(w)).sum().backward()
    close(p.grad, t.grad, 1e-10, 1e-12)
    close(ps.grad, ts.grad, 1e-10, 1e-12)
    q, qs = pyt.tensor(a, requires_grad=True), pyt.tensor(s, requires_grad=True)
    assert pyt.autograd.gradcheck(lambda x, y: pyt.index_reduce(x, 0, pi, y, reduce, include_self=include_self),
                                  (q, qs))
    # dim 1 on a non-contiguous self; int64 values; in place; determinism over thread counts
    b = RNG.standard_normal((5, 4))
    pb, tb = both(b)
    s2 = RNG.standard_normal((4, 3))
    i2 = np.array([1, 1, 4])
    close(pb.t().index_reduce(1, pyt.tensor(i2), pyt.tensor(s2), reduce, include_self=include_self),
          tb.t().index_reduce(1, torch.tensor(i2), torch.tensor(s2), reduce, include_self=include_self), 1e-12, 1e-12)
    ai = RNG.integers(-5, 6, (4, 3))
    si = RNG.integers(-5, 6, (6, 3))
    close(pyt.tensor(ai).index_reduce(0, pi, pyt.tensor(si), reduce, include_self=include_self),
          torch.tensor(ai).index_reduce(0, ti, torch.tensor(si), reduce, include_self=include_self), 0, 0)
    pc, tc = both(a)
    assert pc.index_reduce_(0, pi, pyt.tensor(s), reduce, include_self=include_self) is pc
    tc.index_reduce_(0, ti, torch.tensor(s), reduce, include_self=include_self)
    close(pc, tc, 1e-12, 1e-12)
    big = pyt.tensor(RNG.standard_normal((64, 512)))
    bi = pyt.tensor(RNG.integers(0, 8, 64))
    old = pyt.get_num_threads()
    try:
        pyt.set_num_threads(1)
        r1 = pyt.zeros(8, 512, dtype=pyt.float64).index_reduce(0, bi, big, reduce)
        pyt.set_num_threads(2)
        r2 = pyt.zeros(8, 512, dtype=pyt.float64).index_reduce(0, bi, big, reduce)
    finally:
        pyt.set_num_threads(old)
    assert pyt.equal(r1, r2)


@pytest.mark.filterwarnings("ignore:index_reduce")
def test_index_reduce_edge_and_errors():
    close(pyt.tensor(2.0).index_reduce(0, pyt.tensor([0]), pyt.tensor(3.0), "prod"),
          torch.tensor(2.0).index_reduce(0, torch.tensor([0]), torch.tensor(3.0), "prod"))
    close(pyt.zeros(0, 3).index_reduce(1, pyt.tensor([0, 2]), pyt.zeros(0, 2), "mean"),
          torch.zeros(0, 3).index_reduce(1, torch.tensor([0, 2]), torch.zeros(0, 2), "mean"))
    p, t = pyt.zeros(3, 3), torch.zeros(3, 3)
    i, ti = pyt.tensor([0, 2, 0]), torch.tensor([0, 2, 0])
    cases = [
        (lambda L, x, j: x.index_reduce(0, j, L.ones(3, 3), "sum")),
        (lambda L, x, j: x.index_reduce(0, j, L.ones(2, 3), "amax")),
        (lambda L, x, j: x.index_reduce(0, j, L.ones(3, 4), "amax")),
        (lambda L, x, j: x.index_reduce(0, L.tensor([0, 5, 0]), L.ones(3, 3), "amax")),
        (lambda L, x, j: x.index_reduce(0, L.tensor([0, -1, 0]), L.ones(3, 3), "amax")),
        (lambda L, x, j: x.index_reduce(0, L.tensor([0.0, 1, 0]), L.ones(3, 3), "amax")),
        (lambda L, x, j: x.index_reduce(0, L.tensor([[0, 1, 0]]), L.ones(3, 3), "amax")),
        (lambda L, x, j: x.index_reduce(0, j, L.ones(3, 3, dtype=L.float64), "amax")),
        (lambda L, x, j: x.index_reduce(2, j, L.ones(3, 3), "amax")),
        (lambda L, x, j: L.tensor([True, False]).index_reduce(0, L.tensor([0]), L.tensor([True]), "mean")),
    ]
    for c in cases:
        raises_like(lambda: c(pyt, p, i), lambda: c(torch, t, ti))


# ---------------------------------------------------------------- small methods
def test_sum_to_size():
    for shape, size in [((3, 4), (1, 4)), ((3, 4), (4,)), ((2, 3, 4), (3, 1)), ((3, 4), (3, 4)), ((), (1,)),
                        ((0, 3), (1, 3)), ((2, 3), ((1, 3),))]:
        arr = RNG.standard_normal(shape)
        p, t = both(arr, requires_grad=True)
        op = p.sum_to_size(*size) if not isinstance(size[0] if size else 0, tuple) else p.sum_to_size(size[0])
        ot = t.sum_to_size(*size) if not isinstance(size[0] if size else 0, tuple) else t.sum_to_size(size[0])
        close(op, ot, 1e-12, 1e-12)
        if ot.grad_fn is not None:
            assert type(op.grad_fn).__name__ == type(ot.grad_fn).__name__
            op.sum().backward()
            ot.sum().backward()
            close(p.grad, t.grad)
    p, t = both(np.ones((3, 3)))
    raises_like(lambda: p.sum_to_size(2, 3), lambda: t.sum_to_size(2, 3))
    raises_like(lambda: p.sum_to_size(1, 1, 3, 3), lambda: t.sum_to_size(1, 1, 3, 3))


@pytest.mark.parametrize("shape,wrap", [((3, 3), False), ((2, 4), False), ((7, 3), False), ((7, 3), True),
                                        ((3, 3, 3), False), ((5, 2), True), ((0, 3), False)])
def test_fill_diagonal_(shape, wrap):
    arr = RNG.standard_normal(shape).astype(np.float32)
    p, t = both(arr)
    assert p.fill_diagonal_(2.5, wrap=wrap) is p
    t.fill_diagonal_(2.5, wrap=wrap)
    close(p, t, 0, 0)
    pi, ti = both(np.zeros(shape, np.int64))
    close(pi.fill_diagonal_(7, wrap), ti.fill_diagonal_(7, wrap), 0, 0)
    x = pyt.tensor(arr.astype(np.float64), requires_grad=True)
    xt = torch.tensor(arr.astype(np.float64), requires_grad=True)
    (x * 1).fill_diagonal_(0.0).sum().backward()
    (xt * 1).fill_diagonal_(0.0).sum().backward()
    close(x.grad, xt.grad, 0, 0)


def test_fill_diagonal_errors():
    raises_like(lambda: pyt.zeros(3).fill_diagonal_(1), lambda: torch.zeros(3).fill_diagonal_(1))
    raises_like(lambda: pyt.zeros(2, 3, 3).fill_diagonal_(1), lambda: torch.zeros(2, 3, 3).fill_diagonal_(1))
    raises_like(lambda: pyt.zeros(2, 2, requires_grad=True).fill_diagonal_(1),
                lambda: torch.zeros(2, 2, requires_grad=True).fill_diagonal_(1))


@pytest.mark.parametrize("dt", ["float32", "float64", "float16", "bfloat16", "int8", "uint8", "int16", "int32",
                                "int64", "bool"])
def test_queries(dt):
    p, t = pyt.zeros(2, 3, dtype=getattr(pyt, dt)), torch.zeros(2, 3, dtype=getattr(torch, dt))
    assert p.is_signed() == t.is_signed()
    assert p.is_complex() == t.is_complex() is False
    assert p.is_floating_point() == t.is_floating_point()
    assert p.nbytes == t.nbytes and p.itemsize == t.itemsize
    assert p.is_cpu and t.is_cpu and p.get_device() == t.get_device() == -1
    assert p.is_same_size(pyt.ones(2, 3)) and not p.is_same_size(pyt.ones(3, 2))
    assert p[:, ::2].nbytes == t[:, ::2].nbytes


def test_is_nonzero():
    for v in [[0.0], [1.5], 3, True]:
        assert pyt.tensor(v).is_nonzero() == torch.tensor(v).is_nonzero()
    raises_like(lambda: pyt.zeros(0).is_nonzero(), lambda: torch.zeros(0).is_nonzero())
    raises_like(lambda: pyt.zeros(2).is_nonzero(), lambda: torch.zeros(2).is_nonzero())


# ------------------------------------------------------------- numpy keyword aliases
ALIAS_CALLS = [
    "L.sum(x, axis=0)", "x.sum(axis=0, keepdims=True)", "x.sum(0, keepdims=True)",
    "L.mean(x, axis=1)", "x.mean(axis=(0, 1), keepdims=True)", "x.std(axis=0)", "x.var(axis=0, keepdims=True)",
    "x.max(axis=0)[0]", "x.min(axis=0, keepdims=True)[1]", "x.amax(axis=0)", "x.amin(axis=(0, 1))",
    "(x > 0).all(axis=0)", "(x > 0).any(axis=0)", "x.prod(axis=0)", "x.argmax(axis=0)",
    "x.argmin(axis=1, keepdims=True)",
    "x.logsumexp(axis=0)", "x.cumsum(axis=0)", "x.softmax(axis=0)", "x.log_softmax(axis=1)",
    "L.cat([x, x], axis=0)", "L.stack([x, x], axis=1)", "x.unsqueeze(axis=0)", "x.median(axis=0)[0]",
    "x.nansum(axis=0)", "x.nanmean(axis=1)", "x.count_nonzero(axis=0)", "x.sort(axis=0)[0]", "x.argsort(axis=0)",
    "x.topk(2, axis=0)[0]", "x.select(axis=0, index=1)", "x.index_select(axis=1, index=L.tensor([0, 2]))",
    "x.narrow(axis=1, start=0, length=2)", "x.cumprod(axis=1)", "L.amax(x, axis=1, keepdims=True)",
    "L.prod(x, axis=1, keepdim=True)", "x.unbind(axis=1)[0]", "x.chunk(2, axis=1)[0]",
]


@pytest.mark.parametrize("expr", ALIAS_CALLS)
def test_numpy_keyword_aliases(expr):
    arr = RNG.standard_normal((3, 4)).astype(np.float32)
    p, t = both(arr)
    rp = eval(expr, {"L": pyt, "x": p})
    rt = eval(expr, {"L": torch, "x": t})
    close(rp, rt, 1e-5, 1e-6)


def test_numpy_keyword_alias_errors():
    p, t = both(np.ones((3, 4), np.float32))
    raises_like(lambda: p.sum(axis=0, dim=1), lambda: t.sum(axis=0, dim=1))
    raises_like(lambda: p.sum(dim=0, keepdim=True, keepdims=True), lambda: t.sum(dim=0, keepdim=True, keepdims=True))
    raises_like(lambda: p.sum(axis=5), lambda: t.sum(axis=5))
    raises_like(lambda: p.sum("a"), lambda: t.sum("a"))
    g = pyt.ones(3, 4, requires_grad=True)
    g.sum(axis=0).sum().backward()
    assert g.grad.tolist() == [[1.0] * 4] * 3


# ------------------------------------------------------------------------ where(cond)
def test_where_one_argument():
    for arr in [RNG.standard_normal((3, 4)) > 0, np.array(True), np.array(False), np.zeros((0, 2), bool),
                RNG.standard_normal(5)]:
        p, t = both(arr)
        rp, rt = pyt.where(p if p.dtype == pyt.bool else p > 0), torch.where(t if t.dtype == torch.bool else t > 0)
        assert len(rp) == len(rt)
        for a, b in zip(rp, rt):
            close(a, b, 0, 0)
    p, t = both(RNG.standard_normal((3, 4)))
    close(pyt.where(p > 0, p, 0.0), torch.where(t > 0, t, 0.0))
    raises_like(lambda: pyt.where(p > 0, p), lambda: torch.where(t > 0, t))


# ------------------------------------------------------------- cheap further methods
INPLACE_EXTRA = [
    ("addmm_", lambda L: (L.ones(2, 2), (L.arange(6.0).reshape(2, 3), L.arange(6.0).reshape(3, 2)), {"beta": 0.5})),
    ("addmv_", lambda L: (L.ones(2), (L.arange(6.0).reshape(2, 3), L.arange(3.0)), {})),
    ("addr_", lambda L: (L.ones(2, 3), (L.arange(2.0), L.arange(3.0)), {"alpha": 2})),
    ("addbmm_", lambda L: (L.ones(2, 2), (L.ones(3, 2, 4), L.ones(3, 4, 2)), {})),
    ("baddbmm_", lambda L: (L.ones(3, 2, 2), (L.ones(3, 2, 4), L.ones(3, 4, 2)), {})),
    ("bitwise_and_", lambda L: (L.tensor([5, 6, 7]), (L.tensor([3, 3, 1]),), {})),
    ("bitwise_or_", lambda L: (L.tensor([5, 6, 7]), (3,), {})),
    ("bitwise_xor_", lambda L: (L.tensor([True, False]), (L.tensor([True, True]),), {})),
    ("bitwise_not_", lambda L: (L.tensor([5, -6]), (), {})),
    ("cumprod_", lambda L: (L.arange(1.0, 7.0).reshape(2, 3), (1,), {})),
    ("greater_", lambda L: (L.tensor([1.0, 2.0, 3.0]), (2.0,), {})),
    ("greater_equal_", lambda L: (L.tensor([1.0, 2.0, 3.0]), (2.0,), {})),
    ("less_", lambda L: (L.tensor([1, 2, 3]), (L.tensor([2, 2, 2]),), {})),
    ("less_equal_", lambda L: (L.tensor([1.0, 2.0, 3.0]), (2.0,), {})),
    ("not_equal_", lambda L: (L.tensor([1.0, 2.0, 3.0]), (2.0,), {})),
    ("remainder_", lambda L: (L.tensor([5.0, -6.0, 7.5]), (4,), {})),
    ("sign_", lambda L: (L.tensor([1.5, -2.0, 0.0]), (), {})),
]


@pytest.mark.parametrize("name,make", INPLACE_EXTRA, ids=[c[0] for c in INPLACE_EXTRA])
def test_inplace_extra(name, make):
    sp, ap, kp = make(pyt)
    st, at, kt = make(torch)
    rp = getattr(sp, name)(*ap, **kp)
    getattr(st, name)(*at, **kt)
    assert rp is sp
    close(sp, st, 1e-6, 1e-6)


def test_inplace_extra_errors_and_grad():
    raises_like(lambda: pyt.tensor([1, 2]).remainder_(1.5), lambda: torch.tensor([1, 2]).remainder_(1.5))
    raises_like(lambda: pyt.ones(3).addmv_(pyt.ones(3, 3), pyt.ones(2)), lambda: torch.ones(3).addmv_(torch.ones(3, 3),
                                                                                                      torch.ones(2)))
    p, t = both(RNG.standard_normal((2, 2)), requires_grad=True)
    m1, m2 = RNG.standard_normal((2, 3)), RNG.standard_normal((3, 2))
    yp, yt = p * 1, t * 1
    yp.addmm_(pyt.tensor(m1), pyt.tensor(m2))
    yt.addmm_(torch.tensor(m1), torch.tensor(m2))
    (yp * yp).sum().backward()
    (yt * yt).sum().backward()
    close(p.grad, t.grad, 1e-12, 1e-12)


def test_real_tensor_queries_and_views():
    arr = RNG.standard_normal((2, 3, 4))
    p, t = both(arr)
    for expr in ["x.mH", "x.adjoint()", "x[0].H", "x.conj()", "x.resolve_conj()", "x.resolve_neg()",
                 "L.isreal(x)", "x.narrow_copy(2, 1, 2)", "L.adjoint(x)", "L.conj(x)"]:
        close(eval(expr, {"L": pyt, "x": p}), eval(expr, {"L": torch, "x": t}), 0, 0)
    assert p.mH.stride() == t.mH.stride() and p.mH._base is p
    assert p.conj() is p and t.conj() is t
    assert p.is_conj() == t.is_conj() and p.is_neg() == t.is_neg()
    assert p.is_meta == t.is_meta and p.is_sparse == t.is_sparse and p.is_quantized == t.is_quantized
    assert p.is_nested == t.is_nested
    raises_like(lambda: p.H, lambda: t.H)
    raises_like(lambda: p[0, 0].mH, lambda: t[0, 0].mH)
    raises_like(lambda: p[0, 0].adjoint(), lambda: t[0, 0].adjoint())
    n = p.narrow_copy(0, 0, 1)
    assert n.data_ptr() != p.data_ptr()


def test_split_with_sizes_and_aliases():
    p, t = both(RNG.standard_normal((5, 3)), requires_grad=True)
    for a, b in zip(p.split_with_sizes([2, 3]), t.split_with_sizes([2, 3])):
        close(a, b, 0, 0)
    for a, b in zip(p.split_with_sizes([1, 2], dim=1), t.split_with_sizes([1, 2], dim=1)):
        close(a, b, 0, 0)
    raises_like(lambda: p.split_with_sizes([2, 2]), lambda: t.split_with_sizes([2, 2]))
    raises_like(lambda: p.split_with_sizes([5], dim=2), lambda: t.split_with_sizes([5], dim=2))
    for a, b in zip(p.unsafe_split(2), t.unsafe_split(2)):
        close(a, b, 0, 0)
    for a, b in zip(p.unsafe_chunk(2, 1), t.unsafe_chunk(2, 1)):
        close(a, b, 0, 0)
    v1, v2 = both(RNG.standard_normal(3))
    close(v1.ger(pyt.tensor([1.0, 2.0])), v2.ger(torch.tensor([1.0, 2.0])), 0, 0)
    w = RNG.standard_normal(1)
    close(p.prelu(pyt.tensor(w)), t.prelu(torch.tensor(w)), 1e-12, 1e-12)
    close(p.hardshrink(0.3), t.hardshrink(0.3), 0, 0)
