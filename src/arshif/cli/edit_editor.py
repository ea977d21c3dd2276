"""Editing a record's TEI in the user's editor, checked on save like `visudo`."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

import click

from arshif.cli.params import report_version
from arshif.errors import ArshifError, ExternalToolError, InvalidRecord, UsageError
from arshif.model import Record, User
from arshif.repository import Repository


def edit_in_editor(repo: Repository, short_id: str, message: str | None, user: User) -> None:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("set $VISUAL or $EDITOR to edit the record, or use --set FIELD=VALUE")
    head = repo.head(short_id)
    original = repo.record_tei(short_id, head)
    with tempfile.TemporaryDirectory(prefix="arshif-edit-") as folder:
        path = Path(folder) / f"{short_id}.xml"
        path.write_bytes(original)
        edited = _edit_until_valid(editor, path, original)
        if edited is None:
            click.echo(f"{short_id}: unchanged, no new version", err=True)
            return
        try:
            info = repo.replace_record(short_id, edited, message, user, expected_head=head)
        except ArshifError:
            click.echo(f"arshif: your edited record is kept in {_keep(path, short_id)}", err=True)
            raise
    report_version(short_id, info)


def _edit_until_valid(editor: str, path: Path, original: bytes) -> Record | None:
    """Run the editor until the file validates (the record), is unchanged (None), or the user
    gives up (InvalidRecord)."""
    while True:
        _run(editor, path)
        data = path.read_bytes()
        if data == original:
            return None
        checked = Repository.read_edited_tei(data, original)
        if isinstance(checked, Record):
            return checked
        for line in checked[:10]:
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
