"""The `arshif` command line: a thin layer over `arshif.repository.Repository`.

This module holds the root group and the one place where an `ArshifError` becomes one line on
stderr and its exit code (see docs/cli.md for the table). Subcommands live one per module and
are imported only when invoked, so `arshif search` starts fast.
"""

from __future__ import annotations

import errno
import importlib
from pathlib import Path
from typing import Any

import click

from arshif import __version__
from arshif.cli.context import ROOT_HELP, AppContext, with_root_option
from arshif.errors import ArshifError

#: command name → "module:function" (imported on use)
COMMANDS: dict[str, str] = {
    "init": "arshif.cli.init:init_command",
    "config": "arshif.cli.config:config_command",
    "ingest": "arshif.cli.ingest:ingest_command",
    "search": "arshif.cli.search:search_command",
    "show": "arshif.cli.show:show_command",
    "list": "arshif.cli.list:list_command",
    "verify": "arshif.cli.verify:verify_command",
    "reindex": "arshif.cli.reindex:reindex_command",
    "edit": "arshif.cli.edit:edit_command",
    "history": "arshif.cli.history:history_command",
    "diff": "arshif.cli.diff:diff_command",
    "revert": "arshif.cli.revert:revert_command",
    "withdraw": "arshif.cli.withdraw:withdraw_command",
    "restore": "arshif.cli.withdraw:restore_command",
    "link": "arshif.cli.link:link_command",
    "duplicates": "arshif.cli.duplicates:duplicates_command",
    "export": "arshif.cli.export:export_command",
    "import": "arshif.cli.import_bag:import_command",
    "cite": "arshif.cli.cite:cite_command",
    "kwic": "arshif.cli.kwic:kwic_command",
    "similar": "arshif.cli.similar:similar_command",
    "stats": "arshif.cli.stats:stats_command",
    "completion": "arshif.cli.completion:completion_command",
    "serve": "arshif.cli.serve:serve_command",
}

#: Exit code for a failure arshif did not foresee (a bug): one line, traceback with --debug.
INTERNAL_ERROR = 70


class ReportedError(click.ClickException):
    """An error shown as one line, ``arshif: error: …``, with its documented exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        # ClickException declares exit_code as a class variable; click reads it to exit.
        setattr(self, "exit_code", exit_code)  # noqa: B010

    def show(self, file: Any = None) -> None:
        click.echo(f"arshif: error: {self.format_message()}", err=True)


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used (fast start-up).

    It is also the one place where errors become output: an `ArshifError` (or an unforeseen
    exception) becomes one line on stderr and its exit code, unless ``--debug`` asks for the
    traceback.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, name = target.partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return with_root_option(command)  # --root after the subcommand as well as before

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except ArshifError as exc:
            if _debug(ctx):
                raise
            raise ReportedError(str(exc), exc.exit_code) from exc
        except KeyboardInterrupt:
            raise ReportedError("interrupted", 130) from None
        except Exception as exc:  # a bug: still one line, unless --debug
            if _debug(ctx) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE):
                raise
            message = f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)"
            raise ReportedError(message, INTERNAL_ERROR) from exc


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help=ROOT_HELP,
)
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(__version__, prog_name="arshif")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """arshif: an archive of Arabic and Persian news, with versioned TEI records and search.

    \b
    Examples:
      arshif search "انسحاب القوات"
      arshif show 529ae1d8c55a --format json
      arshif ingest article.txt --outlet "kayhan.ir" --published 2021-07-31
    """
    ctx.obj = AppContext(root_option=root, debug=debug)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and of ``python -m arshif``."""
    cli.main(args=argv, prog_name="arshif")


def _debug(ctx: click.Context) -> bool:
    obj = ctx.find_object(AppContext)
    return bool(obj and obj.debug)
