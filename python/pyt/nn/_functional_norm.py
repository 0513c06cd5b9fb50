"""Normalisation functions of ``pyt.nn.functional`` (torch/nn/functional.py).

``layer_norm``, ``batch_norm``, ``group_norm`` and ``rms_norm`` are fused C++ kernels with
fused backward (``pyt._C._nn``); ``instance_norm`` runs ``batch_norm`` over the input viewed
as one sample of ``N * C`` channels, as torch does. Re-exported from ``pyt.nn.functional``.
"""

import warnings

import pyt
from pyt import _C

__all__ = [
    "layer_norm",
    "batch_norm",
    "group_norm",
    "instance_norm",
    "rms_norm",
    "normalize",
    "local_response_norm",
    "embedding",
    "embedding_bag",
    "one_hot",
    "dropout1d",
    "dropout2d",
    "dropout3d",
    "alpha_dropout",
    "feature_alpha_dropout",
    "cosine_similarity",
    "pairwise_distance",
]


def _check_tensor(x, fn, name="input"):
    if not isinstance(x, _C.Tensor):
        raise TypeError(f"{fn}(): argument '{name}' must be Tensor, not {type(x).__name__}")


def _shape_list(shape, fn):
    if isinstance(shape, int):
        return [shape]
    try:
        return [int(s) for s in shape]
    except TypeError:
        raise TypeError(
            f"{fn}(): argument 'normalized_shape' must be tuple of ints, not {type(shape).__name__}"
        ) from None


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the trailing ``len(normalized_shape)`` dims, then scale and shift.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`` with the biased variance,
    statistics taken over the last dims of ``input`` given by ``normalized_shape``.

    Args:
        input (Tensor): ``(*, *normalized_shape)``, float32 or float64, or float16 / bfloat16
            (computed in float32, rounded once; the parameters may then be float32 as in torch).
        normalized_shape (int or sequence of int): the trailing shape to normalise over.
        weight (Tensor, optional): ``normalized_shape``, same dtype.
        bias (Tensor, optional): ``normalized_shape``, same dtype.
        eps (float): added to the variance. Default 1e-5.

    Returns:
        Tensor: same shape as ``input``; ``grad_fn`` ``NativeLayerNormBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        RuntimeError: the trailing dims of ``input`` differ from ``normalized_shape``, or
            ``weight`` / ``bias`` have another shape (the message names both shapes).

    Source: ``torch.nn.functional.layer_norm`` (Ba et al., 2016).

    Example::

        >>> F.layer_norm(pyt.tensor([[1.0, 3.0]]), (2,))
        tensor([[-1.0000,  1.0000]])
    """
    _check_tensor(input, "layer_norm")
    return _C._nn.layer_norm(input, _shape_list(normalized_shape, "layer_norm"), weight, bias, float(eps))


def _size_str(size):
    return f"pyt.Size({list(size)})"


def _verify_batch_size(size):
    n = size[0]
    for s in size[2:]:
        n *= s
    if n == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {_size_str(size)}")


def _verify_spatial_size(size):
    n = 1
    for s in size[2:]:
        n *= s
    if n == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {_size_str(size)}")


def batch_norm(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5
):
    """Normalise each channel (dim 1) over the batch and spatial dims, then scale and shift.

    In training (or without running statistics) the batch mean and biased variance are used,
    and ``running_mean`` / ``running_var`` (when given) are updated in place:
    ``running = (1 - momentum) * running + momentum * batch_stat`` with the unbiased batch
    variance. In evaluation the running statistics normalise the input.

    Args:
        input (Tensor): ``(N, C)`` or ``(N, C, *)``, float32 or float64.
        running_mean (Tensor or None): ``(C,)``.
        running_var (Tensor or None): ``(C,)``.
        weight (Tensor, optional): ``(C,)``. bias (Tensor, optional): ``(C,)``.
        training (bool): use batch statistics. Default ``False``.
        momentum (float): running-statistics factor. Default 0.1.
        eps (float): added to the variance. Default 1e-5.

    Returns:
        Tensor: same shape as ``input``; ``grad_fn`` ``NativeBatchNormBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        ValueError: training with one value per channel.
        RuntimeError: a ``(C,)`` argument with another size ("running_mean should contain 3
            elements not 4").

    Source: ``torch.nn.functional.batch_norm`` (Ioffe & Szegedy, 2015).

    Example::

        >>> F.batch_norm(pyt.tensor([[1.0], [3.0]]), None, None, training=True)
        tensor([[-1.0000],
                [ 1.0000]])
    """
    _check_tensor(input, "batch_norm")
    if training:
        _verify_batch_size(input.shape)
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    elif eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    return _C._nn.batch_norm(
        input,
        running_mean,
        running_var,
        weight,
        bias,
        bool(training),
        0.0 if momentum is None else float(momentum),
        float(eps),
    )


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each group of ``C / num_groups`` channels per sample, then scale and shift per channel.

    Args:
        input (Tensor): ``(N, C, *)``, float32 or float64, or float16 / bfloat16 (computed in
            float32, rounded once; the parameters may then be float32 as in torch).
        num_groups (int): divides ``C``.
        weight (Tensor, optional): ``(C,)``. bias (Tensor, optional): ``(C,)``.
        eps (float): added to the variance. Default 1e-5.

    Returns:
        Tensor: same shape; ``grad_fn`` ``NativeGroupNormBackward0``.

    Raises:
        TypeError: ``input`` is not a Tensor.
        RuntimeError: fewer than 2 dims, ``C`` not divisible by ``num_groups`` or a
            ``weight`` / ``bias`` of another size (the message names the shapes).
        ValueError: one value per group.

    Source: ``torch.nn.functional.group_norm`` (Wu & He, 2018).

    Example::

        >>> F.group_norm(pyt.tensor([[[1.0], [3.0]]]), 1).flatten()
        tensor([-1.0000,  1.0000])
    """
    _check_tensor(input, "group_norm")
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.dim()}")
    num_groups = int(num_groups)
    if num_groups > 0 and input.shape[1] % num_groups == 0:
        _verify_batch_size([input.shape[0] * input.shape[1] // num_groups, num_groups] + list(input.shape[2:]))
    return _C._nn.group_norm(input, num_groups, weight, bias, float(eps))


def instance_norm(
    input,
    running_mean=None,
    running_var=None,
    weight=None,
    bias=None,
    use_input_stats=True,
    momentum=0.1,
    eps=1e-5,
):
    """Normalise each channel of each sample over its spatial dims.

    Runs :func:`batch_norm` over the input viewed as ``(1, N * C, *)``, as torch does; the
    running statistics (when given) receive the mean over the batch of the per-sample
    updates.

    Args:
        input (Tensor): ``(N, C, *)``, float32 or float64.
        running_mean, running_var (Tensor, optional): ``(C,)``.
        weight, bias (Tensor, optional): ``(C,)``.
        use_input_stats (bool): normalise with the input's statistics. Default ``True``.
        momentum (float): Default 0.1. eps (float): Default 1e-5.

    Returns:
        Tensor: same shape; ``grad_fn`` ``ViewBackward0`` (as torch).

    Raises:
        TypeError: ``input`` is not a Tensor.
        ValueError: one spatial element while using input statistics.
        RuntimeError: a ``(C,)`` argument of another size.

    Source: ``torch.nn.functional.instance_norm`` (Ulyanov et al., 2016).

    Example::

        >>> F.instance_norm(pyt.tensor([[[1.0, 3.0]]]))
        tensor([[[-1.0000,  1.0000]]])
    """
    _check_tensor(input, "instance_norm")
    if use_input_stats:
        _verify_spatial_size(input.shape)
    if input.dim() < 2:
        raise RuntimeError(f"instance_norm: expected an input of at least 2 dims (N, C, *), got {input.dim()} dims")
    b, c = input.shape[0], input.shape[1]

    def rep(t):
        return None if t is None else t.repeat(b)

    rm, rv = rep(running_mean), rep(running_var)
    x = input.contiguous().view([1, b * c] + list(input.shape[2:]))
    out = _C._nn.batch_norm(
        x, rm, rv, rep(weight), rep(bias), bool(use_input_stats), float(momentum), float(eps)
    )
    with pyt.no_grad():
        if running_mean is not None:
            running_mean.copy_(rm.view(b, c).mean(0))
        if running_var is not None:
            running_var.copy_(rv.view(b, c).mean(0))
    return out.view(list(input.shape))


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Root-mean-square normalisation over the trailing dims: ``x / sqrt(mean(x^2) + eps) * weight``.

    Args:
        input (Tensor): ``(*, *normalized_shape)``, floating (float16 and bfloat16 are computed
            in float32 and rounded once).
        normalized_shape (int or sequence of int): the trailing shape.
        weight (Tensor, optional): ``normalized_shape``, any floating dtype (the product is taken
            in the promoted dtype and cast back to the input's).
        eps (float, optional): default ``pyt.finfo(input.dtype).eps`` (float32's for a float16
            or bfloat16 input, which is computed in float32, as torch).

    Returns:
        Tensor: same shape and dtype as ``input``; ``grad_fn`` ``MulBackward0`` (torch's
        composite ends in a mul), or ``ToCopyBackward0`` when the result is cast back to a
        float16 / bfloat16 input's dtype or to an input of a narrower dtype than the weight.

    Raises:
        TypeError: ``input`` is not a Tensor.
        RuntimeError: wrong trailing shape or weight shape (the message names both).

    Source: ``torch.nn.functional.rms_norm`` (Zhang & Sennrich, 2019).

    Example::

        >>> F.rms_norm(pyt.tensor([[3.0, 4.0]]), (2,), eps=0.0)
        tensor([[0.8485, 1.1314]])
    """
    _check_tensor(input, "rms_norm")
    if eps is None:
        # torch computes float16 / bfloat16 in float32 and takes that type's eps
        if input.dtype in (pyt.float16, pyt.bfloat16):
            eps = pyt.finfo(pyt.float32).eps
        else:
            eps = pyt.finfo(input.dtype).eps if input.is_floating_point() else 0.0
    return _C._nn.rms_norm(input, _shape_list(normalized_shape, "rms_norm"), weight, float(eps))


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """Divide by the ``p``-norm along ``dim``: ``x / max(||x||_p, eps)``.

    Args:
        input (Tensor): any shape, floating dtype.
        p (float): the norm's exponent. Default 2. dim (int): Default 1.
        eps (float): lower bound of the norm. Default 1e-12.
        out (Tensor, optional): written with the result.

    Returns:
        Tensor: same shape.

    Raises:
        TypeError: ``input`` is not a Tensor. IndexError: ``dim`` out of range.

    Source: ``torch.nn.functional.normalize``.

    Example::

        >>> F.normalize(pyt.tensor([[3.0, 4.0]]))
        tensor([[0.6000, 0.8000]])
    """
    _check_tensor(input, "normalize")
    denom = input.norm(p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    if out is None:
        return input / denom
    out.copy_(input / denom)
    return out


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Normalise each element by the summed squares of ``size`` neighbouring channels.

    ``b_c = a_c / (k + alpha / size * sum_{c' in window(c)} a_{c'}^2) ** beta``, the window
    centred on ``c`` (zero-padded), composed of pyt ops as torch does.

    Args:
        input (Tensor): ``(N, C, *)`` with at least 3 dims.
        size (int): channels in the window. alpha, beta, k (float): the formula's constants.

    Returns:
        Tensor: same shape.

    Raises:
        TypeError: ``input`` is not a Tensor. ValueError: fewer than 3 dims.

    Source: ``torch.nn.functional.local_response_norm`` (Krizhevsky et al., 2012).

    Example::

        >>> F.local_response_norm(pyt.ones(1, 2, 1), 2).shape
        pyt.Size([1, 2, 1])
    """
    _check_tensor(input, "local_response_norm")
    dim = input.dim()
    if dim < 3:
        raise ValueError(
            f"Expected 3D or higher dimensionality input (got {dim} dimensions)"
        )
    if input.numel() == 0:
        return input
    sq = input * input
    c = input.shape[1]
    lo, hi = size // 2, (size - 1) // 2
    # zero-pad the channel dim by (lo, hi) and sum size-wide windows: cumulative sums
    zeros_lo = pyt.zeros([input.shape[0], lo] + list(input.shape[2:]), dtype=input.dtype)
    zeros_hi = pyt.zeros([input.shape[0], hi] + list(input.shape[2:]), dtype=input.dtype)
    padded = pyt.cat([zeros_lo, sq, zeros_hi], 1)
    div = padded.narrow(1, 0, c) if hasattr(padded, "narrow") else padded[:, 0:c]
    for i in range(1, size):
        div = div + padded[:, i : i + c]
    if not input.is_floating_point():
        # torch averages the squares with avg_pool2d, whose only integer kernel is int64's
        # (the window sum divided by the window size, rounded toward zero)
        if input.dtype != pyt.int64:
            names = {"bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int"}
            name = names.get(str(input.dtype).split(".")[-1], str(input.dtype))
            raise NotImplementedError(f"local_response_norm: \"avg_pool2d\" not implemented for '{name}'")
        div = (div // size) * alpha + k
        return input / div**beta
    div = (div * (alpha / size) + k) ** beta
    return input / div


# ------------------------------------------------------------------------- embeddings
def embedding(
    input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False
):
    """Look up rows of ``weight`` by index: ``out[..., :] = weight[input[...], :]``.

    Args:
        input (Tensor): int64 or int32 indices of any shape ``(*)``, in ``[0, V)``.
        weight (Tensor): ``(V, D)``.
        padding_idx (int, optional): this row gets no gradient (negative counts from the end).
        max_norm (float, optional): rows referenced by ``input`` whose ``norm_type``-norm
            exceeds it are rescaled in place (no gradient) to norm ``max_norm``.
        norm_type (float): Default 2.
        scale_grad_by_freq (bool): divide each row's gradient by its count in ``input``.
        sparse (bool): accepted for torch compatibility; gradients are dense.

    Returns:
        Tensor: ``(*, D)``; ``grad_fn`` ``EmbeddingBackward0``.

    Raises:
        TypeError: an argument is not a Tensor.
        AssertionError: ``padding_idx`` outside ``[-V, V)`` (as torch).
        RuntimeError: non-integer indices. IndexError: an index outside ``[0, V)``.

    Source: ``torch.nn.functional.embedding``.

    Example::

        >>> F.embedding(pyt.tensor([1]), pyt.tensor([[0.0, 1.0], [2.0, 3.0]]))
        tensor([[2., 3.]])
    """
    _check_tensor(input, "embedding")
    _check_tensor(weight, "embedding", "weight")
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < weight.size(0), "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -weight.size(0), "Padding_idx must be within num_embeddings"
            padding_idx = weight.size(0) + padding_idx
    if max_norm is not None:
        input = input.contiguous()
        with pyt.no_grad():
            _C._nn.embedding_renorm_(weight, input, float(max_norm), float(norm_type))
    return _C._nn.embedding(weight, input, padding_idx, bool(scale_grad_by_freq))


def embedding_bag(
    input,
    weight,
    offsets=None,
    max_norm=None,
    norm_type=2,
    scale_grad_by_freq=False,
    mode="mean",
    sparse=False,
    per_sample_weights=None,
    include_last_offset=False,
    padding_idx=None,
):
    """Sums, means or maxima over bags of embedding rows, in one fused C++ op.

    Each bag is reduced in one pass over its rows (no per-bag tensors); the gradient comes
    from the op's own node ``EmbeddingBagBackward0`` (for ``weight`` and
    ``per_sample_weights``), computed deterministically for any thread count.

    Args:
        input (Tensor): int64/int32 indices, 2-d ``(B, L)`` (fixed-size bags, ``offsets``
            None) or 1-d ``(n,)`` with ``offsets``.
        weight (Tensor): ``(V, D)``, floating.
        offsets (Tensor, optional): 1-d int64/int32 start of each bag in ``input``
            (``offsets[0] == 0``, non-decreasing, ``<= n``).
        max_norm, norm_type: as :func:`embedding` (rows renormalised in place first).
        scale_grad_by_freq (bool): divide each row's gradient by its count in ``input``
            (not with ``mode='max'``).
        mode (str): ``'sum'``, ``'mean'`` (default) or ``'max'``.
        sparse (bool): accepted; gradients are dense (not with ``mode='max'``).
        per_sample_weights (Tensor, optional): like ``input``, weight's dtype;
            ``mode='sum'`` only.
        include_last_offset (bool): ``offsets`` has ``B + 1`` entries, the last one the end.
        padding_idx (int, optional): entries equal to it are left out of their bag (and of
            the mean's count); in ``[-V, V)``.

    Returns:
        Tensor: ``(B, D)``; an empty bag gives zeros.

    Raises:
        ValueError: offsets with a 2-d input, missing or non-1-d offsets with a 1-d input,
            a bad ``mode``, per_sample_weights of another shape, ``weight`` not 2-d, an input
            that is not 1-d or 2-d, ``scale_grad_by_freq``/``sparse`` with ``mode='max'``.
        NotImplementedError: per_sample_weights with a mode other than ``'sum'``.
        RuntimeError: indices out of ``[0, V)``, bad offsets, non-integer indices/offsets,
            ``padding_idx`` out of range, per_sample_weights of another dtype.

    Source: ``torch.nn.functional.embedding_bag`` (ATen ``_embedding_bag``).

    Example::

        >>> w = pyt.tensor([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
        >>> F.embedding_bag(pyt.tensor([0, 2, 1]), w, pyt.tensor([0, 2]), mode="sum")
        tensor([[4., 4.],
                [2., 2.]])
    """
    _check_tensor(input, "embedding_bag")
    _check_tensor(weight, "embedding_bag", "weight")
    if weight.dtype == pyt.long and input.is_floating_point():
        warnings.warn(
            "Argument order of nn.functional.embedding_bag was changed. "
            "Usage `embedding_bag(weight, input, ...)` is deprecated, "
            "and should now be `embedding_bag(input, weight, ...)`.",
            stacklevel=2,
        )
        weight, input = input, weight
    if not weight.is_floating_point():
        raise RuntimeError(
            "embedding_bag: Expected tensor for argument #1 'weight' to have one of the following scalar "
            f"types: Half, BFloat16, Float, Double; but got {weight.dtype} instead"
        )
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError(
            f"embedding_bag: If per_sample_weights ({_size_str(per_sample_weights.shape)}) is not None, then it must "
            f"have the same shape as the input ({_size_str(input.shape)})"
        )
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed "
                f"length sequences. However, found offsets of type {type(offsets)}"
            )
        if input.shape[1] == 0:
            raise RuntimeError("embedding_bag: step must be nonzero (input of shape "
                               f"{_size_str(input.shape)} has empty bags of length 0)")
        offsets = pyt.arange(0, input.numel(), input.shape[1], dtype=input.dtype)
        include_last_offset = False
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}")
    modes = {"sum": 0, "mean": 1, "max": 2}
    if mode not in modes:
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max":
        if scale_grad_by_freq:
            raise ValueError("max mode does not support scaling the gradient by the frequency")
        if sparse:
            raise ValueError("max mode does not support sparse weights")
    if max_norm is not None:
        with pyt.no_grad():
            _C._nn.embedding_renorm_(weight, input.contiguous(), float(max_norm), float(norm_type))
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            f"embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for "
            f"mode='sum' (got mode='{mode}'). Please open a feature request on GitHub."
        )
    return _C._nn.embedding_bag(
        weight, input, offsets, modes[mode], per_sample_weights, bool(include_last_offset),
        padding_idx, bool(scale_grad_by_freq),
    )


def one_hot(tensor, num_classes=-1):
    """One-hot encoding: ``(*)`` int64 class indices to ``(*, num_classes)`` int64 of 0 / 1.

    Args:
        tensor (Tensor): int64 class indices, any shape.
        num_classes (int): ``-1`` (default): one more than the largest index.

    Returns:
        Tensor: ``(*, num_classes)``, int64.

    Raises:
        RuntimeError: a non-int64 tensor, a negative index, an index ``>= num_classes``, or
            ``num_classes = -1`` with an empty tensor.

    Source: ``torch.nn.functional.one_hot``.

    Example::

        >>> F.one_hot(pyt.tensor([0, 2]))
        tensor([[1, 0, 0],
                [0, 0, 1]])
    """
    _check_tensor(tensor, "one_hot", "self")
    if tensor.dtype != pyt.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if tensor.numel() == 0:
        if num_classes == -1:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        return pyt.zeros(*tensor.shape, num_classes, dtype=pyt.int64)
    lo, hi = int(tensor.min()), int(tensor.max())
    if lo < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = hi + 1
    elif hi >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = pyt.zeros(*tensor.shape, num_classes, dtype=pyt.int64)
    return out.scatter(-1, tensor.unsqueeze(-1), 1)


# ------------------------------------------------------------------- dropout variants
def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout_impl(input, p, feature, alpha, inplace):
    """torch's _dropout_impl: Bernoulli(1 - p) noise (one per channel when feature), scaled."""
    if p == 1:
        out = input * pyt.zeros_like(input)
    else:
        if feature:
            noise = pyt.empty(list(input.shape[:2]) + [1] * (input.dim() - 2), dtype=input.dtype)
        else:
            noise = pyt.empty(list(input.shape), dtype=input.dtype)
        noise.bernoulli_(1 - p)
        if alpha:
            a_const = 1.7580993408473766
            a = 1.0 / ((a_const * a_const * p + 1) * (1 - p)) ** 0.5
            b = (noise - 1) * (a_const * a) + a_const * a * p
            out = input * (noise * a) + b
        else:
            out = input * (noise / (1 - p))
    if inplace:
        input.copy_(out)
        return input
    return out


def _feature_dropout(input, p, training, inplace, name, dims, batched_dim):
    _check_tensor(input, name)
    _check_p(p)
    if input.dim() not in dims:
        raise RuntimeError(
            f"{name}: Expected {dims[0]}D or {dims[1]}D input, but received a {input.dim()}D input. "
            f"Note that {name} exists to provide channel-wise dropout on inputs with {dims[0] - 1} "
            "spatial dimensions, a channel dimension, and an optional batch dimension "
            f"(i.e. {dims[0]}D or {dims[1]}D inputs)."
        )
    if not training or p == 0:
        return input
    if input.dim() != batched_dim:
        if inplace:
            _dropout_impl(input.unsqueeze(0), p, True, False, True)
            return input
        return _dropout_impl(input.unsqueeze(0), p, True, False, False).squeeze(0)
    return _dropout_impl(input, p, True, False, inplace)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of ``(N, C, L)`` or ``(C, L)`` with probability ``p``; scale the rest by ``1/(1-p)``.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``, floating dtype.
        p (float): drop probability. training (bool): Default ``True``. inplace (bool).

    Returns:
        Tensor: same shape.

    Raises:
        ValueError: ``p`` outside ``[0, 1]``. RuntimeError: an input that is not 2-d or 3-d.

    Source: ``torch.nn.functional.dropout1d``.

    Example::

        >>> F.dropout1d(pyt.ones(2, 3), training=False).shape
        pyt.Size([2, 3])
    """
    return _feature_dropout(input, p, training, inplace, "dropout1d", (2, 3), 3)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of ``(N, C, H, W)`` or ``(C, H, W)`` with probability ``p``.

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)`` (torch treats 3-d inputs as batched
            ``(N, C, L)`` with a warning; so does pyt).
        p (float): drop probability. training (bool): Default ``True``. inplace (bool).

    Returns:
        Tensor: same shape.

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.functional.dropout2d``.

    Example::

        >>> F.dropout2d(pyt.ones(1, 2, 2, 2), training=False).shape
        pyt.Size([1, 2, 2, 2])
    """
    import warnings

    _check_tensor(input, "dropout2d")
    _check_p(p)
    inp_dim = input.dim()
    if inp_dim not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {inp_dim}-D input to dropout2d, which is deprecated and will result in an error "
            "in a future release. To retain the behavior and silence this warning, please use dropout instead. "
            "Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a "
            "channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).",
            stacklevel=2,
        )
    if inp_dim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is "
            "desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will "
            "change in a future release to interpret the input as one without a batch dimension, i.e. shape "
            "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d "
            "instead.",
            stacklevel=2,
        )
    if not training or p == 0:
        return input
    return _dropout_impl(input, p, True, False, inplace)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` with probability ``p``.

    Args:
        input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
        p (float): drop probability. training (bool): Default ``True``. inplace (bool).

    Returns:
        Tensor: same shape.

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.functional.dropout3d``.

    Example::

        >>> F.dropout3d(pyt.ones(1, 2, 1, 2, 2), training=False).shape
        pyt.Size([1, 2, 1, 2, 2])
    """
    import warnings

    _check_tensor(input, "dropout3d")
    _check_p(p)
    inp_dim = input.dim()
    if inp_dim not in (4, 5):
        warnings.warn(
            f"dropout3d: Received a {inp_dim}-D input to dropout3d, which is deprecated and will result in an error "
            "in a future release. To retain the behavior and silence this warning, please use dropout instead. "
            "Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial dimensions, a "
            "channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).",
            stacklevel=2,
        )
    if not training or p == 0:
        return input
    if inp_dim == 4:
        if inplace:
            _dropout_impl(input.unsqueeze(0), p, True, False, True)
            return input
        return _dropout_impl(input.unsqueeze(0), p, True, False, False).squeeze(0)
    return _dropout_impl(input, p, True, False, inplace)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout: keeps the mean and variance of SELU activations (dropped values go to SELU's saturation).

    Args:
        input (Tensor): any shape, floating dtype.
        p (float): drop probability. training (bool): Default ``False``. inplace (bool).

    Returns:
        Tensor: same shape.

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.functional.alpha_dropout`` (Klambauer et al., 2017).

    Example::

        >>> F.alpha_dropout(pyt.ones(3)).shape
        pyt.Size([3])
    """
    _check_tensor(input, "alpha_dropout")
    _check_p(p)
    if not training or p == 0 or input.numel() == 0:
        return input
    return _dropout_impl(input, p, False, True, inplace)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout of whole channels (dim 1) of ``(N, C, *)``.

    Args:
        input (Tensor): ``(N, C, *)``.
        p (float): drop probability. training (bool): Default ``False``. inplace (bool).

    Returns:
        Tensor: same shape.

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.functional.feature_alpha_dropout``.

    Example::

        >>> F.feature_alpha_dropout(pyt.ones(2, 3)).shape
        pyt.Size([2, 3])
    """
    _check_tensor(input, "feature_alpha_dropout")
    _check_p(p)
    if not training or p == 0 or input.numel() == 0:
        return input
    return _dropout_impl(input, p, True, True, inplace)


# ------------------------------------------------------------------------ distances
def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """Cosine of the angle between ``x1`` and ``x2`` along ``dim`` (broadcast first).

    ``sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps))``, each vector normalised first
    as torch does.

    Args:
        x1, x2 (Tensor): broadcastable, floating dtype.
        dim (int): Default 1. eps (float): Default 1e-8.

    Returns:
        Tensor: the broadcast shape without ``dim``.

    Raises:
        TypeError: an argument is not a Tensor. RuntimeError: shapes that do not broadcast.

    Source: ``torch.nn.functional.cosine_similarity``.

    Example::

        >>> F.cosine_similarity(pyt.tensor([[1.0, 0.0]]), pyt.tensor([[1.0, 1.0]]))
        tensor([0.7071])
    """
    _check_tensor(x1, "cosine_similarity", "x1")
    _check_tensor(x2, "cosine_similarity", "x2")
    n1 = x1.norm(2, dim, keepdim=True).clamp(min=eps)
    n2 = x2.norm(2, dim, keepdim=True).clamp(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """``||x1 - x2 + eps||_p`` along the last dim.

    Args:
        x1, x2 (Tensor): ``(N, D)`` or ``(D,)``, broadcastable.
        p (float): the norm's exponent. Default 2. eps (float): Default 1e-6.
        keepdim (bool): keep the reduced dim. Default ``False``.

    Returns:
        Tensor: ``(N,)`` (or ``()`` for 1-d inputs).

    Raises:
        TypeError: an argument is not a Tensor.

    Source: ``torch.nn.functional.pairwise_distance``.

    Example::

        >>> F.pairwise_distance(pyt.tensor([[0.0, 0.0]]), pyt.tensor([[3.0, 4.0]]), eps=0.0)
        tensor([5.])
    """
    _check_tensor(x1, "pairwise_distance", "x1")
    _check_tensor(x2, "pairwise_distance", "x2")
    return (x1 - x2 + eps).norm(p, max(x1.dim(), x2.dim()) - 1, keepdim=keepdim)
