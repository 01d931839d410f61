"""The help screen: every key, read from the live bindings (so a keymap shows up here)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import HELP, bindings
from ..widgets.styling import part_style

NOTES = (
    (
        "Search",
        'Words are ANDed. "a phrase", OR, NOT, -word, (groups), word*, word~, '
        "title: body: source: author: person: org: place: group: entity:, "
        "date:2022-12  date:>2021-09-01  date:[2021-09-20 to 2021-09-30].",
    ),
    (
        "Entities",
        "e shows the sidebar: the people, organisations, places and groups of the results "
        "with the number of articles naming them. Enter adds one as a filter (a chip under the "
        "query; filters AND); x or Backspace removes the last, X all; + shows more of a group.",
    ),
    (
        "Read marks",
        "Opening an article marks it read (the preview alone does not); u toggles, s stars, "
        "R marks every result read (U undoes). Search with is:unread, is:read, is:starred, "
        "is:unstarred. Kept in the data folder (state.sqlite3) with the last query, restored "
        "on start.",
    ),
    (
        "Saved searches",
        "ctrl+s saves the query and its filters under a name; S lists them with their unread "
        "hits (Enter runs one, d deletes); the command palette runs them too.",
    ),
    ("Copy", "y copies with OSC 52; inside tmux this needs `set -g set-clipboard on`."),
)


def binding_rows(app_node: DOMNode, nodes: Iterable[DOMNode]) -> list[tuple[str, str]]:
    """``(keys, description)`` for the bindings of ``nodes``, keymap applied.

    Only bindings with an id (newsdesk's own, which a keymap can rebind) and the command
    palette are listed, in the order the classes declare them.
    """
    keymap = getattr(app_node, "_keymap", {})
    declared: dict[str, tuple[int, list[str]]] = {}
    for node in nodes:
        for binding in getattr(type(node), "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id and binding.id not in declared:
                keys = [key.strip() for key in binding.key.split(",")]
                declared[binding.id] = (len(declared), keys)
    palette_order = len(declared)
    groups: dict[tuple[str, str], list[tuple[tuple[int, int], str]]] = {}
    for node in nodes:
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        for key, binding in _iter_bindings(bindings):
            if binding.action == "command_palette":
                description, order = "Command palette", (palette_order, 0)
            elif binding.system or not binding.id or binding.id not in declared:
                continue
            else:
                description = binding.tooltip or binding.description
                position, keys = declared[binding.id]
                order = (position, keys.index(key) if key in keys else len(keys))
            display = app_node.app.get_key_display(binding.with_key(key))
            action = binding.action.removeprefix("app.").removeprefix("screen.")
            groups.setdefault((action, description), []).append((order, display))
    rows: list[tuple[tuple[int, int], str, str]] = []
    for (_action, description), entries in groups.items():
        entries.sort()
        keys: list[str] = []
        for _order, display in entries:
            if display not in keys:
                keys.append(display)
        rows.append((entries[0][0], " ".join(keys), description))
    rows.sort()
    return [(keys, description) for _order, keys, description in rows]


def _iter_bindings(bindings_map: object) -> Iterable[tuple[str, Binding]]:
    return [
        (key, binding)
        for key, bindings in bindings_map.key_to_bindings.items()  # type: ignore[attr-defined]
        for binding in bindings
    ]


class HelpScreen(ModalScreen[None]):
    """Keys by context, then short notes on the query language and the session."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*HELP)

    COMPONENT_CLASSES: ClassVar[set[str]] = {"help-screen--key", "help-screen--section"}

    def __init__(self, sections: list[tuple[str, list[DOMNode]]]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "newsdesk keys"
            body.border_subtitle = "q, ? or Esc to close"
            body.can_focus = True
            yield Static(id="help-table")

    def on_mount(self) -> None:
        self.query_one("#help-table", Static).update(self._table())
        self.query_one("#help-body").focus()

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", no_wrap=True, min_width=14)
        table.add_column()
        key_style = part_style(self, "help-screen--key")
        section_style = part_style(self, "help-screen--section")
        for title, nodes in self._sections:
            rows = binding_rows(self.app, nodes)
            if not rows:
                continue
            table.add_row(Text(""), Text(""))
            table.add_row(Text(""), Text(title, style=section_style or "bold"))
            for keys, description in rows:
                table.add_row(Text(keys, style=key_style or "bold"), Text(description))
        table.add_row(Text(""), Text(""))
        for title, note in NOTES:
            table.add_row(Text(title, style=section_style or "bold"), Text(note))
        return table

    def action_scroll(self, how: str) -> None:
        """Scroll the help text."""
        body = self.query_one("#help-body", VerticalScroll)
        getattr(body, f"scroll_{how}")(animate=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        """Close the help screen."""
        self.dismiss()
