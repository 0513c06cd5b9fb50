"""Parametrizations of tensors of a module (torch/nn/utils/parametrize.py), minimal:
``register_parametrization``, ``remove_parametrizations``, ``is_parametrized`` and
``ParametrizationList``. A parametrized tensor is recomputed from its originals at every
access (no caching)."""

from pyt import _C
from pyt.autograd.grad_mode import no_grad
from pyt.nn.modules.container import ModuleDict, ModuleList
from pyt.nn.parameter import Parameter

__all__ = [
    "register_parametrization",
    "remove_parametrizations",
    "is_parametrized",
    "ParametrizationList",
]


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor and its unparametrized ``original`` (or
    ``original0``, ``original1``... when the first ``right_inverse`` returns a tuple).

    Args:
        modules (sequence of Module): the parametrizations, applied in order.
        original (Tensor): the tensor being parametrized (a Parameter or a buffer).
        unsafe (bool): skip consistency checks. Default ``False``.

    Returns:
        ParametrizationList: calling it returns the parametrized tensor.

    Raises:
        ValueError: a parametrization changes the dtype or shape (unless ``unsafe``).

    Source: ``torch.nn.utils.parametrize.ParametrizationList``.

    Example::

        >>> m = register_parametrization(pyt.nn.Linear(2, 2), "weight", Sym())
        >>> type(m.parametrizations.weight).__name__
        'ParametrizationList'
    """

    def __init__(self, modules, original, unsafe=False):
        if len(modules) == 0:
            raise ValueError("ParametrizationList requires one or more modules.")
        super().__init__(modules)
        self.unsafe = unsafe
        with no_grad():
            new = original
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    new = module.right_inverse(new)
        requires_grad = original.requires_grad
        if isinstance(new, _C.Tensor):
            self.is_tensor = True
            self.ntensors = 1
            with no_grad():
                if new is not original:
                    original.data = new.detach().clone()
            if isinstance(original, Parameter):
                self.register_parameter("original", original)
            else:
                self.register_buffer("original", original)
        else:
            self.is_tensor = False
            self.ntensors = len(new)
            for i, originali in enumerate(new):
                if not isinstance(originali, _C.Tensor):
                    raise ValueError(
                        "'right_inverse' must return a Tensor or a Sequence of tensors "
                        f"(list, tuple...). Got element {i} of type {type(originali).__name__}"
                    )
                if isinstance(original, Parameter):
                    self.register_parameter(
                        f"original{i}", Parameter(originali.detach().clone(), requires_grad)
                    )
                else:
                    self.register_buffer(f"original{i}", originali.detach().clone())
        if not self.unsafe:
            z = self()
            if not isinstance(z, _C.Tensor):
                raise ValueError(
                    f"A parametrization must return a tensor. Got {type(z).__name__}."
                )
            if z.dtype != original.dtype:
                raise ValueError(
                    "Registering a parametrization may not change the dtype of the tensor, "
                    f"unless `unsafe` flag is enabled.\nunparametrized dtype: {original.dtype}"
                    f"\nparametrized dtype: {z.dtype}"
                )
            if tuple(z.shape) != tuple(original.shape):
                raise ValueError(
                    "Registering a parametrization may not change the shape of the tensor, "
                    "unless `unsafe` flag is enabled.\n"
                    f"unparametrized shape: {tuple(original.shape)}\n"
                    f"parametrized shape: {tuple(z.shape)}"
                )

    def right_inverse(self, value):
        """Set the originals so that the parametrized tensor becomes ``value``.

        Args:
            value (Tensor): the new parametrized value.

        Returns:
            None.

        Raises:
            ValueError: ``right_inverse`` returned the wrong number of tensors.

        Source: ``torch.nn.utils.parametrize.ParametrizationList.right_inverse``.

        Example::

            >>> m.parametrizations.weight.right_inverse(pyt.eye(2))
        """
        with no_grad():
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    value = module.right_inverse(value)
            if self.is_tensor:
                self.original.copy_(value)
            else:
                if not isinstance(value, (list, tuple)) or len(value) != self.ntensors:
                    raise ValueError(
                        f"'right_inverse' must return a sequence of tensors of length "
                        f"{self.ntensors}."
                    )
                for i, tensor in enumerate(value):
                    getattr(self, f"original{i}").copy_(tensor)

    def forward(self):
        """Return the parametrized tensor: the parametrizations applied to the originals."""
        mods = list(self)
        if self.is_tensor:
            x = mods[0](self.original)
        else:
            x = mods[0](*(getattr(self, f"original{i}") for i in range(self.ntensors)))
        for module in mods[1:]:
            x = module(x)
        return x


def is_parametrized(module, tensor_name=None):
    """Whether ``module`` has parametrizations (on ``tensor_name``, if given).

    Args:
        module (Module): the module.
        tensor_name (str, optional): a tensor name.

    Returns:
        bool.

    Raises:
        Nothing.

    Source: ``torch.nn.utils.parametrize.is_parametrized``.

    Example::

        >>> is_parametrized(pyt.nn.Linear(2, 2))
        False
    """
    parametrizations = getattr(module, "parametrizations", None)
    if parametrizations is None or not isinstance(parametrizations, ModuleDict):
        return False
    if tensor_name is None:
        return len(parametrizations) > 0
    return tensor_name in parametrizations


def _inject_new_class(module):
    cls = module.__class__

    def getstate(self):
        raise RuntimeError(
            "Serialization of parametrized modules is only supported through state_dict()."
        )

    param_cls = type(f"Parametrized{cls.__name__}", (cls,), {"__getstate__": getstate})
    module.__class__ = param_cls


def _inject_property(module, tensor_name):
    def get_parametrized(self):
        return self.parametrizations[tensor_name]()

    def set_original(self, value):
        self.parametrizations[tensor_name].right_inverse(value)

    setattr(module.__class__, tensor_name, property(get_parametrized, set_original))


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """Make ``module.<tensor_name>`` the output of ``parametrization`` applied to the original.

    The original tensor moves to ``module.parametrizations.<tensor_name>.original`` (so the
    ``state_dict`` keys become ``parametrizations.<name>.original``, or ``original0``,
    ``original1``... when ``parametrization.right_inverse`` returns several tensors, as
    torch's). The module's class becomes ``Parametrized<Class>``.

    Args:
        module (Module): the module.
        tensor_name (str): a parameter or buffer of ``module`` (or an already parametrized
            name, to chain a further parametrization).
        parametrization (Module): maps the original(s) to the tensor; may define
            ``right_inverse``.
        unsafe (bool): allow dtype/shape changes. Default ``False``.

    Returns:
        Module: ``module``.

    Raises:
        ValueError: no parameter/buffer ``tensor_name``; a dtype/shape change when not
            ``unsafe``.

    Source: ``torch.nn.utils.parametrize.register_parametrization``.

    Example::

        >>> class Sym(pyt.nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).t()
        >>> m = register_parametrization(pyt.nn.Linear(3, 3), "weight", Sym())
        >>> bool((m.weight == m.weight.t()).all())
        True
    """
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        module.parametrizations[tensor_name].append(parametrization)
    elif tensor_name in module._buffers or tensor_name in module._parameters:
        original = getattr(module, tensor_name)
        parametrizations = ParametrizationList([parametrization], original, unsafe=unsafe)
        delattr(module, tensor_name)
        if not is_parametrized(module):
            _inject_new_class(module)
            module.parametrizations = ModuleDict()
        _inject_property(module, tensor_name)
        module.parametrizations[tensor_name] = parametrizations
    else:
        raise ValueError(
            f"Module '{module}' does not have a parameter, a buffer, or a parametrized "
            f"element with name '{tensor_name}'"
        )
    return module


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Remove the parametrizations of ``tensor_name``; it becomes a plain tensor again.

    Args:
        module (Module): the module.
        tensor_name (str): the parametrized name.
        leave_parametrized (bool): keep the current parametrized value (``True``) or the
            original (``False``). Default ``True``.

    Returns:
        Module: ``module`` (its original class restored when nothing stays parametrized).

    Raises:
        ValueError: ``tensor_name`` is not parametrized, or ``leave_parametrized=False``
            with several originals.

    Source: ``torch.nn.utils.parametrize.remove_parametrizations``.

    Example::

        >>> m = remove_parametrizations(m, "weight")
    """
    if not is_parametrized(module, tensor_name):
        raise ValueError(f"Module {module} does not have a parametrization on {tensor_name}")
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with no_grad():
                t = getattr(module, tensor_name)
            original.data = t.detach().clone()
    else:
        if not leave_parametrized:
            raise ValueError(
                "Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is "
                "parametrized in terms of a sequence of tensors."
            )
        with no_grad():
            t = getattr(module, tensor_name)
        if isinstance(parametrizations.original0, Parameter):
            original = Parameter(t.detach().clone(), parametrizations.original0.requires_grad)
        else:
            original = t.detach().clone()
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    if isinstance(original, Parameter):
        module.register_parameter(tensor_name, original)
    else:
        module.register_buffer(tensor_name, original)
    if not is_parametrized(module):
        delattr(module, "parametrizations")
        module.__class__ = module.__class__.__bases__[0]
    return module
