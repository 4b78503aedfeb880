"""Benchmarks of the points ledger: importing, as-of balances and verifying the chain.

Run by ``benchmarks/run.py`` (and so by ``nox -s bench``), or alone:
``python benchmarks/ledger.py [--quick]``. The process runs on one core, like the other
benchmarks'; the import's CPU time is shown beside its wall-clock time, which other processes
on a shared machine lengthen.

(a) Import a CSV file of 1,000,000 points entries (Chinese headings, 20,000 candidates, three
    dimensions, a year of days) into a new ledger file: reading, checking every row, keying,
    hashing and writing in one transaction (target <= 30 s). Then the same file again, which
    records nothing.
(b) A candidate's balance as of a day, with the 1,000,000 entries stored: the median and the
    95th percentile over many candidates and days (target <= 5 ms).
(c) Verify the hash chain over the 1,000,000 entries (target <= 10 s).

The data are synthetic and seeded; the ledger lives in a temporary folder on the local disk.
"""

from __future__ import annotations

from timing import once, one_core, verdict

# isort: split

import argparse
import csv
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from branchkit.ledger import Ledger, balance, import_file

SEED = 20240917
START = dt.date(2023, 9, 1)
DIMENSIONS = ("political", "literacy", "coursework")
AMOUNTS = ("0.5", "1", "1.5", "2", "3", "-1")
REASONS = ("思想汇报", "主题党日", "志愿服务", "党课学习", "违纪扣分")


def clock() -> dt.datetime:
    """A fixed recorded time, so that runs write the same bytes."""
    return dt.datetime(2024, 9, 1, tzinfo=dt.UTC)


def write_entries(path: Path, count: int, candidates: int) -> None:
    """A CSV file of ``count`` points entries spread over ``candidates`` candidates."""
    rng = random.Random(SEED)
    days = [(START + dt.timedelta(days=offset)).isoformat() for offset in range(365)]
    ids = [f"2023{number:06d}" for number in range(candidates)]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["学号", "日期", "类别", "项目", "分值", "事由"])
        for _ in range(count):
            writer.writerow(
                [
                    rng.choice(ids),
                    rng.choice(days),
                    "积分",
                    rng.choice(DIMENSIONS),
                    rng.choice(AMOUNTS),
                    rng.choice(REASONS),
                ]
            )


def bench(quick: bool, results: list[str]) -> None:
    """(a), (b) and (c) on one ledger file."""
    count, candidates = (100_000, 2_000) if quick else (1_000_000, 20_000)
    queries = 200 if quick else 1_000
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "积分记录.csv"
        write_entries(source, count, candidates)
        size = source.stat().st_size
        path = Path(folder) / "branch.ledger"
        with Ledger.open(path, create=True, clock=clock) as ledger:
            cpu = time.process_time()
            seconds, report = once(lambda: import_file(ledger, source, actor="组织委员"))
            cpu = time.process_time() - cpu
            again, repeated = once(lambda: import_file(ledger, source, actor="组织委员"))
        results.append(
            f"(a) import {count:,} entries from CSV ({size / 2**20:.0f} MiB, {candidates:,} "
            f"candidates)"
        )
        target = "" if quick else f"  target <= 30 s: {verdict(seconds <= 30)}"
        results.append(
            f"    import into a new ledger               {seconds:9.2f} s  "
            f"({report.added / seconds:,.0f} entries/s; CPU {cpu:.2f} s){target}"
        )
        results.append(
            f"    import the same file again             {again:9.2f} s  "
            f"(recorded {repeated.added}, unchanged {repeated.unchanged:,})"
        )
        results.append(f"    ledger file {path.stat().st_size / 2**20:.0f} MiB, head {report.head}")

        opening, ledger = once(lambda: Ledger.open(path, clock=clock))
        results.append(f"    open it again (quick_check, migrations) {opening:9.2f} s")
        with ledger:
            rng = random.Random(SEED + 1)
            samples = []
            for _ in range(queries):
                candidate = f"2023{rng.randrange(candidates):06d}"
                day = START + dt.timedelta(days=rng.randrange(400))
                begin = time.perf_counter()
                balance(ledger, candidate, as_of=day)
                samples.append(time.perf_counter() - begin)
            median = statistics.median(samples)
            p95 = statistics.quantiles(samples, n=20)[-1]
            per = count / candidates
            target = "" if quick else f"  target <= 5 ms: {verdict(median <= 0.005)}"
            results.append(
                f"(b) balance as of a day, {count:,} stored ({per:.0f} entries per candidate)"
            )
            results.append(
                f"    median of {queries:,} candidates and days  {median * 1000:9.2f} ms  "
                f"(95th percentile {p95 * 1000:.2f} ms){target}"
            )
            verify, verification = once(ledger.verify)
        target = "" if quick else f"  target <= 10 s: {verdict(verify <= 10)}"
        results.append(f"(c) verify the chain over {count:,} entries")
        results.append(
            f"    recompute every hash                   {verify:9.2f} s  "
            f"({'verified' if verification.ok else 'NOT verified'}){target}"
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Measure and print every figure of the ledger."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    options = parser.parse_args(argv)
    one_core()
    print(
        f"points ledger (SQLite {sqlite3.sqlite_version}, one core"
        f"{', quick sizes: targets apply to the full sizes' if options.quick else ''})",
        flush=True,
    )
    results: list[str] = []
    bench(options.quick, results)
    print("\n".join(results), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
