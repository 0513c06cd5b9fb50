"""Losses: ``MSELoss``, ``NLLLoss``, ``CrossEntropyLoss`` (torch/nn/modules/loss.py)."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["MSELoss", "NLLLoss", "CrossEntropyLoss"]


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            self.reduction = F._legacy_get_string(size_average, reduce)
        else:
            self.reduction = reduction


class _WeightedLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class MSELoss(_Loss):
    """Mean squared error between input and target.

    Args:
        size_average, reduce: deprecated; use ``reduction``.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        MSELoss: forward maps input ``(*)`` and target ``(*)`` to a scalar (or ``(*)`` with
        ``"none"``).

    Raises:
        ValueError: at forward, an invalid ``reduction``.

    Source: ``torch.nn.MSELoss``.

    Example::

        >>> pyt.nn.MSELoss()(pyt.zeros(3), pyt.ones(3))
        tensor(1.)
    """

    __constants__ = ["reduction"]

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)

    def forward(self, input, target):
        """Compute the loss.

        Args:
            input (Tensor): any shape.
            target (Tensor): same shape.

        Returns:
            Tensor: scalar, or ``(*)`` with ``reduction="none"``.

        Raises:
            ValueError: invalid ``reduction``.

        Source: ``torch.nn.MSELoss.forward``.

        Example::

            >>> pyt.nn.MSELoss(reduction="sum")(pyt.zeros(2), pyt.ones(2))
            tensor(2.)
        """
        return F.mse_loss(input, target, reduction=self.reduction)


class NLLLoss(_WeightedLoss):
    """Negative log-likelihood loss on log-probabilities (use after ``LogSoftmax``).

    Args:
        weight (Tensor, optional): ``(C,)`` per-class weights (registered as a buffer).
        size_average, reduce: deprecated; use ``reduction``.
        ignore_index (int): target value that is ignored. Default -100.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        NLLLoss: forward maps input ``(N, C)`` / ``(N, C, d1, ...)`` and int64 target ``(N)``
        / ``(N, d1, ...)`` to a scalar (or per-sample losses with ``"none"``).

    Raises:
        ValueError: at forward, invalid ``reduction`` or batch sizes that differ.
        IndexError: at forward, a target out of range.

    Source: ``torch.nn.NLLLoss``.

    Example::

        >>> loss = pyt.nn.NLLLoss()
        >>> loss(pyt.log_softmax(pyt.zeros(2, 3), 1), pyt.tensor([0, 1]))
        tensor(1.0986)
    """

    __constants__ = ["ignore_index", "reduction"]

    def __init__(
        self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"
    ):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        """Compute the loss.

        Args:
            input (Tensor): log-probabilities ``(N, C)``.
            target (Tensor): int64 ``(N)``.

        Returns:
            Tensor: scalar, or ``(N)`` with ``reduction="none"``.

        Raises:
            ValueError, IndexError: see the class.

        Source: ``torch.nn.NLLLoss.forward``.

        Example::

            >>> pyt.nn.NLLLoss()(pyt.zeros(1, 2), pyt.tensor([1]))
            tensor(-0.)
        """
        return F.nll_loss(
            input, target, weight=self.weight, ignore_index=self.ignore_index,
            reduction=self.reduction,
        )


class CrossEntropyLoss(_WeightedLoss):
    """Cross-entropy between logits and class indices (or class probabilities).

    Args:
        weight (Tensor, optional): ``(C,)`` per-class weights (registered as a buffer).
        size_average, reduce: deprecated; use ``reduction``.
        ignore_index (int): class-index target that is ignored. Default -100.
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.
        label_smoothing (float): in ``[0, 1]``. Default 0.

    Returns:
        CrossEntropyLoss: forward maps logits ``(N, C)`` / ``(N, C, d1, ...)`` and int64
        target ``(N)`` / ``(N, d1, ...)`` to a scalar (or per-sample losses with ``"none"``).

    Raises:
        ValueError: at forward, invalid ``reduction`` or batch sizes that differ.
        IndexError: at forward, a target out of range.

    Source: ``torch.nn.CrossEntropyLoss``.

    Example::

        >>> pyt.nn.CrossEntropyLoss()(pyt.zeros(2, 3), pyt.tensor([0, 2]))
        tensor(1.0986)
    """

    __constants__ = ["ignore_index", "reduction", "label_smoothing"]

    def __init__(
        self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
        label_smoothing=0.0,
    ):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        """Compute the loss.

        Args:
            input (Tensor): logits ``(N, C)``.
            target (Tensor): int64 ``(N)`` or probabilities ``(N, C)``.

        Returns:
            Tensor: scalar, or ``(N)`` with ``reduction="none"``.

        Raises:
            ValueError, IndexError: see the class.

        Source: ``torch.nn.CrossEntropyLoss.forward``.

        Example::

            >>> pyt.nn.CrossEntropyLoss()(pyt.zeros(1, 2), pyt.tensor([1]))
            tensor(0.6931)
        """
        return F.cross_entropy(
            input, target, weight=self.weight, ignore_index=self.ignore_index,
            reduction=self.reduction, label_smoothing=self.label_smoothing,
        )
