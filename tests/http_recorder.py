"""A local HTTP server that records every request, for proving XML parsing never fetches."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

#: What the server answers; a test asserts its marker never reaches a result.
PAYLOAD_MARKER = "FETCHED_LEAK"


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f'<!ENTITY remote "{PAYLOAD_MARKER}">'.encode())

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def recording_server() -> Iterator[str]:
    """Serve on 127.0.0.1 (a free port) until the block ends; yields the base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
