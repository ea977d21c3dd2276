"""Worker processes: the pool arshif spreads work over, and what each worker does first."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

#: Worker processes of a pool (`worker_pool`): preparing the captures of a large ingest,
#: reading the records of a large reindex.
WORKERS = max(
    1,
    min(
        4,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    ),
)


def worker_pool(
    initializer: Callable[..., None] | None = None, *args: object
) -> ProcessPoolExecutor:
    """A pool of `WORKERS` processes (forked where the system can), each of which dies with
    this one (`die_with_parent`) and then runs `initializer(*args)`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        WORKERS,
        mp_context=context,
        initializer=functools.partial(_worker_init, os.getpid(), initializer, *args),
    )


def is_done(job: object) -> bool:
    """Whether `job` is ready: a value, or a `Future` that is done."""
    from concurrent.futures import Future

    return not isinstance(job, Future) or job.done()


def _worker_init(
    parent: int, initializer: Callable[..., None] | None = None, *args: object
) -> None:
    """In a worker: leave Ctrl-C to the parent, and die with it (Linux) rather than linger."""
    die_with_parent(parent)
    if initializer is not None:
        initializer(*args)


def die_with_parent(parent: int) -> None:
    """In a worker forked by process `parent`: leave Ctrl-C to the parent, and die with it
    (Linux) rather than linger.

    A lingering worker would keep the archive's lock, whose file descriptor it inherited. The
    parent may already be gone when the worker gets here (killed right after the fork): then
    no death signal would ever come, and the worker exits at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def release_free_memory() -> None:
    """Give memory this process has freed back to the system (glibc's ``malloc_trim``).

    After a large ingest has passed hundreds of megabytes of captures through this process,
    most of it is free but still mapped; a child forked now would inherit that too, and the
    system would count it for both. A no-op where there is no glibc.
    """
    import gc

    gc.collect()
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
