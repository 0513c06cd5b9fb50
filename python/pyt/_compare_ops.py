"""Closeness tests and fused pointwise ops composed of pyt ops.

``equal``, ``allclose``, ``isclose`` (comparisons), ``addcmul``, ``addcdiv`` (``input + value *
t1 * t2`` and ``input + value * t1 / t2``) and ``clamp_min`` / ``clamp_max``, as pyt functions
and Tensor methods (with the in-place ``addcmul_``, ``addcdiv_``, ``clamp_min_``, ``clamp_max_``).
They follow torch's semantics, errors and type promotion; autograd flows through the pyt ops
they are made of (so grad_fn names are those of the last op, e.g. ``AddBackward0``).
"""
from . import _C

_INTEGRAL = None


def _is_integral(dtype):
    global _INTEGRAL
    if _INTEGRAL is None:
        _INTEGRAL = {_C.bool, _C.uint8, _C.int8, _C.int16, _C.int32, _C.int64}
    return dtype in _INTEGRAL


def _dtype_name(dtype):
    return str(dtype).split(".")[-1]


def equal(input, other):
    """True if input and other have the same size and the same elements (torch.equal).

    Dtypes may differ (values are compared after type promotion); NaN is never equal to NaN.
    No broadcasting: different shapes give False.

    Raises:
        TypeError: if either argument is not a Tensor.

    Example:
        >>> pyt.equal(pyt.tensor([1, 2]), pyt.tensor([1., 2.]))
        True
    """
    if not isinstance(input, _C.Tensor) or not isinstance(other, _C.Tensor):
        raise TypeError(f"equal(): argument 'other' must be Tensor, not {type(other).__name__}"
                        if isinstance(input, _C.Tensor) else
                        f"equal(): argument 'input' must be Tensor, not {type(input).__name__}")
    if tuple(input.shape) != tuple(other.shape):
        return False
    if input.numel() == 0:
        return True
    return bool(_C.eq(input.detach(), other.detach()).all())


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise ``|input - other| <= atol + rtol * |other|`` as a bool tensor (torch.isclose).

    input and other broadcast against each other and must have the same dtype. Equal
    elements (including equal infinities) are close; NaNs are close to each other only if
    equal_nan. Integer and bool inputs compare their errors in the default float dtype.

    Shapes: the broadcast shape of input and other. Returns a bool tensor.

    Raises:
        RuntimeError: dtypes differ ("Float did not match Long"), rtol or atol is negative,
            or the shapes do not broadcast. TypeError: input or other is not a Tensor.

    Source: https://pytorch.org/docs/stable/generated/torch.isclose.html

    Example:
        >>> pyt.isclose(pyt.tensor([1., 2.]), pyt.tensor([1., 2.1]))
        tensor([ True, False])
    """
    for arg, what in ((input, "input"), (other, "other")):
        if not isinstance(arg, _C.Tensor):
            raise TypeError(f"isclose(): argument '{what}' must be Tensor, not {type(arg).__name__}")
    if input.dtype != other.dtype:
        names = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16",
                 "int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
                 "bool": "Bool"}
        a, b = _dtype_name(input.dtype), _dtype_name(other.dtype)
        raise RuntimeError(f"isclose(): {names.get(a, a)} did not match {names.get(b, b)} "
                           f"(input dtype {a}, other dtype {b})")
    if rtol < 0:
        raise RuntimeError(f"isclose(): rtol must be greater than or equal to zero, but got {rtol}")
    if atol < 0:
        raise RuntimeError(f"isclose(): atol must be greater than or equal to zero, but got {atol}")
    input, other = input.detach(), other.detach()
    close = _C.eq(input, other)
    if equal_nan and input.is_floating_point():
        close = close | (_C.isnan(input) & _C.isnan(other))
    if _is_integral(input.dtype):
        if rtol == 0 and atol == 0:
            return close
        dt = _C.get_default_dtype()
        input, other = input.to(dt), other.to(dt)
    allowed = (other * rtol).abs() + atol
    actual = (input - other).abs()
    return close | (_C.isfinite(actual) & (actual <= allowed))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True if every element of isclose(input, other, rtol, atol, equal_nan) is True
    (torch.allclose). Shapes broadcast; dtypes must match.

    Raises:
        RuntimeError: as isclose (dtype mismatch, negative tolerances, shapes that do not
            broadcast).

    Source: https://pytorch.org/docs/stable/generated/torch.allclose.html

    Example:
        >>> pyt.allclose(pyt.tensor([1., 2.]), pyt.tensor([1., 2.000001]))
        True
    """
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


def _value_for(result_dtype, value, op):
    if isinstance(value, _C.Tensor):
        raise TypeError(f"{op}(): argument 'value' must be Number, not Tensor")
    if _is_integral(result_dtype) and isinstance(value, float):
        return int(value)  # torch converts value to the integral result type
    return value


def _deprecated_value(op, tensor1, tensor2, rest, value):
    """torch's deprecated ``op(input, value, tensor1, tensor2)`` form: value first, with a
    UserWarning. Returns (tensor1, tensor2, value)."""
    if not rest:
        return tensor1, tensor2, value
    if len(rest) > 1 or isinstance(tensor1, _C.Tensor):
        raise TypeError(f"{op}() takes 3 positional arguments but {3 + len(rest)} were given")
    import warnings

    warnings.warn(f"This overload of {op} is deprecated:\n\t{op}(Tensor input, Number value, Tensor tensor1, "
                  f"Tensor tensor2)\nConsider using one of the following signatures instead:\n\t{op}(Tensor "
                  "input, Tensor tensor1, Tensor tensor2, *, Number value = 1)", UserWarning, stacklevel=3)
    return tensor2, rest[0], tensor1


def addcmul(input, tensor1, tensor2, *rest, value=1):
    """``input + value * tensor1 * tensor2`` elementwise (torch.addcmul).

    The three tensors broadcast; the result dtype is their promoted dtype (an integral result
    truncates a float value). Differentiable in all three tensors.

    Raises:
        RuntimeError: shapes that do not broadcast. TypeError: a Tensor value.

    Source: https://pytorch.org/docs/stable/generated/torch.addcmul.html

    Example:
        >>> pyt.addcmul(pyt.ones(2), pyt.tensor([1., 2.]), pyt.tensor([3., 4.]), value=0.5)
        tensor([2.5000, 5.0000])
    """
    tensor1, tensor2, value = _deprecated_value("addcmul", tensor1, tensor2, rest, value)
    prod = tensor1 * tensor2
    value = _value_for(_C.result_type(input, prod), value, "addcmul")
    return input + prod if value == 1 else input + prod * value


def _check_addcdiv(input, tensor1, tensor2):
    if _is_integral(tensor1.dtype) and _is_integral(tensor2.dtype):
        raise RuntimeError(
            "addcdiv(): Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
            "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be "
            "implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs "
            "and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just "
            f"the latter implementation: (input + value * tensor1 / tensor2), for all dtypes. "
            f"(tensor1 dtype {_dtype_name(tensor1.dtype)}, tensor2 dtype {_dtype_name(tensor2.dtype)})")


def addcdiv(input, tensor1, tensor2, *rest, value=1):
    """``input + value * tensor1 / tensor2`` elementwise (torch.addcdiv).

    The three tensors broadcast; the result dtype is their promoted dtype. Differentiable in
    all three tensors.

    Raises:
        RuntimeError: tensor1 and tensor2 both of integral dtype (integer division is not
            supported, as in torch), or shapes that do not broadcast.

    Source: https://pytorch.org/docs/stable/generated/torch.addcdiv.html

    Example:
        >>> pyt.addcdiv(pyt.ones(2), pyt.tensor([1., 2.]), pyt.tensor([4., 4.]), value=2)
        tensor([1.5000, 2.0000])
    """
    tensor1, tensor2, value = _deprecated_value("addcdiv", tensor1, tensor2, rest, value)
    _check_addcdiv(input, tensor1, tensor2)
    quot = tensor1 / tensor2
    value = _value_for(_C.result_type(input, quot), value, "addcdiv")
    return input + quot if value == 1 else input + quot * value


def _addcmul_(self, tensor1, tensor2, *rest, value=1):
    """In-place ``self += value * tensor1 * tensor2`` (torch.Tensor.addcmul_); returns self.

    Raises RuntimeError if the promoted dtype cannot be cast to self's dtype or the shapes
    do not broadcast to self's shape.

    Example:
        >>> x = pyt.zeros(2); x.addcmul_(pyt.tensor([1., 2.]), pyt.tensor([3., 4.])); x
        tensor([3., 8.])
    """
    tensor1, tensor2, value = _deprecated_value("addcmul_", tensor1, tensor2, rest, value)
    prod = tensor1 * tensor2
    value = _value_for(_C.result_type(self, prod), value, "addcmul_")
    return self.add_(prod, alpha=value)


def _addcdiv_(self, tensor1, tensor2, *rest, value=1):
    """In-place ``self += value * tensor1 / tensor2`` (torch.Tensor.addcdiv_); returns self.

    Raises RuntimeError for integral tensor1 and tensor2, a promoted dtype that cannot be cast
    to self's dtype, or shapes that do not broadcast to self's shape.

    Example:
        >>> x = pyt.zeros(2); x.addcdiv_(pyt.tensor([1., 2.]), pyt.tensor([4., 4.])); x
        tensor([0.2500, 0.5000])
    """
    tensor1, tensor2, value = _deprecated_value("addcdiv_", tensor1, tensor2, rest, value)
    _check_addcdiv(self, tensor1, tensor2)
    quot = tensor1 / tensor2
    value = _value_for(_C.result_type(self, quot), value, "addcdiv_")
    return self.add_(quot, alpha=value)


def clamp_min(input, min):
    """``max(input, min)`` elementwise (torch.clamp_min); min is a number or a broadcastable
    tensor. Same dtype rules and gradient as ``clamp(input, min=min)``.

    Example:
        >>> pyt.clamp_min(pyt.tensor([1., 2., 3.]), 2)
        tensor([2., 2., 3.])
    """
    return _C.clamp(input, min, None)


def clamp_max(input, max):
    """``min(input, max)`` elementwise (torch.clamp_max); max is a number or a broadcastable
    tensor. Same dtype rules and gradient as ``clamp(input, max=max)``.

    Example:
        >>> pyt.clamp_max(pyt.tensor([1., 2., 3.]), 2)
        tensor([1., 2., 2.])
    """
    return _C.clamp(input, None, max)


def _clamp_min_(self, min):
    """In-place clamp_min (torch.Tensor.clamp_min_); returns self.

    Example:
        >>> x = pyt.tensor([1., 3.]); x.clamp_min_(2); x
        tensor([2., 3.])
    """
    return self.clamp_(min=min)


def _clamp_max_(self, max):
    """In-place clamp_max (torch.Tensor.clamp_max_); returns self.

    Example:
        >>> x = pyt.tensor([1., 3.]); x.clamp_max_(2); x
        tensor([1., 2.])
    """
    return self.clamp_(max=max)


def _method(fn, name):
    def method(self, *args, **kwargs):
        return fn(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"See pyt.{fn.__name__} (torch.Tensor.{name}).\n\n{fn.__doc__}"
    return method


def install(namespace):
    """Puts the functions into pyt's namespace (addcmul, addcdiv, clamp_min, clamp_max with
    torch's ``out=`` keyword) and the methods on Tensor."""
    from . import _out

    for fn in (equal, isclose, allclose):
        namespace[fn.__name__] = fn
    for fn, kind in ((addcmul, "cast"), (addcdiv, "cast"), (clamp_min, "clamp"), (clamp_max, "clamp")):
        _out._POLICY[fn.__name__] = kind
        namespace[fn.__name__] = _out.with_out(fn, fn.__name__)
    Tensor = _C.Tensor
    for fn in (equal, isclose, allclose, addcmul, addcdiv, clamp_min, clamp_max):
        if fn in (addcmul, addcdiv):
            def m(self, tensor1, tensor2, *rest, value=1, _fn=fn):
                return _fn(self, tensor1, tensor2, *rest, value=value)
            m.__name__ = m.__qualname__ = fn.__name__
            m.__doc__ = f"See pyt.{fn.__name__} (torch.Tensor.{fn.__name__}).\n\n{fn.__doc__}"
            setattr(Tensor, fn.__name__, m)
        else:
            setattr(Tensor, fn.__name__, _method(fn, fn.__name__))
    Tensor.addcmul_, Tensor.addcdiv_ = _addcmul_, _addcdiv_
    Tensor.clamp_min_, Tensor.clamp_max_ = _clamp_min_, _clamp_max_
