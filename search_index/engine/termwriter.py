"""Write one field's postings into a Whoosh W3 segment a term at a time.

Whoosh's ``W3FieldWriter`` takes postings one call at a time and builds each term's block with
a dozen small method calls; in a bulk build most terms have a handful of postings, so that
per-term overhead dominates. ``write_field`` produces exactly the same bytes (a test compares
them with Whoosh's own writer) for terms that fit in one block, with list operations, and hands
longer posting lists to Whoosh's writer; only blocks under ``COMPRESS_MIN`` bytes are stored
uncompressed.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

COMPRESS_MIN = 160
"""Blocks smaller than this are stored uncompressed (zlib cannot shrink them; the reader
checks each block's flag). Whoosh meant to do the same below 20 bytes but never did."""
_TERMINFO = struct.Struct("!BfIBBfII")
_LENGTHS = struct.Struct("!ii")
"""The key and value lengths in front of each entry of Whoosh's hash file."""
"""``W3TermInfo``: flags, total weight, doc freq, min/max length bytes, max weight, ids."""


def write_field(
    fieldwriter: Any,
    fieldname: str,
    fieldobj: Any,
    terms: dict[bytes, list[Any]],
    lengths: list[int] | None,
) -> None:
    """Write ``terms`` (term bytes -> flat [docnum, weight, value, ...] in docnum order) as the
    postings of one field; ``lengths`` are the documents' field lengths (None: not scorable)."""
    fieldwriter.start_field(fieldname, fieldobj)
    postings = fieldwriter._postwriter
    post = fieldwriter._postfile.file
    offset = post.tell()
    table = fieldwriter._tindex  # an OrderedHashWriter: its add(), inlined below
    tfile = table.dbfile.file
    tpos = tfile.tell()
    positions, hashfn, buckets = table.index.append, table.hashfn, table.buckets
    key = pack_ushort(fieldwriter._fieldid)
    limit, level = postings._blocklimit, postings._compression
    fixed = fieldobj.format.fixed_value_size()
    empty = b""
    for tbytes in sorted(terms):
        flat = terms.pop(tbytes)
        count = len(flat) // 3
        if count > limit:  # several blocks: Whoosh's writer
            fieldwriter.start_term(tbytes)
            for i in range(0, len(flat), 3):
                fieldwriter.add(
                    flat[i],
                    flat[i + 1],
                    flat[i + 2] or empty,
                    lengths[flat[i]] if lengths is not None else 0,
                )
            fieldwriter.finish_term()
            table.lastkey = key + tbytes
            offset, tpos = post.tell(), tfile.tell()
            continue
        ids = flat[0::3]
        weights = array("f", flat[1::3])
        values = [v for v in flat[2::3] if v]
        if lengths is not None:
            known = [n for n in (lengths[d] for d in ids) if n]
            low, high = (min(known), max(known)) if known else (None, 0)
        else:
            low, high = None, 0
        top = max(0, max(flat[1::3]))
        if all(w == 1.0 for w in weights):
            packed_weights: Any = None
        elif all(w == weights[0] for w in weights):
            packed_weights = weights[0]
        else:
            packed_weights = tuple(weights)
        if fixed is None or fixed < 0:
            packed_values: Any = tuple(values)
        elif fixed == 0:
            packed_values = None
        else:
            packed_values = empty.join(values)
        deltas = tuple([ids[0]] + [b - a for a, b in zip(ids, ids[1:])])
        data = dumps((deltas, packed_weights, packed_values), 2)
        comp = level if len(data) >= COMPRESS_MIN else 0
        if comp:
            data = zlib.compress(data, comp)
        info = dumps((count, ids[-1], top, comp, length_to_byte(low), length_to_byte(high)), 2)
        block = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(info) + len(data))), info, data))
        post.write(block)
        terminfo = _TERMINFO.pack(
            0,
            0 + sum(weights),
            count,
            0 if low is None else length_to_byte(low),
            length_to_byte(high),
            top,
            ids[0],
            ids[-1],
        )
        terminfo += pack_long(offset) + pack_int(len(block))
        offset += len(block)
        name = key + tbytes
        positions(tpos)
        tfile.write(b"".join((_LENGTHS.pack(len(name), len(terminfo)), name, terminfo)))
        code = hashfn(name)
        buckets[code & 255].append((code, tpos))
        tpos += 8 + len(name) + len(terminfo)
        table.lastkey = name
    fieldwriter.finish_field()
