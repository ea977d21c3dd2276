"""OAI-PMH 2.0 at /oai, against a real server: every response valid against OAI-PMH.xsd (and
oai_dc against its schema), every error code, and a real harvester (Sickle) harvesting the
whole archive through resumption tokens, then incrementally after an edit and a withdrawal."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from sickle import Sickle

from arshif.serve.catalogue import set_spec
from tests.archives import USER, run
from tests.cli.helpers import seed_ids
from tests.serve.conftest import Server
from tests.serve.helpers import OAI, get, oai_error, valid_oai

DC = "{http://purl.org/dc/elements/1.1/}"


def oai(server: Server, **params: str):  # type: ignore[no-untyped-def]
    reply = get(server.url + "/oai", params)
    assert reply.status == 200
    assert reply.content_type.startswith("text/xml")
    return valid_oai(reply.body)


def test_identify(corpus_server: Server) -> None:
    root = oai(corpus_server, verb="Identify")
    identify = root.find(f"{OAI}Identify")
    assert identify is not None
    assert identify.findtext(f"{OAI}repositoryName") == "arshif"
    assert identify.findtext(f"{OAI}baseURL") == corpus_server.url + "/oai"
    assert identify.findtext(f"{OAI}deletedRecord") == "persistent"
    assert identify.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    earliest = identify.findtext(f"{OAI}earliestDatestamp") or ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", earliest)
    assert "@" in (identify.findtext(f"{OAI}adminEmail") or "")


def test_identify_carries_the_configured_name_and_email(tmp_path: Path) -> None:
    from arshif.archiveconfig import ArchiveConfig
    from arshif.repository import Repository

    Repository.init(
        tmp_path / "r", ArchiveConfig(name="أرشيف الأخبار", admin_email="a@example.org")
    )
    server = Server(tmp_path / "r")
    try:
        root = oai(server, verb="Identify")
        assert root.findtext(f"{OAI}Identify/{OAI}repositoryName") == "أرشيف الأخبار"
        assert root.findtext(f"{OAI}Identify/{OAI}adminEmail") == "a@example.org"
        assert oai_error(oai(server, verb="ListRecords", metadataPrefix="oai_dc")) == (
            "noRecordsMatch"
        )
    finally:
        assert server.stop()[0] == 0


def test_formats_and_sets(corpus_server: Server) -> None:
    root = oai(corpus_server, verb="ListMetadataFormats")
    prefixes = [e.text for e in root.iter(f"{OAI}metadataPrefix")]
    assert prefixes == ["oai_dc", "tei"]
    root = oai(corpus_server, verb="ListSets")
    specs = [e.text for e in root.iter(f"{OAI}setSpec")]
    assert {"lang", "outlet", "tag", "lang:ar", "lang:fa", "outlet:kayhan.ir", "tag:iraq"} <= set(
        specs
    )
    names = [e.text for e in root.iter(f"{OAI}setName")]
    assert "Outlet: خبرگزاری فارس" in names


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Frobnicate"}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-13"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-13-45"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2021-02-30T25:00:00Z"},
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2021-01-01",
                "until": "2021-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2099-01-01"},
            "noRecordsMatch",
        ),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "lang:xx"},
            "noRecordsMatch",
        ),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "bad set"}, "badArgument"),
        ({"verb": "ListIdentifiers", "resumptionToken": "garbage!"}, "badResumptionToken"),
        ({"verb": "ListIdentifiers", "resumptionToken": "WzEsMiwzXQ"}, "badResumptionToken"),
        (
            {"verb": "ListIdentifiers", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:arshif.local:ffffffffffff",
            },
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:other.org:529ae1d8c55a",
            },
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "mods",
                "identifier": "oai:arshif.local:529ae1d8c55a",
            },
            "cannotDisseminateFormat",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "oai:arshif.local:0000"}, "idDoesNotExist"),
    ],
)
def test_errors(corpus_server: Server, params: dict[str, str], code: str) -> None:
    root = oai(corpus_server, **params)
    assert oai_error(root) == code
    request = root.find(f"{OAI}request")
    assert request is not None
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the spec: only the base URL
    assert "Traceback" not in (root.findtext(f"{OAI}error") or "")


def test_repeated_arguments_are_bad(corpus_server: Server) -> None:
    params = [("verb", "ListSets"), ("verb", "ListSets")]
    assert oai_error(valid_oai(get(corpus_server.url + "/oai", params).body)) == "badVerb"
    params = [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("metadataPrefix", "tei")]
    assert oai_error(valid_oai(get(corpus_server.url + "/oai", params).body)) == "badArgument"


def test_get_record_in_both_formats(corpus_server: Server) -> None:
    ids = seed_ids()
    identifier = f"oai:arshif.local:{ids['000']}"
    root = oai(corpus_server, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
    dc = root.find(".//{http://www.openarchives.org/OAI/2.0/oai_dc/}dc")
    assert dc is not None
    assert dc.findtext(f"{DC}publisher") == "ایرنا"
    assert dc.findtext(f"{DC}date") == "2021-11-20"
    assert dc.findtext(f"{DC}creator") == "علی رضایی"
    assert dc.findtext(f"{DC}language") == "fa"
    assert dc.findtext(f"{DC}subject") == "iraq"
    identifiers = [e.text for e in dc.iter(f"{DC}identifier")]
    assert f"urn:arshif:{ids['000']}" in identifiers
    assert f"{corpus_server.url}/records/{ids['000']}" in identifiers
    header = root.find(f".//{OAI}header")
    assert header is not None
    assert header.findtext(f"{OAI}identifier") == identifier
    specs = [e.text for e in header.iter(f"{OAI}setSpec")]
    assert specs == ["lang:fa", set_spec("outlet", "ایرنا"), "tag:iraq"]
    assert bytes.fromhex(specs[1].removeprefix("outlet:").replace("~", "")).decode() == "ایرنا"
    root = oai(corpus_server, verb="GetRecord", metadataPrefix="tei", identifier=identifier)
    tei = root.find(".//{http://www.tei-c.org/ns/1.0}TEI")
    assert tei is not None  # and valid against arshif.rng (valid_oai)


def test_resumption_tokens_page_the_whole_list(corpus_server: Server, corpus_root: Path) -> None:
    from arshif.config import Settings
    from arshif.repository import Repository

    everyone = Repository(Settings(corpus_root)).ids()
    seen: list[str] = []
    params = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    cursors = []
    while True:
        root = oai(corpus_server, **params)
        headers = root.findall(f".//{OAI}header")
        assert 0 < len(headers) <= 40
        seen += [h.findtext(f"{OAI}identifier", "").rpartition(":")[2] for h in headers]
        token = root.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            if token is not None:
                assert token.get("completeListSize") == str(len(everyone))
            break
        assert token.get("completeListSize") == str(len(everyone))
        cursors.append(int(token.get("cursor", "-1")))
        params = {"verb": "ListIdentifiers", "resumptionToken": token.text}
    assert seen == sorted(everyone)
    assert cursors == list(range(0, 40 * len(cursors), 40))


def test_sickle_harvests_everything_by_set_and_date(
    corpus_server: Server, corpus_root: Path
) -> None:
    from arshif.config import Settings
    from arshif.repository import Repository

    repo = Repository(Settings(corpus_root))
    sickle = Sickle(corpus_server.url + "/oai", max_retries=0)
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    assert sorted(r.header.identifier.rpartition(":")[2] for r in records) == repo.ids()
    persian = {r.id for r in repo.records() if r.metadata.lang == "fa"}
    harvested = {
        h.identifier.rpartition(":")[2]
        for h in sickle.ListIdentifiers(metadataPrefix="tei", set="lang:fa")
    }
    assert harvested == persian
    future = list(
        sickle.ListIdentifiers(metadataPrefix="oai_dc", set="lang", **{"from": "2000-01-01"})
    )
    assert len(future) == len(records)


def test_incremental_harvest_after_edit_and_withdraw(
    mutable_server: Server, mutable_root: Path
) -> None:
    """After a full harvest, a harvest `from` its time gets only the edited record, then the
    withdrawn one as a deleted header with the withdrawal's datestamp."""
    ids = seed_ids()
    sickle = Sickle(mutable_server.url + "/oai", max_retries=0)
    full = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    assert len(full) == 6  # the five seeds and the hostile record, 2 per page
    time.sleep(1.1)  # datestamps have one-second granularity
    since = oai(mutable_server, verb="Identify").findtext(f"{OAI}responseDate")
    assert since
    time.sleep(1.1)
    result = run(
        mutable_root, "edit", ids["003"], "--set", "author=Test", "-m", "e", "--user", USER
    )
    assert result.exit_code == 0, result.output
    changed = list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": since}))
    assert [r.header.identifier for r in changed] == [f"oai:arshif.local:{ids['003']}"]
    assert changed[0].metadata["creator"] == ["Test"]

    time.sleep(1.1)
    since = oai(mutable_server, verb="Identify").findtext(f"{OAI}responseDate")
    time.sleep(1.1)
    result = run(
        mutable_root, "withdraw", ids["004"], "--reason", "copyright claim", "--user", USER
    )
    assert result.exit_code == 0, result.output
    root = oai(mutable_server, verb="ListRecords", metadataPrefix="oai_dc", **{"from": since or ""})
    headers = root.findall(f".//{OAI}header")
    assert len(headers) == 1
    assert headers[0].get("status") == "deleted"
    assert headers[0].findtext(f"{OAI}identifier") == f"oai:arshif.local:{ids['004']}"
    assert root.find(f".//{OAI}metadata") is None
    stamp = headers[0].findtext(f"{OAI}datestamp") or ""
    assert stamp >= (since or "")
    deleted = oai(
        mutable_server,
        verb="GetRecord",
        metadataPrefix="tei",
        identifier=f"oai:arshif.local:{ids['004']}",
    )
    assert deleted.find(f".//{OAI}header").get("status") == "deleted"  # type: ignore[union-attr]


def test_tokens_stay_stable_while_records_change(
    mutable_server: Server, mutable_root: Path
) -> None:
    """A record edited mid-harvest leaves the later pages (its datestamp passed the harvest's
    start) instead of shifting them; the pages still come in id order without repeats."""
    first = oai(mutable_server, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(f".//{OAI}resumptionToken")
    assert token is not None
    assert token.text
    ids = [h.findtext(f"{OAI}identifier") for h in first.iter(f"{OAI}header")]
    time.sleep(1.1)
    seeds = seed_ids()
    last = max(set(seeds.values()) - {seeds["004"]})  # 004 was withdrawn above
    assert f"oai:arshif.local:{last}" not in ids
    result = run(mutable_root, "edit", last, "--set", "note=x", "-m", "e", "--user", USER)
    assert result.exit_code == 0, result.output
    while token is not None and token.text:
        page = oai(mutable_server, verb="ListIdentifiers", resumptionToken=token.text)
        ids += [h.findtext(f"{OAI}identifier") for h in page.iter(f"{OAI}header")]
        token = page.find(f".//{OAI}resumptionToken")
    assert ids == sorted(set(ids))
    assert f"oai:arshif.local:{last}" not in ids
