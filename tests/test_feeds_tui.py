"""The reader's F key: fetch in the background, progress in the status line, new articles
listed without a restart, and a hint when nothing is subscribed."""

from __future__ import annotations

from pathlib import Path

import feedserver
import pytest
from conftest import SEEDS
from feedserver import FeedServer
from tui_pilot import settle

from search_index.feeds.root import feeds_root
from search_index.feeds.subscribing import add_feed
from tui.app import NewsdeskApp
from tui.feeds import describe_progress

feed_server = feedserver.feed_server  # the fixture, for this module's tests

SIZE = (120, 40)
UOL = "rss-parser__uolNoticias.rss"


def recording(app: NewsdeskApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect the notifications the app shows."""
    shown: list[str] = []
    real = app.notify

    def notify(message: str, **options: object) -> None:
        shown.append(message)
        real(message, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    return shown


async def test_f_without_feeds_says_how_to_add_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False)
    shown = recording(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert any("newsdesk feed add URL" in text for text in shown)
        assert len(app.main.articles.hits) == 5


@pytest.mark.corpus
async def test_f_fetches_in_the_background_and_lists_new_articles(
    feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_feed(feed_server.url(f"/feeds/{UOL}"), fetch=False)
    add_feed(feed_server.url("/status/500"), "Broken", fetch=False)
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False)
    shown = recording(app, monkeypatch)
    states: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        real_state = main.index_state
        monkeypatch.setattr(
            main, "index_state", lambda state, **kw: (states.append(state), real_state(state, **kw))
        )
        assert len(main.articles.hits) == 5
        await pilot.press("F")
        await settle(pilot)
        assert describe_progress(0, 2) in states and describe_progress(2, 2) in states
        summary = (
            "15 new articles from 2 feeds, 1 failed: Broken: the server failed "
            "(HTTP 500 Internal Server Error); try again later"
        )
        assert summary in states and summary in shown
        assert feeds_root().resolve() in main.corpora  # the first feed items: a new root
        assert main.status.status.articles == 20
        assert len(main.articles.hits) == 20
        await pilot.press("slash", *'source:"UOL Noticias"')
        await settle(pilot)
        assert len(main.articles.hits) == 15
        assert {hit.source for hit in main.articles.hits} == {"UOL Noticias"}
        # again: the server answers 304, nothing new, no index update needed
        states.clear()
        await pilot.press("escape", "F")
        await settle(pilot)
        assert any(s.startswith("no new articles from 2 feeds, 1 failed") for s in states)


def test_the_palette_offers_fetch_feeds(tmp_path: Path) -> None:
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False)
    titles = [command.title for command in app.get_system_commands(app.main)]
    assert "Fetch feeds" in titles
    assert any(
        b.id == "fetch-feeds" and b.key == "F" for b in app.main.BINDINGS if hasattr(b, "id")
    )
