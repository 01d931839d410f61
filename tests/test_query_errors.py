"""Malformed queries raise ``QueryError`` with a message that names the problem."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search_index.models import QueryError
from search_index.query.parser import And, DateSpan, Not, Or, Word, parse

ERRORS: list[tuple[str, list[str]]] = [
    ("title:(", ["unbalanced parenthesis", "never closed", '"title:("']),
    ("(kosovo OR serbia", ["unbalanced parenthesis", "never closed"]),
    ("kosovo)", ["unbalanced parenthesis", "no matching '('"]),
    ("()", ["empty parentheses"]),
    ("title:", ["empty field", "title:"]),
    ("title: kosovo", ["empty field", "title:"]),
    ('"unclosed', ["unclosed quote"]),
    ('kosovo "border clashes', ["unclosed quote", "character 8"]),
    ("date:[2021 to", ["unclosed date range"]),
    ("date:[2021]", ["needs 'to'"]),
    ("date:[to]", ["at least one end"]),
    ("date:[2022 to 2021]", ["ends before it starts"]),
    ("date:notadate", ["can't read 'notadate' as a date"]),
    ("date:2021-13", ["can't read '2021-13' as a date"]),
    ('date:"32 Foo 2020"', ["can't read '32 Foo 2020' as a date"]),
    ("date:>", ["a date must follow '>'"]),
    (
        "colour:red",
        ["unknown field 'colour'", "fields: title, body, source, author, date", "person"],
    ),
    ("kosovo AND", ["'AND'", "needs a term on both sides"]),
    ("OR kosovo", ["'OR'", "needs a term on both sides"]),
    ("NOT", ["'NOT'", "needs a term after it"]),
    ("kosovo -", []),  # a lone dash is ignored, not an error
    ("k*", ["too short"]),
    ("ko*vo", ["only works at the end"]),
    ("kosovo~3", ["fuzzy distance", "1 or 2"]),
    (">2021", ["only works with dates"]),
    ("[2021 to 2022]", ["only works with dates"]),
]


@pytest.mark.parametrize(("query", "fragments"), ERRORS, ids=[q for q, _ in ERRORS])
def test_error_message_names_the_problem(query: str, fragments: list[str]) -> None:
    if not fragments:
        parse(query)
        return
    with pytest.raises(QueryError) as caught:
        parse(query)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message
    assert caught.value.query == query


def test_query_error_is_a_value_error_with_position() -> None:
    with pytest.raises(ValueError):
        parse("colour:red")
    with pytest.raises(QueryError) as caught:
        parse('kosovo "border')
    assert caught.value.position == 7


def test_precedence_follows_whoosh() -> None:
    """Implicit AND binds loosest, then OR, then explicit AND, then NOT."""
    a, b, c = (Word(None, w, start=s, end=s + 1) for w, s in (("a", 0), ("b", 5), ("c", 7)))
    assert parse("a OR b c") == And((Or((a, b)), c))
    parsed = parse("a AND b OR c")
    assert isinstance(parsed, Or) and isinstance(parsed.items[0], And)
    assert parse("-a") == Not(Word(None, "a", start=1, end=2))
    assert parse("   ") is None


def test_date_forms() -> None:
    def span(query: str) -> tuple[str, str]:
        node = parse(query)
        assert isinstance(node, DateSpan)
        return node.start.date().isoformat(), node.end.date().isoformat()

    assert span("date:2022-12") == ("2022-12-01", "2023-01-01")
    assert span("date:2022") == ("2022-01-01", "2023-01-01")
    assert span("date:2022-12-12") == ("2022-12-12", "2022-12-13")
    assert span("date:>2021-09-01")[0] == "2021-09-02"
    assert span("date:>=2021-09-01")[0] == "2021-09-01"
    assert span("date:<2021-09-01")[1] == "2021-09-01"
    assert span("date:<=2021-09")[1] == "2021-10-01"
    assert span("date:[2021-09-20 TO 2021-09-30]") == ("2021-09-20", "2021-10-01")
    assert span('date:"12 Dec 2022"') == ("2022-12-12", "2022-12-13")
    assert span('date:"September 2021"') == ("2021-09-01", "2021-10-01")
    assert span('date:["1 Sep 2021" to "3 Sep 2021"]') == ("2021-09-01", "2021-09-04")
    node = parse("date:2022")
    assert isinstance(node, DateSpan) and node.start.tzinfo is UTC
    assert node.start == datetime(2022, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("[\n]", '"[\\n]"'),
        ('date:"no\ndate"', "'no\\ndate'"),
        ("date:[\r\n]", "[\\r\\n]"),
        ("kosovo\u2028x~3", "kosovo\\u2028x~3"),
        ("\x1b]0;title\x07(", "\\x1b]0;title\\x07("),
        ("x\x0b*y", "x\\x0b*y"),
        ("\u202eevil*x", "\\u202eevil*x"),
    ],
)
def test_error_message_is_one_line_with_controls_escaped(query: str, shown: str) -> None:
    """A status line gets one line: newlines, escapes and bidi overrides in the query are
    written as their escapes, in the problem and in the quoted query alike."""
    with pytest.raises(QueryError) as caught:
        parse(query)
    message = str(caught.value)
    assert message.splitlines() == [message] and message.isprintable()
    assert shown in message
    assert caught.value.query == query  # the query itself is kept as typed


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("[abc]", "'[' at character 1"),
        ("[\n]", "'[' at character 1"),
        ("x [2021 to 2022]", "'[' at character 3"),
        ("x <=2021", "'<=' at character 3"),
        (">2021", "'>' at character 1"),
    ],
)
def test_date_syntax_outside_date_names_its_own_character(query: str, named: str) -> None:
    """A range is named by its '[' (not the first character inside it), a comparison by its
    whole operator."""
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert str(caught.value).startswith(f"{named} only works with dates")
