"""Just enough Markdown: find the leading heading and reduce the markup to readable text."""

from __future__ import annotations

import re

_ATX = re.compile(r"^#{1,2}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
# Every repeat stops at the next opener of its own kind ("[", "*", "_", "<", "`"), so a
# 1 MB line of openers without closers costs linear time, not quadratic.
_INLINE = [
    (re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)"), ""),  # images
    (re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<https?://[^<>\s]+>"), ""),
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),  # inline HTML tags
    (re.compile(r"\*\*(?=[^\s*])([^*]+)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"__(?=[^\s_])([^_]+)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_]+)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
]
_LINE_RULES = [
    (re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?$"), r"\1"),  # headings
    (re.compile(r"^(?:>[ \t]?)+"), ""),  # block quotes
    (re.compile(r"^[-*+][ \t]+"), "• "),  # bullets
]
_DROP = re.compile(  # code fences, horizontal rules, link reference definitions
    r"^(?:```.*|~~~.*|(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|\[[^\]]+\]:\s*\S+.*)$"
)


def take_heading(lines: list[str]) -> str:
    """Pop and return a leading ``# Heading`` (or a setext heading), else return ""."""
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return ""
    match = _ATX.match(lines[first])
    if match:
        del lines[: first + 1]
        return match.group(1).strip()
    if first + 1 < len(lines) and _SETEXT.match(lines[first + 1]) and "=" in lines[first + 1]:
        title = lines[first]
        del lines[: first + 2]
        return title
    return ""


def strip_markdown(lines: list[str]) -> list[str]:
    """Markdown lines reduced to plain text (links to their words, markup characters gone)."""
    out: list[str] = []
    for line in lines:
        if _DROP.match(line):
            out.append("")
            continue
        for pattern, repl in _LINE_RULES:
            line = pattern.sub(repl, line)
        for pattern, repl in _INLINE:
            line = pattern.sub(repl, line)
        out.append(line.strip())
    return out
