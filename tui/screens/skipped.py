"""What the last index update left out: each skipped file (or folder) with its reason, then the
notes on files that were indexed in part (a bad JSON line, text past a size limit), each part
sorted by file name.

File names and reasons come from a corpus written by strangers: they pass the one sanitiser
(``textutil.one_line``) and are built as ``Text``, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from search_index import IndexSummary

from ..commands import SKIPPED, bindings
from ..services.library import skipped_counts
from ..textutil import one_line
from ..widgets.styling import part_style

MAX_ROWS = 2000
"""Entries shown per section; the rest are counted (``newsdesk index`` lists them all)."""
INDENT = 4
"""Columns a reason is indented under its file name (wrapped lines keep it)."""


class SkippedScreen(ModalScreen[None]):
    """A scrollable list of the files the index left out and why, plus per-record notes."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*SKIPPED)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "skipped-screen--section",
        "skipped-screen--path",
        "skipped-screen--reason",
        "skipped-screen--dim",
    }

    def __init__(self, summary: IndexSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="skipped-body") as body:
            body.border_title = f"Left out of the index: {skipped_counts(self.summary)}"
            body.border_subtitle = "q or Esc to close"
            body.can_focus = True
            yield Static(id="skipped-list")

    def on_mount(self) -> None:
        self.query_one("#skipped-list", Static).update(self.listing())
        self.query_one("#skipped-body").focus()

    def rows(self) -> list[tuple[str, str]]:
        """What is listed, as ``(part, text)``: part is ``section``, ``path``, ``reason``,
        ``more`` or ``gap``; files and notes each sorted by file (a file's notes in order)."""
        rows: list[tuple[str, str]] = []
        sections = (
            (
                f"Skipped files ({len(self.summary.skipped_files):,}): not in the index",
                self.summary.skipped_files,
            ),
            (
                f"Notes ({len(self.summary.notes):,}): the rest of these files was indexed",
                self.summary.notes,
            ),
        )
        for title, entries in sections:
            if not entries:
                continue
            if rows:
                rows.append(("gap", ""))
            rows.append(("section", title))
            ordered = sorted(entries, key=lambda entry: entry.path)
            for entry in ordered[:MAX_ROWS]:
                rows.append(("path", one_line(entry.path) or "(unnamed)"))
                rows.append(("reason", one_line(entry.reason)))
            if len(ordered) > MAX_ROWS:
                rows.append(
                    (
                        "more",
                        f"… and {len(ordered) - MAX_ROWS:,} more: `newsdesk index` lists every one",
                    )
                )
        return rows

    def plain(self) -> str:
        """The listing as plain text, a reason indented under its file (for tests, copying)."""
        return "\n".join(
            " " * INDENT + text if part == "reason" else text for part, text in self.rows()
        )

    def listing(self) -> Group:
        """The listing as a renderable: a reason's wrapped lines stay indented."""
        styles = {
            "section": part_style(self, "skipped-screen--section"),
            "path": part_style(self, "skipped-screen--path"),
            "reason": part_style(self, "skipped-screen--reason"),
            "more": part_style(self, "skipped-screen--dim"),
        }
        parts: list[Text | Padding] = []
        for part, text in self.rows():
            line = Text(text, styles.get(part, ""))
            parts.append(Padding(line, (0, 0, 0, INDENT)) if part == "reason" else line)
        return Group(*parts)

    def action_scroll(self, how: str) -> None:
        """Scroll the list."""
        body = self.query_one("#skipped-body", VerticalScroll)
        getattr(body, f"scroll_{how}")(animate=False)

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss()
