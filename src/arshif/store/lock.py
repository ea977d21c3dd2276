"""The exclusive writer lock: ``fcntl.flock`` on a lock file in the work directory.

One writer at a time, across processes. The lock belongs to one open file description, so it is
held by one `WriterLock` object (two `StorageRoot` objects in one process exclude each other
too), it is reentrant within that object, and the kernel releases it when the process dies, so
a crashed writer never leaves a stale lock behind. Readers never take it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from arshif.errors import LockTimeout

#: Seconds between two attempts while another writer holds the lock.
POLL_INTERVAL = 0.05


class WriterLock:
    """A reentrant, process-exclusive lock on `path` (created if missing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._pid: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        """True if this object holds the lock in this process (not in a forked child)."""
        return self._fd is not None and self._pid == os.getpid()

    def acquire(self, timeout: float, on_wait: Callable[[], None] | None = None) -> bool:
        """Take the lock, waiting up to `timeout` seconds; True if it was not already held.

        Args:
            timeout: seconds to wait for another writer; 0 tries once.
            on_wait: called once, before the first wait, e.g. to print a message.

        Raises:
            LockTimeout: another writer still held the lock after `timeout` seconds.
        """
        if self.held:
            self._depth += 1
            return False
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(timeout, 0.0)
        waited = False
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(
                            f"another arshif writer still holds {self.path} after {timeout:g} s; "
                            "try again later or wait longer"
                        ) from None
                    if not waited and on_wait is not None:
                        on_wait()
                    waited = True
                    time.sleep(min(POLL_INTERVAL, max(deadline - time.monotonic(), 0.0)))
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._pid, self._depth = fd, os.getpid(), 1
        return True

    def release(self) -> None:
        """Release one level of the lock; the last release unlocks and closes the file."""
        if not self.held:
            return
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd, self._pid = self._fd, None, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
