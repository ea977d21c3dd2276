"""Editing a record's TEI in the user's editor, checked on save like `visudo`."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

import click

from arshif.cli.params import report_version
from arshif.curator import Curator
from arshif.errors import ExternalToolError, InvalidRecord, UsageError
from arshif.model import User


def edit_in_editor(curator: Curator, short_id: str, message: str | None, user: User) -> None:
    from arshif.tei import record_from_tei, record_to_tei, validate_record

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("set $VISUAL or $EDITOR to edit the record, or use --set FIELD=VALUE")
    original = record_to_tei(curator.repo.record(short_id))
    with tempfile.TemporaryDirectory(prefix="arshif-edit-") as folder:
        path = Path(folder) / f"{short_id}.xml"
        path.write_bytes(original)
        while True:
            _run(editor, path)
            data = path.read_bytes()
            if data == original:
                click.echo(f"{short_id}: unchanged, no new version", err=True)
                return
            errors = validate_record(data)
            if not errors:
                try:
                    edited = record_from_tei(data)
                except InvalidRecord as exc:
                    errors = [str(exc)]
            if not errors:
                break
            for line in errors[:10]:
                click.echo(f"  {line}", err=True)
            if not click.confirm("The record does not validate. Edit again?", default=True,
                                 err=True):
                raise InvalidRecord("edit abandoned: the record did not validate; nothing written")
    report_version(short_id, curator.replace_record(short_id, edited, message, user))


def _run(editor: str, path: Path) -> None:
    try:
        code = subprocess.call([*shlex.split(editor), str(path)])
    except OSError as exc:
        raise ExternalToolError(f"cannot start the editor {editor!r}: {exc.strerror}") from exc
    if code != 0:
        raise ExternalToolError(f"the editor {editor!r} exited with status {code}; nothing written")
