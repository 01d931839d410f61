"""The status line: corpus, hits, query time, sort order, index state, query errors, and what a
search did when the query found nothing ("showing results for **vucic jets** · search for
*vucich jets* instead").

Every piece of text passes the one sanitiser (``textutil.one_line``): index states carry file
names and error messages, suggestions and corrections come from article words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from search_index import Rescue

from ..textutil import one_line, plural
from .styling import part_style

MIN_STATE = 12
"""Cells below which a long index state is dropped rather than cut short."""


@dataclass(frozen=True, slots=True)
class Status:
    """Everything the status line shows; the screen replaces it piecemeal."""

    corpus: str = ""
    hits: int | None = None
    """Hits of the current query; None when browsing."""
    articles: int | None = None
    """Articles in the index; None before it can be opened."""
    elapsed_ms: float | None = None
    sort: str = ""
    index_state: str = ""
    index_busy: bool = False
    index_problem: bool = False
    error: str = ""
    suggestion: str = ""
    rescue: Rescue | None = None
    """What the search shown did instead of finding nothing."""
    searching: bool = False


class StatusLine(Widget):
    """One line; text from articles or queries is data (``Text``), never markup."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-line--corpus",
        "status-line--error",
        "status-line--dim",
        "status-line--busy",
        "status-line--problem",
        "status-line--suggestion",
        "status-line--rescued",
        "status-line--typed",
    }

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
    }
    """

    def __init__(self, *, show_timings: bool = True, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.show_timings = show_timings
        self._status = Status()

    @property
    def status(self) -> Status:
        """What is shown now."""
        return self._status

    def update(self, **changes: object) -> None:
        """Change some fields of the status and redraw."""
        status = replace(self._status, **changes)  # type: ignore[arg-type]
        if status != self._status:
            self._status = status
            self.refresh()

    def _style(self, name: str) -> Style:
        return part_style(self, name)

    def _rescue(self, rescue: Rescue, sep: Text) -> Text:
        """ "showing results for **X** · search for *Y* instead" for a correction (with "(1
        with all its 3 words, then those with 2)" when it found a few); "no article has all 4
        words; showing those with 3" when the articles shown lack some, "2 articles have all 4
        words; below them, those with 3" when a few have them all (the query is in the query
        bar: the exact-search key in the footer runs it as typed)."""
        dim = self._style("status-line--dim")
        out = Text()
        if not rescue.corrected:  # coordination, or a few exact hits with near misses below
            out.append(rescue.describe(), dim)
            return out
        out.append("showing results for ", dim)
        out.append(one_line(rescue.query), self._style("status-line--rescued"))
        if rescue.extended:
            out.append(f" ({rescue.exact} with all its {rescue.words} words, then", dim)
            out.append(f" those with {rescue.matched})", dim)
        elif rescue.partial:
            out.append(f" (those with {rescue.matched} of its {rescue.words} words)", dim)
        out.append_text(sep)
        out.append("search for ", dim)
        out.append(one_line(rescue.typed), self._style("status-line--typed"))
        out.append(" instead", dim)
        return out

    def render(self) -> Text:
        status = self._status
        sep = Text(" · ", self._style("status-line--dim"))

        left = Text(" ")
        left.append(one_line(status.corpus) or "newsdesk", self._style("status-line--corpus"))
        if status.articles is not None:
            left.append_text(sep)
            if status.hits is None:
                left.append(plural(status.articles, "article"))
            else:
                left.append(f"{plural(status.hits, 'hit')} / {plural(status.articles, 'article')}")
        if status.searching:
            left.append_text(sep)
            left.append("searching…", self._style("status-line--dim"))
        if status.error:
            left.append_text(sep)
            left.append(f"✗ {one_line(status.error)}", self._style("status-line--error"))
        elif status.rescue is not None:
            left.append_text(sep)
            left.append_text(self._rescue(status.rescue, sep))
        elif status.suggestion:
            left.append_text(sep)
            left.append("did you mean: ", self._style("status-line--dim"))
            left.append(one_line(status.suggestion), self._style("status-line--suggestion"))

        # Right side, least important first: it gives way when the left side (an error, or what
        # a rescue showed) needs room.
        pieces: list[Text] = []
        if self.show_timings and status.elapsed_ms is not None:
            pieces.append(Text(f"{status.elapsed_ms:,.0f} ms", self._style("status-line--dim")))
        if status.sort:
            pieces.append(Text(status.sort))
        if status.index_state:
            name = (
                "status-line--problem"
                if status.index_problem
                else "status-line--busy"
                if status.index_busy
                else "status-line--dim"
            )
            pieces.append(Text(one_line(status.index_state), self._style(name)))

        width = self.size.width
        while True:
            right = Text()
            for number, piece in enumerate(pieces):
                if number:
                    right.append_text(sep)
                right.append_text(piece)
            right.append(" ")
            room = width - cell_len(right.plain) - 1
            if not pieces or cell_len(left.plain) <= room:
                break
            said = status.error or status.rescue is not None
            if not said and room >= width // 2:
                break  # only an error or a rescue may push the index state off the line
            fit = width - cell_len(left.plain) - 2
            if len(pieces) == 1 and status.index_state and not said and fit >= MIN_STATE:
                pieces[0].truncate(fit, overflow="ellipsis")  # a long index problem: cut, kept
                continue
            pieces.pop(0)
        if not pieces:
            right, room = Text(), width
        left.truncate(max(room, 1), overflow="ellipsis", pad=True)
        return Text.assemble(left, " " if right.plain else "", right)
