"""Flatten parameters into one vector and back (torch/nn/utils/convert_parameters.py)."""

import pyt
from pyt import _C

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters):
    """Concatenate the flattened parameters into one 1-D tensor (differentiable).

    Args:
        parameters (Iterable[Tensor]): e.g. ``model.parameters()``.

    Returns:
        Tensor: ``(sum of numel,)``, with a ``CatBackward0`` history when they require grad.

    Raises:
        RuntimeError: an empty iterable (nothing to concatenate).

    Source: ``torch.nn.utils.parameters_to_vector``.

    Example::

        >>> pyt.nn.utils.parameters_to_vector(pyt.nn.Linear(3, 2).parameters()).shape
        pyt.Size([8])
    """
    vec = [param.reshape(-1) for param in parameters]
    return pyt.cat(vec)


def vector_to_parameters(vec, parameters):
    """Copy slices of a 1-D ``vec`` into the parameters (``param.data`` is replaced).

    Args:
        vec (Tensor): ``(total numel,)``.
        parameters (Iterable[Tensor]): the parameters to overwrite, in order.

    Returns:
        None.

    Raises:
        TypeError: ``vec`` is not a Tensor.
        RuntimeError: ``vec`` is too short for the parameters.

    Source: ``torch.nn.utils.vector_to_parameters``.

    Example::

        >>> lin = pyt.nn.Linear(3, 2)
        >>> pyt.nn.utils.vector_to_parameters(pyt.zeros(8), lin.parameters())
    """
    if not isinstance(vec, _C.Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    pointer = 0
    for param in parameters:
        num_param = param.numel()
        if pointer + num_param > vec.numel():
            raise RuntimeError(
                f"vector_to_parameters: vec of {vec.numel()} elements is too short for the "
                f"parameters (needs at least {pointer + num_param})"
            )
        param.data = vec[pointer:pointer + num_param].view_as(param).detach()
        pointer += num_param
