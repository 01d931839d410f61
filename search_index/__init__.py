"""newsdesk's data layer; this is its public face, the only module the reader imports from.

Imported at once (cheap): the ``Library`` protocol and ``open_library``, the frozen models and
the errors. Everything else the reader or the CLI entry point needs is loaded on first use
through the module ``__getattr__`` below, so ``import search_index`` pulls in no Whoosh, feed
parser, HTML parser or entity data (``tests/test_import_contracts.py`` keeps it so).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .library import FirstPage, Library, open_library
from .models import (
    Article,
    BucketSize,
    Entity,
    EntityCount,
    EntityType,
    FullText,
    Hit,
    IndexBusyError,
    IndexProgress,
    IndexSummary,
    LastSession,
    Marks,
    QueryError,
    Rescue,
    SavedSearch,
    SearchResult,
    SkippedFile,
    SortOrder,
    Span,
    StateError,
    Stories,
    Story,
    Timeline,
    TimelineBucket,
)

if TYPE_CHECKING:
    from .cli.common import (
        EXIT_USAGE,
        UsageError,
        add_location_options,
        add_version_option,
        resolve_location,
        survive_closed_pipe,
    )
    from .cli.config import ReaderSupport
    from .cli.config import main as config_main
    from .cli.main import COMMANDS as CLI_COMMANDS
    from .cli.main import run as run_cli
    from .cli.search import print_article_plain
    from .config.settings import (
        DEFAULT_THEME,
        Config,
        ConfigError,
        ConfigProblem,
        DateStyle,
        load_config,
    )
    from .diskerrors import describe_io_error, is_io_error
    from .engine.catalog import newest_first
    from .engine.indexer import update_index
    from .engine.library import WhooshLibrary
    from .engine.searcher import Searcher
    from .feeds.fetch import FeedResult, FetchReport, fetch_feeds
    from .feeds.root import FEEDS_PREFIX, feeds_root_if_any, is_feeds_root
    from .feeds.subscriptions import SubscriptionsError, load_subscriptions
    from .ingest import format_of
    from .paths import bundled_seeds
    from .query.fields import ENTITY_FIELDS
    from .query.parser import mentions_marks
    from .query.parser import parse as parse_query
    from .sanitize import clean_line, clean_text, needs_cleaning, shorten
    from .state.store import StateStore, state_path

_LAZY: dict[str, tuple[str, str]] = {
    # name on the face: (module under search_index, its name there)
    "WhooshLibrary": ("engine.library", "WhooshLibrary"),
    "newest_first": ("engine.catalog", "newest_first"),
    "CLI_COMMANDS": ("cli.main", "COMMANDS"),
    "EXIT_USAGE": ("cli.common", "EXIT_USAGE"),
    "UsageError": ("cli.common", "UsageError"),
    "add_location_options": ("cli.common", "add_location_options"),
    "print_article_plain": ("cli.search", "print_article_plain"),
    "resolve_location": ("cli.common", "resolve_location"),
    "add_version_option": ("cli.common", "add_version_option"),
    "survive_closed_pipe": ("cli.common", "survive_closed_pipe"),
    "run_cli": ("cli.main", "run"),
    "DEFAULT_THEME": ("config.settings", "DEFAULT_THEME"),
    "Config": ("config.settings", "Config"),
    "ConfigError": ("config.settings", "ConfigError"),
    "ConfigProblem": ("config.settings", "ConfigProblem"),
    "DateStyle": ("config.settings", "DateStyle"),
    "load_config": ("config.settings", "load_config"),
    "ReaderSupport": ("cli.config", "ReaderSupport"),
    "config_main": ("cli.config", "main"),
    "describe_io_error": ("diskerrors", "describe_io_error"),
    "is_io_error": ("diskerrors", "is_io_error"),
    "FeedResult": ("feeds.fetch", "FeedResult"),
    "FetchReport": ("feeds.fetch", "FetchReport"),
    "fetch_feeds": ("feeds.fetch", "fetch_feeds"),
    "FEEDS_PREFIX": ("feeds.root", "FEEDS_PREFIX"),
    "feeds_root_if_any": ("feeds.root", "feeds_root_if_any"),
    "is_feeds_root": ("feeds.root", "is_feeds_root"),
    "SubscriptionsError": ("feeds.subscriptions", "SubscriptionsError"),
    "load_subscriptions": ("feeds.subscriptions", "load_subscriptions"),
    "format_of": ("ingest", "format_of"),
    "ENTITY_FIELDS": ("query.fields", "ENTITY_FIELDS"),
    "update_index": ("engine.indexer", "update_index"),
    "bundled_seeds": ("paths", "bundled_seeds"),
    "mentions_marks": ("query.parser", "mentions_marks"),
    "parse_query": ("query.parser", "parse"),
    "clean_line": ("sanitize", "clean_line"),
    "clean_text": ("sanitize", "clean_text"),
    "needs_cleaning": ("sanitize", "needs_cleaning"),
    "shorten": ("sanitize", "shorten"),
    "Searcher": ("engine.searcher", "Searcher"),
    "StateStore": ("state.store", "StateStore"),
    "state_path": ("state.store", "state_path"),
}
"""Names loaded on first use, so importing the package stays cheap."""


def __getattr__(name: str) -> Any:
    """Load a lazily exported name from its module; not cached here, so a test that patches
    the module's attribute is seen by every later import, as before the face existed."""
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(import_module(f".{module}", __name__), attr)


def __dir__() -> list[str]:
    """The eager names and the lazy ones, for ``dir()`` and completion."""
    return sorted({*globals(), *_LAZY})


__all__ = [
    # the library the reader holds
    "FirstPage",
    "Library",
    "open_library",
    "WhooshLibrary",
    # frozen models and errors
    "Article",
    "BucketSize",
    "Entity",
    "EntityCount",
    "EntityType",
    "FullText",
    "Hit",
    "IndexBusyError",
    "IndexProgress",
    "IndexSummary",
    "LastSession",
    "Marks",
    "QueryError",
    "Rescue",
    "SavedSearch",
    "SearchResult",
    "SkippedFile",
    "SortOrder",
    "Span",
    "StateError",
    "Stories",
    "Story",
    "Timeline",
    "TimelineBucket",
    # loaded on first use (see _LAZY)
    "newest_first",
    "CLI_COMMANDS",
    "EXIT_USAGE",
    "UsageError",
    "add_location_options",
    "print_article_plain",
    "resolve_location",
    "add_version_option",
    "survive_closed_pipe",
    "run_cli",
    "DEFAULT_THEME",
    "Config",
    "ConfigError",
    "ConfigProblem",
    "DateStyle",
    "load_config",
    "ReaderSupport",
    "config_main",
    "describe_io_error",
    "is_io_error",
    "FeedResult",
    "FetchReport",
    "fetch_feeds",
    "FEEDS_PREFIX",
    "feeds_root_if_any",
    "is_feeds_root",
    "SubscriptionsError",
    "load_subscriptions",
    "format_of",
    "ENTITY_FIELDS",
    "update_index",
    "bundled_seeds",
    "mentions_marks",
    "parse_query",
    "clean_line",
    "clean_text",
    "needs_cleaning",
    "shorten",
    "Searcher",
    "StateStore",
    "state_path",
]
