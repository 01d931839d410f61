"""Every command of the reader declared once: its id, keys, action and the words shown for it.

A ``Command`` yields the ``Binding`` a class lists in ``BINDINGS`` (``bindings(...)``), the
help screen's line and, when it has a palette title, the command palette's entry
(``tui/palette.py``). A ``[keymap]`` rebind (``App.set_keymap``) changes the bindings, and
footer, help and palette all read the keys in effect from them (``bound_keys``), so a rebind
shows everywhere. A new command is a ``Command`` here, in its owner's group, and an
``action_...`` method on that owner.

Every key is a priority binding. Textual resolves ordinary bindings late: the key first goes
to the focused widget's queue and its binding is looked up when it bubbles back to the app,
against whatever has focus *then*. A fast typist (or a pasted ``/query<Enter>j``) can
therefore have ``j`` applied to the pane that Enter just moved to. Priority bindings are
resolved in order as keys arrive. Keys a text field consumes (letters in the query bar) are
still left to the field: Textual drops them from the binding chain while it has focus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode


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


def paging_commands(scope: str, *, footer: bool = False) -> tuple[Command, ...]:
    """The paging keys every scrolling pane shares (``page(n)`` and ``half_page(n)`` actions),
    with ids ``<scope>.page-down``, ``.page-up``, ``.half-page-down`` and ``.half-page-up``."""
    return (
        Command(f"{scope}.page-down", "space,pagedown", "page(1)", "Page down", footer=footer,
                key_display="space"),
        Command(f"{scope}.page-up", "ctrl+b,pageup", "page(-1)", "Page up"),
        Command(f"{scope}.half-page-down", "ctrl+d", "half_page(1)", "Half page down"),
        Command(f"{scope}.half-page-up", "ctrl+u", "half_page(-1)", "Half page up"),
    )


def bound_keys(node: DOMNode, app: App[Any]) -> dict[str, list[Binding]]:
    """Binding id -> its bindings on ``node`` now, one per key: the keymap applied as Textual
    applies it (a key the keymap gives to another binding is taken from this one); declared
    keys first, in their declared order, then the keymap's."""
    live = node._bindings.copy()
    keymap = getattr(app, "_keymap", None)  # what App.set_keymap set (no public getter)
    if keymap:
        live.apply_keymap(keymap)
    found: dict[str, list[Binding]] = {}
    for key, key_bindings in live.key_to_bindings.items():
        for binding in key_bindings:
            if binding.id:
                found.setdefault(binding.id, []).append(binding.with_key(key))
    for binding_id, keys in found.items():
        if binding_id in COMMANDS:
            declared = [key.strip() for key in COMMANDS[binding_id].keys.split(",")]
            keys.sort(key=lambda b: declared.index(b.key) if b.key in declared else len(declared))
    return found


def key_text(app: App[Any], keys: list[Binding]) -> str:
    """The keys of ``keys`` as the footer shows them (``^s``, ``?``), space-separated."""
    displays: list[str] = []
    for binding in keys:
        display = app.get_key_display(binding)
        if display not in displays:
            displays.append(display)
    return " ".join(displays)


# ------------------------------------------------------------------ the main screen (anywhere)

MAIN: tuple[Command, ...] = (
    Command("search", "slash", "focus_query", "Search", "Go to the query bar and type a search",
            palette="Search", footer=True),
    Command("exact-search", "E", "exact_search", "Exact",
            "Run the query as typed, not the correction (or fewer words) shown instead",
            palette="Search exactly as typed", footer=True),
    Command("next-hit", "n", "next_match(1)", "Next hit",
            "Jump to the next highlighted hit in the reading pane", palette="Next hit",
            footer=True),
    Command("previous-hit", "N", "next_match(-1)", "Previous hit",
            "Jump to the previous highlighted hit in the reading pane", palette="Previous hit"),
    Command("next-article", "right_square_bracket", "step_article(1)", "Next article",
            "Open the next article of the list", palette="Next article"),
    Command("previous-article", "left_square_bracket", "step_article(-1)", "Previous article",
            "Open the previous article of the list", palette="Previous article"),
    Command("toggle-sort", "o", "toggle_sort", "Sort",
            "Sort search results by relevance or newest first", palette="Toggle sort order",
            footer=True),
    Command("copy-link", "y", "copy_link", "Copy link",
            "Copy the article's URL (or file path) to the clipboard (OSC 52)",
            palette="Copy link", footer=True),
    Command("toggle-entities", "e", "toggle_entities", "Entities",
            "Show the entity sidebar (and move to it), or hide it",
            palette="Toggle entity sidebar", footer=True),
    Command("remove-filter", "x", "remove_filter", "Remove filter",
            "Remove the last entity filter (also Backspace in an empty query bar)",
            palette="Remove last filter"),
    Command("clear-filters", "X", "clear_filters", "Clear filters",
            "Remove every entity filter", palette="Clear filters"),
    Command("toggle-read", "u,m", "toggle_read", "Read/unread",
            "Mark the highlighted article read, or unread again", palette="Mark read or unread"),
    Command("toggle-star", "s", "toggle_star", "Star",
            "Star the highlighted article, or unstar it (find them with is:starred)",
            palette="Star or unstar"),
    Command("mark-all-read", "R", "mark_all_read", "All read",
            "Mark every result of the current search read (all hits, not only those shown)",
            palette="Mark all results read"),
    Command("undo-mark-all", "U", "undo_mark_all", "Undo all read",
            "Mark unread again what the last R marked read", palette="Undo mark all read"),
    Command("save-search", "ctrl+s", "save_search", "Save search",
            "Save the query and its entity filters under a name", palette="Save search"),
    Command("saved-searches", "S", "saved_searches", "Saved",
            "Saved searches with their unread hits; Enter runs one", palette="Saved searches"),
    Command("next-pane", "tab", "cycle_pane(1)", "Next pane"),
    Command("previous-pane", "shift+tab", "cycle_pane(-1)", "Previous pane"),
    Command("zoom", "z", "zoom", "Zoom pane",
            "Give the focused pane the whole screen, or restore the layout", palette="Zoom pane"),
    Command("reindex", "ctrl+r", "reindex", "Update index",
            "Look for added, changed and deleted files now", palette="Update index"),
    Command("fetch-feeds", "F", "fetch_feeds", "Fetch feeds",
            "Fetch every subscribed feed in the background and index new articles",
            palette="Fetch feeds"),
    Command("skipped-files", "exclamation_mark", "show_skipped", "Skipped files",
            "List the files the index left out and why, and notes on bad records",
            palette="Skipped files and notes"),
    Command("quit", "q", "app.quit", "Quit", footer=True),
    Command("help", "question_mark", "app.help", "Help", "Show every key, and notes on searching",
            palette="Help", footer=True),
    # Last: on a narrow footer the keys at the end are the ones cut, and q and ? must stay.
    Command("open-browser", "b", "open_external", "Browser",
            "Open the article's link in the web browser (without one: the article in $PAGER)",
            palette="Open in browser", footer=True),
)

APP: tuple[Command, ...] = (
    # q and ? are the main screen's (the help screen closes with them); ctrl+c quits anywhere.
    Command("quit-now", "ctrl+c", "quit", "Quit"),
)

# ------------------------------------------------------------------ panes

ARTICLE_LIST: tuple[Command, ...] = (
    # Run by the screen: focus moves to the reader at once.
    Command("list.open", "enter", "screen.open_current", "Open", footer=True),
    Command("list.down", "j,down", "cursor_down", "Down"),
    Command("list.up", "k,up", "cursor_up", "Up"),
    Command("list.first", "g,home", "first", "First article"),
    Command("list.last", "G,end", "last", "Last article"),
    *paging_commands("list"),
    Command("list.remove-filter", "backspace", "screen.remove_filter", "Remove filter",
            "Remove the last entity filter (also x)"),
)

READING_PANE: tuple[Command, ...] = (
    *paging_commands("reader", footer=True),
    Command("reader.down", "j,down", "scroll_lines(1)", "Scroll down"),
    Command("reader.up", "k,up", "scroll_lines(-1)", "Scroll up"),
    Command("reader.top", "g,home", "top", "Top"),
    Command("reader.bottom", "G,end", "bottom", "Bottom"),
    Command("reader.back", "escape", "screen.focus_list", "Back to list",
            "Back to the list (also Tab / shift+Tab)"),
)

ENTITY_SIDEBAR: tuple[Command, ...] = (
    Command("entities.filter", "enter", "choose", "Filter",
            "Show only the results that mention this entity (or show more rows)", footer=True),
    Command("entities.down", "j,down", "cursor_down", "Down"),
    Command("entities.up", "k,up", "cursor_up", "Up"),
    Command("entities.first", "g,home", "first", "First entity"),
    Command("entities.last", "G,end", "last", "Last entity"),
    Command("entities.next-group", "right_curly_bracket", "next_group(1)", "Next group",
            key_display="}"),
    Command("entities.previous-group", "left_curly_bracket", "next_group(-1)", "Previous group",
            key_display="{"),
    Command("entities.more", "plus", "more", "More",
            "Show more entities of this group (10, 50, 250, all)", key_display="+"),
    Command("entities.fewer", "minus", "fewer", "Fewer", "Show fewer entities of this group",
            key_display="-"),
    *paging_commands("entities"),
    Command("entities.remove-filter", "backspace", "screen.remove_filter", "Remove filter",
            "Remove the last filter (also x anywhere)"),
    Command("entities.back", "escape", "screen.focus_list", "Back to list",
            "Back to the list (also Tab / shift+Tab)"),
)

QUERY_INPUT: tuple[Command, ...] = (
    Command("query.submit", "enter", "screen.submit_query", "Results",
            "Search now and go to the results", footer=True),
    Command("query.results", "down", "screen.focus_list", "Results", "Go to the results"),
    Command("query.leave", "escape", "screen.focus_list", "Results",
            "Go to the results (also Tab, Enter, Down)"),
)

# ------------------------------------------------------------------ dialogs

NAME_PROMPT: tuple[Command, ...] = (
    Command("name.save", "enter", "keep", "Save", footer=True),
    Command("name.cancel", "escape", "cancel", "Cancel", footer=True),
)

SAVED_SEARCHES: tuple[Command, ...] = (
    Command("saved.run", "enter", "run", "Run", "Run the highlighted saved search", footer=True),
    Command("saved.delete", "d,delete", "delete", "Delete",
            "Delete the highlighted saved search", footer=True),
    Command("saved.down", "j,down", "move(1)", "Down"),
    Command("saved.up", "k,up", "move(-1)", "Up"),
    Command("saved.close", "escape,q,S", "close", "Close", footer=True),
)

SKIPPED: tuple[Command, ...] = (
    Command("skipped.close", "escape,q,exclamation_mark", "close", "Close", footer=True),
    Command("skipped.down", "j,down", "scroll('down')", "Scroll down"),
    Command("skipped.up", "k,up", "scroll('up')", "Scroll up"),
    Command("skipped.page-down", "space,pagedown", "scroll('page_down')", "Page down"),
    Command("skipped.page-up", "ctrl+b,pageup", "scroll('page_up')", "Page up"),
    Command("skipped.top", "g,home", "scroll('home')", "Top"),
    Command("skipped.bottom", "G,end", "scroll('end')", "Bottom"),
)

HELP: tuple[Command, ...] = (
    # Not priority: the focused scroll view sees its keys first, as a plain screen's would.
    Command("help.close", "escape,q,question_mark,enter", "dismiss", "Close help", footer=True,
            priority=False),
    Command("help.down", "j,down", "scroll('down')", "Scroll down", priority=False),
    Command("help.up", "k,up", "scroll('up')", "Scroll up", priority=False),
    Command("help.page-down", "space,pagedown", "scroll('page_down')", "Page down",
            priority=False),
    Command("help.page-up", "b,ctrl+b,pageup", "scroll('page_up')", "Page up", priority=False),
)

COMMANDS: dict[str, Command] = {
    command.id: command
    for group in (MAIN, APP, ARTICLE_LIST, READING_PANE, ENTITY_SIDEBAR, QUERY_INPUT,
                  NAME_PROMPT, SAVED_SEARCHES, SKIPPED, HELP)
    for command in group
}
"""Every command by id, the main screen's first (the order of the help screen's rows)."""
