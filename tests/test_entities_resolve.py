"""Collection-level resolution (issue 16): short forms linked to the name the collection uses,
shared surnames kept apart, incremental updates, and the within-article patterns it relies on."""

from __future__ import annotations

import pickle

from search_index.entities import extract_entities
from search_index.entities.resolve import EntityTable, key_form, resolve_collection, surname
from search_index.models import Entity


def P(name: str, *aliases: str, count: int = 1) -> Entity:
    return Entity(name, "PERSON", tuple(aliases) or (name,), count)


def org(name: str, *aliases: str, count: int = 1) -> Entity:
    return Entity(name, "ORG", tuple(aliases) or (name,), count)


def rows(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def test_surname_alone_resolves_to_the_one_full_name_the_collection_knows() -> None:
    table, out = resolve_collection(
        {
            "a": [P("Tony Blair", "Tony Blair", "Blair", "Mr Blair", count=3)],
            "b": [P("Blair", "Blair", "Mr Blair", count=2), org("Labour")],
        }
    )
    b = rows(out["b"])
    assert "Blair" not in b
    assert b["Tony Blair"].count == 2
    assert {"Blair", "Mr Blair"} <= set(b["Tony Blair"].aliases)


def test_surname_shared_by_two_people_stays_alone_and_says_who() -> None:
    table, out = resolve_collection(
        {
            "a": [P("Gordon Brown", "Gordon Brown", "Brown")],
            "b": [P("Nick Brown", "Nick Brown", "Mr Brown")],
            "c": [P("Brown", "Brown", "Mr Brown")],
        }
    )
    assert [e.name for e in out["c"]] == ["Brown"]
    assert set(table.candidates("PERSON", "Brown")) == {"Gordon Brown", "Nick Brown"}


def test_a_first_name_alone_is_not_guessed_to_be_someone() -> None:
    _, out = resolve_collection(
        {"a": [P("Sheila Ferguson", "Sheila Ferguson", "Sheila", "Ferguson")], "b": [P("Sheila")]}
    )
    assert [e.name for e in out["b"]] == ["Sheila"]


def test_a_royal_or_peer_title_blocks_the_surname_link() -> None:
    _, out = resolve_collection(
        {"a": [P("Ray Charles")], "b": [P("Charles", "Charles", "Prince Charles")]}
    )
    assert [e.name for e in out["b"]] == ["Charles"]


def test_acronym_and_long_name_become_one_row_named_by_the_more_used() -> None:
    _, out = resolve_collection(
        {
            "a": [org("Kosovo Force", "Kosovo Force", "KFOR")],
            "b": [org("Kosovo Force")],
            "c": [org("KFOR")],
        }
    )
    assert [e.name for e in out["c"]] == ["Kosovo Force"]
    assert "KFOR" in out["c"][0].aliases


def test_spellings_that_differ_in_case_periods_or_sir_are_one_row() -> None:
    _, out = resolve_collection(
        {
            "a": [P("George W Bush")],
            "b": [P("George W Bush")],
            "c": [P("George W. Bush")],
            "d": [org("WorldCom")],
            "e": [org("Worldcom")],
            "f": [org("WorldCom")],
            "g": [P("Sir John Stevens", "Sir John Stevens", "John Stevens")],
            "h": [P("John Stevens")],
            "i": [P("John Stevens")],
        }
    )
    assert out["c"][0].name == "George W Bush"
    assert out["e"][0].name == "WorldCom"
    assert out["g"][0].name == "John Stevens"


def test_two_rows_of_one_article_that_meet_are_merged() -> None:
    table = EntityTable()
    table.add([P("Albin Kurti", "Albin Kurti", "Kurti")])
    merged = table.resolve([P("Kurti", count=2), P("Albin Kurti", count=1)])
    assert len(merged) == 1 and merged[0].name == "Albin Kurti" and merged[0].count == 3


def test_adding_and_removing_an_article_is_incremental() -> None:
    table = EntityTable()
    table.add([P("Gordon Brown", "Gordon Brown", "Brown")])
    assert table.resolve([P("Brown")])[0].name == "Gordon Brown"
    nick = [P("Nick Brown", "Nick Brown", "Mr Brown")]
    table.add(nick)
    assert table.resolve([P("Brown")])[0].name == "Brown"
    table.remove(nick)
    assert table.resolve([P("Brown")])[0].name == "Gordon Brown"
    assert ("PERSON", "Nick Brown") not in table.rows


def test_table_survives_a_pickle_round_trip() -> None:
    table = EntityTable()
    table.add(
        [P("Gordon Brown", "Gordon Brown", "Brown"), org("Kosovo Force", "Kosovo Force", "KFOR")]
    )
    again = EntityTable.from_state(pickle.loads(pickle.dumps(table.state())))
    assert again.resolve([P("Brown")])[0].name == "Gordon Brown"
    assert again.resolve([org("KFOR")])[0].name == "Kosovo Force"
    again.add([P("Nick Brown", "Nick Brown", "Brown")])
    assert again.resolve([P("Brown")])[0].name == "Brown"
    assert again.state() != table.state()


def test_name_forms() -> None:
    assert surname("Harry Connick Jr") == "connick"
    assert surname("Sir Alex Ferguson") == "ferguson"
    assert surname("Chancellor Lord Falconer") == ""
    assert surname("Blair") == ""
    assert key_form("George W. Bush") == key_form("George W Bush")
    assert key_form("Sir John Stevens", "PERSON") == "john stevens"
    assert key_form("Lord Goldsmith", "PERSON") == "lord goldsmith"


# -- within one article -------------------------------------------------------------------


def test_title_and_surname_joins_the_full_name() -> None:
    body = (
        "Chancellor of the Exchequer Gordon Brown spoke first. Later Chancellor Brown "
        "said the Budget was fair, and Mr Brown left."
    )
    people = [e for e in extract_entities("", body) if e.type == "PERSON"]
    assert [p.name for p in people] == ["Gordon Brown"]
    assert people[0].count == 3


def test_abbreviation_after_a_comma_and_the_long_form() -> None:
    body = "The WRU, the Welsh Rugby Union, said it would act. The WRU later met the players."
    orgs = [e for e in extract_entities("", body) if e.type == "ORG"]
    assert len(orgs) == 1 and orgs[0].name == "Welsh Rugby Union"
    assert "WRU" in orgs[0].aliases


def test_curated_acronyms_no_pattern_can_learn() -> None:
    body = "KFOR troops moved in on Monday. EULEX said its judges would stay. KFOR agreed."
    found = {e.name: e for e in extract_entities("", body)}
    assert found["Kosovo Force"].type == "ORG" and "KFOR" in found["Kosovo Force"].aliases
    assert found["Kosovo Force"].count == 2
    assert found["EULEX"].type == "ORG"


def test_a_surname_goes_to_the_full_name_that_dominates_it() -> None:
    """Nine articles name Gordon Brown in full and one names Nick Brown: "Mr Brown" alone is
    Gordon Brown (9 of 10 >= 3/4), and the reader is still told who else it might be."""
    articles: dict[str, list[Entity]] = {
        f"g{n}": [P("Gordon Brown", "Gordon Brown", "Mr Brown")] for n in range(9)
    }
    articles["n"] = [P("Nick Brown", "Nick Brown")]
    articles["bare"] = [P("Brown", "Brown", "Mr Brown")]
    table, out = resolve_collection(articles)
    assert [e.name for e in out["bare"]] == ["Gordon Brown"]
    assert table.candidates("PERSON", "Brown")[:2] == ["Gordon Brown", "Nick Brown"]


def test_a_surname_shared_in_comparable_numbers_stays_alone() -> None:
    """Three articles for Gordon Brown, two for Nick Brown: 3 of 5 is under 3/4."""
    articles: dict[str, list[Entity]] = {f"g{n}": [P("Gordon Brown")] for n in range(3)}
    articles.update({f"n{n}": [P("Nick Brown")] for n in range(2)})
    articles["bare"] = [P("Brown", "Brown", "Mr Brown")]
    table, out = resolve_collection(articles)
    assert [e.name for e in out["bare"]] == ["Brown"]
    assert set(table.candidates("PERSON", "Brown")) == {"Gordon Brown", "Nick Brown"}


def test_one_dominant_article_is_not_enough_when_another_full_name_exists() -> None:
    """A single article cannot dominate: with one Gordon and one Nick, "Brown" stays."""
    articles = {"g": [P("Gordon Brown")], "n": [P("Nick Brown")], "bare": [P("Brown")]}
    assert [e.name for e in resolve_collection(articles)[1]["bare"]] == ["Brown"]


def test_dominance_follows_incremental_updates() -> None:
    """Adding Nick Brown articles until the share drops under 3/4 re-targets "Brown"."""
    table = EntityTable()
    for _ in range(3):
        table.add([P("Gordon Brown")])
    table.add([P("Brown")])
    assert table.target("PERSON", "Brown") == "Gordon Brown"
    nick = [P("Nick Brown")]
    assert ("PERSON", "Brown") in table.affected(nick)
    table.add(nick)
    assert table.target("PERSON", "Brown") == "Gordon Brown"  # 3 of 4
    table.add(nick)
    assert table.target("PERSON", "Brown") == "Brown"  # 3 of 5
    table.remove(nick)
    assert table.target("PERSON", "Brown") == "Gordon Brown"


def test_a_full_name_without_its_middle_initial_joins_the_fuller_one() -> None:
    articles: dict[str, list[Entity]] = {f"w{n}": [P("George W Bush")] for n in range(3)}
    articles["short"] = [P("George Bush", "George Bush", "Mr Bush")]
    articles["bare"] = [P("Bush")]
    table, out = resolve_collection(articles)
    assert [e.name for e in out["short"]] == ["George W Bush"]
    assert [e.name for e in out["bare"]] == ["George W Bush"]
    assert ("PERSON", "George Bush") in table.affected([P("George W Bush")])


def test_a_middle_initial_is_not_invented_from_a_rarer_or_different_name() -> None:
    """ "John Smith" stays when "John Q Smith" is rarer, or when two fuller names compete."""
    rare = {"a": [P("John Smith")], "b": [P("John Smith")], "c": [P("John Q Smith")]}
    assert resolve_collection(rare)[1]["a"][0].name == "John Smith"
    two = {"a": [P("John Smith")], "b": [P("John Q Smith")], "c": [P("John R Smith")]}
    assert resolve_collection(two)[1]["a"][0].name == "John Smith"
    other = {"a": [P("Mary Smith")], "b": [P("John Q Smith")], "c": [P("John Q Smith")]}
    assert resolve_collection(other)[1]["a"][0].name == "Mary Smith"


def test_mr_with_a_first_name_of_the_article_is_someone_else() -> None:
    """ "Mr Howard" is a surname: in an article about Howard Pike it is not him, and the
    collection then resolves it like any bare surname."""
    body = "Sacked MP Howard Pike spoke. Mr Howard said he was right to sack Mr Pike."
    ents = {e.name: set(e.aliases) for e in extract_entities("", body)}
    assert "Mr Howard" not in ents["Howard Pike"]
    assert "Mr Howard" in ents["Howard"]
    knight = {
        e.name: set(e.aliases)
        for e in extract_entities("", "Sir Ivor Dane spoke. Sir Ivor agreed.")
    }
    assert "Sir Ivor" in knight["Ivor Dane"]  # a knight is "Sir" and his first name


def test_a_rarer_spelling_with_a_middle_initial_joins_the_plain_name() -> None:
    articles = {f"p{n}": [P("Donna Trelawny")] for n in range(3)}
    articles["initial"] = [P("Donna J. Trelawny", "Donna J. Trelawny", "Trelawny")]
    table, out = resolve_collection(articles)
    assert [e.name for e in out["initial"]] == ["Donna Trelawny"]
    assert ("PERSON", "Donna J. Trelawny") in table.affected([P("Donna Trelawny")])
    # two fuller spellings: father and son are never joined through the plain name
    two = {f"p{n}": [P("George Bush")] for n in range(3)}
    two |= {"w": [P("George W Bush")], "hw": [P("George H W Bush")]}
    out2 = resolve_collection(two)[1]
    assert (out2["w"][0].name, out2["hw"][0].name) == ("George W Bush", "George H W Bush")


def test_a_name_with_a_word_glued_on_joins_the_name_it_extends() -> None:
    articles = {f"p{n}": [P("Ron Baalke")] for n in range(3)}
    articles["sig"] = [P("Ron Baalke Note", "Ron Baalke Note", "Ron Baalke", "Baalke")]
    articles["lead"] = [P("Will Janet Reno", "Will Janet Reno", "Janet Reno")]
    articles["reno"] = [P("Janet Reno")]
    articles["reno2"] = [P("Janet Reno")]
    _, out = resolve_collection(articles)
    assert [e.name for e in out["sig"]] == ["Ron Baalke"]
    assert [e.name for e in out["lead"]] == ["Janet Reno"]
    # a longer name the articles never wrote as the shorter one keeps its row
    other = {
        "a": [P("Sarah Jessica Parker")],
        "b": [P("Jessica Parker")],
        "c": [P("Jessica Parker")],
    }
    assert resolve_collection(other)[1]["a"][0].name == "Sarah Jessica Parker"


def test_a_name_typed_an_organisation_in_enough_articles_is_one_everywhere() -> None:
    """``ORG_MIN`` articles and ``ORG_SHARE`` of them: a band some articles guessed a person
    is an organisation in all; a person with one stray organisation article stays a person;
    a single word that is also someone's surname stays as typed ("Keane": band and player)."""
    per: dict[str, list[Entity]] = {f"g{n}": [P("Martin Lowry")] for n in range(8)}
    per |= {"b0": [org("Martin Lowry")], "b1": [org("Martin Lowry")]}
    per |= {f"h{n}": [P("Carla Benn")] for n in range(30)} | {"s": [org("Carla Benn")]}
    per |= {"x": [org("Carla Benn")]}  # 2 of 32: under a tenth
    per |= {f"k{n}": [P("Keane")] for n in range(3)} | {"r": [P("Roy Keane")]}
    per |= {"band0": [org("Keane")], "band1": [org("Keane")]}
    per |= {f"q{n}": [P("Quorvex")] for n in range(3)}
    per |= {"f0": [org("Quorvex")], "f1": [org("Quorvex")]}
    table, out = resolve_collection(per)
    assert {(e.type, e.name) for e in out["g0"]} == {("ORG", "Martin Lowry")}
    assert table.resolved("PERSON", "Martin Lowry") == ("ORG", "Martin Lowry")
    assert {(e.type, e.name) for e in out["h0"]} == {("PERSON", "Carla Benn")}
    assert out["k0"][0].type == "PERSON" and out["q0"][0].type == "ORG"


def test_a_stray_organisation_row_of_a_person_the_collection_knows_is_the_person() -> None:
    """An article's cue made a full name an organisation ("the star of X musical ..."); ten
    articles or more typing it a person, and under ``ORG_SHARE`` an organisation, make it the
    person there too. Fewer people, a larger share, a single word or a last word that is a
    dictionary word ("Rose Garden") keep the organisation."""
    per: dict[str, list[Entity]] = {f"g{n}": [P("Lucas Varnholt")] for n in range(10)}
    per |= {"s": [org("Lucas Varnholt")]}
    per |= {f"h{n}": [P("Carla Benn")] for n in range(9)} | {"t": [org("Carla Benn")]}
    per |= {f"k{n}": [P("Anna Quorvex")] for n in range(12)}
    per |= {"f0": [org("Anna Quorvex")], "f1": [org("Anna Quorvex")]}  # 2 of 14: over a tenth
    per |= {f"w{n}": [P("Varnholt")] for n in range(20)} | {"v": [org("Varnholt")]}
    per |= {f"r{n}": [P("Quorvex Garden")] for n in range(20)} | {"y": [org("Quorvex Garden")]}
    table, out = resolve_collection(per)
    assert [(e.type, e.name) for e in out["s"]] == [("PERSON", "Lucas Varnholt")]
    assert table.resolved("ORG", "Carla Benn") == ("ORG", "Carla Benn")
    assert table.resolved("ORG", "Anna Quorvex") == ("ORG", "Anna Quorvex")
    assert table.resolved("ORG", "Varnholt") == ("ORG", "Varnholt")
    assert table.resolved("ORG", "Quorvex Garden") == ("ORG", "Quorvex Garden")
    table.remove([P("Lucas Varnholt")])  # nine people to one organisation: no longer
    assert table.resolved("ORG", "Lucas Varnholt") == ("ORG", "Lucas Varnholt")


def test_a_bare_surname_never_joins_a_name_made_an_organisation() -> None:
    per: dict[str, list[Entity]] = {f"g{n}": [P("Franz Ferdinand")] for n in range(5)}
    per |= {"b0": [org("Franz Ferdinand")], "b1": [org("Franz Ferdinand")]}
    per |= {"f": [P("Ferdinand", "Ferdinand", "Mr Ferdinand")]}
    _, out = resolve_collection(per)
    assert [(e.type, e.name) for e in out["f"]] == [("PERSON", "Ferdinand")]


def test_a_name_only_capitals_made_an_organisation_is_no_evidence_against_the_person() -> None:
    """ "BRENT VARNHOLT" in the signatures of a mailing list is typed by its shape alone; the
    person stays a person. A firm's suffix in capitals ("QUORVEX CO") still counts."""
    per: dict[str, list[Entity]] = {f"g{n}": [P("Brent Varnholt")] for n in range(8)}
    per |= {f"s{n}": [org("BRENT VARNHOLT")] for n in range(4)}
    per |= {f"q{n}": [P("Quorvex Co")] for n in range(8)}
    per |= {f"f{n}": [org("QUORVEX CO")] for n in range(4)}
    table, out = resolve_collection(per)
    assert table.resolved("PERSON", "Brent Varnholt") == ("PERSON", "Brent Varnholt")
    assert table.resolved("PERSON", "Quorvex Co")[0] == "ORG"
