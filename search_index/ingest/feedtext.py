"""Feed XML made well-formed where the web writes it loosely, and feed text made plain.

Feeds in the wild use HTML's named entities without declaring them (``&eacute;``, ``&nbsp;``,
``&mdash;``) and bare ``&`` in links ("?id=1&page=2"): an XML parser stops at the first one.
Here, outside CDATA sections, an HTML name becomes the numeric reference of its characters, an
unknown name or a bare ``&`` becomes ``&amp;`` (the text as written), and XML's own five names,
numeric references and entities the document declares (screened before, see
``feed.screen_entities``) stay. Nothing is expanded from a DTD: the names come from HTML's
fixed table.
"""

from __future__ import annotations

import html.entities
import re

_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_AMPERSAND = re.compile(r"&(?:(#\d{1,7};|#[xX][0-9a-fA-F]{1,6};)|([A-Za-z_][\w.-]{0,31});)?")
_XML_NAMES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_DECLARED = re.compile(r"<!ENTITY\s+([^\s%\"'<>]+)", re.IGNORECASE)
_MARKUP = re.compile(r"<(?:[A-Za-z][\w:-]*[\s/>]|/[A-Za-z]|!--|!\[CDATA\[|!DOCTYPE)", re.IGNORECASE)


def _numeric(text: str) -> str:
    """``text`` as XML numeric character references."""
    return "".join(f"&#{ord(char)};" for char in text)


def _declared(text: str) -> frozenset[str]:
    """The entity names the document's own DTD declares (before any CDATA section)."""
    cdata = text.find("<![CDATA[")
    head = text if cdata < 0 else text[:cdata]
    return frozenset(_DECLARED.findall(head))


def repair_references(text: str) -> str:
    """Feed XML with undeclared HTML entities and bare ampersands written the XML way."""
    if "&" not in text:
        return text
    declared = _declared(text)

    def fix(match: re.Match[str]) -> str:
        numeric, name = match.groups()
        if numeric:
            return match.group(0)
        if name is None:
            return "&amp;"
        if name in _XML_NAMES or name in declared:
            return match.group(0)
        named = html.entities.html5.get(f"{name};")
        return _numeric(named) if named else f"&amp;{name};"

    parts = _CDATA.split(text)
    for index in range(0, len(parts), 2):  # odd indexes are CDATA sections, left as they are
        if "&" in parts[index]:
            parts[index] = _AMPERSAND.sub(fix, parts[index])
    return "".join(parts)


def has_markup(text: str) -> bool:
    """True when text said to be plain holds HTML tags (``<br />``, ``<script>``, a DOCTYPE)."""
    return "<" in text and _MARKUP.search(text) is not None
