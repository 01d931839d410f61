"""The commands of the modal screens: name prompt, saved searches, skipped files and help."""

from __future__ import annotations

from .command import Command

NAME_PROMPT: tuple[Command, ...] = (
    Command("name.save", "enter", "keep", "Save", footer=True),
    Command("name.cancel", "escape", "cancel", "Cancel", footer=True),
)

SAVED_SEARCHES: tuple[Command, ...] = (
    Command("saved.run", "enter", "run", "Run", "Run the highlighted saved search", footer=True),
    Command(
        "saved.delete",
        "d,delete",
        "delete",
        "Delete",
        "Delete the highlighted saved search",
        footer=True,
    ),
    Command("saved.down", "j,down", "move(1)", "Down"),
    Command("saved.up", "k,up", "move(-1)", "Up"),
    Command("saved.close", "escape,q,S", "close", "Close", footer=True),
)

STORY_LIST: tuple[Command, ...] = (
    Command("stories.open", "enter", "open", "Open", "Open the highlighted article", footer=True),
    Command("stories.down", "j,down", "move(1)", "Down"),
    Command("stories.up", "k,up", "move(-1)", "Up"),
    Command("stories.close", "escape,q", "close", "Close", footer=True),
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
    Command(
        "help.close",
        "escape,q,question_mark,enter",
        "dismiss",
        "Close help",
        footer=True,
        priority=False,
    ),
    Command("help.down", "j,down", "scroll('down')", "Scroll down", priority=False),
    Command("help.up", "k,up", "scroll('up')", "Scroll up", priority=False),
    Command("help.page-down", "space,pagedown", "scroll('page_down')", "Page down", priority=False),
    Command("help.page-up", "b,ctrl+b,pageup", "scroll('page_up')", "Page up", priority=False),
)
