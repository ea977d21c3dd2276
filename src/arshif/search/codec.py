"""`ArshifCodec`: Whoosh's W3 format, written faster (the index files read as any W3 index).

Two changes to how `whoosh.codec.whoosh3.W3Codec` writes a segment, none to what it reads:

* Posting lists of fewer than `INLINE_LIMIT` postings (with values: the text fields') are
  kept inside their term's entry rather than each in a block of the postings file. In an
  Arabic or Persian news archive most distinct words occur in one or two documents, and a
  block costs a pickle, a zlib stream and a header each: inlining makes commits faster and the
  index smaller. (Whoosh's own ``W3Codec(inlinelimit>1)`` fails on a misspelt method name in
  whoosh-reloaded 2.7.5, ``set_inline`` for ``set_inlined``; the reader side has always handled
  inlined postings.)
* The length of a document's field, which the writer reads for every posting to keep each
  term's shortest and longest document, is read from the lengths column once per document
  and field and kept in a list.

The codec object is pickled into the index's table of contents, so this class keeps its
import path.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec import whoosh3

#: Posting lists shorter than this are inlined in the term index.
INLINE_LIMIT = 8


class _PostingsWriter(whoosh3.W3PostingsWriter):  # type: ignore[misc]
    _terminfo: Any

    def finish_postings(self) -> Any:
        # Only postings with values (frequencies, positions) are inlined: Whoosh reads an
        # inlined list without values (an ID field's) back with a value of "" (str, not bytes),
        # which its own writer then refuses when it merges segments.
        terminfo = self._terminfo
        if (
            not self.written()
            and len(self) < self._inlinelimit
            and len(self._values) == len(self._ids)
        ):
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, self._values)
        else:  # as W3PostingsWriter.finish_postings does for a list it does not inline
            if self._ids:
                self._write_block(last=True)
            terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        self._terminfo = None
        return terminfo


class _Lengths:
    """A per-document reader's field lengths, each read once and then kept in memory."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._count = int(lengths.doc_count_all())
        self._columns: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        column = self._columns.get(fieldname)
        if column is None:
            read = self._lengths.doc_field_length
            column = [read(doc, fieldname, 0) for doc in range(self._count)]
            self._columns[fieldname] = column
        return column[docnum] if 0 <= docnum < self._count else default


class _FieldWriter(whoosh3.W3FieldWriter):  # type: ignore[misc]
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        super().add_postings(schema, _Lengths(lengths) if lengths else lengths, items)


class ArshifCodec(whoosh3.W3Codec):  # type: ignore[misc]
    """W3, written faster (see the module docstring)."""

    def __init__(
        self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = INLINE_LIMIT
    ) -> None:
        super().__init__(blocklimit, compression, inlinelimit)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
