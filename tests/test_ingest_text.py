"""Text and Markdown ingest: the five seeds, the BBC corpus, headlines, furniture, Markdown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from search_index.ingest import IngestError, article_id, load_file
from search_index.ingest.furniture import clean_lines, is_furniture_line
from search_index.ingest.text import derive_title, looks_like_headline, parse_text

UTC = UTC

SEEDS = [
    # (file, title, date or None, first body sentence)
    (
        "000_594be430a428c027.txt",
        "Kosovo is urging NATO intervention after weekend border tensions with Serbia have"
        " exploded into clashes, resulting in rare exchanges of gunfire at the border",
        datetime(2022, 12, 12, tzinfo=UTC),
        "Kosovo is urging NATO intervention after weekend border tensions with Serbia have exploded"
        " into clashes, resulting in rare exchanges of gunfire at the border.",
    ),
    (
        "001_6764d6d263d5f0d8.txt",
        "Kosovo Calls for NATO Intervention as Border Tensions With Serbia Rise",
        None,
        "Kosovo is calling for NATO intervention on its behalf following a weekend of border"
        " tensions with Serbia that eventually turned hot.",
    ),
    (
        "002_b57764898f6d327f.txt",
        "The Belgrade government accuses neighboring Kosovo of “provocations” by sending special"
        " police units to the border",
        datetime(2021, 9, 26, tzinfo=UTC),
        "The Belgrade government accuses neighboring Kosovo of “provocations” by sending special"
        " police units to the border.",
    ),
    (
        "003_2f9b001d606e2870.txt",
        "The recent clashes in northern Kosovo between Kosovar police and gunmen have sparked"
        " increasing tension in the region",
        datetime(2023, 11, 13, tzinfo=UTC),
        "The recent clashes in northern Kosovo between Kosovar police and gunmen have sparked"
        " increasing tension in the region.",
    ),
    (
        "004_bbc6e1fe8c759d45.txt",
        "NATO-Led Force In Kosovo Steps Up Patrols Near Border With Serbia",
        None,
        "The NATO-led KFOR peacekeeping force in Kosovo has stepped up patrols on the border with"
        " Serbia amid worsening tensions between the two Balkan countries over a dispute about"
        " license plates.",
    ),
]

SEED_FURNITURE = {
    "004_bbc6e1fe8c759d45.txt": [
        "Accessibility links",
        "Breaking News",
        "Local Serbs blocking the road leading to the northern Kosovo border crossing of Jarinje.",
        "WATCH: Albanian PM Urges Serbia",
        "Albanian PM Urges Serbia To End 'Show Of Force' Near Kosovo Border",
        "please wait",
        "No media source currently available",
        "0:00 0:00:53 0:00",
        "16x9 Image",
        "With reporting by AFP, dpa, AP, and Reuters",
        "RFE/RL journalists report the news",
        "uncensored news, responsible discussion, and open debate",
    ],
    "001_6764d6d263d5f0d8.txt": ["Our Latest Articles"],
    "002_b57764898f6d327f.txt": ["[Laura Hasani/Reuters]"],
}

SEED_LAST_SENTENCE = {
    "001_6764d6d263d5f0d8.txt": "the outbreak of World War I over a century ago.",
    "004_bbc6e1fe8c759d45.txt": 'saying that the "only solution is a dialogue.”',
    "003_2f9b001d606e2870.txt": "withdraw its forces from the border with Kosovo.",
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``tmp_path/name`` and return the path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "title", "date", "first_sentence"), SEEDS)
def test_seed_title_date_and_lead(
    seeds_dir: Path, name: str, title: str, date: datetime | None, first_sentence: str
) -> None:
    [article] = load_file(seeds_dir / name, name)
    assert article.title == title
    assert article.date == date
    assert article.body.startswith(first_sentence)
    assert article.id == article_id(name, "")
    assert article.path == name and article.item == ""
    assert len(article.title) <= 301
    assert "date 20" not in article.body[:30]


@pytest.mark.parametrize("name", [seed[0] for seed in SEEDS])
def test_seed_has_no_furniture(seeds_dir: Path, name: str) -> None:
    [article] = load_file(seeds_dir / name, name)
    for line in SEED_FURNITURE.get(name, []):
        assert line not in article.body, f"furniture left in {name}: {line!r}"
    assert not is_furniture_line(article.title)
    assert article.title not in SEED_FURNITURE.get(name, [])
    if name in SEED_LAST_SENTENCE:
        assert article.body.endswith(SEED_LAST_SENTENCE[name])


def test_seed_keeps_real_subheadings(seeds_dir: Path) -> None:
    [article] = load_file(seeds_dir / SEEDS[2][0], "002")
    assert "\n\nDiplomatic pressure\n\n" in article.body
    [faq] = load_file(seeds_dir / SEEDS[3][0], "003")
    assert "Q: Who was involved in the clashes?" in faq.body


@pytest.mark.corpus
def test_bbc_every_file_loads(bbc_dir: Path) -> None:
    files = sorted(bbc_dir.rglob("*.txt"))
    assert len(files) == 2225
    for path in files:
        [article] = load_file(path, path.relative_to(bbc_dir).as_posix())
        assert article.title.strip(), path
        assert article.body.strip(), path
        assert article.title not in article.body[: len(article.title) + 2], path
        assert article.date is None


@pytest.mark.corpus
def test_bbc_latin1_pound_sign(bbc_dir: Path) -> None:
    [article] = load_file(bbc_dir / "sport" / "199.txt", "sport/199.txt")
    assert "a £15.8m signing" in article.body
    assert "\ufffd" not in article.body


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Have hackers recruited your PC?", True),
        ("iTunes now selling Band Aid song", True),
        ("Rivals of the £400 Apple...", True),
        ("Analysis: No pain, no gain?", True),
        ("The minister resigned on Monday.", False),
        ("lowercase start is not a headline", False),
        ("Markets fell. Investors fled", False),
        ("FAQ:", False),
        (" ".join(["word"] * 30).capitalize(), False),
    ],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("Short lead sentence. Second one.", "Short lead sentence"),
        ("Mr. Smith went to Washington. He stayed.", "Mr. Smith went to Washington"),
        (
            "George W. Bush spoke in the U.S. capital on Monday. Then left.",
            "George W. Bush spoke in the U.S. capital on Monday",
        ),
        ("Is this a question? Yes.", "Is this a question?"),
        (".    HEADLINES AT 0800\n\n--BAKER HOLDS TALKS", "HEADLINES AT 0800"),
        ("\n\n* * *\n\n-- Quoted lead. More.", "Quoted lead"),
    ],
)
def test_derive_title(body: str, title: str) -> None:
    assert derive_title(body) == title


def test_derived_title_keeps_the_whole_lead() -> None:
    body = (
        "The government announced on Tuesday that it would spend an additional fifty billion"
        " on infrastructure over the next decade. A second sentence."
    )
    assert derive_title(body) == body[: body.index(".")]  # 122 characters, not cut at ~95


def test_derived_title_cut_at_word_boundary() -> None:
    body = (
        "The government announced on Tuesday that it would spend an additional fifty billion"
        " on roads, bridges, railways and ports " * 5
    ).strip() + "."
    title = derive_title(body)
    assert title.endswith("…") and 250 <= len(title) <= 301
    assert body.startswith(title[:-1])
    assert not title[:-1].endswith((" the", " of", " on", ","))


def test_headline_then_body(tmp_path: Path) -> None:
    text = "Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n"
    path = _write(tmp_path, "a.txt", text)
    [article] = load_file(path, "a.txt")
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.body == "Quarterly profits rose."


def test_date_marker_variants(tmp_path: Path) -> None:
    path = _write(tmp_path, "d.txt", "Date: 2022-12-12T10:30:00Z\nPolice said on Monday.\n")
    [article] = load_file(path, "d.txt")
    assert article.date == datetime(2022, 12, 12, 10, 30, tzinfo=UTC)
    assert article.body == "Police said on Monday."


def test_byline_and_dateline_become_metadata(tmp_path: Path) -> None:
    text = (
        "Storm hits coast\n\nBy Jane Doe\n\nPublished: 12 December 2022\n\nWinds reached 100mph.\n"
    )
    [article] = load_file(_write(tmp_path, "s.txt", text), "s.txt")
    assert article.title == "Storm hits coast"
    assert article.author == "Jane Doe"
    assert article.date == datetime(2022, 12, 12, tzinfo=UTC)
    assert article.body == "Winds reached 100mph."


def test_by_the_time_is_not_a_byline(tmp_path: Path) -> None:
    text = "Storm hits coast\n\nBy the time rescuers arrived, the village was flooded.\n"
    [article] = load_file(_write(tmp_path, "s.txt", text), "s.txt")
    assert article.author == ""
    assert article.body.startswith("By the time rescuers arrived")


def test_markdown_front_matter_and_heading(tmp_path: Path) -> None:
    text = (
        '---\ntitle: "Front matter title"\ndate: 2023-05-01\nauthor: Ana Lima\n'
        "source: Example Wire\nurl: https://example.com/a\nlanguage: pt_BR\n---\n"
        "# Markdown heading\n\nThe **council** voted [yes](https://example.com/v) today.\n\n"
        "- first point\n- second point\n"
    )
    [article] = load_file(_write(tmp_path, "a.md", text), "a.md")
    assert article.title == "Front matter title"
    assert article.date == datetime(2023, 5, 1, tzinfo=UTC)
    assert (article.author, article.source, article.url) == (
        "Ana Lima",
        "Example Wire",
        "https://example.com/a",
    )
    assert article.language == "pt-BR"
    assert article.body.startswith("The council voted yes today.")
    assert "Markdown heading" not in article.body
    assert "• first point" in article.body


def test_markdown_heading_is_title(tmp_path: Path) -> None:
    path = _write(tmp_path, "b.markdown", "# Budget passes\n\nMPs approved it.\n")
    [article] = load_file(path, "b.markdown")
    assert (article.title, article.body) == ("Budget passes", "MPs approved it.")
    assert article.date is None


@pytest.mark.parametrize("content", ["", "   \n\n", "Accessibility links\n\nBreaking News\n"])
def test_unusable_text_raises(tmp_path: Path, content: str) -> None:
    with pytest.raises(IngestError) as error:
        load_file(_write(tmp_path, "e.txt", content), "e.txt")
    assert error.value.reason


def test_binary_text_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(IngestError, match=r"binary data, not text \(looks like a PNG image\)"):
        load_file(path, "x.txt")


GENERIC_FURNITURE = [
    "Skip to main content",
    "Share this article",
    "Share on Facebook",
    "Sign up for our daily newsletter",
    "Image copyright Getty Images",
    "Image caption The scene on Monday",
    "Media playback is unsupported on your device",
    "Your browser does not support the video tag.",
    "Advertisement",
    "Related Articles",
    "Read more: Why prices are rising",
    "5 min read",
    "12:04",
    "© 2024 Example News Ltd",
    "All rights reserved.",
    "(Reporting by Jane Doe; Editing by John Smith)",
    "We use cookies to improve your experience. Accept cookies",
]
PROSE = [
    "Reporting by the BBC suggested the minister had lied.",
    "More than 100 people died in the floods.",
    "Share prices fell sharply on Monday.",
    "He refused to sign up to the Kyoto protocol on carbon emissions.",
    "Breaking news of the deal reached the markets at noon.",
    "Watch what happens next, the coach said.",
]


@pytest.mark.parametrize("line", GENERIC_FURNITURE)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_clean_lines_drops_repeats_and_publisher_footer() -> None:
    lines = [
        "Storm hits coast",
        "",
        "A caption seen twice.",
        "A caption seen twice.",
        "",
        "Winds reached 100mph on Monday.",
        "",
        "Video: Storm footage",
        "",
        "Storm footage",
        "",
        "Officials urged calm.",
        "",
        "Related stories",
        "Other storm story",
        "Another one",
        "",
    ]
    kept = clean_lines(lines)
    assert kept == [
        "Storm hits coast",
        "",
        "Winds reached 100mph on Monday.",
        "",
        "Officials urged calm.",
    ]
    footer = [
        "Officials urged calm.",
        "",
        "Our journalists report from 40 countries. We provide independent news to readers.",
    ]
    assert clean_lines(footer) == ["Officials urged calm."]
    quoted = [
        "Officials urged calm.",
        "",
        '"We provide our journalists with protection," the editor said.',
    ]
    assert clean_lines(quoted) == quoted


def test_parse_text_keeps_item_and_path() -> None:
    article = parse_text("Headline here\n\nBody text.", "dir/x.txt", item="7")
    assert (article.path, article.item) == ("dir/x.txt", "7")
    assert article.id == article_id("dir/x.txt", "7")


def test_html_character_references_in_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "g7.txt"
    path.write_text(
        "G7 communiqu&#233; agreed\n\nThe leaders&#8217; communiqu&#xE9; on trade "
        "&amp; aid cost &#163;5m. AT&T and R&D; stay, &notaname; too.\n",
        encoding="ascii",
    )
    [article] = load_file(path, "g7.txt")
    assert article.title == "G7 communiqué agreed"
    assert article.body == (
        "The leaders’ communiqué on trade & aid cost £5m. AT&T and R&D; stay, &notaname; too."
    )


def test_character_references_cannot_smuggle_escape_sequences(tmp_path: Path) -> None:
    path = tmp_path / "esc.md"
    path.write_text(
        "# Headline&#27;]0;pwned&#7; here\n\nBody &#27;[31mred&#27;[0m text.\n", encoding="ascii"
    )
    [article] = load_file(path, "esc.md")
    assert article.title == "Headline here"
    assert article.body == "Body red text."


@pytest.mark.corpus
def test_bbc_character_references_are_read(bbc_dir: Path) -> None:
    found = 0
    for path in sorted(bbc_dir.rglob("*.txt")):
        raw = path.read_bytes()
        if b"&#" not in raw:
            continue
        found += 1
        [article] = load_file(path, path.name)
        assert "&#" not in article.title + article.body, path
    assert found >= 20
