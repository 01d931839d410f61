"""A small Chrome DevTools Protocol client over aiohttp's websocket, and headless Chromium.

Enough to drive one page: call a method, collect events, read xterm.js's screen as text.
Chromium resolves no host name but 127.0.0.1 and runs with its background traffic off.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--window-size=1200,800",
    "--remote-debugging-port=0",
)
SCREEN_JS = """function () {
    const term = this.find(o => {
        try { return o && o.buffer && o.buffer.active
                  && typeof o.buffer.active.getLine === 'function' && o.rows > 0 }
        catch (e) { return false } });
    if (!term) return null;
    const buffer = term.buffer.active, rows = [];
    for (let i = 0; i < term.rows; i++) {
        const line = buffer.getLine(buffer.viewportY + i);
        rows.push(line ? line.translateToString(true) : '');
    }
    return rows.join('\\n');
}"""
"""Find xterm's Terminal among the page's objects and return its screen, row by row."""


def chromium() -> str | None:
    """The Chromium executable, if installed."""
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)


class Page:
    """One page target driven over its DevTools websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.events: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data:
                self._pending.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and return its result (a DevTools error raises)."""
        number = next(self._ids)
        self._pending[number] = future = asyncio.get_running_loop().create_future()
        await self.ws.send_json({"id": number, "method": method, "params": params})
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    async def screen(self) -> str:
        """The terminal's rows as text ("" until xterm.js is there)."""
        group = "screen"
        prototype = await self.call(
            "Runtime.evaluate", expression="Object.prototype", objectGroup=group
        )
        objects = await self.call(
            "Runtime.queryObjects",
            objectGroup=group,
            prototypeObjectId=prototype["result"]["objectId"],
        )
        found = await self.call(
            "Runtime.callFunctionOn",
            objectId=objects["objects"]["objectId"],
            functionDeclaration=SCREEN_JS,
            returnByValue=True,
        )
        await self.call("Runtime.releaseObjectGroup", objectGroup=group)
        return found["result"].get("value") or ""

    async def wait_screen(self, *needles: str, timeout: float = 45.0) -> str:
        """The screen once it shows every one of ``needles``; fails after ``timeout``."""
        text = ""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            text = await self.screen()
            if all(needle in text for needle in needles):
                return text
            await asyncio.sleep(0.3)
        raise AssertionError(f"the screen never showed {needles!r}:\n{text}")

    async def type(self, text: str) -> None:
        """Key presses into the terminal, one character at a time, as a user types them."""
        await self.call(
            "Runtime.evaluate",  # (where a click on the terminal puts the focus)
            expression="document.querySelector('.xterm-helper-textarea').focus()",
        )
        for char in text:
            key = {"\r": "Enter"}.get(char, char)
            await self.call(
                "Input.dispatchKeyEvent",
                type="keyDown",
                key=key,
                text=char,
                windowsVirtualKeyCode=13 if char == "\r" else 0,
            )
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=key)

    def requested(self) -> list[str]:
        """Every URL the page asked for: documents, assets, websockets."""
        urls = [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]
        return urls + [
            e["params"]["url"] for e in self.events if e["method"] == "Network.webSocketCreated"
        ]

    def console(self) -> list[str]:
        """What the page logged (errors, CSP violations)."""
        return [
            e["params"]["entry"]["text"] for e in self.events if e["method"] == "Log.entryAdded"
        ]

    def close(self) -> None:
        self._reader.cancel()


@asynccontextmanager
async def headless_page(profile: Path) -> AsyncIterator[Page]:
    """A fresh headless Chromium (its own profile, its own process group) and its blank page."""
    executable = chromium()
    assert executable is not None
    profile.mkdir(parents=True, exist_ok=True)
    with (profile.parent / "chromium.log").open("wb") as log:
        process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    try:
        port = await _devtools_port(profile / "DevToolsActivePort", process)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
            target = next(t for t in targets if t["type"] == "page")
            async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                for domain in ("Network", "Page", "Runtime", "Log"):
                    await page.call(f"{domain}.enable")
                try:
                    yield page
                finally:
                    page.close()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


async def _devtools_port(path: Path, process: subprocess.Popen[bytes]) -> int:
    """The port Chromium wrote into ``DevToolsActivePort`` (its first line) once listening."""
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"Chromium exited with status {process.returncode}")
        lines = path.read_text().split("\n") if path.exists() else []
        if len(lines) >= 2 and lines[0].isdigit():
            return int(lines[0])
        await asyncio.sleep(0.1)
    raise AssertionError("Chromium did not open its DevTools port within 30 s")
