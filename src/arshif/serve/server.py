"""Running the application under waitress: bind, announce the URL, serve until Ctrl-C/SIGTERM."""

from __future__ import annotations

import ipaddress
import signal
import socket
from collections.abc import Callable
from types import FrameType

from waitress.server import create_server

from arshif.config import Settings
from arshif.errors import UsageError
from arshif.serve.app import ServeConfig, default_repository_id
from arshif.serve.wsgi import create_app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host`:`port` (port 0: a free one), or `UsageError` saying why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.listen(1024)
    return sock


def serve(
    settings: Settings,
    sock: socket.socket,
    *,
    base_url: str | None,
    oai_page_size: int,
    repository_id: str | None,
    admin_email: str | None,
    threads: int,
    on_ready: Callable[[ServeConfig, str], None],
) -> None:
    """Serve the archive on `sock` until interrupted (Ctrl-C or SIGTERM), then stop cleanly."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    listening = f"http://{shown}:{port}"
    url = (base_url or listening).rstrip("/")
    config = ServeConfig(
        settings,
        url,
        oai_page_size=oai_page_size,
        repository_id=repository_id or default_repository_id(url),
        admin_email=admin_email,
    )
    server = create_server(
        create_app(config),
        sockets=[sock],
        threads=threads,
        ident="arshif",
        clear_untrusted_proxy_headers=True,
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # Ctrl-C and SIGTERM stop the server; SIGINT too when the shell started it with SIGINT
    # ignored (a background job of a script), where Python would not raise KeyboardInterrupt.
    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        on_ready(config, listening)
        server.run()  # returns after a KeyboardInterrupt, once the worker threads stopped
    except KeyboardInterrupt:
        pass  # stopped before the loop started: nothing was being served
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        server.close()
