"""Fetching subscribed feeds from the reader (``F``): in the background, with progress in the
status line, then the usual incremental index update so new articles appear at once.

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

from .textutil import plural
from .threads import in_thread

if TYPE_CHECKING:
    from search_index import FeedResult, FetchReport

    from .screens.startup import StartupScreen

FETCH_GROUP = "feeds"
LOCK_WAIT = 5.0
"""Seconds to wait for a fetch another newsdesk is running before saying so."""
NO_FEEDS = ("No feeds subscribed yet. In a shell run: newsdesk feed add URL "
            "(then press F here to fetch).")


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
        text += (f", {len(failed)} failed: {shorten(clean_line(first.subscription.name), 40)}: "
                 f"{clean_line(first.error)}")
        if len(failed) > 1:
            text += " (newsdesk feed list for the others)"
    return text


def fetching(screen: StartupScreen) -> bool:
    """Whether a fetch is under way on ``screen``."""
    return any(w.group == FETCH_GROUP and w.is_running for w in screen.workers)


def start_fetch(screen: StartupScreen) -> None:
    """Fetch every subscribed feed in the background (once at a time)."""
    if fetching(screen):
        screen.notify("The feeds are already being fetched.", timeout=2)
        return
    screen.run_worker(_fetch(screen), group=FETCH_GROUP, exclusive=True, exit_on_error=False)


async def _fetch(screen: StartupScreen) -> None:
    """The worker: fetch, report, then have the index pick up the new articles."""
    from search_index import SubscriptionsError, feeds_root_if_any, fetch_feeds, load_subscriptions

    try:
        subscriptions = await in_thread(load_subscriptions)
    except SubscriptionsError as error:
        screen.notify(clean_line(str(error)), severity="error", markup=False)
        return
    if not subscriptions:
        screen.notify(NO_FEEDS, title="Feeds", markup=False, timeout=8)
        return
    loop = asyncio.get_running_loop()

    def progress(done: int, total: int, _result: FeedResult | None) -> None:
        try:
            loop.call_soon_threadsafe(
                partial(screen.index_state, describe_progress(done, total), busy=True))
        except RuntimeError:
            pass  # the reader has quit; the fetch finishes on its own

    screen.index_state(describe_progress(0, len(subscriptions)), busy=True)
    try:
        report = await in_thread(fetch_feeds, progress=progress, wait=LOCK_WAIT)
    except Exception as error:  # noqa: BLE001 - shown; one feed's failure never gets here, only
        # a busy store (another newsdesk fetching), an unreadable feed list or a full disk
        message = clean_line(str(error)) or type(error).__name__
        screen.index_state(f"fetch failed: {message}", problem=True)
        screen.notify(message, title="Feeds", severity="error", markup=False)
        return
    summary = describe_report(report)
    screen.index_state(summary, problem=bool(report.failed))
    screen.notify(summary, title="Feeds", severity="warning" if report.failed else "information",
                  markup=False, timeout=8)
    if not (report.new or report.updated):
        return
    root = await in_thread(feeds_root_if_any)
    if root is not None:
        screen.library.add_root(root)  # the first feed items: a new corpus root
    while screen.library.busy:  # an update under way may have scanned before the new files
        await asyncio.sleep(0.05)
    screen.action_reindex()
