"""Ingest: captures in, records out.

- `arshif.ingest.prepare`: preparing a record from a capture (decode, extract, TEI), or its
  `Refusal`;
- `arshif.ingest.files` and `arshif.ingest.manifest`: reading capture files and JSONL manifests
  into `CaptureRequest` s; `arshif.ingest.web`: the captures of WARC/WACZ web archives;
- `arshif.ingest.pipeline`: the pipeline `arshif.repository.Repository.ingest` runs (prepare in
  worker processes, spool, write in batches, index);
- `arshif.ingest.nearduplicates`: the near-duplicate check of the new records and its policy
  (when the check is run, when the fingerprint store is only kept current).
"""
