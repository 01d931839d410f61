"""``newsdesk related`` and ``newsdesk timeline``, and duplicates in ``search``/``export``:
JSON shapes, folding and ``--all``, exit codes (run in this process through ``cli.main.run``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS
from test_stories_duplicates import edited, story, write

from search_index.cli.main import run

HIT_FIELDS = {
    "id",
    "path",
    "title",
    "date",
    "source",
    "author",
    "url",
    "score",
    "snippet",
    "duplicates",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds plus two copies of one story (one of them lightly edited)."""
    root = tmp_path_factory.mktemp("stories-cli")
    corpus = root / "corpus"
    corpus.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    write(corpus, "copy-a.txt", "Harbour storm", story(7), "2022-12-14")
    write(corpus, "copy-b.txt", "Harbour storm", edited(story(7)), "2022-12-15")
    return corpus, root / "index"


@pytest.fixture
def cli(
    corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):  # type: ignore[no-untyped-def]
    """``cli(*args)`` -> (exit code, stdout, stderr) on the module's corpus and index."""
    root, index = corpus
    monkeypatch.setenv("NEWSDESK_CONFIG", str(index.parent / "no-config.toml"))

    def call(*args: str) -> tuple[int, str, str]:
        code = run([*args, "--corpus", str(root), "--index-dir", str(index)])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def seed_id(cli, prefix: str) -> str:  # type: ignore[no-untyped-def]
    """The id of the seed whose file name starts with ``prefix``."""
    code, out, _ = cli("search", "kosovo", "--json", "--limit", "20")
    assert code == 0
    return next(h["id"] for h in json.loads(out) if h["path"].startswith(prefix))


def test_search_folds_duplicates_and_all_lists_them(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("search", "harbour storm", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 1 and set(hits[0]) == HIT_FIELDS
    assert len(hits[0]["duplicates"]) == 1
    code, out, _ = cli("search", "harbour storm", "--json", "--all")
    every = json.loads(out)
    assert len(every) == 2 and {h["id"] for h in every} == {hits[0]["id"], *hits[0]["duplicates"]}
    assert all(len(h["duplicates"]) == 1 for h in every)
    code, out, err = cli("search", "harbour storm")
    assert "(+1 duplicate)" in out and "1 duplicates folded" in err


def test_export_json_hits_carry_duplicates(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("export", "harbour storm", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["count"] == 1 and len(document["hits"][0]["duplicates"]) == 1
    code, out, _ = cli("export", "harbour storm", "--format", "json", "--all")
    assert json.loads(out)["count"] == 2
    code, out, _ = cli("export", "harbour storm")
    assert "- **Duplicates:** `" in out


def test_related_json_has_the_search_fields_and_seed_pairs(cli) -> None:  # type: ignore[no-untyped-def]
    first, second = seed_id(cli, "000"), seed_id(cli, "001")
    code, out, _ = cli("related", first, "--json", "--limit", "3")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 3 and all(set(h) == HIT_FIELDS for h in hits)
    assert hits[0]["id"] == second and hits[0]["snippet"]
    code, out, _ = cli("related", "004_bbc6e1fe8c759d45.txt", "--json", "--limit", "2")
    assert "002_b57764898f6d327f.txt" in [h["path"] for h in json.loads(out)]
    code, out, err = cli("related", first)
    assert code == 0 and out.splitlines()[0].startswith("001_") and "hits in" in err


def test_related_leaves_out_duplicates(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("search", "harbour storm", "--json")
    hit = json.loads(out)[0]
    code, out, _ = cli("related", hit["id"], "--json", "--limit", "20")
    assert hit["duplicates"][0] not in {h["id"] for h in json.loads(out)}


def test_related_unknown_article_is_one_line_and_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("related", "no-such-article")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "no article with id or path 'no-such-article'" in err


def test_timeline_json_shape(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("timeline", "--json")
    timeline = json.loads(out)
    assert code == 0 and set(timeline) == {"query", "by", "total", "undated", "buckets"}
    assert timeline["by"] == "month" and timeline["total"] == 6  # the copies count once
    assert timeline["undated"] == 2
    assert sum(b["count"] for b in timeline["buckets"]) + timeline["undated"] == 6
    first = timeline["buckets"][0]
    assert set(first) == {"start", "end", "count", "filter"}
    assert first == {
        "start": "2021-09-01T00:00:00+00:00",
        "end": "2021-10-01T00:00:00+00:00",
        "count": 1,
        "filter": "date:[2021-09-01 to 2021-09-30]",
    }
    code, out, _ = cli("timeline", "--json", "--all")
    assert json.loads(out)["total"] == 7


def test_timeline_by_and_text(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("timeline", "kosovo", "--by", "year")
    lines = out.splitlines()
    assert code == 0 and [line.split()[0] for line in lines] == ["2021", "2022", "2023", "undated"]
    assert lines[-1].split() == ["undated", "2"]
    code, out, _ = cli("timeline", "harbour storm", "--by", "day", "--json")
    timeline = json.loads(out)
    assert [b["count"] for b in timeline["buckets"]] == [1] and timeline["by"] == "day"


def test_timeline_bad_query_is_one_line_and_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("timeline", "title:(")
    assert code == 2 and out == "" and err.startswith("newsdesk: bad query:")
    assert err.strip().count("\n") == 0
    code, _, err = cli("timeline", "zebracrossingxyz", "--json")
    assert code == 1


def test_related_lists_one_article_per_group_of_copies(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("search", "harbour storm", "--json", "--all")
    copies = {h["id"] for h in json.loads(out)}
    first = seed_id(cli, "000")
    code, out, _ = cli("related", first, "--json", "--limit", "20")
    related = {h["id"] for h in json.loads(out)}
    assert len(related & copies) <= 1


def test_timeline_counts_the_rescued_hits_as_search_shows_them(cli) -> None:  # type: ignore[no-untyped-def]
    """A misspelt query counts what search would show (saying so on stderr); --exact does not."""
    code, out, err = cli("search", "kosovvo", "--json")
    shown = len(json.loads(out))
    code, out, err = cli("timeline", "kosovvo", "--json")
    timeline = json.loads(out)
    assert code == 0 and timeline["total"] == shown > 0
    assert "showing results for" in err and "--exact" in err and err.count("\n") == 1
    code, out, err = cli("timeline", "kosovvo", "--json", "--exact")
    assert code == 1 and json.loads(out)["total"] == 0 and err == ""


def test_stories_json_groups_the_seed_pairs_and_counts_copies_once(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("stories", "--json")
    stories = json.loads(out)
    assert code == 0 and err == ""
    assert set(stories[0]) == {"title", "articles", "sources", "first", "last", "hits"}
    assert all(set(hit) == HIT_FIELDS for story in stories for hit in story["hits"])
    groups = sorted(sorted(h["path"][:3] for h in story["hits"]) for story in stories)
    assert ["000", "001"] in groups and ["002", "004"] in groups
    assert sum(story["articles"] for story in stories) == 6  # the two copies count once
    pair = next(s for s in stories if s["hits"][0]["path"].startswith(("000", "001")))
    assert pair["articles"] == 2 and pair["first"] == pair["last"] == "2022-12-12T00:00:00+00:00"


def test_stories_text_and_exit_codes(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("stories", "kosovo", "--limit", "3")
    lines = out.splitlines()
    assert code == 0 and lines[1].startswith("  ") and "article" in lines[1]
    assert err == "2 stories in the best 3 of 5 results\n"  # 001 and 004 undated, together
    assert sum(1 for line in lines if line.startswith("  ") and "\t" in line) == 3
    code, out, err = cli("stories", "title:(")
    assert code == 2 and out == "" and err.startswith("newsdesk: bad query:")
    code, out, _ = cli("stories", "zebracrossingxyz", "--exact")
    assert code == 1 and out == ""
