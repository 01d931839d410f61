"""``python -m tui.serve.child [reader options] -- [PATH ...]``: one browser tab's reader.

``newsdesk serve`` starts this for each tab, with the web driver on stdin/stdout. It is the
reader as ``newsdesk`` opens it, without the check for a terminal (the browser is the
terminal), and it does not outlive the server: on Linux the kernel sends it SIGTERM when the
server dies, even by SIGKILL (``PR_SET_PDEATHSIG``); elsewhere the end of its input quits it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Sequence

PARENT_ENV = "NEWSDESK_SERVE_PARENT"
"""The server's process id, so that a server already gone is noticed before the reader starts."""
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask for SIGTERM when the server dies; exit at once if it has died already."""
    if sys.platform.startswith("linux"):
        # (no prctl: the end of input still quits the reader, see driver.py)
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    expected = os.environ.get(PARENT_ENV, "")
    if expected.isdigit() and os.getppid() != int(expected):
        sys.exit(0)  # the server went before the prctl above took effect


def main(argv: Sequence[str]) -> int:
    """Run the reader for a browser tab."""
    die_with_parent()
    from ..cli import main as reader_main

    return reader_main(argv, terminal=False)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
