"""Rows of the op table for the second linear algebra family (baddbmm, addbmm, addmv, addr,
einsum); see op_table.py for the row format."""

from op_table import NUM, STEP, TOL_SUM, A, OpRow, S, T, both_forms, fn


def _addprod(name, x, y, out):
    """Samples of beta * input + alpha * prod(x, y) with prod of shape out."""
    return [
        S(A(*out), A(*x), A(*y), desc="plain"),
        S(A(*out[-1:]), A(*x), A(*y), desc="bcast_input"),
        S(A(*out), A(*x), A(*y), kwargs={"beta": 2, "alpha": 3}, desc="beta_alpha_int"),
        S(A(*out), A(*x), A(*y), kwargs={"beta": 0.5, "alpha": -1.5}, desc="beta_alpha_float",
          dtypes=("float32", "float64")),
        S(A(*out, kind="special"), A(*x), A(*y), kwargs={"beta": 0}, desc="beta0_ignores_nan", grad=False,
          dtypes=("float32", "float64")),
        S(A(*reversed(out), view=T) if len(out) == 2 else A(*out), A(*reversed(x[-2:]), view=T) if len(x) == 2
          else A(*x), A(*y), desc="noncontig"),
    ]


def _einsum(eq, *shapes, **kw):
    desc = kw.pop("desc")
    return S(eq, *[A(*s) if isinstance(s, tuple) else s for s in shapes], desc=desc, **kw)


ROWS = [
    OpRow("baddbmm", both_forms("baddbmm"), _addprod("baddbmm", (2, 3, 4), (2, 4, 5), (2, 3, 5))
          + [S(A(2, 3, 0), A(2, 3, 4), A(2, 4, 0), desc="empty"),
             S(A(3, 5), A(2, 3, 0), A(2, 0, 5), desc="k0")], dtypes=NUM, tol=TOL_SUM),
    OpRow("addbmm", both_forms("addbmm"), _addprod("addbmm", (2, 3, 4), (2, 4, 5), (3, 5))
          + [S(A(3, 5), A(0, 3, 4), A(0, 4, 5), desc="no_batches")], dtypes=NUM, tol=TOL_SUM),
    OpRow("addmv", both_forms("addmv"), _addprod("addmv", (3, 4), (4,), (3,))
          + [S(A(), A(3, 4), A(4), desc="0d_input"), S(A(0), A(0, 4), A(4), desc="empty"),
             S(A(3), A(3, 8, view=STEP), A(8, view=STEP), desc="strided")], dtypes=NUM, tol=TOL_SUM),
    OpRow("addr", both_forms("addr"), _addprod("addr", (3,), (4,), (3, 4))
          + [S(A(0, 4), A(0), A(4), desc="empty")], dtypes=NUM, tol=TOL_SUM),
    OpRow(
        "einsum",
        [fn("einsum")],
        [
            _einsum("ij,jk->ik", (3, 4), (4, 5), desc="matmul"),
            _einsum("ij,jk", (3, 4), (4, 5), desc="implicit", grad_fn=None),
            _einsum("bij,bjk->bik", (2, 3, 4), (2, 4, 5), desc="bmm", grad_fn=None),
            _einsum("ii->i", (4, 4), desc="diag", grad_fn=None),
            _einsum("ii", (4, 4), desc="trace", grad_fn=None),
            _einsum("iji->j", (3, 2, 3), desc="repeated_outer", grad_fn=None),
            _einsum("ij->ji", (3, 4), desc="transpose", grad_fn=None),
            _einsum("ij->", (3, 4), desc="sum_all", grad_fn=None),
            _einsum("i,j->ij", (3,), (4,), desc="outer", grad_fn=None),
            _einsum("i,i->", (5,), (5,), desc="dot", grad_fn=None),
            _einsum("...ij,...jk->...ik", (2, 1, 3, 4), (5, 4, 2), desc="ellipsis_bcast", grad_fn=None),
            _einsum("...ij->...ji", (2, 3, 4), desc="ellipsis_transpose", grad_fn=None),
            _einsum("b...,b->...", (2, 3, 4), (2,), desc="ellipsis_middle", grad_fn=None),
            _einsum("ij,jk,kl->il", (2, 3), (3, 4), (4, 5), desc="chain3", grad_fn=None),
            _einsum("bhqd,bhkd->bhqk", (2, 2, 3, 4), (2, 2, 5, 4), desc="attention", grad_fn=None),
            _einsum("ij,ij->ij", (3, 4), (3, 4), desc="hadamard", grad_fn=None),
            _einsum("ij,kj->", (3, 4), (2, 4), desc="sum_both", grad_fn=None),
            _einsum("i j , j k -> i k", (3, 4), (4, 5), desc="spaces", grad_fn=None),
            _einsum("ab,b->a", (1, 4), (4,), desc="size1", grad_fn=None),
            _einsum("ij,jk->ik", (0, 4), (4, 5), desc="empty", grad_fn=None),
            S("ij,jk->ik", A(4, 3, view=T), A(5, 4, view=T), desc="noncontig_t", grad_fn=None),
            _einsum("Ab,bC->AC", (2, 3), (3, 2), desc="uppercase", grad_fn=None),
        ],
        dtypes=NUM,
        tol=TOL_SUM,
    ),
]
