"""Fetching subscribed feeds from the reader (``F``, and on its own every ``refresh`` of
config.toml): in the background, with progress in the status line, then the usual incremental
index update so new articles appear at once.

The automatic fetch asks ``services.refresh`` (a ``RefreshSchedule``) on a timer whether the
feeds are due, reading the subscription list again before it fetches (a fetch by cron or
another newsdesk counts); it says what it did in the status line only, never in a pop-up.

The fetch itself is ``search_index.feeds.fetch.fetch_feeds`` in a daemon thread (see
``tui.threads``); its progress reaches the screen through the event loop, never by touching
widgets from the thread. Names and errors come from strangers' servers: they are shown as
text (``markup=False``), already cleaned by the data layer.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from search_index import clean_line, shorten

from .services.refresh import CHECK_EVERY, FIRST_CHECK
from .textutil import plural
from .threads import in_thread

if TYPE_CHECKING:
    from search_index import FeedResult, FetchReport

    from .screens.startup import StartupScreen

FETCH_GROUP = "feeds"
REFRESH_GROUP = "feeds-refresh"
LOCK_WAIT = 5.0
"""Seconds to wait for a fetch another newsdesk is running before saying so."""
NO_FEEDS = (
    "No feeds subscribed yet. In a shell run: newsdesk feed add URL (then press F here to fetch)."
)


def describe_progress(done: int, total: int) -> str:
    """``fetching 3/9 feeds…``."""
    return f"fetching {done}/{total} {'feed' if total == 1 else 'feeds'}…"


def describe_report(report: FetchReport) -> str:
    """``12 new articles from 9 feeds, 1 failed: Name: reason``."""
    changed = report.new + report.updated
    text = f"{plural(report.new, 'new article')} from {plural(len(report.results), 'feed')}"
    if report.updated:
        text += f" ({report.updated:,} updated)"
    elif not changed:
        text = f"no new articles from {plural(len(report.results), 'feed')}"
    failed = report.failed
    if failed:
        first: FeedResult = failed[0]
        text += (
            f", {len(failed)} failed: {shorten(clean_line(first.subscription.name), 40)}: "
            f"{clean_line(first.error)}"
        )
        if len(failed) > 1:
            text += " (newsdesk feed list for the others)"
    return text


def fetching(screen: StartupScreen) -> bool:
    """Whether a fetch is under way on ``screen``."""
    return any(w.group == FETCH_GROUP and w.is_running for w in screen.workers)


def start_fetch(screen: StartupScreen, *, automatic: bool = False) -> None:
    """Fetch every subscribed feed in the background (once at a time); ``automatic``: the
    refresh schedule's fetch, which says what it did in the status line only."""
    if fetching(screen):
        if not automatic:
            screen.notify("The feeds are already being fetched.", timeout=2)
        return
    screen.run_worker(
        _fetch(screen, automatic), group=FETCH_GROUP, exclusive=True, exit_on_error=False
    )


def plan_refresh(screen: StartupScreen) -> None:
    """Look whether the feeds are due soon after start, then every ``CHECK_EVERY`` seconds."""
    if not screen.services.refresh.enabled:
        return
    screen.set_timer(FIRST_CHECK, lambda: refresh_tick(screen))
    screen.set_interval(CHECK_EVERY, lambda: refresh_tick(screen))


def refresh_tick(screen: StartupScreen) -> None:
    """Fetch the feeds in the background if they are due (cheap when they are not; with no
    feed yet, the subscription list is read again: one may have been added from a shell)."""
    schedule = screen.services.refresh
    if fetching(screen) or (schedule.known and schedule.feeds and not schedule.due()):
        return
    screen.run_worker(
        _refresh_if_due(screen), group=REFRESH_GROUP, exclusive=True, exit_on_error=False
    )


async def _refresh_if_due(screen: StartupScreen) -> None:
    """Read the subscription list again (another process may have fetched) and fetch if due."""
    from search_index import SubscriptionsError, load_subscriptions

    schedule = screen.services.refresh
    try:
        schedule.learn(await in_thread(load_subscriptions))
    except SubscriptionsError:
        schedule.fetched()  # the list is unreadable: F says why; try again an interval later
        return
    if schedule.due():
        start_fetch(screen, automatic=True)


async def _fetch(screen: StartupScreen, automatic: bool = False) -> None:
    """The worker: fetch, report, then have the index pick up the new articles."""
    try:
        await _fetch_and_index(screen, automatic)
    finally:
        screen.services.refresh.fetched()  # (also when it failed: tried again an interval on)


async def _fetch_and_index(screen: StartupScreen, automatic: bool) -> None:
    """Fetch every feed, say how it went, then update the index."""
    from search_index import SubscriptionsError, feeds_root_if_any, fetch_feeds, load_subscriptions

    try:
        subscriptions = await in_thread(load_subscriptions)
    except SubscriptionsError as error:
        if automatic:
            screen.index_state(f"fetch failed: {clean_line(str(error))}", problem=True)
        else:
            screen.notify(clean_line(str(error)), severity="error", markup=False)
        return
    if not subscriptions:
        if not automatic:
            screen.notify(NO_FEEDS, title="Feeds", markup=False, timeout=8)
        return
    loop = asyncio.get_running_loop()

    def progress(done: int, total: int, _result: FeedResult | None) -> None:
        try:
            loop.call_soon_threadsafe(
                partial(screen.index_state, describe_progress(done, total), busy=True)
            )
        except RuntimeError:
            pass  # the reader has quit; the fetch finishes on its own

    screen.index_state(describe_progress(0, len(subscriptions)), busy=True)
    try:
        report = await in_thread(fetch_feeds, progress=progress, wait=LOCK_WAIT)
    except Exception as error:  # noqa: BLE001 - shown; one feed's failure never gets here, only
        # a busy store (another newsdesk fetching), an unreadable feed list or a full disk
        message = clean_line(str(error)) or type(error).__name__
        screen.index_state(f"fetch failed: {message}", problem=True)
        if not automatic:
            screen.notify(message, title="Feeds", severity="error", markup=False)
        return
    summary = describe_report(report)
    screen.index_state(summary, problem=bool(report.failed))
    if not automatic:
        screen.notify(
            summary,
            title="Feeds",
            markup=False,
            timeout=8,
            severity="warning" if report.failed else "information",
        )
    if not (report.new or report.updated):
        return
    root = await in_thread(feeds_root_if_any)
    if root is not None:
        screen.library.add_root(root)  # the first feed items: a new corpus root
    while screen.library.busy:  # an update under way may have scanned before the new files
        await asyncio.sleep(0.05)
    screen.action_reindex()
