"""The notice above the article list while the query in the bar cannot run: the whole error
(the status line has room for only its start) and whose results the list still shows."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..textutil import one_line


class QueryNotice(Static):
    """Hidden until ``show``; the error and the query are data (``Text``), never markup."""

    COMPONENT_CLASSES = {"query-notice--error", "query-notice--stale"}

    def show(self, error: str, shown_query: str | None, rows: bool) -> None:
        """Say ``error`` in full, and that the rows below (if ``rows``) belong to
        ``shown_query`` (None: the first page, read before any search, is every article)."""
        text = Text(f"✗ {one_line(error)}", self.get_component_rich_style("query-notice--error"))
        if rows:
            shown_query = shown_query or ""
            kept = f"“{one_line(shown_query)}”" if shown_query.strip() else "all articles"
            text.append(
                f"\nBelow: the results of the last query that worked, {kept}.",
                self.get_component_rich_style("query-notice--stale"),
            )
        self.update(text)
        self.display = True

    def hide(self) -> None:
        """Nothing to say: the list shows the results of the query in the bar."""
        self.display = False
