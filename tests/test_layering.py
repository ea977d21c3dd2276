"""The architecture's import rules hold: click only in cli/, whoosh only in search/, lxml only
where XML is read or written (tei/, captures/, serve/'s OAI-PMH), the web stack only in serve/,
and no lower layer imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "arshif"

ALLOWED = {
    "click": ("cli",),
    "whoosh": ("search",),
    "lxml": ("tei", "captures", "serve"),
    "flask": ("serve",),
    "werkzeug": ("serve",),
    "jinja2": ("serve",),
    "markupsafe": ("serve",),
    "waitress": ("serve",),
}
#: a module in the first layer may not import from any package of the second
FORBIDDEN_UPWARD = {
    "store": ("cli", "repository", "ingest", "search", "tei", "cite", "curation", "extract"),
    "search": ("cli", "repository", "ingest", "store", "tei", "cite", "curation"),
    "tei": ("cli", "repository", "ingest", "store", "search", "cite", "curation"),
    "text": (
        "cli",
        "repository",
        "ingest",
        "store",
        "search",
        "tei",
        "cite",
        "curation",
        "extract",
        "captures",
    ),
    "cite": ("cli", "repository", "ingest", "store", "search", "curation"),
    "curation": ("cli", "repository", "search"),
    "bags": ("cli", "repository", "ingest", "search", "curation"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _area(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_third_party_imports_stay_in_their_layer(path: Path) -> None:
    area = _area(path)
    for name in _imports(path):
        top = name.split(".")[0]
        if top in ALLOWED:
            assert area in ALLOWED[top], (
                f"{path.name} imports {top}, allowed only in {ALLOWED[top]}"
            )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_lower_layers_do_not_import_higher_ones(path: Path) -> None:
    area = _area(path)
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "arshif" and len(parts) > 1:
            assert parts[1] not in FORBIDDEN_UPWARD.get(area, ()), f"{path} imports {name}"


def test_the_rules_see_real_modules() -> None:
    assert len(SOURCES) > 20
    assert any(_area(p) == "cli" for p in SOURCES)
