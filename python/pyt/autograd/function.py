"""Custom differentiable operations written in Python (torch.autograd.Function).

A subclass defines ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` as static
methods and is called through ``apply``. ``forward`` runs with grad mode off; if any tensor
argument requires grad, the outputs get a graph node (named ``<ClassName>Backward``) whose
backward calls the Python ``backward`` (holding the GIL only there). See Note [Python
autograd.Function] in src/cpp/bindings/autograd.cpp.
"""
import functools

from pyt import _C

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx:
    """The ``ctx`` object passed to ``forward`` and ``backward`` (torch.autograd.function.FunctionCtx).

    Attributes:
        needs_input_grad (tuple of bool): per argument of ``forward``, whether a gradient is
            needed for it.
        saved_tensors (tuple of Tensor): the tensors given to ``save_for_backward``; reading
            them raises RuntimeError if one was modified in place since it was saved, or after
            the graph was freed.

    Example::

        >>> class Square(pyt.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x * x
        ...     @staticmethod
        ...     def backward(ctx, g):
        ...         (x,) = ctx.saved_tensors
        ...         return 2 * x * g
    """

    def __init__(self):
        self.needs_input_grad = ()
        self._saved = None
        self._freed = False
        self._non_differentiable = set()
        self._dirty = set()
        self.materialize_grads = True

    def save_for_backward(self, *tensors):
        """Saves tensors (or None) for ``backward``; they are checked for in-place changes."""
        for t in tensors:
            if t is not None and not isinstance(t, _C.Tensor):
                raise TypeError("save_for_backward can only save variables, but argument "
                                f"{len(self._saved or ())} is of type {type(t).__name__}")
        hooks = _C._current_saved_tensors_hooks()
        if hooks is None:
            # Inference tensors have no version counter (recording a graph with one raises).
            self._saved = tuple((t, t._version if t is not None and not t.is_inference() else 0)
                                for t in tensors)
        else:
            # pyt.autograd.graph.saved_tensors_hooks: keep only what pack_hook returns.
            pack, unpack = hooks
            self._saved = tuple(
                (None, 0) if t is None else (_PackedSaved(pack(t), unpack), 0) for t in tensors
            )

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved tensors "
                "after they have already been freed). Saved intermediate values of the graph are freed "
                "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
                "backward through the graph a second time or if you need to access saved tensors after "
                "calling backward.")
        out = []
        for i, (t, version) in enumerate(self._saved or ()):
            if isinstance(t, _PackedSaved):
                out.append(t.unpack())
                continue
            if t is not None and not t.is_inference() and t._version != version:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified by an "
                    f"inplace operation: saved tensor {i} of {type(self).__name__} "
                    f"[{t.dtype} {list(t.shape)}] is at version {t._version}; expected version "
                    f"{version} instead. Hint: clone() the tensor before modifying it in place.")
            out.append(t)
        return tuple(out)

    def mark_non_differentiable(self, *tensors):
        """Marks outputs that have no gradient (e.g. indices); they get no grad_fn."""
        self._non_differentiable.update(id(t) for t in tensors)

    def mark_dirty(self, *tensors):
        """Marks inputs that ``forward`` modified in place (their version is bumped)."""
        self._dirty.update(id(t) for t in tensors)

    def set_materialize_grads(self, value):
        """Whether undefined output gradients are passed to backward as zeros (default) or None."""
        self.materialize_grads = bool(value)

    def _free(self):
        self._freed = True
        self._saved = None


class _PackedSaved:
    """A tensor of ``ctx.save_for_backward`` packed by saved-tensor hooks (pyt.autograd.graph)."""

    __slots__ = ("packed", "unpack_hook")

    def __init__(self, packed, unpack_hook):
        self.packed = packed
        self.unpack_hook = unpack_hook

    def unpack(self):
        t = self.unpack_hook(self.packed)
        if not isinstance(t, _C.Tensor):
            raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got result of "
                            f"type {type(t).__name__}")
        return t


class Function:
    """Base class of custom autograd operations (torch.autograd.Function).

    Subclasses implement ``forward(ctx, *args, **kwargs)`` and ``backward(ctx, *grads)`` as
    static methods; ``backward`` returns one gradient (or None) per ``forward`` argument.
    Call the operation with ``MyFunction.apply(*args)``. Alternatively (torch's newer style)
    ``forward(*args)`` takes no ``ctx`` and a static ``setup_context(ctx, inputs, output)``
    fills the ctx; it runs right after ``forward``, with grad mode off, with ``inputs`` the
    tuple of positional arguments and ``output`` what ``forward`` returned.

    A gradient ``backward`` returns is checked as torch's engine does: one of another dtype is
    cast to the input's dtype; one of another shape is summed down to the input's shape when the
    input's shape broadcasts to it, and raises RuntimeError otherwise.

    Raises:
        RuntimeError: backward returns the wrong number of gradients, a gradient whose shape
            is not compatible with its input's, saved tensors were modified in place, or an
            inference tensor is saved for backward outside inference mode. TypeError: backward
            returns something that is not a Tensor.

    Example::

        >>> class Exp(pyt.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         y = x.exp(); ctx.save_for_backward(y); return y
        ...     @staticmethod
        ...     def backward(ctx, g):
        ...         (y,) = ctx.saved_tensors; return g * y
        >>> x = pyt.ones(3, requires_grad=True); Exp.apply(x).sum().backward(); x.grad
        tensor([2.7183, 2.7183, 2.7183])
    """

    def __init__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is deprecated. Please use "
                           "new-style autograd function with static forward method.")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def setup_context(ctx, inputs, output):
        """Fills ``ctx`` for a ``forward`` written without ``ctx`` (torch's
        ``Function.setup_context``): ``inputs`` is the tuple of ``forward``'s arguments and
        ``output`` its result. Override it together with a ``forward(*args)``.
        """
        raise NotImplementedError("setup_context is not implemented.")

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = FunctionCtx()
        ctx.__class__ = type(f"{cls.__name__}Ctx", (FunctionCtx,), {})
        ctx.needs_input_grad = tuple(isinstance(a, _C.Tensor) and a.requires_grad for a in args)
        with _NoGrad():
            if cls.setup_context is not Function.setup_context:
                outputs = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, outputs)
            else:
                outputs = cls.forward(ctx, *args, **kwargs)
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        for t in args:
            if isinstance(t, _C.Tensor) and id(t) in ctx._dirty:
                t._bump_version_for_mark_dirty() if hasattr(t, "_bump_version_for_mark_dirty") else None
        if _C._is_grad_enabled() and any(ctx.needs_input_grad):
            if not _C.is_inference_mode_enabled():
                for t, _ in ctx._saved or ():
                    if isinstance(t, _C.Tensor) and t.is_inference():
                        raise RuntimeError(
                            "Inference tensors cannot be saved for backward. Please do not use Tensors created "
                            "in inference mode in computation tracked by autograd. To work around this, you can "
                            "make a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` "
                            "instead of `torch.inference_mode()`.")
            inputs = [a if isinstance(a, _C.Tensor) else None for a in args]
            differentiable = [isinstance(o, _C.Tensor) and id(o) not in ctx._non_differentiable for o in outs]
            # The node has one gradient slot per tensor output; backward gets one argument per
            # output, None for the non-tensor ones (as torch does).
            tensor_slots = [i for i, o in enumerate(outs) if isinstance(o, _C.Tensor)]
            n_out = len(outs)

            def run_backward(*grads):
                full = [None] * n_out
                for slot, g in zip(tensor_slots, grads):
                    full[slot] = g
                return cls.backward(ctx, *full)

            dirty = [isinstance(o, _C.Tensor) and id(o) in ctx._dirty for o in outs]
            outs = tuple(_C._function_record(f"{cls.__name__}Backward", run_backward, ctx._free, inputs,
                                             list(outs), differentiable, dirty,
                                             ctx.materialize_grads))
        return outs[0] if single else outs


class _NoGrad:
    def __enter__(self):
        self.prev = _C._is_grad_enabled()
        _C._set_grad_enabled(False)

    def __exit__(self, *exc):
        _C._set_grad_enabled(self.prev)


def once_differentiable(fn):
    """Decorator for ``backward``: runs it with grad mode off, so its result is not
    differentiable again (torch.autograd.function.once_differentiable).

    Example::

        >>> @staticmethod
        ... @once_differentiable
        ... def backward(ctx, g): ...
    """

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with _NoGrad():
            return fn(ctx, *args)

    return wrapper
