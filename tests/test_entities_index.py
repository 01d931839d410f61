"""Collection-level resolution wired into the index (issue 16): facets, chips (``person:"…"``),
the reading pane's entities and ``newsdesk entities`` use the resolved entity; updates resolve
only what they touch and agree with a rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_article

from search_index.cli.main import main as cli_main
from search_index.engine import entitymap, snapshot
from search_index.engine.catalog import Catalog
from search_index.engine.entitymap import LONE_MIN
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher

FILLER = [
    "Rain fell on the hills of Yorkshire on Monday, and farmers said the harvest was late.",
    "The London Marathon drew record crowds, organisers said on Sunday.",
    "Shares in Vodafone rose after the company said profits had beaten forecasts.",
    "The Louvre in Paris said visitor numbers had risen again this year.",
    "Floods closed roads across Wales, and the Met Office warned of more rain.",
    "Microsoft said it would open a new office in Dublin next spring.",
    "Fans queued outside the stadium in Cardiff for the final on Saturday.",
    "The price of oil fell in New York as traders worried about demand.",
]


def paths(searcher: Searcher, query: str) -> set[str]:
    return {h.path for h in searcher.search(query, limit=100).hits}


def people(searcher: Searcher) -> dict[str, int]:
    return {r.name: r.count for r in searcher.facets(top=50)["PERSON"]}


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    root, index = tmp_path / "corpus", tmp_path / "index"
    for n, text in enumerate(FILLER):
        write_article(root, f"filler{n}.txt", text)
    write_article(
        root,
        "budget.txt",
        "Chancellor of the Exchequer Gordon Brown said the Budget was "
        "fair. Mr Brown told MPs that growth would be strong.",
    )
    write_article(
        root,
        "reply.txt",
        "The Tories attacked the plans on Tuesday. Mr Brown replied "
        "that Brown had kept his promises, and left for Edinburgh.",
    )
    write_article(
        root,
        "kfor.txt",
        "The Kosovo Force (KFOR) said it would increase its patrols near the border.",
    )
    write_article(root, "troops.txt", "KFOR troops moved into the village of Leposavic on Monday.")
    update_index([root], index)
    return root, index


def test_a_surname_alone_counts_under_the_full_name(corpus: tuple[Path, Path]) -> None:
    _root, index = corpus
    with Searcher(index) as s:
        assert people(s).get("Gordon Brown") == 2 and "Brown" not in people(s)
        assert paths(s, 'person:"Gordon Brown"') == {"budget.txt", "reply.txt"}
        reply = {e.name: e for e in s.entities(s.search("Tories").hits[0].id)}
        assert "Brown" in reply["Gordon Brown"].aliases
        orgs = {r.name: r.count for r in s.facets(top=50)["ORG"]}
        assert orgs.get("Kosovo Force") == 2 and "KFOR" not in orgs
        assert paths(s, 'org:"Kosovo Force"') == {"kfor.txt", "troops.txt"}


def test_a_second_brown_splits_the_surname_off_and_removing_him_joins_it_again(
    corpus: tuple[Path, Path],
) -> None:
    root, index = corpus
    write_article(root, "nick.txt", "Agriculture minister Nick Brown visited farms in Devon.")
    update_index([root], index)
    with Searcher(index) as s:
        assert people(s) == {"Gordon Brown": 1, "Brown": 1, "Nick Brown": 1}
        assert paths(s, 'person:"Gordon Brown"') == {"budget.txt"}
        assert after_rebuild(index) == people(s)
    (root / "nick.txt").unlink()
    update_index([root], index)
    with Searcher(index) as s:
        assert people(s) == {"Gordon Brown": 2}
        assert paths(s, 'person:"Gordon Brown"') == {"budget.txt", "reply.txt"}


def test_a_chip_finds_an_article_that_uses_the_surname_only_as_a_modifier(
    corpus: tuple[Path, Path],
) -> None:
    root, index = corpus
    for n in range(LONE_MIN):
        write_article(root, f"gordon{n}.txt", f"Chancellor Gordon Brown said Budget {n} was fair.")
    write_article(root, "voters.txt", "Pollsters said many Brown voters stayed at home in Leeds.")
    update_index([root], index)
    with Searcher(index) as s:
        found = paths(s, 'person:"Gordon Brown"')
        assert "voters.txt" in found and len(found) == LONE_MIN + 3
        assert people(s) == {"Gordon Brown": LONE_MIN + 2}  # no row and no count of its own
        assert "voters.txt" not in paths(s, "person:voters")
        assert "voters.txt" not in paths(s, 'person:"Brown"')
    for n in range(4):  # Gordon holds 11 of 15 articles naming a Brown in full: under 3/4
        write_article(root, f"nick{n}.txt", f"Agriculture minister Nick Brown visited farm {n}.")
    update_index([root], index)
    with Searcher(index) as s:  # two Browns: the modifier stays with neither
        assert "voters.txt" not in paths(s, 'person:"Gordon Brown"')
        assert "voters.txt" not in paths(s, 'person:"Nick Brown"')


def test_a_person_named_in_few_articles_takes_in_no_lone_surname_mention(
    corpus: tuple[Path, Path],
) -> None:
    root, index = corpus
    write_article(root, "named.txt", "Coach Lucas Varnholt picked the squad for the final.")
    write_article(root, "bare.txt", "The squad was picked, Varnholt said on Friday.")
    write_article(
        root, "lone.txt", "The squad was picked on Friday, and Varnholt will name his captain."
    )
    update_index([root], index)
    with Searcher(index) as s:
        assert people(s).get("Lucas Varnholt") == 2
        assert paths(s, 'person:"Lucas Varnholt"') == {"named.txt", "bare.txt"}
    for n in range(LONE_MIN):
        write_article(root, f"more{n}.txt", f"Coach Lucas Varnholt praised player {n} on Sunday.")
    update_index([root], index)
    with Searcher(index) as s:
        assert "lone.txt" in paths(s, 'person:"Lucas Varnholt"')


def test_a_chip_for_the_dominant_bearer_of_a_surname_leaves_out_the_other_bearers(
    corpus: tuple[Path, Path],
) -> None:
    root, index = corpus
    for n in range(2):
        write_article(
            root, f"gordon{n}.txt", f"Chancellor Gordon Brown said the Budget {n} was fair."
        )
    write_article(root, "novel.txt", "Novelist Dan Brown said his book sold well. Brown smiled.")
    update_index([root], index)
    with Searcher(index) as s:  # Gordon 3 articles of 4 named in full: "Brown" is his
        assert paths(s, 'person:"Gordon Brown"') == {
            "budget.txt",
            "reply.txt",
            "gordon0.txt",
            "gordon1.txt",
        }
        assert paths(s, 'person:"Dan Brown"') == {"novel.txt"}
        assert {"novel.txt", "budget.txt"} <= paths(s, 'person:"Brown"')


def test_an_update_patches_and_touches_only_what_it_must(
    corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, index = corpus
    seen: list[int] = []
    real = entitymap.EntityMap.retarget

    def counting(self, table, pairs):  # type: ignore[no-untyped-def]
        pairs = list(pairs)
        seen.append(len(pairs))
        return real(self, table, pairs)

    monkeypatch.setattr(entitymap.EntityMap, "retarget", counting)
    write_article(root, "more.txt", "Gordon Brown met bankers in the City of London on Friday.")
    update_index([root], index)
    catalog = Catalog(index)
    try:
        total = len(snapshot.load(index, catalog.generation()).raw_names)
    finally:
        catalog.close()
    assert seen and seen[-1] < total  # a patch, re-targeting a few rows, not all of them
    with Searcher(index) as s:
        assert people(s)["Gordon Brown"] == 3
        assert after_rebuild(index) == people(s)


def after_rebuild(index: Path) -> dict[str, int]:
    """PERSON facet counts of a snapshot built from the whole catalog."""
    catalog = Catalog(index)
    try:
        cols = snapshot.build(catalog.generation(), catalog.snapshot_rows(), catalog.file_rows())
    finally:
        catalog.close()
    out: dict[str, int] = {}
    for n in cols.flat:
        etype, name = cols.names[n]
        if etype == "PERSON":
            out[name] = out.get(name, 0) + 1
    return out


def test_cli_entities_one_row_per_resolved_entity_with_aliases_per_article(
    corpus: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root, index = corpus
    cli_main(
        ["entities", "--corpus", str(root), "--index-dir", str(index), "--json", "--type", "person"]
    )
    rows = json.loads(capsys.readouterr().out)["PERSON"]
    assert rows == [{"name": "Gordon Brown", "count": 2}]
    cli_main(["entities", "--corpus", str(root), "--index-dir", str(index), "--per-article"])
    table = json.loads(capsys.readouterr().out)
    reply = [e for e in table["reply.txt"] if e["type"] == "PERSON"]
    assert len(reply) == 1 and reply[0]["name"] == "Gordon Brown"
    assert {"Brown", "Mr Brown"} <= set(reply[0]["aliases"])


def orgs(searcher: Searcher) -> dict[str, int]:
    return {r.name: r.count for r in searcher.facets(top=50)["ORG"]}


def test_a_band_the_collection_names_as_one_is_an_organisation_in_every_article(
    corpus: tuple[Path, Path],
) -> None:
    """Articles that only guess "Martin Lowry" is a person (a first name, then a capitalised
    word) follow the two that say it is a band, once an update brings the second one in."""
    root, index = corpus
    for n in range(6):
        write_article(root, f"award{n}.txt", f"Martin Lowry won best rock act at awards night {n}.")
    write_article(root, "gig0.txt", "Fans cheered as the band Martin Lowry played in Glasgow.")
    update_index([root], index)
    with Searcher(index) as s:  # 1 of 7 articles says band: a stray typing, a person
        assert people(s).get("Martin Lowry") == 6 and orgs(s).get("Martin Lowry") == 1
    write_article(root, "gig1.txt", "Fans cheered as the band Martin Lowry played in Leeds.")
    update_index([root], index)
    with Searcher(index) as s:
        assert "Martin Lowry" not in people(s) and orgs(s).get("Martin Lowry") == 8
        assert len(paths(s, 'org:"Martin Lowry"')) == 8  # the chip, typed either way
        assert paths(s, 'person:"Gordon Brown"') == {"budget.txt", "reply.txt"}
        assert after_rebuild(index) == people(s)


def test_an_article_that_typed_a_well_known_person_an_organisation_follows_the_others(
    corpus: tuple[Path, Path],
) -> None:
    """One article's cue made "Lucas Varnholt" an organisation; once ten articles name him as
    a person the chip finds that article too and the organisation row is gone, and an
    update that takes one of the ten away brings it back (``kinds.org_kind``)."""
    root, index = corpus
    for n in range(10):
        write_article(root, f"coach{n}.txt", f"Coach Lucas Varnholt praised player {n} on Sunday.")
    write_article(root, "star.txt", "Fans cheered the star of Lucas Varnholt on Friday in Leeds.")
    update_index([root], index)
    with Searcher(index) as s:
        assert "star.txt" in paths(s, 'person:"Lucas Varnholt"')
        assert people(s).get("Lucas Varnholt") == 11 and "Lucas Varnholt" not in orgs(s)
        assert after_rebuild(index) == people(s)
    (root / "coach0.txt").unlink()
    update_index([root], index)
    with Searcher(index) as s:
        assert "star.txt" not in paths(s, 'person:"Lucas Varnholt"')
        assert people(s).get("Lucas Varnholt") == 9 and orgs(s).get("Lucas Varnholt") == 1


def test_the_one_bearer_of_a_surname_no_list_knows_takes_in_its_lone_mentions(
    corpus: tuple[Path, Path],
) -> None:
    """No article types the bare "Varnholt" as a person, so no surname row resolves to him;
    the lone mention goes to the only full name bearing it, named in ``LONE_MIN`` articles
    or more, and to nobody once a second bearer arrives or the word names a firm."""
    root, index = corpus
    for n in range(LONE_MIN):
        write_article(root, f"coach{n}.txt", f"Coach Lucas Varnholt praised player {n} on Sunday.")
    write_article(
        root, "lone.txt", "The squad was picked on Friday, and Varnholt will name his captain."
    )
    write_article(
        root, "start.txt", "The squad is picked. Varnholt, who picked it, names a captain."
    )
    write_article(root, "noah.txt", "Pilgrims on Friday saw how Noah built his boat in the story.")
    for n in range(LONE_MIN):
        write_article(root, f"host{n}.txt", f"Comedian Trevor Noah hosted show {n} in New York.")
    update_index([root], index)
    with Searcher(index) as s:
        assert {"lone.txt", "start.txt"} <= paths(s, 'person:"Lucas Varnholt"')
        assert "noah.txt" not in paths(s, 'person:"Trevor Noah"')  # a first name: no
        assert people(s).get("Lucas Varnholt") == LONE_MIN
    write_article(
        root, "firm.txt", "Shares in Varnholt rose after the company said profits were up."
    )
    update_index([root], index)
    with Searcher(index) as s:
        assert "lone.txt" not in paths(s, 'person:"Lucas Varnholt"')
    (root / "firm.txt").unlink()
    write_article(root, "other.txt", "Singer Anna Varnholt released a new record in Oslo.")
    update_index([root], index)
    with Searcher(index) as s:
        assert "lone.txt" not in paths(s, 'person:"Lucas Varnholt"')
