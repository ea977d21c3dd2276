"""How many duplicate pairs `arshif duplicates` reports on real news, with and without the
boilerplate rule (issue 16), and a random sample of them to read.

Workload: the first 5,000 articles of SaudiNewsNet (../shared/corpora/saudinewsnet, the order
and manifest of benchmarks/perf.py), ingested with ``arshif ingest --manifest --skip-bad`` into
a fresh root (4,858 records: the corpus repeats some articles byte for byte). Then every record
is given to `DuplicateFinder` twice: as before the rule (an n-gram is boilerplate only past 50
records: ``common_df=50``) and with the defaults.

    python benchmarks/duplicates.py [--root DIR] [--size 5000] [--sample 30] [--seed 2026]

A root given with --root is reused when it exists. Prints the counts by kind, then `--sample`
passage pairs reported now and `--sample` pairs no longer reported, with titles and passages.
"""

from __future__ import annotations

import argparse
import collections
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from arshif.config import Settings
from arshif.curation.duplicates import DuplicateFinder, DuplicateGroup
from arshif.repository import Repository
from perf import load_corpus, workload, write_manifest


def build(root: Path, size: int) -> None:
    manifest = root.parent / f"saudinewsnet-{size}.jsonl"
    write_manifest(manifest, workload(load_corpus(), size))
    arshif = [sys.executable, "-m", "arshif", "--root", str(root)]
    subprocess.run([*arshif, "init"], check=True)
    subprocess.run(
        [*arshif, "ingest", "--manifest", str(manifest), "--skip-bad"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def groups(texts: dict[str, str], **settings: int) -> list[DuplicateGroup]:
    finder = DuplicateFinder(**settings)
    for short, text in sorted(texts.items()):
        finder.add(short, text)
    return finder.find()


def show(pairs: list[DuplicateGroup], titles: dict[str, str], count: int, seed: int) -> None:
    for group in random.Random(seed).sample(pairs, min(count, len(pairs))):
        words = [len(p.split()) for p in group.shared]
        print(f"  {group.similarity:.3f}  " + " || ".join(titles[i][:50] for i in group.ids))
        print(f"         {words} {group.shared[0][:110]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    root = args.root or Path(tempfile.mkdtemp(prefix="arshif-dups-")) / "root"
    if not (root / "archive").is_dir():
        build(root, args.size)
    repo = Repository(Settings(root.resolve()))
    texts, titles = {}, {}
    for record in repo.records():
        if record.withdrawn is None:
            texts[record.id] = record.text
            titles[record.id] = record.metadata.title or "–"
    before = groups(texts, common_df=50)
    after = groups(texts)
    print(f"{len(texts):,} records in {root}")
    for name, found in (("before (common_df=50)", before), ("now (defaults)", after)):
        counts = collections.Counter(g.kind for g in found)
        print(f"{name}: " + ", ".join(f"{kind} {counts[kind]:,}" for kind in sorted(counts)))
    now = {g.ids for g in after}
    kept = [g for g in after if g.kind == "passage"]
    gone = [g for g in before if g.kind == "passage" and g.ids not in now]
    print(f"\n{args.sample} passage pairs reported now:")
    show(kept, titles, args.sample, args.seed)
    print(f"\n{args.sample} of the {len(gone):,} passage pairs no longer reported:")
    show(gone, titles, args.sample, args.seed)


if __name__ == "__main__":
    main()
