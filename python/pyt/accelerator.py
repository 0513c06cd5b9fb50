"""``pyt.accelerator``: the accelerator API of torch (torch.accelerator) on a CPU-only framework.

pyt runs on the CPU only, so there is no current accelerator: :func:`is_available` is False
and :func:`current_accelerator` is None, which sends PyTorch's device-agnostic idiom to "cpu".

Example:
    >>> acc = pyt.accelerator.current_accelerator()
    >>> device = acc.type if pyt.accelerator.is_available() else "cpu"; device
    'cpu'
"""

__all__ = ["current_accelerator", "device_count", "is_available"]


def is_available(check_device_count=None):
    """False: no accelerator is available to pyt (torch.accelerator.is_available).

    Example:
        >>> pyt.accelerator.is_available()
        False
    """
    return False


def current_accelerator(check_available=False):
    """None: pyt has no accelerator device type (torch.accelerator.current_accelerator).

    Example:
        >>> pyt.accelerator.current_accelerator() is None
        True
    """
    return None


def device_count():
    """0: the number of accelerator devices (torch.accelerator.device_count).

    Example:
        >>> pyt.accelerator.device_count()
        0
    """
    return 0
