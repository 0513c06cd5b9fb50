"""Reverse-mode automatic differentiation: ``backward``, ``grad`` and the grad-mode switches.

Follows torch/autograd/__init__.py. The graph walk itself runs in the C++ engine
(``pyt._C._run_backward``); this module checks and prepares the arguments the way torch
does (implicit ones for scalar outputs, shape checks of the given gradients) and, for
``backward(inputs=...)``, accumulates the captured gradients into ``.grad``.
"""

import pyt
from pyt import _C
from pyt.autograd import grad_mode
from pyt.autograd.function import Function, FunctionCtx, once_differentiable  # noqa: F401
from pyt.autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck  # noqa: F401
from pyt.autograd import functional  # noqa: F401
from pyt.autograd import graph  # noqa: F401
from pyt.autograd.anomaly_mode import detect_anomaly, set_detect_anomaly  # noqa: F401
from pyt.autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)

__all__ = [
    "detect_anomaly",
    "set_detect_anomaly",
    "Function",
    "FunctionCtx",
    "once_differentiable",
    "gradcheck",
    "gradgradcheck",
    "GradcheckError",
    "backward",
    "grad",
    "no_grad",
    "enable_grad",
    "set_grad_enabled",
    "is_grad_enabled",
    "inference_mode",
    "grad_mode",
]


def _size_str(shape):
    s = repr(shape)
    if s.startswith("pyt.Size("):
        return s
    return f"pyt.Size({list(shape)})"


def _tensor_or_tensors_to_tuple(tensors, length):
    if tensors is None:
        return (None,) * length
    if isinstance(tensors, _C.Tensor):
        return (tensors,)
    return tuple(tensors)


def _make_grads(outputs, grads):
    if len(grads) != len(outputs):
        raise RuntimeError(
            f"got {len(outputs)} tensors and {len(grads)} gradients; "
            "grad_tensors should have one entry per output tensor"
        )
    new_grads = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if not isinstance(out, _C.Tensor):
            raise TypeError(
                f"autograd: expected outputs to be Tensors, but output[{i}] is "
                f"{type(out).__name__}"
            )
        if out.grad_fn is None and not out.requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
        if isinstance(g, _C.Tensor):
            if tuple(g.shape) != tuple(out.shape):
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {_size_str(g.shape)} "
                    f"and output[{i}] has a shape of {_size_str(out.shape)}."
                )
            new_grads.append(g)
        elif g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not out.dtype.is_floating_point:
                raise RuntimeError(
                    "grad can be implicitly created only for real scalar outputs"
                    f" but got {out.dtype}"
                )
            new_grads.append(pyt.ones_like(out))
        else:
            raise TypeError(
                "gradients can be either Tensors or None, but got " + type(g).__name__
            )
    return new_grads


def _as_tensor_tuple(x, what):
    if isinstance(x, _C.Tensor):
        return (x,)
    try:
        t = tuple(x)
    except TypeError:
        raise TypeError(
            f"{what}: expected a Tensor or a sequence of Tensors, got {type(x).__name__}"
        ) from None
    for i, v in enumerate(t):
        if not isinstance(v, _C.Tensor):
            raise TypeError(
                f"{what}: expected a Tensor or a sequence of Tensors, but element {i} is "
                f"{type(v).__name__}"
            )
    return t


def backward(
    tensors,
    grad_tensors=None,
    retain_graph=None,
    create_graph=False,
    grad_variables=None,
    inputs=None,
):
    """Compute the sum of gradients of ``tensors`` w.r.t. the graph leaves, into ``.grad``.

    Gradients are accumulated: call ``zero_grad`` (or set ``.grad = None``) between steps.

    Args:
        tensors (Tensor or sequence of Tensor): outputs to differentiate, any shape.
        grad_tensors (Tensor or sequence of Tensor or None, optional): the "vector" of the
            vector-Jacobian product, one per output with the output's shape; ``None`` for an
            output with one element means ``ones_like(output)``.
        retain_graph (bool, optional): keep the graph's saved tensors for another backward.
            Defaults to ``create_graph``.
        create_graph (bool): record the backward computation so higher-order gradients can
            be taken. Default ``False``.
        grad_variables: deprecated alias of ``grad_tensors`` (torch compatibility).
        inputs (Tensor or sequence of Tensor, optional): accumulate only into these tensors'
            ``.grad`` instead of into every leaf.

    Returns:
        None.

    Raises:
        RuntimeError: an output does not require grad, an implicit gradient is asked for a
            non-scalar output, a gradient's shape differs from its output's, ``inputs`` is
            empty, or the graph was already freed.
        TypeError: a gradient is neither a Tensor nor None.

    Source: ``torch.autograd.backward``.

    Example::

        >>> x = pyt.ones(3, requires_grad=True)
        >>> pyt.autograd.backward((x * x).sum())
        >>> x.grad
        tensor([2., 2., 2.])
    """
    if grad_variables is not None:
        if grad_tensors is not None:
            raise RuntimeError(
                "'grad_tensors' and 'grad_variables' (deprecated) arguments both passed to "
                "backward(). Please only use 'grad_tensors'."
            )
        grad_tensors = grad_variables
    if inputs is not None and not isinstance(inputs, _C.Tensor) and len(inputs) == 0:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    outputs = _as_tensor_tuple(tensors, "backward")
    t_inputs = _as_tensor_tuple(inputs, "backward") if inputs is not None else ()
    grads = _make_grads(outputs, _tensor_or_tensors_to_tuple(grad_tensors, len(outputs)))
    if retain_graph is None:
        retain_graph = create_graph
    if not t_inputs:
        _C._run_backward(list(outputs), grads, bool(retain_graph), bool(create_graph), [], False)
        return
    # The engine returns (does not accumulate) gradients when inputs are given; accumulate
    # them here like torch's AccumulateGrad.
    captured = _C._run_backward(
        list(outputs), grads, bool(retain_graph), bool(create_graph), list(t_inputs), True
    )
    for inp, g in zip(t_inputs, captured):
        if g is None:
            continue
        if inp.grad is None:
            inp.grad = g if create_graph else g.detach().clone()
        elif create_graph:
            inp.grad = inp.grad + g
        else:
            with no_grad():
                inp.grad.add_(g)


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    only_inputs=True,
    allow_unused=None,
    is_grads_batched=False,
    materialize_grads=False,
):
    """Compute and return the gradients of ``outputs`` w.r.t. ``inputs`` (no ``.grad`` change).

    Args:
        outputs (Tensor or sequence of Tensor): outputs to differentiate.
        inputs (Tensor or sequence of Tensor): tensors to differentiate with respect to; each
            must require grad.
        grad_outputs (Tensor or sequence of Tensor or None, optional): the vector of the
            vector-Jacobian product, one per output with its shape; ``None`` means ones for a
            one-element output.
        retain_graph (bool, optional): keep the graph; defaults to ``create_graph``.
        create_graph (bool): make the returned gradients differentiable. Default ``False``.
        only_inputs (bool): ignored (deprecated in torch, always ``True``).
        allow_unused (bool, optional): return ``None`` for inputs the outputs do not depend
            on instead of raising. Defaults to ``materialize_grads``.
        is_grads_batched (bool): not supported; must be ``False``.
        materialize_grads (bool): return zeros instead of ``None`` for unused inputs.

    Returns:
        tuple of (Tensor or None): one gradient per input, with the input's shape and dtype.

    Raises:
        RuntimeError: an input was not used and ``allow_unused`` is false, an input does not
            require grad, ``inputs`` is empty, or see :func:`backward`.
        ValueError: ``materialize_grads=True`` together with ``allow_unused=False``.
        NotImplementedError: ``is_grads_batched=True``.

    Source: ``torch.autograd.grad``.

    Example::

        >>> x = pyt.tensor([1., 2.], requires_grad=True)
        >>> pyt.autograd.grad((x ** 3).sum(), x)
        (tensor([ 3., 12.]),)
    """
    if materialize_grads and allow_unused is False:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, "
            "but got: allow_unused=False."
        )
    if is_grads_batched:
        raise NotImplementedError("pyt.autograd.grad: is_grads_batched=True is not supported yet")
    if allow_unused is None:
        allow_unused = materialize_grads
    t_outputs = _as_tensor_tuple(outputs, "grad")
    t_inputs = _as_tensor_tuple(inputs, "grad")
    if len(t_inputs) == 0:
        raise RuntimeError("grad requires non-empty inputs.")
    grads = _make_grads(t_outputs, _tensor_or_tensors_to_tuple(grad_outputs, len(t_outputs)))
    if retain_graph is None:
        retain_graph = create_graph
    result = _C._run_backward(
        list(t_outputs),
        grads,
        bool(retain_graph),
        bool(create_graph),
        list(t_inputs),
        bool(allow_unused),
    )
    result = tuple(result)
    if materialize_grads:
        result = tuple(
            pyt.zeros_like(inp) if g is None else g for g, inp in zip(result, t_inputs)
        )
    return result
