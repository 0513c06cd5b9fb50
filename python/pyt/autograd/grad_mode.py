"""Grad-mode switches: ``no_grad``, ``enable_grad``, ``set_grad_enabled``, ``inference_mode``.

Follows torch/autograd/grad_mode.py and torch/utils/_contextlib.py: every switch is a
context manager *and* a decorator (plain functions and generator functions). The mode
itself is thread-local and lives in the C++ core (``pyt._C._set_grad_enabled`` /
``pyt._C._is_grad_enabled``), so a switch in one thread never leaks into another.
"""

import functools
import sys

from pyt import _C

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "is_inference_mode_enabled"]


def is_grad_enabled():
    """Return whether grad mode is on in the calling thread.

    Args:
        None.

    Returns:
        bool: ``True`` when operations on tensors that require grad are recorded.

    Raises:
        Nothing.

    Source: ``torch.is_grad_enabled``.

    Example::

        >>> with pyt.no_grad():
        ...     pyt.is_grad_enabled()
        False
    """
    return _C._is_grad_enabled()


_CO_GENERATOR = 0x20  # inspect.CO_GENERATOR (importing `inspect` costs ~10 ms)


def is_inference_mode_enabled():
    """Whether inference mode is on in this thread (torch.is_inference_mode_enabled).

    Returns:
        bool.

    Example::

        >>> with pyt.inference_mode():
        ...     pyt.is_inference_mode_enabled()
        True
    """
    return _C.is_inference_mode_enabled()


def is_inference(input):
    """Whether ``input`` is an inference tensor (torch.is_inference): see :class:`inference_mode`.

    Args:
        input (Tensor): the tensor.

    Returns:
        bool.

    Example::

        >>> with pyt.inference_mode():
        ...     x = pyt.ones(2)
        >>> pyt.is_inference(x)
        True
    """
    return input.is_inference()


def _is_generator_function(func):
    func = getattr(func, "__func__", func)
    code = getattr(func, "__code__", None)
    return code is not None and bool(code.co_flags & _CO_GENERATOR)


def _wrap_generator(ctx_factory, func):
    # Generators suspend at `yield`: re-enter the mode on every resume and leave it on every
    # suspension, exactly as torch.utils._contextlib._wrap_generator does.
    @functools.wraps(func)
    def generator_context(*args, **kwargs):
        gen = func(*args, **kwargs)
        try:
            with ctx_factory():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with ctx_factory():
                        gen.close()
                    raise
                except BaseException:
                    with ctx_factory():
                        response = gen.throw(*sys.exc_info())
                else:
                    with ctx_factory():
                        response = gen.send(request)
        except StopIteration as e:
            return e.value

    return generator_context


class _DecoratorContextManager:
    """Base: a context manager that can also decorate a function or generator function."""

    def __call__(self, orig_func):
        if isinstance(orig_func, type):
            raise RuntimeError(
                "Cannot decorate classes; decorate the methods that need the grad mode instead"
            )
        func = orig_func
        ctx_factory = self.clone
        if _is_generator_function(func):
            return _wrap_generator(ctx_factory, func)

        @functools.wraps(func)
        def decorate_context(*args, **kwargs):
            with ctx_factory():
                return func(*args, **kwargs)

        return decorate_context

    def __enter__(self):
        raise NotImplementedError

    def __exit__(self, exc_type, exc_value, traceback):
        raise NotImplementedError

    def clone(self):
        return self.__class__()


class _NoParamDecoratorContextManager(_DecoratorContextManager):
    """Allows both ``@no_grad()`` and ``@no_grad`` (without parentheses)."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParamDecoratorContextManager):
    """Context manager and decorator that turns gradient recording off.

    Inside the block, results of operations have ``requires_grad=False`` even when their
    inputs require grad. The previous mode of the calling thread is restored on exit, also
    when an exception leaves the block. Factory functions given ``requires_grad=True`` and
    ``nn.Parameter`` still produce tensors that require grad.

    Args:
        orig_func (callable, optional): when used as ``@no_grad`` without parentheses,
            the function (or generator function) to wrap.

    Returns:
        no_grad: the context manager (or the wrapped function when decorating).

    Raises:
        RuntimeError: when used to decorate a class.

    Source: ``torch.no_grad`` (torch/autograd/grad_mode.py).

    Example::

        >>> x = pyt.ones(2, requires_grad=True)
        >>> with pyt.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
    """

    def __init__(self, orig_func=None):
        self.prev = False

    def __enter__(self):
        self.prev = _C._is_grad_enabled()
        _C._set_grad_enabled(False)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)


class enable_grad(_NoParamDecoratorContextManager):
    """Context manager and decorator that turns gradient recording on (e.g. inside ``no_grad``).

    Args:
        orig_func (callable, optional): when used as ``@enable_grad`` without parentheses,
            the function (or generator function) to wrap.

    Returns:
        enable_grad: the context manager (or the wrapped function when decorating).

    Raises:
        RuntimeError: when used to decorate a class.

    Source: ``torch.enable_grad`` (torch/autograd/grad_mode.py).

    Example::

        >>> x = pyt.ones(2, requires_grad=True)
        >>> with pyt.no_grad(), pyt.enable_grad():
        ...     y = x * 2
        >>> y.requires_grad
        True
    """

    def __init__(self, orig_func=None):
        self.prev = False

    def __enter__(self):
        self.prev = _C._is_grad_enabled()
        _C._set_grad_enabled(True)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)


class set_grad_enabled(_DecoratorContextManager):
    """Set grad mode on or off: as a plain call, a context manager or a decorator.

    Like torch, the mode is applied as soon as the object is created, so
    ``pyt.set_grad_enabled(False)`` works as a function call; used in a ``with`` block or as a
    decorator, the previous mode is restored afterwards.

    Args:
        mode (bool): ``True`` to record gradients, ``False`` to stop recording.

    Returns:
        set_grad_enabled: the context manager (or the wrapped function when decorating).

    Raises:
        TypeError: when ``mode`` is not a bool (raised by the C++ core).

    Source: ``torch.set_grad_enabled`` (torch/autograd/grad_mode.py).

    Example::

        >>> x = pyt.ones(2, requires_grad=True)
        >>> with pyt.set_grad_enabled(False):
        ...     y = x * 2
        >>> y.requires_grad
        False
    """

    def __init__(self, mode):
        self.prev = _C._is_grad_enabled()
        self.mode = mode
        _C._set_grad_enabled(mode)

    def __call__(self, orig_func):
        _C._set_grad_enabled(self.prev)
        return super().__call__(orig_func)

    def __enter__(self):
        _C._set_grad_enabled(self.mode)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev)

    def __repr__(self):
        return f"{type(self).__module__}.{type(self).__qualname__}(mode={self.mode})"

    __str__ = __repr__

    def clone(self):
        """Return a fresh ``set_grad_enabled`` with the same mode (used when decorating).

        Args:
            None.

        Returns:
            set_grad_enabled: note that creating it applies the mode, like torch.

        Raises:
            Nothing.

        Source: ``torch.set_grad_enabled.clone``.

        Example::

            >>> ctx = pyt.set_grad_enabled(True).clone()
        """
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """Context manager and decorator that enables or disables inference mode.

    Inside ``inference_mode()`` grad recording is off and every tensor allocated is an
    *inference tensor* (``t.is_inference()``; views of an inference tensor are ones too, views
    of normal tensors stay normal). Outside inference mode an inference tensor cannot be saved
    for backward by an op that records the graph, nor updated in place, nor made to require
    grad: each raises torch's RuntimeError. ``inference_mode(False)`` turns inference mode off
    and grad mode on for its block (as torch's ``InferenceMode(false)`` guard does).

    Args:
        mode (bool or callable): ``True`` (default) to enable inference mode, ``False`` to
            disable it; a function when used as ``@inference_mode`` without parentheses.

    Returns:
        inference_mode: the context manager (or the wrapped function when decorating).

    Raises:
        RuntimeError: when used to decorate a class.

    Source: ``torch.inference_mode`` (torch/autograd/grad_mode.py) and c10::InferenceMode.

    Example::

        >>> with pyt.inference_mode():
        ...     y = pyt.ones(2, requires_grad=True) * 2
        >>> y.requires_grad, y.is_inference()
        (False, True)
    """

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode=True):
        self.mode = mode
        self.prev = (True, False)

    def __enter__(self):
        self.prev = (_C._is_grad_enabled(), _C.is_inference_mode_enabled())
        _C._set_inference_mode(bool(self.mode))
        _C._set_grad_enabled(not self.mode)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._set_grad_enabled(self.prev[0])
        _C._set_inference_mode(self.prev[1])

    def clone(self):
        """Return a fresh ``inference_mode`` with the same mode (used when decorating).

        Args:
            None.

        Returns:
            inference_mode.

        Raises:
            Nothing.

        Source: ``torch.inference_mode.clone``.

        Example::

            >>> ctx = pyt.autograd.inference_mode().clone()
        """
        return self.__class__(self.mode)
