"""The list of subscribed feeds: ``data_dir()/feeds.json``, small, readable, written atomically.

Each subscription keeps what the next fetch needs (URL, ETag, Last-Modified) and what
``newsdesk feed list`` shows (when it was last fetched, how that went, how many items it has).
The slug names the feed's item file and so is part of its articles' ids: it is chosen once,
when the feed is added, and never changes (renaming a feed changes only its display name).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..ingest.common import clean_tags
from ..paths import data_dir
from .files import atomic_write
from .root import ITEMS_SUFFIX, feeds_root

FILE_NAME = "feeds.json"
FORMAT_VERSION = 1
MAX_SLUG = 40


class SubscriptionsError(Exception):
    """A request about the subscriptions cannot be met (unknown name, bad URL); says why."""


class SubscriptionsFileError(SubscriptionsError):
    """The subscription file cannot be read; the message names it and the problem."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One subscribed feed."""

    url: str
    name: str
    slug: str
    added: str = ""
    """When it was subscribed (ISO 8601, UTC)."""
    etag: str = ""
    last_modified: str = ""
    """The server's validators from the last full answer, sent back as a conditional GET."""
    last_fetch: str = ""
    """When it was last fetched (ISO 8601, UTC), successfully or not."""
    last_status: str = ""
    """``ok``, ``not modified`` or ``error``."""
    last_error: str = ""
    items: int = 0
    """Items kept in its file."""
    provisional_name: bool = False
    """Added without fetching or a name: the first fetch names it after the feed's title."""
    tags: tuple[str, ...] = ()
    """The user's labels (folders of an imported OPML file, newsboat tags): its items carry
    them, so ``tag:world`` finds them; ``feed export`` writes them as folders."""
    html_url: str = ""
    """The site the feed belongs to (an OPML ``htmlUrl``, else the feed's own link)."""
    full_text: bool = False
    """Fetch each new item's page and keep its main text (``feed add --full-text``)."""

    @property
    def items_path(self) -> Path:
        """The JSON Lines file holding this feed's items."""
        return feeds_root() / f"{self.slug}{ITEMS_SUFFIX}"


_NOT_TEXT = frozenset({"items", "provisional_name", "tags", "full_text"})


def subscriptions_path() -> Path:
    """Where the subscription list is kept."""
    return data_dir() / FILE_NAME


def now_iso() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def load_subscriptions(path: Path | None = None) -> list[Subscription]:
    """Every subscription, in the order they were added (none when the file is missing)."""
    path = path or subscriptions_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise SubscriptionsFileError(f"cannot read the feed list {path}: {error}") from None
    feeds = data.get("feeds") if isinstance(data, dict) else None
    if not isinstance(feeds, list):
        raise SubscriptionsFileError(f'cannot read the feed list {path}: no "feeds" list in it')
    known = {f.name for f in fields(Subscription)}
    result: list[Subscription] = []
    for number, entry in enumerate(feeds, 1):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(key), str) and entry.get(key) for key in ("url", "name", "slug")
        ):
            raise SubscriptionsFileError(
                f"cannot read the feed list {path}: feed {number} needs a url, a name and a slug"
            )
        texts = {k: str(v) for k, v in entry.items() if k in known and k not in _NOT_TEXT}
        items = entry.get("items")
        result.append(
            Subscription(
                **texts,
                items=items if isinstance(items, int) and not isinstance(items, bool) else 0,
                provisional_name=entry.get("provisional_name") is True,
                tags=clean_tags(entry.get("tags")),
                full_text=entry.get("full_text") is True,
            )
        )
    return result


def save_subscriptions(subscriptions: Sequence[Subscription], path: Path | None = None) -> None:
    """Write the subscription list atomically (readable JSON, one feed per object)."""
    path = path or subscriptions_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"version": FORMAT_VERSION, "feeds": [asdict(s) for s in subscriptions]}
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode("utf-8"))


def check_url(url: str) -> str:
    """The URL, trimmed, when it is an http(s) address with a host; SubscriptionsError if not."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise SubscriptionsError(f"not a valid address: {error}") from None
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"'{parts.scheme}:'" if parts.scheme else "no scheme"
        raise SubscriptionsError(
            f"only http:// and https:// feed addresses are supported "
            f"({shown} given); for a feed file on disk, pass it as a corpus"
        )
    if not parts.hostname:
        raise SubscriptionsError(f"the address has no host name: {url}")
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise SubscriptionsError("the address contains spaces or control characters")
    return url


def slugify(name: str, taken: Iterable[str] = ()) -> str:
    """A file-name-safe, unique, lowercase ASCII slug for ``name`` (``the-guardian``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_SLUG].strip("-")
    slug = slug or "feed"
    used = set(taken)
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def host_name(url: str) -> str:
    """The host of a URL without ``www.`` (a name for a feed that has no title)."""
    host = (urlsplit(url).hostname or url).lower()
    return host[4:] if host.startswith("www.") else host


def find_subscription(subscriptions: Sequence[Subscription], wanted: str) -> Subscription:
    """The subscription named ``wanted`` (its name, slug or URL); SubscriptionsError if none."""
    text = wanted.strip()
    for match in (
        lambda s: s.url == text,
        lambda s: s.slug == text,
        lambda s: s.name.casefold() == text.casefold(),
    ):
        found = [s for s in subscriptions if match(s)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise SubscriptionsError(
                f"{len(found)} feeds are called {text!r}; name one by "
                "its URL or its short name (see 'newsdesk feed list')"
            )
    if not subscriptions:
        raise SubscriptionsError("no feeds are subscribed (add one with: newsdesk feed add URL)")
    raise SubscriptionsError(
        f"no feed called {text!r} (see 'newsdesk feed list' for names, short names and URLs)"
    )
