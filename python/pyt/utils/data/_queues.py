"""The result queue of DataLoader workers (imported only when workers start)."""

import multiprocessing.queues

from pyt.utils.data._worker import ExceptionWrapper


class _ResultQueue(multiprocessing.queues.Queue):
    """A multiprocessing Queue whose items that fail to pickle become an error reply.

    ``Queue.put`` pickles in a background feeder thread; a batch that cannot be pickled (a
    lambda in a sample, an open file...) would otherwise be printed and dropped there, and
    the main process would wait forever for it. Here the worker replies to that task with
    an ``ExceptionWrapper`` of the pickling error instead, which the main process re-raises
    (concurrent.futures.process does the same with its _SafeQueue).
    """

    def __init__(self, *, ctx):
        super().__init__(ctx=ctx)

    def _on_queue_feeder_error(self, e, obj):
        if isinstance(obj, tuple) and len(obj) == 2 and not isinstance(obj[1], ExceptionWrapper):
            from pyt.utils.data._worker import get_worker_info

            info = get_worker_info()
            where = "in DataLoader worker process {} while sending its result to the main " \
                "process (the batch could not be pickled)".format(
                    "?" if info is None else info.id)
            self.put((obj[0], ExceptionWrapper((type(e), e, e.__traceback__), where=where)))
        else:
            super()._on_queue_feeder_error(e, obj)
