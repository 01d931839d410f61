"""Grouping a result set into stories (``stories.clusters.group``) and ``newsdesk stories``."""

from __future__ import annotations

from search_index.stories.clusters import DAYS, Item, group, title_words

DAY = 86400.0
# Entity numbers: 1-3 one event (a strike), 4-6 another (a flood), 9 named by every result.
STRIKE = (1, 2, 3, 9)
FLOOD = (4, 5, 6, 9)


def df(number: int) -> int:
    """Collection document frequencies: the shared entity 9 is common, the others rare."""
    return 5000 if number == 9 else 3


def test_articles_naming_the_same_rare_names_form_one_story_led_by_the_first() -> None:
    items = [
        Item(STRIKE, "Dock workers walk out", 10 * DAY),
        Item(FLOOD, "River bursts its banks", 10 * DAY),
        Item(STRIKE[:3], "Port strike enters second day", 11 * DAY),
        Item(FLOOD[1:], "Flood waters reach the town", 12 * DAY),
        Item((7, 8), "Festival opens", 11 * DAY),
    ]
    assert group(items, df, 60_000) == [[0, 2], [1, 3], [4]]


def test_what_every_result_shares_does_not_make_a_story() -> None:
    """Entity 9 and the word "kosovo" are in every result (the query): alone they join nothing."""
    items = [Item((9, n), f"Kosovo {word}", None) for n, word in ((20, "votes"), (21, "storms"))]
    items += [Item((9, 22 + n), f"Kosovo item{n}", None) for n in range(30)]
    assert all(len(story) == 1 for story in group(items, df, 60_000))


def test_dates_too_far_apart_keep_the_same_names_apart() -> None:
    far = (DAYS + 3) * DAY
    items = [Item(STRIKE, "Dock workers walk out", 0.0), Item(STRIKE, "Dock workers walk out", far)]
    assert group(items, df, 60_000) == [[0], [1]]
    items[1] = Item(STRIKE, "Dock workers walk out", None)  # undated: the names decide
    assert group(items, df, 60_000) == [[0, 1]]


def test_an_article_must_be_close_to_the_whole_story_not_to_one_member() -> None:
    """c shares half its names with b (enough for a pair) but little with a and b together:
    it starts its own story instead of chaining onto b's."""
    a, b, c = (
        Item((1, 2, 3, 4), "", None),
        Item((3, 4, 5, 6), "", None),
        Item((5, 6, 7, 8), "", None),
    )
    assert group([a, b], df, 60_000) == [[0, 1]]
    assert group([b, c], df, 60_000) == [[0, 1]]
    assert group([a, b, c], df, 60_000) == [[0, 1], [2]]


def test_title_words_drop_short_and_stop_words_and_plural_s() -> None:
    assert title_words("The talks on banks: 45 Banks sued, says Mr Tanzi's lawyer") == {
        "talk",
        "bank",
        "sued",
        "tanzi",
        "lawyer",
    }


def test_an_empty_result_has_no_stories() -> None:
    assert group([], df, 10) == []
