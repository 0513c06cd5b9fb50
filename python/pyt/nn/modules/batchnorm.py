"""``BatchNorm1d``, ``BatchNorm2d``, ``BatchNorm3d`` (torch/nn/modules/batchnorm.py)."""

import pyt
from pyt.nn import functional as F
from pyt.nn import init
from pyt.nn.modules.module import Module
from pyt.nn.parameter import Parameter

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"]


class _NormBase(Module):
    """Common base of the batch and instance norms: affine parameters and running statistics.

    Parameters ``weight`` (ones) and ``bias`` (zeros) of shape ``(num_features,)`` when
    ``affine``; buffers ``running_mean`` (zeros), ``running_var`` (ones) and
    ``num_batches_tracked`` (0, int64) when ``track_running_stats`` (else registered as
    ``None``, as torch does).
    """

    _version = 2
    __constants__ = ["track_running_stats", "momentum", "eps", "num_features", "affine"]

    def __init__(
        self,
        num_features,
        eps=1e-5,
        momentum=0.1,
        affine=True,
        track_running_stats=True,
        device=None,
        dtype=None,
        *,
        bias=True,
    ):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if self.affine:
            self.weight = Parameter(pyt.empty(num_features, **factory_kwargs))
            if bias:
                self.bias = Parameter(pyt.empty(num_features, **factory_kwargs))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if self.track_running_stats:
            self.register_buffer("running_mean", pyt.zeros(num_features, **factory_kwargs))
            self.register_buffer("running_var", pyt.ones(num_features, **factory_kwargs))
            self.register_buffer("num_batches_tracked", pyt.tensor(0, dtype=pyt.long))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self):
        """Zero ``running_mean`` and ``num_batches_tracked``, fill ``running_var`` with ones.

        Source: ``torch.nn.modules.batchnorm._NormBase.reset_running_stats``.

        Example::

            >>> pyt.nn.BatchNorm1d(3).reset_running_stats()
        """
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self):
        """Reset the running statistics, ``weight`` to ones and ``bias`` to zeros.

        Source: ``torch.nn.modules.batchnorm._NormBase.reset_parameters``.

        Example::

            >>> pyt.nn.BatchNorm2d(3).reset_parameters()
        """
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, input):
        raise NotImplementedError

    def extra_repr(self):
        return (
            "{num_features}, eps={eps}, momentum={momentum}, affine={affine}, "
            "bias={use_bias}, track_running_stats={track_running_stats}".format(
                **self.__dict__, use_bias=self.bias is not None
            )
        )


class _BatchNorm(_NormBase):
    """Batch normalisation (see :class:`BatchNorm1d`)."""

    def forward(self, input):
        """Normalise with batch statistics (training) or running statistics (evaluation).

        Args:
            input (Tensor): ``(N, C, *)`` as the subclass requires.

        Returns:
            Tensor: same shape.

        Raises:
            ValueError: wrong number of dims, or one value per channel in training.
            RuntimeError: ``C != num_features``.

        Source: ``torch.nn.modules.batchnorm._BatchNorm.forward``.

        Example::

            >>> pyt.nn.BatchNorm1d(2)(pyt.tensor([[1.0, 2.0], [3.0, 6.0]]))[0]
            tensor([-1.0000, -1.0000], grad_fn=<SelectBackward0>)
        """
        self._check_input_dim(input)
        if self.momentum is None:
            exponential_average_factor = 0.0
        else:
            exponential_average_factor = self.momentum
        if self.training and self.track_running_stats:
            if self.num_batches_tracked is not None:
                self.num_batches_tracked.add_(1)
                if self.momentum is None:  # cumulative moving average
                    exponential_average_factor = 1.0 / float(self.num_batches_tracked)
                else:
                    exponential_average_factor = self.momentum
        if self.training:
            bn_training = True
        else:
            bn_training = (self.running_mean is None) and (self.running_var is None)
        return F.batch_norm(
            input,
            self.running_mean if not self.training or self.track_running_stats else None,
            self.running_var if not self.training or self.track_running_stats else None,
            self.weight,
            self.bias,
            bn_training,
            exponential_average_factor,
            self.eps,
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation over a 2-d ``(N, C)`` or 3-d ``(N, C, L)`` input.

    ``y = (x - mean) / sqrt(var + eps) * weight + bias`` per channel. Training mode uses the
    batch statistics and updates ``running_mean`` / ``running_var`` with ``momentum`` (or, with
    ``momentum=None``, their cumulative average over ``num_batches_tracked`` batches);
    evaluation mode uses the running statistics.

    Args:
        num_features (int): ``C``.
        eps (float): Default 1e-5.
        momentum (float or None): Default 0.1; ``None``: cumulative moving average.
        affine (bool): learn ``weight`` and ``bias``. Default ``True``.
        track_running_stats (bool): keep running statistics. Default ``True``.
        device, dtype: factory arguments.
        bias (bool, keyword-only): learn ``bias`` (when affine). Default ``True``.

    Returns:
        BatchNorm1d: forward maps ``(N, C)`` / ``(N, C, L)`` to the same shape.

    Raises:
        ValueError: in forward, an input that is not 2-d or 3-d.
        RuntimeError: in forward, ``C != num_features`` (the message names both).

    Source: ``torch.nn.BatchNorm1d`` (Ioffe & Szegedy, 2015).

    Example::

        >>> m = pyt.nn.BatchNorm1d(4)
        >>> m(pyt.randn(8, 4)).shape
        pyt.Size([8, 4])
    """

    def _check_input_dim(self, input):
        if input.dim() != 2 and input.dim() != 3:
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")


class BatchNorm2d(_BatchNorm):
    """Batch normalisation over a 4-d ``(N, C, H, W)`` input (see :class:`BatchNorm1d`).

    Args:
        num_features (int): ``C``. eps, momentum, affine, track_running_stats, device,
            dtype, bias: as :class:`BatchNorm1d`.

    Returns:
        BatchNorm2d: forward maps ``(N, C, H, W)`` to the same shape.

    Raises:
        ValueError: in forward, an input that is not 4-d.
        RuntimeError: in forward, ``C != num_features``.

    Source: ``torch.nn.BatchNorm2d``.

    Example::

        >>> pyt.nn.BatchNorm2d(3)(pyt.randn(2, 3, 4, 4)).shape
        pyt.Size([2, 3, 4, 4])
    """

    def _check_input_dim(self, input):
        if input.dim() != 4:
            raise ValueError(f"expected 4D input (got {input.dim()}D input)")


class BatchNorm3d(_BatchNorm):
    """Batch normalisation over a 5-d ``(N, C, D, H, W)`` input (see :class:`BatchNorm1d`).

    Args:
        num_features (int): ``C``. Other arguments as :class:`BatchNorm1d`.

    Returns:
        BatchNorm3d: forward maps ``(N, C, D, H, W)`` to the same shape.

    Raises:
        ValueError: in forward, an input that is not 5-d.

    Source: ``torch.nn.BatchNorm3d``.

    Example::

        >>> pyt.nn.BatchNorm3d(2)(pyt.randn(2, 2, 2, 2, 2)).shape
        pyt.Size([2, 2, 2, 2, 2])
    """

    def _check_input_dim(self, input):
        if input.dim() != 5:
            raise ValueError(f"expected 5D input (got {input.dim()}D input)")
