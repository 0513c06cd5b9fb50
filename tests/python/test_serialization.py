"""pyt.save / pyt.load: safetensors format, interop with the safetensors package, corrupt files."""

import io
import json
import pickle
import struct
from collections import OrderedDict

import numpy as np
import pytest
import torch
from safetensors.numpy import load_file as st_np_load
from safetensors.numpy import save as st_np_save_bytes
from safetensors.numpy import save_file as st_np_save
from safetensors.torch import save_file as st_torch_save

import pyt


def to_np(p):
    return p.detach().numpy()


def sample_dict():
    return OrderedDict(
        f64=pyt.tensor([[1.5, -2.0], [3.25, 4.0]], dtype=pyt.float64),
        f32=pyt.randn(3, 4),
        f16=pyt.tensor([1.5, 2.0, -0.25], dtype=pyt.float16),
        bf16=pyt.tensor([1.5, -3.0, 1e10], dtype=pyt.float32).to(pyt.bfloat16),
        i64=pyt.arange(6).reshape(2, 3),
        i32=pyt.tensor([-(2**31), 2**31 - 1], dtype=pyt.int32),
        i16=pyt.tensor([-7, 7], dtype=pyt.int16),
        i8=pyt.tensor([-128, 127], dtype=pyt.int8),
        u8=pyt.tensor([0, 255], dtype=pyt.uint8),
        b=pyt.tensor([True, False, True]),
        scalar=pyt.tensor(3.5),
        empty=pyt.zeros(0, 3),
    )


def assert_same(a, b):
    assert list(a.keys()) == list(b.keys())
    for k in a:
        assert a[k].dtype == b[k].dtype, k
        assert tuple(a[k].shape) == tuple(b[k].shape), k
        if a[k].dtype == pyt.bfloat16:
            np.testing.assert_array_equal(to_np(a[k].float()), to_np(b[k].float()))
        else:
            np.testing.assert_array_equal(to_np(a[k]), to_np(b[k]))


def test_round_trip_path(tmp_path):
    d = sample_dict()
    f = tmp_path / "x.safetensors"
    pyt.save(d, f)
    assert_same(pyt.load(f), d)
    assert_same(pyt.load(str(f)), d)


def test_round_trip_file_objects(tmp_path):
    d = sample_dict()
    buf = io.BytesIO()
    pyt.save(d, buf)
    buf.seek(0)
    assert_same(pyt.load(buf), d)
    with open(tmp_path / "y.safetensors", "wb") as fh:
        pyt.save(d, fh)
    with open(tmp_path / "y.safetensors", "rb") as fh:
        assert_same(pyt.load(fh), d)


def test_loaded_tensors_own_their_memory(tmp_path):
    d = {"w": pyt.ones(3)}
    pyt.save(d, tmp_path / "w.safetensors")
    w = pyt.load(tmp_path / "w.safetensors")["w"]
    w.add_(1.0)
    np.testing.assert_array_equal(to_np(w), [2.0, 2.0, 2.0])


def test_noncontiguous_and_requires_grad_tensors(tmp_path):
    x = pyt.arange(12, dtype=pyt.float32).reshape(3, 4)
    p = pyt.nn.Parameter(pyt.ones(2, 2))
    pyt.save({"t": x.t(), "s": x[:, ::2], "p": p}, tmp_path / "n.safetensors")
    out = pyt.load(tmp_path / "n.safetensors")
    np.testing.assert_array_equal(to_np(out["t"]), to_np(x).T)
    np.testing.assert_array_equal(to_np(out["s"]), to_np(x)[:, ::2])
    # as torch.load: the Parameter comes back as a Parameter that requires grad
    assert isinstance(out["p"], pyt.nn.Parameter) and out["p"].requires_grad


def test_header_layout(tmp_path):
    pyt.save({"a": pyt.zeros(2, 3), "b": pyt.ones(1, dtype=pyt.int64)}, tmp_path / "h.st",
             metadata={"format": "pt"})
    raw = (tmp_path / "h.st").read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0 and len(raw) == 8 + n + 2 * 3 * 4 + 8
    header = json.loads(raw[8:8 + n])
    assert header["__metadata__"] == {"format": "pt"}
    assert header["a"] == {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}
    assert header["b"] == {"dtype": "I64", "shape": [1], "data_offsets": [24, 32]}


def test_files_from_safetensors_numpy_load(tmp_path):
    arrays = {
        "f32": np.random.default_rng(0).standard_normal((3, 5)).astype(np.float32),
        "f64": np.array([1.0, -2.0]),
        "f16": np.array([0.5, 1.5], dtype=np.float16),
        "i64": np.arange(4, dtype=np.int64).reshape(2, 2),
        "i32": np.array([1, -1], dtype=np.int32),
        "i16": np.array([3], dtype=np.int16),
        "i8": np.array([-3], dtype=np.int8),
        "u8": np.array([200], dtype=np.uint8),
        "bool": np.array([True, False]),
        "empty": np.zeros((0,), dtype=np.float32),
    }
    st_np_save(arrays, str(tmp_path / "np.safetensors"), metadata={"k": "v"})
    out = pyt.load(tmp_path / "np.safetensors")
    assert sorted(out) == sorted(arrays)
    for k, a in arrays.items():
        np.testing.assert_array_equal(to_np(out[k]), a)
        assert to_np(out[k]).dtype == a.dtype


def test_files_from_safetensors_torch_load(tmp_path):
    t = {
        "w": torch.randn(4, 3),
        "bf": torch.tensor([1.5, -2.25, 3e8], dtype=torch.bfloat16),
        "h": torch.tensor([1.0, 2.0], dtype=torch.float16),
    }
    st_torch_save(t, str(tmp_path / "t.safetensors"))
    out = pyt.load(tmp_path / "t.safetensors")
    np.testing.assert_array_equal(to_np(out["w"]), t["w"].numpy())
    assert out["bf"].dtype == pyt.bfloat16
    np.testing.assert_array_equal(to_np(out["bf"].float()), t["bf"].float().numpy())
    np.testing.assert_array_equal(to_np(out["h"]), t["h"].numpy())


def test_pyt_files_load_with_safetensors(tmp_path):
    d = sample_dict()
    del d["bf16"]  # numpy has no bfloat16
    pyt.save(d, tmp_path / "p.safetensors")
    out = st_np_load(str(tmp_path / "p.safetensors"))
    for k, v in d.items():
        np.testing.assert_array_equal(out[k], to_np(v))
        assert out[k].dtype == to_np(v).dtype
    from safetensors.torch import load_file as st_torch_load

    pyt.save({"bf": pyt.tensor([1.5, -2.0]).to(pyt.bfloat16)}, tmp_path / "bf.safetensors")
    tb = st_torch_load(str(tmp_path / "bf.safetensors"))["bf"]
    assert tb.dtype == torch.bfloat16 and tb.float().tolist() == [1.5, -2.0]


def test_module_state_dict_round_trip(tmp_path):
    a = pyt.nn.Sequential(pyt.nn.Linear(3, 4), pyt.nn.ReLU(), pyt.nn.Linear(4, 2))
    b = pyt.nn.Sequential(pyt.nn.Linear(3, 4), pyt.nn.ReLU(), pyt.nn.Linear(4, 2))
    pyt.save(a.state_dict(), tmp_path / "m.safetensors")
    b.load_state_dict(pyt.load(tmp_path / "m.safetensors", map_location="cpu"))
    x = pyt.randn(5, 3)
    np.testing.assert_array_equal(to_np(a(x)), to_np(b(x)))


def _same(a, b):
    if isinstance(a, pyt.Tensor):
        assert isinstance(b, pyt.Tensor) and a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(to_np(a), to_np(b))
        assert a.requires_grad == b.requires_grad
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, dict):
        assert type(a) is type(b) and list(a.keys()) == list(b.keys())
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, float) and a != a:
        assert b != b
    else:
        assert a == b and type(a) is type(b)


@pytest.mark.parametrize(
    "obj",
    [
        [pyt.zeros(1)],
        pyt.arange(6).reshape(2, 3)[:, 1],
        {"a": {"b": pyt.zeros(1)}},
        {"a": 3},
        {1: pyt.zeros(1), (2, "x"): [None, True, -7, 2**80, 1.5, float("inf"), float("nan")]},
        {"__metadata__": pyt.zeros(1)},
        {"s": "text", "b": b"\x00\xff", "arr": np.arange(5, dtype=np.int16), "empty": {}},
        {"w": pyt.ones(2, requires_grad=True), "same": "twice"},
        {},
    ],
    ids=["list", "tensor-view", "nested", "non-tensor", "keys-and-scalars", "reserved-key", "misc", "grad", "empty"],
)
def test_nested_checkpoints_round_trip(obj, tmp_path):
    pyt.save(obj, tmp_path / "ck.pt")
    _same(obj, pyt.load(tmp_path / "ck.pt"))


def test_training_checkpoint_round_trip_with_optimizer_state(tmp_path):
    model = pyt.nn.Linear(3, 2)
    opt = pyt.optim.Adam(model.parameters(), lr=1e-2)
    model(pyt.randn(4, 3)).sum().backward()
    opt.step()
    pyt.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 7}, tmp_path / "ck.pt")
    ck = pyt.load(tmp_path / "ck.pt")
    assert ck["epoch"] == 7
    model2 = pyt.nn.Linear(3, 2)
    model2.load_state_dict(ck["model"])
    opt2 = pyt.optim.Adam(model2.parameters(), lr=1e-2)
    opt2.load_state_dict(ck["optimizer"])
    assert opt2.state_dict()["param_groups"] == opt.state_dict()["param_groups"]
    for k, v in opt.state_dict()["state"][0].items():
        np.testing.assert_array_equal(to_np(v), to_np(opt2.state_dict()["state"][0][k]))


def test_nested_checkpoint_tensors_stay_readable_by_safetensors(tmp_path):
    pyt.save({"a": [pyt.ones(2), pyt.zeros(3)]}, tmp_path / "ck.pt")
    arrays = st_np_load(str(tmp_path / "ck.pt"))
    assert sorted(arrays) == ["0", "1"]


def _local_class_instance():
    class Local:
        pass

    return Local()


@pytest.mark.parametrize("obj", [{"f": lambda: 1}, [_local_class_instance()]], ids=["lambda", "local-class"])
def test_save_rejects_objects_it_cannot_pickle(obj, tmp_path):
    # as torch.save: pickling fails, and nothing is left at the path
    with pytest.raises((pickle.PicklingError, AttributeError)):
        pyt.save(obj, tmp_path / "bad.pt")
    with pytest.raises((pickle.PicklingError, AttributeError)):
        torch.save(obj, tmp_path / "bad_torch.pt")
    assert not (tmp_path / "bad.pt").exists()


def test_save_is_atomic_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "ck.pt"
    pyt.save({"w": pyt.ones(3)}, path)
    with pytest.raises((pickle.PicklingError, AttributeError)):
        pyt.save({"w": pyt.zeros(3), "bad": lambda: 0}, path)
    np.testing.assert_array_equal(to_np(pyt.load(path)["w"]), np.ones(3))
    assert [p.name for p in tmp_path.iterdir()] == ["ck.pt"]  # no temporary file left behind


def test_hostile_structure_metadata_is_refused(tmp_path):
    for structure in ['{"t": "eval", "v": "__import__(\'os\')"}', '{"t": "tensor", "name": "9"}', "not json"]:
        hdr = {"__metadata__": {"pyt.structure": structure}}
        (tmp_path / "h.pt").write_bytes(_file(hdr))
        with pytest.raises(RuntimeError, match="invalid or corrupt"):
            pyt.load(tmp_path / "h.pt")


def test_save_rejects_bad_metadata(tmp_path):
    with pytest.raises(TypeError, match="metadata"):
        pyt.save({"a": pyt.zeros(1)}, tmp_path / "r.st", metadata={"k": 1})


def _file(header, data=b"", header_len=None):
    hb = json.dumps(header).encode()
    n = len(hb) if header_len is None else header_len
    return struct.pack("<Q", n) + hb + data


CORRUPT = {
    "short_length": b"\x01\x02",
    "header_len_past_eof": struct.pack("<Q", 1000) + b"{}",
    "header_len_huge": struct.pack("<Q", 2**62) + b"{}",
    "truncated_header": _file({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}},
                              header_len=200)[:50],
    "not_json": struct.pack("<Q", 4) + b"{abc",
    "not_object": struct.pack("<Q", 2) + b"[]",
    "bad_utf8": struct.pack("<Q", 2) + b"\xff\xfe",
    "unknown_dtype": _file({"a": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}},
                           b"\0" * 8),
    "offsets_past_data": _file({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}},
                               b"\0" * 4),
    "size_mismatch": _file({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}},
                           b"\0" * 8),
    "negative_offset": _file({"a": {"dtype": "U8", "shape": [1], "data_offsets": [-1, 0]}},
                             b"\0"),
    "reversed_offsets": _file({"a": {"dtype": "U8", "shape": [0], "data_offsets": [4, 0]}},
                              b"\0" * 4),
    "overlap": _file(
        {
            "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
            "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]},
        },
        b"\0" * 12,
    ),
    "negative_dim": _file({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}}),
    "bad_shape_type": _file({"a": {"dtype": "F32", "shape": "2", "data_offsets": [0, 8]}},
                            b"\0" * 8),
    "huge_shape": _file({"a": {"dtype": "F32", "shape": [2**40, 2**40], "data_offsets": [0, 8]}},
                        b"\0" * 8),
    "bad_metadata": _file({"__metadata__": {"k": 1}}),
    "entry_not_object": _file({"a": 3}),
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_corrupt_files_raise_clear_errors(name, tmp_path):
    path = tmp_path / "c.safetensors"
    path.write_bytes(CORRUPT[name])
    with pytest.raises(RuntimeError, match="pyt.load: invalid or corrupt safetensors file"):
        pyt.load(path)
    with pytest.raises(RuntimeError, match="invalid or corrupt"):
        pyt.load(io.BytesIO(CORRUPT[name]))


def test_duplicate_keys_rejected(tmp_path):
    body = b'{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},' \
           b'"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}'
    raw = struct.pack("<Q", len(body)) + body + b"\0"
    with pytest.raises(RuntimeError, match="duplicate key"):
        pyt.load(io.BytesIO(raw))


def test_non_seekable_stream():
    buf = io.BytesIO()
    pyt.save({"a": pyt.arange(3)}, buf)

    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._b = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            return self._b.readinto(b)

    out = pyt.load(io.BufferedReader(Pipe(buf.getvalue())))
    assert out["a"].tolist() == [0, 1, 2]


def test_map_location(tmp_path):
    pyt.save({"a": pyt.zeros(1)}, tmp_path / "m.st")
    assert "a" in pyt.load(tmp_path / "m.st", map_location=pyt.device("cpu"))
    assert "a" in pyt.load(tmp_path / "m.st", map_location={"cpu": "cpu"})
    with pytest.raises(RuntimeError, match="cpu"):
        pyt.load(tmp_path / "m.st", map_location="cuda:0")


def test_safetensors_bytes_api_interop():
    raw = st_np_save_bytes({"x": np.arange(5, dtype=np.int16)})
    out = pyt.load(io.BytesIO(raw))
    assert out["x"].dtype == pyt.int16 and out["x"].tolist() == [0, 1, 2, 3, 4]
