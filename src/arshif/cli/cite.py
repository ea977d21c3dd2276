"""`arshif cite`: citations of records for reference managers and LaTeX, in the original script."""

from __future__ import annotations

from typing import Any

import click

from arshif.cli.context import AppContext, pass_app

#: ``--format`` choices of `cite` and of `search --cite` (aliases included).
CITE_FORMATS = (
    "biblatex",
    "bibtex",
    "ris",
    "csl-json",
    "chicago",
    "chicago-author-date",
    "chicago-note-bibliography",
    "apa",
)


@click.command("cite")
@click.argument("record_ids", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CITE_FORMATS),
    default="biblatex",
    show_default=True,
    help="biblatex and bibtex for LaTeX; ris and csl-json for Zotero, "
    "Mendeley, EndNote and Pandoc; chicago (notes-bibliography), chicago-author-date "
    "and apa as formatted references.",
)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", atomic=True),
    default="-",
    help="Write to this file instead of stdout.",
)
@pass_app
def cite_command(app: AppContext, record_ids: tuple[str, ...], fmt: str, output: Any) -> None:
    """Cite records. Titles stay in their own script (logical order, never reshaped); the
    outlet, dates, URL, access date, language and a link back to the archive record are given
    when the record holds them, and nothing is invented. An untitled record is cited by its
    own first words in brackets; every citation names the archive holding the record (its
    name: `arshif config name`) and, without a URL, gives the capture date as access date.

    \b
    Examples:
      arshif cite e614df118260 --format biblatex -o refs.bib
      arshif cite e614df118260 211c54ea0d5b --format ris > refs.ris
      arshif cite e614df118260 --format apa
      arshif search "انسحاب" --cite csl-json --limit 5
    """
    repo = app.repo()
    output.write(repo.cite([repo.resolve_id(given) for given in record_ids], fmt))
