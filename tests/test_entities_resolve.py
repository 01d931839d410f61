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
