"""Who may use a served reader: loopback only, or whoever holds the secret token.

Bound to a loopback address, the reader is open to this machine's browsers, and two checks
keep web pages from elsewhere out: the Host header must name a loopback host (a DNS
rebinding page names its own), and a websocket's Origin must be the page's own (another
site's page cannot drive the reader). Bound to anything else, every request needs the token:
in the URL (``?token=…``, compared in constant time), after which an HttpOnly, SameSite=Strict
cookie carries it for the page's assets and its websocket.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import string
from dataclasses import dataclass
from urllib.parse import urlsplit

TOKEN_ENV = "NEWSDESK_SERVE_TOKEN"
TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "-_.~")
"""Characters a token may hold: safe in a URL and in a cookie as they are."""
MIN_TOKEN_LENGTH = 16


class TokenError(ValueError):
    """A token given on the command line or in the environment cannot be used; says why."""


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A fresh secret token (32 URL-safe characters, 192 random bits)."""
    return secrets.token_urlsafe(24)


def checked_token(token: str, origin: str) -> str:
    """``token`` when it is long enough and URL-safe, else a ``TokenError`` naming ``origin``."""
    if len(token) < MIN_TOKEN_LENGTH:
        raise TokenError(f"{origin} must be at least {MIN_TOKEN_LENGTH} characters long")
    if not set(token) <= TOKEN_CHARS:
        raise TokenError(f"{origin} may hold only letters, digits and - _ . ~")
    return token


def same_token(given: str, token: str) -> bool:
    """Constant-time comparison (the time taken says nothing about how much matched)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode("ascii"))


@dataclass(frozen=True, slots=True)
class Access:
    """The rule for one server: its token (None: loopback, open) and the cookie carrying it."""

    token: str | None
    port: int

    @property
    def cookie(self) -> str:
        """The cookie's name: per port, as cookies are shared by every port of a host."""
        return f"newsdesk_serve_{self.port}"

    def verdict(self, host: str, query_token: str | None, cookie: str | None) -> Verdict:
        """Whether a request with this Host header, ``?token=`` and cookie may proceed."""
        if self.token is None:
            try:
                hostname = urlsplit(f"//{host}").hostname or ""
            except ValueError:  # a malformed Host header ("[::1")
                hostname = ""
            return Verdict(is_loopback(hostname), False)
        if query_token is not None and same_token(query_token, self.token):
            return Verdict(True, True)
        return Verdict(cookie is not None and same_token(cookie, self.token), False)


@dataclass(frozen=True, slots=True)
class Verdict:
    """An access decision: allowed, and whether to set the cookie on the response."""

    allowed: bool
    set_cookie: bool


def same_origin(origin: str | None, host: str) -> bool:
    """True when a websocket's Origin header is the page's own host (or absent: no browser)."""
    if origin is None:
        return True
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()
