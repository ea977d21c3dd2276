"""The JSON API: ``/api/search`` and ``/api/records/<id>``, in the CLI's JSON shapes.

``/api/search?q=...`` answers what ``arshif search --format json`` prints (`views.page_view`;
``facet=outlet,lang`` adds the counts), ``/api/records/<id>`` what ``arshif show --format json``
prints (`views.shown_record`); a withdrawn record is a 410 with its withdrawal.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from arshif.errors import UsageError
from arshif.serve.app import readers
from arshif.serve.pages import record_of, version_of
from arshif.serve.params import parse_search
from arshif.views import json_text, page_view, record_view, shown_record

blueprint = Blueprint("api", __name__, url_prefix="/api")


@blueprint.get("/search")
def search() -> Response:
    form = parse_search(request.args, api=True)
    if not form.query:
        raise UsageError("give a query: /api/search?q=...")
    page = readers().repository().search_page(form.query, suggest=True, **form.options())
    return _json(page_view(page, facets=bool(form.facets)))


@blueprint.get("/records/<record_id>")
def record(record_id: str) -> Response:
    repo, short = record_of(record_id)
    versions, wanted = version_of(repo, short)
    head = repo.record(short)
    if head.withdrawn is not None:
        response = _json(
            {
                "error": f"record {short} was withdrawn",
                "status": 410,
                "withdrawn": record_view(head)["withdrawn"],
            }
        )
        response.status_code = 410
        return response
    shown = head if wanted is None else repo.record(short, wanted)
    return _json(shown_record(shown, versions, wanted))


def _json(value: object) -> Response:
    """`value` as the CLI writes it (`arshif.views.json_text`: terminal and bidi controls
    escaped, so a script reading the API gets what `--format json` prints)."""
    body = json_text(value, indent=2) + "\n"
    return Response(body, content_type="application/json; charset=utf-8")
