"""Entity extraction (people, organisations, places, groups) - being built, see ARCHITECTURE.md."""

from __future__ import annotations

from ..models import Entity


def extract_entities(title: str, body: str) -> list[Entity]:
    """Return the canonical entities of one article."""
    return []
