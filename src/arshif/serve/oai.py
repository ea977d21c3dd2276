"""OAI-PMH 2.0 at ``/oai``: the six verbs, ``oai_dc`` and ``tei``, sets, resumption tokens.

- Identifiers are ``oai:<repository id>:<record id>``; datestamps are each record's indexed
  head version time in UTC (granularity ``YYYY-MM-DDThh:mm:ssZ``; a day is accepted as well).
- Sets: ``lang``, ``outlet``, ``tag`` and under them one set per value (`catalogue.set_spec`).
- Lists come in id order, `ServeConfig.oai_page_size` at a time. A resumption token holds the
  request, the last id sent, the cursor, the list's size and the time the harvest started, which
  bounds ``until``: records that change during a harvest leave its later pages (they are in the
  next incremental harvest, ``from`` that time) instead of shifting them.
- A withdrawn record is a header with ``status="deleted"`` (``deletedRecord`` is persistent).
- Every error condition answers with its code; a badVerb or badArgument response echoes the
  base URL only, as the protocol says.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, request
from lxml import etree

from arshif.errors import ObjectNotFound
from arshif.model import RECORD_PATH, object_id_for
from arshif.repository import Repository
from arshif.serve import oaixml
from arshif.serve.app import readers, site
from arshif.serve.catalogue import Catalogue, Entry

blueprint = Blueprint("oai", __name__)

#: verb → (required arguments, optional arguments); a resumptionToken is exclusive.
VERBS: dict[str, tuple[set[str], set[str]]] = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
_URI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s<>\"{}|\\^`]+")
_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")


class OAIError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def catalogue(repo: Repository) -> Catalogue:
    found = current_app.extensions.setdefault("arshif.catalogue", Catalogue())
    assert isinstance(found, Catalogue)
    found.refresh(repo)
    return found


@blueprint.get("/oai")
def endpoint() -> Response:
    config = site()
    base = config.url("/oai")
    args = request.args
    verb = args.getlist("verb")
    try:
        if len(verb) != 1 or verb[0] not in VERBS:
            raise OAIError("badVerb", "give one verb: " + ", ".join(VERBS))
        params = _check_arguments(verb[0], args)
    except OAIError as exc:
        root = oaixml.envelope(base, None)
        oaixml.error(root, exc.code, str(exc))
        return _xml(root)
    root = oaixml.envelope(base, params)
    try:
        repo = readers().repository()
        HANDLERS[verb[0]](root, repo, params)
    except OAIError as exc:
        root = oaixml.envelope(base, None if exc.code == "badArgument" else params)
        oaixml.error(root, exc.code, str(exc))
    return _xml(root)


def _xml(root: etree._Element) -> Response:
    return Response(oaixml.serialize(root), content_type="text/xml; charset=utf-8")


def _check_arguments(verb: str, args: Any) -> dict[str, str]:
    required, optional = VERBS[verb]
    params = {"verb": verb}
    for name in args:
        values = args.getlist(name)
        if name == "verb":
            continue
        if name not in required | optional:
            raise OAIError("badArgument", f"{verb} takes no argument {name!r}")
        if len(values) != 1:
            raise OAIError("badArgument", f"{name} is given more than once")
        params[name] = values[0]
    if "resumptionToken" in params:
        if len(params) > 2:
            raise OAIError("badArgument", "resumptionToken is exclusive: give it alone")
        return params
    missing = sorted(required - set(params))
    if missing:
        raise OAIError("badArgument", f"{verb} needs {', '.join(missing)}")
    prefix = params.get("metadataPrefix")
    if prefix is not None and not _PREFIX.fullmatch(prefix):
        raise OAIError("badArgument", f"{prefix!r} is not a metadataPrefix")
    for name in ("from", "until"):
        _datestamp(params.get(name), name)
    spec = params.get("set")
    if spec is not None and not _SPEC.fullmatch(spec):
        raise OAIError("badArgument", f"{spec!r} is not a setSpec")
    identifier = params.get("identifier")
    if identifier is not None and not _URI.fullmatch(identifier):
        raise OAIError("badArgument", f"{identifier!r} is not an identifier (a URI)")
    return params


def _identifier(short_id: str) -> str:
    return f"oai:{site().repository_id}:{short_id}"


def _short_id(identifier: str) -> str:
    prefix = f"oai:{site().repository_id}:"
    short = identifier.removeprefix(prefix)
    if short == identifier or not re.fullmatch(r"[0-9a-f]{4,64}", short):
        raise OAIError("idDoesNotExist", f"{identifier!r} is not an identifier of this archive")
    return short


def _identify(root: etree._Element, repo: Repository, params: dict[str, str]) -> None:
    config = site()
    archive = repo.config
    entries = catalogue(repo)
    identify = oaixml.add(root, "Identify")
    oaixml.add(identify, "repositoryName", archive.name)
    oaixml.add(identify, "baseURL", config.url("/oai"))
    oaixml.add(identify, "protocolVersion", "2.0")
    email = config.admin_email or archive.admin_email or f"postmaster@{config.repository_id}"
    oaixml.add(identify, "adminEmail", email)
    oaixml.add(identify, "earliestDatestamp", entries.earliest() or oaixml.now())
    oaixml.add(identify, "deletedRecord", "persistent")
    oaixml.add(identify, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    oaixml.identify_description(identify, config.repository_id, _identifier(entries.sample_id()))


def _list_metadata_formats(root: etree._Element, repo: Repository, params: dict[str, str]) -> None:
    if "identifier" in params:
        _entry(repo, params["identifier"])
    element = oaixml.add(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in oaixml.FORMATS.items():
        item = oaixml.add(element, "metadataFormat")
        oaixml.add(item, "metadataPrefix", prefix)
        oaixml.add(item, "schema", schema)
        oaixml.add(item, "metadataNamespace", namespace)


def _list_sets(root: etree._Element, repo: Repository, params: dict[str, str]) -> None:
    if "resumptionToken" in params:
        raise OAIError("badResumptionToken", "ListSets is answered whole: it has no tokens")
    element = oaixml.add(root, "ListSets")
    for spec, name in catalogue(repo).sets().items():
        item = oaixml.add(element, "set")
        oaixml.add(item, "setSpec", spec)
        oaixml.add(item, "setName", name)


def _get_record(root: etree._Element, repo: Repository, params: dict[str, str]) -> None:
    _check_prefix(params["metadataPrefix"])
    entry = _entry(repo, params["identifier"])
    element = oaixml.add(root, "GetRecord")
    _record(element, repo, entry, params["metadataPrefix"])


def _entry(repo: Repository, identifier: str) -> Entry:
    entry = catalogue(repo).get(_short_id(identifier))
    if entry is None:
        raise OAIError("idDoesNotExist", f"no record {identifier!r} in this archive")
    return entry


def _check_prefix(prefix: str) -> None:
    if prefix not in oaixml.FORMATS:
        raise OAIError(
            "cannotDisseminateFormat",
            f"no metadata format {prefix!r}; this archive gives {', '.join(oaixml.FORMATS)}",
        )


def _record(parent: etree._Element, repo: Repository, entry: Entry, prefix: str) -> None:
    item = oaixml.add(parent, "record")
    oaixml.header(item, _identifier(entry.id), entry.datestamp, entry.sets, entry.deleted)
    if entry.deleted:
        return
    try:
        data = repo.store.read(object_id_for(entry.id), RECORD_PATH)
    except ObjectNotFound:
        raise OAIError("idDoesNotExist", f"record {entry.id} is gone from the archive") from None
    metadata = oaixml.add(item, "metadata")
    if prefix == "tei":
        metadata.append(oaixml.tei(data))
    else:
        page = site().url(f"/records/{entry.id}")
        metadata.append(oaixml.oai_dc(repo.record(entry.id), [page]))


def _list_identifiers(root: etree._Element, repo: Repository, params: dict[str, str]) -> None:
    _list(root, repo, params, records=False)


def _list_records(root: etree._Element, repo: Repository, params: dict[str, str]) -> None:
    _list(root, repo, params, records=True)


def _list(root: etree._Element, repo: Repository, params: dict[str, str], records: bool) -> None:
    entries = catalogue(repo)
    if "resumptionToken" in params:
        state = _decode(params["resumptionToken"])
    else:
        state = _new_harvest(params)
    prefix, spec, start, end, after, cursor, total = state
    if total < 0:
        total = sum(1 for _ in entries.select(spec, start, end))
    size = site().oai_page_size
    page: list[Entry] = []
    for entry in entries.select(spec, start, end, after):
        page.append(entry)
        if len(page) == size:
            break
    if not page:
        if cursor == 0:
            raise OAIError("noRecordsMatch", "no record matches these arguments")
        raise OAIError("badResumptionToken", "this harvest has no further records")
    element = oaixml.add(root, "ListRecords" if records else "ListIdentifiers")
    for entry in page:
        if records:
            _record(element, repo, entry, prefix)
        else:
            oaixml.header(
                element, _identifier(entry.id), entry.datestamp, entry.sets, entry.deleted
            )
    sent = cursor + len(page)
    more = any(True for _ in entries.select(spec, start, end, page[-1].id))
    token = _encode((prefix, spec, start, end, page[-1].id, sent, total)) if more else None
    attrs = {"completeListSize": str(max(total, sent)), "cursor": str(cursor)}
    oaixml.add(element, "resumptionToken", token or "", **attrs)
    if token is None and cursor == 0:  # one page: no token element is needed
        element.remove(element[-1])


HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
}
State = tuple[str, str | None, str | None, str, str, int, int]


def _new_harvest(params: dict[str, str]) -> State:
    _check_prefix(params["metadataPrefix"])
    start = _datestamp(params.get("from"), "from")
    end = _datestamp(params.get("until"), "until")
    if start and end and len(params["from"]) != len(params["until"]):
        raise OAIError("badArgument", "from and until must have the same granularity")
    if start and end and start > end:
        raise OAIError("badArgument", "from is later than until")
    spec = params.get("set")
    started = oaixml.now()
    end = min(end, started) if end else started
    return (params["metadataPrefix"], spec, start, end, "", 0, -1)


def _datestamp(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    shape = "%Y-%m-%dT%H:%M:%SZ" if _SECOND.fullmatch(value) else "%Y-%m-%d"
    if _SECOND.fullmatch(value) or _DAY.fullmatch(value):
        try:
            datetime.strptime(value, shape)  # a real date and time (no month 13, no 25:00)
        except ValueError:
            raise OAIError("badArgument", f"{name}={value!r} is not a real date") from None
        if _SECOND.fullmatch(value):
            return value
        return value + ("T00:00:00Z" if name == "from" else "T23:59:59Z")
    raise OAIError("badArgument", f"{name}={value!r} is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")


def _encode(state: State) -> str:
    raw = json.dumps(list(state), separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def _decode(token: str) -> State:
    bad = OAIError("badResumptionToken", "this resumption token is not one this server gave")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise bad from None
    if not isinstance(value, list) or len(value) != 7:
        raise bad
    prefix, spec, start, end, after, cursor, total = value
    checks = (
        prefix in oaixml.FORMATS,
        spec is None or (isinstance(spec, str) and _SPEC.fullmatch(spec)),
        start is None or (isinstance(start, str) and _SECOND.fullmatch(start)),
        isinstance(end, str) and _SECOND.fullmatch(end),
        isinstance(after, str) and re.fullmatch(r"[0-9a-f]{1,64}", after),
        isinstance(cursor, int) and cursor > 0,
        isinstance(total, int) and total >= 0,
    )
    if not all(checks):
        raise bad
    return (prefix, spec, start, end, after, cursor, total)
