"""English forms that no stemmer joins: irregular verbs and nouns, and numbers as digits or words.

A person remembers "Verizon wins MCI" where the article wrote "won", "output rises" where it
wrote "rose", "5 million copies" where it wrote "five". Porter stemming joins regular
inflections (wins, winning -> win) but not these, so the query missed or ranked the article
low. ``GROUPS`` lists the base form and the irregular forms of common English verbs and nouns
(a regular inflection of the base finds them too: "wins" -> "won"); forms whose other meaning
is the commoner one in news (left, met, fed, bit, sat, struck, lie/lay, bound, ground, wound,
bear) are left out. ``NUMBERS`` pairs the digits 2 to 20 and the tens with their words (0 and 1
stand for too much else).
"""

from __future__ import annotations

from functools import cache

_VERBS = """
arise arose arisen; awake awoke awoken; beat beaten; become became; begin began begun;
bend bent; bet; bite bitten; bleed bled; blow blew blown; break broke broken;
breed bred; bring brought; broadcast; build built; burn burnt; burst; buy bought;
catch caught; choose chose chosen; cling clung; come came; cost; creep crept; cut;
deal dealt; dig dug; draw drew drawn; dream dreamt; drink drank drunk; drive drove driven;
eat ate eaten; fall fell fallen; feel felt; fight fought; find found; flee fled;
fly flew flown; forbid forbade forbidden; forecast; foresee foresaw foreseen;
forget forgot forgotten; forgive forgave forgiven; freeze froze frozen; get got gotten;
give gave given; go went gone; grow grew grown; hang hung; hear heard; hide hid hidden;
hit; hold held; hurt; keep kept; kneel knelt; know knew known; lead led; lean leant;
leap leapt; learn learnt; lend lent; let; light lit; lose lost; make made; mean meant;
mislead misled; mistake mistook mistaken; overcome overcame; overtake overtook
overtaken; overthrow overthrew overthrown; pay paid; prove proven; put; quit; read;
rebuild rebuilt; rid; ride rode ridden; ring rang rung; rise rose risen; run ran;
say said; see saw seen; seek sought; sell sold; send sent; set; shake shook shaken;
shed; shine shone; shoot shot; show shown; shrink shrank shrunk; shut; sing sang sung;
sink sank sunk; sleep slept; slide slid; speak spoke spoken; speed sped;
spend spent; spin spun; split; spread; stand stood; steal stole
stolen; stick stuck; sting stung; strive strove striven; swear swore sworn;
sweep swept; swim swam swum; swing swung; take took taken; teach taught; tell told;
think thought; throw threw thrown; undergo underwent undergone; understand understood;
undertake undertook undertaken; upset; uphold upheld; wake woke woken; wear wore worn;
weep wept; win won; withdraw withdrew withdrawn; withhold withheld; write wrote written
"""
_NOUNS = """
man men; woman women; child children; foot feet; tooth teeth; mouse mice; goose geese;
wife wives; knife knives; thief thieves; wolf wolves; shelf shelves; half halves;
crisis crises; analysis analyses; thesis theses; diagnosis diagnoses; criterion criteria;
phenomenon phenomena; nucleus nuclei; stimulus stimuli; fungus fungi; cactus cacti;
businessman businessmen; chairman chairmen; spokesman spokesmen; spokeswoman spokeswomen;
policeman policemen; fisherman fishermen; sportsman sportsmen; gunman gunmen
"""
_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()

GROUPS: tuple[tuple[str, ...], ...] = tuple(
    tuple(group.split())
    for table in (_VERBS, _NOUNS)
    for group in table.replace("\n", " ").split(";")
    if len(group.split()) > 1
)
"""Each verb's or noun's base form first, then its irregular forms."""
_BASES = frozenset(group[0] for group in GROUPS)

NUMBERS: tuple[tuple[str, str], ...] = (
    *((str(n), word) for n, word in enumerate(_NUMBER_WORDS, 2)),
    *(
        (str(n), word)
        for n, word in zip(
            range(30, 100, 10),
            "thirty forty fifty sixty seventy eighty ninety".split(),
            strict=True,
        )
    ),
)
"""(digits, word) for 2 to 20 and the tens to 90."""


@cache
def _table() -> dict[str, tuple[str, ...]]:
    """Every listed form -> the other forms of its word (a number's digits <-> its word)."""
    table: dict[str, tuple[str, ...]] = {}
    for group in (*GROUPS, *NUMBERS):
        for form in group:
            table[form] = tuple(dict.fromkeys((*table.get(form, ()), *group)))
    return {form: tuple(f for f in others if f != form) for form, others in table.items()}


def _bases(word: str) -> list[str]:
    """``word`` and the base forms a regular inflection of it may come from (``rises`` ->
    rise, ``winning`` -> win, ``goes`` -> go)."""
    found = [word]
    if word.endswith("ies"):
        found.append(word[:-3] + "y")
    if word.endswith("es"):
        found.append(word[:-2])
    if word.endswith("s"):
        found.append(word[:-1])
    for ending in ("ing", "ed"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            found += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                found.append(stem[:-1])
    return found


def other_forms(word: str) -> tuple[str, ...]:
    """The other forms of ``word`` (folded) listed in ``GROUPS`` or ``NUMBERS``, as written or
    as a regular inflection of a base form listed there; () for a word not listed."""
    table = _table()
    if word in table:
        return table[word]
    for base in _bases(word)[1:]:
        if base in _BASES:
            return tuple(f for f in (base, *table[base]) if f != word)
    return ()
