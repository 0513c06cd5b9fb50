"""The Python side of the mathx family: histogram / histogramdd argument parsing, cov and
corrcoef (composites of pyt ops, as torch's aten/src/ATen/native/Correlation.cpp), the
special functions erfc / erfcx / ndtr / log_ndtr, and small composites and aliases torch has
(vander, frexp, angle, trapz, clip_, fix_, ...).

Example:
    >>> pyt.histogram(pyt.tensor([1.0, 2.0, 1.0]), bins=4, range=(0.0, 3.0))
    histogram(hist=tensor([0., 2., 1., 0.]), bin_edges=tensor([0.0000, 0.7500, 1.5000, 2.2500, 3.0000]))
"""
import builtins
import math
import warnings

from . import _C

_py_range = builtins.range


# ------------------------------------------------------------------------------ histogram
def histogram(input, bins=100, *, range=None, weight=None, density=False, out=None):
    """histogram(input, bins=100, *, range=None, weight=None, density=False, out=None) -> (hist, bin_edges)

    A histogram of the values of input (torch.histogram, following numpy.histogram).

    Args:
        input (Tensor): any shape (flattened); float32 or float64, or float16 / bfloat16 with
            a range or a tensor of edges (computed in that type, each step rounded, as torch).
        bins (int or Tensor): the number of equal-width bins over range (default 100), or a 1-D
            tensor of bin edges (input's dtype), searched as given.
        range (tuple of two floats, optional): (min, max) of the bins with an int ``bins``;
            default the data's min and max (an empty span is widened by 0.5 on each side; an
            empty input gives (0, 1)).
        weight (Tensor, optional): one weight per element (input's dtype and number of
            elements); default 1 each.
        density (bool): if True, divide by the total weight and by each bin's width.

    Returns:
        return_types.histogram: hist (bins,) and bin_edges (bins + 1,), input's dtype. Bins
        hold their left edge; the last also its right edge. Values outside the edges and NaN
        are not counted. Edges are bitwise torch's (its linspace), and values at an edge are
        binned as torch's CPU kernel bins them.

    Raises:
        NotImplementedError: integer input; float16 / bfloat16 input without range or edges.
        RuntimeError: bins <= 0, a range with min > max or not finite, weight of another
            dtype or size, bins of another dtype or not 1-D.
        TypeError: range given with a tensor of edges.

    Source: torch.histogram (https://pytorch.org/docs/stable/generated/torch.histogram.html).

    Example:
        >>> pyt.histogram(pyt.tensor([1.0, 2.0, 1.0]), bins=4, range=(0.0, 3.0))
        histogram(hist=tensor([0., 2., 1., 0.]), bin_edges=tensor([0.0000, 0.7500, 1.5000, 2.2500, 3.0000]))
    """
    from . import return_types

    if isinstance(bins, _C.Tensor):
        if range is not None:
            raise TypeError("histogram() received an invalid combination of arguments: range is not accepted "
                            "with a Tensor of bin edges")
        hist, edges = _C._histogram_edges(input, bins, weight, bool(density))
    else:
        if isinstance(bins, bool) or not isinstance(bins, int):
            raise TypeError(f"histogram(): argument 'bins' must be int or Tensor, not {type(bins).__name__}")
        if range is not None:
            range = [float(v) for v in range]
        hist, edges = _C._histogram_bins(input, bins, range, weight, bool(density))
    if out is not None:
        out[0].resize_(hist.shape).copy_(hist)
        out[1].resize_(edges.shape).copy_(edges)
        return return_types.histogram(out[0], out[1])
    return return_types.histogram(hist, edges)


def histogramdd(input, bins, *, range=None, weight=None, density=False):
    """histogramdd(input, bins, *, range=None, weight=None, density=False) -> (hist, bin_edges)

    A D-dimensional histogram of the points input[..., :] (torch.histogramdd).

    Args:
        input (Tensor): (..., D), float32 or float64: the leading dims are flattened into points.
        bins (int, sequence of D ints, or sequence of D 1-D Tensors): bin counts per dimension
            (one int: the same for all) or the bin edges of each dimension.
        range (sequence of 2 D floats, optional): (min_0, max_0, min_1, max_1, ...) with counts.
        weight (Tensor, optional): shape input.shape[:-1], input's dtype.
        density (bool): divide by the total weight and by each bin's volume.

    Returns:
        return_types.histogramdd: hist (bins_0, ..., bins_{D-1}) and bin_edges, a list of D
        1-D tensors.

    Raises:
        RuntimeError / NotImplementedError: as pyt.histogram, plus input with fewer than 2 dims
        and a number of bin specs that is not D.

    Source: torch.histogramdd (https://pytorch.org/docs/stable/generated/torch.histogramdd.html).

    Example:
        >>> pyt.histogramdd(pyt.tensor([[0.0, 1.0], [1.0, 0.0]]), bins=[2, 2]).hist
        tensor([[0., 1.],
                [1., 0.]])
    """
    from . import return_types

    if isinstance(bins, int) and not isinstance(bins, bool):
        bins = [bins] * (input.shape[-1] if input.dim() > 0 else 1)
    bins = list(bins)
    if bins and all(isinstance(b, _C.Tensor) for b in bins):
        if range is not None:
            raise TypeError("histogramdd() received an invalid combination of arguments: range is not accepted "
                            "with Tensors of bin edges")
        hist, edges = _C._histogramdd_edges(input, bins, weight, bool(density))
    else:
        if range is not None:
            range = [float(v) for v in range]
        hist, edges = _C._histogramdd_bins(input, [int(b) for b in bins], range, weight, bool(density))
    return return_types.histogramdd(hist, list(edges))


# ---------------------------------------------------------------------------- cov / corrcoef
def cov(input, *, correction=1, fweights=None, aweights=None):
    """cov(input, *, correction=1, fweights=None, aweights=None) -> Tensor

    The covariance matrix of the variables in the rows of input, observations in its columns
    (torch.cov, as numpy.cov). Composed of pyt ops (differentiable; the last is a squeeze, so
    grad_fn is SqueezeBackward0 as torch's).

    Args:
        input (Tensor): (V, N) or (N,) or a scalar; not bool. Integer inputs give the default
            float dtype.
        correction (int): subtracted from the number of observations (1: Bessel's unbiased
            estimate, 0: the maximum-likelihood one); a warning and inf / NaN when the
            degrees of freedom are <= 0.
        fweights (Tensor, optional): (N,) integer frequencies, >= 0.
        aweights (Tensor, optional): (N,) floating observation weights, >= 0.

    Returns:
        Tensor: (V, V), squeezed (a 0-d tensor for one variable).

    Raises:
        RuntimeError: input with more than 2 dims, bool input, weights of the wrong dtype,
            number of dims or size, negative weights, weights summing to 0.
        TypeError: a non-int correction.

    Source: torch.cov (https://pytorch.org/docs/stable/generated/torch.cov.html).

    Example:
        >>> pyt.cov(pyt.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
        tensor([[ 1., -1.],
                [-1.,  1.]])
    """
    import pyt

    if isinstance(correction, bool) or not isinstance(correction, int):
        raise TypeError(f"cov(): argument 'correction' must be int, not {type(correction).__name__}")
    if input.dim() > 2:
        raise RuntimeError(
            f"cov(): expected input to have two or fewer dimensions but got an input with {input.dim()} dimensions")
    if input.dtype == pyt.bool:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input.view(1, -1) if input.dim() < 2 else input
    n_obs = x.shape[1]
    w = None
    if fweights is not None:
        fw = fweights
        if fw.dim() > 1:
            raise RuntimeError("cov(): expected fweights to have one or fewer dimensions but got fweights with "
                               f"{fw.dim()} dimensions")
        if fw.is_floating_point() or fw.dtype == pyt.bool:
            raise RuntimeError(f"cov(): expected fweights to have integral dtype but got fweights with {fw.dtype} dtype")
        if fw.numel() != n_obs:
            raise RuntimeError("cov(): expected fweights to have the same numel as there are observations in the "
                               f"input but got {fw.numel()} != {n_obs}")
        if n_obs != 0 and not bool(fw.min() >= 0):
            raise RuntimeError("cov(): fweights cannot be negative")
        w = fw
    if aweights is not None:
        aw = aweights
        if aw.dim() > 1:
            raise RuntimeError("cov(): expected aweights to have one or fewer dimensions but got aweights with "
                               f"{aw.dim()} dimensions")
        if not aw.is_floating_point():
            raise RuntimeError(
                f"cov(): expected aweights to have floating point dtype but got aweights with {aw.dtype} dtype")
        if aw.numel() != n_obs:
            raise RuntimeError("cov(): expected aweights to have the same numel as there are observations in the "
                               f"input but got {aw.numel()} != {n_obs}")
        if n_obs != 0 and not bool(aw.min() >= 0):
            raise RuntimeError("cov(): aweights cannot be negative")
        w = w * aw if w is not None else aw
    w_sum = w.sum() if w is not None else pyt.tensor(n_obs, dtype=pyt.int64)
    if w is not None and not bool(w_sum != 0):
        raise RuntimeError("cov(): weights sum to zero, can't be normalized")
    avg = (x * w if w is not None else x).sum(1) / w_sum
    if w is None:
        norm = pyt.tensor(n_obs - correction, dtype=pyt.int64)
    elif correction == 0:
        norm = w_sum
    elif aweights is None:
        norm = w_sum - correction
    elif fweights is None and n_obs == 1 and correction == 1:
        norm = pyt.tensor(0, dtype=pyt.int64)
    else:
        norm = w_sum - correction * (w * aweights).sum() / w_sum
    if bool(norm <= 0):
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the number of "
                      "observations.", UserWarning, stacklevel=2)
        norm = pyt.zeros_like(norm)
    if n_obs == 1 and (fweights is None) != (aweights is None):
        # torch zeroes the centred input here (its weighted mean is the input itself).
        x = pyt.zeros_like(x, dtype=pyt.float32 if not x.is_floating_point() else x.dtype)
    else:
        x = x - avg.unsqueeze(1)
    c = pyt.mm(x, (x * w if w is not None else x).t())
    return pyt.true_divide(c, norm).squeeze()


def corrcoef(input):
    """corrcoef(input) -> Tensor

    Pearson correlation coefficients of the variables in the rows of input (torch.corrcoef):
    cov(input) / (stddev_i stddev_j), clipped to [-1, 1]; NaN where a variable has zero
    variance. Composed of pyt ops (grad_fn ClampBackward1, as torch's clip).

    Args:
        input (Tensor): (V, N), (N,) or a scalar.

    Returns:
        Tensor: (V, V) (0-d for one variable: 1, or NaN when its variance is 0, inf or NaN).

    Raises:
        RuntimeError: input with more than 2 dims, or as pyt.cov.

    Source: torch.corrcoef (https://pytorch.org/docs/stable/generated/torch.corrcoef.html).

    Example:
        >>> pyt.corrcoef(pyt.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.5]]))
        tensor([[ 1.0000, -0.9820],
                [-0.9820,  1.0000]])
    """
    import pyt

    if input.dim() > 2:
        raise RuntimeError("corrcoef(): expected input to have two or fewer dimensions but got an input with "
                           f"{input.dim()} dimensions")
    c = cov(input)
    if c.dim() == 0:
        return c / c
    d = c.diagonal()
    std = pyt.sqrt(d)
    c = c / std.view(-1, 1)
    c = c / std.view(1, -1)
    return c.clip(-1, 1)


# ------------------------------------------------------------------------- special functions
def _check_tensor(name, input):
    if not isinstance(input, _C.Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


def special_erfc(input, *, out=None):
    """erfc(input, *, out=None) -> Tensor: the complementary error function 1 - erf(x), computed
    directly so the right tail keeps its accuracy (torch.special.erfc; see pyt.erfc).

    Example:
        >>> pyt.special.erfc(pyt.tensor([0.0, 5.0]))
        tensor([1.0000e+00, 1.5375e-12])
    """
    from . import special

    return special._out_call(_C.erfc, "erfc", (input,), {}, out)


def special_erfcx(input, *, out=None):
    """erfcx(input, *, out=None) -> Tensor

    The scaled complementary error function exp(x^2) erfc(x) (torch.special.erfcx), without
    the overflow and underflow of the product: ~1/(x sqrt(pi)) for large x, +inf below -26.7.
    See Note [erfcx] in ops/cpu/mathx_kernels.cpp.

    Args:
        input (Tensor): any shape; float32 / float64 (integers: the default float dtype).

    Returns:
        Tensor: input's shape. Gradient 2 x erfcx(x) - 2/sqrt(pi) (SpecialErfcxBackward0).

    Raises:
        NotImplementedError: float16 / bfloat16 input (as torch).

    Example:
        >>> pyt.special.erfcx(pyt.tensor([0.0, 30.0]))
        tensor([1.0000, 0.0188])
    """
    from . import special

    _check_tensor("special_erfcx", input)
    return special._out_call(_C._special_erfcx, "erfcx", (input,), {}, out)


def special_ndtr(input, *, out=None):
    """ndtr(input, *, out=None) -> Tensor

    The standard normal cumulative distribution function (1 + erf(x / sqrt 2)) / 2
    (torch.special.ndtr, computed as torch composes it; grad_fn MulBackward1 as torch's).

    Args:
        input (Tensor): any shape; floating (integers: the default float dtype).

    Returns:
        Tensor: input's shape, in [0, 1].

    Example:
        >>> pyt.special.ndtr(pyt.tensor([0.0, 1.0]))
        tensor([0.5000, 0.8413])
    """
    from . import special

    _check_tensor("special_ndtr", input)
    return special._out_call(_C._special_ndtr, "ndtr", (input,), {}, out)


def special_log_ndtr(input, *, out=None):
    """log_ndtr(input, *, out=None) -> Tensor

    log of the standard normal CDF (torch.special.log_ndtr), accurate for very negative x
    (log(erfcx(-x/sqrt 2) / 2) - x^2/2 there, log1p(-erfc(x/sqrt 2) / 2) elsewhere, as torch).

    Args:
        input (Tensor): any shape; float32 / float64 (integers: the default float dtype).

    Returns:
        Tensor: input's shape, <= 0. Gradient exp(-(y + x^2/2)) / sqrt(2 pi)
        (SpecialLogNdtrBackward0).

    Raises:
        NotImplementedError: float16 / bfloat16 input.

    Example:
        >>> pyt.special.log_ndtr(pyt.tensor([0.0, -40.0], dtype=pyt.float64))
        tensor([-6.9315e-01, -8.0461e+02], dtype=pyt.float64)
    """
    from . import special

    _check_tensor("special_log_ndtr", input)
    return special._out_call(_C._special_log_ndtr, "log_ndtr", (input,), {}, out)


# ------------------------------------------------------------------------ small composites
def vander(x, N=None, increasing=False):
    """vander(x, N=None, increasing=False) -> Tensor

    The Vandermonde matrix of x (torch.vander): column j is x ** (N - 1 - j) (increasing:
    x ** j), built by cumulative products as torch (so values agree bitwise).

    Args:
        x (Tensor): (n,). Integer and bool inputs give int64 (torch promotes with int64).
        N (int, optional): number of columns (default n), >= 0.
        increasing (bool): powers increase left to right.

    Returns:
        Tensor: (n, N).

    Raises:
        RuntimeError: x not 1-D, or N < 0.

    Source: torch.vander (https://pytorch.org/docs/stable/generated/torch.vander.html).

    Example:
        >>> pyt.vander(pyt.tensor([1, 2, 3]), N=3)
        tensor([[1, 1, 1],
                [4, 2, 1],
                [9, 3, 1]])
    """
    import pyt

    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else int(N)
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    dtype = pyt.promote_types(x.dtype, pyt.int64)
    xs = x.to(dtype)
    if n == 0:
        res = pyt.empty((x.shape[0], 0), dtype=dtype)
    elif n == 1:
        res = pyt.ones((x.shape[0], 1), dtype=dtype)
    else:
        pw = pyt.cumprod(xs.unsqueeze(1).expand(x.shape[0], n - 1), 1)
        res = pyt.cat([pyt.ones((x.shape[0], 1), dtype=dtype), pw], 1)
    if not increasing:
        return pyt.flip(res, [1])
    return res


def frexp(input, *, out=None):
    """frexp(input, *, out=None) -> (mantissa, exponent)

    Decomposes input into mantissa (input's dtype, |m| in [0.5, 1)) and exponent (int32) with
    input = mantissa * 2 ** exponent (torch.frexp, C's frexp); 0, inf and NaN give mantissa
    input and exponent 0.

    Args:
        input (Tensor): any shape, floating dtype.

    Returns:
        return_types.frexp: (mantissa, exponent), input's shape.

    Raises:
        RuntimeError: a non-floating input.

    Source: torch.frexp (https://pytorch.org/docs/stable/generated/torch.frexp.html).

    Example:
        >>> pyt.frexp(pyt.tensor([8.0, 0.75]))
        frexp(mantissa=tensor([0.5000, 0.7500]), exponent=tensor([4, 0], dtype=pyt.int32))
    """
    import numpy as np

    import pyt
    from . import return_types

    if not input.is_floating_point():
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    with pyt.no_grad():
        src = input.detach()
        wide = src.to(pyt.float32) if src.dtype == pyt.bfloat16 else src
        m, e = np.frexp(wide.contiguous().numpy())
        mant = pyt.from_numpy(np.ascontiguousarray(m)).to(input.dtype)
        expo = pyt.from_numpy(np.ascontiguousarray(e.astype(np.int32)))
    if out is not None:
        out[0].resize_(mant.shape).copy_(mant)
        out[1].resize_(expo.shape).copy_(expo)
        return return_types.frexp(out[0], out[1])
    return return_types.frexp(mant, expo)


def angle(input, *, out=None):
    """angle(input, *, out=None) -> Tensor

    The argument (angle in radians) of each element (torch.angle); for real input pi where
    input < 0, 0 where input >= 0 (-0.0 included), NaN kept. Integer and bool inputs give the
    default float dtype. The gradient is 0 (real input; it passes through at NaN inputs, and
    grad_fn is WhereBackward0 where torch names AngleBackward0).

    Args:
        input (Tensor): any shape, real dtype.

    Returns:
        Tensor: input's shape.

    Source: torch.angle (https://pytorch.org/docs/stable/generated/torch.angle.html).

    Example:
        >>> pyt.angle(pyt.tensor([-2.0, 0.0, 3.0]))
        tensor([3.1416, 0.0000, 0.0000])
    """
    import pyt

    x = input if input.is_floating_point() else input.to(pyt.get_default_dtype())
    pi = pyt.full((), math.pi, dtype=x.dtype)
    zero = pyt.zeros((), dtype=x.dtype)
    r = pyt.where(pyt.isnan(x), x, pyt.where(x < 0, pi, zero))
    if out is not None:
        return out.copy_(r)
    return r


def trapz(y, x=None, *, dx=None, dim=-1):
    """trapz(y, x=None, *, dx=None, dim=-1) -> Tensor: alias of pyt.trapezoid (torch.trapz).

    Example:
        >>> pyt.trapz(pyt.tensor([1.0, 2.0, 3.0]))
        tensor(4.)
    """
    import pyt

    return pyt.trapezoid(y, x, dx=dx, dim=dim)


def install(namespace):
    """Puts the family's functions into pyt's namespace, the methods on Tensor, and the special
    functions into pyt.special."""
    from . import special

    Tensor = _C.Tensor
    for fn in (histogram, histogramdd, cov, corrcoef, vander, frexp, angle, trapz):
        namespace[fn.__name__] = fn

    def _method(fn, name):
        def m(self, *args, **kwargs):
            return fn(self, *args, **kwargs)

        m.__name__ = name
        m.__doc__ = f"See pyt.{fn.__name__}()."
        return m

    for fn in (histogram, cov, corrcoef, frexp, angle):
        setattr(Tensor, fn.__name__, _method(fn, fn.__name__))
    for short, fn in (("erfc", special_erfc), ("erfcx", special_erfcx), ("ndtr", special_ndtr),
                      ("log_ndtr", special_log_ndtr)):
        if not hasattr(special, short):
            fn.__name__ = short
            setattr(special, short, fn)
            if short not in special.__all__:
                special.__all__.append(short)
    for name in ("gcd_", "lcm_", "erfc_"):
        namespace[name] = getattr(_C, name)
    # In-place aliases torch has at the top level.
    for name in ("clip_", "fix_", "negative_", "deg2rad_", "rad2deg_"):
        if name not in namespace and hasattr(Tensor, name):
            namespace[name] = _inplace_fn(name)


def _inplace_fn(name):
    def f(input, *args, **kwargs):
        return getattr(input, name)(*args, **kwargs)

    f.__name__ = name
    f.__doc__ = f"{name}(input, ...) -> Tensor: In-place version, as Tensor.{name}()."
    return f
