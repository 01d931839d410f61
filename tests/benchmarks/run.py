"""newsdesk speed at scale: build, updates, open, queries, facets and the reader, in one table.

Usage (from the repository root, after ``pip install -e '.[test]'``)::

    .venv/bin/python tests/benchmarks/run.py [--sizes 1x,3x] [--rounds 3] [--no-tui]
        [--json results.json] [--compare before.json] [--answers FILE] [--write-answers]

Builds fresh indexes of ``../shared/corpora/news_mix.jsonl.gz`` (1x) and of a derived 3x corpus
(two sentence-shuffled copies with distinct ids) in ``--work`` (default: a folder in /tmp),
then measures. It reports numbers only and never fails on time; it does check that the query
set's answers (total, top 10 by relevance and by date) match the reference in ``answers.json``
(or ``--answers``) and names every difference.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import queries as Q  # noqa: E402
import wire as W  # noqa: E402
from corpus import derive_3x, sample_records, write_jsonl  # noqa: E402
from procs import dir_size_mb, load, machine, rss_mb, run_job  # noqa: E402

import tui as T  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpora" / "news_mix.jsonl.gz"
ANSWERS = Path(__file__).resolve().parent / "answers.json"
"""Top hits of the query set per corpus size, stored by ``--write-answers``."""

Row = tuple[str, str, str]
"""(metric, value, target)."""


def _fmt(values: tuple[float, float, float], unit: str = "ms") -> str:
    """p50 / p95 / max."""
    p50, p95, top = values
    return f"{p50:.1f} / {p95:.1f} / {top:.1f} {unit}"


def measure_build(corpus: Path, index: Path) -> tuple[list[Row], dict[str, Any]]:
    """Full build in a fresh process."""
    shutil.rmtree(index, ignore_errors=True)
    result = run_job("build", str(index), str(corpus), sample=True)
    rate = result["articles"] / result["elapsed_s"]
    rows = [
        (
            "build: wall time",
            f"{result['elapsed_s']:.1f} s ({result['articles']:,} articles)",
            "<= 90 s (1x)",
        ),
        ("build: articles/s", f"{rate:,.0f}", ""),
        ("build: peak memory (process tree)", f"{result['peak_rss_mb']:.0f} MB", ""),
        ("build: index size", f"{dir_size_mb(index):.0f} MB", ""),
    ]
    return rows, result


def measure_updates(corpus: Path, index: Path, work: Path, reps: int) -> list[Row]:
    """Incremental updates of 1 and 100 articles (new file, then changed), and removal."""
    extra = work / "extra"
    shutil.rmtree(extra, ignore_errors=True)
    extra.mkdir(parents=True)
    roots = [str(index), str(corpus), str(extra)]
    rows: list[Row] = []
    for count in (1, 100):
        samples: list[dict[str, Any]] = []
        for rep in range(reps):
            write_jsonl(extra / f"update-{count}.jsonl", sample_records(corpus, count, f"u{rep}"))
            samples.append(run_job("update", *roots))
        updates = sorted(s["update_ms"] for s in samples)
        refresh = sorted(s["refresh_ms"] for s in samples)
        procs = sorted(s["process_ms"] for s in samples)
        rows.append(
            (
                f"update {count} article{'s' * (count > 1)}: update_index",
                f"{updates[len(updates) // 2]:.0f} ms (median of {reps}; max {updates[-1]:.0f})",
                "<= 1 s (1x)" if count == 1 else "",
            )
        )
        rows.append(
            (
                f"update {count}: imports + update_index (new process)",
                f"{procs[len(procs) // 2]:.0f} ms",
                "",
            )
        )
        rows.append(
            (
                f"update {count}: reader refresh() after it",
                f"{refresh[len(refresh) // 2]:.0f} ms",
                "",
            )
        )
        after = sorted(s["query_after_refresh_ms"] for s in samples)
        rows.append(
            (
                f"update {count}: first query + snippets after refresh",
                f"{after[len(after) // 2]:.0f} ms",
                "",
            )
        )
    shutil.rmtree(extra)
    extra.mkdir()
    gone = run_job("update", *roots)
    rows.append(("update: remove 101 articles", f"{gone['update_ms']:.0f} ms", ""))
    return rows


def measure_open(index: Path, reps: int) -> list[Row]:
    """Cold open in fresh processes (page cache warm)."""
    samples = [run_job("open", str(index)) for _ in range(reps)]

    def med(key: str) -> float:
        values = sorted(float(s[key]) for s in samples)
        return values[len(values) // 2]

    return [
        ("open: import search_index.engine.searcher", f"{med('import_ms'):.0f} ms", ""),
        ("open: Searcher()", f"{med('open_ms'):.0f} ms", ""),
        ("open: first query + 20 snippets", f"{med('first_query_ms'):.0f} ms", ""),
        ("open: list all, newest first (first)", f"{med('browse_all_ms'):.0f} ms", ""),
    ]


def measure_queries(index: Path, rounds: int) -> tuple[list[Row], dict[str, Any]]:
    """Latency per query kind, facets, the answers, and this process's memory."""
    from search_index.engine.searcher import Searcher

    rows: list[Row] = []
    before = rss_mb(os.getpid())
    began = time.perf_counter()
    searcher = Searcher(index)
    rows.append(
        ("Searcher open (in process)", f"{(time.perf_counter() - began) * 1000:.0f} ms", "")
    )
    facets = Q.facet_latencies(searcher, rounds)
    samples = Q.latencies(searcher, rounds)
    for kind, modes in samples.items():
        for mode, values in modes.items():
            target = "p95 <= 50 ms (1x)" if mode == "highlighted" else ""
            rows.append((f"query {kind}: {mode}", _fmt(Q.percentiles(values)), target))
    every = [v for modes in samples.values() for v in modes["highlighted"]]
    rows.append(("query all kinds: highlighted", _fmt(Q.percentiles(every)), "p95 <= 50 ms"))
    for mode, values in Q.rescue_latencies(searcher, rounds).items():
        rows.append((f"query zero hits ({len(Q.RESCUE)}): {mode}", _fmt(Q.percentiles(values)), ""))
    began = time.perf_counter()
    total = searcher.browse(limit=None).total
    rows.append(
        (f"sort by date: list all {total:,}", f"{(time.perf_counter() - began) * 1000:.1f} ms", "")
    )
    rows.append(
        (
            "facets: first call (loads entity table)",
            f"{facets['first call'][0]:.0f} ms",
            "<= 100 ms",
        )
    )
    rows.append(("facets: per query", _fmt(Q.percentiles(facets["per query"])), "<= 100 ms"))
    rows.append(
        (
            "facets: per query, after its search (the reader)",
            _fmt(Q.percentiles(facets["after its search"])),
            "<= 100 ms",
        )
    )
    if hasattr(searcher, "related"):  # (a --compare run from before stories lacks these)
        rows.append(
            (
                "related: 10 per article",
                _fmt(Q.percentiles(Q.related_latencies(searcher, rounds))),
                "p95 <= 50 ms",
            )
        )
        timelines = Q.timeline_latencies(searcher, rounds)
        for mode, label in (
            ("alone", "alone (CLI)"),
            ("after its search", "after its search (the reader)"),
        ):
            rows.append(
                (
                    f"timeline: per query, folded, {label}",
                    _fmt(Q.percentiles(timelines[mode])),
                    "p95 <= 50 ms",
                )
            )
    if hasattr(searcher, "stories"):
        rows.append(
            (
                "stories: best 1,000 results grouped, per query",
                _fmt(Q.percentiles(Q.stories_latencies(searcher, rounds))),
                "",
            )
        )
    answers = Q.answers(searcher)
    rows.append(
        (
            "Searcher memory (RSS growth of this process)",
            f"{rss_mb(os.getpid()) - before:.0f} MB",
            "",
        )
    )
    searcher.close()
    return rows, answers


def after_updates(index: Path) -> Row:
    """One pass over every kind (highlighted) on the index the updates left behind."""
    from search_index.engine.searcher import Searcher

    with Searcher(index) as searcher:
        samples = Q.latencies(searcher, 1)
    every = [v for modes in samples.values() for v in modes["highlighted"]]
    return ("query all kinds after updates: highlighted", _fmt(Q.percentiles(every)), "")


def measure_size(
    name: str, corpus: Path, work: Path, args: argparse.Namespace
) -> tuple[list[Row], dict[str, Any]]:
    """Every measurement on one corpus size."""
    index = work / f"index-{name}"
    rows: list[Row] = []
    print(f"[{name}] building {corpus} (load {load()})", flush=True)
    built, _ = measure_build(corpus, index)
    rows += built
    print(f"[{name}] cold open (load {load()})", flush=True)
    rows += measure_open(index, args.opens)
    print(f"[{name}] queries (load {load()})", flush=True)
    query_rows, answers = measure_queries(index, args.rounds)
    rows += query_rows
    if name == "1x" and not args.no_tui:
        why = T.available()
        if why is None:
            print(f"[{name}] reader (tmux; load {load()})", flush=True)
            tui_rows, raw = T.latency_rows(index, corpus, args.tui_reps, args.tui_launches)
            rows += [
                (f"reader {n}", f"p50 {a:.0f} ms" + ("" if b is None else f", p95 {b:.0f} ms"), "")
                for n, a, b in tui_rows
            ]
            try:
                keys = T.key_rows(index, corpus, args.tui_reps // 2)
            except Exception as err:  # noqa: BLE001 - a number missing is reported, not fatal
                keys = []
                rows.append(("reader Tab / typing", f"not measured: {err}", ""))
            rows += [
                (
                    f"reader {n}",
                    f"p50 {a:.0f} ms, p95 {b:.0f} ms",
                    "<= 1.5x minimal app" if "newsdesk" in n else "",
                )
                for n, a, b in keys
            ]
            rows.append(
                ("reader RSS, 60k index open", f"{T.reader_rss(index, corpus):.0f} MB", "<= 300 MB")
            )
            for query in (None, "president"):  # bytes written per cursor move (pty, 120x40)
                where = "" if query is None else f" in '{query}'"
                try:
                    wired = W.bytes_per_move(index, corpus, query=query)
                except Exception as err:  # noqa: BLE001 - a number missing is reported, not fatal
                    rows.append((f"reader bytes per move{where}", f"not measured: {err}", ""))
                    continue
                targets = {
                    "move at rest (median)": "<= 8 KB",
                    "move held, j every 30 ms (mean)": "<= 2.5 KB",
                }
                rows += [
                    (
                        f"reader bytes, {name}{where} (pty 120x40)",
                        f"{value / 1024:.1f} KB",
                        targets.get(name, "") if query is None else "",
                    )
                    for name, value in wired.items()
                    if query is None or name != "first screen"
                ]
            (work / "tui_latency.txt").write_text("\n".join(raw) + "\n")
        else:
            rows.append(("reader latency", f"not measured: {why}", "run bench/tui_latency.py"))
    print(f"[{name}] updates (load {load()})", flush=True)
    rows += measure_updates(corpus, index, work, args.update_reps)
    rows.append(after_updates(index))
    rows.append(("load average after", load(), ""))
    return rows, answers


def print_table(sizes: dict[str, list[Row]], before: dict[str, list[Row]] | None) -> None:
    """One table: a row per metric, a column per size (and per 'before' run when given)."""
    metrics: list[str] = []
    targets: dict[str, str] = {}
    for rows in sizes.values():
        for metric, _, target in rows:
            if metric not in metrics:
                metrics.append(metric)
            targets[metric] = targets.get(metric) or target
    columns: list[tuple[str, dict[str, str]]] = []
    for name, rows in sizes.items():
        if before and name in before:
            columns.append((f"{name} before", {m: v for m, v, _ in before[name]}))
        columns.append((name if not before else f"{name} now", {m: v for m, v, _ in rows}))
    width = max(len(m) for m in metrics) + 2
    cols = [max(len(c), *(len(v.get(m, "")) for m in metrics)) + 2 for c, v in columns]
    print(
        "metric".ljust(width) + "".join(c.ljust(w) for (c, _), w in zip(columns, cols)) + "target"
    )
    for metric in metrics:
        print(
            metric.ljust(width)
            + "".join(v.get(metric, "-").ljust(w) for (_, v), w in zip(columns, cols))
            + targets.get(metric, "")
        )


def main() -> int:
    """Parse the options, run every size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", default="1x,3x", help="comma-separated: 1x, 3x")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (kept)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the query set")
    parser.add_argument("--opens", type=int, default=5, help="cold opens")
    parser.add_argument("--update-reps", type=int, default=3)
    parser.add_argument("--no-tui", action="store_true", help="skip the reader rows")
    parser.add_argument("--tui-reps", type=int, default=60)
    parser.add_argument("--tui-launches", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the rows and answers here")
    parser.add_argument("--compare", type=Path, help="a --json file to show as 'before'")
    parser.add_argument(
        "--answers",
        type=Path,
        default=ANSWERS,
        help="answers the query set must still get (default: %(default)s)",
    )
    parser.add_argument(
        "--write-answers",
        action="store_true",
        help="store this run's answers as the reference (--answers)",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.gettempdir()) / "newsdesk-benchmarks"
    work.mkdir(parents=True, exist_ok=True)
    header = machine()
    print("\n".join(header), flush=True)
    results: dict[str, list[Row]] = {}
    answers: dict[str, Any] = {}
    for name in args.sizes.split(","):
        corpus = (
            args.corpus if name == "1x" else derive_3x(args.corpus, work / "news_mix-3x.jsonl.gz")
        )
        results[name], answers[name] = measure_size(name, corpus, work, args)
    before = json.loads(args.compare.read_text())["rows"] if args.compare else None
    print()
    print("\n".join(header))
    print_table(results, before)
    if args.answers and args.answers.exists() and not args.write_answers:
        reference = json.loads(args.answers.read_text())["answers"]
        for name in answers:
            if name in reference:
                diffs = Q.compare(answers[name], reference[name])
                print(
                    f"\nanswers ({name}) vs {args.answers}: "
                    + ("all the same" if not diffs else f"{len(diffs)} differ")
                )
                for line in diffs:
                    print("  " + line)
    if args.json:
        args.json.write_text(
            json.dumps({"machine": header, "rows": results, "answers": answers}, indent=1)
        )
    if args.write_answers:
        args.answers.write_text(json.dumps({"answers": answers}, indent=0, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
