"""One article -> its Whoosh fields (analysed here, in one pass) and its catalog row.

The text fields arrive at the writer as ``Analysed`` posting rows, so the same code serves a
single update and a parallel bulk build, and the work per article stays small: each distinct
word form is folded and stemmed once per process (``analysis``), not once per occurrence.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import TYPE_CHECKING

from whoosh.system import pack_uint

from ..models import Article, Entity
from ..stories.sketch import text_keys
from .analysis import analyse_bytes, folded_words
from .catalog import ArticleRow, article_row
from .entitymap import lone_name, unlisted_name
from .schema import ENTITY_FIELDS, NAME_MARK, SCHEMA, Analysed

if TYPE_CHECKING:
    from ..entities import Extraction

log = logging.getLogger(__name__)

_ENCODE_POSITIONS = SCHEMA["body"].format.encode
"""Whoosh's encoding of a position list (the ``Positions`` format of ``title`` and ``body``)."""
_COUNTS = [pack_uint(n) for n in range(256)]
"""Encoded frequencies, shared (most are small)."""
_WEIGHTS = [float(n) for n in range(256)]
"""Weights (frequency x 1.0), shared."""


def _utf8(term: str) -> bytes:
    """Term bytes (a lone surrogate from a broken source must not stop the run)."""
    return term.encode("utf-8", "surrogatepass")


_ONE_POSITION: dict[int, bytes] = {}
"""Encoded single positions (most terms occur once in a text), shared."""


def _positions(found: list[int]) -> bytes:
    """Whoosh's encoding of one term's positions."""
    if len(found) > 1:
        return _ENCODE_POSITIONS(found)
    pos = found[0]
    encoded = _ONE_POSITION.get(pos)
    if encoded is None:
        encoded = _ONE_POSITION[pos] = _ENCODE_POSITIONS(found)
    return encoded


def text_fields(text: str) -> tuple[Analysed, Analysed]:
    """The stemmed field (positions) and its folded-words twin (counts) of one text."""
    stems, words = analyse_bytes(text)
    counts, weights, positions = _COUNTS, _WEIGHTS, _positions
    stemmed = Analysed(
        (t, len(p), weights[len(p)] if len(p) < 256 else float(len(p)), positions(p))
        for t, p in stems.items()
    )
    folded = Analysed(
        (w, n, weights[n], counts[n]) if n < 256 else (w, n, float(n), pack_uint(n))
        for w, n in words.items()
    )
    return stemmed, folded


def name_terms(names: Iterable[str]) -> list[str]:
    """Entity field terms: every word of every name, and each whole name marked ``=``."""
    terms: dict[str, None] = {}
    for name in names:
        words = folded_words(name)
        if words:
            terms[NAME_MARK + " ".join(words)] = None
            terms.update(dict.fromkeys(words))
    return list(terms)


def whole_names(names: Iterable[str]) -> list[str]:
    """Entity field terms of whole names only (no single-word terms)."""
    return [NAME_MARK + " ".join(w) for w in (folded_words(n) for n in names) if w]


def whole_forms(entity: Entity) -> tuple[str, ...]:
    """The forms of an entity its field holds as whole names: a person named in full is not
    also the bare "Brown" of his aliases, which a chip for Gordon Brown asks for when the
    collection resolves "Brown" to him (Dan Brown's article must not answer it)."""
    if entity.type != "PERSON" or " " not in entity.name.strip():
        return (entity.name, *entity.aliases)
    return (entity.name, *(a for a in entity.aliases if " " in a.strip()))


def whoosh_doc(
    article: Article,
    found: Sequence[Entity],
    surnames: Sequence[str] = (),
    unlisted: Sequence[str] = (),
) -> dict[str, object]:
    """The Whoosh fields of one article (text fields pre-analysed); ``surnames``, its lone
    untyped surname mentions, join the person field as whole names only, for the chips of
    the people the collection resolves them to (``entities.surnames``), and those no list
    knows (``unlisted``) a second time, for the one full name that bears them."""
    title, title_words = text_fields(article.title)
    body, body_words = text_fields(article.body)
    doc: dict[str, object] = {
        "id": article.id,
        "path": article.path,
        "item": article.item,
        "title": title,
        "_stored_title": article.title,
        "title_words": title_words,
        "body": body,
        "_stored_body": article.body,
        "body_words": body_words,
        "source": article.source,
        "author": article.author,
        "url": article.url,
        "entities": json.dumps([[e.name, e.type, list(e.aliases), e.count] for e in found]),
    }
    if article.language:
        doc["language"] = article.language
    if article.tags:  # (no commas inside a tag: ingest's clean_tags)
        doc["tag"] = ",".join(article.tags)
    if article.date is not None:
        doc["date"] = article.date.astimezone(UTC).replace(tzinfo=None)
    for etype, fieldname in ENTITY_FIELDS.items():
        terms = name_terms(n for e in found if e.type == etype for n in whole_forms(e))
        if etype == "PERSON":
            aliases = [a for e in found if e.type == etype for a in e.aliases]
            terms.extend(w for a in aliases for w in folded_words(a) if w not in terms)
            lone = whole_names(lone_name(w) for w in surnames)
            lone += whole_names(unlisted_name(w) for w in unlisted)
            terms.extend(t for t in lone if t not in terms)
        if terms:
            doc[fieldname] = Analysed((_utf8(t), 1, _WEIGHTS[1], _COUNTS[1]) for t in terms)
    return doc


def extract_entities(article: Article) -> Extraction:
    """The article's entities, lone surname mentions and titles of works; an extractor
    failure costs the entities, not the article."""
    from ..entities import Extraction, extract  # deferred: the name data is heavy

    try:
        return extract(article.title, article.body)
    except Exception:  # noqa: BLE001 - one bad article must not stop the run
        log.exception("entity extraction failed for %s", article.path)
        return Extraction([], ())


def prepare(article: Article) -> tuple[dict[str, object], ArticleRow]:
    """Entities, Whoosh fields and catalog row (with its duplicate keys) of one article."""
    found = extract_entities(article)
    keys = text_keys(article.title, article.body)
    return (
        whoosh_doc(article, found.entities, found.surnames, found.unlisted),
        article_row(article, found.entities, keys, found.works),
    )
