"""`arshif edit --from-csv`: apply a spreadsheet of metadata fixes, one version per record."""

from __future__ import annotations

from pathlib import Path

import click

from arshif.curator import Curator
from arshif.model import User


def apply_csv(curator: Curator, path: Path, dry_run: bool, message: str | None, user: User) -> None:
    from arshif.curation.fields import summarize_changes

    if dry_run:
        plans = curator.plan_csv(path)
        for plan in plans:
            click.echo(f"{plan.id}\t(line {plan.line})\t{summarize_changes(plan.changes)}")
        click.echo(f"{len(plans)} record(s) would change; nothing written (--dry-run)", err=True)
        return
    written = curator.apply_csv(path, message, user, name=path.name)
    for item in written:
        click.echo(f"{item.id}\t{item.version.version}\t{item.version.message}")
    click.echo(
        f"{len(written)} record(s) changed" if written else "no changes in the CSV", err=True
    )
