"""Parametrizations built on ``parametrize`` (torch/nn/utils/parametrizations.py):
``weight_norm``."""

from pyt.nn.modules.module import Module
from pyt.nn.utils import parametrize
from pyt.nn.utils.weight_norm import _weight_norm, norm_except_dim

__all__ = ["weight_norm"]


class _WeightNorm(Module):
    def __init__(self, dim=0):
        super().__init__()
        if dim is None:
            dim = -1
        self.dim = dim

    def forward(self, weight_g, weight_v):
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        weight_g = norm_except_dim(weight, 2, self.dim)
        weight_v = weight
        return weight_g, weight_v


def weight_norm(module, name="weight", dim=0):
    """Weight normalisation as a parametrization: ``w = g * v / ||v||``.

    ``g`` is ``module.parametrizations.<name>.original0`` (the norms) and ``v`` is
    ``original1`` (the direction), which are also the ``state_dict`` keys, as torch's.

    Args:
        module (Module): the module.
        name (str): the parameter. Default ``"weight"``.
        dim (int or None): the dim kept by the norm; ``None`` for the whole tensor.
            Default 0.

    Returns:
        Module: ``module`` (class ``Parametrized<Class>``).

    Raises:
        ValueError: ``name`` is not a parameter or buffer.

    Source: ``torch.nn.utils.parametrizations.weight_norm`` (Salimans & Kingma, 2016).

    Example::

        >>> m = pyt.nn.utils.parametrizations.weight_norm(pyt.nn.Linear(20, 40))
        >>> m.parametrizations.weight.original0.shape
        pyt.Size([40, 1])
    """
    _weight_norm_mod = _WeightNorm(dim)
    parametrize.register_parametrization(module, name, _weight_norm_mod, unsafe=True)
    return module
