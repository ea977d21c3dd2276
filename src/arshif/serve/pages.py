"""The reader's pages: search, a record (any version), the diff of two versions, a withdrawn
record's 410, and the record's downloads (citations, TEI, the original capture)."""

from __future__ import annotations

import math
import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, render_template, request
from werkzeug.exceptions import NotFound

from arshif.errors import ArshifError, ObjectNotFound
from arshif.model import RECORD_PATH, Record, VersionInfo, object_id_for
from arshif.repository import Repository
from arshif.serve.app import readers, site
from arshif.serve.params import MAX_OFFSET, SearchRequest, parse_search

blueprint = Blueprint("pages", __name__)

#: Citation format → (media type, file extension).
CITATION_TYPES = {
    "biblatex": ("application/x-bibtex", "bib"),
    "bibtex": ("application/x-bibtex", "bib"),
    "ris": ("application/x-research-info-systems", "ris"),
    "csl-json": ("application/vnd.citationstyles.csl+json", "json"),
    "chicago-author-date": ("text/plain", "txt"),
    "chicago-note-bibliography": ("text/plain", "txt"),
    "apa": ("text/plain", "txt"),
}
#: A record id in a path: the whole short id (no prefixes: finding one would walk the archive).
_RECORD_ID = re.compile(r"[0-9a-f]{12,64}")
RTL_LANGS = ("ar", "fa", "ur", "ps", "ckb", "he")


def link(path: str, params: dict[str, str] | None = None) -> str:
    """A link to `path` of this server under the configured base URL's path."""
    prefix = urlsplit(site().base_url).path.rstrip("/")
    return prefix + path + ("?" + urlencode(params) if params else "")


def direction(lang: str | None) -> str:
    """``rtl`` for Arabic-script languages, ``auto`` otherwise (the browser decides)."""
    return "rtl" if lang and lang.split("-")[0].lower() in RTL_LANGS else "auto"


@blueprint.app_context_processor
def helpers() -> dict[str, Any]:
    try:
        name = readers().repository().config.name
    except ArshifError:
        name = "arshif"
    return {"link": link, "direction": direction, "archive_name": name}


@blueprint.get("/")
def search_page() -> str:
    form = parse_search(request.args)
    page = None
    if form.query:
        page = readers().repository().search_page(form.query, suggest=True, **form.options())
    pages = min(math.ceil(page.total / form.limit), MAX_OFFSET // form.limit + 1) if page else 0
    return render_template(
        "search.html", form=form, page=page, pages=pages, facet_link=_facet_link(form)
    )


def _facet_link(form: SearchRequest) -> Any:
    def make(name: str, value: str) -> str:
        if name == "year":
            return link("/", form.params(since=value, until=value, page=None))
        return link("/", form.params(**{name: value, "page": None}))

    return make


def record_of(record_id: str) -> tuple[Repository, str]:
    """The repository and the short id of a record named in a path (404 if there is none)."""
    repo = readers().repository()
    short = record_id.lower()
    if not _RECORD_ID.fullmatch(short) or not repo.store.has_object(object_id_for(short)):
        raise ObjectNotFound(f"no record {record_id!r} in this archive")
    return repo, short


def version_of(repo: Repository, short: str) -> tuple[list[VersionInfo], str | None]:
    """The record's versions and the one asked for with ``?version=`` (404 if it has none)."""
    versions = repo.versions(short)
    wanted = request.args.get("version") or None
    if wanted is not None and wanted not in {v.version for v in versions}:
        raise ObjectNotFound(f"record {short} has no version {wanted!r}")
    return versions, wanted


def gone(record: Record) -> Response:
    """410 Gone: when, by whom and why the record was withdrawn, not its text."""
    html = render_template("gone.html", record=record, withdrawal=record.withdrawn)
    return Response(html, status=410, content_type="text/html; charset=utf-8")


@blueprint.get("/records/<record_id>")
def record_page(record_id: str) -> Response | str:
    repo, short = record_of(record_id)
    versions, wanted = version_of(repo, short)
    head = repo.record(short)
    if head.withdrawn is not None:
        return gone(head)
    record = head if wanted is None else repo.record(short, wanted)
    return render_template(
        "record.html",
        record=record,
        versions=versions,
        shown=wanted or versions[-1].version,
        related=repo.related(record),
        citations=list(CITATION_TYPES),
    )


@blueprint.get("/records/<record_id>/diff")
def diff_page(record_id: str) -> Response | str:
    repo, short = record_of(record_id)
    versions = [v.version for v in repo.versions(short)]
    head = repo.record(short)
    if head.withdrawn is not None:
        return gone(head)
    first = request.args.get("from") or (versions[-2] if len(versions) > 1 else versions[0])
    second = request.args.get("to") or versions[-1]
    diff = repo.diff(short, first, second)
    return render_template(
        "diff.html", record=head, diff=diff, versions=versions, first=first, second=second
    )


@blueprint.get("/records/<record_id>/cite/<fmt>")
def citation(record_id: str, fmt: str) -> Response:
    if fmt not in CITATION_TYPES:
        raise NotFound()
    repo, short = record_of(record_id)
    record = repo.record(short)
    if record.withdrawn is not None:
        return gone(record)
    media_type, extension = CITATION_TYPES[fmt]
    text = repo.cite([short], fmt)
    return Response(
        text,
        content_type=f"{media_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{short}-{fmt}.{extension}"'},
    )


@blueprint.get("/records/<record_id>/tei")
def tei(record_id: str) -> Response:
    repo, short = record_of(record_id)
    _, wanted = version_of(repo, short)
    head = repo.record(short)
    if head.withdrawn is not None:
        return gone(head)
    data = repo.store.read(head.object_id, RECORD_PATH, wanted)
    return Response(
        data,
        content_type="application/tei+xml; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{short}.xml"'},
    )


@blueprint.get("/records/<record_id>/capture")
def capture(record_id: str) -> Response:
    """The original capture, byte-exact, as a download (never rendered by the browser)."""
    repo, short = record_of(record_id)
    record = repo.record(short)
    if record.withdrawn is not None:
        return gone(record)
    path, data = repo.capture(short)
    name = PurePosixPath(path).name.replace('"', "") or "capture"
    charset = f"; charset={record.capture.encoding}" if record.capture.encoding else ""
    return Response(
        data,
        content_type=f"{record.capture.media_type}{charset}",
        headers={
            "Content-Disposition": f'attachment; filename="{short}-{name}"',
            "Content-Security-Policy": "sandbox; default-src 'none'",
        },
    )
