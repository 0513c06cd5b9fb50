"""pyt.save / pyt.load: shared storages (tied weights, views) and map_location, against
torch.save / torch.load; interop of such files with the safetensors package; hostile view
metadata; the writev write path."""

import io
import json
import os
import struct

import numpy as np
import pytest
import torch
from safetensors import safe_open
from safetensors.numpy import load_file as st_np_load
from safetensors.torch import load_file as st_torch_load

import pyt
from pyt import serialization


def _round_trip(fw, obj, path, **kw):
    fw.save(obj, path)
    return fw.load(path, **kw)


def _file_header(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    return json.loads(raw[8:8 + n]), len(raw) - 8 - n


def _views(fw):
    """Tensors sharing storages as checkpoints do, built alike in each framework."""
    x = fw.arange(12, dtype=fw.float32).reshape(3, 4)
    y = fw.arange(10, dtype=fw.float64)
    return {"x": x, "x.t": x.t(), "x.row1": x[1:], "x.col": x[:, 2], "x.scalar": x[2, 3],
            "y.a": y[:6], "y.b": y[3:], "z": fw.ones(5)}


def test_tied_weights_state_dict_like_torch(tmp_path):
    def model(fw):
        lin1, lin2 = fw.nn.Linear(64, 32), fw.nn.Linear(64, 32)
        lin2.weight = lin1.weight  # tied
        return fw.nn.ModuleDict({"lin1": lin1, "lin2": lin2})

    m = model(pyt)
    sd = m.state_dict()
    out = _round_trip(pyt, sd, tmp_path / "tied.pt")
    ref = _round_trip(torch, model(torch).state_dict(), tmp_path / "tied_torch.pt")
    assert list(out) == list(ref) == list(sd)
    for k in sd:
        np.testing.assert_array_equal(out[k].numpy(), sd[k].detach().numpy())
    # in torch and in pyt the tied weights share memory after loading
    for o in (out, ref):
        o["lin1.weight"].add_(1.0)
        assert o["lin2.weight"][0, 0].item() == o["lin1.weight"][0, 0].item()
    assert out["lin1.weight"].data_ptr() == out["lin2.weight"].data_ptr()
    # the weight is written once
    header, data_size = _file_header(tmp_path / "tied.pt")
    assert data_size == (64 * 32 + 32 + 32) * 4
    # the file stays a valid safetensors file: the package sees the first name of the tied pair
    st = st_torch_load(str(tmp_path / "tied.pt"))
    assert sorted(st) == ["lin1.bias", "lin1.weight", "lin2.bias"]
    np.testing.assert_array_equal(st["lin1.weight"].numpy(), sd["lin1.weight"].detach().numpy())
    # and pyt restores every name into a fresh model, tied
    m2 = model(pyt)
    m2.load_state_dict(pyt.load(tmp_path / "tied.pt"))
    x = pyt.randn(3, 64)
    np.testing.assert_array_equal(m2["lin2"](x).detach().numpy(), m["lin2"](x).detach().numpy())


@pytest.mark.parametrize("how", ["flat", "nested", "pickled"])
@pytest.mark.parametrize("mmap", [False, True])
def test_views_keep_sharing_and_geometry_like_torch(how, mmap, tmp_path):
    def wrap(d):
        if how == "flat":
            return d
        if how == "nested":
            return {"tensors": [d[k] for k in d], "epoch": 3}
        return {"tensors": [d[k] for k in d], "tags": {"set"}}  # a set: pickled

    names = list(_views(pyt))
    obj = wrap(_views(pyt))
    pyt.save(obj, tmp_path / "v.pt")
    out = pyt.load(tmp_path / "v.pt", mmap=mmap, weights_only=how != "pickled")
    torch.save(wrap(_views(torch)), tmp_path / "v_torch.pt")
    ref = torch.load(tmp_path / "v_torch.pt", mmap=mmap, weights_only=how != "pickled")
    if how != "flat":
        out = dict(zip(names, out["tensors"]))
        ref = dict(zip(names, ref["tensors"]))
    src = _views(pyt)
    for k in names:
        assert out[k].dtype == src[k].dtype and tuple(out[k].shape) == tuple(src[k].shape)
        np.testing.assert_array_equal(out[k].numpy(), src[k].numpy())
        assert tuple(out[k].stride()) == tuple(ref[k].stride()), k
        assert out[k].storage_offset() == ref[k].storage_offset(), k
    # an in-place change through one view shows in the others, as in torch
    for o in (out, ref):
        o["x"].mul_(-1)
        o["y.a"][4] = 100
    for k in names:
        np.testing.assert_array_equal(out[k].numpy(), ref[k].numpy())
    assert out["x.t"][3, 2].item() == -11.0 and out["y.b"][1].item() == 100.0
    assert out["z"].tolist() == [1.0] * 5


def test_each_storage_written_once(tmp_path):
    x = pyt.arange(1000, dtype=pyt.float32)
    pyt.save({"x": x, "a": x[:500], "b": x[250:], "c": x.reshape(10, 100).t()}, tmp_path / "o.pt")
    header, data_size = _file_header(tmp_path / "o.pt")
    assert data_size == 4000
    assert [k for k in header if k != "__metadata__"] == ["x"]


def test_lone_view_is_saved_as_a_compact_copy(tmp_path):
    # a slice that shares its storage with no other saved tensor is written alone, contiguously
    big = pyt.arange(100000, dtype=pyt.float32)
    pyt.save({"s": big[10:20]}, tmp_path / "s.pt")
    header, data_size = _file_header(tmp_path / "s.pt")
    assert data_size == 40 and header["s"]["shape"] == [10]
    assert pyt.load(tmp_path / "s.pt")["s"].tolist() == list(range(10, 20))


def test_partial_views_without_their_base_use_a_hidden_entry(tmp_path):
    x = pyt.arange(12, dtype=pyt.float32).reshape(3, 4)
    pyt.save({"top": x[:2], "bottom": x[1:]}, tmp_path / "p.pt")
    header, data_size = _file_header(tmp_path / "p.pt")
    assert data_size == 48 and header["pyt.storage.0"]["dtype"] == "U8"
    # the safetensors package reads the (valid) file: the storage's raw bytes
    raw = st_np_load(str(tmp_path / "p.pt"))["pyt.storage.0"]
    np.testing.assert_array_equal(raw.view(np.float32), np.arange(12, dtype=np.float32))
    out = pyt.load(tmp_path / "p.pt")
    assert list(out) == ["top", "bottom"]
    out["top"][1].fill_(-1)
    assert out["bottom"][0].tolist() == [-1.0] * 4
    # a user key named like the hidden entry is kept apart
    pyt.save({"pyt.storage.0": x[:1], "q": x[1:], "r": x[:2]}, tmp_path / "c.pt")
    out = pyt.load(tmp_path / "c.pt")
    assert out["pyt.storage.0"].tolist() == [[0.0, 1.0, 2.0, 3.0]]
    assert list(out) == ["pyt.storage.0", "q", "r"]


@pytest.mark.parametrize("dtype", ["bfloat16", "float16", "int64", "bool", "uint8"])
def test_shared_storage_every_dtype(dtype, tmp_path):
    x = (pyt.arange(12) % 5).to(getattr(pyt, dtype)).reshape(3, 4)
    out = _round_trip(pyt, {"x": x, "t": x.t(), "c": x[:, 1]}, tmp_path / "d.pt")
    np.testing.assert_array_equal(out["t"].float().numpy(), x.t().float().numpy())
    out["x"].zero_()
    assert not bool(out["c"].any()) and not bool(out["t"].any())


def test_safetensors_written_files_still_load(tmp_path):
    # files from the safetensors package have no pyt.views metadata: every tensor is separate
    from safetensors.torch import save_file

    t = {"a": torch.randn(3, 4), "b": torch.arange(5)}
    save_file(t, str(tmp_path / "s.st"), metadata={"format": "pt"})
    out = pyt.load(tmp_path / "s.st")
    np.testing.assert_array_equal(out["a"].numpy(), t["a"].numpy())
    assert out["b"].tolist() == list(range(5))
    # and safetensors refuses shared tensors, while pyt.save stores them once in a valid file
    with pytest.raises(RuntimeError):
        save_file({"a": t["a"], "b": t["a"]}, str(tmp_path / "shared.st"))
    w = pyt.randn(3, 4)
    pyt.save({"a": w, "b": w}, tmp_path / "shared.pt")
    with safe_open(str(tmp_path / "shared.pt"), "pt") as f:
        assert list(f.keys()) == ["a"]
        views = json.loads(f.metadata()["pyt.views"])["views"]
        assert views == {"b": ["a", "F32", [3, 4], [4, 1], 0]}


def test_shared_tensors_through_file_objects_and_pipes():
    x = pyt.arange(6, dtype=pyt.float32)
    buf = io.BytesIO()
    pyt.save({"x": x, "s": x[2:]}, buf)

    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._b = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            return self._b.readinto(b)

    for src in (io.BytesIO(buf.getvalue()), io.BufferedReader(Pipe(buf.getvalue()))):
        out = pyt.load(src)
        out["x"].fill_(3)
        assert out["s"].tolist() == [3.0] * 4


def test_parameters_sharing_a_storage_in_nested_checkpoints(tmp_path):
    w = pyt.nn.Parameter(pyt.randn(4, 3))
    ck = {"params": [w, pyt.nn.Parameter(w.detach()[1:])], "step": 5}
    out = pyt.load(pyt.save(ck, tmp_path / "c.pt") or tmp_path / "c.pt")
    a, b = out["params"]
    assert isinstance(a, pyt.nn.Parameter) and isinstance(b, pyt.nn.Parameter) and a.requires_grad
    with pyt.no_grad():
        a.mul_(0)
    assert not bool(b.any())


# ---- hostile view metadata -----------------------------------------------------------------

def _hostile(views, order=None, data=b"\0" * 16, extra=None):
    header = {"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}
    header.update(extra or {})
    spec = {"order": order if order is not None else ["a"] + list(views), "views": views}
    header["__metadata__"] = {"pyt.views": spec if isinstance(spec, str) else json.dumps(spec)}
    hb = json.dumps(header).encode()
    return struct.pack("<Q", len(hb)) + hb + data


HOSTILE = {
    "past_end": _hostile({"v": ["a", "F32", [4], [1], 1]}),
    "stride_past_end": _hostile({"v": ["a", "F32", [2], [4], 0]}),
    "wider_dtype_past_end": _hostile({"v": ["a", "F64", [3], [1], 0]}),
    "offset_past_end": _hostile({"v": ["a", "U8", [1], [1], 16]}),
    "huge_stride_overflow": _hostile({"v": ["a", "F32", [3, 2], [2**62, 2**62], 0]}),
    "huge_offset": _hostile({"v": ["a", "F32", [1], [1], 2**63 - 1]}),
    "json_big_int": _hostile({"v": ["a", "F32", [1], [1], 2**80]}),
    "huge_shape": _hostile({"v": ["a", "U8", [2**40, 2**40], [0, 0], 0]}),
    "negative_stride": _hostile({"v": ["a", "F32", [2], [-1], 3]}),
    "negative_offset": _hostile({"v": ["a", "F32", [1], [1], -1]}),
    "negative_size": _hostile({"v": ["a", "F32", [-1], [1], 0]}),
    "rank_mismatch": _hostile({"v": ["a", "F32", [2, 2], [1], 0]}),
    "too_many_dims": _hostile({"v": ["a", "F32", [1] * 65, [1] * 65, 0]}),
    "bool_as_int": _hostile({"v": ["a", "F32", [True], [1], 0]}),
    "unknown_dtype": _hostile({"v": ["a", "C64", [1], [1], 0]}),
    "missing_entry": _hostile({"v": ["nope", "F32", [1], [1], 0]}),
    "view_of_view": _hostile({"v": ["a", "F32", [1], [1], 0], "w": ["v", "F32", [1], [1], 0]}),
    "name_of_entry": _hostile({"a": ["a", "F32", [1], [1], 0]}),
    "short_spec": _hostile({"v": ["a", "F32", [1]]}),
    "order_names_missing": _hostile({}, order=["a", "ghost"]),
    "order_not_list": _hostile({}, order="a"),
}
HOSTILE["views_not_json"] = (lambda: (
    lambda hb: struct.pack("<Q", len(hb)) + hb + b"\0" * 16)(json.dumps(
        {"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
         "__metadata__": {"pyt.views": "{not json"}}).encode()))()
HOSTILE["view_of_pickle_bytes"] = (lambda: (
    lambda hb: struct.pack("<Q", len(hb)) + hb + b"\0" * 16)(json.dumps(
        {"pyt.pickle": {"dtype": "U8", "shape": [16], "data_offsets": [0, 16]},
         "__metadata__": {"pyt.format": "pickle", "pyt.views": json.dumps(
             {"order": ["v"], "views": {"v": ["pyt.pickle", "F32", [4], [1], 0]}})}}).encode()))()


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("mmap", [False, True])
def test_hostile_views_are_refused(name, mmap, tmp_path):
    path = tmp_path / "h.pt"
    path.write_bytes(HOSTILE[name])
    with pytest.raises(RuntimeError, match="pyt.load: invalid or corrupt safetensors file"):
        pyt.load(path, mmap=mmap)
    if not mmap:
        with pytest.raises(RuntimeError, match="invalid or corrupt"):
            pyt.load(io.BytesIO(HOSTILE[name]))


def test_overlapping_views_inside_the_data_are_fine():
    # views may overlap each other (that is what sharing is), as long as they stay in bounds
    raw = _hostile({"v": ["a", "F32", [2, 3], [1, 1], 0], "w": ["a", "U8", [16], [1], 0],
                    "e": ["a", "F64", [0], [1], 2]}, data=struct.pack("<4f", 1, 2, 3, 4))
    out = pyt.load(io.BytesIO(raw))
    assert out["v"].tolist() == [[1.0, 2.0, 3.0], [2.0, 3.0, 4.0]]
    assert out["w"].numpy().tobytes() == struct.pack("<4f", 1, 2, 3, 4) and out["e"].numel() == 0


def test_tensor_on_storage_bounds():
    b = pyt.arange(6, dtype=pyt.float32)
    v = pyt._C._tensor_on_storage(b, pyt.float32, [3, 2], [1, 3], 0)
    np.testing.assert_array_equal(v.numpy(), np.arange(6, dtype=np.float32).reshape(2, 3).T)
    for args in ([pyt.float32, [6], [1], 1], [pyt.float64, [4], [1], 0],
                 [pyt.float32, [2], [-1], 2], [pyt.float32, [2**40, 2**40], [2**40, 1], 0]):
        with pytest.raises(RuntimeError):
            pyt._C._tensor_on_storage(b, *args)
    with pytest.raises(IndexError):
        pyt._C._storage_bytes(b, 0, 25)


# ---- map_location ------------------------------------------------------------------------


@pytest.fixture(params=["flat", "pickled"])
def saved(request, tmp_path):
    """One checkpoint (a tensor, a view of it, another tensor) saved by pyt and by torch."""
    def obj(fw):
        x = fw.arange(6, dtype=fw.float32)
        d = {"x": x, "s": x[2:], "o": fw.ones(2)}
        return d if request.param == "flat" else {"d": d, "tags": {1}}

    pyt.save(obj(pyt), tmp_path / "p.pt")
    torch.save(obj(torch), tmp_path / "t.pt")

    def load(fw, **kw):
        path = tmp_path / ("p.pt" if fw is pyt else "t.pt")
        out = fw.load(path, weights_only=request.param == "flat", **kw)
        return out if request.param == "flat" else out["d"]

    return load


@pytest.mark.parametrize("ml", ["cpu", "device", {"cpu": "cpu"}, {"cuda:0": "cpu"},
                                {"cuda:0": "cuda:1"}])
def test_map_location_to_cpu(ml, saved):
    def conv(fw, m):
        if m == "device":
            return fw.device("cpu")
        if isinstance(m, dict):
            return {k: conv(fw, v) for k, v in m.items()}
        return m

    out, ref = saved(pyt, map_location=conv(pyt, ml)), saved(torch, map_location=conv(torch, ml))
    assert out["x"].tolist() == ref["x"].tolist() and out["s"].tolist() == ref["s"].tolist()
    out["x"].fill_(2)
    assert out["s"].tolist() == [2.0] * 4


@pytest.mark.parametrize("ml", ["cuda", "cuda:1", "xyz", {"cpu": "cuda:0"}])
def test_map_location_to_a_missing_device_raises(ml, saved):
    with pytest.raises(RuntimeError, match="no backend for device"):
        saved(pyt, map_location=ml)
    with pytest.raises(RuntimeError):
        saved(torch, map_location=ml)


@pytest.mark.parametrize("ml", ["cpu:0", {"cpu": "cpu:0"}, "device:cpu:0"])
def test_map_location_other_cpu_spellings_are_refused_like_torch(ml, saved):
    pm = pyt.device("cpu:0") if ml == "device:cpu:0" else ml
    tm = torch.device("cpu:0") if ml == "device:cpu:0" else ml
    with pytest.raises(RuntimeError, match="restore data location"):
        saved(pyt, map_location=pm)
    with pytest.raises(RuntimeError, match="restore data location"):
        saved(torch, map_location=tm)


def test_map_location_of_a_wrong_type_raises(saved):
    with pytest.raises(TypeError, match="map_location"):
        saved(pyt, map_location=5)
    with pytest.raises(TypeError):
        saved(torch, map_location=5)
    # dict values are location strings, not device objects (torch refuses them too)
    with pytest.raises(TypeError, match="location strings"):
        saved(pyt, map_location={"cpu": pyt.device("cpu")})
    with pytest.raises(TypeError):
        saved(torch, map_location={"cpu": torch.device("cpu")})


def test_map_location_callable_is_called_like_torch(saved):
    calls = {pyt: [], torch: []}

    def recorder(fw):
        def ml(storage, location):
            n = storage.numel() if fw is pyt else storage.nbytes()
            calls[fw].append((location, n))
            return None
        return ml

    out, ref = saved(pyt, map_location=recorder(pyt)), saved(torch, map_location=recorder(torch))
    # once per storage (the shared one once), with its location tag and size
    assert sorted(calls[pyt]) == sorted(calls[torch]) == [("cpu", 8), ("cpu", 24)]
    assert out["s"].tolist() == ref["s"].tolist()
    # the result is used: identity keeps the data, a new storage replaces it (views follow)
    out = saved(pyt, map_location=lambda s, loc: s)
    assert out["x"].tolist() == list(range(6))
    out = saved(pyt, map_location=lambda s, loc: s.cpu())
    assert out["s"].tolist() == [2.0, 3.0, 4.0, 5.0]
    out = saved(pyt, map_location=lambda s, loc: pyt.zeros_like(s))
    ref = saved(torch, map_location=lambda s, loc: torch.UntypedStorage(s.nbytes()).fill_(0))
    for k in ("x", "s", "o"):
        assert out[k].tolist() == ref[k].tolist()
    out["x"].fill_(1)
    assert out["s"].tolist() == [1.0] * 4  # still views of one (new) storage
    # a result that is itself a view into a larger buffer (offset, step) is used by value
    pool = pyt.arange(100, dtype=pyt.uint8)
    out = saved(pyt, map_location=lambda s, loc: pool[3:3 + s.numel()].copy_(s))
    assert out["x"].tolist() == list(range(6)) and out["s"].tolist() == [2.0, 3.0, 4.0, 5.0]
    out = saved(pyt, map_location=lambda s, loc: pyt.cat([s, s])[s.numel():])
    assert out["x"].tolist() == list(range(6)) and out["s"].tolist() == [2.0, 3.0, 4.0, 5.0]
    out = saved(pyt, map_location=lambda s, loc: pyt.stack([s, s], 1)[:, 0])
    assert out["x"].tolist() == list(range(6)) and out["o"].tolist() == [1.0, 1.0]


def test_map_location_callable_bad_results(saved):
    with pytest.raises(TypeError, match="must return a storage"):
        saved(pyt, map_location=lambda s, loc: "cpu")
    with pytest.raises(RuntimeError, match="storage of"):
        saved(pyt, map_location=lambda s, loc: pyt.zeros(3, dtype=pyt.uint8))
    with pytest.raises(RuntimeError, match="no backend"):
        saved(pyt, map_location=lambda s, loc: s.to("cuda"))


# ---- the write path -----------------------------------------------------------------------


def test_many_tensors_and_partial_writes(tmp_path, monkeypatch):
    d = {f"t{i}": pyt.full((i % 7,), float(i)) for i in range(3000)}  # more buffers than IOV_MAX
    pyt.save(d, tmp_path / "m.pt")
    out = pyt.load(tmp_path / "m.pt")
    assert list(out) == list(d) and all(out[k].tolist() == d[k].tolist() for k in d)
    # a file system that writes only part of each request: the save resumes where it stopped
    real = os.writev

    def short_writev(fd, bufs):
        total = sum(len(b) for b in bufs)
        first = memoryview(bufs[0]).cast("B")
        return real(fd, [first[:max(1, min(len(first), total // 3, 1000))]])

    monkeypatch.setattr(serialization.os, "writev", short_writev)
    x = pyt.arange(10000, dtype=pyt.float32)
    pyt.save({"x": x, "v": x[5:], "y": pyt.ones(3)}, tmp_path / "p.pt")
    monkeypatch.undo()
    out = pyt.load(tmp_path / "p.pt")
    assert out["x"].tolist() == x.tolist() and out["v"][0].item() == 5.0
    assert out["y"].tolist() == [1.0] * 3
    st = st_np_load(str(tmp_path / "p.pt"))
    np.testing.assert_array_equal(st["x"], x.numpy())


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    pyt.save({"w": pyt.ones(2)}, tmp_path / "w.pt")

    def failing(fd, bufs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(serialization.os, "writev", failing)
    with pytest.raises(OSError, match="No space"):
        pyt.save({"w": pyt.zeros(2)}, tmp_path / "w.pt")
    monkeypatch.undo()
    assert pyt.load(tmp_path / "w.pt")["w"].tolist() == [1.0, 1.0]
    assert [p.name for p in tmp_path.iterdir()] == ["w.pt"]


def test_safetensors_save_model_files_load(tmp_path):
    # safetensors' own answer to tied weights (save_model drops the alias) loads in pyt
    from safetensors.torch import save_model

    lin1, lin2 = torch.nn.Linear(4, 3), torch.nn.Linear(4, 3)
    lin2.weight = lin1.weight
    m = torch.nn.ModuleDict({"lin1": lin1, "lin2": lin2})
    save_model(m, str(tmp_path / "m.st"))
    out = pyt.load(tmp_path / "m.st")
    sd = m.state_dict()
    assert set(out) < set(sd) and len(out) == 3
    for k, v in out.items():
        np.testing.assert_array_equal(v.numpy(), sd[k].detach().numpy())
