"""Anomaly detection for autograd (torch.autograd.detect_anomaly / set_detect_anomaly)."""
import functools
import warnings

from pyt import _C

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled"]


def is_anomaly_enabled():
    """Whether anomaly detection is on (torch.is_anomaly_enabled)."""
    return _C._is_anomaly_enabled()


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection checks backward outputs for NaN."""
    return _C._is_anomaly_check_nan_enabled()


class detect_anomaly:
    """Context manager and decorator that turns anomaly detection on (torch.autograd.detect_anomaly).

    While on, every graph node records the Python stack of the forward call that created it,
    and backward raises RuntimeError when a node returns NaN, naming the node (e.g.
    ``'DivBackward0' returned nan values in its 0th output``) and showing that forward stack;
    any other error in backward also shows it. It slows training: use it for debugging.

    Args:
        check_nan (bool): check backward outputs for NaN (default True).

    Example::

        >>> with pyt.autograd.detect_anomaly():
        ...     x = pyt.zeros(1, requires_grad=True)
        ...     (x / x).sum().backward()   # RuntimeError: Function 'DivBackward0' returned nan ...
    """

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only "
                      "be enabled for debugging.", stacklevel=2)

    def __enter__(self):
        self.prev = (_C._is_anomaly_enabled(), _C._is_anomaly_check_nan_enabled())
        _C._set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc):
        _C._set_anomaly_enabled(*self.prev)

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return fn(*args, **kwargs)

        return wrapper


class set_detect_anomaly:
    """Sets anomaly detection on or off, as a function call or a context manager
    (torch.autograd.set_detect_anomaly).

    Args:
        mode (bool): on or off.
        check_nan (bool): check backward outputs for NaN.

    Example::

        >>> pyt.autograd.set_detect_anomaly(True)
    """

    def __init__(self, mode, check_nan=True):
        self.prev = (_C._is_anomaly_enabled(), _C._is_anomaly_check_nan_enabled())
        _C._set_anomaly_enabled(bool(mode), bool(check_nan))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _C._set_anomaly_enabled(*self.prev)
