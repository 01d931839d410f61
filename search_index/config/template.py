"""The commented default ``config.toml`` that ``newsdesk config --init`` writes.

Loading it gives exactly the defaults of ``Config`` (a test checks this), so a fresh file
changes nothing until the user edits it.
"""

from __future__ import annotations

from pathlib import Path

from ..atomicfile import atomic_write

TEMPLATE = """\
# newsdesk settings, written by `newsdesk config --init`.
#
# The settings below hold their default values: change what you like. Lines starting with #
# are comments; remove the # in front of an example to use it. Check the file with
# `newsdesk config --check`. Relative paths are relative to this file's folder; ~ is your
# home folder.

# corpus: the folders or files to read when no PATH is given on the command line, for the
# reader and for `newsdesk index/search/show/entities`. A folder or file, or a list of them.
# Default: the five seed articles that come with newsdesk.
# corpus = "~/news"
# corpus = ["~/news", "~/archive/feeds.jsonl.gz"]

# index_dir: where the search index is kept. Default: the user cache folder, one index per
# corpus. --index-dir and $NEWSDESK_INDEX_DIR win over this.
# index_dir = "~/.cache/newsdesk-index"

# sort: the order of search results when the reader starts, "relevance" or "date" (newest
# first); o switches while reading. Browsing without a query is always newest first.
sort = "relevance"

# theme: the reader's colours, one of Textual's themes, such as textual-dark, textual-light,
# nord, gruvbox, dracula, tokyo-night, monokai, flexoki, catppuccin-mocha, solarized-light
# (`newsdesk config --check` lists them all). A theme chosen in the reader (ctrl+p, then
# "Change theme") is remembered and wins over this line until you change this line.
theme = "textual-dark"

# sidebar: show the entity sidebar (people, organisations, places and groups of the results)
# on start when the window is at least 100 columns wide; true or false. e shows or hides it.
sidebar = true

# dates: how the article list shows dates: "absolute" (2024-03-12, UTC) or "relative" to
# now, in your time zone ("5 min ago", "3 h ago", "yesterday", "4 days ago", "12 Mar",
# and 2021-03-12 for other years).
dates = "absolute"

# refresh: how often the reader fetches your subscribed feeds in the background (and at
# start when the last fetch is older): "off", minutes ("30m") or hours ("2h"), at least 5
# minutes. F fetches at once; `newsdesk fetch` from cron does the same without the reader.
refresh = "off"

# serve: `newsdesk serve`, the reader in a web browser. Each browser tab runs a reader
# process: max_sessions is how many may be open at once, and a tab's reader ends after
# idle_minutes without a key press (the page offers to start it again).
[serve]
max_sessions = 4
idle_minutes = 30

# keymap: your own keys for the reader's actions, by binding id. A value replaces the
# action's default keys; separate several keys with commas. Keys are written as Textual
# names them: letters ("N" is shift+n), "ctrl+n", "alt+x", "f1" to "f24", "enter", "escape",
# "tab", "space", "backspace", "up", "down", "pageup", "pagedown", "home", "end", and
# punctuation by name ("slash", "question_mark", "left_square_bracket") or as itself.
# `newsdesk config --keys` lists every binding id with its keys; the help screen (?) shows
# the keys in use. Some ids: search, next-hit, previous-hit, next-article, previous-article,
# toggle-sort, open-browser, copy-link, toggle-entities, zoom, quit, help, list.down, list.up,
# list.page-down, list.page-up, reader.page-down, reader.page-up.
[keymap]
# next-hit = "ctrl+n"
# previous-hit = "ctrl+o"
# toggle-sort = "f2"
# list.down = "j,down,ctrl+e"  # several keys; ids with dots work quoted or not
"""


def write_default(path: Path, *, force: bool = False) -> Path | None:
    """Write ``TEMPLATE`` to ``path`` (folders made as needed), atomically.

    An existing file is left alone (``FileExistsError``) unless ``force``, in which case it is
    kept as ``<name>.bak`` first; returns that backup's path, if any.
    """
    backup: Path | None = None
    if path.is_symlink():
        path = path.resolve()  # a config kept elsewhere (dotfiles): write where it points
    if path.exists():
        if not force:
            raise FileExistsError(path)
        backup = path.with_name(path.name + ".bak")
        backup.write_bytes(path.read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, TEMPLATE.encode("utf-8"))
    return backup
