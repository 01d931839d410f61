"""The served reader's driver: Textual's web driver, quitting when the server goes away.

The web driver reads the browser's keys from stdin, a pipe from ``newsdesk serve``. When the
server dies without asking the reader to quit, that pipe closes; the stock driver then stops
reading but leaves the app running with nobody to talk to. This one asks the app to exit.
"""

from __future__ import annotations

from textual import messages
from textual.drivers.web_driver import WebDriver


class ServedDriver(WebDriver):
    """``WebDriver`` whose app exits once its input (the server's pipe) reaches its end."""

    def run_input_thread(self) -> None:
        """Read input as the web driver does; at end of input, ask the app to exit."""
        super().run_input_thread()
        if not self.exit_event.is_set():  # not a quit of our own: the server has gone
            self._app.post_message(messages.ExitApp())  # (thread-safe, as the driver's "quit")
