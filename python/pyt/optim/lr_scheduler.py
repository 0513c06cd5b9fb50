"""``pyt.optim.lr_scheduler``: learning-rate schedules (torch/optim/lr_scheduler.py).

Every scheduler holds an optimizer and rewrites ``group["lr"]`` of each of its
``param_groups`` (and, for :class:`OneCycleLR` / :class:`CyclicLR`, ``group["momentum"]`` or
``group["betas"][0]``). The formulas, the order of the float operations, the ``step()``
protocol, the warnings and the error messages follow torch 2.x, so for the same sequence of
``step()`` calls ``get_last_lr()`` gives the same Python floats as torch (bit for bit: the
same IEEE operations run in the same order).

The protocol, as torch's:

* construction with ``last_epoch=-1`` stores ``group["initial_lr"]`` (``setdefault``, so a
  second scheduler on the same optimizer keeps the first value) and runs one initial
  ``step()``, so ``last_epoch`` is 0 afterwards; ``last_epoch >= 0`` resumes and needs
  ``initial_lr`` in every group (``KeyError`` otherwise);
* ``step()`` advances ``last_epoch`` by one and applies the chainable (recursive) form
  :meth:`LRScheduler.get_lr`; ``step(epoch)`` is deprecated (``UserWarning``) and uses the
  closed form ``_get_closed_form_lr`` where a scheduler has one;
* ``state_dict()`` is every attribute but the optimizer; ``load_state_dict`` restores them.

Example::

    >>> opt = pyt.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    >>> sched = pyt.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)
    >>> for epoch in range(100):
    ...     train(...); opt.step(); sched.step()
"""

import math
import types
import warnings
from bisect import bisect_right
from collections import Counter
from functools import partial, wraps
from weakref import ref

from pyt import _C
from pyt.optim.optimizer import Optimizer

__all__ = [
    "LambdaLR",
    "MultiplicativeLR",
    "StepLR",
    "MultiStepLR",
    "ConstantLR",
    "LinearLR",
    "ExponentialLR",
    "SequentialLR",
    "CosineAnnealingLR",
    "ChainedScheduler",
    "ReduceLROnPlateau",
    "CyclicLR",
    "CosineAnnealingWarmRestarts",
    "OneCycleLR",
    "PolynomialLR",
    "LRScheduler",
]

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being "
    "deprecated where possible. Please use `scheduler.step()` to step the "
    "scheduler. During the deprecation, if epoch is different from None, the "
    "closed form is used instead of the new chainable form, where available. "
    "Please open an issue if you are unable to replicate your use case: "
    "https://github.com/pytorch/pytorch/issues/new/choose."
)

_Tensor = _C.Tensor


def _to_scalar(x):
    """A 1-element tensor hyper-parameter as a 0-d tensor; anything else as is."""
    if isinstance(x, _Tensor) and x.dim() != 0:
        return x.squeeze()
    return x


def _format_param(name, optimizer, param):
    """``param`` (one value, or one per group) as a list with one entry per param group."""

    def _copy(p):
        return p.clone() if isinstance(p, _Tensor) else p

    if isinstance(param, (list, tuple)):
        if len(param) != len(optimizer.param_groups):
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. "
                f"{name} has {len(param)} values, param_groups has "
                f"{len(optimizer.param_groups)}."
            )
    else:
        param = [param] * len(optimizer.param_groups)
    return list(map(_copy, param))


def _param_groups_val_list(optimizer, key):
    """``[group[key] for group]``, tensors cloned so the list never aliases the optimizer."""
    return [
        group[key].clone() if isinstance(group[key], _Tensor) else group[key]
        for group in optimizer.param_groups
    ]


def _update_param_group_val(param_group, key, val):
    """Set ``param_group[key] = val``; a tensor entry is filled in place instead."""
    if isinstance(param_group[key], _Tensor):
        param_group[key].fill_(_to_scalar(val))
    else:
        param_group[key] = val


class _enable_get_lr_call:
    def __init__(self, o):
        self.o = o

    def __enter__(self):
        self.o._get_lr_called_within_step = True
        return self

    def __exit__(self, type, value, traceback):
        self.o._get_lr_called_within_step = False


class _initial_mode:
    def __init__(self, o):
        self.o = o

    def __enter__(self):
        self.o._is_initial = True

    def __exit__(self, type, value, traceback):
        self.o._is_initial = False


def _warn_get_lr_called_within_step(lr_scheduler):
    if not lr_scheduler._get_lr_called_within_step:
        warnings.warn(
            "To get the last learning rate computed by the scheduler, "
            "please use `get_last_lr()`.",
            UserWarning,
            stacklevel=2,
        )


def _check_optimizer(optimizer):
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


class LRScheduler:
    r"""Base class of all learning-rate schedulers.

    A subclass writes :meth:`get_lr` (the chainable form, from the current ``group["lr"]``)
    and optionally ``_get_closed_form_lr`` (from :attr:`base_lrs`, used by the deprecated
    ``step(epoch)``).

    Args:
        optimizer (Optimizer): the :class:`pyt.optim.Optimizer` whose ``param_groups``'
            ``"lr"`` entries the scheduler sets (floats, or 1-element tensors filled in
            place).
        last_epoch (int): index of the last epoch; ``-1`` (default) starts a new schedule and
            stores ``group["initial_lr"]``; a value ``>= 0`` resumes from a checkpoint.

    Attributes:
        base_lrs (list[float]): the groups' ``initial_lr``.
        last_epoch (int): the epoch count, 0 after construction.

    Returns:
        LRScheduler: the scheduler, after one initial step.

    Raises:
        TypeError: ``optimizer`` is not a pyt Optimizer ("SGD is not an Optimizer").
        KeyError: ``last_epoch >= 0`` and a group lacks ``"initial_lr"``.

    Source: ``torch.optim.lr_scheduler.LRScheduler``.

    Example::

        >>> sched = pyt.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
        >>> opt.step(); sched.step(); sched.get_last_lr()
        [0.09000000000000001]
    """

    _get_lr_called_within_step = False
    _is_initial = False

    def __init__(self, optimizer, last_epoch=-1):
        _check_optimizer(optimizer)
        self.optimizer = optimizer

        if last_epoch == -1:
            for group in optimizer.param_groups:
                initial_lr = group["lr"]
                if isinstance(initial_lr, _Tensor):
                    initial_lr = initial_lr.clone()
                group.setdefault("initial_lr", initial_lr)
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when "
                        "resuming scheduler with last_epoch >= 0.\n"
                        "This typically happens when:\n"
                        "1. You're trying to resume training from a checkpoint but haven't "
                        "properly loaded the optimizer state\n"
                        "2. You're using last_epoch >= 0 for a fresh training run "
                        "(not recommended)"
                    )
        self.base_lrs = _param_groups_val_list(optimizer, "initial_lr")
        self.last_epoch = last_epoch

        # As torch (pytorch issue 20124): wrap optimizer.step once so that step() can warn
        # when the scheduler is stepped before the optimizer.
        def patch_track_step_called(opt):
            if hasattr(opt.step, "_wrapped_by_lr_sched"):
                return opt.step

            def wrap_step(step_fn):
                opt_ref = ref(self.optimizer)
                func = step_fn.__func__

                @wraps(func)
                def wrapper(*args, **kwargs):
                    opt = opt_ref()
                    opt._opt_called = True
                    return func.__get__(opt, opt.__class__)(*args, **kwargs)

                wrapper._wrapped_by_lr_sched = True
                return wrapper

            opt.step = wrap_step(opt.step)

        patch_track_step_called(self.optimizer)
        self._initial_step()

    def _initial_step(self):
        """Reset the step count and take the initial step."""
        self._step_count = 0
        with _initial_mode(self):
            self.step()

    def state_dict(self):
        """Return the scheduler's state: every attribute except the optimizer.

        Args:
            None.

        Returns:
            dict: ``{name: value}`` of ``self.__dict__`` without ``"optimizer"``.

        Raises:
            Nothing.

        Source: ``torch.optim.lr_scheduler.LRScheduler.state_dict``.

        Example::

            >>> sd = sched.state_dict(); sd["last_epoch"]
            0
        """
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict):
        """Restore the state returned by :meth:`state_dict`.

        Args:
            state_dict (dict): a scheduler state (of pyt or torch, same keys).

        Returns:
            None.

        Raises:
            Nothing (the attributes are copied as they are).

        Source: ``torch.optim.lr_scheduler.LRScheduler.load_state_dict``.

        Example::

            >>> sched2.load_state_dict(sched.state_dict())
        """
        self.__dict__.update(state_dict)

    def get_last_lr(self):
        """Return the learning rates the last :meth:`step` set, one per param group.

        Args:
            None.

        Returns:
            list[float or Tensor]: the groups' ``"lr"`` (tensors are copies).

        Raises:
            Nothing.

        Source: ``torch.optim.lr_scheduler.LRScheduler.get_last_lr``.

        Example::

            >>> sched.get_last_lr()
            [0.1]
        """
        return self._last_lr

    def get_lr(self):
        """Compute the next learning rate of each param group (the chainable form).

        Called by :meth:`step`; calling it directly warns (use :meth:`get_last_lr`).

        Args:
            None.

        Returns:
            list[float or Tensor]: one learning rate per param group.

        Raises:
            NotImplementedError: in the base class.

        Source: ``torch.optim.lr_scheduler.LRScheduler.get_lr``.

        Example::

            >>> sched.get_lr()  # warns: use get_last_lr()
        """
        raise NotImplementedError

    def step(self, epoch=None):
        """Advance the schedule by one epoch and write the new ``lr`` into every group.

        Args:
            epoch (int, optional): deprecated (``UserWarning``): sets :attr:`last_epoch` to
                ``epoch`` and uses the closed form where the scheduler has one.

        Returns:
            None.

        Raises:
            Nothing; warns (``UserWarning``) when called before ``optimizer.step()`` or when
            ``optimizer.step`` was replaced after the scheduler was made.

        Source: ``torch.optim.lr_scheduler.LRScheduler.step``.

        Example::

            >>> opt.step(); sched.step()
        """
        if self._step_count == 1:
            if not hasattr(self.optimizer.step, "_wrapped_by_lr_sched"):
                warnings.warn(
                    "Seems like `optimizer.step()` has been overridden after learning rate "
                    "scheduler initialization. Please, make sure to call `optimizer.step()` "
                    "before `lr_scheduler.step()`. See more details at "
                    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                    UserWarning,
                    stacklevel=2,
                )
            elif not getattr(self.optimizer, "_opt_called", False):
                warnings.warn(
                    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. "
                    "In PyTorch 1.1.0 and later, you should call them in the opposite order: "
                    "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this "
                    "will result in PyTorch skipping the first value of the learning rate "
                    "schedule. See more details at "
                    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                    UserWarning,
                    stacklevel=2,
                )
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        with _enable_get_lr_call(self):
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                if hasattr(self, "_get_closed_form_lr"):
                    values = self._get_closed_form_lr()
                else:
                    values = self.get_lr()
        for param_group, lr in zip(self.optimizer.param_groups, values, strict=True):
            _update_param_group_val(param_group, "lr", lr)
        self._last_lr = _param_groups_val_list(self.optimizer, "lr")


class _LRScheduler(LRScheduler):
    """Old name of :class:`LRScheduler`, kept as torch keeps it."""


def _lambdas_for(optimizer, lr_lambda):
    if not isinstance(lr_lambda, (list, tuple)):
        return [lr_lambda] * len(optimizer.param_groups)
    if len(lr_lambda) != len(optimizer.param_groups):
        raise ValueError(
            f"Expected {len(optimizer.param_groups)} lr_lambdas, but got {len(lr_lambda)}"
        )
    return list(lr_lambda)


class _LambdaStateMixin:
    """state_dict for schedulers holding ``lr_lambdas``: functions are not saved, callable
    objects save their ``__dict__`` (as torch)."""

    def state_dict(self):
        """Return the state; ``lr_lambdas`` entries are ``None`` for plain functions and the
        ``__dict__`` of callable objects (torch's rule)."""
        state_dict = {
            key: value
            for key, value in self.__dict__.items()
            if key not in ("optimizer", "lr_lambdas")
        }
        state_dict["lr_lambdas"] = [None] * len(self.lr_lambdas)
        for idx, fn in enumerate(self.lr_lambdas):
            if not isinstance(fn, types.FunctionType):
                state_dict["lr_lambdas"][idx] = fn.__dict__.copy()
        return state_dict

    def load_state_dict(self, state_dict):
        """Restore the state; saved callable-object dicts update the current lambdas."""
        lr_lambdas = state_dict.pop("lr_lambdas")
        self.__dict__.update(state_dict)
        state_dict["lr_lambdas"] = lr_lambdas  # leave the caller's dict as it was
        for idx, fn in enumerate(lr_lambdas):
            if fn is not None:
                self.lr_lambdas[idx].__dict__.update(fn)


class LambdaLR(_LambdaStateMixin, LRScheduler):
    r"""Set each group's lr to ``initial_lr * lr_lambda(epoch)``.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        lr_lambda (callable or list): ``epoch -> factor``, or one such function per group.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        LambdaLR: the scheduler.

    Raises:
        ValueError: a list whose length differs from the number of groups.
        TypeError: ``optimizer`` is not an Optimizer.

    Source: ``torch.optim.lr_scheduler.LambdaLR``.

    Example::

        >>> sched = LambdaLR(opt, lr_lambda=lambda epoch: 0.95 ** epoch)
        >>> opt.step(); sched.step()
    """

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.optimizer = optimizer
        self.lr_lambdas = _lambdas_for(optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """``base_lr * lr_lambda(last_epoch)`` for each group."""
        _warn_get_lr_called_within_step(self)
        return [
            base_lr * lmbda(self.last_epoch)
            for lmbda, base_lr in zip(self.lr_lambdas, self.base_lrs, strict=True)
        ]


class MultiplicativeLR(_LambdaStateMixin, LRScheduler):
    r"""Multiply each group's lr by ``lr_lambda(epoch)`` at every step (not at the first).

    Args:
        optimizer (Optimizer): wrapped optimizer.
        lr_lambda (callable or list): ``epoch -> factor``, or one such function per group.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        MultiplicativeLR: the scheduler.

    Raises:
        ValueError: a list whose length differs from the number of groups.
        TypeError: an ``lr_lambda`` that is not callable ("lr_lambda should be a function").

    Source: ``torch.optim.lr_scheduler.MultiplicativeLR``.

    Example::

        >>> sched = MultiplicativeLR(opt, lr_lambda=lambda epoch: 0.95)
    """

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.optimizer = optimizer
        self.lr_lambdas = _lambdas_for(optimizer, lr_lambda)
        for fn in self.lr_lambdas:
            if not callable(fn):
                raise TypeError(f"lr_lambda should be a function, but got {type(fn).__name__}")
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """``group["lr"] * lr_lambda(last_epoch)``; unchanged on the initial step."""
        _warn_get_lr_called_within_step(self)
        if not self._is_initial:
            return [
                group["lr"] * lmbda(self.last_epoch)
                for lmbda, group in zip(self.lr_lambdas, self.optimizer.param_groups, strict=True)
            ]
        return _param_groups_val_list(self.optimizer, "lr")


class StepLR(LRScheduler):
    r"""Multiply each group's lr by ``gamma`` every ``step_size`` epochs.

    Closed form: ``initial_lr * gamma ** (epoch // step_size)``.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        step_size (int): period of the decay, in epochs.
        gamma (float): decay factor. Default 0.1.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        StepLR: the scheduler.

    Raises:
        TypeError: ``optimizer`` is not an Optimizer.

    Source: ``torch.optim.lr_scheduler.StepLR``.

    Example::

        >>> sched = StepLR(opt, step_size=30, gamma=0.1)  # 0.05 -> 0.005 at epoch 30
    """

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """``group["lr"] * gamma`` when ``last_epoch`` is a non-zero multiple of step_size."""
        _warn_get_lr_called_within_step(self)
        if (self.last_epoch == 0) or (self.last_epoch % self.step_size != 0):
            return _param_groups_val_list(self.optimizer, "lr")
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self):
        return [
            base_lr * self.gamma ** (self.last_epoch // self.step_size)
            for base_lr in self.base_lrs
        ]


class MultiStepLR(LRScheduler):
    r"""Multiply each group's lr by ``gamma`` at each milestone epoch.

    A milestone listed ``n`` times multiplies by ``gamma ** n``.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        milestones (iterable of int): epochs at which to decay (increasing).
        gamma (float): decay factor. Default 0.1.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        MultiStepLR: the scheduler.

    Raises:
        TypeError: ``optimizer`` is not an Optimizer.

    Source: ``torch.optim.lr_scheduler.MultiStepLR``.

    Example::

        >>> sched = MultiStepLR(opt, milestones=[30, 80], gamma=0.1)
    """

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """``group["lr"] * gamma ** count`` when ``last_epoch`` is a milestone."""
        _warn_get_lr_called_within_step(self)
        if self.last_epoch not in self.milestones:
            return _param_groups_val_list(self.optimizer, "lr")
        return [
            group["lr"] * self.gamma ** self.milestones[self.last_epoch]
            for group in self.optimizer.param_groups
        ]

    def _get_closed_form_lr(self):
        milestones = sorted(self.milestones.elements())
        return [
            base_lr * self.gamma ** bisect_right(milestones, self.last_epoch)
            for base_lr in self.base_lrs
        ]


class ConstantLR(LRScheduler):
    r"""Multiply each group's lr by ``factor`` until epoch ``total_iters``.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        factor (float): the factor, in [0, 1]. Default 1/3.
        total_iters (int): number of epochs with the factor applied. Default 5.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        ConstantLR: the scheduler.

    Raises:
        ValueError: ``factor`` outside [0, 1] ("Constant multiplicative factor expected to be
            between 0 and 1.").

    Source: ``torch.optim.lr_scheduler.ConstantLR``.

    Example::

        >>> sched = ConstantLR(opt, factor=0.5, total_iters=4)  # 0.025 x4, then 0.05
    """

    def __init__(self, optimizer, factor=1.0 / 3, total_iters=5, last_epoch=-1):
        if factor > 1.0 or factor < 0:
            raise ValueError("Constant multiplicative factor expected to be between 0 and 1.")
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """Scale by factor at epoch 0 and by ``1 / factor`` at ``total_iters``."""
        _warn_get_lr_called_within_step(self)
        if self.last_epoch == 0:
            return [group["lr"] * self.factor for group in self.optimizer.param_groups]
        if self.last_epoch != self.total_iters:
            return _param_groups_val_list(self.optimizer, "lr")
        return [group["lr"] * (1.0 / self.factor) for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self):
        return [
            base_lr * (self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor))
            for base_lr in self.base_lrs
        ]


class LinearLR(LRScheduler):
    r"""Scale each group's lr by a factor going linearly from ``start_factor`` to
    ``end_factor`` over ``total_iters`` epochs.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        start_factor (float): factor at epoch 0, in (0, 1]. Default 1/3.
        end_factor (float): factor from ``total_iters`` on, in [0, 1]. Default 1.0.
        total_iters (int): length of the ramp. Default 5.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        LinearLR: the scheduler.

    Raises:
        ValueError: ``start_factor`` outside (0, 1] or ``end_factor`` outside [0, 1].

    Source: ``torch.optim.lr_scheduler.LinearLR``.

    Example::

        >>> sched = LinearLR(opt, start_factor=0.05, total_iters=40)
    """

    def __init__(
        self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5, last_epoch=-1
    ):
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError(
                "Starting multiplicative factor expected to be greater than 0 and less or "
                "equal to 1."
            )
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The recursive form of the linear ramp (torch's expression)."""
        _warn_get_lr_called_within_step(self)
        if self.last_epoch == 0:
            return [group["lr"] * self.start_factor for group in self.optimizer.param_groups]
        if self._is_initial or self.last_epoch > self.total_iters:
            return _param_groups_val_list(self.optimizer, "lr")
        return [
            group["lr"]
            * (
                1.0
                + (self.end_factor - self.start_factor)
                / (
                    self.total_iters * self.start_factor
                    + (self.last_epoch - 1) * (self.end_factor - self.start_factor)
                )
            )
            for group in self.optimizer.param_groups
        ]

    def _get_closed_form_lr(self):
        return [
            base_lr
            * (
                self.start_factor
                + (self.end_factor - self.start_factor)
                * min(self.total_iters, self.last_epoch)
                / self.total_iters
            )
            for base_lr in self.base_lrs
        ]


class ExponentialLR(LRScheduler):
    r"""Multiply each group's lr by ``gamma`` every epoch.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        gamma (float): decay factor.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        ExponentialLR: the scheduler.

    Raises:
        TypeError: ``optimizer`` is not an Optimizer.

    Source: ``torch.optim.lr_scheduler.ExponentialLR``.

    Example::

        >>> sched = ExponentialLR(opt, gamma=0.95)
    """

    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """``group["lr"] * gamma``; unchanged on the initial step."""
        _warn_get_lr_called_within_step(self)
        if self._is_initial:
            return _param_groups_val_list(self.optimizer, "lr")
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self):
        return [base_lr * self.gamma**self.last_epoch for base_lr in self.base_lrs]


def _check_scheduler_list(owner, optimizer, schedulers):
    for scheduler_idx, scheduler in enumerate(schedulers):
        if not hasattr(scheduler, "optimizer"):
            raise TypeError(
                f"{owner} at index {scheduler_idx} should have `optimizer` as its attribute."
            )
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(
                f"{owner} does not support `ReduceLROnPlateau` scheduler as it "
                "requires additional kwargs to be specified when calling `step`, "
                f"but got one at index {scheduler_idx} in the given schedulers sequence."
            )
        if optimizer != scheduler.optimizer:
            raise ValueError(
                f"{owner} expects all schedulers to belong to the same optimizer, but "
                f"got scheduler {scheduler.__class__.__name__} at index {scheduler_idx} has "
                f"{scheduler.optimizer}, which is different from "
                f"{optimizer.__class__.__name__}."
            )


class _NestedStateMixin:
    """state_dict for schedulers of schedulers: the children's states are nested."""

    def state_dict(self):
        """Return the state, with ``"_schedulers"`` the list of the children's states."""
        state_dict = {
            key: value
            for key, value in self.__dict__.items()
            if key not in ("optimizer", "_schedulers")
        }
        state_dict["_schedulers"] = [s.state_dict() for s in self._schedulers]
        return state_dict

    def load_state_dict(self, state_dict):
        """Restore the state and each child's state."""
        _schedulers = state_dict.pop("_schedulers")
        self.__dict__.update(state_dict)
        state_dict["_schedulers"] = _schedulers  # leave the caller's dict as it was
        for idx, s in enumerate(_schedulers):
            self._schedulers[idx].load_state_dict(s)


class SequentialLR(_NestedStateMixin, LRScheduler):
    r"""Run ``schedulers[i]`` between ``milestones[i-1]`` and ``milestones[i]``.

    At a milestone the next scheduler restarts from epoch 0 (its closed form at 0).

    Args:
        optimizer (Optimizer): wrapped optimizer (all schedulers must hold it).
        schedulers (list[LRScheduler]): the schedulers, in order.
        milestones (list[int]): ``len(schedulers) - 1`` switching epochs.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        SequentialLR: the scheduler.

    Raises:
        ValueError: no scheduler, a ReduceLROnPlateau, a scheduler of another optimizer, or
            a wrong number of milestones.
        TypeError: an entry without an ``optimizer`` attribute.

    Source: ``torch.optim.lr_scheduler.SequentialLR``.

    Example::

        >>> s1 = ConstantLR(opt, factor=0.1, total_iters=2); s2 = ExponentialLR(opt, gamma=0.9)
        >>> sched = SequentialLR(opt, schedulers=[s1, s2], milestones=[2])
    """

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        if len(schedulers) < 1:
            raise ValueError(
                f"{self.__class__.__name__} expects at least one scheduler, but got no "
                "scheduler."
            )
        _check_scheduler_list(self.__class__.__name__, optimizer, schedulers)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                "Sequential Schedulers expects number of schedulers provided to be one more "
                f"than the number of milestone points, but got number of schedulers "
                f"{len(schedulers)} and the number of milestones to be equal to "
                f"{len(milestones)}"
            )
        self._schedulers = schedulers
        self._milestones = milestones
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer

        # Reset the learning rates and undo the children's initial steps.
        for group in self.optimizer.param_groups:
            _update_param_group_val(group, "lr", group["initial_lr"])
        self.recursive_undo()
        idx = bisect_right(self._milestones, 0)
        self._schedulers[idx]._initial_step()
        self._last_lr = schedulers[idx].get_last_lr()

    def recursive_undo(self, sched=None):
        """Undo the initial step of every (nested) child scheduler."""
        scheds = self if sched is None else sched
        if hasattr(scheds, "_schedulers"):
            for s in scheds._schedulers:
                self.recursive_undo(s)
        elif hasattr(scheds, "last_epoch"):
            scheds.last_epoch -= 1

    def step(self):
        """Step the scheduler of the current interval (restarting it at a milestone)."""
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


class PolynomialLR(LRScheduler):
    r"""Decay each group's lr as ``initial_lr * (1 - epoch / total_iters) ** power``.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        total_iters (int): epochs until the lr reaches 0. Default 5.
        power (float): the power. Default 1.0.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        PolynomialLR: the scheduler.

    Raises:
        TypeError: ``optimizer`` is not an Optimizer.

    Source: ``torch.optim.lr_scheduler.PolynomialLR``.

    Example::

        >>> sched = PolynomialLR(opt, total_iters=50, power=0.9)
    """

    def __init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1):
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The ratio of consecutive closed-form values times ``group["lr"]``."""
        _warn_get_lr_called_within_step(self)
        if self._is_initial or self.last_epoch > self.total_iters:
            return _param_groups_val_list(self.optimizer, "lr")
        decay_factor = (
            (1.0 - self.last_epoch / self.total_iters)
            / (1.0 - (self.last_epoch - 1) / self.total_iters)
        ) ** self.power
        return [group["lr"] * decay_factor for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self):
        return [
            base_lr * (1.0 - min(self.total_iters, self.last_epoch) / self.total_iters)
            ** self.power
            for base_lr in self.base_lrs
        ]


class CosineAnnealingLR(LRScheduler):
    r"""Cosine annealing from ``initial_lr`` to ``eta_min`` over ``T_max`` epochs (SGDR
    without restarts), by torch's recursive formula

    ``lr_t = eta_min + (lr_{t-1} - eta_min) * (1 + cos(pi t / T)) / (1 + cos(pi (t-1) / T))``
    (``T = T_max``),

    which approximates ``eta_min + (base_lr - eta_min) * (1 + cos(pi t / T_max)) / 2`` and
    continues as a cosine (back up) past ``T_max``. The float operations run in torch's order,
    so the values are torch's bit for bit.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        T_max (int): half period, in epochs.
        eta_min (float): minimum learning rate. Default 0.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        CosineAnnealingLR: the scheduler.

    Raises:
        TypeError: ``optimizer`` is not an Optimizer.

    Source: ``torch.optim.lr_scheduler.CosineAnnealingLR``; Loshchilov & Hutter, SGDR,
    arXiv:1608.03983.

    Example::

        >>> sched = CosineAnnealingLR(opt, T_max=100, eta_min=1e-5)
    """

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The recursive cosine step (closed form on the first step of a resumed run)."""
        _warn_get_lr_called_within_step(self)
        if self._is_initial:
            return _param_groups_val_list(self.optimizer, "lr")
        elif self._step_count == 1 and self.last_epoch > 0:
            return [
                self.eta_min
                + (base_lr - self.eta_min)
                * (1 + math.cos((self.last_epoch) * math.pi / self.T_max))
                / 2
                for base_lr, group in zip(self.base_lrs, self.optimizer.param_groups, strict=True)
            ]
        elif (self.last_epoch - 1 - self.T_max) % (2 * self.T_max) == 0:
            return [
                group["lr"] + (base_lr - self.eta_min) * (1 - math.cos(math.pi / self.T_max)) / 2
                for base_lr, group in zip(self.base_lrs, self.optimizer.param_groups, strict=True)
            ]
        return [
            (1 + math.cos(math.pi * self.last_epoch / self.T_max))
            / (1 + math.cos(math.pi * (self.last_epoch - 1) / self.T_max))
            * (group["lr"] - self.eta_min)
            + self.eta_min
            for group in self.optimizer.param_groups
        ]

    def _get_closed_form_lr(self):
        return [
            self.eta_min
            + (base_lr - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
            for base_lr in self.base_lrs
        ]


class ChainedScheduler(_NestedStateMixin, LRScheduler):
    r"""Step several chainable schedulers together: one ``step()`` steps each in turn.

    Args:
        schedulers (sequence of LRScheduler): the schedulers (same optimizer).
        optimizer (Optimizer, optional): the optimizer; default ``schedulers[0].optimizer``.

    Returns:
        ChainedScheduler: the scheduler.

    Raises:
        ValueError: no scheduler, a ReduceLROnPlateau, or schedulers of other optimizers.
        TypeError: an entry without an ``optimizer`` attribute.

    Source: ``torch.optim.lr_scheduler.ChainedScheduler``.

    Example::

        >>> s1 = ConstantLR(opt, factor=0.1, total_iters=2); s2 = ExponentialLR(opt, gamma=0.9)
        >>> sched = ChainedScheduler([s1, s2], optimizer=opt)
    """

    def __init__(self, schedulers, optimizer=None):
        if len(schedulers) < 1:
            raise ValueError(
                f"{self.__class__.__name__} expects at least one scheduler to be chained, "
                "but got no scheduler."
            )
        optimizer = optimizer or schedulers[0].optimizer
        _check_scheduler_list(self.__class__.__name__, optimizer, schedulers)
        self._schedulers = schedulers
        self.optimizer = optimizer
        self._last_lr = _param_groups_val_list(self._schedulers[-1].optimizer, "lr")

    def step(self):
        """Step every chained scheduler, in order."""
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = _param_groups_val_list(self._schedulers[-1].optimizer, "lr")


class ReduceLROnPlateau(LRScheduler):
    r"""Multiply each group's lr by ``factor`` when a metric stops improving.

    ``step(metric)`` counts the epochs without improvement (an improvement beats the best
    value by ``threshold``, relative or absolute); after more than ``patience`` of them the lr
    becomes ``max(lr * factor, min_lr)`` (skipped if the change is not larger than ``eps``),
    then ``cooldown`` epochs are ignored.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        mode (str): ``"min"`` (metric should decrease) or ``"max"``. Default ``"min"``.
        factor (float): reduction factor, < 1. Default 0.1.
        patience (int): bad epochs tolerated before reducing. Default 10.
        threshold (float): size of a significant improvement. Default 1e-4.
        threshold_mode (str): ``"rel"`` (``best * (1 -/+ threshold)``) or ``"abs"``
            (``best -/+ threshold``). Default ``"rel"``.
        cooldown (int): epochs to wait after a reduction. Default 0.
        min_lr (float or list): lower bound of the lr, one for all groups or one per group.
            Default 0.
        eps (float): minimal change of the lr. Default 1e-8.

    Returns:
        ReduceLROnPlateau: the scheduler (``last_epoch`` 0; no initial step).

    Raises:
        ValueError: ``factor >= 1``, a min_lr list of the wrong length, an unknown mode or
            threshold_mode.
        TypeError: ``optimizer`` is not an Optimizer.
        RuntimeError: (in ``step``) groups were added and ``min_lr`` was a list.

    Source: ``torch.optim.lr_scheduler.ReduceLROnPlateau``.

    Example::

        >>> sched = ReduceLROnPlateau(opt, mode="min", patience=2)
        >>> for epoch in range(10):
        ...     val_loss = validate(...); sched.step(val_loss)
    """

    def __init__(
        self,
        optimizer,
        mode="min",
        factor=0.1,
        patience=10,
        threshold=1e-4,
        threshold_mode="rel",
        cooldown=0,
        min_lr=0,
        eps=1e-8,
    ):
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        self.factor = factor
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(optimizer.param_groups):
                raise ValueError(
                    f"expected {len(optimizer.param_groups)} min_lrs, got {len(min_lr)}"
                )
            self.default_min_lr = None
            self.min_lrs = list(min_lr)
        else:
            self.default_min_lr = min_lr
            self.min_lrs = [min_lr] * len(optimizer.param_groups)
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.last_epoch = 0
        self._last_lr = _param_groups_val_list(self.optimizer, "lr")
        self._init_is_better(mode=mode, threshold=threshold, threshold_mode=threshold_mode)
        self._reset()

    def _reset(self):
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    def step(self, metrics, epoch=None):
        """Record one epoch's metric and reduce the lr if it has plateaued.

        Args:
            metrics (float or 0-d Tensor): the monitored quantity.
            epoch (int, optional): deprecated (``UserWarning``).

        Returns:
            None.

        Raises:
            TypeError / ValueError: ``float(metrics)`` fails.
            RuntimeError: groups were added after construction with a ``min_lr`` list.
        """
        current = float(metrics)
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self.last_epoch = epoch

        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1

        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0  # bad epochs in cooldown do not count

        if self.num_bad_epochs > self.patience:
            self._reduce_lr(epoch)
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0

        self._last_lr = _param_groups_val_list(self.optimizer, "lr")

    def _reduce_lr(self, epoch):
        if len(self.optimizer.param_groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(
                    "The number of param groups in the `optimizer` "
                    f"({len(self.optimizer.param_groups)}) differs "
                    "from when `ReduceLROnPlateau` was initialized "
                    f"({len(self.min_lrs)}), usually due to a new "
                    "param group being added to the optimizer. Please "
                    "modify the `min_lrs` field to match the length "
                    "of the `optimizer` param groups."
                )
            self.min_lrs = [self.default_min_lr] * len(self.optimizer.param_groups)
        for i, param_group in enumerate(self.optimizer.param_groups):
            old_lr = float(param_group["lr"])
            new_lr = max(old_lr * self.factor, self.min_lrs[i])
            if old_lr - new_lr > self.eps:
                _update_param_group_val(param_group, "lr", new_lr)

    @property
    def in_cooldown(self):
        """True while the cooldown counter is positive."""
        return self.cooldown_counter > 0

    def _is_better(self, a, best):
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < best * (1.0 - self.threshold)
        elif self.mode == "min" and self.threshold_mode == "abs":
            return a < best - self.threshold
        elif self.mode == "max" and self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def _init_is_better(self, mode, threshold, threshold_mode):
        if mode not in {"min", "max"}:
            raise ValueError("mode " + mode + " is unknown!")
        if threshold_mode not in {"rel", "abs"}:
            raise ValueError("threshold mode " + threshold_mode + " is unknown!")
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.mode = mode
        self.threshold = threshold
        self.threshold_mode = threshold_mode

    def load_state_dict(self, state_dict):
        """Restore the state returned by :meth:`state_dict`."""
        self.__dict__.update(state_dict)
        self._init_is_better(
            mode=self.mode, threshold=self.threshold, threshold_mode=self.threshold_mode
        )


def _set_momentum(group, use_beta1, momentum):
    if use_beta1:
        group["betas"] = (momentum, *group["betas"][1:])
    else:
        group["momentum"] = momentum


class CyclicLR(LRScheduler):
    r"""Cyclical learning rate (CLR): the lr cycles between ``base_lr`` and ``max_lr``.

    With ``cycle = floor(1 + t / (up + down))`` and ``x`` the position inside the cycle, the
    lr is ``base_lr + (max_lr - base_lr) * s * scale_fn(.)`` where ``s`` rises 0 -> 1 over
    ``step_size_up`` steps and falls back over ``step_size_down``. Policies: ``"triangular"``
    (scale 1), ``"triangular2"`` (halved every cycle), ``"exp_range"`` (``gamma ** t``).
    With ``cycle_momentum`` the momentum (SGD's ``momentum`` or Adam's ``betas[0]``) cycles
    inversely between ``max_momentum`` and ``base_momentum``. Step after every batch.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        base_lr (float or list): lower lr boundary (per group). Sets ``group["lr"]``.
        max_lr (float or list): upper lr boundary (per group).
        step_size_up (int): steps in the rising half. Default 2000.
        step_size_down (int, optional): steps in the falling half; default step_size_up.
        mode (str): ``"triangular"``, ``"triangular2"`` or ``"exp_range"``. Default
            ``"triangular"``; ignored when ``scale_fn`` is given.
        gamma (float): the base of ``"exp_range"``. Default 1.0.
        scale_fn (callable, optional): custom ``x -> [0, 1]`` scaling.
        scale_mode (str): ``"cycle"`` or ``"iterations"``: the argument of ``scale_fn``.
            Default ``"cycle"``.
        cycle_momentum (bool): cycle the momentum too. Default True.
        base_momentum (float or list): lower momentum boundary. Default 0.8.
        max_momentum (float or list): upper momentum boundary. Default 0.9.
        last_epoch (int): index of the last batch. Default -1.

    Returns:
        CyclicLR: the scheduler.

    Raises:
        ValueError: an unknown mode without scale_fn, ``cycle_momentum`` with an optimizer
            that has neither ``momentum`` nor ``betas``, or a per-group list of the wrong
            length.

    Source: ``torch.optim.lr_scheduler.CyclicLR``; Smith, Cyclical Learning Rates,
    arXiv:1506.01186.

    Example::

        >>> sched = CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=10)
        >>> for batch in loader:
        ...     train_batch(...); opt.step(); sched.step()
    """

    def __init__(
        self,
        optimizer,
        base_lr,
        max_lr,
        step_size_up=2000,
        step_size_down=None,
        mode="triangular",
        gamma=1.0,
        scale_fn=None,
        scale_mode="cycle",
        cycle_momentum=True,
        base_momentum=0.8,
        max_momentum=0.9,
        last_epoch=-1,
    ):
        _check_optimizer(optimizer)
        self.optimizer = optimizer

        base_lrs = _format_param("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups, strict=True):
                _update_param_group_val(group, "lr", lr)

        self.max_lrs = _format_param("max_lr", optimizer, max_lr)

        step_size_up = float(step_size_up)
        step_size_down = float(step_size_down) if step_size_down is not None else step_size_up
        self.total_size = step_size_up + step_size_down
        self.step_ratio = step_size_up / self.total_size

        if mode not in ["triangular", "triangular2", "exp_range"] and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")

        self.mode = mode
        self.gamma = gamma
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        self._init_scale_fn()

        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option "
                    "enabled"
                )
            self.use_beta1 = "betas" in self.optimizer.defaults
            self.base_momentums = _format_param("base_momentum", optimizer, base_momentum)
            self.max_momentums = _format_param("max_momentum", optimizer, max_momentum)
            if last_epoch == -1:
                for m_momentum, b_momentum, group in zip(
                    self.max_momentums, self.base_momentums, optimizer.param_groups, strict=True
                ):
                    _set_momentum(group, self.use_beta1, m_momentum)
                    group["max_momentum"] = m_momentum
                    group["base_momentum"] = b_momentum

        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def _init_scale_fn(self):
        if self._scale_fn_custom is not None:
            return
        if self.mode == "triangular":
            self._scale_fn_ref = self._triangular_scale_fn
            self.scale_mode = "cycle"
        elif self.mode == "triangular2":
            self._scale_fn_ref = self._triangular2_scale_fn
            self.scale_mode = "cycle"
        elif self.mode == "exp_range":
            self._scale_fn_ref = partial(self._exp_range_scale_fn, self.gamma)
            self.scale_mode = "iterations"

    def scale_fn(self, x):
        """The scaling policy applied to ``x`` (cycle number or iteration)."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        return self._scale_fn_ref(x)

    @staticmethod
    def _triangular_scale_fn(x):
        return 1.0

    @staticmethod
    def _triangular2_scale_fn(x):
        return 1 / (2.0 ** (x - 1))

    @staticmethod
    def _exp_range_scale_fn(gamma, x):
        return gamma**x

    def get_lr(self):
        """The cyclic lr at ``last_epoch``; also writes the cycled momentum."""
        _warn_get_lr_called_within_step(self)
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)

        lrs = []
        for base_lr, max_lr in zip(self.base_lrs, self.max_lrs, strict=True):
            base_height = (max_lr - base_lr) * scale_factor
            if self.scale_mode == "cycle":
                lr = base_lr + base_height * self.scale_fn(cycle)
            else:
                lr = base_lr + base_height * self.scale_fn(self.last_epoch)
            lrs.append(lr)

        if self.cycle_momentum:
            momentums = []
            for base_momentum, max_momentum in zip(
                self.base_momentums, self.max_momentums, strict=True
            ):
                base_height = (max_momentum - base_momentum) * scale_factor
                if self.scale_mode == "cycle":
                    momentum = max_momentum - base_height * self.scale_fn(cycle)
                else:
                    momentum = max_momentum - base_height * self.scale_fn(self.last_epoch)
                momentums.append(momentum)
            for param_group, momentum in zip(self.optimizer.param_groups, momentums, strict=True):
                _set_momentum(param_group, self.use_beta1, momentum)
        return lrs

    def state_dict(self):
        """Return the state; a custom ``scale_fn`` is saved only as a callable object's
        ``__dict__`` (functions and lambdas are not saved), as torch."""
        state = super().state_dict()
        state.pop("_scale_fn_ref", None)
        fn = state.pop("_scale_fn_custom")
        state["_scale_fn_custom"] = None
        if fn is not None and not isinstance(fn, types.FunctionType):
            state["_scale_fn_custom"] = fn.__dict__.copy()
        return state

    def load_state_dict(self, state_dict):
        """Restore the state returned by :meth:`state_dict` (the dict is not modified)."""
        state_dict = dict(state_dict)
        fn = state_dict.pop("_scale_fn_custom")
        super().load_state_dict(state_dict)
        if fn is not None:
            self._scale_fn_custom.__dict__.update(fn)
        self._init_scale_fn()


class CosineAnnealingWarmRestarts(LRScheduler):
    r"""Cosine annealing with warm restarts (SGDR):
    ``eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2``, where ``T_cur``
    counts epochs since the last restart and the period ``T_i`` starts at ``T_0`` and is
    multiplied by ``T_mult`` at each restart. ``step(epoch)`` accepts fractional epochs
    (without the deprecation warning, as torch).

    Args:
        optimizer (Optimizer): wrapped optimizer.
        T_0 (int): epochs until the first restart, > 0.
        T_mult (int): period growth factor, >= 1. Default 1.
        eta_min (float): minimum learning rate. Default 0.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        CosineAnnealingWarmRestarts: the scheduler.

    Raises:
        ValueError: ``T_0`` not a positive int, ``T_mult`` not an int >= 1, ``eta_min`` not a
            number, or (in ``step``) a negative epoch.

    Source: ``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts``; SGDR,
    arXiv:1608.03983.

    Example::

        >>> sched = CosineAnnealingWarmRestarts(opt, T_0=10, T_mult=2)
        >>> for i in range(n): opt.step(); sched.step(i / 10)
    """

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1):
        if T_0 <= 0 or not isinstance(T_0, int):
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if T_mult < 1 or not isinstance(T_mult, int):
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(
                f"Expected float or int eta_min, but got {eta_min} of type {type(eta_min)}"
            )
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """``eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2``."""
        _warn_get_lr_called_within_step(self)
        return [
            self.eta_min
            + (base_lr - self.eta_min) * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
            for base_lr in self.base_lrs
        ]

    def step(self, epoch=None):
        """Advance by one epoch, or jump to ``epoch`` (may be fractional, e.g.
        ``epoch + i / iters`` after batch ``i``).

        Args:
            epoch (float, optional): the epoch to go to.

        Returns:
            None.

        Raises:
            ValueError: ``epoch < 0`` ("Expected non-negative epoch").
        """
        if epoch is None and self.last_epoch < 0:
            epoch = 0

        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        else:
            if epoch < 0:
                raise ValueError(f"Expected non-negative epoch, but got {epoch}")
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    self.T_cur = epoch % self.T_0
                else:
                    n = int(math.log((epoch / self.T_0 * (self.T_mult - 1) + 1), self.T_mult))
                    self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                    self.T_i = self.T_0 * self.T_mult ** (n)
            else:
                self.T_i = self.T_0
                self.T_cur = epoch
        self.last_epoch = math.floor(epoch)

        with _enable_get_lr_call(self):
            for param_group, lr in zip(self.optimizer.param_groups, self.get_lr(), strict=True):
                _update_param_group_val(param_group, "lr", lr)

        self._last_lr = _param_groups_val_list(self.optimizer, "lr")


class OneCycleLR(LRScheduler):
    r"""The 1cycle policy: the lr anneals from ``max_lr / div_factor`` up to ``max_lr`` over
    ``pct_start`` of the steps, then down to ``initial_lr / final_div_factor``; with
    ``three_phase`` it comes back to the initial lr symmetrically before a third phase down to
    the minimum. Momentum (SGD's ``momentum`` or Adam's ``betas[0]``) is cycled inversely.
    Step after every batch; stepping more than ``total_steps`` times raises.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        max_lr (float or list): peak lr (per group).
        total_steps (int, optional): number of steps; or give ``epochs`` and
            ``steps_per_epoch``.
        epochs (int, optional): epochs, with ``steps_per_epoch``.
        steps_per_epoch (int, optional): steps per epoch.
        pct_start (float): fraction of the steps spent rising. Default 0.3.
        anneal_strategy (str): ``"cos"`` or ``"linear"``. Default ``"cos"``.
        cycle_momentum (bool): cycle the momentum. Default True.
        base_momentum (float or list): momentum at the lr peak. Default 0.85.
        max_momentum (float or list): momentum at the ends. Default 0.95.
        div_factor (float): ``initial_lr = max_lr / div_factor``. Default 25.
        final_div_factor (float): ``min_lr = initial_lr / final_div_factor``. Default 1e4.
        three_phase (bool): use the three-phase schedule of the paper. Default False.
        last_epoch (int): index of the last batch. Default -1.

    Returns:
        OneCycleLR: the scheduler.

    Raises:
        ValueError: a non-positive or non-int total_steps / epochs / steps_per_epoch, none of
            them given, ``pct_start`` not a float in [0, 1], an unknown anneal_strategy,
            ``cycle_momentum`` without momentum or betas, a per-group list of the wrong
            length, or (in ``step``) more than ``total_steps`` steps.

    Source: ``torch.optim.lr_scheduler.OneCycleLR``; Smith & Topin, Super-Convergence,
    arXiv:1708.07120.

    Example::

        >>> sched = OneCycleLR(opt, max_lr=0.01, steps_per_epoch=len(loader), epochs=10)
    """

    def __init__(
        self,
        optimizer,
        max_lr,
        total_steps=None,
        epochs=None,
        steps_per_epoch=None,
        pct_start=0.3,
        anneal_strategy="cos",
        cycle_momentum=True,
        base_momentum=0.85,
        max_momentum=0.95,
        div_factor=25.0,
        final_div_factor=1e4,
        three_phase=False,
        last_epoch=-1,
    ):
        _check_optimizer(optimizer)
        self.optimizer = optimizer

        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(
                    f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}"
                )
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")

        if three_phase:
            self._schedule_phases = [
                {
                    "end_step": float(pct_start * self.total_steps) - 1,
                    "start_lr": "initial_lr",
                    "end_lr": "max_lr",
                    "start_momentum": "max_momentum",
                    "end_momentum": "base_momentum",
                },
                {
                    "end_step": float(2 * pct_start * self.total_steps) - 2,
                    "start_lr": "max_lr",
                    "end_lr": "initial_lr",
                    "start_momentum": "base_momentum",
                    "end_momentum": "max_momentum",
                },
                {
                    "end_step": self.total_steps - 1,
                    "start_lr": "initial_lr",
                    "end_lr": "min_lr",
                    "start_momentum": "max_momentum",
                    "end_momentum": "max_momentum",
                },
            ]
        else:
            self._schedule_phases = [
                {
                    "end_step": float(pct_start * self.total_steps) - 1,
                    "start_lr": "initial_lr",
                    "end_lr": "max_lr",
                    "start_momentum": "max_momentum",
                    "end_momentum": "base_momentum",
                },
                {
                    "end_step": self.total_steps - 1,
                    "start_lr": "max_lr",
                    "end_lr": "min_lr",
                    "start_momentum": "base_momentum",
                    "end_momentum": "max_momentum",
                },
            ]

        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")

        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError(
                "anneal_strategy must be one of 'cos' or 'linear', instead got "
                f"{anneal_strategy}"
            )
        self._anneal_func_type = anneal_strategy

        max_lrs = _format_param("max_lr", self.optimizer, max_lr)
        if last_epoch == -1:
            for idx, group in enumerate(self.optimizer.param_groups):
                group["initial_lr"] = max_lrs[idx] / div_factor
                group["max_lr"] = max_lrs[idx]
                group["min_lr"] = group["initial_lr"] / final_div_factor

        self.cycle_momentum = cycle_momentum
        if self.cycle_momentum:
            if "momentum" not in self.optimizer.defaults and "betas" not in self.optimizer.defaults:
                raise ValueError(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option "
                    "enabled"
                )
            self.use_beta1 = "betas" in self.optimizer.defaults
            max_momentums = _format_param("max_momentum", optimizer, max_momentum)
            base_momentums = _format_param("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                for m_momentum, b_momentum, group in zip(
                    max_momentums, base_momentums, optimizer.param_groups, strict=True
                ):
                    _set_momentum(group, self.use_beta1, m_momentum)
                    group["max_momentum"] = m_momentum
                    group["base_momentum"] = b_momentum

        super().__init__(optimizer, last_epoch)

    def _anneal_func(self, *args, **kwargs):
        if hasattr(self, "_anneal_func_type"):
            if self._anneal_func_type == "cos":
                return self._annealing_cos(*args, **kwargs)
            elif self._anneal_func_type == "linear":
                return self._annealing_linear(*args, **kwargs)
            raise ValueError(f"Unknown _anneal_func_type: {self._anneal_func_type}")
        return self.anneal_func(*args, **kwargs)  # state of an old torch version

    @staticmethod
    def _annealing_cos(start, end, pct):
        """Cosine anneal from ``start`` to ``end`` as ``pct`` goes from 0 to 1."""
        cos_out = math.cos(math.pi * pct) + 1
        return end + (start - end) / 2.0 * cos_out

    @staticmethod
    def _annealing_linear(start, end, pct):
        """Linear anneal from ``start`` to ``end`` as ``pct`` goes from 0 to 1."""
        return (end - start) * pct + start

    def get_lr(self):
        """The lr of the current phase at ``last_epoch``; also writes the cycled momentum."""
        _warn_get_lr_called_within_step(self)
        lrs = []
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(
                f"Tried to step {step_num} times. The specified number of total steps is "
                f"{self.total_steps}"
            )
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or i == len(self._schedule_phases) - 1:
                    pct = (step_num - start_step) / (end_step - start_step)
                    computed_lr = self._anneal_func(
                        group[phase["start_lr"]], group[phase["end_lr"]], pct
                    )
                    if self.cycle_momentum:
                        computed_momentum = self._anneal_func(
                            group[phase["start_momentum"]], group[phase["end_momentum"]], pct
                        )
                    break
                start_step = phase["end_step"]
            lrs.append(computed_lr)
            if self.cycle_momentum:
                _set_momentum(group, self.use_beta1, computed_momentum)
        return lrs
