"""A new or empty archive answers every read command normally: no hits, the documented exit
code, no traceback (issue 15). Each command runs on a fresh root, straight after `arshif init`,
and again after a refused first ingest (which writes nothing, so the archive stays empty)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from arshif.cli import cli

QUERIES = '1\tالخفاجي\n2\tنیروهای آمریکایی\n3\t"القوات الأمريكية" -تمديد\n'


def run(root: Path, *args: str) -> tuple[int, str, str]:
    # catch_exceptions=True: a traceback must show up as a failed assertion, not a crash
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(params=["fresh", "after a refused ingest"])
def empty_root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = tmp_path / "root"
    assert run(root, "init")[0] == 0
    if request.param != "fresh":
        manifest = tmp_path / "batch.jsonl"
        manifest.write_text(
            '{"text": "خبر", "lang": "ar"}\nnot json\n', encoding="utf-8"
        )  # the bad line refuses the whole batch
        code, _, err = run(root, "ingest", "--manifest", str(manifest))
        assert code != 0
        assert "line 2" in err
    (tmp_path / "q.tsv").write_text(QUERIES, encoding="utf-8")
    return root


def _quiet(code: int, err: str, expected: int) -> None:
    assert code == expected, err
    assert "internal error" not in err
    assert "Traceback" not in err


def test_search(empty_root: Path) -> None:
    code, out, err = run(empty_root, "search", "الخفاجي", "--format", "json")
    _quiet(code, err, 1)  # grep: nothing found
    page = json.loads(out)
    assert (page["total"], page["hits"]) == (0, [])


def test_search_queries_trec(empty_root: Path) -> None:
    queries = str(empty_root.parent / "q.tsv")
    code, out, err = run(empty_root, "search", "--queries", queries, "--format", "trec")
    _quiet(code, err, 1)
    assert out == ""
    code, out, err = run(empty_root, "search", "--queries", queries, "--format", "ndjson")
    _quiet(code, err, 1)
    assert out == ""


def test_list(empty_root: Path) -> None:
    code, out, err = run(empty_root, "list", "--format", "ndjson")
    _quiet(code, err, 0)
    assert out == ""


def test_kwic(empty_root: Path) -> None:
    code, out, err = run(empty_root, "kwic", "الخفاجي", "--format", "tsv")
    _quiet(code, err, 1)
    assert out.strip() == "" or len(out.strip().splitlines()) == 1  # at most a header


def test_similar(empty_root: Path) -> None:
    code, _, err = run(empty_root, "similar", "529ae1d8c55a")
    _quiet(code, err, 5)  # ObjectNotFound: there is no such record
    assert "no record" in err


def test_duplicates(empty_root: Path) -> None:
    code, out, err = run(empty_root, "duplicates", "--format", "ndjson")
    _quiet(code, err, 0)
    assert out == ""


def test_export(empty_root: Path) -> None:
    code, out, err = run(empty_root, "export", "--format", "ndjson")
    _quiet(code, err, 0)
    assert out == ""
    code, out, err = run(empty_root, "export")
    _quiet(code, err, 0)
    assert out.lstrip("\ufeff").startswith("id,title")  # the header only
    assert len(out.strip().splitlines()) == 1


def test_verify(empty_root: Path) -> None:
    code, out, err = run(empty_root, "verify")
    _quiet(code, err, 0)
    assert "0 object(s) valid" in out + err
