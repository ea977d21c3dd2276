"""`arshif.processes`: the allocator settings a long index build makes (glibc only)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="glibc's allocator settings: glibc only"
)

#: Frees a 4 MB block, allocates another, touches it and frees it: with glibc's dynamic
#: threshold the second block comes from the heap (the first one's free raised the threshold)
#: and stays resident after its free; with `bound_allocator` every such block is mapped on its
#: own and given back. Prints the resident growth that stayed (kB).
SCRIPT = textwrap.dedent(
    """
    import ctypes, sys
    from arshif.processes import bound_allocator

    if sys.argv[1] == "bound":
        bound_allocator()
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]

    def resident():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

    size = 4 * 2**20
    libc.free(libc.malloc(size))
    before = resident()
    block = libc.malloc(size)
    ctypes.memset(block, 1, size)
    libc.free(block)
    print(resident() - before)
    """
)


def _kept(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GLIBC_TUNABLES", "MALLOC_"))}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True, env=env
    )
    return int(done.stdout.strip())


def test_a_bounded_allocator_gives_large_freed_blocks_back() -> None:
    assert _kept("default") >= 3000  # glibc's own behaviour: the block stayed
    assert _kept("bound") < 1000
