"""``ReaderOptions``: everything the reader takes from ``config.toml``, in one frozen object.

Built by ``tui/cli.py`` from the checked ``Config`` (``from_config``), so the app and its
screens get one argument instead of a keyword per setting; tests build it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from search_index import DEFAULT_THEME, Config, ConfigProblem, DateStyle, SortOrder

if TYPE_CHECKING:
    from .opener import Launcher


def _launcher() -> Launcher:
    """The real browser and pager launcher (``tui/opener.py`` loads when first needed)."""
    from .opener import Launcher

    return Launcher()


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """The reader's settings (defaults: those of an empty config file)."""

    sort: SortOrder = "relevance"
    """Order of search results at start (a remembered session's order wins)."""
    sidebar: bool = True
    """Show the entity sidebar on start when the window is wide enough."""
    dates: DateStyle = "absolute"
    theme: str = DEFAULT_THEME
    """The config's theme (already checked); a theme picked in the reader wins over it."""
    refresh: int = 0
    """Seconds between fetches of the subscribed feeds in the background (0: off)."""
    keymap: tuple[tuple[str, str], ...] = ()
    """``(binding id, keys)`` with ids and keys checked and normalised, for ``set_keymap``."""
    warnings: tuple[str, ...] = ()
    """Config problems the reader starts despite, shown once it is on screen."""
    launcher: Launcher = field(default_factory=_launcher, compare=False)
    """Starts browsers and the pager for ``b`` (tests hand in a fake)."""

    @classmethod
    def from_config(
        cls, config: Config, problems: list[ConfigProblem] | None = None
    ) -> ReaderOptions:
        """The options for ``config``, whose errors the caller has already refused."""
        from .keymap import check_config, check_theme, effective_keymap

        if problems is None:
            problems = check_config(config)
        return cls(
            sort=config.sort,
            sidebar=config.sidebar,
            dates=config.dates,
            refresh=config.refresh,
            theme=DEFAULT_THEME if check_theme(config) else config.theme,
            keymap=tuple(effective_keymap(config).items()),
            warnings=tuple(p.message for p in problems if p.warning),
        )
