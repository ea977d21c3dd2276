"""`ArshifCodec`: Whoosh's W3 format, written faster (the index files read as any W3 index).

Three changes to how `whoosh.codec.whoosh3.W3Codec` writes a segment, none to what it reads:

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
* The term index is hashed with CRC-32 rather than MD5 (`TERM_HASH`; Whoosh's hash file
  format records which, and its reader follows).
* Posting lists, inlined or in blocks, are pickled with protocol 3 (`inlined_postings_bytes`,
  `_PostingsWriter._write_block`), and whole-number weights as ints: protocol 2 writes each
  bytes value through ``codecs.encode`` and each weight as an 8-byte float, 72 bytes for a
  term's single posting against 25. The reader's ``pickle.loads`` reads any protocol; a
  weight of 1 is the weight 1.0 in every sum, product and comparison. On SaudiNewsNet this
  is about a fifth of the index.

Reading, one change to Whoosh (`_LazyBufferFile`): a compound segment file is memory-mapped,
and Whoosh opens each file inside it (term index, postings...) as a ``BytesIO`` of the mapped
bytes, which *copies* the whole file, for every segment, every time an index is opened (at 31k
articles, 0.14 s and 440 MB of resident memory at every search's start). The files are now
read through the map, copying only what is read (`_ViewStream`).

`arshif.search.whoosh.bulkwriter` writes postings through this codec's writers a block at a time.
The codec object is pickled into the index's table of contents, so this class keeps its
import path.
"""

from __future__ import annotations

import zlib
from pickle import dumps
from typing import Any

from whoosh.codec import whoosh3
from whoosh.filedb import compound, filetables
from whoosh.filedb.structfile import BufferFile
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import GrowableArray

#: Posting lists shorter than this are inlined in the term index.
INLINE_LIMIT = 8
#: The term index's hash function: 1 is CRC-32 (`whoosh.filedb.filetables`; 0 is MD5).
TERM_HASH = 1
#: The pickle protocol of posting lists, inlined and in blocks (see the module docstring).
POSTINGS_PROTOCOL = 3


def _whole(weights: Any) -> tuple[float | int, ...]:
    return tuple(int(w) if float(w).is_integer() else w for w in weights)


def inlined_postings_bytes(ids: Any, weights: Any, values: Any) -> bytes:
    """An inlined posting list as `whoosh.codec.whoosh3.W3TermInfo.from_bytes` reads it."""
    return dumps((tuple(ids), _whole(weights), tuple(values)), POSTINGS_PROTOCOL)


def terminfo_bytes(terminfo: Any) -> bytes:
    """`W3TermInfo.to_bytes`, with inlined postings as `inlined_postings_bytes` writes them."""
    inlined = terminfo.inlined_postings()
    if inlined is None:
        return bytes(terminfo.to_bytes())
    fixed = terminfo.to_bytes()[: whoosh3.W3TermInfo._struct.size]  # then this list
    return bytes(fixed) + inlined_postings_bytes(*inlined)


class _PostingsWriter(whoosh3.W3PostingsWriter):  # type: ignore[misc]
    _terminfo: Any

    def _write_block(self, last: bool = False) -> None:
        # W3PostingsWriter._write_block, with the block's data pickled as described in the
        # module docstring (W3LeafMatcher reads it: ids, weights, values)
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        weights = self._mini_weights()
        if isinstance(weights, tuple):  # a single float (all equal) stays a float
            weights = _whole(weights)
        data = dumps((self._mini_ids(), weights, self._mini_values()), POSTINGS_PROTOCOL)
        compression = self._compression
        if compression:
            data = zlib.compress(data, compression)
        ids = self._ids
        info = dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                compression,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()

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


class Lengths:
    """A per-document reader's field lengths, each field's read once and kept as a list."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._count = int(lengths.doc_count_all())
        self._columns: dict[str, list[int]] = {}

    def column(self, fieldname: str) -> list[int]:
        """The length of `fieldname` in every document, by document number."""
        column = self._columns.get(fieldname)
        if column is None:
            read = self._lengths.doc_field_length
            column = [read(doc, fieldname, 0) for doc in range(self._count)]
            self._columns[fieldname] = column
        return column

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        column = self.column(fieldname)
        return column[docnum] if 0 <= docnum < self._count else default


def lengths_of(reader: Any) -> Lengths:
    """`Lengths` over a per-document reader (`doc_field_length`, `doc_count_all`)."""
    return Lengths(reader)


class _TermIndexWriter(filetables.OrderedHashWriter):  # type: ignore[misc]
    """Whoosh's ordered hash file, hashed with `TERM_HASH`."""

    def __init__(self, dbfile: Any) -> None:
        filetables.HashWriter.__init__(self, dbfile, hashtype=TERM_HASH)
        self.index = GrowableArray("H")  # as OrderedHashWriter.__init__
        self.lastkey = b""


class _FieldWriter(whoosh3.W3FieldWriter):  # type: ignore[misc]
    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        # W3FieldWriter.__init__, with a CRC-32 term index (its default hashes every term
        # with MD5, several times slower; the hash type is in the file, readers follow it)
        self._codec = codec
        self._storage = storage
        self._segment = segment
        self._fieldname = None
        self._fieldid = None
        self._btext = None
        self._fieldobj = None
        self._format = None
        tifile = self._create_file(whoosh3.W3Codec.TERMS_EXT)
        self._tindex = _TermIndexWriter(tifile)
        self._fieldmap: dict[str, int] = {}
        self._tindex.extras["fieldmap"] = self._fieldmap
        self._postfile = self._create_file(whoosh3.W3Codec.POSTS_EXT)
        self._postwriter: Any = None
        self._infield = False
        self.is_closed = False

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        super().add_postings(schema, Lengths(lengths) if lengths else lengths, items)

    def finish_term(self) -> None:  # as W3FieldWriter.finish_term, through terminfo_bytes
        terminfo = self._postwriter.finish_postings()
        keybytes = pack_ushort(self._fieldid) + self._btext
        self._tindex.add(keybytes, terminfo_bytes(terminfo))


class _ViewStream:
    """A read-only file over a memoryview (of the segment's memory map), copying only what is
    read: what `BufferFile` needs of its ``BytesIO`` (read, readline, seek, tell, close)."""

    def __init__(self, view: Any) -> None:
        self._view: Any = view
        self._size = len(view)
        self._pos = 0

    def _open(self) -> Any:
        if self._view is None:
            raise ValueError("I/O operation on closed file")
        return self._view

    def read(self, size: int | None = -1) -> bytes:
        view = self._open()
        start = self._pos
        end = self._size if size is None or size < 0 else min(start + size, self._size)
        self._pos = max(start, end)
        return bytes(view[start:end])

    def readline(self, size: int | None = -1) -> bytes:
        # pickle.load reads a protocol-2 GLOBAL opcode's names a line at a time
        view = self._open()
        limit = self._size if size is None or size < 0 else min(self._pos + size, self._size)
        end = self._pos
        while end < limit:
            chunk = bytes(view[end : min(end + 256, limit)])
            found = chunk.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
        return self.read(max(0, end - self._pos))

    def seek(self, offset: int, whence: int = 0) -> int:
        self._open()
        if whence not in (0, 1, 2):
            raise ValueError(f"invalid whence ({whence}, should be 0, 1 or 2)")
        if whence == 0 and offset < 0:
            raise ValueError(f"negative seek value {offset}")
        self._pos = max(0, (0, self._pos, self._size)[whence] + offset)  # as BytesIO clamps
        return self._pos

    def tell(self) -> int:
        self._open()
        return self._pos

    def close(self) -> None:
        self._view = None  # the map is closed with the segment's storage


class _LazyBufferFile(BufferFile):  # type: ignore[misc]
    """Whoosh's `BufferFile`, read through the memory map rather than a copy of it."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = _ViewStream(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False


def read_through_maps() -> None:
    """Have Whoosh read compound segment files through their memory map (`_LazyBufferFile`).

    Whoosh's ``CompoundStorage.open_file`` makes its sub-files with the module-level name
    ``whoosh.filedb.compound.BufferFile``: this replaces it, for this process. Called where
    arshif opens an index (`arshif.search.whoosh.indexer`), never at import.
    """
    compound.BufferFile = _LazyBufferFile


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
