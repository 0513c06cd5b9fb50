"""Loss functions of ``pyt.nn.functional`` (torch/nn/functional.py and ATen's Loss.cpp).

Where torch has a single ATen op with its own backward (``smooth_l1_loss``, ``huber_loss``,
``soft_margin_loss``, ``multi_margin_loss``, ``multilabel_margin_loss``,
``binary_cross_entropy_with_logits``, ``ctc_loss``), pyt calls one fused C++ kernel with the
same autograd node name; the other losses are composites of differentiable pyt ops that
reproduce torch's formula (so the gradient and double backward come from the ops' own C++
backward formulas). ``nll_loss``, ``cross_entropy`` and
``mse_loss`` live in ``pyt.nn.functional`` itself (fused C++ kernels).

Every function accepts ``reduction`` ``"none"``, ``"mean"`` or ``"sum"`` (and the deprecated
``size_average``/``reduce`` pair where torch does) and raises torch's exceptions.
"""

import math
import warnings

import pyt
from pyt import _C

__all__ = [
    "l1_loss",
    "smooth_l1_loss",
    "huber_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "kl_div",
    "cosine_embedding_loss",
    "margin_ranking_loss",
    "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
    "hinge_embedding_loss",
    "soft_margin_loss",
    "multilabel_soft_margin_loss",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "poisson_nll_loss",
    "gaussian_nll_loss",
    "ctc_loss",
]


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


def _get_reduction(reduction, size_average=None, reduce=None):
    if size_average is not None or reduce is not None:
        return _legacy_get_string(size_average, reduce)
    if reduction == "elementwise_mean":
        warnings.warn(
            "reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.",
            stacklevel=3,
        )
        return "mean"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.mean()


def _check_tensor(x, fn, name="input"):
    if not isinstance(x, _C.Tensor):
        raise TypeError(f"{fn}(): argument '{name}' must be Tensor, not {type(x).__name__}")


_DISPATCH_NAMES = {"bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long"}


def _dispatch_name(t):
    return _DISPATCH_NAMES.get(str(t.dtype).split(".")[-1], str(t.dtype))


def _require_floating(fn, kernel, *tensors):
    """torch's error for a loss whose kernel exists for floating types only: NotImplementedError
    naming the kernel and the dtype when no tensor argument is floating point."""
    ts = [t for t in tensors if isinstance(t, _C.Tensor)]
    if ts and not any(t.is_floating_point() for t in ts):
        raise NotImplementedError(f'{fn}: "{kernel}" not implemented for \'{_dispatch_name(ts[0])}\'')


_MEAN_INT = "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype"
_CAST_INT = "result type Float can't be cast to the desired output type"


def _refuse_integral(fn, message, *tensors):
    """torch's RuntimeError for losses composed of ops that refuse integer (not bool) inputs."""
    ts = [t for t in tensors if isinstance(t, _C.Tensor)]
    if ts and not any(t.is_floating_point() for t in ts) and str(ts[0].dtype) != "pyt.bool":
        raise RuntimeError(f"{fn}: {message} (got {ts[0].dtype})")


def _size(t):
    return pyt.Size(tuple(t.shape))


def _broadcast_shape(a, b, op):
    a, b = tuple(a), tuple(b)
    n = max(len(a), len(b))
    pa, pb = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    out = []
    for i in range(n):
        if pa[i] != pb[i] and pa[i] != 1 and pb[i] != 1:
            raise RuntimeError(
                f"{op}: the size of tensor a ({pa[i]}) must match the size of tensor b "
                f"({pb[i]}) at non-singleton dimension {i}"
            )
        out.append(pb[i] if pa[i] == 1 else pa[i])
    return tuple(out)


def _broadcast_pair(input, target, op):
    shape = _broadcast_shape(input.shape, target.shape, op)
    if tuple(input.shape) != shape:
        input = input.expand(*shape)
    if tuple(target.shape) != shape:
        target = target.expand(*shape)
    return input, target


def _warn_size(input, target):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(
            f"Using a target size ({_size(target)}) that is different to the input size "
            f"({_size(input)}). This will likely lead to incorrect results due to "
            "broadcasting. Please ensure they have the same size.",
            stacklevel=3,
        )


def _log_sigmoid(x):
    # log(sigmoid(x)) = -log1p(exp(-x)) for x >= 0 and x - log1p(exp(x)) for x < 0. Each
    # branch reads x clamped to its own side, so the branch not taken stays finite (no
    # inf * 0 in the gradient), and at x = 0 the gradient is exactly sigmoid(0) = 0.5.
    pos = x.clamp(min=0)
    neg = x.clamp(max=0)
    return pyt.where(x >= 0, pos.neg().exp().log1p().neg(), neg - neg.exp().log1p())


def _weighted_reduce(loss, weight, reduction, mean_by_weight):
    if weight.shape != loss.shape:
        raise ValueError("Weights and input must have the same size.")
    loss = loss * weight
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.sum() / weight.sum() if mean_by_weight else loss.mean()
    raise ValueError(
        f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'."
    )


# ---------------------------------------------------------------------------- regression
def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error ``|input - target|``, reduced.

    Args:
        input (Tensor): any shape ``(*)``, floating dtype.
        target (Tensor): broadcastable to ``input`` (a different shape warns, as torch).
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.
        weight (Tensor, optional): elementwise weights with the input's shape; ``"mean"``
            then divides by ``weight.sum()``.

    Returns:
        Tensor: a scalar, or the broadcast shape with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``; ``weight`` of another shape.
        RuntimeError: shapes that do not broadcast.

    Source: ``torch.nn.functional.l1_loss``.

    Example::

        >>> F.l1_loss(pyt.tensor([1., -1.]), pyt.zeros(2))
        tensor(1.)
    """
    _check_tensor(input, "l1_loss")
    _check_tensor(target, "l1_loss", "target")
    _warn_size(input, target)
    if size_average is not None or reduce is not None:
        reduction = _legacy_get_string(size_average, reduce)
    input, target = _broadcast_pair(input, target, "l1_loss")
    loss = (input - target).abs()
    if weight is not None:
        return _weighted_reduce(loss, weight, reduction, True)
    return _reduce(loss, _get_reduction(reduction))


def smooth_l1_loss(
    input, target, size_average=None, reduce=None, reduction="mean", beta=1.0
):
    """Smooth L1: ``0.5 d^2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta``.

    One fused C++ op for ``beta > 0`` (grad_fn ``SmoothL1LossBackward0``; the result dtype is
    the promoted one); ``beta == 0`` is ``l1_loss``, as torch.

    Args:
        input (Tensor): ``(*)``, floating dtype.
        target (Tensor): broadcastable to ``input``.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.
        beta (float): where the loss switches from quadratic to linear; ``0`` gives L1.

    Returns:
        Tensor: a scalar, or ``(*)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``.
        RuntimeError: ``beta < 0``; shapes that do not broadcast.

    Source: ``torch.nn.functional.smooth_l1_loss`` (Girshick, Fast R-CNN, 2015).

    Example::

        >>> F.smooth_l1_loss(pyt.tensor([0.5, 2.0]), pyt.zeros(2))
        tensor(0.8125)
    """
    _check_tensor(input, "smooth_l1_loss")
    _check_tensor(target, "smooth_l1_loss", "target")
    _require_floating("smooth_l1_loss", "smooth_l1_cpu", input, target)
    _warn_size(input, target)
    reduction = _get_reduction(reduction, size_average, reduce)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0.0:
        input, target = _broadcast_pair(input, target, "smooth_l1_loss")
        return _reduce((input - target).abs(), reduction)
    # one fused C++ op (SmoothL1LossBackward0); it broadcasts input and target itself
    return _C._nn.smooth_l1_loss(input, target, reduction, float(beta))


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """Huber loss: ``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)``.

    One fused C++ op (grad_fn ``HuberLossBackward0``; the result has the input's dtype). With
    ``weight`` the fused per-element loss is weighted and reduced by pyt ops, as torch.

    Args:
        input (Tensor): ``(*)``, floating dtype.
        target (Tensor): broadcastable to ``input``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.
        delta (float): threshold, must be positive. Default 1.
        weight (Tensor, optional): elementwise weights with the input's shape.

    Returns:
        Tensor: a scalar, or ``(*)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``; ``weight`` of another shape.
        RuntimeError: ``delta <= 0``.

    Source: ``torch.nn.functional.huber_loss`` (Huber, 1964).

    Example::

        >>> F.huber_loss(pyt.tensor([0.5, 2.0]), pyt.zeros(2), delta=1.0)
        tensor(0.8125)
    """
    _check_tensor(input, "huber_loss")
    _check_tensor(target, "huber_loss", "target")
    _require_floating("huber_loss", "huber_cpu", input, target)
    _warn_size(input, target)
    if delta <= 0:
        raise RuntimeError(
            f"huber_loss does not support non-positive values for delta, got {delta}."
        )
    if weight is not None:
        if tuple(weight.shape) != tuple(input.shape):
            raise ValueError("Weights and input must have the same size.")
        loss = _C._nn.huber_loss(input, target, "none", float(delta))
        return _weighted_reduce(loss, weight, reduction, False)
    # one fused C++ op (HuberLossBackward0); it broadcasts input and target itself
    return _C._nn.huber_loss(input, target, _get_reduction(reduction), float(delta))


# ---------------------------------------------------------------------------- binary
def binary_cross_entropy(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean"
):
    """Binary cross-entropy on probabilities: ``-w (y log x + (1 - y) log(1 - x))``.

    As torch, each log is clamped to ``>= -100`` so that ``x`` of exactly 0 or 1 gives a
    finite loss.

    Args:
        input (Tensor): probabilities in ``[0, 1]``, ``(*)``, floating dtype.
        target (Tensor): same shape, values in ``[0, 1]``.
        weight (Tensor, optional): rescaling weights broadcastable to ``input``.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(*)`` with ``reduction="none"``.

    Raises:
        ValueError: target and input shapes differ; invalid ``reduction``.
        RuntimeError: an input element outside ``[0, 1]``.

    Source: ``torch.nn.functional.binary_cross_entropy``.

    Example::

        >>> F.binary_cross_entropy(pyt.tensor([0.5]), pyt.tensor([1.0]))
        tensor(0.6931)
    """
    _check_tensor(input, "binary_cross_entropy")
    _check_tensor(target, "binary_cross_entropy", "target")
    _require_floating("binary_cross_entropy", "binary_cross_entropy", input)
    reduction = _get_reduction(reduction, size_average, reduce)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(
            f"Using a target size ({_size(target)}) that is different to the input size "
            f"({_size(input)}) is deprecated. Please ensure they have the same size."
        )
    if input.numel() > 0:
        with pyt.no_grad():
            bad = ((input < 0) | (input > 1)).any().item()
        if bad:
            raise RuntimeError("all elements of input should be between 0 and 1")
    log_x = input.log().clamp(min=-100)
    log_1mx = (1 - input).log().clamp(min=-100)
    loss = ((target - 1) * log_1mx - target * log_x)
    if weight is not None:
        _broadcast_shape(weight.shape, target.shape, "binary_cross_entropy")
        loss = loss * weight
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean",
    pos_weight=None,
):
    """Sigmoid + binary cross-entropy in one numerically stable expression (a fused C++
    kernel for float32/float64).

    ``loss = (1 - y) x - (1 + (pos_weight - 1) y) log_sigmoid(x)``, times ``weight``.

    Args:
        input (Tensor): logits ``(*)``, floating dtype.
        target (Tensor): same shape, values in ``[0, 1]``.
        weight (Tensor, optional): rescaling weights broadcastable to ``input``.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.
        pos_weight (Tensor, optional): weight of positive examples, broadcastable to the
            input along the class (last) dim, e.g. ``(C,)``.

    Returns:
        Tensor: a scalar, or ``(*)`` with ``reduction="none"``.

    Raises:
        ValueError: target and input shapes differ; invalid ``reduction``.
        RuntimeError: ``weight``/``pos_weight`` that do not broadcast; an integer ``target``
            ("result type Float can't be cast to the desired output type Long", as torch).

    Source: ``torch.nn.functional.binary_cross_entropy_with_logits``.

    Example::

        >>> F.binary_cross_entropy_with_logits(pyt.zeros(2), pyt.ones(2))
        tensor(0.6931)
    """
    _check_tensor(input, "binary_cross_entropy_with_logits")
    _check_tensor(target, "binary_cross_entropy_with_logits", "target")
    _require_floating("binary_cross_entropy_with_logits", "log_sigmoid_cpu", input)
    reduction = _get_reduction(reduction, size_average, reduce)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(
            f"Target size ({_size(target)}) must be the same as input size ({_size(input)})"
        )
    t_dt = str(target.dtype).replace("pyt.", "")
    if not target.dtype.is_floating_point and t_dt not in ("bool", "complex64", "complex128"):
        # torch computes the loss in place into the target's type: an integer target fails.
        from pyt._out import _TYPE_NAME

        in_dt = str(input.dtype).replace("pyt.", "")
        raise RuntimeError(
            f"result type {_TYPE_NAME.get(in_dt, in_dt)} can't be cast to the desired output "
            f"type {_TYPE_NAME.get(t_dt, t_dt)}"
        )
    fused = (
        input.dtype in (pyt.float32, pyt.float64)
        and target.dtype.is_floating_point
        and not (weight is not None and weight.requires_grad)
        and not (pos_weight is not None and pos_weight.requires_grad)
    )
    if fused:
        return _C._nn.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction)
    # Other dtypes, or weights that need a gradient: the same formula from pyt ops.
    log_sig = _log_sigmoid(input)
    if pos_weight is not None:
        _broadcast_shape(pos_weight.shape, target.shape, "binary_cross_entropy_with_logits")
        log_weight = (pos_weight - 1) * target + 1
        loss = (1 - target) * input - log_weight * log_sig
    else:
        loss = (1 - target) * input - log_sig
    if weight is not None:
        _broadcast_shape(weight.shape, loss.shape, "binary_cross_entropy_with_logits")
        loss = loss * weight
    return _reduce(loss, reduction)


# ---------------------------------------------------------------------------- divergence
def kl_div(
    input, target, size_average=None, reduce=None, reduction="mean", log_target=False
):
    """Kullback-Leibler divergence ``target * (log target - input)`` (input: log-probs).

    Args:
        input (Tensor): log-probabilities ``(*)``.
        target (Tensor): probabilities (or log-probabilities with ``log_target=True``),
            broadcastable to ``input``.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"batchmean"`` (sum / batch size, the mathematical
            KL), ``"sum"`` or ``"mean"`` (default; warns, divides by every element).
        log_target (bool): ``target`` is given in log space. Default ``False``.

    Returns:
        Tensor: a scalar, or the broadcast shape with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``.

    Source: ``torch.nn.functional.kl_div``.

    Example::

        >>> p = pyt.tensor([0.5, 0.5])
        >>> F.kl_div(p.log(), p, reduction="sum")
        tensor(0.)
    """
    _check_tensor(input, "kl_div")
    _check_tensor(target, "kl_div", "target")
    _refuse_integral("kl_div", "Integral inputs not supported.", input, target)
    if size_average is not None or reduce is not None:
        red = _legacy_get_string(size_average, reduce)
    else:
        if reduction == "mean":
            warnings.warn(
                "reduction: 'mean' divides the total loss by both the batch size and the "
                "support size.'batchmean' divides only by the batch size, and aligns with "
                "the KL div math definition.'mean' will be changed to behave the same as "
                "'batchmean' in the next major release.",
                stacklevel=2,
            )
        red = "sum" if reduction == "batchmean" else _get_reduction(reduction)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        # xlogy(target, target): 0 where target == 0.
        safe = pyt.where(target == 0, pyt.ones_like(target), target)
        loss = target * safe.log() - target * input
    reduced = _reduce(loss, red)
    if reduction == "batchmean" and input.dim() != 0:
        reduced = reduced / input.shape[0]
    return reduced


# ---------------------------------------------------------------------------- margins
def cosine_embedding_loss(
    input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"
):
    """``1 - cos(x1, x2)`` for ``y = 1``, ``max(0, cos(x1, x2) - margin)`` for ``y = -1``.

    Args:
        input1 (Tensor): ``(N, D)`` or ``(D)``.
        input2 (Tensor): same shape as ``input1``.
        target (Tensor): ``(N)`` or ``()``, values 1 or -1.
        margin (float): in ``[-1, 1]``. Default 0.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(N)`` with ``reduction="none"``.

    Raises:
        RuntimeError: target not 0-d/1-d, or inputs of mismatched dimension.
        ValueError: invalid ``reduction``.

    Source: ``torch.nn.functional.cosine_embedding_loss``.

    Example::

        >>> F.cosine_embedding_loss(pyt.ones(1, 2), pyt.ones(1, 2), pyt.tensor([1]))
        tensor(0.)
    """
    for t, n in ((input1, "input1"), (input2, "input2"), (target, "target")):
        _check_tensor(t, "cosine_embedding_loss", n)
    reduction = _get_reduction(reduction, size_average, reduce)
    targ_dim = target.dim()
    if targ_dim not in (0, 1):
        raise RuntimeError(
            f"0D or 1D target tensor expected, multi-target not supported, got "
            f"{targ_dim}D target"
        )
    if targ_dim == 1:
        if not (input1.dim() == 2 and input2.dim() == 2):
            raise RuntimeError(
                f"1D target tensor expects 2D input tensors, but found inputs with sizes "
                f"{list(input1.shape)} and {list(input2.shape)}."
            )
    elif not (input1.dim() == 1 and input2.dim() == 1):
        raise RuntimeError(
            f"0D target tensor expects 1D input tensors, but found inputs with sizes "
            f"{list(input1.shape)} and {list(input2.shape)}."
        )
    eps = 1e-12
    d = targ_dim
    prod_sum = (input1 * input2).sum(d)
    mag1 = (input1 * input1).sum(d) + eps
    mag2 = (input2 * input2).sum(d) + eps
    cos = prod_sum / (mag1 * mag2).sqrt()
    zeros = pyt.zeros_like(cos)
    pos = 1 - cos
    neg = (cos - margin).clamp(min=0)
    loss = pyt.where(target == 1, pos, zeros) + pyt.where(target == -1, neg, zeros)
    return _reduce(loss, reduction)


def margin_ranking_loss(
    input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"
):
    """``max(0, -y (x1 - x2) + margin)``: ``y = 1`` means ``x1`` should rank higher.

    Args:
        input1 (Tensor): ``(N)`` or ``()``.
        input2 (Tensor): same dimension as ``input1``.
        target (Tensor): same dimension, values 1 or -1.
        margin (float): default 0.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(N)`` with ``reduction="none"``.

    Raises:
        RuntimeError: inputs of different dimension.
        ValueError: invalid ``reduction``.

    Source: ``torch.nn.functional.margin_ranking_loss``.

    Example::

        >>> F.margin_ranking_loss(pyt.tensor([1.]), pyt.tensor([2.]), pyt.tensor([1.]))
        tensor(1.)
    """
    for t, n in ((input1, "input1"), (input2, "input2"), (target, "target")):
        _check_tensor(t, "margin_ranking_loss", n)
    reduction = _get_reduction(reduction, size_average, reduce)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got "
            f"sizes: input1: {_size(input1)}, input2: {_size(input2)}, target: "
            f"{_size(target)} "
        )
    # margin is a float, as in torch: integer inputs give a float32 loss
    loss = (target.neg() * (input1 - input2) + float(margin)).clamp(min=0)
    return _reduce(loss, reduction)


def _pairwise_distance(x1, x2, p, eps):
    dim = max(x1.dim(), x2.dim(), 1) - 1
    return (x1 - x2 + eps).norm(p, dim)


def triplet_margin_loss(
    anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
    reduce=None, reduction="mean",
):
    """``max(0, d(a, p) - d(a, n) + margin)`` with ``d`` the ``p``-norm distance.

    Args:
        anchor (Tensor): ``(N, D)`` or ``(D)``.
        positive (Tensor): same shape.
        negative (Tensor): same shape.
        margin (float): must be positive. Default 1.
        p (float): norm degree of the distance. Default 2.
        eps (float): added to the difference for stability. Default 1e-6.
        swap (bool): use ``min(d(a, n), d(p, n))`` (Balntas et al., 2016). Default ``False``.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(N)`` with ``reduction="none"``.

    Raises:
        ValueError: ``margin <= 0``; invalid ``reduction``.
        RuntimeError: the three inputs have different dimensions.

    Source: ``torch.nn.functional.triplet_margin_loss``.

    Example::

        >>> a = pyt.zeros(1, 2)
        >>> F.triplet_margin_loss(a, a, a + 3).item() == 0
        True
    """
    for t, n in ((anchor, "anchor"), (positive, "positive"), (negative, "negative")):
        _check_tensor(t, "triplet_margin_loss", n)
    reduction = _get_reduction(reduction, size_average, reduce)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a_dim, p_dim, n_dim = anchor.dim(), positive.dim(), negative.dim()
    if not (a_dim == p_dim and p_dim == n_dim):
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {a_dim}D, positive {p_dim}D, and negative "
            f"{n_dim}D inputs"
        )
    d_pos = _pairwise_distance(anchor, positive, p, eps)
    d_neg = _pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = pyt.minimum(d_neg, _pairwise_distance(positive, negative, p, eps))
    loss = (d_pos - d_neg + margin).clamp(min=0)
    return _reduce(loss, reduction)


def triplet_margin_with_distance_loss(
    anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False, reduction="mean"
):
    """``max(0, margin + d(a, p) - d(a, n))`` with a distance of the caller's choice.

    Args:
        anchor (Tensor): ``(N, *)`` or unbatched ``(*)``.
        positive (Tensor): same number of dims as ``anchor``.
        negative (Tensor): same number of dims as ``anchor``.
        distance_function (callable, optional): ``d(x1, x2)`` returning distances of shape
            ``(N)`` (or ``()``); default :func:`pairwise_distance` (2-norm, eps 1e-6).
        margin (float): must be positive. Default 1.
        swap (bool): use ``min(d(a, n), d(p, n))`` (Balntas et al., 2016). Default ``False``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or the distances' shape with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``; ``margin <= 0``.
        RuntimeError: the three inputs have different numbers of dimensions.

    Source: ``torch.nn.functional.triplet_margin_with_distance_loss``.

    Example::

        >>> a = pyt.zeros(1, 2)
        >>> F.triplet_margin_with_distance_loss(a, a, a + 3).item() == 0
        True
    """
    for t, n in ((anchor, "anchor"), (positive, "positive"), (negative, "negative")):
        _check_tensor(t, "triplet_margin_with_distance_loss", n)
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a_dim, p_dim, n_dim = anchor.dim(), positive.dim(), negative.dim()
    if not (a_dim == p_dim and p_dim == n_dim):
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {a_dim}D, positive {p_dim}D, and negative "
            f"{n_dim}D inputs"
        )
    if distance_function is None:
        from pyt.nn._functional_norm import pairwise_distance as distance_function
    dist_pos = distance_function(anchor, positive)
    dist_neg = distance_function(anchor, negative)
    if swap:
        dist_neg = pyt.minimum(dist_neg, distance_function(positive, negative))
    loss = pyt.clamp_min(margin + dist_pos - dist_neg, 0)
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    return loss


def hinge_embedding_loss(
    input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"
):
    """``x`` where ``y = 1``; ``max(0, margin - x)`` where ``y = -1`` (x: a distance).

    Args:
        input (Tensor): ``(*)``.
        target (Tensor): broadcastable to ``input``, values 1 or -1.
        margin (float): default 1.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(*)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``.

    Source: ``torch.nn.functional.hinge_embedding_loss``.

    Example::

        >>> F.hinge_embedding_loss(pyt.tensor([0.3]), pyt.tensor([-1.]))
        tensor(0.7000)
    """
    _check_tensor(input, "hinge_embedding_loss")
    _check_tensor(target, "hinge_embedding_loss", "target")
    _refuse_integral("hinge_embedding_loss", _MEAN_INT, input, target)
    reduction = _get_reduction(reduction, size_average, reduce)
    zeros = pyt.zeros_like(input)
    margin_clamp = (margin - input).clamp(min=0)
    loss = pyt.where(target != 1, margin_clamp, zeros) + pyt.where(target != -1, input, zeros)
    return _reduce(loss, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Two-class logistic loss ``log(1 + exp(-y x))``.

    One fused C++ op (grad_fn ``SoftMarginLossBackward0``), computed as a stable softplus
    (finite where torch's direct ``log1p(exp(.))`` overflows). As torch, it has no gradient
    for ``target`` (a target that requires grad raises RuntimeError).

    Args:
        input (Tensor): ``(*)``.
        target (Tensor): same shape, values 1 or -1.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(*)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``.

    Source: ``torch.nn.functional.soft_margin_loss``.

    Example::

        >>> F.soft_margin_loss(pyt.zeros(2), pyt.ones(2))
        tensor(0.6931)
    """
    _check_tensor(input, "soft_margin_loss")
    _check_tensor(target, "soft_margin_loss", "target")
    _refuse_integral("soft_margin_loss", _CAST_INT, input, target)
    reduction = _get_reduction(reduction, size_average, reduce)
    # one fused C++ op (SoftMarginLossBackward0), a stable softplus of -target * input
    return _C._nn.soft_margin_loss(input, target, reduction)


def multilabel_soft_margin_loss(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean"
):
    """Multi-label one-vs-all logistic loss, averaged over the ``C`` classes.

    ``loss = -mean_c(y_c log sigmoid(x_c) + (1 - y_c) log sigmoid(-x_c))``, times ``weight``.

    Args:
        input (Tensor): ``(N, C)`` or ``(C)``.
        target (Tensor): same shape, values 0 or 1.
        weight (Tensor, optional): ``(C)`` per-class weights.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(N)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``.

    Source: ``torch.nn.functional.multilabel_soft_margin_loss``.

    Example::

        >>> F.multilabel_soft_margin_loss(pyt.zeros(1, 2), pyt.ones(1, 2))
        tensor(0.6931)
    """
    _check_tensor(input, "multilabel_soft_margin_loss")
    _check_tensor(target, "multilabel_soft_margin_loss", "target")
    _require_floating("multilabel_soft_margin_loss", "log_sigmoid_cpu", input)
    if size_average is not None or reduce is not None:
        reduction = _legacy_get_string(size_average, reduce)
    fused = (
        tuple(input.shape) == tuple(target.shape)
        and input.dim() > 0
        and input.dtype in (pyt.float32, pyt.float64)
        and target.dtype == input.dtype
        and not (weight is not None and weight.requires_grad)
    )
    if fused:
        # -(y log_sigmoid(x) + (1 - y) log_sigmoid(-x)) is binary_cross_entropy_with_logits'
        # elementwise loss: one fused pass (times weight) instead of a dozen ops
        loss = _C._nn.binary_cross_entropy_with_logits(input, target, weight, None, "none")
    else:
        loss = -(target * _log_sigmoid(input) + (1 - target) * _log_sigmoid(input.neg()))
        if weight is not None:
            loss = loss * weight
    class_dim = input.dim() - 1
    C = input.shape[class_dim]
    loss = loss.sum(class_dim) / C
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return _reduce(loss, reduction)


def multi_margin_loss(
    input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"
):
    """Multi-class hinge loss: per sample
    ``sum_{i != y} weight[y] * max(0, margin - x[y] + x[i])^p / C``.

    One fused C++ op (grad_fn ``MultiMarginLossBackward0``).

    Args:
        input (Tensor): ``(N, C)`` or ``(C)`` scores, float32/float64.
        target (Tensor): ``(N)`` (or ``()``) int64 class indices in ``[0, C)``.
        p (int): 1 or 2. margin (float): Default 1.
        weight (Tensor, optional): ``(C)`` class weights (no gradient, as torch).
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"`` (gives ``(N)``), ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(N)`` with ``reduction="none"``.

    Raises:
        ValueError: ``p`` not 1 or 2; ``weight`` not 1-d; invalid ``reduction``.
        RuntimeError: bad shapes, a target out of range, a non-int64 target.
        NotImplementedError: an input dtype other than float32/float64.

    Source: ``torch.nn.functional.multi_margin_loss``.

    Example::

        >>> F.multi_margin_loss(pyt.tensor([[0.1, 0.2, 0.4, 0.8]]), pyt.tensor([3]))
        tensor(0.3250)
    """
    _check_tensor(input, "multi_margin_loss")
    _check_tensor(target, "multi_margin_loss", "target")
    reduction = _get_reduction(reduction, size_average, reduce)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    return _C._nn.multi_margin_loss(input, target, int(p), float(margin), weight, reduction)


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Multi-label hinge loss: per sample
    ``sum_{j in targets, i not in targets} max(0, 1 - (x[j] - x[i])) / C``.

    ``target`` holds class indices, the list ending at the first ``-1``. One fused C++ op
    (grad_fn ``MultilabelMarginLossBackward0``).

    Args:
        input (Tensor): ``(N, C)`` or ``(C)``, float32/float64.
        target (Tensor): int64, the input's shape, values in ``[-1, C)``.
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"`` (gives ``(N)``), ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(N)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``.
        RuntimeError: bad shapes, a target value out of range, a non-int64 target.

    Source: ``torch.nn.functional.multilabel_margin_loss``.

    Example::

        >>> F.multilabel_margin_loss(pyt.tensor([[0.1, 0.2, 0.4, 0.8]]), pyt.tensor([[3, 0, -1, 1]]))
        tensor(0.8500)
    """
    _check_tensor(input, "multilabel_margin_loss")
    _check_tensor(target, "multilabel_margin_loss", "target")
    reduction = _get_reduction(reduction, size_average, reduce)
    return _C._nn.multilabel_margin_loss(input, target, reduction)


# ---------------------------------------------------------------------------- likelihoods
def poisson_nll_loss(
    input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
    reduction="mean",
):
    """Poisson negative log-likelihood of ``target`` given rate ``input``.

    ``exp(x) - y x`` with ``log_input=True``, else ``x - y log(x + eps)``; ``full`` adds
    Stirling's term ``y log y - y + 0.5 log(2 pi y)`` where ``y > 1``.

    Args:
        input (Tensor): ``(*)``, the log-rate (or the rate).
        target (Tensor): ``(*)``, counts.
        log_input (bool): ``input`` is the log of the rate. Default ``True``.
        full (bool): add Stirling's approximation term. Default ``False``.
        size_average, reduce: deprecated; use ``reduction``.
        eps (float): avoids ``log(0)`` when ``log_input=False``. Default 1e-8.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or ``(*)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``.

    Source: ``torch.nn.functional.poisson_nll_loss``.

    Example::

        >>> F.poisson_nll_loss(pyt.zeros(2), pyt.ones(2))
        tensor(1.)
    """
    _check_tensor(input, "poisson_nll_loss")
    _check_tensor(target, "poisson_nll_loss", "target")
    if size_average is not None or reduce is not None:
        reduction = _legacy_get_string(size_average, reduce)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not a valid value for reduction")
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        # torch's expression as is (its target gradient is NaN at target == 0 too)
        stirling = target * target.log() - target + (target * (2 * math.pi)).log() * 0.5
        loss = loss + pyt.where(target <= 1, pyt.zeros_like(stirling), stirling)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """Gaussian negative log-likelihood ``0.5 (log(var) + (input - target)^2 / var)``.

    Args:
        input (Tensor): ``(N, *)`` or ``(*)``, the expected values.
        target (Tensor): same shape (or broadcastable).
        var (Tensor or float): variances: the input's shape, the input's shape without the
            last dim or with one dim of size 1 (homoscedastic), or a float.
        full (bool): add the constant ``0.5 log(2 pi)``. Default ``False``.
        eps (float): ``var`` is clamped to ``>= eps`` (without gradient). Default 1e-6.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        Tensor: a scalar, or the input's shape with ``reduction="none"``.

    Raises:
        ValueError: negative ``var``; ``var`` of an incompatible size; invalid ``reduction``.

    Source: ``torch.nn.functional.gaussian_nll_loss`` (Nix & Weigend, 1994).

    Example::

        >>> F.gaussian_nll_loss(pyt.zeros(2), pyt.zeros(2), pyt.ones(2))
        tensor(0.)
    """
    _check_tensor(input, "gaussian_nll_loss")
    _check_tensor(target, "gaussian_nll_loss", "target")
    _refuse_integral("gaussian_nll_loss", _CAST_INT, input, target, var)
    if isinstance(var, (int, float)) and not isinstance(var, bool):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = float(var) * pyt.ones_like(input)
    else:
        _check_tensor(var, "gaussian_nll_loss", "var")
        with pyt.no_grad():
            negative = var.numel() > 0 and bool((var < 0).any().item())
        if negative:
            raise ValueError("var has negative entry/entries")
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape)[:-1] == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif input.dim() == var.dim() and sum(
            y for x, y in zip(input.shape, var.shape) if x != y
        ) == 1:
            pass
        else:
            raise ValueError("var is of incorrect size")
    if reduction != "none" and reduction != "mean" and reduction != "sum":
        raise ValueError(reduction + " is not valid")
    # Clamp for stability without letting the clamp block the gradient (as torch's in-place
    # clamp_ under no_grad): var + (clamped - var).detach().
    with pyt.no_grad():
        delta = var.clamp(min=eps) - var
    var = var + delta
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


# ---------------------------------------------------------------------------- CTC
def ctc_loss(
    log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
    zero_infinity=False,
):
    """Connectionist Temporal Classification loss (Graves et al., 2006).

    The negative log-likelihood of each target sequence, summed over all its alignments to
    the input (blank-separated, repeats merged), computed by the alpha-beta recursion in
    log space in a fused C++ kernel with a C++ backward (torch's CPU algorithm).

    Args:
        log_probs (Tensor): ``(T, N, C)`` or ``(T, C)`` log-probabilities (e.g. from
            ``log_softmax``), float32 or float64.
        targets (Tensor): ``(N, S)`` padded targets, or ``(sum(target_lengths),)``
            concatenated targets; integer class indices not equal to ``blank``.
        input_lengths (Tensor or tuple of int): ``(N)``, each ``<= T``.
        target_lengths (Tensor or tuple of int): ``(N)``, each ``<= S``.
        blank (int): the blank label. Default 0.
        reduction (str): ``"none"`` (per-sample ``(N)``), ``"sum"``, or ``"mean"`` (default:
            each loss divided by its target length, then averaged over the batch).
        zero_infinity (bool): replace infinite losses (impossible alignments) and their
            gradients by zero. Default ``False``.

    Returns:
        Tensor: a scalar, or ``(N)`` with ``reduction="none"``.

    Raises:
        ValueError: invalid ``reduction``.
        RuntimeError: shapes, lengths or ``blank`` out of range (naming the sample).

    Source: ``torch.nn.functional.ctc_loss``.

    Example::

        >>> lp = pyt.randn(50, 2, 20).log_softmax(2)
        >>> tg = pyt.randint(1, 20, (2, 10))
        >>> F.ctc_loss(lp, tg, (50, 50), (10, 10)).shape
        pyt.Size([])
    """
    _check_tensor(log_probs, "ctc_loss", "log_probs")
    _check_tensor(targets, "ctc_loss", "targets")
    reduction = _get_reduction(reduction)

    def lengths(x, name):
        if isinstance(x, _C.Tensor):
            if x.dtype.is_floating_point or x.dtype == pyt.bool:
                raise RuntimeError(f"ctc_loss: {name} must be integral, got {x.dtype}")
            return [int(v) for v in x.reshape(-1).tolist()]
        return [int(v) for v in x]

    il = lengths(input_lengths, "input_lengths")
    tl = lengths(target_lengths, "target_lengths")
    unbatched = log_probs.dim() == 2
    lp = log_probs.unsqueeze(1) if unbatched else log_probs
    tg = targets
    if unbatched and targets.dim() == 1 and len(tl) == 1 and len(il) == 1:
        tg = targets.unsqueeze(0)
    loss = _C._nn.ctc_loss(lp, tg.long(), il, tl, int(blank), bool(zero_infinity))
    if zero_infinity:
        loss = pyt.where(loss == math.inf, pyt.zeros_like(loss), loss)
    if reduction == "mean":
        tlt = pyt.tensor(tl, dtype=loss.dtype).clamp(min=1)
        out = (loss / tlt).mean()
    elif reduction == "sum":
        out = loss.sum()
    else:
        out = loss
    if unbatched and reduction == "none":
        out = out.squeeze(0)
    return out
