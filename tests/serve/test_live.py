"""The server while the archive changes: a writer ingesting in another process (each new
record is found once committed, never half of one), a long-lived reader after edits and
withdrawals, and the command itself (URL, warning, a clean stop on Ctrl-C)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from arshif.api import Archive
from tests.archives import USER, copy_root, run, write_manifest
from tests.cli.helpers import seed_ids
from tests.serve.conftest import Server
from tests.serve.helpers import get

WORD = "زمردینه"  # in no seed: each ingested record below holds it once


def _found(server: Server) -> tuple[int, list[str]]:
    reply = get(server.url + "/api/search", {"q": WORD, "limit": "100"})
    assert reply.status == 200, reply.text
    data = json.loads(reply.body)
    return data["total"], [hit["id"] for hit in data["hits"]]


def test_sees_each_record_once_committed_while_a_writer_ingests(
    seeds_root: Path, tmp_path: Path
) -> None:
    root = copy_root(seeds_root, tmp_path / "root")
    entries = [
        {
            "text": f"خبر شماره {n} درباره {WORD} و بازار کتاب در تهران. " * 8,
            "lang": "fa",
            "title": f"خبر {n}",
        }
        for n in range(40)
    ]
    manifest = write_manifest(tmp_path / "batch.jsonl", entries)
    server = Server(root)
    try:
        assert _found(server) == (0, [])
        env = {**os.environ, "ARSHIF_USER": USER}
        writer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "arshif",
                "--root",
                str(root),
                "ingest",
                "--manifest",
                str(manifest),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        seen: list[tuple[int, list[str]]] = []
        while writer.poll() is None:
            seen.append(_found(server))
        _, errors = writer.communicate()
        assert writer.returncode == 0, errors
        seen.append(_found(server))
        for total, ids in seen:
            assert len(ids) == total  # every counted record is there, whole
            for short in ids:
                record = get(server.url + f"/api/records/{short}")
                assert record.status == 200
                assert WORD in " ".join(json.loads(record.body)["text"])
        assert seen[-1][0] == 40
        assert [total for total, _ in seen] == sorted(total for total, _ in seen)
    finally:
        assert server.stop()[0] == 0


def test_a_long_lived_reader_sees_edits_and_withdrawals(seeds_root: Path, tmp_path: Path) -> None:
    """The Python API kept open (a notebook): a withdrawn record leaves its results."""
    root = copy_root(seeds_root, tmp_path / "root")
    ids = seed_ids()
    archive = Archive.open(root)
    assert ids["002"] in [hit.id for hit in archive.search("العراق", limit=50)]
    result = run(root, "withdraw", ids["002"], "--reason", "test", "--user", USER)
    assert result.exit_code == 0, result.output
    assert ids["002"] not in [hit.id for hit in archive.search("العراق", limit=50)]
    result = run(
        root, "edit", ids["001"], "--set", "title=عنوان جديد تماما", "-m", "t", "--user", USER
    )
    assert result.exit_code == 0, result.output
    assert [hit.id for hit in archive.search("title:تماما")] == [ids["001"]]


def test_command_warns_off_loopback_and_stops_cleanly(tmp_path: Path) -> None:
    root = tmp_path / "root"
    run(root, "init")
    command = [
        sys.executable,
        "-m",
        "arshif",
        "--root",
        str(root),
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        "0",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    assert url.startswith("http://0.0.0.0:")
    port = url.rstrip("/").rpartition(":")[2]
    assert get(f"http://127.0.0.1:{port}/").status == 200
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "warning: listening on 0.0.0.0" in err
    assert err.strip().endswith("arshif: stopped")
    assert "Traceback" not in err


def test_busy_port_is_one_line(tmp_path: Path) -> None:
    import socket

    root = tmp_path / "root"
    run(root, "init")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "arshif", "--root", str(root), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.startswith(f"arshif: error: cannot listen on 127.0.0.1:{port}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_threads_serve_concurrent_readers(mutable_server: Server) -> None:
    errors: list[str] = []

    def read() -> None:
        for _ in range(5):
            reply = get(mutable_server.url + "/", {"q": "العراق"})
            if reply.status != 200:
                errors.append(reply.text)

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_ctrl_c_stops_it_even_when_started_with_sigint_ignored(tmp_path: Path) -> None:
    """A shell script's background job starts with SIGINT ignored; the server still stops."""
    root = tmp_path / "root"
    run(root, "init")
    process = subprocess.Popen(
        [sys.executable, "-m", "arshif", "--root", str(root), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("http://127.0.0.1:")
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert err.strip().endswith("arshif: stopped")


def test_an_admin_email_that_is_not_one_is_refused(tmp_path: Path) -> None:
    """`serve --admin-email` follows the rule of `arshif config admin_email`."""
    root = tmp_path / "root"
    run(root, "init")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "arshif",
            "--root",
            str(root),
            "serve",
            "--port",
            "0",
            "--admin-email",
            "not an email",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "not an e-mail address" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
