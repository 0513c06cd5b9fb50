"""Parametrizations built on ``parametrize`` (torch/nn/utils/parametrizations.py):
``weight_norm``, ``spectral_norm``."""

import pyt
from pyt import _C
from pyt.autograd.grad_mode import no_grad
from pyt.nn import functional as F
from pyt.nn.modules.module import Module
from pyt.nn.utils import parametrize
from pyt.nn.utils.weight_norm import _weight_norm, norm_except_dim

__all__ = ["weight_norm", "spectral_norm"]


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


class _SpectralNorm(Module):
    """The spectral-norm parametrization: ``weight / sigma`` with ``sigma = u^T W v`` from
    the buffers ``_u`` and ``_v``, refined by power iteration in training mode (a 1-D weight
    is just normalised)."""

    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError(
                "Dimension out of range (expected to be in range of "
                f"[-{ndim}, {ndim - 1}] but got {dim})"
            )
        if n_power_iterations <= 0:
            raise ValueError(
                "Expected n_power_iterations to be positive, but "
                f"got n_power_iterations={n_power_iterations}"
            )
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            weight_mat = self._reshape_weight_to_matrix(weight)
            h, w = weight_mat.size()
            with no_grad():
                u = weight_mat.new_empty(h).normal_(0, 1)
                v = weight_mat.new_empty(w).normal_(0, 1)
                self.register_buffer("_u", F.normalize(u, dim=0, eps=self.eps))
                self.register_buffer("_v", F.normalize(v, dim=0, eps=self.eps))
            self._power_method(weight_mat, 15)

    def _reshape_weight_to_matrix(self, weight):
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.flatten(1)

    def _power_method(self, weight_mat, n_power_iterations):
        # u = normalize(W v), v = normalize(W^T u), in place in the buffers
        with no_grad():
            for _ in range(n_power_iterations):
                F.normalize(pyt.mv(weight_mat, self._v), dim=0, eps=self.eps, out=self._u)
                F.normalize(pyt.mv(weight_mat.t(), self._u), dim=0, eps=self.eps, out=self._v)

    def forward(self, weight):
        if weight.ndim == 1:
            return F.normalize(weight, dim=0, eps=self.eps)
        weight_mat = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        u = self._u.clone()
        v = self._v.clone()
        sigma = pyt.dot(u, pyt.mv(weight_mat, v))
        return weight / sigma

    def right_inverse(self, value):
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    r"""Spectral normalisation as a parametrization: ``module.<name>`` is computed as
    ``W / sigma(W)``, ``sigma = u^T W_mat v`` with ``W_mat`` the weight reshaped to
    ``(size(dim), -1)`` and ``u``, ``v`` the buffers
    ``module.parametrizations.<name>[0]._u`` / ``._v`` (``state_dict`` keys
    ``parametrizations.<name>.original``, ``parametrizations.<name>.0._u``,
    ``parametrizations.<name>.0._v``, as torch), refined by ``n_power_iterations`` power
    iterations at each access in training mode (15 at registration). A 1-D weight is divided
    by its 2-norm.

    Args:
        module (Module): the module.
        name (str): the parameter or buffer. Default ``"weight"``.
        n_power_iterations (int): power iterations per access, ``> 0``. Default 1.
        eps (float): normalisation epsilon. Default 1e-12.
        dim (int, optional): the output dim; default 1 for ``ConvTranspose{1,2,3}d``, else 0.

    Returns:
        Module: ``module`` (class ``Parametrized<Class>``).

    Raises:
        ValueError: ``name`` is not a parameter or buffer, or ``n_power_iterations <= 0``.
        IndexError: ``dim`` out of range for the weight.

    Source: ``torch.nn.utils.parametrizations.spectral_norm`` (Miyato et al., 2018).

    Example::

        >>> m = pyt.nn.utils.parametrizations.spectral_norm(pyt.nn.Linear(20, 40))
        >>> m.parametrizations.weight[0]._u.shape
        pyt.Size([40])
    """
    from pyt.nn.utils.spectral_norm import _transposed_conv_dim

    weight = getattr(module, name, None)
    if not isinstance(weight, _C.Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    dim = _transposed_conv_dim(module, dim)
    parametrize.register_parametrization(
        module, name, _SpectralNorm(weight, n_power_iterations, dim, eps)
    )
    return module
