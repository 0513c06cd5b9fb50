"""``InstanceNorm1d``, ``InstanceNorm2d``, ``InstanceNorm3d`` (torch/nn/modules/instancenorm.py)."""

import warnings

from pyt.nn import functional as F
from pyt.nn.modules.batchnorm import _NormBase

__all__ = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]


class _InstanceNorm(_NormBase):
    """Instance normalisation: per sample and channel over the spatial dims."""

    def __init__(
        self,
        num_features,
        eps=1e-5,
        momentum=0.1,
        affine=False,
        track_running_stats=False,
        device=None,
        dtype=None,
        *,
        bias=True,
    ):
        super().__init__(
            num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias
        )

    def _check_input_dim(self, input):
        raise NotImplementedError

    def _get_no_batch_dim(self):
        raise NotImplementedError

    def _handle_no_batch_input(self, input):
        return self._apply_instance_norm(input.unsqueeze(0)).squeeze(0)

    def _apply_instance_norm(self, input):
        return F.instance_norm(
            input,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            self.training or not self.track_running_stats,
            self.momentum if self.momentum is not None else 0.0,
            self.eps,
        )

    def forward(self, input):
        """Apply instance normalisation (batched or unbatched input).

        Args:
            input (Tensor): ``(N, C, *)`` or unbatched ``(C, *)``.

        Returns:
            Tensor: same shape.

        Raises:
            ValueError: wrong number of dims; with ``affine``, a channel count other than
                ``num_features`` (the message names both).

        Source: ``torch.nn.modules.instancenorm._InstanceNorm.forward``.

        Example::

            >>> pyt.nn.InstanceNorm2d(2)(pyt.randn(1, 2, 3, 3)).shape
            pyt.Size([1, 2, 3, 3])
        """
        self._check_input_dim(input)
        feature_dim = input.dim() - self._get_no_batch_dim()
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(
                    f"expected input's size at dim={feature_dim} to match num_features"
                    f" ({self.num_features}), but got: {input.shape[feature_dim]}."
                )
            warnings.warn(
                f"input's size at dim={feature_dim} does not match num_features. "
                "You can silence this warning by not passing in num_features, "
                "which is not used because affine=False",
                stacklevel=2,
            )
        if input.dim() == self._get_no_batch_dim():
            return self._handle_no_batch_input(input)
        return self._apply_instance_norm(input)


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation over ``(N, C, L)`` or ``(C, L)``.

    Args:
        num_features (int): ``C``. eps (float): Default 1e-5. momentum (float): Default 0.1.
        affine (bool): learn ``weight`` / ``bias``. Default ``False``.
        track_running_stats (bool): keep running statistics (used in eval). Default ``False``.
        device, dtype, bias: as :class:`pyt.nn.BatchNorm1d`.

    Returns:
        InstanceNorm1d: forward keeps the shape.

    Raises:
        ValueError: in forward, an input that is not 2-d or 3-d.

    Source: ``torch.nn.InstanceNorm1d`` (Ulyanov et al., 2016).

    Example::

        >>> pyt.nn.InstanceNorm1d(2)(pyt.randn(1, 2, 5)).shape
        pyt.Size([1, 2, 5])
    """

    def _get_no_batch_dim(self):
        return 2

    def _check_input_dim(self, input):
        if input.dim() not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation over ``(N, C, H, W)`` or ``(C, H, W)`` (see :class:`InstanceNorm1d`).

    Args:
        num_features (int): ``C``. Other arguments as :class:`InstanceNorm1d`.

    Returns:
        InstanceNorm2d: forward keeps the shape.

    Raises:
        ValueError: in forward, an input that is not 3-d or 4-d.

    Source: ``torch.nn.InstanceNorm2d``.

    Example::

        >>> pyt.nn.InstanceNorm2d(3, affine=True)(pyt.randn(2, 3, 4, 4)).shape
        pyt.Size([2, 3, 4, 4])
    """

    def _get_no_batch_dim(self):
        return 3

    def _check_input_dim(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(f"expected 3D or 4D input (got {input.dim()}D input)")


class InstanceNorm3d(_InstanceNorm):
    """Instance normalisation over ``(N, C, D, H, W)`` or ``(C, D, H, W)``.

    Args:
        num_features (int): ``C``. Other arguments as :class:`InstanceNorm1d`.

    Returns:
        InstanceNorm3d: forward keeps the shape.

    Raises:
        ValueError: in forward, an input that is not 4-d or 5-d.

    Source: ``torch.nn.InstanceNorm3d``.

    Example::

        >>> pyt.nn.InstanceNorm3d(2)(pyt.randn(1, 2, 2, 2, 2)).shape
        pyt.Size([1, 2, 2, 2, 2])
    """

    def _get_no_batch_dim(self):
        return 4

    def _check_input_dim(self, input):
        if input.dim() not in (4, 5):
            raise ValueError(f"expected 4D or 5D input (got {input.dim()}D input)")
