"""Benchmarks of staged scoring at a province's scale: the columnar path, the object path, a peer.

Run by ``benchmarks/run.py`` (and so by ``nox -s bench``), or alone:
``python benchmarks/staging.py [--quick]``. The process runs on one core: numpy's thread pools
are limited to one thread before numpy is imported, and the process is pinned to one CPU.

(a) A province: 100,000 candidates, 2,000,000 events already in columns, 4 dimensions, 14 gate
    conditions, quota 10,000. Time from the columns to the result (target <= 0.5 s), its peak
    memory (tracemalloc over the evaluation), the time to load the same data from CSV files,
    and the object API (records) per candidate on a 10,000-candidate subset.
(b) 1,000,000 candidates x 4 aggregated dimensions, one gate, a weighted sum, a lexicographic
    tie-break and a quota (target <= 0.15 s), against scikit-criteria's filter + weighted-sum
    pipeline on the same data, timed as ``shared/bench/peers.py`` times it (target >= 12x).

The data are synthetic and seeded; each time is the median of several runs after a warm-up.
"""

from __future__ import annotations

# Before numpy: importing timing limits numpy's thread pools to one thread.
from timing import label, median_time, one_core, peak_memory, verdict

# isort: split

import argparse
import csv
import datetime as dt
import importlib
import sys
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from branchkit.mechanisms.staging import (
    AtLeastSince,
    Band,
    Bonus,
    Compare,
    CountOf,
    Dimension,
    Duration,
    Fact,
    FactType,
    NotAfter,
    OneOf,
    PerEvent,
    Present,
    RankBand,
    Ratio,
    Scaled,
    Scheme,
    Selection,
    Stage,
    TieBreak,
    Transition,
    ValidFor,
    Vote,
    Within,
    evaluate,
)
from branchkit.mechanisms.staging.columnar import (
    CandidateColumns,
    ColumnarResult,
    EventColumns,
    FactColumn,
    evaluate_columns,
    to_ordinals,
)
from branchkit.records import Event
from branchkit.records.periods import PeriodKind

AS_OF = dt.date(2024, 7, 1)
SEED = 20240917  # the seed of shared/bench/peers.py, so (b) uses the very same matrix


def fact(key: str, kind: FactType) -> Fact:
    """A fact labelled by its key."""
    return Fact(key=key, label=label(key.replace("_", " ")), type=kind)


# ---------------------------------------------------------------------------------------------
# (a) A province.

DATES = ("activist_date", "birth_date", "application_date", "talk_date", "review_date")
INTEGERS = (
    "exam_score",
    "service_hours",
    "entitled",
    "present",
    "yes",
    "written_yes",
    "review_yes",
    "review_voters",
)
DECIMALS = {"course_score": Decimal("0.01"), "literacy": Decimal("0.1")}
STATUSES = ("团员", "群众", "民主党派")
KINDS = ("lecture", "meeting", "report", "service")


def province_scheme(quota: int) -> Scheme:
    """Fourteen gates of the move activist -> development target, four dimensions, bands."""
    year = Duration(years=1)
    gates = (
        AtLeastSince(key="one_year", fact="activist_date", duration=year),
        AtLeastSince(key="adult", fact="birth_date", duration=Duration(years=18)),
        Within(
            key="talk", start="application_date", then="talk_date", duration=Duration(months=1)
        ),
        ValidFor(key="review_valid", fact="review_date", duration=year),
        NotAfter(key="applied_first", first="application_date", second="activist_date"),
        Compare(key="exam", fact="exam_score", op=">=", value=60),
        Compare(key="course", fact="course_score", op=">=", value=Decimal("2.00")),
        OneOf(key="status", fact="political_status", values=("团员", "群众")),
        Present(key="recommended", fact="recommended"),
        CountOf(key="contacts", fact="contact_persons", at_least=1, at_most=2),
        Vote(key="vote", entitled="entitled", present="present", yes="yes",
             written_yes="written_yes"),
        Compare(key="service", fact="service_hours", op=">=", value=10),
        Compare(key="literacy", fact="literacy", op=">=", value=Decimal("60")),
        Compare(key="reviewed", fact="review_voters", op=">=", value=5),
    )  # fmt: skip
    since = "activist_date"
    dimensions = (
        Dimension(
            key="study", label=label("study"), base=Decimal(60), cap=Decimal(100),
            weight=Decimal("0.4"),
            rules=(
                PerEvent(key="reports", event="report", points=Decimal(3), since=since,
                         cap=Decimal(12), cap_per=PeriodKind.QUARTER),
                PerEvent(key="lectures", event="lecture", points=Decimal("1.5"), since=since,
                         cap=Decimal(15)),
            ),
        ),
        Dimension(
            key="service", label=label("service"), cap=Decimal(100), weight=Decimal("0.3"),
            rules=(
                Scaled(key="hours", fact="service_hours", factor=Decimal("0.5"),
                       cap=Decimal(40)),
                PerEvent(key="services", event="service", points=Decimal(2), since=since,
                         cap=Decimal(30), cap_per=PeriodKind.SEMESTER),
                Bonus(key="recommended", when=Present(key="r", fact="recommended"),
                      points=Decimal(5)),
            ),
        ),
        Dimension(
            key="evaluation", label=label("evaluation"), base=Decimal(10), cap=Decimal(100),
            weight=Decimal("0.2"),
            rules=(
                Ratio(key="approval", numerator="review_yes", denominator="review_voters",
                      scale=Decimal(80)),
                Bonus(key="literate", when=Compare(key="l", fact="literacy", op=">=",
                                                   value=Decimal(90)), points=Decimal(10)),
            ),
        ),
        Dimension(
            key="performance", label=label("performance"), cap=Decimal(100),
            weight=Decimal("0.1"),
            rules=(
                RankBand(key="class_rank", fact="course_score", top_share=Decimal("0.2"),
                         top_points=Decimal(60), step_places=2, step_points=Decimal(1),
                         floor=Decimal(20)),
                Scaled(key="exam", fact="exam_score", factor=Decimal("0.4")),
            ),
        ),
    )  # fmt: skip
    facts = (
        *(fact(key, FactType.DATE) for key in DATES),
        *(fact(key, FactType.INTEGER) for key in INTEGERS),
        *(fact(key, FactType.DECIMAL) for key in DECIMALS),
        fact("recommended", FactType.BOOLEAN),
        fact("political_status", FactType.TEXT),
        fact("contact_persons", FactType.IDS),
    )
    return Scheme(
        key="province",
        label=label("province"),
        stages=(
            Stage(key="activist", label=label("activist")),
            Stage(key="development_target", label=label("development target")),
        ),
        transitions=(Transition(source="activist", target="development_target", conditions=gates),),
        facts=facts,
        dimensions=dimensions,
        bands=(
            Band(key="priority", label=label("priority"), at_least=Decimal(80)),
            Band(key="key", label=label("key"), at_least=Decimal(70)),
            Band(key="general", label=label("general"), at_least=Decimal(0)),
        ),
        selection=Selection(
            stage="activist",
            target="development_target",
            quota=quota,
            tie_breaks=(
                TieBreak(by="dimension", key="study"),
                TieBreak(by="fact", key="activist_date", order="asc"),
            ),
            on_boundary_tie="flag",
        ),
    )


def _day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def province_columns(count: int, events: int, seed: int) -> tuple[CandidateColumns, EventColumns]:
    """Synthetic candidates and events as columns, most of them near the gates' boundaries."""
    rng = np.random.default_rng(seed)

    def some(share: float) -> npt.NDArray[np.bool_]:
        return rng.random(count) >= share

    def days(first: str, last: str) -> npt.NDArray[np.int64]:
        return rng.integers(_day(first), _day(last) + 1, count)

    activist = days("2021-06-01", "2023-09-30")
    application = activist - rng.integers(30, 400, count)
    entitled = rng.integers(20, 41, count)
    present = (entitled * rng.uniform(0.6, 1.0, count)).astype(np.int64)
    voters = rng.integers(3, 61, count)
    facts = {
        "activist_date": FactColumn.dates(activist),
        "birth_date": FactColumn.dates(days("2000-01-01", "2006-09-30")),
        "application_date": FactColumn.dates(application),
        "talk_date": FactColumn.dates(application + rng.integers(0, 34, count), some(0.03)),
        "review_date": FactColumn.dates(days("2023-07-01", "2024-07-01"), some(0.02)),
        "exam_score": FactColumn.integers(rng.integers(55, 101, count)),
        "service_hours": FactColumn.integers(rng.integers(0, 121, count)),
        "entitled": FactColumn.integers(entitled),
        "present": FactColumn.integers(present),
        "yes": FactColumn.integers((present * rng.uniform(0.85, 1.0, count)).astype(np.int64)),
        "written_yes": FactColumn.integers(rng.integers(0, 3, count)),
        "review_voters": FactColumn.integers(voters),
        "review_yes": FactColumn.integers((voters * rng.uniform(0.3, 1.0, count)).astype(int)),
        "course_score": FactColumn.decimals(rng.integers(190, 401, count), Decimal("0.01")),
        "literacy": FactColumn.decimals(rng.integers(550, 1001, count), Decimal("0.1")),
        "recommended": FactColumn.booleans(rng.random(count) < 0.92, some(0.02)),
        "political_status": FactColumn.texts(
            rng.choice(3, count, p=[0.75, 0.02, 0.23]), sorted(STATUSES)
        ),
        "contact_persons": FactColumn.id_counts(rng.choice(4, count, p=[0.03, 0.3, 0.65, 0.02])),
    }
    ids = np.array([f"P{number:07d}" for number in rng.permutation(count)])
    candidates = CandidateColumns(
        ids=ids,
        facts=facts,
        stage_keys=("activist",),
        group=rng.integers(0, 300, count),
        group_keys=tuple(f"class-{n:03d}" for n in range(300)),
    )
    happened = EventColumns(
        candidate=rng.integers(0, count, events).astype(np.int32),
        kind=rng.choice(4, events, p=[0.2, 0.3, 0.3, 0.2]).astype(np.int8),
        kind_keys=KINDS,
        date=rng.integers(_day("2021-09-01"), _day("2024-09-30") + 1, events).astype(np.int32),
    )
    return candidates, happened


def _cell(column: FactColumn, row: int) -> str:
    value = column.value(row)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ";".join(f"T{n}" for n in range(len(value)))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def write_csv(folder: Path, candidates: CandidateColumns, events: EventColumns) -> None:
    """``candidates.csv`` and ``events.csv``: one row per candidate, one per participation."""
    keys = sorted(candidates.facts)
    with (folder / "candidates.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "stage", "group", *keys])
        for row in range(len(candidates)):
            writer.writerow(
                [
                    candidates.id_of(row),
                    candidates.stage_of(row),
                    candidates.group_of(row),
                    *(_cell(candidates.facts[key], row) for key in keys),
                ]
            )
    dates = (events.date.astype(np.int64) - dt.date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    with (folder / "events.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["event", "kind", "date", "candidate"])
        ids = np.asarray(candidates.ids)
        writer.writerows(
            zip(
                (f"e{n}" for n in range(len(events))),
                np.asarray(events.kind_keys)[events.kind].tolist(),
                dates.astype(str).tolist(),
                ids[events.candidate].tolist(),
                strict=True,
            )
        )


def _codes(texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], list[str]]:
    categories = sorted(set(texts))
    index = {text: code for code, text in enumerate(categories)}
    return np.fromiter((index[text] for text in texts), np.int64, len(texts)), categories


def read_csv(folder: Path, scheme: Scheme) -> tuple[CandidateColumns, EventColumns]:
    """The columns of the two CSV files, read with the standard library and parsed by numpy.

    Dates are parsed by numpy, integers too; decimals exactly, one by one; an empty cell is a
    missing fact.
    """
    with (folder / "candidates.csv").open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        table: dict[str, list[str]] = {name: [] for name in header}
        appends = [table[name].append for name in header]
        for line in reader:
            for append, cell in zip(appends, line, strict=True):
                append(cell)
    facts: dict[str, FactColumn] = {}
    for spec in scheme.facts:
        raw = np.asarray(table[spec.key])
        present = raw != ""
        if spec.type is FactType.DATE:
            facts[spec.key] = FactColumn.dates(np.where(present, raw, "1970-01-01"), present)
        elif spec.type is FactType.INTEGER:
            facts[spec.key] = FactColumn.integers(
                np.where(present, raw, "0").astype(np.int64), present
            )
        elif spec.type is FactType.DECIMAL:
            unit = DECIMALS[spec.key]
            exponent = unit.as_tuple().exponent
            assert isinstance(exponent, int)
            scaled = [int(Decimal(text).scaleb(-exponent)) if text else 0 for text in raw.tolist()]
            facts[spec.key] = FactColumn.decimals(np.asarray(scaled), unit, present)
        elif spec.type is FactType.BOOLEAN:
            facts[spec.key] = FactColumn.booleans(raw == "是", present)
        elif spec.type is FactType.TEXT:
            codes, categories = _codes(table[spec.key])
            facts[spec.key] = FactColumn.texts(codes, categories, present)
        else:
            counts = [len(set(text.split(";"))) if text else 0 for text in raw.tolist()]
            facts[spec.key] = FactColumn.id_counts(np.asarray(counts), present)
    stages, stage_keys = _codes(table["stage"])
    groups, group_keys = _codes(table["group"])
    ids = table["id"]
    candidates = CandidateColumns(
        ids=np.asarray(ids),
        facts=facts,
        stage=stages,
        stage_keys=tuple(stage_keys),
        group=groups,
        group_keys=tuple(group_keys),
    )
    rows = {candidate_id: row for row, candidate_id in enumerate(ids)}
    event_ids: list[str] = []
    kind_texts: list[str] = []
    dates: list[str] = []
    owners: list[str] = []
    with (folder / "events.csv").open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        next(reader)
        # Column by column as the rows go by: no list of two million rows to keep.
        for event_id, kind, date, owner in reader:
            event_ids.append(event_id)
            kind_texts.append(kind)
            dates.append(date)
            owners.append(owner)
    kinds = {kind: code for code, kind in enumerate(sorted(set(kind_texts)))}
    # A few thousand distinct days among millions of events: each is parsed once.
    days = sorted(set(dates))
    day_of = dict(zip(days, to_ordinals(days).tolist(), strict=True))
    events = EventColumns(
        candidate=np.fromiter(map(rows.__getitem__, owners), np.int32, len(owners)),
        kind=np.fromiter(map(kinds.__getitem__, kind_texts), np.int8, len(kind_texts)),
        kind_keys=tuple(kinds),
        date=np.fromiter(map(day_of.__getitem__, dates), np.int32, len(dates)),
        ids=event_ids,
    )
    return candidates, events


def subset(
    candidates: CandidateColumns, events: EventColumns, count: int
) -> tuple[list[Any], list[Event]]:
    """The first ``count`` candidates as records, and their events."""
    people = [candidates.candidate(row) for row in range(count)]
    ids = [person.id for person in people]
    chosen = np.flatnonzero(events.candidate < count)
    return people, [events.event(int(row), ids[int(events.candidate[row])]) for row in chosen]


def bench_province(quick: bool, results: list[str]) -> None:
    """(a): columns to result, peak memory, CSV loading, and the object API per candidate."""
    count, event_count, quota = (10_000, 200_000, 1_000) if quick else (100_000, 2_000_000, 10_000)
    sample = 2_000 if quick else 10_000
    repeats = 3 if quick else 5
    scheme = province_scheme(quota)
    candidates, events = province_columns(count, event_count, SEED)

    def run() -> ColumnarResult:
        return evaluate_columns(scheme, candidates, events, as_of=AS_OF)

    seconds, result = median_time(run, repeats)
    peak = peak_memory(run)
    top = int(result.order[0])
    explain, _ = median_time(lambda: result.explain(top), repeats)
    counts = result.counts
    results.append(
        f"(a) {count:,} candidates, {event_count:,} events, 4 dimensions, 14 conditions, "
        f"quota {quota:,} (eligible {counts['eligible']:,}, selected {counts['selected']:,}, "
        f"flagged at the quota {counts['needs_decision']:,})"
    )
    target = "" if quick else f"  target <= 0.5 s: {verdict(seconds <= 0.5)}"
    results.append(f"    columns -> result (evaluate_columns)   {seconds * 1000:9.1f} ms{target}")
    results.append(f"    peak memory of the evaluation          {peak / 2**20:9.1f} MiB")
    results.append(f"    explain() one candidate (lazy reasons) {explain * 1000:9.1f} ms")

    with tempfile.TemporaryDirectory() as folder:
        write_csv(Path(folder), candidates, events)
        size = sum(path.stat().st_size for path in Path(folder).iterdir())
        load, (loaded, loaded_events) = median_time(
            lambda: read_csv(Path(folder), scheme), 1 if not quick else 2
        )
    again = evaluate_columns(scheme, loaded, loaded_events, as_of=AS_OF)
    same = sorted(again.columns.id_of(int(r)) for r in again.order[:quota]) == sorted(
        result.columns.id_of(int(r)) for r in result.order[:quota]
    ) and sorted(again.total.tolist()) == sorted(result.total.tolist())
    results.append(
        f"    load the same data from CSV ({size / 2**20:.0f} MiB)   {load * 1000:9.1f} ms  "
        f"(csv module + numpy parsing; same result after loading: {'yes' if same else 'NO'})"
    )
    build, _ = median_time(
        lambda: CandidateColumns(
            ids=candidates.ids, facts=candidates.facts, stage_keys=("activist",),
            group=candidates.group, group_keys=candidates.group_keys,
        ),
        repeats,
    )  # fmt: skip
    results.append(
        f"    build CandidateColumns (ids sorted)    {build * 1000:9.1f} ms  (part of loading)"
    )

    people, their_events = subset(candidates, events, sample)
    per_object, expected = median_time(
        lambda: evaluate(scheme, people, events=their_events, as_of=AS_OF), 3 if not quick else 1
    )
    convert, (sub_columns, sub_events) = median_time(
        lambda: (
            (built := CandidateColumns.from_candidates(scheme, people)),
            EventColumns.from_events(their_events, built),
        ),
        1,
    )
    sub_seconds, sub_result = median_time(
        lambda: evaluate_columns(scheme, sub_columns, sub_events, as_of=AS_OF), repeats
    )
    equal = sub_result.to_staging_result() == expected
    results.append(
        f"    object API, {sample:,} candidates ({len(their_events):,} events)"
        f"  {per_object * 1000:9.1f} ms  ({per_object / sample * 1e6:.0f} µs per candidate; "
        f"columnar on the same {sub_seconds * 1000:.1f} ms, {sub_seconds / sample * 1e6:.1f} µs "
        f"per candidate)"
    )
    results.append(
        f"    records -> columns (from_candidates/from_events) {convert * 1000:9.1f} ms; "
        f"to_staging_result() == evaluate(): {'yes' if equal else 'NO'}"
    )


# ---------------------------------------------------------------------------------------------
# (b) A million candidates, four aggregated dimensions, against scikit-criteria.

WEIGHTS = (Decimal("0.4"), Decimal("0.3"), Decimal("0.2"), Decimal("-0.1"))  # c3 is a cost
NAMES = ("c0", "c1", "c2", "c3")


def matrix_scheme(quota: int) -> Scheme:
    """One gate (c0 >= 20 and c3 <= 90), a weighted sum, c0 then id to break ties, a quota."""
    return Scheme(
        key="matrix",
        label=label("matrix"),
        stages=(Stage(key="listed", label=label("listed")), Stage(key="chosen", label=label("c"))),
        transitions=(
            Transition(
                source="listed",
                target="chosen",
                conditions=(
                    Compare(key="c0_floor", fact="c0", op=">=", value=20),
                    Compare(key="c3_ceiling", fact="c3", op="<=", value=90),
                ),
            ),
        ),
        facts=tuple(fact(name, FactType.INTEGER) for name in NAMES),
        dimensions=tuple(
            Dimension(
                key=name,
                label=label(name),
                rules=(Scaled(key=name, fact=name, factor=Decimal(1)),),
                weight=weight,
            )
            for name, weight in zip(NAMES, WEIGHTS, strict=True)
        ),
        selection=Selection(
            stage="listed",
            target="chosen",
            quota=quota,
            tie_breaks=(TieBreak(by="dimension", key="c0"),),
        ),
    )


def bench_matrix(quick: bool, results: list[str]) -> None:
    """(b): branchkit's columns against scikit-criteria's pipeline on the same matrix."""
    count = 100_000 if quick else 1_000_000
    quota = max(1, count // 10)
    repeats = 3 if quick else 7
    rng = np.random.default_rng(SEED)
    matrix = rng.integers(1, 101, size=(count, 4)).astype(np.float64)  # as peers.py makes it
    numbers = rng.permutation(count).astype(np.int64)
    scheme = matrix_scheme(quota)
    width = len(str(count - 1))
    ids = np.array([f"{number:0{width}d}" for number in numbers.tolist()])

    def build() -> CandidateColumns:
        return CandidateColumns(
            ids=ids,
            facts={
                name: FactColumn.integers(matrix[:, index].astype(np.int64))
                for index, name in enumerate(NAMES)
            },
            stage_keys=("listed",),
        )

    build_seconds, candidates = median_time(build, 3)
    seconds, result = median_time(
        lambda: evaluate_columns(scheme, candidates, as_of=AS_OF), repeats
    )
    peak = peak_memory(lambda: evaluate_columns(scheme, candidates, as_of=AS_OF))
    # The same selection, written directly with numpy: exact scores in hundredths, lexsort.
    c = matrix.astype(np.int64)
    gate = np.flatnonzero((c[:, 0] >= 20) & (c[:, 3] <= 90))
    score = 40 * c[gate, 0] + 30 * c[gate, 1] + 20 * c[gate, 2] - 10 * c[gate, 3]
    direct = gate[np.lexsort((numbers[gate], -c[gate, 0], -score))][:quota]
    agrees = np.array_equal(direct, result.order[:quota])
    results.append(
        f"(b) {count:,} candidates x 4 aggregated dimensions, one gate, weighted sum, "
        f"tie-break c0 then id, quota {quota:,}"
    )
    target = "" if quick else f"  target <= 0.15 s: {verdict(seconds <= 0.15)}"
    results.append(f"    branchkit evaluate_columns              {seconds * 1000:9.1f} ms{target}")
    results.append(
        f"    (peak memory {peak / 2**20:.0f} MiB; CandidateColumns built once in "
        f"{build_seconds * 1000:.0f} ms, ids sorted; same selection as a direct numpy lexsort: "
        f"{'yes' if agrees else 'NO'})"
    )
    # Imported by name: the peer is optional, and has no type information.
    try:
        skcm = importlib.import_module("skcriteria")
        simple = importlib.import_module("skcriteria.agg.simple")
        filters = importlib.import_module("skcriteria.preprocessing.filters")
        invert_objectives = importlib.import_module("skcriteria.preprocessing.invert_objectives")
        scalers = importlib.import_module("skcriteria.preprocessing.scalers")
        try:
            pipelines = importlib.import_module("skcriteria.pipelines")
        except ImportError:  # scikit-criteria < 0.9
            pipelines = importlib.import_module("skcriteria.pipeline")
    except ImportError as error:
        results.append(f"    scikit-criteria not installed ({error}); no peer ratio")
        return
    mkpipe = pipelines.mkpipe
    weights = np.array([0.4, 0.3, 0.2, 0.1])
    pipeline = mkpipe(
        filters.FilterGE({"c0": 20}),
        filters.FilterLE({"c3": 90}),
        invert_objectives.MinMaxInverter(),
        scalers.SumScaler(target="weights"),
        simple.WeightedSumModel(),
    )

    def peer() -> Any:
        # As shared/bench/peers.py times it: build the decision matrix, run the pipeline, take
        # the quota by rank (no lexicographic tie-break, floats, no explanations).
        decision = skcm.mkdm(matrix, [max, max, max, min], weights=weights, criteria=list(NAMES))
        ranked = pipeline.evaluate(decision)
        return np.argsort(ranked.rank_, kind="stable")[:quota]

    peer_seconds, _ = median_time(peer, 3)
    ratio = peer_seconds / seconds
    version = getattr(skcm, "VERSION", getattr(skcm, "__version__", "?"))
    target = "" if quick else f"  target >= 12x: {verdict(ratio >= 12)}"
    results.append(
        f"    scikit-criteria {version} filter + WSM pipeline {peer_seconds * 1000:9.1f} ms  "
        f"-> branchkit is {ratio:.1f}x faster{target}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Measure and print every figure of staged scoring."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    options = parser.parse_args(argv)
    one_core()
    results: list[str] = []
    print(
        f"staged scoring (numpy {np.__version__}, one core"
        f"{', quick sizes: targets apply to the full sizes' if options.quick else ''})",
        flush=True,
    )
    bench_province(options.quick, results)
    print("\n".join(results), flush=True)
    results.clear()
    bench_matrix(options.quick, results)
    print("\n".join(results), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
