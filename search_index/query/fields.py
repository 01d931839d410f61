"""The query language's field names, without Whoosh: the query parser (and the reader, which
parses queries to see whether they mention ``is:``) must not pay for importing Whoosh."""

from __future__ import annotations

ENTITY_FIELDS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "PLACE": "place",
    "GROUP": "group",
}
"""Entity type -> the keyword field holding that type's names (``entity:`` searches all four)."""

TEXT_FIELDS = ("title", "body")
"""Stemmed, accent-folded full-text fields; bare words search both."""

WORD_FIELDS = {"title": "title_words", "body": "body_words"}
"""Text field -> its twin holding the words as written (folded, not stemmed): prefix, fuzzy,
"did you mean"."""

TAG_FIELD = "tag"
"""The user's labels (a subscribed feed's tags): whole tags, case and accents folded."""

QUERY_FIELDS = (
    "title",
    "body",
    "source",
    "author",
    "date",
    *ENTITY_FIELDS.values(),
    "entity",
    TAG_FIELD,
)
"""Fields a user may name in a query, in the order error messages list them."""
