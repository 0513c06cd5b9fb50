"""Distances between pairs of batches: ``PairwiseDistance`` and ``CosineSimilarity``
(torch/nn/modules/distance.py), modules over the functionals of the same names."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["PairwiseDistance", "CosineSimilarity"]


class PairwiseDistance(Module):
    """The ``p``-norm distance ``||x1 - x2 + eps||_p`` along the last dim.

    Args:
        p (float): the norm's degree (stored as ``norm``, as torch). Default 2.
        eps (float): added to the difference, so the norm is differentiable at 0. Default 1e-6.
        keepdim (bool): keep the reduced dim. Default ``False``.

    Returns:
        PairwiseDistance: forward maps ``x1`` ``(N, D)`` or ``(D)`` and ``x2`` of a broadcastable
        shape to ``(N)`` or ``()`` (``(N, 1)`` / ``(1)`` with ``keepdim``).

    Raises:
        TypeError: in forward, an argument is not a Tensor.

    Source: ``torch.nn.PairwiseDistance``.

    Example::

        >>> pyt.nn.PairwiseDistance(eps=0.0)(pyt.tensor([[0.0, 0.0]]), pyt.tensor([[3.0, 4.0]]))
        tensor([5.])
    """

    __constants__ = ["norm", "eps", "keepdim"]

    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.norm = p
        self.eps = eps
        self.keepdim = keepdim

    def forward(self, x1, x2):
        """Return ``F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)``.

        Example::

            >>> pyt.nn.PairwiseDistance()(pyt.zeros(2, 3), pyt.ones(2, 3)).shape
            pyt.Size([2])
        """
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    """Cosine of the angle between ``x1`` and ``x2`` along ``dim``:
    ``sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps))``.

    Args:
        dim (int): the dim to reduce. Default 1.
        eps (float): lower bound of each norm. Default 1e-8.

    Returns:
        CosineSimilarity: forward maps ``x1`` ``(*1, D, *2)`` and ``x2`` broadcastable to it to
        ``(*1, *2)``.

    Raises:
        TypeError: in forward, an argument is not a Tensor. RuntimeError: shapes that do not
        broadcast.

    Source: ``torch.nn.CosineSimilarity``.

    Example::

        >>> pyt.nn.CosineSimilarity()(pyt.tensor([[1.0, 0.0]]), pyt.tensor([[1.0, 1.0]]))
        tensor([0.7071])
    """

    __constants__ = ["dim", "eps"]

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim = dim
        self.eps = eps

    def forward(self, x1, x2):
        """Return ``F.cosine_similarity(x1, x2, self.dim, self.eps)``.

        Example::

            >>> pyt.nn.CosineSimilarity(dim=0)(pyt.ones(3), pyt.ones(3))
            tensor(1.)
        """
        return F.cosine_similarity(x1, x2, self.dim, self.eps)
