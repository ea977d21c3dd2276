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


#: glibc's `mallopt` parameters (``<malloc.h>``).
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8


def bound_allocator(arenas: int = 2, mmap_threshold: int = 2**20) -> None:
    """Keep the memory a long index build frees from staying with this process (glibc's
    ``mallopt``; a no-op where there is no glibc).

    tantivy's writer (Rust, on glibc's ``malloc``) fills a heap of 1 MB pages in its indexing
    thread, frees it when it writes a segment, and a build takes a new writer, with new
    threads, at each commit. glibc gives threads arenas of their own (up to eight a core), and
    once a large block mapped on its own is freed it raises its mapping threshold to that
    block's size, so later heaps are carved from the arenas, whose freed pages stay with the
    process. At most `arenas` arenas, and blocks of `mmap_threshold` bytes or more always
    mapped on their own (unmapped when freed): at 200,000 generated articles the build
    process's anonymous memory after a commit went from 327 to 151 MB, with
    `release_free_memory` after each commit (docs/performance.md, "Scale").

    Process-wide, and for the rest of the process's life: the tantivy engine calls it where
    it indexes many records (a build, and a large ingest's records from worker processes:
    `arshif.search.tantivy.index`), in the process that writes the index.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_ARENA_MAX, arenas)
        libc.mallopt(_M_MMAP_THRESHOLD, mmap_threshold)
