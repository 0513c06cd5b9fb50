"""``pyt.nn.functional``: stateless layer functions (torch/nn/functional.py).

Thin wrappers: each checks its Python-level arguments the way torch does (same exception
types and messages), normalises ints/tuples, and calls a fused C++ kernel
(``pyt._C._nn.*``) or a composite of public pyt ops.
"""

import warnings

import pyt
from pyt import _C
from pyt.nn._functional_loss import *  # noqa: F401,F403  (the other losses)
from pyt.nn._functional_loss import __all__ as _loss_all

__all__ = [
    "linear",
    "bilinear",
    "conv2d",
    "max_pool2d",
    "max_pool2d_with_indices",
    "relu",
    "relu_",
    "sigmoid",
    "tanh",
    "dropout",
    "flatten",
    "softmax",
    "log_softmax",
    "nll_loss",
    "cross_entropy",
    "mse_loss",
]
__all__ += _loss_all


# Activations and normalisations live in their own modules, re-exported here.
from pyt.nn._functional_activation import *  # noqa: E402,F401,F403
from pyt.nn._functional_activation import __all__ as _activation_all  # noqa: E402
from pyt.nn._functional_norm import *  # noqa: E402,F401,F403
from pyt.nn._functional_norm import __all__ as _norm_all  # noqa: E402

__all__ += _activation_all + _norm_all

# Attention, in pyt/nn/_functional_rnn.py
from pyt.nn._functional_rnn import multi_head_attention_forward, scaled_dot_product_attention  # noqa: E402

__all__ += ["scaled_dot_product_attention", "multi_head_attention_forward"]


# ---------------------------------------------------------------------------- helpers
def _legacy_get_string(size_average, reduce):
    warnings.warn(
        "size_average and reduce args will be deprecated, please use reduction='{}' instead.",
        stacklevel=3,
    )
    if size_average is None:
        size_average = True
    if reduce is None:
        reduce = True
    if size_average and reduce:
        return "mean"
    if reduce:
        return "sum"
    return "none"


def _check_reduction(reduction):
    if reduction == "elementwise_mean":
        warnings.warn(
            "reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.",
            stacklevel=3,
        )
        return "mean"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _ntuple_list(x, n, name):
    if isinstance(x, (list, tuple)):
        if len(x) == 1:
            return [int(x[0])] * n
        if len(x) != n:
            raise RuntimeError(
                f"expected {name} to be a single integer value or a list of {n} values to match "
                f"the convolution dimensions, but got {name}={list(x)}"
            )
        return [int(v) for v in x]
    return [int(x)] * n


def _check_tensor(x, fn, name="input"):
    if not isinstance(x, _C.Tensor):
        raise TypeError(f"{fn}(): argument '{name}' must be Tensor, not {type(x).__name__}")


# ---------------------------------------------------------------------------- layers
def linear(input, weight, bias=None):
    """Apply the affine map ``y = x W^T + b``.

    Args:
        input (Tensor): ``(*, in_features)``, floating dtype.
        weight (Tensor): ``(out_features, in_features)``, same dtype.
        bias (Tensor, optional): ``(out_features,)``.

    Returns:
        Tensor: ``(*, out_features)``.

    Raises:
        TypeError: an argument is not a Tensor.
        RuntimeError: shapes or dtypes do not match ("mat1 and mat2 shapes cannot be
            multiplied (...)").

    Source: ``torch.nn.functional.linear``.

    Example::

        >>> F.linear(pyt.ones(2, 3), pyt.ones(4, 3)).shape
        pyt.Size([2, 4])
    """
    _check_tensor(input, "linear")
    _check_tensor(weight, "linear", "weight")
    if weight.dim() == 1 and bias is None:
        # torch allows a 1-D weight without bias: input @ weight (the last dim is reduced)
        return pyt.matmul(input, weight)
    return _C._nn.linear(input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    """Apply the bilinear map ``y_k = x1^T A_k x2 + b_k``.

    Computed as one GEMM of ``x1`` with ``A`` viewed as ``(in1, out * in2)``, then a
    product with ``x2`` summed over ``in2``.

    Args:
        input1 (Tensor): ``(*, in1_features)``.
        input2 (Tensor): ``(*, in2_features)``, same leading dims.
        weight (Tensor): ``(out_features, in1_features, in2_features)``.
        bias (Tensor, optional): ``(out_features,)``.

    Returns:
        Tensor: ``(*, out_features)``.

    Raises:
        RuntimeError: mismatched ranks, batch dims, feature sizes or bias size (torch's
            messages).

    Source: ``torch.nn.functional.bilinear``.

    Example::

        >>> F.bilinear(pyt.ones(2, 3), pyt.ones(2, 4), pyt.ones(5, 3, 4)).shape
        pyt.Size([2, 5])
    """
    _check_tensor(input1, "bilinear", "input1")
    _check_tensor(input2, "bilinear", "input2")
    _check_tensor(weight, "bilinear", "weight")
    if input1.dim() != input2.dim():
        raise RuntimeError(
            f"bilinear(): input dimensions do not match: got {input1.dim()} and {input2.dim()}"
        )
    for i in range(input1.dim() - 1):
        if input1.shape[i] != input2.shape[i]:
            raise RuntimeError(
                f"bilinear(): input batch dimensions do not match at dim {i}: got "
                f"{input1.shape[i]} and {input2.shape[i]}"
            )
    if weight.dim() != 3:
        raise RuntimeError(
            f"bilinear(): expected weight of shape (out, in1, in2), got {list(weight.shape)}"
        )
    out, in1, in2 = tuple(weight.shape)
    if input1.shape[-1] != in1:
        raise RuntimeError(
            f"bilinear(): input1 size does not match weight size: got {input1.shape[-1]} "
            f"but expected {in1}"
        )
    if input2.shape[-1] != in2:
        raise RuntimeError(
            f"bilinear(): input2 size does not match weight size: got {input2.shape[-1]} "
            f"but expected {in2}"
        )
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != out):
        got = bias.shape[-1] if bias.dim() > 0 else bias.numel()
        raise RuntimeError(
            f"bilinear(): bias size does not match weight size: got {got} but expected {out}"
        )
    lead = tuple(input1.shape[:-1])
    x1 = input1.reshape(-1, in1)
    x2 = input2.reshape(-1, in2)
    tmp = x1.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).reshape(-1, out, in2)
    y = (tmp * x2.unsqueeze(1)).sum(-1)
    if y.dtype != tmp.dtype:  # integer sums widen to int64; torch keeps the inputs' type
        y = y.to(tmp.dtype)
    if bias is not None:
        y = y + bias
    return y.reshape(*lead, out)


# Convolution, pooling, padding and resampling live in _functional_conv.py.
from pyt.nn._functional_conv import *  # noqa: E402,F401,F403
from pyt.nn._functional_conv import __all__ as _conv_all  # noqa: E402

__all__ += [n for n in _conv_all if n not in __all__]

from pyt.nn._functional_sampling import affine_grid, grid_sample  # noqa: E402

__all__ += ["affine_grid", "grid_sample"]

# 3-d pooling, LP pooling and max unpooling live in _functional_pool.py.
from pyt.nn._functional_pool import *  # noqa: E402,F401,F403
from pyt.nn._functional_pool import __all__ as _pool_all  # noqa: E402

__all__ += _pool_all


# ---------------------------------------------------------------------------- activations
def relu(input, inplace=False):
    """Apply ``max(0, x)`` elementwise.

    Args:
        input (Tensor): any shape.
        inplace (bool): overwrite ``input``. Default ``False``.

    Returns:
        Tensor: same shape and dtype (``input`` itself when ``inplace``).

    Raises:
        TypeError: ``input`` is not a Tensor.

    Source: ``torch.nn.functional.relu``.

    Example::

        >>> F.relu(pyt.tensor([-1., 2.]))
        tensor([0., 2.])
    """
    _check_tensor(input, "relu")
    if inplace:
        return input.relu_()
    return input.relu()


def relu_(input):
    """In-place :func:`relu`.

    Args:
        input (Tensor): any shape; overwritten.

    Returns:
        Tensor: ``input``.

    Raises:
        TypeError: ``input`` is not a Tensor.

    Source: ``torch.nn.functional.relu_``.

    Example::

        >>> F.relu_(pyt.tensor([-1., 2.]))
        tensor([0., 2.])
    """
    return relu(input, inplace=True)


def sigmoid(input):
    """Apply ``1 / (1 + exp(-x))`` elementwise.

    Args:
        input (Tensor): any shape.

    Returns:
        Tensor: same shape.

    Raises:
        TypeError: ``input`` is not a Tensor.

    Source: ``torch.nn.functional.sigmoid``.

    Example::

        >>> F.sigmoid(pyt.tensor([0.]))
        tensor([0.5000])
    """
    _check_tensor(input, "sigmoid")
    return input.sigmoid()


def tanh(input):
    """Apply ``tanh`` elementwise.

    Args:
        input (Tensor): any shape.

    Returns:
        Tensor: same shape.

    Raises:
        TypeError: ``input`` is not a Tensor.

    Source: ``torch.nn.functional.tanh``.

    Example::

        >>> F.tanh(pyt.tensor([0.]))
        tensor([0.])
    """
    _check_tensor(input, "tanh")
    return input.tanh()


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``.

    Args:
        input (Tensor): any shape, floating dtype.
        p (float): drop probability in ``[0, 1]``. Default 0.5.
        training (bool): apply dropout; when ``False`` the input is returned unchanged.
        inplace (bool): write the result into ``input``. Default ``False``.

    Returns:
        Tensor: same shape and dtype.

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.functional.dropout``.

    Example::

        >>> F.dropout(pyt.ones(4), p=0.5, training=False)
        tensor([1., 1., 1., 1.])
    """
    _check_tensor(input, "dropout")
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return input
    out = _C._nn.dropout(input, float(p), True, None)
    if inplace:
        input.copy_(out)
        return input
    return out


def flatten(input, start_dim=0, end_dim=-1):
    """Flatten dims ``start_dim..end_dim`` into one (same as ``pyt.flatten``).

    Args:
        input (Tensor): any shape.
        start_dim (int): first dim to flatten. Default 0.
        end_dim (int): last dim to flatten. Default -1.

    Returns:
        Tensor: a view when possible.

    Raises:
        IndexError: a dim out of range.

    Source: ``torch.flatten`` (torch has no ``nn.functional.flatten``; provided for symmetry
    with ``nn.Flatten``).

    Example::

        >>> F.flatten(pyt.zeros(2, 3, 4), 1).shape
        pyt.Size([2, 12])
    """
    _check_tensor(input, "flatten")
    return input.flatten(start_dim, end_dim)


def _get_softmax_dim(name, ndim, stacklevel):
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. "
        "Change the call to include dim=X as an argument.",
        stacklevel=stacklevel,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Apply ``exp(x_i) / sum_j exp(x_j)`` along ``dim``.

    Args:
        input (Tensor): any shape, floating dtype.
        dim (int): the dim that sums to 1. ``None`` is deprecated (torch's implicit choice,
            with a warning).
        dtype (pyt.dtype, optional): cast the input to this dtype first.

    Returns:
        Tensor: same shape.

    Raises:
        IndexError: ``dim`` out of range.

    Source: ``torch.nn.functional.softmax``.

    Example::

        >>> F.softmax(pyt.zeros(2), dim=0)
        tensor([0.5000, 0.5000])
    """
    _check_tensor(input, "softmax")
    if dim is None:
        dim = _get_softmax_dim("softmax", input.dim(), _stacklevel)
    if dtype is not None:
        input = input.to(dtype)
    return input.softmax(dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Apply ``log(softmax(x))`` along ``dim``, computed stably.

    Args:
        input (Tensor): any shape, floating dtype.
        dim (int): the reduced dim; ``None`` is deprecated (implicit choice, warns).
        dtype (pyt.dtype, optional): cast the input to this dtype first.

    Returns:
        Tensor: same shape.

    Raises:
        IndexError: ``dim`` out of range.

    Source: ``torch.nn.functional.log_softmax``.

    Example::

        >>> F.log_softmax(pyt.zeros(2), dim=0)
        tensor([-0.6931, -0.6931])
    """
    _check_tensor(input, "log_softmax")
    if dim is None:
        dim = _get_softmax_dim("log_softmax", input.dim(), _stacklevel)
    if dtype is not None:
        input = input.to(dtype)
    return input.log_softmax(dim)


# ---------------------------------------------------------------------------- losses
def _check_batch_size(input, target):
    if input.dim() >= 2 and target.dim() >= 1 and input.shape[0] != target.shape[0]:
        raise ValueError(
            f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
            f"({target.shape[0]})."
        )


def _check_nll_target(input, target):
    """torch's class-index target checks of nll_loss / cross_entropy (exception types and
    messages of ATen's nll_loss, nll_loss2d and nll_loss_nd); returns the target to use
    (a 1-element target of a 1-d input becomes 0-d, as torch)."""
    in_dim, t_dim = input.dim(), target.dim()
    t_shape = list(target.shape)
    if in_dim == 1:
        if t_dim == 1:
            if t_shape[0] != 1:
                raise ValueError(
                    f"For 1D input, 1D target must have size 1, but got target size: {t_shape[0]}"
                )
            return target.reshape(())
        if t_dim > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        return target
    if in_dim >= 2 and t_dim == 0:
        raise ValueError(
            f"Expected input batch_size ({input.shape[0]}) to match target batch_size (0)."
        )
    if in_dim == 2:
        if t_dim != 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        return target
    expected = [input.shape[0]] + list(input.shape[2:])
    if in_dim == 4:
        if t_dim != 3:
            raise RuntimeError(
                "only batches of spatial targets supported (3D tensors) but got targets of "
                f"dimension: {t_dim}"
            )
        if t_shape != expected:
            raise RuntimeError(
                f"size mismatch (got input: {list(input.shape)} , target: {t_shape}"
            )
        return target
    if t_shape != expected:
        raise RuntimeError(f"Expected target size {expected}, got {t_shape}")
    return target


def nll_loss(
    input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
    reduction="mean",
):
    """Negative log-likelihood loss: ``-w[y_n] * input[n, y_n]``, reduced.

    Args:
        input (Tensor): log-probabilities ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
        target (Tensor): int64 class indices ``(N)``, ``()`` or ``(N, d1, ...)`` in
            ``[0, C)`` or equal to ``ignore_index``.
        weight (Tensor, optional): ``(C,)`` per-class weights.
        size_average, reduce: deprecated; use ``reduction``.
        ignore_index (int): targets with this value add nothing. Default -100.
        reduction (str): ``"none"``, ``"mean"`` (weighted mean) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(N, d1, ...)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``, or batch sizes differ.
        RuntimeError: a target of the wrong rank or spatial shape (torch's messages,
            e.g. "multi-target not supported").
        IndexError: a target out of ``[0, C)`` (from the kernel).
        RuntimeError: a target dtype that is not an integer (from the kernel).

    Source: ``torch.nn.functional.nll_loss``.

    Example::

        >>> F.nll_loss(pyt.log_softmax(pyt.zeros(2, 3), 1), pyt.tensor([0, 2]))
        tensor(1.0986)
    """
    _check_tensor(input, "nll_loss")
    _check_tensor(target, "nll_loss", "target")
    if input.dim() < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.dim()})")
    if size_average is not None or reduce is not None:
        reduction = _legacy_get_string(size_average, reduce)
    reduction = _check_reduction(reduction)
    _check_batch_size(input, target)
    target = _check_nll_target(input, target)
    return _C._nn.nll_loss(input, target, weight, reduction, int(ignore_index))


def _class_dim(input):
    return 1 if input.dim() >= 2 else 0


def _weight_view(weight, input):
    if input.dim() >= 2:
        return weight.reshape(1, weight.shape[0], *([1] * (input.dim() - 2)))
    return weight


def _cross_entropy_probs(input, target, weight, reduction, label_smoothing):
    # Class-probability targets (torch's cross_entropy_loss_prob_target), as a composite.
    if not target.dtype.is_floating_point:
        raise RuntimeError(
            "cross_entropy: expected a floating point target of class probabilities when "
            f"target has the input's shape {list(input.shape)}, got {target.dtype}"
        )
    cdim = _class_dim(input)
    n_classes = input.shape[cdim]
    logp = input.log_softmax(cdim)
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    prod = logp * target
    if weight is not None:
        prod = prod * _weight_view(weight, input)
    loss = -prod.sum(cdim)
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / (input.numel() / n_classes)


def cross_entropy(
    input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
    reduction="mean", label_smoothing=0.0,
):
    """Cross-entropy between logits and targets: ``log_softmax`` + ``nll_loss``, fused.

    Args:
        input (Tensor): unnormalised logits ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``,
            floating dtype.
        target (Tensor): int64 class indices ``(N)``/``()``/``(N, d1, ...)``, or class
            probabilities with the input's shape and a floating dtype.
        weight (Tensor, optional): ``(C,)`` per-class weights.
        size_average, reduce: deprecated; use ``reduction``.
        ignore_index (int): class-index targets equal to it add nothing. Default -100.
        reduction (str): ``"none"``, ``"mean"`` or ``"sum"``. Default ``"mean"``.
        label_smoothing (float): in ``[0, 1]``; mixes the target with the uniform
            distribution. Default 0.

    Returns:
        Tensor: a scalar, or per-sample losses with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``, or batch sizes differ.
        RuntimeError: ``label_smoothing`` outside ``[0, 1]``; bad target dtype (kernel); a
            class-index target of the wrong rank or spatial shape (torch's messages).
        IndexError: a class index out of range (from the kernel).

    Source: ``torch.nn.functional.cross_entropy``.

    Example::

        >>> F.cross_entropy(pyt.zeros(2, 3), pyt.tensor([0, 2]))
        tensor(1.0986)
    """
    _check_tensor(input, "cross_entropy")
    _check_tensor(target, "cross_entropy", "target")
    if input.dim() < 1:
        raise RuntimeError(
            "cross_entropy: expected input of class scores with 1 or more dimensions ((C,), (N, C) or "
            f"(N, C, d1, ...)), got a 0-d tensor (target shape {list(target.shape)}, dtype {target.dtype})"
        )
    if size_average is not None or reduce is not None:
        reduction = _legacy_get_string(size_average, reduce)
    reduction = _check_reduction(reduction)
    if not (0.0 <= label_smoothing <= 1.0):
        raise RuntimeError(
            f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}"
        )
    if tuple(target.shape) == tuple(input.shape) and input.dim() >= 1:
        return _cross_entropy_probs(input, target, weight, reduction, float(label_smoothing))
    _check_batch_size(input, target)
    target = _check_nll_target(input, target)
    if label_smoothing == 0.0:
        return _C._nn.cross_entropy(input, target, weight, reduction, int(ignore_index))
    # Label smoothing with class indices, as ATen's cross_entropy_loss_label_smoothing.
    cdim = _class_dim(input)
    n_classes = input.shape[cdim]
    logp = input.log_softmax(cdim)
    nll = _C._nn.nll_loss(logp, target, weight, reduction, int(ignore_index))
    if weight is not None:
        smooth = -(logp * _weight_view(weight, input)).sum(cdim)
    else:
        smooth = -logp.sum(cdim)
    valid = target != ignore_index
    smooth = pyt.where(valid, smooth, pyt.zeros_like(smooth))
    if reduction == "mean":
        if weight is not None:
            safe_target = pyt.where(valid, target, pyt.zeros_like(target))
            w_t = weight.index_select(0, safe_target.reshape(-1))
            denom = (w_t * valid.reshape(-1).to(w_t.dtype)).sum()
        else:
            denom = valid.sum()
        ret = smooth.sum() / denom
    elif reduction == "sum":
        ret = smooth.sum()
    else:
        ret = smooth
    return nll * (1 - label_smoothing) + ret * (label_smoothing / n_classes)


def _broadcast_shape(a, b):
    a, b = tuple(a), tuple(b)
    n = max(len(a), len(b))
    pa, pb = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    out = []
    for i in range(n):
        if pa[i] != pb[i] and pa[i] != 1 and pb[i] != 1:
            raise RuntimeError(
                f"The size of tensor a ({pa[i]}) must match the size of tensor b "
                f"({pb[i]}) at non-singleton dimension {i}"
            )
        out.append(pb[i] if pa[i] == 1 else pa[i])
    return tuple(out)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error ``(input - target)^2``, reduced.

    Args:
        input (Tensor): any shape, floating dtype.
        target (Tensor): broadcastable to ``input`` (a shape difference warns, like torch).
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` or ``"sum"``. Default ``"mean"``.
        weight (Tensor, optional): elementwise weights with the input's shape; ``"mean"``
            then divides by ``weight.sum()``.

    Returns:
        Tensor: a scalar, or the broadcast shape with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``, or ``weight`` of another shape.
        RuntimeError: shapes that do not broadcast.

    Source: ``torch.nn.functional.mse_loss``.

    Example::

        >>> F.mse_loss(pyt.zeros(3), pyt.ones(3))
        tensor(1.)
    """
    _check_tensor(input, "mse_loss")
    _check_tensor(target, "mse_loss", "target")
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(
            f"Using a target size ({_size_str(target.shape)}) that is different to the input "
            f"size ({_size_str(input.shape)}). This will likely lead to incorrect results due "
            "to broadcasting. Please ensure they have the same size.",
            stacklevel=2,
        )
    if size_average is not None or reduce is not None:
        reduction = _legacy_get_string(size_average, reduce)
    shape = _broadcast_shape(input.shape, target.shape)
    if tuple(input.shape) != shape:
        input = input.expand(*shape)
    if tuple(target.shape) != shape:
        target = target.expand(*shape)
    if weight is not None:
        if tuple(weight.shape) != tuple(input.shape):
            raise ValueError("Weights and input must have the same size.")
        weighted = (input - target).pow(2) * weight
        if reduction == "none":
            return weighted
        if reduction == "sum":
            return weighted.sum()
        if reduction == "mean":
            return weighted.sum() / weight.sum()
        raise ValueError(
            f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'."
        )
    reduction = _check_reduction(reduction)
    return _C._nn.mse_loss(input, target, reduction)


def _size_str(shape):
    s = repr(shape)
    if s.startswith("pyt.Size("):
        return s
    return f"pyt.Size({list(shape)})"
