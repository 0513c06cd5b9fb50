"""Transformer layers: ``TransformerEncoderLayer``, ``TransformerEncoder``,
``TransformerDecoderLayer``, ``TransformerDecoder`` and ``Transformer``
(torch/nn/modules/transformer.py), with torch's submodule names (``self_attn``, ``linear1``,
``dropout``, ``linear2``, ``norm1``, ...), defaults and initialisation, so torch state_dicts
load. Attention runs through ``MultiheadAttention`` (the fused scaled_dot_product_attention);
the layer norms are ``pyt.nn.LayerNorm`` and the ``'gelu'`` activation ``F.gelu``.
"""

import copy
import warnings

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.attention import MultiheadAttention
from pyt.nn.modules.container import ModuleList
from pyt.nn.modules.dropout import Dropout
from pyt.nn.modules.linear import Linear
from pyt.nn.modules.module import Module

__all__ = [
    "Transformer",
    "TransformerEncoder",
    "TransformerDecoder",
    "TransformerEncoderLayer",
    "TransformerDecoderLayer",
]


def _layer_norm(d_model, eps, bias, dtype):
    import pyt.nn as nn

    return nn.LayerNorm(d_model, eps=eps, bias=bias, dtype=dtype)


def _get_activation_fn(activation):
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    raise RuntimeError(f"activation should be relu/gelu, not {activation}")


def _get_clones(module, n):
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


def _canonical_mask(mask, mask_name, target_type):
    if mask is None:
        return None
    if mask.dtype == pyt.bool:
        return pyt.zeros(tuple(mask.shape), dtype=target_type).masked_fill(mask, float("-inf"))
    if not mask.is_floating_point():
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    return mask


def _generate_square_subsequent_mask(sz, dtype=None):
    dtype = dtype if dtype is not None else pyt.get_default_dtype()
    return pyt.triu(pyt.full((sz, sz), float("-inf"), dtype=dtype), diagonal=1)


def _get_seq_len(src, batch_first):
    if src.dim() == 2:
        return src.shape[0]
    return src.shape[1 if batch_first else 0]


def _detect_is_causal_mask(mask, is_causal=None, size=None):
    """True when is_causal is True, or is None and mask equals the causal mask."""
    make_causal = is_causal is True
    if is_causal is None and mask is not None:
        sz = size if size is not None else mask.shape[-2]
        causal = _generate_square_subsequent_mask(sz, dtype=mask.dtype)
        if tuple(mask.shape) == tuple(causal.shape):
            make_causal = bool((mask == causal).all())
        else:
            make_causal = False
    return make_causal


class TransformerEncoderLayer(Module):
    r"""Self-attention then a feed-forward network, each with residual, dropout and LayerNorm.

    ``norm_first=False`` (post-norm): ``x = norm1(x + SA(x)); x = norm2(x + FF(x))``;
    ``norm_first=True``: ``x = x + SA(norm1(x)); x = x + FF(norm2(x))``, with
    ``FF(x) = linear2(dropout(activation(linear1(x))))``.

    Args:
        d_model (int): features; nhead (int): attention heads.
        dim_feedforward (int): hidden size of the feed-forward network. Default 2048.
        dropout (float): Default 0.1.
        activation (str or callable): ``'relu'`` (default), ``'gelu'`` or a callable.
        layer_norm_eps (float): Default 1e-5.
        batch_first (bool): ``(N, S, E)`` instead of ``(S, N, E)``. Default False.
        norm_first (bool): pre-norm. Default False.
        bias (bool): biases in the linear layers and layer norms. Default True.
        device, dtype: for the parameters.

    Shapes: src ``(S, N, E)`` / ``(N, S, E)`` / ``(S, E)``; src_mask ``(S, S)`` or
    ``(N * nhead, S, S)``; src_key_padding_mask ``(N, S)``. Returns src's shape.

    Raises:
        RuntimeError: an unknown activation name; shape errors from the sublayers.

    Source: ``torch.nn.TransformerEncoderLayer``.

    Example::

        >>> layer = pyt.nn.TransformerEncoderLayer(d_model=16, nhead=4, batch_first=True)
        >>> layer(pyt.randn(2, 5, 16)).shape
        pyt.Size([2, 5, 16])
    """

    __constants__ = ["norm_first"]

    def __init__(
        self,
        d_model,
        nhead,
        dim_feedforward=2048,
        dropout=0.1,
        activation=F.relu,
        layer_norm_eps=1e-5,
        batch_first=False,
        norm_first=False,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = _layer_norm(d_model, layer_norm_eps, bias, dtype)
        self.norm2 = _layer_norm(d_model, layer_norm_eps, bias, dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            activation = _get_activation_fn(activation)
        # torch's flag for its fast paths: 1 relu, 2 gelu, 0 another activation
        if activation is F.relu or isinstance(activation, pyt.nn.ReLU):
            self.activation_relu_or_gelu = 1
        elif activation is F.gelu or isinstance(activation, pyt.nn.GELU):
            self.activation_relu_or_gelu = 2
        else:
            self.activation_relu_or_gelu = 0
        self.activation = activation

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        """Run the layer.

        Args:
            src (Tensor): the sequence.
            src_mask (Tensor, optional): attention mask (bool True = masked, or float added).
            src_key_padding_mask (Tensor, optional): ``(N, S)`` keys to ignore.
            is_causal (bool): hint that src_mask is the causal mask.

        Returns:
            Tensor: like src.

        Raises:
            RuntimeError, AssertionError: shape errors.

        Source: ``torch.nn.TransformerEncoderLayer.forward``.

        Example::

            >>> pyt.nn.TransformerEncoderLayer(8, 2)(pyt.randn(3, 1, 8)).shape
            pyt.Size([3, 1, 8])
        """
        src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask", src.dtype)
        src_mask = _canonical_mask(src_mask, "src_mask", src.dtype)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal=is_causal)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal=is_causal))
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        x = self.self_attn(
            x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False, is_causal=is_causal
        )[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout2(x)


class TransformerDecoderLayer(Module):
    r"""Self-attention, attention over the encoder's memory, then a feed-forward network,
    each with residual, dropout and LayerNorm (``norm1``, ``norm2``, ``norm3``).

    Args:
        d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu'|'gelu'|callable,
        layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True, device, dtype
        (as ``TransformerEncoderLayer``).

    Shapes: tgt ``(T, N, E)``, memory ``(S, N, E)`` (or batch first / unbatched);
    tgt_mask ``(T, T)``, memory_mask ``(T, S)``; padding masks ``(N, T)``, ``(N, S)``.
    Returns tgt's shape.

    Raises:
        RuntimeError: an unknown activation name; shape errors from the sublayers.

    Source: ``torch.nn.TransformerDecoderLayer``.

    Example::

        >>> layer = pyt.nn.TransformerDecoderLayer(d_model=16, nhead=4)
        >>> layer(pyt.randn(4, 2, 16), pyt.randn(6, 2, 16)).shape
        pyt.Size([4, 2, 16])
    """

    __constants__ = ["norm_first"]

    def __init__(
        self,
        d_model,
        nhead,
        dim_feedforward=2048,
        dropout=0.1,
        activation=F.relu,
        layer_norm_eps=1e-5,
        batch_first=False,
        norm_first=False,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first, bias=bias, dtype=dtype)
        self.multihead_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, batch_first=batch_first, bias=bias, dtype=dtype
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = _layer_norm(d_model, layer_norm_eps, bias, dtype)
        self.norm2 = _layer_norm(d_model, layer_norm_eps, bias, dtype)
        self.norm3 = _layer_norm(d_model, layer_norm_eps, bias, dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        if isinstance(activation, str):
            activation = _get_activation_fn(activation)
        self.activation = activation

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=False,
        memory_is_causal=False,
    ):
        """Run the layer.

        Args:
            tgt (Tensor): the target sequence; memory (Tensor): the encoder's output.
            tgt_mask, memory_mask (Tensor, optional): attention masks.
            tgt_key_padding_mask, memory_key_padding_mask (Tensor, optional): padding masks.
            tgt_is_causal, memory_is_causal (bool): hints that the masks are causal.

        Returns:
            Tensor: like tgt.

        Raises:
            RuntimeError, AssertionError: shape errors.

        Source: ``torch.nn.TransformerDecoderLayer.forward``.

        Example::

            >>> pyt.nn.TransformerDecoderLayer(8, 2)(pyt.randn(3, 8), pyt.randn(5, 8)).shape
            pyt.Size([3, 8])
        """
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal)
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
            x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal))
            x = self.norm3(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        x = self.self_attn(
            x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, is_causal=is_causal, need_weights=False
        )[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask, is_causal=False):
        x = self.multihead_attn(
            x, mem, mem, attn_mask=attn_mask, key_padding_mask=key_padding_mask, is_causal=is_causal,
            need_weights=False,
        )[0]
        return self.dropout2(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout3(x)


def _sparsity_fast_path_blocker(encoder_layer):
    """Why torch's TransformerEncoder cannot use its nested-tensor path with this layer ("" when
    it can): torch.nn.TransformerEncoder.__init__'s checks and messages."""
    enc_layer = "encoder_layer"
    if not isinstance(encoder_layer, TransformerEncoderLayer):
        return f"{enc_layer} was not TransformerEncoderLayer"
    attn = encoder_layer.self_attn
    if encoder_layer.norm_first:
        return f"{enc_layer}.norm_first was True"
    if not attn.batch_first:
        return (
            f"{enc_layer}.self_attn.batch_first was not True"
            + "(use batch_first for better inference performance)"
        )
    if not attn._qkv_same_embed_dim:
        return f"{enc_layer}.self_attn._qkv_same_embed_dim was not True"
    if attn.in_proj_bias is None:
        return f"{enc_layer}.self_attn was passed bias=False"
    if not getattr(encoder_layer, "activation_relu_or_gelu", 0):
        return f"{enc_layer}.activation_relu_or_gelu was not True"
    if encoder_layer.norm1.eps != encoder_layer.norm2.eps:
        return f"{enc_layer}.norm1.eps was not equal to {enc_layer}.norm2.eps"
    if attn.num_heads % 2 == 1:
        return f"{enc_layer}.self_attn.num_heads is odd"
    return ""


class TransformerEncoder(Module):
    """A stack of ``num_layers`` copies of an encoder layer (``layers.0`` ...), then ``norm``.

    Args:
        encoder_layer (TransformerEncoderLayer): the layer to copy (deep copies).
        num_layers (int): copies.
        norm (Module, optional): applied to the output.
        enable_nested_tensor (bool): as torch, allow the "sparsity fast path": when the layer
            qualifies (``_sparsity_fast_path_blocker``; otherwise a warning and
            ``use_nested_tensor = False``, as torch) and a forward qualifies (eval mode, no
            grad needed, batched input, a ``src_key_padding_mask`` and no ``mask``), the
            padded positions of the output (before ``norm``) are exactly 0, as torch's
            nested-tensor computation returns them; each sequence is its first
            ``(~src_key_padding_mask).sum()`` positions. Default ``True``.
        mask_check (bool): with the fast path, take it only when every row of
            ``src_key_padding_mask`` pads a suffix (as torch). Default ``True``.

    Shapes: as ``TransformerEncoderLayer``.

    Raises:
        As the layers.

    Source: ``torch.nn.TransformerEncoder``.

    Example::

        >>> layer = pyt.nn.TransformerEncoderLayer(8, 2)
        >>> pyt.nn.TransformerEncoder(layer, num_layers=2)(pyt.randn(3, 1, 8)).shape
        pyt.Size([3, 1, 8])
    """

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        super().__init__()
        self.layers = _get_clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check
        why_not = _sparsity_fast_path_blocker(encoder_layer)
        if enable_nested_tensor and why_not:
            warnings.warn(
                f"enable_nested_tensor is True, but self.use_nested_tensor is False because {why_not}",
                stacklevel=2,
            )
            self.use_nested_tensor = False

    def _padding_for_fast_path(self, src, mask, src_key_padding_mask):
        """The ``(N, S)`` bool padding of torch's nested-tensor path (True: padded), or None
        when torch would not take it (torch.nn.TransformerEncoder.forward's
        ``why_not_sparsity_fast_path`` checks that apply to CPU tensors)."""
        if not getattr(self, "use_nested_tensor", False) or len(self.layers) == 0:
            return None
        first = self.layers[0]
        if first.training or src.dim() != 3 or src_key_padding_mask is None or mask is not None:
            return None
        kept = src_key_padding_mask == 0  # torch: src_key_padding_mask.logical_not()
        if getattr(self, "mask_check", True) and bool((kept[:, 1:] > kept[:, :-1]).any()):
            return None  # not left aligned
        if pyt.is_grad_enabled():
            attn = first.self_attn
            tensors = (
                src,
                attn.in_proj_weight,
                attn.in_proj_bias,
                attn.out_proj.weight,
                attn.out_proj.bias,
                first.norm1.weight,
                first.norm1.bias,
                first.norm2.weight,
                first.norm2.bias,
                first.linear1.weight,
                first.linear1.bias,
                first.linear2.weight,
                first.linear2.bias,
            )
            if any(t is not None and t.requires_grad for t in tensors):
                return None
        # each sequence is its first `length` positions (torch's _nested_tensor_from_mask)
        lengths = kept.sum(1)
        return pyt.arange(src.shape[1]).unsqueeze(0) >= lengths.unsqueeze(1)

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        """Run every layer in turn.

        Args:
            src (Tensor): the sequence.
            mask (Tensor, optional): attention mask.
            src_key_padding_mask (Tensor, optional): ``(N, S)`` keys to ignore.
            is_causal (bool, optional): whether mask is the causal mask (None: detect it).

        Returns:
            Tensor: like src.

        Raises:
            As the layers.

        Source: ``torch.nn.TransformerEncoder.forward``.

        Example::

            >>> enc = pyt.nn.TransformerEncoder(pyt.nn.TransformerEncoderLayer(8, 2), 1)
            >>> enc(pyt.randn(3, 8)).shape
            pyt.Size([3, 8])
        """
        src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask", src.dtype)
        mask = _canonical_mask(mask, "mask", src.dtype)
        batch_first = self.layers[0].self_attn.batch_first if len(self.layers) else False
        is_causal = _detect_is_causal_mask(mask, is_causal, _get_seq_len(src, batch_first))
        padding = self._padding_for_fast_path(src, mask, src_key_padding_mask)
        if padding is not None:
            src_key_padding_mask = _canonical_mask(padding, "src_key_padding_mask", src.dtype)
            padding = padding.unsqueeze(-1)
        output = src
        for mod in self.layers:
            output = mod(output, src_mask=mask, is_causal=is_causal, src_key_padding_mask=src_key_padding_mask)
            if padding is not None:  # the nested path has no padded positions: 0 when padded back
                output = output.masked_fill(padding, 0.0)
        if self.norm is not None:
            output = self.norm(output)
        return output


class TransformerDecoder(Module):
    """A stack of ``num_layers`` copies of a decoder layer (``layers.0`` ...), then ``norm``.

    Args:
        decoder_layer (TransformerDecoderLayer): the layer to copy (deep copies).
        num_layers (int): copies.
        norm (Module, optional): applied to the output.

    Shapes: as ``TransformerDecoderLayer``.

    Raises:
        As the layers.

    Source: ``torch.nn.TransformerDecoder``.

    Example::

        >>> dec = pyt.nn.TransformerDecoder(pyt.nn.TransformerDecoderLayer(8, 2), 2)
        >>> dec(pyt.randn(3, 1, 8), pyt.randn(4, 1, 8)).shape
        pyt.Size([3, 1, 8])
    """

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _get_clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=None,
        memory_is_causal=False,
    ):
        """Run every layer in turn over tgt, attending to memory.

        Args:
            tgt, memory (Tensor): target sequence and encoder output.
            tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask: masks.
            tgt_is_causal (bool, optional): whether tgt_mask is causal (None: detect it).
            memory_is_causal (bool): hint for memory_mask.

        Returns:
            Tensor: like tgt.

        Raises:
            As the layers.

        Source: ``torch.nn.TransformerDecoder.forward``.

        Example::

            >>> dec = pyt.nn.TransformerDecoder(pyt.nn.TransformerDecoderLayer(8, 2), 1)
            >>> dec(pyt.randn(3, 8), pyt.randn(4, 8)).shape
            pyt.Size([3, 8])
        """
        output = tgt
        batch_first = self.layers[0].self_attn.batch_first if len(self.layers) else False
        tgt_is_causal = _detect_is_causal_mask(tgt_mask, tgt_is_causal, _get_seq_len(tgt, batch_first))
        for mod in self.layers:
            output = mod(
                output,
                memory,
                tgt_mask=tgt_mask,
                memory_mask=memory_mask,
                tgt_key_padding_mask=tgt_key_padding_mask,
                memory_key_padding_mask=memory_key_padding_mask,
                tgt_is_causal=tgt_is_causal,
                memory_is_causal=memory_is_causal,
            )
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    r"""The encoder-decoder Transformer of "Attention Is All You Need" (Vaswani et al., 2017).

    ``encoder`` = TransformerEncoder(num_encoder_layers layers, final LayerNorm),
    ``decoder`` = TransformerDecoder(num_decoder_layers layers, final LayerNorm); every
    parameter with more than one dim is re-drawn with ``xavier_uniform_``, as torch.

    Args:
        d_model (int): Default 512. nhead (int): Default 8.
        num_encoder_layers, num_decoder_layers (int): Default 6 each.
        dim_feedforward (int): Default 2048. dropout (float): Default 0.1.
        activation (str or callable): ``'relu'`` (default) or ``'gelu'`` or a callable.
        custom_encoder, custom_decoder (Module, optional): used instead of the defaults.
        layer_norm_eps (float): Default 1e-5. batch_first (bool): Default False.
        norm_first (bool): Default False. bias (bool): Default True. device, dtype.

    Shapes: src ``(S, N, E)``, tgt ``(T, N, E)`` (or batch first / unbatched); returns
    ``(T, N, E)``.

    Raises:
        RuntimeError: "the batch number of src and tgt must be equal", "the feature number of
            src and tgt must be equal to d_model".

    Source: ``torch.nn.Transformer``.

    Example::

        >>> model = pyt.nn.Transformer(d_model=16, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
        ...                            dim_feedforward=32)
        >>> model(pyt.randn(5, 2, 16), pyt.randn(3, 2, 16)).shape
        pyt.Size([3, 2, 16])
    """

    def __init__(
        self,
        d_model=512,
        nhead=8,
        num_encoder_layers=6,
        num_decoder_layers=6,
        dim_feedforward=2048,
        dropout=0.1,
        activation=F.relu,
        custom_encoder=None,
        custom_decoder=None,
        layer_norm_eps=1e-5,
        batch_first=False,
        norm_first=False,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            enc_layer = TransformerEncoderLayer(
                d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first,
                bias, dtype=dtype,
            )
            self.encoder = TransformerEncoder(
                enc_layer, num_encoder_layers, _layer_norm(d_model, layer_norm_eps, bias, dtype)
            )
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            dec_layer = TransformerDecoderLayer(
                d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first,
                bias, dtype=dtype,
            )
            self.decoder = TransformerDecoder(
                dec_layer, num_decoder_layers, _layer_norm(d_model, layer_norm_eps, bias, dtype)
            )
        self._reset_parameters()
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(
        self,
        src,
        tgt,
        src_mask=None,
        tgt_mask=None,
        memory_mask=None,
        src_key_padding_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        src_is_causal=None,
        tgt_is_causal=None,
        memory_is_causal=False,
    ):
        """Encode src, then decode tgt attending to the encoding.

        Args:
            src, tgt (Tensor): source and target sequences.
            src_mask, tgt_mask, memory_mask (Tensor, optional): attention masks.
            src_key_padding_mask, tgt_key_padding_mask, memory_key_padding_mask: padding masks.
            src_is_causal, tgt_is_causal, memory_is_causal: causal hints.

        Returns:
            Tensor: ``(T, N, E)`` (or batch first / unbatched).

        Raises:
            RuntimeError: see the class docstring.

        Source: ``torch.nn.Transformer.forward``.

        Example::

            >>> m = pyt.nn.Transformer(8, 2, 1, 1, 16)
            >>> m(pyt.randn(4, 8), pyt.randn(3, 8)).shape
            pyt.Size([3, 8])
        """
        is_batched = src.dim() == 3
        if not self.batch_first and src.shape[1] != tgt.shape[1] and is_batched:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if self.batch_first and src.shape[0] != tgt.shape[0] and is_batched:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, is_causal=src_is_causal)
        return self.decoder(
            tgt,
            memory,
            tgt_mask=tgt_mask,
            memory_mask=memory_mask,
            tgt_key_padding_mask=tgt_key_padding_mask,
            memory_key_padding_mask=memory_key_padding_mask,
            tgt_is_causal=tgt_is_causal,
            memory_is_causal=memory_is_causal,
        )

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        """The causal mask: ``(sz, sz)`` float, ``-inf`` above the diagonal, 0 elsewhere.

        Args:
            sz (int): sequence length.
            device: accepted for torch compatibility (CPU).
            dtype (pyt.dtype, optional): default the default dtype.

        Returns:
            Tensor: ``(sz, sz)``.

        Raises:
            Nothing.

        Source: ``torch.nn.Transformer.generate_square_subsequent_mask``.

        Example::

            >>> pyt.nn.Transformer.generate_square_subsequent_mask(2)
            tensor([[0., -inf],
                    [0., 0.]])
        """
        return _generate_square_subsequent_mask(sz, dtype=dtype)

    def _reset_parameters(self):
        for p in self.parameters():
            if p.dim() > 1:
                init.xavier_uniform_(p)
