"""README starts with the two commands a new user needs, and CI runs the test one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _first_commands() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_opens_with_install_and_search_then_tests() -> None:
    main, tests = _first_commands()
    assert "pip install" in main
    assert "arshif search" in main
    assert "pip install" in tests
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, tests = _first_commands()
    assert tests in (REPO / ".ci" / "run").read_text("utf-8")
