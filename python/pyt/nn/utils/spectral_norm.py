"""Spectral normalisation as a forward pre-hook (torch/nn/utils/spectral_norm.py):
``spectral_norm`` / ``remove_spectral_norm``."""

import pyt
from pyt.autograd.grad_mode import no_grad
from pyt.nn import functional as F
from pyt.nn.parameter import Parameter
from pyt.nn.utils.weight_norm import _remove_hook

__all__ = [
    "SpectralNorm",
    "SpectralNormLoadStateDictPreHook",
    "SpectralNormStateDictHook",
    "spectral_norm",
    "remove_spectral_norm",
]


def _reshape_weight_to_matrix(weight, dim):
    """``weight`` as a ``(weight.size(dim), -1)`` matrix, ``dim`` moved to the front."""
    weight_mat = weight
    if dim != 0:
        weight_mat = weight_mat.permute(dim, *[d for d in range(weight_mat.dim()) if d != dim])
    return weight_mat.reshape(weight_mat.size(0), -1)


def _transposed_conv_dim(module, dim):
    """The default ``dim``: 1 for transposed convolutions (their weight is ``(in, out, ...)``),
    0 otherwise."""
    if dim is not None:
        return dim
    from pyt.nn import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d

    return 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0


class SpectralNorm:
    r"""The forward pre-hook that sets ``module.<name> = <name>_orig / sigma``, where
    ``sigma = u^T W v`` estimates the largest singular value of ``W`` (``<name>_orig``
    reshaped to ``(size(dim), -1)``) and ``u``, ``v`` (buffers ``<name>_u``, ``<name>_v``)
    are refined in place by ``n_power_iterations`` power-iteration steps per training
    forward: ``v = normalize(W^T u)``, ``u = normalize(W v)``.

    Args:
        name (str): the parameter. Default ``"weight"``.
        n_power_iterations (int): power iterations per training forward, ``> 0``.
        dim (int): the output dim of the weight. Default 0.
        eps (float): the normalisation's epsilon. Default 1e-12.

    Returns:
        SpectralNorm: call it as ``hook(module, inputs)``.

    Raises:
        ValueError: ``n_power_iterations <= 0``.

    Source: ``torch.nn.utils.spectral_norm.SpectralNorm`` (Miyato et al., 2018).

    Example::

        >>> fn = SpectralNorm.apply(pyt.nn.Linear(4, 3), "weight", 1, 0, 1e-12)
    """

    _version = 1

    def __init__(self, name="weight", n_power_iterations=1, dim=0, eps=1e-12):
        self.name = name
        self.dim = dim
        if n_power_iterations <= 0:
            raise ValueError(
                "Expected n_power_iterations to be positive, but "
                f"got n_power_iterations={n_power_iterations}"
            )
        self.n_power_iterations = n_power_iterations
        self.eps = eps

    def reshape_weight_to_matrix(self, weight):
        """``weight`` as the ``(size(dim), -1)`` matrix whose spectral norm is taken."""
        return _reshape_weight_to_matrix(weight, self.dim)

    def compute_weight(self, module, do_power_iteration):
        """``<name>_orig / sigma``; with ``do_power_iteration`` the buffers ``u``, ``v`` are
        refined in place first (then cloned, so two forwards can share one backward)."""
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        weight_mat = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            with no_grad():
                for _ in range(self.n_power_iterations):
                    v = F.normalize(pyt.mv(weight_mat.t(), u), dim=0, eps=self.eps, out=v)
                    u = F.normalize(pyt.mv(weight_mat, v), dim=0, eps=self.eps, out=u)
                u = u.clone()
                v = v.clone()
        sigma = pyt.dot(u, pyt.mv(weight_mat, v))
        return weight / sigma

    def remove(self, module):
        """Replace the hook's attributes by a plain Parameter holding the current weight."""
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module, do_power_iteration=module.training))

    def _solve_v_and_rescale(self, weight_mat, u, target_sigma):
        # a v with u = normalize(W v) and u^T W v = sigma (for version-0 state dicts only):
        # v = pinv(W^T W) W^T u; pyt has no pinverse kernel, so this one-off load-time
        # solve runs in numpy
        import numpy as np

        wt = weight_mat.t()
        gram = wt.mm(weight_mat).detach().numpy()
        pinv = pyt.from_numpy(np.linalg.pinv(gram).astype(gram.dtype))
        v = pinv.mm(wt).mm(u.unsqueeze(1)).squeeze(1)
        return v.mul_(target_sigma / pyt.dot(u, pyt.mv(weight_mat, v)))

    @staticmethod
    def apply(module, name, n_power_iterations, dim, eps):
        """Register the hook on ``module``: ``<name>`` becomes ``<name>_orig`` (Parameter),
        plus the buffers ``<name>_u`` and ``<name>_v`` (random, normalised)."""
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise RuntimeError(
                    f"Cannot register two spectral_norm hooks on the same parameter {name}"
                )
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters[name]
        if weight is None:
            raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
        with no_grad():
            weight_mat = fn.reshape_weight_to_matrix(weight)
            h, w = weight_mat.size()
            u = F.normalize(weight.new_empty(h).normal_(0, 1), dim=0, eps=fn.eps)
            v = F.normalize(weight.new_empty(w).normal_(0, 1), dim=0, eps=fn.eps)
        delattr(module, fn.name)
        module.register_parameter(fn.name + "_orig", weight)
        setattr(module, fn.name, weight.data)
        module.register_buffer(fn.name + "_u", u)
        module.register_buffer(fn.name + "_v", v)
        module.register_forward_pre_hook(fn)
        module._register_state_dict_hook(SpectralNormStateDictHook(fn))
        module._register_load_state_dict_pre_hook(SpectralNormLoadStateDictPreHook(fn))
        return fn


class SpectralNormLoadStateDictPreHook:
    """Load-state-dict pre-hook: converts a version-0 state dict (``<name>``, ``_orig``,
    ``_u``, no ``_v``) by solving for ``v``, as torch does.

    Args:
        fn (SpectralNorm): the module's hook.

    Returns:
        The hook object.

    Raises:
        Nothing.

    Source: ``torch.nn.utils.spectral_norm.SpectralNormLoadStateDictPreHook``.

    Example::

        >>> m._register_load_state_dict_pre_hook(SpectralNormLoadStateDictPreHook(fn))
    """

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, state_dict, prefix, local_metadata, strict, missing_keys,
                 unexpected_keys, error_msgs):
        fn = self.fn
        version = local_metadata.get("spectral_norm", {}).get(fn.name + ".version", None)
        if version is None or version < 1:
            weight_key = prefix + fn.name
            if (
                version is None
                and all(weight_key + s in state_dict for s in ("_orig", "_u", "_v"))
                and weight_key not in state_dict
            ):
                return
            has_missing_keys = False
            for suffix in ("_orig", "", "_u"):
                key = weight_key + suffix
                if key not in state_dict:
                    has_missing_keys = True
                    if strict:
                        missing_keys.append(key)
            if has_missing_keys:
                return
            with no_grad():
                weight_orig = state_dict[weight_key + "_orig"]
                weight = state_dict.pop(weight_key)
                sigma = (weight_orig / weight).mean()
                weight_mat = fn.reshape_weight_to_matrix(weight_orig)
                u = state_dict[weight_key + "_u"]
                state_dict[weight_key + "_v"] = fn._solve_v_and_rescale(weight_mat, u, sigma)


class SpectralNormStateDictHook:
    """State-dict hook: records ``spectral_norm.<name>.version`` in the module's metadata.

    Args:
        fn (SpectralNorm): the module's hook.

    Returns:
        The hook object.

    Raises:
        RuntimeError: the metadata already holds the key.

    Source: ``torch.nn.utils.spectral_norm.SpectralNormStateDictHook``.

    Example::

        >>> m._register_state_dict_hook(SpectralNormStateDictHook(fn))
    """

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, module, state_dict, prefix, local_metadata):
        if "spectral_norm" not in local_metadata:
            local_metadata["spectral_norm"] = {}
        key = self.fn.name + ".version"
        if key in local_metadata["spectral_norm"]:
            raise RuntimeError(f"Unexpected key in metadata['spectral_norm']: {key}")
        local_metadata["spectral_norm"][key] = self.fn._version


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    r"""Spectrally normalise ``module.<name>``: before each forward it becomes
    ``<name>_orig / sigma(W)``, ``sigma`` estimated by power iteration (one refinement of
    the buffers ``<name>_u`` (length ``size(dim)``) and ``<name>_v`` per training forward;
    eval mode uses the stored vectors). ``state_dict`` keys: ``<name>_orig``, ``<name>_u``,
    ``<name>_v``, as torch.

    Args:
        module (Module): the module.
        name (str): the parameter. Default ``"weight"``.
        n_power_iterations (int): power iterations per forward, ``> 0``. Default 1.
        eps (float): normalisation epsilon. Default 1e-12.
        dim (int, optional): the output dim; default 1 for ``ConvTranspose{1,2,3}d``, else 0.

    Returns:
        Module: ``module`` with the hook.

    Raises:
        ValueError: ``n_power_iterations <= 0`` or the parameter is None.
        RuntimeError: a spectral_norm hook on ``name`` exists already.
        KeyError: ``module`` has no parameter ``name``.

    Source: ``torch.nn.utils.spectral_norm`` (Miyato et al., 2018, "Spectral Normalization
    for Generative Adversarial Networks").

    Example::

        >>> m = pyt.nn.utils.spectral_norm(pyt.nn.Linear(20, 40))
        >>> m.weight_u.shape
        pyt.Size([40])
    """
    SpectralNorm.apply(module, name, n_power_iterations, _transposed_conv_dim(module, dim), eps)
    return module


def remove_spectral_norm(module, name="weight"):
    """Remove the spectral-norm hook of ``name``: ``module.<name>`` becomes a Parameter
    holding the current normalised weight.

    Args:
        module (Module): the module.
        name (str): the parameter. Default ``"weight"``.

    Returns:
        Module: ``module``.

    Raises:
        ValueError: no spectral_norm hook on ``name``.

    Source: ``torch.nn.utils.remove_spectral_norm``.

    Example::

        >>> m = pyt.nn.utils.remove_spectral_norm(pyt.nn.utils.spectral_norm(pyt.nn.Linear(2, 2)))
    """
    _remove_hook(module._forward_pre_hooks, SpectralNorm, name, "spectral_norm", module)
    for k, hook in module._state_dict_hooks.items():
        if isinstance(hook, SpectralNormStateDictHook) and hook.fn.name == name:
            del module._state_dict_hooks[k]
            break
    for k, hook in module._load_state_dict_pre_hooks.items():
        if isinstance(hook, SpectralNormLoadStateDictPreHook) and hook.fn.name == name:
            del module._load_state_dict_pre_hooks[k]
            break
    return module
