"""Stochastic Weight Averaging and exponential moving averages of models
(torch/optim/swa_utils.py): :class:`AveragedModel`, :class:`SWALR`, :func:`update_bn` and
the averaging-function factories.

Example::

    >>> swa_model = pyt.optim.swa_utils.AveragedModel(model)
    >>> sched = pyt.optim.swa_utils.SWALR(opt, swa_lr=0.05)
    >>> for epoch in range(10):
    ...     train_one_epoch(model, opt); swa_model.update_parameters(model); sched.step()
    >>> pyt.optim.swa_utils.update_bn(loader, swa_model)
"""

import itertools
import math
from copy import deepcopy

import pyt
from pyt import _C
from pyt.autograd.grad_mode import no_grad
from pyt.nn.modules.module import Module
from pyt.optim.lr_scheduler import LRScheduler, _format_param, _warn_get_lr_called_within_step

__all__ = [
    "AveragedModel",
    "update_bn",
    "SWALR",
    "get_ema_multi_avg_fn",
    "get_swa_multi_avg_fn",
    "get_ema_avg_fn",
    "get_swa_avg_fn",
]


def _check_decay(decay):
    if decay < 0.0 or decay > 1.0:
        raise ValueError(
            f"Invalid decay value {decay} provided. Please provide a value in [0,1] range."
        )


def _is_float_or_complex(t):
    return t.dtype.is_floating_point or t.dtype.is_complex


def get_ema_multi_avg_fn(decay=0.999):
    """An exponential-moving-average update over lists of tensors, for
    ``AveragedModel(multi_avg_fn=...)``: ``ema = ema + (1 - decay) (p - ema)`` in place
    (``lerp_``; integer tensors get ``ema * decay + p * (1 - decay)``).

    Args:
        decay (float): in ``[0, 1]``. Default 0.999.

    Returns:
        callable: ``fn(ema_params, current_params, num_averaged) -> None``.

    Raises:
        ValueError: ``decay`` outside ``[0, 1]``.

    Source: ``torch.optim.swa_utils.get_ema_multi_avg_fn``.

    Example::

        >>> ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.99))
    """
    _check_decay(decay)

    def ema_update(ema_param_list, current_param_list, _):
        with no_grad():
            if _is_float_or_complex(ema_param_list[0]):
                for p_ema, p_model in zip(ema_param_list, current_param_list):
                    p_ema.lerp_(p_model, 1 - decay)
            else:
                for p_ema, p_model in zip(ema_param_list, current_param_list, strict=True):
                    p_ema.copy_(p_ema * decay + p_model * (1 - decay))

    return ema_update


def get_swa_multi_avg_fn():
    """The running (equal-weight) average update over lists of tensors, for
    ``AveragedModel(multi_avg_fn=...)``: ``avg += (p - avg) / (n + 1)`` in place, with ``n``
    the number of models averaged so far.

    Args:
        None.

    Returns:
        callable: ``fn(averaged_params, current_params, num_averaged) -> None``;
        ``num_averaged`` is an int or a 0-d integer tensor.

    Raises:
        Nothing.

    Source: ``torch.optim.swa_utils.get_swa_multi_avg_fn``.

    Example::

        >>> swa = AveragedModel(model, multi_avg_fn=get_swa_multi_avg_fn())
    """

    def swa_update(averaged_param_list, current_param_list, num_averaged):
        with no_grad():
            if _is_float_or_complex(averaged_param_list[0]):
                weight = 1 / (num_averaged + 1)
                if isinstance(weight, _C.Tensor):
                    weight = weight.item()
                for p_avg, p_model in zip(averaged_param_list, current_param_list):
                    p_avg.lerp_(p_model, weight)
            else:
                for p_avg, p_model in zip(averaged_param_list, current_param_list):
                    diff = p_model - p_avg
                    if isinstance(num_averaged, _C.Tensor):
                        p_avg.addcdiv_(diff, num_averaged + 1)
                    else:
                        p_avg.add_(diff, alpha=1.0 / (num_averaged + 1))

    return swa_update


def get_ema_avg_fn(decay=0.999):
    """An exponential-moving-average function of one tensor, for
    ``AveragedModel(avg_fn=...)``: returns ``decay * ema + (1 - decay) * p``.

    Args:
        decay (float): in ``[0, 1]``. Default 0.999.

    Returns:
        callable: ``fn(ema_param, current_param, num_averaged) -> Tensor``.

    Raises:
        ValueError: ``decay`` outside ``[0, 1]``.

    Source: ``torch.optim.swa_utils.get_ema_avg_fn``.

    Example::

        >>> ema = AveragedModel(model, avg_fn=get_ema_avg_fn(0.99))
    """
    _check_decay(decay)

    def ema_update(ema_param, current_param, num_averaged):
        with no_grad():
            return decay * ema_param + (1 - decay) * current_param

    return ema_update


def get_swa_avg_fn():
    """The running (equal-weight) average of one tensor, for ``AveragedModel(avg_fn=...)``:
    returns ``avg + (p - avg) / (n + 1)``.

    Args:
        None.

    Returns:
        callable: ``fn(averaged_param, current_param, num_averaged) -> Tensor``.

    Raises:
        Nothing.

    Source: ``torch.optim.swa_utils.get_swa_avg_fn``.

    Example::

        >>> swa = AveragedModel(model, avg_fn=get_swa_avg_fn())
    """

    def swa_update(averaged_param, current_param, num_averaged):
        with no_grad():
            return averaged_param + (current_param - averaged_param) / (num_averaged + 1)

    return swa_update


class AveragedModel(Module):
    r"""A copy of a model whose parameters are the average (SWA) or exponential moving
    average (EMA) of the model's parameters over the calls to :meth:`update_parameters`.

    The first call copies the model's parameters; each later call applies ``multi_avg_fn``
    (to the lists of all parameters), or ``avg_fn`` (per parameter), or by default the
    equal-weight running average ``avg + (p - avg) / (n + 1)``. ``n_averaged`` (a 0-d int64
    buffer, in ``state_dict`` as ``"n_averaged"`` next to ``"module.<name>"`` entries)
    counts the calls. With ``use_buffers=True`` the buffers are averaged as the parameters,
    otherwise they are copied from the model.

    Args:
        model (Module): the model to average; it is deep-copied.
        device (pyt.device, optional): move the copy there.
        avg_fn (callable, optional): ``avg_fn(averaged, current, n_averaged) -> Tensor``.
        multi_avg_fn (callable, optional): ``multi_avg_fn(averaged_list, current_list,
            n_averaged) -> None`` updating in place.
        use_buffers (bool): average the buffers too. Default False.

    Returns:
        AveragedModel: a module whose forward calls the averaged copy.

    Raises:
        AssertionError: both ``avg_fn`` and ``multi_avg_fn`` given.

    Source: ``torch.optim.swa_utils.AveragedModel`` (Izmailov et al., 2018, "Averaging
    Weights Leads to Wider Optima and Better Generalization").

    Example::

        >>> ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.999))
        >>> ema.update_parameters(model); y = ema(x)
    """

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", pyt.tensor(0, dtype=pyt.long))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        """Call the averaged copy of the model.

        Args:
            *args, **kwargs: the model's inputs.

        Returns:
            The averaged model's output.

        Raises:
            Whatever the model raises.

        Source: ``torch.optim.swa_utils.AveragedModel.forward``.

        Example::

            >>> y = swa_model(x)
        """
        return self.module(*args, **kwargs)

    def update_parameters(self, model):
        """Fold the current parameters of ``model`` into the average and count them.

        Args:
            model (Module): a model with the same parameters (and buffers) as the copy.

        Returns:
            None.

        Raises:
            RuntimeError: a parameter's shape differs from the copy's.

        Source: ``torch.optim.swa_utils.AveragedModel.update_parameters``.

        Example::

            >>> swa_model.update_parameters(model)
        """
        if self.use_buffers:
            self_param = itertools.chain(self.module.parameters(), self.module.buffers())
            model_param = itertools.chain(model.parameters(), model.buffers())
        else:
            self_param = self.parameters()
            model_param = model.parameters()
        self_detached, model_detached = [], []
        copy_param = bool(self.n_averaged == 0)
        for p_averaged, p_model in zip(self_param, model_param):
            p_model_ = p_model.detach()
            self_detached.append(p_averaged.detach())
            model_detached.append(p_model_)
            if copy_param:
                p_averaged.detach().copy_(p_model_)

        if self.n_averaged > 0:
            with no_grad():
                if self.multi_avg_fn is not None or self.avg_fn is None:
                    # torch groups the tensors by (device, dtype), keeping their order
                    groups = {}
                    for a, m in zip(self_detached, model_detached):
                        groups.setdefault(a.dtype, ([], []))
                        groups[a.dtype][0].append(a)
                        groups[a.dtype][1].append(m)
                    for avg_list, model_list in groups.values():
                        if self.multi_avg_fn:
                            self.multi_avg_fn(avg_list, model_list, self.n_averaged)
                        else:
                            avg_fn = get_swa_avg_fn()
                            for a, m in zip(avg_list, model_list):
                                a.copy_(avg_fn(a, m, self.n_averaged))
                else:
                    for a, m in zip(self_detached, model_detached):
                        a.detach().copy_(self.avg_fn(a.detach(), m, self.n_averaged))

        if not self.use_buffers:
            for b_swa, b_model in zip(self.module.buffers(), model.buffers(), strict=True):
                b_swa.detach().copy_(b_model.detach())
        self.n_averaged += 1


def update_bn(loader, model, device=None):
    """Recompute the running statistics of every batch-norm layer of ``model`` with one pass
    over ``loader`` (cumulative averages: momentum ``None`` during the pass, restored after).

    Args:
        loader (iterable): batches; a list/tuple batch uses its first element as the input.
        model (Module): the model (e.g. an :class:`AveragedModel`).
        device (pyt.device, optional): move each input there.

    Returns:
        None. ``model``'s training mode is restored.

    Raises:
        Whatever ``model(input)`` raises.

    Source: ``torch.optim.swa_utils.update_bn``.

    Example::

        >>> update_bn(train_loader, swa_model)
    """
    from pyt.nn.modules.batchnorm import _BatchNorm

    with no_grad():
        momenta = {}
        for module in model.modules():
            if isinstance(module, _BatchNorm):
                module.reset_running_stats()
                momenta[module] = module.momentum
        if not momenta:
            return
        was_training = model.training
        model.train()
        for module in momenta:
            module.momentum = None
        for input in loader:
            if isinstance(input, (list, tuple)):
                input = input[0]
            if device is not None:
                input = input.to(device)
            model(input)
        for bn_module in momenta:
            bn_module.momentum = momenta[bn_module]
        model.train(was_training)


class SWALR(LRScheduler):
    r"""Anneal each param group's learning rate to a fixed ``swa_lr`` over
    ``anneal_epochs`` steps, then keep it there.

    At step ``t`` with ``a = anneal(min(1, t / max(1, anneal_epochs)))`` (``cos``:
    ``(1 - cos(pi x)) / 2``; ``linear``: ``x``), ``lr = swa_lr * a + lr_0 * (1 - a)``, where
    ``lr_0`` is recovered from the group's current lr and the previous step's ``a``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        swa_lr (float or list): the target lr, one value or one per group (stored as
            ``group["swa_lr"]``).
        anneal_epochs (int): steps of annealing, ``>= 0``. Default 10.
        anneal_strategy (str): ``"cos"`` (default) or ``"linear"``.
        last_epoch (int): index of the last epoch. Default -1.

    Returns:
        SWALR: the scheduler.

    Raises:
        ValueError: a bad ``anneal_strategy``, ``anneal_epochs`` not a non-negative int, or
            a ``swa_lr`` list of the wrong length.

    Source: ``torch.optim.swa_utils.SWALR``.

    Example::

        >>> sched = SWALR(opt, swa_lr=0.05, anneal_epochs=5, anneal_strategy="linear")
        >>> opt.step(); sched.step()
    """

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1):
        swa_lrs = _format_param("swa_lr", optimizer, swa_lr)
        for lr_i, group in zip(swa_lrs, optimizer.param_groups):
            group["swa_lr"] = lr_i
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError(
                "anneal_strategy must be one of 'cos' or 'linear', "
                f"instead got {anneal_strategy}"
            )
        self._set_anneal_func(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _linear_anneal(t):
        return t

    @staticmethod
    def _cosine_anneal(t):
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def get_lr(self):
        """The learning rates of this step (called by :meth:`step`).

        Args:
            None.

        Returns:
            list[float]: one lr per param group.

        Raises:
            Nothing; warns when called outside :meth:`step`.

        Source: ``torch.optim.swa_utils.SWALR.get_lr``.

        Example::

            >>> sched.get_last_lr()
        """
        _warn_get_lr_called_within_step(self)
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_t = max(0, min(1, (step - 1) / max(1, self.anneal_epochs)))
        prev_alpha = self.anneal_func(prev_t)
        prev_lrs = [
            self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha)
            for group in self.optimizer.param_groups
        ]
        t = max(0, min(1, step / max(1, self.anneal_epochs)))
        alpha = self.anneal_func(t)
        return [
            group["swa_lr"] * alpha + lr * (1 - alpha)
            for group, lr in zip(self.optimizer.param_groups, prev_lrs)
        ]

    def _set_anneal_func(self, anneal_strategy):
        self._anneal_strategy = anneal_strategy
        if anneal_strategy == "cos":
            self.anneal_func = self._cosine_anneal
        else:
            self.anneal_func = self._linear_anneal

    def state_dict(self):
        """The scheduler's state: every attribute but the optimizer and the anneal function.

        Args:
            None.

        Returns:
            dict: the state.

        Raises:
            Nothing.

        Source: ``torch.optim.swa_utils.SWALR.state_dict``.

        Example::

            >>> sd = sched.state_dict()
        """
        return {
            key: value
            for key, value in self.__dict__.items()
            if key not in ("optimizer", "anneal_func")
        }

    def load_state_dict(self, state_dict):
        """Load a state from :meth:`state_dict` and restore the anneal function.

        Args:
            state_dict (dict): the state.

        Returns:
            None.

        Raises:
            Nothing.

        Source: ``torch.optim.swa_utils.SWALR.load_state_dict``.

        Example::

            >>> sched.load_state_dict(sd)
        """
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)
