"""`arshif serve`: the read-only web reader and OAI-PMH endpoint (`arshif.serve`)."""

from __future__ import annotations

import click

from arshif.cli.context import AppContext, pass_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8800,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="The public URL of the server, e.g. behind a reverse proxy "
    "(default: http://HOST:PORT). Links and OAI identifiers use it, never the Host header.",
)
@click.option(
    "--oai-page-size",
    type=click.IntRange(1, 1000),
    default=100,
    show_default=True,
    help="Records per OAI-PMH list response (then a resumption token).",
)
@click.option(
    "--repository-id", metavar="DOMAIN", help="OAI repository identifier (oai:DOMAIN:id)."
)
@click.option(
    "--admin-email", metavar="EMAIL", help="OAI Identify adminEmail (default: the archive's)."
)
@click.option(
    "--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="Worker threads."
)
@pass_app
def serve_command(
    app: AppContext,
    host: str,
    port: int,
    base_url: str | None,
    oai_page_size: int,
    repository_id: str | None,
    admin_email: str | None,
    threads: int,
) -> None:
    """Serve the archive read-only: a right-to-left web reader, a JSON API and OAI-PMH 2.0.

    Listens on 127.0.0.1 unless told otherwise (and warns when it is); answers GET and HEAD
    only; stops on Ctrl-C. See docs/serve.md.

    \b
    Examples:
      arshif serve
      arshif serve --port 8080 --base-url https://news.example.org/arshif
      curl 'http://127.0.0.1:8800/oai?verb=Identify'
    """
    from arshif.serve.app import ServeConfig
    from arshif.serve.server import bind, is_loopback, serve

    repo = app.repo()
    repo.index()  # build a missing index now, not at the first request
    if not is_loopback(host):
        click.echo(f"arshif: warning: listening on {host}, not only this machine", err=True)
    sock = bind(host, port)

    def ready(config: ServeConfig, listening: str) -> None:
        public = "" if config.base_url == listening else f" (public URL {config.base_url}/)"
        click.echo(f"arshif: serving {repo.settings.root} at {listening}/{public}", err=True)
        click.echo("arshif: read-only; Ctrl-C stops", err=True)
        click.echo(f"{listening}/")

    serve(
        repo.settings,
        sock,
        base_url=base_url,
        oai_page_size=oai_page_size,
        repository_id=repository_id,
        admin_email=admin_email,
        threads=threads,
        on_ready=ready,
    )
    click.echo("arshif: stopped", err=True)
