"""Cheap language check: the English rules guess names only in English text.

Counts lower-case function words that belong to one language only ("und", "nicht", "les",
"não") against English ones in the first few hundred words. German capitalises every noun, so
without this check "Milliarden Euro" or "Von Stefan Krempl" would become people.
"""

from __future__ import annotations

from .tokens import RUN, WORD, Tok, fold

_ENGLISH = frozenset(
    "the of and to is that for it with was on as by at from are be this have "
    "has were said not but which its their would will been they".split()
)
# Function words of other languages that are not also English words.
_OTHER = {
    "de": frozenset(
        "der das und ist nicht mit von zu im auf für sich des dem ein eine einen "
        "auch wird werden bei nach aus oder wie über sind hat noch nur vom zum zur "
        "durch wurde können soll gegen den ins wir haben einer eines wieder jetzt "
        "kein keine vor unter zwischen seine ihre".split()
    ),
    "fr": frozenset(
        "le les et est une pour dans que qui du au sur par pas ne se plus avec "
        "sont ont été cette aux leur être".split()
    ),
    "es-pt": frozenset(
        "el los las y que del por con para una es al lo como más da em os "
        "com não uma dos das ao na é pelo pela foi seu sua".split()
    ),
    "nl": frozenset("het een en zijn voor niet dat op ook wordt worden naar bij maar".split()),
    "it": frozenset("il di che della gli sono per non nel alla dei delle questo anche".split()),
}
_OTHER = {lang: frozenset(fold(w) for w in vocab) for lang, vocab in _OTHER.items()}
_SAMPLE = 400
# Letters that mark a word as German or Portuguese/Spanish ("übernimmt", "não", "ação").
_MARKS = {"de": frozenset("äöüßÄÖÜ"), "es-pt": frozenset("ãõçñÃÕÇÑ")}


def is_english(toks: list[Tok]) -> bool:
    """True unless another language's function words clearly outnumber English ones."""
    english = 0
    other = dict.fromkeys(_OTHER, 0)
    seen = 0
    for t in toks:
        if t.kind == RUN:
            words = t.text.split()
        elif t.kind == WORD:
            if not t.text.isascii():
                for lang, marks in _MARKS.items():
                    if any(c in marks for c in t.text):
                        other[lang] += 1
            if t.cap:
                continue
            words = [t.fold]
        else:
            continue
        for w in words:
            seen += 1
            if w in _ENGLISH:
                english += 1
            else:
                for lang, vocab in _OTHER.items():
                    if w in vocab:
                        other[lang] += 1
        if seen >= _SAMPLE or english >= 25 and english > 3 * max(other.values()):
            break  # plainly English (or enough read)
    best = max(other.values())
    return not (best >= 3 and best > english)
