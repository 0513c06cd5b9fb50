"""Process-wide settings portable PyTorch code sets: the default device and the
deterministic-algorithms flag (torch.set_default_device, torch.use_deterministic_algorithms)."""
from pyt import _C

_deterministic = False
_deterministic_warn_only = False


def set_default_device(device):
    """Sets the device new tensors are created on (torch.set_default_device).

    pyt has only the CPU backend: ``"cpu"`` (or ``pyt.device("cpu")``, or None to reset) is
    accepted; any other device raises the same error as ``Tensor.to(device)``.

    Args:
        device (str, pyt.device or None): the default device.

    Raises:
        RuntimeError: the device has no pyt backend.

    Source: ``torch.set_default_device``.

    Example:
        >>> pyt.set_default_device("cpu"); pyt.get_default_device()
        device(type='cpu')
    """
    if device is not None:
        _C.device(str(device))  # raises for devices pyt has no backend for


def get_default_device():
    """The device new tensors are created on: always ``device(type='cpu')`` in pyt
    (torch.get_default_device).

    Example:
        >>> pyt.get_default_device()
        device(type='cpu')
    """
    return _C.device("cpu")


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Records whether deterministic algorithms are required (torch.use_deterministic_algorithms).

    pyt's kernels are deterministic whatever this flag says: reductions use a fixed
    partition of the work independent of the thread count, and no op uses atomics. The flag
    is stored so that :func:`are_deterministic_algorithms_enabled` reports it, as torch does.

    Args:
        mode (bool): require deterministic algorithms.
        warn_only (bool): torch would warn instead of raising for nondeterministic ops.

    Raises:
        TypeError: mode or warn_only is not a bool (as torch).

    Source: ``torch.use_deterministic_algorithms``.

    Example:
        >>> pyt.use_deterministic_algorithms(True); pyt.are_deterministic_algorithms_enabled()
        True
    """
    global _deterministic, _deterministic_warn_only
    if not isinstance(mode, bool):
        raise TypeError(f"use_deterministic_algorithms(): argument 'mode' (position 1) must be bool, "
                        f"not {type(mode).__name__}")
    if not isinstance(warn_only, bool):
        raise TypeError(f"use_deterministic_algorithms(): argument 'warn_only' must be bool, "
                        f"not {type(warn_only).__name__}")
    _deterministic, _deterministic_warn_only = mode, warn_only


def are_deterministic_algorithms_enabled():
    """True if :func:`use_deterministic_algorithms` turned the flag on
    (torch.are_deterministic_algorithms_enabled). pyt's kernels are deterministic either way.

    Example:
        >>> pyt.are_deterministic_algorithms_enabled()
        False
    """
    return _deterministic


def is_deterministic_algorithms_warn_only_enabled():
    """True if the flag was set with ``warn_only=True``
    (torch.is_deterministic_algorithms_warn_only_enabled).

    Example:
        >>> pyt.is_deterministic_algorithms_warn_only_enabled()
        False
    """
    return _deterministic_warn_only
