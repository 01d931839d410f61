"""The help screen: every command's keys in effect (so a keymap shows up here) and help line."""

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

from ..commands import COMMANDS, HELP, bindings, bound_keys, key_text
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
    """``(keys, help line)`` for the commands of ``nodes`` (``tui/commands/``) with the keys
    in effect (keymap applied), in declaration order, then the command palette's key.

    Commands with one action and one help line share a row (``q`` and ``ctrl+c``: Quit).
    """
    app = app_node.app
    order = {binding_id: position for position, binding_id in enumerate(COMMANDS)}
    rows: dict[tuple[str, str], list[tuple[int, list[Binding]]]] = {}
    palette: list[Binding] = []
    for node in nodes:
        for binding_id, keys in bound_keys(node, app).items():
            command = COMMANDS.get(binding_id)
            if command is not None:
                action = command.action.removeprefix("app.").removeprefix("screen.")
                rows.setdefault((action, command.help_line), []).append((order[binding_id], keys))
        palette += [b.with_key(key) for key, b in node._bindings if b.action == "command_palette"]
    listed: list[tuple[str, str]] = []
    for (_action, help_line), entries in sorted(
        rows.items(), key=lambda row: min(position for position, _keys in row[1])
    ):
        entries.sort(key=lambda entry: entry[0])
        keys = [key for _position, some in entries for key in some]
        listed.append((key_text(app, keys), help_line))
    if palette:
        listed.append((key_text(app, palette), "Command palette"))
    return listed


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
