"""`arshif edit --from-csv`: apply a spreadsheet of metadata fixes, one version per record."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from arshif.cli.params import report_version
from arshif.curator import Curator
from arshif.model import User


def apply_csv(curator: Curator, path: Path, dry_run: bool, message: str | None,
              user: User) -> None:
    from arshif.curation.csvedit import plan_edits, read_edit_csv
    from arshif.curation.fields import summarize_changes

    repo = curator.repo
    current = {r.id: r.metadata for r in repo.records()}
    plans = plan_edits(read_edit_csv(path, current), current)
    if not plans:
        click.echo("no changes in the CSV", err=True)
        return
    for plan in plans:
        summary = summarize_changes(plan.changes)
        if dry_run:
            click.echo(f"{plan.id}\t(line {plan.line})\t{summary}")
            continue
        new = plan.new
        info = curator.new_version(
            plan.id, lambda r, new=new: dataclasses.replace(r, metadata=new),
            message or f"Batch edit from {path.name}: {summary}", user)
        report_version(plan.id, info)
    if dry_run:
        click.echo(f"{len(plans)} record(s) would change; nothing written (--dry-run)", err=True)
