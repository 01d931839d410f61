"""The newsdesk reader application: a thin shell around the main screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from search_index.models import IndexSummary

from .bindings import bind
from .screens.help import HelpScreen
from .screens.main import MainScreen

if TYPE_CHECKING:
    from search_index.searcher import Searcher


class NewsdeskApp(App[None]):
    """Read and search a news corpus from the terminal."""

    TITLE = "newsdesk"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    # q and ? are the main screen's (the help screen closes with them); ctrl+c quits anywhere.
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("ctrl+c", "quit", "Quit", show=False, id="quit-now"),
    ]

    def __init__(
        self,
        *,
        corpora: Sequence[Path],
        index_dir: Path,
        show_timings: bool = True,
        search_delay: float = 0.15,
        update: bool = True,
        open_searcher: Callable[[Path], Searcher] | None = None,
        update_index: Callable[..., IndexSummary] | None = None,
    ) -> None:
        """Open the reader on ``corpora`` with the index kept in ``index_dir``.

        ``show_timings=False`` hides query times (for snapshots); ``update=False`` opens the
        existing index without looking for changes; ``open_searcher``/``update_index``
        replace the data layer (tests).
        """
        super().__init__()
        self._main = MainScreen(
            corpora=corpora,
            index_dir=index_dir,
            show_timings=show_timings,
            search_delay=search_delay,
            update=update,
            open_searcher=open_searcher,
            update_index=update_index,
        )
        if self.no_color:
            self.add_class("-no-color")

    def get_default_screen(self) -> Screen:
        return self._main

    @property
    def main(self) -> MainScreen:
        """The main screen (query bar, list, reader)."""
        return self._main

    def action_help(self) -> None:
        """Show every key."""
        if isinstance(self.screen, HelpScreen):
            return
        main = self._main
        self.push_screen(
            HelpScreen(
                [
                    ("Anywhere (except while typing a query)", [main, self]),
                    ("Article list", [main.articles]),
                    ("Reading pane", [main.reader]),
                    ("Entity sidebar", [main.sidebar]),
                    ("Query bar", [main.query_input]),
                ]
            )
        )

    async def action_quit(self) -> None:
        """Quit at once (a running index update is abandoned, its commit allowed to end)."""
        await self._main.stop_indexing()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self._main
        yield SystemCommand("Search", "Focus the query bar (/)", main.action_focus_query)
        yield SystemCommand(
            "Toggle sort order",
            "Sort results by relevance or newest first (o)",
            main.action_toggle_sort,
        )
        yield SystemCommand(
            "Next hit", "Jump to the next highlighted hit (n)", lambda: main.action_next_match(1)
        )
        yield SystemCommand(
            "Previous hit",
            "Jump to the previous highlighted hit (N)",
            lambda: main.action_next_match(-1),
        )
        yield SystemCommand(
            "Next article", "Open the next article (])", lambda: main.action_step_article(1)
        )
        yield SystemCommand(
            "Previous article",
            "Open the previous article ([)",
            lambda: main.action_step_article(-1),
        )
        yield SystemCommand(
            "Copy link", "Copy the article's URL or path (y)", main.action_copy_link
        )
        yield SystemCommand(
            "Zoom pane", "Maximise the focused pane or restore (z)", main.action_zoom
        )
        yield SystemCommand(
            "Toggle entity sidebar",
            "Show the people, organisations, places and groups of the results (e)",
            main.action_toggle_entities,
        )
        yield SystemCommand(
            "Remove last filter", "Drop the last entity filter chip (x)", main.action_remove_filter
        )
        yield SystemCommand(
            "Clear filters", "Drop every entity filter chip (X)", main.action_clear_filters
        )
        yield SystemCommand(
            "Update index", "Look for new and changed files (ctrl+r)", main.action_reindex
        )
        yield SystemCommand("Help", "Show all keys (?)", self.action_help)
