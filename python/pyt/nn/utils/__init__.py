"""``pyt.nn.utils``: gradient clipping, parameter/vector conversion, weight normalisation and
parametrizations (torch/nn/utils). ``pyt.nn.utils.rnn`` is imported on first use."""

import importlib

from pyt.nn.utils import parametrizations, parametrize
from pyt.nn.utils.clip_grad import (
    clip_grad_norm,
    clip_grad_norm_,
    clip_grad_value_,
    clip_grads_with_norm_,
    get_total_norm,
)
from pyt.nn.utils.convert_parameters import parameters_to_vector, vector_to_parameters
from pyt.nn.utils.spectral_norm import remove_spectral_norm, spectral_norm
from pyt.nn.utils.weight_norm import remove_weight_norm, weight_norm

__all__ = [
    "clip_grad_norm",
    "clip_grad_norm_",
    "clip_grad_value_",
    "clip_grads_with_norm_",
    "get_total_norm",
    "parameters_to_vector",
    "vector_to_parameters",
    "weight_norm",
    "remove_weight_norm",
    "spectral_norm",
    "remove_spectral_norm",
    "parametrize",
    "parametrizations",
    "rnn",
]

_LAZY_SUBMODULES = ("rnn",)


def __getattr__(name):
    # Submodules written elsewhere (rnn) are imported on first access, keeping import light.
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
