"""DataLoader with worker processes (num_workers > 0), with torch's semantics.

Batches equal those of num_workers=0, in the same order; IterableDataset shards through
get_worker_info(); worker_init_fn, per-worker seeds and one compute thread per worker;
exceptions come back with the worker's traceback; a dead worker is an error, never a hang;
workers are cleaned up. Nothing here depends on timing: waits that could hang are bounded by
the loader's `timeout` (which turns a hang into a failure) and never asserted on.
"""

import gc
import os
import pickle
import random
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import pyt
import pyt.utils.data as pdata

pytestmark = pytest.mark.filterwarnings("ignore:This DataLoader will create")

# A safety net only: a test that would hang fails with "timed out" instead.
SAFE = dict(timeout=180)


def to_np(x):
    return x.detach().numpy()


def assert_same_batches(a, b):
    """Batches (nested lists/tuples/dicts of tensors and Python values) are identical."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, pyt.Tensor):
        assert a.dtype == b.dtype and tuple(a.shape) == tuple(b.shape)
        np.testing.assert_array_equal(to_np(a), to_np(b))
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            assert_same_batches(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same_batches(x, y)
    else:
        assert a == b


# --- datasets (module level, so that they also pickle for the spawn start method) ---------


class Squares(pdata.Dataset):
    """Sample i: a float32 vector, an int64 scalar tensor, a Python int and a dict."""

    def __init__(self, n=23):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        x = pyt.arange(3, dtype=pyt.float32) + float(i)
        return x, pyt.tensor(i * i), i, {"odd": i % 2 == 1, "name": f"s{i}"}


class Stream(pdata.IterableDataset):
    """range(start, end), sharded over workers through get_worker_info() (torch's recipe)."""

    def __init__(self, start, end, shard=True):
        self.start, self.end, self.shard = start, end, shard

    def __iter__(self):
        info = pdata.get_worker_info()
        if info is None or not self.shard:
            return iter(range(self.start, self.end))
        per_worker = -(-(self.end - self.start) // info.num_workers)
        lo = self.start + info.id * per_worker
        return iter(range(lo, min(lo + per_worker, self.end)))


class UnevenStream(pdata.IterableDataset):
    """Worker k yields k * 5 elements: workers run out at different times."""

    def __iter__(self):
        info = pdata.get_worker_info()
        k = 0 if info is None else info.id
        return iter([(k, j) for j in range(k * 5)])


class WorkerReport(pdata.Dataset):
    """Each sample says which worker made it and what that worker saw."""

    def __init__(self, n=8):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        info = pdata.get_worker_info()
        return {
            "index": i,
            "id": info.id,
            "num_workers": info.num_workers,
            "seed": info.seed,
            "pid": os.getpid(),
            "threads": pyt.get_num_threads(),
            "inits": _INIT_CALLS[:],
            "dataset_is_copy_type": type(info.dataset).__name__,
        }


_INIT_CALLS = []


def record_init(worker_id):
    _INIT_CALLS.append(worker_id)


class Randomness(pdata.Dataset):
    """Draws from pyt's, random's and numpy's global generators inside the worker."""

    def __len__(self):
        return 6

    def __getitem__(self, i):
        info = pdata.get_worker_info()
        return (
            info.id,
            pyt.rand(2).tolist(),
            random.random(),
            float(np.random.rand()),
        )


class RaisesAt(pdata.Dataset):
    def __init__(self, bad, exc):
        self.bad, self.exc = bad, exc

    def __len__(self):
        return 10

    def __getitem__(self, i):
        if i == self.bad:
            raise_from_a_helper_function(self.exc)
        return i


def raise_from_a_helper_function(exc):
    raise exc


class TwoArgError(Exception):
    def __init__(self, a, b):
        super().__init__(a, b)


class ExitsAt(pdata.Dataset):
    def __init__(self, bad, how="exit"):
        self.bad, self.how = bad, how

    def __len__(self):
        return 12

    def __getitem__(self, i):
        if i == self.bad:
            if self.how == "exit":
                os._exit(1)
            os.kill(os.getpid(), signal.SIGKILL)
        return i


class Unpicklable(pdata.Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        return i


def collate_into_a_lambda(batch):
    return lambda: batch


class WaitsForEvent(pdata.Dataset):
    """Blocks in __getitem__ until the event is set (the event is shared with the test)."""

    def __init__(self, event):
        self.event = event

    def __len__(self):
        return 4

    def __getitem__(self, i):
        self.event.wait()
        return i


class ParallelOps(pdata.Dataset):
    """Runs ops that use the thread pool (above its grain size) inside the worker."""

    def __len__(self):
        return 4

    def __getitem__(self, i):
        s = pyt.ones(1 << 21).sum().item()
        m = (pyt.ones(200, 200) @ pyt.ones(200, 200)).sum().item()
        return s, m, pyt.get_num_threads()


def fails_to_init(worker_id):
    raise ValueError(f"init of worker {worker_id} failed on purpose")


def batches(loader):
    return list(loader)


# --- same batches as num_workers=0 -------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(batch_size=4),
        dict(batch_size=4, drop_last=True),
        dict(batch_size=1),
        dict(batch_size=None),
        dict(batch_size=5, shuffle=True),
        dict(batch_sampler=[[3, 1], [0], [22, 5, 7, 2]]),
        dict(sampler=[5, 3, 1, 3], batch_size=3),
    ],
    ids=["bs4", "drop_last", "bs1", "no_batching", "shuffle", "batch_sampler", "sampler"],
)
@pytest.mark.parametrize("num_workers", [1, 3])
def test_map_dataset_same_batches_as_main_process(kwargs, num_workers):
    def make(nw):
        kw = dict(kwargs)
        if kw.get("shuffle"):
            kw["generator"] = pyt.Generator().manual_seed(1234)
        if nw:
            kw.update(SAFE)
        return pdata.DataLoader(Squares(), num_workers=nw, **kw)

    expected = batches(make(0))
    got = batches(make(num_workers))
    assert len(got) == len(expected) == len(make(num_workers))
    assert_same_batches(got, expected)


def test_shuffle_with_the_global_generator_is_reproducible_and_matches_main_process():
    ds = pdata.TensorDataset(pyt.arange(40).reshape(20, 2), pyt.arange(20))
    runs = []
    for nw in (0, 2, 2):
        pyt.manual_seed(7)
        kw = SAFE if nw else {}
        runs.append(batches(pdata.DataLoader(ds, batch_size=6, shuffle=True, num_workers=nw, **kw)))
    assert_same_batches(runs[1], runs[0])
    assert_same_batches(runs[2], runs[0])
    order = [int(v) for b in runs[0] for v in b[1].tolist()]
    assert sorted(order) == list(range(20)) and order != list(range(20))


def test_epochs_reshuffle_and_replay_with_the_same_generator_seed():
    ds = pdata.TensorDataset(pyt.arange(16))

    def epochs(loader):
        return [[int(v) for (b,) in loader for v in b.tolist()] for _ in range(2)]

    g = pyt.Generator().manual_seed(3)
    a = epochs(pdata.DataLoader(ds, batch_size=4, shuffle=True, num_workers=2, generator=g, **SAFE))
    g.manual_seed(3)
    b = epochs(pdata.DataLoader(ds, batch_size=4, shuffle=True, num_workers=2, generator=g, **SAFE))
    assert a == b
    assert a[0] != a[1] and sorted(a[0]) == sorted(a[1]) == list(range(16))


def test_tensor_dtypes_survive_the_trip():
    ds = pdata.TensorDataset(
        pyt.arange(6, dtype=pyt.float64), pyt.arange(6) > 2, pyt.arange(6, dtype=pyt.int32)
    )
    (a,) = batches(pdata.DataLoader(ds, batch_size=6, num_workers=1, **SAFE))
    assert [t.dtype for t in a] == [pyt.float64, pyt.bool, pyt.int32]
    np.testing.assert_array_equal(to_np(a[1]), np.arange(6) > 2)


def test_in_order_false_yields_every_batch_once():
    ds = pdata.TensorDataset(pyt.arange(30))
    got = batches(pdata.DataLoader(ds, batch_size=4, num_workers=3, in_order=False, **SAFE))
    assert sorted(int(v) for (b,) in got for v in b.tolist()) == list(range(30))
    assert len(got) == 8


@pytest.mark.parametrize("prefetch_factor", [1, 4])
def test_prefetch_factor_bounds_outstanding_tasks(prefetch_factor):
    loader = pdata.DataLoader(
        Squares(), batch_size=2, num_workers=2, prefetch_factor=prefetch_factor, **SAFE
    )
    it = iter(loader)
    seen = 0
    for batch in it:
        assert it._tasks_outstanding <= prefetch_factor * 2
        seen += len(batch[2])
    assert seen == len(Squares())


def test_spawn_context_gives_the_same_batches():
    ds = pdata.TensorDataset(pyt.arange(12).reshape(6, 2).float(), pyt.arange(6))
    expected = batches(pdata.DataLoader(ds, batch_size=4))
    got = batches(
        pdata.DataLoader(ds, batch_size=4, num_workers=2, multiprocessing_context="spawn", **SAFE)
    )
    assert_same_batches(got, expected)


def test_pin_memory_is_accepted_and_is_a_no_op():
    with pytest.warns(UserWarning, match="pin_memory"):
        got = batches(pdata.DataLoader(Squares(5), batch_size=2, num_workers=1, pin_memory=True,
                                       **SAFE))
    assert_same_batches(got, batches(pdata.DataLoader(Squares(5), batch_size=2)))


# --- IterableDataset ---------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [None, 1, 4])
@pytest.mark.parametrize("num_workers", [1, 2, 3])
def test_iterable_dataset_sharded_through_worker_info_gives_every_element_once(
    batch_size, num_workers
):
    loader = pdata.DataLoader(
        Stream(3, 20), batch_size=batch_size, num_workers=num_workers, **SAFE
    )
    out = []
    for b in loader:
        out.extend([int(b)] if batch_size is None else b.tolist())
    assert sorted(out) == list(range(3, 20))


def test_iterable_dataset_without_sharding_is_replicated_per_worker():
    out = [int(v) for b in pdata.DataLoader(Stream(0, 5, shard=False), batch_size=2,
                                            num_workers=2, **SAFE) for v in b.tolist()]
    assert sorted(out) == sorted(list(range(5)) * 2)


def test_iterable_dataset_workers_that_end_early_and_drop_last():
    loader = pdata.DataLoader(UnevenStream(), batch_size=2, num_workers=3, **SAFE)
    rows = [tuple(r) for b in loader for r in zip(b[0].tolist(), b[1].tolist())]
    assert sorted(rows) == sorted([(k, j) for k in range(3) for j in range(k * 5)])
    # drop_last drops each worker's incomplete last batch (workers 1 and 2 yield 5 and 10).
    loader = pdata.DataLoader(UnevenStream(), batch_size=2, num_workers=3, drop_last=True, **SAFE)
    sizes = [len(b[0]) for b in loader]
    assert sizes == [2] * 7


# --- worker info, worker_init_fn, seeds, threads -----------------------------------------


def test_get_worker_info_is_none_in_the_main_process():
    assert pdata.get_worker_info() is None


@pytest.mark.parametrize("num_workers", [1, 3])
def test_worker_info_init_fn_seed_and_threads(num_workers):
    g = pyt.Generator().manual_seed(99)
    base_seed = int(pyt.randint(0, (1 << 63) - 1, (), generator=pyt.Generator().manual_seed(99)))
    loader = pdata.DataLoader(
        WorkerReport(3 * num_workers), batch_size=None, num_workers=num_workers,
        worker_init_fn=record_init, generator=g, **SAFE,
    )
    reports = list(loader)
    assert [r["index"] for r in reports] == list(range(3 * num_workers))
    by_worker = {}
    for r in reports:
        by_worker.setdefault(r["id"], []).append(r)
    assert sorted(by_worker) == list(range(num_workers))
    for wid, rs in by_worker.items():
        r = rs[0]
        assert r["num_workers"] == num_workers
        assert r["seed"] == base_seed + wid  # torch: base_seed from the loader's generator
        assert r["threads"] == 1  # workers compute on one thread
        assert r["inits"] == [wid]  # worker_init_fn ran exactly once, in this worker
        assert r["dataset_is_copy_type"] == "WorkerReport"
        assert len({x["pid"] for x in rs}) == 1 and r["pid"] != os.getpid()
    assert _INIT_CALLS == []  # never called in the main process


def test_workers_forked_after_parallel_ops_run_ops():
    # DESIGN.md: a process forked after parallel kernels ran never hangs.
    n = pyt.get_num_threads()
    try:
        pyt.set_num_threads(2)
        assert pyt.ones(1 << 22).sum().item() == float(1 << 22)  # the pool is running
        out = list(pdata.DataLoader(ParallelOps(), batch_size=None, num_workers=2, **SAFE))
    finally:
        pyt.set_num_threads(n)
    assert out == [[float(1 << 21), 200.0 ** 3, 1]] * 4  # default_convert: tuples -> lists


def test_worker_info_is_frozen():
    info = pdata._worker.WorkerInfo(id=0, num_workers=1, seed=5, dataset=None)
    with pytest.raises(AttributeError):
        info.id = 3


def test_random_ops_in_workers_are_reproducible_and_differ_between_workers():
    def run(seed):
        loader = pdata.DataLoader(Randomness(), batch_size=None, num_workers=2,
                                  generator=pyt.Generator().manual_seed(seed), **SAFE)
        return list(loader)

    a, b, c = run(5), run(5), run(6)
    assert a == b  # pyt, random and numpy draws all replay
    assert a != c
    first = {wid: (t, r, n) for wid, t, r, n in reversed(a)}  # each worker's first draw
    assert first[0] != first[1]


def test_worker_seed_follows_the_global_generator_without_a_loader_generator():
    pyt.manual_seed(11)
    a = list(pdata.DataLoader(Randomness(), batch_size=None, num_workers=2, **SAFE))
    pyt.manual_seed(11)
    b = list(pdata.DataLoader(Randomness(), batch_size=None, num_workers=2, **SAFE))
    assert a == b


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exc,expected_type",
    [
        (ValueError("bad sample 4"), ValueError),
        (KeyError("missing"), KeyError),
        (IndexError("index 4 out of range"), IndexError),
        (TwoArgError("a", "b"), RuntimeError),  # cannot be rebuilt from a message
    ],
)
def test_worker_exception_is_reraised_with_the_worker_traceback(exc, expected_type):
    loader = pdata.DataLoader(RaisesAt(4, exc), batch_size=2, num_workers=2, **SAFE)
    it = iter(loader)
    assert next(it).tolist() == [0, 1]
    assert next(it).tolist() == [2, 3]
    with pytest.raises(expected_type) as info:
        next(it)
    msg = str(info.value)
    assert f"Caught {type(exc).__name__} in DataLoader worker process 0" in msg
    assert "Traceback (most recent call last)" in msg
    assert "raise_from_a_helper_function" in msg  # the worker's frames
    # Like torch, the iterator goes on after a worker exception.
    assert next(it).tolist() == [6, 7]


def test_exception_of_a_class_defined_in_a_function_becomes_runtime_error():
    class LocalError(Exception):
        pass

    loader = pdata.DataLoader(RaisesAt(0, LocalError("local")), num_workers=1, **SAFE)
    with pytest.raises(RuntimeError, match="Caught LocalError in DataLoader worker process 0"):
        next(iter(loader))


def test_worker_init_fn_exception_is_reraised():
    loader = pdata.DataLoader(Squares(4), num_workers=2, worker_init_fn=fails_to_init, **SAFE)
    with pytest.raises(ValueError, match="init of worker 0 failed on purpose") as info:
        list(loader)
    assert "fails_to_init" in str(info.value)


def test_a_batch_that_cannot_be_pickled_is_an_error_not_a_hang():
    loader = pdata.DataLoader(Unpicklable(), batch_size=2, num_workers=1,
                              collate_fn=collate_into_a_lambda, **SAFE)
    with pytest.raises((AttributeError, pickle.PicklingError, TypeError),
                       match="could not be pickled|pickle"):
        next(iter(loader))


@pytest.mark.parametrize("how,detail", [("exit", "exit code 1"), ("kill", "SIGKILL")])
def test_a_worker_that_dies_raises_runtime_error(how, detail):
    # The `timeout` is only a safety net: the death must be reported, not a time-out. (Which
    # batches arrive first is not asserted: a worker that dies can take results it had not
    # flushed yet with it.)
    loader = pdata.DataLoader(ExitsAt(5, how), batch_size=2, num_workers=2, timeout=30)
    it = iter(loader)
    workers = list(it._workers)
    with pytest.raises(RuntimeError, match=r"DataLoader worker \(pid \d+\) exited unexpectedly") \
            as info:
        list(it)
    assert "timed out" not in str(info.value) and detail in str(info.value)
    assert str(workers[0].pid) in str(info.value)  # index 5 is in worker 0's third batch
    assert all(not w.is_alive() for w in workers)  # the other worker was shut down too
    with pytest.raises(RuntimeError, match="exited unexpectedly"):
        next(it)  # the iterator stays failed


def test_a_worker_killed_while_sending_a_batch_does_not_hang_the_main_process():
    # The worker leaves a half-written message in the result pipe (the header announces 1 MB,
    # 10 bytes follow) while holding the queue's write lock, then dies: what a worker killed
    # by the OOM killer while its feeder thread sends a large batch leaves behind. This
    # reaches into multiprocessing.Queue's internals, and runs in a subprocess so that a
    # regression shows up as a time-out of that subprocess, not as a hung test run.
    script = textwrap.dedent(
        """
        import inspect, os, struct
        import pyt.utils.data as D

        class DiesMidMessage(D.Dataset):
            def __len__(self):
                return 4

            def __getitem__(self, i):
                if i < 2:
                    return i
                frame = inspect.currentframe()
                while frame.f_code.co_name != "_worker_loop":
                    frame = frame.f_back
                q = frame.f_locals["data_queue"]
                q._wlock.acquire()
                os.write(q._writer.fileno(), struct.pack("!i", 1 << 20) + b"x" * 10)
                os._exit(1)

        try:
            list(D.DataLoader(DiesMidMessage(), batch_size=None, num_workers=1))
        except RuntimeError as e:
            print("raised:", e)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, env=_env_with_pyt())
    assert out.returncode == 0, out.stderr
    assert "raised: DataLoader worker (pid" in out.stdout and "exited unexpectedly" in out.stdout


def _env_with_pyt():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(os.path.dirname(pyt.__file__))] + sys.path
    )
    return env


def test_timeout_raises_and_workers_are_cleaned_up():
    import multiprocessing as mp

    event = mp.get_context("fork").Event()
    loader = pdata.DataLoader(WaitsForEvent(event), num_workers=1, timeout=0.2)
    it = iter(loader)
    workers = list(it._workers)
    with pytest.raises(RuntimeError, match="DataLoader timed out after 0.2 seconds"):
        next(it)
    event.set()  # let the worker finish its task, so shutdown does not need to kill it
    del it
    gc.collect()
    assert [w.exitcode for w in workers] == [0]


# --- lifetime: persistent workers, cleanup -----------------------------------------------


def test_persistent_workers_are_reused_across_epochs():
    _INIT_CALLS.clear()
    loader = pdata.DataLoader(WorkerReport(8), batch_size=None, num_workers=2,
                              persistent_workers=True, worker_init_fn=record_init, **SAFE)
    epochs = [list(loader) for _ in range(3)]
    for reports in epochs:
        assert [r["index"] for r in reports] == list(range(8))
        assert all(r["inits"] == [r["id"]] for r in reports)  # init ran once per worker
    pids = [{r["pid"] for r in reports} for reports in epochs]
    assert len(pids[0]) == 2 and pids[0] == pids[1] == pids[2]
    it = loader._iterator
    assert iter(loader) is it  # one iterator, reset for each epoch
    workers = list(it._workers)
    del loader, it
    gc.collect()
    assert [w.exitcode for w in workers] == [0, 0]


def test_persistent_workers_after_an_epoch_cut_short():
    ds = pdata.TensorDataset(pyt.arange(20))
    loader = pdata.DataLoader(ds, batch_size=3, num_workers=2, persistent_workers=True,
                              prefetch_factor=3, **SAFE)
    it = iter(loader)
    assert next(it)[0].tolist() == [0, 1, 2]  # results of this epoch are still in flight
    full = [v for (b,) in loader for v in b.tolist()]
    assert full == list(range(20))
    full = [v for (b,) in loader for v in b.tolist()]
    assert full == list(range(20))


def test_persistent_workers_iterable_dataset_every_epoch():
    loader = pdata.DataLoader(Stream(0, 11), batch_size=2, num_workers=3,
                              persistent_workers=True, **SAFE)
    for _ in range(2):
        assert sorted(v for b in loader for v in b.tolist()) == list(range(11))


def test_workers_exit_at_the_end_of_an_epoch_and_when_the_iterator_is_deleted():
    loader = pdata.DataLoader(Squares(10), batch_size=2, num_workers=2, **SAFE)
    it = iter(loader)
    workers = list(it._workers)
    list(it)
    assert all(w.exitcode == 0 for w in workers)  # clean exit after the last batch

    it = iter(loader)
    workers = list(it._workers)
    next(it)
    del it  # cut short
    gc.collect()
    assert [w.exitcode for w in workers] == [0, 0]


def test_an_iterator_collected_in_a_reference_cycle_stops_its_workers_cleanly():
    loader = pdata.DataLoader(Squares(20), batch_size=2, num_workers=2, **SAFE)
    it = iter(loader)
    next(it)
    workers = list(it._workers)
    holder = {"iterator": it}
    it.back_reference = holder  # only the gc can free this cycle
    del it, holder
    gc.collect()
    # Exit code 0: each worker got its final None and exited (not terminated by a signal).
    assert [w.exitcode for w in workers] == [0, 0]


def test_a_for_loop_broken_by_an_exception_cleans_up():
    loader = pdata.DataLoader(RaisesAt(3, ValueError("x")), num_workers=2, **SAFE)
    with pytest.raises(ValueError):
        for _ in loader:
            pass
    gc.collect()
    assert not [p for p in __import__("multiprocessing").active_children()
                if p.name.startswith("pyt_data_worker")]


def test_interpreter_exit_with_live_workers_does_not_hang():
    # A script that leaves a persistent loader and a half-read iterator alive at exit.
    script = textwrap.dedent(
        """
        import pyt, pyt.utils.data as D
        ds = D.TensorDataset(pyt.arange(100))
        keep = D.DataLoader(ds, batch_size=2, num_workers=2, persistent_workers=True)
        list(keep)
        half = iter(D.DataLoader(ds, batch_size=2, num_workers=2))
        next(half)
        pids = [w.pid for w in keep._iterator._workers + half._workers]
        print(" ".join(map(str, pids)), flush=True)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, env=_env_with_pyt())
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr, out.stderr
    pids = [int(p) for p in out.stdout.split()]
    assert len(pids) == 4
    for pid in pids:
        # The script reaped its workers before it exited: the pid is gone, or was reused by
        # an unrelated process (whose command line is not the script's).
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        assert b"keep = D.DataLoader" not in cmdline, f"worker {pid} outlived the script"


# --- argument checks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs,exc,match",
    [
        (dict(num_workers=2, prefetch_factor=-1), ValueError, "prefetch_factor option should be"),
        (dict(num_workers=2, multiprocessing_context="nope"), ValueError, "valid start method"),
        (dict(num_workers=2, multiprocessing_context=3), TypeError, "valid context object"),
        (dict(multiprocessing_context="fork"), ValueError, "num_workers > 0"),
    ],
)
def test_worker_argument_errors(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        pdata.DataLoader(Squares(4), **kwargs)


def test_more_workers_than_cpus_warns():
    n = len(os.sched_getaffinity(0)) + 1
    loader = pdata.DataLoader(Squares(4), batch_size=4, num_workers=n, **SAFE)
    with pytest.warns(UserWarning, match=f"will create {n} worker processes"):
        assert len(batches(loader)) == 1


def test_worker_defaults_and_context_object():
    import multiprocessing as mp

    loader = pdata.DataLoader(Squares(4), num_workers=2)
    assert loader.prefetch_factor == 2 and loader.multiprocessing_context is None
    ctx = mp.get_context("fork")
    loader = pdata.DataLoader(Squares(4), batch_size=2, num_workers=2,
                              multiprocessing_context=ctx, **SAFE)
    assert loader.multiprocessing_context is ctx
    assert len(batches(loader)) == 2
