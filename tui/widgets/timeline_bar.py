"""The timeline: a one-line histogram of the current results over time, and a caption.

Shown by ``t`` (which moves focus here) and hidden when focus leaves. Buckets (days, weeks,
months or years, from the span of the results) are counted by the library in this widget's
own worker, keyed by the search they belong to (a newer request wins); ``←``/``→`` move across
the buckets and Enter narrows the results to the one under the cursor with a date chip
(``AddFilter``), removable like entity chips. Undated results are counted in the caption.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.binding import BindingType
from textual.widget import Widget

from search_index import Marks, Timeline, TimelineBucket

from ..commands import TIMELINE, bindings
from ..filters import DateFilter
from ..messages import AddFilter
from ..services.library import LibraryService
from ..textutil import plural
from ..threads import in_thread
from .styling import part_style

BARS = " ▁▂▃▄▅▆▇█"
"""Bar heights from nothing to the tallest bucket (a bucket with any count shows ``▁``)."""


@dataclass(frozen=True, slots=True)
class TimelineRequest:
    """The results to count: the query, its filters as query strings and the marks; ``exact``
    as the search that showed them (else a query matching nothing counts its rescue's hits)."""

    query: str
    filters: tuple[str, ...]
    version: int
    marks: Callable[[], Marks | None]
    exact: bool = False


def bucket_label(bucket: TimelineBucket, by: str) -> str:
    """``2022``, ``2022-12``, ``week of 2022-12-12`` or ``2022-12-12``."""
    start = bucket.start
    if by == "year":
        return f"{start.year}"
    if by == "month":
        return f"{start.year}-{start.month:02}"
    if by == "week":
        return f"week of {start.date().isoformat()}"
    return start.date().isoformat()


class TimelineBar(Widget, can_focus=True):
    """Bars per bucket with a cursor; the caption names the bucket under it."""

    BINDING_GROUP_TITLE = "Timeline"
    BINDINGS: ClassVar[list[BindingType]] = bindings(*TIMELINE)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline-bar--bar",
        "timeline-bar--cursor",
        "timeline-bar--caption",
        "timeline-bar--dim",
    }

    DEFAULT_CSS = """
    TimelineBar {
        height: 2;
        display: none;
    }
    TimelineBar.-shown {
        display: block;
    }
    """

    def __init__(self, *, library: LibraryService | None = None, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.library = library
        self.timeline: Timeline | None = None
        self.cursor = 0
        """The bucket under the cursor."""
        self._key: tuple[object, ...] | None = None
        self.pending = False
        """Whether counts are on their way (tests wait for them)."""

    # ----------------------------------------------------------------- showing

    @property
    def shown(self) -> bool:
        """Whether the timeline is on screen."""
        return self.has_class("-shown")

    def show(self) -> None:
        """Put the timeline on screen (it hides again when focus leaves it)."""
        self.add_class("-shown")

    def on_blur(self) -> None:
        self.remove_class("-shown")

    def count(self, request: TimelineRequest) -> None:
        """Count the buckets of these results (unless they are counted already)."""
        key = (request.query, request.filters, request.version, request.exact)
        if key == self._key:
            return
        self._key = key
        self.pending = True
        self._count(request, key)

    @work(exclusive=True, group="timeline", exit_on_error=False)
    async def _count(self, request: TimelineRequest, key: tuple[object, ...]) -> None:
        library = None if self.library is None else self.library.opened
        if library is None:
            self.pending = False
            return
        try:
            timeline: Timeline | str = await in_thread(
                library.timeline,
                request.query,
                request.filters,
                marks=request.marks(),
                fold=True,
                exact=request.exact,
            )
        except Exception as error:  # noqa: BLE001 - said in the caption
            timeline = f"no timeline: {error}"
        if key != self._key:
            return  # a newer request won
        self.pending = False
        if isinstance(timeline, str):
            self.timeline, self._problem = None, timeline
        else:
            self.timeline, self._problem = timeline, ""
            self.cursor = max(len(timeline.buckets) - 1, 0)  # the newest bucket
        self.refresh()

    _problem = ""

    # ----------------------------------------------------------------- keys

    def action_move(self, step: int) -> None:
        """Move the cursor to the next (previous) bucket."""
        buckets = self.timeline.buckets if self.timeline else ()
        target = self.cursor + step
        if not 0 <= target < len(buckets):
            self.app.bell()
            return
        self.cursor = target
        self.refresh()

    def action_choose(self) -> None:
        """Narrow the results to the bucket under the cursor (a date chip)."""
        buckets = self.timeline.buckets if self.timeline else ()
        if not buckets:
            self.app.bell()
            return
        self.post_message(AddFilter(DateFilter.of(buckets[self.cursor])))

    # ----------------------------------------------------------------- drawing

    def render(self) -> Text:
        width = max(self.size.width, 1)
        timeline = self.timeline
        dim = part_style(self, "timeline-bar--dim")
        if timeline is None:
            return Text(self._problem or "Counting the results over time…", dim)
        buckets = timeline.buckets
        if not buckets:
            return Text(f"No dated results ({plural(timeline.undated, 'undated result')}).", dim)
        first = min(max(self.cursor - width // 2, 0), max(len(buckets) - width, 0))
        shown = buckets[first : first + width]
        top = max(b.count for b in buckets) or 1
        bars = Text()
        for index, bucket in enumerate(shown, first):
            level = 0 if not bucket.count else max(1, round(bucket.count * 8 / top))
            style = "timeline-bar--cursor" if index == self.cursor else "timeline-bar--bar"
            bars.append(BARS[level] if level else "·", part_style(self, style))
        current = buckets[self.cursor]
        caption = Text(
            f"{bucket_label(current, timeline.by)}: {plural(current.count, 'result')}",
            part_style(self, "timeline-bar--caption"),
        )
        caption.append(
            f" · {plural(len(buckets), timeline.by)}, "
            f"{timeline.undated:,} undated · ←/→ move · Enter: filter · Esc: back",
            dim,
        )
        caption.truncate(width, overflow="ellipsis")
        return bars + Text("\n") + caption
