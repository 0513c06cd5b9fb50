"""``DataLoader`` (torch/utils/data/dataloader.py): in the main process, or in worker
processes (``num_workers > 0``) that send collated batches back through queues.

Note [DataLoader workers never hang]
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
DESIGN.md promises that a forked DataLoader worker never hangs the program. What makes it so:

* While the main process waits for a result it checks every few tens of milliseconds that
  the active workers are alive, so a worker that dies (``os._exit``, a signal, the OOM
  killer, a crash in native code) soon becomes a ``RuntimeError("DataLoader worker (pid N)
  exited unexpectedly ...")``; ``timeout`` bounds the wait for a slow worker. A receiver
  thread does the blocking reads of the result queue, so a message left half-written by a
  killed worker cannot block the main process (Note [The result receiver thread]).
* An exception in a worker travels back as text (``ExceptionWrapper``) and is re-raised; a
  batch that cannot be pickled becomes such an error too (``_queues._ResultQueue``) instead
  of being dropped by the queue's feeder thread.
* Workers poll their index queue with a timeout and exit when the main process is gone.
* Shutdown (end of a non-persistent epoch, iterator deletion, a dead worker, interpreter
  exit) sets the done event, sends every worker ``None``, joins them (5 s in all), then
  terminates any that is still alive; the index queues are closed without waiting for
  their feeder threads. It also works when the iterator dies in a reference cycle (Note
  [Worker pools outlive their iterator's garbage cycle]) and does nothing in a forked child
  that inherited the iterator.
* Each worker computes on one thread (``pyt.set_num_threads(1)``); the C++ thread pool is
  rebuilt in a forked child rather than waited on (DESIGN.md, "Threads that behave").

The worker side of the protocol is described in Note [Worker protocol] in _worker.py.
"""

import itertools
import os
import queue
import threading
import time
import warnings

from pyt.utils.data._collate import default_collate, default_convert
from pyt.utils.data._fetch import _create_fetcher
from pyt.utils.data._worker import (
    MP_STATUS_CHECK_INTERVAL,
    ExceptionWrapper,
    _IterableDatasetStopIteration,
    _ResumeIteration,
    get_worker_info,
)
from pyt.utils.data.dataset import IterableDataset
from pyt.utils.data.sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    _random_seed,
)

__all__ = ["DataLoader", "get_worker_info"]


class _InfiniteConstantSampler(Sampler):
    """Yields ``None`` forever: the index sampler of an IterableDataset (torch's)."""

    def __iter__(self):
        while True:
            yield None


class _BaseDataLoaderIter:
    """What both iterators share: the index sampler, the base seed, the length warning."""

    def __init__(self, loader):
        self._dataset = loader.dataset
        self._dataset_kind = loader._dataset_kind
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._index_sampler = loader._index_sampler
        self._num_workers = loader.num_workers
        self._timeout = loader.timeout
        self._collate_fn = loader.collate_fn
        if loader.pin_memory:
            warnings.warn(
                "'pin_memory' argument is set as true but no accelerator is found, "
                "then device pinned memory won't be used.",
                stacklevel=5,  # the caller of iter(loader)
            )
        self._sampler_iter = iter(self._index_sampler)
        # Drawn in both iterators (torch does), so that the loader's generator advances the
        # same way, and batches come out the same, with and without workers.
        self._base_seed = _random_seed(loader.generator)
        self._persistent_workers = loader.persistent_workers
        self._num_yielded = 0

    def __iter__(self):
        return self

    def _reset(self, loader, first_iter=False):
        self._sampler_iter = iter(self._index_sampler)
        self._num_yielded = 0
        self._IterableDataset_len_called = loader._IterableDataset_len_called

    def _next_index(self):
        return next(self._sampler_iter)  # may raise StopIteration

    def _next_data(self):
        raise NotImplementedError

    def __next__(self):
        data = self._next_data()
        self._num_yielded += 1
        if (
            self._dataset_kind == "iterable"
            and self._IterableDataset_len_called is not None
            and self._num_yielded > self._IterableDataset_len_called
        ):
            msg = (
                f"Length of IterableDataset {self._dataset} was reported to be "
                f"{self._IterableDataset_len_called} (when accessing len(dataloader)), but "
                f"{self._num_yielded} samples have been fetched. "
            )
            if self._num_workers > 0:
                msg += (
                    "For multiprocessing data-loading, this could be caused by not properly "
                    "configuring the IterableDataset replica at each worker (see "
                    "pyt.utils.data.get_worker_info)."
                )
            warnings.warn(msg, stacklevel=2)
        return data

    def __len__(self):
        return len(self._index_sampler)

    def __getstate__(self):
        raise NotImplementedError(f"{self.__class__.__name__} cannot be pickled")


class _SingleProcessDataLoaderIter(_BaseDataLoaderIter):
    """One pass over the data in the main process (torch's _SingleProcessDataLoaderIter)."""

    def __init__(self, loader):
        super().__init__(loader)
        self._dataset_fetcher = _create_fetcher(
            self._dataset_kind,
            self._dataset,
            self._auto_collation,
            self._collate_fn,
            self._drop_last,
        )

    def _next_data(self):
        index = self._next_index()  # may raise StopIteration
        return self._dataset_fetcher.fetch(index)  # may raise StopIteration (iterable)


# Note [Worker pools outlive their iterator's garbage cycle]
# The processes and queues of an iterator live in a _WorkerPool, which this set holds as
# well as the iterator. When an iterator becomes garbage inside a reference cycle, the gc
# first runs the weakref finalizers of the objects only the cycle reaches (an index queue's
# finalizer stops its feeder thread) and only then the iterator's __del__: a final `None`
# put after that would never reach the worker, and shutdown would wait for the join
# timeout. Reachable from here, the pool stays intact until its shutdown removes it. The
# set also lets an exit handler shut down every pool still alive at interpreter exit.
_live_pools = set()
_atexit_registered = False


def _shutdown_live_pools():
    for pool in list(_live_pools):
        pool.shutdown()


def _register_atexit():
    # Registered after multiprocessing.util is imported, so that it runs before
    # multiprocessing's own exit handler (atexit runs last-registered first): workers get a
    # clean None and a join before multiprocessing terminates the daemonic ones.
    global _atexit_registered
    if not _atexit_registered:
        import atexit
        import multiprocessing.util  # noqa: F401

        atexit.register(_shutdown_live_pools)
        _atexit_registered = True


class _WorkerPool:
    """The worker processes of one iterator, their index queues, the shared result queue,
    the done event and the result receiver thread; see Note [Worker pools outlive their
    iterator's garbage cycle] and Note [The result receiver thread]."""

    def __init__(self, ctx):
        from pyt.utils.data._queues import _ResultQueue

        self.workers = []
        self.index_queues = []
        self.result_queue = _ResultQueue(ctx=ctx)
        self.done_event = ctx.Event()
        self.received = queue.Queue()  # results, moved here by the receiver thread
        self._receiver = None
        self._receiver_stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()  # written to stop the receiver
        self.closed = False
        self.owner_pid = os.getpid()
        _register_atexit()
        _live_pools.add(self)

    def start_receiver(self):
        self._receiver = threading.Thread(
            target=self._receive, name="pyt_data_receiver", daemon=True
        )
        self._receiver.start()

    def _receive(self):
        # Note [The result receiver thread]
        # Reading a message from the result queue blocks until the whole message is there.
        # A worker killed while its feeder thread was writing a large batch leaves a partial
        # message behind, and that read never returns. So this thread does the reading, and
        # the iterator waits on `received` with a timeout, checking that the workers are
        # alive in between: a death is reported whatever state the pipe was left in.
        # The thread keeps reading until every worker has exited (see shutdown): a worker
        # flushes the results it has buffered before it exits, so that it never leaves a
        # half-written message, or the queue's write lock taken, behind it.
        from multiprocessing.connection import wait

        source, received, stop = self.result_queue, self.received, self._receiver_stop
        # The queue's read end, waited on together with the wake-up pipe
        # (concurrent.futures.process waits on `result_queue._reader` the same way).
        reader = getattr(source, "_reader", None)
        while not stop.is_set():
            if reader is not None and reader not in wait([reader, self._wake_r]):
                continue  # woken up: check `stop`
            try:
                item = source.get(timeout=_LIVENESS_CHECK_INTERVAL)
            except queue.Empty:
                continue
            except (EOFError, OSError, ValueError):
                return  # the queue was closed
            except Exception:
                # The message was read but could not be unpickled.
                item = _ReceiveFailure(
                    ExceptionWrapper(where="while unpickling a DataLoader worker's result")
                )
            if not stop.is_set():
                received.put(item)

    def _stop_receiver(self):
        """Stop the receiver thread; True when it has exited."""
        if self._receiver is None:
            return True
        self._receiver_stop.set()
        os.write(self._wake_w, b"x")
        self._receiver.join(timeout=_RECEIVER_JOIN_TIMEOUT)
        return not self._receiver.is_alive()

    def shutdown(self):
        """Stop every worker and close the queues; idempotent, bounded in time."""
        if self.closed or os.getpid() != self.owner_pid:
            # A forked child (a worker of another loader, say) can inherit an iterator and
            # collect it: the workers are not its to stop.
            return
        self.closed = True
        try:
            # Workers skip any task still queued once the event is set, flush the results
            # they have buffered (the receiver keeps reading) and exit on None.
            self.done_event.set()
            for w, q in zip(self.workers, self.index_queues):
                if w.is_alive():
                    q.put(None)
            deadline = time.monotonic() + MP_STATUS_CHECK_INTERVAL
            for w in self.workers:
                w.join(timeout=max(deadline - time.monotonic(), 0.0))
        finally:
            for w in self.workers:
                if w.is_alive():
                    w.terminate()
                    w.join(timeout=MP_STATUS_CHECK_INTERVAL)
            for q in self.index_queues:
                q.cancel_join_thread()
                q.close()
            if self._stop_receiver():
                self.result_queue.close()
                os.close(self._wake_r)
                os.close(self._wake_w)
            # else: the receiver is stuck on a message a killed worker left half-written. It
            # is a daemon thread; leave the queue open under it rather than close the fd it
            # reads.
            _live_pools.discard(self)


class _ReceiveFailure:
    """Posted by the receiver thread when a worker's result could not be unpickled."""

    def __init__(self, wrapper):
        self.wrapper = wrapper


# How often the iterator, while it waits for a result, checks that the workers are alive;
# it bounds how long a worker's death goes unnoticed.
_LIVENESS_CHECK_INTERVAL = 0.05
# How long shutdown waits for the receiver thread (it normally exits at once).
_RECEIVER_JOIN_TIMEOUT = 1.0


def _describe_exit(exitcode):
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"after being killed by signal {name}"
    return f"with exit code {exitcode}"


class _MultiProcessingDataLoaderIter(_BaseDataLoaderIter):
    """One pass (or, with persistent workers, every pass) over the data with worker
    processes (torch's _MultiProcessingDataLoaderIter). See Note [DataLoader workers never
    hang] above and Note [Worker protocol] in _worker.py.

    Tasks are numbered in sampler order (``_send_idx``) and dealt round-robin to the active
    workers, at most ``prefetch_factor * num_workers`` outstanding; results are returned in
    task order (``_rcvd_idx``), results that arrive early wait in ``_task_info``.
    """

    def __init__(self, loader):
        super().__init__(loader)
        import multiprocessing

        from pyt.utils.data._worker import _worker_loop

        self._prefetch_factor = loader.prefetch_factor
        self._in_order = loader.in_order
        self._worker_init_fn = loader.worker_init_fn
        self._fatal_error = None
        ctx = loader.multiprocessing_context
        if ctx is None:
            ctx = multiprocessing.get_context()  # the platform's default start method
        self._pool = _WorkerPool(ctx)
        self._shutdown = False
        self._workers = self._pool.workers
        self._index_queues = self._pool.index_queues
        self._worker_result_queue = self._pool.result_queue
        self._data_queue = self._pool.received  # see Note [The result receiver thread]
        self._workers_done_event = self._pool.done_event
        try:
            for i in range(self._num_workers):
                index_queue = ctx.Queue()
                # Tasks are small; never let an unread task hold up the main process's exit.
                index_queue.cancel_join_thread()
                w = ctx.Process(
                    target=_worker_loop,
                    args=(
                        self._dataset_kind,
                        self._dataset,
                        index_queue,
                        self._worker_result_queue,
                        self._workers_done_event,
                        self._auto_collation,
                        self._collate_fn,
                        self._drop_last,
                        self._base_seed,
                        self._worker_init_fn,
                        i,
                        self._num_workers,
                        self._persistent_workers,
                    ),
                    name=f"pyt_data_worker_{i}",
                )
                # Daemonic: multiprocessing terminates it at exit should our shutdown not run.
                w.daemon = True
                self._index_queues.append(index_queue)
                w.start()
                self._workers.append(w)
            self._pool.start_receiver()
        except BaseException:
            self._shutdown_workers()
            raise
        self._reset(loader, first_iter=True)

    def _reset(self, loader, first_iter=False):
        super()._reset(loader, first_iter)
        self._send_idx = 0  # index of the next task to send
        self._rcvd_idx = 0  # index of the next task to return
        # task index -> (worker_id,) while outstanding, (worker_id, data) once arrived early
        self._task_info = {}
        self._tasks_outstanding = 0
        self._workers_status = [True] * self._num_workers
        self._workers_num_tasks = [0] * self._num_workers
        self._worker_queue_idx_cycle = itertools.cycle(range(self._num_workers))
        if not first_iter:
            # Persistent workers: start a new epoch. Results of an unfinished previous epoch
            # may still arrive; each worker's ack comes after all of its results.
            for q in self._index_queues:
                q.put(_ResumeIteration())
            remaining = self._num_workers
            while remaining > 0:
                return_idx, return_data = self._get_data()
                if isinstance(return_idx, _ResumeIteration):
                    assert return_data is None
                    remaining -= 1
        for _ in range(self._prefetch_factor * self._num_workers):
            self._try_put_index()

    def _dead_workers_message(self):
        """Mark dead active workers unavailable; the error message about them, or None."""
        failed = []
        for worker_id, w in enumerate(self._workers):
            if self._workers_status[worker_id] and not w.is_alive():
                failed.append(w)
                self._workers_status[worker_id] = False
        if not failed:
            return None
        msg = " ".join(
            f"DataLoader worker (pid {w.pid}) exited unexpectedly {_describe_exit(w.exitcode)}."
            for w in failed
        )
        return (
            msg + " Details are lost due to multiprocessing. Rerunning with num_workers=0 "
            "may give better error trace."
        )

    def _try_get_data(self, timeout=MP_STATUS_CHECK_INTERVAL):
        """``(True, item)`` from the workers within ``timeout`` seconds, else
        ``(False, None)``; raises RuntimeError soon after an active worker dies."""
        deadline = time.monotonic() + timeout
        while True:
            wait = min(max(deadline - time.monotonic(), 0.0), _LIVENESS_CHECK_INTERVAL)
            try:
                item = self._data_queue.get(timeout=wait)
            except queue.Empty:
                pass
            else:
                if isinstance(item, _ReceiveFailure):
                    self._fail(
                        "DataLoader: a worker's result could not be unpickled in the main "
                        "process; the batch is lost.\n" + item.wrapper.exc_msg
                    )
                return True, item
            # Nothing arrived. A dead worker's results will never come: fail now.
            msg = self._dead_workers_message()
            if msg is not None:
                self._fail(msg)
            if time.monotonic() >= deadline:
                return False, None

    def _fail(self, msg):
        """The iterator cannot go on: stop the workers and raise (now and on next())."""
        self._fatal_error = msg
        self._shutdown_workers()
        raise RuntimeError(msg)

    def _get_data(self):
        if self._timeout > 0:
            success, data = self._try_get_data(self._timeout)
            if success:
                return data
            raise RuntimeError(f"DataLoader timed out after {self._timeout} seconds")
        while True:
            success, data = self._try_get_data()
            if success:
                return data

    def _next_data(self):
        if self._fatal_error is not None:
            raise RuntimeError(self._fatal_error)
        while True:
            # Skip tasks that will never be answered: those of workers whose iterable ran out.
            while self._rcvd_idx < self._send_idx:
                info = self._task_info.get(self._rcvd_idx, None)
                if info:
                    worker_id = info[0]
                    if len(info) == 2 or self._workers_status[worker_id]:
                        break  # has data, or its worker is still active
                    del self._task_info[self._rcvd_idx]
                self._rcvd_idx += 1
            else:
                if not self._persistent_workers:
                    self._shutdown_workers()
                raise StopIteration

            if len(self._task_info[self._rcvd_idx]) == 2:  # it arrived earlier
                worker_id, data = self._task_info.pop(self._rcvd_idx)
                self._rcvd_idx += 1
                return self._process_data(data, worker_id)

            assert not self._shutdown and self._tasks_outstanding > 0
            idx, data = self._get_data()
            self._tasks_outstanding -= 1
            if self._dataset_kind == "iterable" and isinstance(
                data, _IterableDatasetStopIteration
            ):
                if self._persistent_workers:
                    self._workers_status[data.worker_id] = False
                else:
                    self._mark_worker_as_unavailable(data.worker_id)
                self._try_put_index()
                continue

            if idx != self._rcvd_idx:
                if not self._in_order:
                    worker_id = self._task_info.pop(idx)[0]
                    return self._process_data(data, worker_id)
                self._task_info[idx] += (data,)  # keep it until its turn
            else:
                worker_id = self._task_info.pop(idx)[0]
                self._rcvd_idx += 1
                return self._process_data(data, worker_id)

    def _try_put_index(self):
        max_tasks = self._prefetch_factor * self._num_workers
        assert self._tasks_outstanding < max_tasks
        try:
            index = self._next_index()
        except StopIteration:
            return
        for _ in range(self._num_workers):  # the next active worker, if any
            worker_queue_idx = next(self._worker_queue_idx_cycle)
            if self._workers_status[worker_queue_idx]:
                if self._in_order:
                    break
                if self._workers_num_tasks[worker_queue_idx] < max_tasks // sum(
                    self._workers_status
                ):
                    break
        else:
            return  # no active worker left
        self._index_queues[worker_queue_idx].put((self._send_idx, index))
        self._task_info[self._send_idx] = (worker_queue_idx,)
        self._workers_num_tasks[worker_queue_idx] += 1
        self._tasks_outstanding += 1
        self._send_idx += 1

    def _process_data(self, data, worker_id):
        self._workers_num_tasks[worker_id] -= 1
        self._try_put_index()
        if isinstance(data, ExceptionWrapper):
            data.reraise()
        return data

    def _mark_worker_as_unavailable(self, worker_id):
        # Tell the worker to exit (None) and send it no more tasks.
        self._index_queues[worker_id].put(None)
        self._workers_status[worker_id] = False

    def _shutdown_workers(self):
        """Stop the workers (see _WorkerPool.shutdown); idempotent."""
        if getattr(self, "_shutdown", True):
            return
        self._shutdown = True
        self._pool.shutdown()

    def __del__(self):
        try:
            self._shutdown_workers()
        except Exception:
            pass  # interpreter teardown: modules may be gone; daemonic workers die anyway


class DataLoader:
    """Iterate over a dataset in (optionally shuffled) mini-batches, in the main process or
    in worker processes.

    Combines a dataset with a sampler (sequential, or random with ``shuffle=True``), a
    ``BatchSampler`` and a collate function (``default_collate``: stacks tensors, turns
    numbers into tensors). ``len(loader)`` is the number of batches.

    With ``num_workers > 0`` each batch is built (fetched and collated) in one of
    ``num_workers`` worker processes (the platform's default start method, fork on Linux,
    unless ``multiprocessing_context`` says otherwise) and pickled back to the main process;
    batches come back in sampler order, so they are the same as with ``num_workers=0``.
    Each iterator draws a ``base_seed`` from ``generator`` (or pyt's global generator);
    worker ``i`` seeds ``random`` and pyt's global generator with ``base_seed + i``
    (``get_worker_info().seed``) and numpy with a state derived from it, and computes on one
    thread. An IterableDataset is replicated in every worker: shard it with
    ``get_worker_info()``. An exception in a worker is re-raised in the main process with the
    worker's traceback in its message; a worker that dies raises ``RuntimeError`` at once.

    Args:
        dataset (Dataset or IterableDataset): where samples come from.
        batch_size (int or None): samples per batch; ``None`` disables automatic batching
            (samples are only passed through ``default_convert``). Default 1.
        shuffle (bool): reshuffle every epoch (``RandomSampler``). Default ``False``.
        sampler (Sampler or Iterable, optional): index order; excludes ``shuffle``.
        batch_sampler (Sampler or Iterable, optional): yields lists of indices; excludes
            ``batch_size``, ``shuffle``, ``sampler`` and ``drop_last``.
        num_workers (int): worker processes; 0 loads in the main process. Default 0.
        collate_fn (callable, optional): merges a list of samples into a batch.
        pin_memory (bool): accepted; warns and does nothing (pyt is CPU-only, as torch
            without an accelerator).
        drop_last (bool): drop the last incomplete batch. Default ``False``.
        timeout (float): with workers, the most seconds to wait for one batch (0: no limit;
            a dead worker is reported at once either way). Default 0.
        worker_init_fn (callable, optional): called as ``worker_init_fn(worker_id)`` in each
            worker after seeding, before any data is loaded.
        multiprocessing_context (str or multiprocessing context, optional): start method
            (``"fork"``, ``"spawn"``, ``"forkserver"``) or context of the workers.
        generator (pyt.Generator, optional): randomness for ``shuffle`` and ``base_seed``.
        prefetch_factor (int, optional): batches loaded in advance per worker; default 2
            with workers; only valid with workers.
        persistent_workers (bool): keep the workers (and their dataset copies) alive between
            epochs. Only valid with workers. Default ``False``.
        pin_memory_device (str): accepted and ignored.
        in_order (bool): with workers, return batches in sampler order (``True``) or as soon
            as they are ready (``False``). Default ``True``.

    Returns:
        DataLoader: iterable over batches.

    Raises:
        ValueError: incompatible options (torch's messages), negative ``num_workers``,
            ``timeout`` or ``prefetch_factor``, an unknown start method.
        TypeError: ``multiprocessing_context`` neither a start method nor a context.
        RuntimeError: while iterating with workers: a worker died ("exited unexpectedly"), or
            ``timeout`` passed ("timed out"); an exception in a worker is re-raised as its
            own type (RuntimeError if it cannot be rebuilt) with the worker's traceback.

    Source: ``torch.utils.data.DataLoader``.

    Example::

        >>> ds = pyt.utils.data.TensorDataset(pyt.randn(10, 3), pyt.arange(10))
        >>> xb, yb = next(iter(pyt.utils.data.DataLoader(ds, batch_size=4, shuffle=True,
        ...                                              num_workers=2)))
        >>> xb.shape
        pyt.Size([4, 3])
    """

    __initialized = False
    _IterableDataset_len_called = None
    _iterator = None

    def __init__(
        self,
        dataset,
        batch_size=1,
        shuffle=None,
        sampler=None,
        batch_sampler=None,
        num_workers=0,
        collate_fn=None,
        pin_memory=False,
        drop_last=False,
        timeout=0,
        worker_init_fn=None,
        multiprocessing_context=None,
        generator=None,
        *,
        prefetch_factor=None,
        persistent_workers=False,
        pin_memory_device="",
        in_order=True,
    ):
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; "
                "use num_workers=0 to disable multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing."
                "let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor "
                "to None."
            )
        elif num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        if isinstance(dataset, IterableDataset):
            self._dataset_kind = "iterable"
            if shuffle not in {False, None}:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle option, "
                    f"but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler option, "
                    f"but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified "
                    f"batch_sampler option, but got batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)
            self._dataset_kind = "map"

        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")

        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive "
                    "with batch_size, shuffle, sampler, and "
                    "drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None:
            if drop_last:
                raise ValueError(
                    "batch_size=None option disables auto-batching "
                    "and is mutually exclusive with drop_last"
                )

        if sampler is None:
            if self._dataset_kind == "iterable":
                # Each index of a batch is a `None` that asks for the next element.
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)

        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator

        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self.__initialized = True

    @property
    def multiprocessing_context(self):
        return self.__multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, multiprocessing_context):
        if multiprocessing_context is not None:
            if self.num_workers > 0:
                import multiprocessing
                import multiprocessing.context

                if isinstance(multiprocessing_context, str):
                    valid_start_methods = multiprocessing.get_all_start_methods()
                    if multiprocessing_context not in valid_start_methods:
                        raise ValueError(
                            "multiprocessing_context option should specify a valid start "
                            f"method in {valid_start_methods!r}, but got "
                            f"multiprocessing_context={multiprocessing_context!r}"
                        )
                    multiprocessing_context = multiprocessing.get_context(
                        multiprocessing_context
                    )
                if not isinstance(multiprocessing_context, multiprocessing.context.BaseContext):
                    raise TypeError(
                        "multiprocessing_context option should be a valid context object or a "
                        "string specifying the start method, but got "
                        f"multiprocessing_context={multiprocessing_context}"
                    )
            else:
                raise ValueError(
                    "multiprocessing_context can only be used with "
                    "multi-process loading (num_workers > 0), but got "
                    f"num_workers={self.num_workers}"
                )
        self.__multiprocessing_context = multiprocessing_context

    def __setattr__(self, attr, val):
        if self.__initialized and attr in (
            "batch_size",
            "batch_sampler",
            "sampler",
            "drop_last",
            "dataset",
            "persistent_workers",
        ):
            raise ValueError(
                f"{attr} attribute should not be set after {self.__class__.__name__} is "
                "initialized"
            )
        super().__setattr__(attr, val)

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def _get_iterator(self):
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        self.check_worker_number_rationality()
        return _MultiProcessingDataLoaderIter(self)

    def __iter__(self):
        # Persistent workers live in one iterator for the loader's lifetime; each new pass
        # resets it. A pass that lost a worker shut its workers down: start fresh ones.
        if self.persistent_workers and self.num_workers > 0:
            if self._iterator is None or self._iterator._shutdown:
                self._iterator = self._get_iterator()
            else:
                self._iterator._reset(self)
            return self._iterator
        return self._get_iterator()

    def __len__(self):
        if self._dataset_kind == "iterable":
            length = self._IterableDataset_len_called = len(self.dataset)
            if self.batch_size is not None:
                if self.drop_last:
                    length = length // self.batch_size
                else:
                    length = -(-length // self.batch_size)
            return length
        return len(self._index_sampler)

    def check_worker_number_rationality(self):
        """Warn when ``num_workers`` exceeds the CPUs this process may use (torch's check)."""
        if not self.num_workers:
            return
        cpuset_checked = hasattr(os, "sched_getaffinity")
        try:
            max_workers = len(os.sched_getaffinity(0)) if cpuset_checked else os.cpu_count()
        except OSError:
            max_workers = os.cpu_count()
        if max_workers is None or self.num_workers > max_workers:
            if max_workers is not None:
                suggestion = (
                    f"Our suggested max number of worker in current system is {max_workers}"
                    f"{'' if cpuset_checked else ' (`cpuset` is not taken into account)'}, "
                    "which is smaller than what this DataLoader is going to create."
                )
            else:
                suggestion = (
                    "DataLoader is not able to compute a suggested max number of worker in "
                    "current system."
                )
            warnings.warn(
                f"This DataLoader will create {self.num_workers} worker processes in total. "
                f"{suggestion} Please be aware that excessive worker creation might get "
                "DataLoader running slow or even freeze, lower the worker number to avoid "
                "potential slowness/freeze if necessary.",
                stacklevel=4,  # the caller of iter(loader)
            )
