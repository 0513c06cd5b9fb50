"""The CPU allocator behind every tensor: 64-byte alignment, reuse of large freed blocks
(Note [CPU caching allocator] in src/cpp/pyt/allocator.cpp), a bounded cache, correct values on
reused memory, concurrent use from several Python threads, and a clean exit with blocks cached.
"""

import os
import subprocess
import sys
import threading

import numpy as np
import pyt
import pytest

MIB = 1 << 20
stats = pyt._C._cpu_allocator_stats

caching = pytest.mark.skipif(not stats()["caching"], reason="the allocator's cache is off")


@pytest.fixture
def cache_limit():
    prev = stats()["cache_limit"]
    yield
    pyt._C._cpu_allocator_set_cache_limit(prev)


@pytest.mark.parametrize("n", [0, 1, 3, 16, 1000, MIB // 4 - 1, MIB // 4 + 7, 3 * MIB // 4 + 1, 4 * MIB])
def test_alignment(n):
    t = pyt.empty(n, dtype=pyt.float32)
    assert t.data_ptr() % 64 == 0


@caching
def test_large_blocks_are_reused():
    pyt._C._cpu_allocator_empty_cache()
    a = pyt.ones(4 * MIB)  # 16 MiB
    ptr = a.data_ptr()
    del a
    assert stats()["cached_blocks"] == 1
    hits = stats()["hits"]
    b = pyt.zeros(4 * MIB)
    assert b.data_ptr() == ptr
    assert stats()["hits"] == hits + 1
    assert float(b.sum()) == 0.0  # the reused block holds b's values, not a's
    del b
    pyt._C._cpu_allocator_empty_cache()
    assert stats()["cached_bytes"] == 0


@caching
def test_cache_is_bounded(cache_limit):
    pyt._C._cpu_allocator_set_cache_limit(20 * MIB)
    ts = [pyt.empty(2 * MIB) for _ in range(6)]  # 8 MiB each
    del ts
    s = stats()
    assert s["cached_bytes"] <= 20 * MIB
    assert s["cached_blocks"] == 2
    pyt._C._cpu_allocator_set_cache_limit(0)
    assert stats()["cached_bytes"] == 0
    assert not stats()["caching"]
    x = pyt.ones(2 * MIB)  # without a cache, allocation still works
    assert float(x.sum()) == 2 * MIB


def test_values_on_reused_memory():
    rng = np.random.default_rng(0)
    a_np = rng.standard_normal(3 * MIB).astype(np.float32)
    b_np = rng.standard_normal(3 * MIB).astype(np.float32)
    a, b = pyt.from_numpy(a_np), pyt.from_numpy(b_np)
    for _ in range(4):
        np.testing.assert_array_equal((a + b).numpy(), a_np + b_np)
        np.testing.assert_array_equal(pyt.relu(a).numpy(), np.maximum(a_np, 0))


def test_threads_allocate_concurrently():
    # Ops release the GIL, so these threads allocate and free large blocks at the same time.
    rng = np.random.default_rng(1)
    a_np = rng.standard_normal(MIB).astype(np.float32)
    want = a_np * 2 + 1
    errors = []

    def work():
        try:
            a = pyt.from_numpy(a_np)
            for _ in range(30):
                got = (a * 2 + 1).numpy()
                if not np.array_equal(got, want):
                    errors.append("wrong values")
                    return
        except Exception as e:  # pragma: no cover - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert stats()["cached_bytes"] <= stats()["cache_limit"]


def test_exit_with_cached_blocks_and_live_tensors():
    code = (
        "import pyt\n"
        "keep = pyt.ones(1 << 22)\n"
        "for _ in range(3):\n"
        "    x = pyt.ones(1 << 21) + 1\n"
        "del x\n"
        "print(float(keep.sum()))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(float(1 << 22))


def test_cache_off_by_environment():
    env = dict(os.environ, PYT_CPU_ALLOCATOR_CACHE="0")
    code = (
        "import pyt\n"
        "x = pyt.ones(1 << 22); del x\n"
        "s = pyt._C._cpu_allocator_stats()\n"
        "print(s['caching'], s['cached_bytes'])\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "0"]
