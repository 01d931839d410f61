"""Decoding: UTF-8 first, declared next, never lose an article for one bad byte."""

from __future__ import annotations

import pytest

from search_index.ingest.encoding import decode_bytes

CASES = [
    # (bytes, declared, expected text)
    (b"a \xa315.8m signing from Benfica", None, "a £15.8m signing from Benfica"),
    (b"He said \x93hello\x94 and left.", None, "He said “hello” and left."),
    (b"It\x92s here", None, "It’s here"),
    (b"\xef\xbb\xbfHello", None, "Hello"),
    ("Olá".encode("utf-16"), None, "Olá"),
    ("café".encode() + b" costs \xa35", None, "café costs £5"),
    ("Not\xedcias".encode("latin-1"), "ISO-8859-1", "Notícias"),
    (b"\x93quoted\x94", "iso-8859-1", "“quoted”"),
    ("Привет, мир".encode("cp1251"), "windows-1251", "Привет, мир"),
    ("naïve".encode(), "iso-8859-1", "naïve"),
    (b"plain ascii", "no-such-codec", "plain ascii"),
    (b"undefined \x81 byte", None, "undefined \x81 byte"),
]


@pytest.mark.parametrize(("data", "declared", "expected"), CASES)
def test_decode_bytes(data: bytes, declared: str | None, expected: str) -> None:
    assert decode_bytes(data, declared) == expected


def test_non_latin_legacy_text_is_detected() -> None:
    text = (
        "Президент заявил в понедельник, что правительство рассмотрит новые меры поддержки "
        "экономики и граждан в ближайшие недели. "
    ) * 3
    assert decode_bytes(text.encode("cp1251")) == text


def test_latin1_portuguese_without_declaration() -> None:
    text = "Líder na pesquisa Ibope de intenção de voto, o candidato não tem o mesmo desempenho."
    assert decode_bytes(text.encode("latin-1")) == text


def test_utf8_mislabelled_as_latin1_stays_utf8() -> None:
    data = "Vučić met Kurti in Brüssel".encode() + b" \x96 talks"
    assert decode_bytes(data, "iso-8859-1") == "Vučić met Kurti in Brüssel – talks"


WIDE = '<?xml version="1.0"?><rss><channel><title>Café news 上海</title></channel></rss>'


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark(codec: str) -> None:
    assert decode_bytes(WIDE.encode(codec)) == WIDE
    assert decode_bytes("Plain text, naïve.\n".encode(codec)) == "Plain text, naïve.\n"


def test_wide_text_is_not_binary() -> None:
    from search_index.ingest.common import check_not_binary

    check_not_binary(WIDE.encode("utf-16-le"))  # zero bytes, but text: no IngestError


CJK_FEW_BYTES = [
    (
        "Officials met in Beijing (北京市政府) on Monday to discuss trade, the ministry said.",
        "gb2312",
    ),
    (
        "The minister said: 我们将继续推动改革开放。 Markets rose after the speech on Tuesday.",
        "gb2312",
    ),
    (
        "Headline: 経済ニュース速報 - the Nikkei average rose sharply as exporters gained.",
        "shift_jis",
    ),
    ("The Tokyo office (東京支社) will open in April, the company said on Monday.", "shift_jis"),
    ("서울 시장은 말했다. The mayor of Seoul said the city would expand bus lanes.", "euc-kr"),
    ("台北市政府表示 the city of Taipei said it would expand its metro network.", "big5"),
]


@pytest.mark.parametrize(("text", "codec"), CJK_FEW_BYTES)
def test_a_few_legacy_cjk_bytes_in_english_text(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)) == text


@pytest.mark.parametrize(
    ("text", "declared"),
    [
        ("銹 is a GBK character a page labelled gb2312 may hold: 北京", "gb2312"),
        ("①②③ are Windows-31J characters in a Shift_JIS page: 東京", "shift_jis"),
        ("北京 declared as GBK", "GBK"),
    ],
)
def test_declared_legacy_encodings_are_honoured(text: str, declared: str) -> None:
    codec = {"gb2312": "gb18030", "shift_jis": "cp932", "GBK": "gbk"}[declared]
    assert decode_bytes(text.encode(codec), declared) == text


def test_latin1_with_adjacent_accents_is_not_taken_for_cjk() -> None:
    text = "Die Größe der Straße wurde geändert, sagte der Bürgermeister am Montag."
    assert decode_bytes(text.encode("latin-1")) == text
