"""Highlighting: which characters of a text a query matched, and one-line snippets around them.

The text is analysed with the body analyzer, so a token matches when its *indexed* form matches
a query term: stems (``clash`` marks ``clashes``), accent folding, whole phrases only, prefixes
on the words as written (``governm*`` marks ``government``, not ``governed``), and fuzzy words
as themselves (stemmed) and through the same capped expansion of the words as written as the
search (resolved once per query by the searcher, never per text). Negated terms are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..models import Span
from ..query.parser import And, Node, Not, Or, Phrase, Word, is_entity_field
from .analysis import folded_words, spans_tokens
from .schema import FOLDED_ANALYZER, TEXT_ANALYZER, WORD_FIELDS
from .translate import tokens

SNIPPET_SCAN = 20_000
"""Characters of a body examined for a snippet (long posts are cut, the window is near the top)."""

Expand = Callable[[str, str, str, int], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class HighlightPlan:
    """What to mark: stemmed terms and phrases, and prefixes of words as written (folded)."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefixes: tuple[str, ...] = ()
    """Folded prefixes: every word as written that starts with one is marked."""
    words: frozenset[str] = frozenset()
    """Folded words a fuzzy word was expanded to."""
    fuzzy: tuple[tuple[str, int], ...] = ()
    """(folded word, max distance) pairs still to expand against the index vocabulary."""
    plain: tuple[str, ...] = ()
    """Folded plain title/body words whose derived forms (``variants.py``) are still to add."""

    def resolve(
        self, expand: Expand, variants: Callable[[str], tuple[tuple[str, float], ...]] | None = None
    ) -> HighlightPlan:
        """Replace the fuzzy words by the index words they match and add the derived forms of
        plain words (once per query), exactly as the search expanded them."""
        if not self.fuzzy and (variants is None or not self.plain):
            return self
        words = set(self.words)
        for field in WORD_FIELDS.values():
            for word, dist in self.fuzzy:
                words.update(expand(field, word, "fuzzy", dist))
        stems = {stem for word, _ in self.fuzzy for stem in tokens(TEXT_ANALYZER, word)}
        if variants is not None:
            derived = (v for word in self.plain for v, _weight in variants(word))
            stems.update(stem for v in derived for stem in tokens(TEXT_ANALYZER, v))
        return replace(self, terms=self.terms | stems, words=frozenset(words), fuzzy=(), plain=())


def plan_for(node: Node | None) -> HighlightPlan:
    """The highlight plan of a parsed query (negated parts contribute nothing)."""
    terms: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    fuzzy: list[tuple[str, int]] = []
    plain: list[str] = []

    def add_words(words: list[str]) -> None:
        if len(words) == 1:
            terms.add(words[0])
        elif words:
            phrases.append(tuple(words))

    def walk(n: Node) -> None:
        if isinstance(n, Not):
            return
        if isinstance(n, (And, Or)):
            for item in n.items:
                walk(item)
        elif isinstance(n, Phrase) and (
            n.field in (None, "title", "body") or is_entity_field(n.field)
        ):
            add_words(tokens(TEXT_ANALYZER, n.text))
        elif isinstance(n, Word) and n.field in (None, "title", "body"):
            if n.kind == "term":
                add_words(tokens(TEXT_ANALYZER, n.text))
                plain.extend(tokens(FOLDED_ANALYZER, n.text)[:1])
            elif n.kind == "prefix":
                words = folded_words(n.text)
                for w in words[:-1]:
                    add_words(tokens(TEXT_ANALYZER, w))
                if words:
                    prefixes.append(words[-1])
            else:
                fuzzy.extend((w, n.maxdist) for w in tokens(FOLDED_ANALYZER, n.text))
        elif isinstance(n, Word) and is_entity_field(n.field) and n.kind == "term":
            add_words(tokens(TEXT_ANALYZER, n.text))

    if node is not None:
        walk(node)
    return HighlightPlan(
        frozenset(terms), tuple(phrases), tuple(prefixes), frozenset(), tuple(fuzzy), tuple(plain)
    )


def spans(plan: HighlightPlan, text: str) -> tuple[Span, ...]:
    """The sorted, non-overlapping spans of ``text`` that ``plan`` marks."""
    if not text or not (plan.terms or plan.phrases or plan.prefixes or plan.words):
        return ()
    toks = spans_tokens(text)
    found: list[tuple[int, int]] = []
    terms, words, prefixes = plan.terms, plan.words, plan.prefixes
    for stem, word, start, end, _ in toks:
        if stem in terms or word in words or (prefixes and word.startswith(prefixes)):
            found.append((start, end))
    if plan.phrases:
        where: dict[str, list[int]] = {}
        for n, tok in enumerate(toks):
            where.setdefault(tok[0], []).append(n)
        for phrase in plan.phrases:
            k = len(phrase)
            for n in where.get(phrase[0], ()):
                if n + k <= len(toks) and all(
                    toks[n + j][0] == phrase[j] and toks[n + j][4] == toks[n][4] + j
                    for j in range(1, k)
                ):
                    found.append((toks[n][2], toks[n + k - 1][3]))
    return _merge(found)


def _merge(found: list[tuple[int, int]]) -> tuple[Span, ...]:
    """Sort spans and join the overlapping ones."""
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(Span(s, e) for s, e in merged)


def _best_window(marks: tuple[Span, ...], width: int) -> tuple[int, int]:
    """First and last index of the marks that fit most densely into ``width`` characters."""
    best, best_i, best_j, j = 0, 0, 0, 0
    for i, mark in enumerate(marks):
        j = max(j, i)
        while j + 1 < len(marks) and marks[j + 1].end - mark.start <= width:
            j += 1
        if j - i + 1 > best:
            best, best_i, best_j = j - i + 1, i, j
    return best_i, best_j


def snippet(plan: HighlightPlan, body: str, width: int = 160) -> tuple[str, tuple[Span, ...]]:
    """A one-line window of about ``width`` characters around the densest marks of ``body``,
    cut on word boundaries, with "…" where it was cut and spans relative to the snippet."""
    flat = " ".join(body[:SNIPPET_SCAN].split())
    if len(flat) <= width:
        return flat, spans(plan, flat)
    marks = spans(plan, flat)
    if marks:
        i, j = _best_window(marks, width)
        first, last = marks[i].start, marks[j].end
        slack = max(0, width - (last - first))
        start = max(0, min(first - slack // 3, len(flat) - width))
    else:
        first = last = start = 0
    end = min(len(flat), start + width)
    if start > 0 and flat[start - 1] != " ":  # move the start to a word boundary
        nxt = flat.find(" ", start, first if marks else end)
        start = nxt + 1 if nxt >= 0 else (flat.rfind(" ", 0, start) + 1)
    if end < len(flat) and flat[end] != " ":  # and the end
        cut = flat.rfind(" ", max(start, last), end)
        end = cut if cut > start else (flat.find(" ", end) if " " in flat[end:] else len(flat))
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(flat) else ""
    shift = len(lead) - start
    inside = tuple(
        Span(max(m.start, start) + shift, min(m.end, end) + shift)
        for m in marks
        if m.end > start and m.start < end
    )
    return lead + flat[start:end] + tail, inside
