"""Worker processes: what each one does first."""

from __future__ import annotations

import contextlib
import os
import signal
import sys


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
