"""The entity sidebar: the people, organisations, places and groups of the current results.

Each group lists its entities with the number of matching articles that mention them, most
frequent first; Enter adds the entity under the cursor as a filter (``AddFilter``), or removes
it when it is one (``RemoveFilter``); new results put the cursor on the top row. A group shows
its top 10, then 50, 250 and all on "more" (``+``; ``-`` fewer). A line-API ``ScrollView``
draws rows on demand (``entity_rows``). It counts in its own worker (``count``,
``entity_counts``), dropping stale counts; from a new search until its counts arrive the rows
are the old results' (``stale``): no cursor, and Enter, ``+``, ``-`` and clicks ring the bell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from textual import events, on
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from search_index import EntityCount, EntityType

from ..commands import ENTITY_SIDEBAR, bindings
from ..filters import TYPE_ORDER, EntityFilter, Filter
from ..messages import AddFilter, FacetsArrived, FacetsFailed, MoreFacetsWanted, RemoveFilter
from ..services.library import LibraryService
from .entity_counts import CountRequest, EntityCounts
from .entity_rows import (
    STEPS,
    Row,
    group_start,
    layout_rows,
    place_cursor,
    render_message,
    row_strip,
    with_heading,
)
from .pane_frame import FramedPane
from .styling import LookWatch

NO_ENTITIES = "No people, organisations, places or groups are named in these results."


class EntitySidebar(FramedPane, can_focus=True):
    """Entities of the current result set, grouped by type, with counts and a cursor."""

    BINDING_GROUP_TITLE = "Entity sidebar"

    BINDINGS: ClassVar[list[BindingType]] = bindings(*ENTITY_SIDEBAR)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entity-sidebar--cursor",
        "entity-sidebar--heading",
        "entity-sidebar--person",
        "entity-sidebar--org",
        "entity-sidebar--place",
        "entity-sidebar--group",
        "entity-sidebar--count",
        "entity-sidebar--active",
        "entity-sidebar--more",
        "entity-sidebar--empty",
    }

    DEFAULT_CSS = """
    EntitySidebar {
        overflow-x: hidden;
    }
    """

    class Counted(Message):
        """Counts are on screen (the screen's idle collector takes the moment)."""

    def __init__(
        self,
        *,
        library: LibraryService | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._facets: dict[str, list[EntityCount]] = {}
        self._fetched_top = 0
        self._limits: dict[str, int] = dict.fromkeys(TYPE_ORDER, STEPS[0])
        self._filters: tuple[Filter, ...] = ()
        self._active: frozenset[tuple[str, str]] = frozenset()
        self._waiting: set[str] = set()
        """Groups asked to show more than the counts at hand hold (a fetch is under way)."""
        self._rows: list[Row] = []
        self._selectable: list[int] = []
        self._cursor = 0
        self._message = ""
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(512)
        self._look = LookWatch(self)
        self.library = library
        """Where counts come from (None: ``set_facets`` only, as in tests of the pane alone)."""
        self.counts = EntityCounts()
        """Which counts are wanted and which are on screen."""
        self._query: str | None = None
        """The query of the results last counted: a new one starts with each group's top 10."""

    # ----------------------------------------------------------------- public API

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every line, headings included, top to bottom."""
        return tuple(self._rows)

    @property
    def entity_rows(self) -> list[EntityCount]:
        """The entity rows shown, in order."""
        return [
            EntityCount(row.name, row.type, row.count) for row in self._rows if row.kind == "entity"
        ]

    @property
    def current(self) -> Row | None:
        """The row under the cursor (an entity or a group's "more" row)."""
        if not self._selectable:
            return None
        return self._rows[self._selectable[self._cursor]]

    @property
    def wanted_top(self) -> int:
        """How many entities per type to fetch: the largest group shown, plus one to tell
        whether there are more."""
        return max(self._limits.values()) + 1

    def set_facets(
        self, facets: Mapping[str, list[EntityCount]], top: int, *, new_results: bool = False
    ) -> None:
        """Show new counts (``top`` per type were asked for); the cursor stays on its entity,
        or goes to the top row for ``new_results`` (Enter never picks an entity of old ones)."""
        self._facets = {etype: list(facets.get(etype, ())) for etype in TYPE_ORDER}
        self._fetched_top = top
        self._waiting.clear()
        self.counts.stale = False
        self._rebuild(keep_index=0 if new_results else None)

    def reset_limits(self) -> None:
        """Back to the top 10 of each group (for the next counts: a new query)."""
        self._limits = dict.fromkeys(TYPE_ORDER, STEPS[0])

    def set_active(self, filters: Iterable[Filter]) -> None:
        """Mark the entities that are filters already (Enter on one removes it)."""
        self._filters = tuple(filters)
        active = frozenset((f.type, f.name) for f in self._filters)
        if active != self._active:
            self._active = active
            self._cache.clear()
            self.refresh()

    def set_message(self, message: str) -> None:
        """What to say when there is nothing to list (and drop the rows)."""
        self._message = message
        self._facets = {}
        self.counts.stale = False
        self._rebuild()

    def move_cursor(self, index: int) -> None:
        """Put the cursor on selectable row ``index`` (clamped) and scroll it into view."""
        if not self._selectable:
            return
        index = max(0, min(index, len(self._selectable) - 1))
        old = self._cursor
        self._cursor = index
        self._scroll_to_cursor()
        if old != index:
            self._refresh_row(self._selectable[old])
            self._refresh_row(self._selectable[index])

    # ----------------------------------------------------------------- counting

    @property
    def pending(self) -> bool:
        """Whether counts were asked for and are not on screen yet (tests wait for them)."""
        return self.counts.pending

    @property
    def elapsed_ms(self) -> float | None:
        """How long the last counts took (benchmarks, tests)."""
        return self.counts.elapsed_ms

    @property
    def stale(self) -> bool:
        """Whether the rows are of results a newer search replaces (no row action applies)."""
        return self.counts.stale

    def drop_counts(self) -> None:
        """Counts under way are of no use any more (a new search runs): until the new
        results are counted, the rows shown are of the old ones."""
        self.workers.cancel_group(self, "facets")
        self.counts.drop()
        self.refresh_focus_lines()  # the cursor shows only on rows of the results shown

    def count(self, request: CountRequest, delay: float = 0.0) -> None:
        """Count the entities of some results in a worker, unless done or under way."""
        if request.query != self._query:
            self._query = request.query  # (filters keep "more")
            self.reset_limits()
        key = self.counts.want(request, self.wanted_top)
        self.refresh_focus_lines()
        if key is None or self.library is None:
            return
        self.set_caption("counting…")
        job = self.counts.run(self.library, key, request, delay, self.post_message)
        self.run_worker(job, group="facets", exclusive=True, exit_on_error=False)

    @on(FacetsArrived)
    def _facets_arrived(self, message: FacetsArrived) -> None:
        message.stop()
        before = self.counts.shown
        if not self.counts.arrived(message.key, message.elapsed_ms):
            return  # results changed meanwhile
        if any(message.facets.values()):
            # Other results (query, filters), not the same ones recounted or with more rows.
            new_results = before is None or before[:2] != message.key[:2]
            self.set_facets(message.facets, message.top, new_results=new_results)
        else:
            self.set_message(NO_ENTITIES)
        self.set_caption(message.caption)
        self.post_message(self.Counted())

    @on(FacetsFailed)
    def _facets_failed(self, message: FacetsFailed) -> None:
        message.stop()
        if not self.counts.arrived(message.key, None):
            return
        self.set_message(f"The entities could not be counted: {message.error}")
        self.set_caption("")

    # ----------------------------------------------------------------- actions

    def action_cursor_down(self) -> None:
        """Move the cursor one row down."""
        self.move_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        """Move the cursor one row up."""
        self.move_cursor(self._cursor - 1)

    def action_first(self) -> None:
        """Move the cursor to the first entity."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """Move the cursor to the last row."""
        self.move_cursor(len(self._selectable) - 1)

    def action_half_page(self, direction: int) -> None:
        """Move half a screen."""
        self._jump(direction * max(1, self.scrollable_content_region.height // 2))

    def action_page(self, direction: int) -> None:
        """Move a screen (less one row)."""
        self._jump(direction * max(1, self.scrollable_content_region.height - 1))

    def _jump(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)
        self.move_cursor(self._cursor + lines)

    def action_next_group(self, direction: int) -> None:
        """Move to the first entity of the next (previous) group."""
        if self._selectable:
            self.move_cursor(group_start(self._rows, self._selectable, self._cursor, direction))

    def action_choose(self) -> None:
        """Filter by the entity under the cursor (or drop that filter), or show more of its
        group."""
        current = None if self.stale else self.current
        if current is None:
            self.app.bell()
        elif current.kind == "more":
            self._change_limit(current.type, 1)
        else:
            chosen = EntityFilter(current.type, current.name)
            if chosen in self._filters:
                self.post_message(RemoveFilter(self._filters.index(chosen)))
            else:
                self.post_message(AddFilter(chosen))

    def action_more(self) -> None:
        """Show more entities of the group under the cursor."""
        self._resize_group(1)

    def action_fewer(self) -> None:
        """Show fewer entities of the group under the cursor."""
        self._resize_group(-1)

    def _resize_group(self, direction: int) -> None:
        if self.stale:
            self.app.bell()
        elif (current := self.current) is not None:
            self._change_limit(current.type, direction)

    def _change_limit(self, etype: EntityType, direction: int) -> None:
        limit = self._limits[etype]
        step = STEPS.index(limit) if limit in STEPS else 0
        new_step = max(0, min(step + direction, len(STEPS) - 1))
        entries = self._facets.get(etype, [])
        if new_step == step or (direction > 0 and len(entries) <= limit):
            self.app.bell()  # nothing more (or fewer) to show
            return
        self._limits[etype] = STEPS[new_step]
        if direction > 0:
            if len(entries) >= self._fetched_top and self.wanted_top > self._fetched_top:
                # The counts at hand may stop short of the new limit: ask for more.
                self._waiting.add(etype)
                self.post_message(MoreFacetsWanted(self.wanted_top))
            self._rebuild(keep_index=self._cursor)  # "more" becomes the first new row
        else:
            self._rebuild(fallback_key=("more", etype, ""))

    # ----------------------------------------------------------------- rows

    def _rebuild(
        self, keep_index: int | None = None, fallback_key: tuple[str, str, str] | None = None
    ) -> None:
        """Lay the counts out as rows; the cursor keeps its entity (or its place)."""
        before = self.current
        rows = layout_rows(self._facets, self._limits, self._waiting)
        self._rows = rows
        self._selectable = [n for n, row in enumerate(rows) if row.kind in ("entity", "more")]
        keys = [rows[n].key for n in self._selectable]
        cursor = place_cursor(keys, before, keep_index, fallback_key, self._cursor)
        self._cursor = max(0, min(cursor, len(self._selectable) - 1))
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows))
        if self._selectable:
            self._scroll_to_cursor()
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    # ----------------------------------------------------------------- events

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))
        self._scroll_to_cursor()

    def refresh_focus_lines(self) -> None:
        if self._selectable:
            self._refresh_row(self._selectable[self._cursor])  # shown only with focus

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_y)
        if self.stale:
            self.app.bell()
        elif row in self._selectable:
            self.move_cursor(self._selectable.index(row))
            if event.chain >= 2 or self._rows[row].kind == "more":
                self.action_choose()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look.mark()

    # ----------------------------------------------------------------- rendering

    def _scroll_to_cursor(self) -> None:
        if not self._selectable:
            return
        region = with_heading(self._rows, self._selectable[self._cursor])
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def _refresh_row(self, row: int) -> None:
        self.refresh(Region(0, row - round(self.scroll_y), self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        if self._look.changed():
            self._cache.clear()
        width = self.scrollable_content_region.width
        number = round(self.scroll_y) + y
        base = self.rich_style
        if not self._rows:
            return render_message(self, self._message, number, width, base)
        if number >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[number]
        is_cursor = (
            self.has_focus
            and not self.stale
            and bool(self._selectable)
            and (self._selectable[self._cursor] == number)
        )
        active = (row.type, row.name) in self._active
        key = (number, width, is_cursor, active)
        strip = self._cache.get(key)
        if strip is None:
            waiting = row.type in self._waiting
            strip = row_strip(self, row, width, active=active, waiting=waiting, cursor=is_cursor)
            self._cache[key] = strip
        return strip
