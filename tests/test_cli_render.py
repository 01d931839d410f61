"""``newsdesk search`` on a terminal (``search_index.cli.render``): wrapped lines continue
under their hit, not at column 0 (issue 18, item 8)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from search_index.cli.render import HIT_INDENT, print_hits_rich
from search_index.models import Hit, SearchResult, Span

SNIPPET = (
    "Serbians starting days ago began setting up barricades on main roads along the"
    " Kosovo-Serbia border, creating gridlock and chaos in the northern Kosovo region."
)


@pytest.mark.parametrize("width", [40, 80])
def test_wrapped_lines_stay_under_their_hit(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    hits = tuple(
        Hit(
            id=str(n),
            path=f"00{n}_seed.txt",
            score=1.0,
            source="",
            title="Kosovo is urging NATO intervention after weekend border tensions with Serbia",
            date=datetime(2022, 12, 12, tzinfo=UTC),
            snippet=SNIPPET,
            snippet_spans=(Span(SNIPPET.index("border"), SNIPPET.index("border") + 6),),
        )
        for n in range(1, 3)
    )
    out = io.StringIO()
    print_hits_rich(SearchResult("border", hits, 2, 3.0), out)
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("2 of 2 hits")
    starts = [n for n, line in enumerate(lines) if line.lstrip().startswith(("1. ", "2. "))]
    assert starts == [0, starts[1]] and starts[1] > 2
    for line in lines[1 : starts[1]] + lines[starts[1] + 1 : -1]:
        assert line.startswith(" " * HIT_INDENT) and line[HIT_INDENT] != " ", line
        assert len(line.rstrip()) <= width
    text = " ".join(line.strip() for line in lines[: starts[1]])
    assert "barricades on main roads" in text  # the words survive the wrapping
