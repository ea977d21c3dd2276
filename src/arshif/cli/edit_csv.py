"""`arshif edit --from-csv`: apply a spreadsheet of metadata fixes, one version per record."""

from __future__ import annotations

from pathlib import Path

import click

from arshif.model import User
from arshif.repository import Repository
from arshif.views import change_summary


def apply_csv(repo: Repository, path: Path, dry_run: bool, message: str | None, user: User) -> None:
    if dry_run:
        plans = repo.plan_csv(path)
        for plan in plans:
            click.echo(f"{plan.id}\t(line {plan.line})\t{change_summary(plan.changes)}")
        click.echo(f"{len(plans)} record(s) would change; nothing written (--dry-run)", err=True)
        return
    written = repo.apply_csv(path, message, user, name=path.name)
    for item in written:
        click.echo(f"{item.id}\t{item.version.version}\t{item.version.message}")
    click.echo(
        f"{len(written)} record(s) changed" if written else "no changes in the CSV", err=True
    )
