"""One conditional HTTP GET of a feed (or of an item's page), with ``urllib.request``.

Why the standard library: it does everything a feed fetch needs (TLS with the system's
certificates, proxies from the environment, redirects) without a new dependency, and what it
does not do is small and done here: gzip decoding with a size cap, an overall deadline, and
errors in plain words. Only http and https are ever opened, also after a redirect (urllib
would follow one to ``ftp:``), redirects are limited, and a response is read up to
``MAX_RESPONSE_BYTES`` (compressed and decompressed), so a hostile server cannot fill memory.
``what`` names what is fetched ("feed", "page") in the messages.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message
from typing import IO

from ..ingest.common import MB, megabytes

DEFAULT_TIMEOUT = 15.0
"""Seconds one feed may take (connecting, waiting for the answer, downloading)."""
MAX_RESPONSE_BYTES = 20 * MB
MAX_REDIRECTS = 5
USER_AGENT = "newsdesk/0.1 (terminal news reader; feed fetcher)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
CHUNK = 64 * 1024
_PERMANENT = (301, 308)


class FetchError(Exception):
    """A feed could not be fetched; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Response:
    """What a fetch brought back: a full answer (200) or "not modified" (304)."""

    status: int
    body: bytes = b""
    url: str = ""
    """The address finally answered (after redirects)."""
    moved_to: str = ""
    """The new address when every redirect was permanent (301/308), else empty."""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    charset: str = ""


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``MAX_REDIRECTS`` redirects, only to http(s), noting their kinds."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[int] = []
        self.last_url = ""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        """The request for the redirect's target; FetchError when it is not http(s)."""
        scheme = newurl.split(":", 1)[0].lower() if ":" in newurl else "http"
        if scheme not in ("http", "https"):
            raise FetchError(
                f"the server redirected to a non-web address ({scheme}:), which is never followed"
            )
        self.codes.append(code)
        self.last_url = newurl
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(redirects: _Redirects) -> urllib.request.OpenerDirector:
    """An opener that knows only http and https (no file:, ftp: or data: handlers)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        redirects,
    ):
        opener.add_handler(handler)
    return opener


def describe_status(code: int, reason: str = "", what: str = "feed") -> str:
    """An HTTP error status in words a person can act on."""
    reason = reason or http.client.responses.get(code, "")
    shown = f"HTTP {code} {reason}".strip()
    if code in (401, 403):
        return f"access denied ({shown}); the {what} may need a login or block newsdesk"
    if code == 404:
        return f"no {what} at this address ({shown}); check the URL"
    if code == 410:
        if what != "feed":
            return f"the {what} is gone for good ({shown})"
        return f"the feed is gone for good ({shown}); remove it with 'newsdesk feed remove'"
    if code == 429:
        return f"the server asks to fetch less often ({shown}); try again later"
    if 500 <= code < 600:
        return f"the server failed ({shown}); try again later"
    return f"the server answered {shown}"


def describe_failure(error: BaseException, timeout: float, what: str = "feed") -> str:
    """A network failure in one sentence (no traceback)."""
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        inner = error.reason
        if isinstance(inner, BaseException):
            return describe_failure(inner, timeout, what)
        text = str(inner)
        if text.startswith("unknown url type"):
            return "only http:// and https:// addresses can be fetched"
        return f"cannot connect: {text}"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s (timed out)"
    if isinstance(error, socket.gaierror):
        return (
            "cannot find the server (the host name does not resolve; check the URL or the network)"
        )
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (nothing answers at that address and port)"
    if isinstance(error, ConnectionResetError):
        return "the server closed the connection"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"the server's certificate cannot be trusted ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return f"the secure connection failed ({error.reason or error})"
    if isinstance(error, http.client.IncompleteRead):
        return f"the server stopped sending before the {what} was complete"
    if isinstance(error, http.client.HTTPException):
        return f"the server sent a malformed answer ({type(error).__name__})"
    if isinstance(error, OSError):
        return f"network error: {error.strerror or error}"
    return f"{type(error).__name__}: {error}"


class _Decoder:
    """Decompresses gzip/deflate bodies (or passes plain ones) up to a size cap."""

    def __init__(self, encoding: str, limit: int, what: str = "feed") -> None:
        self.what = what
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
        else:
            raise FetchError(f"the server sent the {what} in an unsupported encoding ({encoding})")
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def feed(self, chunk: bytes) -> None:
        """Add a chunk of the response body."""
        if self._zlib is not None:
            try:
                chunk = self._zlib.decompress(chunk, self.limit + 1 - self.size)
            except zlib.error as error:
                raise FetchError(f"the compressed {self.what} is damaged ({error})") from None
        self._add(chunk)

    def _add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise FetchError(f"the {self.what} is larger than {megabytes(self.limit)}; not read")
        self.parts.append(chunk)

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self._zlib is not None:
            if self._zlib.unconsumed_tail:
                raise FetchError(
                    f"the {self.what} is larger than {megabytes(self.limit)}; not read"
                )
            try:
                self._add(self._zlib.flush())
            except zlib.error as error:
                raise FetchError(f"the compressed {self.what} is damaged ({error})") from None
        return b"".join(self.parts)


def _read_body(
    answer: IO[bytes],
    headers: Message,
    deadline: float,
    timeout: float,
    limit: int,
    what: str = "feed",
) -> bytes:
    """The response body, decoded, read by chunks against the deadline and the size cap."""
    declared = headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(
            f"the {what} is {megabytes(int(declared))}, larger than {megabytes(limit)}; not read"
        )
    decoder = _Decoder(headers.get("Content-Encoding", ""), limit, what)
    received = 0
    while chunk := answer.read(CHUNK):
        received += len(chunk)
        if received > limit:
            raise FetchError(f"the {what} is larger than {megabytes(limit)}; not read")
        decoder.feed(chunk)
        if time.monotonic() > deadline:
            raise FetchError(f"the download took longer than {timeout:g} s (timed out)")
    return decoder.finish()


def get(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = MAX_RESPONSE_BYTES,
    accept: str = FEED_ACCEPT,
    what: str = "feed",
) -> Response:
    """GET ``url``, conditionally when validators are given; FetchError with a reason when the
    feed (or ``what``) cannot be had (network failure, HTTP error, too large, too slow)."""
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    redirects = _Redirects()
    deadline = time.monotonic() + timeout
    try:
        request = urllib.request.Request(url, headers=headers)
        with _opener(redirects).open(request, timeout=timeout) as answer:
            body = _read_body(answer, answer.headers, deadline, timeout, limit, what)
            info, final_url = answer.headers, answer.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        if error.code == 304:
            error.close()
            return Response(304, url=redirects.last_url or url, moved_to=_moved(redirects, url))
        error.close()
        if error.code in (301, 302, 303, 307, 308):
            raise FetchError(
                f"too many redirects (more than {MAX_REDIRECTS}) or a redirect loop"
            ) from None
        raise FetchError(describe_status(error.code, str(error.reason or ""), what)) from None
    except ValueError as error:  # a malformed URL
        raise FetchError(f"not a valid address: {error}") from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(describe_failure(error, timeout, what)) from None
    content_type = info.get_content_type() if info.get("Content-Type") else ""
    return Response(
        200,
        body=body,
        url=final_url,
        moved_to=_moved(redirects, url),
        etag=info.get("ETag", "") or "",
        last_modified=info.get("Last-Modified", "") or "",
        content_type=content_type,
        charset=info.get_content_charset() or "",
    )


def _moved(redirects: _Redirects, url: str) -> str:
    """The new address when every redirect on the way was permanent."""
    if redirects.codes and all(code in _PERMANENT for code in redirects.codes):
        return redirects.last_url if redirects.last_url != url else ""
    return ""
