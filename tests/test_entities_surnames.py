"""Lone surname mentions (``entities/surnames.py``): the words a person chip may need that
extraction leaves untyped, and the words it must not offer."""

from __future__ import annotations

import pytest

from search_index.entities import extract, extract_entities


@pytest.mark.parametrize(
    "body, word",
    [
        ("It is a challenge in the climate of Varnholt's America, he said.", "Varnholt"),
        ("Liberal voters were more likely to read blogs than Varnholt voters.", "Varnholt"),
        ("Others raised the stakes during the Varnholt/Kerridge contest.", "Varnholt"),
        ("Barca midfielder Deco, formerly managed by Varnholt at Porto, agreed.", "Varnholt"),
        ("Analysts said it was a challenge in the climate of Bush's America.", "Bush"),
        ("Hollywood's big film, starring DiCaprio, leads the field.", "DiCaprio"),
    ],
)
def test_a_lone_surname_no_rule_types_is_offered(body: str, word: str) -> None:
    found = extract("", body)
    assert word in found.surnames
    assert word not in {e.name for e in found.entities}


@pytest.mark.parametrize(
    "title, body, word",
    [
        ("", "Varnholt voters stayed at home on Thursday.", "Varnholt"),  # sentence start
        ("Jobs Growth Slows In Spring", "Employers added few posts.", "Jobs"),  # headline
        ("", "A bush fire spread. Later the Bush voters went home.", "Bush"),  # written lower
        ("", "United: Carroll, Neville, Varnholt, Ferdinand, Heinze.", "Varnholt"),  # line-up
        ("", "The firms Altria Group, Liggett Group and Brown and Williamson paid.", "Brown"),
        ("", "The death warrant for Varnholt I was shown at the library.", "Varnholt"),
        ("", "Critics said the Budget plans were weak, and budget cuts loom.", "Budget"),
    ],
)
def test_words_that_are_not_surnames_are_not_offered(title: str, body: str, word: str) -> None:
    assert word not in extract(title, body).surnames


def test_a_surname_the_article_names_in_full_is_not_offered_again() -> None:
    found = extract("", "Lucas Varnholt spoke on Monday. Later, Varnholt's aides left.")
    assert found.surnames == ()
    assert [e.name for e in found.entities if e.type == "PERSON"] == ["Lucas Varnholt"]


def test_extract_entities_is_extract_without_the_surnames() -> None:
    body = "Pollsters said many Varnholt voters stayed home in Leeds on Thursday."
    assert extract_entities("", body) == extract("", body).entities


def test_a_two_capital_surname_is_not_a_brand() -> None:
    found = {e.name: e.type for e in extract_entities("", "He said DiCaprio faces rivals.")}
    assert found.get("DiCaprio") == "PERSON"
    brands = {e.name: e.type for e in extract_entities("", "Sales of PlayStation rose.")}
    assert brands.get("PlayStation") == "ORG"


@pytest.mark.parametrize(
    "body, word, unlisted",
    [
        ("The squad was picked on Friday, and Varnholt will name his captain.", "Varnholt", True),
        ("Pilgrims on Friday saw how Noah built his boat in the story.", "Noah", False),
        ("Critics on Friday said the Bush voters had stayed at home.", "Bush", False),
    ],
)
def test_a_lone_surname_no_list_knows_is_also_unlisted(
    body: str, word: str, unlisted: bool
) -> None:
    """No dictionary word and no first name: the chip of the one full name that bears it
    takes it in (``engine.entitymap.UNLISTED_MARK``)."""
    found = extract("", body)
    assert word in found.surnames
    assert (word in found.unlisted) is unlisted


@pytest.mark.parametrize(
    "body, word, unlisted",
    [
        ('"I cannot get away." Varnholt, who lost out, said he would be back.', "Varnholt", True),
        ("The squad was picked. Varnholt names his captain on Friday.", "Varnholt", True),
        ("Rain fell all night. Bush voters stayed at home on Thursday.", "Bush", False),
        ("Pilgrims came on Friday. Noah built his boat in the story.", "Noah", False),
        ("Lucas Varnholt spoke on Monday. Varnholt, who lost, left.", "Varnholt", False),
        ("Shares rose. Unfortunately the firm said profits were weak.", "Unfortunately", False),
    ],
)
def test_a_sentence_initial_word_no_list_knows_is_unlisted_only(
    body: str, word: str, unlisted: bool
) -> None:
    """At a sentence's start only a word no dictionary or first-name list knows is taken, and
    only as an unlisted surname: never a lone mention (``Extraction.surnames``)."""
    found = extract("", body)
    assert (word in found.unlisted) is unlisted
    assert word not in found.surnames
