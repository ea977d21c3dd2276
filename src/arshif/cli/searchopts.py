"""Option helpers shared by `search`, `kwic` and `similar`: facet lists."""

from __future__ import annotations

import click

from arshif.views import FACETS


def facet_list(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """``--facet outlet,year --facet tag`` → ("outlet", "year", "tag"); unknown names refused."""
    names: list[str] = []
    for item in value:
        for name in (part.strip().lower() for part in item.split(",")):
            if not name:
                continue
            if name not in FACETS:
                raise click.BadParameter(
                    f"{name!r} is not a facet; choose from {', '.join(FACETS)}", ctx, param
                )
            if name not in names:
                names.append(name)
    return tuple(names)
