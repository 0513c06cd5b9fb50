"""The example programs and the benchmark script run end to end (no timing is asserted).

examples/digits.py trains for two epochs with pyt and must exit 0 and write its plot and
checkpoint (it reloads the checkpoint and checks the reloaded model's accuracy itself), then
resumes for a third epoch with DataLoader workers. examples/regression.py fits its function
with L-BFGS and with Adam (and resumes). examples/char_lm.py trains a tiny LSTM for a few
batches and resumes (with pyt once nn.LSTM and nn.Embedding exist, with torch always).
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
    for flag in ("--epochs", "--seed", "--out", "--backend", "--resume", "--workers"):
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


def test_digits_resume_with_workers(tmp_path):
    pytest.importorskip("sklearn")
    pytest.importorskip("matplotlib")
    out_dir = tmp_path / "out"
    digits = os.path.join(ROOT, "examples", "digits.py")
    _run([digits, "--epochs", "1", "--no-progress", "--out", str(out_dir)], tmp_path)
    assert (out_dir / "digits_pyt_checkpoint.pt").stat().st_size > 0
    out = _run([digits, "--epochs", "2", "--resume", "--workers", "2", "--no-progress",
                "--out", str(out_dir)], tmp_path)
    assert "resumed from" in out and "after epoch 1" in out and "2 loader workers" in out, out
    assert "epoch   2" in out and "epoch   1 " not in out, out


@pytest.mark.parametrize("optimizer,steps,max_mse", [("lbfgs", "8", "1e-3"), ("adam", "300", "0.05")])
def test_regression_fits(optimizer, steps, max_mse, tmp_path):
    pytest.importorskip("tqdm")
    script = os.path.join(ROOT, "examples", "regression.py")
    out = _run([script, "--optimizer", optimizer, "--steps", steps, "--no-progress",
                "--out", str(tmp_path), "--max-mse", max_mse], tmp_path)
    assert "fit: mean squared error" in out and "model" in out, out
    ckpt = tmp_path / f"regression_pyt_{optimizer}.pt"
    assert ckpt.stat().st_size > 0
    out = _run([script, "--optimizer", optimizer, "--steps", str(int(steps) + 2), "--resume",
                "--no-progress", "--out", str(tmp_path), "--max-mse", max_mse], tmp_path)
    assert f"after step {steps}" in out, out


def test_regression_and_char_lm_help(tmp_path):
    out = _run([os.path.join(ROOT, "examples", "regression.py"), "--help"], tmp_path)
    for flag in ("--optimizer", "--steps", "--resume", "--backend"):
        assert flag in out
    out = _run([os.path.join(ROOT, "examples", "char_lm.py"), "--help"], tmp_path)
    for flag in ("--epochs", "--resume", "--seq-len", "--temperature", "--backend"):
        assert flag in out


CHAR_LM_SMOKE = ["--max-chars", "4000", "--batches-per-epoch", "3", "--batch-size", "8",
                 "--seq-len", "16", "--hidden", "16", "--embed", "8", "--sample-chars", "20",
                 "--no-progress"]


@pytest.mark.parametrize("backend", ["pyt", "torch"])
def test_char_lm_smoke_and_resume(backend, tmp_path, capsys, monkeypatch):
    # in-process (main(argv)), so that the already imported frameworks are reused
    pytest.importorskip("tqdm")
    if backend == "torch":
        pytest.importorskip("torch")
    else:
        import pyt.nn

        if not (hasattr(pyt.nn, "LSTM") and hasattr(pyt.nn, "Embedding")):
            pytest.skip("pyt.nn.LSTM / pyt.nn.Embedding are not available yet")
    monkeypatch.syspath_prepend(os.path.join(ROOT, "examples"))
    import char_lm

    common = ["--backend", backend, "--out", str(tmp_path), *CHAR_LM_SMOKE]
    assert char_lm.main(["--epochs", "1", *common]) == 0
    out = capsys.readouterr().out
    assert "validation perplexity" in out and "--- sample ---\nROMEO:" in out, out
    assert char_lm.main(["--epochs", "2", "--resume", *common]) == 0
    out = capsys.readouterr().out
    assert "after epoch 1" in out and "epoch   2" in out, out


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


def test_bench_train2_quick(tmp_path):
    pytest.importorskip("torch")
    out = _run([os.path.join(ROOT, "benchmarks", "bench_train2.py"), "--quick", "--threads", "1",
                "--only", "opt_Adam", "opt_RMSprop", "dataloader", "save_100mb"], tmp_path)
    assert "ratio" in out and "target" in out and "opt_RMSprop" in out and "save_100mb" in out
    assert "failed" not in out, out
