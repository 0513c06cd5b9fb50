"""``pyt.vision.transforms``: image transforms with torchvision's names, signatures and
defaults (torchvision/transforms/transforms.py, v1 API, tensor code paths).

Inputs are pyt tensors of shape ``(..., C, H, W)`` (an image ``(C, H, W)``, a batch
``(N, C, H, W)``; ``(H, W)`` where torchvision allows it) or numpy arrays of the same layout,
for which the result is a numpy array again (``ToTensor`` is the exception: it takes an
``(H, W, C)`` numpy array or a PIL image and returns a tensor). Random transforms draw from
pyt's generator (``pyt.rand``, ``pyt.randint``, ``pyt.randperm``, ``uniform_``), so
``pyt.manual_seed`` makes them repeatable; one draw applies to a whole batch, as torchvision.

The geometric ops are written with pyt ops (``index_select``, ``narrow``, ``cat``, ``mul``,
``add``, ``where``), so on float tensors they are differentiable like torchvision's; numpy
(imported lazily, never by ``import pyt``) only computes the small index and weight tables and
rounds integer results.

Differences from torchvision (all documented at the class):

* ``Resize`` implements ``NEAREST`` and ``BILINEAR`` (with or without antialias);
  ``RandomRotation`` implements ``NEAREST``; other modes raise ``NotImplementedError``.
* ``ColorJitter`` implements brightness, contrast and saturation; a non-zero ``hue`` raises
  ``NotImplementedError``.
* Padding modes ``reflect`` / ``symmetric`` accept paddings larger than the image (they keep
  reflecting) where torch raises.
* ``ToTensor`` turns 16-bit data (numpy ``uint16``, PIL ``I;16``) into ``int32``: pyt has no
  ``uint16``.

Example::

    >>> from pyt.vision import transforms as T
    >>> tf = T.Compose([T.ToTensor(), T.RandomHorizontalFlip(), T.Normalize([0.5], [0.25])])
    >>> x = tf(numpy_uint8_image_hwc)  # float32 (C, H, W)
"""

import math
import numbers
import sys
from collections.abc import Sequence
from enum import Enum

import pyt
from pyt import _C
from pyt.nn.modules.module import Module

__all__ = [
    "InterpolationMode",
    "Compose",
    "ToTensor",
    "Normalize",
    "Resize",
    "CenterCrop",
    "RandomCrop",
    "RandomHorizontalFlip",
    "RandomRotation",
    "ColorJitter",
    "Lambda",
]


class InterpolationMode(Enum):
    """Interpolation modes (torchvision.transforms.InterpolationMode).

    pyt implements ``NEAREST`` and ``BILINEAR``; the others exist so that code naming them
    imports, and raise ``NotImplementedError`` when used.

    Example::

        >>> T.Resize(32, interpolation=T.InterpolationMode.NEAREST)
    """

    NEAREST = "nearest"
    NEAREST_EXACT = "nearest-exact"
    BILINEAR = "bilinear"
    BICUBIC = "bicubic"
    BOX = "box"
    HAMMING = "hamming"
    LANCZOS = "lanczos"


# Pillow's integer constants, accepted by torchvision for backward compatibility.
_PIL_INTERPOLATION = {
    0: InterpolationMode.NEAREST,
    2: InterpolationMode.BILINEAR,
    3: InterpolationMode.BICUBIC,
    4: InterpolationMode.BOX,
    5: InterpolationMode.HAMMING,
    1: InterpolationMode.LANCZOS,
}


def _interpolation(mode, op):
    """An InterpolationMode from a mode, its string value or a Pillow integer constant."""
    if isinstance(mode, InterpolationMode):
        return mode
    if isinstance(mode, int) and not isinstance(mode, bool) and mode in _PIL_INTERPOLATION:
        return _PIL_INTERPOLATION[mode]
    if isinstance(mode, str):
        for m in InterpolationMode:
            if m.value == mode:
                return m
    raise TypeError(
        f"{op}: argument interpolation should be a InterpolationMode or a corresponding Pillow "
        f"integer constant, got {mode!r}"
    )


def _np():
    import numpy  # lazy: `import pyt` must not import numpy

    return numpy


def _is_numpy(x):
    np = sys.modules.get("numpy")
    return np is not None and isinstance(x, np.ndarray)


def _is_pil_image(x):
    image = sys.modules.get("PIL.Image")
    return image is not None and isinstance(x, image.Image)


def _as_tensor(img, op):
    """``(tensor, was_numpy)``: a pyt tensor viewing ``img`` (numpy arrays share memory)."""
    if isinstance(img, _C.Tensor):
        return img, False
    if _is_numpy(img):
        np = _np()
        arr = img if img.flags.c_contiguous else np.ascontiguousarray(img)
        try:
            return pyt.from_numpy(arr), True
        except TypeError:
            raise TypeError(
                f"{op}: expected a numpy array of a pyt dtype (bool, uint8, int8/16/32/64, "
                f"float16/32/64), got dtype {img.dtype}"
            ) from None
    raise TypeError(f"{op}: img should be a pyt Tensor or a numpy array, got {type(img)}")


def _as_output(t, was_numpy):
    return t.detach().numpy().copy() if was_numpy else t


def _assert_image(t, op):
    if t.dim() < 2:
        raise TypeError(
            f"{op}: expected a tensor image of shape (..., H, W), got shape {tuple(t.shape)}"
        )


def _dimensions(t):
    """``[C, H, W]`` of an image tensor (C is 1 for a 2-d image)."""
    channels = 1 if t.dim() == 2 else t.shape[-3]
    return [channels, t.shape[-2], t.shape[-1]]


def _max_value(dtype):
    return {
        pyt.uint8: 255,
        pyt.int8: 127,
        pyt.int16: 32767,
        pyt.int32: 2147483647,
        pyt.int64: 9223372036854775807,
    }.get(dtype, 1)


def _round_to(t, dtype):
    """Round half to even (torch.round) and cast; used for integer image results."""
    np = _np()
    return pyt.from_numpy(np.rint(t.detach().numpy())).to(dtype)


def _setup_size(size, error_msg):
    if isinstance(size, numbers.Number):
        return int(size), int(size)
    if isinstance(size, Sequence) and len(size) == 1:
        return size[0], size[0]
    if len(size) != 2:
        raise ValueError(error_msg)
    return size


def _check_sequence_input(x, name, req_sizes):
    msg = req_sizes[0] if len(req_sizes) < 2 else " or ".join([str(s) for s in req_sizes])
    if not isinstance(x, Sequence):
        raise TypeError(f"{name} should be a sequence of length {msg}.")
    if len(x) not in req_sizes:
        raise ValueError(f"{name} should be a sequence of length {msg}.")


def _setup_angle(x, name, req_sizes=(2,)):
    if isinstance(x, numbers.Number):
        if x < 0:
            raise ValueError(f"If {name} is a single number, it must be positive.")
        x = [-x, x]
    else:
        _check_sequence_input(x, name, req_sizes)
    return [float(d) for d in x]


class Compose:
    """Apply transforms one after the other.

    Args:
        transforms (list of callables): the transforms, applied in order.

    Returns:
        Compose: a callable; ``Compose(ts)(img)`` is ``ts[-1](...ts[0](img))``.

    Raises:
        Whatever a transform raises.

    Source: ``torchvision.transforms.Compose``.

    Example::

        >>> tf = T.Compose([T.CenterCrop(24), T.ToTensor()])
        >>> tf(numpy_image).shape
        pyt.Size([3, 24, 24])
    """

    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        format_string = self.__class__.__name__ + "("
        for t in self.transforms:
            format_string += "\n"
            format_string += f"    {t}"
        format_string += "\n)"
        return format_string


class ToTensor:
    """Convert a PIL image or an ``(H, W, C)`` / ``(H, W)`` numpy array to a ``(C, H, W)``
    tensor; ``uint8`` data (and PIL modes stored as bytes) become the default float dtype
    divided by 255, so values lie in [0, 1]; other dtypes are kept as they are.

    Args:
        pic (PIL.Image or numpy.ndarray): ``(H, W, C)`` or ``(H, W)``; PIL is only needed
            (and imported) if you pass PIL images.

    Returns:
        Tensor: ``(C, H, W)``, a copy; float32 in [0, 1] for uint8 input.

    Raises:
        TypeError: ``pic`` is neither a PIL image nor a numpy array ("pic should be PIL Image
            or ndarray").
        ValueError: a numpy array that is not 2-d or 3-d.

    Differences: 16-bit data (numpy ``uint16``, PIL ``I;16``) becomes ``int32``.

    Source: ``torchvision.transforms.ToTensor`` (``F.to_tensor``).

    Example::

        >>> T.ToTensor()(numpy.full((2, 2, 3), 255, numpy.uint8))[:, 0, 0]
        tensor([1., 1., 1.])
    """

    def __call__(self, pic):
        if not (_is_pil_image(pic) or _is_numpy(pic)):
            raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
        np = _np()
        if _is_numpy(pic):
            if pic.ndim not in (2, 3):
                raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
            arr = pic[:, :, None] if pic.ndim == 2 else pic
        else:
            mode_to_nptype = {"I": np.int32, "I;16": np.int32, "I;16B": np.int32, "F": np.float32}
            arr = np.array(pic, mode_to_nptype.get(pic.mode, np.uint8), copy=True)
            if pic.mode == "1":
                arr = arr * np.uint8(255)
            arr = arr.reshape(pic.size[1], pic.size[0], len(pic.getbands()))
        if arr.dtype == np.uint16:
            arr = arr.astype(np.int32)
        img = pyt.tensor(np.ascontiguousarray(arr.transpose((2, 0, 1))))
        if img.dtype == pyt.uint8:
            return img.to(pyt.get_default_dtype()).div(255)
        return img

    def __repr__(self):
        return f"{self.__class__.__name__}()"


class Normalize(Module):
    """Normalize each channel: ``out[c] = (input[c] - mean[c]) / std[c]``.

    Args:
        mean (sequence): per-channel means (or one number for all channels).
        std (sequence): per-channel standard deviations.
        inplace (bool): overwrite the input (a numpy input is modified through the shared
            memory and returned). Default ``False``.

    Shape:
        input ``(..., C, H, W)`` float tensor or numpy array; output the same.

    Returns:
        Tensor or numpy.ndarray: the normalized image, of the input's dtype (subtraction and
        division in that dtype, as torchvision, so the values are torch's exactly).

    Raises:
        TypeError: not a tensor/array, or not floating point ("Input tensor should be a float
            tensor").
        ValueError: fewer than 3 dimensions, or a std that is zero in the input's dtype.

    Source: ``torchvision.transforms.Normalize`` (``F.normalize``).

    Example::

        >>> T.Normalize(mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5])(pyt.ones(3, 2, 2))[0, 0, 0]
        tensor(1.)
    """

    def __init__(self, mean, std, inplace=False):
        super().__init__()
        self.mean = mean
        self.std = std
        self.inplace = inplace

    def forward(self, tensor):
        t, was_numpy = _as_tensor(tensor, "Normalize")
        _assert_image(t, "Normalize")
        if not t.is_floating_point():
            raise TypeError(f"Input tensor should be a float tensor. Got {t.dtype}.")
        if t.dim() < 3:
            raise ValueError(
                "Expected tensor to be a tensor image of size (..., C, H, W). Got "
                f"tensor.size() = {t.size()}"
            )
        dtype = t.dtype
        mean = pyt.as_tensor(self.mean, dtype=dtype)
        std = pyt.as_tensor(self.std, dtype=dtype)
        if int((std == 0).sum().item()) != 0:
            raise ValueError(
                f"std evaluated to zero after conversion to {dtype}, leading to division by zero."
            )
        if mean.dim() == 1:
            mean = mean.reshape(-1, 1, 1)
        if std.dim() == 1:
            std = std.reshape(-1, 1, 1)
        if self.inplace:
            t.sub_(mean).div_(std)
            if was_numpy and not tensor.flags.c_contiguous:  # t was a contiguous copy
                tensor[...] = t.numpy()
            return tensor
        return _as_output((t - mean) / std, was_numpy)

    def __repr__(self):
        return f"{self.__class__.__name__}(mean={self.mean}, std={self.std})"


# ---------------------------------------------------------------------------------------------
# Resize
#
# Note [Resize weights]
# A resize is separable: along each resized axis, out[i] = sum_k x[idx[i, k]] * w[i, k]. The
# tables are those of torch.nn.functional.interpolate (align_corners=False), computed in the
# image's float dtype:
#   nearest:  idx = min(floor(i * (in / out)), in - 1)       (float32 scale, as ATen)
#   bilinear: src = max((in / out) * (i + 0.5) - 0.5, 0), i0 = min(floor(src), in - 1),
#             i1 = i0 + (i0 < in - 1), lambda = src - i0, weights (1 - lambda, lambda)
#   antialias (PIL's triangle filter, widened by the scale when shrinking):
#             center = scale * (i + 0.5), support = scale if scale >= 1 else 1,
#             taps xmin .. xmin + xsize - 1, w = max(0, 1 - |(j + xmin - center + 0.5) / s|),
#             normalized to sum 1.
# The width is resized first, then the height, each a plain sum of products in tap order
# (pyt ops, so float images keep autograd). Nearest results equal torch's exactly. Bilinear
# results differ from torch's in the last bits (a few float32 ulps, about 4e-7 at most on
# [0, 1] data): ATen's kernels use fused multiply-adds and pick a channels-last kernel with
# product weights w_h * w_w for some channel counts, so no single order of pyt ops reproduces
# them bit for bit. Antialias rows shorter than the widest one are padded with weight-0 taps,
# so an inf pixel there turns the output into NaN where torch keeps inf.
# ---------------------------------------------------------------------------------------------


def _nearest_table(n_in, n_out, ft):
    np = _np()
    if n_out == n_in:
        idx = np.arange(n_out)
    elif n_out == 2 * n_in:
        idx = np.arange(n_out) >> 1
    else:
        scale = np.float32(n_in) / np.float32(n_out)  # ATen computes nearest scales in float
        idx = np.minimum(np.floor(np.arange(n_out).astype(np.float32) * scale).astype(np.int64),
                         n_in - 1)
    return idx.reshape(-1, 1).astype(np.int64), np.ones((n_out, 1), dtype=ft)


def _bilinear_table(n_in, n_out, ft):
    np = _np()
    scale = ft(n_in) / ft(n_out)
    src = scale * (np.arange(n_out).astype(ft) + ft(0.5)) - ft(0.5)
    src = np.where(src < 0, ft(0), src).astype(ft)
    i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    lam = np.clip(src - i0.astype(ft), ft(0), ft(1)).astype(ft)
    i1 = i0 + (i0 < n_in - 1).astype(np.int64)
    idx = np.stack([i0, i1], axis=1)
    w = np.stack([ft(1) - lam, lam], axis=1).astype(ft)
    return idx, w


def _antialias_table(n_in, n_out, ft):
    np = _np()
    scale = ft(n_in) / ft(n_out)
    support = ft(1.0 * float(scale)) if scale >= 1.0 else ft(1.0)
    invscale = ft(1.0 / float(scale)) if scale >= 1.0 else ft(1.0)
    max_taps = int(math.ceil(float(support))) * 2 + 1
    idx = np.zeros((n_out, max_taps), dtype=np.int64)
    w = np.zeros((n_out, max_taps), dtype=ft)
    for i in range(n_out):
        center = ft(float(scale) * (i + 0.5))
        xmin = max(int(float(center - support) + 0.5), 0)
        xsize = min(int(float(center + support) + 0.5), n_in) - xmin
        xsize = min(max(xsize, 0), max_taps)
        total = ft(0)
        for j in range(xsize):
            arg = ft((float(ft(j + xmin) - center) + 0.5) * float(invscale))
            a = abs(arg)
            wj = ft(1.0 - float(a)) if a < 1.0 else ft(0)
            w[i, j] = wj
            total = ft(total + wj)
        if total != 0:
            w[i, :xsize] = (w[i, :xsize] / total).astype(ft)
        idx[i, :] = xmin
        idx[i, :xsize] = np.arange(xmin, xmin + xsize)
    return idx, w


def _resample_axis(x, dim, idx, w):
    """``out[..., i, ...] = sum_k x[..., idx[i, k], ...] * w[i, k]`` along ``dim`` (-1 or -2),
    summing the taps in order."""
    out = None
    for k in range(idx.shape[1]):
        wk = pyt.from_numpy(w[:, k].copy())
        if dim == -2:
            wk = wk.reshape(-1, 1)
        term = x.index_select(dim, pyt.from_numpy(idx[:, k].copy()))
        if not (w.shape[1] == 1 and bool((w == 1).all())):
            term = term * wk
        out = term if out is None else out + term
    return out


def _resize(t, oh, ow, mode, antialias):
    np = _np()
    out_dtype = t.dtype
    need_cast = out_dtype not in (pyt.float32, pyt.float64)
    x = t.to(pyt.float32) if need_cast else t
    ft = np.float64 if x.dtype == pyt.float64 else np.float32
    h, w = x.shape[-2], x.shape[-1]
    if mode is InterpolationMode.NEAREST:
        table = _nearest_table
    elif antialias:
        table = _antialias_table
    else:
        table = _bilinear_table
    if ow != w:
        x = _resample_axis(x, -1, *table(w, ow, ft))
    if oh != h:
        x = _resample_axis(x, -2, *table(h, oh, ft))
    if need_cast:
        if out_dtype in (pyt.uint8, pyt.int8, pyt.int16, pyt.int32, pyt.int64):
            return _round_to(x, out_dtype)
        return x.to(out_dtype)
    return x


def _compute_resized_output_size(image_size, size, max_size=None):
    h, w = image_size
    short, long = (w, h) if w <= h else (h, w)
    if len(size) == 1:  # the smaller edge
        requested_new_short = size if isinstance(size, int) else size[0]
        new_short, new_long = requested_new_short, int(requested_new_short * long / short)
        if max_size is not None:
            if max_size <= requested_new_short:
                raise ValueError(
                    f"max_size = {max_size} must be strictly greater than the requested size "
                    f"for the smaller edge size = {size}"
                )
            if new_long > max_size:
                new_short, new_long = int(max_size * new_short / new_long), max_size
        new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    else:
        new_w, new_h = size[1], size[0]
    return [new_h, new_w]


class Resize(Module):
    """Resize the image to ``size``.

    Args:
        size (int or sequence): ``(h, w)``, or the length of the smaller edge (an int or a
            1-sequence), the other edge following the aspect ratio:
            ``int(size * long / short)``.
        interpolation (InterpolationMode): ``NEAREST`` or ``BILINEAR`` (default); a string
            value (``"bilinear"``) or a Pillow integer constant is accepted too.
        max_size (int, optional): bound on the longer edge when ``size`` gives the smaller.
        antialias (bool): for ``BILINEAR``, widen the filter when shrinking (PIL-like, the
            torchvision default ``True``); ``False`` is plain bilinear interpolation (the
            ``align_corners=False`` grid of ``torch.nn.functional.interpolate``).

    Shape:
        input ``(..., H, W)`` tensor or numpy array; output ``(..., H_out, W_out)``.

    Returns:
        Tensor or numpy.ndarray of the input's dtype: float images are interpolated in their
        dtype (float16 via float32); integer images via float32, rounded half to even. An
        image already of the target size is returned as is.

    Raises:
        TypeError: ``size`` is neither an int nor a sequence; an unknown interpolation; an
            input that is not an image.
        ValueError: a ``size`` sequence of length other than 1 or 2; ``max_size`` with a
            2-sequence size or not larger than the requested edge.
        NotImplementedError: an interpolation other than nearest or bilinear.

    Differences: the interpolation weights are ATen's (see Note [Resize weights] in the
    source); nearest results equal torchvision's exactly, bilinear ones (with or without
    antialias) agree with ``torch.nn.functional.interpolate`` to a few float32 ulps (ATen
    uses fused multiply-adds). uint8 images are resized in float32 and rounded, as
    torchvision's v1 tensor path; torchvision versions with a native uint8 kernel may differ
    by 1.

    Source: ``torchvision.transforms.Resize`` (``F.resize`` on tensors).

    Example::

        >>> T.Resize((4, 6), antialias=False)(pyt.rand(3, 8, 8)).shape
        pyt.Size([3, 4, 6])
    """

    def __init__(self, size, interpolation=InterpolationMode.BILINEAR, max_size=None,
                 antialias=True):
        super().__init__()
        if not isinstance(size, (int, Sequence)):
            raise TypeError(f"Size should be int or sequence. Got {type(size)}")
        if isinstance(size, Sequence) and len(size) not in (1, 2):
            raise ValueError("If size is a sequence, it should have 1 or 2 values")
        self.size = size
        self.max_size = max_size
        self.interpolation = _interpolation(interpolation, "Resize")
        self.antialias = antialias

    def forward(self, img):
        t, was_numpy = _as_tensor(img, "Resize")
        _assert_image(t, "Resize")
        mode = self.interpolation
        if mode not in (InterpolationMode.NEAREST, InterpolationMode.BILINEAR):
            raise NotImplementedError(
                f"Resize: interpolation {mode.value} is not implemented in pyt "
                "(nearest and bilinear are)"
            )
        size = self.size
        if isinstance(size, Sequence) and self.max_size is not None and len(size) != 1:
            raise ValueError(
                "max_size should only be passed if size specifies the length of the smaller "
                "edge, i.e. size should be an int or a sequence of length 1 in torchscript mode."
            )
        if isinstance(size, int):
            size = [size]
        h, w = t.shape[-2], t.shape[-1]
        oh, ow = _compute_resized_output_size((h, w), size, self.max_size)
        if [h, w] == [oh, ow]:
            return img
        out = _resize(t, oh, ow, mode, bool(self.antialias) and mode is InterpolationMode.BILINEAR)
        return _as_output(out, was_numpy)

    def __repr__(self):
        detail = (
            f"(size={self.size}, interpolation={self.interpolation.value}, "
            f"max_size={self.max_size}, antialias={self.antialias})"
        )
        return f"{self.__class__.__name__}{detail}"


# ---------------------------------------------------------------------------------------------
# Padding and cropping
# ---------------------------------------------------------------------------------------------


def _source_index(p, n, mode):
    """The source index of padded position ``p`` (may be outside [0, n)) for a padding mode."""
    if mode == "edge":
        return min(max(p, 0), n - 1)
    if mode == "reflect":
        if n == 1:
            return 0
        period = 2 * (n - 1)
        p = abs(p) % period
        return period - p if p >= n else p
    p %= 2 * n  # symmetric
    return 2 * n - 1 - p if p >= n else p


def _pad_dim(t, dim, before, after, mode, fill):
    n = t.shape[dim]
    if mode == "constant":
        if before < 0:
            t, n, before = t.narrow(dim, -before, n + before), n + before, 0
        if after < 0:
            t, n, after = t.narrow(dim, 0, n + after), n + after, 0
        parts = []
        for amount in (before, None, after):
            if amount is None:
                parts.append(t)
            elif amount > 0:
                shape = list(t.shape)
                shape[dim] = amount
                parts.append(pyt.full(shape, fill, dtype=t.dtype))
        return pyt.cat(parts, dim) if len(parts) > 1 else t
    index = [_source_index(p, n, mode) for p in range(-before, n + after)]
    return t.index_select(dim, pyt.tensor(index, dtype=pyt.int64))


def _pad(t, padding, fill=0, padding_mode="constant"):
    """torchvision's ``F.pad`` on a tensor: ``padding`` is an int, ``[all]``,
    ``[left/right, top/bottom]`` or ``[left, top, right, bottom]`` (negative values crop)."""
    if fill is None:
        fill = 0
    if not isinstance(padding, (int, tuple, list)):
        raise TypeError("Got inappropriate padding arg")
    if not isinstance(fill, (int, float)):
        raise TypeError("Got inappropriate fill arg")
    if not isinstance(padding_mode, str):
        raise TypeError("Got inappropriate padding_mode arg")
    if isinstance(padding, (tuple, list)) and len(padding) not in (1, 2, 4):
        raise ValueError(
            "Padding must be an int or a 1, 2, or 4 element tuple, not a "
            f"{len(padding)} element tuple"
        )
    if padding_mode not in ("constant", "edge", "reflect", "symmetric"):
        raise ValueError("Padding mode should be either constant, edge, reflect or symmetric")
    if isinstance(padding, int):
        left = right = top = bottom = padding
    elif len(padding) == 1:
        left = right = top = bottom = padding[0]
    elif len(padding) == 2:
        left = right = padding[0]
        top = bottom = padding[1]
    else:
        left, top, right, bottom = padding
    t = _pad_dim(t, -1, left, right, padding_mode, fill)
    return _pad_dim(t, -2, top, bottom, padding_mode, fill)


def _crop(t, top, left, height, width):
    """``t[..., top:top+height, left:left+width]``, zero-padded where the box leaves the image."""
    h, w = t.shape[-2], t.shape[-1]
    right, bottom = left + width, top + height
    if left < 0 or top < 0 or right > w or bottom > h:
        padding_ltrb = [
            max(-left + min(0, right), 0),
            max(-top + min(0, bottom), 0),
            max(right - max(w, left), 0),
            max(bottom - max(h, top), 0),
        ]
        y0, x0 = max(top, 0), max(left, 0)
        inner = t.narrow(-2, y0, max(min(bottom, h) - y0, 0)).narrow(
            -1, x0, max(min(right, w) - x0, 0)
        )
        return _pad(inner, padding_ltrb, fill=0)
    return t.narrow(-2, top, height).narrow(-1, left, width)


class CenterCrop(Module):
    """Crop the center ``(h, w)`` box; an image smaller than the box is first zero-padded
    (half on each side, the extra pixel right/bottom).

    The box's corner is ``int(round((H - h) / 2))``, ``int(round((W - w) / 2))`` with
    Python's round (half to even), as torchvision.

    Args:
        size (int or sequence): ``(h, w)``, or one number for a square box.

    Shape:
        input ``(..., H, W)`` tensor or numpy array; output ``(..., h, w)``.

    Returns:
        Tensor or numpy.ndarray of the input's dtype (a view of the input tensor when no
        padding is needed).

    Raises:
        ValueError: a size sequence of length other than 1 or 2.
        TypeError: an input that is not an image.

    Source: ``torchvision.transforms.CenterCrop`` (``F.center_crop``).

    Example::

        >>> T.CenterCrop(2)(pyt.arange(16.).reshape(1, 4, 4))
        tensor([[[ 5.,  6.],
                 [ 9., 10.]]])
    """

    def __init__(self, size):
        super().__init__()
        self.size = _setup_size(
            size, error_msg="Please provide only two dimensions (h, w) for size."
        )

    def forward(self, img):
        t, was_numpy = _as_tensor(img, "CenterCrop")
        _assert_image(t, "CenterCrop")
        crop_height, crop_width = self.size
        image_height, image_width = t.shape[-2], t.shape[-1]
        if crop_width > image_width or crop_height > image_height:
            padding_ltrb = [
                (crop_width - image_width) // 2 if crop_width > image_width else 0,
                (crop_height - image_height) // 2 if crop_height > image_height else 0,
                (crop_width - image_width + 1) // 2 if crop_width > image_width else 0,
                (crop_height - image_height + 1) // 2 if crop_height > image_height else 0,
            ]
            t = _pad(t, padding_ltrb, fill=0)
            image_height, image_width = t.shape[-2], t.shape[-1]
            if crop_width == image_width and crop_height == image_height:
                return _as_output(t, was_numpy)
        crop_top = round((image_height - crop_height) / 2.0)  # Python's round: half to even
        crop_left = round((image_width - crop_width) / 2.0)
        return _as_output(_crop(t, crop_top, crop_left, crop_height, crop_width), was_numpy)

    def __repr__(self):
        return f"{self.__class__.__name__}(size={self.size})"


class RandomCrop(Module):
    """Crop a random ``(h, w)`` box, after optional padding.

    The corner is ``i = pyt.randint(0, H - h + 1, (1,))``, then
    ``j = pyt.randint(0, W - w + 1, (1,))`` (no draw when the image is exactly the box's
    size), one draw per call for the whole batch.

    Args:
        size (int or sequence): ``(h, w)``, or one number for a square box.
        padding (int or sequence, optional): padding applied first: one number for all
            borders, ``(left/right, top/bottom)`` or ``(left, top, right, bottom)``.
        pad_if_needed (bool): pad the image to the box's size if it is smaller (the width
            first, then the height, each on both sides). Default ``False``.
        fill (number): value of constant padding. Default 0.
        padding_mode (str): ``"constant"``, ``"edge"``, ``"reflect"`` or ``"symmetric"``.

    Shape:
        input ``(..., H, W)`` tensor or numpy array; output ``(..., h, w)``.

    Returns:
        Tensor or numpy.ndarray of the input's dtype.

    Raises:
        ValueError: a size sequence of length other than 1 or 2; the (padded) image is
            smaller than the box ("Required crop size ... is larger than input image size");
            a bad padding length or mode.
        TypeError: padding, fill or padding_mode of a wrong type; an input that is not an
            image.

    Differences: ``reflect`` / ``symmetric`` paddings may exceed the image size.

    Source: ``torchvision.transforms.RandomCrop``.

    Example::

        >>> pyt.manual_seed(0); T.RandomCrop(32, padding=4)(pyt.rand(3, 32, 32)).shape
        pyt.Size([3, 32, 32])
    """

    def __init__(self, size, padding=None, pad_if_needed=False, fill=0, padding_mode="constant"):
        super().__init__()
        self.size = tuple(
            _setup_size(size, error_msg="Please provide only two dimensions (h, w) for size.")
        )
        self.padding = padding
        self.pad_if_needed = pad_if_needed
        self.fill = fill
        self.padding_mode = padding_mode

    @staticmethod
    def get_params(img, output_size):
        """Draw the crop box ``(i, j, h, w)`` for ``img`` (tensor or numpy array).

        Raises:
            ValueError: the image is smaller than ``output_size``.
        """
        h, w = img.shape[-2], img.shape[-1]
        th, tw = output_size
        if h < th or w < tw:
            raise ValueError(
                f"Required crop size {(th, tw)} is larger than input image size {(h, w)}"
            )
        if w == tw and h == th:
            return 0, 0, h, w
        i = int(pyt.randint(0, h - th + 1, (1,)).item())
        j = int(pyt.randint(0, w - tw + 1, (1,)).item())
        return i, j, th, tw

    def forward(self, img):
        t, was_numpy = _as_tensor(img, "RandomCrop")
        _assert_image(t, "RandomCrop")
        if self.padding is not None:
            t = _pad(t, self.padding, self.fill, self.padding_mode)
        height, width = t.shape[-2], t.shape[-1]
        if self.pad_if_needed and width < self.size[1]:
            t = _pad(t, [self.size[1] - width, 0], self.fill, self.padding_mode)
        if self.pad_if_needed and height < self.size[0]:
            t = _pad(t, [0, self.size[0] - height], self.fill, self.padding_mode)
        i, j, h, w = self.get_params(t, self.size)
        return _as_output(_crop(t, i, j, h, w), was_numpy)

    def __repr__(self):
        return f"{self.__class__.__name__}(size={self.size}, padding={self.padding})"


def _hflip(t):
    w = t.shape[-1]
    return t.index_select(-1, pyt.arange(w - 1, -1, -1))


class RandomHorizontalFlip(Module):
    """Mirror the image left-right with probability ``p`` (one draw ``pyt.rand(1) < p`` per
    call, for the whole batch).

    Args:
        p (float): probability of flipping. Default 0.5.

    Shape:
        input ``(..., H, W)`` tensor or numpy array; output the same.

    Returns:
        Tensor or numpy.ndarray: ``img[..., ::-1]`` (a copy) or the input itself.

    Raises:
        TypeError: an input that is not an image.

    Source: ``torchvision.transforms.RandomHorizontalFlip``.

    Example::

        >>> T.RandomHorizontalFlip(p=1.0)(pyt.tensor([[[1., 2., 3.]]]))
        tensor([[[3., 2., 1.]]])
    """

    def __init__(self, p=0.5):
        super().__init__()
        self.p = p

    def forward(self, img):
        t, was_numpy = _as_tensor(img, "RandomHorizontalFlip")
        _assert_image(t, "RandomHorizontalFlip")
        if float(pyt.rand(1).item()) < self.p:
            return _as_output(_hflip(t), was_numpy)
        return img

    def __repr__(self):
        return f"{self.__class__.__name__}(p={self.p})"


# ---------------------------------------------------------------------------------------------
# Rotation
# ---------------------------------------------------------------------------------------------


def _inverse_affine_matrix(center, angle, translate, scale, shear):
    # torchvision's F._get_inverse_affine_matrix: (RSS)^-1 about the center, in pixels with
    # (0, 0) at the image center.
    rot = math.radians(angle)
    sx, sy = math.radians(shear[0]), math.radians(shear[1])
    cx, cy = center
    tx, ty = translate
    a = math.cos(rot - sy) / math.cos(sy)
    b = -math.cos(rot - sy) * math.tan(sx) / math.cos(sy) - math.sin(rot)
    c = math.sin(rot - sy) / math.cos(sy)
    d = -math.sin(rot - sy) * math.tan(sx) / math.cos(sy) + math.cos(rot)
    matrix = [d, -b, 0.0, -c, a, 0.0]
    matrix = [x / scale for x in matrix]
    matrix[2] += matrix[0] * (-cx - tx) + matrix[1] * (-cy - ty)
    matrix[5] += matrix[3] * (-cx - tx) + matrix[4] * (-cy - ty)
    matrix[2] += cx
    matrix[5] += cy
    return matrix


def _affine_output_size(matrix, w, h):
    # torchvision's _compute_affine_output_size (float32, corners truncated to 1e-4).
    np = _np()
    f = np.float32
    pts = np.array(
        [[-0.5 * w, -0.5 * h, 1.0], [-0.5 * w, 0.5 * h, 1.0], [0.5 * w, 0.5 * h, 1.0],
         [0.5 * w, -0.5 * h, 1.0]], dtype=f)
    theta = np.array(matrix, dtype=f).reshape(2, 3)
    new_pts = pts @ theta.T
    halfs = np.array([w * 0.5, h * 0.5], dtype=f)
    min_vals = new_pts.min(axis=0) + halfs
    max_vals = new_pts.max(axis=0) + halfs
    tol = f(1e-4)
    cmax = np.ceil(np.trunc(max_vals / tol) * tol)
    cmin = np.floor(np.trunc(min_vals / tol) * tol)
    size = cmax - cmin
    return int(size[0]), int(size[1])


def _rotate_nearest(t, matrix, expand, fill):
    """torchvision's tensor rotate with nearest sampling: each output pixel takes the input
    pixel its (inverse-rotated) center rounds to (half to even), or ``fill`` outside."""
    np = _np()
    h, w = t.shape[-2], t.shape[-1]
    ow, oh = _affine_output_size(matrix, w, h) if expand else (w, h)
    f = np.float64 if t.dtype == pyt.float64 else np.float32
    # _gen_affine_grid: base grid of pixel centers, theta^T / (w/2, h/2), then grid_sample's
    # unnormalization (g + 1) * size / 2 - 0.5, all in the grid dtype.
    theta = np.array(matrix, dtype=f).reshape(2, 3)
    rescaled = (theta.T / np.array([0.5 * w, 0.5 * h], dtype=f)).astype(f)
    xs = (np.arange(ow, dtype=f) + f(-ow * 0.5 + 0.5)).reshape(1, ow)
    ys = (np.arange(oh, dtype=f) + f(-oh * 0.5 + 0.5)).reshape(oh, 1)
    gx = (xs * rescaled[0, 0] + ys * rescaled[1, 0] + rescaled[2, 0]).astype(f)
    gy = (xs * rescaled[0, 1] + ys * rescaled[1, 1] + rescaled[2, 1]).astype(f)
    ix = np.rint(((gx + f(1)) * f(w / 2) - f(0.5)).astype(f))
    iy = np.rint(((gy + f(1)) * f(h / 2) - f(0.5)).astype(f))
    valid = (ix >= 0) & (ix < w) & (iy >= 0) & (iy < h)
    src = np.where(valid, iy * w + ix, 0).astype(np.int64).reshape(-1)

    lead = tuple(t.shape[:-2])
    out = t.reshape(lead + (h * w,)).index_select(-1, pyt.from_numpy(src))
    out = out.reshape(lead + (oh, ow))
    if t.is_floating_point():
        fill_values = [float(v) for v in fill]
    else:  # torchvision samples integer images in float32 and rounds back
        fill_values = [float(round(v)) for v in fill]
    fill_t = pyt.tensor(fill_values, dtype=pyt.float64).to(t.dtype)
    if t.dim() >= 3:
        fill_t = fill_t.reshape(-1, 1, 1)
    else:
        fill_t = fill_t.reshape(1, 1)
    return pyt.where(pyt.from_numpy(valid), out, fill_t)


class RandomRotation(Module):
    """Rotate the image by a random angle, uniform in ``degrees`` (counter-clockwise for
    positive angles), with nearest-neighbour sampling.

    The angle is ``float(pyt.empty(1).uniform_(degrees[0], degrees[1]))``; the sampling grid
    and rounding are torchvision's tensor ``F.rotate`` (inverse affine matrix about the
    center, pixel centers, round half to even); pixels that fall outside the input get
    ``fill``.

    Args:
        degrees (number or sequence): range ``(min, max)``, or ``d`` for ``(-d, d)``.
        interpolation (InterpolationMode): only ``NEAREST`` (the default) is implemented.
        expand (bool): enlarge the output to hold the whole rotated image. Default False.
        center (sequence, optional): ``(x, y)`` rotation center in pixels (origin top-left);
            default the image center.
        fill (number or sequence): value(s) of the pixels outside the image, one or one per
            channel. Default 0.

    Shape:
        input ``(..., C, H, W)`` or ``(H, W)`` tensor or numpy array; output
        ``(..., C, H, W)``, or larger with ``expand``.

    Returns:
        Tensor or numpy.ndarray of the input's dtype.

    Raises:
        ValueError: a negative single ``degrees``; ``degrees`` or ``center`` of length other
            than 2; a ``fill`` sequence whose length is neither 1 nor the channel count.
        TypeError: ``degrees`` or ``center`` not a number/sequence; ``fill`` neither a number
            nor a sequence; an unknown interpolation; an input that is not an image.
        NotImplementedError: an interpolation other than nearest.

    Source: ``torchvision.transforms.RandomRotation`` (``F.rotate``).

    Example::

        >>> T.RandomRotation((90, 90))(pyt.arange(4.).reshape(1, 2, 2))
        tensor([[[1., 3.],
                 [0., 2.]]])
    """

    def __init__(self, degrees, interpolation=InterpolationMode.NEAREST, expand=False,
                 center=None, fill=0):
        super().__init__()
        self.interpolation = _interpolation(interpolation, "RandomRotation")
        self.degrees = _setup_angle(degrees, name="degrees", req_sizes=(2,))
        if center is not None:
            _check_sequence_input(center, "center", req_sizes=(2,))
        self.center = center
        self.expand = expand
        if fill is None:
            fill = 0
        elif not isinstance(fill, (Sequence, numbers.Number)):
            raise TypeError("Fill should be either a sequence or a number.")
        self.fill = fill

    @staticmethod
    def get_params(degrees):
        """Draw the rotation angle (a float) uniformly from ``[degrees[0], degrees[1]]``."""
        return float(pyt.empty(1).uniform_(float(degrees[0]), float(degrees[1])).item())

    def forward(self, img):
        t, was_numpy = _as_tensor(img, "RandomRotation")
        _assert_image(t, "RandomRotation")
        if self.interpolation is not InterpolationMode.NEAREST:
            raise NotImplementedError(
                f"RandomRotation: interpolation {self.interpolation.value} is not implemented "
                "in pyt (nearest is)"
            )
        channels, height, width = _dimensions(t)
        fill = self.fill
        if isinstance(fill, numbers.Number):
            fill = [float(fill)] * channels
        else:
            fill = [float(f) for f in fill]
        if len(fill) > 1 and len(fill) != channels:
            raise ValueError(
                "The number of elements in 'fill' cannot broadcast to match the number of "
                f"channels of the image ({len(fill)} != {channels})"
            )
        if len(fill) == 1 and channels > 1:
            fill = fill * channels
        angle = self.get_params(self.degrees)
        center_f = [0.0, 0.0]
        if self.center is not None:
            center_f = [1.0 * (c - s * 0.5) for c, s in zip(self.center, [width, height])]
        # torchvision passes -angle: its rotate and affine disagree on the direction.
        matrix = _inverse_affine_matrix(center_f, -angle, [0.0, 0.0], 1.0, [0.0, 0.0])
        return _as_output(_rotate_nearest(t, matrix, self.expand, fill), was_numpy)

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(degrees={self.degrees}, "
            f"interpolation={self.interpolation.value}, expand={self.expand}, "
            f"center={self.center}, fill={self.fill})"
        )


# ---------------------------------------------------------------------------------------------
# Color
# ---------------------------------------------------------------------------------------------


def _assert_channels(t, permitted):
    c = _dimensions(t)[0]
    if c not in permitted:
        raise TypeError(
            f"Input image tensor permitted channel values are {permitted}, but found {c}"
        )


def _blend(img1, img2, ratio):
    ratio = float(ratio)
    bound = _max_value(img1.dtype)
    return (ratio * img1 + (1.0 - ratio) * img2).clamp(0, bound).to(img1.dtype)


def _rgb_to_grayscale(t):
    r, g, b = t.select(-3, 0), t.select(-3, 1), t.select(-3, 2)
    return (0.2989 * r + 0.587 * g + 0.114 * b).to(t.dtype).unsqueeze(-3)


def _adjust_brightness(t, factor):
    _assert_channels(t, [1, 3])
    return _blend(t, pyt.zeros_like(t), factor)


def _adjust_contrast(t, factor):
    _assert_channels(t, [3, 1])
    dtype = t.dtype if t.is_floating_point() else pyt.float32
    gray = _rgb_to_grayscale(t) if _dimensions(t)[0] == 3 else t
    mean = gray.to(dtype).mean(dim=(-3, -2, -1), keepdim=True)
    return _blend(t, mean, factor)


def _adjust_saturation(t, factor):
    _assert_channels(t, [1, 3])
    if _dimensions(t)[0] == 1:  # as PIL
        return t
    return _blend(t, _rgb_to_grayscale(t), factor)


class ColorJitter(Module):
    """Randomly change brightness, contrast and saturation, in a random order.

    Each call draws ``pyt.randperm(4)`` (the order) and one ``uniform_`` factor for each
    enabled property. Brightness blends with black, contrast with the mean gray level, and
    saturation with the grayscale image (``0.2989 R + 0.587 G + 0.114 B``):
    ``clamp(f * img + (1 - f) * other, 0, max)`` in the image's dtype (1.0 for floats, 255
    for uint8, truncated as torchvision).

    Args:
        brightness (float or (min, max)): factor range; ``b`` means ``[max(0, 1 - b), 1 + b]``.
            Default 0 (off).
        contrast (float or (min, max)): likewise. Default 0.
        saturation (float or (min, max)): likewise. Default 0.
        hue (float or (min, max)): must be 0 (hue jitter is not implemented).

    Shape:
        input ``(..., C, H, W)`` tensor or numpy array with C = 1 or 3; output the same.

    Returns:
        Tensor or numpy.ndarray of the input's dtype.

    Raises:
        ValueError: a negative single value, or a range outside the bounds.
        TypeError: a value that is neither a number nor a 2-sequence; an image whose channel
            count is not 1 or 3.
        NotImplementedError: a non-zero ``hue``.

    Source: ``torchvision.transforms.ColorJitter``.

    Example::

        >>> pyt.manual_seed(0); T.ColorJitter(brightness=0.4, contrast=0.4)(pyt.rand(3, 8, 8)).shape
        pyt.Size([3, 8, 8])
    """

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        super().__init__()
        self.brightness = self._check_input(brightness, "brightness")
        self.contrast = self._check_input(contrast, "contrast")
        self.saturation = self._check_input(saturation, "saturation")
        self.hue = self._check_input(hue, "hue", center=0, bound=(-0.5, 0.5),
                                     clip_first_on_zero=False)
        if self.hue is not None:
            raise NotImplementedError("ColorJitter: hue jitter is not implemented in pyt")

    @staticmethod
    def _check_input(value, name, center=1, bound=(0, float("inf")), clip_first_on_zero=True):
        if isinstance(value, numbers.Number):
            if value < 0:
                raise ValueError(f"If {name} is a single number, it must be non negative.")
            value = [center - float(value), center + float(value)]
            if clip_first_on_zero:
                value[0] = max(value[0], 0.0)
        elif isinstance(value, (tuple, list)) and len(value) == 2:
            value = [float(value[0]), float(value[1])]
        else:
            raise TypeError(f"{name} should be a single number or a list/tuple with length 2.")
        if not bound[0] <= value[0] <= value[1] <= bound[1]:
            raise ValueError(f"{name} values should be between {bound}, but got {value}.")
        if value[0] == value[1] == center:
            return None
        return tuple(value)

    @staticmethod
    def get_params(brightness, contrast, saturation, hue):
        """Draw ``(order, b, c, s, h)``: a permutation of 0..3 and a factor (or None) each."""
        fn_idx = [int(i) for i in pyt.randperm(4).tolist()]

        def draw(r):
            return None if r is None else float(pyt.empty(1).uniform_(r[0], r[1]).item())

        return fn_idx, draw(brightness), draw(contrast), draw(saturation), draw(hue)

    def forward(self, img):
        t, was_numpy = _as_tensor(img, "ColorJitter")
        _assert_image(t, "ColorJitter")
        fn_idx, b, c, s, _ = self.get_params(self.brightness, self.contrast, self.saturation,
                                             self.hue)
        for fn_id in fn_idx:
            if fn_id == 0 and b is not None:
                t = _adjust_brightness(t, b)
            elif fn_id == 1 and c is not None:
                t = _adjust_contrast(t, c)
            elif fn_id == 2 and s is not None:
                t = _adjust_saturation(t, s)
        return _as_output(t, was_numpy)

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(brightness={self.brightness}, contrast={self.contrast}, "
            f"saturation={self.saturation}, hue={self.hue})"
        )


class Lambda:
    """Apply a user function as a transform.

    Args:
        lambd (callable): ``img -> img``.

    Returns:
        Lambda: a callable returning ``lambd(img)``.

    Raises:
        TypeError: ``lambd`` is not callable ("Argument lambd should be callable").

    Source: ``torchvision.transforms.Lambda``.

    Example::

        >>> T.Lambda(lambda x: x * 2)(pyt.ones(1))
        tensor([2.])
    """

    def __init__(self, lambd):
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got {type(lambd).__name__!r}")
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self):
        return f"{self.__class__.__name__}()"
