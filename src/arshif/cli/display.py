"""How text reaches a terminal: colour, bidi (visual order), highlight markers and the pager.

Rules (docs/cli.md):

* Machine formats (json, ndjson, csv, tsv) and anything written to a pipe or a file carry text
  in logical order, never reshaped, with highlights as plain markers (``[`` ``]``).
* Colour: ``--color auto`` (the default) colours a table on a terminal unless ``NO_COLOR`` is
  set (https://no-color.org) or ``TERM=dumb``; ``always`` colours tables even in a pipe (for
  ``less -R``); ``never`` does not colour. Without colour, highlights are ``[`` ``]``.
* Bidi: ``--bidi on`` (or ``ARSHIF_BIDI=1``) reshapes Arabic letters into their joined forms
  and reorders each cell into visual order (arabic-reshaper + python-bidi), for terminals that
  do not implement bidi themselves. Only tables on a terminal; logical order by default.
* Pager: output taller than the terminal goes through ``$ARSHIF_PAGER``, else ``$PAGER``,
  else ``less`` (with ``LESS=FRX`` unless set, as git does); never when stdout is not a
  terminal; ``--no-pager`` or a pager of ``cat`` or ``""`` turns it off.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START

F = TypeVar("F", bound=Callable[..., Any])

MACHINE_FORMATS = frozenset({"json", "ndjson", "csv", "tsv", "trec"})
#: Markers around matched words where no colour is used (json, csv, plain tables).
PLAIN_MARKERS = ("[", "]")
#: SGR sequences around matched words on a colour terminal (bold red, like grep).
COLOR_MARKERS = ("\x1b[1;31m", "\x1b[0m")
_TRUE = frozenset({"1", "on", "yes", "true"})


def stdout_is_terminal() -> bool:
    """True when stdout is a terminal (tests replace this function)."""
    return sys.stdout.isatty()


def stderr_is_terminal() -> bool:
    """True when stderr is a terminal (progress bars; tests replace this function)."""
    return sys.stderr.isatty()


def terminal_height() -> int:
    return shutil.get_terminal_size((80, 24)).lines


@dataclass(frozen=True)
class Display:
    """What the output of one command may use."""

    color: bool = False
    bidi: bool = False
    pager: bool = False

    @property
    def markers(self) -> tuple[str, str]:
        return COLOR_MARKERS if self.color else PLAIN_MARKERS


def resolve_display(
    fmt: str,
    color: str | None = None,
    bidi: str | None = None,
    no_pager: bool = False,
    env: Mapping[str, str] | None = None,
) -> Display:
    """The `Display` for output in `fmt`, from the options and the environment."""
    env = os.environ if env is None else env
    if fmt in MACHINE_FORMATS:
        return Display()
    terminal = stdout_is_terminal()
    choice = color or "auto"
    if choice == "always":
        use_color = True
    elif choice == "never":
        use_color = False
    else:
        use_color = terminal and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
    wants_bidi = bidi == "on" if bidi else env.get("ARSHIF_BIDI", "").lower() in _TRUE
    return Display(color=use_color, bidi=wants_bidi and terminal, pager=terminal and not no_pager)


def bidi_options(func: F) -> F:
    """``--bidi`` and ``--no-pager`` for every command that shows Arabic or Persian text."""
    func = click.option("--no-pager", is_flag=True, help="Do not page long output on a terminal.")(
        func
    )
    return click.option(
        "--bidi",
        type=click.Choice(["on", "off"]),
        default=None,
        help="on: reshape and reorder Arabic and Persian for terminals without bidi support "
        "(on a terminal only; default: $ARSHIF_BIDI, else off: logical order).",
    )(func)


def display_options(func: F) -> F:
    """``--color``, ``--bidi`` and ``--no-pager`` for the commands that colour their output."""
    func = bidi_options(func)
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour matches and changes (auto: on a terminal, unless NO_COLOR is set).",
    )(func)


# -- bidi ------------------------------------------------------------------------------------


def visual(text: str) -> str:
    """`text` reshaped (joined letter forms) and reordered into visual order, one line.

    Highlight markers are kept around the same letters (reordering may swap the pair, so
    `style` toggles on either marker).
    """
    if not any("\u0590" <= char <= "\u08ff" or char >= "\ufb1d" for char in text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def is_rtl(text: str) -> bool:
    """True when the first strong letter of `text` is Arabic-script or Hebrew."""
    for char in text:
        if "\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufefc":
            return True
        if char.isalpha():
            return False
    return False


# -- highlight -------------------------------------------------------------------------------


def style(text: str, markers: tuple[str, str]) -> str:
    """Replace highlight markers (in either order, see `visual`) by `markers`; close at end."""
    if HIGHLIGHT_START not in text and HIGHLIGHT_END not in text:
        return text
    out: list[str] = []
    inside = False
    for char in text:
        if char in (HIGHLIGHT_START, HIGHLIGHT_END):
            out.append(markers[1] if inside else markers[0])
            inside = not inside
        else:
            out.append(char)
    if inside:
        out.append(markers[1])
    return "".join(out)


# -- paging ----------------------------------------------------------------------------------


def pager_command(env: Mapping[str, str] | None = None) -> list[str] | None:
    """The pager to run (ARSHIF_PAGER, PAGER, less), or None: none wanted or none installed."""
    env = os.environ if env is None else env
    for name in ("ARSHIF_PAGER", "PAGER"):
        if name in env:
            value = env[name].strip()
            break
    else:
        value = "less"
    if not value or value == "cat":
        return None
    try:
        words = shlex.split(value)
    except ValueError:
        return None
    if not words or shutil.which(words[0]) is None:
        return None
    return words


def echo(text: str, display: Display) -> None:
    """Write `text` (and a newline) to stdout, through the pager when it is taller than the
    terminal; colour sequences are kept only when `display.color`."""
    if not text:
        return
    command = pager_command() if display.pager else None
    if command is None or text.count("\n") + 1 < terminal_height():
        click.echo(text, color=display.color)
        return
    import subprocess  # here: only a page taller than the terminal needs the pager

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        click.echo(text, color=display.color)
        return
    assert process.stdin is not None
    try:
        process.stdin.write((text + "\n").encode("utf-8"))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early
        pass
    process.wait()
