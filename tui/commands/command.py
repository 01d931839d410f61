"""A command declared once (id, keys, action, words) and its Binding, so every view agrees."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Command:
    """One thing the user can do, with everything the footer, help and palette say about it."""

    id: str
    """The binding id: what ``[keymap]`` in config.toml rebinds."""
    keys: str
    """Default keys, comma-separated, as Textual names them."""
    action: str
    """The action run on the binding's owner (``screen.``/``app.`` for another's)."""
    label: str
    """A word or two: the footer's text."""
    help: str = ""
    """One line for the help screen and the palette (the label when empty)."""
    palette: str = ""
    """The command palette's title; empty keeps the command out of the palette."""
    footer: bool = False
    """Whether the footer shows the key."""
    key_display: str | None = None
    # Every key is a priority binding. Textual resolves ordinary bindings late: the key first
    # goes to the focused widget's queue and its binding is looked up when it bubbles back to
    # the app, against whatever has focus *then*. A fast typist (or a pasted
    # ``/query<Enter>j``) can therefore have ``j`` applied to the pane that Enter just moved
    # to. Priority bindings are resolved in order as keys arrive. Keys a text field consumes
    # (letters in the query bar) are still left to the field: Textual drops them from the
    # binding chain while it has focus.
    priority: bool = True
    """False only where a focused widget must see the key first (the help screen's scroll)."""

    @property
    def help_line(self) -> str:
        """What the help screen and the palette say the command does."""
        return self.help or self.label

    def binding(self) -> Binding:
        """The ``Binding`` for a ``BINDINGS`` list."""
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.footer,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )


def bindings(*commands: Command) -> list[BindingType]:
    """A ``BINDINGS`` list built from ``commands``."""
    return [command.binding() for command in commands]


def paging_commands(
    scope: str, *, footer: bool = False, down_help: str = ""
) -> tuple[Command, ...]:
    """The paging keys every scrolling pane shares (``page(n)`` and ``half_page(n)`` actions),
    with ids ``<scope>.page-down``, ``.page-up``, ``.half-page-down`` and ``.half-page-up``."""
    return (
        Command(
            f"{scope}.page-down",
            "space,pagedown",
            "page(1)",
            "Page down",
            down_help,
            footer=footer,
            key_display="space",
        ),
        Command(f"{scope}.page-up", "ctrl+b,pageup", "page(-1)", "Page up"),
        Command(f"{scope}.half-page-down", "ctrl+d", "half_page(1)", "Half page down"),
        Command(f"{scope}.half-page-up", "ctrl+u", "half_page(-1)", "Half page up"),
    )
