"""Feeds as the web writes them: read as tolerantly as feedparser reads them, still safely.

Every feed here is written for the test (no third-party text).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from search_index.ingest import IngestError, load_file, load_file_with_problems
from search_index.ingest.feedtext import repair_references

UTC = UTC

ENTITIES = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Caf&eacute; Wire</title><link>https://example.com/</link>
<item><title>Pr&eacute;sident&nbsp;speaks &mdash; again</title>
<link>https://example.com/a?x=1&amp;y=2</link>
<description>The pr&eacute;sident spoke&hellip; &copy; 2024 &#233;</description>
<pubDate>Tue, 10 Jun 2003 16:31:00 ET</pubDate></item>
</channel></rss>"""


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_undeclared_html_entities_are_text(tmp_path: Path) -> None:
    [article] = load_file(_write(tmp_path, "e.rss", ENTITIES), "e.rss")
    assert article.title == "Président speaks — again"
    assert article.source == "Café Wire"
    assert article.body == "The président spoke… © 2024 é"
    assert article.url == "https://example.com/a?x=1&y=2"
    assert article.date == datetime(2003, 6, 10, 20, 31, tzinfo=UTC)


def test_undeclared_entities_in_atom_and_rss_1(tmp_path: Path) -> None:
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>&Eacute;t&eacute;'
        "</title><entry><title>One &mdash; two</title><id>urn:x:1</id>"
        '<updated>2024-01-01T10:00:00Z</updated><content type="html">A&nbsp;b</content>'
        "</entry></feed>"
    )
    [entry] = load_file(_write(tmp_path, "a.atom", atom), "a.atom")
    assert (entry.title, entry.source, entry.body) == ("One — two", "Été", "A b")
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="x"><title>RDF</title></channel><item rdf:about="https://e.x/1">'
        "<title>Item &eacute;</title><link>https://e.x/1</link>"
        "<dc:date>2024-01-01T10:00:00Z</dc:date></item></rdf:RDF>"
    )
    [item] = load_file(_write(tmp_path, "r.rdf", rdf), "r.rdf")
    assert item.title == "Item é" and item.date == datetime(2024, 1, 1, 10, tzinfo=UTC)


def test_bare_ampersands_are_recovered(tmp_path: Path) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Tom & Jerry News</title>'
        "<item><title>Cats & dogs</title><link>https://example.com/s?id=1&page=2</link>"
        "<description>Rain & more rain.</description>"
        "<pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    [article] = load_file(_write(tmp_path, "amp.rss", rss), "amp.rss")
    assert (article.title, article.body, article.source) == (
        "Cats & dogs",
        "Rain & more rain.",
        "Tom & Jerry News",
    )
    assert article.url == "https://example.com/s?id=1&page=2"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_feeds_without_a_byte_order_mark(tmp_path: Path, codec: str) -> None:
    data = ENTITIES.replace("utf-8", codec.split("-l")[0].split("-b")[0].upper()).encode(codec)
    [article] = load_file(_write(tmp_path, "wide.rss", data), "wide.rss")
    assert article.title == "Président speaks — again"


def test_titles_are_text_without_markup_or_script(tmp_path: Path) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Scripted</title>'
        "<item><title>&lt;b&gt;Bold&lt;/b&gt; headline &lt;script&gt;alert(1)&lt;/script&gt;"
        "</title><link>https://e.x/1</link><description>One.</description></item>"
        "<item><title><![CDATA[Second <i>headline</i><script>var a = 1;</script>]]></title>"
        "<link>https://e.x/2</link><description>Two.</description></item></channel></rss>"
    )
    first, second = load_file(_write(tmp_path, "s.rss", rss), "s.rss")
    assert first.title == "Bold headline"
    assert second.title == "Second headline"
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        '<entry><id>urn:x:4</id><title type="text">&lt;b&gt;Plain&lt;/b&gt; title '
        "&lt;script&gt;evil()&lt;/script&gt;</title><content>Four.</content></entry></feed>"
    )
    [entry] = load_file(_write(tmp_path, "t.atom", atom), "t.atom")
    assert entry.title == "Plain title"


def test_an_untitled_item_gets_the_first_words_of_its_text(tmp_path: Path) -> None:
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        '<entry><id>urn:x:1</id><summary type="text">&lt;br /&gt;Flooding closed three '
        "roads. More later.</summary></entry>"
        '<entry><id>urn:x:2</id><content type="html">&lt;![CDATA[]]&gt;&lt;br /&gt;Schools '
        "reopen after the storm.</content></entry>"
        '<entry><id>urn:x:3</id><content type="html">&lt;!DOCTYPE html&gt;&lt;html&gt;'
        "&lt;body&gt;&lt;p&gt;Bridge reopens.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</content>"
        "</entry></feed>"
    )
    articles = load_file(_write(tmp_path, "u.atom", atom), "u.atom")
    assert [a.title for a in articles] == [
        "Flooding closed three roads",
        "Schools reopen after the storm",
        "Bridge reopens",
    ]
    for article in articles:
        assert not any(
            debris in article.title + article.body
            for debris in ("br />", "CDATA", "DOCTYPE", "<", ">")
        )


def test_a_feed_with_no_items_is_a_note_not_a_refusal(tmp_path: Path) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Only &eacute;</title>'
        "<description>d &nbsp;</description><junk>&</junk></channel></rss>"
    )
    articles, problems = load_file_with_problems(_write(tmp_path, "c.rss", rss), "c.rss")
    assert articles == [] and problems == ["the feed has no entries"]


def test_declared_entities_are_kept_and_bombs_still_refused(tmp_path: Path) -> None:
    rss = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY site "Valley Courier">]>'
        '<rss version="2.0"><channel><title>&site; &mdash; news</title><item>'
        "<title>From &site;</title><link>https://e.x/1</link></item></channel></rss>"
    )
    [article] = load_file(_write(tmp_path, "d.rss", rss), "d.rss")
    assert article.title == "From Valley Courier" and article.source == "Valley Courier — news"
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "&eacute;&eacute;">'
        '<!ENTITY b "&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title>'
        "</channel></rss>"
    )
    with pytest.raises(IngestError, match="billion laughs"):
        load_file(_write(tmp_path, "bomb.rss", bomb), "bomb.rss")


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("a &eacute; b", "a &#233; b"),
        ("a & b &amp; c &#38; d &#x26;", "a &amp; b &amp; c &#38; d &#x26;"),
        ("<![CDATA[ & &eacute; ]]> &nbsp;", "<![CDATA[ & &eacute; ]]> &#160;"),
        ("&NotEqualTilde; &nosuchname;", "&#8770;&#824; &amp;nosuchname;"),
        ("<a href='?a=1&b=2'>", "<a href='?a=1&amp;b=2'>"),
    ],
)
def test_repair_references(xml: str, expected: str) -> None:
    assert repair_references(xml) == expected
