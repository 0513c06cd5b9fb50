"""pyt.save / pyt.load behaviours compared with torch.save / torch.load."""
import pytest
import torch

import pyt


def _roundtrip(mod, obj, path):
    mod.save(obj, path)
    return mod.load(path, weights_only=True)


@pytest.mark.parametrize("case", ["param", "param_nograd", "grad", "plain", "state_dict_keep_vars"])
def test_flat_dict_keeps_parameter_and_requires_grad(tmp_path, case):
    def build(mod):
        if case == "param":
            return {"p": mod.nn.Parameter(mod.ones(2))}
        if case == "param_nograd":
            return {"p": mod.nn.Parameter(mod.ones(2), requires_grad=False)}
        if case == "grad":
            return {"g": mod.ones(2, requires_grad=True), "x": mod.zeros(3)}
        if case == "plain":
            return {"x": mod.zeros(3)}
        return mod.nn.Linear(2, 3).state_dict(keep_vars=True)

    got = _roundtrip(pyt, build(pyt), str(tmp_path / "a.pt"))
    want = _roundtrip(torch, build(torch), str(tmp_path / "b.pt"))
    assert type(got).__name__ == type(want).__name__
    assert list(got) == list(want)
    for k in want:
        assert isinstance(got[k], pyt.nn.Parameter) == isinstance(want[k], torch.nn.Parameter), k
        assert got[k].requires_grad == want[k].requires_grad, k
        assert got[k].shape == tuple(want[k].shape)


def test_flat_grad_flags_keep_file_plain_safetensors(tmp_path):
    safetensors = pytest.importorskip("safetensors.numpy")
    path = str(tmp_path / "a.safetensors")
    pyt.save({"p": pyt.nn.Parameter(pyt.ones(2))}, path)
    got = safetensors.load_file(path)
    assert list(got) == ["p"] and got["p"].tolist() == [1.0, 1.0]
