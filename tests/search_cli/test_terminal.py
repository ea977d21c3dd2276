"""What a terminal shows: colour and NO_COLOR, bidi on/off byte for byte, the pager, KWIC
alignment; and that none of it reaches a pipe or a machine format."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from arshif.cli import display
from arshif.cli.output import display_width

from .helpers import cli

RLM = "\u200f"
BOLD_RED, RESET = "\x1b[1;31m", "\x1b[0m"
#: ایرنا reshaped and reordered: alef final, noon initial, reh final, farsi yeh initial, alef.
IRNA_VISUAL = "\ufe8e\ufee7\ufeae\ufbfe\ufe8d"
#: الخفاجي reshaped and reordered.
KHAFAJI_VISUAL = "\ufef2\ufe9f\ufe8e\ufed4\ufea8\ufedf\ufe8d"
PRESENTATION_FORMS = range(0xFB50, 0xFF00)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout (and stderr) are a terminal, 24 lines high, without a pager."""
    monkeypatch.setattr(display, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(display, "stderr_is_terminal", lambda: True)
    monkeypatch.setenv("ARSHIF_PAGER", "")
    for name in ("NO_COLOR", "ARSHIF_BIDI", "TERM"):
        monkeypatch.delenv(name, raising=False)


def shaped(text: str) -> bool:
    return any(ord(c) in PRESENTATION_FORMS for c in text)


def test_the_default_format_on_a_terminal_is_a_coloured_table(
    seeds_root: Path, terminal: None
) -> None:
    result = cli(seeds_root, "search", "الخفاجي")
    assert result.stdout.startswith("RANK  ID")
    assert f"{BOLD_RED}الخفاجي{RESET}" in result.stdout
    assert "[الخفاجي]" not in result.stdout
    assert not shaped(result.stdout)  # logical order by default


@pytest.mark.parametrize(
    ("args", "env"),
    [([], {"NO_COLOR": "1"}), (["--color", "never"], {}), ([], {"TERM": "dumb"})],
)
def test_no_color_and_color_never(
    seeds_root: Path, terminal: None, args: list[str], env: dict[str, str]
) -> None:
    result = cli(seeds_root, "search", "الخفاجي", *args, env=env)
    assert "\x1b" not in result.stdout
    assert "[الخفاجي]" in result.stdout


def test_color_always_colours_a_table_in_a_pipe_but_never_json(seeds_root: Path) -> None:
    piped = cli(seeds_root, "search", "الخفاجي", "--format", "table", "--color", "always")
    assert f"{BOLD_RED}الخفاجي{RESET}" in piped.stdout
    as_json = cli(seeds_root, "search", "الخفاجي", "--format", "json", "--color", "always")
    assert "\x1b" not in as_json.stdout
    assert "[الخفاجي]" in as_json.stdout
    plain = cli(seeds_root, "search", "الخفاجي", "--format", "table")
    assert "\x1b" not in plain.stdout


def test_bidi_on_reshapes_and_reorders_table_cells(
    seeds_root: Path, terminal: None, ids: dict[str, str]
) -> None:
    query = ["search", "outlet:ایرنا", "--color", "never"]
    off = cli(seeds_root, *query).stdout
    row_off = next(line for line in off.splitlines() if ids["000"] in line)
    assert "  ایرنا  " in row_off
    assert not shaped(off)
    for on in (
        cli(seeds_root, *query, "--bidi", "on"),
        cli(seeds_root, *query, env={"ARSHIF_BIDI": "1"}),
    ):
        row = next(line for line in on.stdout.splitlines() if ids["000"] in line)
        assert f"  {IRNA_VISUAL}  " in row
        assert "ایرنا" not in row
        header = on.stdout.splitlines()[0]
        # columns stay aligned by display width: OUTLET starts where the outlet cell ends - 5
        start = header.index("OUTLET")
        cell = row.index(IRNA_VISUAL)
        assert display_width(row[:cell]) + 5 == display_width(header[:start]) + len("OUTLET")
    # --bidi off beats ARSHIF_BIDI
    assert not shaped(cli(seeds_root, *query, "--bidi", "off", env={"ARSHIF_BIDI": "1"}).stdout)


def test_bidi_keeps_the_highlight_on_the_same_letters(seeds_root: Path, terminal: None) -> None:
    result = cli(seeds_root, "search", "الخفاجي", "--bidi", "on", "--color", "always")
    assert f"{BOLD_RED}{KHAFAJI_VISUAL}{RESET}" in result.stdout


def test_bidi_never_in_machine_formats_or_a_pipe(seeds_root: Path, terminal: None) -> None:
    for fmt in ("json", "ndjson", "csv", "tsv"):
        out = cli(seeds_root, "search", "الخفاجي", "--format", fmt, "--bidi", "on").stdout
        assert not shaped(out), fmt
        # (the name as the top hit spells it: Arabic ي or Persian ی, as each engine ranks)
        text = json.loads(out)["hits"][0]["snippet"] if fmt == "json" else out
        assert "الخفاج" in text


def test_bidi_in_a_pipe_is_logical(seeds_root: Path) -> None:
    out = cli(seeds_root, "search", "الخفاجي", "--format", "table", "--bidi", "on").stdout
    assert not shaped(out)


def test_kwic_lines_byte_for_byte(seeds_root: Path, terminal: None, ids: dict[str, str]) -> None:
    """Logical order: RLM-led right-to-left lines; --bidi on: visual cells, after | key | before."""
    logical = cli(seeds_root, "kwic", "ایرنا", "--width", "8", "--color", "never").stdout
    assert logical == f"{RLM}به گزارش  [ایرنا]  ، ژنرال   {RLM}{ids['000']}\n"
    visual = cli(seeds_root, "kwic", "ایرنا", "-w", "8", "--color", "never", "--bidi", "on").stdout
    after = "\ufedd\ufe8d\ufeae\ufee7\ufb8a \u060c"  # "، ژنرال" reshaped, reversed
    before = "\ufeb5\ufead\ufe8d\ufeb0\ufb94 \ufeea\ufe91"  # "به گزارش" reshaped, reversed
    assert visual == f"{ids['000']}   {after}  [{IRNA_VISUAL}]  {before}\n"


def test_kwic_aligns_keywords_in_one_column(seeds_root: Path) -> None:
    out = cli(seeds_root, "kwic", "الخفاجي", "--width", "20", "--format", "table").stdout
    lines = out.splitlines()
    assert len(lines) >= 6
    starts = {display_width(line[: line.index("[")]) for line in lines}
    assert len(starts) == 1  # every keyword starts at the same cell


def test_pager_on_a_terminal_only(
    seeds_root: Path, terminal: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("ARSHIF_PAGER", f"sh -c 'cat > {paged}'")
    monkeypatch.setattr(display, "terminal_height", lambda: 4)
    result = cli(seeds_root, "search", "انسحاب", "--color", "never")
    assert result.stdout == ""
    assert paged.read_text("utf-8").startswith("RANK  ID")
    paged.unlink()
    assert cli(seeds_root, "search", "انسحاب", "--no-pager").stdout.startswith("RANK")
    assert not paged.exists()
    short = cli(seeds_root, "search", "outlet:kayhan.ir")  # fits on the screen
    assert short.stdout.startswith("RANK")
    assert not paged.exists()
    monkeypatch.setattr(display, "stdout_is_terminal", lambda: False)
    assert cli(seeds_root, "search", "انسحاب", "--format", "table").stdout.startswith("RANK")
    assert not paged.exists()


def test_pager_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    assert display.pager_command({"ARSHIF_PAGER": "less -R", "PAGER": "more"}) == ["less", "-R"]
    assert display.pager_command({"PAGER": "cat"}) is None
    assert display.pager_command({"ARSHIF_PAGER": "", "PAGER": "less"}) is None
    assert display.pager_command({"PAGER": "no-such-pager-xyz"}) is None


def test_through_a_real_terminal(seeds_root: Path) -> None:
    """A real pseudo-terminal: table by default, bidi on reshapes; a pipe gets ndjson."""
    env = {**os.environ, "ARSHIF_PAGER": "", "COLUMNS": "200", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "arshif", "--root", str(seeds_root), "search", "outlet:ایرنا"]
    primary, secondary = pty.openpty()
    try:
        process = subprocess.run(
            [*command, "--bidi", "on"],
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(primary)
    assert process.returncode == 0, process.stderr
    shown = b"".join(chunks).decode("utf-8")
    assert shown.startswith("RANK")
    assert IRNA_VISUAL in shown
    piped = subprocess.run([*command, "--bidi", "on"], capture_output=True, env=env, timeout=60)
    row = json.loads(piped.stdout)
    assert row["outlet"] == "ایرنا"
