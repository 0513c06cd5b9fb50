"""dtype parity of pyt.nn.functional with torch on CPU.

Every op in CASES runs in torch and in pyt for each of the ten dtypes (bool, uint8, int8, int16,
int32, int64, float16, bfloat16, float32, float64) on the same small inputs. Where torch computes
the op, pyt must too, with the same output dtype and shape and close values (integer results
exact, floating results within torch's testing tolerances, widened per op where torch's own
OpInfo tests widen them for reduced precision). Where torch raises, pyt must raise the same
exception type. For float16 and bfloat16 the backward is compared too where torch has it.
"""

import zlib

import numpy as np
import pyt
import pyt.nn.functional as PF
import pytest
import torch
import torch.nn.functional as TF

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]
FLOATS = ("float16", "bfloat16", "float32", "float64")

# torch.testing.assert_close defaults (rtol, atol)
TOL = {
    "float16": (1e-3, 1e-5),
    "bfloat16": (1.6e-2, 1e-5),
    "float32": (1.3e-6, 1e-5),
    "float64": (1e-7, 1e-7),
}


class T:
    """A tensor argument: numpy values and the dtype both frameworks build it with.

    kind: "x" (data in the dtype under test), "idx" (int64 indices), "f" (float32 regardless),
    or a fixed dtype name."""

    def __init__(self, values, dtype, grad=False):
        self.values = values
        self.dtype = dtype
        self.grad = grad

    def build(self, lib):
        v = self.values
        if self.dtype == "bfloat16":
            t = lib.tensor(v.astype(np.float32)).to(lib.bfloat16)
        else:
            t = lib.tensor(v.astype(self.dtype if self.dtype != "bool" else np.bool_))
        if self.grad:
            t.requires_grad_(True)
        return t


def _data(rng, shape, dtype, lo=-3, hi=3, positive=False):
    """Values that make sense for `dtype`: normals for floats, small integers otherwise."""
    if dtype == "bool":
        return rng.integers(0, 2, size=shape).astype(np.bool_)
    if dtype in FLOATS:
        v = rng.standard_normal(size=shape)
        if positive:
            v = np.abs(v) + 0.1
        return v.astype(np.float64)
    if dtype == "uint8" or positive:
        lo = max(lo, 0)
    return rng.integers(lo, hi + 1, size=shape).astype(np.int64)


class Case:
    def __init__(self, name, args, call, tol=None, grad=True, missing=None):
        self.name = name
        self.missing = missing  # a pyt.nn.functional name pyt does not have yet
        self.args = args  # fn(rng, dtype) -> list of T / plain values
        self.call = call  # fn(F, *args)
        self.tol = tol or {}
        self.grad = grad


def X(*shape, positive=False, lo=-3, hi=3):
    """A data argument in the dtype under test."""
    return lambda rng, dt: T(_data(rng, shape, dt, lo, hi, positive), dt, grad=dt in ("float16", "bfloat16"))


def S(*shape, positive=False):
    """A tensor in the dtype under test that never requires grad (running statistics)."""
    return lambda rng, dt: T(_data(rng, shape, dt, positive=positive), dt)


def W(*shape, positive=False, lo=-2, hi=2):
    """A parameter in the dtype under test (gets a gradient too)."""
    return X(*shape, positive=positive, lo=lo, hi=hi)


def IDX(high, *shape):
    return lambda rng, dt: T(rng.integers(0, high, size=shape).astype(np.int64), "int64")


def PROB(*shape):
    """Probabilities in [0.05, 0.95] in the dtype under test (targets of BCE-like losses)."""
    return lambda rng, dt: T(
        rng.uniform(0.05, 0.95, size=shape) if dt in FLOATS else rng.integers(0, 2, size=shape), dt
    )


def SIGN(*shape):
    """+1/-1 targets in the dtype under test."""
    return lambda rng, dt: T((rng.integers(0, 2, size=shape) * 2 - 1).astype(np.float64 if dt in FLOATS else np.int64), dt)


def _case(name, args, call, tol=None, grad=True, missing=None):
    return Case(name, args, call, tol, grad, missing)


# widened tolerances for reduced precision, as torch's OpInfo toleranceOverride entries do for
# ops that accumulate (convolutions, matmuls, norms): (rtol, atol) per dtype
RED = {"float16": (1e-2, 1e-2), "bfloat16": (5e-2, 5e-2)}
RED32 = {"float16": (1e-2, 1e-2), "bfloat16": (5e-2, 5e-2), "float32": (1e-5, 1e-5)}

CASES = [
    # convolutions
    _case("conv1d", [X(2, 4, 7), W(6, 2, 3), W(6)], lambda F, x, w, b: F.conv1d(x, w, b, padding=1, groups=2), RED32),
    _case("conv2d", [X(2, 3, 5, 6), W(4, 3, 3, 3), W(4)], lambda F, x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=1), RED32),
    _case("conv2d_nobias", [X(1, 2, 4, 4), W(3, 2, 2, 2)], lambda F, x, w: F.conv2d(x, w, dilation=2, padding=1), RED32),
    _case("conv3d", [X(1, 2, 4, 4, 3), W(3, 2, 2, 2, 2), W(3)], lambda F, x, w, b: F.conv3d(x, w, b), RED32),
    _case("conv_transpose1d", [X(2, 4, 5), W(4, 3, 3), W(3)], lambda F, x, w, b: F.conv_transpose1d(x, w, b, stride=2), RED32),
    _case("conv_transpose2d", [X(2, 2, 4, 3), W(2, 3, 3, 2), W(3)], lambda F, x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1), RED32),
    _case("conv_transpose3d", [X(1, 2, 3, 3, 2), W(2, 2, 2, 2, 2), W(2)], lambda F, x, w, b: F.conv_transpose3d(x, w, b), RED32),
    # pools
    _case("max_pool1d", [X(2, 3, 9)], lambda F, x: F.max_pool1d(x, 3, 2, 1)),
    _case("max_pool1d_idx", [X(2, 3, 9)], lambda F, x: F.max_pool1d(x, 3, 2, return_indices=True)),
    _case("max_pool2d", [X(2, 3, 6, 7)], lambda F, x: F.max_pool2d(x, 3, 2, 1)),
    _case("max_pool2d_idx", [X(2, 3, 6, 7)], lambda F, x: F.max_pool2d(x, 2, return_indices=True)),
    _case("max_pool2d_ceil", [X(1, 2, 7, 7)], lambda F, x: F.max_pool2d(x, 2, ceil_mode=True, dilation=2)),
    _case("avg_pool1d", [X(2, 3, 9)], lambda F, x: F.avg_pool1d(x, 3, 2, 1)),
    _case("avg_pool2d", [X(2, 3, 6, 7)], lambda F, x: F.avg_pool2d(x, 3, 2, 1)),
    _case("avg_pool2d_nopad", [X(2, 3, 6, 7)], lambda F, x: F.avg_pool2d(x, 2, count_include_pad=False, padding=1)),
    _case("avg_pool2d_divisor", [X(1, 2, 6, 6)], lambda F, x: F.avg_pool2d(x, 2, divisor_override=3)),
    _case("adaptive_avg_pool1d", [X(2, 3, 9)], lambda F, x: F.adaptive_avg_pool1d(x, 4)),
    _case("adaptive_avg_pool2d", [X(2, 3, 7, 5)], lambda F, x: F.adaptive_avg_pool2d(x, (3, 2))),
    _case("adaptive_max_pool1d", [X(2, 3, 9)], lambda F, x: F.adaptive_max_pool1d(x, 4)),
    _case("adaptive_max_pool1d_idx", [X(2, 3, 9)], lambda F, x: F.adaptive_max_pool1d(x, 4, return_indices=True)),
    _case("adaptive_max_pool2d", [X(2, 3, 7, 5)], lambda F, x: F.adaptive_max_pool2d(x, (3, 2))),
    _case("adaptive_max_pool2d_idx", [X(2, 3, 7, 5)], lambda F, x: F.adaptive_max_pool2d(x, 3, return_indices=True)),
    _case("max_pool3d", [X(1, 2, 4, 4, 4)], lambda F, x: F.max_pool3d(x, 2)),
    _case("max_pool3d_idx", [X(1, 2, 5, 4, 4)], lambda F, x: F.max_pool3d(x, 2, 1, 1, return_indices=True)),
    _case("avg_pool3d", [X(1, 2, 4, 4, 4)], lambda F, x: F.avg_pool3d(x, 2)),
    _case("avg_pool3d_pad", [X(1, 2, 5, 4, 4)], lambda F, x: F.avg_pool3d(x, 3, 2, 1, count_include_pad=False)),
    # torch's adaptive_avg_pool3d sums float16 / bfloat16 in that dtype; pyt sums in float32
    _case("adaptive_avg_pool3d", [X(1, 2, 4, 4, 4)], lambda F, x: F.adaptive_avg_pool3d(x, 2), RED),
    _case("adaptive_max_pool3d", [X(1, 2, 4, 4, 4)], lambda F, x: F.adaptive_max_pool3d(x, 2)),
    _case("adaptive_max_pool3d_idx", [X(1, 2, 5, 4, 4)], lambda F, x: F.adaptive_max_pool3d(x, 3, return_indices=True)),
    _case("lp_pool1d", [X(2, 3, 8, positive=True)], lambda F, x: F.lp_pool1d(x, 2, 2), RED),
    _case("lp_pool2d", [X(1, 2, 4, 4, positive=True)], lambda F, x: F.lp_pool2d(x, 2, 2), RED),
    _case("lp_pool3d", [X(1, 2, 4, 4, 4, positive=True)], lambda F, x: F.lp_pool3d(x, 3, 2), RED),
    _case("fractional_max_pool2d", [X(1, 2, 7, 6)],
          lambda F, x: F.fractional_max_pool2d(x, 2, 3, return_indices=True,
                                               _random_samples=_lib(F).full((1, 2, 2), 0.375, dtype=x.dtype))),
    _case("max_unpool1d", [X(2, 3, 8)], lambda F, x: F.max_unpool1d(*F.max_pool1d(x, 2, return_indices=True), 2)),
    _case("max_unpool2d", [X(1, 2, 4, 6)], lambda F, x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2)),
    _case("max_unpool3d", [X(1, 2, 4, 4, 4)],
          lambda F, x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 2)),
    # interpolate
    _case("interp_nearest", [X(1, 2, 3, 4)], lambda F, x: F.interpolate(x, scale_factor=2, mode="nearest")),
    _case("interp_nearest1d", [X(1, 2, 5)], lambda F, x: F.interpolate(x, size=8, mode="nearest")),
    _case("interp_nearest_exact", [X(1, 2, 3, 4)], lambda F, x: F.interpolate(x, size=(5, 7), mode="nearest-exact")),
    _case("interp_linear", [X(1, 2, 5)], lambda F, x: F.interpolate(x, size=8, mode="linear", align_corners=False), RED),
    _case("interp_bilinear", [X(1, 2, 3, 4)], lambda F, x: F.interpolate(x, size=(5, 7), mode="bilinear"), RED),
    _case("interp_bilinear_ac", [X(1, 2, 3, 4)], lambda F, x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True), RED),
    _case("interp_bicubic", [X(1, 2, 4, 4)], lambda F, x: F.interpolate(x, size=(6, 5), mode="bicubic"), RED),
    _case("interp_trilinear", [X(1, 1, 2, 3, 3)], lambda F, x: F.interpolate(x, size=(3, 4, 5), mode="trilinear"), RED),
    _case("interp_area", [X(1, 2, 6, 6)], lambda F, x: F.interpolate(x, size=(4, 3), mode="area"), RED),
    # padding
    _case("pad_constant", [X(2, 3, 4)], lambda F, x: F.pad(x, (1, 2), value=1)),
    _case("pad_reflect", [X(2, 3, 4)], lambda F, x: F.pad(x, (2, 1), mode="reflect")),
    _case("pad_reflect2d", [X(1, 2, 4, 4)], lambda F, x: F.pad(x, (1, 2, 2, 1), mode="reflect")),
    _case("pad_replicate", [X(1, 2, 4, 4)], lambda F, x: F.pad(x, (1, 2, 2, 1), mode="replicate")),
    _case("pad_replicate1d", [X(2, 3, 4)], lambda F, x: F.pad(x, (3, 1), mode="replicate")),
    _case("pad_circular", [X(1, 2, 4, 4)], lambda F, x: F.pad(x, (1, 2, 2, 1), mode="circular")),
    _case("pad_circular1d", [X(2, 3, 4)], lambda F, x: F.pad(x, (1, 2), mode="circular")),
    # normalisation
    _case("batch_norm_eval", [X(3, 4, 5), S(4), S(4, positive=True), W(4), W(4)],
          lambda F, x, m, v, w, b: F.batch_norm(x, m, v, w, b, training=False), RED),
    _case("batch_norm_train", [X(3, 4, 5), W(4), W(4)], lambda F, x, w, b: F.batch_norm(x, None, None, w, b, training=True), RED),
    _case("layer_norm", [X(3, 4, 5), W(5), W(5)], lambda F, x, w, b: F.layer_norm(x, (5,), w, b), RED),
    _case("layer_norm_noaffine", [X(3, 4, 5)], lambda F, x: F.layer_norm(x, (4, 5)), RED),
    _case("group_norm", [X(2, 4, 5), W(4), W(4)], lambda F, x, w, b: F.group_norm(x, 2, w, b), RED),
    _case("instance_norm", [X(2, 3, 5), W(3), W(3)], lambda F, x, w, b: F.instance_norm(x, weight=w, bias=b), RED),
    _case("rms_norm", [X(3, 4, 5), W(5)], lambda F, x, w: F.rms_norm(x, (5,), w), RED),
    _case("local_response_norm", [X(2, 5, 4)], lambda F, x: F.local_response_norm(x, 3), RED),
    _case("normalize", [X(3, 5)], lambda F, x: F.normalize(x, dim=1), RED),
    # activations
    *[_case(n, [X(3, 7)], (lambda n: lambda F, x: getattr(F, n)(x))(n), RED)
      for n in ["relu", "relu6", "elu", "selu", "celu", "gelu", "silu", "mish", "sigmoid", "tanh",
                "hardsigmoid", "hardswish", "hardtanh", "leaky_relu", "logsigmoid", "softplus",
                "softshrink", "hardshrink", "softsign", "tanhshrink"]],
    _case("gelu_tanh", [X(3, 7)], lambda F, x: F.gelu(x, approximate="tanh"), RED),
    _case("threshold", [X(3, 7)], lambda F, x: F.threshold(x, 0.5, -1.0)),
    _case("leaky_relu_slope", [X(3, 7)], lambda F, x: F.leaky_relu(x, 0.2), RED),
    _case("elu_alpha", [X(3, 7)], lambda F, x: F.elu(x, alpha=0.5), RED),
    _case("softplus_beta", [X(3, 7)], lambda F, x: F.softplus(x, beta=2, threshold=5), RED),
    _case("hardtanh_range", [X(3, 7)], lambda F, x: F.hardtanh(x, -2.0, 2.0)),
    _case("prelu", [X(2, 3, 4), W(3)], lambda F, x, w: F.prelu(x, w), RED),
    _case("glu", [X(3, 6)], lambda F, x: F.glu(x, dim=-1), RED),
    _case("softmax", [X(3, 5)], lambda F, x: F.softmax(x, dim=1), RED),
    _case("log_softmax", [X(3, 5)], lambda F, x: F.log_softmax(x, dim=0), RED),
    _case("softmin", [X(3, 5)], lambda F, x: F.softmin(x, dim=1), RED),
    _case("softmax_dtype", [X(3, 5)], lambda F, x: F.softmax(x, dim=1, dtype=_lib(F).float64)),
    # dropout that keeps everything
    _case("dropout_eval", [X(3, 5)], lambda F, x: F.dropout(x, 0.5, training=False)),
    _case("dropout_p0", [X(3, 5)], lambda F, x: F.dropout(x, 0.0, training=True)),
    _case("dropout1d_eval", [X(2, 3, 5)], lambda F, x: F.dropout1d(x, 0.5, training=False)),
    _case("dropout2d_eval", [X(2, 3, 4, 5)], lambda F, x: F.dropout2d(x, 0.5, training=False)),
    _case("dropout3d_eval", [X(2, 3, 2, 4, 5)], lambda F, x: F.dropout3d(x, 0.5, training=False)),
    _case("alpha_dropout_eval", [X(3, 5)], lambda F, x: F.alpha_dropout(x, 0.5, training=False)),
    _case("feature_alpha_dropout_eval", [X(2, 3, 5)], lambda F, x: F.feature_alpha_dropout(x, 0.5, training=False)),
    # embedding, linear, bilinear, one_hot
    _case("embedding", [IDX(5, 2, 3), W(5, 4)], lambda F, i, w: F.embedding(i, w)),
    _case("embedding_pad", [IDX(5, 2, 3), W(5, 4)], lambda F, i, w: F.embedding(i, w, padding_idx=1)),
    _case("embedding_bag", [IDX(5, 6), W(5, 4), lambda rng, dt: T(np.array([0, 2, 5]), "int64")],
          lambda F, i, w, o: F.embedding_bag(i, w, o, mode="sum"), RED),
    _case("embedding_as_input", [X(2, 3, lo=0, hi=4), W(5, 4)], lambda F, i, w: F.embedding(i, w)),
    _case("linear", [X(3, 4), W(5, 4), W(5)], lambda F, x, w, b: F.linear(x, w, b), RED32),
    _case("linear_nobias", [X(2, 3, 4), W(5, 4)], lambda F, x, w: F.linear(x, w), RED32),
    _case("bilinear", [X(3, 4), X(3, 2), W(5, 4, 2), W(5)], lambda F, a, b, w, c: F.bilinear(a, b, w, c), RED32),
    _case("one_hot", [X(5, lo=0, hi=3)], lambda F, x: F.one_hot(x, 4)),
    # unfold/fold, pixel shuffle, distances
    _case("unfold", [X(1, 2, 4, 5)], lambda F, x: F.unfold(x, (2, 3), padding=1, stride=2)),
    _case("fold", [X(1, 8, 6)], lambda F, x: F.fold(x, (3, 4), (2, 2), stride=1), RED),
    _case("pixel_shuffle", [X(1, 8, 2, 3)], lambda F, x: F.pixel_shuffle(x, 2)),
    _case("pixel_unshuffle", [X(1, 2, 4, 6)], lambda F, x: F.pixel_unshuffle(x, 2)),
    _case("cosine_similarity", [X(3, 5), X(3, 5)], lambda F, a, b: F.cosine_similarity(a, b), RED),
    _case("pairwise_distance", [X(3, 5), X(3, 5)], lambda F, a, b: F.pairwise_distance(a, b), RED),
    _case("sdpa", [X(2, 3, 4), X(2, 5, 4), X(2, 5, 6)], lambda F, q, k, v: F.scaled_dot_product_attention(q, k, v), RED32),
    _case("sdpa_causal", [X(1, 2, 4, 4), X(1, 2, 4, 4), X(1, 2, 4, 3)],
          lambda F, q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), RED32),
    # losses (target in the same dtype unless it is a class index)
    _case("l1_loss", [X(3, 4), X(3, 4)], lambda F, a, b: F.l1_loss(a, b), RED),
    _case("l1_loss_none", [X(3, 4), X(3, 4)], lambda F, a, b: F.l1_loss(a, b, reduction="none")),
    _case("mse_loss", [X(3, 4), X(3, 4)], lambda F, a, b: F.mse_loss(a, b), RED),
    _case("mse_loss_none", [X(3, 4), X(3, 4)], lambda F, a, b: F.mse_loss(a, b, reduction="none")),
    _case("smooth_l1_loss", [X(3, 4), X(3, 4)], lambda F, a, b: F.smooth_l1_loss(a, b, beta=0.5), RED),
    _case("huber_loss", [X(3, 4), X(3, 4)], lambda F, a, b: F.huber_loss(a, b, delta=0.5), RED),
    _case("nll_loss", [X(4, 3), IDX(3, 4)], lambda F, x, t: F.nll_loss(x, t), RED),
    _case("nll_loss_2d", [X(2, 3, 2, 2), IDX(3, 2, 2, 2)], lambda F, x, t: F.nll_loss(x, t, reduction="sum"), RED),
    _case("cross_entropy", [X(4, 3), IDX(3, 4)], lambda F, x, t: F.cross_entropy(x, t), RED),
    _case("cross_entropy_ls", [X(4, 3), IDX(3, 4)], lambda F, x, t: F.cross_entropy(x, t, label_smoothing=0.1), RED),
    _case("cross_entropy_probs", [X(4, 3), PROB(4, 3)], lambda F, x, t: F.cross_entropy(x, t), RED),
    _case("binary_cross_entropy", [PROB(3, 4), PROB(3, 4)], lambda F, x, t: F.binary_cross_entropy(x, t), RED),
    _case("bce_with_logits", [X(3, 4), PROB(3, 4)], lambda F, x, t: F.binary_cross_entropy_with_logits(x, t), RED),
    _case("kl_div", [X(3, 4), PROB(3, 4)], lambda F, x, t: F.kl_div(x, t, reduction="batchmean"), RED),
    _case("poisson_nll_loss", [X(3, 4), X(3, 4, positive=True)], lambda F, x, t: F.poisson_nll_loss(x, t), RED),
    _case("gaussian_nll_loss", [X(3, 4), X(3, 4), X(3, 4, positive=True)], lambda F, x, t, v: F.gaussian_nll_loss(x, t, v), RED),
    _case("soft_margin_loss", [X(3, 4), SIGN(3, 4)], lambda F, x, t: F.soft_margin_loss(x, t), RED),
    _case("multilabel_soft_margin_loss", [X(3, 4), PROB(3, 4)], lambda F, x, t: F.multilabel_soft_margin_loss(x, t), RED),
    _case("hinge_embedding_loss", [X(3, 4), SIGN(3, 4)], lambda F, x, t: F.hinge_embedding_loss(x, t), RED),
    _case("margin_ranking_loss", [X(5), X(5), SIGN(5)], lambda F, a, b, t: F.margin_ranking_loss(a, b, t), RED),
    _case("cosine_embedding_loss", [X(3, 4), X(3, 4), SIGN(3)], lambda F, a, b, t: F.cosine_embedding_loss(a, b, t), RED),
    _case("triplet_margin_loss", [X(3, 4), X(3, 4), X(3, 4)], lambda F, a, p, n: F.triplet_margin_loss(a, p, n), RED),
    _case("multi_margin_loss", [X(4, 3), IDX(3, 4)], lambda F, x, t: F.multi_margin_loss(x, t), RED,
          missing="multi_margin_loss"),
    _case("multilabel_margin_loss", [X(2, 4), lambda rng, dt: T(np.array([[3, 0, -1, 1], [1, 2, 3, -1]]), "int64")],
          lambda F, x, t: F.multilabel_margin_loss(x, t), RED, missing="multilabel_margin_loss"),
    _case("ctc_loss", [lambda rng, dt: T(np.log(rng.dirichlet(np.ones(4), size=(6, 2))), dt, grad=dt in ("float16", "bfloat16")),
                       lambda rng, dt: T(np.array([[1, 2, 1], [3, 1, 0]]), "int64"),
                       lambda rng, dt: T(np.array([6, 5]), "int64"), lambda rng, dt: T(np.array([3, 2]), "int64")],
          lambda F, lp, t, il, tl: F.ctc_loss(lp, t, il, tl), RED),
]


# Known gaps (strict: they fail loudly once fixed).
KNOWN = {}


def _skip_missing(case, dtype=None):
    if case.missing and not hasattr(PF, case.missing):
        pytest.xfail(f"pyt.nn.functional has no {case.missing} yet")


def _params(cases, dtypes):
    out = []
    for c in cases:
        for dt in dtypes:
            why = KNOWN.get((c.name, dt))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            out.append(pytest.param(c, dt, id=f"{c.name}-{dt}", marks=marks))
    return out


def _lib(F):
    return pyt if F is PF else torch


def _build(case, dtype):
    rng = np.random.default_rng(zlib.crc32(case.name.encode()))
    specs = [a(rng, dtype) for a in case.args]
    return specs


def _run(F, specs, case):
    lib = _lib(F)
    args = [s.build(lib) if isinstance(s, T) else s for s in specs]
    return args, case.call(F, *args)


def _flat(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _np(t):
    if t.dtype in (torch.bfloat16, pyt.bfloat16):
        t = t.float()
    return t.detach().numpy()


def _dtname(t):
    return str(t.dtype).split(".")[-1]


def _tol(case, dt):
    return case.tol.get(dt, TOL.get(dt, (0, 0)))


def _compare(case, dtype, tout, pout, what):
    tl, pl = _flat(tout), _flat(pout)
    assert len(tl) == len(pl), f"{case.name}[{dtype}] {what}: {len(pl)} outputs, torch {len(tl)}"
    for i, (t, p) in enumerate(zip(tl, pl)):
        if t is None:
            assert p is None, f"{case.name}[{dtype}] {what} {i}: pyt gave a tensor, torch None"
            continue
        assert p is not None, f"{case.name}[{dtype}] {what} {i}: pyt gave None"
        assert _dtname(p) == _dtname(t), f"{case.name}[{dtype}] {what} {i}: dtype {p.dtype}, torch {t.dtype}"
        assert tuple(p.shape) == tuple(t.shape), f"{case.name}[{dtype}] {what} {i}: shape {tuple(p.shape)}, torch {tuple(t.shape)}"
        rtol, atol = _tol(case, _dtname(t))
        np.testing.assert_allclose(_np(p), _np(t), rtol=rtol, atol=atol, equal_nan=True,
                                   err_msg=f"{case.name}[{dtype}] {what} {i}")


@pytest.mark.parametrize("case,dtype", _params(CASES, DTYPES))
def test_forward_parity(case, dtype):
    _skip_missing(case)
    specs = _build(case, dtype)
    for s in specs:
        if isinstance(s, T):
            s.grad = False
    try:
        _, tout = _run(TF, specs, case)
    except Exception as e:  # torch refuses: pyt must refuse with the same type
        with pytest.raises(type(e)):
            _run(PF, specs, case)
        return
    _, pout = _run(PF, specs, case)
    _compare(case, dtype, tout, pout, "output")


GRAD_TOL = {"float16": (2e-2, 2e-2), "bfloat16": (8e-2, 8e-2)}


@pytest.mark.parametrize("case,dtype", _params([c for c in CASES if c.grad], ["float16", "bfloat16"]))
def test_backward_parity(case, dtype):
    _skip_missing(case)
    specs = _build(case, dtype)
    try:
        targs, tout = _run(TF, specs, case)
        touts = [o for o in _flat(tout) if o is not None and o.requires_grad]
        if not touts:
            pytest.skip("no differentiable output")
        rng = np.random.default_rng(1)
        cots = [rng.standard_normal(size=tuple(o.shape)) for o in touts]
        tins = [a for a in targs if isinstance(a, torch.Tensor) and a.requires_grad]
        tgrads = torch.autograd.grad(touts, tins, [T(c, dtype).build(torch) for c in cots], allow_unused=True)
    except Exception as e:
        with pytest.raises(type(e)):
            pargs, pout = _run(PF, specs, case)
            pouts = [o for o in _flat(pout) if o is not None and o.requires_grad]
            pins = [a for a in pargs if isinstance(a, pyt.Tensor) and a.requires_grad]
            pyt.autograd.grad(pouts, pins, [pyt.ones(tuple(o.shape), dtype=o.dtype) for o in pouts], allow_unused=True)
        return
    pargs, pout = _run(PF, specs, case)
    pouts = [o for o in _flat(pout) if o is not None and o.requires_grad]
    pins = [a for a in pargs if isinstance(a, pyt.Tensor) and a.requires_grad]
    assert len(pouts) == len(touts)
    pgrads = pyt.autograd.grad(pouts, pins, [T(c, dtype).build(pyt) for c in cots], allow_unused=True)
    c2 = Case(case.name, case.args, case.call, GRAD_TOL)
    _compare(c2, dtype, tgrads, pgrads, "grad")


def _named_outputs(lib, F, dtype):
    x = lib.ones(1, 2, 5, 5, dtype=dtype, requires_grad=True)
    w = lib.ones(3, 2, 3, 3, dtype=dtype, requires_grad=True)
    return [
        F.conv2d(x, w),
        F.max_pool2d(x, 2),
        F.avg_pool2d(x, 2),
        F.adaptive_avg_pool2d(x, 2),
        F.interpolate(x, scale_factor=2, mode="bilinear"),
        F.pad(x, (1, 1, 1, 1), mode="reflect"),
        F.layer_norm(x, (5,)),
        F.group_norm(x, 1),
        F.batch_norm(x, None, None, training=True),
        F.softmax(x, 1),
        F.unfold(x, 2),
        F.scaled_dot_product_attention(x, x, x),
        F.embedding(lib.tensor([1]), w.reshape(3, 18)),
    ]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision_grad_fn_names(dtype):
    """float16/bfloat16 ops computed through float32 keep torch's grad_fn names."""
    p = [o.grad_fn.name() for o in _named_outputs(pyt, PF, getattr(pyt, dtype))]
    t = [o.grad_fn.name() for o in _named_outputs(torch, TF, getattr(torch, dtype))]
    assert p == t


def test_reduced_precision_double_backward():
    """The float32 graph behind a float16 op records its backward: double backward works."""
    rng = np.random.default_rng(3)
    xv, wv = rng.standard_normal((1, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3))
    grads = {}
    for lib, F in ((pyt, PF), (torch, TF)):
        x = T(xv, "float16", grad=True).build(lib)
        w = T(wv, "float16", grad=True).build(lib)
        (gx,) = lib.autograd.grad(F.conv2d(x, w).pow(2).sum(), [x], create_graph=True)
        assert gx.dtype == lib.float16
        (gw,) = lib.autograd.grad(gx.float().sum(), [w])
        grads[lib.__name__] = gw.float().numpy()
    np.testing.assert_allclose(grads["pyt"], grads["torch"], rtol=2e-2, atol=2e-2)


def test_batch_norm_half_updates_running_stats():
    """Training-mode batch_norm on float16 writes the new running statistics back."""
    rng = np.random.default_rng(4)
    xv = rng.standard_normal((4, 3, 5))
    stats = {}
    for lib, F in ((pyt, PF), (torch, TF)):
        x = T(xv, "float16").build(lib)
        rm, rv = lib.zeros(3, dtype=lib.float16), lib.ones(3, dtype=lib.float16)
        F.batch_norm(x, rm, rv, training=True, momentum=0.5)
        stats[lib.__name__] = (rm.float().numpy(), rv.float().numpy())
    for a, b in zip(stats["pyt"], stats["torch"]):
        np.testing.assert_allclose(a, b, rtol=2e-3, atol=2e-3)


def test_integer_conv_errors_name_the_op():
    """Integer dtypes torch has no kernel for raise NotImplementedError naming the op and dtype."""
    x = pyt.ones(1, 2, 5, 5, dtype=pyt.int32)
    w = pyt.ones(3, 2, 3, 3, dtype=pyt.int32)
    with pytest.raises(NotImplementedError, match=r"conv2d.*not implemented for 'Int'"):
        PF.conv2d(x, w, dilation=2)
    with pytest.raises(NotImplementedError, match=r"conv_transpose2d.*not implemented for 'Bool'"):
        PF.conv_transpose2d(x.bool(), w.bool())


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_uint8_interpolate_exact(mode, align_corners):
    """uint8 bilinear/bicubic equal torch's fixed-point kernel exactly (1-4 channels, up and
    down, sizes and scale factors)."""
    rng = np.random.default_rng(5)
    for _ in range(40):
        c = int(rng.integers(1, 5))
        h, w = (int(v) for v in rng.integers(1, 9, 2))
        x = rng.integers(0, 256, size=(2, c, h, w)).astype(np.uint8)
        if rng.integers(0, 2):
            kw = {"size": tuple(int(v) for v in rng.integers(1, 12, 2))}
        else:
            kw = {"scale_factor": float(rng.choice([0.5, 0.75, 1.3, 2.0, 3.0]))}
        try:
            t = TF.interpolate(torch.tensor(x), mode=mode, align_corners=align_corners, **kw)
        except RuntimeError:  # an empty output size
            with pytest.raises(RuntimeError):
                PF.interpolate(pyt.tensor(x), mode=mode, align_corners=align_corners, **kw)
            continue
        p = PF.interpolate(pyt.tensor(x), mode=mode, align_corners=align_corners, **kw)
        assert p.dtype == pyt.uint8
        np.testing.assert_array_equal(p.numpy(), t.numpy(), err_msg=f"{x.shape} {kw}")
