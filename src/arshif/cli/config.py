"""`arshif config`: show the archive's own settings, change its name and contact."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from arshif.cli.context import AppContext, pass_app
from arshif.errors import UsageError

#: Settings a user may change here (the search engine is chosen by `reindex`).
EDITABLE = ("name", "admin_email")


@click.command("config")
@click.argument("key", required=False, type=click.Choice([*EDITABLE, "engine"]))
@click.argument("value", required=False)
@click.option("--unset", is_flag=True, help="Clear KEY (admin_email only; a name is required).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to show the settings.")  # fmt: skip
@pass_app
def config_command(
    app: AppContext, key: str | None, value: str | None, unset: bool, fmt: str
) -> None:
    """Show the archive's settings, one (KEY), or set KEY to VALUE.

    The settings live in ROOT/archive/arshif.json and travel with the archive. The name is
    cited as where records are held (CSL archive, RIS DP, BibLaTeX eprinttype); the contact
    e-mail is for harvesters; the search engine (whoosh or tantivy) is shown here, chosen by
    `arshif init --engine` and switched by `arshif reindex --engine`. A change is made under
    the archive's writer lock.

    \b
    Examples:
      arshif config
      arshif config name
      arshif config name "أرشيف الصحافة العراقية"
      arshif config admin_email archivist@example.org
      arshif config admin_email --unset
      arshif config engine
    """
    repo = app.repo()
    if unset:
        if key is None or value is not None:
            raise UsageError("--unset takes a KEY and no VALUE")
        value = ""
    if value is not None:
        if key not in EDITABLE:
            raise UsageError(f"{key} cannot be set here (settable: {', '.join(EDITABLE)})")
        config = repo.configure(**{key: value})
    else:
        config = repo.config
    settings = asdict(config)
    if key is not None and value is None:
        shown = settings[key]
        click.echo(json.dumps(shown, ensure_ascii=False) if fmt == "json" else (shown or ""))
    elif fmt == "json":
        click.echo(json.dumps(settings, ensure_ascii=False, indent=2, sort_keys=True))
    elif value is None:
        for name, setting in settings.items():
            click.echo(f"{name}\t{'' if setting is None else setting}")
