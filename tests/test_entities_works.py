"""Titles of works taken for people (issue 16): an article's cue ("the film X", "the X films",
a title in quotes) is evidence the collection keeps; once enough articles give it, the name is
a person in none of them, the articles without a cue included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_article

from search_index.cli.main import main as cli_main
from search_index.engine import snapshot
from search_index.engine.catalog import Catalog
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.entities import extract
from search_index.entities.kinds import WORK
from search_index.entities.resolve import EntityTable, resolve_collection
from search_index.models import Entity


def P(name: str, *aliases: str) -> Entity:
    return Entity(name, "PERSON", tuple(aliases) or (name,), 1)


def W(name: str) -> Entity:
    return Entity(name, WORK, (name,), 1)  # type: ignore[arg-type]


# -- an article's evidence ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body, title",
    [
        ("Critics praised the film Nora Wexley, which opened on Friday.", "Nora Wexley"),
        ("Fans queued for the Nora Wexley books at midnight in Leeds.", "Nora Wexley"),
        ('Audiences loved "Nora Wexley" at the festival in Venice.', "Nora Wexley"),
        ("Oscar hopes rose as Nora Wexley star Ann Kay arrived in Venice.", "Nora Wexley"),
    ],
)
def test_an_article_that_shows_a_title_reports_it_as_a_work(body: str, title: str) -> None:
    found = extract("", body)
    assert title in found.works
    assert title not in {e.name for e in found.entities}


@pytest.mark.parametrize(
    "body",
    [
        'From: "Nora Wexley" <nw@example.org>\nSubject: rates\n\nThe bank held its rates.',
        'In article <1@example.org> nw@example.org ("Nora Wexley") writes:\n> The bank held.',
        'In article <1@example.org>, "Nora Wexley"\n<nw@example.org> wrote:\n> The bank held.',
    ],
)
def test_a_mail_senders_quoted_name_is_not_a_title(body: str) -> None:
    found = extract("", body)
    assert "Nora Wexley" not in found.works
    assert {e.name: e.type for e in found.entities}.get("Nora Wexley") == "PERSON"


def test_a_role_noun_that_is_no_maker_leaves_a_person() -> None:
    found = extract("", "Nora Wexley aide Ann Kay resigned on Monday in Leeds.")
    assert found.works == ()
    assert {e.name: e.type for e in found.entities}.get("Nora Wexley") == "PERSON"


def test_a_single_word_after_a_possessive_name_is_not_a_title() -> None:
    body = "Analysts at Harlow Brent agreed. Harlow Brent's Okimura said rates would hold."
    assert "Okimura" not in " ".join(extract("", body).works)


# -- the collection's decision -----------------------------------------------------------


def test_a_name_enough_articles_show_to_be_a_work_is_a_person_in_none() -> None:
    """``WORK_MIN`` articles and ``WORK_SHARE`` of those naming it: the articles that only
    guessed a person drop it too; a person with one stray work article stays a person."""
    per: dict[str, list[Entity]] = {f"g{n}": [P("Nora Wexley"), P("Ann Kay")] for n in range(6)}
    per |= {"w0": [W("Nora Wexley")], "w1": [W("Nora Wexley")]}
    per |= {f"h{n}": [P("Tobin Harrow")] for n in range(9)} | {"s": [W("Tobin Harrow")]}
    per |= {f"j{n}": [P("Vic Orme")] for n in range(9)}
    per |= {"v0": [W("Vic Orme")], "v1": [W("Vic Orme")]}  # 2 of 11: under a fifth
    table, out = resolve_collection(per)
    assert [e.name for e in out["g0"]] == ["Ann Kay"]
    assert out["w0"] == []  # the evidence is no row of its own
    assert table.resolved("PERSON", "Nora Wexley") == (WORK, "Nora Wexley")
    assert [e.name for e in out["h0"]] == ["Tobin Harrow"]
    assert [e.name for e in out["j0"]] == ["Vic Orme"]


def test_a_single_word_some_full_name_bears_stays_a_person() -> None:
    per: dict[str, list[Entity]] = {f"k{n}": [P("Wexley")] for n in range(3)}
    per |= {"r": [P("Ann Wexley")], "w0": [W("Wexley")], "w1": [W("Wexley")]}
    per |= {f"q{n}": [P("Quorvane")] for n in range(3)}
    per |= {"f0": [W("Quorvane")], "f1": [W("Quorvane")]}
    _, out = resolve_collection(per)
    assert out["k0"][0].type == "PERSON" and out["q0"] == []  # ("Wexley" is Ann Wexley)


def test_a_bare_surname_never_joins_a_title() -> None:
    per: dict[str, list[Entity]] = {f"g{n}": [P("Tobin Harrow")] for n in range(4)}
    per |= {"w0": [W("Tobin Harrow")], "w1": [W("Tobin Harrow")]}
    per |= {"f": [P("Harrow", "Harrow", "Mr Harrow")]}
    _, out = resolve_collection(per)
    assert [(e.type, e.name) for e in out["f"]] == [("PERSON", "Harrow")]


def test_evidence_counted_in_and_out_moves_the_row_and_names_it_affected() -> None:
    table = EntityTable()
    for _ in range(4):
        table.add([P("Nora Wexley")])
    table.add([W("Nora Wexley")])
    assert table.resolved("PERSON", "Nora Wexley") == ("PERSON", "Nora Wexley")
    assert ("PERSON", "Nora Wexley") in table.affected([W("Nora Wexley")])
    table.add([W("Nora Wexley")])
    assert table.resolved("PERSON", "Nora Wexley") == (WORK, "Nora Wexley")
    table.remove([W("Nora Wexley")])
    assert table.resolved("PERSON", "Nora Wexley") == ("PERSON", "Nora Wexley")


# -- through the index -------------------------------------------------------------------


def people(searcher: Searcher) -> dict[str, int]:
    return {r.name: r.count for r in searcher.facets(top=50)["PERSON"]}


def rebuilt_people(index: Path) -> dict[str, int]:
    """PERSON facet counts of a snapshot built from the whole catalog."""
    catalog = Catalog(index)
    try:
        cols = snapshot.build(catalog.generation(), catalog.snapshot_rows(), catalog.file_rows())
    finally:
        catalog.close()
    return {name: n for name, n in cols.top["PERSON"]}


def test_an_update_that_brings_the_evidence_takes_the_title_out_of_every_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, index = tmp_path / "corpus", tmp_path / "index"
    for n in range(5):
        write_article(
            root, f"chart{n}.txt", f"Nora Wexley topped the box office chart in week {n}."
        )
    write_article(root, "chief.txt", "Gordon Brown said the economy was strong on Monday.")
    write_article(
        root, "review0.txt", "Critics praised the film Nora Wexley, which opened in Leeds."
    )
    update_index([root], index)
    with Searcher(index) as s:  # one article of six says film: a stray cue
        assert people(s).get("Nora Wexley") == 5
    write_article(
        root, "review1.txt", "Critics praised the film Nora Wexley, which opened in York."
    )
    update_index([root], index)
    with Searcher(index) as s:
        assert "Nora Wexley" not in people(s) and people(s).get("Gordon Brown") == 1
        assert rebuilt_people(index) == people(s)
    cli_main(["entities", "--corpus", str(root), "--index-dir", str(index), "--per-article"])
    table = json.loads(capsys.readouterr().out)
    assert table["chart0.txt"] == [] or all(e["name"] != "Nora Wexley" for e in table["chart0.txt"])
    (root / "review1.txt").unlink()
    update_index([root], index)
    with Searcher(index) as s:
        assert people(s).get("Nora Wexley") == 5
        assert rebuilt_people(index) == people(s)


def test_a_title_that_extends_a_persons_name_stays_with_the_person() -> None:
    """ "Jimmy Kimmel Live" is a show, but the articles that wrote it also wrote the host's
    name: their row joins the host (``EntityTable._glued``), it does not vanish."""
    per: dict[str, list[Entity]] = {f"h{n}": [P("Nora Wexley")] for n in range(6)}
    per |= {f"s{n}": [P("Nora Wexley Live", "Nora Wexley Live", "Nora Wexley")] for n in range(2)}
    per |= {"w0": [W("Nora Wexley Live")], "w1": [W("Nora Wexley Live")]}
    _, out = resolve_collection(per)
    assert [(e.type, e.name) for e in out["s0"]] == [("PERSON", "Nora Wexley")]
