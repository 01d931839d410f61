"""``feed import`` and ``feed export``: OPML and newsboat urls files, feeds served from
127.0.0.1 in the test process (``feedserver``), never the network."""

from __future__ import annotations

import json
from pathlib import Path

import feedserver
import pytest
from feedserver import FeedServer

from search_index.cli.main import run
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.feeds.importing import export_feeds, import_feeds
from search_index.feeds.opml import ListError, parse_opml
from search_index.feeds.root import feeds_root
from search_index.feeds.store import read_items
from search_index.feeds.subscribing import add_feed
from search_index.feeds.subscriptions import load_subscriptions

local_feed_server = feedserver.local_feed_server  # the fixture, for this module's tests


def rss(title: str, *items: tuple[str, str], site: str = "https://site.example/") -> bytes:
    """An RSS 2.0 feed: (guid, title) items, each with a summary."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{text}</title><link>{site}{guid}</link>"
        f"<description>Summary of {text}.</description></item>"
        for guid, text in items
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}"
        f"</title><link>{site}</link>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def served(local_feed_server: FeedServer) -> FeedServer:
    """Three feeds on the local server: world.xml, europe.xml, tech.xml."""
    local_feed_server.custom.update(
        {
            "world.xml": rss(
                "World Desk", ("w1", "Harbour strike ends"), site="https://world.example/"
            ),
            "europe.xml": rss("Europe Desk", ("e1", "Border talks resume"), ("e2", "Euro rises")),
            "tech.xml": rss("Tech Desk", ("t1", "Chip plant opens")),
        }
    )
    return local_feed_server


def opml(server: FeedServer, *, extra: str = "") -> str:
    """An OPML 2.0 file of the three feeds: nested folders, Europe twice, one full-text."""
    url = server.url
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>From another reader</title></head><body>
  <outline text="News">
    <outline title="World" text="World">
      <outline type="rss" text="My World" xmlUrl="{url("/custom/world.xml")}"
               htmlUrl="https://world.example/"/>
      <outline type="rss" text="Europe" xmlUrl="{url("/custom/europe.xml")}" fullText="true"/>
    </outline>
  </outline>
  <outline text="Daily">
    <outline type="rss" text="Europe" xmlUrl="{url("/custom/europe.xml")}"/>
  </outline>
  <outline type="rss" text="Tech &amp; Science" xmlUrl="{url("/custom/tech.xml")}"/>
  <outline type="link" text="A web page" url="https://example.org/"/>
  {extra}
</body></opml>"""


def shape(subs: object) -> set[tuple[object, ...]]:
    """What an export must keep of each subscription."""
    return {(s.url, s.name, s.tags, s.html_url, s.full_text) for s in subs}  # type: ignore[attr-defined]


def test_opml_import_tags_by_folder_and_round_trips(
    served: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "subs.opml"
    path.write_text(opml(served), "utf-8")
    report = import_feeds(path)
    assert report.kind == "OPML" and not report.failed and not report.notes
    subs = {s.url.rsplit("/", 1)[1]: s for s in load_subscriptions()}
    world, europe, tech = subs["world.xml"], subs["europe.xml"], subs["tech.xml"]
    assert (world.name, world.tags, world.html_url) == (
        "My World",
        ("News", "World"),
        "https://world.example/",
    )
    assert europe.tags == ("News", "World", "Daily") and europe.full_text  # listed twice
    assert (tech.name, tech.tags, tech.items) == ("Tech & Science", (), 1)
    assert europe.html_url == "https://site.example/"  # the feed's own link when none given
    assert [r["tags"] for r in read_items(europe.items_path)] == [["News", "World", "Daily"]] * 2
    assert "tags" not in read_items(tech.items_path)[0]

    document = export_feeds()
    assert parse_opml(document).entries  # OPML 2.0 that reads back
    before = load_subscriptions()
    again = tmp_path / "export.opml"
    again.write_bytes(document)
    report = import_feeds(again)  # into the same store: nothing new, nothing changed
    assert not report.added and not report.changed and len(report.merged) == 3
    assert load_subscriptions() == before

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))  # a fresh data folder
    assert load_subscriptions() == []
    import_feeds(again, fetch=False)
    assert shape(load_subscriptions()) == shape(before)


def test_tags_are_searchable_once_indexed(served: FeedServer, tmp_path: Path) -> None:
    path = tmp_path / "subs.opml"
    path.write_text(opml(served), "utf-8")
    import_feeds(path)
    update_index([feeds_root()], tmp_path / "index")
    with Searcher(tmp_path / "index") as searcher:

        def titles(query: str) -> set[str]:
            return {h.title for h in searcher.search(query).hits}

        assert titles("tag:world") == {"Harbour strike ends", "Border talks resume", "Euro rises"}
        assert titles("tag:daily -tag:news") == set()
        assert titles("tag:news chip") == set() and titles("chip") == {"Chip plant opens"}


def test_newsboat_urls_keep_tags_and_titles_and_never_run_commands(
    served: FeedServer, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    urls = tmp_path / "urls"
    urls.write_text(
        f"""# newsboat urls
{served.url("/custom/world.xml")} world "Long Reads" "~World at a glance" !hidden
{served.url("/custom/tech.xml")}
"query:Unread Articles:unread = \\"yes\\""
exec:touch {marker}
filter:touch {marker}:{served.url("/custom/europe.xml")}
gopher://old.example/feed
{served.url("/custom/europe.xml")} "unclosed
""",
        "utf-8",
    )
    report = import_feeds(urls)
    assert report.kind == "newsboat urls" and not report.failed
    assert not marker.exists() and served.seen("/custom/europe.xml") == []
    subs = {s.url.rsplit("/", 1)[1]: s for s in load_subscriptions()}
    assert set(subs) == {"world.xml", "tech.xml"}
    assert (subs["world.xml"].name, subs["world.xml"].tags) == (
        "World at a glance",
        ("world", "Long Reads"),
    )
    assert subs["tech.xml"].name == "Tech Desk"  # no title in the file: the feed's own
    notes = "\n".join(report.notes)
    for line, words in (
        (4, "query feed"),
        (5, "exec: feed runs a command"),
        (6, "filter: feed runs a command"),
        (7, "not an http(s) feed address"),
        (8, "quote is never closed"),
    ):
        assert f"line {line}: " in notes and words in notes, notes
    assert len(report.notes) == 5


def test_duplicates_of_existing_subscriptions_are_merged(
    served: FeedServer, tmp_path: Path
) -> None:
    add_feed(served.url("/custom/world.xml"), tags=["world"])
    same = served.url("/custom/world.xml").replace("http://127.0.0.1", "HTTP://127.0.0.1")
    urls = tmp_path / "urls"
    urls.write_text(f"{same} World europe\n{served.url('/custom/world.xml')}#top daily\n", "utf-8")
    requests = len(served.requests)
    report = import_feeds(urls)
    assert not report.added and len(served.requests) == requests  # not fetched again
    [merged] = report.merged
    assert merged.new_tags == ("europe", "daily")
    [sub] = load_subscriptions()
    assert sub.tags == ("world", "europe", "daily")
    assert read_items(sub.items_path)[0]["tags"] == ["world", "europe", "daily"]


def test_an_unreachable_feed_is_reported_and_the_rest_subscribed(
    served: FeedServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(tmp_path / "index"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("A local note\n\nNothing to do with feeds.\n", "utf-8")
    urls = tmp_path / "urls"
    urls.write_text(
        f"{served.url('/status/404')} gone\n{served.url('/page/home')}\n"
        f"{served.url('/custom/tech.xml')} tech\n",
        "utf-8",
    )
    served.pages["home"] = ("text/html", b"<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    code = run(["feed", "import", str(urls), "--corpus", str(corpus)])
    out = capsys.readouterr().out
    assert code == 5
    assert "NOT SUBSCRIBED: no feed at this address (HTTP 404" in out
    assert "NOT SUBSCRIBED: the address serves a web page, not a feed" in out
    assert "1 added, 0 already subscribed, 2 not reachable" in out
    assert [s.name for s in load_subscriptions()] == ["Tech Desk"]
    assert run(["search", "tag:tech", "--json", "--corpus", str(corpus)]) == 0
    assert [h["title"] for h in json.loads(capsys.readouterr().out)] == ["Chip plant opens"]


def test_export_writes_a_file_and_cli_import_says_what_it_did(
    served: FeedServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(tmp_path / "index"))
    path = tmp_path / "subs.opml"
    path.write_text(opml(served), "utf-8")
    assert run(["feed", "import", str(path), "--no-fetch"]) == 0
    out = capsys.readouterr().out
    assert "My World [News, World]: subscribed, not fetched yet" in out
    assert "Imported an OPML file: 3 added, 0 already subscribed" in out
    assert served.requests == []  # --no-fetch: nothing asked of the servers
    assert run(["feed", "export", "-o", str(tmp_path / "out.opml")]) == 0
    assert "Wrote 3 feeds to" in capsys.readouterr().out
    names = {e.title for e in parse_opml((tmp_path / "out.opml").read_bytes()).entries}
    assert names == {"My World", "Europe", "Tech & Science"}
    assert run(["feed", "import", str(tmp_path / "missing.opml")]) == 2
    assert "no such file" in capsys.readouterr().err


# --- hostile lists --------------------------------------------------------------------------

BODY = "<body><outline text='x' xmlUrl='https://example.org/feed'/></body>"
HOSTILE = {
    "laughs": (
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>'
        f"<opml version='2.0'>{BODY}</opml>",
        "expand into other entities",
    ),
    "external": (
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<opml version='2.0'><head><title>&x;</title></head>{BODY}</opml>",
        "external XML entity",
    ),
    "parameter": (
        '<!DOCTYPE opml [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>'
        f"<opml>{BODY}</opml>",
        "parameter entity",
    ),
    "dtd": (
        f'<!DOCTYPE opml SYSTEM "http://127.0.0.1:9/opml.dtd"><opml>{BODY}</opml>',
        "carries a DTD",
    ),
    "plain dtd": (
        '<!DOCTYPE opml [<!ENTITY title "Mine">]>'
        f"<opml><head><title>&title;</title></head>{BODY}</opml>",
        "carries a DTD",
    ),
    "abyss": (
        "<opml><body>" + "<outline text='f'>" * 300 + "</outline>" * 300 + "</body></opml>",
        "nests too deeply",
    ),
    "rss": (
        "<rss version='2.0'><channel><title>A feed</title></channel></rss>",
        "root element is <rss> (a feed itself?",
    ),
    "broken": (
        "<opml><body>\n<outline text='a' xmlUrl='https://e.org/f'>\n</body></opml>",
        "not valid XML",
    ),
    "empty": ("   \n", "the file is empty"),
    "no body": ("<opml version='1.0'><head/></opml>", "without a <body>"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_opml_is_refused_in_plain_words(tmp_path: Path, name: str) -> None:
    text, words = HOSTILE[name]
    path = tmp_path / "list.opml"
    path.write_text(text, "utf-8")
    with pytest.raises(ListError) as refused:
        import_feeds(path, fetch=False)
    assert words in refused.value.reason
    assert "Traceback" not in refused.value.reason and "\n" not in refused.value.reason
    assert load_subscriptions() == []


def test_huge_binary_and_not_a_list_files_are_refused(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo.opml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    with pytest.raises(ListError, match="not a regular file"):
        import_feeds(fifo, fetch=False)
    path = tmp_path / "list"
    for data, words in (
        (b"<opml>" + b" " * (11 * 1024 * 1024) + b"</opml>", "too large"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 8, "not a subscription list"),
        (b"just some notes\nabout nothing\n", "no line holds a feed address"),
    ):
        path.write_bytes(data)
        with pytest.raises(ListError, match=words):
            import_feeds(path, fetch=False)


def test_deep_and_endless_lists_are_read_in_part_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search_index.feeds.opml as opml_module

    deep = "<outline text='f'>" * 40 + "<outline xmlUrl='https://e.org/deep'/>" + "</outline>" * 40
    many = "".join(f"<outline xmlUrl='https://e.org/{n}'/>" for n in range(30))
    path = tmp_path / "list.opml"
    path.write_text(
        f"<opml><body><outline xmlUrl='https://e.org/top' text='Top'/>{deep}{many}"
        "<outline text='Nothing here'/></body></opml>",
        "utf-8",
    )
    monkeypatch.setattr(opml_module, "MAX_FEEDS", 10)
    listing = parse_opml(path.read_bytes())
    assert len(listing.entries) == 10 and listing.entries[0].title == "Top"
    assert "https://e.org/deep" not in {e.url for e in listing.entries}
    notes = " | ".join(listing.notes)
    assert "only the first 10 feeds were read" in notes
    assert "folders nested deeper than 32 levels were skipped" in notes
