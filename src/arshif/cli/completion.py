"""`arshif completion`: print the shell completion script (click's) for bash, zsh or fish."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class


@click.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@click.pass_context
def completion_command(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL; source it from your shell's start-up file.

    Commands, options and choices (formats, sort orders, facets) complete with Tab.

    \b
    Examples:
      eval "$(arshif completion bash)"                  # in ~/.bashrc
      eval "$(arshif completion zsh)"                   # in ~/.zshrc
      arshif completion fish > ~/.config/fish/completions/arshif.fish
    """
    root = ctx.find_root().command
    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(root, {}, "arshif", "_ARSHIF_COMPLETE").source())
