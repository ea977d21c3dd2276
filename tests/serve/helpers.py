"""Helpers: plain HTTP requests (urllib, no client-side cleverness) and XML validation."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
OAI = "{http://www.openarchives.org/OAI/2.0/}"


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def content_type(self) -> str:
        return str(self.headers.get("Content-Type", ""))


def get(
    url: str,
    params: dict[str, str] | list[tuple[str, str]] | None = None,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> Reply:
    if params:
        url += "?" + urlencode(params)
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


@cache
def oai_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "OAI-PMH.xsd")))


@cache
def oai_dc_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "oai_dc.xsd")))


def valid_oai(body: bytes) -> etree._Element:
    """The response parsed, after checking it against OAI-PMH.xsd and each oai_dc record
    against oai_dc.xsd (TEI records against arshif's RELAX NG schema)."""
    from arshif.tei import validate_record

    root = etree.fromstring(body)
    schema = oai_schema()
    assert schema.validate(root), schema.error_log
    for dc in root.iter("{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"):
        dc_schema = oai_dc_schema()
        assert dc_schema.validate(etree.ElementTree(dc)), dc_schema.error_log
    for tei in root.iter("{http://www.tei-c.org/ns/1.0}TEI"):
        assert validate_record(etree.tostring(tei)) == []
    return root


def oai_error(root: etree._Element) -> str | None:
    found = root.find(f"{OAI}error")
    return None if found is None else found.get("code")
