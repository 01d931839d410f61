"""An adversarial corpus: every kind of hostile or broken input the reader must survive.

``build_corpus(root)`` writes it under ``root`` (a ``tmp_path``) and returns a ``Corpus`` that
says what each file is and what the index summary must say about it. Used by the
``test_hostile_*`` tests; nothing here touches anything outside ``root``.

Payloads carry the marker ``pwned`` inside escape sequences: after cleaning, the sequences are
gone whole (so the marker is too), and no ESC, BEL, C1 control, bidi override or zero-width
space from an article may reach a terminal or a screen.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------- payloads

OSC_TITLE = "\x1b]0;pwned\x07"  # set the window title
OSC_TITLE_ST = "\x1b]2;pwned\x1b\\"  # the same, terminated by ST
CLEAR_SCREEN = "\x1b[2J\x1b[H"
OSC52_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"  # write "pwned" to the clipboard
OSC8_LINK = "\x1b]8;;https://pwned.example/\x1b\\innocent link\x1b]8;;\x1b\\"
SGR_COLOUR = "\x1b[31;1mred\x1b[0m"
DCS = "\x1bP+q544e\x1b\\"  # request termcap: the terminal would answer on stdin
C0 = "\x01\x07\x08\x0e\x7f"  # (a NUL makes a text file binary: it goes in JSON only)
C0_NUL = "\x00" + C0
C1 = "\x85\x90\x9b2J\x9d0;pwned\x07\x9c"
BIDI = "\u202eevil\u202c \u2066isolated\u2069"
ZERO_WIDTH = "pay\u200bpal\u2060 hid\U000e0041\U000e0042den\ufeff"
LONE_SURROGATE = "\ud800"
MARKUP = "[bold red]Markup[/] [link=https://evil.example]x[/link] [@click=app.quit]quit[/] [/]"
ALL_SEQUENCES = OSC_TITLE + CLEAR_SCREEN + OSC52_CLIPBOARD + OSC8_LINK + SGR_COLOUR + DCS

URDU = "پاکستان میں انتخابات"  # right-to-left, must read right
PERSIAN_ZWNJ = "می\u200cخواهم"  # ZWNJ inside a Persian word: kept
EMOJI_ZWJ = "👩\u200d💻"  # ZWJ emoji sequence: kept

FORBIDDEN = (
    "\x1b",
    "\x07",
    "\x00",
    "\x08",
    "\x7f",
    "\x85",
    "\x90",
    "\x9b",
    "\x9c",
    "\x9d",
    "\u202e",
    "\u202c",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\U000e0041",
    LONE_SURROGATE,
)
"""Characters that must never reach a terminal or the screen from article text."""
SECRET = "SECRET-3f1a-NEVER-READ"
"""Content of a file an external XML entity points at: must never show up anywhere."""


def forbidden_in(text: str) -> list[str]:
    """The forbidden characters present in ``text`` (empty when it is inert)."""
    return [repr(ch) for ch in FORBIDDEN if ch in text]


# --------------------------------------------------------------------------- the corpus


@dataclass
class Corpus:
    """What ``build_corpus`` wrote: the root, what must be skipped and why, what must load."""

    root: Path
    skipped: dict[str, str] = field(default_factory=dict)
    """relpath -> a phrase the skip reason must contain."""
    noted: dict[str, str] = field(default_factory=dict)
    """relpath -> a phrase of a note about a file that still loads (bad lines, truncation)."""
    titles: dict[str, str] = field(default_factory=dict)
    """relpath -> a word of the title of an article that must load."""
    secret_file: Path | None = None
    symlinks: bool = True


def _write(root: Path, relpath: str, data: str | bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    return path


def _rss(items: list[tuple[str, str]], prolog: str = "") -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>https://example.com/{n}</link>"
        f"<description>{body}</description></item>"
        for n, (title, body) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<rss version="2.0"><channel>'
        f"<title>Hostile feed</title>{entries}</channel></rss>\n"
    )


def build_corpus(root: Path, *, huge_mb: int = 50, symlinks: bool = True) -> Corpus:
    """Write the adversarial corpus under ``root``; see the module notes."""
    corpus = Corpus(root=root, symlinks=symlinks)
    add_injection(corpus)
    add_broken_files(corpus, huge_mb=huge_mb)
    add_broken_feeds(corpus)
    add_broken_json(corpus)
    if symlinks:
        add_symlinks(corpus)
    return corpus


def add_injection(corpus: Corpus) -> None:
    """Articles whose titles and bodies try to drive the terminal or inject markup."""
    root = corpus.root
    _write(
        root,
        "inject/escape.txt",
        f"{OSC_TITLE}Escape headline {CLEAR_SCREEN}wins{OSC_TITLE_ST}\n\n"
        f"Body text {ALL_SEQUENCES} about elections.\n\n{C0} controls {C1} and more.\n\n"
        f"{BIDI} and {ZERO_WIDTH}.\n\nEscape sequences everywhere.\n",
    )
    corpus.titles["inject/escape.txt"] = "Escape headline"
    _write(root, "inject/markup.md", f"# {MARKUP} headline\n\nMarkup body {MARKUP} in the text.\n")
    corpus.titles["inject/markup.md"] = "Markup"
    _write(
        root,
        "inject/urdu.txt",
        f"{URDU} {OSC_TITLE}\n\n{URDU} {PERSIAN_ZWNJ} {EMOJI_ZWJ} خبریں۔\n\nUrdu body.\n",
    )
    corpus.titles["inject/urdu.txt"] = URDU.split()[0]
    # HTML decodes character references itself: ESC, BEL and U+202E arrive through them
    _write(
        root,
        "inject/page.html",
        "<html><head><title>&#27;]0;pwned&#7;Page headline &#x202e;here</title>"
        '<meta property="og:site_name" content="Site &#27;[2J">'
        '<meta name="author" content="&#27;]52;c;cHduZWQ=&#7;Ann Author"></head>'
        "<body><article><h1>&#27;]0;pwned&#7;Page headline &#x202e;here</h1>"
        "<p>Paragraph &#27;[31mred&#27;[0m text with [bold]markup[/bold] and "
        "&#x200b;zero width.</p><p>Second paragraph &#155;2J done.</p></article></body></html>",
    )
    corpus.titles["inject/page.html"] = "Page headline"
    _write(
        root,
        "inject/feed.rss",
        _rss(
            [
                ("Feed &#x202e;headline one", "Feed body one \u009b2J with [red]markup[/red]."),
                ("<![CDATA[Feed headline two \u009d0;pwned\u0007]]>", "Feed body two \u200b."),
            ]
        ),
    )
    corpus.titles["inject/feed.rss"] = "Feed"
    records = [
        {
            "id": "1",
            "title": f"{OSC_TITLE}JSON headline {MARKUP}",
            "body": f"JSON body {ALL_SEQUENCES} {C0_NUL}",
            "author": f"{OSC52_CLIPBOARD}Writer",
            "source": f"Src{CLEAR_SCREEN}",
            "url": f"https://example.com/{OSC_TITLE}",
        },
        {
            "id": "2",
            "title": f"JSON surrogate {LONE_SURROGATE} headline",
            "body": f"Body {BIDI} {ZERO_WIDTH}",
        },
        {"id": f"3{OSC_TITLE}", "title": "JSON odd id headline", "body": "Odd id body."},
    ]
    lines = "".join(json.dumps(r) + "\n" for r in records)  # json escapes: \u001b, \ud800
    _write(root, "inject/records.jsonl", lines)
    corpus.titles["inject/records.jsonl"] = "JSON"
    # file names are written by strangers too (shown in summaries, lists, `show`)
    _write(root, f"inject/name{OSC_TITLE}\u202e.txt", "Odd file name headline\n\nA body.\n")
    corpus.titles[f"inject/name{OSC_TITLE}\u202e.txt"] = "Odd"


def add_broken_files(corpus: Corpus, *, huge_mb: int) -> None:
    """Files that are empty, binary, badly encoded, huge, or one enormous line."""
    root = corpus.root
    _write(root, "broken/empty.txt", b"")
    corpus.skipped["broken/empty.txt"] = "empty file"
    _write(root, "broken/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    corpus.skipped["broken/image.txt"] = "binary data, not text (looks like a PNG image)"
    _write(root, "broken/photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
    corpus.skipped["broken/photo.html"] = "binary data, not text (looks like a JPEG image)"
    _write(
        root,
        "broken/invalid-utf8.txt",
        b"Caf\xe9 headline \xc3\xa9t\xe9\n\nBody with bad bytes \xff\xfe\xfd and \x81\x8d\x90\x9d"
        b" stray C1 bytes.\n",
    )
    corpus.titles["broken/invalid-utf8.txt"] = "Café"
    if huge_mb:
        block = "Huge file paragraph number {:07d} about nothing in particular. " * 16 + "\n\n"
        size = len(block.format(*[0] * 16))
        path = root / "broken/huge.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.write(b"Huge headline\n\n")
            for n in range(huge_mb * 1024 * 1024 // size + 1):  # distinct paragraphs
                handle.write(block.format(*[n] * 16).encode())
        corpus.noted["broken/huge.txt"] = "the text after the first 2 MB"
        corpus.titles["broken/huge.txt"] = "Huge"
    # one line of a megabyte, shaped to trip sentence, Markdown and furniture regexes
    line = ("Word. " * 20_000 + "....." * 20_000 + "**a _b [c <d `e " * 20_000)[:1_000_000]
    _write(root, "broken/one-line.md", line + "\n")
    corpus.titles["broken/one-line.md"] = "Word"
    _write(root, "broken/one-line.txt", "x" * 1_000_000)
    corpus.titles["broken/one-line.txt"] = "xxxx"


def add_broken_feeds(corpus: Corpus) -> None:
    """Malformed XML, entity bombs, external entities and an undeclared Latin-1 feed."""
    root = corpus.root
    secret = root.parent / f"{root.name}-secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    corpus.secret_file = secret
    _write(root, "feeds/malformed.xml", "<rss><channel><item><title>Unclosed")
    corpus.skipped["feeds/malformed.xml"] = "not an RSS/Atom feed"
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    _write(
        root,
        "feeds/billion-laughs.xml",
        _rss([("&lol9;", "boom")], f'<!DOCTYPE rss [\n<!ENTITY lol0 "lol">\n{laughs}]>\n'),
    )
    corpus.skipped["feeds/billion-laughs.xml"] = "billion laughs"
    _write(
        root,
        "feeds/quadratic.xml",
        _rss([("Quadratic", "&a;" * 50_000)], f'<!DOCTYPE rss [<!ENTITY a "{"A" * 50_000}">]>\n'),
    )
    corpus.skipped["feeds/quadratic.xml"] = "refused"
    _write(
        root,
        "feeds/external-entity.xml",
        _rss(
            [("External &xxe; headline", "Body &xxe;")],
            f'<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file://{secret}">\n]>\n',
        ),
    )
    corpus.skipped["feeds/external-entity.xml"] = "external XML entity"
    _write(
        root,
        "feeds/parameter-entity.xml",
        _rss(
            [("Parameter headline", "Body")],
            f'<!DOCTYPE rss [\n<!ENTITY % p SYSTEM "file://{secret}">\n%p;\n]>\n',
        ),
    )
    corpus.skipped["feeds/parameter-entity.xml"] = "parameter entity"
    _write(root, "feeds/path-as-content.xml", str(secret))  # feedparser would open() it
    corpus.skipped["feeds/path-as-content.xml"] = "not an RSS/Atom feed"
    latin1 = _rss([("Café crème à Genève", "Le président a visité Zürich.")])
    _write(root, "feeds/latin1.rss", latin1.replace(' encoding="utf-8"', "").encode("cp1252"))
    corpus.titles["feeds/latin1.rss"] = "Café"


def add_broken_json(corpus: Corpus) -> None:
    """JSON Lines with bad lines (reported by number, the rest loaded) and absurd nesting."""
    root = corpus.root
    lines = [
        json.dumps({"id": "a", "title": "First good headline", "body": "Good body one."}),
        "{not json at all",
        json.dumps({"id": "b", "title": "Second good headline", "body": "Good body two."}),
        "[1, 2, 3]",
        '{"title": ' + "[" * 50_000 + "]" * 50_000 + "}",
        json.dumps({"id": "c", "title": "Third good headline", "body": "Good body three."}),
    ]
    _write(root, "json/bad-lines.jsonl", "\n".join(lines) + "\n")
    corpus.noted["json/bad-lines.jsonl"] = "line 2: invalid JSON"
    corpus.titles["json/bad-lines.jsonl"] = "good"
    _write(root, "json/bad-lines-gz.jsonl.gz", gzip.compress(("\n".join(lines) + "\n").encode()))
    corpus.noted["json/bad-lines-gz.jsonl.gz"] = "line 4: not a JSON object"
    _write(root, "json/all-bad.jsonl", "{\n}\n{{\n")
    corpus.skipped["json/all-bad.jsonl"] = "line 1: invalid JSON"


def add_symlinks(corpus: Corpus) -> None:
    """A symlink loop and a symlink to nothing, both with article names; a folder link back to
    the corpus root and a pair of folder links pointing at each other."""
    root = corpus.root
    (root / "links").mkdir(parents=True, exist_ok=True)
    os.symlink("loop.txt", root / "links/loop.txt")
    corpus.skipped["links/loop.txt"] = "symlink loop"
    os.symlink("nowhere/missing.md", root / "links/dangling.md")
    corpus.skipped["links/dangling.md"] = "broken symlink"
    os.symlink("..", root / "links/up")  # walking it would list the whole corpus again, forever
    corpus.skipped["links/up"] = "symlink loop: a link back to a folder above it"
    os.symlink("ping", root / "links/pong")
    os.symlink("pong", root / "links/ping")
    corpus.skipped["links/ping"] = "symlink loop"
    corpus.skipped["links/pong"] = "symlink loop"


def permissions_apply() -> bool:
    """Whether file permissions stop this process (not for root with its usual capabilities)."""
    if os.geteuid() != 0:
        return True
    probe = Path(tempfile.mkdtemp(prefix="newsdesk-probe-"))
    try:
        probe.chmod(0)
        try:
            os.listdir(probe)
        except PermissionError:
            return True
        return False
    finally:
        probe.chmod(0o700)
        probe.rmdir()


def make_unreadable(folder: Path, monkeypatch: object) -> None:
    """Make ``folder`` unreadable: ``chmod 000``, and where permissions do not stop us (root)
    also make ``os.scandir`` refuse it inside the indexer's ``discover``."""
    folder.chmod(0)
    if not permissions_apply():
        from search_index import ingest

        real = os.scandir
        target = str(folder)

        def scandir(path: object = ".") -> object:
            if str(path) == target:
                raise PermissionError(13, "Permission denied", target)
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr(ingest.os, "scandir", scandir)  # type: ignore[attr-defined]


def write_many(root: Path, count: int, *, tag: str = "bulk") -> list[str]:
    """``count`` small distinct articles under ``root/tag``; returns their unique marker words."""
    markers = []
    folder = root / tag
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        marker = f"zq{tag}{n:05d}x"
        markers.append(marker)
        (folder / f"{n:05d}.txt").write_text(
            f"Story {n} about the council budget\n\nThe council met on Monday to discuss item "
            f"{marker}. Officials from Pristina and Belgrade said the plan would cost money. "
            f"The minister said more talks would follow next week.\n",
            encoding="utf-8",
        )
    return markers
