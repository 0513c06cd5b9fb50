"""pyt.special: special functions under torch.special's names.

Each function is the pyt op of the same meaning (torch.special.xlogy is torch.xlogy, gammaln is
lgamma, psi is digamma, expit is sigmoid, ...), so values, dtypes, gradients (grad_fn names
included) and errors are those ops'. ``i1`` is the modified Bessel function of the first kind of
order 1 (Cephes' Chebyshev expansions, as torch).

Example:
    >>> pyt.special.xlogy(pyt.tensor([0.0, 2.0]), 3.0)
    tensor([0.0000, 2.1972])
"""
from . import _C

__all__ = ["xlogy", "i0", "i1", "digamma", "psi", "polygamma", "gammaln", "logit", "expit", "sinc", "erf",
           "erfinv", "expm1", "exp2", "log1p", "logsumexp"]


def _out_call(fn, name, args, kwargs, out):
    from . import _out

    if out is None:
        return fn(*args, **kwargs)
    return _out._call_out(fn, name, "cast", args, kwargs, out)


def xlogy(input, other, *, out=None):
    """xlogy(input, other, *, out=None) -> Tensor: input * log(other), 0 where input == 0 (torch.special.xlogy;
    see pyt.xlogy). Either argument may be a Python number."""
    import pyt

    return _out_call(pyt.xlogy, "xlogy", (input, other), {}, out)


def i0(input, *, out=None):
    """i0(input, *, out=None) -> Tensor: the modified Bessel function of order 0 (torch.special.i0; pyt.i0)."""
    return _out_call(_C.i0, "i0", (input,), {}, out)


def i1(input, *, out=None):
    """i1(input, *, out=None) -> Tensor

    The modified Bessel function of the first kind of order 1 (torch.special.i1); integer inputs
    compute in the default float dtype. Differentiable: d/dx i1(x) = i0(x) - i1(x) / x (1/2 at 0).

    Example:
        >>> pyt.special.i1(pyt.tensor([0.0, 1.0]))
        tensor([0.0000, 0.5652])
    """
    return _out_call(_C._special_i1, "i1", (input,), {}, out)


def digamma(input, *, out=None):
    """digamma(input, *, out=None) -> Tensor: d/dx log Gamma(x) (torch.special.digamma; pyt.digamma)."""
    return _out_call(_C.digamma, "digamma", (input,), {}, out)


def psi(input, *, out=None):
    """psi(input, *, out=None) -> Tensor: alias of digamma (torch.special.psi)."""
    return _out_call(_C.digamma, "psi", (input,), {}, out)


def polygamma(n, input, *, out=None):
    """polygamma(n, input, *, out=None) -> Tensor: the n-th derivative of digamma (torch.special.polygamma;
    pyt.polygamma)."""
    return _out_call(_C.polygamma, "polygamma", (n, input), {}, out)


def gammaln(input, *, out=None):
    """gammaln(input, *, out=None) -> Tensor: log|Gamma(x)| (torch.special.gammaln; pyt.lgamma)."""
    return _out_call(_C.lgamma, "gammaln", (input,), {}, out)


def logit(input, eps=None, *, out=None):
    """logit(input, eps=None, *, out=None) -> Tensor: log(z / (1 - z)) (torch.special.logit; pyt.logit)."""
    return _out_call(_C.logit, "logit", (input, eps), {}, out)


def expit(input, *, out=None):
    """expit(input, *, out=None) -> Tensor: the logistic sigmoid 1 / (1 + exp(-x)) (torch.special.expit;
    pyt.sigmoid)."""
    return _out_call(_C.sigmoid, "expit", (input,), {}, out)


def sinc(input, *, out=None):
    """sinc(input, *, out=None) -> Tensor: sin(pi x) / (pi x), 1 at 0 (torch.special.sinc; pyt.sinc)."""
    return _out_call(_C.sinc, "sinc", (input,), {}, out)


def erf(input, *, out=None):
    """erf(input, *, out=None) -> Tensor: the Gauss error function (torch.special.erf; pyt.erf)."""
    return _out_call(_C.erf, "erf", (input,), {}, out)


def erfinv(input, *, out=None):
    """erfinv(input, *, out=None) -> Tensor: the inverse of erf (torch.special.erfinv; pyt.erfinv)."""
    return _out_call(_C.erfinv, "erfinv", (input,), {}, out)


def expm1(input, *, out=None):
    """expm1(input, *, out=None) -> Tensor: exp(x) - 1 (torch.special.expm1; pyt.expm1)."""
    return _out_call(_C.expm1, "expm1", (input,), {}, out)


def exp2(input, *, out=None):
    """exp2(input, *, out=None) -> Tensor: 2 ** x (torch.special.exp2; pyt.exp2)."""
    return _out_call(_C.exp2, "exp2", (input,), {}, out)


def log1p(input, *, out=None):
    """log1p(input, *, out=None) -> Tensor: log(1 + x) (torch.special.log1p; pyt.log1p)."""
    return _out_call(_C.log1p, "log1p", (input,), {}, out)


def logsumexp(input, dim, keepdim=False, *, out=None):
    """logsumexp(input, dim, keepdim=False, *, out=None) -> Tensor: log(sum(exp(input))) over dim
    (torch.special.logsumexp; pyt.logsumexp)."""
    import pyt

    return _out_call(pyt.logsumexp, "logsumexp", (input, dim, keepdim), {}, out)
