"""Tensor printing: ``repr(t)`` / ``str(t)`` in exactly torch's format.

Follows torch/_tensor_str.py (precision, scientific-notation choice, integer-valued float
mode, summarisation with ``...``, line wrapping at ``linewidth``, the ``dtype=`` /
``requires_grad=`` / ``grad_fn=`` suffixes). The C++ ``Tensor.__repr__``/``__str__`` call
:func:`_str`. Only the (summarised) edge of a tensor is ever read: it is cut out with slicing
and ``pyt.cat`` and converted with ``tolist()``; all formatting then runs on numpy/Python
values, so printing a huge tensor costs no more than printing its corners.
"""

import contextlib
import dataclasses
import math

import pyt

__all__ = ["set_printoptions", "get_printoptions", "printoptions"]


@dataclasses.dataclass
class _PrinterOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: "bool | None" = None


PRINT_OPTS = _PrinterOptions()


def set_printoptions(
    precision=None,
    threshold=None,
    edgeitems=None,
    linewidth=None,
    profile=None,
    sci_mode=None,
):
    """Set the options used to print tensors (process-wide).

    Args:
        precision (int, optional): digits after the decimal point for floats (default 4).
        threshold (int or float, optional): tensors with more elements than this are
            summarised with ``...`` (default 1000).
        edgeitems (int, optional): items shown at the start and end of each summarised
            dimension (default 3).
        linewidth (int, optional): characters per line before wrapping (default 80).
        profile (str, optional): ``"default"``, ``"short"`` or ``"full"``; applied first, then
            the other arguments override it.
        sci_mode (bool, optional): force (``True``) or forbid (``False``) scientific notation;
            ``None`` (default, also when omitted) lets the formatter decide.

    Returns:
        None.

    Raises:
        Nothing; an unknown ``profile`` is ignored like in torch.

    Source: ``torch.set_printoptions`` (torch/_tensor_str.py).

    Example::

        >>> pyt.set_printoptions(precision=2)
        >>> pyt.tensor([1.12345])
        tensor([1.12])
        >>> pyt.set_printoptions(profile="default")
    """
    if profile is not None:
        if profile == "default":
            PRINT_OPTS.precision = 4
            PRINT_OPTS.threshold = 1000
            PRINT_OPTS.edgeitems = 3
            PRINT_OPTS.linewidth = 80
        elif profile == "short":
            PRINT_OPTS.precision = 2
            PRINT_OPTS.threshold = 1000
            PRINT_OPTS.edgeitems = 2
            PRINT_OPTS.linewidth = 80
        elif profile == "full":
            PRINT_OPTS.precision = 4
            PRINT_OPTS.threshold = math.inf
            PRINT_OPTS.edgeitems = 3
            PRINT_OPTS.linewidth = 80
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    """Return the current print options as a dict accepted by :func:`set_printoptions`.

    Args:
        None.

    Returns:
        dict: keys ``precision``, ``threshold``, ``edgeitems``, ``linewidth``, ``sci_mode``.

    Raises:
        Nothing.

    Source: ``torch._tensor_str.get_printoptions``.

    Example::

        >>> pyt.get_printoptions()["precision"]
        4
    """
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs):
    """Context manager that sets print options and restores the previous ones on exit.

    Args:
        **kwargs: any argument of :func:`set_printoptions`.

    Returns:
        A context manager.

    Raises:
        TypeError: on an unknown keyword.

    Source: ``torch._tensor_str.printoptions``.

    Example::

        >>> with pyt.printoptions(precision=1):
        ...     print(pyt.tensor([1.25]))
        tensor([1.2])
    """
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


class _Formatter:
    """Decides the common width and notation of all printed elements (torch's _Formatter).

    ``values`` is a numpy array: float64 for floating tensors, int64 or bool otherwise.
    """

    def __init__(self, values, floating):
        import numpy as np

        self.floating_dtype = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not floating:
            for v in flat.tolist():
                self.max_width = max(self.max_width, len(f"{v}"))
            return
        with np.errstate(all="ignore"):
            nonzero_finite = flat[np.isfinite(flat) & (flat != 0)]
        if nonzero_finite.size == 0:
            return
        absval = np.abs(nonzero_finite)
        nz_min = float(absval.min())
        nz_max = float(absval.max())
        self.int_mode = bool(np.all(nonzero_finite == np.ceil(nonzero_finite)))
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = nz_max / nz_min > 1000.0 or nz_max > 1.0e8 or nz_min < 1.0e-4
        else:
            self.sci_mode = PRINT_OPTS.sci_mode
        vals = nonzero_finite.tolist()
        p = PRINT_OPTS.precision
        if self.sci_mode:
            spec = f"{{:.{p}e}}"
            for v in vals:
                self.max_width = max(self.max_width, len(spec.format(v)))
        elif self.int_mode:
            for v in vals:
                self.max_width = max(self.max_width, len(f"{v:.0f}") + 1)
        else:
            spec = f"{{:.{p}f}}"
            for v in vals:
                self.max_width = max(self.max_width, len(spec.format(v)))

    def width(self):
        return self.max_width

    def format(self, value):
        if self.floating_dtype:
            if self.sci_mode:
                ret = f"{{:{self.max_width}.{PRINT_OPTS.precision}e}}".format(value)
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = f"{{:.{PRINT_OPTS.precision}f}}".format(value)
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


def _summarized(t):
    """Cut the first and last ``edgeitems`` of every long dimension out of t (a pyt tensor)."""
    e = PRINT_OPTS.edgeitems
    for d in range(t.dim()):
        n = t.shape[d]
        if n > 2 * e:
            lead = (slice(None),) * d
            t = pyt.cat([t[lead + (slice(0, e),)], t[lead + (slice(n - e, n),)]], d)
    return t


def _to_numpy(t):
    """Values of a (small) pyt tensor as numpy: float64 / int64 / bool."""
    import numpy as np

    if t.dtype.is_floating_point:
        np_dtype = np.float64
    elif t.dtype == pyt.bool:
        np_dtype = np.bool_
    else:
        np_dtype = np.int64
    return np.array(t.tolist(), dtype=np_dtype).reshape(tuple(t.shape))


def _vector_str(a, n, indent, summarize, formatter):
    # a: 1-d numpy array (summarised to 2*edgeitems when summarize and n > 2*edgeitems).
    element_length = formatter.width() + 2
    elements_per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))
    e = PRINT_OPTS.edgeitems
    if summarize and not e:
        data = ["..."]
    elif summarize and n > 2 * e:
        data = (
            [formatter.format(v) for v in a[:e].tolist()]
            + [" ..."]
            + [formatter.format(v) for v in a[-e:].tolist()]
        )
    else:
        data = [formatter.format(v) for v in a.tolist()]
    lines = [
        ", ".join(data[i : i + elements_per_line]) for i in range(0, len(data), elements_per_line)
    ]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _nd_str(a, shape, indent, summarize, formatter):
    # a: numpy array holding the (summarised) values; shape: the original sizes.
    dim = len(shape)
    if dim == 0:
        return formatter.format(a.item())
    if dim == 1:
        return _vector_str(a, shape[0], indent, summarize, formatter)
    e = PRINT_OPTS.edgeitems
    n = shape[0]
    if summarize and n > 2 * e:
        m = a.shape[0]
        slices = (
            [_nd_str(a[i], shape[1:], indent + 1, summarize, formatter) for i in range(e)]
            + ["..."]
            + [
                _nd_str(a[i], shape[1:], indent + 1, summarize, formatter)
                for i in range(m - e, m)
            ]
        )
    else:
        slices = [_nd_str(a[i], shape[1:], indent + 1, summarize, formatter) for i in range(n)]
    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _tensor_str(self, indent):
    if self.numel() == 0:
        return "[]"
    summarize = self.numel() > PRINT_OPTS.threshold
    shape = tuple(self.shape)
    floating = self.dtype.is_floating_point
    if summarize and not PRINT_OPTS.edgeitems and len(shape) > 0:
        # With no edge items torch prints just "[...]"; the values are never looked at.
        return "[...]"
    data = _summarized(self) if summarize else self
    values = _to_numpy(data)
    formatter = _Formatter(values, floating)
    return _nd_str(values, shape, indent, summarize, formatter)


def _add_suffixes(tensor_str, suffixes, indent, force_newline):
    tensor_strs = [tensor_str]
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        suffix_len = len(suffix)
        if force_newline or last_line_len + suffix_len + 2 > PRINT_OPTS.linewidth:
            tensor_strs.append(",\n" + " " * indent + suffix)
            last_line_len = indent + suffix_len
            force_newline = False
        else:
            tensor_strs.append(", " + suffix)
            last_line_len += suffix_len + 2
    tensor_strs.append(")")
    return "".join(tensor_strs)


def _grad_fn_name(grad_fn):
    name_fn = getattr(grad_fn, "name", None)
    name = name_fn() if callable(name_fn) else type(grad_fn).__name__
    return str(name).rsplit("::", 1)[-1]


def _str_intern(inp, tensor_contents=None):
    from pyt.nn.parameter import Parameter

    tensor_cls = pyt._C.Tensor
    is_plain_tensor = type(inp) is tensor_cls or type(inp) is Parameter
    prefix = "tensor(" if is_plain_tensor else f"{type(inp).__name__}("
    indent = len(prefix)
    suffixes = []
    self = inp.detach()

    device = self.device
    if getattr(device, "type", "cpu") != "cpu":
        suffixes.append("device='" + str(device) + "'")

    default_dtype = pyt.get_default_dtype()
    has_default_dtype = self.dtype in (default_dtype, pyt.int64, pyt.bool)
    if self.numel() == 0:
        # Explicitly print the shape if it is not (0,), to match NumPy behaviour; the dtype
        # cannot be inferred from no elements, so it is shown unless it is the default.
        if self.dim() != 1:
            suffixes.append("size=" + str(tuple(self.shape)))
        if self.dtype != default_dtype:
            suffixes.append("dtype=" + str(self.dtype))
        tensor_str = "[]" if tensor_contents is None else tensor_contents
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append("size=" + str(tuple(self.shape)))
        if not has_default_dtype:
            suffixes.append("dtype=" + str(self.dtype))
        tensor_str = _tensor_str(self, indent) if tensor_contents is None else tensor_contents

    grad_fn = inp.grad_fn
    if grad_fn is not None:
        suffixes.append(f"grad_fn=<{_grad_fn_name(grad_fn)}>")
    elif inp.requires_grad:
        suffixes.append("requires_grad=True")

    string_repr = _add_suffixes(prefix + tensor_str, suffixes, indent, force_newline=False)
    if isinstance(inp, Parameter) and not is_plain_tensor:
        string_repr = f"Parameter({string_repr})"
    return string_repr


def _str(self, *, tensor_contents=None):
    """Return torch's ``repr`` of a tensor (used by ``Tensor.__repr__`` and ``__str__``).

    Args:
        self (Tensor): any shape and dtype; a tensor that requires grad is read through
            ``detach()`` so printing never records autograd history.
        tensor_contents (str, optional): replaces the printed values (torch compatibility).

    Returns:
        str: e.g. ``"tensor([[1., 2.],\\n        [3., 4.]])"``.

    Raises:
        Nothing for valid tensors.

    Source: ``torch._tensor_str._str``.

    Example::

        >>> pyt._tensor_str._str(pyt.tensor([1, 2], dtype=pyt.int32))
        'tensor([1, 2], dtype=pyt.int32)'
    """
    return _str_intern(self, tensor_contents=tensor_contents)
