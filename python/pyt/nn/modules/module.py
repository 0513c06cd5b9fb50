"""``nn.Module``: the base class of every layer and model.

Follows torch/nn/modules/module.py: parameters, buffers and submodules are registered by
attribute assignment (in assignment order), ``state_dict``/``load_state_dict`` use torch's
key names and error messages, ``__repr__`` prints torch's nested tree. One pyt addition: an
error raised inside a module's forward gets the module's path appended to its message, e.g.
``... (in module encoder.fc1 (Linear))``, keeping the exception's type (as a note where the
message cannot be extended without changing ``args``, as for KeyError).
"""

import itertools
import threading
import warnings
from collections import OrderedDict, namedtuple
from collections.abc import Mapping

import pyt
from pyt import _C
from pyt.autograd.function import Function
from pyt.autograd.grad_mode import no_grad
from pyt.nn.parameter import Parameter, is_lazy
from pyt.utils.hooks import RemovableHandle

__all__ = [
    "Module",
    "register_module_forward_pre_hook",
    "register_module_forward_hook",
    "register_module_full_backward_pre_hook",
    "register_module_full_backward_hook",
]

_EXTRA_STATE_KEY_SUFFIX = "_extra_state"


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """Result of ``load_state_dict``: ``(missing_keys, unexpected_keys)``, lists of str."""

    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def _addindent(s_, num_spaces):
    s = s_.split("\n")
    if len(s) == 1:
        return s_
    first = s.pop(0)
    s = [(num_spaces * " ") + line if line.strip() else "" for line in s]
    return first + "\n" + "\n".join(s)


def _typename(obj):
    # torch.typename, with pyt's tensor class name.
    if isinstance(obj, _C.Tensor):
        return "pyt.Tensor" if type(obj) is _C.Tensor else type(obj).__qualname__
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module = obj.__class__.__module__ or ""
        qualname = obj.__class__.__qualname__
    if module in {"", "builtins"}:
        return qualname
    return f"{module}.{qualname}"


def _size_str(shape):
    s = repr(shape)
    if s.startswith("pyt.Size("):
        return s
    return f"pyt.Size({list(shape)})"


# ---------------------------------------------------------------------------------------
# Module path in error messages: a thread-local stack of the modules whose __call__ is
# running. Only when an exception passes through is the stack turned into a dotted path.
# ---------------------------------------------------------------------------------------
_call_stack = threading.local()
_NOT_ANNOTATED = (StopIteration, StopAsyncIteration, GeneratorExit)


def _module_stack():
    stack = getattr(_call_stack, "modules", None)
    if stack is None:
        stack = _call_stack.modules = []
    return stack


def _module_path(stack):
    names = []
    for parent, child in zip(stack, stack[1:]):
        # Usually a direct child; a module reached through a container (layers[0], whose
        # ModuleList is never called) is a deeper descendant.
        name = next((k for k, m in parent._modules.items() if m is child), None)
        if name is None:
            name = next((k for k, m in parent.named_modules() if m is child and k), None)
        if name is None:
            # Called without being a registered child: restart the path at the child.
            names = []
        else:
            names.append(name)
    return ".".join(names)


def _rebuilds_from_message(exc):
    """True when exc's args are one message string shown by the standard ``__str__`` and its
    type would rebuild it from that message alone (its ``__init__``/``__new__`` are builtin),
    so that extending the message keeps ``args``, ``str`` and pickling consistent. KeyError
    holds a key, not a message (its ``str`` is the key's repr), so it never qualifies."""
    t = type(exc)
    if isinstance(exc, KeyError) or len(exc.args) != 1 or not isinstance(exc.args[0], str):
        return False
    if t.__str__ is not BaseException.__str__:
        return False
    for name in ("__init__", "__new__"):
        owner = next(k for k in t.__mro__ if name in k.__dict__)
        if owner.__module__ != "builtins":
            return False
    return True


def _add_note(exc, note):
    if hasattr(exc, "add_note"):  # Python >= 3.11: printed with the traceback
        exc.add_note(note)
        return
    # Python 3.9 / 3.10: the same attribute, which pytest and the exceptiongroup backport print
    notes = getattr(exc, "__notes__", None)
    try:
        exc.__notes__ = (list(notes) if isinstance(notes, list) else []) + [note]
    except (AttributeError, TypeError):
        pass


def _annotate_exception(exc, stack):
    # Note [Module path in errors]: the innermost module an exception leaves adds
    # " (in module <path> (<Class>))" to what the user sees, once: outer modules see the marker
    # attribute and leave it alone, so the path is never repeated. The exception keeps its
    # type and traceback. When its args are a single message string that the type rebuilds
    # from (builtin exception types and plain subclasses), that message is extended; otherwise
    # (KeyError, whose args hold the key; no message; several arguments; a custom __str__ or
    # __init__) args stay as torch's and the path is added as a note, which Python prints with
    # the traceback.
    if getattr(exc, "_pyt_module_path", None) is not None or isinstance(exc, _NOT_ANNOTATED):
        return
    path = _module_path(stack)
    cls = type(stack[-1]).__name__
    where = f"{path} ({cls})" if path else cls
    suffix = f"(in module {where})"
    try:
        exc._pyt_module_path = path
    except (AttributeError, TypeError):
        return
    if _rebuilds_from_message(exc):
        try:
            exc.args = (f"{exc.args[0]} {suffix}",)
            return
        except (AttributeError, TypeError):
            pass
    _add_note(exc, suffix)


class BackwardHookFunction(Function):
    """Identity on tensors whose backward calls a hook on their gradients (internal)."""

    @staticmethod
    def forward(ctx, hook, *tensors):
        ctx.hook = hook
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + tuple(ctx.hook(grads))


def _pack_with_none(indices, values, size):
    res = [None] * size
    for idx, val in zip(indices, values):
        res[idx] = val
    return tuple(res)


class _BackwardHook:
    # Note [Full backward hooks]: as torch's torch/utils/hooks.py BackwardHook, one instance
    # per module call. The tensor arguments that require grad pass through an identity
    # autograd Function before forward, and the outputs through another after the forward
    # hooks. In backward the output node runs first: it records grad_output (after the
    # backward pre-hooks, which may replace it); the input node runs once the gradients of
    # the arguments are known and calls the full hooks with (grad_input, grad_output),
    # letting each replace grad_input. With no input requiring grad, the output node calls
    # the full hooks itself, with grad_input all None.

    def __init__(self, module, user_hooks, user_pre_hooks):
        self.module = module
        self.user_hooks = user_hooks
        self.user_pre_hooks = user_pre_hooks
        self.grad_outputs = None
        self.n_inputs = 0
        self.input_tensors_index = None

    def setup_input_hook(self, args):
        self.n_inputs = len(args)
        idx = [i for i, a in enumerate(args) if isinstance(a, _C.Tensor) and a.requires_grad]
        if not idx or not _C._is_grad_enabled():
            return args
        self.input_tensors_index = idx
        # torch hands zeros (not None) for the tensor arguments that need no gradient.
        self.input_zeros = [
            (i, a) for i, a in enumerate(args)
            if isinstance(a, _C.Tensor) and not a.requires_grad
        ]
        new = BackwardHookFunction.apply(self._input_hook, *[args[i] for i in idx])
        args = list(args)
        for i, t in zip(idx, new):
            args[i] = t
        return tuple(args)

    def setup_output_hook(self, result):
        single = isinstance(result, _C.Tensor)
        if not single and not isinstance(result, tuple):
            return result
        outs = (result,) if single else result
        idx = [i for i, o in enumerate(outs) if isinstance(o, _C.Tensor) and o.requires_grad]
        if not idx or not _C._is_grad_enabled():
            return result
        n_outputs = len(outs)

        zero_outs = [(i, o) for i, o in enumerate(outs)
                     if isinstance(o, _C.Tensor) and not o.requires_grad]

        def output_hook(grads):
            grad_outputs = list(_pack_with_none(idx, grads, n_outputs))
            for i, o in zero_outs:
                grad_outputs[i] = pyt.zeros_like(o)
            grad_outputs = tuple(grad_outputs)
            for hook in self.user_pre_hooks:
                res = hook(self.module, grad_outputs)
                if res is None:
                    continue
                if not isinstance(res, (tuple, list)):
                    res = (res,)
                if len(res) != len(grad_outputs):
                    raise RuntimeError(
                        "Backward pre hook returned an invalid number of grad_output, got "
                        f"{len(res)}, but expected {len(grad_outputs)}"
                    )
                grad_outputs = tuple(res)
            self.grad_outputs = grad_outputs
            if self.input_tensors_index is None:
                warnings.warn(
                    "Full backward hook is firing when gradients are computed with respect to "
                    "module outputs since no inputs require gradients. See "
                    "https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html"
                    "#torch.nn.Module.register_full_backward_hook for more details.",
                    stacklevel=5,
                )
                grad_inputs = _pack_with_none([], [], self.n_inputs)
                for hook in self.user_hooks:
                    res = hook(self.module, grad_inputs, self.grad_outputs)
                    if res is not None and not (
                        isinstance(res, tuple) and all(el is None for el in res)
                    ):
                        raise RuntimeError(
                            "Backward hook for Modules where no input requires "
                            "gradient should always return None or None for all gradients."
                        )
                self.grad_outputs = None
            return tuple(grad_outputs[i] for i in idx)

        new = BackwardHookFunction.apply(output_hook, *[outs[i] for i in idx])
        outs = list(outs)
        for i, t in zip(idx, new):
            outs[i] = t
        return outs[0] if single else tuple(outs)

    def _input_hook(self, grads):
        if self.grad_outputs is None:  # the outputs were not differentiated
            return grads
        res = list(_pack_with_none(self.input_tensors_index, grads, self.n_inputs))
        for i, a in self.input_zeros:
            res[i] = pyt.zeros_like(a)
        res = tuple(res)
        for hook in self.user_hooks:
            out = hook(self.module, res, self.grad_outputs)
            if out is None:
                continue
            if not isinstance(out, (tuple, list)):
                out = (out,)
            if len(out) != len(res):
                raise RuntimeError(
                    "Backward hook returned an invalid number of grad_input, got "
                    f"{len(out)}, but expected {len(res)}"
                )
            res = tuple(out)
        self.grad_outputs = None
        return tuple(res[i] for i in self.input_tensors_index)


# ---------------------------------------------------------------------------------------
# Module-global hooks: run for every module call, before the module's own hooks.
# ---------------------------------------------------------------------------------------
_global_forward_pre_hooks = OrderedDict()
_global_forward_hooks = OrderedDict()
_global_forward_hooks_always_called = OrderedDict()
_global_backward_pre_hooks = OrderedDict()
_global_backward_hooks = OrderedDict()


def register_module_forward_pre_hook(hook):
    """Register ``hook(module, args)`` run before the forward of every module.

    Args:
        hook (callable): a non-None result replaces the positional arguments.

    Returns:
        RemovableHandle: removes the hook.

    Raises:
        Nothing at registration.

    Source: ``torch.nn.modules.module.register_module_forward_pre_hook``.

    Example::

        >>> h = register_module_forward_pre_hook(lambda m, args: None); h.remove()
    """
    handle = RemovableHandle(_global_forward_pre_hooks)
    _global_forward_pre_hooks[handle.id] = hook
    return handle


def register_module_forward_hook(hook, *, always_call=False):
    """Register ``hook(module, args, output)`` run after the forward of every module.

    Args:
        hook (callable): a non-None result replaces the output.
        always_call (bool): also run when forward raised. Default ``False``.

    Returns:
        RemovableHandle: removes the hook.

    Raises:
        Nothing at registration.

    Source: ``torch.nn.modules.module.register_module_forward_hook``.

    Example::

        >>> h = register_module_forward_hook(lambda m, args, out: None); h.remove()
    """
    handle = RemovableHandle(
        _global_forward_hooks, extra_dict=_global_forward_hooks_always_called
    )
    _global_forward_hooks[handle.id] = hook
    if always_call:
        _global_forward_hooks_always_called[handle.id] = True
    return handle


def register_module_full_backward_pre_hook(hook):
    """Register ``hook(module, grad_output)`` for every module (see
    :meth:`Module.register_full_backward_pre_hook`).

    Args:
        hook (callable): the hook.

    Returns:
        RemovableHandle: removes the hook.

    Raises:
        Nothing at registration.

    Source: ``torch.nn.modules.module.register_module_full_backward_pre_hook``.

    Example::

        >>> h = register_module_full_backward_pre_hook(lambda m, go: None); h.remove()
    """
    handle = RemovableHandle(_global_backward_pre_hooks)
    _global_backward_pre_hooks[handle.id] = hook
    return handle


def register_module_full_backward_hook(hook):
    """Register ``hook(module, grad_input, grad_output)`` for every module (see
    :meth:`Module.register_full_backward_hook`).

    Args:
        hook (callable): the hook.

    Returns:
        RemovableHandle: removes the hook.

    Raises:
        Nothing at registration.

    Source: ``torch.nn.modules.module.register_module_full_backward_hook``.

    Example::

        >>> h = register_module_full_backward_hook(lambda m, gi, go: None); h.remove()
    """
    handle = RemovableHandle(_global_backward_hooks)
    _global_backward_hooks[handle.id] = hook
    return handle


def _forward_unimplemented(self, *input):
    """Define the computation performed at every call; subclasses must override it."""
    raise NotImplementedError(
        f'Module [{type(self).__name__}] is missing the required "forward" function'
    )


class Module:
    """Base class for all neural network modules; models subclass it.

    Assigning a :class:`Parameter`, a tensor to a registered buffer name, or another Module
    as an attribute registers it, in assignment order; ``__call__`` runs the forward
    pre-hooks, :meth:`forward` and the forward hooks. Subclasses call ``super().__init__()``
    before assigning attributes.

    Args:
        None (subclasses define their own).

    Returns:
        Module: a module in training mode with no parameters, buffers or children.

    Raises:
        TypeError: when given arguments (``Module.__init__`` takes none).

    Source: ``torch.nn.Module`` (torch/nn/modules/module.py).

    Example::

        >>> class Net(pyt.nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc = pyt.nn.Linear(4, 2)
        ...     def forward(self, x):
        ...         return self.fc(x)
        >>> Net()(pyt.randn(3, 4)).shape
        pyt.Size([3, 2])
    """

    _version = 1
    training: bool
    call_super_init = False

    def __init__(self, *args, **kwargs):
        if self.call_super_init is False and bool(kwargs):
            raise TypeError(
                f"{type(self).__name__}.__init__() got an unexpected keyword argument "
                f"'{next(iter(kwargs))}'"
            )
        if self.call_super_init is False and bool(args):
            raise TypeError(
                f"{type(self).__name__}.__init__() takes 1 positional argument but "
                f"{len(args) + 1} were given"
            )
        super().__setattr__("training", True)
        super().__setattr__("_parameters", {})
        super().__setattr__("_buffers", {})
        super().__setattr__("_non_persistent_buffers_set", set())
        super().__setattr__("_forward_hooks", OrderedDict())
        super().__setattr__("_forward_hooks_with_kwargs", OrderedDict())
        super().__setattr__("_forward_hooks_always_called", OrderedDict())
        super().__setattr__("_forward_pre_hooks", OrderedDict())
        super().__setattr__("_forward_pre_hooks_with_kwargs", OrderedDict())
        super().__setattr__("_backward_hooks", OrderedDict())
        super().__setattr__("_backward_pre_hooks", OrderedDict())
        super().__setattr__("_state_dict_hooks", OrderedDict())
        super().__setattr__("_state_dict_pre_hooks", OrderedDict())
        super().__setattr__("_load_state_dict_pre_hooks", OrderedDict())
        super().__setattr__("_load_state_dict_post_hooks", OrderedDict())
        super().__setattr__("_modules", {})
        if self.call_super_init:
            super().__init__(*args, **kwargs)

    forward = _forward_unimplemented

    # ------------------------------------------------------------------ registration
    def register_buffer(self, name, tensor, persistent=True):
        """Add a buffer: module state that is not a parameter (e.g. running statistics).

        Args:
            name (str): attribute name; no ``"."``, not empty, not an existing attribute.
            tensor (Tensor or None): the buffer, any shape/dtype; ``None`` registers a slot
                that is left out of ``state_dict`` and conversions.
            persistent (bool): whether the buffer is part of ``state_dict``. Default ``True``.

        Returns:
            None.

        Raises:
            AttributeError: called before ``Module.__init__``.
            TypeError: ``name`` is not a str, or ``tensor`` is neither a Tensor nor None.
            KeyError: ``name`` contains ``"."``, is empty, or is already an attribute.

        Source: ``torch.nn.Module.register_buffer``.

        Example::

            >>> m = pyt.nn.Module()
            >>> m.register_buffer("running_mean", pyt.zeros(3))
            >>> list(m.state_dict())
            ['running_mean']
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        elif not isinstance(name, str):
            raise TypeError(f"buffer name should be a string. Got {_typename(name)}")
        elif "." in name:
            raise KeyError('buffer name can\'t contain "."')
        elif name == "":
            raise KeyError('buffer name can\'t be empty string ""')
        elif hasattr(self, name) and name not in self._buffers:
            raise KeyError(f"attribute '{name}' already exists")
        elif tensor is not None and not isinstance(tensor, _C.Tensor):
            raise TypeError(
                f"cannot assign '{_typename(tensor)}' object to buffer '{name}' "
                "(pyt Tensor or None required)"
            )
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def register_parameter(self, name, param):
        """Add a parameter, reachable as an attribute of the given name.

        Args:
            name (str): attribute name; no ``"."``, not empty, not an existing attribute.
            param (Parameter or None): the parameter; ``None`` registers an empty slot (left
                out of ``state_dict``), as ``Linear(bias=False)`` does for ``bias``.

        Returns:
            None.

        Raises:
            AttributeError: called before ``Module.__init__``.
            TypeError: ``name`` is not a str, or ``param`` is not a Parameter or None.
            KeyError: bad or already used ``name``.
            ValueError: ``param`` is not a leaf (has a ``grad_fn``).

        Source: ``torch.nn.Module.register_parameter``.

        Example::

            >>> m = pyt.nn.Module()
            >>> m.register_parameter("w", pyt.nn.Parameter(pyt.ones(2)))
            >>> [n for n, _ in m.named_parameters()]
            ['w']
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        elif not isinstance(name, str):
            raise TypeError(f"parameter name should be a string. Got {_typename(name)}")
        elif "." in name:
            raise KeyError('parameter name can\'t contain "."')
        elif name == "":
            raise KeyError('parameter name can\'t be empty string ""')
        elif hasattr(self, name) and name not in self._parameters:
            raise KeyError(f"attribute '{name}' already exists")

        if param is None:
            self._parameters[name] = None
        elif not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                "(pyt.nn.Parameter or None required)"
            )
        elif param.grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model "
                f"parameters must be created explicitly. To express '{name}' "
                "as a function of another Tensor, compute the value in "
                "the forward() method."
            )
        else:
            self._parameters[name] = param

    def add_module(self, name, module):
        """Add a child module, reachable as an attribute of the given name.

        Args:
            name (str): attribute name; no ``"."``, not empty, not another attribute.
            module (Module or None): the child.

        Returns:
            None.

        Raises:
            TypeError: ``module`` is not a Module (or None) or ``name`` is not a str.
            KeyError: bad or already used ``name``.

        Source: ``torch.nn.Module.add_module``.

        Example::

            >>> m = pyt.nn.Module()
            >>> m.add_module("fc", pyt.nn.Linear(2, 2))
            >>> m.fc
            Linear(in_features=2, out_features=2, bias=True)
        """
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        elif not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {_typename(name)}")
        elif hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        elif "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        elif name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    def register_module(self, name, module):
        """Alias of :meth:`add_module`.

        Args:
            name (str): attribute name.
            module (Module or None): the child.

        Returns:
            None.

        Raises:
            See :meth:`add_module`.

        Source: ``torch.nn.Module.register_module``.

        Example::

            >>> m = pyt.nn.Module(); m.register_module("act", pyt.nn.ReLU())
        """
        self.add_module(name, module)

    def get_submodule(self, target):
        """Return the submodule at a dotted path such as ``"encoder.layers.0"``.

        Args:
            target (str): dotted path; ``""`` returns ``self``.

        Returns:
            Module: the submodule.

        Raises:
            AttributeError: a path element does not exist or is not a Module.

        Source: ``torch.nn.Module.get_submodule``.

        Example::

            >>> net = pyt.nn.Sequential(pyt.nn.Linear(2, 2))
            >>> net.get_submodule("0")
            Linear(in_features=2, out_features=2, bias=True)
        """
        if target == "":
            return self
        mod = self
        for item in target.split("."):
            if not hasattr(mod, item):
                raise AttributeError(mod._get_name() + " has no attribute `" + item + "`")
            mod = getattr(mod, item)
            if not isinstance(mod, Module):
                raise AttributeError("`" + item + "` is not an nn.Module")
        return mod

    def set_submodule(self, target, module, strict=False):
        """Set the submodule at a dotted path such as ``"encoder.layers.0"``.

        Args:
            target (str): dotted path; all but the last element must exist.
            module (Module): the new submodule.
            strict (bool): require the last element to exist already. Default ``False``.

        Returns:
            None.

        Raises:
            ValueError: ``target`` is empty or ``module`` is not a Module.
            AttributeError: a path element does not exist, is not a Module, or (strict)
                the last one is missing.

        Source: ``torch.nn.Module.set_submodule``.

        Example::

            >>> net = pyt.nn.Sequential(pyt.nn.Linear(2, 2))
            >>> net.set_submodule("0", pyt.nn.Identity()); net[0]
            Identity()
        """
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        atoms = target.split(".")
        if not isinstance(module, Module):
            raise ValueError(
                "`module` is not an nn.Module, found " + str(type(module))
            )
        if len(atoms) == 1:
            parent = self
        else:
            parent = self.get_submodule(".".join(atoms[:-1]))
        if strict and not hasattr(parent, atoms[-1]):
            raise AttributeError(parent._get_name() + " has no attribute `" + atoms[-1] + "`")
        if hasattr(parent, atoms[-1]):
            mod = getattr(parent, atoms[-1])
            if not isinstance(mod, Module):
                raise AttributeError("`" + atoms[-1] + "` is not an nn.Module")
        setattr(parent, atoms[-1], module)

    def get_parameter(self, target):
        """Return the parameter at a dotted path such as ``"fc.weight"``.

        Args:
            target (str): dotted path of the parameter.

        Returns:
            Parameter: the parameter.

        Raises:
            AttributeError: the path does not name a parameter.

        Source: ``torch.nn.Module.get_parameter``.

        Example::

            >>> pyt.nn.Sequential(pyt.nn.Linear(2, 2)).get_parameter("0.bias").shape
            pyt.Size([2])
        """
        module_path, _, param_name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, param_name):
            raise AttributeError(mod._get_name() + " has no attribute `" + param_name + "`")
        param = getattr(mod, param_name)
        if not isinstance(param, Parameter):
            raise AttributeError("`" + param_name + "` is not an nn.Parameter")
        return param

    def get_buffer(self, target):
        """Return the buffer at a dotted path.

        Args:
            target (str): dotted path of the buffer.

        Returns:
            Tensor: the buffer.

        Raises:
            AttributeError: the path does not name a buffer.

        Source: ``torch.nn.Module.get_buffer``.

        Example::

            >>> m = pyt.nn.Module(); m.register_buffer("b", pyt.zeros(1)); m.get_buffer("b")
            tensor([0.])
        """
        module_path, _, buffer_name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, buffer_name):
            raise AttributeError(mod._get_name() + " has no attribute `" + buffer_name + "`")
        buffer = getattr(mod, buffer_name)
        if buffer_name not in mod._buffers:
            raise AttributeError("`" + buffer_name + "` is not a buffer")
        return buffer

    def get_extra_state(self):
        """Return extra (non-tensor) state for ``state_dict``; override with set_extra_state.

        Args:
            None.

        Returns:
            object: any picklable state.

        Raises:
            RuntimeError: always, unless overridden.

        Source: ``torch.nn.Module.get_extra_state``.

        Example::

            >>> # class M(pyt.nn.Module): def get_extra_state(self): return {"k": 1}
        """
        raise RuntimeError(
            "Reached a code path in Module.get_extra_state() that should never be called."
        )

    def set_extra_state(self, state):
        """Restore extra state produced by :meth:`get_extra_state`.

        Args:
            state (object): the value stored under ``<prefix>_extra_state``.

        Returns:
            None.

        Raises:
            RuntimeError: always, unless overridden.

        Source: ``torch.nn.Module.set_extra_state``.

        Example::

            >>> # class M(pyt.nn.Module): def set_extra_state(self, s): self.k = s["k"]
        """
        raise RuntimeError(
            "Reached a code path in Module.set_extra_state() that should never be called."
        )

    # ------------------------------------------------------------------ conversion
    def _apply(self, fn, recurse=True):
        if recurse:
            for module in self.children():
                module._apply(fn)
        for key, param in self._parameters.items():
            if param is None:
                continue
            with no_grad():
                param_applied = fn(param)
            # Like torch (without swap_tensors): convert in place through `.data =`, so that
            # references held elsewhere (e.g. by an optimizer) see the new values.
            param.data = param_applied
            grad = param.grad
            if grad is not None:
                with no_grad():
                    grad_applied = fn(grad)
                param.grad = grad_applied
        for key, buf in self._buffers.items():
            if buf is not None:
                self._buffers[key] = fn(buf)
        return self

    def apply(self, fn):
        """Apply ``fn`` to every submodule (children first, then ``self``), e.g. for init.

        Args:
            fn (callable): ``fn(module) -> None``.

        Returns:
            Module: self.

        Raises:
            Whatever ``fn`` raises.

        Source: ``torch.nn.Module.apply``.

        Example::

            >>> def init(m):
            ...     if isinstance(m, pyt.nn.Linear):
            ...         pyt.nn.init.zeros_(m.bias)
            >>> net = pyt.nn.Sequential(pyt.nn.Linear(2, 2)).apply(init)
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def to(self, *args, **kwargs):
        """Cast floating parameters and buffers to a dtype and/or move them to a device.

        Accepts ``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(tensor)`` and the
        keywords ``device=``, ``dtype=``, ``non_blocking=`` (ignored). Parameters are
        converted in place (``param.data = ...``) so they keep their identity; integer
        parameters and buffers keep their dtype.

        Args:
            device (str or pyt.device, optional): target device (``"cpu"``).
            dtype (pyt.dtype, optional): target floating dtype, e.g. ``pyt.float64``.
            tensor (Tensor, optional): take dtype and device from this tensor.

        Returns:
            Module: self.

        Raises:
            TypeError: ``dtype`` is not floating point, or an argument has the wrong type.

        Source: ``torch.nn.Module.to``.

        Example::

            >>> lin = pyt.nn.Linear(2, 2).to(pyt.float64)
            >>> lin.weight.dtype
            pyt.float64
        """
        device, dtype = _parse_to(*args, **kwargs)
        if dtype is not None and not dtype.is_floating_point:
            raise TypeError(
                "nn.Module.to only accepts floating point dtypes, but got desired "
                f"dtype={dtype}"
            )

        def convert(t):
            if dtype is not None and t.dtype.is_floating_point and t.dtype != dtype:
                t = t.to(dtype)
            if device is not None:
                t = t.to(device)
            return t

        return self._apply(convert)

    def _cast_floating(self, dtype):
        return self._apply(
            lambda t: t.to(dtype) if t.dtype.is_floating_point and t.dtype != dtype else t
        )

    def float(self):
        """Cast all floating parameters and buffers to ``float32`` (in place).

        Args:
            None.

        Returns:
            Module: self.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.float``.

        Example::

            >>> pyt.nn.Linear(2, 2).double().float().weight.dtype
            pyt.float32
        """
        return self._cast_floating(pyt.float32)

    def double(self):
        """Cast all floating parameters and buffers to ``float64`` (in place).

        Args:
            None.

        Returns:
            Module: self.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.double``.

        Example::

            >>> pyt.nn.Linear(2, 2).double().weight.dtype
            pyt.float64
        """
        return self._cast_floating(pyt.float64)

    def half(self):
        """Cast all floating parameters and buffers to ``float16`` (in place).

        Args:
            None.

        Returns:
            Module: self.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.half``.

        Example::

            >>> pyt.nn.Linear(2, 2).half().weight.dtype
            pyt.float16
        """
        return self._cast_floating(pyt.float16)

    def bfloat16(self):
        """Cast all floating parameters and buffers to ``bfloat16`` (in place).

        Args:
            None.

        Returns:
            Module: self.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.bfloat16``.

        Example::

            >>> pyt.nn.Linear(2, 2).bfloat16().weight.dtype
            pyt.bfloat16
        """
        return self._cast_floating(pyt.bfloat16)

    def cuda(self, device=None):
        """Move parameters and buffers to a CUDA device (torch.nn.Module.cuda). pyt has no CUDA
        backend, so this raises as torch's CPU builds do.

        Raises:
            AssertionError: always ("Torch not compiled with CUDA enabled", as torch on CPU).

        Example::

            >>> pyt.nn.Linear(2, 2).cuda()
            Traceback (most recent call last):
            AssertionError: Torch not compiled with CUDA enabled
        """
        from ... import cuda

        cuda._lazy_init()

    def cpu(self):
        """Move parameters and buffers to the CPU (they already are: pyt is CPU-only).

        Args:
            None.

        Returns:
            Module: self.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.cpu``.

        Example::

            >>> net = pyt.nn.Linear(2, 2).cpu()
        """
        return self

    # ------------------------------------------------------------------ hooks and call
    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Register ``hook(module, args)`` (or ``hook(module, args, kwargs)``) run before forward.

        A non-None result replaces the positional arguments (a single value is wrapped in a
        tuple); with ``with_kwargs=True`` the hook returns ``(args, kwargs)``.

        Args:
            hook (callable): the hook.
            prepend (bool): run before the hooks already registered. Default ``False``.
            with_kwargs (bool): pass and accept keyword arguments. Default ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            Nothing at registration.

        Source: ``torch.nn.Module.register_forward_pre_hook``.

        Example::

            >>> h = net.register_forward_pre_hook(lambda m, args: (args[0] * 2,))
        """
        handle = RemovableHandle(
            self._forward_pre_hooks, extra_dict=self._forward_pre_hooks_with_kwargs
        )
        self._forward_pre_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs[handle.id] = True
        if prepend:
            self._forward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """Register ``hook(module, args, output)`` run after forward; non-None replaces output.

        Args:
            hook (callable): the hook (``hook(module, args, kwargs, output)`` with
                ``with_kwargs=True``).
            prepend (bool): run before the hooks already registered. Default ``False``.
            with_kwargs (bool): also pass the keyword arguments. Default ``False``.
            always_call (bool): also run when forward raised. Default ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            Nothing at registration.

        Source: ``torch.nn.Module.register_forward_hook``.

        Example::

            >>> outs = []
            >>> h = net.register_forward_hook(lambda m, args, out: outs.append(out))
        """
        handle = RemovableHandle(
            self._forward_hooks,
            extra_dict=[self._forward_hooks_with_kwargs, self._forward_hooks_always_called],
        )
        self._forward_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_hooks_with_kwargs[handle.id] = True
        if always_call:
            self._forward_hooks_always_called[handle.id] = True
        if prepend:
            self._forward_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_full_backward_hook(self, hook, prepend=False):
        """Register ``hook(module, grad_input, grad_output)`` run when the module's input
        gradients have been computed.

        ``grad_input`` and ``grad_output`` are tuples with one entry per positional argument
        / output of ``forward`` (``None`` for non-tensors and tensors without gradient), as
        torch computes them; a non-None result (a tuple of the same length) replaces
        ``grad_input`` for the rest of the backward pass. When no input requires grad the
        hook still runs, with ``grad_input`` all ``None``. Keyword-argument tensors get no
        entry (as in torch).

        Args:
            hook (callable): the hook.
            prepend (bool): run before the hooks already registered. Default ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            RuntimeError: (in backward) the hook returns a tuple of the wrong length.

        Source: ``torch.nn.Module.register_full_backward_hook``.

        Example::

            >>> grads = []
            >>> h = net.register_full_backward_hook(lambda m, gi, go: grads.append(go[0]))
        """
        handle = RemovableHandle(self._backward_hooks)
        self._backward_hooks[handle.id] = hook
        if prepend:
            self._backward_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Register ``hook(module, grad_output)`` run when the module's output gradients are
        known, before its input gradients are computed.

        A non-None result (a tuple with one entry per output) replaces ``grad_output``.

        Args:
            hook (callable): the hook.
            prepend (bool): run before the hooks already registered. Default ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            RuntimeError: (in backward) the hook returns a tuple of the wrong length.

        Source: ``torch.nn.Module.register_full_backward_pre_hook``.

        Example::

            >>> h = net.register_full_backward_pre_hook(lambda m, go: (go[0] * 0.5,))
        """
        handle = RemovableHandle(self._backward_pre_hooks)
        self._backward_pre_hooks[handle.id] = hook
        if prepend:
            self._backward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_backward_hook(self, hook):
        """Deprecated in torch (its gradients depend on the forward's last op); not in pyt.

        Args:
            hook (callable): ignored.

        Returns:
            Never returns.

        Raises:
            NotImplementedError: always; use :meth:`register_full_backward_hook`.

        Source: ``torch.nn.Module.register_backward_hook``.

        Example::

            >>> # net.register_full_backward_hook(h)  # the supported form
        """
        raise NotImplementedError(
            "pyt.nn.Module.register_backward_hook (deprecated in torch) is not supported; "
            "use register_full_backward_hook"
        )

    def _call_impl(self, *args, **kwargs):
        stack = _module_stack()
        stack.append(self)
        try:
            if not (
                self._forward_hooks
                or self._forward_pre_hooks
                or self._backward_hooks
                or self._backward_pre_hooks
                or _global_forward_pre_hooks
                or _global_forward_hooks
                or _global_backward_hooks
                or _global_backward_pre_hooks
            ):
                return self.forward(*args, **kwargs)
            return self._call_with_hooks(args, kwargs)
        except Exception as e:
            _annotate_exception(e, stack)
            raise
        finally:
            stack.pop()

    def _call_with_hooks(self, args, kwargs):
        result = None
        called_always = set()
        try:
            for hook in list(_global_forward_pre_hooks.values()):
                out = hook(self, args)
                if out is not None:
                    args = out if isinstance(out, tuple) else (out,)
            for hook_id, hook in list(self._forward_pre_hooks.items()):
                if hook_id in self._forward_pre_hooks_with_kwargs:
                    out = hook(self, args, kwargs)
                    if out is not None:
                        if isinstance(out, tuple) and len(out) == 2:
                            args, kwargs = out
                        else:
                            raise RuntimeError(
                                "forward pre-hook must return None or a tuple of "
                                f"(new_args, new_kwargs), but got {out}."
                            )
                else:
                    out = hook(self, args)
                    if out is not None:
                        if not isinstance(out, tuple):
                            out = (out,)
                        args = out
            bw_hook = None
            if (
                self._backward_hooks or self._backward_pre_hooks or _global_backward_hooks
                or _global_backward_pre_hooks
            ):
                bw_hook = _BackwardHook(
                    self,
                    list(_global_backward_hooks.values()) + list(self._backward_hooks.values()),
                    list(_global_backward_pre_hooks.values())
                    + list(self._backward_pre_hooks.values()),
                )
                args = bw_hook.setup_input_hook(args)
            result = self.forward(*args, **kwargs)
            for key, hook in self._all_forward_hooks():
                if self._forward_hook_always_called(key):
                    called_always.add(key)
                out = self._run_forward_hook(key, hook, args, kwargs, result)
                if out is not None:
                    result = out
            if bw_hook is not None:
                result = bw_hook.setup_output_hook(result)
            return result
        except Exception:
            for key, hook in self._all_forward_hooks():
                if self._forward_hook_always_called(key) and key not in called_always:
                    try:
                        out = self._run_forward_hook(key, hook, args, kwargs, result)
                        if out is not None:
                            result = out
                    except Exception:
                        continue
            raise

    def _all_forward_hooks(self):
        # Global hooks first, as torch; keys tell global (True) from the module's own.
        return [((True, k), h) for k, h in _global_forward_hooks.items()] + [
            ((False, k), h) for k, h in self._forward_hooks.items()
        ]

    def _forward_hook_always_called(self, key):
        is_global, hook_id = key
        if is_global:
            return hook_id in _global_forward_hooks_always_called
        return hook_id in self._forward_hooks_always_called

    def _run_forward_hook(self, key, hook, args, kwargs, result):
        is_global, hook_id = key
        if not is_global and hook_id in self._forward_hooks_with_kwargs:
            return hook(self, args, kwargs, result)
        return hook(self, args, result)

    __call__ = _call_impl

    # ------------------------------------------------------------------ attributes
    def __getstate__(self):
        return self.__dict__.copy()

    def __setstate__(self, state):
        self.__dict__.update(state)
        # Modules pickled before a hook dict existed get empty ones.
        for name in ("_backward_hooks", "_backward_pre_hooks", "_forward_hooks_with_kwargs",
                     "_forward_hooks_always_called", "_forward_pre_hooks_with_kwargs",
                     "_state_dict_pre_hooks", "_load_state_dict_post_hooks"):
            if name not in self.__dict__:
                self.__dict__[name] = OrderedDict()
        if "_non_persistent_buffers_set" not in self.__dict__:
            self.__dict__["_non_persistent_buffers_set"] = set()

    def __getattr__(self, name):
        d = self.__dict__
        if "_parameters" in d:
            _parameters = d["_parameters"]
            if name in _parameters:
                return _parameters[name]
        if "_buffers" in d:
            _buffers = d["_buffers"]
            if name in _buffers:
                return _buffers[name]
        if "_modules" in d:
            modules = d["_modules"]
            if name in modules:
                return modules[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        def remove_from(*dicts_or_sets):
            for d in dicts_or_sets:
                if name in d:
                    if isinstance(d, dict):
                        del d[name]
                    else:
                        d.discard(name)

        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            remove_from(
                self.__dict__, self._buffers, self._modules, self._non_persistent_buffers_set
            )
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as parameter '{name}' "
                    "(pyt.nn.Parameter or None expected)"
                )
            self.register_parameter(name, value)
        else:
            modules = self.__dict__.get("_modules")
            if isinstance(value, Module):
                if modules is None:
                    raise AttributeError("cannot assign module before Module.__init__() call")
                remove_from(
                    self.__dict__,
                    self._parameters,
                    self._buffers,
                    self._non_persistent_buffers_set,
                )
                modules[name] = value
            elif modules is not None and name in modules:
                if value is not None:
                    raise TypeError(
                        f"cannot assign '{_typename(value)}' as child module '{name}' "
                        "(pyt.nn.Module or None expected)"
                    )
                modules[name] = value
            else:
                buffers = self.__dict__.get("_buffers")
                if buffers is not None and name in buffers:
                    if value is not None and not isinstance(value, _C.Tensor):
                        raise TypeError(
                            f"cannot assign '{_typename(value)}' as buffer '{name}' "
                            "(pyt.Tensor or None expected)"
                        )
                    persistent = name not in self._non_persistent_buffers_set
                    self.register_buffer(name, value, persistent)
                else:
                    super().__setattr__(name, value)

    def __delattr__(self, name):
        if name in self._parameters:
            del self._parameters[name]
        elif name in self._buffers:
            del self._buffers[name]
            self._non_persistent_buffers_set.discard(name)
        elif name in self._modules:
            del self._modules[name]
        else:
            super().__delattr__(name)

    def __dir__(self):
        module_attrs = dir(self.__class__)
        attrs = list(self.__dict__.keys())
        keys = (
            module_attrs
            + attrs
            + list(self._parameters.keys())
            + list(self._modules.keys())
            + list(self._buffers.keys())
        )
        return sorted(key for key in keys if not key[0].isdigit())

    # ------------------------------------------------------------------ state dict
    def _save_to_state_dict(self, destination, prefix, keep_vars):
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if keep_vars else buf.detach()
        extra_state_key = prefix + _EXTRA_STATE_KEY_SUFFIX
        if getattr(self.__class__, "get_extra_state", Module.get_extra_state) is not (
            Module.get_extra_state
        ):
            destination[extra_state_key] = self.get_extra_state()

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """Return the module's parameters and persistent buffers by dotted name.

        Keys follow torch exactly (``"fc1.weight"``, ``"0.bias"``...), in registration order;
        values are detached tensors sharing storage with the module (``keep_vars=True``:
        the parameters themselves). Parameters and buffers set to ``None`` are left out.

        Args:
            destination (dict, optional): dict to fill and return; default a new OrderedDict.
            prefix (str): prefix added to every key. Default ``""``.
            keep_vars (bool): return the parameters instead of detached tensors.

        Returns:
            OrderedDict[str, Tensor]: the state.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.state_dict``.

        Example::

            >>> list(pyt.nn.Linear(2, 3).state_dict().keys())
            ['weight', 'bias']
        """
        if len(args) > 0:
            if destination is None:
                destination = args[0]
            if len(args) > 1 and prefix == "":
                prefix = args[1]
            if len(args) > 2 and keep_vars is False:
                keep_vars = args[2]
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        local_metadata = dict(version=self._version)
        if hasattr(destination, "_metadata"):
            destination._metadata[prefix[:-1]] = local_metadata
        for hook in self._state_dict_pre_hooks.values():
            hook(self, prefix, keep_vars)
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(
                    destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars
                )
        for hook in self._state_dict_hooks.values():
            hook_result = hook(self, destination, prefix, local_metadata)
            if hook_result is not None:
                destination = hook_result
        return destination

    def _load_from_state_dict(
        self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
        error_msgs,
    ):
        for hook in self._load_state_dict_pre_hooks.values():
            hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                 error_msgs)
        persistent_buffers = {
            k: v for k, v in self._buffers.items() if k not in self._non_persistent_buffers_set
        }
        local_name_params = itertools.chain(self._parameters.items(), persistent_buffers.items())
        local_state = {k: v for k, v in local_name_params if v is not None}
        assign = local_metadata.get("assign_to_params_buffers", False)

        for name, param in local_state.items():
            key = prefix + name
            if key in state_dict:
                input_param = state_dict[key]
                if not isinstance(input_param, _C.Tensor):
                    error_msgs.append(
                        f'While copying the parameter named "{key}", '
                        "expected pyt.Tensor or Tensor-like object from checkpoint but "
                        f"received {type(input_param)}"
                    )
                    continue
                # An uninitialized (lazy) parameter has no shape to check (torch's rule).
                is_param_lazy = is_lazy(param)
                # Backward compatibility: a 1-element 1-d tensor loads into a 0-d one.
                if (
                    not is_param_lazy
                    and len(param.shape) == 0
                    and len(input_param.shape) == 1
                    and input_param.shape[0] == 1
                ):
                    input_param = input_param[0]
                if not is_param_lazy and tuple(input_param.shape) != tuple(param.shape):
                    error_msgs.append(
                        f"size mismatch for {key}: copying a param with shape "
                        f"{_size_str(input_param.shape)} from checkpoint, "
                        f"the shape in current model is {_size_str(param.shape)}."
                    )
                    continue
                try:
                    with no_grad():
                        if assign:
                            if isinstance(param, Parameter):
                                if not isinstance(input_param, Parameter):
                                    input_param = Parameter(
                                        input_param, requires_grad=param.requires_grad
                                    )
                                else:
                                    input_param.requires_grad_(param.requires_grad)
                            setattr(self, name, input_param)
                        else:
                            param.copy_(input_param)
                except Exception as ex:
                    error_msgs.append(
                        f'While copying the parameter named "{key}", '
                        f"whose dimensions in the model are {_size_str(param.shape)} and "
                        f"whose dimensions in the checkpoint are "
                        f"{_size_str(input_param.shape)}, "
                        f"an exception occurred : {ex.args}."
                    )
            elif strict:
                missing_keys.append(key)

        extra_state_key = prefix + _EXTRA_STATE_KEY_SUFFIX
        if getattr(self.__class__, "set_extra_state", Module.set_extra_state) is not (
            Module.set_extra_state
        ):
            if extra_state_key in state_dict:
                self.set_extra_state(state_dict[extra_state_key])
            elif strict:
                missing_keys.append(extra_state_key)
        elif strict and (extra_state_key in state_dict):
            unexpected_keys.append(extra_state_key)

        if strict:
            for key in state_dict.keys():
                if key.startswith(prefix) and key != extra_state_key:
                    input_name = key[len(prefix):].split(".", 1)
                    if len(input_name) > 1:
                        if input_name[0] not in self._modules:
                            unexpected_keys.append(key)
                    elif input_name[0] not in local_state:
                        unexpected_keys.append(key)

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy parameters and buffers from ``state_dict`` into this module and its children.

        Values are copied in place under ``no_grad`` (parameters keep their identity, dtype
        and ``requires_grad``); with ``assign=True`` the given tensors replace them instead.

        Args:
            state_dict (Mapping[str, Tensor]): e.g. from :meth:`state_dict` or ``pyt.load``;
                each tensor must have the shape of the module's tensor of that key.
            strict (bool): require the keys to match exactly. Default ``True``.
            assign (bool): assign the tensors instead of copying. Default ``False``.

        Returns:
            NamedTuple ``(missing_keys, unexpected_keys)``: lists of str (both empty when
            everything matched; only filled when ``strict`` is true).

        Raises:
            TypeError: ``state_dict`` is not a Mapping.
            RuntimeError: "Error(s) in loading state_dict for <Class>:" followed by the
                missing keys, unexpected keys and size mismatches, as torch words them.

        Source: ``torch.nn.Module.load_state_dict``.

        Example::

            >>> a, b = pyt.nn.Linear(2, 2), pyt.nn.Linear(2, 2)
            >>> b.load_state_dict(a.state_dict())
            <All keys matched successfully>
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing_keys = []
        unexpected_keys = []
        error_msgs = []
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)
        if metadata is not None:
            state_dict._metadata = metadata

        def load(module, local_state_dict, prefix=""):
            local_metadata = {} if metadata is None else dict(metadata.get(prefix[:-1], {}))
            if assign:
                local_metadata["assign_to_params_buffers"] = assign
            module._load_from_state_dict(
                local_state_dict, prefix, local_metadata, True, missing_keys,
                unexpected_keys, error_msgs,
            )
            for name, child in module._modules.items():
                if child is not None:
                    child_prefix = prefix + name + "."
                    child_state_dict = {
                        k: v for k, v in local_state_dict.items() if k.startswith(child_prefix)
                    }
                    load(child, child_state_dict, child_prefix)
            incompatible_keys = _IncompatibleKeys(missing_keys, unexpected_keys)
            for hook in module._load_state_dict_post_hooks.values():
                out = hook(module, incompatible_keys)
                if out is not None:
                    raise AssertionError(
                        "Hooks registered with ``register_load_state_dict_post_hook`` are not "
                        "expected to return new values, if incompatible_keys need to be "
                        "modified, it should be done inplace."
                    )

        load(self, state_dict)

        if strict:
            if len(unexpected_keys) > 0:
                error_msgs.insert(
                    0,
                    "Unexpected key(s) in state_dict: {}. ".format(
                        ", ".join(f'"{k}"' for k in unexpected_keys)
                    ),
                )
            if len(missing_keys) > 0:
                error_msgs.insert(
                    0,
                    "Missing key(s) in state_dict: {}. ".format(
                        ", ".join(f'"{k}"' for k in missing_keys)
                    ),
                )
        if len(error_msgs) > 0:
            raise RuntimeError(
                "Error(s) in loading state_dict for {}:\n\t{}".format(
                    self.__class__.__name__, "\n\t".join(error_msgs)
                )
            )
        return _IncompatibleKeys(missing_keys, unexpected_keys)

    def register_state_dict_pre_hook(self, hook):
        """Register ``hook(module, prefix, keep_vars)`` run before ``state_dict`` saves.

        Args:
            hook (callable): returns None.

        Returns:
            RemovableHandle: removes the hook.

        Raises:
            Nothing at registration.

        Source: ``torch.nn.Module.register_state_dict_pre_hook``.

        Example::

            >>> h = net.register_state_dict_pre_hook(lambda m, prefix, keep_vars: None)
        """
        handle = RemovableHandle(self._state_dict_pre_hooks)
        self._state_dict_pre_hooks[handle.id] = hook
        return handle

    def register_state_dict_post_hook(self, hook):
        """Register ``hook(module, state_dict, prefix, local_metadata)`` run after this
        module's entries were saved; it may edit ``state_dict`` in place and returns None.

        Args:
            hook (callable): the hook.

        Returns:
            RemovableHandle: removes the hook.

        Raises:
            RuntimeError: (in ``state_dict``) the hook returned a value.

        Source: ``torch.nn.Module.register_state_dict_post_hook``.

        Example::

            >>> h = net.register_state_dict_post_hook(lambda m, sd, prefix, meta: None)
        """

        def checked(module, state_dict, prefix, local_metadata):
            if hook(module, state_dict, prefix, local_metadata) is not None:
                raise RuntimeError("state_dict post-hook must return None")

        return self._register_state_dict_hook(checked)

    def _register_state_dict_hook(self, hook):
        handle = RemovableHandle(self._state_dict_hooks)
        self._state_dict_hooks[handle.id] = hook
        return handle

    def register_load_state_dict_pre_hook(self, hook):
        """Register ``hook(module, state_dict, prefix, local_metadata, strict, missing_keys,
        unexpected_keys, error_msgs)`` run before this module loads its entries.

        Args:
            hook (callable): may edit ``state_dict`` in place (e.g. rename old keys).

        Returns:
            RemovableHandle: removes the hook.

        Raises:
            Nothing at registration.

        Source: ``torch.nn.Module.register_load_state_dict_pre_hook``.

        Example::

            >>> h = net.register_load_state_dict_pre_hook(lambda m, sd, *rest: None)
        """
        return self._register_load_state_dict_pre_hook(hook, with_module=True)

    def _register_load_state_dict_pre_hook(self, hook, with_module=False):
        handle = RemovableHandle(self._load_state_dict_pre_hooks)
        if with_module:
            module = self

            def wrapped(*args):
                return hook(module, *args)

            self._load_state_dict_pre_hooks[handle.id] = wrapped
        else:
            self._load_state_dict_pre_hooks[handle.id] = hook
        return handle

    def register_load_state_dict_post_hook(self, hook):
        """Register ``hook(module, incompatible_keys)`` run after ``load_state_dict``.

        Args:
            hook (callable): may edit ``incompatible_keys`` lists in place; returns None.

        Returns:
            RemovableHandle: removes the hook.

        Raises:
            Nothing at registration.

        Source: ``torch.nn.Module.register_load_state_dict_post_hook``.

        Example::

            >>> h = net.register_load_state_dict_post_hook(lambda m, k: None)
        """
        handle = RemovableHandle(self._load_state_dict_post_hooks)
        self._load_state_dict_post_hooks[handle.id] = hook
        return handle

    # ------------------------------------------------------------------ iteration
    def _named_members(self, get_members_fn, prefix="", recurse=True, remove_duplicate=True):
        memo = set()
        modules = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        for module_prefix, module in modules:
            members = get_members_fn(module)
            for k, v in members:
                if v is None or v in memo:
                    continue
                if remove_duplicate:
                    memo.add(v)
                name = module_prefix + ("." if module_prefix else "") + k
                yield name, v

    def parameters(self, recurse=True):
        """Iterate over the parameters (each shared parameter once), e.g. for an optimizer.

        Args:
            recurse (bool): include the parameters of all submodules. Default ``True``.

        Returns:
            Iterator[Parameter]: in registration order.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.parameters``.

        Example::

            >>> [tuple(p.shape) for p in pyt.nn.Linear(2, 3).parameters()]
            [(3, 2), (3,)]
        """
        for _name, param in self.named_parameters(recurse=recurse):
            yield param

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """Iterate over ``(dotted_name, parameter)`` pairs.

        Args:
            prefix (str): prefix for every name. Default ``""``.
            recurse (bool): include submodules. Default ``True``.
            remove_duplicate (bool): yield a shared parameter once. Default ``True``.

        Returns:
            Iterator[tuple[str, Parameter]].

        Raises:
            Nothing.

        Source: ``torch.nn.Module.named_parameters``.

        Example::

            >>> [n for n, _ in pyt.nn.Sequential(pyt.nn.Linear(2, 2)).named_parameters()]
            ['0.weight', '0.bias']
        """
        yield from self._named_members(
            lambda module: module._parameters.items(),
            prefix=prefix,
            recurse=recurse,
            remove_duplicate=remove_duplicate,
        )

    def buffers(self, recurse=True):
        """Iterate over the buffers.

        Args:
            recurse (bool): include submodules. Default ``True``.

        Returns:
            Iterator[Tensor].

        Raises:
            Nothing.

        Source: ``torch.nn.Module.buffers``.

        Example::

            >>> m = pyt.nn.Module(); m.register_buffer("b", pyt.zeros(2)); len(list(m.buffers()))
            1
        """
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """Iterate over ``(dotted_name, buffer)`` pairs.

        Args:
            prefix (str): prefix for every name. Default ``""``.
            recurse (bool): include submodules. Default ``True``.
            remove_duplicate (bool): yield a shared buffer once. Default ``True``.

        Returns:
            Iterator[tuple[str, Tensor]].

        Raises:
            Nothing.

        Source: ``torch.nn.Module.named_buffers``.

        Example::

            >>> m = pyt.nn.Module(); m.register_buffer("b", pyt.zeros(2))
            >>> [n for n, _ in m.named_buffers()]
            ['b']
        """
        yield from self._named_members(
            lambda module: module._buffers.items(),
            prefix=prefix,
            recurse=recurse,
            remove_duplicate=remove_duplicate,
        )

    def children(self):
        """Iterate over the immediate child modules.

        Args:
            None.

        Returns:
            Iterator[Module].

        Raises:
            Nothing.

        Source: ``torch.nn.Module.children``.

        Example::

            >>> len(list(pyt.nn.Sequential(pyt.nn.ReLU(), pyt.nn.ReLU()).children()))
            2
        """
        for _name, module in self.named_children():
            yield module

    def named_children(self):
        """Iterate over ``(name, child)`` pairs of the immediate children (each once).

        Args:
            None.

        Returns:
            Iterator[tuple[str, Module]].

        Raises:
            Nothing.

        Source: ``torch.nn.Module.named_children``.

        Example::

            >>> [n for n, _ in pyt.nn.Sequential(pyt.nn.ReLU()).named_children()]
            ['0']
        """
        memo = set()
        for name, module in self._modules.items():
            if module is not None and module not in memo:
                memo.add(module)
                yield name, module

    def modules(self, remove_duplicate=True):
        """Iterate over all modules of the tree, ``self`` first (depth-first).

        Args:
            remove_duplicate (bool): yield a shared module once. Default ``True``.

        Returns:
            Iterator[Module].

        Raises:
            Nothing.

        Source: ``torch.nn.Module.modules``.

        Example::

            >>> len(list(pyt.nn.Sequential(pyt.nn.ReLU()).modules()))
            2
        """
        for _, module in self.named_modules(remove_duplicate=remove_duplicate):
            yield module

    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """Iterate over ``(dotted_name, module)`` for the whole tree; ``self`` has name ``prefix``.

        Args:
            memo (set, optional): modules already yielded (internal).
            prefix (str): name of ``self``. Default ``""``.
            remove_duplicate (bool): yield a shared module once. Default ``True``.

        Returns:
            Iterator[tuple[str, Module]].

        Raises:
            Nothing.

        Source: ``torch.nn.Module.named_modules``.

        Example::

            >>> [n for n, _ in pyt.nn.Sequential(pyt.nn.ReLU()).named_modules()]
            ['', '0']
        """
        if memo is None:
            memo = set()
        if self not in memo:
            if remove_duplicate:
                memo.add(self)
            yield prefix, self
            for name, module in self._modules.items():
                if module is None:
                    continue
                submodule_prefix = prefix + ("." if prefix else "") + name
                yield from module.named_modules(memo, submodule_prefix, remove_duplicate)

    # ------------------------------------------------------------------ modes
    def train(self, mode=True):
        """Set training mode (``True``) or evaluation mode (``False``) on the whole tree.

        Args:
            mode (bool): the mode. Default ``True``.

        Returns:
            Module: self.

        Raises:
            ValueError: ``mode`` is not a bool.

        Source: ``torch.nn.Module.train``.

        Example::

            >>> pyt.nn.Dropout().train(False).training
            False
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        """Set evaluation mode on the whole tree (same as ``train(False)``).

        Args:
            None.

        Returns:
            Module: self.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.eval``.

        Example::

            >>> pyt.nn.Dropout().eval().training
            False
        """
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Set ``requires_grad`` of every parameter (e.g. to freeze a part of a model).

        Args:
            requires_grad (bool): the new value. Default ``True``.

        Returns:
            Module: self.

        Raises:
            RuntimeError: ``True`` for a parameter of a non-floating dtype.

        Source: ``torch.nn.Module.requires_grad_``.

        Example::

            >>> lin = pyt.nn.Linear(2, 2).requires_grad_(False)
            >>> lin.weight.requires_grad
            False
        """
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters.

        Args:
            set_to_none (bool): set ``.grad`` to ``None`` (default) instead of zeroing it.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.zero_grad``.

        Example::

            >>> net.zero_grad()
        """
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    g = p.grad
                    if g.grad_fn is not None:
                        g.detach_()
                    else:
                        g.requires_grad_(False)
                    g.zero_()

    # ------------------------------------------------------------------ repr
    def _get_name(self):
        return self.__class__.__name__

    def extra_repr(self):
        """Return the module-specific part of ``repr`` (one or more lines); override it.

        Args:
            None.

        Returns:
            str: ``""`` for the base class.

        Raises:
            Nothing.

        Source: ``torch.nn.Module.extra_repr``.

        Example::

            >>> pyt.nn.Linear(2, 3).extra_repr()
            'in_features=2, out_features=3, bias=True'
        """
        return ""

    def __repr__(self):
        extra_lines = []
        extra_repr = self.extra_repr()
        if extra_repr:
            extra_lines = extra_repr.split("\n")
        child_lines = []
        for key, module in self._modules.items():
            mod_str = _addindent(repr(module), 2)
            child_lines.append("(" + key + "): " + mod_str)
        lines = extra_lines + child_lines
        main_str = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main_str += extra_lines[0]
            else:
                main_str += "\n  " + "\n  ".join(lines) + "\n"
        main_str += ")"
        return main_str


def _parse_to(*args, **kwargs):
    """Parse Module.to's arguments into ``(device, dtype)``."""
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    kwargs.pop("copy", None)
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument '{next(iter(kwargs))}'")
    for a in args:
        if isinstance(a, pyt.dtype):
            dtype = a
        elif isinstance(a, _C.Tensor):
            dtype = a.dtype
            device = a.device
        elif isinstance(a, (str, pyt.device)):
            device = a
        elif isinstance(a, bool) or a is None:
            continue  # non_blocking / copy given positionally
        else:
            raise TypeError(
                f"to() received an invalid combination of arguments: got {type(a).__name__}"
            )
    if device is not None and not isinstance(device, (str, pyt.device)):
        raise TypeError(f"to(): expected device to be a str or pyt.device, got {device!r}")
    return device, dtype
