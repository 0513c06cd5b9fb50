"""``MultiheadAttention`` (torch/nn/modules/activation.py's MultiheadAttention)."""

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.linear import Linear
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["MultiheadAttention", "NonDynamicallyQuantizableLinear"]


class NonDynamicallyQuantizableLinear(Linear):
    """A ``Linear`` under torch's name for MultiheadAttention's ``out_proj`` (same maths).

    Args:
        in_features, out_features, bias, device, dtype: as ``Linear``.

    Returns:
        NonDynamicallyQuantizableLinear.

    Raises:
        As ``Linear``.

    Source: ``torch.nn.modules.linear.NonDynamicallyQuantizableLinear``.

    Example::

        >>> NonDynamicallyQuantizableLinear(4, 4)(pyt.ones(1, 4)).shape
        pyt.Size([1, 4])
    """


class MultiheadAttention(Module):
    r"""Multi-head attention: ``Concat(head_1..head_h) W_o``, ``head_i = Attention(Q W_q^i, K W_k^i, V W_v^i)``.

    Parameters as torch: ``in_proj_weight`` ``(3E, E)`` (xavier_uniform) when key and value
    have ``embed_dim`` features, else ``q_proj_weight`` ``(E, E)``, ``k_proj_weight``
    ``(E, kdim)``, ``v_proj_weight`` ``(E, vdim)``; ``in_proj_bias`` ``(3E,)`` (zeros);
    ``out_proj`` (Linear E -> E, bias zeros); ``bias_k``, ``bias_v`` ``(1, 1, E)``
    (xavier_normal) with ``add_bias_kv``.

    Args:
        embed_dim (int): ``E``; num_heads (int): heads, dividing ``E``.
        dropout (float): dropout on the attention weights. Default 0.
        bias (bool): input/output projection biases. Default True.
        add_bias_kv (bool): learn an extra key and value. Default False.
        add_zero_attn (bool): append a zero key and value. Default False.
        kdim, vdim (int, optional): features of key and value (default ``E``).
        batch_first (bool): inputs/outputs ``(N, L, E)`` instead of ``(L, N, E)``.
        device, dtype: for the parameters.

    Shapes (forward): query ``(L, N, E)``, key ``(S, N, kdim)``, value ``(S, N, vdim)``
    (or batch first, or unbatched ``(L, E)``); key_padding_mask ``(N, S)``; attn_mask
    ``(L, S)`` or ``(N * num_heads, L, S)``. Returns ``(attn_output, attn_weights)``.

    Raises:
        ValueError: non-positive embed_dim or num_heads.
        AssertionError: embed_dim not divisible by num_heads; mismatched input shapes.

    Source: ``torch.nn.MultiheadAttention``.

    Example::

        >>> mha = pyt.nn.MultiheadAttention(16, 4, batch_first=True)
        >>> x = pyt.randn(2, 5, 16)
        >>> out, w = mha(x, x, x)
        >>> out.shape, w.shape
        (pyt.Size([2, 5, 16]), pyt.Size([2, 5, 5]))
    """

    __constants__ = ["batch_first"]

    def __init__(
        self,
        embed_dim,
        num_heads,
        dropout=0.0,
        bias=True,
        add_bias_kv=False,
        add_zero_attn=False,
        kdim=None,
        vdim=None,
        batch_first=False,
        device=None,
        dtype=None,
    ):
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(
                f"embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} and "
                f"num_heads={num_heads} instead"
            )
        super().__init__()
        factory = {"dtype": dtype if dtype is not None else pyt.get_default_dtype()}
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        assert self.head_dim * num_heads == self.embed_dim, "embed_dim must be divisible by num_heads"
        if not self._qkv_same_embed_dim:
            self.q_proj_weight = Parameter(pyt.empty(embed_dim, embed_dim, **factory))
            self.k_proj_weight = Parameter(pyt.empty(embed_dim, self.kdim, **factory))
            self.v_proj_weight = Parameter(pyt.empty(embed_dim, self.vdim, **factory))
            self.register_parameter("in_proj_weight", None)
        else:
            self.in_proj_weight = Parameter(pyt.empty(3 * embed_dim, embed_dim, **factory))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(pyt.empty(3 * embed_dim, **factory))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, dtype=factory["dtype"])
        if add_bias_kv:
            self.bias_k = Parameter(pyt.empty(1, 1, embed_dim, **factory))
            self.bias_v = Parameter(pyt.empty(1, 1, embed_dim, **factory))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self):
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def forward(
        self,
        query,
        key,
        value,
        key_padding_mask=None,
        need_weights=True,
        attn_mask=None,
        average_attn_weights=True,
        is_causal=False,
    ):
        """Attend from query to key/value.

        Args:
            query, key, value (Tensor): see the class docstring.
            key_padding_mask (Tensor, optional): ``(N, S)``, bool True (or float added) = ignore.
            need_weights (bool): also return the attention weights. Default True.
            attn_mask (Tensor, optional): ``(L, S)`` or ``(N * num_heads, L, S)``; bool True = masked.
            average_attn_weights (bool): average the weights over heads. Default True.
            is_causal (bool): hint that attn_mask is the causal mask.

        Returns:
            tuple: ``(attn_output, attn_weights or None)``; output like query (with E
            features), weights ``(N, L, S)`` or ``(N, num_heads, L, S)``.

        Raises:
            AssertionError, RuntimeError: mismatched shapes or masks.

        Source: ``torch.nn.MultiheadAttention.forward``.

        Example::

            >>> m = pyt.nn.MultiheadAttention(8, 2)
            >>> x = pyt.randn(3, 1, 8)
            >>> m(x, x, x, need_weights=False)[1] is None
            True
        """
        is_batched = query.dim() == 3
        if self.batch_first and is_batched:
            if key is value:
                if query is key:
                    query = key = value = query.transpose(1, 0)
                else:
                    query, key = (x.transpose(1, 0) for x in (query, key))
                    value = key
            else:
                query, key, value = (x.transpose(1, 0) for x in (query, key, value))
        common = dict(
            training=self.training,
            key_padding_mask=key_padding_mask,
            need_weights=need_weights,
            attn_mask=attn_mask,
            average_attn_weights=average_attn_weights,
            is_causal=is_causal,
        )
        if not self._qkv_same_embed_dim:
            out, weights = F.multi_head_attention_forward(
                query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight, self.in_proj_bias,
                self.bias_k, self.bias_v, self.add_zero_attn, self.dropout, self.out_proj.weight,
                self.out_proj.bias, use_separate_proj_weight=True, q_proj_weight=self.q_proj_weight,
                k_proj_weight=self.k_proj_weight, v_proj_weight=self.v_proj_weight, **common,
            )
        else:
            out, weights = F.multi_head_attention_forward(
                query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight, self.in_proj_bias,
                self.bias_k, self.bias_v, self.add_zero_attn, self.dropout, self.out_proj.weight,
                self.out_proj.bias, **common,
            )
        if self.batch_first and is_batched:
            return out.transpose(1, 0), weights
        return out, weights
