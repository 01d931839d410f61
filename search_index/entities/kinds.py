"""What a person-shaped row of the collection is: a person, an organisation or a work's title.

Extraction guesses a person from "a first name followed by a capitalised word". Where an article
says more ("the band Franz Ferdinand", "research firm Gartner", "the film Vera Drake", "the
Harry Potter books"), that article types the name by its cue; the articles that say nothing
only guessed. ``person_kind`` lets the articles with a cue decide for all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from .lexicon import ORG_SUFFIXES
from .tokens import fold

WORK = "WORK"
"""The entity table's type for an article's evidence that a name is a work's title (no row of
the reader's: such a name is left out of the facets, the chips and the article's entities)."""

ORG_MIN = 2
ORG_SHARE = 0.1
"""A name some articles type as an organisation by a cue ("the band Franz Ferdinand", "Gartner
said it") and others only guess to be a person is an organisation in every article once 2 or
more articles and a tenth of its articles type it so. On BBC, 49 names are typed both ways:
this catches Franz Ferdinand (2 of 19), Gartner (3 of 10), Deutsche Boerse, Euronext, the Bee
Gees; the people among them have one stray organisation article each (Michael Howard 1 of
100, George W Bush 1 of 26, Katerina Thanou 1 of 16)."""

WORK_MIN = 2
WORK_SHARE = 0.2
"""A name that ``WORK_MIN`` articles or more, and ``WORK_SHARE`` of the articles naming it,
show to be a work's title ("the film Vera Drake", "the Harry Potter films") is a person in
none."""


def person_kind(
    articles: Callable[[str], int], one_word: bool, bears_surname: Callable[[], bool]
) -> str:
    """The type of a row extracted as a person: ``articles(type)`` counts the articles that
    type its name so ("PERSON", "ORG", ``WORK``); a single word (``one_word``) that a full
    name of the collection bears as a surname (``bears_surname``) stays a person ("Keane" is
    a band and Roy Keane)."""
    orgs = articles("ORG")
    works = articles(WORK)
    if orgs < ORG_MIN and works < WORK_MIN:
        return "PERSON"
    people = articles("PERSON")
    kind = "PERSON"
    if works >= WORK_MIN and works >= WORK_SHARE * (works + people + orgs) and works >= orgs:
        kind = WORK
    elif orgs >= ORG_MIN and orgs >= ORG_SHARE * (orgs + people):
        kind = "ORG"
    if kind != "PERSON" and one_word and bears_surname():
        return "PERSON"
    return kind


def org_kind(articles: Callable[[str], int], name: str) -> str:
    """The type of a row extracted as an organisation: a person-shaped name (``person_shaped``)
    that the articles type as a person far more often (an organisation in fewer than
    ``ORG_SHARE`` of the articles typing it either way, the row itself counted: 10 people or
    more to one; no work's title) is a person in every article ("the star of Elvis Presley
    musical ..." beside the articles about the singer)."""
    if not person_shaped(name):
        return "ORG"
    people, orgs = articles("PERSON"), max(articles("ORG"), 1)  # (the row itself at least)
    if orgs >= ORG_SHARE * (orgs + people):
        return "ORG"
    return "PERSON" if person_kind(articles, False, lambda: False) == "PERSON" else "ORG"


def person_shaped(name: str) -> bool:
    """True for a name of several words whose last is written as a surname and is no
    dictionary word: "Elvis Presley", "TIM HENMAN"; not "Fox", "Salomon Brothers", "Rose
    Garden", "Mac IIsi" (firms and things the extractor guessed people in many articles)."""
    from .gazetteer import gazetteer  # deferred: the shipped lists, loaded once
    from .surnames import name_part

    words = name.title().split() if name.isupper() else name.split()
    if len(words) < 2 or name_part(words[-1]) != words[-1]:
        return False
    return not gazetteer().is_word(fold(words[-1]))


def shouted(name: str) -> bool:
    """True for a name of several words written in capitals and no firm's suffix ("BRENT
    IRVINE" in a signature, not "DU PONT CO"): typed an organisation by its shape alone, so
    no evidence that a person of that name is one."""
    words = name.split()
    return len(words) > 1 and name.isupper() and not any(fold(w) in ORG_SUFFIXES for w in words)
