"""pyt: a PyTorch-compatible deep-learning framework.

A C++ core (tensor storage, operator kernels, autograd graph) bound with pybind11, and a thin
Python layer with torch's API: ``import pyt as torch`` runs ordinary PyTorch training code.

Example:
    >>> import pyt
    >>> x = pyt.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    >>> y = (x @ x).relu().sum()
    >>> y.backward()
    >>> x.grad
    tensor([[ 7., 11.],
            [ 9., 13.]])
"""
__version__ = "0.1.0"

from . import _C
from ._C import (  # noqa: F401
    Tensor, dtype, device, Generator, default_generator,
    bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64,
    float, double, half, long, int, short,
    get_default_dtype, set_default_dtype, promote_types, can_cast, result_type,
    zeros, ones, empty, full, zeros_like, ones_like, empty_like, full_like, rand_like, randn_like,
    arange, linspace, eye, rand, randn, randint, randperm, manual_seed, initial_seed, scalar_tensor,
    set_num_threads, get_num_threads, is_grad_enabled,
    add, sub, mul, div, pow, maximum, minimum, remainder, bitwise_and, bitwise_or, bitwise_xor, bitwise_not, eq, ne, lt, le, gt, ge, where,
    neg, exp, log, sqrt, abs, sign, relu, relu_, sigmoid, tanh, clamp,
    sum, mean, max, min, argmax, argmin, softmax, log_softmax,
    matmul, mm, bmm, addmm, t, transpose, permute, reshape, flatten, squeeze, unsqueeze,
    cat, concat, stack, index_select, gather, scatter_add, index_add, select, narrow, clone,
    nonzero, masked_select, masked_fill,
    from_numpy,
)
from ._C import logspace, normal, bernoulli, multinomial  # noqa: F401  (random and spaced ranges)
from ._C import from_dlpack  # noqa: F401
from ._C import msort  # noqa: F401  (sort(input, dim=0).values)
from ._C import logdet  # noqa: F401  (log of det, nan for a negative det)
from ._size import Size
from ._finfo import finfo, iinfo

# Every op of the op list that _C binds as a function is a pyt function too.
for _name, _node in _C._op_list():
    if _name not in globals() and hasattr(_C, _name):
        globals()[_name] = getattr(_C, _name)
del _name, _node
from . import return_types  # noqa: F401
from . import _out

_out.install(globals())  # torch's out= keyword on the functions that have it (Note in _out.py)
from . import _compare_ops, _memory_format

_compare_ops.install(globals())  # equal, allclose, isclose, addcmul, addcdiv, clamp_min/max
from . import _extra_ops

_extra_ops.install(globals())  # aliases (fix, clip, arcsin, ...), composites (meshgrid, kron, ...), out=
from . import _tensor_more

_tensor_more.install(globals())  # masked_fill_, new_tensor, type_as, broadcast_to, aminmax, diff, ...
from . import _tensor_meta

_tensor_meta.install(globals())  # is_signed, nbytes, sum_to_size, fill_diagonal_, where(cond), axis=/keepdims=
from . import _mathx
_mathx.install(globals())  # histogram, histogramdd, cov, corrcoef, vander, frexp, angle, special.erfcx, ...
_memory_format.install(globals())  # pyt.memory_format and the memory_format= keyword
from . import _arg_errors

_arg_errors.install()  # torch-style messages for calls that match no signature (Note [Argument errors])
from . import _api_more

_api_more.install(globals())  # remainder_, sign_, ..., is_nonzero, *_scatter, vdot, combinations, pyt.pi, ...
from . import _legacy_types

_legacy_types.install(globals())  # pyt.FloatTensor, pyt.LongTensor, ... and Tensor.type()

_C._set_size_class(Size)

import builtins as _builtins
import sys as _sys


strided = "pyt.strided"


def _infer_dtype(data):
    """The dtype torch.tensor infers for Python data: float -> default dtype, int -> int64."""
    if isinstance(data, _builtins.bool):
        return bool
    if isinstance(data, _builtins.int):
        return int64
    if isinstance(data, _builtins.float):
        return get_default_dtype()
    return None


def _flat_numbers(data):
    """The numbers of a nested list/tuple, depth first (tensors and numpy scalars as Python numbers)."""
    if isinstance(data, (list, tuple)):
        for d in data:
            yield from _flat_numbers(d)
    elif hasattr(data, "tolist"):
        yield from _flat_numbers(data.tolist())
    else:
        yield data


def _big_int_array(data, arr, dtype, _np):
    """Python ints beyond int64 in tensor()'s data (numpy made a uint64 or object array).

    As torch: they convert to a floating or bool dtype asked for; otherwise ValueError
    ("Overflow when unpacking long long"), naming the value.
    """
    flat = arr.reshape(-1).tolist()
    big = next((v for v in flat if isinstance(v, _builtins.int) and not -2**63 <= v < 2**63), None)
    if big is None or not _builtins.all(isinstance(v, (_builtins.int, _builtins.float)) for v in flat):
        return arr  # not an all-number array: the usual checks decide
    if dtype is not None and (dtype.is_floating_point or dtype == bool):
        return _np.asarray(data, dtype=_np.float64 if dtype.is_floating_point else _np.bool_)
    if dtype is None and _builtins.any(isinstance(v, _builtins.float) for v in flat):
        return _np.asarray(data, dtype=_np.float64)  # [2**64, 1.5] is a float tensor
    raise ValueError(f"Overflow when unpacking long long: tensor(): the integer {big} does not fit in int64 "
                     "(pass dtype=pyt.float64 for a floating-point tensor)")


def _tensor_leaves_to_numbers(data):
    """data with every (one-element) tensor leaf replaced by its Python number, as torch.tensor
    reads a list of tensors."""
    if isinstance(data, (list, tuple)):
        return [_tensor_leaves_to_numbers(d) for d in data]
    return data.item() if isinstance(data, Tensor) else data


def _data_problem(data, depth=0):
    """The exception torch.tensor raises for nested data numpy could not (or should not) take:
    TypeError "not a sequence" for a number beside a list, ValueError for ragged lengths, and
    the element type that has no dtype (RuntimeError/TypeError as torch); None when none."""
    if isinstance(data, (list, tuple)):
        kinds = [isinstance(v, (list, tuple)) for v in data]
        if _builtins.any(kinds) and not _builtins.all(kinds):
            return TypeError(f"not a sequence: tensor(): at dim {depth + 1}, a sequence and a "
                             f"{type(data[kinds.index(False)]).__name__} are siblings")
        if data and _builtins.all(kinds):
            n = len(data[0])
            for v in data[1:]:
                if len(v) != n:
                    return ValueError(f"expected sequence of length {n} at dim {depth + 1} (got {len(v)})")
        for v in data:
            problem = _data_problem(v, depth + 1)
            if problem is not None:
                return problem
        return None
    if isinstance(data, (str, bytes)):
        return TypeError(f"new(): invalid data type '{type(data).__name__}'")
    if isinstance(data, (_builtins.bool, _builtins.int, _builtins.float, Tensor)) or hasattr(data, "__index__") \
            or hasattr(data, "__float__"):
        return None
    return RuntimeError(f"Could not infer dtype of {type(data).__name__}")


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """Constructs a tensor with its own copy of ``data`` (torch.tensor).

    Args:
        data: a number, a (nested) list or tuple of numbers, a numpy array, or a tensor.
        dtype (pyt.dtype, optional): the result's dtype. Default: inferred like torch
            (Python floats -> the default dtype, ints -> int64, bools -> bool; numpy arrays
            keep their dtype).
        device: only "cpu".
        requires_grad (bool): record operations on the result for autograd.

    Returns:
        Tensor of data's shape.

    Raises:
        TypeError: for data that is not numeric. ValueError: for ragged nested lists.

    Example:
        >>> pyt.tensor([[1, 2], [3, 4]])
        tensor([[1, 2],
                [3, 4]])
    """
    if dtype is None and device is None:
        out = _C._tensor_from_flat_numbers(data)  # flat lists of floats/ints: no numpy round trip
        if out is not None:
            if requires_grad:
                out.requires_grad_(True)
            return out
    if device is not None:
        _C.device(str(device))
    import numpy as _np  # imported on first use: keeps `import pyt` fast

    if isinstance(data, Tensor):
        out = data.detach().clone()
        if dtype is not None:
            out = out.to(dtype)
    else:
        if isinstance(data, _np.generic):
            data = _np.asarray(data)  # a numpy scalar keeps its dtype, as in torch
        if isinstance(data, _np.ndarray):
            if _builtins.any(st < 0 for st in data.strides):  # torch refuses, as from_numpy does
                raise ValueError("At least one stride in the given numpy array is negative, and tensors with "
                                 "negative strides are not currently supported. (You can probably work around "
                                 "this by making a copy of your array  with array.copy().) ")
            arr = data
            default = None
        else:
            scanned = None  # torch's inference for lists holding numpy scalars / 1-element tensors
            if isinstance(data, (list, tuple)):
                scanned, has_tensors = _C._scan_sequence_dtype(data)
                if has_tensors:
                    data = _tensor_leaves_to_numbers(data)
            try:
                arr = _np.asarray(data)
            except ValueError as e:
                problem = _data_problem(data)
                if problem is not None:
                    raise problem from None
                raise ValueError(f"tensor(): could not build a tensor from data: {e}") from None
            if arr.dtype.kind in "uO":  # ints beyond int64 (numpy made uint64 or object)
                arr = _big_int_array(data, arr, dtype, _np)
            default = scanned if scanned is not None else _infer_dtype(data)
            if default is None:
                if arr.dtype.kind == "f":
                    default = get_default_dtype()
                elif arr.dtype.kind in "iu":
                    default = int64
                elif arr.dtype.kind == "b":
                    default = bool
        if arr.dtype.kind not in "biuf":
            problem = _data_problem(data) if isinstance(data, (list, tuple)) else None
            if problem is not None:
                raise problem
        if arr.dtype.kind in "US":
            raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
        if arr.dtype.kind not in "biuf":
            raise RuntimeError(f"Could not infer dtype of {type(data).__name__}")
        if dtype is not None and not isinstance(data, _np.ndarray) and arr.size:
            # Python numbers that do not fit the requested integer dtype raise, by torch's
            # checked_convert rule: floats (NaN and inf included) must lie in [min, max]; ints too,
            # except that a negative int wraps into uint8 when its magnitude is at most 255
            # (tensor([-7], dtype=uint8) is 249). Floating dtypes take anything (1e39 -> inf).
            target = str(dtype).split(".")[-1]
            if target in ("uint8", "int8", "int16", "int32", "int64") and arr.dtype.kind in "iuf":
                info = _np.iinfo(target)
                lo = -255 if target == "uint8" and arr.dtype.kind != "f" else info.min
                if arr.dtype.kind == "f":
                    with _np.errstate(invalid="ignore"):
                        bad = not _np.isfinite(arr).all() or arr.max() > info.max
                        if not bad and arr.min() < lo:
                            # numpy made ints floats: a Python int among floats still wraps into uint8
                            bad = target != "uint8" or _builtins.any(
                                not isinstance(v, _builtins.int) or v < -255 for v in _flat_numbers(data) if v < 0)
                else:
                    bad = arr.min() < lo or arr.max() > info.max
                if bad:
                    raise RuntimeError(f"value cannot be converted to type {target} without overflow")
        if not arr.flags.c_contiguous and arr.ndim:
            arr = _np.ascontiguousarray(arr)
        out = _C._tensor_from_numpy_copy(arr, dtype if dtype is not None else default)
    if requires_grad:
        out.requires_grad_(True)
    return out


def as_tensor(data, dtype=None, device=None):
    """Converts data to a tensor, sharing memory when possible (torch.as_tensor).

    A tensor of the requested dtype is returned as is; a numpy array of a supported dtype
    is shared (zero-copy) unless a different dtype is asked for; anything else is copied.

    Example:
        >>> a = numpy.ones(3); t = pyt.as_tensor(a); t[0] = 5; a[0]
        5.0
    """
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype == dtype else data.to(dtype)
    _np = _sys.modules.get("numpy")
    if _np is not None and isinstance(data, _np.ndarray) and data.dtype.kind in "biuf":
        t = from_numpy(data)
        return t if dtype is None or t.dtype == dtype else t.to(dtype)
    return tensor(data, dtype=dtype, device=device)


def numel(input):
    """The number of elements of input (torch.numel)."""
    return input.numel()


def is_tensor(obj):
    """True if obj is a pyt.Tensor (torch.is_tensor)."""
    return isinstance(obj, Tensor)


def is_floating_point(input):
    """True if input's dtype is a floating-point dtype (torch.is_floating_point)."""
    return input.is_floating_point()


def _rebuild_tensor(array, dtype_name, requires_grad):
    """Unpickles a tensor saved by Tensor.__reduce_ex__ (a numpy copy of its data)."""
    t = _C._tensor_from_numpy_copy(array, getattr(_C, dtype_name))
    if requires_grad:
        t.requires_grad_(True)
    return t


def _tensor_reduce_ex(self, protocol):
    # Pickling copies the data through numpy; bfloat16 travels as float32.
    data = self.detach()
    name = str(self.dtype).split(".")[-1]
    if name == "bfloat16":
        data = data.float()
    return (_rebuild_tensor, (data.contiguous().numpy().copy(), name, self.requires_grad))


def _tensor_deepcopy(self, memo):
    # torch semantics: only graph leaves can be deep-copied; .grad is copied too.
    if not self.is_leaf:
        raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                           "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
                           "because of a torch.nn.utils.weight_norm usage, see "
                           "https://github.com/pytorch/pytorch/pull/103001")
    if id(self) in memo:
        return memo[id(self)]
    new = self.detach().clone()
    if type(self) is not Tensor:
        new = type(self)(new) if not hasattr(type(self), "__deepcopy__") else new
    new.requires_grad_(self.requires_grad)
    memo[id(self)] = new
    if self.grad is not None:
        import copy as _copy
        new.grad = _copy.deepcopy(self.grad, memo)
    return new


class _TensorHookHandle:
    """Handle of a tensor hook (torch.utils.hooks.RemovableHandle); ``remove()`` unregisters it."""

    def __init__(self, tensor, handle):
        self._tensor, self.id = tensor, handle

    def remove(self):
        if self._tensor is not None:
            _C._remove_hook(self._tensor, self.id)
            self._tensor = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _register_hook(self, hook):
    """Registers hook(grad) -> Tensor or None, run on this tensor's gradient each time it is
    computed (torch.Tensor.register_hook). Returns a handle with ``remove()``.

    Example:
        >>> x = pyt.ones(2, requires_grad=True); h = x.register_hook(lambda g: g * 2)
        >>> x.sum().backward(); x.grad
        tensor([2., 2.])
    """
    return _TensorHookHandle(self, _C._register_hook(self, hook))


def _register_post_accumulate_grad_hook(self, hook):
    """Registers hook(tensor) run after a leaf's .grad was accumulated
    (torch.Tensor.register_post_accumulate_grad_hook). Returns a handle with ``remove()``."""
    return _TensorHookHandle(self, _C._register_post_accumulate_grad_hook(self, hook))


def _device_reduce(self):
    # torch.device pickles as device(type) or device(type, index).
    return (device, (self.type,) if self.index is None else (self.type, self.index))


def _generator_get_state(self):
    """The generator's state as a uint8 tensor (torch.Generator.get_state).

    pyt's generator is counter-based (Philox): its state is the seed and the offset, stored as
    16 bytes (two little-endian uint64). Pass it to :meth:`set_state` to replay the stream.

    Example:
        >>> g = pyt.Generator().manual_seed(0); s = g.get_state(); a = pyt.rand(2, generator=g)
        >>> g.set_state(s); bool((pyt.rand(2, generator=g) == a).all())
        True
    """
    import struct

    seed, offset = _C.Generator._get_state_tuple(self)
    return tensor(list(struct.pack("<QQ", seed, offset)), dtype=uint8)


def _generator_set_state(self, new_state):
    """Restores a state returned by :meth:`get_state` (torch.Generator.set_state).

    Raises:
        TypeError: new_state is not a uint8 tensor.
        RuntimeError: new_state does not have the 16 bytes of a pyt generator state.
    """
    import struct

    if isinstance(new_state, tuple) and len(new_state) == 2:  # the (seed, offset) pair
        seed, offset = new_state
    else:
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state.dtype != uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if new_state.numel() != 16:
            raise RuntimeError("Expected a pyt generator state (a seed and a Philox offset) of size 16 "
                               f"but found the input RNG state size to be {new_state.numel()}")
        seed, offset = struct.unpack("<QQ", bytes(new_state.reshape(-1).tolist()))
    _C.Generator._set_state_tuple(self, (seed, offset))
    return self


def _generator_reduce(self):
    # torch semantics: a pickled / deep-copied generator is a new, independent generator
    # with the same state (seed and offset).
    return (Generator, (), _C.Generator._get_state_tuple(self))


device.__reduce__ = _device_reduce
Generator._get_state_tuple = Generator.get_state
Generator._set_state_tuple = Generator.set_state
Generator.get_state = _generator_get_state
Generator.set_state = _generator_set_state
Generator.__reduce__ = _generator_reduce
Generator.__setstate__ = _generator_set_state

Tensor.register_hook = _register_hook
Tensor.register_post_accumulate_grad_hook = _register_post_accumulate_grad_hook
Tensor.__reduce_ex__ = _tensor_reduce_ex
Tensor.__deepcopy__ = _tensor_deepcopy


# Note [Lazy submodules]: `import pyt` loads only the C++ core and this file; the Python
# layers load on first use (pyt.nn, pyt.no_grad, ...), which keeps the import fast.
_LAZY = {
    "nn": ("pyt.nn", None),
    "optim": ("pyt.optim", None),
    "utils": ("pyt.utils", None),
    "autograd": ("pyt.autograd", None),
    "func": ("pyt.func", None),
    "serialization": ("pyt.serialization", None),
    "vision": ("pyt.vision", None),
    "save": ("pyt.serialization", "save"),
    "load": ("pyt.serialization", "load"),
    "no_grad": ("pyt.autograd.grad_mode", "no_grad"),
    "enable_grad": ("pyt.autograd.grad_mode", "enable_grad"),
    "set_grad_enabled": ("pyt.autograd.grad_mode", "set_grad_enabled"),
    "inference_mode": ("pyt.autograd.grad_mode", "inference_mode"),
    "is_inference_mode_enabled": ("pyt.autograd.grad_mode", "is_inference_mode_enabled"),
    "is_inference": ("pyt.autograd.grad_mode", "is_inference"),
    "is_anomaly_enabled": ("pyt.autograd.anomaly_mode", "is_anomaly_enabled"),
    "is_anomaly_check_nan_enabled": ("pyt.autograd.anomaly_mode", "is_anomaly_check_nan_enabled"),
    "set_printoptions": ("pyt._tensor_str", "set_printoptions"),
    "cuda": ("pyt.cuda", None),
    "accelerator": ("pyt.accelerator", None),
    "backends": ("pyt.backends", None),
    "random": ("pyt.random", None),
    "special": ("pyt.special", None),
    "get_rng_state": ("pyt.random", "get_rng_state"),
    "set_rng_state": ("pyt.random", "set_rng_state"),
    "seed": ("pyt.random", "seed"),
    "set_default_device": ("pyt._global_flags", "set_default_device"),
    "get_default_device": ("pyt._global_flags", "get_default_device"),
    "use_deterministic_algorithms": ("pyt._global_flags", "use_deterministic_algorithms"),
    "are_deterministic_algorithms_enabled": ("pyt._global_flags", "are_deterministic_algorithms_enabled"),
    "is_deterministic_algorithms_warn_only_enabled": ("pyt._global_flags",
                                                      "is_deterministic_algorithms_warn_only_enabled"),
}


def __getattr__(name):
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'pyt' has no attribute '{name}'") from None
    import importlib

    module = importlib.import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
