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



def _canonical_mask(mask, mask_name, target_type):
    """A bool mask (True = masked out) becomes a float mask of 0 / -inf; float masks pass."""
    if mask is None:
        return None
    if mask.dtype == pyt.bool:
        return pyt.zeros(tuple(mask.shape), dtype=target_type).masked_fill(mask, float("-inf"))
    if not mask.is_floating_point():
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    return mask


def _pad_last(t, value=0.0):
    """t with one more column (value) on its last dim."""
    return pyt.cat([t, pyt.full((*t.shape[:-1], 1), value, dtype=t.dtype)], -1)


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found "
                f"{key_padding_mask.dim()}-D tensor instead"
            )
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError(
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found "
                f"{attn_mask.dim()}-D tensor instead"
            )
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but found "
                f"{key_padding_mask.dim()}-D tensor instead"
            )
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError(
                    "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found "
                    f"{attn_mask.dim()}-D tensor instead"
                )
            if attn_mask.dim() == 3:
                expected = (num_heads, query.shape[0], key.shape[0])
                if tuple(attn_mask.shape) != expected:
                    raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got {tuple(attn_mask.shape)}")
        return False
    raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received {query.dim()}-D query tensor")


def multi_head_attention_forward(
    query,
    key,
    value,
    embed_dim_to_check,
    num_heads,
    in_proj_weight,
    in_proj_bias,
    bias_k,
    bias_v,
    add_zero_attn,
    dropout_p,
    out_proj_weight,
    out_proj_bias,
    training=True,
    key_padding_mask=None,
    need_weights=True,
    attn_mask=None,
    use_separate_proj_weight=False,
    q_proj_weight=None,
    k_proj_weight=None,
    v_proj_weight=None,
    static_k=None,
    static_v=None,
    average_attn_weights=True,
    is_causal=False,
):
    r"""Multi-head attention on sequence-first inputs (the computation of nn.MultiheadAttention).

    Projects query/key/value with ``in_proj_weight`` (``(3E, E)``, or the separate
    ``q/k/v_proj_weight`` when ``use_separate_proj_weight``), splits ``E`` into ``num_heads``
    heads, attends (``scaled_dot_product_attention``, or explicitly when ``need_weights``),
    and applies the output projection.

    Args:
        query (Tensor): ``(L, N, E)`` or unbatched ``(L, E)``.
        key, value (Tensor): ``(S, N, E_k)``, ``(S, N, E_v)`` (or unbatched).
        embed_dim_to_check (int): must equal ``E``.
        num_heads (int): heads; ``E`` must be divisible by it.
        in_proj_weight, in_proj_bias (Tensor or None): ``(3E, E)``, ``(3E,)``.
        bias_k, bias_v (Tensor or None): ``(1, 1, E)`` extra key/value appended to the sequence.
        add_zero_attn (bool): append a zero key/value.
        dropout_p (float): dropout on the attention weights (training only).
        out_proj_weight, out_proj_bias (Tensor): ``(E, E)``, ``(E,)``.
        training (bool): apply dropout.
        key_padding_mask (Tensor, optional): ``(N, S)``; bool True / float added = ignore key.
        need_weights (bool): also return the attention weights.
        attn_mask (Tensor, optional): ``(L, S)`` or ``(N * num_heads, L, S)``; bool True = masked.
        use_separate_proj_weight (bool), q_proj_weight, k_proj_weight, v_proj_weight: separate
            input projections (``(E, E)``, ``(E, E_k)``, ``(E, E_v)``).
        static_k, static_v (Tensor, optional): ``(N * num_heads, S, E / num_heads)`` projected
            keys/values used as they are.
        average_attn_weights (bool): average the returned weights over heads.
        is_causal (bool): a hint that attn_mask is the causal mask (attn_mask still required).

    Returns:
        tuple: ``(attn_output (L, N, E), attn_weights)``; weights ``(N, L, S)`` averaged, or
        ``(N, num_heads, L, S)``, or None when ``need_weights`` is False.

    Raises:
        AssertionError: shapes that do not fit (as torch).
        RuntimeError: bad mask shapes, or is_causal without attn_mask.

    Source: ``torch.nn.functional.multi_head_attention_forward``.

    Example::

        >>> x = pyt.randn(5, 2, 8)
        >>> m = pyt.nn.MultiheadAttention(8, 2)
        >>> F.multi_head_attention_forward(x, x, x, 8, 2, m.in_proj_weight, m.in_proj_bias, None, None,
        ...     False, 0.0, m.out_proj.weight, m.out_proj.bias)[0].shape
        pyt.Size([5, 2, 8])
    """
    from pyt.nn import functional as F

    is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not is_batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer module method "
            "`generate_square_subsequent_mask` to create this mask."
        )
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # the kernel's own causal mask
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", query.dtype)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if tuple(key.shape[:2]) != tuple(value.shape[:2]):
            raise AssertionError(
                f"key's sequence and batch dims {tuple(key.shape[:2])} do not match value's {tuple(value.shape[:2])}"
            )
    elif tuple(key.shape) != tuple(value.shape):
        raise AssertionError(f"key shape {tuple(key.shape)} does not match value shape {tuple(value.shape)}")

    # ---- input projections
    if not use_separate_proj_weight:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        E = embed_dim
        if key is value and query is key:
            proj = F.linear(query, in_proj_weight, in_proj_bias)
            q, k, v = proj.chunk(3, -1)
        elif key is value:
            w_q, w_kv = in_proj_weight.split([E, 2 * E])
            b_q, b_kv = in_proj_bias.split([E, 2 * E]) if in_proj_bias is not None else (None, None)
            q = F.linear(query, w_q, b_q)
            k, v = F.linear(key, w_kv, b_kv).chunk(2, -1)
        else:
            w_q, w_k, w_v = in_proj_weight.chunk(3)
            b_q, b_k, b_v = in_proj_bias.chunk(3) if in_proj_bias is not None else (None, None, None)
            q, k, v = F.linear(query, w_q, b_q), F.linear(key, w_k, b_k), F.linear(value, w_v, b_v)
    else:
        if q_proj_weight is None or k_proj_weight is None or v_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but q_proj_weight, k_proj_weight or v_proj_weight is None")
        b_q, b_k, b_v = in_proj_bias.chunk(3) if in_proj_bias is not None else (None, None, None)
        q, k, v = F.linear(query, q_proj_weight, b_q), F.linear(key, k_proj_weight, b_k), F.linear(value, v_proj_weight, b_v)

    # ---- masks
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(
                    f"The shape of the 2D attn_mask is {_shape(attn_mask)}, but should be {(tgt_len, src_len)}."
                )
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask.dim() == 3:
            if tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
                raise RuntimeError(
                    f"The shape of the 3D attn_mask is {_shape(attn_mask)}, but should be "
                    f"{(bsz * num_heads, tgt_len, src_len)}."
                )
        else:
            raise RuntimeError(f"attn_mask's dimension {attn_mask.dim()} is not supported")
    if bias_k is not None and bias_v is not None:
        if static_k is not None or static_v is not None:
            raise AssertionError("bias cannot be added to static key/value.")
        k = pyt.cat([k, bias_k.repeat(1, bsz, 1)])
        v = pyt.cat([v, bias_v.repeat(1, bsz, 1)])
        if attn_mask is not None:
            attn_mask = _pad_last(attn_mask)
        if key_padding_mask is not None:
            key_padding_mask = _pad_last(key_padding_mask)
    elif (bias_k is None) != (bias_v is None):
        raise AssertionError("bias_k and bias_v must both be given or both be None")

    # ---- heads: (bsz * num_heads, len, head_dim)
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    if static_k is None:
        k = k.reshape(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    else:
        if tuple(static_k.shape[::2]) != (bsz * num_heads, head_dim):
            raise AssertionError(
                f"expecting static_k of shape ({bsz * num_heads}, S, {head_dim}), but got {tuple(static_k.shape)}"
            )
        k = static_k
    if static_v is None:
        v = v.reshape(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    else:
        if tuple(static_v.shape[::2]) != (bsz * num_heads, head_dim):
            raise AssertionError(
                f"expecting static_v of shape ({bsz * num_heads}, S, {head_dim}), but got {tuple(static_v.shape)}"
            )
        v = static_v
    if add_zero_attn:
        k = pyt.cat([k, pyt.zeros((bsz * num_heads, 1, head_dim), dtype=k.dtype)], 1)
        v = pyt.cat([v, pyt.zeros((bsz * num_heads, 1, head_dim), dtype=v.dtype)], 1)
        if attn_mask is not None:
            attn_mask = _pad_last(attn_mask)
        if key_padding_mask is not None:
            key_padding_mask = _pad_last(key_padding_mask)
    src_len = k.shape[1]
    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (bsz, src_len):
            raise AssertionError(
                f"expecting key_padding_mask shape of {(bsz, src_len)}, but got {tuple(key_padding_mask.shape)}"
            )
        kpm = key_padding_mask.reshape(bsz, 1, 1, src_len).expand(bsz, num_heads, 1, src_len)
        kpm = kpm.reshape(bsz * num_heads, 1, src_len)
        attn_mask = kpm if attn_mask is None else attn_mask + kpm
    if not training:
        dropout_p = 0.0

    if need_weights:
        if is_causal and attn_mask is None:
            raise RuntimeError("multi_head_attention_forward: is_causal with need_weights needs attn_mask")
        q_scaled = q * math.sqrt(1.0 / head_dim)
        scores = pyt.bmm(q_scaled, k.transpose(-2, -1))
        if attn_mask is not None:
            scores = attn_mask + scores
        weights = F.softmax(scores, dim=-1)
        if dropout_p > 0.0:
            weights = F.dropout(weights, p=dropout_p)
        out = pyt.bmm(weights, v)
        out = out.transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = F.linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, embed_dim)
        weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        if not is_batched:
            out = out.squeeze(1)
            weights = weights.squeeze(0)
        return out, weights

    if attn_mask is not None:
        if attn_mask.shape[0] == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.reshape(bsz, num_heads, -1, src_len)
    q = q.reshape(bsz, num_heads, tgt_len, head_dim)
    k = k.reshape(bsz, num_heads, src_len, head_dim)
    v = v.reshape(bsz, num_heads, src_len, head_dim)
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    out = F.linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, embed_dim)
    if not is_batched:
        out = out.squeeze(1)
    return out, None


def _shape(t):
    return repr(t.shape)
