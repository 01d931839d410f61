"""``feed import``: the subscriptions of an OPML or newsboat ``urls`` file added, and
``feed export``'s document.

A feed already subscribed (the same address, ``http`` or ``https``, host in any case) is not
added twice: the list's tags are merged into it (its stored items get them too), and a
feed named twice in the list is one feed with the tags of both. Each new feed is fetched
first, as ``feed add`` does (a few at a time), to check that it is a feed; one that cannot
be had is reported and left out while the rest are subscribed; with ``fetch=False`` every
feed is only subscribed (named by the list, else provisionally by its host). The list's
title names a feed, as the user called it in the reader they come from. Pages of full-text
feeds are left to the next ``newsdesk fetch``, so an import of hundreds of feeds stays short.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..paths import data_dir
from ..sanitize import clean_line
from . import http
from .fetch import DEFAULT_JOBS, DEFAULT_WAIT, MAX_NAME, download, in_threads
from .files import FeedsLock
from .opml import Entry, FeedList, ListError, read_list_file, to_opml
from .store import FeedError, ParsedFeed, retag
from .subscribing import Added, subscribe
from .subscriptions import Subscription, load_subscriptions, save_subscriptions
from .urls import read_list

__all__ = ["ImportReport", "ListError", "export_feeds", "import_feeds", "url_key"]


@dataclass(frozen=True, slots=True)
class Merged:
    """A feed of the list that was already subscribed, and the tags it gained."""

    subscription: Subscription
    new_tags: tuple[str, ...] = ()
    full_text: bool = False
    """True when the list turned full text on for it."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: feeds added, merged into existing ones, left out, and notes."""

    kind: str
    added: tuple[Added, ...] = ()
    merged: tuple[Merged, ...] = ()
    """Already subscribed (with ``new_tags`` when the list added some)."""
    failed: tuple[tuple[Entry, str], ...] = ()
    """Feeds that could not be fetched, with the reason: not subscribed."""
    notes: tuple[str, ...] = ()
    """Lines of the list that were skipped, and why."""

    @property
    def changed(self) -> bool:
        """Whether stored items changed (new feeds' items, new tags): the index needs updating."""
        return any(a.result is not None for a in self.added) or any(m.new_tags for m in self.merged)


Checked = Callable[[Entry, str], None]
"""Called with each new feed and how its check went ("" when it is a feed), as they end."""


def url_key(url: str) -> str:
    """What makes two feed addresses the same feed: host (any case, default port dropped),
    path and query; ``http`` and ``https`` alike, the fragment ignored."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    return f"{host}{parts.path or '/'}{'?' + parts.query if parts.query else ''}"


def _union(first: Sequence[str], more: Sequence[str]) -> tuple[str, ...]:
    """``first`` then the tags of ``more`` it lacks (ignoring case)."""
    seen = {t.casefold() for t in first}
    return (*first, *(t for t in more if t.casefold() not in seen))


def _one_per_feed(entries: Sequence[Entry]) -> list[Entry]:
    """The entries with every feed once, in first-seen order, tags of repeats merged."""
    merged: dict[str, Entry] = {}
    for entry in entries:
        key = url_key(entry.url)
        if key in merged:
            first = merged[key]
            merged[key] = replace(
                first,
                tags=_union(first.tags, entry.tags),
                full_text=first.full_text or entry.full_text,
                title=first.title or entry.title,
                html_url=first.html_url or entry.html_url,
            )
        else:
            merged[key] = entry
    return list(merged.values())


def _merge(sub: Subscription, entry: Entry) -> tuple[Subscription, Merged]:
    """An existing subscription with the list's tags, full-text choice and site added."""
    tags = _union(sub.tags, entry.tags)
    new_tags = tags[len(sub.tags) :]
    turned_on = entry.full_text and not sub.full_text
    updated = replace(
        sub,
        tags=tags,
        full_text=sub.full_text or entry.full_text,
        html_url=sub.html_url or entry.html_url,
    )
    return updated, Merged(updated, new_tags, turned_on)


def _check(entry: Entry, timeout: float) -> tuple[http.Response, ParsedFeed | None] | str:
    """The feed's first download, or why it cannot be had."""
    try:
        return download(entry.url, timeout=timeout)
    except (http.FetchError, FeedError) as error:
        return clean_line(error.reason)


def _name_for(entry: Entry, subscriptions: Sequence[Subscription]) -> str:
    """The list's title for a feed, told apart from a feed already so called."""
    name = clean_line(entry.title).strip()[:MAX_NAME]
    if name and any(s.name.casefold() == name.casefold() for s in subscriptions):
        host = urlsplit(entry.url).hostname or ""
        name = f"{name} ({host})"
    return name


def import_feeds(
    path: Path,
    *,
    fetch: bool = True,
    timeout: float = http.DEFAULT_TIMEOUT,
    jobs: int = DEFAULT_JOBS,
    wait: float = DEFAULT_WAIT,
    checked: Checked | None = None,
) -> ImportReport:
    """Subscribe to the feeds of the OPML or urls file at ``path``. ``ListError`` when the
    file cannot be read as either (``OSError`` when it cannot be read at all),
    ``FeedsBusyError`` when another process holds the feed store longer than ``wait`` s."""
    listing: FeedList = read_list(read_list_file(Path(path)))
    entries = _one_per_feed(listing.entries)
    with FeedsLock(data_dir(), wait):
        subscriptions = load_subscriptions()
        where = {url_key(s.url): n for n, s in enumerate(subscriptions)}
        merged: list[Merged] = []
        fresh: list[Entry] = []
        for entry in entries:
            index = where.get(url_key(entry.url))
            if index is None:
                fresh.append(entry)
                continue
            subscriptions[index], outcome = _merge(subscriptions[index], entry)
            merged.append(outcome)
        answers: dict[str, tuple[http.Response, ParsedFeed | None] | str] = {}
        if fetch:
            for entry, reply in in_threads(lambda e: _check(e, timeout), fresh, jobs):
                answers[entry.url] = reply
                if checked is not None:
                    checked(entry, reply if isinstance(reply, str) else "")
        added: list[Added] = []
        failed: list[tuple[Entry, str]] = []
        for entry in fresh:
            answer = answers.get(entry.url)
            if isinstance(answer, str):
                failed.append((entry, answer))
                continue
            moved = (
                where.get(url_key(answer[0].moved_to)) if answer and answer[0].moved_to else None
            )
            if moved is not None:  # it moved to a feed already subscribed: the same feed
                subscriptions[moved], outcome = _merge(subscriptions[moved], entry)
                merged.append(outcome)
                continue
            one = subscribe(
                entry.url,
                _name_for(entry, subscriptions),
                subscriptions,
                checked=answer,
                tags=entry.tags,
                full_text=entry.full_text,
                html_url=entry.html_url,
                pages=False,
                timeout=timeout,
            )
            where[url_key(one.subscription.url)] = len(subscriptions)
            subscriptions.append(one.subscription)
            added.append(one)
        for outcome in merged:
            if outcome.new_tags:
                retag(outcome.subscription.items_path, outcome.subscription.tags)
        save_subscriptions(subscriptions)
    return ImportReport(listing.kind, tuple(added), tuple(merged), tuple(failed), listing.notes)


def export_feeds() -> bytes:
    """Every subscription as an OPML 2.0 document (``feed export``)."""
    return to_opml(load_subscriptions())
