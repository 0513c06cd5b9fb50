"""Loss modules (torch/nn/modules/loss.py): each wraps its ``pyt.nn.functional`` loss."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = [
    "MSELoss",
    "NLLLoss",
    "CrossEntropyLoss",
    "L1Loss",
    "SmoothL1Loss",
    "HuberLoss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "KLDivLoss",
    "CosineEmbeddingLoss",
    "MarginRankingLoss",
    "TripletMarginLoss",
    "TripletMarginWithDistanceLoss",
    "HingeEmbeddingLoss",
    "SoftMarginLoss",
    "MultiLabelSoftMarginLoss",
    "MultiMarginLoss",
    "MultiLabelMarginLoss",
    "PoissonNLLLoss",
    "GaussianNLLLoss",
    "CTCLoss",
]


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


def _loss_doc(cls_name, what, args, shapes, example):
    return f"""{what}

    Args:
{args}
        reduction (str): ``"none"``, ``"mean"`` (default) or ``"sum"``.

    Returns:
        {cls_name}: forward {shapes}.

    Raises:
        ValueError, RuntimeError: at forward, as ``pyt.nn.functional`` raises (invalid
        ``reduction``, mismatched shapes).

    Source: ``torch.nn.{cls_name}``.

    Example::

        {example}
    """


_LEGACY = "        size_average, reduce: deprecated; use ``reduction``."


class L1Loss(_Loss):
    __doc__ = _loss_doc(
        "L1Loss", "Mean absolute error ``|input - target|``.", _LEGACY,
        "maps input ``(*)`` and target ``(*)`` to a scalar (``(*)`` with ``\"none\"``)",
        ">>> pyt.nn.L1Loss()(pyt.zeros(2), pyt.ones(2))\n        tensor(1.)",
    )
    __constants__ = ["reduction"]

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)

    def forward(self, input, target):
        """Return ``F.l1_loss(input, target, reduction=self.reduction)`` (see the class)."""
        return F.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    __doc__ = _loss_doc(
        "SmoothL1Loss", "Quadratic below ``beta``, linear above (``F.smooth_l1_loss``).",
        _LEGACY + "\n        beta (float): the switch point, ``>= 0``. Default 1.",
        "maps input ``(*)`` and target ``(*)`` to a scalar (``(*)`` with ``\"none\"``)",
        ">>> pyt.nn.SmoothL1Loss()(pyt.zeros(1), pyt.ones(1))\n        tensor(0.5000)",
    )
    __constants__ = ["reduction"]

    def __init__(self, size_average=None, reduce=None, reduction="mean", beta=1.0):
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input, target):
        """Return ``F.smooth_l1_loss(input, target, ...)`` with this module's settings."""
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    __doc__ = _loss_doc(
        "HuberLoss", "Quadratic below ``delta``, ``delta``-scaled linear above (``F.huber_loss``).",
        "        delta (float): the switch point, ``> 0``. Default 1.",
        "maps input ``(*)`` and target ``(*)`` to a scalar (``(*)`` with ``\"none\"``)",
        ">>> pyt.nn.HuberLoss()(pyt.zeros(1), pyt.ones(1))\n        tensor(0.5000)",
    )
    __constants__ = ["reduction", "delta"]

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input, target):
        """Return ``F.huber_loss(input, target, ...)`` with this module's settings."""
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class BCELoss(_WeightedLoss):
    __doc__ = _loss_doc(
        "BCELoss", "Binary cross-entropy on probabilities (``F.binary_cross_entropy``).",
        "        weight (Tensor, optional): rescaling weights broadcastable to the input "
        "(a buffer).\n" + _LEGACY,
        "maps probabilities ``(*)`` and targets ``(*)`` to a scalar",
        ">>> pyt.nn.BCELoss()(pyt.tensor([0.5]), pyt.tensor([1.]))\n        tensor(0.6931)",
    )
    __constants__ = ["reduction"]

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)

    def forward(self, input, target):
        """Return ``F.binary_cross_entropy(input, target, ...)`` with this module's settings."""
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    __doc__ = _loss_doc(
        "BCEWithLogitsLoss", "Sigmoid and binary cross-entropy in one stable expression.",
        "        weight (Tensor, optional): rescaling weights (a buffer).\n" + _LEGACY
        + "\n        pos_weight (Tensor, optional): weight of positives, e.g. ``(C,)`` (a buffer).",
        "maps logits ``(*)`` and targets ``(*)`` to a scalar",
        ">>> pyt.nn.BCEWithLogitsLoss()(pyt.zeros(1), pyt.ones(1))\n        tensor(0.6931)",
    )

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean",
                 pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        """Return ``F.binary_cross_entropy_with_logits(input, target, ...)``."""
        return F.binary_cross_entropy_with_logits(
            input, target, self.weight, pos_weight=self.pos_weight, reduction=self.reduction
        )


class KLDivLoss(_Loss):
    __doc__ = _loss_doc(
        "KLDivLoss", "Kullback-Leibler divergence of log-probabilities (``F.kl_div``); "
        "``reduction=\"batchmean\"`` gives the mathematical KL.",
        _LEGACY + "\n        log_target (bool): the target is in log space. Default ``False``.",
        "maps log-probabilities ``(*)`` and target ``(*)`` to a scalar",
        ">>> p = pyt.tensor([0.5, 0.5])\n        >>> pyt.nn.KLDivLoss(reduction='sum')(p.log(), p)"
        "\n        tensor(0.)",
    )
    __constants__ = ["reduction"]

    def __init__(self, size_average=None, reduce=None, reduction="mean", log_target=False):
        super().__init__(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input, target):
        """Return ``F.kl_div(input, target, ...)`` with this module's settings."""
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class CosineEmbeddingLoss(_Loss):
    __doc__ = _loss_doc(
        "CosineEmbeddingLoss", "Cosine similarity loss for pairs labelled 1 / -1.",
        "        margin (float): in ``[-1, 1]``. Default 0.\n" + _LEGACY,
        "maps ``(N, D)``, ``(N, D)`` and target ``(N)`` to a scalar",
        ">>> pyt.nn.CosineEmbeddingLoss()(pyt.ones(1, 2), pyt.ones(1, 2), pyt.tensor([1]))"
        "\n        tensor(0.)",
    )
    __constants__ = ["margin", "reduction"]

    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        """Return ``F.cosine_embedding_loss(input1, input2, target, ...)``."""
        return F.cosine_embedding_loss(
            input1, input2, target, margin=self.margin, reduction=self.reduction
        )


class MarginRankingLoss(_Loss):
    __doc__ = _loss_doc(
        "MarginRankingLoss", "``max(0, -y (x1 - x2) + margin)`` ranking loss.",
        "        margin (float): default 0.\n" + _LEGACY,
        "maps ``(N)``, ``(N)`` and target ``(N)`` to a scalar",
        ">>> pyt.nn.MarginRankingLoss()(pyt.tensor([1.]), pyt.tensor([2.]), pyt.tensor([1.]))"
        "\n        tensor(1.)",
    )
    __constants__ = ["margin", "reduction"]

    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        """Return ``F.margin_ranking_loss(input1, input2, target, ...)``."""
        return F.margin_ranking_loss(
            input1, input2, target, margin=self.margin, reduction=self.reduction
        )


class TripletMarginLoss(_Loss):
    __doc__ = _loss_doc(
        "TripletMarginLoss", "``max(0, d(a, p) - d(a, n) + margin)`` with ``p``-norm distances.",
        "        margin (float): ``> 0``. Default 1.\n        p (float): norm degree. Default 2."
        "\n        eps (float): default 1e-6.\n        swap (bool): distance swap. Default "
        "``False``.\n" + _LEGACY,
        "maps anchor, positive, negative ``(N, D)`` to a scalar",
        ">>> a = pyt.zeros(1, 2)\n        >>> pyt.nn.TripletMarginLoss()(a, a, a + 3)\n"
        "        tensor(0.)",
    )
    __constants__ = ["margin", "p", "eps", "swap", "reduction"]

    def __init__(self, margin=1.0, p=2.0, eps=1e-6, swap=False, size_average=None, reduce=None,
                 reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        if margin <= 0:
            raise ValueError(
                f"TripletMarginLoss: expected margin to be greater than 0, got {margin} instead"
            )
        self.margin = margin
        self.p = p
        self.eps = eps
        self.swap = swap

    def forward(self, anchor, positive, negative):
        """Return ``F.triplet_margin_loss(anchor, positive, negative, ...)``."""
        return F.triplet_margin_loss(
            anchor, positive, negative, margin=self.margin, p=self.p, eps=self.eps,
            swap=self.swap, reduction=self.reduction,
        )


class TripletMarginWithDistanceLoss(_Loss):
    __doc__ = _loss_doc(
        "TripletMarginWithDistanceLoss",
        "``max(0, margin + d(a, p) - d(a, n))`` with a distance of the caller's choice.",
        "        distance_function (callable, optional): ``d(x1, x2)``; default\n"
        "            ``PairwiseDistance()`` (registered as a submodule, as torch).\n"
        "        margin (float): ``> 0``. Default 1.\n        swap (bool): distance swap. Default "
        "``False``.\n        All the arguments are keyword-only.",
        "maps anchor, positive, negative ``(N, *)`` to a scalar",
        ">>> a = pyt.zeros(1, 2)\n        >>> pyt.nn.TripletMarginWithDistanceLoss()(a, a, a + 3)\n"
        "        tensor(0.)",
    )
    __constants__ = ["margin", "swap", "reduction"]

    def __init__(self, *, distance_function=None, margin=1.0, swap=False, reduction="mean"):
        super().__init__(size_average=None, reduce=None, reduction=reduction)
        if margin <= 0:
            raise ValueError(
                f"TripletMarginWithDistanceLoss: expected margin to be greater than 0, got {margin} instead"
            )
        from pyt.nn.modules.distance import PairwiseDistance

        self.distance_function = distance_function if distance_function is not None else PairwiseDistance()
        self.margin = margin
        self.swap = swap

    def forward(self, anchor, positive, negative):
        """Return ``F.triplet_margin_with_distance_loss(anchor, positive, negative, ...)``."""
        return F.triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function, margin=self.margin,
            swap=self.swap, reduction=self.reduction,
        )


class HingeEmbeddingLoss(_Loss):
    __doc__ = _loss_doc(
        "HingeEmbeddingLoss", "``x`` for ``y = 1``, ``max(0, margin - x)`` for ``y = -1``.",
        "        margin (float): default 1.\n" + _LEGACY,
        "maps input ``(*)`` and target ``(*)`` to a scalar",
        ">>> pyt.nn.HingeEmbeddingLoss()(pyt.tensor([0.3]), pyt.tensor([-1.]))\n"
        "        tensor(0.7000)",
    )
    __constants__ = ["margin", "reduction"]

    def __init__(self, margin=1.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input, target):
        """Return ``F.hinge_embedding_loss(input, target, ...)``."""
        return F.hinge_embedding_loss(input, target, margin=self.margin, reduction=self.reduction)


class SoftMarginLoss(_Loss):
    __doc__ = _loss_doc(
        "SoftMarginLoss", "Two-class logistic loss ``log(1 + exp(-y x))``.", _LEGACY,
        "maps input ``(*)`` and target ``(*)`` to a scalar",
        ">>> pyt.nn.SoftMarginLoss()(pyt.zeros(2), pyt.ones(2))\n        tensor(0.6931)",
    )
    __constants__ = ["reduction"]

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)

    def forward(self, input, target):
        """Return ``F.soft_margin_loss(input, target, ...)``."""
        return F.soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    __doc__ = _loss_doc(
        "MultiLabelSoftMarginLoss", "One-vs-all logistic loss averaged over ``C`` classes.",
        "        weight (Tensor, optional): ``(C)`` class weights (a buffer).\n" + _LEGACY,
        "maps ``(N, C)`` and targets ``(N, C)`` to a scalar (``(N)`` with ``\"none\"``)",
        ">>> pyt.nn.MultiLabelSoftMarginLoss()(pyt.zeros(1, 2), pyt.ones(1, 2))\n"
        "        tensor(0.6931)",
    )
    __constants__ = ["reduction"]

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)

    def forward(self, input, target):
        """Return ``F.multilabel_soft_margin_loss(input, target, ...)``."""
        return F.multilabel_soft_margin_loss(
            input, target, weight=self.weight, reduction=self.reduction
        )


class MultiMarginLoss(_WeightedLoss):
    __doc__ = _loss_doc(
        "MultiMarginLoss",
        "Multi-class hinge loss ``sum_{i != y} w[y] max(0, margin - x[y] + x[i])^p / C`` "
        "(``F.multi_margin_loss``).",
        "        p (int): 1 (default) or 2. margin (float): Default 1.\n"
        "        weight (Tensor, optional): ``(C)`` class weights (a buffer).\n" + _LEGACY,
        "maps ``(N, C)`` scores and int64 targets ``(N)`` to a scalar (``(N)`` with ``\"none\"``)",
        ">>> pyt.nn.MultiMarginLoss()(pyt.tensor([[0.1, 0.2, 0.4, 0.8]]), pyt.tensor([3]))\n"
        "        tensor(0.3250)",
    )
    __constants__ = ["p", "margin", "reduction"]

    def __init__(self, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        if weight is not None and weight.dim() != 1:
            raise ValueError(
                f"MultiMarginLoss: expected weight to be None or 1D tensor, got {weight.dim()}D instead"
            )
        self.p = p
        self.margin = margin

    def forward(self, input, target):
        """Return ``F.multi_margin_loss(input, target, ...)``."""
        return F.multi_margin_loss(
            input, target, p=self.p, margin=self.margin, weight=self.weight, reduction=self.reduction
        )


class MultiLabelMarginLoss(_Loss):
    __doc__ = _loss_doc(
        "MultiLabelMarginLoss",
        "Multi-label hinge loss over target classes (listed, ended by -1) against the others "
        "(``F.multilabel_margin_loss``).",
        _LEGACY,
        "maps ``(N, C)`` scores and int64 targets ``(N, C)`` to a scalar (``(N)`` with ``\"none\"``)",
        ">>> pyt.nn.MultiLabelMarginLoss()(pyt.tensor([[0.1, 0.2, 0.4, 0.8]]), pyt.tensor([[3, 0, -1, 1]]))\n"
        "        tensor(0.8500)",
    )
    __constants__ = ["reduction"]

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)

    def forward(self, input, target):
        """Return ``F.multilabel_margin_loss(input, target, ...)``."""
        return F.multilabel_margin_loss(input, target, reduction=self.reduction)


class PoissonNLLLoss(_Loss):
    __doc__ = _loss_doc(
        "PoissonNLLLoss", "Poisson negative log-likelihood (``F.poisson_nll_loss``).",
        "        log_input (bool): the input is a log-rate. Default ``True``.\n"
        "        full (bool): add Stirling's term. Default ``False``.\n" + _LEGACY
        + "\n        eps (float): default 1e-8.",
        "maps input ``(*)`` and target ``(*)`` to a scalar",
        ">>> pyt.nn.PoissonNLLLoss()(pyt.zeros(2), pyt.ones(2))\n        tensor(1.)",
    )
    __constants__ = ["log_input", "full", "eps", "reduction"]

    def __init__(self, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                 reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.log_input = log_input
        self.full = full
        self.eps = eps

    def forward(self, log_input, target):
        """Return ``F.poisson_nll_loss(log_input, target, ...)``."""
        return F.poisson_nll_loss(
            log_input, target, log_input=self.log_input, full=self.full, eps=self.eps,
            reduction=self.reduction,
        )


class GaussianNLLLoss(_Loss):
    __doc__ = _loss_doc(
        "GaussianNLLLoss", "Gaussian negative log-likelihood (``F.gaussian_nll_loss``).",
        "        full (bool): add ``0.5 log(2 pi)``. Default ``False``.\n"
        "        eps (float): ``var`` clamp. Default 1e-6.",
        "maps input ``(N, *)``, target ``(N, *)`` and var to a scalar",
        ">>> pyt.nn.GaussianNLLLoss()(pyt.zeros(2), pyt.zeros(2), pyt.ones(2))\n"
        "        tensor(0.)",
    )
    __constants__ = ["full", "eps", "reduction"]

    def __init__(self, *, full=False, eps=1e-6, reduction="mean"):
        super().__init__(None, None, reduction)
        self.full = full
        self.eps = eps

    def forward(self, input, target, var):
        """Return ``F.gaussian_nll_loss(input, target, var, ...)``."""
        return F.gaussian_nll_loss(
            input, target, var, full=self.full, eps=self.eps, reduction=self.reduction
        )


class CTCLoss(_Loss):
    __doc__ = _loss_doc(
        "CTCLoss", "Connectionist Temporal Classification loss (``F.ctc_loss``, a C++ kernel).",
        "        blank (int): the blank label. Default 0.\n"
        "        zero_infinity (bool): zero infinite losses and their gradients. Default "
        "``False``.",
        "maps log_probs ``(T, N, C)``, targets ``(N, S)``, input_lengths ``(N)`` and "
        "target_lengths ``(N)`` to a scalar",
        ">>> lp = pyt.randn(50, 2, 20).log_softmax(2)\n"
        "        >>> pyt.nn.CTCLoss()(lp, pyt.randint(1, 20, (2, 10)), (50, 50), (10, 10)).dim()"
        "\n        0",
    )
    __constants__ = ["blank", "reduction"]

    def __init__(self, blank=0, reduction="mean", zero_infinity=False):
        super().__init__(reduction=reduction)
        self.blank = blank
        self.zero_infinity = zero_infinity

    def forward(self, log_probs, targets, input_lengths, target_lengths):
        """Return ``F.ctc_loss(...)`` with this module's settings."""
        return F.ctc_loss(
            log_probs, targets, input_lengths, target_lengths, self.blank, self.reduction,
            self.zero_infinity,
        )
