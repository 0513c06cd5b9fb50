"""pyt.save / pyt.load of arbitrary Python objects: pickling with opt-in loading, the
weights_only restricted unpickler and its allowlist, malicious files, mmap, atomic writes
under a kill, and every dtype / non-contiguous view round trip."""

import collections
import io
import os
import pickle
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import pyt
import pyt.nn as nn
from pyt.serialization import add_safe_globals, clear_safe_globals, get_safe_globals, safe_globals

Point = collections.namedtuple("Point", ["x", "y"])


class Config:
    """A custom class with tensors inside."""

    def __init__(self, name, weight):
        self.name = name
        self.weight = weight
        self.tags = {"a", "b"}


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc2(self.fc1(x).relu())


class Evil:
    """Runs a command when unpickled (the classic __reduce__ attack)."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture(autouse=True)
def _clean_env_and_allowlist(monkeypatch):
    for name in ("PYT_FORCE_NO_WEIGHTS_ONLY_LOAD", "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD",
                 "PYT_FORCE_WEIGHTS_ONLY_LOAD", "TORCH_FORCE_WEIGHTS_ONLY_LOAD"):
        monkeypatch.delenv(name, raising=False)
    clear_safe_globals()
    yield
    clear_safe_globals()


def test_whole_module_round_trip_needs_opt_in(tmp_path):
    net = Net()
    x = pyt.randn(5, 3)
    path = tmp_path / "net.pt"
    pyt.save(net, path)
    with pytest.raises(pickle.UnpicklingError, match="weights_only=False") as ei:
        pyt.load(path)
    msg = str(ei.value)
    assert "Net" in msg and "add_safe_globals" in msg and "PYT_FORCE_NO_WEIGHTS_ONLY_LOAD" in msg
    net2 = pyt.load(path, weights_only=False)
    assert type(net2) is Net and isinstance(net2.fc1.weight, nn.Parameter)
    assert net2.fc1.weight.requires_grad
    np.testing.assert_array_equal(net2(x).detach().numpy(), net(x).detach().numpy())
    # the loaded module trains: its parameters are leaves
    net2(x).sum().backward()
    assert net2.fc1.weight.grad is not None


@pytest.mark.parametrize("var", ["PYT_FORCE_NO_WEIGHTS_ONLY_LOAD", "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"])
def test_environment_opt_in(var, tmp_path, monkeypatch):
    pyt.save(Config("c", pyt.ones(2)), tmp_path / "c.pt")
    monkeypatch.setenv(var, "1")
    cfg = pyt.load(tmp_path / "c.pt")
    assert cfg.name == "c" and cfg.tags == {"a", "b"} and cfg.weight.tolist() == [1.0, 1.0]
    # an explicit weights_only=True still wins over the NO variable
    with pytest.raises(pickle.UnpicklingError):
        pyt.load(tmp_path / "c.pt", weights_only=True)
    monkeypatch.setenv("PYT_FORCE_WEIGHTS_ONLY_LOAD", "1")
    with pytest.raises(pickle.UnpicklingError):
        pyt.load(tmp_path / "c.pt", weights_only=False)


def test_safe_globals_allowlist(tmp_path):
    obj = {"cfg": Config("c", pyt.arange(3)), "pt": Point(1, pyt.zeros(2)), "s": {1, 2},
           "od": collections.OrderedDict(a=1)}
    pyt.save(obj, tmp_path / "o.pt")
    with pytest.raises(pickle.UnpicklingError, match="Config"):
        pyt.load(tmp_path / "o.pt")
    with safe_globals([Config]):
        assert get_safe_globals() == [Config]
        with pytest.raises(pickle.UnpicklingError, match="Point"):
            pyt.load(tmp_path / "o.pt")
    assert get_safe_globals() == []
    add_safe_globals([Config, (Point, f"{__name__}.Point")])
    out = pyt.load(tmp_path / "o.pt")
    assert out["cfg"].weight.tolist() == [0, 1, 2] and out["cfg"].tags == {"a", "b"}
    assert isinstance(out["pt"], Point) and out["pt"].x == 1
    assert out["s"] == {1, 2} and out["od"] == collections.OrderedDict(a=1)
    with pytest.raises(TypeError):
        add_safe_globals(Config)


def test_malicious_pickle_never_runs_without_opt_in(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    pyt.save({"w": pyt.ones(1), "payload": Evil(marker)}, path)
    for kwargs in ({}, {"weights_only": True}):
        with pytest.raises(pickle.UnpicklingError, match="system"):
            pyt.load(path, **kwargs)
        with pytest.raises(pickle.UnpicklingError):
            pyt.load(io.BytesIO(path.read_bytes()), **kwargs)
    with safe_globals([Evil]):  # allowlisting the class does not allow os.system
        with pytest.raises(pickle.UnpicklingError, match="system"):
            pyt.load(path)
    assert not marker.exists()
    # with the explicit opt-in the file is trusted, and the payload does run
    pyt.load(path, weights_only=False)
    assert marker.exists()


def test_hand_crafted_pickle_payload_is_refused(tmp_path):
    # a file built by hand (not by pyt.save) whose pickle calls builtins.eval
    payload = b"\x80\x02cbuiltins\neval\nq\x00X\x1b\x00\x00\x00__import__('os').system('x')q\x01\x85q\x02Rq\x03."
    meta = {"pyt.format": "pickle"}
    import json
    import struct

    header = {"__metadata__": meta,
              "pyt.pickle": {"dtype": "U8", "shape": [len(payload)], "data_offsets": [0, len(payload)]}}
    hb = json.dumps(header).encode()
    (tmp_path / "h.pt").write_bytes(struct.pack("<Q", len(hb)) + hb + payload)
    with pytest.raises(pickle.UnpicklingError, match="builtins.eval"):
        pyt.load(tmp_path / "h.pt")


def test_corrupt_pickle_section_raises(tmp_path):
    pyt.save({"x": {1, 2, 3}}, tmp_path / "s.pt")
    raw = bytearray((tmp_path / "s.pt").read_bytes())
    raw[-3:] = b"\xff\xff\xff"
    (tmp_path / "bad.pt").write_bytes(bytes(raw))
    with pytest.raises(pickle.UnpicklingError):
        pyt.load(tmp_path / "bad.pt")
    # truncating the file is caught by the container checks
    (tmp_path / "short.pt").write_bytes(bytes(raw[:-10]))
    with pytest.raises(RuntimeError, match="invalid or corrupt"):
        pyt.load(tmp_path / "short.pt")


def test_pickled_file_is_a_safetensors_file(tmp_path):
    from safetensors.numpy import load_file

    pyt.save(Config("c", pyt.arange(4)), tmp_path / "c.pt")
    arrays = load_file(str(tmp_path / "c.pt"))
    assert arrays["0"].tolist() == [0, 1, 2, 3] and arrays["pyt.pickle"].dtype == np.uint8


def test_file_objects_and_shared_tensors():
    w = pyt.randn(3)
    buf = io.BytesIO()
    pyt.save([Config("a", w), Config("b", w)], buf)
    buf.seek(0)
    a, b = pyt.load(buf, weights_only=False)
    assert a.weight is b.weight  # a tensor that appears twice is stored and loaded once
    np.testing.assert_array_equal(a.weight.numpy(), w.numpy())


def test_explicit_pickle_module_and_map_location(tmp_path):
    pyt.save({"s": {1}}, tmp_path / "s.pt", pickle_module=pickle, pickle_protocol=4)
    assert pyt.load(tmp_path / "s.pt", map_location="cpu", pickle_module=pickle) == {"s": {1}}
    with pytest.raises(RuntimeError, match="pickle_module"):
        pyt.load(tmp_path / "s.pt", pickle_module=pickle, weights_only=True)


DTYPES = ["float64", "float32", "float16", "bfloat16", "int64", "int32", "int16", "int8",
          "uint8", "bool"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mmap", [False, True])
def test_every_dtype_and_views_round_trip(dtype, mmap, tmp_path):
    import torch

    def build(fw):
        base = (fw.arange(24) % 7 - 3).to(getattr(fw, dtype)).reshape(4, 6)
        return {"full": base, "t": base.t(), "step": base[:, ::2], "scalar": base[1, 1],
                "empty": base[:0], "nested": [base.t()[1:]]}

    obj = build(pyt)
    path = tmp_path / "d.pt"
    pyt.save(obj, path)
    out = pyt.load(path, mmap=mmap)
    torch.save(build(torch), tmp_path / "d_torch.pt")
    ref = torch.load(tmp_path / "d_torch.pt", mmap=mmap)
    for k in ("full", "t", "step", "scalar", "empty"):
        assert out[k].dtype == obj[k].dtype and out[k].shape == obj[k].shape
        np.testing.assert_array_equal(out[k].float().numpy(), obj[k].float().numpy())
        # views of one storage come back as views of one storage, with torch's geometry
        if k != "empty":
            assert tuple(out[k].stride()) == tuple(ref[k].stride()), k
            assert out[k].storage_offset() == ref[k].storage_offset(), k
    np.testing.assert_array_equal(out["nested"][0].float().numpy(), obj["nested"][0].float().numpy())
    assert tuple(out["nested"][0].stride()) == tuple(ref["nested"][0].stride())
    out["full"].fill_(1)
    assert bool((out["t"] == 1).all()) and bool((out["nested"][0] == 1).all())


def test_mmap_aliases_the_file_map(tmp_path):
    path = tmp_path / "big.pt"
    pyt.save({"a": pyt.arange(1000, dtype=pyt.float32), "b": pyt.ones(10)}, path)
    out = pyt.load(path, mmap=True)
    a = out["a"]
    arr = a.numpy()
    assert isinstance(arr.base, np.ndarray) or isinstance(arr.base, np.memmap) or arr.base is not None
    # writes go to a private copy of the page (copy-on-write), never to the file
    a[0] = 42.0
    assert a[0].item() == 42.0
    assert pyt.load(path)["a"][0].item() == 0.0
    del out
    import gc

    gc.collect()
    assert a[999].item() == 999.0  # the map stays alive while the tensor does
    with pytest.raises(ValueError, match="file path"):
        pyt.load(io.BytesIO(path.read_bytes()), mmap=True)
    # a pickled checkpoint loads through the map too
    pyt.save(Config("m", pyt.arange(3)), tmp_path / "m.pt")
    assert pyt.load(tmp_path / "m.pt", mmap=True, weights_only=False).weight.tolist() == [0, 1, 2]


def test_killed_save_leaves_the_old_checkpoint(tmp_path):
    path = tmp_path / "ck.pt"
    pyt.save({"w": pyt.ones(3)}, path)
    # a child process saves a large checkpoint to the same path in a loop and is killed mid-way
    script = textwrap.dedent(f"""
        import sys, pyt
        big = {{"w": pyt.zeros(8_000_000)}}
        print("ready", flush=True)
        while True:
            pyt.save(big, {str(path)!r})
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"ready"
        import time

        time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    w = pyt.load(path)["w"]  # either the old or a complete new checkpoint, never a torn one
    assert w.shape in ((3,), (8_000_000,))
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "ck.pt"]
    assert all(name.startswith(".pyt-save-") for name in leftovers)  # only temp files remain
