"""Bytes to text: a byte-order mark or the zero bytes of UTF-16/32, UTF-8, then the declared
encoding, then a careful guess.

One stray byte never costs an article: a mostly-UTF-8 file with a raw Latin-1 byte keeps its
UTF-8 and reads that byte as Windows-1252 (which is what such bytes nearly always are). A
few legacy CJK bytes in English text (GB2312, Shift_JIS: runs of high bytes, where Latin-1
has single accented letters) are given to charset-normalizer among the CJK encodings only.
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
_WESTERN = {
    "latin-1",
    "latin1",
    "iso-8859-1",
    "iso8859-1",
    "iso_8859-1",
    "l1",
    "us-ascii",
    "ascii",
    "cp819",
    "ibm819",
    "windows-1252",
    "cp1252",
    "x-cp1252",
}
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# A share of non-ASCII bytes above this means a non-Latin script: let the detector choose.
_DETECT_RATIO = 0.2
# Labels whose WHATWG decoder is a superset codec: pages labelled gb2312 use GBK characters.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "korean": "cp949",
    "big5": "big5hkscs",
}
_CJK_CODECS = ["gb18030", "cp932", "euc_jp", "cp949", "big5hkscs"]
_HIGH_RUN = re.compile(rb"[\x80-\xff]{3,}")
# Where ASCII sits in a UTF-16/32 code unit, for text written without a byte-order mark:
# (encoding, unit size, offset of the byte that is never zero, offsets that are zero in text).
_WIDE = (
    ("utf-32-le", 4, 0, (2, 3)),
    ("utf-32-be", 4, 3, (0, 1)),
    ("utf-16-le", 2, 0, (1,)),
    ("utf-16-be", 2, 1, (0,)),
)


def sniff_wide(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` or ``utf-32-le``/``-be`` for text in those encodings without a
    byte-order mark (its ASCII characters leave zero bytes in fixed places), else None."""
    head = data[:4096]
    if b"\x00" not in head:
        return None
    for name, size, lead, zeros in _WIDE:
        units = len(head) // size
        if units < 2:
            continue
        cells = [head[offset::size][:units] for offset in range(size)]
        zeros_there = min(cells[offset].count(0) for offset in zeros)
        if zeros_there >= 0.7 * units and cells[lead].count(0) <= 0.1 * units:
            try:
                data[: len(data) - len(data) % size].decode(name)
            except UnicodeDecodeError:
                continue
            return name
    return None


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read undecodable bytes as Windows-1252, Latin-1 where undefined."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
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
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _detect(data: bytes, among: list[str] | None = None) -> str | None:
    """Ask charset-normalizer for the encoding of ``data`` (``among`` these, if given)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=among).best()
    return best.encoding if best is not None else None


def _incoherence(text: str) -> int:
    """How many characters of a CJK decoding look wrong: half-width katakana, private-use,
    rare or compatibility ideographs, symbols outside the CJK blocks, and Hangul mixed with
    Han (GB2312 bytes read as Korean give both; real text is Chinese, Japanese or Korean)."""
    odd = hangul = han = 0
    for char in text:
        code = ord(char)
        if code < 0x80:
            continue
        if 0xAC00 <= code <= 0xD7A3 or 0x3130 <= code <= 0x318F:
            hangul += 1
        elif 0x4E00 <= code <= 0x9FFF:
            han += 1
        elif not (
            0x3000 <= code <= 0x30FF
            or 0xFF01 <= code <= 0xFF5E
            or code in (0xA5, 0xB7)
            or 0x2010 <= code <= 0x203B
            or 0x2460 <= code <= 0x25FF
        ):
            odd += 1
    return odd + min(hangul, han)


def _decode_cjk(data: bytes) -> str | None:
    """``data`` decoded by charset-normalizer's pick among the CJK encodings, unless that
    reading is incoherent and another CJK encoding reads the bytes coherently."""
    readings: dict[str, str] = {}
    for name in _CJK_CODECS:
        try:
            readings[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
    if not readings:
        return None
    detected = _codec(_detect(data, _CJK_CODECS))
    order = sorted(readings, key=lambda name: (_incoherence(readings[name]), name != detected))
    return readings[order[0]]


def _looks_cjk(data: bytes, high: int) -> bool:
    """True when most non-ASCII bytes come in runs of three or more (double-byte CJK text;
    Latin-1 has single accented letters, now and then two)."""
    return high >= 3 and sum(map(len, _HIGH_RUN.findall(data))) >= high / 2


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: BOM, strict UTF-8, the declared encoding, detection, then cp1252.

    A declared Latin-1/cp1252 is overruled by content that is mostly valid UTF-8 (mislabelled
    pages are common); any other declared encoding is trusted when the bytes decode with it.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace").lstrip("\ufeff")
    wide = sniff_wide(data)
    if wide is not None:
        return data.decode(wide, errors="replace")
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
    if not mostly_utf8 and not codec and _looks_cjk(data, high):
        text = _decode_cjk(data)
        if text is not None:
            return text
    if not mostly_utf8 and high > _DETECT_RATIO * len(data):
        detected = _codec(_detect(data))
        if detected and detected != "utf-8":
            try:
                return data.decode(detected)
            except UnicodeDecodeError:
                pass
    # UTF-8 with strays, or mostly ASCII: UTF-8 sequences stay UTF-8, stray bytes are cp1252.
    return data.decode("utf-8", errors="newsdesk-cp1252")
