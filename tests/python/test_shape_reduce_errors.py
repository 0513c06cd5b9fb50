"""Error paths of the reduction and shape ops (STYLE.md item 11): pyt raises the exception type
torch raises for the same call, with a key word of the message; the call runs in torch first,
so the table agrees with the oracle. Rows with ``torch_raises=False`` are pyt's documented
limitations. Also: behaviour the op table cannot express (views share storage, determinism
across thread counts, multi-output gradients)."""

import numpy as np
import pyt
import pytest
import torch


def _t(L, *shape, dtype=None):
    n = int(np.prod(shape)) if shape else 1
    return L.tensor(np.linspace(-1, 1, n).reshape(shape), dtype=dtype or L.float32)


class R:
    def __init__(self, id, call, exc, words, torch_raises=True):
        self.id, self.call, self.exc = id, call, exc
        self.words = (words,) if isinstance(words, str) else tuple(words)
        self.torch_raises = torch_raises


ERRORS = [
    # ---- reductions
    R("prod_dim_range", lambda L: _t(L, 3, 4).prod(2), IndexError, "out of range"),
    R("prod_dim_tuple", lambda L: _t(L, 3, 4).prod((0, 1)), TypeError, "dim"),
    R("amax_dim_range", lambda L: _t(L, 3, 4).amax(5), IndexError, "out of range"),
    R("amax_dup_dims", lambda L: _t(L, 3, 4).amax((0, 0)), RuntimeError, "multiple times"),
    R("amax_empty_dim", lambda L: _t(L, 0, 3).amax(0), IndexError, "non-zero size"),
    R("amin_empty_all", lambda L: L.amin(_t(L, 0, 3)), RuntimeError, "numel() == 0"),
    R("var_int", lambda L: L.tensor([1, 2, 3]).var(), RuntimeError, "floating point"),
    R("std_bool", lambda L: L.tensor([True, False]).std(), RuntimeError, "floating point"),
    R("var_dup_dims", lambda L: _t(L, 3, 4).var((1, -1)), RuntimeError, "multiple times"),
    R("std_dim_range", lambda L: _t(L, 3, 4).std(2), IndexError, "out of range"),
    R("norm_int", lambda L: L.tensor([1, 2]).norm(), RuntimeError, "floating point"),
    R("norm_bad_order", lambda L: _t(L, 3, 4).norm("abc"), RuntimeError, "not supported"),
    R("norm_fro_3_dims", lambda L: L.ones(2, 2, 2).norm("fro", (0, 1, 2)), RuntimeError, "2-tuple"),
    R("norm_inf_empty", lambda L: _t(L, 0).norm(float("inf")), RuntimeError, "identity"),
    R(
        "norm_inf_empty_dim",
        lambda L: _t(L, 0, 3).norm(float("inf"), dim=0),
        RuntimeError,
        "identity",
    ),
    R("norm_neg_empty", lambda L: _t(L, 0, 3).norm(-1), RuntimeError, "identity"),
    R("logsumexp_no_dim", lambda L: _t(L, 3, 4).logsumexp(), TypeError, "dim"),
    R("logsumexp_dim_range", lambda L: _t(L, 3, 4).logsumexp(3), IndexError, "out of range"),
    R("cumsum_dim_range", lambda L: _t(L, 3, 4).cumsum(2), IndexError, "out of range"),
    R("cumprod_dim_range", lambda L: L.cumprod(_t(L, 3), -2), IndexError, "out of range"),
    R("all_dim_range", lambda L: _t(L, 3, 4).all(3), IndexError, "out of range"),
    R(
        "count_nonzero_dup",
        lambda L: _t(L, 3, 4).count_nonzero((0, 0)),
        RuntimeError,
        "multiple times",
    ),
    # ---- shape ops
    R("flip_dup", lambda L: _t(L, 3, 4).flip(0, 0), RuntimeError, "multiple times"),
    R("flip_range", lambda L: _t(L, 3, 4).flip(2), IndexError, "out of range"),
    R("roll_mismatch", lambda L: _t(L, 3, 4).roll((1, 2), 0), RuntimeError, "align"),
    R("roll_no_dims_two_shifts", lambda L: _t(L, 3, 4).roll((1, 2)), RuntimeError, "align"),
    R("roll_range", lambda L: _t(L, 3, 4).roll(1, 3), IndexError, "out of range"),
    R("tril_1d", lambda L: _t(L, 3).tril(), RuntimeError, "at least 2 dimensions"),
    R("triu_0d", lambda L: L.triu(_t(L)), RuntimeError, "at least 2 dimensions"),
    R("split_0d", lambda L: _t(L).split(1), RuntimeError, "1-dimensional"),
    R("split_neg", lambda L: _t(L, 3, 4).split(-1), RuntimeError, "non-negative"),
    R("split_zero", lambda L: _t(L, 3, 4).split(0), RuntimeError, "split_size can only be 0"),
    R("split_sizes_sum", lambda L: L.split(_t(L, 3, 4), [1, 1]), RuntimeError, "sum exactly"),
    R("split_sizes_neg", lambda L: _t(L, 3, 4).split([4, -1]), RuntimeError, "non-negative"),
    R("split_dim_range", lambda L: _t(L, 3, 4).split(1, 2), IndexError, "out of range"),
    R("chunk_zero", lambda L: _t(L, 3, 4).chunk(0), RuntimeError, "greater than 0"),
    R("chunk_0d", lambda L: _t(L).chunk(1), RuntimeError, "1-dimensional"),
    R("unbind_0d", lambda L: _t(L).unbind(), IndexError, "no dimensions"),
    R("unbind_range", lambda L: _t(L, 3, 4).unbind(2), IndexError, "out of range"),
    R("repeat_too_few", lambda L: _t(L, 3, 4).repeat(2), RuntimeError, "can not be smaller"),
    R("repeat_negative", lambda L: _t(L, 3, 4).repeat(-1, 2), RuntimeError, "negative dimension"),
    R(
        "movedim_lengths",
        lambda L: L.movedim(_t(L, 3, 4), (0, 1), (0,)),
        RuntimeError,
        "same number",
    ),
    R(
        "movedim_dup_src",
        lambda L: _t(L, 3, 4).movedim((0, 0), (0, 1)),
        RuntimeError,
        "repeated dim",
    ),
    R(
        "movedim_dup_dst",
        lambda L: _t(L, 3, 4).movedim((0, 1), (1, 1)),
        RuntimeError,
        "repeated dim",
    ),
    R("movedim_range", lambda L: _t(L, 3, 4).movedim(2, 0), IndexError, "out of range"),
    R("diagonal_same_dims", lambda L: _t(L, 3, 4).diagonal(0, 1, 1), RuntimeError, "identical"),
    R("diagonal_1d", lambda L: _t(L, 3).diagonal(), IndexError, "out of range"),
    R("hstack_empty", lambda L: L.hstack([]), RuntimeError, "non-empty"),
    R("vstack_empty", lambda L: L.vstack([]), RuntimeError, "non-empty"),
    R("vstack_shape", lambda L: L.vstack([_t(L, 3), _t(L, 4)]), RuntimeError, ("size", "Sizes")),
    R("unflatten_product", lambda L: _t(L, 3, 4).unflatten(1, (3, 2)), RuntimeError, "multiply up"),
    R("unflatten_no_sizes", lambda L: _t(L, 3, 4).unflatten(1, ()), RuntimeError, "non-empty"),
    R(
        "unflatten_two_inferred",
        lambda L: _t(L, 3, 4).unflatten(1, (-1, -1)),
        RuntimeError,
        "inferred",
    ),
    R(
        "narrow_length",
        lambda L: _t(L, 3, 4).narrow(1, 2, 5),
        RuntimeError,
        "exceeds dimension size",
    ),
    R("narrow_start", lambda L: L.narrow(_t(L, 3, 4), 1, 5, 0), IndexError, "start out of range"),
    R(
        "narrow_negative_length",
        lambda L: _t(L, 3, 4).narrow(1, 0, -1),
        RuntimeError,
        "non-negative",
    ),
    # ---- ordering
    R("sort_dim_range", lambda L: _t(L, 3, 4).sort(2), IndexError, "out of range"),
    R("topk_k_too_big", lambda L: _t(L, 3, 4).topk(5), RuntimeError, "k out of range"),
    R("topk_negative_k", lambda L: L.topk(_t(L, 3, 4), -1), RuntimeError, "k out of range"),
    R("argsort_dim_range", lambda L: _t(L, 3).argsort(1), IndexError, "out of range"),
    # ---- pyt's limitations (torch computes these)
    R(
        "norm_nuclear",
        lambda L: _t(L, 3, 4).norm("nuc"),
        NotImplementedError,
        "nuc",
        torch_raises=False,
    ),
]


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("row", [pytest.param(r, id=r.id) for r in ERRORS])
def test_error_matches_torch(row):
    t_type = None
    if row.torch_raises:
        with pytest.raises(Exception) as t_err:
            row.call(torch)
        assert isinstance(t_err.value, row.exc), (
            f"table error: torch raised {type(t_err.value).__name__}: {t_err.value}"
        )
        t_type = type(t_err.value)
    else:
        row.call(torch)
    with pytest.raises(Exception) as p_err:
        row.call(pyt)
    got = p_err.value
    if t_type is not None:
        assert isinstance(got, t_type), (
            f"pyt raised {type(got).__name__}: {got}; torch raises {t_type}"
        )
    assert isinstance(got, row.exc), f"pyt raised {type(got).__name__}: {got}"
    assert any(w in str(got) for w in row.words), f"pyt's message lacks {row.words}: {got}"


# --------------------------------------------------------------------------- behaviour
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda x: x.split(2)[1], id="split"),
        pytest.param(lambda x: x.split([1, 3])[1], id="split_sizes"),
        pytest.param(lambda x: x.chunk(2, 1)[0], id="chunk"),
        pytest.param(lambda x: x.unbind(1)[2], id="unbind"),
        pytest.param(lambda x: x.diagonal(1), id="diagonal"),
        pytest.param(lambda x: x.movedim(0, 1), id="movedim"),
        pytest.param(lambda x: x.unflatten(1, (2, 2)), id="unflatten"),
        pytest.param(lambda x: x.narrow(0, 1, 2), id="narrow"),
        pytest.param(lambda x: x.swapaxes(0, 1), id="swapaxes"),
    ],
)
def test_views_share_storage(make):
    x = pyt.arange(16.0).reshape(4, 4)
    v = make(x)
    v.fill_(-1.0)
    xt = torch.arange(16.0).reshape(4, 4)
    make(xt).fill_(-1.0)
    np.testing.assert_array_equal(x.numpy(), xt.numpy())


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda x: x.flip(0), id="flip"),
        pytest.param(lambda x: x.roll(1, 0), id="roll"),
        pytest.param(lambda x: x.roll(0, 0), id="roll_zero"),
        pytest.param(lambda x: x.tril(), id="tril"),
        pytest.param(lambda x: x.repeat(1, 1), id="repeat"),
        pytest.param(lambda x: x.tile((1,)), id="tile"),
        pytest.param(lambda x: x.cumsum(0), id="cumsum"),
    ],
)
def test_copies_do_not_share_storage(make):
    x = pyt.arange(16.0).reshape(4, 4)
    make(x).fill_(-1.0)
    assert x.min().item() == 0.0


def test_reductions_are_deterministic_across_thread_counts():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 70_000)).astype(np.float32)
    x = pyt.tensor(a)
    flat = pyt.tensor(a.reshape(-1))
    calls = [
        lambda: x.prod(1),
        lambda: (x * 1e-3 + 1).prod(),
        lambda: x.amax(1),
        lambda: flat.amin(),
        lambda: x.var(1),
        lambda: x.var(0),
        lambda: x.amax(0),
        lambda: flat.std(),
        lambda: x.norm(dim=1),
        lambda: flat.norm(3),
        lambda: x.logsumexp(1),
        lambda: x.cumsum(1),
        lambda: x.count_nonzero(1),
    ]
    old = pyt.get_num_threads()
    try:
        pyt.set_num_threads(1)
        one = [c().numpy().copy() for c in calls]
        pyt.set_num_threads(max(2, old))
        many = [c().numpy().copy() for c in calls]
    finally:
        pyt.set_num_threads(old)
    for i, (a1, a2) in enumerate(zip(one, many)):
        assert a1.tobytes() == a2.tobytes(), f"call {i} differs between thread counts"


def test_split_gradient_with_unused_pieces():
    for L in (pyt, torch):
        x = L.tensor(np.arange(10.0).reshape(5, 2), requires_grad=True)
        _, b, _ = x.split(2)
        (b * 3).sum().backward()
        if L is torch:
            expected = x.grad.numpy()
        else:
            got = x.grad.numpy()
    np.testing.assert_array_equal(got, expected)


def test_double_backward_through_prod_and_cumprod():
    for L in (pyt, torch):
        x = L.tensor([[0.5, 0.0, 2.0], [1.5, -1.0, 3.0]], dtype=L.float64, requires_grad=True)
        (g,) = L.autograd.grad((x.prod(1) + x.cumprod(1).sum(1)).sum(), x, create_graph=True)
        (gg,) = L.autograd.grad((g * g).sum(), x)
        if L is torch:
            expected = (g.detach().numpy(), gg.numpy())
        else:
            got = (g.detach().numpy(), gg.numpy())
    np.testing.assert_allclose(got[0], expected[0], rtol=1e-12)
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-12)


def test_sort_and_topk_return_named_tuples():
    x = pyt.tensor([[3.0, 1.0, 2.0]])
    s = x.sort()
    assert s.values.tolist() == [[1.0, 2.0, 3.0]] and s.indices.tolist() == [[1, 2, 0]]
    k = pyt.topk(x, 2)
    assert k.values.tolist() == [[3.0, 2.0]] and k.indices.tolist() == [[0, 2]]


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda L: L.ones(1, 3).var(0), id="var_single"),
        pytest.param(lambda L: L.ones(0, 3).std(1), id="std_empty_output"),
        pytest.param(lambda L: L.ones(2, 3).var(correction=6), id="var_correction_too_big"),
    ],
)
def test_var_std_warn_when_degrees_of_freedom_run_out(call):
    for L in (torch, pyt):
        with pytest.warns(UserWarning, match="degrees of freedom"):
            call(L)
