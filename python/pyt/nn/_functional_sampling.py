"""Sampling functions of ``pyt.nn.functional``: ``grid_sample`` and ``affine_grid``.

Both check their Python-level arguments as torch does (``torch/nn/functional.py``: mode and
padding names, the ``align_corners`` default warning, theta's shape) and call one C++ op in
``pyt._C._nn`` with a C++ backward. Re-exported from ``pyt.nn.functional``.
"""

import warnings

from pyt import _C

__all__ = ["grid_sample", "affine_grid"]

_ALIGN_WARNING = (
    "Default grid_sample and affine_grid behavior has changed "
    "to align_corners=False since 1.3.0. Please specify "
    "align_corners=True if the old behavior is desired. "
    "See the documentation of grid_sample for details."
)


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample ``input`` at the normalized locations of ``grid`` (spatial transformer networks).

    ``grid[n, h, w] = (x, y)`` in ``[-1, 1]`` picks the point of ``input[n]`` where ``x = -1``
    is the left edge and ``y = -1`` the top edge (with ``align_corners=True`` the centres of the
    corner pixels, else their outer corners); ``output[n, :, h, w]`` is the input interpolated
    there. Points outside the input take values by ``padding_mode``.

    Args:
        input (Tensor): ``(N, C, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``; float32,
            float64 (float16/bfloat16 compute in float32).
        grid (Tensor): ``(N, H_out, W_out, 2)`` or ``(N, D_out, H_out, W_out, 3)``, input's dtype.
        mode (str): ``'bilinear'`` (trilinear for 5-D), ``'nearest'`` (half to even) or
            ``'bicubic'`` (4-D only; cubic convolution, A = -0.75). Default ``'bilinear'``.
        padding_mode (str): ``'zeros'``, ``'border'`` (clamp to the edge) or ``'reflection'``
            (mirror at the edges). Default ``'zeros'``.
        align_corners (bool, optional): see above. Default ``None``: ``False`` with torch's
            UserWarning.

    Returns:
        Tensor: ``(N, C, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``; grad_fn
        ``GridSampler2DBackward0`` / ``GridSampler3DBackward0`` (gradients for input and grid,
        bitwise identical for any thread count).

    Raises:
        ValueError: an unknown ``mode`` or ``padding_mode``.
        RuntimeError: batch sizes differ, ``grid.shape[-1] != input.dim() - 2``, empty spatial
            input dims, input not 4-D/5-D or grid of another rank, bicubic on 5-D input,
            input and grid dtypes differ.
        NotImplementedError: integer dtypes.

    Source: ``torch.nn.functional.grid_sample``; Jaderberg et al., "Spatial Transformer
    Networks" (2015).

    Example::

        >>> img = pyt.arange(4.0).view(1, 1, 2, 2)
        >>> F.grid_sample(img, pyt.zeros(1, 1, 1, 2), align_corners=False)
        tensor([[[[1.5000]]]])
    """
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(
            "nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or "
            f"'bicubic', but got: '{mode}'"
        )
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(
            "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
            f"'reflection', but got: '{padding_mode}'"
        )
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    return _C._nn.grid_sample(input, grid, mode, padding_mode, bool(align_corners))


def affine_grid(theta, size, align_corners=None):
    """The sampling grid of a batch of affine matrices, for :func:`grid_sample`.

    ``grid[n, h, w] = theta[n] @ (x_w, y_h, 1)`` where ``x_w`` and ``y_h`` run over
    ``[-1, 1]`` (the pixel centres ``(2 i + 1) / W - 1`` unless ``align_corners``).

    Args:
        theta (Tensor): ``(N, 2, 3)`` for a 4-D ``size`` or ``(N, 3, 4)`` for a 5-D one;
            floating (float16/bfloat16 compute in float32).
        size (list of int): the target ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
        align_corners (bool, optional): as in :func:`grid_sample`. Default ``None``:
            ``False`` with torch's UserWarning.

    Returns:
        Tensor: ``(N, H, W, 2)`` or ``(N, D, H, W, 3)``, theta's dtype; grad_fn
        ``AffineGridGeneratorBackward0`` (double backward works).

    Raises:
        ValueError: non-floating theta, a theta shape that does not match ``size``, a
            non-positive size.
        NotImplementedError: ``size`` of length other than 4 or 5.
        RuntimeError: theta's batch size differs from ``size[0]``.

    Source: ``torch.nn.functional.affine_grid``.

    Example::

        >>> F.affine_grid(pyt.eye(2, 3).unsqueeze(0), [1, 1, 2, 2], align_corners=False)[0, 0]
        tensor([[-0.5000, -0.5000],
                [ 0.5000, -0.5000]])
    """
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    shown = size
    size = [int(s) for s in size]
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(
                "Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                f"{shown}. Got {theta.shape}."
            )
        spatial = size[-2:]
    elif len(size) == 5:
        if theta.dim() != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(
                "Expected a batch of 3D affine matrices of shape Nx3x4 for size "
                f"{shown}. Got {theta.shape}."
            )
        spatial = size[-3:]
    else:
        raise NotImplementedError(
            "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
            f"respectively. Got size {shown}."
        )
    if align_corners and min(spatial) == 1:
        warnings.warn(
            "Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
            "align_corners=True. This is not an intended use case of affine_grid. See the "
            "documentation of affine_grid for details.",
            stacklevel=2,
        )
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {shown}")
    return _C._nn.affine_grid(theta, size, bool(align_corners))
