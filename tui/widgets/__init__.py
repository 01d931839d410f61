"""Widgets of the reader: query bar, virtual article list, reading pane, status line, sidebar."""
