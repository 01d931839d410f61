"""The commands each pane owns: the article list, reading pane, entity sidebar and query bar."""

from __future__ import annotations

from .command import Command, paging_commands

ARTICLE_LIST: tuple[Command, ...] = (
    # Run by the screen: focus moves to the reader at once.
    Command("list.open", "enter", "screen.open_current", "Open", footer=True),
    Command("list.down", "j,down", "cursor_down", "Down"),
    Command("list.up", "k,up", "cursor_up", "Up"),
    Command("list.first", "g,home", "first", "First article"),
    Command("list.last", "G,end", "last", "Last article"),
    *paging_commands("list"),
    Command(
        "list.remove-filter",
        "backspace",
        "screen.remove_filter",
        "Remove filter",
        "Remove the last entity filter (also x)",
    ),
)

READING_PANE: tuple[Command, ...] = (
    *paging_commands(
        "reader", footer=True, down_help="Page down; at the end of the article, the next unread one"
    ),
    Command("reader.down", "j,down", "scroll_lines(1)", "Scroll down"),
    Command("reader.up", "k,up", "scroll_lines(-1)", "Scroll up"),
    Command("reader.top", "g,home", "top", "Top"),
    Command("reader.bottom", "G,end", "bottom", "Bottom"),
    Command(
        "reader.back",
        "escape",
        "screen.focus_list",
        "Back to list",
        "Back to the list (also Tab / shift+Tab)",
    ),
    Command(
        "reader.back-article",
        "backspace",
        "app.story('back')",
        "Back",
        "Back to the article read before the related one opened from it",
    ),
)

TIMELINE: tuple[Command, ...] = (
    Command(
        "timeline.later",
        "right,l",
        "move(1)",
        "Later",
        "The next bucket",
        footer=True,
        key_display="→",
    ),
    Command(
        "timeline.earlier",
        "left,h",
        "move(-1)",
        "Earlier",
        "The previous bucket",
        footer=True,
        key_display="←",
    ),
    Command(
        "timeline.filter",
        "enter",
        "choose",
        "Filter",
        "Narrow the results to the bucket under the cursor (x removes the date chip)",
        footer=True,
    ),
    Command(
        "timeline.back",
        "escape",
        "screen.focus_list",
        "Back to list",
        "Back to the list (the timeline hides)",
    ),
)

ENTITY_SIDEBAR: tuple[Command, ...] = (
    Command(
        "entities.filter",
        "enter",
        "choose",
        "Filter",
        'Show only the results naming this entity (ticked: drop it; "more": more rows)',
        footer=True,
    ),
    Command("entities.down", "j,down", "cursor_down", "Down"),
    Command("entities.up", "k,up", "cursor_up", "Up"),
    Command("entities.first", "g,home", "first", "First entity"),
    Command("entities.last", "G,end", "last", "Last entity"),
    Command(
        "entities.next-group", "right_curly_bracket", "next_group(1)", "Next group", key_display="}"
    ),
    Command(
        "entities.previous-group",
        "left_curly_bracket",
        "next_group(-1)",
        "Previous group",
        key_display="{",
    ),
    Command(
        "entities.more",
        "plus",
        "more",
        "More",
        "Show more entities of this group (10, 50, 250, all)",
        key_display="+",
    ),
    Command(
        "entities.fewer",
        "minus",
        "fewer",
        "Fewer",
        "Show fewer entities of this group",
        key_display="-",
    ),
    *paging_commands("entities"),
    Command(
        "entities.remove-filter",
        "backspace",
        "screen.remove_filter",
        "Remove filter",
        "Remove the last filter (also x anywhere)",
    ),
    Command(
        "entities.back",
        "escape",
        "screen.focus_list",
        "Back to list",
        "Back to the list (also Tab / shift+Tab)",
    ),
)

QUERY_INPUT: tuple[Command, ...] = (
    Command(
        "query.submit",
        "enter",
        "screen.submit_query",
        "Results",
        "Search now and go to the results",
        footer=True,
    ),
    Command("query.results", "down", "screen.focus_list", "Results", "Go to the results"),
    Command(
        "query.leave",
        "escape",
        "screen.focus_list",
        "Results",
        "Go to the results (also Tab, Enter, Down)",
    ),
)
