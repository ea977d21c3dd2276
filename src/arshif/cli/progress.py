"""Progress bars for long work (ingest, reindex, export): on stderr, on a terminal only.

``ingest  [########------------]  312/750 captures  41.3/s`` (without a known total: the count
and the rate). Nothing is drawn when stderr is not a terminal, so logs and pipes stay clean.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

from arshif.cli import display

T = TypeVar("T")
BAR = 20


class Progress:
    """A one-line progress report, redrawn at most every `interval` seconds."""

    def __init__(
        self,
        label: str,
        unit: str,
        total: int | None = None,
        *,
        enabled: bool | None = None,
        interval: float = 0.1,
    ) -> None:
        self.label, self.unit, self.total = label, unit, total
        self.enabled = display.stderr_is_terminal() if enabled is None else enabled
        self.interval = interval
        self.count = 0
        self._start = time.monotonic()
        self._drawn = 0.0
        self._shown = False

    def line(self) -> str:
        """The current line: label, bar (with a total), count, rate."""
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = f"{self.count / elapsed:.1f}/s"
        if self.total:
            done = min(BAR, BAR * self.count // self.total)
            bar = "[" + "#" * done + "-" * (BAR - done) + "]"
            return f"{self.label}  {bar}  {self.count}/{self.total} {self.unit}  {rate}"
        return f"{self.label}  {self.count} {self.unit}  {rate}"

    def advance(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if now - self._drawn >= self.interval or self.count == self.total:
            self._draw(now)

    def _draw(self, now: float) -> None:
        if self.enabled:
            self._drawn = now
            self._shown = True
            click.echo("\r\x1b[K" + self.line(), nl=False, err=True)

    def phase(self, label: str, total: int | None = None) -> None:
        """Start counting again under another label (e.g. reading, then writing); the last
        state of the phase before is drawn first."""
        if self.count:
            self._draw(time.monotonic())
        self.label, self.total, self.count = label, total, 0
        self._start = time.monotonic()

    def clear(self) -> None:
        """Clear the line before printing something else (it is redrawn on the next advance)."""
        if self._shown:
            click.echo("\r\x1b[K", nl=False, err=True)
            self._drawn = 0.0

    def iterate(self, items: Iterable[T]) -> Iterator[T]:
        """`items`, advancing once per item."""
        for item in items:
            yield item
            self.advance()

    def close(self) -> None:
        """Clear the line (the command prints its own summary)."""
        self.clear()
        self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
