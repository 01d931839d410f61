"""The extraction pipeline: tokenise, find capitalised spans, classify, merge."""

from __future__ import annotations

from ..models import Entity
from .aliases import merge
from .classify import Classifier
from .gazetteer import gazetteer
from .lexicon import FOOTBALL_CUES
from .tokens import RUN, Tok, find_spans, fold, tokenize

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


def extract_entities(title: str, body: str) -> list[Entity]:
    """Return the canonical PERSON, ORG, PLACE and GROUP entities of one article."""
    gaz = gazetteer()

    def known(word: str) -> bool:
        return any(k.kind != "club" for k in gaz.known.get((fold(word),), ()))

    toks = tokenize(title or "", known) + tokenize(body or "", known, line0=_BODY_LINE0)
    if not toks:
        return []
    classifier = Classifier(toks, gaz, _is_football(toks))
    for span in find_spans(toks, gaz.lexicon, known):
        classifier.span(span)
    return merge(classifier.mentions, classifier.parentheticals(), gaz)
