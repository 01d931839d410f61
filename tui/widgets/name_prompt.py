"""A small modal asking for a name (saving a search): Enter keeps it, Escape cancels."""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..commands import NAME_PROMPT, bindings
from ..textutil import one_line

MAX_NAME = 120
"""Characters a name may have (it must fit a line of the saved-searches list)."""


class NamePrompt(ModalScreen[str | None]):
    """Ask for a name, prefilled; dismissed with the cleaned name, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*NAME_PROMPT)

    def __init__(
        self, title: str, value: str, *, about: str = "", taken: Collection[str] = ()
    ) -> None:
        """``about`` is a line under the field (what is saved); ``taken`` the names in use."""
        super().__init__()
        self._title = title
        self._value = value
        self._about = about
        self._taken = set(taken)

    def compose(self) -> ComposeResult:
        with Vertical(id="name-prompt") as box:
            box.border_title = self._title
            box.border_subtitle = "Enter: save · Esc: cancel"
            yield Static(Text(self._about), id="name-about")
            yield Input(value=self._value, max_length=MAX_NAME, id="name-input")
            yield Static(id="name-hint")

    def on_mount(self) -> None:
        field = self.query_one("#name-input", Input)
        field.focus()
        field.select_all()
        self._show_hint(field.value)

    @property
    def name_input(self) -> Input:
        """The text field."""
        return self.query_one("#name-input", Input)

    @on(Input.Changed, "#name-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show_hint(event.value)

    def _show_hint(self, value: str) -> None:
        name = one_line(value)
        hint = self.query_one("#name-hint", Static)
        if not name:
            hint.update(Text("Type a name for it."))
        elif name in self._taken:
            hint.update(Text(f'Replaces the saved search "{name}".'))
        else:
            hint.update(Text(""))

    def action_keep(self) -> None:
        """Save under the name typed (a blank name is refused)."""
        name = one_line(self.name_input.value)
        if not name:
            self.app.bell()
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
