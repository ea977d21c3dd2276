"""Helpers of the reliability suite: the real CLI as a subprocess, generated articles, snapshots.

Every command runs as ``python -m arshif`` in its own process with a timeout (no test can hang),
and every check of a subprocess's output goes through `assert_clean`: no traceback, no internal
error (exit 70), at most one ``arshif: error:`` line.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import SEEDS

#: A generous bound for one CLI invocation: every command must finish or fail within it.
TIMEOUT = 60.0
USER = "Reliability Test <reliability@example.org>"
INTERNAL_ERROR = 70


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: unbuffered, a fixed user, no git look-up; the
    test's engine of new archives ($ARSHIF_ENGINE, `engine_env`) kept."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ARSHIF_", "PYTEST_")) or k == "ARSHIF_ENGINE"
    }
    env.update({"PYTHONUNBUFFERED": "1", "ARSHIF_USER": USER, "COLUMNS": "200"})
    env.update(extra)
    return env


def command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "arshif", "--root", str(root), *args]


def run(
    root: Path,
    *args: str,
    timeout: float = TIMEOUT,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the CLI to completion (bounded by `timeout`) and return its result."""
    result = subprocess.run(
        command(root, *args),
        input=input,
        capture_output=True,
        timeout=timeout,
        env=env or cli_env(),
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def cli(root: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in this process (click's runner): fast, for commands that cannot hang.

    Same result shape as `run`; an unforeseen exception becomes exit 70 as in a real run.
    """
    from click.testing import CliRunner

    from arshif.cli import cli as arshif_cli

    result = CliRunner().invoke(
        arshif_cli,
        ["--root", str(root), *args],
        input=input,
        env={"ARSHIF_USER": USER, "COLUMNS": "200"},
        catch_exceptions=True,
    )
    code = result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        code = INTERNAL_ERROR
    return subprocess.CompletedProcess(
        ["python", "-m", "arshif", "--root", str(root), *args],
        code,
        result.stdout,
        result.stderr + (repr(result.exception) if code == INTERNAL_ERROR else ""),
    )


def assert_clean(result: subprocess.CompletedProcess[str], *codes: int) -> None:
    """The exit code is one of `codes`; never a traceback, an internal error or two error lines."""
    where = f"{' '.join(map(str, result.args[3:]))!r}: rc={result.returncode}\n{result.stderr}"
    assert "Traceback" not in result.stderr, where
    assert "internal error" not in result.stderr, where
    assert result.returncode != INTERNAL_ERROR, where
    assert result.stderr.count("arshif: error:") <= 1, where
    if codes:
        assert result.returncode in codes, where


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single ``arshif: error: …`` line of a refused command (asserts there is exactly one)."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("arshif: error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return lines[0]


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` (relative path → sha256), and every directory (→ "dir")."""
    listing: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            listing[relative] = "link:" + os.readlink(path)
        elif path.is_dir():
            listing[relative] = "dir"
        else:
            listing[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return listing


def short_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def vocabulary() -> list[str]:
    """Arabic and Persian words of the seed articles (the suite needs no external corpus)."""
    words = {
        w.strip("«»،.:؛()\"'")
        for p in sorted(SEEDS.glob("*.txt"))
        for w in p.read_text("utf-8").split()
    }
    return sorted(w for w in words if len(w) > 2 and any("\u0600" <= c <= "\u06ff" for c in w))


def articles(count: int, seed: int) -> list[str]:
    """`count` distinct small articles: random sentences of seed words, deterministic by `seed`.

    Random word order keeps them far from near-duplicates of each other.
    """
    rng = random.Random(seed)
    words = vocabulary()
    out = []
    for number in range(count):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentences.append(" ".join(rng.choice(words) for _ in range(rng.randint(8, 16))) + ".")
        out.append("\n".join(sentences) + f"\nرقم {number} {rng.getrandbits(32):x}\n")
    return out


def init_root(root: Path, engine: str | None = None) -> None:
    """An empty archive at `root` (with `engine`; None: $ARSHIF_ENGINE, else whoosh)."""
    result = run(root, "init", *(["--engine", engine] if engine else []))
    assert result.returncode == 0, result.stderr
