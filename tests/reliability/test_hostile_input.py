"""Hostile input through the CLI: a clear one-line error and nothing written, or a correct record.

"Nothing written" is checked on a listing of every file under the root with its sha256, taken
before and after. "A correct record" is checked on the record's text and on the capture, which
must be stored byte-exact. Whatever could hang or exhaust memory (FIFOs, devices, huge inputs,
entity bombs, read-only mounts) runs as a subprocess with a timeout; the rest runs the same
click command in-process, which is faster and reports the same exit codes and messages.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from arshif.config import Settings
from arshif.repository import Repository
from tests.cli.helpers import SEEDS
from tests.http_recorder import RecordingHandler, recording_server
from tests.reliability.helpers import (
    assert_clean,
    cli,
    cli_env,
    command,
    init_root,
    one_error_line,
    run,
    short_id,
    snapshot,
)

TEI_NS = "http://www.tei-c.org/ns/1.0"
ARABIC = (
    "قالت قيادة العمليات المشتركة العراقية إن موعد انسحاب القوات القتالية الأمريكية ثابت "
    "في نهاية كانون الأول، ولا تمديد له."
)
PERSIAN = (
    "سخنگوی فرماندهی عملیات مشترک عراق گفت که موعد خروج نیروهای رزمی آمریکایی از عراق "
    "تغییرناپذیر است و تمدید نمی‌شود."
)
#: Persian as Windows-1256 can carry it (it has no Persian yeh ی: ي stands in for it).
PERSIAN_1256 = PERSIAN.replace("ی", "ي")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.fixture(scope="module")
def root(fast_tmp: Callable[[str], Path]) -> Path:
    """One root for the module, holding the seeds; each test checks its own changes."""
    root = fast_tmp("hostile") / "root"
    init_root(root)
    assert_clean(run(root, "ingest", str(SEEDS)), 0)
    return root


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return tmp_path


def refused(
    root: Path, *args: str, code: int = 6, match: str | None = None, process: bool = False
) -> str:
    """Run a command that must be refused: one error line, exit `code`, the root unchanged.

    With `process`, as a subprocess with a timeout (for what could hang).
    """
    before = snapshot(root)
    result = run(root, *args) if process else cli(root, *args)
    line = one_error_line(result)
    assert result.returncode == code, f"rc={result.returncode}: {result.stderr}"
    if match is not None:
        assert re.search(match, line), line
    assert snapshot(root) == before, "a refused command wrote something"
    return line


def ingested(root: Path, path: Path, *options: str) -> dict[str, Any]:
    """Ingest one file (must succeed); its record as `show --format json` prints it."""
    result = cli(root, "ingest", str(path), *options)
    assert_clean(result, 0)
    record_id = short_id(path.read_bytes())
    assert record_id in result.stdout
    shown = cli(root, "show", record_id, "--format", "json")
    assert_clean(shown, 0)
    view: dict[str, Any] = json.loads(shown.stdout)
    assert stored_capture(root, record_id) == path.read_bytes()  # byte-exact
    return view


def stored_capture(root: Path, record_id: str) -> bytes:
    return Repository(Settings(root)).capture(record_id)[1]


def text_of(view: dict[str, Any]) -> str:
    return "\n".join(view["text"])


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --- empty, binary, encodings -----------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", "\u00a0\u200b \u2028\n".encode()])
def test_empty_or_whitespace_only_file(root: Path, files: Path, data: bytes) -> None:
    refused(root, "ingest", str(write(files, "empty.txt", data)), match="empty|whitespace")


@pytest.mark.parametrize("kind", ["png", "random", "elf"])
def test_binary_file(root: Path, files: Path, kind: str) -> None:
    rng = random.Random(kind)
    body = bytes(rng.getrandbits(8) for _ in range(4096))
    data = {
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + body,
        "random": body,
        "elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + body,
    }[kind]
    refused(root, "ingest", str(write(files, "blob.txt", data)))


def test_invalid_utf8_is_refused_with_its_byte_offset(root: Path, files: Path) -> None:
    data = ARABIC.encode() + b" \xff\xfe " + ARABIC.encode()
    offset = len(ARABIC.encode()) + 1
    line = refused(root, "ingest", str(write(files, "bad.txt", data)))
    assert f"byte offset {offset}" in line
    assert "--encoding" in line


def test_undetected_encoding_is_read_with_an_explicit_encoding(root: Path, files: Path) -> None:
    """ISO-8859-6 Arabic is not guessed (it is not valid UTF-8 and not Windows-1256 Arabic);
    refused with the offset, then read correctly with --encoding."""
    path = write(files, "iso.txt", ARABIC.encode("iso8859-6"))
    refused(root, "ingest", str(path), match="byte offset 0")
    view = ingested(root, path, "--encoding", "iso8859-6")
    assert text_of(view) == ARABIC
    assert view["capture"]["encoding"] == "iso8859-6"


@pytest.mark.parametrize(
    ("text", "codec", "given", "name"),
    [
        (ARABIC, "cp1256", None, "cp1256"),
        (PERSIAN_1256, "cp1256", None, "cp1256"),
        (PERSIAN_1256, "cp1256", "windows-1256", "cp1256"),
        (ARABIC, "utf-16-le", None, "utf-16-le"),
        (PERSIAN, "utf-16-be", None, "utf-16-be"),
        (PERSIAN, "utf-16", None, "utf-16-le"),  # with a BOM
        (ARABIC, "utf-16-be-bom", None, "utf-16-be"),
        (PERSIAN, "utf-16-le", "utf-16-le", "utf-16-le"),
        (ARABIC, "utf-8-sig", None, "utf-8"),
    ],
)
def test_arabic_and_persian_in_legacy_and_utf16_encodings(
    root: Path, files: Path, text: str, codec: str, given: str | None, name: str
) -> None:
    if codec == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(codec)
    path = write(files, f"{codec}.txt", data)
    view = ingested(root, path, *(["--encoding", given] if given else []))
    assert text_of(view) == unicodedata.normalize("NFC", text)
    assert view["capture"]["encoding"] == name


def test_nul_bytes_mostly(root: Path, files: Path) -> None:
    data = ("نص " + "\x00" * 40).encode() * 20
    refused(root, "ingest", str(write(files, "nul.txt", data)), match="binary")


def test_stray_nul_and_control_characters_are_dropped_from_the_text(
    root: Path, files: Path
) -> None:
    text = (ARABIC + "\n") * 12 + "\x00" + ARABIC + "\x07\x1b[31m" + PERSIAN + "\x08\x7f\x85\ufffe"
    view = ingested(root, write(files, "controls.txt", text))
    body = text_of(view)
    assert not [c for c in body if unicodedata.category(c) == "Cc" and c != "\n"]
    assert "\ufffe" not in body
    assert ARABIC in body
    assert PERSIAN in body


# --- size limits and memory -------------------------------------------------------------------


def test_a_file_over_max_size_is_refused_without_reading_it(root: Path, files: Path) -> None:
    path = write(files, "big.txt", ARABIC * 40)
    line = refused(root, "ingest", str(path), "--max-size", "1000")
    assert "1,000-byte limit" in line
    assert "--max-size" in line


def test_the_default_limit_is_50_mib(root: Path, files: Path) -> None:
    path = files / "sparse.txt"
    with path.open("wb") as handle:  # sparse: takes no disk space, never read
        handle.truncate(50 * 2**20 + 1)
    line = refused(root, "ingest", str(path), process=True)
    assert "52,428,800-byte limit" in line


def test_manifest_inline_text_over_max_size(root: Path, files: Path) -> None:
    manifest = write(files, "m.jsonl", json.dumps({"text": ARABIC * 20}) + "\n")
    refused(root, "ingest", "--manifest", str(manifest), "--max-size", "500", match="line 1")


#: Runs a command and prints its exit code and peak memory (KiB): measured by a small parent,
#: so the figure is the command's own, not inherited from a large forking test process.
MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, timeout=120).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_memory(args: list[str], env: dict[str, str]) -> tuple[int, int, str]:
    """(exit code, peak resident memory in MiB, stderr) of the command `args`."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        capture_output=True,
        timeout=180,
        env=env,
        check=False,
    )
    code, kib = result.stdout.split()
    return int(code), int(kib) // 1024, result.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("shape", ["one-line", "many-lines"])
def test_memory_stays_bounded_on_a_large_capture(root: Path, files: Path, shape: str) -> None:
    """A 3 MB capture (one huge line, or 30,000 lines) is ingested, or refused clearly, in
    memory bounded by a small multiple of its size (measured, not timed)."""
    rng = random.Random(shape)
    words = (ARABIC + " " + PERSIAN).split()
    if shape == "one-line":
        text = " ".join(rng.choice(words) for _ in range(280_000))
    else:
        text = "\n".join(" ".join(rng.choice(words) for _ in range(9)) for _ in range(30_000))
    path = write(files, f"{shape}.txt", text)
    size_mib = path.stat().st_size / 2**20
    args = [*command(root), "ingest", str(path)]
    code, peak, stderr = peak_memory(args, cli_env())
    assert code in (0, 6), stderr
    assert "Traceback" not in stderr
    assert peak < 120 + 60 * size_mib, f"{peak} MiB for a {size_mib:.1f} MiB capture"


def test_a_paragraph_longer_than_xml_can_hold_is_refused_as_input(root: Path, files: Path) -> None:
    path = files / "huge-line.txt"
    path.write_text(("كلمة " * 2_100_000).strip(), "utf-8")  # one 10.5 MB paragraph
    line = refused(root, "ingest", str(path), process=True)
    assert "longer than" in line


# --- HTML -------------------------------------------------------------------------------------


def test_deeply_nested_html_is_refused(root: Path, files: Path) -> None:
    html = "<html><body>" + "<div>" * 5000 + f"<p>{ARABIC}</p>" + "</div>" * 5000 + "</body></html>"
    refused(root, "ingest", str(write(files, "deep.html", html)), match="nested", process=True)


def test_broken_html_is_read(root: Path, files: Path) -> None:
    html = f"<html><body><p>{ARABIC}<div><p>{PERSIAN}</b></i><p>< < >>&&&; </table></ul>"
    view = ingested(root, write(files, "broken.html", html))
    assert ARABIC in text_of(view)
    assert PERSIAN in text_of(view)


def test_script_and_style_are_never_kept_as_text(root: Path, files: Path) -> None:
    html = (
        "<html><head><style>body { color: STYLE_LEAK }</style>"
        "<script>var x = 'SCRIPT_LEAK_HEAD';</script></head><body>"
        f"<p>{ARABIC}<script>document.write('SCRIPT_LEAK_INLINE')</script></p>"
        '<script type=\'application/ld+json\'>{"headline": "JSONLD_LEAK"}</script>'
        f"<noscript>NOSCRIPT_LEAK</noscript><p>{PERSIAN}<style>p{{x:STYLE_LEAK2}}</style></p>"
        "<svg><script>SVG_SCRIPT_LEAK</script></svg><template><p>TEMPLATE_LEAK</p></template>"
        "</body></html>"
    )
    view = ingested(root, write(files, "script.html", html))
    shown = json.dumps(view, ensure_ascii=False)
    assert "LEAK" not in shown
    assert ARABIC in text_of(view)
    assert PERSIAN in text_of(view)


# --- XML: entities, external entities and DTDs ------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local HTTP server recording every request: nothing may ever be fetched."""
    with recording_server() as url:
        yield url


def laughs(root_name: str) -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    ]
    return f"<!DOCTYPE {root_name} [\n" + "\n".join(entities) + "\n]>"


def tei(doctype: str, paragraph: str, namespace: str = TEI_NS) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<TEI xmlns="{namespace}"><teiHeader>'
        f"<fileDesc><titleStmt><title>عنوان</title></titleStmt><publicationStmt><p/>"
        f"</publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
        f"<text><body><p>{ARABIC}</p><p>{paragraph}</p></body></text></TEI>"
    )


def html(doctype: str, paragraph: str) -> str:
    return f"{doctype}\n<html><body><p>{ARABIC}</p><p>{paragraph}</p></body></html>"


@pytest.fixture
def secret(files: Path) -> Path:
    return write(files, "secret.txt", "SECRET_LEAK")


@pytest.mark.parametrize("kind", ["tei", "html"])
def test_billion_laughs(root: Path, files: Path, kind: str) -> None:
    data = tei(laughs("TEI"), "&lol9;") if kind == "tei" else html(laughs("html"), "&lol9;")
    path = write(files, f"laughs.{'xml' if kind == 'tei' else 'html'}", data)
    assert "lollollol" not in outcome(root, path, process=True)


@pytest.mark.parametrize("kind", ["tei", "html"])
@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        '<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{url}/e.xml">]>',
        '<!DOCTYPE {root} [<!ENTITY % remote SYSTEM "{url}/p.dtd"> %remote;]>',
        '<!DOCTYPE {root} SYSTEM "{url}/external.dtd">',
        '<!DOCTYPE {root} PUBLIC "-//X//DTD X//EN" "{url}/public.dtd">',
    ],
)
def test_external_entities_and_dtds_are_never_read_or_fetched(
    root: Path, files: Path, secret: Path, server: str, kind: str, doctype: str
) -> None:
    RecordingHandler.requests = []
    declared = doctype.format(root="TEI" if kind == "tei" else "html", secret=secret, url=server)
    data = tei(declared, "&xxe;") if kind == "tei" else html(declared, "&xxe;")
    path = write(files, f"xxe.{'xml' if kind == 'tei' else 'html'}", data)
    shown = outcome(root, path)
    assert "SECRET_LEAK" not in shown
    assert "FETCHED_LEAK" not in shown
    assert RecordingHandler.requests == []


def test_html_never_fetches_linked_resources(root: Path, files: Path, server: str) -> None:
    RecordingHandler.requests = []
    page = (
        f'<html><head><link rel="stylesheet" href="{server}/s.css">'
        f'<script src="{server}/s.js"></script>'
        f'<meta http-equiv="refresh" content="0;url={server}/r">'
        f'</head><body><img src="{server}/i.png"><iframe src="{server}/f"></iframe>'
        f"<p>{ARABIC}</p><p>{PERSIAN}</p></body></html>"
    )
    ingested(root, write(files, "links.html", page))
    assert RecordingHandler.requests == []


def outcome(root: Path, path: Path, process: bool = False) -> str:
    """Ingest `path`: refused in one line with nothing written, or accepted; all it showed."""
    invoke = run if process else cli
    before = snapshot(root)
    result = invoke(root, "ingest", str(path))
    assert_clean(result, 0, 6)
    if result.returncode == 6:
        one_error_line(result)
        assert snapshot(root) == before
        return result.stderr
    shown = invoke(root, "show", short_id(path.read_bytes()), "--format", "json")
    tei_out = invoke(root, "show", short_id(path.read_bytes()), "--format", "tei")
    return result.stdout + result.stderr + shown.stdout + tei_out.stdout


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (tei("", "<unclosed>"), "well-formed"),
        (tei("", "text").replace("</TEI>", ""), "well-formed"),
        (tei("", "text", namespace="http://example.org/not-tei"), "namespace"),
        (tei("", "text").replace(f' xmlns="{TEI_NS}"', ""), "namespace"),
        ('<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"/>', "text|body"),
        ("<?xml version='1.0'?><rss><channel/></rss>", "TEI"),
    ],
)
def test_malformed_tei_and_tei_in_the_wrong_namespace(
    root: Path, files: Path, data: str, match: str
) -> None:
    refused(root, "ingest", str(write(files, "bad.xml", data)), match=match)


# --- bidi controls in titles ------------------------------------------------------------------


def test_bidi_controls_in_titles_are_stripped_in_tables_but_kept_in_storage(
    root: Path, files: Path
) -> None:
    title = f"\u202eعنوان\u202c مقلوب \u2067{BIDI}x\u2069 \u200fنهاية"
    path = write(files, "bidi.txt", ARABIC + "\n" + PERSIAN + "\nكلمةفريدةللبحث")
    record_id = short_id(path.read_bytes())
    result = cli(root, "ingest", str(path), "--title", title)
    assert_clean(result, 0)
    assert not set(BIDI) & set(result.stdout)
    for args in (["list", "--format", "table"], ["search", "كلمةفريدةللبحث", "--format", "table"]):
        shown = cli(root, *args)
        assert_clean(shown, 0)
        row = next(line for line in shown.stdout.splitlines() if record_id in line)
        assert not set(BIDI) & set(row), row
        assert row.split()[0 if args[0] == "list" else 1] == record_id  # columns in order
        assert "عنوان مقلوب x نهاية" in row
    # Stored: the balanced controls are kept; the unbalanced ones (the outer RLI, LRE, LRO, the
    # second RLO, LRI) are removed, and the record lists them as a cleaning step.
    stored = (
        "\u202eعنوان\u202c مقلوب \u202b\u202c\u2067\u2068\u2069\u200e\u200f\u061c"
        "x\u2069 \u200fنهاية"
    )
    as_json = json.loads(cli(root, "list", "--format", "json").stdout)
    assert next(r for r in as_json if r["id"] == record_id)["title"] == stored
    tei = cli(root, "show", record_id, "--format", "tei").stdout
    assert stored in tei
    assert "<item>title: U+2067, U+202A, U+202D, U+202E, U+2066</item>" in tei


# --- manifests --------------------------------------------------------------------------------


def manifest(folder: Path, *lines: str | dict[str, str]) -> Path:
    """A JSONL manifest (UTF-8; lone surrogates can only be written escaped, as JSON allows)."""
    text = "\n".join(
        json.dumps(x, ensure_ascii=any(_lone_surrogate(v) for v in x.values()))
        if isinstance(x, dict)
        else x
        for x in lines
    )
    return write(folder, "batch.jsonl", text + "\n")


def _lone_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def test_an_invalid_manifest_line_writes_nothing_and_names_the_line(
    root: Path, files: Path
) -> None:
    path = manifest(
        files,
        {"text": ARABIC + " ١"},
        {"text": PERSIAN + " ۲"},
        "{not json",
        {"text": ARABIC + " ٣"},
    )
    refused(root, "ingest", "--manifest", str(path), match=r"batch\.jsonl, line 3")


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ({"text": ARABIC, "published": "2021-02-30"}, "published"),
        ({"text": ARABIC, "published": "yesterday"}, "published"),
        ({"text": ARABIC, "lang": "klingon"}, "language"),
        ({"text": ARABIC, "lang": "xx-notalang"}, "language"),
        ({"text": ARABIC, "url": "javascript:alert(1)"}, "url"),
        ({"text": ARABIC, "title": "\ud800"}, "U\\+D800"),
        ({"text": ARABIC + "\ud800"}, "U\\+D800"),
        ({"text": ARABIC, "title": "\ufffe"}, "U\\+FFFE"),
        ({"text": ARABIC, "colour": "red"}, "unknown key"),
        ({"text": "   "}, "empty"),
        ({"path": "missing.txt"}, "No such file"),
        ("[1, 2]", "JSON object"),
        ('{"text": 1}', "string"),
    ],
)
def test_bad_manifest_lines(
    root: Path, files: Path, line: str | dict[str, str], match: str
) -> None:
    path = manifest(files, {"text": PERSIAN + " خوب"}, line)
    text = refused(root, "ingest", "--manifest", str(path), match="line 2")
    assert re.search(match, text), text


def test_skip_bad_reports_each_skip_and_ingests_the_rest(root: Path, files: Path) -> None:
    outside = write(files.parent, f"{files.name}-outside.txt", ARABIC + " خارج")
    good = [{"text": ARABIC + " جيد ١"}, {"text": PERSIAN + " خوب ۲"}]
    path = manifest(
        files,
        good[0],
        "{broken",
        {"text": ARABIC, "published": "2021-13-01"},
        {"path": f"../{outside.name}"},
        {"text": " "},
        good[1],
        {"text": ARABIC + " جيد ١"},
    )
    result = cli(root, "ingest", "--manifest", str(path), "--skip-bad")
    assert_clean(result, 0)
    skips = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert [re.search(r"line (\d+)", s).group(1) for s in skips] == ["2", "3", "4", "5"]  # type: ignore[union-attr]
    assert "2 added, 1 already in archive, 4 skipped" in result.stderr
    for entry in good:
        assert short_id(entry["text"].encode()) in result.stdout


def test_manifest_paths_may_not_escape_its_folder(root: Path, files: Path) -> None:
    batch = files / "batch"
    batch.mkdir()
    outside = write(files, "outside.txt", ARABIC + " سري")
    other = files / "other"
    other.mkdir()
    write(other, "x.txt", PERSIAN + " سری")
    (batch / "link.txt").symlink_to(outside)
    (batch / "linkdir").symlink_to(other, target_is_directory=True)
    (batch / "abs.txt").symlink_to("/etc/hostname")
    for target in [
        "../outside.txt",
        str(outside),
        "linkdir/x.txt",
        "link.txt",
        "abs.txt",
        "sub/../../outside.txt",
        "/etc/passwd",
    ]:
        path = manifest(batch, {"text": ARABIC + " ١"}, {"path": target})
        refused(root, "ingest", "--manifest", str(path), match=r"line 2.*(inside|outside)")


def test_duplicate_source_ids_in_one_manifest(root: Path, files: Path) -> None:
    path = manifest(
        files,
        {"text": ARABIC + " أ", "source_id": "wire-1"},
        {"text": PERSIAN + " ب", "source_id": "wire-2"},
        {"text": ARABIC + " ج", "source_id": "wire-1"},
    )
    line = refused(root, "ingest", "--manifest", str(path), match="line 3")
    assert "wire-1" in line
    assert "line 1" in line


def test_the_same_capture_twice_in_one_manifest_is_added_once(root: Path, files: Path) -> None:
    text = ARABIC + " مكرر"
    result = cli(root, "ingest", "--manifest", str(manifest(files, {"text": text}, {"text": text})))
    assert_clean(result, 0)
    assert "1 added, 1 already in archive" in result.stderr


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--published", "2021-02-30"),
        ("--published", "31/12/2021"),
        ("--retrieved", "soon"),
        ("--lang", "klingon"),
        ("--lang", "xx"),
        ("--lang", "ar latn"),
        ("--url", "file:///etc/passwd"),
    ],
)
def test_invalid_dates_and_unknown_languages_on_the_command_line(
    root: Path, files: Path, option: str, value: str
) -> None:
    path = write(files, "a.txt", ARABIC + " " + value)
    refused(root, "ingest", str(path), option, value, code=2)


# --- ids, read-only archive, FIFOs and devices ------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        "../../etc/passwd",
        "urn:arshif:../x",
        "urn:arshif:529ae1d8c55a/../../x",
        "/etc/passwd",
        "%2e%2e%2f",
        "529ae1d8c55a\x00",
        "۵۲۹ae1d8c55a",
    ],
)
@pytest.mark.parametrize("command", ["show", "history", "withdraw"])
def test_ids_that_try_to_escape_the_archive(root: Path, given: str, command: str) -> None:
    args = {"show": [], "history": [], "withdraw": ["--reason", "x"]}[command]
    refused(root, command, given, *args, code=2)


def test_a_version_that_tries_to_escape(root: Path) -> None:
    record_id = short_id(next(SEEDS.glob("001_*.txt")).read_bytes())
    for version in ("../../x", "v1/../../x", "v0", "v999999999999", "-1"):
        before = snapshot(root)
        result = cli(root, "show", record_id, "--version", version)
        assert_clean(result, 2, 5)  # a usage error (not a version) or no such version
        assert snapshot(root) == before


def read_only_mount_works() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return probe.returncode == 0


def run_read_only(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI with `root` bind-mounted read-only in a private mount namespace.

    We run as root, so permissions would not stop a write; a read-only mount does, as on a
    read-only disk or share. The mount lives only in the namespace of that one command.
    """
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && shift && exec "$@"'
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, str(root), "--", *command(root), *args],
        capture_output=True,
        timeout=60,
        env=cli_env(),
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


@pytest.mark.skipif(not read_only_mount_works(), reason="needs unshare and mount (root)")
def test_a_read_only_archive_is_searched_and_refuses_writes_in_one_line(
    root: Path, files: Path
) -> None:
    record_id = short_id(next(SEEDS.glob("001_*.txt")).read_bytes())
    assert_clean(cli(root, "search", "الخفاجي"), 0)  # the index is current
    state = root / "indexes" / "state.json"
    saved = state.read_bytes()
    state.write_text('{"archive": "behind"}', "utf-8")  # and once as if it lagged
    before = snapshot(root)
    try:
        for lagging in (True, False):
            for args in (
                ["search", "الخفاجي", "--format", "json"],
                ["list"],
                ["show", record_id],
                ["verify"],
            ):
                assert_clean(run_read_only(root, *args), 0, 8)
            if lagging:
                state.write_bytes(saved)
                before = snapshot(root)
        path = write(files, "new.txt", ARABIC + " للقراءة فقط")
        for args in (
            ["ingest", str(path)],
            ["edit", record_id, "--set", "note=x"],
            ["reindex"],
            ["withdraw", record_id, "--reason", "x"],
            ["verify", "--repair"],
        ):
            result = run_read_only(root, *args)
            assert result.returncode == 11, (args, result.stderr)
            assert "read-only" in one_error_line(result)
        assert snapshot(root) == before
    finally:
        state.write_bytes(saved)
    without_index = files / "no-index"
    shutil.copytree(root, without_index, symlinks=True)
    shutil.rmtree(without_index / "indexes")
    result = run_read_only(without_index, "search", "الخفاجي")
    assert result.returncode == 11
    assert "no search index yet" in one_error_line(result)


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "/dev/urandom", "/dev/null"])
def test_fifo_or_device_given_as_a_file(root: Path, files: Path, target: str) -> None:
    path = files / "fifo" if target == "fifo" else Path(target)
    if target == "fifo":
        os.mkfifo(path)
    refused(root, "ingest", str(path), match="not a regular file", process=True)
    refused(root, "ingest", "--manifest", str(path), match="not a regular file", process=True)


def test_fifo_named_by_a_manifest(root: Path, files: Path) -> None:
    os.mkfifo(files / "pipe.txt")
    path = manifest(files, {"text": ARABIC}, {"path": "pipe.txt"})
    refused(
        root, "ingest", "--manifest", str(path), match="line 2.*not a regular file", process=True
    )


def test_a_folder_with_a_fifo_and_a_symlink_loop(root: Path, files: Path) -> None:
    folder = files / "captures"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    write(folder, "a.txt", ARABIC + " مجلد")
    result = run(root, "ingest", str(folder))  # a subprocess: a loop would hang
    assert_clean(result, 0)
    assert short_id((folder / "a.txt").read_bytes()) in result.stdout


def test_a_huge_manifest_line_is_refused_with_bounded_memory(root: Path, files: Path) -> None:
    path = files / "m.jsonl"
    path.write_text('{"text": "' + "ب" * 3_000_000 + '"}\n', "utf-8")
    code, peak, stderr = peak_memory(
        [*command(root), "ingest", "--manifest", str(path), "--max-size", "1000"], cli_env()
    )
    assert code == 6, stderr
    assert "line 1" in stderr
    assert "longer than" in stderr
    assert peak < 150, f"{peak} MiB"


def test_an_unknown_encoding_name(root: Path, files: Path) -> None:
    path = write(files, "a.txt", ARABIC)
    refused(root, "ingest", str(path), "--encoding", "no-such-codec", match="unknown encoding")
    refused(root, "ingest", str(path), "--encoding", "utf-16", match="UTF-16|utf-16")
