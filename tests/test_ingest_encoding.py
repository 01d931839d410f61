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
    text = ("Президент заявил в понедельник, что правительство рассмотрит новые меры поддержки "
            "экономики и граждан в ближайшие недели. ") * 3
    assert decode_bytes(text.encode("cp1251")) == text


def test_latin1_portuguese_without_declaration() -> None:
    text = "Líder na pesquisa Ibope de intenção de voto, o candidato não tem o mesmo desempenho."
    assert decode_bytes(text.encode("latin-1")) == text


def test_utf8_mislabelled_as_latin1_stays_utf8() -> None:
    data = "Vučić met Kurti in Brüssel".encode() + b" \x96 talks"
    assert decode_bytes(data, "iso-8859-1") == "Vučić met Kurti in Brüssel – talks"
