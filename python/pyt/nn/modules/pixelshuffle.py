"""PixelShuffle and PixelUnshuffle (torch/nn/modules/pixelshuffle.py)."""

from pyt.nn import functional as F
from pyt.nn.modules.module import Module

__all__ = ["PixelShuffle", "PixelUnshuffle"]


class PixelShuffle(Module):
    """Rearrange ``(*, C*r*r, H, W)`` into ``(*, C, H*r, W*r)`` (Shi et al. 2016).

    Args:
        upscale_factor (int): ``r``.

    Returns:
        PixelShuffle: the layer.

    Raises:
        RuntimeError: at forward, channels not divisible by ``r*r``.

    Source: ``torch.nn.PixelShuffle``.

    Example::

        >>> pyt.nn.PixelShuffle(3)(pyt.randn(1, 9, 4, 4)).shape
        pyt.Size([1, 1, 12, 12])
    """

    __constants__ = ["upscale_factor"]

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        """Shuffle ``input``.

        Args:
            input (Tensor): ``(*, C*r*r, H, W)``.

        Returns:
            Tensor: ``(*, C, H*r, W*r)``.

        Raises:
            RuntimeError: channels not divisible by ``r*r``.

        Source: ``torch.nn.PixelShuffle.forward``.

        Example::

            >>> pyt.nn.PixelShuffle(2)(pyt.randn(4, 1, 1)).shape
            pyt.Size([1, 2, 2])
        """
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """Rearrange ``(*, C, H*r, W*r)`` into ``(*, C*r*r, H, W)``, the inverse of PixelShuffle.

    Args:
        downscale_factor (int): ``r``.

    Returns:
        PixelUnshuffle: the layer.

    Raises:
        RuntimeError: at forward, H or W not divisible by ``r``.

    Source: ``torch.nn.PixelUnshuffle``.

    Example::

        >>> pyt.nn.PixelUnshuffle(3)(pyt.randn(1, 1, 12, 12)).shape
        pyt.Size([1, 9, 4, 4])
    """

    __constants__ = ["downscale_factor"]

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        """Unshuffle ``input``.

        Args:
            input (Tensor): ``(*, C, H*r, W*r)``.

        Returns:
            Tensor: ``(*, C*r*r, H, W)``.

        Raises:
            RuntimeError: H or W not divisible by ``r``.

        Source: ``torch.nn.PixelUnshuffle.forward``.

        Example::

            >>> pyt.nn.PixelUnshuffle(2)(pyt.randn(1, 2, 2)).shape
            pyt.Size([4, 1, 1])
        """
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"
