"""The layers of ``pyt.nn`` (torch/nn/modules)."""

from pyt.nn.modules.activation import LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from pyt.nn.modules.activation import (  # noqa: F401
    GELU,
    SiLU,
    Mish,
    ELU,
    SELU,
    CELU,
    LeakyReLU,
    Hardsigmoid,
    Hardswish,
    Softplus,
    Softsign,
    Tanhshrink,
    Threshold,
    LogSigmoid,
    Softmin,
    GLU,
    Hardshrink,
    Softshrink,
    Hardtanh,
    ReLU6,
    PReLU,
)
from pyt.nn.modules.container import ModuleDict, ModuleList, Sequential
from pyt.nn.modules.conv import Conv2d
from pyt.nn.modules.dropout import (  # noqa: F401
    AlphaDropout,
    Dropout,
    Dropout1d,
    Dropout2d,
    Dropout3d,
    FeatureAlphaDropout,
)
from pyt.nn.modules.flatten import Flatten
from pyt.nn.modules.linear import Identity, Linear
from pyt.nn.modules.loss import CrossEntropyLoss, MSELoss, NLLLoss
from pyt.nn.modules.module import Module
from pyt.nn.modules.batchnorm import BatchNorm1d, BatchNorm2d, BatchNorm3d
from pyt.nn.modules.instancenorm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d
from pyt.nn.modules.sparse import Embedding, EmbeddingBag
from pyt.nn.modules.normalization import GroupNorm, LayerNorm, LocalResponseNorm, RMSNorm
from pyt.nn.modules.pooling import MaxPool2d

__all__ = [
    "Module",
    "Sequential",
    "ModuleList",
    "ModuleDict",
    "Identity",
    "Linear",
    "Conv2d",
    "MaxPool2d",
    "ReLU",
    "Sigmoid",
    "Tanh",
    "Softmax",
    "LogSoftmax",
    "GELU",
    "SiLU",
    "Mish",
    "ELU",
    "SELU",
    "CELU",
    "LeakyReLU",
    "Hardsigmoid",
    "Hardswish",
    "Softplus",
    "Softsign",
    "Tanhshrink",
    "Threshold",
    "LogSigmoid",
    "Softmin",
    "GLU",
    "Hardshrink",
    "Softshrink",
    "Hardtanh",
    "ReLU6",
    "PReLU",
    "LayerNorm",
    "GroupNorm",
    "RMSNorm",
    "LocalResponseNorm",
    "BatchNorm1d",
    "BatchNorm2d",
    "BatchNorm3d",
    "InstanceNorm1d",
    "InstanceNorm2d",
    "InstanceNorm3d",
    "Flatten",
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "Dropout3d",
    "AlphaDropout",
    "FeatureAlphaDropout",
    "Embedding",
    "EmbeddingBag",
    "CrossEntropyLoss",
    "MSELoss",
    "NLLLoss",
]
