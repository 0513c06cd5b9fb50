"""Finite-difference gradient checks (torch.autograd.gradcheck / gradgradcheck)."""
import pyt
from pyt import _C

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck when analytical and numerical gradients disagree."""


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _flat_outputs(out):
    return [o for o in _as_tuple(out) if isinstance(o, _C.Tensor) and o.is_floating_point()]


def _numerical_jacobian(fn, inputs, i, eps):
    """Columns d out / d inputs[i][j] by central differences, for every output."""
    x = inputs[i]
    flat = x.detach().reshape(-1)
    cols = []

    def set_elem(j, v):
        with pyt.no_grad():  # writes into a leaf that requires grad
            flat[j] = v

    for j in range(flat.numel()):
        orig = flat[j].item()
        set_elem(j, orig + eps)
        plus = [o.detach().reshape(-1).clone() for o in _flat_outputs(fn(*inputs))]
        set_elem(j, orig - eps)
        minus = [o.detach().reshape(-1).clone() for o in _flat_outputs(fn(*inputs))]
        set_elem(j, orig)
        cols.append([(p - m) / (2 * eps) for p, m in zip(plus, minus)])
    return cols  # cols[j][k]: d out_k / d x_j (a vector over out_k's elements)


def _check_inputs(inputs):
    if not any(isinstance(x, _C.Tensor) and x.requires_grad for x in inputs):
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them have "
                         "requires_grad=True.")


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **unused):
    """Checks analytical gradients of func against central finite differences.

    Args:
        func: a function of tensors returning a tensor or a tuple of tensors.
        inputs (Tensor or tuple): inputs; those with ``requires_grad=True`` are checked.
            Use float64 inputs: float32 is too coarse for finite differences.
        eps, atol, rtol (float): perturbation and tolerances, as torch's.
        raise_exception (bool): raise GradcheckError on mismatch (else return False).

    Returns:
        bool: True when all gradients match.

    Raises:
        GradcheckError: a mismatch, naming the input and output index.
        ValueError: no input tensor requires grad (torch's message).

    Source: torch.autograd.gradcheck (the slow, full-Jacobian mode).

    Example::

        >>> x = pyt.randn(3, dtype=pyt.float64, requires_grad=True)
        >>> pyt.autograd.gradcheck(lambda t: (t * t).sum(), (x,))
        True
    """
    inputs = _as_tuple(inputs)
    _check_inputs(inputs)
    for i, x in enumerate(inputs):
        if not (isinstance(x, _C.Tensor) and x.requires_grad):
            continue
        numerical = _numerical_jacobian(func, inputs, i, eps)
        outputs = _flat_outputs(func(*inputs))  # fresh graph: the perturbations bumped x's version
        for k, out in enumerate(outputs):
            n_out = out.numel()
            for m in range(n_out):
                grad_out = pyt.zeros(n_out, dtype=out.dtype)
                grad_out[m] = 1.0
                (g,) = pyt.autograd.grad([out], [x], [grad_out.reshape(out.shape)], retain_graph=True,
                                         allow_unused=True)
                analytical = pyt.zeros(x.numel(), dtype=x.dtype) if g is None else g.reshape(-1)
                for j in range(x.numel()):
                    a = analytical[j].item()
                    n = numerical[j][k][m].item()
                    if abs(a - n) > atol + rtol * abs(n):
                        if not raise_exception:
                            return False
                        raise GradcheckError(
                            f"Jacobian mismatch for output {k} with respect to input {i}: element "
                            f"d out[{m}] / d in[{j}]: numerical {n!r}, analytical {a!r}")
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
                  **unused):
    """Checks second derivatives: gradcheck of the vector-Jacobian product of func
    (torch.autograd.gradgradcheck). grad_outputs default to random float64 tensors.

    Raises:
        GradcheckError: a mismatch. ValueError: no input tensor requires grad.

    Example::

        >>> x = pyt.randn(3, dtype=pyt.float64, requires_grad=True)
        >>> pyt.autograd.gradgradcheck(lambda t: (t ** 3).sum(), (x,))
        True
    """
    inputs = _as_tuple(inputs)
    _check_inputs(inputs)
    outs = _flat_outputs(func(*inputs))
    if grad_outputs is None:
        grad_outputs = tuple(pyt.randn(*o.shape, dtype=o.dtype, requires_grad=True) for o in outs)
    grad_outputs = _as_tuple(grad_outputs)
    diff_inputs = [x for x in inputs if isinstance(x, _C.Tensor) and x.requires_grad]

    def vjp(*args):
        xs, gos = args[:len(inputs)], args[len(inputs):]
        out = _flat_outputs(func(*xs))
        needed = [x for x in xs if isinstance(x, _C.Tensor) and x.requires_grad]
        grads = pyt.autograd.grad(out, needed, list(gos), create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    del diff_inputs
    return gradcheck(vjp, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception)
