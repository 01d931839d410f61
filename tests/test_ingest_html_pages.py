"""Web pages built the ways real sites build them: the story must come out, the chrome not.

Each page is written here (invented prose, no third-party text) in two sizes: a full story,
which trafilatura reads, and a short one, which newsdesk's own walker reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search_index.ingest import load_file
from search_index.ingest.htmlmeta import strip_site_name

STORY = [
    "The river authority opened the new flood barrier on Tuesday after four years of work, "
    "saying the gates would protect eleven thousand homes along the lower valley.",
    "Engineers tested each of the six steel gates twice during the winter storms, and the "
    "chief engineer said they had closed in under nine minutes every time.",
    "Residents who lost their cellars in the floods of the last decade gathered on the bank "
    "to watch the first official closing, some of them carrying photographs of the damage.",
    "The authority said the barrier cost less than planned because the concrete was poured "
    "in one season, and that the savings would go to repairing the older levees upstream.",
    "A second barrier further down the estuary is planned for the next decade, though the "
    "authority has not yet said how it will be paid for or when the work will begin.",
]
SHORT = STORY[:1]
TEASER = "Other news: the harbour festival returns with boats and music this weekend."
RELATED = [f"Related headline number {n} about something else entirely" for n in range(1, 40)]


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def _nav() -> str:
    links = "".join(f'<li><a href="/s/{n}">Section {n}</a></li>' for n in range(1, 15))
    return f"<nav><ul>{links}</ul></nav>"


def _related() -> str:
    items = "".join(f'<li><a href="/r/{n}">{text}</a></li>' for n, text in enumerate(RELATED))
    return f"<div><h3>More from us</h3><ul>{items}</ul></div>"


def _page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Barrier opens</title>{head}</head>"
        f"<body>{body}</body></html>"
    )


def _read(tmp_path: Path, markup: str) -> tuple[str, str]:
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    [article] = load_file(path, "page.html")
    return article.title, article.body


def _assert_story(body: str, story: list[str], *absent: str) -> None:
    for paragraph in story:
        assert paragraph in body
    for junk in absent:
        assert junk not in body, junk


@pytest.mark.parametrize("story", [STORY, SHORT], ids=["full", "short"])
def test_several_articles_take_the_story_not_the_teasers(tmp_path: Path, story: list[str]) -> None:
    teasers = "".join(f"<article><h2>Teaser {n}</h2><p>{TEASER}</p></article>" for n in range(3))
    markup = _page(
        f"{_nav()}<main><article><h1>Barrier opens</h1>{_paragraphs(story)}"
        f"</article>{teasers}</main>"
    )
    if story is SHORT:  # a teaser as long as the story, with little paragraph text
        markup = markup.replace(
            "<article><h2>Teaser 0</h2>", f"<article><h2>Teaser 0 {'word ' * 60}</h2>"
        )
    _, body = _read(tmp_path, markup)
    _assert_story(body, story, TEASER, "Section 3")


@pytest.mark.parametrize("story", [STORY, SHORT], ids=["full", "short"])
def test_a_page_wrapped_in_one_form_keeps_its_story(tmp_path: Path, story: list[str]) -> None:
    markup = _page(
        f'<form method="post" action="./page.aspx" id="aspnetForm"><input type="hidden" '
        f'name="__VIEWSTATE" value="x">{_nav()}<div id="content"><h1>Barrier opens</h1>'
        f"{_paragraphs(story)}</div></form>",
        '<meta name="description" content="Only the description.">',
    )
    _, body = _read(tmp_path, markup)
    _assert_story(body, story, "Only the description", "Section 3")


@pytest.mark.parametrize("story", [STORY, SHORT], ids=["full", "short"])
def test_an_empty_first_main_does_not_win(tmp_path: Path, story: list[str]) -> None:
    markup = _page(
        f"<main class='banner'><a href='/'>Home</a></main>"
        f"<main><h1>Barrier opens</h1>{_paragraphs(story)}</main>"
    )
    _, body = _read(tmp_path, markup)
    _assert_story(body, story)


@pytest.mark.parametrize("story", [STORY, SHORT], ids=["full", "short"])
def test_body_fallback_leaves_navigation_and_related_headlines(
    tmp_path: Path, story: list[str]
) -> None:
    markup = _page(
        f"{_nav()}<div><h1>Barrier opens</h1>{_paragraphs(story)}</div>{_related()}"
        "<footer>© 2024 The Valley Courier</footer>"
    )
    _, body = _read(tmp_path, markup)
    _assert_story(body, story, "Section 3", RELATED[5], "More from us", "© 2024")


@pytest.mark.parametrize("story", [STORY, SHORT], ids=["full", "short"])
def test_paywall_text_is_left_out(tmp_path: Path, story: list[str]) -> None:
    paywall = (
        "<div><p>To Read the Full Story</p><p>Subscribe</p><p>Sign In</p>"
        "<p>Already a subscriber? Log in to continue reading.</p>"
        "<h3>Most Popular Videos</h3></div>"
    )
    markup = _page(f"<article><h1>Barrier opens</h1>{_paragraphs(story)}{paywall}</article>")
    _, body = _read(tmp_path, markup)
    _assert_story(
        body,
        story,
        "To Read the Full Story",
        "Subscribe",
        "Sign In",
        "Already a subscriber",
        "Most Popular Videos",
    )


def test_headline_is_not_repeated_in_the_body(tmp_path: Path) -> None:
    markup = _page(
        f"<article><h1>Barrier opens</h1>{_paragraphs(STORY)}</article>",
        '<meta property="og:title" content="Barrier opens">',
    )
    title, body = _read(tmp_path, markup)
    assert title == "Barrier opens"
    assert not body.startswith("Barrier opens")


def test_headline_containing_the_site_name_is_kept(tmp_path: Path) -> None:
    head = (
        '<meta property="og:site_name" content="The Courier">'
        '<meta property="og:title" content="The Courier view on the barrier — a job well '
        'done | Editorial">'
    )
    title, _ = _read(tmp_path, _page(f"<article>{_paragraphs(STORY)}</article>", head))
    assert title == "The Courier view on the barrier — a job well done"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("The Courier view on floods | Editorial", "The Courier", "The Courier view on floods"),
        ("Floods — what we know | The Courier", "The Courier", "Floods — what we know"),
        ("The Courier – Floods — what we know", "The Courier", "Floods — what we know"),
        (
            "Courier staff win award for The Courier",
            "The Courier",
            "Courier staff win award for The Courier",
        ),
        ("Obama — A Profile", "", "Obama — A Profile"),
    ],
)
def test_site_name_only_goes_as_a_whole_segment(title: str, site: str, expected: str) -> None:
    assert strip_site_name(title, site) == expected


def test_em_dash_in_the_body_stays(tmp_path: Path) -> None:
    story = [*STORY[:-1], STORY[-1] + " — the authority said — "]
    _, body = _read(tmp_path, _page(f"<article>{_paragraphs(story)}</article>"))
    assert "— the authority said —" in body
