"""BagIt export and import at scale: `arshif export --bag`, `bagit.py --validate`, `arshif import`.

Workload: the first N SaudiNewsNet articles (../shared/corpora/saudinewsnet, as benchmarks/perf.py
reads them) ingested from a manifest into a fresh root; then, each one process measured for
wall time and peak RSS (benchmarks/perf.measure): the export of every record as a bag, the
bagit-python command line validating it, and its import into another fresh root (the bag
validated whole, every object verified, placed and indexed).

    python benchmarks/bags.py --records 2000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import perf


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args(argv)
    arshif = perf._arshif_cmd()
    bagit = [str(Path(sys.executable).parent / "bagit.py")]
    with tempfile.TemporaryDirectory(prefix="arshif-bags-") as scratch:
        work = Path(scratch)
        manifest = work / "manifest.jsonl"
        perf.write_manifest(manifest, perf.workload(perf.load_corpus(), args.records))
        source, target, bag = work / "source", work / "target", work / "bag"
        perf.measure([*arshif, "--root", str(source), "init"])
        ingest = perf.measure(
            [*arshif, "--root", str(source), "ingest", "--manifest", str(manifest)]
        )
        perf.measure([*arshif, "--root", str(target), "init"])
        runs = {
            "ingest (manifest, for scale)": ingest,
            "export --bag": perf.measure(
                [*arshif, "--root", str(source), "export", "--bag", str(bag)]
            ),
            "bagit.py --validate": perf.measure([*bagit, "--validate", str(bag)]),
            "import --bag": perf.measure(
                [*arshif, "--root", str(target), "import", "--bag", str(bag)]
            ),
        }
        payload = perf.tree_bytes(bag / "data")
        print(f"{args.records} records, bag payload {payload / perf.MB:.1f} MiB")
        print("| step | wall s | records/s | peak RSS MiB |")
        print("|---|---:|---:|---:|")
        for name, run in runs.items():
            rate = args.records / run.wall
            print(f"| {name} | {run.wall:.1f} | {rate:.0f} | {run.tree_rss / perf.MB:.0f} |")
        check = perf.measure([*arshif, "--root", str(target), "verify"])
        print(f"verify of the imported root: exit {check.returncode}")
        print(perf.machine())


if __name__ == "__main__":
    main()
