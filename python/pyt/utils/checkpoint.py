"""Activation checkpointing (torch.utils.checkpoint): trade compute for memory.

``checkpoint(fn, *args, use_reentrant=False)`` runs ``fn`` without keeping the tensors its ops
save for backward; backward runs ``fn`` again on the same inputs to get them back. The
gradients are those of the plain ``fn(*args)``. With ``preserve_rng_state=True`` (default) the
recomputation starts from the random-number state the forward started from, so dropout draws
the same mask.

Two variants, as in torch:

* ``use_reentrant=False`` (recommended): the forward runs under
  :class:`pyt.autograd.graph.saved_tensors_hooks` whose pack hook keeps only a placeholder per
  saved tensor; the first unpack in backward re-runs ``fn`` (with grad mode as it was in the
  forward) under hooks that capture the recomputed tensors in the same order, and each
  placeholder is swapped for its tensor. It works with ``pyt.autograd.grad``, with inputs that
  do not require grad (gradients still reach parameters used inside ``fn``), with keyword
  arguments, and with ``retain_graph=True`` (each backward recomputes again).
* ``use_reentrant=True``: an :class:`pyt.autograd.Function` that runs ``fn`` under ``no_grad``
  and, in its backward, re-runs it with grad enabled on detached inputs and calls
  ``pyt.autograd.backward`` on the result (a nested backward). Keyword arguments raise
  ValueError; when no input requires grad, a UserWarning says that gradients will be None.

Omitting ``use_reentrant`` warns and uses ``True``, as torch 2.13 does.

Source: torch/utils/checkpoint.py (``checkpoint``, ``checkpoint_sequential``,
``CheckpointFunction``, ``_checkpoint_without_reentrant_generator``).
"""
import warnings
import weakref

import pyt
from pyt import _C

__all__ = ["checkpoint", "checkpoint_sequential"]


def _get_rng_state():
    return _C.default_generator.get_state()


class _fork_rng:
    """Runs a block from RNG state ``state`` (None: unchanged) and restores the state after."""

    def __init__(self, state):
        self.state = state

    def __enter__(self):
        if self.state is not None:
            self.saved = _C.default_generator.get_state()
            _C.default_generator.set_state(self.state)

    def __exit__(self, *exc):
        if self.state is not None:
            _C.default_generator.set_state(self.saved)
        return False


def _warn_use_reentrant(where):
    warnings.warn(
        f"{where}: the use_reentrant parameter should be passed explicitly. Starting in PyTorch 2.9, calling "
        "checkpoint without use_reentrant will raise an exception. use_reentrant=False is recommended, but if you "
        "need to preserve the current default behavior, you can pass use_reentrant=True. Refer to docs for more "
        "details on the differences between the two variants.", stacklevel=3)


class CheckpointFunction(pyt.autograd.Function):
    """The reentrant checkpoint (``use_reentrant=True``): see the module docstring."""

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function = run_function
        ctx.rng_state = _get_rng_state() if preserve_rng_state else None
        ctx.inputs = []
        ctx.tensor_indices = []
        tensors = []
        for i, a in enumerate(args):
            if isinstance(a, _C.Tensor):
                tensors.append(a)
                ctx.tensor_indices.append(i)
                ctx.inputs.append(None)
            else:
                ctx.inputs.append(a)
        ctx.save_for_backward(*tensors)
        with pyt.no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        inputs = list(ctx.inputs)
        for i, t in zip(ctx.tensor_indices, ctx.saved_tensors):
            d = t.detach()
            d.requires_grad_(t.requires_grad)
            inputs[i] = d
        with _fork_rng(ctx.rng_state), pyt.enable_grad():
            outputs = ctx.run_function(*inputs)
        if isinstance(outputs, _C.Tensor):
            outputs = (outputs,)
        outs, gs = [], []
        for o, g in zip(outputs, grads):
            if isinstance(o, _C.Tensor) and o.requires_grad:
                outs.append(o)
                gs.append(g)
        if not outs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not necessary")
        pyt.autograd.backward(outs, gs)
        return (None, None) + tuple(inp.grad if isinstance(inp, _C.Tensor) else None for inp in inputs)


class _Holder:
    """Placeholder a checkpointed forward keeps instead of a saved tensor."""

    __slots__ = ("__weakref__",)


class _Frame:
    """State of one non-reentrant checkpoint call: how to recompute, and the placeholders."""

    def __init__(self, function, args, kwargs, rng_state, grad_enabled):
        self.function = function
        self.args = args
        self.kwargs = kwargs
        self.rng_state = rng_state
        self.grad_enabled = grad_enabled
        self.holders = []  # weak references, in the order the forward saved the tensors
        self.values = weakref.WeakKeyDictionary()  # holder -> recomputed tensor

    def pack(self, tensor):
        h = _Holder()
        self.holders.append(weakref.ref(h))
        return h

    def recompute(self):
        live = [r() for r in self.holders]
        count = [0]

        def pack(tensor):
            i = count[0]
            count[0] += 1
            if i < len(live) and live[i] is not None:
                self.values[live[i]] = tensor
            return None

        def unpack(_):
            raise RuntimeError("torch.utils.checkpoint: a tensor saved during recomputation was unpacked")

        with _fork_rng(self.rng_state), pyt.set_grad_enabled(self.grad_enabled):
            with pyt.autograd.graph.saved_tensors_hooks(pack, unpack):
                self.function(*self.args, **self.kwargs)
        if count[0] != len(live):
            raise RuntimeError(
                "torch.utils.checkpoint: A different number of tensors was saved during the original forward "
                f"and recomputation.\nNumber of tensors saved during forward: {len(live)}\n"
                f"Number of tensors saved during recomputation: {count[0]}.")

    def unpack(self, holder):
        if holder not in self.values:
            self.recompute()
        return self.values.pop(holder)


def _checkpoint_without_reentrant(function, preserve_rng_state, *args, **kwargs):
    frame = _Frame(function, args, kwargs, _get_rng_state() if preserve_rng_state else None,
                   _C._is_grad_enabled())
    with pyt.autograd.graph.saved_tensors_hooks(frame.pack, frame.unpack):
        return function(*args, **kwargs)


def checkpoint(function, *args, use_reentrant=None, context_fn=None, determinism_check="default", debug=False,
               early_stop=True, **kwargs):
    """Runs ``function(*args, **kwargs)`` without keeping its intermediate tensors for backward;
    backward recomputes them (torch.utils.checkpoint.checkpoint).

    Args:
        function (callable): the function (or module) to run.
        *args: its positional arguments (tensors or anything else).
        use_reentrant (bool): the variant (see the module docstring). None warns and uses True,
            as torch does; pass ``False``.
        preserve_rng_state (bool, keyword): recompute from the forward's RNG state, so random
            ops (dropout) draw the same values. Default True.
        context_fn: accepted for compatibility; only the default (None) is supported.
        determinism_check (str), debug (bool), early_stop (bool): accepted for compatibility.
        **kwargs: keyword arguments of ``function`` (``use_reentrant=False`` only).

    Returns:
        what ``function`` returns.

    Raises:
        ValueError: keyword arguments with ``use_reentrant=True``; ``context_fn`` or
            ``debug=True`` with ``use_reentrant=True``.
        RuntimeError: the recomputation saved a different number of tensors than the forward
            (``function`` is not deterministic in its control flow).

    Example::

        >>> lin = pyt.nn.Linear(4, 4)
        >>> x = pyt.randn(2, 4, requires_grad=True)
        >>> y = pyt.utils.checkpoint.checkpoint(lin, x, use_reentrant=False)
        >>> y.sum().backward()   # lin runs again here
    """
    if use_reentrant is None:
        _warn_use_reentrant("torch.utils.checkpoint")
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs and use_reentrant:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
    if use_reentrant:
        if context_fn is not None or debug is not False:
            raise ValueError("Passing `context_fn` or `debug` is only supported when use_reentrant=False.")
        if _C._is_grad_enabled() and not any(isinstance(a, _C.Tensor) and a.requires_grad for a in args):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", stacklevel=2)
        return CheckpointFunction.apply(function, preserve, *args)
    if context_fn is not None:
        raise NotImplementedError("pyt.utils.checkpoint: context_fn is not supported")
    return _checkpoint_without_reentrant(function, preserve, *args, **kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Runs a sequence of functions (or an ``nn.Sequential``) in ``segments`` chunks, checkpointing
    every chunk but the last (torch.utils.checkpoint.checkpoint_sequential).

    Args:
        functions (nn.Sequential or list of callables): run in order, each on the previous
            one's output.
        segments (int): number of chunks; each has ``len(functions) // segments`` functions,
            the last chunk the rest.
        input (Tensor): the input of the first function.
        use_reentrant (bool): as for :func:`checkpoint` (None warns and uses True).
        preserve_rng_state (bool, keyword): as for :func:`checkpoint`. Default True.

    Returns:
        the output of the last function.

    Raises:
        ValueError: other keyword arguments.

    Example::

        >>> model = pyt.nn.Sequential(pyt.nn.Linear(4, 4), pyt.nn.ReLU(), pyt.nn.Linear(4, 2))
        >>> x = pyt.randn(3, 4, requires_grad=True)
        >>> out = pyt.utils.checkpoint.checkpoint_sequential(model, 2, x, use_reentrant=False)
    """
    if use_reentrant is None:
        _warn_use_reentrant("torch.utils.checkpoint.checkpoint_sequential")
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))

    def run_function(start, end, functions):
        def forward(input):
            for j in range(start, end + 1):
                input = functions[j](input)
            return input

        return forward

    if isinstance(functions, pyt.nn.Sequential):
        functions = list(functions.children())
    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(run_function(start, end, functions), input, use_reentrant=use_reentrant,
                           preserve_rng_state=preserve)
    return run_function(end + 1, len(functions) - 1, functions)(input)
