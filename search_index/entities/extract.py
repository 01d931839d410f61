"""The extraction pipeline: tokenise, find capitalised spans, classify, merge."""

from __future__ import annotations

from typing import NamedTuple

from ..models import Entity
from .acronyms import parentheticals
from .aliases import merge
from .classify import Classifier
from .gazetteer import Gazetteer, gazetteer
from .language import is_english
from .lexicon import FOOTBALL_CUES
from .mentions import Mention
from .spans import find_spans
from .surnames import surname_mentions
from .tokens import RUN, Tok, fold, tokenize
from .works import coordinate, mark_works

_BODY_LINE0 = 1_000_000


def _is_football(toks: list[Tok]) -> bool:
    """True for football text, where "Lyon" or "Barcelona" is usually the club."""
    hits = 0
    for t in toks:
        if t.kind == RUN:
            hits += sum(1 for w in t.text.split() if w in FOOTBALL_CUES)
        elif t.fold in FOOTBALL_CUES:
            hits += 1
        if hits >= 2:
            return True
    return False


class Extraction(NamedTuple):
    """An article's entities, the lone words it may use as surnames (``surnames.py``) and the
    person- or firm-shaped names it shows to be titles of works (``works.py``: evidence the
    collection weighs, ``resolve.EntityTable.kind``)."""

    entities: list[Entity]
    surnames: tuple[str, ...]
    works: tuple[str, ...] = ()
    unlisted: tuple[str, ...] = ()
    """The surnames no list knows: no dictionary word or first name ("Mourinho", not "Floyd"
    or "Noah"; a town may be one, as for every lone surname), mid-sentence or at a sentence's
    start; a chip takes them in for the one full name that bears them
    (``engine.entitymap.Resolved.raw_names``)."""


def extract_entities(title: str, body: str) -> list[Entity]:
    """Return the canonical PERSON, ORG, PLACE and GROUP entities of one article."""
    return extract(title, body).entities


def extract(title: str, body: str) -> Extraction:
    """The article's entities and its untyped lone surname mentions."""
    gaz = gazetteer()

    def known(word: str) -> bool:
        return any(k.kind != "club" for k in gaz.known.get((fold(word),), ()))

    def strong(word: str) -> bool:
        return any(k.kind != "club" and k.strength != "W" for k in gaz.known.get((fold(word),), ()))

    toks = tokenize(title or "", known, strong=strong) + tokenize(
        body or "", known, line0=_BODY_LINE0, strong=strong
    )
    if not toks:
        return Extraction([], ())
    classifier = Classifier(toks, gaz, _is_football(toks))
    for span in find_spans(toks, gaz.lexicon, known):
        classifier.span(span)
    english = is_english(toks)
    if not english:
        classifier.mentions = _known_only(classifier.mentions, gaz)
    mark_works(toks, classifier.mentions)
    coordinate(toks, classifier.mentions, gaz.is_word)
    typed = [m for m in classifier.mentions if m.type is not None]
    untyped = [m for m in classifier.mentions if m.type is None]
    entities, works = merge(classifier.mentions, parentheticals(toks, classifier.mentions), gaz)
    if not english:
        return Extraction(entities, (), works)

    def named_thing(word: str) -> bool:  # a country, a firm, a people; a town may be a surname
        return any(k.kind != "city" and k.strength != "W" for k in gaz.known.get((fold(word),), ()))

    lone, first = surname_mentions(
        toks, typed, untyped, named_thing, gaz.is_word, classifier.lower_words
    )
    if not lone and not first:
        return Extraction(entities, (), works)
    named = {fold(w) for e in entities for n in (e.name, *e.aliases) for w in n.split()}
    kept = tuple(w for w in lone if fold(w) not in named)
    unlisted = tuple(
        w
        for w in (*kept, *first)
        if not gaz.is_word(f := fold(w)) and f not in gaz.first_names and f not in named
    )
    return Extraction(entities, kept, works, unlisted)


def _known_only(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """In other languages keep only names the gazetteer knows for sure: no English-rule guesses."""
    return [
        m
        for m in mentions
        if m.canonical
        and m.type
        and any(k.strength == "S" and k.name == m.canonical for k in gaz.lookup(m.key))
    ]
