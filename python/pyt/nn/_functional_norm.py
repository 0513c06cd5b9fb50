"""Normalisation functions of ``pyt.nn.functional`` (torch/nn/functional.py).

``layer_norm``, ``batch_norm``, ``group_norm`` and ``rms_norm`` are fused C++ kernels with
fused backward (``pyt._C._nn``); ``instance_norm`` runs ``batch_norm`` over the input viewed
as one sample of ``N * C`` channels, as torch does. Re-exported from ``pyt.nn.functional``.
"""

from pyt import _C

__all__ = ["layer_norm"]


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
        input (Tensor): ``(*, *normalized_shape)``, float32 or float64.
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
