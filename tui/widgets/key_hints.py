"""The footer: the focused pane's keys on one line, drawn as one widget.

Textual's ``Footer`` rebuilds a widget per key whenever the active bindings change, which
they do on every Tab between panes: with a dozen keys that cost ~20 ms per focus change
(measured on the 60k index), most of the Tab latency. This footer renders one ``Text``
line from the same bindings and repaints only when what it shows changes; a click on a key
presses it, as in Textual's footer.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyHint(NamedTuple):
    """One key as shown: what to press, what it does, whether it does anything now."""

    key: str
    display: str
    description: str
    enabled: bool


class KeyHints(Widget):
    """One line of key hints for the active bindings (plus the palette key at the right)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-hints--key", "key-hints--description", "key-hints--separator"}
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        .key-hints--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-hints--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-hints--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._hints: tuple[KeyHint, ...] = ()
        self._palette: KeyHint | None = None
        self._compact = compact
        self._spans: list[tuple[int, int, str]] = []
        """(start, end, key) of each hint in the last rendered line, for clicks."""

    @property
    def compact(self) -> bool:
        """Less space between keys (narrow windows)."""
        return self._compact

    @compact.setter
    def compact(self, value: bool) -> None:
        if value != self._compact:
            self._compact = value
            self.refresh()

    @property
    def hints(self) -> tuple[KeyHint, ...]:
        """The keys shown, left to right (the palette key excluded)."""
        return self._hints

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        hints, palette = self._collect(screen)
        if (hints, palette) != (self._hints, self._palette):
            self._hints, self._palette = hints, palette
            self.refresh()

    def _collect(self, screen: Screen) -> tuple[tuple[KeyHint, ...], KeyHint | None]:
        """The shown bindings, one per action (the first key wins), in binding order."""
        app = self.app
        by_action: dict[str, KeyHint] = {}
        palette: KeyHint | None = None
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = KeyHint(key, app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show:
                continue
            if binding.action not in by_action:
                hint = KeyHint(key, app.get_key_display(binding), binding.description, enabled)
                by_action[binding.action] = hint
        return tuple(by_action.values()), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-hints--key")
        description_style = self.get_component_rich_style("key-hints--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for hint in self._hints:
            start = len(line)
            if self._compact:
                line.append(hint.display, key_style)
                line.append(f" {hint.description} ", description_style)
            else:
                line.append(f" {hint.display} ", key_style)
                line.append(f"{hint.description} ", description_style)
            if not hint.enabled:
                line.stylize("dim", start)
            self._spans.append((start, len(line), hint.key))
        if self._palette is not None:
            label = Text.assemble(
                ("▏", self.get_component_rich_style("key-hints--separator")),
                (self._palette.display, key_style),
                (f" {self._palette.description}", description_style),
            )
            room = self.size.width - len(line) - len(label)
            if room >= 1:
                line.append(" " * room)
                self._spans.append((len(line), len(line) + len(label), self._palette.key))
                line.append_text(label)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
