"""Upsampling layers (torch/nn/modules/upsampling.py)."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]


class Upsample(Module):
    """Resample a batch of signals, images or volumes (see :func:`pyt.nn.functional.interpolate`).

    Args:
        size (int or tuple, optional): output spatial size.
        scale_factor (float or tuple, optional): spatial multiplier; give one of size and
            scale_factor.
        mode (str): ``"nearest"``, ``"nearest-exact"``, ``"linear"``, ``"bilinear"``,
            ``"bicubic"``, ``"trilinear"``. Default ``"nearest"``.
        align_corners (bool, optional): for linear and cubic modes. Default ``None``.
        recompute_scale_factor (bool, optional): see interpolate.

    Returns:
        Upsample: forward maps ``(N, C, *in)`` to ``(N, C, *out)``.

    Raises:
        ValueError / NotImplementedError: at forward, as interpolate.

    Source: ``torch.nn.Upsample``.

    Example::

        >>> pyt.nn.Upsample(scale_factor=2, mode="bilinear")(pyt.randn(1, 1, 2, 2)).shape
        pyt.Size([1, 1, 4, 4])
    """

    __constants__ = [
        "size",
        "scale_factor",
        "mode",
        "align_corners",
        "name",
        "recompute_scale_factor",
    ]

    def __init__(
        self,
        size=None,
        scale_factor=None,
        mode="nearest",
        align_corners=None,
        recompute_scale_factor=None,
    ):
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        if isinstance(scale_factor, tuple):
            self.scale_factor = tuple(float(factor) for factor in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        """Resample ``input``.

        Args:
            input (Tensor): ``(N, C, *spatial)``.

        Returns:
            Tensor: ``(N, C, *out)``.

        Raises:
            ValueError / NotImplementedError: as interpolate.

        Source: ``torch.nn.Upsample.forward``.

        Example::

            >>> pyt.nn.Upsample(size=3)(pyt.randn(1, 1, 2)).shape
            pyt.Size([1, 1, 3])
        """
        return F.interpolate(
            input,
            self.size,
            self.scale_factor,
            self.mode,
            self.align_corners,
            recompute_scale_factor=self.recompute_scale_factor,
        )

    def extra_repr(self):
        if self.scale_factor is not None:
            info = "scale_factor=" + repr(self.scale_factor)
        else:
            info = "size=" + repr(self.size)
        info += ", mode=" + repr(self.mode)
        return info


class UpsamplingNearest2d(Upsample):
    """2-D nearest-neighbour upsampling (``Upsample(mode="nearest")``).

    Args:
        size (int or tuple, optional): output size.
        scale_factor (float or tuple, optional): multiplier.

    Returns:
        UpsamplingNearest2d: the layer.

    Raises:
        ValueError: at forward, both or neither of size and scale_factor.

    Source: ``torch.nn.UpsamplingNearest2d``.

    Example::

        >>> pyt.nn.UpsamplingNearest2d(scale_factor=2)(pyt.randn(1, 1, 2, 2)).shape
        pyt.Size([1, 1, 4, 4])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """2-D bilinear upsampling with ``align_corners=True``.

    Args:
        size (int or tuple, optional): output size.
        scale_factor (float or tuple, optional): multiplier.

    Returns:
        UpsamplingBilinear2d: the layer.

    Raises:
        ValueError: at forward, both or neither of size and scale_factor.

    Source: ``torch.nn.UpsamplingBilinear2d``.

    Example::

        >>> pyt.nn.UpsamplingBilinear2d(scale_factor=2)(pyt.randn(1, 1, 2, 2)).shape
        pyt.Size([1, 1, 4, 4])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
