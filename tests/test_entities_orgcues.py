"""Organisations typed by the words around them (issue 16, session 5, entq2): invented names in
our own sentences, so only the context can say what they are."""

from __future__ import annotations

import pytest

from search_index.entities import extract_entities


def found(body: str) -> dict[str, str]:
    return {e.name: e.type for e in extract_entities("", body)}


@pytest.mark.parametrize(
    "body, name",
    [
        ("Profits rose at regional brewer Drombeck after a hot summer.", "Drombeck"),
        ("The deal was struck by Australian winemaker Quellcorp on Monday.", "Quellcorp"),
        ("A study by security firms Zentrova and Halbrix found the flaw.", "Zentrova"),
        ("A study by security firms Zentrova and Halbrix found the flaw.", "Halbrix"),
        ("Prices were cut by rivals such as Pellagrin, Votrex and Mondial Crest.", "Pellagrin"),
        ("The cuts were led by Trevanto, the country's biggest carmaker.", "Trevanto"),
        ("Orders went to Belvane, the US's largest insurance company, last year.", "Belvane"),
        ("The fund bought shares in Grellston during the slump.", "Grellston"),
        ("Investors sold Quarnley stock after the warning.", "Quarnley"),
        ("The story was first reported by the Ostrava Presse news agency.", "Ostrava Presse"),
        ("Our colleagues at Fenwold have been very helpful, she said.", "Fenwold"),
        ("A spokesman for Corvellis said the flights would resume.", "Corvellis"),
        ("The striker signed for Dunmarrow in the summer.", "Dunmarrow"),
        (
            "Anna Pike, a fund manager at Steadfast Trustees, said it was cheap.",
            "Steadfast Trustees",
        ),
    ],
)
def test_words_around_an_unknown_name_say_organisation(body: str, name: str) -> None:
    assert found(body).get(name) == "ORG"


@pytest.mark.parametrize(
    "body, name",
    [
        # a person-noun or an owner before the name keeps it a person
        ("Seasoned film-makers Roger Pellow and Anna Crane were nominated.", "Roger Pellow"),
        ("The home side's Craig Dunmore had a goal ruled out.", "Craig Dunmore"),
        ("Jo Haverley, a senior broadcaster with the network, said so.", "Jo Haverley"),
        ("Leicester will not be rushed into making a bid for Andy Tarrant.", "Andy Tarrant"),
        ("He founded the CGA consultancy Jeanne-Marie Pellow, who agreed.", "Jeanne-Marie Pellow"),
    ],
)
def test_person_cues_still_win(body: str, name: str) -> None:
    assert found(body).get(name) == "PERSON"


def test_an_owner_before_group_is_not_an_organisation() -> None:
    assert found("Jessop's group won the award on Sunday, he said.").get("Jessop") != "ORG"


def test_a_place_then_a_cued_word_makes_one_organisation() -> None:
    got = found("Shares in UK Mining fell and insurers such as Swiss Kredit lost value.")
    assert got.get("UK Mining") == "ORG"
    assert got.get("Swiss Kredit") == "ORG"


def test_qc_after_a_name_is_a_title() -> None:
    got = found("In a new book, Philippa Marrow QC says the advice was changed.")
    assert got.get("Philippa Marrow") == "PERSON"
    assert not any("QC" in name for name in got)


def test_a_body_then_a_person_splits() -> None:
    got = found("Chairman of the Fisheries Audit Committee Peter Dunthorne MP said no.")
    assert got.get("Fisheries Audit Committee") == "ORG"
    assert got.get("Peter Dunthorne") == "PERSON"


def test_a_brand_before_a_country_is_its_branch() -> None:
    got = found("He told BBC Scotland the plan was sound.")
    assert got == {"BBC Scotland": "ORG"}


def test_a_short_form_before_a_country_stays_two_names() -> None:
    got = found("Officials met before the EU China summit in the spring.")
    assert "EU China" not in got


def test_a_kind_of_unit_after_one_more_noun() -> None:
    got = found("It sold its Harlow Life & Pension insurance arm to a rival in March.")
    assert got.get("Harlow Life & Pension") == "ORG"
    assert (
        found("He was ruled out by Phil Dunnock's broken arm in March.").get("Phil Dunnock")
        != "ORG"
    )


def test_a_known_organisation_and_a_common_word_stop_at_an_owner() -> None:
    got = found("Ross, who presents BBC One's Film 2005, was on the jury.")
    assert got.get("BBC One") == "ORG"
    assert not any("Film" in name for name in got)


def test_a_place_adjective_and_a_word_before_a_spokesman() -> None:
    assert found("The Welsh Granite spokesman said prices would rise.") == {"Welsh Granite": "ORG"}


@pytest.mark.parametrize(
    "body, name",
    [
        ("Analysts said Drovana's shares had fallen by a third since June.", "Drovana"),
        ("Much depends on Kelbridge's chief executive, who starts in May.", "Kelbridge"),
        ("Payments went to Blue Marrow, an airline owned by two of its directors.", "Blue Marrow"),
    ],
)
def test_what_a_firm_owns_or_is_after_a_comma(body: str, name: str) -> None:
    assert found(body).get(name) == "ORG"


def test_a_guessed_person_named_after_a_cued_firm_is_that_firm() -> None:
    body = (
        "Police detained executives at dairy firm Qorvath on Monday. Qorvath Industrial has denied "
        "any wrongdoing, and Qorvath's shares were suspended."
    )
    got = found(body)
    assert "PERSON" not in got.values()
    assert list(got.values()).count("ORG") == 1


def test_an_apposition_beats_a_person_cue_before_the_name() -> None:
    body = "The rest was bought by market leader Verdanta, the world's biggest spirits company."
    assert found(body).get("Verdanta") == "ORG"


def test_a_pair_written_twice_keeps_its_sentence_initial_word() -> None:
    body = "Frost Lantern, the band from Leeds, won on Thursday. Frost Lantern will tour in May."
    got = found(body)
    assert got.get("Frost Lantern") == "ORG"
    assert "Lantern" not in got


def test_an_apposition_reads_past_a_place_adjective() -> None:
    body = "The bill fell to Kestrane, the Gibraltar-based holding company, last year."
    assert found(body).get("Kestrane") == "ORG"


def test_a_party_adjective_opening_a_sentence_before_a_role() -> None:
    got = found("Conservative local government spokeswoman Anna Pelling said no.")
    assert got.get("Conservative Party") == "ORG"
    assert found("Independent film-maker Anna Pelling said no.").get("The Independent") is None


@pytest.mark.parametrize(
    "body, name",
    [
        ("She was treated at a clinic in South Ardmoreshire last week.", "South Ardmoreshire"),
        ("Climbers set out for Mount Tarvelo before dawn.", "Mount Tarvelo"),
    ],
)
def test_a_compass_word_or_place_head_makes_a_place(body: str, name: str) -> None:
    assert found(body).get(name) == "PLACE"


def test_a_compass_word_before_a_nationality_is_not_a_place() -> None:
    got = found("The North American market grew while East Midlands MEP Anna Pelling spoke.")
    assert "North American" not in got
    assert not any("MEP" in name for name in got)


def test_an_acronym_in_brackets_before_a_thing_noun_is_not_a_body() -> None:
    body = "Critics attacked the Shared Ledger Protocol (SLP) system on Monday.."
    assert "SLP" not in found(body)
    assert found("Staff at the Port Safety Board (PSB) said no.").get("Port Safety Board") == "ORG"


def test_a_two_word_name_typed_both_ways_is_one_organisation() -> None:
    body = (
        "Zarvel Donuts said sales fell. Zarvel Donuts added that it had cash. "
        "Shares in Zarvel Donuts sank 14.87% on Friday."
    )
    got = [e for e in extract_entities("", body) if "Zarvel" in e.name]
    assert [(e.name, e.type) for e in got] == [("Zarvel Donuts", "ORG")]


def test_mr_x_beside_a_firm_named_after_x_stays_a_person() -> None:
    body = "Mr Feltham said the Feltham Foundation would help. Shares in Feltham rose, Mr Feltham said."
    types = {e.type for e in extract_entities("", body) if "Feltham" in e.name}
    assert "PERSON" in types


@pytest.mark.parametrize(
    "body, name, etype",
    [
        (
            "The bid was made by British publisher Robert Varnholt on Monday.",
            "Robert Varnholt",
            "PERSON",
        ),
        (
            "The site was bought by property developer Nick Quarmby last year.",
            "Nick Quarmby",
            "PERSON",
        ),
        ("The bid was made by the publisher Drombeck Presse on Monday.", "Drombeck Presse", "ORG"),
        ("Fans cheered as the band Franz Quellmann played in Leeds.", "Franz Quellmann", "ORG"),
    ],
)
def test_a_trade_both_firms_and_people_have_before_a_first_name_is_a_person(
    body: str, name: str, etype: str
) -> None:
    assert found(body).get(name) == etype
