"""Crash safety and concurrency, with real processes.

A child process importing a large file is killed with SIGKILL at random moments: afterwards
the file passes SQLite's integrity check and the chain verifies, it holds none or all of that
file's entries, and importing the file again completes it with nothing doubled. Two processes
importing different files at once both complete, and nothing is lost or doubled.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from branchkit.ledger import Ledger, import_file

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# The child imports with the ledger's own code, as a user's process would.
CHILD = """
import sys
from branchkit.ledger import Ledger, import_file
with Ledger.open(sys.argv[1], create=True) as ledger:
    import_file(ledger, sys.argv[2], actor="child")
"""
KILLS = 4


def write_entries(path: Path, count: int, seed: int) -> Path:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["学号", "日期", "项目", "分值", "事由"])
        for _ in range(count):
            writer.writerow(
                [
                    f"2021{rng.randrange(200):03d}",
                    f"2024-0{rng.randrange(1, 10)}-1{rng.randrange(10)}",
                    rng.choice(("study", "service")),
                    rng.choice(("1", "2", "0.5", "-1")),
                    "思想汇报",
                ]
            )
    return path


def start_child(ledger: Path, table: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ledger), str(table)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def entries_from(ledger: Ledger, table: Path) -> int:
    (count,) = ledger._connection.execute(
        "SELECT count(*) FROM entries WHERE source LIKE ?", (f"{table.name} row %",)
    ).fetchone()
    return int(count)


def check(path: Path) -> Ledger:
    ledger = Ledger.open(path)
    assert ledger.integrity_check() == ("ok",)
    assert ledger.verify().ok
    return ledger


def test_a_killed_import_leaves_none_or_all_and_completes_on_the_next(tmp_path: Path) -> None:
    path = tmp_path / "branch.ledger"
    with Ledger.open(path, create=True) as ledger:
        import_file(ledger, write_entries(tmp_path / "before.csv", 300, 1), actor="setup")
    table = write_entries(tmp_path / "large.csv", 20_000, 2)
    # How long a whole import takes here, to kill the others somewhere inside it.
    begin = time.perf_counter()
    finished = start_child(tmp_path / "timing.ledger", table)
    _, errors = finished.communicate(timeout=120)
    assert finished.returncode == 0, errors.decode()
    duration = time.perf_counter() - begin
    rng = random.Random(20240917)
    outcomes = []
    for _ in range(KILLS):
        child = start_child(path, table)
        time.sleep(rng.uniform(0.1, duration * 1.1))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        with check(path) as ledger:
            count = entries_from(ledger, table)
            assert count in {0, 20_000}
            assert entries_from(ledger, tmp_path / "before.csv") == 300
            outcomes.append(count)
    with check(path) as ledger:
        report = import_file(ledger, table, actor="again")
        assert report.added + report.unchanged == 20_000
        assert entries_from(ledger, table) == 20_000
        assert len(ledger) == 20_300
        again = import_file(ledger, table, actor="again")
        assert again.added == 0
        assert ledger.verify().ok


def test_two_processes_importing_different_files_both_complete(tmp_path: Path) -> None:
    path = tmp_path / "branch.ledger"  # created by whichever child comes first
    first = write_entries(tmp_path / "first.csv", 5_000, 3)
    second = write_entries(tmp_path / "second.csv", 5_000, 4)
    children = [start_child(path, first), start_child(path, second)]
    # Both are waited for before either is judged, so that no child is left running.
    finished = [(child, child.communicate(timeout=120)[1]) for child in children]
    for child, errors in finished:
        assert child.returncode == 0, errors.decode()
    with check(path) as ledger:
        assert entries_from(ledger, first) == entries_from(ledger, second) == 5_000
        assert len(ledger) == 10_000
        for table in (first, second):
            assert import_file(ledger, table, actor="again").added == 0
        assert len(ledger) == 10_000


OPEN = (
    "import sys; from branchkit.ledger import Ledger; Ledger.open(sys.argv[1], create=True).close()"
)


def test_processes_creating_one_ledger_at_once_all_open_it(tmp_path: Path) -> None:
    # Six processes at once, five times: each waits for the others instead of failing.
    for round_ in range(5):
        path = tmp_path / f"branch-{round_}.ledger"
        children = [
            subprocess.Popen([sys.executable, "-c", OPEN, str(path)], stderr=subprocess.PIPE)
            for _ in range(6)
        ]
        finished = [(child, child.communicate(timeout=60)[1]) for child in children]
        for child, errors in finished:
            assert child.returncode == 0, errors.decode()
        with Ledger.open(path) as ledger:
            assert len(ledger) == 0
            assert ledger.verify().ok
