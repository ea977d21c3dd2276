"""A term's postings read whole from a W3 segment: documents and weights, a block at a time.

Whoosh's matchers read postings one at a time through several method calls each; ranking a
clause at a time (`arshif.search.whoosh.taat`) wants a term's documents and weights as two lists.
`read_postings` reads them from the term index (short lists are inlined there) or from the
postings file's blocks, as `whoosh.codec.whoosh3.W3LeafMatcher` would read them.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from array import array
from io import BytesIO
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC

_INT = struct.Struct("!i")  # whoosh.system's pack_int


def read_postings(reader: Any, fieldname: str, text: bytes) -> tuple[list[int], list[float]] | None:
    """A term's documents (ascending) and weights in a W3 segment's reader; None for another
    kind of reader. Raises `whoosh.reading.TermNotFound` for a term not in the segment."""
    terms = getattr(reader, "_terms", None)
    if terms is None or not hasattr(terms, "term_info"):
        return None
    info = terms.term_info(fieldname, text)
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        return list(ids), [float(w) for w in weights]
    offset, _length = info.extent()  # (the length is read back as a 1-tuple: not used)
    return _blocks(terms._postfile, offset)


def _blocks(postfile: Any, start: int) -> tuple[list[int], list[float]]:
    """The postings written at `start` of a W3 postings file: a header, then blocks (a signed
    length, negative for the last; a pickled summary; the pickled, perhaps compressed, ids as
    gaps, weights and values)."""
    if postfile.get(start, 4) != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a W3 posting list")
    position = start + 4
    ids: list[int] = []
    weights: list[float] = []
    last = False
    while not last:
        length = _INT.unpack(postfile.get(position, 4))[0]
        last = length < 0
        block = BytesIO(postfile.get(position + 4, abs(length)))
        count, _maxid, _maxweight, compression, _minlength, _maxlength = pickle.load(block)
        data = block.read()
        gaps, block_weights, _values = pickle.loads(zlib.decompress(data) if compression else data)
        ids.extend(accumulate(gaps))
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):  # all equal, stored once: read as a float32
            weights.extend([array("f", [block_weights])[0]] * count)
        else:
            weights.extend(map(float, block_weights))
        position += 4 + abs(length)
    return ids, weights
