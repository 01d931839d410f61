"""Fetch every subscribed feed, a few at a time (subscriptions are added and removed in
``subscribing``).

One feed's failure never stops the others: each ends as a ``FeedResult`` that is ``ok`` (with
counts of new and updated items), ``not modified`` (HTTP 304) or ``error`` with a reason in
plain words. A feed subscribed with ``full_text`` then has the pages of its items never tried
fetched (``fulltext.fill_pending``: newest first, a few per run); a page that fails leaves the
item's summary and is counted, not an error of the feed. Item files are written as each feed arrives; the subscription list (validators,
last status) once at the end. The whole run holds the feed store's lock, so a reader and a
shell fetching at once do not overwrite each other's work.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from ..paths import data_dir
from ..sanitize import clean_line
from . import http
from .files import FeedsLock
from .fulltext import Filled, fill_pending
from .root import FEEDS_PREFIX, ITEMS_SUFFIX, ensure_feeds_root
from .store import FeedError, ParsedFeed, parse_feed, read_items, store, write_items
from .subscriptions import (
    Subscription,
    find_subscription,
    load_subscriptions,
    now_iso,
    save_subscriptions,
)

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_JOBS = 4
"""Feeds fetched at once: enough to hide latency, few enough to be polite to one server."""
DEFAULT_WAIT = 30.0
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class FeedResult:
    """How fetching one feed went."""

    subscription: Subscription
    """The subscription as saved after this fetch (validators and status updated)."""
    status: str
    """``ok``, ``not modified`` or ``error``."""
    new: int = 0
    updated: int = 0
    error: str = ""
    moved_to: str = ""
    problems: tuple[str, ...] = ()
    full_texts: int = 0
    """Pages of new items fetched for their full text (``full_text`` feeds)."""
    full_text_failures: tuple[str, ...] = ()
    """Why the other pages tried could not be read (their items keep the summary)."""

    @property
    def failed(self) -> bool:
        """Whether this feed could not be fetched."""
        return self.status == "error"


@dataclass(frozen=True, slots=True)
class FetchReport:
    """Every feed's result, in subscription order, and the time the run took."""

    results: tuple[FeedResult, ...]
    elapsed_s: float

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.results)

    @property
    def failed(self) -> tuple[FeedResult, ...]:
        return tuple(r for r in self.results if r.failed)


Progress = Callable[[int, int, FeedResult | None], None]
"""Called with (feeds done, feeds in all, the result just in) from the calling thread."""


def relpath_of(slug: str) -> str:
    """The path of a feed's articles in the index (``.feeds/<slug>.jsonl``)."""
    return f"{FEEDS_PREFIX}/{slug}{ITEMS_SUFFIX}"


def download(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = http.DEFAULT_TIMEOUT,
    slug: str = "feed",
) -> tuple[http.Response, ParsedFeed | None]:
    """GET and parse one feed (None for "not modified"); FetchError or FeedError on failure."""
    response = http.get(url, etag=etag, last_modified=last_modified, timeout=timeout)
    if response.status == 304:
        return response, None
    parsed = parse_feed(
        response.body,
        relpath_of(slug),
        charset=response.charset,
        content_type=response.content_type,
    )
    return response, parsed


def full_texts(
    sub: Subscription,
    records: Sequence[dict[str, Any]] | None = None,
    timeout: float = http.DEFAULT_TIMEOUT,
) -> Filled:
    """For a ``full_text`` feed: fetch the pages its items wait for and save them."""
    if not sub.full_text:
        return Filled()
    records = list(records) if records is not None else read_items(sub.items_path)
    filled = fill_pending(records, timeout=timeout)
    if filled.fetched or filled.failures:
        write_items(sub.items_path, records)
    return filled


def fetch_one(subscription: Subscription, timeout: float = http.DEFAULT_TIMEOUT) -> FeedResult:
    """Fetch one feed and merge its items into its file; never raises for a feed's failure."""
    sub = subscription
    fetched_at = now_iso()
    try:
        response, parsed = download(
            sub.url, etag=sub.etag, last_modified=sub.last_modified, timeout=timeout, slug=sub.slug
        )
        if parsed is None:
            filled = full_texts(sub, timeout=timeout)
            done = replace(sub, last_fetch=fetched_at, last_status="not modified", last_error="")
            return FeedResult(
                done,
                "not modified",
                moved_to=response.moved_to,
                full_texts=filled.fetched,
                full_text_failures=filled.failures,
            )
        title = clean_line(parsed.title).strip()[:MAX_NAME]
        if sub.provisional_name and title:
            sub = replace(sub, name=title, provisional_name=False)
        if parsed.link and not sub.html_url:
            sub = replace(sub, html_url=parsed.link)
        merged = store(sub.items_path, parsed, sub.name, fetched_at, sub.tags)
        filled = full_texts(sub, merged.records, timeout)
    except (http.FetchError, FeedError) as error:
        failed = replace(
            sub, last_fetch=fetched_at, last_status="error", last_error=clean_line(error.reason)
        )
        return FeedResult(failed, "error", error=clean_line(error.reason))
    except OSError as error:  # the item file could not be written
        reason = f"cannot save its items: {error.strerror or error}"
        failed = replace(sub, last_fetch=fetched_at, last_status="error", last_error=reason)
        return FeedResult(failed, "error", error=reason)
    done = replace(
        sub,
        etag=response.etag,
        last_modified=response.last_modified,
        last_fetch=fetched_at,
        last_status="ok",
        last_error="",
        items=len(merged.records),
    )
    return FeedResult(
        done,
        "ok",
        new=merged.new,
        updated=merged.updated,
        moved_to=response.moved_to,
        problems=parsed.problems,
        full_texts=filled.fetched,
        full_text_failures=filled.failures,
    )


def _apply_move(result: FeedResult, others: Sequence[Subscription]) -> FeedResult:
    """Keep a permanently moved feed's new address (unless another subscription has it)."""
    target = result.moved_to
    if not target or any(s.url == target for s in others if s.slug != result.subscription.slug):
        return replace(result, moved_to="")
    return replace(result, subscription=replace(result.subscription, url=target))


def in_threads(function: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[tuple[T, R]]:
    """``function`` over ``items``, ``jobs`` at a time, (item, result) pairs as they arrive.

    Daemon threads, not a ``ThreadPoolExecutor``: the interpreter joins an executor's threads
    on exit, so quitting the reader (or Ctrl+C in a shell) during a fetch would wait for the
    slowest server; an abandoned fetch only loses that feed's unsaved result.
    """
    todo: queue.SimpleQueue[T] = queue.SimpleQueue()
    done: queue.SimpleQueue[tuple[T, R] | BaseException] = queue.SimpleQueue()
    for item in items:
        todo.put(item)

    def worker() -> None:
        while True:
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            try:
                done.put((item, function(item)))
            except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
                done.put(error)

    for number in range(max(1, min(jobs, len(items)))):
        threading.Thread(target=worker, name=f"newsdesk-fetch-{number}", daemon=True).start()
    for _ in items:
        answer = done.get()
        if isinstance(answer, BaseException):
            raise answer
        yield answer


def fetch_feeds(
    names: Sequence[str] = (),
    *,
    timeout: float = http.DEFAULT_TIMEOUT,
    jobs: int = DEFAULT_JOBS,
    wait: float = DEFAULT_WAIT,
    progress: Progress | None = None,
) -> FetchReport:
    """Fetch the named feeds (all when none are named), ``jobs`` at a time.

    Raises ``SubscriptionsError`` for an unknown name or an unreadable feed list and
    ``FeedsBusyError`` when another process holds the feed store longer than ``wait`` s.
    """
    started = time.perf_counter()
    with FeedsLock(data_dir(), wait):
        subscriptions = load_subscriptions()
        chosen = (
            [find_subscription(subscriptions, n) for n in names] if names else list(subscriptions)
        )
        chosen = list({s.slug: s for s in chosen}.values())
        if progress is not None:
            progress(0, len(chosen), None)
        if not chosen:
            return FetchReport((), time.perf_counter() - started)
        ensure_feeds_root()
        results: dict[str, FeedResult] = {}
        for _sub, result in in_threads(lambda sub: fetch_one(sub, timeout), chosen, jobs):
            result = _apply_move(result, subscriptions)
            results[result.subscription.slug] = result
            if progress is not None:
                progress(len(results), len(chosen), result)
        save_subscriptions(
            [results[s.slug].subscription if s.slug in results else s for s in subscriptions]
        )
    ordered = tuple(results[s.slug] for s in chosen)
    return FetchReport(ordered, time.perf_counter() - started)
