"""Stories: the articles of a result set grouped by the event they report.

An article is described by its named entities (weighted by how rare they are in the
collection, and less the more of the result set names them) and the words of its title
(weighted by how rare they are in the result set), as a unit vector: what the query itself
asked for, which every result shares, counts for little. Articles are taken in result order,
the dated ones first (so that stories take their dates from them); each joins the story whose
centroid it is closest to (cosine) when that reaches ``THRESHOLD`` and its date lies within
``DAYS`` of the story's dates, else it starts a story. A late article cannot chain two events
together (it must be close to the whole story, not to one member). Each story is listed in
result order, led by its best-ranked article, and the stories in the order of their leads. The stories compared are those
sharing a feature with the article, their cosines summed feature by feature.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

THRESHOLD = 0.34
"""Cosine between an article and a story's centroid from which the article joins it."""
DAYS = 4.0
"""How far (days) a dated article may lie outside a story's dates and still join it."""
MAX_HELD = 300
"""A feature held by more stories than this (a name or word most results share) is left out
of the comparison: it says little, and it would make grouping quadratic."""
TITLE_WEIGHT = 1.2
"""A title word counts this much more than an entity of the same rarity."""
MIN_SET = 50
"""Result sets smaller than this weigh words and entities as if they had this many articles."""
MIN_COLLECTION = 1000
"""Collections smaller than this weigh entities as if they had this many articles (in a
handful of articles every name recurs, which says nothing about events)."""

_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    """the and for with from that this into over after about what more than says said will
    new not are was were has have had its their they them been but out off who how why when
    his her our you your all can may could would should also just now""".split()
)


@dataclass(frozen=True, slots=True)
class Item:
    """What grouping knows of one article: entity numbers, title and POSIX date."""

    entities: Sequence[int]
    title: str
    date: float | None


@dataclass(slots=True)
class _Story:
    members: list[int] = field(default_factory=list)
    centroid: dict[object, float] = field(default_factory=dict)
    norm2: float = 0.0
    first: float | None = None
    last: float | None = None

    def admits(self, date: float | None) -> bool:
        if date is None or self.first is None or self.last is None:
            return True
        slack = DAYS * 86400.0
        return self.first - slack <= date <= self.last + slack

    def add(self, number: int, vector: dict[object, float], date: float | None) -> None:
        dot = sum(weight * self.centroid.get(key, 0.0) for key, weight in vector.items())
        self.norm2 += 2.0 * dot + 1.0
        for key, weight in vector.items():
            self.centroid[key] = self.centroid.get(key, 0.0) + weight
        self.members.append(number)
        if date is not None:
            self.first = date if self.first is None else min(self.first, date)
            self.last = date if self.last is None else max(self.last, date)


def title_words(title: str) -> set[str]:
    """The words of a title that can say what it is about (lowercase, plural ``s`` off)."""
    words = set()
    for word in _WORD.findall(title.lower()):
        if word in _STOP:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


def group(items: Sequence[Item], entity_df: Callable[[int], int], size: int) -> list[list[int]]:
    """The stories of ``items`` (in result order) as sorted lists of their indexes, in the
    order of their first items. ``entity_df`` is how many of the collection's
    ``size`` articles name an entity."""
    words = [title_words(item.title) for item in items]
    word_df = Counter(w for ws in words for w in ws)
    in_set = Counter(n for item in items for n in set(item.entities))
    scale, size = max(len(items), MIN_SET), max(size, MIN_COLLECTION)
    vectors = []
    for item, ws in zip(items, words, strict=True):
        vector: dict[object, float] = {}
        for number in set(item.entities):
            rare = math.log(1.0 + size / max(entity_df(number), 1))
            vector[number] = rare * (1.0 - in_set[number] / scale)
        for word in ws:
            vector[word] = TITLE_WEIGHT * math.log(1.0 + scale / word_df[word])
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({key: w / norm for key, w in vector.items()})
    stories: list[_Story] = []
    holding: dict[object, list[int]] = {}
    """Feature -> the stories whose centroid has it."""
    dated = [n for n, item in enumerate(items) if item.date is not None]
    undated = [n for n, item in enumerate(items) if item.date is None]
    for number in dated + undated:
        item, vector = items[number], vectors[number]
        dots: dict[int, float] = {}
        for key, weight in vector.items():
            held = holding.get(key)
            if held is None or len(held) > MAX_HELD:
                continue
            for story_number in held:
                dot = weight * stories[story_number].centroid[key]
                dots[story_number] = dots.get(story_number, 0.0) + dot
        best, best_score = None, THRESHOLD
        for story_number, dot in dots.items():
            story = stories[story_number]
            score = dot / math.sqrt(story.norm2)
            if score >= best_score and story.admits(item.date):
                best, best_score = story_number, score
        if best is None:
            best = len(stories)
            stories.append(_Story())
        story = stories[best]
        for key in vector:
            if key not in story.centroid:
                holding.setdefault(key, []).append(best)
        story.add(number, vector, item.date)
    return sorted((sorted(story.members) for story in stories), key=lambda members: members[0])
