"""``pyt.backends.mps``: Apple's Metal backend, which pyt does not have (torch.backends.mps)."""

__all__ = ["is_available", "is_built"]


def is_available():
    """False: pyt has no MPS backend (torch.backends.mps.is_available).

    Example:
        >>> pyt.backends.mps.is_available()
        False
    """
    return False


def is_built():
    """False: pyt is not built with MPS (torch.backends.mps.is_built)."""
    return False
