"""Rule-based named-entity extraction: people, organisations, places and groups.

``extract_entities(title, body)`` returns canonical entities with their aliases merged within
the article; ``extract`` also returns the lone words it may use as surnames (``surnames.py``). The name data (GeoNames places, census first names, an English word list and
hand-written tables of organisations and nationalities) is loaded lazily on the first call.
"""

from __future__ import annotations

from .extract import Extraction, extract, extract_entities

__all__ = ["Extraction", "extract", "extract_entities"]
