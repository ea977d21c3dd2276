"""How many processes index side by side, and the records each one takes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

#: Processes that index side by side: one a core, four at most.
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
PROCESSES = max(1, min(4, _CPUS or 1))
#: Fewer records than twice this are indexed by one process (a fork is not worth it).
SHARD_FROM = 200


def shards(items: Sequence[Any], most: int = 0) -> list[Sequence[Any]]:
    """`items` cut into `PROCESSES` (or `most`) contiguous parts of at least `SHARD_FROM`."""
    count = max(1, min(most or PROCESSES, len(items) // SHARD_FROM))
    return [items[i * len(items) // count : (i + 1) * len(items) // count] for i in range(count)]


__all__ = ["PROCESSES", "SHARD_FROM", "shards"]
