"""The example programs and the benchmark script run end to end (no timing is asserted).

examples/digits.py trains for two epochs with pyt and must exit 0 and write its plot and
checkpoint (it reloads the checkpoint and checks the reloaded model's accuracy itself).
benchmarks/bench_train.py runs one short round of a few workloads, pyt next to torch.
"""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(args, cwd):
    proc = subprocess.run([sys.executable, *args], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout
    return proc.stdout


def test_digits_help(tmp_path):
    out = _run([os.path.join(ROOT, "examples", "digits.py"), "--help"], tmp_path)
    for flag in ("--epochs", "--seed", "--out", "--backend"):
        assert flag in out


def test_digits_two_epochs(tmp_path):
    pytest.importorskip("sklearn")
    pytest.importorskip("matplotlib")
    pytest.importorskip("tqdm")
    out_dir = tmp_path / "out"
    out = _run([os.path.join(ROOT, "examples", "digits.py"), "--epochs", "2", "--no-progress",
                "--out", str(out_dir), "--min-accuracy", "0.5"], tmp_path)
    assert "epoch   2" in out and "test accuracy" in out, out
    assert (out_dir / "digits_pyt.png").stat().st_size > 0
    assert (out_dir / "digits_pyt.pt").stat().st_size > 0


def test_digits_rejects_bad_arguments(tmp_path):
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "digits.py"),
                           "--backend", "jax"], cwd=tmp_path, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120)
    assert proc.returncode != 0
    assert "invalid choice" in proc.stdout


def test_bench_train_quick(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("sklearn")
    out = _run([os.path.join(ROOT, "benchmarks", "bench_train.py"), "--quick", "--threads", "1",
                "--only", "mlp", "lenet", "add_1024", "matmul", "sum_1024", "conv2d"], tmp_path)
    assert "pyt_ms" in out and "torch_ms" in out and "ratio" in out
    assert "failed" not in out, out
