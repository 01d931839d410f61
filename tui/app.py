"""The newsdesk reader application: a thin shell around the main screen."""

from __future__ import annotations

import gc
from collections.abc import Callable, Coroutine, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.driver import Driver
from textual.screen import Screen

from .commands import APP, bindings
from .options import ReaderOptions
from .palette import palette_entries, without_replaced
from .screens import stories
from .screens.main import MainScreen
from .services import make_services
from .setup import ReaderSetup
from .state_commands import saved_search_commands
from .state_messages import StateOpened
from .theming import remember_theme, remembered_theme
from .threads import in_thread
from .wire import compact_driver

if TYPE_CHECKING:
    from search_index import Library, StateStore


class NewsdeskApp(App[None]):
    """Read and search a news corpus from the terminal."""

    TITLE = "newsdesk"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    # q and ? are the main screen's (the help screen closes with them); ctrl+c quits anywhere.
    BINDINGS: ClassVar[list[BindingType]] = bindings(*APP)

    def __init__(
        self,
        *,
        corpora: Sequence[Path],
        index_dir: Path,
        show_timings: bool = True,
        search_delay: float = 0.15,
        update: bool = True,
        make_library: Callable[[Sequence[Path], Path], Library] | None = None,
        open_state: Callable[[], StateStore] | None = None,
        options: ReaderOptions | None = None,
    ) -> None:
        """Open the reader on ``corpora`` with the index kept in ``index_dir``.

        ``show_timings=False`` hides query times (for snapshots); ``update=False`` opens the
        existing index without looking for changes; ``make_library`` replaces
        the data layer (``search_index.open_library``) and ``open_state`` the user's state file (tests);
        ``options`` are the settings from ``config.toml`` (default: none set).
        """
        super().__init__()
        self.options = options or ReaderOptions()
        self._theme_store: StateStore | None = None
        """Where a theme picked in the reader is kept (once the state file is open)."""
        self._early_pick: str | None = None
        """A theme picked before the state file was open: it wins over the remembered one."""
        self.theme = self.options.theme
        setup = ReaderSetup(
            tuple(Path(p) for p in corpora),
            Path(index_dir),
            show_timings,
            search_delay,
            update,
            make_library,
            open_state,
        )
        self.services = make_services(setup, self.options, self._spawn_write)
        """The library, the state file, the marks and the session, shared by the panes."""
        self._main = MainScreen(setup, self.services, self.options)
        if self.no_color:
            self.add_class("-no-color")

    def _spawn_write(self, job: Coroutine[Any, Any, None]) -> None:
        """Run a write to the state file as a worker (quitting and tests wait for those)."""
        self.run_worker(job, group="state-write", exit_on_error=False)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, writing style changes as differences
        (``tui/wire.py``: over SSH every byte is latency)."""
        return compact_driver(super().get_driver_class())

    def get_default_screen(self) -> Screen:
        return self._main

    @property
    def main(self) -> MainScreen:
        """The main screen (query bar, list, reader)."""
        return self._main

    def on_mount(self) -> None:
        self.call_after_refresh(gc.enable)  # (off while starting, see tui/cli.py)
        self._early_pick = ""  # from now on a theme change is the user's pick
        self.set_keymap(dict(self.options.keymap))
        for warning in self.options.warnings:
            self.notify(warning, title="config.toml", severity="warning", markup=False, timeout=20)

    @on(StateOpened)
    def _state_opened(self, message: StateOpened) -> None:
        self._restore_theme(message.opened.store)

    @work(group="theme-restore", exit_on_error=False)
    async def _restore_theme(self, store: StateStore) -> None:
        """Start with the theme picked last time, then remember every new pick."""
        try:
            theme = await in_thread(
                remembered_theme, store, self.options.theme, self.available_themes
            )
        except Exception:  # noqa: BLE001 - the state file's trouble is said by the main screen
            return
        if self._early_pick:  # picked while the file was opening: that pick wins
            self._remember_theme(store, self._early_pick)
        elif theme is not None:
            self.theme = theme
        self._theme_store = store

    def watch_theme(self, theme: str) -> None:
        if self._theme_store is not None:
            self._remember_theme(self._theme_store, theme)
        elif self._early_pick is not None:
            self._early_pick = theme

    @work(group="theme-save", exclusive=True, exit_on_error=False)
    async def _remember_theme(self, store: StateStore, theme: str) -> None:
        try:
            await in_thread(remember_theme, store, theme, self.options.theme)
        except Exception as error:  # noqa: BLE001 - said, the theme still changes
            self.notify(
                f"The theme could not be remembered: {error}", severity="warning", markup=False
            )

    def action_help(self) -> None:
        """Show every key."""
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        main = self._main
        self.push_screen(
            HelpScreen(
                [
                    ("Anywhere (except while typing a query)", [main, self]),
                    ("Article list", [main.articles]),
                    ("Reading pane", [main.reader]),
                    ("Timeline", [stories.timeline_of(main)]),
                    ("Entity sidebar", [main.sidebar]),
                    ("Query bar", [main.query_input]),
                ]
            )
        )

    def action_story(self, what: str) -> None:
        """``d``, ``r``, ``t``, ``v`` and Backspace in the reading pane (``screens/stories.py``)."""
        main = self._main
        main.gate.when_ready(lambda: stories.run(main, what))

    async def action_quit(self) -> None:
        """Quit at once (a running index update is abandoned, its commit allowed to end)."""
        await self._main.stop_indexing()
        await self._main.save_state()  # the last session, and writes still under way
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's entries (theme, quit, screenshot), the commands that have a palette title
        (``tui/commands/``), then one entry per saved search."""
        yield from without_replaced(super().get_system_commands(screen))
        main = self._main
        yield from palette_entries(self, [main, *main.walk_children(), self])
        yield from saved_search_commands(main)
