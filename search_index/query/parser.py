"""The query language: text -> a small syntax tree -> a Whoosh query, or a ``QueryError``.

Words AND by default; ``OR`` binds tighter than the implicit AND and looser than an explicit
``AND`` (as in Whoosh: ``kosovo serbia OR serbian`` = kosovo AND (serbia OR serbian));
``NOT``/``-`` negate; ``( )`` group; ``"..."`` is a phrase; ``field:`` names a field;
``word*`` is a prefix, ``word~``/``word~2`` fuzzy; dates as in ``querydates``; ``is:read``,
``is:unread``, ``is:starred``, ``is:unstarred`` select by the user's marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..models import QueryError
from .dates import Period, parse_comparison, parse_period, parse_range
from .fields import ENTITY_FIELDS, QUERY_FIELDS
from .tree import (
    All,
    And,
    DateSpan,
    Marked,
    Node,
    Not,
    Or,
    Phrase,
    Word,
    as_marked,
    date_bounds,
    mentions_marks,
)

FIELD_NAMES = frozenset(QUERY_FIELDS)
MIN_PREFIX = 2
"""Shortest prefix allowed before ``*`` (a one-letter prefix expands to most of the index)."""
OPERATORS = {"AND", "OR", "NOT"}
MAX_TERMS = 200
"""More words and phrases than this in one query are an error, not a search: a pasted page of
text would take seconds, and past ~1,000 ANDed words Whoosh's matcher tree overflows the stack."""
MAX_FUZZY = 40
"""Longest word ``~`` works on (the edit-distance automaton grows with the word)."""
MARK_FIELD = "is"
MARK_VALUES = {
    "read": ("read", True),
    "unread": ("read", False),
    "starred": ("starred", True),
    "unstarred": ("starred", False),
}
"""``is:`` values: the mark looked at and whether the article must carry it."""


# ---------------------------------------------------------------- lexer


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical token: kind, text and character offsets in the query."""

    kind: str  # word phrase range cmp field lparen rparen neg and or not
    text: str
    start: int
    end: int


_FIELD = re.compile(r"([A-Za-z_]+):")
_STOP = set(' \t\r\n()"[')


_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Controls, line breaks and bidi overrides: escaped in messages (a status line is one line)."""


def _visible(text: str) -> str:
    """``text`` with each control character written as its escape (``\\n``, ``\\x1b``)."""
    return _UNSEEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _error(message: str, query: str, pos: int | None = None) -> QueryError:
    """A QueryError whose one-line message quotes the query, control characters escaped."""
    return QueryError(_visible(f'{message} in "{query}"'), query, pos)


def tokenize(query: str) -> list[Token]:
    """Split ``query`` into tokens; raise ``QueryError`` for unclosed quotes and ranges."""
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(Token("lparen" if c == "(" else "rparen", c, i, i + 1))
            i += 1
        elif c == '"':
            close = query.find('"', i + 1)
            if close < 0:
                raise _error(
                    f"unclosed quote: the '\"' at character {i + 1} is never closed", query, i
                )
            tokens.append(Token("phrase", query[i + 1 : close], i, close + 1))
            i = close + 1
        elif c == "[":
            close = query.find("]", i + 1)
            if close < 0:
                raise _error(
                    f"unclosed date range: the '[' at character {i + 1} has no ']'", query, i
                )
            tokens.append(Token("range", query[i + 1 : close], i, close + 1))
            i = close + 1
        elif c in "<>":
            op = query[i : i + 2] if query[i + 1 : i + 2] == "=" else c
            tokens.append(Token("cmp", op, i, i + len(op)))
            i += len(op)
        elif c in "-+" and i + 1 < n and not query[i + 1].isspace():
            if c == "-":
                tokens.append(Token("neg", c, i, i + 1))
            i += 1
        else:
            j = i
            while j < n and query[j] not in _STOP:
                j += 1
            text = query[i:j]
            field = _FIELD.match(text)
            if field:
                tokens.append(Token("field", field.group(1), i, i + field.end()))
                i += field.end()
                continue
            if text in OPERATORS:
                tokens.append(Token(text.lower(), text, i, j))
            elif text.strip("-+"):
                tokens.append(Token("word", text, i, j))
            i = j
    return tokens


# ---------------------------------------------------------------- parser


class _Parser:
    """Recursive descent over the tokens; one instance per query string."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = tokenize(query)
        self.i = 0
        terms = sum(1 for tok in self.tokens if tok.kind in ("word", "phrase"))
        if terms > MAX_TERMS:
            raise _error(
                f"too many words: {terms:,} (a query takes at most {MAX_TERMS})",
                query[:60] + ("…" if len(query) > 60 else ""),
            )

    def peek(self) -> Token | None:
        """The next token, or None at the end."""
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        """Consume and return the next token."""
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def fail(self, message: str, pos: int | None) -> QueryError:
        """A QueryError about this query."""
        return _error(message, self.query, pos)

    def parse(self) -> Node | None:
        """The whole query (None when blank)."""
        if not self.tokens:
            return None
        node = self.sequence(None)
        tok = self.peek()
        if tok is not None:  # only a stray ')' stops a top-level sequence
            raise self.fail(
                f"unbalanced parenthesis: the ')' at character {tok.start + 1} has no matching '('",
                tok.start,
            )
        return node

    def sequence(self, field: str | None) -> Node:
        """Items side by side (implicit AND) up to ')' or the end."""
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind != "rparen":
            items.append(self.disjunction(field))
        return items[0] if len(items) == 1 else And(tuple(items))

    def disjunction(self, field: str | None) -> Node:
        """``a OR b OR ...``."""
        items = [self.conjunction(field)]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            items.append(self.conjunction(field, after=tok))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def conjunction(self, field: str | None, after: Token | None = None) -> Node:
        """``a AND b AND ...``."""
        items = [self.unary(field, after)]
        while (tok := self.peek()) is not None and tok.kind == "and":
            self.take()
            items.append(self.unary(field, tok))
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self, field: str | None, after: Token | None) -> Node:
        """``NOT x``, ``-x`` or a primary."""
        tok = self.peek()
        if tok is None or tok.kind in ("rparen", "and", "or"):
            if after is not None:
                what = "a term after it" if after.kind in ("not", "neg") else "a term on both sides"
                raise self.fail(
                    f"'{after.text}' at character {after.start + 1} needs {what}", after.start
                )
            assert tok is not None
            raise self.fail(
                f"'{tok.text}' at character {tok.start + 1} needs a term on both sides", tok.start
            )
        if tok.kind in ("not", "neg"):
            self.take()
            return Not(self.unary(field, tok))
        return self.primary(field)

    def primary(self, field: str | None) -> Node:
        """A word, phrase, group, ``field:value`` or date."""
        tok = self.take()
        if tok.kind == "lparen":
            if (nxt := self.peek()) is not None and nxt.kind == "rparen":
                raise self.fail(f"empty parentheses at character {tok.start + 1}", tok.start)
            if nxt is None:
                raise self.fail(
                    f"unbalanced parenthesis: the '(' at character {tok.start + 1} is never closed",
                    tok.start,
                )
            node = self.sequence(field)
            if self.peek() is None:
                raise self.fail(
                    f"unbalanced parenthesis: the '(' at character {tok.start + 1} is never closed",
                    tok.start,
                )
            self.take()
            return node
        if tok.kind == "field":
            return self.fielded(tok)
        if field == "date":
            return self.date_value(tok)
        if field == MARK_FIELD:
            return self.mark_value(tok)
        if tok.kind in ("range", "cmp"):
            shown = "[" if tok.kind == "range" else tok.text  # a range's text is its inside
            raise self.fail(
                f"'{shown}' at character {tok.start + 1} only works "
                "with dates, as in date:>2021-09-01 or date:[2021 to 2022]",
                tok.start,
            )
        if tok.kind == "phrase":
            return Phrase(field, tok.text, tok.start)
        return self.word(field, tok)

    def fielded(self, tok: Token) -> Node:
        """``field:`` followed, without a space, by a value or a group."""
        name = tok.text.lower()
        if name not in FIELD_NAMES and name != MARK_FIELD:
            raise self.fail(
                f"unknown field '{tok.text}' (fields: {', '.join(QUERY_FIELDS)}, {MARK_FIELD})",
                tok.start,
            )
        nxt = self.peek()
        if nxt is None or nxt.start != tok.end or nxt.kind in ("rparen", "field", "and", "or"):
            raise self.fail(
                f"empty field: nothing follows '{tok.text}:' at character {tok.start + 1}",
                tok.start,
            )
        return self.unary(name, tok)

    def date_value(self, tok: Token) -> Node:
        """A date, a comparison (``>2021``) or a range (``[2021 to 2022]``) in ``date:``."""
        try:
            if tok.kind == "range":
                return DateSpan(*parse_range(tok.text))
            if tok.kind == "cmp":
                value = self.peek()
                if value is None or value.start != tok.end or value.kind not in ("word", "phrase"):
                    raise QueryError(f"a date must follow '{tok.text}'")
                self.take()
                return DateSpan(*parse_comparison(tok.text, value.text))
            if tok.kind in ("word", "phrase"):
                return DateSpan(*parse_period(tok.text))
        except QueryError as err:
            raise self.fail(str(err), tok.start) from None
        raise self.fail(f"'{tok.text}' at character {tok.start + 1} is not a date", tok.start)

    def mark_value(self, tok: Token) -> Node:
        """``read``, ``unread``, ``starred`` or ``unstarred`` after ``is:`` (any case)."""
        value = MARK_VALUES.get(tok.text.lower()) if tok.kind in ("word", "phrase") else None
        if value is None:
            raise self.fail(
                f"unknown 'is:' value '{tok.text}' at character {tok.start + 1} "
                "(use is:read, is:unread, is:starred or is:unstarred)",
                tok.start,
            )
        return Marked(*value)

    def word(self, field: str | None, tok: Token) -> Node:
        """A plain word, ``word*`` prefix or ``word~N`` fuzzy term."""
        text = tok.text
        if text == "*":
            return All()
        fuzzy = re.fullmatch(r"(.+?)~(\d*)", text)
        if fuzzy:
            dist = int(fuzzy.group(2) or 1)
            if dist not in (1, 2):
                raise self.fail(f"fuzzy distance in '{text}' must be 1 or 2", tok.start)
            if len(fuzzy.group(1)) > MAX_FUZZY:
                raise self.fail(f"'~' works on words of up to {MAX_FUZZY} letters", tok.start)
            return Word(field, fuzzy.group(1), "fuzzy", dist, tok.start, tok.end)
        if text.endswith("*") and "*" not in text[:-1]:
            stem = text[:-1]
            if len(stem) < MIN_PREFIX:
                raise self.fail(
                    f"prefix '{text}' is too short: type at least {MIN_PREFIX} letters before '*'",
                    tok.start,
                )
            return Word(field, stem, "prefix", 0, tok.start, tok.end)
        if "*" in text:
            raise self.fail(
                f"'*' in '{text}' only works at the end of a word (a prefix)", tok.start
            )
        return Word(field, text, "term", 0, tok.start, tok.end)


@lru_cache(maxsize=512)
def parse(query: str) -> Node | None:
    """Parse ``query`` into a syntax tree (None when blank); raise ``QueryError`` naming the
    problem."""
    try:
        return _Parser(query).parse()
    except RecursionError:  # "((((..." or "NOT NOT NOT ..." thousands deep
        raise _error(
            "too deeply nested: too many parentheses or NOTs",
            query[:60] + ("…" if len(query) > 60 else ""),
        ) from None


def is_entity_field(field: str | None) -> bool:
    """True for ``person``, ``org``, ``place``, ``group`` and ``entity``."""
    return field is not None and (field in ENTITY_FIELDS.values() or field == "entity")


__all__ = [
    "All",
    "And",
    "DateSpan",
    "Marked",
    "Node",
    "Not",
    "Or",
    "Period",
    "Phrase",
    "QueryError",
    "Word",
    "as_marked",
    "date_bounds",
    "is_entity_field",
    "mentions_marks",
    "parse",
    "tokenize",
]
