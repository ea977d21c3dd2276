"""`arshif edit`: correct a record's metadata (or its whole TEI in an editor) as a new version."""

from __future__ import annotations

from pathlib import Path

import click

from arshif.cli.context import AppContext, pass_app
from arshif.cli.params import message_option, report_version, writer_options
from arshif.errors import UsageError
from arshif.views import change_summary


@click.command("edit")
@click.argument("record_id", required=False)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Set a field: title, title.romanized, title.<lang>, outlet, author, published, "
    "url, lang, tags (tags=+t adds, tags=-t removes), note, source_id, retrieved. "
    "An empty VALUE clears the field. Repeatable.",
)
@click.option(
    "--from-csv",
    "csv_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Apply the edits of a CSV (as `arshif export` writes it).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="With --set or --from-csv: show what would change, write nothing.",
)
@message_option()
@writer_options
@pass_app
def edit_command(
    app: AppContext,
    record_id: str | None,
    assignments: tuple[str, ...],
    csv_path: Path | None,
    dry_run: bool,
    message: str | None,
    user: str | None,
    wait: float,
) -> None:
    """Correct a record: each edit is a new version, attributed and reversible.

    With --set, values are validated (ISO 8601 dates, BCP 47 languages, URLs) before anything
    is written. Without --set, the record's TEI opens in $VISUAL or $EDITOR; it is validated
    on save (re-edit or abort on errors); an unchanged file writes nothing.

    \b
    Examples:
      arshif edit 529ae1d8c55a --set outlet="السومرية نيوز" -m "Outlet from the site"
      arshif edit 529ae1d8c55a --set tags=+wire --set title.en="Iraq denies extension"
      arshif edit --from-csv fixes.csv --dry-run
    """
    repo = app.repo(lock_wait=wait)
    who = app.user(user)
    if csv_path is not None:
        if record_id or assignments:
            raise UsageError("--from-csv edits the records the CSV names; give no ID or --set")
        from arshif.cli.edit_csv import apply_csv

        apply_csv(repo, csv_path, dry_run, message, who)
        return
    if record_id is None:
        raise UsageError("give the ID of the record to edit")
    short = repo.resolve_id(record_id)
    if assignments:
        if dry_run:
            summary = change_summary(repo.preview_edit(short, assignments))
            click.echo(f"{short}\t{summary}" if summary else f"{short}: no change", err=not summary)
            click.echo("nothing written (--dry-run)", err=True)
            return
        report_version(short, repo.edit(short, assignments, message, who))
        return
    if dry_run:
        raise UsageError("--dry-run goes with --set or --from-csv")
    from arshif.cli.edit_editor import edit_in_editor

    edit_in_editor(repo, short, message, who)
