"""The query bar: one line on top, search as you type."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label

from ..commands import QUERY_INPUT, bindings
from ..messages import RemoveFilter

PLACEHOLDER = 'search: words "a phrase" title:word date:2022-12 -word · Enter: results'


class QueryInput(Input):
    """The text field; Enter, Down, Tab or Escape go to the results; Backspace in an empty
    field removes the last filter chip."""

    BINDING_GROUP_TITLE = "Query bar"

    BINDINGS: ClassVar[list[BindingType]] = bindings(*QUERY_INPUT)


    def action_delete_left(self) -> None:
        """Delete the character left of the cursor; in an empty field, the last filter chip."""
        if not self.value:
            self.post_message(RemoveFilter(quiet=True))
            return
        super().action_delete_left()


class QueryBar(Horizontal):
    """A prompt and the query input."""

    DEFAULT_CSS = """
    QueryBar {
        height: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("/", id="query-prompt")
        yield QueryInput(placeholder=PLACEHOLDER, id="query")

    @property
    def input(self) -> QueryInput:
        """The query field."""
        return self.query_one(QueryInput)
