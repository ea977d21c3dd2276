"""`BulkWriter`: Whoosh's segment writer with its posting pool replaced by columnar arrays.

Whoosh's `SegmentWriter` makes a tuple of every posting, puts it in a sorting pool that
pickles runs of them to temporary files once it holds 128 MB, merges the runs back through a
heap at commit, and hands the sorted stream to the codec one posting at a time. For an Arabic
or Persian news archive (450 to 650 postings per article over arshif's fields) that per-posting
Python work is most of the time of a commit (docs/performance.md).

`BulkWriter` keeps each field's postings in four flat columns (term number, document number,
weight, encoded value) while documents are added, in memory only: the caller bounds a
segment's size by committing (`arshif.search.whoosh.segments` commits every `SEGMENT_POSTINGS`).
At commit the columns are sorted by term once (numpy), and each term's postings go to the W3
postings writer as whole blocks, not one by one. The title and body fields (`AnalyzedText`)
skip the analyzer generators too: their words' analysis is cached (`arshif.search.textanalysis`).

Everything else is Whoosh's own: deletions, `update_document`, merging small segments, the
table of contents and its lock. The segment written is the one Whoosh's writer would write for
the same documents, term for term and posting for posting, with the same statistics
(tests/search/test_bulkwriter.py compares the two).
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh.codec.base import FieldWriter
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from arshif.search.textanalysis import analysis_of
from arshif.search.whoosh.codec import inlined_postings_bytes, lengths_of
from arshif.search.whoosh.textfield import AnalyzedText

#: A segment's writer holds this many postings in memory at most (about 35 bytes each, with
#: the encoded positions of the exact fields and the terms); `arshif.search.whoosh.segments`
#: commits a segment then. Bigger segments make a smaller, faster index and a hungrier writer.
SEGMENT_POSTINGS = 2_000_000

_FREQ_BYTES = [pack_uint(n) for n in range(256)]
_ONE_POSITION: dict[int, bytes] = {}  #: position → `Positions.encode([position])`
_TERMINFO = W3TermInfo._struct
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # whoosh.filedb.filetables._lengths
#: Posting lists this long or longer are compressed (zlib costs ~20 µs a call, whatever the size)
_COMPRESS_FROM = 24
_Chunk = tuple[list[bytes], list[int], list[int], list[float], list[bytes]]


def _one(encode: Any, positions: list[int]) -> bytes:
    value: bytes = encode(positions)
    if len(_ONE_POSITION) < 100_000:
        _ONE_POSITION[positions[0]] = value
    return value


def _pick(values: list[bytes], indexes: list[int]) -> list[bytes]:
    """``[values[i] for i in indexes]``, in C."""
    if len(indexes) == 1:
        return [values[indexes[0]]]
    return list(itemgetter(*indexes)(values)) if indexes else []


class FieldPostings:
    """The postings of one field of a segment being written, as columns."""

    __slots__ = ("docs", "terms", "text", "tids", "values", "weights")

    def __init__(self, text: bool = False) -> None:
        #: True: terms are kept as str (an `AnalyzedText` field's), else as UTF-8 bytes
        self.text = text
        self.terms: dict[str | bytes, int] = {}  #: term → its number in this segment
        self.tids = array("I")
        self.docs = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, term: str | bytes, docnum: int, weight: float, value: bytes) -> None:
        if self.text and isinstance(term, bytes):
            term = term.decode("utf-8")
        terms = self.terms
        tid = terms.get(term)
        if tid is None:
            tid = terms[term] = len(terms)
        self.tids.append(tid)
        self.docs.append(docnum)
        self.weights.append(weight)
        self.values.append(value)

    def sorted_terms(self, chunk: int = 65_536) -> Iterator[_Chunk]:
        """The postings in term order (terms in byte order, documents ascending in a term),
        as ``(terms, counts, docs, weights, values)`` chunks of about `chunk` postings: the
        terms, how many postings each has, and the postings' columns as lists."""
        keys = list(self.terms)
        order = sorted(range(len(keys)), key=keys.__getitem__)  # str order is UTF-8 order
        rank = np.empty(len(keys), dtype=np.int64)
        rank[order] = np.arange(len(keys))
        tids = np.frombuffer(self.tids, dtype=np.uint32)
        perm = np.argsort(rank[tids], kind="stable")  # stable: documents stay ascending
        del rank
        counts = np.bincount(tids, minlength=len(keys))[order]
        ends = np.cumsum(counts)
        docs = np.frombuffer(self.docs, dtype=np.uint32)
        weights = np.frombuffer(self.weights, dtype=np.float32)
        values = self.values
        first = 0  # the first term of the chunk
        while first < len(keys):
            lo = int(ends[first - 1]) if first else 0
            last = max(first + 1, int(np.searchsorted(ends, lo + chunk, side="right")))
            hi = int(ends[last - 1])
            picked = perm[lo:hi]
            names = [keys[i] for i in order[first:last]]
            yield (
                [k.encode("utf-8") if isinstance(k, str) else k for k in names],
                counts[first:last].tolist(),
                docs[picked].tolist(),
                weights[picked].tolist(),
                _pick(values, picked.tolist()),
            )
            first = last


class _Pool:
    """The `PostingPool` interface Whoosh's writer uses (`add`, `cleanup`), over columns."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self.fields: dict[str, FieldPostings] = {}
        self.count = 0

    def field(self, fieldname: str) -> FieldPostings:
        found = self.fields.get(fieldname)
        if found is None:
            text = isinstance(self.schema[fieldname], AnalyzedText)
            found = self.fields[fieldname] = FieldPostings(text)
        return found

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item  # (Whoosh merging a small segment)
        self.field(fieldname).add(tbytes, docnum, weight, vbytes or b"")
        self.count += 1

    def cleanup(self) -> None:
        self.fields.clear()


class BulkWriter(SegmentWriter):  # type: ignore[misc]
    """A Whoosh `SegmentWriter` writing its segment from columns (see the module docstring).

    Takes the arguments of `SegmentWriter` (give it ``codec=ArshifCodec()``). Vectors and
    separate spelling fields are not supported (arshif's schema has neither).
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _Pool(self.schema)

    @property
    def postings(self) -> int:
        """Postings held for the segment being written."""
        return self.pool.count

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                if field.vector or field.separate_spelling():
                    raise NotImplementedError(f"{fieldname}: vectors and spelling fields")
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = self._add_postings(pool.field(fieldname), field, value, boost)
                    if not field.scorable:
                        length = 0
                custom = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, custom if field.stored else None, length)
                column = field.column_type
                if column and custom is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(custom))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_postings(self, into: FieldPostings, field: Any, value: Any, boost: float) -> int:
        """Add one field's postings of the current document; returns the field's length.

        The title and body fields add their terms as whole columns (list comprehensions and
        array extends, no Python statement per posting).
        """
        analysis = (
            analysis_of(value)
            if isinstance(field, AnalyzedText) and isinstance(value, str)
            else None
        )
        if analysis is None:
            return self._add_generic(into, field, value, boost)
        terms: list[str]
        freqs: list[int]
        values: list[bytes]
        if field.role == "exact":
            terms = list(analysis.exact)
            positions = list(analysis.exact.values())
            freqs = [len(p) for p in positions]
            encode = field.format.encode
            one = _ONE_POSITION
            values = [
                (one.get(p[0]) or _one(encode, p)) if len(p) == 1 else encode(p) for p in positions
            ]
        else:
            stemmed = analysis.stemmed(field.role)
            terms = list(stemmed)
            freqs = list(stemmed.values())
            values = [_FREQ_BYTES[f] if f < 256 else pack_uint(f) for f in freqs]
        known = into.terms
        into.tids.extend([known.setdefault(t, len(known)) for t in terms])  # new: next number
        into.docs.extend(array("I", (self.docnum,)) * len(terms))
        fb = field.format.field_boost
        if fb == 1.0 and boost == 1.0:
            into.weights.extend(freqs)  # (float32 of freq * 1.0 * 1.0)
        else:  # Whoosh's order: the field's weight, then the boost
            into.weights.extend([f * fb * boost for f in freqs])
        into.values.extend(values)
        self.pool.count += len(terms)
        return sum(freqs)

    def _add_generic(self, into: FieldPostings, field: Any, value: Any, boost: float) -> int:
        docnum = self.docnum
        length = 0
        count = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            into.add(tbytes, docnum, weight * boost, vbytes or b"")
            length += freq
            count += 1
        self.pool.count += count
        return length

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader()
        try:
            write_postings(self.fieldwriter, self.schema, lengths_of(pdr), self.pool.fields)
        finally:
            pdr.close()
        self.fieldwriter.close()


def write_postings(
    fieldwriter: FieldWriter, schema: Any, lengths: Any, fields: dict[str, FieldPostings]
) -> None:
    """Write every field's postings through a W3 field writer, a term's postings as blocks.

    A short posting list with values (fewer than the codec's inline limit) is written as
    `ArshifCodec`'s postings writer would, inlined in its term entry, without the writer's
    per-term objects; a longer one goes through the postings writer a block at a time.
    """
    for fieldname in sorted(fields):
        fieldobj = schema[fieldname]
        lens = lengths.column(fieldname)
        fieldwriter.start_field(fieldname, fieldobj)
        for chunk in fields[fieldname].sorted_terms():
            _write_terms(fieldwriter, fieldobj, lens, chunk)
        fieldwriter.finish_field()
        fields[fieldname] = FieldPostings()  # free the written field's columns


def _write_terms(fieldwriter: Any, fieldobj: Any, lens: list[int], chunk: _Chunk) -> None:
    names, counts, docs, weights, values = chunk
    postwriter = fieldwriter._postwriter
    blocklimit = postwriter._blocklimit
    compression = postwriter._compression
    with_values = fieldobj.format.fixed_value_size() != 0
    inline = postwriter._inlinelimit if with_values else 0
    prefix = pack_ushort(fieldwriter._fieldid)
    # The term index (an OrderedHashWriter): an inlined term's entry is added here as its
    # `add` would add it (position, hash bucket, record), without a method call per step.
    tindex = fieldwriter._tindex
    dbfile = tindex.dbfile
    write = dbfile.file.write if type(dbfile) is StructFile else dbfile.write
    hashfn, buckets, positions = tindex.hashfn, tindex.buckets, tindex.index
    pos = dbfile.tell()
    key = b""
    start = 0
    for name, count in zip(names, counts, strict=True):
        end = start + count
        if count < inline:  # as _PostingsWriter.finish_postings and W3TermInfo.to_bytes do
            ids = docs[start:end]
            block_weights = weights[start:end]
            block_lengths = [lens[doc] for doc in ids]
            nonzero = [n for n in block_lengths if n]
            entry = _TERMINFO.pack(
                True,
                sum(block_weights),
                count,
                length_to_byte(min(nonzero)) if nonzero else 0,
                length_to_byte(max(0, max(block_lengths))),
                max(0, max(block_weights)),
                ids[0],
                ids[-1],
            ) + inlined_postings_bytes(ids, block_weights, values[start:end])
            key = prefix + name
            positions.append(pos)
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
            write(_KEY_VALUE_LENGTHS.pack(len(key), len(entry)) + key + entry)
            pos += _KEY_VALUE_LENGTHS.size + len(key) + len(entry)
            start = end
            continue
        tindex.lastkey = key
        fieldwriter.start_term(name)
        # a short list in one block is not worth a zlib stream (the reader reads either)
        postwriter._compression = compression if count >= _COMPRESS_FROM else 0
        for lo in range(start, end, blocklimit):
            if lo > start:
                postwriter._write_block()
            hi = min(lo + blocklimit, end)
            ids = docs[lo:hi]
            block_weights = weights[lo:hi]
            block_lengths = [lens[doc] for doc in ids]
            nonzero = [n for n in block_lengths if n]
            postwriter._ids = ids
            postwriter._weights = block_weights
            postwriter._maxweight = max(0, max(block_weights))
            postwriter._values = values[lo:hi] if with_values else []
            postwriter._maxlength = max(0, max(block_lengths))
            postwriter._minlength = min(nonzero) if nonzero else None
        fieldwriter.finish_term()
        postwriter._compression = compression
        key = tindex.lastkey
        pos = dbfile.tell()
        start = end
    tindex.lastkey = key
