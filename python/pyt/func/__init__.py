"""Function transforms (torch.func): grad, grad_and_value, vjp, jvp, jacrev, hessian, vmap.

pyt builds these on its ordinary tape-based autograd (``pyt.autograd.grad``), not on
functorch's levels: the inputs being differentiated are turned into fresh leaves that
require grad (or, when they already take part in a graph, into aliases that keep it, so that
transforms nest: ``grad(grad(f))`` is a second derivative and results still backpropagate to
the caller's graph). ``jvp`` uses the double-vjp trick. ``vmap`` is NOT vectorized: it calls
the function once per batch element and stacks the results (see its docstring).

Follows https://pytorch.org/docs/stable/func.api.html.
"""

import pyt
from pyt import _C

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "jacrev", "hessian", "vmap"]


def _is_tensor(x):
    return isinstance(x, _C.Tensor)


def _tree_map(fn, tree):
    if isinstance(tree, tuple):
        return tuple(_tree_map(fn, t) for t in tree)
    if isinstance(tree, list):
        return [_tree_map(fn, t) for t in tree]
    if isinstance(tree, dict):
        return {k: _tree_map(fn, v) for k, v in tree.items()}
    return fn(tree)


def _leaves(tree):
    out = []
    _tree_map(lambda t: out.append(t) if _is_tensor(t) else None, tree)
    return out


def _lift(x):
    """A tensor to differentiate with respect to: an alias keeping x's graph if x requires grad
    (nested transforms, outer autograd), else a fresh leaf."""
    if not _is_tensor(x):
        raise TypeError(f"expected the differentiated argument to be a Tensor (or a container of them), got "
                        f"{type(x).__name__}")
    if not x.is_floating_point():
        raise RuntimeError(f"only Tensors of floating point dtype can be differentiated, got {x.dtype}")
    return x.view_as(x) if x.requires_grad else x.detach().requires_grad_(True)


def _argnums_tuple(argnums, nargs):
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not nums:
        raise RuntimeError("argnums must be non-empty")
    for n in nums:
        if not isinstance(n, int) or not -nargs <= n < nargs:
            raise RuntimeError(f"Got argnums={argnums}, but only {nargs} positional inputs")
    return tuple(n % nargs for n in nums)


def _finish(t, keep):
    return t if keep else t.detach()


def grad_and_value(func, argnums=0, has_aux=False):
    """Like :func:`grad`, but the transformed function returns ``(gradient, value)`` (with
    ``has_aux``: ``(gradient, (value, aux))``).

    Example:
        >>> g, v = pyt.func.grad_and_value(lambda x: (x ** 2).sum())(pyt.tensor([1., 2.]))
        >>> g, v
        (tensor([2., 4.]), tensor(5.))
    """

    def wrapper(*args, **kwargs):
        nums = _argnums_tuple(argnums, len(args))
        with pyt.enable_grad():
            args = list(args)
            outer = any(t.requires_grad for n in nums for t in _leaves(args[n]))
            for n in nums:
                args[n] = _tree_map(_lift, args[n])
            result = func(*args, **kwargs)
            if has_aux:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError("grad_and_value(f)(*args): output of function f should be a tuple: "
                                       "(output, aux) if has_aux is True")
                out, aux = result
            else:
                out, aux = result, None
            if not _is_tensor(out):
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got "
                                   f"{type(out).__name__}")
            if out.numel() != 1:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                                   f"tensor with {out.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs "
                                   "instead?")
            inputs = [_leaves(args[n]) for n in nums]
            flat = [t for group in inputs for t in group]
            if out.requires_grad:
                grads = pyt.autograd.grad([out], flat, create_graph=True, allow_unused=True)
            else:
                grads = [None] * len(flat)
        grads = [pyt.zeros_like(x) if g is None else g for g, x in zip(grads, flat)]
        grads = [_finish(g, outer) for g in grads]
        it = iter(grads)
        per_arg = [_tree_map(lambda t: next(it) if _is_tensor(t) else t, args[n]) for n in nums]
        g_res = per_arg[0] if isinstance(argnums, int) else tuple(per_arg)
        value = _finish(out, outer)
        if has_aux:
            return g_res, (value, _tree_map(lambda t: _finish(t, outer) if _is_tensor(t) else t, aux))
        return g_res, value

    return wrapper


def grad(func, argnums=0, has_aux=False):
    """The gradient of a scalar function, as a function (torch.func.grad).

    Args:
        func: a function of tensors returning a one-element tensor (and, with ``has_aux``, a
            second object returned unchanged).
        argnums (int or tuple of int): which positional arguments to differentiate; an argument
            may be a tensor or a (nested) tuple / list / dict of tensors.
        has_aux (bool): func returns ``(output, aux)``.

    Returns:
        A function with func's signature returning the gradient with respect to the chosen
        argument(s), shaped like it (a tuple for a tuple ``argnums``); with ``has_aux``,
        ``(gradient, aux)``.

    Raises:
        RuntimeError: func does not return a one-element tensor; bad argnums; a non-float argument.

    Example:
        >>> pyt.func.grad(lambda x: x.sin().sum())(pyt.tensor([0., 1.]))
        tensor([1.0000, 0.5403])
        >>> pyt.func.grad(pyt.func.grad(lambda x: x ** 3))(pyt.tensor(2.))
        tensor(12.)
    """
    gv = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, value = gv(*args, **kwargs)
        return (g, value[1]) if has_aux else g

    return wrapper


def vjp(func, *primals, has_aux=False):
    """Evaluates func at primals and returns ``(output, vjp_fn)`` (torch.func.vjp).

    ``vjp_fn(cotangents)`` takes cotangents shaped like the output (a tensor or the same
    structure) and returns a tuple with one ``v^T J`` per primal. It may be called several times.

    Example:
        >>> out, vjp_fn = pyt.func.vjp(lambda x: x ** 2, pyt.tensor([1., 2.]))
        >>> vjp_fn(pyt.ones(2))
        (tensor([2., 4.]),)
    """
    with pyt.enable_grad():
        outer = any(t.requires_grad for t in _leaves(primals))
        xs = _tree_map(lambda t: _lift(t) if _is_tensor(t) else t, primals)
        result = func(*xs)
        out, aux = result if has_aux else (result, None)
    flat_x = _leaves(xs)
    flat_out = _leaves(out)

    def vjp_fn(cotangents):
        flat_v = _leaves(cotangents)
        if len(flat_v) != len(flat_out):
            raise RuntimeError(f"Expected pytree structure of cotangents to be the same as pytree structure of outputs "
                               f"to the function: got {len(flat_v)} tensors for {len(flat_out)} outputs")
        for v, o in zip(flat_v, flat_out):
            if tuple(v.shape) != tuple(o.shape):
                raise RuntimeError(f"Mismatch in shape: cotangent has a shape of {list(v.shape)} and output has a "
                                   f"shape of {list(o.shape)}")
        pairs = [(o, v) for o, v in zip(flat_out, flat_v) if o.requires_grad]
        with pyt.enable_grad():
            if pairs:
                grads = pyt.autograd.grad([o for o, _ in pairs], flat_x, [v for _, v in pairs], retain_graph=True,
                                          create_graph=True, allow_unused=True)
            else:
                grads = [None] * len(flat_x)
        grads = [_finish(pyt.zeros_like(x) if g is None else g, outer) for g, x in zip(grads, flat_x)]
        it = iter(grads)
        return tuple(_tree_map(lambda t: next(it) if _is_tensor(t) else t, p) for p in xs)

    out_r = _tree_map(lambda t: _finish(t, outer) if _is_tensor(t) else t, out)
    if has_aux:
        return out_r, vjp_fn, aux
    return out_r, vjp_fn


def jvp(func, primals, tangents, *, has_aux=False):
    """Returns ``(func(*primals), J @ tangents)`` (torch.func.jvp), computed with the double-vjp
    trick (two reverse passes), not forward-mode AD.

    Args:
        func: function of tensors returning a tensor or tuple of tensors.
        primals (tuple of Tensor): where to evaluate.
        tangents (tuple of Tensor): one per primal, same shapes.

    Example:
        >>> pyt.func.jvp(lambda x: x ** 2, (pyt.tensor([1., 2.]),), (pyt.ones(2),))
        (tensor([1., 4.]), tensor([2., 4.]))
    """
    if not isinstance(primals, tuple) or not isinstance(tangents, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to be tuples")
    if len(primals) != len(tangents):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have the same length")
    if has_aux:
        aux_box = []

        def f(*xs):
            out, aux = func(*xs)
            aux_box.append(aux)
            return out
    else:
        f = func
    out, t = pyt.autograd.functional.jvp(f, primals, tangents, create_graph=any(p.requires_grad for p in primals))
    return (out, t, aux_box[0]) if has_aux else (out, t)


def jacrev(func, argnums=0, *, has_aux=False):
    """The Jacobian of func with respect to the chosen argument(s), by reverse mode, one output
    element at a time (torch.func.jacrev).

    Returns:
        A function returning, for each output tensor and chosen argument, a tensor of shape
        ``out.shape + arg.shape`` (tuples for a tuple ``argnums`` or tuple outputs).

    Example:
        >>> pyt.func.jacrev(lambda x: x ** 2)(pyt.tensor([1., 2.]))
        tensor([[2., 0.],
                [0., 4.]])
    """

    def wrapper(*args, **kwargs):
        nums = _argnums_tuple(argnums, len(args))
        aux_box = []

        def f(*chosen):
            full = list(args)
            for n, c in zip(nums, chosen):
                full[n] = c
            r = func(*full, **kwargs)
            if has_aux:
                r, aux = r
                aux_box.append(aux)
            return r

        chosen = tuple(args[n] for n in nums)
        outer = any(t.requires_grad for t in chosen)
        jac = pyt.autograd.functional.jacobian(f, chosen, create_graph=outer)
        # jacobian(...) with a tuple of inputs: per output, a tuple per input.
        if isinstance(jac, tuple) and jac and isinstance(jac[0], tuple):
            res = tuple(j if not isinstance(argnums, int) else j[0] for j in jac)
        else:
            res = jac if not isinstance(argnums, int) else jac[0]
        return (res, aux_box[0]) if has_aux else res

    return wrapper


def hessian(func, argnums=0):
    """The Hessian of a scalar function, ``jacrev(jacrev(func))`` (torch.func.hessian).

    Example:
        >>> pyt.func.hessian(lambda x: (x ** 3).sum())(pyt.tensor([1., 2.]))
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    return jacrev(jacrev(func, argnums), argnums)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """Maps func over a batch dimension of its inputs (torch.func.vmap), by a Python loop.

    Honest note: pyt's vmap is not vectorized. It calls ``func`` once per batch element on
    ``arg.select(in_dim, i)`` slices and stacks the results along ``out_dims``, so it gives the
    same values as torch.func.vmap for functions without side effects, at the speed of a
    loop. Random ops draw different values per element (torch's ``randomness="different"``);
    ``randomness="error"`` does not detect random ops. Gradients flow through the slices and
    the stack as usual.

    Args:
        func: function of tensors (and other objects) returning a tensor or a tuple of tensors.
        in_dims (int, None or tuple): the batch dim of each positional argument (None: not
            mapped); one int applies to every argument.
        out_dims (int or tuple): where the batch dim goes in each output.
        randomness (str): "error", "different" or "same"; "same" raises NotImplementedError.
        chunk_size: accepted for compatibility (the loop runs one element at a time anyway).

    Raises:
        ValueError: mapped arguments disagree on the batch size, no argument is mapped, or
            in_dims does not match the arguments.
        NotImplementedError: randomness="same".

    Example:
        >>> pyt.func.vmap(lambda v: v.dot(v))(pyt.tensor([[1., 2.], [3., 4.]]))
        tensor([ 5., 25.])
    """
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}")
    if randomness == "same":
        raise NotImplementedError("pyt's vmap is a loop over the batch; randomness='same' is not supported")

    def wrapper(*args, **kwargs):
        dims = (in_dims,) * len(args) if isinstance(in_dims, int) or in_dims is None else tuple(in_dims)
        if len(dims) != len(args):
            raise ValueError(f"vmap(f, in_dims={in_dims}, ...)(<inputs>): in_dims is not compatible with the "
                             f"structure of `inputs`: expected {len(args)} entries, got {len(dims)}")
        size = None
        for a, d in zip(args, dims):
            if d is None:
                continue
            if not _is_tensor(a):
                raise ValueError(f"vmap(f, in_dims={in_dims}, ...): Got in_dim={d} for an input but the input is of "
                                 f"type {type(a).__name__}. We cannot vmap over non-Tensor arguments")
            n = a.shape[d]
            if size is not None and n != size:
                raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped dimension, got "
                                 f"sizes {size} and {n} for the mapped dimension")
            size = n
        if size is None:
            raise ValueError("vmap(f, in_dims=..., ...)(<inputs>): At least one of the inputs must be a Tensor "
                             "with a mapped dimension (in_dims not all None)")
        results = []
        for i in range(size):
            sliced = [a if d is None else a.select(d, i) for a, d in zip(args, dims)]
            results.append(func(*sliced, **kwargs))
        first = results[0]
        if isinstance(first, tuple):
            od = (out_dims,) * len(first) if isinstance(out_dims, int) else tuple(out_dims)
            return tuple(pyt.stack([pyt.as_tensor(r[k]) for r in results], od[k]) for k in range(len(first)))
        return pyt.stack([pyt.as_tensor(r) for r in results], out_dims)

    return wrapper
