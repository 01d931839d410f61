"""``newsdesk serve`` in a real browser: headless Chromium through the DevTools protocol.

The page is opened with its token (so the assets and the websocket get in by the cookie),
the reader comes up, ``b`` on an article with a link opens it in the browser (a new tab, not
a program on the server) and on one without says so, and a query typed into the reader shows
its hits. Every request the page made went to 127.0.0.1, with no policy violation logged.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cdp import chromium, headless_page
from serve_helpers import STARTED, served, wait_gone

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)"
)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TOKEN = "browser-test-token-0123456789"
LINK = "http://127.0.0.1:9/kfor-statement"  # (nothing listens there: the tab opens, fails)


def corpus(folder: Path) -> Path:
    """The seeds and one newer article with a link (first in the list, newest first)."""
    shutil.copytree(SEEDS, folder)
    record = {
        "id": "kfor",
        "title": "KFOR statement on the northern border",
        "date": "2024-05-01",
        "url": LINK,
        "body": "The force said its patrols go on along the border.",
    }
    (folder / "linked.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return folder


async def test_the_reader_in_a_browser_opens_links_there_and_finds_what_is_typed(
    tmp_path: Path,
) -> None:
    with served("--token", TOKEN, str(corpus(tmp_path / "news"))) as server:
        async with headless_page(tmp_path / "profile") as page:
            await page.call("Page.navigate", url=server.url)
            first = await page.wait_screen("6 articles", "KFOR statement on the northern border")
            assert "Articles" in first and "Entities" in first
            await page.type("b")  # the newest article, the one with a link
            await page.wait_screen("Asked your browser to open")
            opened = [e["params"]["url"] for e in page.events if e["method"] == "Page.windowOpen"]
            assert opened == [LINK]
            await page.type("/patrols")
            hits = await page.wait_screen("3 hits / 6 articles")
            assert "NATO-Led Force In Kosovo Steps Up Patrols" in hits
            assert "Kosovo Calls for NATO Intervention" not in hits  # (not a hit: gone)
            await page.type("\rb")  # to the results (the first, a seed), b: seeds have no link
            await page.wait_screen("No link to open")
            requested, console = page.requested(), page.console()
        pid = int(server.wait_line(STARTED).group(2))
        assert wait_gone([pid]) == []  # the closed browser took its reader with it
    assert any(url.startswith("ws://127.0.0.1:") for url in requested)
    assert any(url.endswith("RobotoMono-VariableFont_wght.ttf") for url in requested)
    assert [url for url in requested if urlsplit(url).hostname != "127.0.0.1"] == []
    assert not [line for line in console if "Content Security Policy" in line], console
    assert not [line for line in console if "404" in line or "403" in line], console
