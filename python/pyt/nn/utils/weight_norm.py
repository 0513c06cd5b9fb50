"""Weight normalisation by a forward pre-hook (torch/nn/utils/weight_norm.py):
``w = g * v / ||v||`` with ``g`` and ``v`` the learned parameters ``<name>_g``, ``<name>_v``."""

import warnings

from pyt.nn.parameter import Parameter

__all__ = ["weight_norm", "remove_weight_norm", "norm_except_dim"]


def norm_except_dim(v, pow=2, dim=0):
    """The ``pow``-norm of ``v`` over every dim but ``dim`` (``dim=-1``: over all dims).

    Args:
        v (Tensor): any shape.
        pow (float): p of the norm. Default 2.
        dim (int): the dim kept; -1 for a single 0-d norm. Default 0.

    Returns:
        Tensor: ``v``'s rank with size 1 everywhere but ``dim`` (0-d for ``dim=-1``).

    Raises:
        IndexError: ``dim`` out of range.

    Source: ``torch.norm_except_dim``.

    Example::

        >>> norm_except_dim(pyt.ones(2, 3), 2, 0)
        tensor([[1.7321],
                [1.7321]])
    """
    if dim == -1:
        return v.norm(pow)
    nd = v.dim()
    if not -nd <= dim < nd:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})"
        )
    dim = dim % nd
    others = tuple(d for d in range(nd) if d != dim)
    if not others:
        return v.abs() if pow != 0 else (v != 0).to(v.dtype)
    return v.norm(pow, others, True)


def _weight_norm(v, g, dim):
    return v * (g / norm_except_dim(v, 2, dim))


class WeightNorm:
    """The forward pre-hook that recomputes ``module.<name>`` from ``<name>_g`` and ``<name>_v``.

    Args:
        name (str): the parameter's name.
        dim (int): the dim kept by the norm (-1: the whole tensor).

    Returns:
        WeightNorm: call it as ``hook(module, inputs)``.

    Raises:
        Nothing.

    Source: ``torch.nn.utils.weight_norm.WeightNorm``.

    Example::

        >>> fn = WeightNorm.apply(pyt.nn.Linear(2, 2), "weight", 0)
    """

    def __init__(self, name, dim):
        if dim is None:
            dim = -1
        self.name = name
        self.dim = dim

    def compute_weight(self, module):
        """Return ``g * v / ||v||`` from the module's ``<name>_g`` and ``<name>_v``."""
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_norm(v, g, self.dim)

    @staticmethod
    def apply(module, name, dim):
        """Replace ``module.<name>`` by the ``_g``/``_v`` parameters and register the hook."""
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError(
                    f"Cannot register two weight_norm hooks on the same parameter {name}"
                )
        if dim is None:
            dim = -1
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        del module._parameters[name]
        module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, 2, dim).detach()))
        module.register_parameter(name + "_v", Parameter(weight.detach()))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        """Turn ``module.<name>`` back into a plain Parameter holding the current weight."""
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """Reparametrise ``module.<name>`` as ``g * v / ||v||`` (Salimans & Kingma, 2016).

    Deprecated in torch in favour of :func:`pyt.nn.utils.parametrizations.weight_norm`
    (warns with FutureWarning, as torch). ``state_dict`` then holds ``<name>_g`` (the norms,
    shaped like ``norm_except_dim``) and ``<name>_v`` (the direction).

    Args:
        module (Module): the module.
        name (str): the parameter. Default ``"weight"``.
        dim (int or None): the dim kept by the norm (0: one norm per output unit);
            ``None`` for one norm over the whole tensor. Default 0.

    Returns:
        Module: ``module``, with the hook registered.

    Raises:
        RuntimeError: ``name`` already has a weight_norm.
        KeyError: ``name`` is not a parameter.

    Source: ``torch.nn.utils.weight_norm``.

    Example::

        >>> m = pyt.nn.utils.weight_norm(pyt.nn.Linear(20, 40), name="weight")
        >>> m.weight_g.shape, m.weight_v.shape
        (pyt.Size([40, 1]), pyt.Size([40, 20]))
    """
    warnings.warn(
        "`torch.nn.utils.weight_norm` is deprecated in favor of "
        "`torch.nn.utils.parametrizations.weight_norm`.",
        FutureWarning,
        stacklevel=2,
    )
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module, name="weight"):
    """Undo :func:`weight_norm`: ``module.<name>`` becomes a Parameter again.

    Args:
        module (Module): the module.
        name (str): the parameter. Default ``"weight"``.

    Returns:
        Module: ``module``.

    Raises:
        ValueError: no weight_norm on ``name``.

    Source: ``torch.nn.utils.remove_weight_norm``.

    Example::

        >>> m = pyt.nn.utils.remove_weight_norm(pyt.nn.utils.weight_norm(pyt.nn.Linear(2, 2)))
    """
    _remove_hook(module._forward_pre_hooks, WeightNorm, name, "weight_norm", module)
    return module


def _remove_hook(hooks, cls, name, what, module):
    """Remove from ``hooks`` the ``cls`` hook of parameter ``name`` (calling its
    ``remove(module)``), or raise torch's ValueError "<what> of '<name>' not found in ...".
    Shared by ``remove_weight_norm`` and ``remove_spectral_norm``."""
    for k, hook in hooks.items():
        if isinstance(hook, cls) and hook.name == name:
            hook.remove(module)
            del hooks[k]
            return
    raise ValueError(f"{what} of '{name}' not found in {module}")
