"""How the ``feed`` and ``fetch`` commands word their results: one line per feed and per run
for a person, the ``--json`` shapes for scripts (strangers' text passes ``clean_line``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..sanitize import clean_line

if TYPE_CHECKING:
    from ..feeds.fetch import FeedResult, FetchReport
    from ..feeds.subscriptions import Subscription


def subscription_as_dict(sub: Subscription) -> dict[str, object]:
    """One subscription in the ``feed list --json`` shape."""
    return {
        "name": sub.name,
        "slug": sub.slug,
        "url": sub.url,
        "items": sub.items,
        "added": sub.added or None,
        "last_fetch": sub.last_fetch or None,
        "last_status": sub.last_status or None,
        "last_error": sub.last_error or None,
        "tags": list(sub.tags),
        "full_text": sub.full_text,
        "html_url": sub.html_url or None,
    }


def last_fetch_text(sub: Subscription) -> str:
    """``fetched 2024-05-01 10:00 UTC: ok``, ``never fetched``."""
    if not sub.last_fetch:
        return "never fetched"
    when = sub.last_fetch.replace("T", " ")[:16] + " UTC"
    if sub.last_status == "error":
        return f"last fetch {when} FAILED: {clean_line(sub.last_error)}"
    return f"fetched {when}: {sub.last_status or 'ok'}"


def items_text(count: int) -> str:
    """``1 item``, ``55 items``."""
    return f"{count:,} item" if count == 1 else f"{count:,} items"


def describe_result(result: FeedResult) -> str:
    """One feed's outcome on one line, for a person."""
    name = clean_line(result.subscription.name)
    if result.status == "error":
        return f"  {name}: FAILED: {clean_line(result.error)}"
    if result.status == "not modified":
        text = f"  {name}: unchanged (not modified since the last fetch)"
    elif result.new or result.updated:
        parts = [f"{result.new:,} new"] if result.new else []
        parts += [f"{result.updated:,} updated"] if result.updated else []
        text = f"  {name}: {', '.join(parts)}"
    else:
        text = f"  {name}: no new items"
    if result.problems:
        text += f" ({len(result.problems)} entries skipped: {clean_line(result.problems[0])}"
        text += ", …)" if len(result.problems) > 1 else ")"
    if result.moved_to:
        text += f" (moved permanently; address updated to {clean_line(result.moved_to)})"
    if result.full_texts or result.full_text_failures:
        text += f"; {full_text_line(result)}"
    return text


def full_text_line(result: FeedResult) -> str:
    """``full text of 3 articles; 1 page not read (no page at this address ...): summary kept``."""
    done = result.full_texts
    text = f"full text of {done:,} {'article' if done == 1 else 'articles'}"
    failures = result.full_text_failures
    if failures:
        text += (
            f"; {len(failures):,} {'page' if len(failures) == 1 else 'pages'} not read "
            f"({clean_line(failures[0])}{', …' if len(failures) > 1 else ''}): the "
            "summary is kept"
        )
    return text


def describe_report(report: FetchReport) -> str:
    """The run in one line: ``Fetched 9 feeds in 1.2 s: 12 new, 3 updated; 1 failed``."""
    feeds = len(report.results)
    unchanged = sum(1 for r in report.results if r.status == "not modified")
    parts = [f"{report.new:,} new", f"{report.updated:,} updated articles"]
    if unchanged:
        parts.append(f"{unchanged} not modified")
    text = (
        f"Fetched {feeds} {'feed' if feeds == 1 else 'feeds'} in {report.elapsed_s:.1f} s: "
        + ", ".join(parts)
    )
    if report.failed:
        text += f"; {len(report.failed)} failed"
    return text


def report_as_dict(report: FetchReport, index: dict[str, object]) -> dict[str, object]:
    """The run in the ``fetch --json`` shape."""
    return {
        "feeds": [
            {
                "name": r.subscription.name,
                "slug": r.subscription.slug,
                "url": r.subscription.url,
                "status": r.status,
                "new": r.new,
                "updated": r.updated,
                "items": r.subscription.items,
                "error": r.error or None,
                "skipped_entries": list(r.problems),
                "full_texts": r.full_texts,
                "full_text_failures": list(r.full_text_failures),
            }
            for r in report.results
        ],
        "new": report.new,
        "updated": report.updated,
        "failed": len(report.failed),
        "elapsed_s": round(report.elapsed_s, 3),
        "index": index,
    }
