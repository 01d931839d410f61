"""Stored Whoosh documents turned into the models: an article, its entities under the
collection's resolved names, the per-article entity export, a body read by docnum."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC
from typing import Any

from whoosh.searching import Searcher as WhooshSearcher

from ..models import Article, Entity
from .entitymap import Resolved
from .generation import Generation


def article_from_stored(doc: dict[str, Any]) -> Article:
    """The article a stored document holds (Whoosh keeps naive UTC dates: UTC put back)."""
    date = doc.get("date")
    return Article(
        id=doc["id"],
        path=doc.get("path", ""),
        title=doc.get("title", ""),
        body=doc.get("body", ""),
        date=date.replace(tzinfo=UTC) if date else None,
        source=doc.get("source", ""),
        author=doc.get("author", ""),
        url=doc.get("url", ""),
        language=doc.get("language") or None,
        item=doc.get("item", ""),
        tags=tuple(t for t in doc.get("tag", "").split(",") if t),
    )


def resolved_entities(resolved: Resolved, doc: dict[str, Any]) -> list[Entity]:
    """A stored document's extracted entities under the collection's resolved names."""
    return resolved.entities(
        Entity(name, etype, tuple(aliases), n)
        for name, etype, aliases, n in json.loads(doc.get("entities") or "[]")
    )


def entity_rows(
    resolved: Resolved, docs: Iterable[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Every document's resolved entities as JSON-ready rows keyed by path (``path#item``
    inside multi-article files), in path order."""
    table: dict[str, list[dict[str, Any]]] = {}
    for doc in sorted(docs, key=lambda d: (d.get("path", ""), d.get("item", ""))):
        key = f"{doc['path']}#{doc['item']}" if doc.get("item") else doc.get("path", "")
        table[key] = [
            {"name": e.name, "type": e.type, "aliases": list(e.aliases), "count": e.count}
            for e in resolved_entities(resolved, doc)
        ]
    return table


def stored_body(state: Generation, searcher: WhooshSearcher, article_id: str) -> str | None:
    """The stored body of one article (through the docnum map: no term lookup)."""
    docmap, rank2doc = state.maps(searcher)
    pos = state.catalog.rank.get(article_id)
    docnum = rank2doc[pos] if pos is not None else -1
    doc = searcher.stored_fields(docnum) if docnum >= 0 else searcher.document(id=article_id)
    return None if doc is None else doc.get("body", "")
