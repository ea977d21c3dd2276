"""Boilerplate is not a duplicate (issue 16), on an archive generated from SaudiNewsNet
(../shared/corpora; skipped with the reason where absent): ten Al-Madina stories that end with
the paper's SMS-service footer, eight stories of several papers naming the governor of Mecca
with his full titles, and one story two papers carried from the same wire."""

from __future__ import annotations

import json
from pathlib import Path

from arshif.curation.duplicates import DuplicateFinder
from tests.curation_cli.helpers import ok
from tests.text.corpus_data import saudinewsnet

FOOTER = "88591"  # the SMS number of Al-Madina's footer
TITLES = "خالد الفيصل مستشار خادم الحرمين الشريفين أمير منطقة مكة"
WIRE = "الذهب قرب أدنى مستوياته في 5 سنوات بعد تهافت شديد على البيع"


def sample(corpora: Path) -> list[dict[str, str]]:
    unique = {d["content"]: d for d in saudinewsnet(corpora) if d["title"].strip()}
    docs = [d for d in unique.values() if d["content"].strip()]  # one copy of each text
    footer = [d for d in docs if FOOTER in d["content"]][:10]
    titles = [d for d in docs if TITLES in d["content"] and FOOTER not in d["content"]][:8]
    wire = [d for d in docs if d["title"].strip() == WIRE]
    assert len(footer) == 10
    assert len(titles) == 8
    assert len(wire) == 2
    return [
        {
            "text": d["content"],
            "title": d["title"].strip(),
            "outlet": d["source"],
            "source_id": d["url"],
            "lang": "ar",
        }
        for d in (*footer, *titles, *wire)
    ]


def test_footers_and_titles_are_not_reported_wire_copies_are(corpora: Path, tmp_path: Path) -> None:
    docs = sample(corpora)
    # the footer and the titles are long shared passages: reported before boilerplate was
    # recognised (every n-gram counted as boilerplate only past 50 records)
    before = DuplicateFinder(common_df=50)
    for number, doc in enumerate(docs):
        before.add(str(number), doc["text"])
    old = [g for g in before.find() if g.kind == "passage"]
    assert any(FOOTER in " ".join(g.shared) for g in old)
    assert any(TITLES in " ".join(g.shared) for g in old)

    root = tmp_path / "root"
    manifest = tmp_path / "sample.jsonl"
    manifest.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    ok(root, "init")
    ingest = ok(root, "ingest", "--manifest", str(manifest))
    assert "20 added" in ingest.output
    rows = [json.loads(line) for line in ok(root, "duplicates").output.splitlines()]
    for row in rows:  # the footer or the titles alone are never why a pair is reported
        for passage in row["shared"]:
            if FOOTER in passage or TITLES in passage:
                assert row["kind"] == "near" or len(passage.split()) >= 40, row
    assert len(rows) < len(old)
    wire = [row for row in rows if row["titles"] == [WIRE, WIRE]]
    assert len(wire) == 1
    assert wire[0]["similarity"] > 0.5
    assert len(max(wire[0]["shared"], key=len).split()) > 40
    # at ingest the same: only the wire copy is reported on stderr
    reported = [line for line in ingest.stderr.splitlines() if "near-duplicate of" in line]
    assert len(reported) == len(rows)
