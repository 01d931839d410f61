"""How newsdesk declares keys: every key a ``Binding`` with an id, resolved as it is read.

Textual resolves ordinary bindings late: the key first goes to the focused widget's queue and
its binding is looked up when it bubbles back to the app, against whatever has focus *then*.
A fast typist (or a pasted ``/query<Enter>j``) can therefore have ``j`` applied to the pane
that Enter just moved to. Priority bindings are resolved in order as keys arrive, so all of
newsdesk's keys are priority bindings. Keys a text field consumes (letters in the query bar)
are still left to the field: Textual drops them from the binding chain while it has focus.
"""

from __future__ import annotations

from textual.binding import Binding


def paging_bindings(scope: str, *, show_page_down: bool = False) -> list[Binding]:
    """The paging keys every scrolling pane shares (``page(n)`` and ``half_page(n)`` actions),
    with ids ``<scope>.page-down``, ``.page-up``, ``.half-page-down`` and ``.half-page-up``."""
    return [
        bind("space,pagedown", "page(1)", "Page down", show=show_page_down, key_display="space",
             id=f"{scope}.page-down"),
        bind("ctrl+b,pageup", "page(-1)", "Page up", show=False, id=f"{scope}.page-up"),
        bind("ctrl+d", "half_page(1)", "Half page down", show=False, id=f"{scope}.half-page-down"),
        bind("ctrl+u", "half_page(-1)", "Half page up", show=False, id=f"{scope}.half-page-up"),
    ]


def bind(
    keys: str,
    action: str,
    description: str,
    *,
    id: str,  # noqa: A002 - Textual's name; the keymap uses it
    show: bool = True,
    tooltip: str = "",
    key_display: str | None = None,
) -> Binding:
    """A priority ``Binding`` with an id (see the module docstring)."""
    return Binding(
        keys,
        action,
        description,
        show=show,
        key_display=key_display,
        priority=True,
        tooltip=tooltip,
        id=id,
    )
