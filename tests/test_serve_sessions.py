"""``newsdesk serve`` with reader processes: none outlives the server, a vanished tab or idleness.

Each test starts a server in a subprocess and talks to it over websockets on 127.0.0.1, as
the page's script does; the reader processes are found through their process groups in /proc.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import shutil
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest
from serve_helpers import ENDED, STARTED, Served, group_members, served, wait_gone

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[A-Za-z]")
TOKEN = "a-test-token-0123456789"
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def screen_text(data: bytes) -> str:
    """What the bytes would show, roughly: escape sequences dropped."""
    return CSI.sub(b"", data).decode("utf-8", "replace")


async def read_until(
    ws: aiohttp.ClientWebSocketResponse, needle: str, timeout: float = 30.0
) -> str:
    """The tab's output up to the first time ``needle`` shows; fails after ``timeout``."""
    data = b""

    async def read() -> str:
        nonlocal data
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                data += message.data
                if needle in screen_text(data):
                    return screen_text(data)
        raise AssertionError(f"closed before {needle!r} showed: {screen_text(data)[-400:]!r}")

    return await asyncio.wait_for(read(), timeout)


def ws_url(server: Served, token: str | None = None) -> str:
    return f"{server.base}/ws?" + (f"token={token}&" if token else "") + "width=100&height=30"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_stopping_the_server_ends_every_reader_process(tmp_path: Path, signum: int) -> None:
    corpus = tmp_path / "a b; touch pwned $(touch pwned2)"  # a shell would act on this name
    shutil.copytree(SEEDS, corpus)
    with served("--token", TOKEN, corpus.name, cwd=tmp_path) as server:
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(ws_url(server, TOKEN)) as ws:
                await read_until(ws, "5 articles")
                pid = int(server.wait_line(STARTED).group(2))
                assert group_members(pid), "the reader runs in a process group of its own"
                assert await asyncio.to_thread(server.stop, signum) == 0
                assert await asyncio.to_thread(wait_gone, [pid]) == []
                said = await read_until(ws, "the server has stopped", 10)
                assert "the server has stopped" in said
    assert server.wait_line(ENDED).group(3) == "the server stopped"
    assert not list(tmp_path.glob("pwned*"))


def raw_websocket(port: int) -> socket.socket:
    """A websocket opened by hand (so that it can be dropped without a goodbye)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET /ws?width=80&height=24 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 101"), head
    return sock


async def test_a_tab_that_vanishes_leaves_no_process_and_the_cap_holds() -> None:
    with served("--max-sessions", "1") as server:
        sock = await asyncio.to_thread(raw_websocket, server.port)
        pid = int(server.wait_line(STARTED).group(2))
        received = b""
        while len(received) < 2000:  # the reader is drawing
            received += await asyncio.to_thread(sock.recv, 65536)
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(ws_url(server)) as refused:
                said = await read_until(refused, "close one, then start again", 10)
                assert "1 readers are open on this server, the most it allows" in said
                assert (await refused.receive()).type in (
                    aiohttp.WSMsgType.CLOSE,
                    aiohttp.WSMsgType.CLOSED,
                )
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            sock.close()  # a reset mid-session, as when a browser crashes
            assert await asyncio.to_thread(wait_gone, [pid]) == []
            assert server.wait_line(ENDED).group(2) == str(pid)
            async with client.ws_connect(ws_url(server)) as ws:  # the place is free again
                await read_until(ws, "5 articles")
                second = int(server.wait_line(r"session 2 started \(pid (\d+)").group(1))
        assert await asyncio.to_thread(wait_gone, [second]) == []
        assert server.wait_line(r"session 2 ended").group(0)
    assert "turned away (1 sessions open" in "\n".join(server.lines)


async def test_an_idle_tab_is_ended() -> None:
    with served("--idle-minutes", "0.05") as server:
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(ws_url(server)) as ws:
                said = await read_until(ws, "without a key press", 30)
                assert "this reader ended after 0.05 minutes without a key press" in said
                pid = int(server.wait_line(STARTED).group(2))
                assert (await ws.receive()).type in (
                    aiohttp.WSMsgType.CLOSE,
                    aiohttp.WSMsgType.CLOSED,
                )
        assert await asyncio.to_thread(wait_gone, [pid]) == []
        assert server.wait_line(ENDED).group(3) == "no input for 0.05 minutes"


async def test_a_killed_server_leaves_no_reader_behind() -> None:
    with served() as server:
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(ws_url(server)) as ws:
                await read_until(ws, "5 articles")
                pid = int(server.wait_line(STARTED).group(2))
                server.process.kill()  # no chance to clean up: the reader must notice alone
                await asyncio.to_thread(server.process.wait)
                assert await asyncio.to_thread(wait_gone, [pid]) == []


STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
subprocess.Popen([sys.executable, "-c", "import signal, time; "
                  "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])
print("__GANGLION__", flush=True)
time.sleep(60)
"""


async def test_stopping_a_session_ends_its_whole_process_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.serve import session as session_module

    monkeypatch.setattr(session_module, "QUIT_GRACE", 0.2)
    monkeypatch.setattr(session_module, "TERM_GRACE", 0.2)

    async def ignore(_data: object = None) -> None:
        return None

    session = session_module.ReaderSession(
        [sys.executable, "-c", STUBBORN], write_bytes=ignore, write_str=ignore, close=ignore
    )
    await session.start(80, 24)
    pid = session.pid
    assert pid is not None
    for _ in range(100):  # the leader and the worker it starts, both deaf to SIGTERM
        if len(group_members(pid)) == 2:
            break
        await asyncio.sleep(0.05)
    assert len(group_members(pid)) == 2
    await asyncio.wait_for(session.stop(), 5)
    await asyncio.wait_for(session.stop(), 1)  # (twice is harmless)
    assert await asyncio.to_thread(wait_gone, [pid], 5) == []
