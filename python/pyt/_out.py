"""The ``out=`` keyword of pyt's functions (torch's out variants), in one place.

``pyt.add(a, b, out=c)`` computes ``pyt.add(a, b)``, writes the result into ``c`` and returns
``c``, with torch's rules (aten/src/ATen/native/Resize.cpp, TensorIterator's output checks):

* ``out`` of another shape is resized (``Tensor.resize_``); when it had elements, a
  UserWarning says so, as torch's does;
* the result dtype must fit ``out``'s dtype, by the op's kind of check (see ``_POLICY``):
  ``cast`` ops (TensorIterator ops, reductions like mean/var) accept any ``out`` dtype the result
  can be cast to (``pyt.can_cast``), else RuntimeError "result type Float can't be cast to the
  desired output type Long"; ``exact`` ops (matmul, gather, amax, where, sort, ...) need
  ``out`` of the result's dtype; ``same`` ops (abs, neg, round, clamp with numbers, ...) too,
  with torch's "Found dtype ..." message; ``from_out`` reductions (sum, prod, cumsum, cumprod)
  compute in ``out``'s dtype; ``bool_out`` reductions (all, any) write bool or uint8;
* with grad mode on, an input or ``out`` that requires grad raises torch's RuntimeError
  ("functions with out=... arguments don't support automatic differentiation");
* writing bumps ``out``'s version counter; ``out`` may alias an input (the result is
  computed first);
* ops that return (values, indices) (max/min with dim, sort, topk) take a tuple of two
  tensors and return the same named tuple type holding them.

Functions whose torch counterpart has no ``out=`` (relu, isnan, the shape ops, einsum, ...)
are left alone, so they keep raising TypeError for it.

Example:
    >>> c = pyt.empty(2)
    >>> pyt.add(pyt.ones(2), 1, out=c) is c
    True
"""

import functools
import warnings

from . import _C

# op name -> how the result dtype is checked against out's (see the module docstring).
_CAST = (
    "add sub subtract mul multiply div divide true_divide floor_divide remainder fmod pow maximum minimum "
    "atan2 hypot lerp eq ne lt le gt ge logical_and logical_or logical_xor logical_not bitwise_and bitwise_or "
    "bitwise_xor exp exp2 log log2 log10 log1p expm1 sqrt rsqrt sin cos tan asin acos atan sinh cosh tanh "
    "asinh acosh atanh sigmoid erf erfinv reciprocal square mean var std logsumexp outer cat concat stack "
    "hstack vstack nansum nanmean"
).split()
# Elementwise (TensorIterator) ops: out must not partly overlap an input, as in torch.
_ELEMENTWISE = frozenset(_CAST[:_CAST.index("mean")]) | {"clamp"}
_SAME = "abs neg sign floor ceil round trunc frac bitwise_not nan_to_num".split()
_ELEMENTWISE |= frozenset(_SAME)
_EXACT = (
    "where amax amin argmax argmin norm index_select gather scatter scatter_add scatter_reduce index_add "
    "index_copy masked_select take take_along_dim nonzero matmul mm bmm mv dot addmm baddbmm tril triu "
    "softmax log_softmax sort topk median nanmedian kthvalue mode cummax cummin logcumsumexp quantile nanquantile "
    "searchsorted bucketize histc isin"
).split()
_FROM_OUT = "sum prod cumsum cumprod".split()
_BOOL_OUT = "all any".split()
# max/min: a tuple out for the (values, indices) form, else the full reduction / maximum.
_MINMAX = "max min".split()
# clamp: "same" with number bounds, "cast" with tensor bounds.
_CLAMP = "clamp".split()

_POLICY = {}
for _names, _kind in ((_CAST, "cast"), (_SAME, "same"), (_EXACT, "exact"), (_FROM_OUT, "from_out"),
                      (_BOOL_OUT, "bool_out"), (_MINMAX, "minmax"), (_CLAMP, "clamp")):
    for _n in _names:
        _POLICY[_n] = _kind
del _names, _kind, _n

# torch's ScalarType names (messages of the cast checks) and C type names ("Expected out
# tensor to have dtype float, but got double instead").
_TYPE_NAME = {"bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long",
              "float16": "Half", "bfloat16": "BFloat16", "float32": "Float", "float64": "Double"}
_C_NAME = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char", "int16": "short int", "int32": "int",
           "int64": "long int", "float16": "c10::Half", "bfloat16": "c10::BFloat16", "float32": "float",
           "float64": "double"}


def _short(dtype):
    return str(dtype).split(".")[-1]


def _any_requires_grad(objs):
    for o in objs:
        if isinstance(o, _C.Tensor):
            if o.requires_grad:
                return True
        elif isinstance(o, (list, tuple)) and _any_requires_grad(o):
            return True
    return False


def _any_tensor(objs):
    return any(isinstance(o, _C.Tensor) for o in objs)


def _check_cast(name, result_dtype, out, exc=RuntimeError):
    if not _C.can_cast(result_dtype, out.dtype):
        if exc is TypeError:
            raise TypeError(f"torch.{name}(): input types can't be cast to the desired output type "
                            f"{_TYPE_NAME[_short(out.dtype)]}")
        raise RuntimeError(f"result type {_TYPE_NAME[_short(result_dtype)]} can't be cast to the desired output "
                           f"type {_TYPE_NAME[_short(out.dtype)]}")


def _check_exact(name, result_dtype, out):
    if out.dtype != result_dtype:
        raise RuntimeError(f"{name}(): Expected out tensor to have dtype {_C_NAME[_short(result_dtype)]}, but got "
                           f"{_C_NAME[_short(out.dtype)]} instead")


def _write(out, result):
    """Resizes out to result's shape if needed (warning when out had elements) and copies."""
    if not isinstance(out, _C.Tensor):
        raise TypeError(f"out must be a Tensor, not {type(out).__name__}")
    if tuple(out.shape) != tuple(result.shape):
        if out.numel() != 0:
            warnings.warn(
                f"An output with one or more elements was resized since it had shape {list(out.shape)}, which "
                f"does not match the required output shape {list(result.shape)}. This behavior is deprecated, "
                "and in a future PyTorch release outputs will not be resized unless they have zero elements. You "
                "can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0).",
                UserWarning, stacklevel=4)
        out.resize_(tuple(result.shape))
    out.copy_(result)
    return out


def _call_out(fn, name, kind, args, kwargs, out):
    if _C.is_grad_enabled() and (_any_requires_grad(args) or _any_requires_grad(kwargs.values())
                                 or _any_requires_grad(out if isinstance(out, (tuple, list)) else (out,))):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    if isinstance(out, (tuple, list)):
        if len(out) != 2 or not all(isinstance(o, _C.Tensor) for o in out):
            raise TypeError(f"{name}(): out must be a tuple of two Tensors (values, indices)")
        result = fn(*args, **kwargs)
        if not isinstance(result, tuple) or len(result) != 2:
            raise TypeError(f"{name}(): out= must be a Tensor for this form of {name}")
        values, indices = result
        _check_exact(name, values.dtype, out[0])
        _check_exact(name, indices.dtype, out[1])
        with _no_grad():
            _write(out[0], values)
            _write(out[1], indices)
        return type(result)(out[0], out[1])
    if not isinstance(out, _C.Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if kind == "bool_out" and _short(out.dtype) == "uint8" and args and isinstance(args[0], _C.Tensor):
        args = (args[0].to(out.dtype),) + tuple(args[1:])  # torch reduces the input cast to uint8
    if kind == "from_out":
        if name in ("sum", "prod") and len(args) < 2 and "dim" not in kwargs:
            # torch's full sum/prod have no out variant
            raise TypeError(f"{name}() received an invalid combination of arguments: out= needs a dim")
        if kwargs.get("dtype") is None:
            kwargs = dict(kwargs, dtype=out.dtype)
        else:
            _check_exact(name, kwargs["dtype"], out)
    if kind == "clamp":
        kind = "cast" if _any_tensor(args[1:]) or _any_tensor(kwargs.values()) else "same"
    if name in _ELEMENTWISE:
        # TensorIterator's assert_no_partial_overlap between out and every input.
        for a in (*args, *kwargs.values()):
            if isinstance(a, _C.Tensor):
                _C._check_no_partial_overlap(out, a, name)
    result = fn(*args, **kwargs)
    if isinstance(result, tuple):
        raise TypeError(f"{name}(): out= must be a tuple of (values, indices) Tensors for this form of {name}")
    if kind in ("cast", "minmax"):
        if name == "logsumexp" and not out.is_floating_point():
            raise RuntimeError(f"logsumexp(): Expected floating point type for result tensor, but got: "
                               f"{_TYPE_NAME[_short(out.dtype)]}")
        _check_cast(name, result.dtype, out, TypeError if name in ("cat", "concat", "stack", "hstack", "vstack")
                    else RuntimeError)
    elif kind == "same":
        if out.dtype != result.dtype:
            raise RuntimeError(f"Found dtype {_TYPE_NAME[_short(out.dtype)]} but expected "
                               f"{_TYPE_NAME[_short(result.dtype)]} ({name} with out=)")
    elif kind == "exact":
        _check_exact(name, result.dtype, out)
    elif kind == "bool_out":
        if _short(out.dtype) not in ("bool", "uint8"):
            raise RuntimeError(f"{name} only supports bool tensor for result, got: {_TYPE_NAME[_short(out.dtype)]}")
    elif kind == "from_out":
        _check_cast(name, result.dtype, out)
    with _no_grad():
        return _write(out, result)


class _no_grad:
    """A minimal grad-mode guard (pyt.no_grad lives in a lazily imported module)."""

    def __enter__(self):
        self.prev = _C.is_grad_enabled()
        _C._set_grad_enabled(False)

    def __exit__(self, *exc):
        _C._set_grad_enabled(self.prev)


def with_out(fn, name):
    """fn with torch's ``out=`` keyword added (the policy of op ``name``); calls without
    ``out`` go straight to fn."""
    kind = _POLICY[name]

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        return _call_out(fn, name, kind, args, kwargs, out)

    return wrapper


def install(namespace):
    """Replaces every function of _POLICY found in namespace (pyt's globals) by its out= form."""
    for name in _POLICY:
        fn = namespace.get(name)
        if fn is not None and not getattr(fn, "_pyt_out", False):
            w = with_out(fn, name)
            w._pyt_out = True
            namespace[name] = w
