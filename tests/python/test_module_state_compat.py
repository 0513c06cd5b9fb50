"""Construction, repr, state_dict keys and pickling of the conv, pooling and activation layers
and the optimizers against torch, including state saved by older versions (``__setstate__``
filling attributes and hyper-parameters that such a pickle lacks)."""

import pickle

import pytest
import torch

import pyt

# (class name, args, kwargs): one non-default configuration per layer
LAYERS = [
    ("Conv1d", (2, 4, 3), {"stride": 2, "padding": 1, "dilation": 2, "groups": 2, "bias": False}),
    ("Conv2d", (2, 4, 3), {"padding": "same", "padding_mode": "circular"}),
    ("Conv3d", (2, 4, (1, 2, 3)), {"stride": (1, 1, 2), "padding": (0, 1, 1)}),
    ("ConvTranspose1d", (2, 4, 3), {"stride": 2, "output_padding": 1, "groups": 2}),
    ("ConvTranspose2d", (2, 4, 3), {"stride": 2, "padding": 1, "bias": False}),
    ("ConvTranspose3d", (2, 4, 2), {}),
    ("MaxPool1d", (3,), {"stride": 2, "padding": 1, "return_indices": True}),
    ("MaxPool2d", ((2, 3),), {"dilation": 2, "ceil_mode": True}),
    ("AvgPool1d", (3,), {"stride": 2, "padding": 1, "ceil_mode": True}),
    ("AvgPool2d", (2,), {"divisor_override": 3}),
    ("AdaptiveAvgPool1d", (3,), {}),
    ("AdaptiveAvgPool2d", ((None, 2),), {}),
    ("AdaptiveMaxPool1d", (3,), {"return_indices": True}),
    ("AdaptiveMaxPool2d", ((2, 3),), {}),
    ("ReLU", (), {"inplace": True}),
    ("SiLU", (), {"inplace": True}),
    ("Mish", (), {}),
    ("SELU", (), {"inplace": True}),
    ("Hardsigmoid", (), {"inplace": True}),
    ("Hardswish", (), {}),
    ("ReLU6", (), {"inplace": True}),
    ("ELU", (), {"alpha": 0.5, "inplace": True}),
    ("CELU", (), {"alpha": 2.0}),
    ("LeakyReLU", (), {"negative_slope": 0.2, "inplace": True}),
    ("Softmax", (), {"dim": 1}),
    ("LogSoftmax", (), {"dim": 0}),
    ("Softmin", (), {}),
    ("GLU", (), {"dim": 1}),
    ("Hardshrink", (), {"lambd": 0.3}),
    ("Softshrink", (), {}),
    ("Threshold", (0.1, 20.0), {"inplace": True}),
    ("Hardtanh", (-2.0, 3.0), {}),
    ("GELU", (), {"approximate": "tanh"}),
    ("Softplus", (), {"beta": 2.0, "threshold": 10.0}),
    ("PReLU", (3,), {"init": 0.1}),
    ("Softsign", (), {}),
    ("Tanhshrink", (), {}),
    ("LogSigmoid", (), {}),
]


@pytest.mark.parametrize("name,args,kwargs", LAYERS, ids=[row[0] for row in LAYERS])
def test_layer_repr_state_and_pickle_match_torch(name, args, kwargs):
    p = getattr(pyt.nn, name)(*args, **kwargs)
    t = getattr(torch.nn, name)(*args, **kwargs)
    assert repr(p) == repr(t)
    assert list(p.state_dict()) == list(t.state_dict())
    for attr in getattr(t, "__constants__", []):
        assert getattr(p, attr) == getattr(t, attr), attr
    q = pickle.loads(pickle.dumps(p))
    assert type(q) is type(p)
    assert repr(q) == repr(p)
    for k, v in p.state_dict().items():
        assert q.state_dict()[k].tolist() == v.tolist(), k


def test_conv_pickle_without_padding_mode_loads_as_zeros():
    # a Conv pickled before padding_mode existed: __setstate__ restores the default, as torch
    p, t = pyt.nn.Conv2d(2, 3, 3), torch.nn.Conv2d(2, 3, 3)
    for m in (p, t):
        del m.__dict__["padding_mode"]
    p2, t2 = pickle.loads(pickle.dumps(p)), pickle.loads(pickle.dumps(t))
    assert p2.padding_mode == t2.padding_mode == "zeros"
    assert p2(pyt.ones(1, 2, 5, 5)).shape == (1, 3, 3, 3)


OPTIMIZERS = ["SGD", "Adam", "AdamW", "Adamax", "RAdam", "NAdam", "Adadelta", "Adagrad", "RMSprop"]
# hyper-parameters that optimizers gained over time; an old pickle's groups lack them
LATER_KEYS = (
    "foreach",
    "maximize",
    "differentiable",
    "capturable",
    "fused",
    "decoupled_weight_decay",
    "amsgrad",
    "nesterov",
    "momentum",
    "centered",
)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_setstate_fills_missing_hyperparameters_like_torch(name):
    groups = []
    for lib in (pyt, torch):
        w = lib.zeros(3, requires_grad=True)
        opt = getattr(lib.optim, name)([w], lr=0.1)
        state = opt.__getstate__()
        state["param_groups"] = [
            {k: v for k, v in g.items() if k not in LATER_KEYS} for g in state["param_groups"]
        ]
        old = object.__new__(type(opt))
        old.__setstate__(state)
        groups.append({k: v for k, v in old.param_groups[0].items() if k != "params"})
    assert groups[0] == groups[1]


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_pickle_round_trip_keeps_state_and_steps(name):
    w = pyt.tensor([1.0, -2.0, 3.0], requires_grad=True)
    opt = getattr(pyt.optim, name)([w], lr=0.1)
    (w * w).sum().backward()
    opt.step()
    opt2 = pickle.loads(pickle.dumps(opt))
    assert repr(opt2) == repr(opt)
    sd, sd2 = opt.state_dict(), opt2.state_dict()
    assert sd["param_groups"] == sd2["param_groups"]
    assert sd["state"].keys() == sd2["state"].keys()
    for i, st in sd["state"].items():
        assert list(st) == list(sd2["state"][i])
        for k, v in st.items():
            if isinstance(v, pyt.Tensor):
                assert v.tolist() == sd2["state"][i][k].tolist(), k
