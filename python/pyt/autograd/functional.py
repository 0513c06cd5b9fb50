"""Functional autograd transforms: vjp, jacobian, hessian (torch.autograd.functional)."""
import pyt
from pyt import _C

__all__ = ["vjp", "jacobian", "hessian"]


def _tuple(x):
    return (tuple(x), True) if isinstance(x, (tuple, list)) else ((x,), False)


def _prepare(inputs, create_graph):
    # Fresh leaves that require grad, sharing the caller's values.
    return tuple(x.detach().requires_grad_(True) if not create_graph or not x.requires_grad else x
                 for x in inputs)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """Vector-Jacobian product of func at inputs (torch.autograd.functional.vjp).

    Args:
        func: function of the tensors in ``inputs`` returning a tensor or tuple of tensors.
        inputs (Tensor or tuple of Tensor): where to evaluate.
        v (Tensor or tuple, optional): the vector(s), shaped like the outputs; may be omitted
            for a single one-element output.
        create_graph (bool): make the result differentiable.
        strict (bool): raise RuntimeError when an output does not depend on an input.

    Returns:
        (outputs, vjp): func's outputs and v^T J, shaped like inputs (zeros where unused).

    Example:
        >>> out, g = pyt.autograd.functional.vjp(lambda x: x * x, pyt.ones(2), pyt.ones(2))
        >>> g
        tensor([2., 2.])
    """
    ins, in_tuple = _tuple(inputs)
    with pyt.enable_grad():
        xs = _prepare(ins, create_graph)
        outs, out_tuple = _tuple(func(*xs))
        if v is None:
            if len(outs) != 1 or outs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the user-provided function returns a single "
                                   "Tensor with a single element.")
            vs = (pyt.ones_like(outs[0]),)
        else:
            vs, _ = _tuple(v)
        diff = [(o, g) for o, g in zip(outs, vs) if o.requires_grad]
        if diff:
            grads = pyt.autograd.grad([o for o, _ in diff], list(xs), [g for _, g in diff],
                                      create_graph=create_graph, allow_unused=True)
        else:
            grads = [None] * len(xs)
    if strict and any(g is None for g in grads):
        raise RuntimeError("The output of the user-provided function is independent of an input. This is not "
                           "allowed in strict mode.")
    res = tuple(pyt.zeros_like(x) if g is None else (g if create_graph else g.detach()) for g, x in zip(grads, xs))
    outs_r = tuple(o if create_graph else o.detach() for o in outs)
    return (outs_r if out_tuple else outs_r[0]), (res if in_tuple else res[0])


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of func at inputs (torch.autograd.functional.jacobian), row by row with
    reverse mode.

    Returns:
        For one input and one output, a tensor of shape ``out.shape + in.shape``; tuples of
        such tensors (nested output-major) otherwise.

    Raises:
        NotImplementedError: strategy other than "reverse-mode".

    Example:
        >>> pyt.autograd.functional.jacobian(lambda x: x * x, pyt.tensor([1., 2.]))
        tensor([[2., 0.],
                [0., 4.]])
    """
    if strategy != "reverse-mode":
        raise NotImplementedError("pyt's jacobian supports strategy='reverse-mode' only")
    ins, in_tuple = _tuple(inputs)
    with pyt.enable_grad():
        xs = _prepare(ins, create_graph)
        outs, out_tuple = _tuple(func(*xs))
        jac = []
        for o in outs:
            rows = [[] for _ in xs]
            flat = o.reshape(-1)
            for k in range(flat.numel()):
                if o.requires_grad:
                    grads = pyt.autograd.grad([flat[k]], list(xs), retain_graph=True, create_graph=create_graph,
                                              allow_unused=True)
                else:
                    grads = [None] * len(xs)
                for i, (g, x) in enumerate(zip(grads, xs)):
                    if g is None:
                        if strict:
                            raise RuntimeError("Output is independent of input. This is not allowed in strict mode.")
                        g = pyt.zeros_like(x)
                    rows[i].append(g if create_graph else g.detach())
            per_in = []
            for i, x in enumerate(xs):
                stacked = pyt.stack(rows[i]) if rows[i] else pyt.zeros(0, *x.shape, dtype=x.dtype)
                per_in.append(stacked.reshape(tuple(o.shape) + tuple(x.shape)))
            jac.append(tuple(per_in) if in_tuple else per_in[0])
    return tuple(jac) if out_tuple else jac[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function at inputs (torch.autograd.functional.hessian).

    Example:
        >>> pyt.autograd.functional.hessian(lambda x: (x ** 3).sum(), pyt.tensor([1., 2.]))
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    ins, in_tuple = _tuple(inputs)

    def grad_fn(*xs):
        out = func(*xs)
        if not isinstance(out, _C.Tensor) or out.numel() != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor with a single element")
        grads = pyt.autograd.grad([out.reshape(())], list(xs), create_graph=True, allow_unused=True)
        return tuple(pyt.zeros_like(x) if g is None else g for g, x in zip(grads, xs))

    res = jacobian(grad_fn, ins, create_graph=create_graph, strict=strict)  # res[i][j] = d2f / dx_i dx_j
    return res if in_tuple else res[0][0]
