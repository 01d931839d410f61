"""Bytes to text: UTF-8 first, then the declared encoding, then a careful guess.

One stray byte never costs an article: a mostly-UTF-8 file with a raw Latin-1 byte keeps its
UTF-8 and reads that byte as Windows-1252 (which is what such bytes nearly always are).
"""

from __future__ import annotations

import codecs
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that in practice mean Windows-1252 (the WHATWG encoding standard treats them so).
_WESTERN = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "us-ascii",
            "ascii", "cp819", "ibm819", "windows-1252", "cp1252", "x-cp1252"}
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# A share of non-ASCII bytes above this means a non-Latin script: let the detector choose.
_DETECT_RATIO = 0.2


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read undecodable bytes as Windows-1252, Latin-1 where undefined."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start:error.end]
    text = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in chunk)
    return text, error.end


codecs.register_error("newsdesk-cp1252", _cp1252_fallback)


def _codec(label: str | None) -> str | None:
    """The Python codec name for an encoding label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WESTERN:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _detect(data: bytes) -> str | None:
    """Ask charset-normalizer for the encoding of mostly non-ASCII bytes."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: BOM, strict UTF-8, the declared encoding, detection, then cp1252.

    A declared Latin-1/cp1252 is overruled by content that is mostly valid UTF-8 (mislabelled
    pages are common); any other declared encoding is trusted when the bytes decode with it.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    mostly_utf8 = sum(len(seq) for seq in _UTF8_SEQUENCE.findall(data)) >= high / 2
    codec = _codec(declared)
    if codec == "cp1252" and not mostly_utf8:
        return data.decode("cp1252", errors="newsdesk-cp1252")
    if codec and codec not in ("utf-8", "ascii", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    if not mostly_utf8 and high > _DETECT_RATIO * len(data):
        detected = _codec(_detect(data))
        if detected and detected != "utf-8":
            try:
                return data.decode(detected)
            except UnicodeDecodeError:
                pass
    # UTF-8 with strays, or mostly ASCII: UTF-8 sequences stay UTF-8, stray bytes are cp1252.
    return data.decode("utf-8", errors="newsdesk-cp1252")
