"""The foundation end to end through the real CLI: init, ingest, search, show, list, verify,
reindex and root discovery, on real OCFL objects and a real index (each engine) in tmp roots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from arshif.cli import cli
from tests.cli.helpers import SEEDS, invoke, objects_valid, seed_ids


def test_init_creates_an_ocfl_storage_root(tmp_path: Path) -> None:
    result = invoke(["--root", str(tmp_path), "init"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "archive" / "0=ocfl_1.1").read_text() == "ocfl_1.1\n"
    layout = json.loads((tmp_path / "archive" / "ocfl_layout.json").read_text())
    assert layout["extension"] == "0003-hash-and-id-n-tuple-storage-layout"
    again = invoke(["--root", str(tmp_path), "init"])
    assert again.exit_code == 2
    assert "already holds an archive" in again.stderr


def test_ingest_seeds_one_line_each_and_valid_objects(archive_root: Path) -> None:
    ids = seed_ids(archive_root)
    assert len(ids) == 5
    assert objects_valid(archive_root / "archive") == 5


def test_reingest_reports_duplicates_and_adds_nothing(archive_root: Path) -> None:
    before = sorted(p.name for p in (archive_root / "archive").rglob("inventory.json"))
    result = invoke(["--root", str(archive_root), "ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    assert all("duplicate" in line for line in lines)
    assert "0 added, 5 already in archive" in result.stderr
    after = sorted(p.name for p in (archive_root / "archive").rglob("inventory.json"))
    assert before == after


@pytest.mark.parametrize(
    ("query", "seed_prefixes"),
    [
        ("انسحاب القوات الأميركية", {"001", "002", "003", "004"}),
        ("نیروهای آمریکایی", {"000"}),
        ("نيروهاي امريكايي", {"000"}),  # Persian typed with Arabic ي/ك and no hamza
        ("الخفاجي", {"001", "002", "003"}),
    ],
)
def test_search_finds_the_right_seeds(
    archive_root: Path, query: str, seed_prefixes: set[str]
) -> None:
    result = invoke(["--root", str(archive_root), "search", query, "--format", "ndjson"])
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    by_seed = seed_ids(archive_root)
    found = {prefix for prefix, sid in by_seed.items() if any(h["id"] == sid for h in hits)}
    assert seed_prefixes <= found
    for hit in hits:
        assert set(hit) >= {
            "id",
            "source_id",
            "title",
            "outlet",
            "published",
            "lang",
            "score",
            "snippet",
        }
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_without_hits_exits_1_and_bad_usage_2(archive_root: Path) -> None:
    none = invoke(["--root", str(archive_root), "search", "zzzzqqqq", "--format", "json"])
    assert none.exit_code == 1
    assert json.loads(none.stdout)["hits"] == []
    both = invoke(["--root", str(archive_root), "search"])
    assert both.exit_code == 2


def test_search_query_batch_prints_trec_run(archive_root: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tالخفاجي\nq2\tنیروهای آمریکایی\n", "utf-8")
    result = invoke(
        ["--root", str(archive_root), "search", "--queries", str(queries), "--format", "trec"]
    )
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    assert {r[0] for r in rows} == {"q1", "q2"}
    for row in rows:
        assert row[1] == "Q0"
        assert row[5] == "arshif"
        assert len(row) == 6
    ranks_q1 = [int(r[3]) for r in rows if r[0] == "q1"]
    assert ranks_q1 == list(range(1, len(ranks_q1) + 1))


def test_show_json_states_only_what_the_capture_states(archive_root: Path) -> None:
    ids = seed_ids(archive_root)
    kayhan = _show_json(archive_root, ids["004"])
    assert kayhan["outlet"] == "kayhan.ir"
    assert kayhan["published"] == "2021-07-31T19:51:00"
    assert kayhan["lang"] == "ar"
    assert kayhan["withdrawn"] is None
    assert [v["version"] for v in kayhan["versions"]] == ["v1"]
    persian = _show_json(archive_root, ids["000"])
    assert persian["lang"] == "fa"
    assert persian["title"] is None
    assert persian["outlet"] is None
    assert persian["published"] is None
    assert persian["author"] is None
    for view in (kayhan, persian):
        for key in (
            "id",
            "title",
            "lang",
            "outlet",
            "published",
            "url",
            "source_id",
            "author",
            "versions",
            "withdrawn",
        ):
            assert key in view


def test_show_text_tei_and_unknown_id(archive_root: Path) -> None:
    sid = seed_ids(archive_root)["003"]
    text = invoke(["--root", str(archive_root), "show", sid])
    assert text.exit_code == 0
    assert "العراق ينفي تمديد موعد انسحاب القوات الأميركية" in text.stdout
    tei = invoke(["--root", str(archive_root), "show", sid, "--format", "tei"])
    assert tei.stdout.startswith("<?xml")
    assert "http://www.tei-c.org/ns/1.0" in tei.stdout
    missing = invoke(["--root", str(archive_root), "show", "abcdef123456"])
    assert missing.exit_code == 5
    assert missing.stderr.startswith("arshif: error:")
    assert len(missing.stderr.strip().splitlines()) == 1
    hostile = invoke(["--root", str(archive_root), "show", "../../etc/passwd"])
    assert hostile.exit_code == 2


def test_list_shows_every_record(archive_root: Path) -> None:
    result = invoke(["--root", str(archive_root), "list", "--format", "ndjson"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(seed_ids(archive_root).values())


def test_verify_passes_then_names_a_tampered_object(archive_root: Path) -> None:
    ok = invoke(["--root", str(archive_root), "verify"])
    assert ok.exit_code == 0, ok.output
    sid = seed_ids(archive_root)["001"]
    capture = next((archive_root / "archive").rglob(f"*{sid}/v1/content/capture.txt"))
    data = bytearray(capture.read_bytes())
    data[10] ^= 0x01
    capture.write_bytes(bytes(data))
    bad = invoke(["--root", str(archive_root), "verify"])
    assert bad.exit_code == 8
    assert sid in bad.stdout
    assert sid in bad.stderr


def test_reindex_rebuilds_a_deleted_index(archive_root: Path) -> None:
    import shutil

    shutil.rmtree(archive_root / "indexes")
    result = invoke(["--root", str(archive_root), "reindex"])
    assert result.exit_code == 0
    assert "indexed 5 record(s)" in result.stderr
    again = invoke(["--root", str(archive_root), "search", "الخفاجي", "--format", "ndjson"])
    assert again.exit_code == 0


def test_search_builds_a_missing_index_on_first_use(archive_root: Path) -> None:
    import shutil

    shutil.rmtree(archive_root / "indexes")
    result = invoke(["--root", str(archive_root), "search", "الخفاجي", "--format", "ndjson"])
    assert result.exit_code == 0
    assert (archive_root / "indexes").is_dir()


def test_root_discovery_env_and_walk_up(archive_root: Path, tmp_path: Path) -> None:
    nested = archive_root / "a" / "b"
    nested.mkdir(parents=True)
    runner = CliRunner()
    cwd = os.getcwd()
    try:
        os.chdir(nested)
        walked = runner.invoke(cli, ["list", "--format", "json"], env={"ARSHIF_ROOT": ""})
        assert walked.exit_code == 0, walked.output
        assert len(json.loads(walked.stdout)) == 5
        os.chdir(tmp_path)
        env = runner.invoke(
            cli, ["list", "--format", "json"], env={"ARSHIF_ROOT": str(archive_root)}
        )
        assert env.exit_code == 0
        outside = tmp_path / "empty"
        outside.mkdir()
        os.chdir(outside)
        lost = runner.invoke(cli, ["list"], env={"ARSHIF_ROOT": ""})
        assert lost.exit_code == 4
        assert "arshif init" in lost.stderr
    finally:
        os.chdir(cwd)


def test_manifest_ingest_inline_and_paths(tmp_path: Path) -> None:
    root = tmp_path / "root"
    assert invoke(["--root", str(root), "init"]).exit_code == 0
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a.txt").write_bytes((SEEDS / "003_7ad7e274a5b987ef.txt").read_bytes())
    lines = [
        {
            "path": "a.txt",
            "source_id": "S-1",
            "outlet": "العربي الجديد",
            "url": "https://example.org/a",
        },
        {
            "text": "گزارش ویژه درباره انتخابات ریاست جمهوری در تهران و شهرهای دیگر ایران",
            "source_id": "S-2",
            "published": "2021-11-20",
            "lang": "fa",
        },
    ]
    manifest = batch / "m.jsonl"
    manifest.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    result = invoke(["--root", str(root), "ingest", "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stderr
    listed = [
        json.loads(x)
        for x in invoke(["--root", str(root), "list", "--format", "ndjson"]).stdout.splitlines()
    ]
    by_source = {r["source_id"]: r for r in listed}
    assert by_source["S-1"]["outlet"] == "العربي الجديد"
    assert by_source["S-2"]["published"] == "2021-11-20"
    assert by_source["S-2"]["lang"] == "fa"
    assert objects_valid(root / "archive") == 2


def test_manifest_with_a_bad_line_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "root"
    invoke(["--root", str(root), "init"])
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps({"text": "خبر أول عن العراق والقوات الأميركية"})
        + "\n"
        + json.dumps({"path": "../../etc/passwd"})
        + "\n",
        "utf-8",
    )
    result = invoke(["--root", str(root), "ingest", "--manifest", str(manifest)])
    assert result.exit_code == 6
    assert "line 2" in result.stderr
    assert not list((root / "archive").rglob("inventory.json"))


def test_python_dash_m_and_console_script_as_subprocess(archive_root: Path) -> None:
    env = {**os.environ, "ARSHIF_ROOT": str(archive_root)}
    proc = subprocess.run(
        [sys.executable, "-m", "arshif", "search", "الخفاجي", "--format", "ndjson"],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout.decode("utf-8").splitlines()[0])
    assert first["rank"] == 1
    proc = subprocess.run(
        [sys.executable, "-m", "arshif", "show", "nothing0000"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode in (2, 5)
    assert b"Traceback" not in proc.stderr
    assert len(proc.stderr.decode().strip().splitlines()) == 1


def _show_json(root: Path, sid: str) -> dict[str, object]:
    result: Result = invoke(["--root", str(root), "show", sid, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data
