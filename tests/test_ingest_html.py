"""HTML ingest: metadata from the head, article text from the body, chrome dropped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from search_index.ingest import IngestError, load_file
from search_index.ingest.html import html_to_text, sniff_charset, strip_site_name

UTC = UTC

PAGE = """<!DOCTYPE html>
<html lang="en_gb">
<head>
<meta charset="windows-1252">
<title>Café prices soar | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="By Jane Doe">
<meta property="article:published_time" content="2022-12-12T10:00:00+01:00">
<link rel="canonical" href="https://example.com/news/cafe-prices">
<style>body { color: red }</style>
<script>var tracking = "SCRIPT TEXT";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">NAV TEXT</a></nav>
<header><p>HEADER TEXT</p></header>
<article>
<h1>Café prices soar</h1>
<p>Prices at cafés rose by £2 this year, the <b>statistics   office</b> said “today”.</p>
<figure><img src="x.jpg"><figcaption>FIGURE CAPTION</figcaption></figure>
<p>Owners blamed energy costs.<br>Customers blamed owners.</p>
<div class="share-bar"><a>SHARE TEXT</a></div>
<div hidden>HIDDEN TEXT</div>
<p>Share on Facebook</p>
<aside>ASIDE TEXT</aside>
<form><label>FORM TEXT</label></form>
<noscript>NOSCRIPT TEXT</noscript>
</article>
<footer>FOOTER TEXT © 2022 The Daily Example</footer>
</body></html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode("cp1252"))
    return path


def test_html_metadata(page: Path) -> None:
    [article] = load_file(page, "news/page.html")
    assert article.title == "Café prices soar"
    assert article.date == datetime(2022, 12, 12, 9, tzinfo=UTC)
    assert article.author == "Jane Doe"
    assert article.url == "https://example.com/news/cafe-prices"
    assert article.source == "The Daily Example"
    assert article.language == "en-GB"
    assert article.path == "news/page.html" and article.item == ""


def test_html_body_text(page: Path) -> None:
    [article] = load_file(page, "page.html")
    assert article.body == (
        "Prices at cafés rose by £2 this year, the statistics office said “today”.\n\n"
        "Owners blamed energy costs.\nCustomers blamed owners."
    )
    for junk in (
        "SCRIPT",
        "NAV",
        "HEADER",
        "FIGURE",
        "SHARE",
        "HIDDEN",
        "ASIDE",
        "FORM",
        "NOSCRIPT",
        "FOOTER",
        "color: red",
        "Share on Facebook",
    ):
        assert junk not in article.body


def test_html_without_article_uses_body_and_og_metadata(tmp_path: Path) -> None:
    markup = (
        '<html><head><meta property="og:title" content="Rates held - Example News">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="og:url" content="https://example.com/r">'
        '<meta name="date" content="2021-09-26"></head>'
        "<body><main><p>The bank held rates.</p><p>Markets rose.</p></main></body></html>"
    )
    path = tmp_path / "r.htm"
    path.write_text(markup, encoding="utf-8")
    [article] = load_file(path, "r.htm")
    assert article.title == "Rates held"
    assert article.url == "https://example.com/r"
    assert article.date == datetime(2021, 9, 26, tzinfo=UTC)
    assert article.body == "The bank held rates.\n\nMarkets rose."
    assert article.language is None


def test_html_json_ld_and_time_tag(tmp_path: Path) -> None:
    markup = (
        '<html><head><script type="application/ld+json">{"@context": "https://schema.org",'
        '"@type": "NewsArticle", "headline": "Bridge reopens", "author": [{"name": "Ana Lima"}],'
        '"publisher": {"name": "Wire"}}</script></head><body><article>'
        '<time datetime="2020-03-04T05:06:07Z">4 March</time><p>Traffic flows again.</p>'
        "</article></body></html>"
    )
    path = tmp_path / "b.xhtml"
    path.write_text(markup, encoding="utf-8")
    [article] = load_file(path, "b.xhtml")
    assert (article.title, article.author, article.source) == ("Bridge reopens", "Ana Lima", "Wire")
    assert article.date == datetime(2020, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert "Traffic flows again." in article.body


def test_html_with_no_text_raises(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head></head><body><nav>Home</nav></body></html>", encoding="utf-8")
    with pytest.raises(IngestError, match="no article text"):
        load_file(path, "empty.html")


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Café prices soar | The Daily Example", "The Daily Example", "Café prices soar"),
        ("BBC News - Kosovo clashes", "BBC News", "Kosovo clashes"),
        ("Kosovo clashes - BBC News", "", "Kosovo clashes"),
        ("Trump vs Biden - who wins the debate", "", "Trump vs Biden - who wins the debate"),
        ("No separator here", "Site", "No separator here"),
    ],
)
def test_strip_site_name(title: str, site: str, expected: str) -> None:
    assert strip_site_name(title, site) == expected


def test_html_to_text_fragment() -> None:
    fragment = "<p>First &amp; foremost.</p><img src='x'><p>Second<br/>line.</p><p>Read more</p>"
    assert html_to_text(fragment) == "First & foremost.\n\nSecond\nline."
    assert html_to_text("Watch: the launch", furniture=False) == "Watch: the launch"


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<meta charset="ISO-8859-1">', "ISO-8859-1"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
            "windows-1252",
        ),
        (b'<?xml version="1.0" encoding="iso-8859-15"?><html>', "iso-8859-15"),
        (b"<html><p>nothing declared</p>", None),
    ],
)
def test_sniff_charset(head: bytes, charset: str | None) -> None:
    assert sniff_charset(head) == charset
