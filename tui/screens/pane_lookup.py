"""``PaneLookup``: a screen attribute that finds one of its panes by id, typed."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from textual.dom import DOMNode
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


class PaneLookup(Generic[W]):
    """``articles = PaneLookup("#articles", ArticleList)``: ``screen.articles`` is that pane
    (``query_one`` on each read, so it is never stale across remounts)."""

    def __init__(self, selector: str, kind: type[W]) -> None:
        self.selector = selector
        self.kind = kind

    @overload
    def __get__(self, node: None, owner: Any) -> PaneLookup[W]: ...
    @overload
    def __get__(self, node: DOMNode, owner: Any) -> W: ...
    def __get__(self, node: DOMNode | None, owner: Any) -> PaneLookup[W] | W:
        if node is None:
            return self
        return node.query_one(self.selector, self.kind)
