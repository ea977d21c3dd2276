"""A real crawl: wget --warc-file against a local http.server, ingested as WARC and as WACZ."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from arshif.config import Settings
from arshif.repository import Repository
from tests.cli.helpers import invoke, objects_valid
from tests.conftest import need_tool
from tests.ingest.web.warcs import make_site, serving, wget_crawl

#: Every test here runs on each search engine (`tests.conftest.engine_env`).
pytestmark = pytest.mark.usefixtures("engine_env")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """(the WARC wget wrote, the base URL it crawled, the site folder)."""
    wget = need_tool("wget")
    work = tmp_path_factory.mktemp("crawl")
    site = work / "site"
    site.mkdir()
    make_site(site)
    with serving(site) as base:
        warc = wget_crawl(wget, base, work / "crawl.warc.gz", work / "mirror")
    return warc, base, site


def ingest(root: Path, *args: str) -> tuple[int, str, str]:
    if not (root / "archive").exists():
        assert invoke(["--root", str(root), "init"]).exit_code == 0
    result = invoke(["--root", str(root), "ingest", *args, "--user", "Web Archivist <w@x.org>"])
    return result.exit_code, result.stdout, result.stderr


def records_by_url(root: Path) -> dict[str, object]:
    repo = Repository(Settings(root))
    return {r.metadata.url: r for r in repo.records()}


def test_wget_warc_becomes_records_with_provenance(crawl, tmp_path: Path) -> None:
    warc, base, site = crawl
    code, _out, err = ingest(tmp_path, "--warc", str(warc))
    assert code == 0, err
    assert "Traceback" not in err
    assert "\n6 added, " in err
    records = records_by_url(tmp_path)
    # the five seed pages and the index page; not the image, the 404, the redirect
    assert set(records) == {f"{base}/a{n}.html" for n in range(5)} | {f"{base}/index.html"}
    warc_sha = hashlib.sha256(warc.read_bytes()).hexdigest()
    repo = Repository(Settings(tmp_path))
    for number in range(5):
        record = records[f"{base}/a{number}.html"]
        origin = dict(record.capture.origin)
        assert origin["warc-file"] == "crawl.warc.gz"
        assert origin["warc-file-sha256"] == warc_sha
        assert origin["warc-record-id"].startswith("<urn:uuid:")
        assert origin["warc-payload-digest"].endswith("(verified)")
        assert record.metadata.retrieved
        assert record.metadata.retrieved.startswith("20")
        evidence = {p.name: p.evidence for p in record.provenance}
        assert evidence["url"] == f"WARC-Target-URI: {base}/a{number}.html"
        assert evidence["retrieved"].startswith("WARC-Date: ")
        # the capture is the page exactly as served
        _, data = repo.capture(record.id)
        assert data == (site / f"a{number}.html").read_bytes()
        assert record.capture.media_type == "text/html"
        # the main text: the article, not the menu or the footer
        assert record.paragraphs, record.id
        assert "جميع الحقوق محفوظة" not in record.text
        assert "الرئيسية" not in record.text
        steps = {step.step: step for step in record.cleaning}
        assert "trafilatura" in steps["main-text-extracted"].description
    assert "not ingested: 1 redirects" in err
    assert "HTTP status 404" in err
    assert "not HTML or text" in err
    assert "request records" in err
    assert objects_valid(tmp_path / "archive") == 6
    assert invoke(["--root", str(tmp_path), "verify"]).exit_code == 0
    # the same crawl again: every page already in the archive
    code, _out, err = ingest(tmp_path, "--warc", str(warc))
    assert code == 0
    assert "\n0 added, " in err  # (a0.html was fetched twice: by its link and the redirect)


def test_wacz_made_by_the_wacz_package(crawl, tmp_path: Path) -> None:
    warc, base, _ = crawl
    tool = Path(sys.executable).with_name("wacz")
    if not tool.exists():
        tool = Path(shutil.which("wacz") or "wacz")
    wacz = tmp_path / "crawl.wacz"
    subprocess.run(
        [str(tool), "create", "-o", str(wacz), "-d", str(warc)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    root = tmp_path / "root"
    code, _, err = ingest(root, "--wacz", str(wacz))
    assert code == 0, err
    records = records_by_url(root)
    assert len(records) == 6
    origin = dict(records[f"{base}/a0.html"].capture.origin)
    assert origin["warc-file"] == "crawl.wacz/archive/crawl.warc.gz"
    assert origin["warc-file-sha256"] == hashlib.sha256(warc.read_bytes()).hexdigest()


def test_wacz_whose_warc_does_not_match_its_datapackage_is_refused(crawl, tmp_path: Path) -> None:
    import json
    import zipfile

    warc, _, _ = crawl
    wacz = tmp_path / "bad.wacz"
    with zipfile.ZipFile(wacz, "w") as package:
        package.write(warc, "archive/crawl.warc.gz")
        resources = [{"path": "archive/crawl.warc.gz", "hash": "sha256:" + "0" * 64}]
        package.writestr("datapackage.json", json.dumps({"resources": resources}))
    root = tmp_path / "root"
    code, _, err = ingest(root, "--wacz", str(wacz))
    assert code == 6
    assert "datapackage.json states" in err
    assert "Traceback" not in err
    assert Repository(Settings(root)).ids() == []


def test_wacz_with_a_damaged_member_is_refused(crawl, tmp_path: Path) -> None:
    """A flipped byte inside a WACZ member (its CRC fails) is one line and exit 6."""
    import zipfile

    warc, _, _ = crawl
    wacz = tmp_path / "damaged.wacz"
    with zipfile.ZipFile(wacz, "w", compression=zipfile.ZIP_STORED) as package:
        package.write(warc, "archive/crawl.warc.gz")
    data = bytearray(wacz.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the stored member
    wacz.write_bytes(bytes(data))
    for extra in ((), ("--skip-bad",)):
        root = tmp_path / f"root{len(extra)}"
        code, _, err = ingest(root, "--wacz", str(wacz), *extra)
        assert code == 6, err
        assert "damaged.wacz" in err
        assert "Traceback" not in err
        assert "internal error" not in err
        assert Repository(Settings(root)).ids() == []
