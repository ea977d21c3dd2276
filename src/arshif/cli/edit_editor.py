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
from arshif.errors import (
    ArshifError,
    ExternalToolError,
    InvalidRecord,
    UsageError,
    ValidationError,
)
from arshif.model import Record, User


def edit_in_editor(curator: Curator, short_id: str, message: str | None, user: User) -> None:
    from arshif.tei import record_to_tei

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("set $VISUAL or $EDITOR to edit the record, or use --set FIELD=VALUE")
    head = curator.head(short_id)
    original = record_to_tei(curator.repo.record(short_id, head))
    with tempfile.TemporaryDirectory(prefix="arshif-edit-") as folder:
        path = Path(folder) / f"{short_id}.xml"
        path.write_bytes(original)
        edited = _edit_until_valid(editor, path, original)
        if edited is None:
            click.echo(f"{short_id}: unchanged, no new version", err=True)
            return
        try:
            info = curator.replace_record(short_id, edited, message, user, expected_head=head)
        except ArshifError:
            click.echo(f"arshif: your edited record is kept in {_keep(path, short_id)}", err=True)
            raise
    report_version(short_id, info)


def _edit_until_valid(editor: str, path: Path, original: bytes) -> Record | None:
    """Run the editor until the file validates (the record), is unchanged (None), or the user
    gives up (InvalidRecord)."""
    from arshif.curation.fields import check_edited
    from arshif.tei import record_from_tei, validate_record
    from arshif.tei.titles import keep_titles_in_step

    while True:
        _run(editor, path)
        data = path.read_bytes()
        if data == original:
            return None
        data = keep_titles_in_step(data, original)  # one copy of the title edited: both
        errors = validate_record(data)
        if not errors:
            try:
                record = record_from_tei(data)
                check_edited(record_from_tei(original).metadata, record.metadata)
                return record
            except (InvalidRecord, ValidationError) as exc:
                errors = [str(exc)]
        for line in errors[:10]:
            click.echo(f"  {line}", err=True)
        try:
            again = click.confirm(
                "The record does not validate. Edit again?", default=True, err=True
            )
        except click.Abort:  # end of input: nobody to answer
            click.echo("", err=True)
            again = False
        if not again:
            raise InvalidRecord("edit abandoned: the record did not validate; nothing written")


def _keep(path: Path, short_id: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=f"arshif-edit-{short_id}-", suffix=".xml")
    with os.fdopen(handle, "wb") as out:
        out.write(path.read_bytes())
    return Path(name)


def _run(editor: str, path: Path) -> None:
    try:
        code = subprocess.call([*shlex.split(editor), str(path)])
    except OSError as exc:
        raise ExternalToolError(f"cannot start the editor {editor!r}: {exc.strerror}") from exc
    if code != 0:
        raise ExternalToolError(f"the editor {editor!r} exited with status {code}; nothing written")
