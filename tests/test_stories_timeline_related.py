"""Timelines (bucket sizes, undated articles, a single-day corpus, the date chip's filter) and
related articles (the seed pairs) through the ``Library``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SEEDS

from search_index import QueryError, TimelineBucket, WhooshLibrary
from search_index.stories.timeline import choose, count, floor, step


def day(text: str) -> datetime:
    """Midnight UTC of an ISO date."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def listing(*dates: str | None) -> list[float]:
    """The negated dates of a catalog listing (newest first, undated last) of ``dates``."""
    stamps = sorted((day(d).timestamp() for d in dates if d), reverse=True)
    return [-s for s in stamps]


# ------------------------------------------------------------------ buckets


@pytest.mark.parametrize(
    ("days", "size"),
    [
        (0, "day"),
        (41, "day"),
        (42, "week"),
        (365, "week"),
        (400, "month"),
        (3000, "month"),
        (4000, "year"),
    ],
)
def test_bucket_size_follows_the_span(days: int, size: str) -> None:
    assert choose(timedelta(days=days)) == size


def test_floor_and_step_in_utc() -> None:
    moment = datetime(2022, 12, 14, 15, 30, tzinfo=UTC)  # a Wednesday
    assert floor(moment, "day") == day("2022-12-14")
    assert floor(moment, "week") == day("2022-12-12")
    assert floor(moment, "month") == day("2022-12-01")
    assert floor(moment, "year") == day("2022-01-01")
    assert step(day("2022-12-01"), "month") == day("2023-01-01")
    assert step(day("2022-12-12"), "week") == day("2022-12-19")


def test_counts_per_bucket_with_empty_buckets_and_undated() -> None:
    neg = listing("2022-03-20", "2022-03-05", "2022-01-31", "2022-01-01")  # 4 dated, then 2 not
    timeline = count("q", [0, 1, 2, 3, 4, 5, 6], 6, neg)
    assert timeline.by == "week"
    assert [b.count for b in timeline.buckets][:2] == [1, 0]
    assert sum(b.count for b in timeline.buckets) == 4
    assert timeline.undated == 3 and timeline.total == 7
    months = count("q", [1, 3, 5], 6, neg, "month")
    assert [(b.start.month, b.count) for b in months.buckets] == [(1, 1), (2, 0), (3, 1)]
    assert months.undated == 1


def test_a_single_day_and_nothing_dated() -> None:
    neg = listing("2022-05-05", "2022-05-05")
    one = count("", [0, 1], 4, neg)
    assert one.by == "day" and one.buckets == (
        TimelineBucket(day("2022-05-05"), day("2022-05-06"), 2),
    )
    none = count("", [2, 3], 4, neg)
    assert none.buckets == () and none.undated == 2 and none.total == 2
    assert count("", [], 4, neg).total == 0


def test_too_fine_a_size_is_coarsened() -> None:
    neg = listing("2000-01-01", "1950-01-01")
    assert count("", [0, 1], 2, neg, "day").by == "week"


def test_bucket_filter_is_an_inclusive_date_range() -> None:
    bucket = TimelineBucket(day("2022-12-01"), day("2023-01-01"), 3)
    assert bucket.filter() == "date:[2022-12-01 to 2022-12-31]"
    assert TimelineBucket(day("2022-12-12"), day("2022-12-13"), 1).filter() == (
        "date:[2022-12-12 to 2022-12-12]"
    )


# ------------------------------------------------------------------ through the library


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> WhooshLibrary:
    index = tmp_path_factory.mktemp("seeds") / "index"
    library = WhooshLibrary([SEEDS], index)
    library.update()
    library.open()
    yield library
    library.close()


def ids(library: WhooshLibrary) -> dict[str, str]:
    """Article id by the seed's number (``"000"``)."""
    return {h.path[:3]: h.id for h in library.browse().hits}


def test_related_seed_pairs(seeds: WhooshLibrary) -> None:
    seed = ids(seeds)
    names = {v: k for k, v in seed.items()}

    def related(number: str) -> list[str]:
        found = seeds.related(seed[number], 4)
        assert found is not None
        return [names[h.id] for h in found]

    assert related("000")[0] == "001" and related("001")[0] == "000"
    assert "004" in related("002")[:2] and "002" in related("004")[:2]
    assert all(number not in related(number) for number in seed)


def test_related_by_path_unknown_and_limit(seeds: WhooshLibrary) -> None:
    by_path = seeds.related("000_594be430a428c027.txt", 1)
    assert by_path is not None and len(by_path) == 1
    assert seeds.related("no-such-id") is None


def test_the_date_filter_of_a_bucket_selects_its_articles(seeds: WhooshLibrary) -> None:
    timeline = seeds.timeline("kosovo", by="year")
    assert [b.count for b in timeline.buckets] == [1, 1, 1] and timeline.undated == 2
    for bucket in timeline.buckets:
        found = seeds.search("kosovo", filters=[bucket.filter()], limit=None)
        assert found.total == bucket.count
        assert all(bucket.start <= h.date < bucket.end for h in found.hits)
    narrowed = seeds.timeline("kosovo", [timeline.buckets[0].filter()])
    assert narrowed.total == 1 and narrowed.by == "day"


def test_timeline_bad_query(seeds: WhooshLibrary) -> None:
    with pytest.raises(QueryError):
        seeds.timeline("title:(")
    with pytest.raises(ValueError):
        seeds.timeline("kosovo", by="fortnight")


def test_an_article_without_a_body_is_never_related_and_bad_dates_are_undated(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {
            "id": "a",
            "title": "Harbour storm damages cranes",
            "body": "The storm hit the harbour and damaged three cranes near the ferry terminal.",
        },
        {
            "id": "b",
            "title": "Cranes damaged as storm hits harbour",
            "body": "Three "
            "cranes at the ferry terminal were damaged when the storm hit the harbour.",
        },
        {"id": "c", "title": "", "body": ""},
        {"id": "d", "title": "Harbour", "date": "nonsense", "body": ""},
    ]
    (corpus / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    library = WhooshLibrary([corpus], tmp_path / "index")
    library.update()
    library.open()
    try:
        by_title = {h.title: h.id for h in library.browse().hits}
        found = library.related(by_title["Harbour storm damages cranes"], 10)
        assert found is not None and [h.title for h in found] == [
            "Cranes damaged as storm hits harbour"
        ]
        assert by_title["Harbour"] not in {h.id for h in found}  # a title alone: no body
        assert library.timeline().undated == library.article_count()
    finally:
        library.close()
