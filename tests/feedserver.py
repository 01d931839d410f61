"""A local HTTP server for feed tests: the shared feed files plus misbehaving routes.

Threaded ``http.server`` on 127.0.0.1, port 0 (the OS picks a free one), started and stopped
by the ``feed_server`` fixture; nothing ever leaves the machine. Routes:

- ``/feeds/NAME``: a file of ``../shared/corpora/feeds`` with an ETag and a Last-Modified; 304
  Not Modified when the request's If-None-Match or If-Modified-Since matches them
- ``/gzip/NAME``: the same, gzip-compressed when the client accepts gzip
- ``/redirect/NAME`` (302) and ``/moved/NAME`` (301) to ``/feeds/NAME``; ``/loop`` redirects to
  itself; ``/to-ftp`` redirects to an ftp: address
- ``/status/CODE``: that HTTP status; ``/slow``: answers after ``slow_seconds``
- ``/not-xml``: an HTML page; ``/bomb``: 30 MB of gzip-compressed zeros (a decompression bomb)
- ``/custom/NAME``: whatever the test put in ``server.custom[NAME]`` (to change a feed)
- ``/page/NAME``: ``server.pages[NAME]``, a (content type, body) pair (an item's web page)

``local_feed_server`` serves the same routes over an empty folder, for tests that build their
feeds and pages themselves (it needs no ``../shared``).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import require_shared

LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)
FEED_TYPE = "application/rss+xml"


@dataclass
class Seen:
    """One request the server answered."""

    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class FeedServer:
    """The server's state; tests read ``requests`` and change ``custom``/``slow_seconds``."""

    folder: Path
    custom: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    slow_seconds: float = 3.0
    requests: list[Seen] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, path: str) -> str:
        """The full address of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def seen(self, prefix: str) -> list[Seen]:
        """The requests whose path starts with ``prefix``, oldest first."""
        return [r for r in self.requests if r.path.startswith(prefix)]


def etag_of(data: bytes) -> str:
    """A strong ETag for a body."""
    return '"' + hashlib.sha1(data).hexdigest()[:16] + '"'


def make_handler(state: FeedServer) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``state``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: tests read ``state.requests`` instead."""

        seen: Seen

        def _send(
            self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
        ) -> None:
            self.seen.status = status
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)

        def _feed(self, data: bytes, *, compress: bool = False, dated: bool = True) -> None:
            tag = etag_of(data)
            modified = (
                LAST_MODIFIED
                if dated
                else formatdate(1_700_000_000 + zlib.crc32(data) % 10**6, usegmt=True)
            )
            if (
                self.headers.get("If-None-Match") == tag
                or self.headers.get("If-Modified-Since") == modified
            ):
                self._send(304, headers={"ETag": tag})
                return
            headers = {"Content-Type": FEED_TYPE, "ETag": tag, "Last-Modified": modified}
            if compress and "gzip" in self.headers.get("Accept-Encoding", ""):
                data = gzip.compress(data)
                headers["Content-Encoding"] = "gzip"
            self._send(200, data, headers)

        def _file(self, name: str) -> bytes | None:
            path = state.folder / name
            if "/" in name or not path.is_file():
                self._send(404, b"no such feed", {"Content-Type": "text/plain"})
                return None
            return path.read_bytes()

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.seen = Seen(self.path, dict(self.headers.items()))
            state.requests.append(self.seen)
            route, _, rest = self.path.lstrip("/").partition("/")
            if route in ("feeds", "gzip"):
                data = self._file(rest)
                if data is not None:
                    self._feed(data, compress=route == "gzip")
            elif route in ("redirect", "moved"):
                self._send(
                    302 if route == "redirect" else 301, headers={"Location": f"/feeds/{rest}"}
                )
            elif route == "loop":
                self._send(302, headers={"Location": "/loop"})
            elif route == "to-ftp":
                self._send(302, headers={"Location": "ftp://127.0.0.1/feed.xml"})
            elif route == "status":
                self._send(int(rest), b"something broke", {"Content-Type": "text/plain"})
            elif route == "slow":
                if state.stopping.wait(state.slow_seconds):
                    return
                self._feed(b"<rss version='2.0'><channel><title>Slow</title></channel></rss>")
            elif route == "not-xml":
                self._send(
                    200,
                    b"<!DOCTYPE html><html><head><title>Home</title></head><body>"
                    b"<p>Welcome</p></body></html>",
                    {"Content-Type": "text/html; charset=utf-8"},
                )
            elif route == "bomb":
                self._send(
                    200,
                    gzip.compress(b"\0" * (30 * 1024 * 1024)),
                    {"Content-Type": FEED_TYPE, "Content-Encoding": "gzip"},
                )
            elif route == "custom" and rest in state.custom:
                self._feed(state.custom[rest], dated=False)
            elif route == "page" and rest in state.pages:
                kind, body = state.pages[rest]
                self._send(200, body, {"Content-Type": kind} if kind else {})
            else:
                self._send(404, b"not found", {"Content-Type": "text/plain"})

    return Handler


def serve(folder: Path) -> tuple[FeedServer, ThreadingHTTPServer, threading.Thread]:
    """Start a server for ``folder`` on a free port of 127.0.0.1."""
    state = FeedServer(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    server.block_on_close = False
    state.port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="feed-server", daemon=True
    )
    thread.start()
    return state, server, thread


@pytest.fixture
def feed_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    """A running feed server over the shared feeds (skipped without ../shared); stopped after."""
    yield from _running(require_shared("corpora/feeds"), monkeypatch)


@pytest.fixture
def local_feed_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    """A running feed server with no files: the test fills ``custom`` and ``pages``."""
    folder = tmp_path / "served"
    folder.mkdir()
    yield from _running(folder, monkeypatch)


def _running(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    """Serve ``folder`` (no proxy in the way) until the test is done."""
    for variable in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(variable, raising=False)
    state, server, thread = serve(folder)
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
