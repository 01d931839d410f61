"""The web server of ``newsdesk serve``: the page, its assets, and a reader process per tab.

Built from textual-serve's parts (its static files, its ``AppService`` protocol through
``session.ReaderSession``) with what its ``Server`` lacks: a page of our own that loads
nothing from outside the machine, access checks on every request (``access.py``), a cap on
concurrent sessions, an idle timeout, and a shutdown that ends every reader process.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import signal
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import textual_serve
from aiohttp import WSMsgType, web

from .access import Access, same_origin
from .session import ReaderSession

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATIC = Path(textual_serve.__file__).resolve().parent / "static"
"""xterm.js, its stylesheet and the Roboto Mono font files, as textual-serve ships them."""
TEMPLATES = Path(__file__).resolve().parent / "templates"
CSP = (
    "default-src 'self'; connect-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""The page may load from and connect to this server only (the browser enforces it)."""
HEARTBEAT = 15.0
"""Seconds between websocket pings: a browser that vanished is noticed within two."""
MAX_MESSAGE = 1 << 20
SHUTDOWN_TIMEOUT = 5.0
CLOSE_WAIT = 3.0
"""Seconds a closing websocket waits for the browser's goodbye."""


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """What ``newsdesk serve`` was asked for: where to listen, who may come in, limits."""

    host: str
    port: int
    token: str | None
    max_sessions: int
    idle_seconds: float
    reader_argv: tuple[str, ...]
    """The served reader's command line (an argument list; no shell)."""


class BindError(Exception):
    """The server cannot listen where asked; the message says why in one line."""


@dataclass(eq=False)
class Connection:
    """One browser tab: its websocket, its reader and why it ended."""

    number: int
    ws: web.WebSocketResponse
    session: ReaderSession
    last_input: float
    reason: str | None = None
    """Why it ended, as first seen (the tab going away is the default)."""

    def because(self, reason: str) -> None:
        """Record why the session ends, unless a reason is known already."""
        if self.reason is None:
            self.reason = reason


class ReaderServer:
    """The aiohttp application and the sessions it runs."""

    def __init__(self, settings: ServeSettings, say: Callable[[str], None]) -> None:
        self.settings = settings
        self.say = say
        self.access = Access(settings.token, settings.port)
        self.connections: set[Connection] = set()
        self.started = 0
        self.closing = False
        self._pages = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)

    def make_app(self) -> web.Application:
        """The routes, all behind the access check."""
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_MESSAGE)
        app.add_routes(
            [
                web.get("/", self._page),
                web.get("/ws", self._websocket),
                web.static("/static", STATIC, show_index=False, follow_symlinks=False),
            ]
        )
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        verdict = self.access.verdict(
            request.host, request.query.get("token"), request.cookies.get(self.access.cookie)
        )
        if not verdict.allowed:
            if self.access.token is None:
                return web.Response(status=403, text="403: this reader answers to localhost only\n")
            return web.Response(
                status=403,
                text="403: wrong or missing token: open the link newsdesk serve printed\n",
            )
        response = await handler(request)
        if not response.prepared:  # (a websocket has sent its headers already)
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["X-Content-Type-Options"] = "nosniff"
            if verdict.set_cookie and self.access.token is not None:
                response.set_cookie(
                    self.access.cookie,
                    self.access.token,
                    httponly=True,
                    samesite="Strict",
                    path="/",
                )
        return response

    async def _page(self, request: web.Request) -> web.Response:
        scheme = "wss" if request.secure else "ws"
        context = {
            "title": "newsdesk",
            "static": "/static/",
            "websocket_url": f"{scheme}://{request.host}/ws",
            "font_size": _bounded(request.query.get("fontsize"), 16, 8, 48),
        }
        text = self._pages.get_template("app_index.html").render(context)
        response = web.Response(text=text, content_type="text/html")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not same_origin(request.headers.get("Origin"), request.host):
            raise web.HTTPForbidden(text="403: a page from another site may not open this reader\n")
        ws = web.WebSocketResponse(
            heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE, timeout=CLOSE_WAIT
        )
        await ws.prepare(request)
        if self.closing:
            await ws.close()
            return ws
        limit = self.settings.max_sessions
        if len(self.connections) >= limit:
            self.say(
                f"newsdesk serve: a tab was turned away ({limit} sessions open, the most allowed)"
            )
            await _tell(
                ws,
                f"newsdesk: {limit} readers are open on this server, the most it "
                "allows; close one, then start again.",
            )
            await ws.close()
            return ws
        self.started += 1
        session = ReaderSession(
            self.settings.reader_argv,
            write_bytes=ws.send_bytes,
            write_str=ws.send_str,
            close=_nothing,  # (the reader's exit is seen as the end of its output)
        )
        loop = asyncio.get_running_loop()
        connection = Connection(self.started, ws, session, loop.time())
        self.connections.add(connection)
        try:
            width = _bounded(request.query.get("width"), 80, 10, 1000)
            height = _bounded(request.query.get("height"), 24, 5, 1000)
            await session.start(width, height)
            self.say(
                f"newsdesk serve: session {connection.number} started (pid {session.pid}; "
                f"{len(self.connections)} of {limit} open)"
            )
            await self._pump(connection)
        except OSError as error:
            connection.because(f"the reader could not start: {error.strerror or error}")
        finally:
            await session.stop()
            self.connections.discard(connection)
            await ws.close()
            self.say(
                f"newsdesk serve: session {connection.number} ended (pid {session.pid}): "
                f"{connection.reason or 'the tab was closed'}"
            )
        return ws

    async def _pump(self, connection: Connection) -> None:
        """Hand the tab's keys and size to the reader until the tab or the reader goes."""
        ws, session = connection.ws, connection.session
        watcher = asyncio.create_task(self._watch(connection))
        loop = asyncio.get_running_loop()
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = json.loads(message.data)
                except ValueError:
                    continue
                if not isinstance(envelope, list) or not envelope:
                    continue
                kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
                if kind == "stdin" and isinstance(data, str):
                    connection.last_input = loop.time()
                    await session.send_bytes(data.encode("utf-8", "replace"))
                elif kind == "resize" and isinstance(data, dict):
                    await session.set_terminal_size(
                        _bounded(data.get("width"), 80, 10, 1000),
                        _bounded(data.get("height"), 24, 5, 1000),
                    )
                elif kind == "ping" and isinstance(data, str):
                    await ws.send_json(["pong", data])
                elif kind == "focus":
                    await session.focus()
                elif kind == "blur":
                    await session.blur()
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    async def _watch(self, connection: Connection) -> None:
        """Close the tab's websocket when its reader ends, or after too long without input."""
        ended = asyncio.ensure_future(connection.session.wait_ended())
        loop = asyncio.get_running_loop()
        idle = self.settings.idle_seconds
        try:
            while not ended.done():
                remaining = connection.last_input + idle - loop.time()
                if remaining <= 0:
                    connection.because(f"no input for {_minutes(idle)}")
                    await connection.session.stop()
                    await _tell(
                        connection.ws,
                        f"newsdesk: this reader ended after {_minutes(idle)} "
                        "without a key press; start again to go on reading.",
                    )
                    break
                await asyncio.wait({ended}, timeout=remaining)
            else:
                connection.because("the reader quit")
        finally:
            ended.cancel()
        if not self.closing:  # (when the server stops, ``stop_all`` says so, then closes)
            await connection.ws.close()

    async def stop_all(self) -> None:
        """End every session (the reader processes first), telling each tab why."""
        self.closing = True

        async def end(connection: Connection) -> None:
            connection.because("the server stopped")
            await connection.session.stop()
            await _tell(connection.ws, "newsdesk: the server has stopped.")
            await connection.ws.close()

        await asyncio.gather(*(end(c) for c in list(self.connections)), return_exceptions=True)


async def _nothing() -> None:
    return None


RESET = "\x1b[?1049l\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[2J\x1b[H"
"""Main screen, no mouse reporting, cleared: what a reader leaves behind is not shown."""


async def _tell(ws: web.WebSocketResponse, text: str) -> None:
    """Clear the tab's terminal and write a line of text in it (if the tab is still there)."""
    with contextlib.suppress(ConnectionError, RuntimeError):
        await ws.send_bytes(f"{RESET}\x1b[1m{text}\x1b[0m\r\n".encode())


def _bounded(value: object, default: int, low: int, high: int) -> int:
    """``value`` as an int within ``[low, high]``; ``default`` when it is not a number."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return max(low, min(high, number))


def _minutes(seconds: float) -> str:
    minutes = seconds / 60
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")


def bind_problem(error: OSError, host: str, port: int) -> str:
    """One line saying why listening on ``host:port`` failed."""
    if isinstance(error, socket.gaierror):
        return f"cannot listen on '{host}': no such host name or address"
    if error.errno == errno.EADDRINUSE:
        return f"port {port} is in use on {host}; pick another with --port"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: that address is not one of this machine's"
    if error.errno == errno.EACCES:
        return f"cannot listen on port {port}: permission denied (pick a port above 1023)"
    return f"cannot listen on {host} port {port}: {error.strerror or error}"


async def serve(settings: ServeSettings, say: Callable[[str], None]) -> None:
    """Listen until SIGINT, SIGTERM or SIGHUP, then end every session; ``BindError`` if
    the address cannot be listened on."""
    server = ReaderServer(settings, say)
    runner = web.AppRunner(
        server.make_app(), access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT
    )
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.host, settings.port).start()
    except OSError as error:
        await runner.cleanup()
        raise BindError(bind_problem(error, settings.host, settings.port)) from None
    port = runner.addresses[0][1]
    server.access = Access(settings.token, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    say(f"newsdesk serve: the reader is at {page_url(settings.host, port, settings.token)}")
    say(
        f"newsdesk serve: up to {settings.max_sessions} sessions, each ending after "
        f"{_minutes(settings.idle_seconds)} without input; Ctrl+C stops the server"
    )
    try:
        await stop.wait()
    finally:
        say(f"newsdesk serve: stopping ({len(server.connections)} sessions open)")
        await server.stop_all()
        await runner.cleanup()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(signum)


def page_url(host: str, port: int, token: str | None) -> str:
    """The URL to open: the host as a browser would reach it, with the token if any."""
    shown = host
    if host in ("", "0.0.0.0", "::"):  # every address: name the machine
        shown = socket.gethostname()
    elif ":" in host:
        shown = f"[{host}]"
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
