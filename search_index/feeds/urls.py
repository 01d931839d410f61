"""newsboat's ``urls`` file: one feed a line, then its tags, ``"~Title"`` naming it.

A line is split as newsboat splits it: on spaces, a double-quoted token kept whole
(``"World News"``, backslash escapes inside). ``#`` starts a comment line. newsboat's own
kinds of line are not feeds and are skipped with a note, never acted on: ``query:`` (a
search over other feeds: newsdesk's saved searches do that), ``filter:`` and ``exec:``
(they run a command, and a subscription list never makes newsdesk run anything). A tag
starting with ``!`` (hidden in newsboat's feed list) is dropped. Every other line that is not
an http(s) address is noted and skipped; a file with no feed address at all is refused.
"""

from __future__ import annotations

from ..ingest.common import clean_tags
from ..sanitize import clean_line, shorten
from .opml import MAX_FEEDS, Entry, FeedList, ListError, check_list_bytes
from .subscriptions import SubscriptionsError, check_url

_NEVER_RUN = {
    "query:": "a newsboat query feed (a search over other feeds: use a saved search, ctrl+s "
    "in the reader)",
    "filter:": "a filter: feed runs a command on the feed (never run by newsdesk; subscribe "
    "to its address yourself if you want it)",
    "exec:": "an exec: feed runs a command (newsdesk never runs commands from a subscription list)",
}


def tokens(line: str) -> list[str] | None:
    """``line`` split newsboat's way; None when a quote is never closed."""
    found: list[str] = []
    i, size = 0, len(line)
    while i < size:
        if line[i].isspace():
            i += 1
            continue
        if line[i] == '"':
            i += 1
            chars: list[str] = []
            while i < size and line[i] != '"':
                if line[i] == "\\" and i + 1 < size:
                    i += 1
                chars.append(line[i])
                i += 1
            if i >= size:
                return None
            found.append("".join(chars))
            i += 1
        else:
            start = i
            while i < size and not line[i].isspace():
                i += 1
            found.append(line[start:i])
    return found


def parse_urls(data: bytes) -> FeedList:
    """The feeds of a newsboat ``urls`` file; ListError when it holds none."""
    from ..ingest.encoding import decode_bytes

    check_list_bytes(data)
    entries: list[Entry] = []
    notes: list[str] = []
    bad_lines = 0
    for number, raw in enumerate(decode_bytes(data).splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"line {number}"
        parts = tokens(line)
        if not parts:
            notes.append(f"{where}: a quote is never closed; skipped")
            bad_lines += 1
            continue
        url, rest = parts[0], parts[1:]
        kind = next((k for k in _NEVER_RUN if url.lower().startswith(k)), None)
        if kind is not None:
            notes.append(f"{where}: {_NEVER_RUN[kind]}; skipped")
            continue
        try:
            url = check_url(url)
        except SubscriptionsError:
            shown = shorten(clean_line(line), 60)
            notes.append(f"{where}: {shown!r} is not an http(s) feed address; skipped")
            bad_lines += 1
            continue
        if len(entries) == MAX_FEEDS:
            notes.append(f"only the first {MAX_FEEDS:,} feeds were read; the rest were left out")
            break
        titles = [t[1:] for t in rest if t.startswith("~")]
        tags = clean_tags([t for t in rest if not t.startswith(("~", "!"))])
        entries.append(Entry(url, clean_line(titles[-1]) if titles else "", tags=tags, where=where))
    if not entries and bad_lines:
        raise ListError(
            "neither an OPML file nor a newsboat urls file: no line holds a feed "
            f"address ({notes[0]})"
        )
    return FeedList("newsboat urls", tuple(entries), tuple(notes))


def read_list(data: bytes) -> FeedList:
    """An OPML file or a newsboat urls file, told apart by their first character."""
    from ..ingest.encoding import decode_bytes
    from .opml import parse_opml

    head = decode_bytes(data[:256]).lstrip("\ufeff \t\r\n")[:1]
    return parse_opml(data) if head == "<" else parse_urls(data)
