"""Derived forms that Porter stemming keeps apart (Venezuelan and Venezuela, Chinese and China,
Iraqi and Iraq, European and Europe), found in the index's own vocabulary.

A person remembers "Venezuelan oil deal" where the article wrote "Venezuela"; the stemmer
strips inflections (-s, -ed, -ing) but not the endings that make adjectives and demonyms of
places, so the query missed or ranked the article low. ``RULES`` rewrite one ending into
another (English morphology, no list of names); a rewritten form counts as a variant only when
the body vocabulary holds both words in ``MIN_DOCS`` articles or more, their shared root has
``ROOT`` letters or more, and the articles of the rarer word mostly hold the other too
(``COOCCUR``): that keeps Venezuelan/Venezuela (0.75 at 60k articles), Iraqi/Iraq (0.53),
American/America (0.23) and drops Guardian/guard (0.06), civilian/civil (0.07), median/media
(0.17), Crimean/crime (0.0). Costs two posting lists per candidate, once per generation.

Irregular forms (won/wins, rose/rises, five/5: ``query/irregular.py``) are the same word, so
they need no co-occurrence check: a form counts when the title or body vocabulary holds it (in
at most ``MAX_FORM_DOCS`` articles), weighted as the word typed (``IRREGULAR_WEIGHT``).
"""

from __future__ import annotations

import math
from typing import Any

from ..query.irregular import other_forms
from .schema import TEXT_ANALYZER
from .vocab import FIELDS as VOCAB_FIELDS
from .vocab import Vocabulary

RULES: tuple[tuple[str, str], ...] = (
    ("an", "a"),  # Venezuelan, Russian, Korean -> Venezuela, Russia, Korea
    ("ian", ""),  # Brazilian, Iranian, Egyptian -> Brazil, Iran, Egypt
    ("ian", "y"),  # Italian, Hungarian -> Italy, Hungary
    ("ian", "e"),  # Ukrainian, Palestinian -> Ukraine, Palestine
    ("ian", "a"),  # Canadian -> Canada
    ("ean", "e"),  # European, Chilean -> Europe, Chile
    ("ese", "a"),  # Chinese -> China
    ("ese", ""),  # Japanese, Sudanese -> Japan, Sudan
    ("i", ""),  # Iraqi, Israeli, Pakistani -> Iraq, Israel, Pakistan
    ("ish", "ain"),  # British -> Britain
    ("ish", "ey"),  # Turkish -> Turkey
)
"""(derived ending, base ending) pairs."""
ROOT = 4
"""Letters the two forms must share before their endings."""
MIN_DOCS = 3
"""Articles each form must be in (fewer: names, foreign words, typos)."""
COOCCUR = 0.2
"""Share of the rarer form's articles that must hold the other form too."""
FIELD = "body_words"
MAX_FORM_DOCS = 1000
"""Irregular forms in more body texts than this are left out: every such article is one more
match to score in each query with the word. Ten queries with such words at 60k articles
("verizon wins mci", "oil output rises", "president took office" ...) took at most 45.4 ms of
CPU without irregular forms, 44.3 with this cap, 57.3 at 2,000 (rose, fell), 71.9 at 3,000 and
76.4 without a cap (take, made, said, five: 3,000-23,000 articles each)."""
IRREGULAR_WEIGHT = 2.0
"""An irregular form's weight against a derived form's (times its idf ratio): twice, so that it
counts as much as the word typed (a derived form counts half: ``translate.VARIANT_BOOST``), as
the stemmer's regular inflections do. Old known-item set, MRR@10/S@1: 0.964/0.939 at 1,
0.967/0.945 at 2 (the blind sets the same either way)."""


def candidates(word: str) -> list[str]:
    """Forms ``word`` may be derived from or derive (before checking the vocabulary)."""
    found: list[str] = []
    for derived, base in RULES:
        if word.endswith(derived) and len(word) - len(derived) >= ROOT:
            found.append(word[: len(word) - len(derived)] + base)
        if word.endswith(base) and len(word) - len(base) >= ROOT:
            found.append(word[: len(word) - len(base)] + derived)
    return [f for f in dict.fromkeys(found) if f != word]


Variant = tuple[str, float]
"""A derived form and its weight: at most 1, less when the form is rarer than the word."""


def variants(word: str, words: Vocabulary, reader: Any) -> tuple[Variant, ...]:
    """The derived forms of ``word`` (folded, as written) the collection treats as one, then
    its irregular forms (``irregular``)."""
    return (*derived(word, words, reader), *irregular(word, words, reader))


def irregular(word: str, words: Vocabulary, reader: Any) -> tuple[Variant, ...]:
    """The irregular forms of ``word`` (``query/irregular.py``) the title or body vocabulary
    holds, each with ``idf(word) / idf(form)`` (at most 1) as derived forms have."""
    out = []
    total = reader.doc_count_all()
    mine = words.count(FIELD, word)
    for form in other_forms(word):
        if not any(words.count(field, form) for field in VOCAB_FIELDS):
            continue
        stems = [t.text for t in TEXT_ANALYZER(form, mode="query")]
        if any(reader.doc_frequency("body", stem) > MAX_FORM_DOCS for stem in stems):
            continue
        weight = _idf(total, mine) / _idf(total, words.count(FIELD, form))
        out.append((form, IRREGULAR_WEIGHT * min(1.0, weight)))
    return tuple(out)


def derived(word: str, words: Vocabulary, reader: Any) -> tuple[Variant, ...]:
    """The derived forms of ``word`` (folded, as written) the collection treats as one: in the
    vocabulary, and found together in the articles. A plural (``venezuelans``) is looked up by
    its singular. Each comes with ``idf(word) / idf(form)`` (at most 1), so that a rarer form
    never outweighs the word typed (``ukraine`` must not rank "Ukrainian" articles first)."""
    if not word.isalpha():
        return ()
    if words.count(FIELD, word) < MIN_DOCS and word.endswith("s"):
        word = word[:-1]
    if words.count(FIELD, word) < MIN_DOCS:
        return ()
    mine: set[int] | None = None
    out = []
    for other in candidates(word):
        if words.count(FIELD, other) < MIN_DOCS:
            continue
        if mine is None:
            mine = _docs(reader, word)
        theirs = _docs(reader, other)
        if mine and theirs and len(mine & theirs) >= COOCCUR * min(len(mine), len(theirs)):
            total = reader.doc_count_all()
            weight = _idf(total, len(mine)) / _idf(total, len(theirs))
            out.append((other, min(1.0, weight)))
    return tuple(out)


def _idf(total: int, count: int) -> float:
    """Whoosh's inverse document frequency (``scoring.WeightingModel.idf``)."""
    return math.log(total / (count + 1)) + 1


def _docs(reader: Any, word: str) -> set[int]:
    """Docnums of the articles whose body holds ``word``."""
    try:
        return set(reader.postings(FIELD, word).all_ids())
    except Exception:  # noqa: BLE001 - a word the field lacks (KeyError/TermNotFound)
        return set()
