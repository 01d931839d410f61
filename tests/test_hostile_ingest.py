"""Ingest on hostile and broken files: every field inert, every bad file a clear reason, every
regex linear, no XML entity expanded or fetched."""

from __future__ import annotations

import errno
import gzip
import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest
from adversarial import (
    ALL_SEQUENCES,
    EMOJI_ZWJ,
    MARKUP,
    PERSIAN_ZWNJ,
    SECRET,
    URDU,
    Corpus,
    build_corpus,
    forbidden_in,
)

from search_index import ingest
from search_index.ingest import IngestError, load_file, load_file_with_problems
from search_index.ingest import jsonl as jsonl_mod
from search_index.ingest.common import MAX_BODY_CHARS, MAX_TITLE_CHARS
from search_index.ingest.text import derive_title, parse_text
from search_index.models import Article


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build_corpus(tmp_path_factory.mktemp("hostile") / "corpus", huge_mb=50)


def _load(corpus: Corpus, relpath: str) -> tuple[list[Article], list[str]]:
    return load_file_with_problems(corpus.root / relpath, relpath)


def _fields(article: Article) -> str:
    return "\n".join((article.title, article.body, article.author, article.source, article.url))


# ----------------------------------------------------------------- injection


INJECTED = [
    "inject/escape.txt",
    "inject/markup.md",
    "inject/urdu.txt",
    "inject/page.html",
    "inject/feed.rss",
    "inject/records.jsonl",
]


@pytest.mark.parametrize("relpath", INJECTED)
def test_every_field_of_every_format_is_inert(corpus: Corpus, relpath: str) -> None:
    articles, _ = _load(corpus, relpath)
    assert articles
    for article in articles:
        text = _fields(article)
        assert not forbidden_in(text), (article.title, forbidden_in(text))
        assert "pwned" not in text  # sequences go whole, not just their ESC
        assert "\n" not in article.title + article.author + article.source + article.url
        text.encode("utf-8")  # no lone surrogate survives


def test_escape_article_keeps_its_words(corpus: Corpus) -> None:
    [article] = load_file(corpus.root / "inject/escape.txt", "inject/escape.txt")
    assert article.title == "Escape headline wins"
    assert "innocent link" in article.body and "red" in article.body
    assert "paypal" in article.body and "hidden" in article.body
    assert "evil" in article.body and "isolated" in article.body


def test_markup_stays_literal(corpus: Corpus) -> None:
    [article] = load_file(corpus.root / "inject/markup.md", "inject/markup.md")
    assert MARKUP in article.title and MARKUP in article.body
    records = load_file(corpus.root / "inject/records.jsonl", "inject/records.jsonl")
    assert MARKUP in records[0].title


def test_right_to_left_text_and_joiners_are_kept(corpus: Corpus) -> None:
    [article] = load_file(corpus.root / "inject/urdu.txt", "inject/urdu.txt")
    assert article.title == URDU
    assert PERSIAN_ZWNJ in article.body and EMOJI_ZWJ in article.body and URDU in article.body


def test_html_character_references_cannot_smuggle_controls(corpus: Corpus) -> None:
    [article] = load_file(corpus.root / "inject/page.html", "inject/page.html")
    assert article.title == "Page headline here"
    assert article.author == "Ann Author"
    assert "[bold]markup[/bold]" in article.body


def test_json_fields_and_lone_surrogates(corpus: Corpus) -> None:
    first, second, third = load_file(corpus.root / "inject/records.jsonl", "inject/records.jsonl")
    assert (first.author, first.source, first.url) == ("Writer", "Src", "https://example.com/")
    assert second.title == "JSON surrogate \ufffd headline"
    assert third.title == "JSON odd id headline"  # the item keeps its raw id (an identifier)


def test_every_format_goes_through_the_same_finish(tmp_path: Path) -> None:
    """A format module that forgot to clean is still covered by the dispatcher."""
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"title": ALL_SEQUENCES, "body": "\u202e" + ALL_SEQUENCES}) + "\n")
    [article] = load_file(path, "x.jsonl")
    assert not forbidden_in(_fields(article))
    assert article.title == "innocent linkred" and article.body == "innocent linkred"


def test_nothing_readable_left(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    path.write_text("\x1b[2J\x1b]0;pwned\x07\n\n\x1b[H\n")
    with pytest.raises(IngestError, match="empty file|no readable text|no article text"):
        load_file(path, "ctl.txt")


# ----------------------------------------------------------------- broken files


def test_broken_files_raise_clear_reasons(corpus: Corpus) -> None:
    for relpath, phrase in corpus.skipped.items():
        if relpath.startswith("links/"):
            continue  # the indexer's scan names these (see test_hostile_index)
        with pytest.raises(IngestError) as error:
            _load(corpus, relpath)
        assert phrase in error.value.reason, (relpath, error.value.reason)
        assert "Traceback" not in error.value.reason


def test_invalid_utf8_keeps_the_article(corpus: Corpus) -> None:
    [article] = load_file(corpus.root / "broken/invalid-utf8.txt", "broken/invalid-utf8.txt")
    assert article.title == "Café headline été"
    assert not forbidden_in(_fields(article))  # stray 0x81 0x8d 0x90 0x9d bytes are gone


def test_a_50_mb_file_is_truncated_with_a_note(corpus: Corpus) -> None:
    started = time.perf_counter()
    tracemalloc.start()
    try:
        [article], problems = _load(corpus, "broken/huge.txt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 20
    assert peak < 200 * 1024 * 1024  # the rest of the file is never read
    assert article.title == "Huge headline"
    assert len(article.body) <= 2 * 1024 * 1024
    assert problems == [
        "the text after the first 2 MB (the file is 50 MB; one article is read up to 2 MB)"
    ]


@pytest.mark.parametrize("relpath", ["broken/one-line.md", "broken/one-line.txt"])
def test_a_one_megabyte_line_is_quick(corpus: Corpus, relpath: str) -> None:
    started = time.perf_counter()
    [article] = load_file(corpus.root / relpath, relpath)
    assert time.perf_counter() - started < 5
    assert 0 < len(article.title) <= MAX_TITLE_CHARS
    assert len(article.body) > 500_000


# Each unit repeated to a megabyte used to cost minutes or hours in one regex or another
# (quadratic backtracking in sentence ends, Markdown emphasis and links, e-mail stripping).
HOSTILE_UNITS = [
    "....",
    "!?",
    "**a ",
    "*a ",
    "_a ",
    "[",
    "[a](",
    "![",
    "<a ",
    "`",
    "a. ",
    '"',
    "(photo ",
    "[a/ ",
    "# ",
    "- ",
    "a@",
    "<!-- ",
    "&#",
    "::",
]


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_no_regex_backtracking_on_a_megabyte_line(unit: str) -> None:
    line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    for markdown in (False, True):
        started = time.perf_counter()
        try:
            parse_text("Headline\n\n" + line, "x.md", markdown=markdown)
            parse_text(line, "x.md", markdown=markdown)
        except IngestError:
            pass
        assert time.perf_counter() - started < 5, (unit, markdown)
    started = time.perf_counter()
    derive_title(line)
    from search_index.ingest.html import parse_html

    try:
        parse_html(f"<html><body><p>{line}</p></body></html>", "x.html")
    except IngestError:
        pass
    assert time.perf_counter() - started < 10, unit


def test_feed_author_with_a_megabyte_name_is_quick(tmp_path: Path) -> None:
    path = tmp_path / "author.xml"
    name = "a" * 1_000_000
    path.write_text(
        f'<rss version="2.0"><channel><title>t</title><item><title>T</title>'
        f"<author>{name}</author><description>d</description></item></channel></rss>"
    )
    started = time.perf_counter()
    [article] = load_file(path, "author.xml")
    assert time.perf_counter() - started < 5
    assert len(article.author) <= 300


def test_json_record_fields_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    body = ("A paragraph of text. " * 50 + "\n\n") * (MAX_BODY_CHARS // 1000 + 200)
    path.write_text(json.dumps({"id": "big", "title": "T " * 5000, "body": body}) + "\n")
    [article], problems = load_file_with_problems(path, "big.jsonl")
    assert len(article.body) <= MAX_BODY_CHARS and len(article.title) <= MAX_TITLE_CHARS
    assert problems and problems[0].startswith(
        f"item 'big': the text after the first {MAX_BODY_CHARS:,} characters"
    )


def test_a_json_line_over_the_limit_is_skipped_not_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_mod, "MAX_LINE_BYTES", 1000)
    lines = [
        json.dumps({"title": "Before", "body": "x"}),
        json.dumps({"title": "Long", "body": "y" * 5000}),
        json.dumps({"title": "After", "body": "z"}),
    ]
    for name, data in (
        ("l.jsonl", "\n".join(lines).encode()),
        ("l.jsonl.gz", gzip.compress("\n".join(lines).encode())),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        articles, problems = load_file_with_problems(path, name)
        assert [a.title for a in articles] == ["Before", "After"]
        assert len(problems) == 1 and problems[0].startswith("line 2: longer than")


def test_leading_blank_lines_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n   \n" + '{"title": "ok", "body": "b"}\n{bad\n')
    articles, problems = load_file_with_problems(path, "blank.jsonl")
    assert len(articles) == 1 and problems[0].startswith("line 5: invalid JSON")


# ----------------------------------------------------------------- feeds and XML


@pytest.mark.parametrize(
    "relpath",
    [
        "feeds/billion-laughs.xml",
        "feeds/quadratic.xml",
        "feeds/external-entity.xml",
        "feeds/parameter-entity.xml",
    ],
)
def test_entity_attacks_are_refused_quickly_and_cheaply(corpus: Corpus, relpath: str) -> None:
    started = time.perf_counter()
    tracemalloc.start()
    try:
        with pytest.raises(IngestError) as error:
            _load(corpus, relpath)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 50 * 1024 * 1024
    assert error.value.reason.startswith("refused:")
    assert SECRET not in error.value.reason


def test_external_entities_are_never_read(corpus: Corpus, tmp_path: Path) -> None:
    """Even past the screen (a declaration the screen does not see), nothing is fetched."""
    assert corpus.secret_file is not None
    from search_index.ingest import feed

    secret = corpus.secret_file
    variants = [
        f'<!DOCTYPE rss SYSTEM "file://{secret}">\n',  # an external DTD: allowed, never loaded
        f'<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>\n',
    ]
    for n, prolog in enumerate(variants):
        path = tmp_path / f"v{n}.xml"
        path.write_text(
            f'<?xml version="1.0"?>\n{prolog}<rss version="2.0"><channel><title>t'
            "</title><item><title>A &xxe; B</title><description>d &xxe;"
            "</description></item></channel></rss>"
        )
        try:
            articles, _ = load_file_with_problems(path, path.name)
        except IngestError as error:
            assert SECRET not in error.reason
            continue
        assert all(SECRET not in _fields(a) for a in articles)
    # and feedparser itself, handed the bytes past our screen, does not read it either
    data = (
        variants[1].encode()
        + b'<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>'
    )
    import io

    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))
    assert SECRET not in repr(parsed)
    assert feed is not None


def test_feed_content_is_never_taken_for_a_file_name(corpus: Corpus) -> None:
    with pytest.raises(IngestError, match="not an RSS/Atom feed"):
        _load(corpus, "feeds/path-as-content.xml")


def test_latin1_feed_without_a_declaration(corpus: Corpus) -> None:
    [article] = load_file(corpus.root / "feeds/latin1.rss", "feeds/latin1.rss")
    assert article.title == "Café crème à Genève" and "Zürich" in article.body


def test_a_harmless_entity_still_works(tmp_path: Path) -> None:
    path = tmp_path / "ok.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY nbsp "&#160;">\n'
        '<!ENTITY site "Example News">\n]>\n<rss version="2.0"><channel><title>'
        "&site;</title><item><title>Fine&nbsp;headline</title><description>Body"
        "</description></item></channel></rss>"
    )
    [article] = load_file(path, "ok.xml")
    assert article.title == "Fine headline" and article.source == "Example News"


def test_a_huge_feed_is_skipped_with_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search_index.ingest import feed

    monkeypatch.setattr(feed, "MAX_FEED_BYTES", 1024)
    path = tmp_path / "big.rss"
    path.write_text(
        '<rss version="2.0"><channel>' + "<item><title>x</title></item>" * 100 + "</channel></rss>"
    )
    with pytest.raises(IngestError, match="too large for a feed"):
        load_file(path, "big.rss")


def test_json_lines_report_bad_line_numbers_and_load_the_rest(corpus: Corpus) -> None:
    articles, problems = _load(corpus, "json/bad-lines.jsonl")
    assert [a.title for a in articles] == [
        "First good headline",
        "Second good headline",
        "Third good headline",
    ]
    assert problems[0].startswith("line 2: invalid JSON")
    assert problems[1] == "line 4: not a JSON object, skipped"
    assert problems[2].startswith("line 5: invalid JSON")  # 50,000 nested brackets


# ----------------------------------------------------------------- the file system


def _raise_for(target: Path, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make opening ``target`` fail with ``code`` (works as root, unlike chmod)."""
    real_open = os.open

    def fake_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(os.fsdecode(path)) == target:  # type: ignore[arg-type]
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", fake_open)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt", "Headline\n\nBody."),
        ("a.html", "<p>Body</p>"),
        ("a.jsonl", '{"title": "t"}\n'),
        ("a.rss", "<rss/>"),
    ],
)
@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        (errno.EACCES, "cannot read the file: permission denied"),
        (errno.ENOENT, "cannot read the file: the file vanished while indexing"),
        (errno.ELOOP, "cannot read the file: symlink loop"),
        (errno.EIO, "cannot read the file: input/output error"),
    ],
)
def test_os_errors_become_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: str, code: int, phrase: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    _raise_for(path, code, monkeypatch)
    with pytest.raises(IngestError) as error:
        load_file(path, name)
    assert error.value.reason.startswith(phrase), error.value.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Headline\n\nBody.")
    path.chmod(0)
    with pytest.raises(IngestError, match="permission denied"):
        load_file(path, "locked.txt")


def test_a_fifo_with_an_article_name_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    started = time.perf_counter()
    with pytest.raises(IngestError, match="not a regular file"):
        load_file(path, "pipe.txt")
    assert time.perf_counter() - started < 2


def test_discover_lists_broken_symlinks_for_the_summary(corpus: Corpus) -> None:
    found = {p.relative_to(corpus.root).as_posix() for p in ingest.discover(corpus.root)}
    assert {"links/loop.txt", "links/dangling.md", "broken/image.txt"} <= found


def test_discover_names_folders_it_does_not_walk(tmp_path: Path) -> None:
    """A folder link back up, a second link to a walked folder and a pair of links pointing
    at each other are reported with a reason, not walked and not silently dropped."""
    from search_index.ingest import discover

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("A headline\n\nBody.\n")
    (tmp_path / "real" / "up").symlink_to("..")
    (tmp_path / "twin").symlink_to("real")
    (tmp_path / "ping").symlink_to("pong")
    (tmp_path / "pong").symlink_to("ping")
    problems: list[tuple[Path, str]] = []
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path, problems)]
    assert found == ["real/a.txt"]
    reasons = {p.relative_to(tmp_path).as_posix(): reason for p, reason in problems}
    assert reasons["real/up"].startswith("symlink loop: a link back to a folder above it")
    assert reasons["twin"].startswith("the same folder as one already indexed")
    assert reasons["ping"].startswith("symlink loop") and reasons["pong"].startswith("symlink")
    assert len(problems) == 4
