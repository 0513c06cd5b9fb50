"""``pyt.cuda``: what ``torch.cuda`` reports on a build without CUDA.

pyt has only the CPU backend, so portable code that asks about CUDA takes its CPU path:
:func:`is_available` is False and :func:`device_count` is 0. The seeding functions are
no-ops (as ``torch.cuda.manual_seed`` is without CUDA); functions that need a CUDA device
raise ``AssertionError("Torch not compiled with CUDA enabled")`` like torch's CPU builds.

Example:
    >>> device = "cuda" if pyt.cuda.is_available() else "cpu"; device
    'cpu'
"""

__all__ = ["current_device", "device_count", "empty_cache", "get_device_name", "is_available",
           "is_initialized", "manual_seed", "manual_seed_all", "seed", "seed_all", "set_device",
           "synchronize"]

_NOT_COMPILED = "Torch not compiled with CUDA enabled"


def is_available():
    """False: pyt has no CUDA backend (torch.cuda.is_available on a CPU-only build).

    Example:
        >>> pyt.cuda.is_available()
        False
    """
    return False


def device_count():
    """0: the number of CUDA devices pyt can use (torch.cuda.device_count).

    Example:
        >>> pyt.cuda.device_count()
        0
    """
    return 0


def is_initialized():
    """False: CUDA is never initialised in pyt (torch.cuda.is_initialized)."""
    return False


def manual_seed(seed):
    """Seeds the CUDA generator: a silent no-op without CUDA, as in torch (torch.cuda.manual_seed).

    Args:
        seed (int): the seed (converted with ``int``, as torch does).
    """
    int(seed)


def manual_seed_all(seed):
    """Seeds every CUDA generator: a silent no-op without CUDA (torch.cuda.manual_seed_all).

    Args:
        seed (int): the seed (converted with ``int``, as torch does).
    """
    int(seed)


def seed():
    """Seeds the CUDA generator randomly: a no-op without CUDA (torch.cuda.seed)."""


def seed_all():
    """Seeds every CUDA generator randomly: a no-op without CUDA (torch.cuda.seed_all)."""


def empty_cache():
    """Releases cached CUDA memory: a no-op without CUDA, as in torch (torch.cuda.empty_cache)."""


def _lazy_init():
    raise AssertionError(_NOT_COMPILED)


def synchronize(device=None):
    """Waits for CUDA kernels to finish (torch.cuda.synchronize).

    Raises:
        AssertionError: always; pyt has no CUDA ("Torch not compiled with CUDA enabled", as torch).
    """
    _lazy_init()


def current_device():
    """The current CUDA device index (torch.cuda.current_device).

    Raises:
        AssertionError: always; pyt has no CUDA (as torch's CPU builds).
    """
    _lazy_init()


def set_device(device):
    """Selects the current CUDA device (torch.cuda.set_device).

    Raises:
        AssertionError: always; pyt has no CUDA (as torch's CPU builds).
    """
    _lazy_init()


def get_device_name(device=None):
    """The name of a CUDA device (torch.cuda.get_device_name).

    Raises:
        AssertionError: always; pyt has no CUDA (as torch's CPU builds).
    """
    _lazy_init()
