"""pyt.finfo / pyt.iinfo: numerical properties of floating and integer dtypes (torch.finfo/iinfo)."""
import struct

from pyt import _C

# name: (bits, eps, max, smallest normal, resolution, smallest subnormal)
_FLOAT = {
    "float16": (16, 2.0 ** -10, 65504.0, 2.0 ** -14, 0.001, 2.0 ** -24),
    "bfloat16": (16, 2.0 ** -7, 3.3895313892515355e38, 2.0 ** -126, 0.01, 2.0 ** -133),
    "float32": (32, 2.0 ** -23, struct.unpack("<f", struct.pack("<I", 0x7F7FFFFF))[0], 2.0 ** -126, 1e-06,
                2.0 ** -149),
    "float64": (64, 2.0 ** -52, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-15, 5e-324),
}
_INT = {"uint8": (8, 0, 255), "int8": (8, -128, 127), "int16": (16, -(2 ** 15), 2 ** 15 - 1),
        "int32": (32, -(2 ** 31), 2 ** 31 - 1), "int64": (64, -(2 ** 63), 2 ** 63 - 1)}


def _name(dtype):
    if dtype is None:
        dtype = _C.get_default_dtype()
    if not isinstance(dtype, _C.dtype):
        raise TypeError(f"finfo/iinfo: expected a pyt.dtype, got {type(dtype).__name__}")
    return repr(dtype).split(".")[-1]


class finfo:
    """Machine limits of a floating dtype (torch.finfo): bits, eps, max, min, tiny
    (= smallest_normal), smallest_normal, resolution, dtype.

    Raises:
        TypeError: dtype is not floating point.

    Example:
        >>> pyt.finfo(pyt.float32).eps
        1.1920928955078125e-07
    """

    def __init__(self, type=None):
        name = _name(type)
        if name not in _FLOAT:
            raise TypeError(f"torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            f"'{name}'")
        self.bits, self.eps, self.max, self.smallest_normal, self.resolution, self._subnormal = _FLOAT[name]
        self.min = -self.max
        self.tiny = self.smallest_normal
        self.dtype = name

    def __repr__(self):
        return (f"finfo(resolution={self.resolution}, min={self.min:.6g}, max={self.max:.6g}, eps={self.eps:.6g}, "
                f"smallest_normal={self.smallest_normal:.6g}, tiny={self.tiny:.6g}, dtype={self.dtype})")


class iinfo:
    """Machine limits of an integer dtype (torch.iinfo): bits, min, max, dtype.

    Raises:
        TypeError: dtype is not an integer type.

    Example:
        >>> pyt.iinfo(pyt.int8).min
        -128
    """

    def __init__(self, type):
        name = _name(type)
        if name not in _INT:
            raise TypeError(f"torch.iinfo() requires an integer input type. Use torch.finfo to handle '{name}'")
        self.bits, self.min, self.max = _INT[name]
        self.dtype = name

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype})"
