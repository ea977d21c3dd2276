"""The Flask application of `arshif serve`: its pages, API and OAI-PMH blueprints, security
headers, errors and template filters (`create_app`; its configuration is `arshif.serve.app`).

Every response carries a Content-Security-Policy that allows no script at all (the reader needs
none), no framing and no plugins; errors are pages (or JSON under ``/api/``) with one line and
never a traceback. Only GET and HEAD are answered (anything else: 405). Links the server makes
start with the configured base URL, never with the request's Host header.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, render_template, request
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from arshif.errors import ArshifError, ObjectNotFound, UsageError
from arshif.model import HIGHLIGHT_END, HIGHLIGHT_START
from arshif.serve.app import ServeConfig
from arshif.serve.readers import Readers

log = logging.getLogger("arshif.serve")

#: No script, no frames, no plugins; styles and images only from this server.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: Bidi embeddings, overrides and isolates: shown as visible code points in titles and texts
#: (a record's own ZWNJ, LRM and RLM are left as they are).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def create_app(config: ServeConfig) -> Flask:
    """The WSGI application serving the archive of `config` (read-only)."""
    from arshif.serve import api, oai, pages  # (they use arshif.serve.app, not this module)

    app = Flask("arshif.serve", static_folder="static", template_folder="templates")
    app.config["ARSHIF"] = config
    app.config["MAX_CONTENT_LENGTH"] = 0
    app.extensions["arshif.readers"] = Readers(config.settings)
    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.filters["visible"] = visible_controls
    app.jinja_env.filters["fieldvalue"] = field_value
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.jinja_env.globals["site"] = config
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(oai.blueprint)

    @app.before_request
    def read_only() -> None:
        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(valid_methods=["GET", "HEAD"])

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if response.status_code == 405:
            response.headers["Allow"] = "GET, HEAD"
        return response

    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ArshifError, _arshif_error)
    app.register_error_handler(Exception, _internal_error)
    return app


def error_response(status: int, message: str) -> Response:
    """An error as one clear line: JSON under ``/api/``, else a small page."""
    if request.path.startswith("/api/"):
        from flask import jsonify

        response = jsonify({"error": message, "status": status})
    else:
        html = render_template("error.html", status=status, message=message)
        response = Response(html, content_type="text/html; charset=utf-8")
    response.status_code = status
    return response


def _http_error(error: HTTPException) -> Response:
    messages = {
        404: "there is nothing at this address",
        405: "this server is read-only: it answers GET and HEAD only",
    }
    status = error.code or 500
    return error_response(status, messages.get(status, error.description or error.name))


def _arshif_error(error: ArshifError) -> Response:
    if isinstance(error, ObjectNotFound):
        return error_response(404, str(error))
    if isinstance(error, UsageError):
        return error_response(400, str(error))
    log.error("%s on %s: %s", type(error).__name__, request.path, error)
    return error_response(503, f"the archive cannot answer now: {error}")


def _internal_error(error: Exception) -> Response:
    if isinstance(error, HTTPException):  # pragma: no cover - dispatched to _http_error
        return _http_error(error)
    log.exception("internal error on %s", request.path)
    return error_response(500, "internal error (the server's log has the details)")


def highlight(snippet: str | None) -> Markup:
    """A snippet as HTML: every piece escaped, the matched words in ``<mark>``."""
    if not snippet:
        return Markup("")
    out: list[str] = []
    for piece in snippet.split(HIGHLIGHT_START):
        word, marked, rest = piece.partition(HIGHLIGHT_END)
        if marked:
            out.append(f"<mark>{visible_controls(word)}</mark>{visible_controls(rest)}")
        else:
            out.append(str(visible_controls(piece)))
    return Markup("".join(out))


def visible_controls(text: Any) -> Markup:
    """`text` escaped, its bidi embedding/override/isolate controls shown as ``<U+202E>``."""
    if text is None:
        return Markup("")
    escaped = str(escape(str(text)))
    return Markup(_BIDI_CONTROLS.sub(lambda m: f"&lt;U+{ord(m.group()):04X}&gt;", escaped))


def field_value(value: Any) -> Markup:
    """A metadata value of a diff (text, tags as a tuple, or None) as escaped text."""
    if isinstance(value, tuple | list):
        return visible_controls(", ".join(str(v) for v in value))
    return visible_controls(value)


__all__ = ["create_app", "error_response"]
