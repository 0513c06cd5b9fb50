"""Threading: the thread budget API, bitwise determinism across thread counts, and fork safety.

pyt promises that a result does not depend on the number of threads (reductions split work
at fixed boundaries, not per thread). A process forked after the thread pool has started must
be able to run parallel ops (the pool is rebuilt in the child instead of waiting on threads
that do not exist there).
"""

import multiprocessing as mp
import os
import signal
import time

import numpy as np
import pyt
import pytest
from helpers import to_np


@pytest.fixture
def restore_threads():
    n = pyt.get_num_threads()
    yield
    pyt.set_num_threads(n)


def test_set_and_get_num_threads(restore_threads):
    assert pyt.get_num_threads() >= 1
    for n in (1, 2, 3, 1):
        pyt.set_num_threads(n)
        assert pyt.get_num_threads() == n


@pytest.mark.parametrize("bad", [0, -1])
def test_set_num_threads_rejects_non_positive(bad, restore_threads):
    import torch

    with pytest.raises(RuntimeError):
        torch.set_num_threads(bad)
    with pytest.raises(RuntimeError, match="thread"):
        pyt.set_num_threads(bad)


def _data():
    rng = np.random.default_rng(42)
    return {
        "big": rng.standard_normal(1 << 22).astype(np.float32),
        "a": rng.standard_normal((384, 512)).astype(np.float32),
        "b": rng.standard_normal((512, 256)).astype(np.float32),
        "a64": rng.standard_normal((200, 300)),
        "img": rng.standard_normal((4, 8, 32, 32)).astype(np.float32),
        "w": rng.standard_normal((16, 8, 3, 3)).astype(np.float32),
        "rows": rng.standard_normal((1 << 20, 3)).astype(np.float32),
        # scatter_reduce indices with many duplicates: along dim 0 of rows, along dim 1 of a
        "sr_idx0": rng.integers(0, 1000, size=(1 << 20, 3)),
        "sr_idx1": rng.integers(0, 64, size=(384, 512)),
    }


# (id, computation over pyt tensors made from _data()): each must not depend on the thread count
COMPUTATIONS = [
    ("sum_all", lambda t: t["big"].sum()),
    ("mean_all", lambda t: t["big"].mean()),
    ("sum_dim0", lambda t: t["rows"].sum(0)),
    ("sum_dim1", lambda t: t["rows"].sum(1)),
    ("sum_strided", lambda t: t["big"][::3].sum()),
    ("max", lambda t: t["big"].max()),
    ("argmax", lambda t: t["rows"].argmax(0)),
    ("add", lambda t: t["big"] + 1.5),
    ("add_bcast", lambda t: t["rows"] + t["rows"][0]),
    ("exp", lambda t: t["big"].exp()),
    # Odd lengths: the per-thread chunks end inside a SIMD vector, so the tails must compute
    # exactly as the vector body does.
    ("exp_odd", lambda t: t["big"][:1000003].exp()),
    ("log_odd", lambda t: t["big"][:1000003].abs().log()),
    ("sigmoid_odd", lambda t: t["big"][:1000003].sigmoid()),
    ("tanh_odd", lambda t: t["big"][:1000003].tanh()),
    ("sin_cos_odd", lambda t: t["big"][:1000003].sin() + t["big"][:1000003].cos()),
    ("erf_expm1_odd", lambda t: t["big"][:1000003].erf() + t["big"][:1000003].expm1()),
    ("round_floor_odd", lambda t: (t["big"][:1000003] * 10).round() + t["big"][:1000003].floor()),
    ("mul_noncontig", lambda t: t["rows"].t() * 2.0),
    ("softmax", lambda t: pyt.softmax(t["rows"], 0)),
    ("matmul", lambda t: t["a"] @ t["b"]),
    ("matmul_f64", lambda t: t["a64"] @ t["a64"].t()),
    ("conv2d", lambda t: pyt.nn.functional.conv2d(t["img"], t["w"], padding=1)),
    ("sum_of_matmul", lambda t: (t["a"] @ t["b"]).sum()),
    ("grad_of_sum", lambda t: _grad(t["rows"])),
    ("scatter_reduce_sum_dim0",
     lambda t: pyt.zeros(1000, 3).scatter_reduce(0, t["sr_idx0"], t["rows"], "sum")),
    ("scatter_reduce_mean_dim0",
     lambda t: pyt.ones(1000, 3).scatter_reduce(0, t["sr_idx0"], t["rows"], "mean", include_self=False)),
    ("scatter_reduce_sum_dim1", lambda t: pyt.zeros(384, 64).scatter_reduce(1, t["sr_idx1"], t["a"], "sum")),
    ("scatter_reduce_prod_dim1",
     lambda t: pyt.ones(384, 64).scatter_reduce(1, t["sr_idx1"], t["a"] * 0.1 + 1, "prod")),
    ("scatter_reduce_amax_dim1",
     lambda t: pyt.zeros(384, 64).scatter_reduce(1, t["sr_idx1"], t["a"], "amax", include_self=False)),
    ("grid_sample_grads", lambda t: _grid_sample_grads(t["img"])),
    ("histogram_weighted_density",
     lambda t: pyt.histogram(t["big"], 97, weight=t["big"].abs(), density=True).hist),
    ("histogram_edges", lambda t: pyt.histogram(t["rows"][:, 0], pyt.tensor([-2.0, -0.5, 0.0, 0.3, 2.5])).hist),
    ("histogramdd_weighted", lambda t: pyt.histogramdd(t["rows"], [7, 5, 3], weight=t["rows"][:, 0].abs()).hist),
    ("erfc_gcd", lambda t: pyt.cat([t["big"].erfc(), pyt.gcd(t["sr_idx0"], t["sr_idx0"][1:2]).flatten().float()])),
]


def _grad(x):
    x = x.detach().requires_grad_(True)
    (x * x).sum().backward()
    return x.grad


def _grid_sample_grads(img):
    """Output and both gradients of grid_sample (its input gradient is a scatter)."""
    x = img.detach().requires_grad_(True)
    g = (img[:, :2].permute(0, 2, 3, 1) * 0.6).detach().requires_grad_(True)
    out = pyt.nn.functional.grid_sample(
        x, g, mode="bicubic", padding_mode="reflection", align_corners=False
    )
    (out * out).sum().backward()
    return pyt.cat([out.flatten(), x.grad.flatten(), g.grad.flatten()])


@pytest.mark.parametrize("compute", [pytest.param(c, id=i) for i, c in COMPUTATIONS])
def test_results_bitwise_identical_with_1_and_2_threads(compute, restore_threads):
    ts = {k: pyt.from_numpy(v) for k, v in _data().items()}
    out = {}
    for n in (1, 2, 1):
        pyt.set_num_threads(n)
        out.setdefault(n, []).append(to_np(compute(ts)))
    np.testing.assert_array_equal(out[1][0], out[1][1])  # deterministic run to run
    np.testing.assert_array_equal(out[1][0], out[2][0])  # and across thread counts


def _child_runs_ops(q):
    x = pyt.ones(1 << 20)
    s = x.sum().item()
    m = (pyt.ones(256, 256) @ pyt.ones(256, 256)).sum().item()
    q.put((s, m))


def _warm_up_pool():
    pyt.set_num_threads(2)
    x = pyt.ones(1 << 22)
    assert x.sum().item() == float(1 << 22)  # a parallel reduction: the pool is running
    (pyt.ones(300, 300) @ pyt.ones(300, 300)).sum()


def test_fork_after_parallel_op_multiprocessing(restore_threads):
    _warm_up_pool()
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_child_runs_ops, args=(q,))
    p.start()
    p.join(timeout=30)
    if p.is_alive():
        p.kill()
        p.join()
        pytest.fail("the forked child hung running an op")
    assert p.exitcode == 0
    assert q.get(timeout=5) == (float(1 << 20), 256.0 * 256 * 256)
    assert pyt.ones(1 << 20).sum().item() == float(1 << 20)  # the parent's pool still works


def test_fork_after_parallel_op_os_fork(restore_threads):
    _warm_up_pool()
    pid = os.fork()
    if pid == 0:  # child: must not touch pytest; exit code reports the result
        code = 1
        try:
            ok = pyt.ones(1 << 21).sum().item() == float(1 << 21)
            ok = ok and pyt.get_num_threads() >= 1
            code = 0 if ok else 2
        finally:
            os._exit(code)
    deadline = time.time() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.time() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung running an op")
        time.sleep(0.02)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child status {status}"


_SET_THREADS_WHILE_RUNNING = r"""
import threading
import numpy as np
import pyt

x_np = np.random.default_rng(0).standard_normal(1 << 20).astype(np.float32)
x = pyt.from_numpy(x_np)
want = (x * 2).sum().item()
stop = threading.Event()
errors = []

def worker():
    try:
        while not stop.is_set():
            if (x * 2).sum().item() != want:  # deterministic for any thread count
                errors.append("wrong sum")
    except Exception as e:
        errors.append(repr(e))

threads = [threading.Thread(target=worker) for _ in range(2)]
for t in threads:
    t.start()
for i in range(300):
    pyt.set_num_threads(1 + i % 4)
    y = (x * 2).sum().item()
    assert y == want, (y, want)
stop.set()
for t in threads:
    t.join()
assert not errors, errors
print("ok")
"""


def test_set_num_threads_while_another_thread_runs_parallel_ops():
    # Changing the thread count replaces the pool; a pool in use by another Python thread's
    # parallel op must stay alive until that op returns. Run in a child so a crash is a failure.
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", _SET_THREADS_WHILE_RUNNING], capture_output=True,
                       text=True, timeout=240)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "ok"
