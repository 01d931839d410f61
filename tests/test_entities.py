"""Entity extraction: aliases, accents, acronyms, country variants, furniture, types."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from search_index.entities import extract_entities
from search_index.models import Entity

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def by_name(ents: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in ents}


def find(ents: list[Entity], surface: str) -> list[Entity]:
    """Entities whose name or aliases include ``surface``."""
    return [e for e in ents if surface == e.name or surface in e.aliases]


def test_returns_frozen_entities() -> None:
    ents = extract_entities("", "Prime Minister Albin Kurti spoke in Pristina.")
    assert all(isinstance(e, Entity) for e in ents)
    assert extract_entities("", "") == []


def test_things_named_after_people_are_not_people() -> None:
    body = (
        "Savings identified in the Gershon Review were achieved. Critics of the Turnbull "
        "Report said it went too far. The Marshall Plan rebuilt Europe. Gordon Brown's "
        "Budget was welcomed, and Gordon Brown said so."
    )
    people = {e.name for e in extract_entities("", body) if e.type == "PERSON"}
    assert people == {"Gordon Brown"}


def test_surname_merges_into_full_name() -> None:
    body = (
        "Kurti said on Sunday that talks had failed. Kosovo's prime minister Albin Kurti "
        "then left for Brussels. Later Kurti told reporters he would return."
    )
    ents = find(extract_entities("", body), "Kurti")
    assert len(ents) == 1
    assert ents[0].name == "Albin Kurti" and ents[0].type == "PERSON"
    assert ents[0].count == 3
    assert set(ents[0].aliases) >= {"Albin Kurti", "Kurti"}


def test_honorific_is_alias_not_name() -> None:
    body = "Peter Chernin is chief operating officer. Mr Chernin said growth was strong."
    e = find(extract_entities("", body), "Mr Chernin")
    assert len(e) == 1 and e[0].name == "Peter Chernin" and e[0].count == 2


def test_diacritics_fold_and_accented_name_is_shown() -> None:
    body = (
        "Serbian President Aleksandar Vučić met envoys in Belgrade. "
        "Vucic later said the talks were useful, and Vučić thanked them."
    )
    persons = [e for e in extract_entities("", body) if e.type == "PERSON"]
    assert len(persons) == 1
    assert persons[0].name == "Aleksandar Vučić"
    assert {"Vucic", "Vučić"} <= set(persons[0].aliases)


def test_misspelt_first_name_folds_together() -> None:
    body = (
        "Aleksandar Vucic spoke first. Later President [Aleskandar] Vucic spoke again, "
        "and Aleksandar Vucic closed the meeting."
    )
    persons = [e for e in extract_entities("", body) if e.type == "PERSON"]
    assert [p.name for p in persons] == ["Aleksandar Vucic"]
    assert "Aleskandar Vucic" in persons[0].aliases


def test_parenthetical_acronym_is_one_org() -> None:
    body = (
        "Kurti asked the Kosovo Force (KFOR), a NATO-led peacekeeping force, to act. "
        "KFOR has increased its patrols."
    )
    ents = find(extract_entities("", body), "KFOR")
    assert len(ents) == 1
    assert ents[0].type == "ORG" and ents[0].name == "Kosovo Force"
    assert set(ents[0].aliases) >= {"Kosovo Force", "KFOR"} and ents[0].count == 3
    assert find(extract_entities("", body), "NATO")[0].type == "ORG"


def test_acronym_spelling_initials_of_an_org_in_the_text() -> None:
    body = (
        "Public and Commercial Services union members will strike. "
        "The strike by the PCS is the biggest since 1993."
    )
    ents = find(extract_entities("", body), "PCS")
    assert len(ents) == 1 and ents[0].type == "ORG"
    assert "Public and Commercial Services" in ents[0].aliases


def test_common_acronyms_map_to_one_canonical_name() -> None:
    body = (
        "The European Union and the EU's partners met at the United Nations. "
        "The UN said the EU would help."
    )
    ents = by_name(extract_entities("", body))
    assert ents["European Union"].count == 3 and ents["European Union"].type == "ORG"
    assert ents["United Nations"].count == 2


def test_country_variants_are_one_place() -> None:
    body = (
        "The US said on Monday it backed the plan. U.S. officials and the United States "
        "envoy agreed. America has long supported it. Britain and the UK also agreed."
    )
    ents = extract_entities("", body)
    us = find(ents, "US")
    assert len(us) == 1 and us[0].name == "United States" and us[0].type == "PLACE"
    assert set(us[0].aliases) >= {"US", "U.S.", "United States", "America"}
    uk = find(ents, "Britain")
    assert len(uk) == 1 and uk[0].name == "United Kingdom" and "UK" in uk[0].aliases


def test_furniture_and_sentence_initial_words_are_not_entities() -> None:
    body = (
        "Accessibility links\n\nBreaking News\n\n"
        "However, the talks failed. Meanwhile officials waited. During the night, "
        "nothing happened on Monday in March.\n\nFAQ:\n\nQ: What happened?\n\n"
        "A: Nothing at all.\n\nOur Latest Articles"
    )
    names = {e.name for e in extract_entities("", body)}
    for word in (
        "However",
        "Meanwhile",
        "During",
        "Breaking News",
        "Accessibility links",
        "Monday",
        "March",
        "FAQ",
        "Q",
        "A",
        "Our Latest Articles",
    ):
        assert word not in names
    assert names == set()


def test_title_case_headline_keeps_only_known_names() -> None:
    title = "Kosovo Calls for NATO Intervention as Border Tensions With Serbia Rise"
    names = {e.name for e in extract_entities(title, "Talks resume next week.")}
    assert names == {"Kosovo", "NATO", "Serbia"}


def test_types_and_groups() -> None:
    body = (
        "Japanese industry grew. Bank of Japan chief Toshihiko Fukui spoke in Tokyo. "
        "Ethnic Albanians and Serbs live in Kosovo; Serbian troops were on alert. "
        "Canadian officials visited the White House."
    )
    ents = by_name(extract_entities("", body))
    assert ents["Japanese"].type == "GROUP"
    assert ents["Bank of Japan"].type == "ORG"
    assert ents["Toshihiko Fukui"].type == "PERSON"
    assert ents["Tokyo"].type == "PLACE"
    assert ents["Albanians"].type == "GROUP"
    assert ents["Serbs"].type == "GROUP" and "Serbian" in ents["Serbs"].aliases
    assert ents["Canadians"].type == "GROUP"
    assert ents["White House"].type == "ORG"
    assert "Ethnic" not in " ".join(ents)


def test_titles_split_from_names() -> None:
    body = (
        "Serbian Defense Minister Nebojsa Stefanovic visited troops. "
        "US Secretary of State Antony Blinken called. NATO Secretary General "
        "Jens Stoltenberg agreed."
    )
    ents = by_name(extract_entities("", body))
    for person in ("Nebojsa Stefanovic", "Antony Blinken", "Jens Stoltenberg"):
        assert ents[person].type == "PERSON"
    assert ents["Serbs"].type == "GROUP"
    assert ents["United States"].type == "PLACE"
    assert not any("Minister" in n or "Secretary" in n for n in ents)


def test_org_and_place_cues() -> None:
    body = (
        "The Ministry of Defense in Belgrade said the Interior Ministry building was hit. "
        "Santa Monica-based Activison is one target. He stayed at the Nairobi Serena Hotel. "
        "Protesters gathered at the Jarinje border post."
    )
    ents = by_name(extract_entities("", body))
    assert ents["Ministry of Defense"].type == "ORG"
    assert ents["Interior Ministry"].type == "ORG"
    assert ents["Activison"].type == "ORG"
    assert ents["Santa Monica"].type == "PLACE"
    assert ents["Nairobi Serena Hotel"].type == "PLACE"
    assert ents["Jarinje"].type == "PLACE"


def test_events_and_products_are_not_entities() -> None:
    body = (
        "The 1998-99 Kosovo War left thousands dead. He won at the Australian Open "
        "and was nominated for Oscars at Christmas."
    )
    names = {e.name for e in extract_entities("", body)}
    assert "Kosovo War" not in names and "Australian Open" not in names
    assert "Oscars" not in names and "Christmas" not in names


def test_football_clubs_in_sport_text() -> None:
    body = (
        "Manchester United manager Sir Alex Ferguson said his side lost in the Champions "
        'League. "I care about United," Ferguson said. They finished behind Lyon, and '
        "could get Inter, AC Milan or Barcelona."
    )
    ents = extract_entities("", body)
    assert find(ents, "United")[0].name == "Manchester United"
    assert find(ents, "Ferguson")[0].name == "Alex Ferguson"
    assert "Sir Alex Ferguson" in find(ents, "Ferguson")[0].aliases
    for club in ("Lyon", "Inter", "AC Milan", "Barcelona"):
        assert find(ents, club)[0].type == "ORG"
    assert (
        find(extract_entities("", "She flew to Barcelona for a holiday."), "Barcelona")[0].type
        == "PLACE"
    )


def test_hard_wrapped_text_is_rejoined() -> None:
    body = (
        "Great Western Financial Corp said\nit is offering shares, and the Inter-American\n"
        "Development Bank agreed to help."
    )
    names = {e.name for e in extract_entities("", body)}
    assert {"Great Western Financial Corp", "Inter-American Development Bank"} <= names


def _load_scorer():
    path = SHARED / "tools" / "score_entities.py"
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared scorer lives beside the repo)")
    spec = importlib.util.spec_from_file_location("score_entities", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_seed_gold_core_f1() -> None:
    scorer = _load_scorer()
    gold_path = SHARED / "gold" / "entities_seeds.json"
    if not gold_path.exists():
        pytest.skip(f"{gold_path} is not present")
    import json

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    preds = {}
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        body = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text, count=1)
        preds[f"seeds/{f.name}"] = [
            {"name": e.name, "type": e.type, "aliases": list(e.aliases), "count": e.count}
            for e in extract_entities("", body)
        ]
    result = scorer.score(preds, gold)
    assert result["CORE"]["f1"] >= 0.90, result["errors"]
    assert result["duplicate_rows"] == 0
