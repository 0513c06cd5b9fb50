"""``pyt.backends.cudnn``: cuDNN switches (torch.backends.cudnn) as plain module flags.

pyt has no cuDNN: :func:`is_available` is False. ``deterministic`` (default False),
``benchmark`` (default False), ``enabled`` (default True) and ``allow_tf32`` (default True)
are the attributes torch has, with torch's defaults; setting them changes nothing in pyt.

Example:
    >>> pyt.backends.cudnn.benchmark = False; pyt.backends.cudnn.benchmark
    False
"""

__all__ = ["allow_tf32", "benchmark", "deterministic", "enabled", "is_available", "version"]

enabled = True
deterministic = False
benchmark = False
allow_tf32 = True


def is_available():
    """False: pyt has no cuDNN (torch.backends.cudnn.is_available on a CPU-only build)."""
    return False


def version():
    """None: no cuDNN version (torch.backends.cudnn.version on a CPU-only build)."""
    return None
