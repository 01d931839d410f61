"""The reader's feed refresh schedule (a fake clock) and its corpus watcher (watchfiles and
polling), as services without a terminal."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from search_index.feeds.subscriptions import Subscription
from tui.services.refresh import RefreshSchedule
from tui.services.watch import CorpusWatcher

HOUR = 3600.0
NOON = 1_700_000_000.0  # 2023-11-14T22:13:20Z


def sub(slug: str, last_fetch: str = "") -> Subscription:
    return Subscription(
        url=f"https://example.org/{slug}", name=slug, slug=slug, last_fetch=last_fetch
    )


class Clock:
    """A clock the test moves."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_refresh_is_due_an_interval_after_the_oldest_fetch() -> None:
    clock = Clock(NOON)
    schedule = RefreshSchedule(HOUR / 2, clock)
    assert not schedule.due() and schedule.wait() is None  # the list not read yet
    schedule.learn([sub("a", "2023-11-14T22:00:00+00:00"), sub("b", "2023-11-14T21:50:00+00:00")])
    assert not schedule.due()
    assert schedule.wait() == pytest.approx(30 * 60 - (23 * 60 + 20))  # b: 23m20s ago
    clock.now += schedule.wait() - 1  # type: ignore[operator]
    assert not schedule.due()
    clock.now += 1
    assert schedule.due() and schedule.wait() == 0
    schedule.fetched()
    assert not schedule.due() and schedule.wait() == HOUR / 2
    clock.now += HOUR / 2
    assert schedule.due()


def test_at_start_a_stale_or_never_fetched_feed_is_due_at_once() -> None:
    clock = Clock(NOON)
    schedule = RefreshSchedule(HOUR, clock)
    schedule.learn([sub("a", "2023-11-14T20:00:00+00:00")])  # 2h13m ago
    assert schedule.due()
    schedule.learn([sub("a", "2023-11-14T22:00:00+00:00"), sub("new")])  # one never fetched
    assert schedule.due()


def test_off_or_without_feeds_nothing_is_ever_due() -> None:
    clock = Clock(NOON)
    off = RefreshSchedule(0, clock)
    off.learn([sub("a")])
    assert not off.due() and off.wait() is None
    empty = RefreshSchedule(HOUR, clock)
    empty.learn([])
    clock.now += 10 * HOUR
    assert not empty.due() and empty.wait() is None


# --------------------------------------------------------------------- the watcher

WAIT = 10.0
"""Seconds a change may take to be noticed (the promise is "within a few seconds")."""


class Changes:
    """Counts ``on_change`` calls and lets a test wait for the next one."""

    def __init__(self) -> None:
        self.count = 0
        self.event = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.event.set()

    def wait(self, timeout: float = WAIT) -> bool:
        got = self.event.wait(timeout)
        self.event.clear()
        return got


@pytest.mark.parametrize("polling", [False, True], ids=["watchfiles", "polling"])
def test_the_watcher_notices_an_added_and_a_deleted_file(tmp_path: Path, polling: bool) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "world").mkdir(parents=True)
    (corpus / "old.txt").write_text("Old story\n\nBody.\n", "utf-8")
    index = corpus / "index"  # an index folder inside the corpus is never a change
    index.mkdir()
    changes = Changes()
    watcher = CorpusWatcher(polling=polling, poll_min=0.2)
    watcher.start([corpus, tmp_path / "missing"], changes, ignore=[index])
    try:
        # Nothing relevant: hidden files, names the indexer does not read, the index folder.
        (corpus / ".draft.txt").write_text("hidden", "utf-8")
        (corpus / "notes.odt").write_bytes(b"PK\x03\x04")
        (index / "newsdesk-index.json").write_text("{}", "utf-8")
        assert not changes.wait(2.0)
        assert watcher.backend == ("polling" if polling else "watchfiles")
        (corpus / "world" / "new.md").write_text("# New story\n\nBody.\n", "utf-8")
        assert changes.wait(), "an added file was not noticed"
        (corpus / "old.txt").unlink()
        assert changes.wait(), "a deleted file was not noticed"
    finally:
        watcher.stop()
    (corpus / "late.txt").write_text("After stop\n", "utf-8")
    assert not changes.wait(1.0)
