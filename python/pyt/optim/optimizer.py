"""``Optimizer``: the base class of all optimizers (torch/optim/optimizer.py).

An optimizer is ``param_groups`` (a list of dicts: ``"params"`` plus hyper-parameters, with
the constructor's values as per-group defaults) and ``state`` (a per-parameter dict,
a ``defaultdict(dict)`` keyed by the parameter tensor). A subclass writes only its state
initialisation and its update, which calls one fused C++ kernel per parameter group.

float16 and bfloat16 parameters are computed as torch's CPU for-loop implementation computes
them: each op in float, its result rounded to the parameter's dtype (state tensors keep the
parameter's dtype, ``"step"`` stays float32). The one known difference: torch's
``add(x, alpha=a)`` rounds ``a * x`` to the dtype before adding on the scalar remainder of each
tensor (its last ``numel % 32`` elements with AVX512), where pyt computes the float fma as torch
does over the rest (Note [Reduced-precision optimizer steps] in ``optim_loops.h``).
"""

import functools
from collections import OrderedDict, defaultdict
from copy import deepcopy
from itertools import chain

import pyt
from pyt import _C
from pyt.autograd.grad_mode import enable_grad, no_grad
from pyt.utils.hooks import RemovableHandle

__all__ = [
    "Optimizer",
    "required",
    "register_optimizer_step_pre_hook",
    "register_optimizer_step_post_hook",
]

# Hooks that run around the step() of every optimizer (torch.optim.optimizer's globals).
_global_optimizer_pre_hooks = OrderedDict()
_global_optimizer_post_hooks = OrderedDict()


def register_optimizer_step_pre_hook(hook):
    """Register a pre hook that runs before ``step()`` of every optimizer.

    Args:
        hook (callable): ``hook(optimizer, args, kwargs) -> None or (new_args, new_kwargs)``.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters the hook.

    Raises:
        Nothing at registration; a hook returning anything but None or a pair makes
        ``step()`` raise RuntimeError.

    Source: ``torch.optim.optimizer.register_optimizer_step_pre_hook``.

    Example::

        >>> h = register_optimizer_step_pre_hook(lambda opt, a, kw: None); h.remove()
    """
    handle = RemovableHandle(_global_optimizer_pre_hooks)
    _global_optimizer_pre_hooks[handle.id] = hook
    return handle


def register_optimizer_step_post_hook(hook):
    """Register a post hook that runs after ``step()`` of every optimizer.

    Args:
        hook (callable): ``hook(optimizer, args, kwargs) -> None``.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters the hook.

    Raises:
        Nothing.

    Source: ``torch.optim.optimizer.register_optimizer_step_post_hook``.

    Example::

        >>> h = register_optimizer_step_post_hook(lambda opt, a, kw: None); h.remove()
    """
    handle = RemovableHandle(_global_optimizer_post_hooks)
    _global_optimizer_post_hooks[handle.id] = hook
    return handle


def _hooked_step(func):
    """Wrap a subclass's ``step`` so that the global and per-optimizer hooks run around it."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        self = args[0]
        pre = getattr(self, "_optimizer_step_pre_hooks", None) or {}
        post = getattr(self, "_optimizer_step_post_hooks", None) or {}
        if pre or _global_optimizer_pre_hooks:
            for pre_hook in chain(_global_optimizer_pre_hooks.values(), pre.values()):
                result = pre_hook(self, args, kwargs)
                if result is not None:
                    if isinstance(result, tuple) and len(result) == 2:
                        args, kwargs = result
                    else:
                        raise RuntimeError(
                            f"{func} must return None or a tuple of (new_args, new_kwargs), "
                            f"but got {result}."
                        )
        out = func(*args, **kwargs)
        if post or _global_optimizer_post_hooks:
            for post_hook in chain(post.values(), _global_optimizer_post_hooks.values()):
                post_hook(self, args, kwargs)
        return out

    wrapper._pyt_hooked = True
    return wrapper


class _RequiredParameter:
    """Singleton marking a hyper-parameter every param group must give."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj):
    if isinstance(obj, _C.Tensor):
        return "pyt.Tensor"
    return type(obj).__name__


class Optimizer:
    """Base class of all optimizers.

    Args:
        params (iterable): tensors to optimize (e.g. ``model.parameters()``), or dicts
            defining parameter groups (``{"params": [...], "lr": 0.1}``); named pairs
            ``(name, tensor)`` are also accepted as in torch.
        defaults (dict): default hyper-parameters, used for groups that do not set them.

    Returns:
        Optimizer: with ``param_groups``, ``state`` and ``defaults``.

    Raises:
        TypeError: ``params`` is a single Tensor or a set, or contains a non-Tensor.
        ValueError: ``params`` is empty, a parameter is not a leaf, or appears in two groups.

    Source: ``torch.optim.Optimizer``.

    Example::

        >>> opt = pyt.optim.SGD(model.parameters(), lr=0.1)
        >>> opt.zero_grad(); loss.backward(); opt.step()
    """

    # Hyper-parameters that __setstate__ gives groups of an older pickle, and per-parameter
    # state entries that it turns from numbers into 0-d float32 tensors (per subclass).
    _setstate_defaults = {}
    _setstate_tensor_keys = ()

    def __init_subclass__(cls, **kwargs):
        # Every subclass's step() runs the step hooks (torch patches step the same way).
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if step is not None and not getattr(step, "_pyt_hooked", False):
            cls.step = _hooked_step(step)

    def _init_hooks(self):
        for name in (
            "_optimizer_step_pre_hooks",
            "_optimizer_step_post_hooks",
            "_optimizer_state_dict_pre_hooks",
            "_optimizer_state_dict_post_hooks",
            "_optimizer_load_state_dict_pre_hooks",
            "_optimizer_load_state_dict_post_hooks",
        ):
            if not hasattr(self, name):
                setattr(self, name, OrderedDict())

    def __init__(self, params, defaults):
        self.defaults = defaults
        self._init_hooks()
        if isinstance(params, _C.Tensor):
            raise TypeError(
                "params argument given to the optimizer should be "
                "an iterable of Tensors or dicts, but got " + _typename(params)
            )
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __getstate__(self):
        # As torch: hooks are not part of the pickled state.
        return {
            "defaults": self.defaults,
            "state": self.state,
            "param_groups": self.param_groups,
        }

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._init_hooks()
        self.defaults.setdefault("differentiable", False)
        _set_group_defaults(self, **self._setstate_defaults)
        _tensor_state_scalars(self, self._setstate_tensor_keys)

    def _register_hook(self, hooks, hook, prepend=False):
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        if prepend:
            hooks.move_to_end(handle.id, last=False)
        return handle

    def register_step_pre_hook(self, hook):
        """Register a hook called before each ``step()`` of this optimizer.

        Args:
            hook (callable): ``hook(optimizer, args, kwargs) -> None or (new_args,
                new_kwargs)``; a returned pair replaces the arguments of ``step``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            Nothing at registration; ``step()`` raises RuntimeError when the hook returns
            something other than None or a pair.

        Source: ``torch.optim.Optimizer.register_step_pre_hook``.

        Example::

            >>> h = opt.register_step_pre_hook(lambda opt, args, kwargs: None)
        """
        return self._register_hook(self._optimizer_step_pre_hooks, hook)

    def register_step_post_hook(self, hook):
        """Register a hook called after each ``step()`` of this optimizer.

        Args:
            hook (callable): ``hook(optimizer, args, kwargs) -> None``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            Nothing.

        Source: ``torch.optim.Optimizer.register_step_post_hook``.

        Example::

            >>> h = opt.register_step_post_hook(lambda opt, args, kwargs: print("stepped"))
        """
        return self._register_hook(self._optimizer_step_post_hooks, hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        """Register ``hook(optimizer) -> None``, called at the start of :meth:`state_dict`.

        Args:
            hook (callable): called with the optimizer.
            prepend (bool): run before the hooks already registered. Default ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            Nothing.

        Source: ``torch.optim.Optimizer.register_state_dict_pre_hook``.

        Example::

            >>> h = opt.register_state_dict_pre_hook(lambda opt: None)
        """
        return self._register_hook(self._optimizer_state_dict_pre_hooks, hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        """Register ``hook(optimizer, state_dict) -> state_dict or None``, called at the end
        of :meth:`state_dict`; a returned dict replaces the result.

        Args:
            hook (callable): called with the optimizer and the state dict.
            prepend (bool): run before the hooks already registered. Default ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            Nothing.

        Source: ``torch.optim.Optimizer.register_state_dict_post_hook``.

        Example::

            >>> h = opt.register_state_dict_post_hook(lambda opt, sd: sd)
        """
        return self._register_hook(self._optimizer_state_dict_post_hooks, hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        """Register ``hook(optimizer, state_dict) -> state_dict or None``, called before
        :meth:`load_state_dict` loads; a returned dict is loaded instead.

        Args:
            hook (callable): called with the optimizer and the state dict to load.
            prepend (bool): run before the hooks already registered. Default ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            Nothing.

        Source: ``torch.optim.Optimizer.register_load_state_dict_pre_hook``.

        Example::

            >>> h = opt.register_load_state_dict_pre_hook(lambda opt, sd: sd)
        """
        return self._register_hook(self._optimizer_load_state_dict_pre_hooks, hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        """Register ``hook(optimizer) -> None``, called after :meth:`load_state_dict`.

        Args:
            hook (callable): called with the optimizer.
            prepend (bool): run before the hooks already registered. Default ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        Raises:
            Nothing.

        Source: ``torch.optim.Optimizer.register_load_state_dict_post_hook``.

        Example::

            >>> h = opt.register_load_state_dict_post_hook(lambda opt: None)
        """
        return self._register_hook(self._optimizer_load_state_dict_post_hooks, hook, prepend)

    def __repr__(self):
        format_string = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            format_string += "\n"
            format_string += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    format_string += f"    {key}: {group[key]}\n"
        format_string += ")"
        return format_string

    def add_param_group(self, param_group):
        """Add a parameter group (e.g. layers unfrozen during fine-tuning).

        Args:
            param_group (dict): ``"params"`` (a Tensor or an iterable of Tensors) and any
                hyper-parameters; missing ones are taken from ``defaults``.

        Returns:
            None.

        Raises:
            TypeError: not a dict, ``params`` is a set, or contains a non-Tensor.
            ValueError: a non-leaf tensor, a parameter already in another group, a missing
                required hyper-parameter, or names given for only some parameters.

        Source: ``torch.optim.Optimizer.add_param_group``.

        Example::

            >>> opt.add_param_group({"params": head.parameters(), "lr": 1e-2})
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, _C.Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but "
                "the ordering of tensors in sets will change between runs. Please use a list "
                "instead."
            )
        else:
            param_group["params"] = list(params)

        extracted_param_tensors = []
        extracted_param_names = []
        for param in param_group["params"]:
            if isinstance(param, tuple):
                extracted_param_names.append(param[0])
                extracted_param_tensors.append(param[1])
            else:
                extracted_param_tensors.append(param)
        param_group["params"] = extracted_param_tensors
        if len(extracted_param_names) != 0:
            if len(extracted_param_names) == len(extracted_param_tensors):
                param_group["param_names"] = extracted_param_names
            else:
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are "
                    "missing"
                )

        for param in param_group["params"]:
            if not isinstance(param, _C.Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, "
                    "but one of the params is " + _typename(param)
                )
            if not self.defaults.get("differentiable", None) and not (
                param.is_leaf or getattr(param, "retains_grad", False)
            ):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    "parameter group didn't specify a value of required optimization "
                    f"parameter {name}"
                )
            param_group.setdefault(name, default)

        params = param_group["params"]
        if len(params) != len({id(p) for p in params}):
            import warnings

            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; "
                "in future, this will cause an error; "
                "see github.com/pytorch/pytorch/issues/40967 for more information",
                stacklevel=3,
            )

        param_ids = set()
        for group in self.param_groups:
            param_ids.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                current_group_txt = (
                    "with names" if "param_names" in param_group else "without names"
                )
                raise ValueError(
                    "all optimizer param groups should be with/without names. "
                    f"cannot add param group {current_group_txt} to the optimizer"
                )
        if not param_ids.isdisjoint(id(p) for p in param_group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all optimized tensors.

        Args:
            set_to_none (bool): set ``.grad`` to ``None`` (default, cheaper) instead of
                filling it with zeros.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.optim.Optimizer.zero_grad``.

        Example::

            >>> opt.zero_grad()
        """
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        if g.grad_fn is not None:
                            g.detach_()
                        else:
                            g.requires_grad_(False)
                        g.zero_()

    def step(self, closure=None):
        """Perform one optimization step (implemented by subclasses).

        Args:
            closure (callable, optional): re-evaluates the model and returns the loss.

        Returns:
            The closure's loss, or None.

        Raises:
            NotImplementedError: in the base class.

        Source: ``torch.optim.Optimizer.step``.

        Example::

            >>> opt.step()
        """
        raise NotImplementedError

    def state_dict(self):
        """Return the optimizer's state as a dict with torch's layout.

        ``"state"`` maps integer parameter ids (the position of each parameter across all
        groups, in order) to its per-parameter state (tensors are references, not copies);
        ``"param_groups"`` is a list of the group dicts with ``"params"`` replaced by those
        ids.

        Args:
            None.

        Returns:
            dict: ``{"state": {...}, "param_groups": [...]}``.

        Raises:
            Nothing.

        Source: ``torch.optim.Optimizer.state_dict``.

        Example::

            >>> sd = opt.state_dict(); sd["param_groups"][0]["params"]
            [0, 1]
        """
        for pre_hook in self._optimizer_state_dict_pre_hooks.values():
            pre_hook(self)
        param_mappings = {}
        start_index = 0

        def pack_group(group):
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            param_mappings.update(
                {
                    id(p): i
                    for i, p in enumerate(group["params"], start_index)
                    if id(p) not in param_mappings
                }
            )
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {
            (param_mappings[id(k)] if isinstance(k, _C.Tensor) else k): v
            for k, v in self.state.items()
        }
        state_dict = {"state": packed_state, "param_groups": param_groups}
        for post_hook in self._optimizer_state_dict_post_hooks.values():
            hook_result = post_hook(self, state_dict)
            if hook_result is not None:
                state_dict = hook_result
        return state_dict

    @staticmethod
    def _cast_state_value(param, value, key):
        # As torch: 'step' is kept as is; floating state follows the parameter's dtype.
        if key == "step":
            return value
        if param.dtype.is_floating_point and value.dtype.is_floating_point:
            if value.dtype != param.dtype:
                return value.to(param.dtype)
        return value

    def load_state_dict(self, state_dict):
        """Load optimizer state produced by :meth:`state_dict` (of pyt or torch layout).

        The saved integer ids are matched, in order, to the parameters of this optimizer's
        groups; floating state tensors are cast to each parameter's dtype. Hyper-parameters
        of the saved groups replace the current ones.

        Args:
            state_dict (dict): ``{"state": ..., "param_groups": ...}``.

        Returns:
            None.

        Raises:
            ValueError: a different number of groups, or a group of a different size.
            KeyError: ``"state"`` or ``"param_groups"`` missing.

        Source: ``torch.optim.Optimizer.load_state_dict``.

        Example::

            >>> opt2.load_state_dict(opt.state_dict())
        """
        state_dict = dict(state_dict)
        for pre_hook in self._optimizer_load_state_dict_pre_hooks.values():
            hook_result = pre_hook(self, state_dict)
            if hook_result is not None:
                state_dict = hook_result
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        param_lens = (len(g["params"]) for g in groups)
        saved_lens = (len(g["params"]) for g in saved_groups)
        if any(p_len != s_len for p_len, s_len in zip(param_lens, saved_lens)):
            raise ValueError(
                "loaded state dict contains a parameter group "
                "that doesn't match the size of optimizer's group"
            )
        id_map = dict(
            zip(
                chain.from_iterable(g["params"] for g in saved_groups),
                chain.from_iterable(g["params"] for g in groups),
            )
        )

        def _cast(param, value, key=None):
            if isinstance(value, _C.Tensor):
                return Optimizer._cast_state_value(param, value, key)
            if isinstance(value, dict):
                return {k: _cast(param, v, key=k) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return type(value)(_cast(param, v) for v in value)
            return value

        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = _cast(param, v)
            else:
                state[k] = v

        def update_group(group, new_group):
            new_group["params"] = group["params"]
            if "param_names" in group and "param_names" not in new_group:
                new_group["param_names"] = group["param_names"]
            return new_group

        param_groups = [update_group(g, ng) for g, ng in zip(groups, saved_groups)]
        self.__setstate__({"state": state, "param_groups": param_groups})
        for post_hook in self._optimizer_load_state_dict_post_hooks.values():
            post_hook(self)


def _to_float(x, name):
    if isinstance(x, _C.Tensor):
        if x.numel() != 1:
            raise ValueError(f"Tensor {name} must be 1-element")
        return float(x.item())
    return float(x)


def _gather(optimizer, group, init):
    """Parameters of ``group`` that have a gradient, their gradients and their state dicts;
    ``init(p, state)`` fills an empty state (torch's ``_init_group``)."""
    params, grads, states = [], [], []
    state_of = optimizer.state
    for p in group["params"]:
        g = p.grad
        if g is None:
            continue
        st = state_of[p]
        if len(st) == 0:
            init(p, st)
        params.append(p)
        grads.append(g)
        states.append(st)
    return params, grads, states


def _tensor_steps(states):
    """The per-parameter 'step' counters as 0-d float tensors (converting saved numbers)."""
    steps = []
    for st in states:
        s = st["step"]
        if not isinstance(s, _C.Tensor):
            s = pyt.tensor(float(s), dtype=pyt.float32)
            st["step"] = s
        steps.append(s)
    return steps


def _zero_state(state, p, *names):
    """Fill a fresh per-parameter state as torch does: a 0-d float32 ``"step"``, then zeros
    like ``p`` under each of ``names``."""
    state["step"] = pyt.tensor(0.0, dtype=pyt.float32)
    for name in names:
        state[name] = pyt.zeros_like(p)


def _closure_loss(closure):
    """``closure()`` evaluated with grad enabled, or None: the start of every ``step``."""
    if closure is None:
        return None
    with enable_grad():
        return closure()


def _fused_step(optimizer, closure, init, update):
    """The body of ``step`` for an optimizer with one fused kernel per parameter group.

    Evaluates ``closure`` with grad enabled; then, without grad, for each group gathers the
    parameters that have a gradient (``init(group, p, state)`` fills an empty state, torch's
    ``_init_group``) and, when there are any, calls ``update(group, params, grads, states)``,
    which runs the group's kernel. Returns the closure's loss, or None.
    """
    loss = _closure_loss(closure)
    with no_grad():
        for group in optimizer.param_groups:
            params, grads, states = _gather(optimizer, group, functools.partial(init, group))
            if params:
                _check_capturable(optimizer, group)
                update(group, params, grads, states)
    return loss


def _check_capturable(optimizer, group):
    """torch's AssertionError for ``capturable=True``: CUDA-graph capture needs the params and
    step counters on an accelerator, and pyt's tensors live on the CPU. Raised after the state
    is initialised and before anything is updated, as torch does on CPU tensors."""
    if group.get("capturable", False):
        what = getattr(optimizer, "_capturable_what", "params and state_steps")
        devices = getattr(
            optimizer, "_capturable_devices", "['cuda', 'xpu', 'hpu', 'privateuseone', 'xla']"
        )
        raise AssertionError(
            f"If capturable=True, {what} must be on supported devices: {devices}."
        )


def _step_doc(name):
    """The docstring of ``<name>.step``."""
    return f"""Perform one {name} step on every parameter that has a gradient.

        Args:
            closure (callable, optional): re-evaluates the model and returns the loss
                (called with grad enabled).

        Returns:
            The closure's loss, or None.

        Raises:
            RuntimeError: a gradient or state tensor does not match its parameter (kernel).

        Source: ``torch.optim.{name}.step``.

        Example::

            >>> opt.step()
        """


def _set_group_defaults(optimizer, **defaults):
    """Give every param group the hyper-parameters that an older pickle lacks (in the order
    given), as each torch optimizer's ``__setstate__`` does."""
    for group in optimizer.param_groups:
        for name, value in defaults.items():
            group.setdefault(name, value)


# The constructor-argument checks of torch's optimizers, by argument name: (test that the
# value passes, the message's description of the value). Every name not listed here must be
# >= 0 and is described as "<name> value".
_ARG_RULES = {
    "lr": (lambda v: 0.0 <= v, "learning rate"),
    "eps": (lambda v: 0.0 <= v, "epsilon value"),
    "rho": (lambda v: 0.0 <= v <= 1.0, "rho value"),
}


def _tensor_state_scalars(optimizer, keys):
    """Turn the per-parameter state entries ``keys`` saved as numbers (older pickles) into
    0-d float32 tensors, as torch optimizers' ``__setstate__`` do for ``"step"`` & co."""
    for group in optimizer.param_groups:
        for p in group["params"]:
            st = optimizer.state.get(p, {})
            for key in keys:
                if key in st and not isinstance(st[key], _C.Tensor):
                    st[key] = pyt.tensor(float(st[key]), dtype=pyt.float32)


def _check_args(args, names, negative_only=False):
    """Raise torch's ValueError for the first invalid constructor argument among ``names``
    (checked in that order, as the torch optimizer does). ``args`` maps argument names to
    values; ``"betas"`` checks both entries in ``[0, 1)``, ``"etas"`` checks
    ``0 < etaminus < 1 < etaplus``, ``"lr"`` also refuses a Tensor of more than one element.
    A callable in ``names`` is called (a check of the class's own) in its place.
    ``negative_only`` (SGD) tests ``value < 0`` instead of ``not 0 <= value`` (so NaN passes,
    as in torch's SGD)."""
    for name in names:
        if callable(name):  # a class's own check, run at its place in torch's order
            name()
            continue
        value = args[name]
        if name == "betas":
            for i in (0, 1):
                if not 0.0 <= value[i] < 1.0:
                    raise ValueError(f"Invalid beta parameter at index {i}: {value[i]}")
            continue
        if name == "etas":
            if not 0.0 < value[0] < 1.0 < value[1]:
                raise ValueError(f"Invalid eta values: {value[0]}, {value[1]}")
            continue
        if name == "lr" and isinstance(value, _C.Tensor) and value.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        ok, what = _ARG_RULES.get(name, (lambda v: 0.0 <= v, f"{name} value"))
        if (value < 0.0) if negative_only else not ok(value):
            raise ValueError(f"Invalid {what}: {value}")


def _init_optimizer(
    optimizer, params, args, checks=(), negative_only=False, validate=None, **overrides
):
    """The constructor of a torch-style optimizer, driven by its class's tables.

    Checks ``checks`` (see :func:`_check_args`), refuses ``differentiable=True``, runs
    ``validate()`` (a class's own further checks) when given, builds
    ``defaults`` from ``args`` (the constructor's ``locals()``) in the order of the class's
    ``_defaults_order`` (torch's key order, which ``state_dict()`` shows), with ``overrides``
    replacing values, and runs ``Optimizer.__init__``. The class's ``_setstate_defaults``
    are what ``__setstate__`` fills into groups that lack them.
    """
    _check_args(args, checks, negative_only)
    _no_differentiable(optimizer, args.get("differentiable", False))
    if validate is not None:
        validate()
    defaults = {k: overrides[k] if k in overrides else args[k] for k in optimizer._defaults_order}
    Optimizer.__init__(optimizer, params, defaults)


def _no_differentiable(opt, differentiable):
    if differentiable:
        raise NotImplementedError(
            f"pyt.optim.{type(opt).__name__}: differentiable=True is not supported"
        )
