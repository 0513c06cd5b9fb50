"""pyt.save / pyt.load behaviours compared with torch.save / torch.load."""
import io

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


def test_save_through_symlink(tmp_path):
    target = tmp_path / "real.pt"
    link = tmp_path / "link.pt"
    pyt.save({"a": pyt.zeros(2)}, str(target))
    link.symlink_to(target)
    pyt.save({"a": pyt.ones(3)}, str(link))
    assert link.is_symlink() and not target.is_symlink()
    assert pyt.load(str(target))["a"].tolist() == [1.0, 1.0, 1.0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.pt", "real.pt"]


@pytest.mark.parametrize("obj", ["flat", "nested"])
def test_save_missing_parent_directory(tmp_path, monkeypatch, obj):
    monkeypatch.chdir(tmp_path)
    for mod in (torch, pyt):
        o = {"a": mod.ones(1)} if obj == "flat" else {"a": [mod.ones(1)], "n": 1}
        with pytest.raises(RuntimeError) as e:
            mod.save(o, "nodir/x.pt")
        assert str(e.value) == "Parent directory nodir does not exist."
    assert list(tmp_path.iterdir()) == []


def test_save_to_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for mod in (torch, pyt):
        with pytest.raises(RuntimeError, match="invalid file name: ."):
            mod.save({"a": mod.ones(1)}, ".")
    assert list(tmp_path.iterdir()) == []
    assert [p.name for p in tmp_path.parent.iterdir() if p.name.startswith(".pyt-save-")] == []


def test_load_empty_file_is_eoferror(tmp_path):
    path = tmp_path / "empty.pt"
    path.write_bytes(b"")
    for mod in (torch, pyt):
        with pytest.raises(EOFError):
            mod.load(str(path))
    with pytest.raises(EOFError):
        pyt.load(io.BytesIO(b""))
    path.write_bytes(b"abc")
    with pytest.raises(RuntimeError, match="corrupt"):
        pyt.load(str(path))


class _Box:
    def __init__(self, t):
        self.t = t


@pytest.mark.parametrize("kwargs", [
    {"_use_new_zipfile_serialization": False},
    {"_disable_byteorder_record": True},
    {"pickle_protocol": 4},
    {"pickle_module": __import__("pickle"), "pickle_protocol": 5},
])
def test_save_accepts_torch_keywords(tmp_path, kwargs):
    for mod in (torch, pyt):
        path = str(tmp_path / f"{mod.__name__}.pt")
        mod.save({"a": mod.ones(2)}, path, **kwargs)
        # torch's weights_only unpickler cannot read protocol >= 4 (FRAME): load unrestricted
        assert mod.load(path, weights_only=False)["a"].tolist() == [1.0, 1.0]
        mod.save(_Box(mod.ones(2)), path, **kwargs)
        assert mod.load(path, weights_only=False).t.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_pickle_protocol_honoured(protocol):
    import json
    import pickletools
    import struct

    from pyt import serialization as S

    buf = io.BytesIO()
    pyt.save(_Box(pyt.ones(2)), buf, pickle_protocol=protocol)
    buf.seek(0)
    data = pyt.load(io.BytesIO(buf.getvalue()), weights_only=False)
    assert data.t.tolist() == [1.0, 1.0]
    # the embedded pickle starts with PROTO <protocol>
    raw = buf.getvalue()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    b, e = header[S._PICKLE_TENSOR]["data_offsets"]
    pk = raw[8 + n + b:8 + n + e]
    op, arg, _ = next(pickletools.genops(pk))
    assert op.name == "PROTO" and arg == protocol


_KILL_CHILD = r"""
import sys, time
import pyt
from pyt import serialization as S

orig = S._writev_all

def slow(fd, bufs):
    orig(fd, bufs)
    print("written", flush=True)
    time.sleep(60)

S._writev_all = slow
pyt.save({"w": pyt.ones(1 << 20)}, sys.argv[1])
"""


def test_killed_save_leaves_no_temporary_file(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        pytest.skip("unnamed temporary files (O_TMPFILE) are Linux-only")
    try:
        os.close(os.open(str(tmp_path), os.O_TMPFILE | os.O_WRONLY, 0o600))
    except OSError:
        pytest.skip("this file system does not support O_TMPFILE")
    path = tmp_path / "w.pt"
    pyt.save({"w": pyt.zeros(3)}, str(path))
    proc = subprocess.Popen([sys.executable, "-c", _KILL_CHILD, str(path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "written"  # data written, not yet renamed
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.pt"]
    assert pyt.load(str(path))["w"].tolist() == [0.0, 0.0, 0.0]
