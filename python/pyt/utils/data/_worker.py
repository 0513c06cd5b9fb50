"""What runs inside a DataLoader worker process (torch/utils/data/_utils/worker.py).

This module imports nothing heavy at load time: ``get_worker_info`` lives here and is
re-exported by ``pyt.utils.data``, which ``import pyt.utils.data`` must keep light.
``multiprocessing`` is only imported by the multi-process iterator (dataloader.py) and by
``_queues``.

Note [Worker protocol]
~~~~~~~~~~~~~~~~~~~~~~
The main process owns one index queue per worker and one shared result queue. It sends
``(send_idx, index)`` tasks, where ``index`` is what the index sampler yielded (a list of
indices with automatic batching, a single index without it, ``None``s for an
IterableDataset), a ``_ResumeIteration`` to start a new epoch of persistent workers, or
``None`` to make the worker exit. A worker answers every task with ``(send_idx, data)``,
where ``data`` is the collated batch, an ``ExceptionWrapper`` (the dataset, the collate_fn
or worker_init_fn raised; the main process re-raises it), or an
``_IterableDatasetStopIteration`` (its replica of an IterableDataset is exhausted). It answers
a ``_ResumeIteration`` with ``(the same _ResumeIteration, None)``. Once the shared done event
is set, or its iterable ran out, a worker ignores tasks until it gets ``None``.

A worker polls its index queue with a timeout and exits when its parent is gone (the
watchdog), so an orphaned worker never lingers; the main process in turn watches the
workers' sentinels while it waits for results (dataloader.py), so a dead worker never
leaves it waiting.
"""

import os
import queue
import random
import sys
import traceback
from dataclasses import dataclass

import pyt

__all__ = ["WorkerInfo", "get_worker_info"]

# How long a blocking wait lasts before a worker checks that its parent is alive, and how
# long shutdown waits for a worker to exit before terminating it (torch's value).
MP_STATUS_CHECK_INTERVAL = 5.0

_worker_info = None


@dataclass(frozen=True)
class WorkerInfo:
    """What a DataLoader worker process knows about itself (``get_worker_info()``).

    Args:
        id (int): this worker's id, ``0 <= id < num_workers``.
        num_workers (int): the number of workers of the loader.
        seed (int): the seed of this worker: ``base_seed + id``; ``pyt``'s default generator
            and ``random`` were seeded with it (numpy with a state derived from it).
        dataset: this process's copy of the dataset.

    Returns:
        WorkerInfo: a frozen record (assigning an attribute raises).

    Raises:
        dataclasses.FrozenInstanceError: on attribute assignment.

    Source: ``torch.utils.data._utils.worker.WorkerInfo``.

    Example::

        >>> info = pyt.utils.data.get_worker_info()   # inside a worker
        >>> info.id, info.num_workers
        (0, 2)
    """

    id: int
    num_workers: int
    seed: int
    dataset: object
    worker_method: str = "multiprocessing"


def get_worker_info():
    """Return information about the current DataLoader worker; ``None`` in the main process.

    Useful in an ``IterableDataset.__iter__`` or a ``worker_init_fn`` to give each worker
    its own shard of the data (see the example) or to seed other libraries.

    Args:
        None.

    Returns:
        WorkerInfo or None: ``id``, ``num_workers``, ``seed`` and ``dataset`` (this
        process's copy) inside a worker process; ``None`` in the main process.

    Raises:
        Nothing.

    Source: ``torch.utils.data.get_worker_info``.

    Example::

        >>> class Range(pyt.utils.data.IterableDataset):
        ...     def __iter__(self):
        ...         info = pyt.utils.data.get_worker_info()
        ...         start, step = (0, 1) if info is None else (info.id, info.num_workers)
        ...         return iter(range(start, 10, step))
        >>> pyt.utils.data.get_worker_info() is None
        True
    """
    return _worker_info


@dataclass(frozen=True)
class _IterableDatasetStopIteration:
    """A worker's reply when its replica of an IterableDataset is exhausted."""

    worker_id: int


@dataclass(frozen=True)
class _ResumeIteration:
    """Sent to persistent workers at the start of a new epoch; echoed back as an ack."""

    seed: object = None


class KeyErrorMessage(str):
    """A str whose repr is itself, so a re-raised KeyError prints its traceback readably."""

    def __repr__(self):
        return self


class ExceptionWrapper:
    """An exception and its formatted traceback, to re-raise in another process.

    The exception object itself is not sent (it may hold unpicklable state); its type is
    sent when it can be pickled by reference, otherwise only its name, and ``reraise``
    raises ``RuntimeError`` instead.

    Args:
        exc_info (tuple, optional): ``(type, value, traceback)``; default ``sys.exc_info()``.
        where (str): where it was caught, e.g. ``"in DataLoader worker process 0"``.

    Returns:
        ExceptionWrapper: picklable.

    Raises:
        Nothing (``reraise`` raises).

    Source: ``torch._utils.ExceptionWrapper``.

    Example::

        >>> try:
        ...     1 / 0
        ... except ZeroDivisionError:
        ...     w = ExceptionWrapper(where="in DataLoader worker process 0")
        >>> w.reraise()   # ZeroDivisionError: Caught ZeroDivisionError in DataLoader ...
    """

    def __init__(self, exc_info=None, where="in background"):
        # Keep no reference to the traceback object (it would pin the frames).
        if exc_info is None:
            exc_info = sys.exc_info()
        self.exc_type = exc_info[0]
        self.exc_type_name = getattr(self.exc_type, "__name__", str(self.exc_type))
        self.exc_msg = "".join(traceback.format_exception(*exc_info))
        self.where = where

    def __getstate__(self):
        state = dict(self.__dict__)
        # A class defined inside a function (or otherwise not importable by name) cannot
        # cross the process boundary; the name and the traceback text still do.
        import pickle

        try:
            pickle.dumps(self.exc_type)
        except Exception:
            state["exc_type"] = None
        return state

    def reraise(self):
        """Raise the wrapped exception type (else RuntimeError) with the original traceback."""
        msg = f"Caught {self.exc_type_name} {self.where}.\nOriginal {self.exc_msg}"
        exc_type = self.exc_type
        if exc_type is None:
            raise RuntimeError(msg)
        if exc_type is KeyError:
            msg = KeyErrorMessage(msg)
        elif getattr(exc_type, "message", None):
            # Some exception types take their message as a keyword (torch does the same).
            raise exc_type(message=msg)
        try:
            exception = exc_type(msg)
        except Exception:
            raise RuntimeError(msg) from None
        try:
            raise exception
        finally:
            # No frame -> traceback -> frame cycle: the caller (a DataLoader iterator, which
            # owns worker processes) is freed as soon as the exception is, not by the gc.
            del exception


class _ManagerWatchdog:
    """True while the process that started this worker is alive (POSIX: parent pid)."""

    def __init__(self):
        self.manager_pid = os.getppid()
        self.manager_dead = False

    def is_alive(self):
        if not self.manager_dead:
            self.manager_dead = os.getppid() != self.manager_pid
        return not self.manager_dead


# `_generate_state` is torch's adaptation of numpy.random.SeedSequence (MIT licensed:
# Copyright (c) 2015 Melissa E. O'Neill, Copyright (c) 2019 NumPy Developers). It derives the
# numpy seed of a worker from (base_seed, worker_id), so numpy's stream in a worker does not
# collide with `random`'s, which is seeded with base_seed + worker_id.
def _generate_state(base_seed, worker_id):
    INIT_A = 0x43B0D7E5
    MULT_A = 0x931E8875
    INIT_B = 0x8B51F9DD
    MULT_B = 0x58F38DED
    MIX_MULT_L = 0xCA01F9DD
    MIX_MULT_R = 0x4973F715
    XSHIFT = 4 * 8 // 2
    MASK32 = 0xFFFFFFFF

    entropy = [worker_id, base_seed & MASK32, base_seed >> 32, 0]
    pool = [0] * 4
    hash_const_A = INIT_A

    def hash(value):
        nonlocal hash_const_A
        value = (value ^ hash_const_A) & MASK32
        hash_const_A = (hash_const_A * MULT_A) & MASK32
        value = (value * hash_const_A) & MASK32
        value = (value ^ (value >> XSHIFT)) & MASK32
        return value

    def mix(x, y):
        result_x = (MIX_MULT_L * x) & MASK32
        result_y = (MIX_MULT_R * y) & MASK32
        result = (result_x - result_y) & MASK32
        result = (result ^ (result >> XSHIFT)) & MASK32
        return result

    for i in range(len(pool)):
        pool[i] = hash(entropy[i])
    for i_src in range(len(pool)):
        for i_dst in range(len(pool)):
            if i_src != i_dst:
                pool[i_dst] = mix(pool[i_dst], hash(pool[i_src]))

    hash_const_B = INIT_B
    state = []
    for i_dst in range(4):
        data_val = pool[i_dst]
        data_val = (data_val ^ hash_const_B) & MASK32
        hash_const_B = (hash_const_B * MULT_B) & MASK32
        data_val = (data_val * hash_const_B) & MASK32
        data_val = (data_val ^ (data_val >> XSHIFT)) & MASK32
        state.append(data_val)
    return state


def _seed_worker(base_seed, worker_id):
    """Seed random, pyt and numpy in a worker as torch does; return the worker's seed."""
    seed = base_seed + worker_id
    random.seed(seed)
    # pyt.manual_seed takes a signed 64-bit value and reads it as unsigned (like torch's);
    # base_seed + worker_id can pass 2**63 - 1, so hand it over in two's complement.
    pyt.manual_seed(seed - (1 << 64) if seed >= (1 << 63) else seed)
    import numpy as np  # a dependency of pyt; tensors cross processes through numpy anyway

    np.random.seed(_generate_state(base_seed, worker_id))
    return seed


def _worker_loop(
    dataset_kind,
    dataset,
    index_queue,
    data_queue,
    done_event,
    auto_collation,
    collate_fn,
    drop_last,
    base_seed,
    init_fn,
    worker_id,
    num_workers,
    persistent_workers,
):
    """Body of a worker process: see Note [Worker protocol] at the top of this file."""
    from pyt.utils.data._fetch import _create_fetcher

    manager_pid = os.getppid()
    try:
        # DESIGN.md, "Threads that behave": each worker computes on one thread, so N
        # workers never oversubscribe the cores the main process budgets for.
        pyt.set_num_threads(1)
        seed = _seed_worker(base_seed, worker_id)

        global _worker_info
        _worker_info = WorkerInfo(
            id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset
        )

        where = f"in DataLoader worker process {worker_id}"
        init_exception = None
        fetcher = None
        try:
            if init_fn is not None:
                init_fn(worker_id)
            fetcher = _create_fetcher(dataset_kind, dataset, auto_collation, collate_fn, drop_last)
        except Exception:
            init_exception = ExceptionWrapper(where=where)

        iteration_end = False
        watchdog = _ManagerWatchdog()
        while watchdog.is_alive():
            try:
                r = index_queue.get(timeout=MP_STATUS_CHECK_INTERVAL)
            except queue.Empty:
                continue
            if isinstance(r, _ResumeIteration):
                data_queue.put((r, None))  # acknowledge the new epoch
                iteration_end = False
                if init_exception is None:
                    try:
                        fetcher = _create_fetcher(
                            dataset_kind, dataset, auto_collation, collate_fn, drop_last
                        )
                    except Exception:
                        init_exception = ExceptionWrapper(where=where)
                continue
            if r is None:
                break  # the final signal
            if done_event.is_set() or iteration_end:
                continue  # shutting down or exhausted: skip work until the final signal
            idx, index = r
            if init_exception is not None:
                # worker_init_fn (or iter(dataset)) failed: every task reports it.
                data = init_exception
            else:
                try:
                    data = fetcher.fetch(index)
                except Exception as e:
                    if isinstance(e, StopIteration) and dataset_kind == "iterable":
                        data = _IterableDatasetStopIteration(worker_id)
                        iteration_end = True
                    else:
                        data = ExceptionWrapper(where=where)
            data_queue.put((idx, data))
            del data, idx, index, r  # do not hold the last batch while waiting
    except KeyboardInterrupt:
        pass  # the main process gets the interrupt too and raises it
    # Unlike torch's workers, exit only once the feeder thread has flushed what this worker
    # put: the main process keeps reading until all its workers have exited (Note [The
    # result receiver thread] in dataloader.py), and a worker that exited halfway through a
    # message would leave it half-written, and the queue's write lock taken, for the
    # others. With the main process gone, nobody reads: do not wait.
    if os.getppid() != manager_pid:
        data_queue.cancel_join_thread()
    data_queue.close()
