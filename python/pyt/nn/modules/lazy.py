"""Lazy modules: layers whose input size is inferred on the first ``forward`` (torch/nn/modules/lazy.py).

A lazy layer is built with :class:`~pyt.nn.UninitializedParameter` s (and
:class:`~pyt.nn.UninitializedBuffer` s). A forward pre-hook calls ``initialize_parameters``
with the first input, which materializes them in place and resets them as the regular layer
would, then the module's class becomes the regular layer's (``LazyLinear`` -> ``Linear``).
"""

import itertools

import pyt
from pyt.nn.modules.batchnorm import BatchNorm1d, BatchNorm2d, BatchNorm3d, _NormBase
from pyt.nn.modules.conv import (
    Conv1d,
    Conv2d,
    Conv3d,
    ConvTranspose1d,
    ConvTranspose2d,
    ConvTranspose3d,
)
from pyt.nn.modules.instancenorm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d
from pyt.nn.modules.linear import Linear
from pyt.nn.parameter import UninitializedBuffer, UninitializedParameter, is_lazy

__all__ = [
    "LazyModuleMixin",
    "LazyLinear",
    "LazyConv1d",
    "LazyConv2d",
    "LazyConv3d",
    "LazyConvTranspose1d",
    "LazyConvTranspose2d",
    "LazyConvTranspose3d",
    "LazyBatchNorm1d",
    "LazyBatchNorm2d",
    "LazyBatchNorm3d",
    "LazyInstanceNorm1d",
    "LazyInstanceNorm2d",
    "LazyInstanceNorm3d",
]


class LazyModuleMixin:
    """A mixin for modules whose parameters are shaped by their first input.

    Until the first call the module holds :class:`~pyt.nn.UninitializedParameter` s: they are
    listed by ``parameters()`` (an optimizer may be built then: the same objects become
    regular parameters in place), ``state_dict()`` shows them as they are, and
    ``load_state_dict`` with initialized tensors materializes them to the loaded shapes. The
    first ``forward`` runs ``initialize_parameters(*args, **kwargs)``, checks that nothing is
    left uninitialized, removes its hooks and swaps the class to ``cls_to_become``.

    Raises:
        RuntimeError: ``initialize_parameters`` left a parameter uninitialized ("module X has
            not been fully initialized").
        NotImplementedError: a subclass without ``initialize_parameters``.

    Source: ``torch.nn.modules.lazy.LazyModuleMixin``.

    Example::

        >>> m = pyt.nn.LazyLinear(4)
        >>> m(pyt.randn(2, 3)).shape, type(m).__name__
        (pyt.Size([2, 4]), 'Linear')
    """

    cls_to_become = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._load_hook = self._register_load_state_dict_pre_hook(self._lazy_load_hook)
        self._initialize_hook = self.register_forward_pre_hook(
            self._infer_parameters, with_kwargs=True
        )

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        # Uninitialized tensors go in as they are (they cannot be detached).
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if is_lazy(param) or keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if is_lazy(buf) or keep_vars else buf.detach()

    def _lazy_load_hook(
        self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs
    ):
        """load_state_dict pre-hook: materialize the uninitialized tensors whose entry in
        ``state_dict`` is initialized, to that entry's shape (the copy follows)."""
        for name, param in itertools.chain(self._parameters.items(), self._buffers.items()):
            key = prefix + name
            if key in state_dict and param is not None:
                input_param = state_dict[key]
                if is_lazy(param) and not is_lazy(input_param):
                    with pyt.no_grad():
                        param.materialize(input_param.shape)

    def initialize_parameters(self, *args, **kwargs):
        """Materialize and initialize the parameters from the first input (per layer)."""
        raise NotImplementedError(
            f"initialize_parameters is not implemented for {self.__class__.__name__}"
        )

    def has_uninitialized_params(self):
        """Whether any parameter or buffer of this module is still uninitialized.

        Example::

            >>> pyt.nn.LazyLinear(2).has_uninitialized_params()
            True
        """
        for t in itertools.chain(self._parameters.values(), self._buffers.values()):
            if is_lazy(t):
                return True
        return False

    def _infer_parameters(self, module, args, kwargs=None):
        kwargs = kwargs if kwargs else {}
        module.initialize_parameters(*args, **kwargs)
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {self._get_name()} has not been fully initialized")
        module._initialize_hook.remove()
        module._load_hook.remove()
        delattr(module, "_initialize_hook")
        delattr(module, "_load_hook")
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become

    def _replicate_for_data_parallel(self):
        raise RuntimeError(
            "Modules with uninitialized parameters can't be used with `DataParallel`. "
            "Run a dummy forward pass to correctly initialize the modules"
        )


# ------------------------------------------------------------------------------ Linear
class LazyLinear(LazyModuleMixin, Linear):
    """A :class:`~pyt.nn.Linear` whose ``in_features`` is inferred from ``input.shape[-1]``.

    ``weight`` ``(out_features, in_features)`` and ``bias`` ``(out_features,)`` are
    uninitialized until the first call, then drawn as Linear's (U(-sqrt(k), sqrt(k)),
    ``k = 1 / in_features``); the module then becomes a ``Linear``.

    Args:
        out_features (int): size of each output sample.
        bias (bool): learn an additive bias. Default ``True``.
        device, dtype: of the parameters once materialized.

    Raises:
        IndexError: a 0-d first input.

    Source: ``torch.nn.LazyLinear``.

    Example::

        >>> m = pyt.nn.LazyLinear(30)
        >>> m(pyt.randn(128, 20)).shape
        pyt.Size([128, 30])
    """

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(**factory_kwargs)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(**factory_kwargs)

    def reset_parameters(self):
        """Linear's initialization, once the parameters exist."""
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        """Set ``in_features = input.shape[-1]`` and materialize weight and bias."""
        if self.has_uninitialized_params():
            with pyt.no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()


# -------------------------------------------------------------------------- convolution
class _LazyConvXdMixin(LazyModuleMixin):
    """Shared by the lazy convolutions: ``in_channels`` from ``input.shape[1]`` (batched) or
    ``input.shape[0]`` (unbatched)."""

    _num_spatial_dims = 0

    def reset_parameters(self):
        """The convolution's initialization, once the parameters exist."""
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        """Infer ``in_channels`` and materialize weight and bias.

        Raises:
            RuntimeError: an input of the wrong rank.
            ValueError: ``in_channels`` not divisible by ``groups``.
        """
        if self.has_uninitialized_params():
            self.in_channels = self._get_in_channels(input)
            if self.in_channels % self.groups != 0:
                raise ValueError("in_channels must be divisible by groups")
            if self.transposed:
                shape = (self.in_channels, self.out_channels // self.groups, *self.kernel_size)
            else:
                shape = (self.out_channels, self.in_channels // self.groups, *self.kernel_size)
            self.weight.materialize(shape)
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()

    def _get_in_channels(self, input):
        nd = self._num_spatial_dims
        if input.dim() not in (nd + 1, nd + 2):
            raise RuntimeError(
                f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to "
                f"{self.__class__.__name__}, but got input of size: {input.shape}"
            )
        return input.shape[1] if input.dim() == nd + 2 else input.shape[0]


def _lazy_conv_init(
    self,
    out_channels,
    kernel_size,
    stride=1,
    padding=0,
    dilation=1,
    groups=1,
    bias=True,
    padding_mode="zeros",
    device=None,
    dtype=None,
):
    """``__init__`` of LazyConv1d/2d/3d: the convolution with 0 channels and uninitialized
    weight and bias."""
    factory_kwargs = {"device": device, "dtype": dtype}
    LazyModuleMixin.__init__(
        self, 0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode,
        **factory_kwargs,
    )
    _make_lazy_conv_params(self, out_channels, bias, factory_kwargs)


def _lazy_conv_transpose_init(
    self,
    out_channels,
    kernel_size,
    stride=1,
    padding=0,
    output_padding=0,
    groups=1,
    bias=True,
    dilation=1,
    padding_mode="zeros",
    device=None,
    dtype=None,
):
    """``__init__`` of LazyConvTranspose1d/2d/3d."""
    factory_kwargs = {"device": device, "dtype": dtype}
    LazyModuleMixin.__init__(
        self, 0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation,
        padding_mode, **factory_kwargs,
    )
    _make_lazy_conv_params(self, out_channels, bias, factory_kwargs)


def _make_lazy_conv_params(self, out_channels, bias, factory_kwargs):
    self.weight = UninitializedParameter(**factory_kwargs)
    self.out_channels = out_channels
    if bias:
        self.bias = UninitializedParameter(**factory_kwargs)


_LAZY_CONV_DOC = """A :class:`~pyt.nn.{base}` whose ``in_channels`` is inferred from ``input.shape[1]``.

    ``weight`` and ``bias`` are uninitialized until the first call, then shaped and drawn as
    ``{base}``'s; the module then becomes a ``{base}``. The arguments are ``{base}``'s without
    ``in_channels``.

    Raises:
        RuntimeError: a first input that is not {nd1}-D (unbatched) or {nd2}-D (batched).
        ValueError: ``in_channels`` not divisible by ``groups``.

    Source: ``torch.nn.Lazy{base}``.

    Example::

        >>> m = pyt.nn.Lazy{base}(4, 3)
        >>> m(pyt.randn(1, 2, {ex})).shape
        {exo}
    """


def _make_lazy_conv(base, nd, ex, exo):
    """Make ``Lazy<base>``: ``base`` (Conv1d/2d/3d or ConvTranspose1d/2d/3d) with
    ``in_channels`` inferred on the first call; its ``__init__`` has torch's signature for the
    kind (``_lazy_conv_init`` or ``_lazy_conv_transpose_init``), its docstring is
    ``_LAZY_CONV_DOC`` with the example ``Lazy<base>(4, 3)(pyt.randn(1, 2, <ex>)).shape == <exo>``."""
    name = "Lazy" + base.__name__
    transposed = base.__name__.startswith("ConvTranspose")
    return type(
        name,
        (_LazyConvXdMixin, base),
        {
            "__module__": __name__,
            "__qualname__": name,
            "__doc__": _LAZY_CONV_DOC.format(
                base=base.__name__, nd1=nd + 1, nd2=nd + 2, ex=ex, exo=exo
            ),
            "cls_to_become": base,
            "_num_spatial_dims": nd,
            "__init__": _lazy_conv_transpose_init if transposed else _lazy_conv_init,
        },
    )


LazyConv1d = _make_lazy_conv(Conv1d, 1, "8", "pyt.Size([1, 4, 6])")
LazyConv2d = _make_lazy_conv(Conv2d, 2, "8, 8", "pyt.Size([1, 4, 6, 6])")
LazyConv3d = _make_lazy_conv(Conv3d, 3, "4, 4, 4", "pyt.Size([1, 4, 2, 2, 2])")
LazyConvTranspose1d = _make_lazy_conv(ConvTranspose1d, 1, "8", "pyt.Size([1, 4, 10])")
LazyConvTranspose2d = _make_lazy_conv(ConvTranspose2d, 2, "8, 8", "pyt.Size([1, 4, 10, 10])")
LazyConvTranspose3d = _make_lazy_conv(
    ConvTranspose3d, 3, "4, 4, 4", "pyt.Size([1, 4, 6, 6, 6])"
)


# ------------------------------------------------------------------------ normalization
class _LazyNormBase(LazyModuleMixin, _NormBase):
    """Shared by the lazy batch and instance norms: ``num_features`` from ``input.shape[1]``.

    Note torch's defaults: the lazy instance norms, like the lazy batch norms, default to
    ``affine=True`` and ``track_running_stats=True``.
    """

    def __init__(
        self,
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
        super().__init__(0, eps, momentum, False, False, **factory_kwargs, bias=False)
        self.affine = affine
        self.track_running_stats = track_running_stats
        if self.affine:
            self.weight = UninitializedParameter(**factory_kwargs)
            if bias:
                self.bias = UninitializedParameter(**factory_kwargs)
        if self.track_running_stats:
            self.running_mean = UninitializedBuffer(**factory_kwargs)
            self.running_var = UninitializedBuffer(**factory_kwargs)
            self.num_batches_tracked = pyt.tensor(0, dtype=pyt.long, device=device)

    def reset_parameters(self):
        """The norm's initialization, once the parameters exist."""
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        """Set ``num_features = input.shape[1]`` and materialize parameters and buffers."""
        if self.has_uninitialized_params():
            self.num_features = input.shape[1]
            if self.affine:
                self.weight.materialize((self.num_features,))
                if self.bias is not None:
                    self.bias.materialize((self.num_features,))
            if self.track_running_stats:
                self.running_mean.materialize((self.num_features,))
                self.running_var.materialize((self.num_features,))
            self.reset_parameters()


_LAZY_NORM_DOC = """A :class:`~pyt.nn.{base}` whose ``num_features`` is inferred from ``input.shape[1]``.

    ``weight``, ``bias``, ``running_mean`` and ``running_var`` are uninitialized until the
    first call, then created as ``{base}``'s; the module then becomes a ``{base}``.

    Args:
        eps (float): default 1e-5.
        momentum (float or None): default 0.1.
        affine (bool): default ``True``.
        track_running_stats (bool): default ``True``.
        device, dtype: of the parameters and buffers once materialized.
        bias (bool, keyword-only): default ``True``.

    Source: ``torch.nn.Lazy{base}``.

    Example::

        >>> m = pyt.nn.Lazy{base}()
        >>> m(pyt.randn(2, 3, {ex})).shape, m.num_features
        (pyt.Size([2, 3, {ex}]), 3)
    """


class LazyBatchNorm1d(_LazyNormBase, BatchNorm1d):
    __doc__ = _LAZY_NORM_DOC.format(base="BatchNorm1d", ex="4")
    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNormBase, BatchNorm2d):
    __doc__ = _LAZY_NORM_DOC.format(base="BatchNorm2d", ex="4, 4")
    cls_to_become = BatchNorm2d


class LazyBatchNorm3d(_LazyNormBase, BatchNorm3d):
    __doc__ = _LAZY_NORM_DOC.format(base="BatchNorm3d", ex="2, 2, 2")
    cls_to_become = BatchNorm3d


class LazyInstanceNorm1d(_LazyNormBase, InstanceNorm1d):
    __doc__ = _LAZY_NORM_DOC.format(base="InstanceNorm1d", ex="4")
    cls_to_become = InstanceNorm1d


class LazyInstanceNorm2d(_LazyNormBase, InstanceNorm2d):
    __doc__ = _LAZY_NORM_DOC.format(base="InstanceNorm2d", ex="4, 4")
    cls_to_become = InstanceNorm2d


class LazyInstanceNorm3d(_LazyNormBase, InstanceNorm3d):
    __doc__ = _LAZY_NORM_DOC.format(base="InstanceNorm3d", ex="2, 2, 2")
    cls_to_become = InstanceNorm3d
