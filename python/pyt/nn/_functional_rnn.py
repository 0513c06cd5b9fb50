"""Attention functionals of ``pyt.nn.functional`` (re-exported there):
``scaled_dot_product_attention`` and ``multi_head_attention_forward`` (torch.nn.functional).
"""

import math

import pyt
from pyt import _C

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


def scaled_dot_product_attention(
    query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False
):
    r"""Attention ``softmax(Q K^T * scale + mask) V``, one fused C++ kernel (Note [Fused attention]).

    Args:
        query (Tensor): ``(..., L, E)``, float32 or float64.
        key (Tensor): ``(..., S, E)``.
        value (Tensor): ``(..., S, Ev)``; the batch dims ``...`` of the three broadcast.
        attn_mask (Tensor, optional): broadcastable to ``(..., L, S)``; bool (True = the
            query may attend to the key) or of query's dtype (added to the scores).
        dropout_p (float): dropout probability on the attention weights. Default 0.
        is_causal (bool): mask the keys after each query (``j > i``); no attn_mask then.
        scale (float, optional): default ``1 / sqrt(E)``.
        enable_gqa (bool): grouped-query attention: query's heads (dim -3) may be a
            multiple of key's and value's; each key head serves a group of query heads.

    Returns:
        Tensor: ``(..., L, Ev)``. A query whose every key is masked gets zeros, as torch.

    Raises:
        RuntimeError: mismatched sizes or dtypes, or attn_mask given with is_causal.

    Source: ``torch.nn.functional.scaled_dot_product_attention``.

    Example::

        >>> q = k = v = pyt.randn(2, 4, 8, 16)
        >>> F.scaled_dot_product_attention(q, k, v, is_causal=True).shape
        pyt.Size([2, 4, 8, 16])
    """
    for name, t in (("query", query), ("key", key), ("value", value)):
        if not isinstance(t, pyt.Tensor):
            raise TypeError(f"scaled_dot_product_attention(): argument '{name}' must be Tensor, not {type(t).__name__}")
    return _C._nn.scaled_dot_product_attention(
        query, key, value, attn_mask, float(dropout_p), bool(is_causal), scale, bool(enable_gqa)
    )


def multi_head_attention_forward(*args, **kwargs):
    """Placeholder replaced below (kept so the name exists while the module loads)."""
    raise NotImplementedError
