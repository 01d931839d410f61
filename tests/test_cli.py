"""The ``newsdesk`` command as a script sees it: output shapes, summaries and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS


def newsdesk(
    *args: str, index_dir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tui ARGS`` (the ``newsdesk`` entry point) with a private index."""
    full_env = {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(index_dir),
        "NEWSDESK_CONFIG": str(index_dir / "no-config.toml"),
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("seeds-index")
    done = newsdesk("index", "--json", str(SEEDS), index_dir=index_dir)
    assert done.returncode == 0, done.stderr
    return index_dir


def test_index_prints_a_machine_readable_summary(tmp_path: Path) -> None:
    first = newsdesk("index", "--json", str(SEEDS), index_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["added"] == 5 and summary["skipped"] == [] and summary["articles"] == 5
    again = json.loads(newsdesk("index", "--json", str(SEEDS), index_dir=tmp_path).stdout)
    assert again["added"] == 0 and again["updated"] == 0 and again["unchanged"] == 5


def test_index_names_a_skipped_file_and_indexes_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("A good headline\n\nA body about Kosovo.\n", encoding="utf-8")
    (corpus / "broken.jsonl").write_text(
        '{"title": "fine", "body": "ok"}\n{not json\n', encoding="utf-8"
    )
    (corpus / "empty.txt").write_bytes(b"")
    done = newsdesk("index", str(corpus), index_dir=tmp_path / "index")
    assert done.returncode == 0, done.stderr
    assert "empty.txt" in done.stdout
    assert "broken.jsonl" in done.stdout
    assert "2 articles in the index" in done.stdout or "2 articles" in done.stdout


def test_search_json_has_the_documented_fields(seeds_index: Path) -> None:
    done = newsdesk(
        "search", "license plates", "--json", "--corpus", str(SEEDS), index_dir=seeds_index
    )
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert hits, "seeds mention license plates"
    assert set(hits[0]) == {
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
    assert all(not Path(h["path"]).is_absolute() for h in hits)
    assert any("license" in h["snippet"].lower() for h in hits)
    exported = newsdesk(
        "export",
        "license plates",
        "--format",
        "json",
        "--corpus",
        str(SEEDS),
        index_dir=seeds_index,
    )
    same = {h["id"]: (h["author"], h["url"]) for h in json.loads(exported.stdout)["hits"]}
    assert {h["id"]: (h["author"], h["url"]) for h in hits} == same  # as export says them


def test_search_json_hits_carry_author_and_url(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        json.dumps(
            {
                "id": "1",
                "title": "Harbour crane collapses",
                "body": "The crane fell on Tuesday.",
                "author": "Ana Díaz",
                "url": "https://example.org/crane",
            }
        )
        + "\n",
        "utf-8",
    )
    done = newsdesk(
        "search", "crane", "--json", "--corpus", str(corpus), index_dir=tmp_path / "index"
    )
    assert done.returncode == 0, done.stderr
    [hit] = json.loads(done.stdout)
    assert (hit["author"], hit["url"]) == ("Ana Díaz", "https://example.org/crane")


def test_search_sorted_by_date_is_newest_first(seeds_index: Path) -> None:
    done = newsdesk(
        "search",
        "kosovo",
        "--sort",
        "date",
        "--json",
        "--corpus",
        str(SEEDS),
        index_dir=seeds_index,
    )
    dates = [h["date"] for h in json.loads(done.stdout) if h["date"]]
    assert dates == sorted(dates, reverse=True)


def test_search_exit_codes(seeds_index: Path) -> None:
    nothing = newsdesk("search", "zebracrossingxyz", "--corpus", str(SEEDS), index_dir=seeds_index)
    assert nothing.returncode == 1
    bad = newsdesk("search", "title:(", "--corpus", str(SEEDS), index_dir=seeds_index)
    assert bad.returncode == 2
    assert "bad query" in bad.stderr and "Traceback" not in bad.stderr
    usage = newsdesk("search", "x", "--limit", "0", index_dir=seeds_index)
    assert usage.returncode == 2


def test_search_shows_the_corrected_hits_and_says_so(seeds_index: Path) -> None:
    done = newsdesk(
        "search", "vucich jets", "--json", "--corpus", str(SEEDS), index_dir=seeds_index
    )
    assert done.returncode == 0, done.stderr
    assert "002_b57764898f6d327f.txt" in {h["path"] for h in json.loads(done.stdout)}
    said = said_lines(done)
    assert said == [
        'newsdesk: no article matches "vucich jets"; showing results for "vucic jets" '
        '(--exact to search for "vucich jets" only)'
    ]
    exact = newsdesk(
        "search", "vucich jets", "--exact", "--corpus", str(SEEDS), index_dir=seeds_index
    )
    assert exact.returncode == 1 and exact.stdout == ""
    assert "did you mean: vucic jets" in exact.stderr and "showing" not in exact.stderr


def test_search_shows_the_articles_with_most_of_the_words(seeds_index: Path) -> None:
    done = newsdesk(
        "search", "jarinje kfor patrols banjska", "--corpus", str(SEEDS), index_dir=seeds_index
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("004_bbc6e1fe8c759d45.txt\t")
    assert (
        'newsdesk: no article has all 4 words of "jarinje kfor patrols banjska"; showing '
        "those with 3"
    ) in done.stderr


def listed(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The paths ``newsdesk search`` listed (snippet lines, indented by a tab, left out)."""
    return [line.split("\t")[0] for line in done.stdout.splitlines() if line[:1] != "\t"]


def said_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines ``newsdesk`` said on stderr."""
    return [line for line in done.stderr.splitlines() if line.startswith("newsdesk:")]


def test_search_shows_near_misses_below_a_few_hits(seeds_index: Path) -> None:
    """One article has all three words: it comes first, the article with two follows, stderr
    says so; --exact lists the one (exit 0 both times)."""
    query = "vucic jets alert"
    done = newsdesk("search", query, "--corpus", str(SEEDS), index_dir=seeds_index)
    assert done.returncode == 0, done.stderr
    paths = listed(done)
    assert paths == ["002_b57764898f6d327f.txt", "004_bbc6e1fe8c759d45.txt"]
    said = said_lines(done)
    assert said == [
        f'newsdesk: 1 article has all 3 words of "{query}"; below it, those with 2 '
        f'(--exact to search for "{query}" only)'
    ]
    exact = newsdesk("search", query, "--exact", "--corpus", str(SEEDS), index_dir=seeds_index)
    assert exact.returncode == 0, exact.stderr
    assert listed(exact) == [paths[0]]
    assert "below" not in exact.stderr and "--exact" not in exact.stderr


def test_search_extends_a_corrected_query_with_a_few_hits(seeds_index: Path) -> None:
    query = "vucich jets alert"
    done = newsdesk("search", query, "--corpus", str(SEEDS), index_dir=seeds_index)
    assert done.returncode == 0, done.stderr
    paths = listed(done)
    assert paths == ["002_b57764898f6d327f.txt", "004_bbc6e1fe8c759d45.txt"]
    said = said_lines(done)
    assert said == [
        f'newsdesk: no article matches "{query}"; showing results for "vucic jets alert": '
        f'1 article has all 3 words; below it, those with 2 (--exact to search for "{query}" '
        "only)"
    ]


def test_plain_search_output_is_one_line_per_hit(seeds_index: Path) -> None:
    done = newsdesk("search", "Jarinje", "--corpus", str(SEEDS), index_dir=seeds_index)
    assert done.returncode == 0
    first = done.stdout.splitlines()[0].split("\t")
    assert first[0].startswith("00") and first[0].endswith(".txt")
    assert "hits in" in done.stderr


def test_show_by_path_and_by_id(seeds_index: Path) -> None:
    by_path = newsdesk(
        "show", "004_bbc6e1fe8c759d45.txt", "--json", "--corpus", str(SEEDS), index_dir=seeds_index
    )
    assert by_path.returncode == 0, by_path.stderr
    article = json.loads(by_path.stdout)
    assert article["title"] == "NATO-Led Force In Kosovo Steps Up Patrols Near Border With Serbia"
    by_id = newsdesk("show", article["id"], "--corpus", str(SEEDS), index_dir=seeds_index)
    assert by_id.stdout.startswith(article["title"])
    missing = newsdesk("show", "no-such-article", "--corpus", str(SEEDS), index_dir=seeds_index)
    assert missing.returncode == 1 and "no article" in missing.stderr


def test_missing_corpus_is_a_usage_error(tmp_path: Path) -> None:
    done = newsdesk("index", str(tmp_path / "nowhere"), index_dir=tmp_path / "index")
    assert done.returncode == 2 and "no such file or folder" in done.stderr


def test_config_file_sets_the_default_corpus_and_rejects_unknown_keys(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'corpus = ["{SEEDS}"]\n', encoding="utf-8")
    done = newsdesk(
        "index", "--json", index_dir=tmp_path / "index", env={"NEWSDESK_CONFIG": str(config)}
    )
    assert json.loads(done.stdout)["corpora"] == [str(SEEDS.resolve())]
    config.write_text('corpse = "typo"\n', encoding="utf-8")
    bad = newsdesk("index", index_dir=tmp_path / "index", env={"NEWSDESK_CONFIG": str(config)})
    assert bad.returncode == 2 and "unknown key 'corpse'" in bad.stderr


@pytest.mark.corpus
def test_bbc_is_indexed_whole_and_time_warner_ranks_first(bbc_dir: Path, tmp_path: Path) -> None:
    built = newsdesk("index", "--json", str(bbc_dir), index_dir=tmp_path)
    assert built.returncode == 0, built.stderr
    summary = json.loads(built.stdout)
    articles = sorted(p for p in bbc_dir.rglob("*.txt") if p.parent != bbc_dir)
    assert len(articles) == 2225
    assert summary["skipped"] == []
    assert summary["articles"] >= 2225
    done = newsdesk(
        "search", 'title:"Time Warner"', "--json", "--corpus", str(bbc_dir), index_dir=tmp_path
    )
    assert json.loads(done.stdout)[0]["path"] == "business/001.txt"


@pytest.mark.parametrize(
    "args",
    [
        ("config", "--keys"),
        ("config",),
        ("search", "kosovo OR serbia", "--limit", "100"),
        ("search", "kosovo", "--json"),
        ("export", "kosovo"),
        ("entities",),
        ("--help",),
        ("--version",),
        ("feed", "export"),
    ],
)
def test_a_closed_pipe_ends_every_command_quietly(seeds_index: Path, args: tuple[str, ...]) -> None:
    """``newsdesk ... | head -1``: the reader of the output leaves before it is written (here:
    before the command starts, so every write meets the closed pipe)."""
    env = {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(seeds_index),
        "NEWSDESK_CONFIG": str(seeds_index / "no-config.toml"),
    }
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tui",
                *args,
                *(("--corpus", str(SEEDS)) if args[0] in ("search", "export", "entities") else ()),
            ],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")
