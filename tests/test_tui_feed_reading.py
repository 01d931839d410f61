"""The reader as a feed reader (issue 19), in Pilot: next/previous unread and space at an
article's end, feeds refreshed on their own (a fake clock; keys never wait), corpus folders
watched, and a feed article's full text. Feeds and pages come from 127.0.0.1 (``feedserver``)."""

from __future__ import annotations

import time
from pathlib import Path

import feedserver
import pytest
from feedserver import FeedServer
from textual.pilot import Pilot
from tui_pilot import settle

import tui.feeds
from search_index.feeds.subscribing import add_feed
from tui.app import NewsdeskApp
from tui.options import ReaderOptions

local_feed_server = feedserver.local_feed_server  # the fixture, for this module's tests

SIZE = (120, 40)


def write_stories(folder: Path, count: int) -> None:
    """``count`` short dated stories; the newest (listed first) is story 0."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"story{n}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2024-01-{20 - n:02d}\n---\nA short body {n}.\n", "utf-8"
        )


def recording(app: NewsdeskApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect the notifications the app shows."""
    shown: list[str] = []
    real = app.notify

    def notify(message: str, **options: object) -> None:
        shown.append(message)
        real(message, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    return shown


def shown_title(app: NewsdeskApp) -> str:
    article = app.main.reader.article
    return article.title if article is not None else ""


async def test_next_and_previous_unread_wrap_and_say_when_none_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_stories(tmp_path / "corpus", 4)
    app = NewsdeskApp(
        corpora=[tmp_path / "corpus"], index_dir=tmp_path / "index", show_timings=False
    )
    shown = recording(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert [h.title for h in main.articles.hits] == [f"Story {n}" for n in range(4)]
        await pilot.press("j", "j", "u")  # story 2 read without opening it
        await settle(pilot)
        await pilot.press("J")  # from story 2: story 3 is next
        await settle(pilot)
        assert shown_title(app) == "Story 3" and main.focused is main.reader
        assert main.articles.cursor == 3
        await pilot.press("J")  # past the end: on from the top, story 0
        await settle(pilot)
        assert shown_title(app) == "Story 0" and "On from the top of the list." in shown
        await pilot.press("K")  # backwards from story 0, wrapping: 3 and 2 are read, 1 is not
        await settle(pilot)
        assert shown_title(app) == "Story 1"
        assert main.book.marks.read >= {h.id for h in main.articles.hits}  # all read now
        await pilot.press("J")
        await settle(pilot)
        assert shown_title(app) == "Story 1" and "No unread articles left in this list." in shown
        await pilot.press("u")  # story 1 unread again: the only one, and the current
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        assert (
            shown_title(app) == "Story 1"
            and shown.count("No unread articles left in this list.") == 2
        )


async def test_space_at_the_end_of_an_article_opens_the_next_unread(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_stories(corpus, 3)
    long_body = "\n\n".join(f"Paragraph {n} of a long story about the harbour." for n in range(60))
    (corpus / "story0.md").write_text(
        f"---\ntitle: Story 0\ndate: 2024-01-20\n---\n{long_body}\n", "utf-8"
    )
    app = NewsdeskApp(corpora=[corpus], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.press("enter")
        await settle(pilot)
        assert shown_title(app) == "Story 0" and main.reader.max_scroll_y > 0
        await pilot.press("space")  # a page down: still story 0
        await settle(pilot)
        assert shown_title(app) == "Story 0" and main.reader.scroll_y > 0
        await pilot.press("G", "space")  # at the end: the next unread
        await settle(pilot)
        assert shown_title(app) == "Story 1" and main.articles.cursor == 1


def rss(server: FeedServer, title: str, *items: str) -> bytes:
    """A feed whose items link to pages of the server."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{guid} story</title>"
        f"<link>{server.url('/page/' + guid)}</link>"
        f"<description>Summary of {guid}.</description></item>"
        for guid in items
    )
    return f"<rss version='2.0'><channel><title>{title}</title>{entries}</channel></rss>".encode()


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


async def test_feeds_refresh_on_their_own_on_a_fake_clock_without_blocking_keys(
    local_feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = local_feed_server
    server.custom["desk.xml"] = rss(server, "Desk", "alpha", "beta")
    add_feed(server.url("/custom/desk.xml"), fetch=False)  # never fetched: due at start
    monkeypatch.setattr(tui.feeds, "FIRST_CHECK", 3600.0)  # the test ticks by hand
    write_stories(tmp_path / "corpus", 2)
    app = NewsdeskApp(
        corpora=[tmp_path / "corpus"],
        index_dir=tmp_path / "index",
        show_timings=False,
        options=ReaderOptions(refresh=30 * 60),
    )
    clock = Clock()
    app.services.refresh.clock = clock
    # No file watcher: it would index the fast feed's new article while the slow one is still
    # on its way and move the list under the keys this test presses (that is another test's).
    monkeypatch.setattr(app.services.watcher, "start", lambda *args, **kwargs: None)
    shown = recording(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        states: list[str] = []
        real_state = main.index_state
        monkeypatch.setattr(
            main, "index_state", lambda state, **kw: (states.append(state), real_state(state, **kw))
        )
        tui.feeds.refresh_tick(main)
        await settle(pilot)
        assert len(server.seen("/custom/desk.xml")) == 1
        assert "fetching 1/1 feed…" in states and "2 new articles from 1 feed" in states
        assert not any("new articles" in text for text in shown)  # the status line only
        assert len(main.articles.hits) == 4

        clock.now += 20 * 60  # not due yet
        tui.feeds.refresh_tick(main)
        await settle(pilot)
        assert len(server.seen("/custom/desk.xml")) == 1

        server.slow_seconds = 4.0  # long enough that a loaded machine still presses keys meanwhile
        server.custom["desk.xml"] = rss(server, "Desk", "alpha", "beta", "gamma")
        add_feed(server.url("/slow"), "Slow", fetch=False)
        clock.now += 11 * 60  # 31 minutes after the fetch: due
        tui.feeds.refresh_tick(main)
        await pilot.pause(0.3)
        assert tui.feeds.fetching(main)  # the slow feed is still on its way
        await pilot.press("g", "j")  # keys do not wait for it
        assert main.articles.cursor == 1 and tui.feeds.fetching(main)
        await settle(pilot)
        assert len(server.seen("/custom/desk.xml")) == 2
        assert len(main.articles.hits) == 5


async def wait_for(pilot: Pilot, condition: object, seconds: float = 15.0) -> bool:
    """Pause until ``condition()`` holds (the watcher answers within seconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        await pilot.pause(0.1)
    return False


async def test_files_added_and_deleted_while_reading_are_indexed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_stories(corpus, 2)
    app = NewsdeskApp(corpora=[corpus], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert await wait_for(pilot, lambda: main.services.watcher.running)
        (corpus / "late.md").write_text(
            "---\ntitle: Late story\ndate: 2024-02-01\n---\nNew.\n", "utf-8"
        )
        assert await wait_for(
            pilot,
            lambda: [h.title for h in main.articles.hits] == ["Late story", "Story 0", "Story 1"],
        ), "the added file was not listed"
        (corpus / "story0.md").unlink()
        assert await wait_for(
            pilot, lambda: [h.title for h in main.articles.hits] == ["Late story", "Story 1"]
        ), "the deleted file stayed listed"
        assert main.status.status.articles == 2


PAGE = (
    "<!DOCTYPE html><html><head><title>Alpha story</title></head><body><nav>Home</nav>"
    "<article><h1>Alpha story</h1>"
    + "".join(
        f"<p>Paragraph {n}: the harbour crane was inspected by engineers from the port "
        f"authority, who found corrosion in the counterweight pin.</p>"
        for n in range(4)
    )
    + "</article><footer>Copyright</footer></body></html>"
).encode()


async def test_full_text_command_fetches_keeps_and_shows_the_page(
    local_feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = local_feed_server
    server.pages["alpha"] = ("text/html", PAGE)
    server.custom["desk.xml"] = rss(server, "Desk", "alpha")
    add_feed(server.url("/custom/desk.xml"))
    write_stories(tmp_path / "corpus", 1)
    from search_index.feeds.root import feeds_root

    app = NewsdeskApp(
        corpora=[tmp_path / "corpus", feeds_root()],
        index_dir=tmp_path / "index",
        show_timings=False,
    )
    shown = recording(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert [h.title for h in main.articles.hits][0] == "alpha story"  # (dated when fetched)
        await pilot.press("enter")
        await settle(pilot)
        assert main.reader.article is not None
        assert main.reader.article.body == "Summary of alpha."
        await pilot.press("T")
        await settle(pilot)
        assert any(text.startswith("full text fetched") for text in shown)
        assert "counterweight pin" in main.reader.article.body
        assert "Copyright" not in main.reader.article.body
        await pilot.press("slash", *"counterweight")
        await settle(pilot)
        assert [h.title for h in main.articles.hits] == ["alpha story"]
        main.query_input.value = ""  # every article again; the last is the file's
        await settle(pilot)
        await pilot.press("escape", "G", "T")
        await settle(pilot)
        assert main.articles.current is not None
        assert main.articles.current.title == "Story 0"
        assert shown[-1].startswith("Full text is fetched only for feed articles")
