"""Subscriptions added, listed and removed: a new feed is fetched once to check it is a feed
(and to learn its title) unless asked not to; removal takes its stored items too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..paths import data_dir
from ..sanitize import clean_line
from . import http
from .fetch import DEFAULT_WAIT, MAX_NAME, FeedResult, download, full_texts
from .files import FeedsLock
from .fulltext import Filled
from .root import ITEMS_SUFFIX, ensure_feeds_root
from .store import Merged, ParsedFeed, store
from .subscriptions import (
    Subscription,
    SubscriptionsError,
    check_url,
    find_subscription,
    host_name,
    load_subscriptions,
    now_iso,
    save_subscriptions,
    slugify,
)


@dataclass(frozen=True, slots=True)
class Added:
    """A new subscription and, when it was fetched on the way, how that went."""

    subscription: Subscription
    result: FeedResult | None


def add_feed(
    url: str,
    name: str = "",
    *,
    fetch: bool = True,
    timeout: float = http.DEFAULT_TIMEOUT,
    wait: float = DEFAULT_WAIT,
    tags: Sequence[str] = (),
    full_text: bool = False,
) -> Added:
    """Subscribe to ``url``: fetched once to check it is a feed and to learn its title (the
    name unless ``name`` is given), its items stored (with ``full_text``, the pages of the
    newest too). ``SubscriptionsError`` for a bad or already subscribed URL,
    ``FetchError``/``FeedError`` when the first fetch fails."""
    url = check_url(url)
    name = clean_line(name).strip()[:MAX_NAME]
    with FeedsLock(data_dir(), wait):
        subscriptions = load_subscriptions()
        for existing in subscriptions:
            if existing.url == url:
                raise SubscriptionsError(f"already subscribed to {url} as {existing.name!r}")
        if name and any(s.name.casefold() == name.casefold() for s in subscriptions):
            raise SubscriptionsError(f"a feed is already called {name!r}; choose another --name")
        checked = download(url, timeout=timeout) if fetch else None
        added = subscribe(
            url,
            name,
            subscriptions,
            checked=checked,
            tags=tuple(tags),
            full_text=full_text,
            timeout=timeout,
        )
        save_subscriptions([*subscriptions, added.subscription])
        return added


def subscribe(
    url: str,
    name: str,
    subscriptions: Sequence[Subscription],
    *,
    checked: tuple[http.Response, ParsedFeed | None] | None = None,
    tags: tuple[str, ...] = (),
    full_text: bool = False,
    html_url: str = "",
    pages: bool = True,
    timeout: float = http.DEFAULT_TIMEOUT,
) -> Added:
    """A new subscription to ``url`` beside ``subscriptions`` (not saved; the caller holds the
    feed store's lock). With ``checked`` (its first download) it is named after the feed and
    its items are stored (and, for a ``full_text`` feed when ``pages``, the pages of the
    newest); without, it is named after ``name`` or, provisionally, its host."""
    root = ensure_feeds_root()
    taken = {s.slug for s in subscriptions} | {
        p.name[: -len(ITEMS_SUFFIX)] for p in root.glob(f"*{ITEMS_SUFFIX}")
    }
    if checked is None:
        display = name or host_name(url)
        sub = Subscription(
            url=url,
            name=display,
            slug=slugify(display, taken),
            added=now_iso(),
            provisional_name=display == host_name(url),
            tags=tags,
            full_text=full_text,
            html_url=html_url,
        )
        return Added(sub, None)
    response, parsed = checked
    assert parsed is not None  # no validators were sent: never "not modified"
    title = clean_line(parsed.title).strip()[:MAX_NAME]
    display = name or title or host_name(url)
    if not name and any(s.name.casefold() == display.casefold() for s in subscriptions):
        display = f"{display} ({host_name(url)})"
    final_url = response.moved_to or url
    sub = Subscription(
        url=final_url,
        name=display,
        slug=slugify(display, taken),
        added=now_iso(),
        tags=tags,
        full_text=full_text,
        html_url=html_url or parsed.link,
    )
    fetched_at = now_iso()
    merged: Merged = store(sub.items_path, parsed, sub.name, fetched_at, tags)
    filled = full_texts(sub, merged.records, timeout) if pages else Filled()
    sub = replace(
        sub,
        etag=response.etag,
        last_modified=response.last_modified,
        last_fetch=fetched_at,
        last_status="ok",
        items=len(merged.records),
    )
    return Added(
        sub,
        FeedResult(
            sub,
            "ok",
            new=merged.new,
            updated=merged.updated,
            moved_to=response.moved_to,
            problems=parsed.problems,
            full_texts=filled.fetched,
            full_text_failures=filled.failures,
        ),
    )


def remove_feed(
    wanted: str, *, keep_items: bool = False, wait: float = DEFAULT_WAIT
) -> tuple[Subscription, int]:
    """Unsubscribe the feed called ``wanted`` (name, short name or URL) and delete its items
    unless ``keep_items``; returns it and the number of items deleted."""
    with FeedsLock(data_dir(), wait):
        subscriptions = load_subscriptions()
        sub = find_subscription(subscriptions, wanted)
        removed = 0
        if not keep_items:
            path = sub.items_path
            if path.exists():
                removed = sum(1 for line in path.read_bytes().splitlines() if line.strip())
                path.unlink()
        save_subscriptions([s for s in subscriptions if s.slug != sub.slug])
    return sub, removed


def list_feeds() -> list[Subscription]:
    """Every subscription, in the order they were added."""
    return load_subscriptions()
