"""The import contracts (pyproject.toml, [tool.importlinter]) catch what they are written for.

`lint-imports` runs the contracts on the real tree in .ci/run. Here each contract is shown to
catch one planted violation: src/ is copied to a temporary folder, one small module breaking
one rule is added to the copy, and lint-imports (a subprocess, on the copy) must report that
module as breaking that contract. Relative imports and imports inside functions are planted
on purpose: the old hand-written check here skipped them.

Nothing else is checked here: every rule lives in the contracts, none in this file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

#: case: (contract id, {path under src/arshif: planted text}, what lint-imports must report)
PLANTED: dict[str, tuple[str, dict[str, str], str | tuple[str, ...]]] = {
    "sibling-components": (
        "layers",
        {"store/planted.py": "from ..search import SearchIndex\n"},
        "arshif.store.planted -> arshif.search",
    ),
    "lower-layer-imports-higher": (
        "layers",
        {"text/planted.py": "def f() -> None:\n    from ..curation import fields\n"},
        "arshif.text.planted -> arshif.curation.fields",
    ),
    "module-in-no-layer": (
        "layers",
        {"stray.py": '"""A new top-level module nobody placed in a layer."""\n'},
        "- arshif.stray\n",
    ),
    "front-end-past-the-facade": (
        "front-ends",
        {"cli/planted.py": "from arshif.curation import fields\n"},
        "arshif.cli.planted -> arshif.curation",
    ),
    "click-outside-cli": (
        "click",
        {"curation/planted.py": "import click\n"},
        "arshif.curation.planted -> click",
    ),
    "flask-outside-serve": (
        "web",
        {"cli/planted.py": "from flask import Flask\n"},
        "arshif.cli.planted -> flask",
    ),
    "whoosh-outside-the-engine": (
        "whoosh",
        {"curation/planted.py": "import whoosh.analysis\n"},
        "arshif.curation.planted -> whoosh",
    ),
    "whoosh-in-engine-neutral-search": (
        "whoosh",
        {"search/planted.py": "from whoosh.query import Term\n"},
        "arshif.search.planted -> whoosh",
    ),
    "engine-imported-past-the-boundary": (
        "engines",
        # kwic.py rewritten in the copy: an engine-neutral module reaching into an engine
        {"search/kwic.py": "def f() -> None:\n    from .whoosh import taat\n"},
        "arshif.search.kwic -> arshif.search.whoosh",
    ),
    "tantivy-outside-its-engine": (
        "tantivy",
        {"store/planted.py": "def f() -> None:\n    import tantivy\n"},
        "arshif.store.planted -> tantivy",
    ),
    "lxml-outside-tei-and-captures": (
        "lxml",
        {"cite/planted.py": "from lxml import etree\n"},
        "arshif.cite.planted -> lxml",
    ),
    "import-cycle": (
        "acyclic",
        {
            "text/planted_a.py": "from . import planted_b\n",
            "text/planted_b.py": "def f() -> None:\n    from . import planted_a\n",
        },
        ("No cycles are allowed in arshif.text.", "- .planted_"),
    ),
}


def _contract_ids() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return {c["id"] for c in config["tool"]["importlinter"]["contracts"]}


def _lint_imports(tree: Path, contract: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    config = str(tree / "pyproject.toml")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", config, "--contract", contract],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _copy(tmp_path: Path, config: str) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "src" / "arshif",
        tree / "src" / "arshif",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    (tree / "pyproject.toml").write_text(config, "utf-8")
    return tree


def test_every_contract_has_a_planted_violation() -> None:
    assert {contract for contract, _, _ in PLANTED.values()} == _contract_ids()


@pytest.mark.parametrize("case", sorted(PLANTED))
def test_contract_catches_planted_violation(case: str, tmp_path: Path) -> None:
    contract, files, reported = PLANTED[case]
    config = (ROOT / "pyproject.toml").read_text("utf-8")
    if contract == "layers" and case != "module-in-no-layer":
        # Exhaustiveness is checked first and, while it fails, hides the layers themselves;
        # module-in-no-layer checks it, the other cases check the layers.
        assert "exhaustive = true" in config
        config = config.replace("exhaustive = true", "exhaustive = false")
    tree = _copy(tmp_path, config)
    for relative, text in files.items():
        (tree / "src" / "arshif" / relative).write_text(text, "utf-8")

    planted = _lint_imports(tree, contract)

    assert planted.returncode == 1, planted.stdout + planted.stderr
    assert "BROKEN" in planted.stdout
    # The planted modules exist only in the copy, so a report naming them is about the plant
    # (and shows that the copy was read, not the installed arshif).
    for line in (reported,) if isinstance(reported, str) else reported:
        assert line in planted.stdout, planted.stdout
