"""Rows of the op table for the recurrent cells and scaled_dot_product_attention (the rnn
family, op_list_rnn.h); see op_table.py for the row format.

torch's CPU cells record the nodes of their last elementwise op (MulBackward0 for lstm_cell's
hy); pyt's fused cells record the op list's node, which the grad_fn check compares against.
"""

from op_table import *  # A, B, S, OpRow, fn, nnf, T, ROWS
from op_table import TOL_SUM


def _cell_samples(G, lstm=False):
    I, H = 4, 3

    def hx(b, **kw):
        return [A(b, H, **kw), A(b, H, **kw)] if lstm else A(b, H, **kw)

    return [
        S(A(2, I), hx(2), A(G * H, I), A(G * H, H), A(G * H), A(G * H), desc="bias"),
        S(A(2, I), hx(2), A(G * H, I), A(G * H, H), desc="nobias"),
        S(A(I, 2, view=T), hx(2), A(I, G * H, view=T), A(G * H, H), A(G * H), A(G * H), desc="noncontig"),
        S(A(0, I), hx(0), A(G * H, I), A(G * H, H), A(G * H), A(G * H), desc="empty_batch", gradcheck=False),
        S(A(2, I, kind="special"), hx(2), A(G * H, I), A(G * H, H), desc="special", grad=False),
    ]


def _sdpa_samples():
    q, k, v = A(2, 3, 4), A(2, 5, 4), A(2, 5, 6)
    return [
        S(q, k, v, desc="3d"),
        S(A(2, 2, 3, 4), A(2, 2, 5, 4), A(2, 2, 5, 3), desc="4d"),
        S(A(2, 2, 3, 4), A(1, 2, 5, 4), A(2, 1, 5, 3), desc="bcast_batch"),
        S(q, k, v, kwargs={"attn_mask": B(3, 5)}, desc="bool_mask"),
        S(q, k, v, kwargs={"attn_mask": A(2, 1, 5)}, desc="float_mask_bcast"),
        S(q, k, v, kwargs={"is_causal": True}, desc="causal"),
        S(A(2, 5, 4), A(2, 3, 4), A(2, 3, 2), kwargs={"is_causal": True}, desc="causal_L>S"),
        S(q, k, v, kwargs={"scale": 0.3}, desc="scale"),
        S(A(2, 4, 3, 4), A(2, 2, 5, 4), A(2, 2, 5, 3), kwargs={"enable_gqa": True}, desc="gqa"),
        S(A(4, 2, view=T), A(4, 5, view=T), A(5, 3), desc="noncontig"),
        S(A(2, 0, 4), A(2, 5, 4), A(2, 5, 6), desc="empty_L", gradcheck=False),
    ]


ROWS = [
    OpRow("lstm_cell", [fn("lstm_cell")], _cell_samples(4, lstm=True), tol=TOL_SUM),
    OpRow("gru_cell", [fn("gru_cell")], _cell_samples(3), tol=TOL_SUM),
    OpRow("rnn_tanh_cell", [fn("rnn_tanh_cell")], _cell_samples(1), tol=TOL_SUM),
    OpRow("rnn_relu_cell", [fn("rnn_relu_cell")], _cell_samples(1), tol=TOL_SUM),
    OpRow("scaled_dot_product_attention", [nnf("scaled_dot_product_attention")], _sdpa_samples(), tol=TOL_SUM),
]
