"""Feed ingest: the real feeds in ../shared/corpora/feeds and small hand-made ones."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from search_index.ingest import (
    IngestError,
    article_id,
    discover,
    load_file,
    load_file_with_problems,
)

UTC = UTC
MOJIBAKE = ("Ã", "Â", "\ufffd")

# file -> (entries, language)
FEEDS = {
    "feed-rs__rss_2.0_nbcny.xml": (1, "en-US"),
    "feed-rs__rss_2.0_spiegel.xml": (1, "de"),
    "feed-rs__rss_2.0_wirecutter.xml": (1, "en-US"),
    "miniflux__bbc_urdu_utf8.xml": (26, "ur"),
    "miniflux__golem_de_iso-8859-1.xml": (40, "de"),
    "miniflux__heise_rdf_utf8.xml": (60, None),
    "rss-parser__guardian.rss": (55, "en-GB"),
    "rss-parser__heise.atom": (15, None),
    "rss-parser__uolNoticias.rss": (15, None),
}


@pytest.mark.corpus
def test_every_feed_file_is_discovered(feeds_dir: Path) -> None:
    assert sorted(p.name for p in discover(feeds_dir)) == sorted(FEEDS)


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "expected"), sorted(FEEDS.items()))
def test_feed_yields_its_entries(
    feeds_dir: Path, name: str, expected: tuple[int, str | None]
) -> None:
    count, language = expected
    articles, problems = load_file_with_problems(feeds_dir / name, f"feeds/{name}")
    assert len(articles) == count
    assert problems == []
    assert len({a.id for a in articles}) == count
    assert any(a.body for a in articles)  # UOL has entries with empty descriptions
    for article in articles:
        assert article.title, article
        assert article.source
        assert article.language == language
        assert article.id == article_id(f"feeds/{name}", article.item)
        assert not any(bad in article.title + article.body for bad in MOJIBAKE), article.title
        assert "<" not in article.body or "<" in article.title


@pytest.mark.corpus
def test_uol_latin1_without_declaration_keeps_accents(feeds_dir: Path) -> None:
    articles = load_file(feeds_dir / "rss-parser__uolNoticias.rss", "uol.rss")
    first = articles[0]
    assert first.title.startswith("Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações")
    assert "intenção de voto" in first.body
    assert first.source == "UOL Noticias"
    assert first.date == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)  # "Seg, 24 Set 2018"
    assert first.item == first.url  # no guid: the link keys the entry


@pytest.mark.corpus
def test_heise_rdf_is_undated(feeds_dir: Path) -> None:
    articles = load_file(feeds_dir / "miniflux__heise_rdf_utf8.xml", "heise.rdf")
    assert all(a.date is None for a in articles)
    assert articles[0].title == "OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen"


@pytest.mark.corpus
def test_guardian_and_atom_dates_and_authors(feeds_dir: Path) -> None:
    guardian = load_file(feeds_dir / "rss-parser__guardian.rss", "g.rss")
    assert guardian[0].date == datetime(2018, 1, 31, 7, 26, 5, tzinfo=UTC)
    assert guardian[0].author == "David Smith in Washington"
    assert all(a.date for a in guardian)
    atom = load_file(feeds_dir / "rss-parser__heise.atom", "h.atom")
    assert atom[0].title == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    assert atom[0].date == datetime(2016, 2, 1, 16, 22, tzinfo=UTC)
    assert atom[0].item == "http://heise.de/-3088438"
    assert atom[0].source == "heise developer neueste Meldungen"


@pytest.mark.corpus
def test_golem_latin1_with_declaration_and_urdu_rtl(feeds_dir: Path) -> None:
    golem = load_file(feeds_dir / "miniflux__golem_de_iso-8859-1.xml", "golem.xml")
    assert "wünschen" in golem[0].body
    urdu = load_file(feeds_dir / "miniflux__bbc_urdu_utf8.xml", "urdu.xml")
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in a.title) for a in urdu)


@pytest.mark.corpus
def test_nbc_pm_time_is_kept(feeds_dir: Path) -> None:
    [article] = load_file(feeds_dir / "feed-rs__rss_2.0_nbcny.xml", "nbc.xml")
    assert article.date == datetime(2023, 12, 16, 14, 2, 33, tzinfo=UTC)  # "02:02:33 PM"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    """Write raw bytes to ``tmp_path/name``."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_hand_made_rss_items(tmp_path: Path) -> None:
    rss = """<rss version="2.0"><channel><title>Caf\xe9 Wire</title><language>pt-br</language>
<item><title>Not\xedcia um</title><link>https://x.example/1</link>
<description>&lt;p&gt;Primeira not\xedcia.&lt;/p&gt;&lt;p&gt;Read more&lt;/p&gt;</description>
<pubDate>Mon, 12 Dec 2022 10:00:00 GMT</pubDate><guid>id-1</guid></item>
<item><description>Sem t\xedtulo. Segunda frase.</description></item>
<item><title>Same link</title><link>https://x.example/1</link></item>
</channel></rss>""".encode("latin-1")
    articles, problems = load_file_with_problems(_write(tmp_path, "f.rss", rss), "f.rss")
    assert [a.item for a in articles] == ["id-1", "2", "https://x.example/1"]
    first, second, third = articles
    assert (first.title, first.body) == ("Notícia um", "Primeira notícia.")
    assert first.source == "Café Wire"
    assert first.date == datetime(2022, 12, 12, 10, tzinfo=UTC)
    assert first.language == "pt-BR"
    assert second.title == "Sem título" and second.date is None
    assert third.body == ""  # a title-only entry keeps an empty body
    assert problems == []


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    data = b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>'
    path = _write(tmp_path, "sitemap.xml", data)
    with pytest.raises(IngestError, match=r"not an RSS/Atom feed: .*urlset"):
        load_file(path, "sitemap.xml")


@pytest.mark.parametrize(
    "data",
    [b"<rss><channel><title>x</title><item><title>unclosed", b"<rss><channel>&bogus; <<<\x01"],
)
def test_broken_feed_names_the_parser_complaint(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "broken.rss", data)
    with pytest.raises(IngestError, match=r"not an RSS/Atom feed: .+"):
        load_file(path, "broken.rss")


def test_broken_feed_with_items_keeps_them(tmp_path: Path) -> None:
    data = (
        b"<rss><channel><title>T</title><item><title>Kept &nbsp; item</title></item><item><title>x"
    )
    articles = load_file(_write(tmp_path, "partial.rss", data), "partial.rss")
    assert articles and articles[0].title.startswith("Kept")


def test_empty_feed_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="empty file"):
        load_file(_write(tmp_path, "e.atom", b"  \n"), "e.atom")


def test_valid_feed_without_entries(tmp_path: Path) -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    articles, problems = load_file_with_problems(_write(tmp_path, "quiet.rss", data), "quiet.rss")
    assert articles == [] and problems == ["the feed has no entries"]
