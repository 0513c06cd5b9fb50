"""``pyt.random``: the default generator's seed and state (torch.random).

pyt's default generator is counter-based (Philox): its state is a seed and an offset, which
:func:`get_rng_state` returns as a 16-byte uint8 tensor. A state taken with
:func:`get_rng_state` and restored with :func:`set_rng_state` replays the same random stream.

Example:
    >>> s = pyt.random.get_rng_state(); a = pyt.rand(3)
    >>> pyt.random.set_rng_state(s); bool((pyt.rand(3) == a).all())
    True
"""
import contextlib

from pyt import _C
from pyt._C import default_generator, initial_seed, manual_seed  # noqa: F401

__all__ = ["default_generator", "fork_rng", "get_rng_state", "initial_seed", "manual_seed",
           "seed", "set_rng_state"]


def get_rng_state():
    """The default generator's state as a uint8 tensor (torch.get_rng_state).

    Returns:
        Tensor of dtype uint8 and shape (16,): the seed and the Philox offset, two
        little-endian uint64.

    Source: ``torch.random.get_rng_state``.

    Example:
        >>> s = pyt.get_rng_state(); a = pyt.randn(2); pyt.set_rng_state(s)
        >>> bool((pyt.randn(2) == a).all())
        True
    """
    return default_generator.get_state()


def set_rng_state(new_state):
    """Restores the default generator's state from :func:`get_rng_state` (torch.set_rng_state).

    Args:
        new_state (Tensor): a uint8 tensor returned by :func:`get_rng_state`.

    Raises:
        TypeError: new_state is not a uint8 tensor (as torch).
        RuntimeError: new_state has the wrong size for a generator state.

    Source: ``torch.random.set_rng_state``.

    Example:
        >>> s = pyt.get_rng_state(); pyt.rand(1); pyt.set_rng_state(s)
    """
    default_generator.set_state(new_state)


def seed():
    """Seeds the default generator with a non-deterministic random number and returns it
    (torch.seed).

    Returns:
        int: the 64-bit seed used.

    Source: ``torch.random.seed``.

    Example:
        >>> s = pyt.seed(); pyt.initial_seed() == s
        True
    """
    return default_generator.seed()


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type=None):
    """Context manager that restores the default generator's state on exit (torch.random.fork_rng).

    Random numbers drawn inside the block do not change the stream seen after it. pyt has
    only the CPU generator, so ``devices`` and ``device_type`` select nothing else.

    Args:
        devices (iterable, optional): accelerator devices to fork; pyt has none.
        enabled (bool): if False, the block runs without forking.

    Source: ``torch.random.fork_rng``.

    Example:
        >>> with pyt.random.fork_rng():
        ...     _ = pyt.rand(3)
    """
    if not enabled:
        yield
        return
    state = default_generator.get_state()
    try:
        yield
    finally:
        default_generator.set_state(state)
