"""``newsdesk serve`` without a browser tab: access rules, options, bad input, the page offline.

No reader process is started here (tests/test_serve_sessions.py does that); servers listen on
free ports and are reached on 127.0.0.1 only.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from serve_helpers import served

from search_index import Article, ConfigError, load_config
from search_index.config.template import TEMPLATE
from tui import cli as tui_cli
from tui.opener import Launcher, open_externally
from tui.serve.access import Access, TokenError, checked_token, is_loopback, same_origin
from tui.serve.cli import choose_token, reader_argv

# --------------------------------------------------------------------- access rules


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("", False),
        ("example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_what_counts_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_off_loopback_a_token_is_generated_unless_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_SERVE_TOKEN", raising=False)
    assert choose_token(None, "127.0.0.1") is None
    first, second = choose_token(None, "0.0.0.0"), choose_token(None, "0.0.0.0")
    assert first and second and first != second and len(first) >= 32
    assert choose_token("a-token-of-twenty-chars", "127.0.0.1") == "a-token-of-twenty-chars"
    monkeypatch.setenv("NEWSDESK_SERVE_TOKEN", "from.the_environment~1")
    assert choose_token(None, "0.0.0.0") == "from.the_environment~1"
    with pytest.raises(TokenError, match="at least 16"):
        checked_token("short", "--token")
    with pytest.raises(TokenError, match="only letters"):
        checked_token("sixteen chars & more", "--token")


def test_token_and_cookie_decide_and_loopback_wants_a_loopback_host() -> None:
    locked = Access("s3cret-token-0123456789", 8123)
    assert locked.cookie == "newsdesk_serve_8123"
    assert locked.verdict("h:8123", "s3cret-token-0123456789", None).set_cookie
    assert locked.verdict("h:8123", None, "s3cret-token-0123456789").allowed
    for query, cookie in (
        (None, None),
        ("s3cret-token-012345678", None),
        ("ś3cret", "x"),
        ("", ""),
    ):
        assert not locked.verdict("h:8123", query, cookie).allowed
    open_ = Access(None, 8123)
    assert open_.verdict("127.0.0.1:8123", None, None).allowed
    assert open_.verdict("localhost:9999", None, None).allowed  # (an ssh -L tunnel's port)
    assert not open_.verdict("rebound.example:8123", None, None).allowed  # DNS rebinding
    assert not open_.verdict("[::1", None, None).allowed
    assert same_origin(None, "127.0.0.1:8123") and same_origin(
        "http://127.0.0.1:8123", "127.0.0.1:8123"
    )
    assert not same_origin("http://evil.example", "127.0.0.1:8123")
    assert not same_origin("null", "127.0.0.1:8123")


# --------------------------------------------------------------------- options and config


def test_the_served_reader_is_this_python_with_absolute_paths_and_no_shell(tmp_path: Path) -> None:
    argv = reader_argv(["rel dir", "; touch pwned", "$(id)"], "idx")
    assert argv[:3] == (sys.executable, "-m", "tui.serve.child")
    assert argv[3:6] == ("--index-dir", str(Path("idx").absolute()), "--")
    assert argv[6:] == tuple(str(Path(p).absolute()) for p in ["rel dir", "; touch pwned", "$(id)"])


def test_serve_section_of_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[serve]\nmax_sessions = 2\nidle_minutes = 0.5\n")
    config = load_config(path)
    assert (config.serve_max_sessions, config.serve_idle_minutes) == (2, 0.5)
    assert "[serve]\nmax_sessions = 4\nidle_minutes = 30\n" in TEMPLATE  # the defaults, said
    for text, said in (
        ("[serve]\nmax_sessions = 0\n", "line 2: [serve] 'max_sessions' must be"),
        ("[serve]\nidle_minutes = -1\n", "line 2: [serve] 'idle_minutes' must be"),
        ("\n[serve]\nsessions = 3\n", "line 3: unknown key 'sessions' in [serve]"),
    ):
        path.write_text(text)
        with pytest.raises(ConfigError, match=re.escape(said)):
            load_config(path)


def run_serve(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = tui_cli.main(["serve", *args])
    captured = capsys.readouterr()
    return status, captured.err


def test_a_port_in_use_and_an_address_not_here_are_one_line_each(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, err = run_serve(capsys, "--port", str(port))
    assert (
        status == 2
        and err == f"newsdesk serve: port {port} is in use on 127.0.0.1; pick another with --port\n"
    )
    status, err = run_serve(capsys, "--host", "192.0.2.1", "--port", "0")  # TEST-NET-1: not ours
    assert status == 2
    assert (
        err
        == "newsdesk serve: cannot listen on 192.0.2.1: that address is not one of this machine's\n"
    )
    status, err = run_serve(capsys, "--token", "short")
    assert (status, err) == (2, "newsdesk serve: --token must be at least 16 characters long\n")
    status, err = run_serve(capsys, "/no/such/corpus")
    assert (status, err) == (2, "newsdesk serve: no such file or folder: /no/such/corpus\n")


def test_the_reader_itself_does_not_load_the_web_server() -> None:
    code = (
        "import sys, tui.cli, tui.app, tui.opener; "
        "print(sorted(m for m in ('aiohttp', 'textual_serve', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------- b in a browser session


class ServedApp:
    """What ``open_externally`` asks of the app, as a browser session answers."""

    is_web = True

    def __init__(self) -> None:
        self.opened: list[tuple[str, bool]] = []

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append((url, new_tab))


class NoLauncher(Launcher):
    def find_browser(self) -> None:
        raise AssertionError("a browser session must start nothing on the server")

    def pager(self) -> list[str]:
        raise AssertionError("a browser session must start nothing on the server")


@pytest.mark.parametrize(
    ("url", "opened", "said"),
    [
        (
            "https://news.example/a?b=1",
            [("https://news.example/a?b=1", True)],
            "Asked your browser to open https://news.example/a?b=1 in a new tab.",
        ),
        ("", [], "No link to open (a browser session has no pager)."),
        ("javascript:alert(1)", [], "Not opened: javascript:alert(1) is not a web link"),
    ],
)
async def test_b_in_a_browser_session_opens_the_link_there(
    url: str, opened: list, said: str
) -> None:
    app = ServedApp()
    article = Article(id="1", path="a.txt", title="A", body="text", url=url)
    message = await open_externally(app, article, [Path("/nowhere")], NoLauncher())  # type: ignore[arg-type]
    assert app.opened == opened and message.startswith(said)


# --------------------------------------------------------------------- the page, offline


class References(HTMLParser):
    """Every URL an HTML page loads: src, href, data-*-url, and url(...) in its styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        for name, value in attrs:
            if (
                value
                and not value.startswith("data:")
                and (
                    name in ("src", "href") or (name.startswith("data-") and name.endswith("-url"))
                )
            ):
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        if self._style:
            self.urls += css_urls(data)


def css_urls(css: str) -> list[str]:
    return [
        url for url in re.findall(r"url\(\s*[\"']?([^\"')]+)", css) if not url.startswith("data:")
    ]


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_page_and_every_asset_it_loads_come_from_this_machine() -> None:
    with served() as server:
        status, headers, body = fetch(server.base + "/")
        assert status == 200
        page = References()
        page.feed(body.decode("utf-8"))
        assert {f"ws://127.0.0.1:{server.port}/ws"} <= set(page.urls)
        assert not [
            u for u in page.urls if urlsplit(urljoin(server.base, u)).hostname != "127.0.0.1"
        ]
        absolute = re.findall(r"\b[a-z][a-z0-9+.-]*://[^\s\"'<>)]+", body.decode("utf-8"))
        assert absolute and all(urlsplit(u).hostname == "127.0.0.1" for u in absolute), absolute
        fetched = set()
        todo = [u for u in page.urls if not u.startswith("ws:")]
        while todo:
            url = urljoin(server.base + "/", todo.pop())
            if url in fetched:
                continue
            fetched.add(url)
            status, asset_headers, content = fetch(url)
            assert status == 200 and content, url
            if url.endswith(".css"):
                todo += [urljoin(url, u) for u in css_urls(content.decode("utf-8"))]
        names = {urlsplit(u).path.rsplit("/", 1)[1] for u in fetched}
        assert {"xterm.css", "textual.js", "RobotoMono-VariableFont_wght.ttf"} <= names
        # The browser itself is told: nothing from anywhere else.
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "http" not in csp
        assert headers["Referrer-Policy"] == "no-referrer"
        assert fetch(server.base + "/static/")[0] == 403  # no folder listings


# --------------------------------------------------------------------- locked


UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}


def test_beyond_loopback_every_request_needs_the_token() -> None:
    with served("--host", "0.0.0.0") as server:
        token = server.token
        assert token and len(token) >= 32
        font = "/static/fonts/RobotoMono-VariableFont_wght.ttf"
        for path in ("/", "/static/js/textual.js", font, f"/?token={token[:-1]}", "/?token="):
            status, _, body = fetch(server.base + path)
            assert status == 403 and body.decode().count("\n") == 1, path
        assert fetch(server.base + "/ws", UPGRADE)[0] == 403
        status, headers, _ = fetch(f"{server.base}/?token={token}")
        assert status == 200
        cookie = headers["Set-Cookie"]
        assert f"newsdesk_serve_{server.port}={token}" in cookie
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        assert fetch(server.base + font, {"Cookie": cookie.split(";")[0]})[0] == 200
        assert (
            fetch(server.base + font, {"Cookie": f"newsdesk_serve_{server.port}=x{token}"})[0]
            == 403
        )
    assert server.process.returncode == 0


def test_on_loopback_pages_from_other_sites_are_turned_away() -> None:
    with served() as server:
        assert fetch(server.base + "/", {"Host": f"rebound.example:{server.port}"})[0] == 403
        origin = {**UPGRADE, "Origin": "http://evil.example"}
        status, _, body = fetch(server.base + "/ws", origin)
        assert status == 403 and b"another site" in body
