"""Run blocking index and disk calls off the event loop without holding up quitting.

Textual's ``@work(thread=True)`` runs on asyncio's default executor, and the interpreter joins
those threads on exit: quitting during a first index build of a large corpus (minutes) would
hang after the terminal is restored. Workers here are ``async`` Textual workers (exclusive,
grouped, cancellable, awaited by ``App.workers``) that await a *daemon* thread instead.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def _settle(future: asyncio.Future[T], result: T | None, error: BaseException | None) -> None:
    """Complete ``future`` on the loop's thread, unless its awaiter gave up already."""
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]


async def in_thread(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``func`` in a daemon thread and await its result (or exception).

    Cancelling the awaiting worker abandons the call: its result is dropped.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def run() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = func(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            error = exc
        try:
            loop.call_soon_threadsafe(_settle, future, result, error)
        except RuntimeError:
            pass  # the loop closed while we worked: the app has quit

    name = f"newsdesk-{getattr(func, '__name__', 'call')}"
    threading.Thread(target=run, name=name, daemon=True).start()
    return await future


def start_early(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
    """Start ``func`` in a daemon thread now (before the event loop runs); await it later
    with ``asyncio.wrap_future``. Used to open the index while Textual starts up."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(func(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered to whoever awaits
            future.set_exception(exc)

    threading.Thread(target=run, name="newsdesk-early", daemon=True).start()
    return future
