"""Functional autograd transforms: vjp, jvp, jacobian, hessian, vhp, hvp
(torch.autograd.functional). Forward-mode products (jvp, hvp) use the double-vjp trick:
J v is the gradient, with respect to a dummy cotangent u, of u^T J."""
import pyt
from pyt import _C

__all__ = ["vjp", "jvp", "jacobian", "hessian", "vhp", "hvp"]


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


def _check_v(v, refs, what):
    vs, _ = _tuple(v)
    if len(vs) != len(refs):
        raise RuntimeError(f"The given v should contain a single Tensor for each {what} (got {len(vs)} Tensors for "
                           f"{len(refs)} {what}s)")
    for i, (a, b) in enumerate(zip(vs, refs)):
        if tuple(a.shape) != tuple(b.shape):
            raise RuntimeError(f"Entry {i} in v has invalid size: should be {list(b.shape)} but got {list(a.shape)}.")
    return vs


def _default_v(refs, what):
    if len(refs) != 1 or refs[0].numel() != 1:
        raise RuntimeError(f"The vector v can only be None if the input to the user-provided function is a single "
                           f"Tensor with a single element (for {what}).")
    return (pyt.ones_like(refs[0]),)


def _fill(grads, like, strict, message):
    out = []
    for g, x in zip(grads, like):
        if g is None:
            if strict:
                raise RuntimeError(message)
            g = pyt.zeros_like(x)
        out.append(g)
    return out


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """Jacobian-vector product of func at inputs (torch.autograd.functional.jvp).

    Computed with two reverse passes (the double-vjp trick): ``g(u) = J^T u`` is recorded for a
    dummy cotangent ``u``, and ``J v`` is the gradient of ``v . g(u)`` with respect to ``u``.

    Args:
        func: function of the tensors in ``inputs`` returning a tensor or tuple of tensors.
        inputs (Tensor or tuple of Tensor): where to evaluate.
        v (Tensor or tuple, optional): the tangent(s), shaped like ``inputs``; may be omitted for
            a single one-element input.
        create_graph (bool): make the result differentiable.
        strict (bool): raise RuntimeError when an output does not depend on the inputs.

    Returns:
        (outputs, jvp): func's outputs, and ``J v`` shaped like the outputs.

    Raises:
        RuntimeError: v has the wrong number of tensors or a wrong shape; v omitted for inputs
            that are not a single one-element tensor; strict and an output independent of the
            inputs.

    Example:
        >>> out, t = pyt.autograd.functional.jvp(lambda x: x ** 2, pyt.tensor([1., 2.]), pyt.ones(2))
        >>> t
        tensor([2., 4.])
    """
    ins, in_tuple = _tuple(inputs)
    vs = _default_v(ins, "jvp") if v is None else _check_v(v, ins, "input")
    with pyt.enable_grad():
        xs = _prepare(ins, create_graph)
        outs, out_tuple = _tuple(func(*xs))
        us = tuple(pyt.zeros_like(o).requires_grad_(True) for o in outs)
        diff = [(o, u) for o, u in zip(outs, us) if o.requires_grad]
        if diff:
            g = pyt.autograd.grad([o for o, _ in diff], list(xs), [u for _, u in diff], create_graph=True,
                                  allow_unused=True)
        else:
            g = [None] * len(xs)
        pairs = [(gi, vi) for gi, vi in zip(g, vs) if gi is not None and gi.requires_grad]
        if pairs:
            res = pyt.autograd.grad([gi for gi, _ in pairs], list(us), [vi for _, vi in pairs],
                                    create_graph=create_graph, allow_unused=True)
        else:
            res = [None] * len(us)
    res = _fill(res, outs, strict, "The output of the user-provided function is independent of input. This is not "
                "allowed in strict mode.")
    res = tuple(r if create_graph else r.detach() for r in res)
    outs_r = tuple(o if create_graph else o.detach() for o in outs)
    return (outs_r if out_tuple else outs_r[0]), (res if out_tuple else res[0])


def _scalar_output(func, xs, name):
    out = func(*xs)
    if not isinstance(out, _C.Tensor) or out.numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {name} should contain a single element")
    return out.reshape(())


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """Vector-Hessian product ``v^T H`` of a scalar function at inputs
    (torch.autograd.functional.vhp).

    Args:
        func: function of the tensors in ``inputs`` returning a one-element tensor.
        inputs (Tensor or tuple of Tensor): where to evaluate.
        v (Tensor or tuple, optional): shaped like ``inputs``; may be omitted for a single
            one-element input.
        create_graph (bool): make the result differentiable.
        strict (bool): raise RuntimeError when the result does not depend on an input.

    Returns:
        (output, vhp): func's output and ``v^T H`` shaped like ``inputs``.

    Raises:
        RuntimeError: func does not return a one-element tensor; v of wrong count or shape.

    Example:
        >>> out, r = pyt.autograd.functional.vhp(lambda x: (x ** 3).sum(), pyt.tensor([1., 2.]), pyt.ones(2))
        >>> r
        tensor([ 6., 12.])
    """
    ins, in_tuple = _tuple(inputs)
    vs = _default_v(ins, "vhp") if v is None else _check_v(v, ins, "input")
    with pyt.enable_grad():
        xs = _prepare(ins, create_graph)
        out = _scalar_output(func, xs, "vhp")
        g = pyt.autograd.grad([out], list(xs), create_graph=True, allow_unused=True) if out.requires_grad \
            else [None] * len(xs)
        pairs = [(gi, vi) for gi, vi in zip(g, vs) if gi is not None and gi.requires_grad]
        if pairs:
            res = pyt.autograd.grad([gi for gi, _ in pairs], list(xs), [vi for _, vi in pairs],
                                    create_graph=create_graph, allow_unused=True)
        else:
            res = [None] * len(xs)
    res = _fill(res, xs, strict, "The Hessian of the user-provided function with respect to an input is "
                "independent of the input. This is not allowed in strict mode.")
    res = tuple(r if create_graph else r.detach() for r in res)
    out = out if create_graph else out.detach()
    return out, (res if in_tuple else res[0])


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """Hessian-vector product ``H v`` of a scalar function at inputs
    (torch.autograd.functional.hvp).

    Computed as torch does, with a double backward: the gradient ``g`` is recorded, then the
    vjp of ``g`` with a dummy cotangent ``u`` (``H^T u``), and ``H v`` is its gradient with
    respect to ``u`` (exact also where the Hessian is not symmetric).

    Args and Returns: as :func:`vhp`, with ``H v`` in place of ``v^T H``.

    Example:
        >>> out, r = pyt.autograd.functional.hvp(lambda x: (x ** 3).sum(), pyt.tensor([1., 2.]), pyt.ones(2))
        >>> r
        tensor([ 6., 12.])
    """
    ins, in_tuple = _tuple(inputs)
    vs = _default_v(ins, "hvp") if v is None else _check_v(v, ins, "input")
    with pyt.enable_grad():
        xs = _prepare(ins, create_graph)
        out = _scalar_output(func, xs, "hvp")
        g = pyt.autograd.grad([out], list(xs), create_graph=True, allow_unused=True) if out.requires_grad \
            else [None] * len(xs)
        us = tuple(pyt.zeros_like(x).requires_grad_(True) for x in xs)
        pairs = [(gi, ui) for gi, ui in zip(g, us) if gi is not None and gi.requires_grad]
        if pairs:
            dbl = pyt.autograd.grad([gi for gi, _ in pairs], list(xs), [ui for _, ui in pairs], create_graph=True,
                                    allow_unused=True)
        else:
            dbl = [None] * len(xs)
        pairs = [(di, vi) for di, vi in zip(dbl, vs) if di is not None and di.requires_grad]
        if pairs:
            res = pyt.autograd.grad([di for di, _ in pairs], list(us), [vi for _, vi in pairs],
                                    create_graph=create_graph, allow_unused=True)
        else:
            res = [None] * len(us)
    res = _fill(res, xs, strict, "The Hessian of the user-provided function with respect to an input is "
                "independent of the input. This is not allowed in strict mode.")
    res = tuple(r if create_graph else r.detach() for r in res)
    out = out if create_graph else out.detach()
    return out, (res if in_tuple else res[0])
