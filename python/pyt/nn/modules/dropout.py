"""``Dropout``, ``Dropout1d/2d/3d``, ``AlphaDropout``, ``FeatureAlphaDropout`` (torch/nn/modules/dropout.py)."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"]


class _DropoutNd(Module):
    """Shared state of the dropout layers: drop probability ``p`` and ``inplace``
    (torch.nn.modules.dropout._DropoutNd).

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.
    """

    __constants__ = ["p", "inplace"]

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """In training mode, zero elements with probability ``p`` and scale the rest by ``1/(1-p)``.

    In evaluation mode (``model.eval()``) it is the identity.

    Args:
        p (float): drop probability in ``[0, 1]``. Default 0.5.
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        Dropout: forward maps ``(*)`` to ``(*)``.

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.Dropout`` (Srivastava et al., 2014).

    Example::

        >>> m = pyt.nn.Dropout(p=0.2).eval()
        >>> m(pyt.ones(3))
        tensor([1., 1., 1.])
    """

    def forward(self, input):
        """Apply dropout (identity in eval mode).

        Args:
            input (Tensor): any shape, floating dtype.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.Dropout.forward``.

        Example::

            >>> pyt.nn.Dropout(0.0)(pyt.ones(2))
            tensor([1., 1.])
        """
        return F.dropout(input, self.p, self.training, self.inplace)


class Dropout1d(_DropoutNd):
    """Zero whole channels of ``(N, C, L)`` / ``(C, L)`` with probability ``p`` in training.

    Args:
        p (float): drop probability in ``[0, 1]``. Default 0.5.
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        Dropout1d: forward maps ``(N, C, L)`` or ``(C, L)`` to the same shape (identity in eval mode).

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.Dropout1d``.

    Example::

        >>> pyt.nn.Dropout1d(0.2).eval()(pyt.ones(2, 3)).shape
        pyt.Size([2, 3])
    """

    def forward(self, input):
        """Apply dropout1d (identity in eval mode).

        Args:
            input (Tensor): ``(N, C, L)`` or ``(C, L)``.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.Dropout1d.forward``.

        Example::

            >>> pyt.nn.Dropout1d(0.0)(pyt.ones(2, 3)).shape
            pyt.Size([2, 3])
        """
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """Zero whole channels of ``(N, C, H, W)`` / ``(C, H, W)`` with probability ``p`` in training.

    Args:
        p (float): drop probability in ``[0, 1]``. Default 0.5.
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        Dropout2d: forward maps ``(N, C, H, W)`` to the same shape (identity in eval mode).

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.Dropout2d``.

    Example::

        >>> pyt.nn.Dropout2d(0.2).eval()(pyt.ones(1, 2, 2, 2)).shape
        pyt.Size([1, 2, 2, 2])
    """

    def forward(self, input):
        """Apply dropout2d (identity in eval mode).

        Args:
            input (Tensor): ``(N, C, H, W)``.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.Dropout2d.forward``.

        Example::

            >>> pyt.nn.Dropout2d(0.0)(pyt.ones(1, 2, 2, 2)).shape
            pyt.Size([1, 2, 2, 2])
        """
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(_DropoutNd):
    """Zero whole channels of ``(N, C, D, H, W)`` with probability ``p`` in training.

    Args:
        p (float): drop probability in ``[0, 1]``. Default 0.5.
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        Dropout3d: forward maps ``(N, C, D, H, W)`` to the same shape (identity in eval mode).

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.Dropout3d``.

    Example::

        >>> pyt.nn.Dropout3d(0.2).eval()(pyt.ones(1, 2, 1, 2, 2)).shape
        pyt.Size([1, 2, 1, 2, 2])
    """

    def forward(self, input):
        """Apply dropout3d (identity in eval mode).

        Args:
            input (Tensor): ``(N, C, D, H, W)``.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.Dropout3d.forward``.

        Example::

            >>> pyt.nn.Dropout3d(0.0)(pyt.ones(1, 2, 1, 2, 2)).shape
            pyt.Size([1, 2, 1, 2, 2])
        """
        return F.dropout3d(input, self.p, self.training, self.inplace)


class AlphaDropout(_DropoutNd):
    """Alpha dropout (keeps SELU's self-normalising mean and variance) in training.

    Args:
        p (float): drop probability in ``[0, 1]``. Default 0.5.
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        AlphaDropout: forward maps any shape to the same shape (identity in eval mode).

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.AlphaDropout``.

    Example::

        >>> pyt.nn.AlphaDropout(0.2).eval()(pyt.ones(3)).shape
        pyt.Size([3])
    """

    def forward(self, input):
        """Apply alpha_dropout (identity in eval mode).

        Args:
            input (Tensor): any shape.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.AlphaDropout.forward``.

        Example::

            >>> pyt.nn.AlphaDropout(0.0)(pyt.ones(3)).shape
            pyt.Size([3])
        """
        return F.alpha_dropout(input, self.p, self.training, self.inplace)


class FeatureAlphaDropout(_DropoutNd):
    """Alpha dropout of whole channels of ``(N, C, *)`` in training.

    Args:
        p (float): drop probability in ``[0, 1]``. Default 0.5.
        inplace (bool): overwrite the input. Default ``False``.

    Returns:
        FeatureAlphaDropout: forward maps ``(N, C, *)`` to the same shape (identity in eval mode).

    Raises:
        ValueError: ``p`` outside ``[0, 1]``.

    Source: ``torch.nn.FeatureAlphaDropout``.

    Example::

        >>> pyt.nn.FeatureAlphaDropout(0.2).eval()(pyt.ones(2, 3)).shape
        pyt.Size([2, 3])
    """

    def forward(self, input):
        """Apply feature_alpha_dropout (identity in eval mode).

        Args:
            input (Tensor): ``(N, C, *)``.

        Returns:
            Tensor: same shape.

        Raises:
            TypeError: not a Tensor.

        Source: ``torch.nn.FeatureAlphaDropout.forward``.

        Example::

            >>> pyt.nn.FeatureAlphaDropout(0.0)(pyt.ones(2, 3)).shape
            pyt.Size([2, 3])
        """
        return F.feature_alpha_dropout(input, self.p, self.training, self.inplace)
