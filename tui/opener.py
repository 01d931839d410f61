"""``b``: the article's link in a web browser, or (without a link) the article in ``$PAGER``.

Links come from strangers, so only ``http``/``https`` links are opened. The browser is the
one Python's ``webbrowser`` picks (``$BROWSER`` first). A graphical browser is started in the
background from a worker thread; a console browser (lynx, w3m, or any browser when there is
no display, as over SSH) and the pager need the terminal, so the app is suspended while they
run and comes back when they exit. ``Launcher`` does the starting; tests hand in a fake.
Served to a browser (``newsdesk serve``), nothing is started on the server: the link opens
in the user's own browser (``App.open_url``), and without a link there is nothing to open.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from search_index import Article, print_article_plain

from .locations import article_location
from .textutil import one_line
from .threads import in_thread

if TYPE_CHECKING:
    import webbrowser

    from textual.app import App

SAFE_SCHEMES = ("http", "https")
CONSOLE_BROWSERS = frozenset(
    {"www-browser", "lynx", "w3m", "links", "links2", "elinks", "browsh", "carbonyl", "edbrowse"}
)
QUICK_EXIT = 3.0
"""Seconds to wait for a browser command to fail (a stale $DISPLAY over SSH) before it counts
as started."""
LAUNCH_TIMEOUT = 15.0
"""Seconds a graphical browser may take to say it started before the reader says so."""


def safe_url(url: str) -> str | None:
    """``url`` when it is an http(s) link with a host and nothing a terminal would act on."""
    url = url.strip()
    if not url or any(not char.isprintable() or char.isspace() for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return None
    return url


@dataclass(frozen=True, slots=True)
class Browser:
    """A browser to start: its command (``%s`` is the link) and whether it takes the terminal."""

    name: str
    command: tuple[str, ...]
    console: bool
    handle: webbrowser.BaseBrowser | None = field(default=None, compare=False)
    """``webbrowser``'s own driver, for browsers it talks to remotely (no ``command``)."""

    def argv(self, url: str) -> list[str]:
        """The command line for ``url`` (the link is one argument; no shell involved)."""
        args = [part.replace("%s", url) for part in self.command]
        return args if any("%s" in part for part in self.command) else [*args, url]


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class Launcher:
    """Finds and starts browsers and pagers (the real ones; tests replace this class)."""

    def find_browser(self) -> Browser | None:
        """The browser ``webbrowser`` would use, or None (slow: call it in a thread)."""
        import webbrowser  # (loaded on first use, not while the reader starts)

        try:
            chosen = webbrowser.get()
        except webbrowser.Error:
            return None
        if isinstance(chosen, webbrowser.GenericBrowser):
            name, args = chosen.name, list(chosen.args)
            if " " in name and not Path(name).exists():  # $BROWSER="lynx -accept_all_cookies"
                try:
                    name, *extra = shlex.split(name)
                except ValueError:  # an unbalanced quote: leave it to fail with its name
                    extra = []
                args = [*extra, *args]
            base = Path(name).name
            background = isinstance(chosen, webbrowser.BackgroundBrowser)
            console = base in CONSOLE_BROWSERS or (not background and not _has_display())
            return Browser(base, (name, *args), console)
        base = getattr(chosen, "basename", None) or getattr(chosen, "name", "") or "browser"
        if base in CONSOLE_BROWSERS:  # elinks: webbrowser drives it as a remote; run it plainly
            return Browser(base, (base, "%s"), True)
        return Browser(base, (), False, chosen)

    def open_in_background(self, browser: Browser, url: str) -> bool:
        """Start a graphical browser without waiting for it (call it in a thread)."""
        if browser.command:
            process = subprocess.Popen(
                browser.argv(url),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:  # a launcher (xdg-open) exits at once, non-zero when it could not open
                return process.wait(timeout=QUICK_EXIT) == 0
            except subprocess.TimeoutExpired:
                return True  # the browser itself, still running: it opened
        # This browser only: webbrowser.open would fall through to the next one on failure,
        # and that may be a console browser, which would fight the reader for the terminal.
        return browser.handle is not None and browser.handle.open(url, new=2)

    def pager(self) -> list[str]:
        """``$PAGER`` as a command line (``less`` when unset)."""
        value = os.environ.get("PAGER", "").strip() or "less"
        try:
            return shlex.split(value) or ["less"]
        except ValueError:  # an unbalanced quote: take it as one program name
            return [value]

    def run_in_terminal(self, app: App[object], argv: Sequence[str]) -> int:
        """Run ``argv`` in the terminal with the app suspended; its exit status.

        Ctrl+C in the program must not reach the reader (same process group): it is caught
        and dropped here while the program runs, and the program gets its own defaults.
        """
        previous = signal.signal(signal.SIGINT, lambda _signal, _frame: None)
        try:
            with app.suspend():
                return subprocess.run(list(argv), check=False).returncode
        finally:
            signal.signal(signal.SIGINT, previous)


def pager_file(article: Article, corpora: Sequence[Path]) -> tuple[Path, bool]:
    """The file to page and whether it is a temporary copy to delete afterwards.

    Always the article as the reader shows it (its title, dates, text as the index holds it,
    made safe, with the path it came from), never the raw file: a text file's own furniture,
    its `` date `` marker or an HTML page's markup are not the article.
    """
    source = article_location(corpora, article.path)
    handle, name = tempfile.mkstemp(prefix="newsdesk-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        print_article_plain(article, file)
        print(f"\n(from {one_line(str(source))})", file=file)
    return Path(name), True


async def open_externally(
    app: App[object], article: Article, corpora: Sequence[Path], launcher: Launcher
) -> str:
    """Open ``article``'s link in a browser, else the article in the pager; what happened.

    Returns the sentence to show the user (every failure is said, none raises).
    """
    if app.is_web:  # served to a browser: start nothing on the server
        return _open_in_users_browser(app, article.url)
    if article.url.strip():
        return await _open_link(app, article.url, launcher)
    try:
        path, temporary = await in_thread(pager_file, article, corpora)
    except OSError as error:
        return f"Could not write the article for the pager: {error.strerror or error}"
    try:
        argv = [*launcher.pager(), str(path)]
        return _run(app, launcher, argv, what="The pager")
    finally:
        if temporary:
            path.unlink(missing_ok=True)


def _open_in_users_browser(app: App[object], url: str) -> str:
    """Ask the browser showing the reader to open ``url`` in a new tab; what happened."""
    if not url.strip():
        return "No link to open (a browser session has no pager)."
    link = safe_url(url)
    if link is None:
        shown = one_line(url)[:80]
        return f"Not opened: {shown} is not a web link (only http and https links are opened)."
    app.open_url(link, new_tab=True)
    return f"Asked your browser to open {one_line(link)[:80]} in a new tab."


async def _open_link(app: App[object], url: str, launcher: Launcher) -> str:
    link = safe_url(url)
    shown = one_line(url)[:80]
    if link is None:
        return f"Not opened: {shown} is not a web link (only http and https links are opened)."
    browser = await in_thread(launcher.find_browser)
    if browser is None:
        return (
            "No web browser found: set $BROWSER (a console browser such as w3m or lynx works "
            "over SSH), or press y to copy the link."
        )
    if browser.console:
        return _run(app, launcher, browser.argv(link), what=browser.name)
    try:
        started = await asyncio.wait_for(
            in_thread(launcher.open_in_background, browser, link), LAUNCH_TIMEOUT
        )
    except TimeoutError:
        return f"{browser.name} has not answered yet; the link may still open: {shown}"
    except OSError as error:
        return f"Could not start {browser.name}: {error.strerror or error}"
    if not started:
        return (
            f"{browser.name} could not open {shown} (over SSH without a display, set $BROWSER "
            "to a console browser such as w3m; y copies the link)"
        )
    return f"Opened in {browser.name}: {shown}"


def _run(app: App[object], launcher: Launcher, argv: Sequence[str], *, what: str) -> str:
    """Run a terminal program with the app suspended; "" when it went well, else why not."""
    from textual.app import SuspendNotSupported

    try:
        status = launcher.run_in_terminal(app, argv)
    except SuspendNotSupported:
        return f"{what} needs the terminal, which this reader cannot hand over here."
    except FileNotFoundError:
        return f"{what}: '{one_line(argv[0])}' was not found (set $PAGER or $BROWSER)."
    except OSError as error:
        return f"{what} could not be started: {error.strerror or error}"
    return "" if status == 0 else f"{what} ended with status {status}."
