"""Importing tables of entries, and ranking from the ledger: all or nothing, exactly once."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from branchkit.errors import InputError, LedgerConflictError
from branchkit.ledger import (
    EntryKind,
    Ledger,
    NewEntry,
    balance,
    candidates_as_of,
    evaluate_from_ledger,
    events_as_of,
    import_file,
    points_by_dimension,
    stage_of,
    standing,
)
from branchkit.mechanisms.staging import (
    Compare,
    Dimension,
    Fact,
    FactType,
    PerEvent,
    Scaled,
    Scheme,
    Selection,
    Stage,
    TieBreak,
    Transition,
)
from branchkit.records import Label
from branchkit.testing import names

D = dt.date
T0 = dt.datetime(2024, 3, 1, 8, 0, tzinfo=dt.UTC)
HEADINGS = ["学号", "日期", "类别", "项目", "分值", "事由"]


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(tmp_path: Path, clock: Clock) -> Iterator[Ledger]:
    with Ledger.open(tmp_path / "branch.ledger", create=True, clock=clock) as opened:
        yield opened


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], headings: Sequence[str] = HEADINGS
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(headings)
        writer.writerows(rows)
    return path


def label(text: str) -> Label:
    return Label(zh=text, en=text)


def scheme() -> Scheme:
    """Political points from the ledger and theme days; an exam gate; a quota of two."""
    return Scheme(
        key="contest",
        label=label("积分PK"),
        stages=(
            Stage(key="activist", label=Label(zh="入党积极分子", en="activist")),
            Stage(key="target", label=Label(zh="发展对象", en="development target")),
        ),
        transitions=(
            Transition(
                source="activist",
                target="target",
                conditions=(Compare(key="exam", fact="exam_score", op=">=", value=60),),
            ),
        ),
        facts=(
            Fact(key="political", label=Label(zh="思想汇报积分", en="report points"),
                 type=FactType.DECIMAL),
            Fact(key="exam_score", label=Label(zh="党课考试成绩", en="exam score"),
                 type=FactType.INTEGER),
            Fact(key="hardship", label=Label(zh="家庭经济困难", en="hardship"),
                 type=FactType.BOOLEAN, sensitive=True),
        ),
        dimensions=(
            Dimension(
                key="political", label=label("political"),
                rules=(
                    Scaled(key="points", fact="political", factor=Decimal(1)),
                    PerEvent(key="theme_days", event="theme_day", points=Decimal(2)),
                ),
            ),
        ),
        selection=Selection(stage="activist", target="target", quota=2,
                            tie_breaks=(TieBreak(by="dimension", key="political"),)),
    )  # fmt: skip


# --- reading and recording -------------------------------------------------------------------


def test_a_csv_file_is_imported_once(ledger: Ledger, tmp_path: Path, clock: Clock) -> None:
    path = write_csv(
        tmp_path / "积分.csv",
        [
            ["2021001", "2024-01-10", "积分", "study", "3", "思想汇报"],
            ["2021001", "2024-02-10", "积分", "study", "1.5", "思想汇报"],
            ["2021002", "2024-02-10", "points", "service", "-1", "缺席"],
            ["2021001", "2024-02-11", "阶段", "", "activist", "支部大会"],
        ],
    )
    report = import_file(ledger, path, actor="组织委员")
    assert (report.rows, report.added, report.unchanged) == (4, 4, 0)
    assert balance(ledger, "2021001", as_of=D(2024, 2, 10)) == Decimal("4.5")
    assert balance(ledger, "2021002", as_of=D(2024, 2, 10)) == -1
    assert stage_of(ledger, "2021001", as_of=D(2024, 3, 1)) == "activist"
    first = ledger.entry(1)
    assert first is not None
    assert first.source == "积分.csv row 2"
    assert first.actor == "组织委员"
    assert first.key == f"f:{report.digest[:24]}:000000000"
    clock.now += dt.timedelta(days=1)
    again = import_file(ledger, path, actor="秘书")
    assert (again.added, again.unchanged) == (0, 4)
    assert again.head == report.head
    assert ledger.verify().ok


def test_a_workbook_with_typed_cells_is_imported(ledger: Ledger, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "台账"
    sheet.append(["学号", "日期", "项目", "分值", "事由", "经办人"])
    sheet.append(["2021001", dt.datetime(2024, 1, 10), "study", 3, "思想汇报", "张老师"])
    sheet.append(["2021001", dt.datetime(2024, 1, 11), "study", 0.5, "主题党日", None])
    workbook.create_sheet("说明").append(["这张表不导入"])
    path = tmp_path / "积分.xlsx"
    workbook.save(path)
    report = import_file(ledger, path, actor="组织委员")
    assert report.added == 2
    assert balance(ledger, "2021001", as_of=D(2024, 1, 31)) == Decimal("3.5")
    entries = list(ledger.entries())
    assert [e.actor for e in entries] == ["张老师", "组织委员"]
    assert entries[0].source == "积分.xlsx sheet 台账, row 2"


def test_a_file_with_problems_imports_nothing_and_names_every_row(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["2021001", "2024-01-10", "积分", "study", "3", "ok"],
            ["2021001", "2024/1/10", "积分", "study", "3", "bad date"],
            ["2021001", "2024-01-10", "积分", "study", "three", "bad amount"],
            ["", "2024-01-10", "积分", "study", "3", "no candidate"],
            ["2021001", "2024-01-10", "奖励", "study", "3", "unknown kind"],
            ["2021001", "2024-01-10", "积分", "Study Points", "3", "bad subject"],
        ],
    )
    with pytest.raises(InputError) as caught:
        import_file(ledger, path, actor="组织委员")
    lines = [str(problem) for problem in caught.value.problems]
    assert lines == [
        f'{path}: row 3, column 日期: expected a date written YYYY-MM-DD, got "2024/1/10"',
        f'{path}: row 4, column 分值: expected a number, got "three"',
        f"{path}: row 5, column 学号: missing (it is required)",
        f"{path}: row 6, column 类别: no kind is called '奖励'; known: points (积分), fact (事实), "
        "event (活动), stage (阶段), profile (档案), decision (决定), correction (更正)",
        f"{path}: row 7, column 项目: 'Study Points' is not a key: use lower-case letters, "
        "digits, '_' and '-', starting with a letter",
    ]
    assert len(ledger) == 0


def test_unknown_and_missing_columns_are_reported_before_any_row(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "cols.csv", [["2021001", "3"]], headings=["学号", "备注"])
    with pytest.raises(InputError) as caught:
        import_file(ledger, path, actor="a", reason="r")
    messages = [problem.message for problem in caught.value.problems]
    assert messages[0] == "unknown column: not a field of an entry"
    assert messages[1].startswith("no column for the effective")


def test_without_a_reason_column_the_import_gives_one(ledger: Ledger, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv", [["2021001", "2024-01-01", "study", "2"]],
        headings=["学号", "日期", "项目", "分值"],
    )  # fmt: skip
    with pytest.raises(InputError, match="reason"):
        import_file(ledger, path, actor="a")
    import_file(ledger, path, actor="a", reason="学期初导入")
    assert next(ledger.entries()).reason == "学期初导入"


def test_correction_rows_name_the_entry_by_its_key(ledger: Ledger, tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "一月.csv",
        [["A-1", "2021001", "2024-01-10", "study", "30", "思想汇报"],
         ["A-2", "2021001", "2024-01-11", "study", "2", "主题党日"]],
        headings=["登记编号", "学号", "日期", "项目", "分值", "事由"],
    )  # fmt: skip
    import_file(ledger, first, actor="组织委员")
    fixes = write_csv(
        tmp_path / "更正.csv",
        [["A-1", "", "", "", "3", "录入错误"], ["A-2", "", "", "", "", "重复登记"]],
        headings=["更正", "学号", "日期", "项目", "分值", "事由"],
    )  # fmt: skip
    import_file(ledger, fixes, actor="支部书记")
    assert balance(ledger, "2021001", as_of=D(2024, 12, 31)) == 3
    corrections = [e for e in ledger.entries() if e.kind is EntryKind.CORRECTION]
    assert [(e.corrects, e.value) for e in corrections] == [(1, Decimal(3)), (2, None)]
    bad = write_csv(tmp_path / "bad.csv", [["A-9", "3", "x"]], headings=["更正", "分值", "事由"])
    with pytest.raises(InputError, match="no entry has the key 'A-9'"):
        import_file(ledger, bad, actor="a")


def test_a_key_column_reused_for_other_content_names_both(ledger: Ledger, tmp_path: Path) -> None:
    headings = ["登记编号", "学号", "日期", "项目", "分值", "事由"]
    import_file(
        ledger,
        write_csv(
            tmp_path / "a.csv", [["K", "2021001", "2024-01-10", "study", "3", "r"]], headings
        ),
        actor="a",
    )
    with pytest.raises(LedgerConflictError, match=r"'K': entry #1 and b.csv row 2 differ"):
        import_file(
            ledger,
            write_csv(
                tmp_path / "b.csv", [["K", "2021001", "2024-01-10", "study", "4", "r"]], headings
            ),
            actor="a",
        )


def test_with_a_scheme_subjects_and_values_are_checked_and_named(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [
            ["2021001", "2024-01-10", "积分", "思想汇报积分", "3", "ok"],
            ["2021001", "2024-01-10", "事实", "党课考试成绩", "87", "ok"],
            ["2021001", "2024-01-10", "阶段", "", "入党积极分子", "ok"],
            ["2021002", "2024-01-10", "事实", "家庭经济困难", "也许", "secret"],
            ["2021002", "2024-01-10", "积分", "党课考试成绩x", "3", "no such fact"],
            ["2021002", "2024-01-10", "积分", "家庭经济困难", "3", "not numeric"],
        ],
    )
    with pytest.raises(InputError) as caught:
        import_file(ledger, path, actor="a", scheme=scheme())
    messages = [problem.message for problem in caught.value.problems]
    assert messages == [
        "not a valid boolean",  # a sensitive fact: its value is never shown
        "the scheme has no fact '党课考试成绩x'",
        "points go to a numeric fact; 'hardship' is boolean",
    ]
    assert "也许" not in str(caught.value)
    good = write_csv(tmp_path / "good.csv", [list(row) for row in _rows(path)[:3]])
    import_file(ledger, good, actor="a", scheme=scheme())
    found = standing(ledger, "2021001", as_of=D(2024, 2, 1))
    assert found.points == {"political": 3}
    assert found.facts == {"exam_score": 87}
    assert found.stage == "activist"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))[1:]


# --- ranking from the ledger -----------------------------------------------------------------


def record_contest(ledger: Ledger, rng: random.Random, count: int) -> None:
    entries: list[NewEntry] = []

    def add(kind: EntryKind, candidate: str, subject: str, value: object, day: dt.date) -> None:
        entries.append(
            NewEntry(
                kind=kind, candidate=candidate, effective=day, subject=subject,
                value=value, reason="登记", source="api:test", actor="组织委员",  # type: ignore[arg-type]
                key=f"{len(entries)}",
            )
        )  # fmt: skip

    # Synthetic people: the testing helpers' names, never real ones.
    for n, name in enumerate(names(count, seed=rng.randrange(2**32))):
        candidate = f"2021{n:03d}"
        add(EntryKind.PROFILE, candidate, "name", name, D(2023, 9, 1))
        add(EntryKind.PROFILE, candidate, "group", f"金融{rng.randrange(1, 3)}班", D(2023, 9, 1))
        add(EntryKind.STAGE, candidate, "stage", "activist", D(2023, 9, 1))
        add(EntryKind.FACT, candidate, "exam_score", rng.randrange(50, 100), D(2023, 12, 1))
        for _ in range(rng.randrange(1, 6)):
            day = D(2024, 1, 1) + dt.timedelta(days=rng.randrange(120))
            amount = Decimal(rng.choice(("1", "1.5", "3", "-1")))
            add(EntryKind.POINTS, candidate, "political", amount, day)
        for event in range(rng.randrange(0, 3)):
            add(EntryKind.EVENT, candidate, "theme_day", f"E{event}", D(2024, 3, event + 1))
    ledger.append_many(entries)


def test_ranking_from_the_ledger_matches_candidates_built_by_hand(ledger: Ledger) -> None:
    record_contest(ledger, random.Random(7), 12)
    as_of = D(2024, 4, 1)
    ranked = evaluate_from_ledger(ledger, scheme(), as_of=as_of)
    candidates = candidates_as_of(ledger, scheme(), as_of=as_of)
    assert len(candidates) == 12
    for candidate in candidates:
        assert candidate.facts.get("political", Decimal(0)) == balance(
            ledger, candidate.id, as_of=as_of
        )
        assert candidate.stage == "activist"
        assert candidate.name
    events = events_as_of(ledger, as_of=as_of)
    assert {event.id for event in events} <= {"E0", "E1"}
    assert ranked.result.counts["selected"] == 2
    assert ranked.head == ledger.head()
    top = ranked.result.candidates[0]
    expected = points_by_dimension(ledger, top.id, as_of=as_of).get("political", Decimal(0))
    theme_days = sum(1 for e in events if top.id in e.participants)
    assert top.dimensions[0].points == expected + 2 * theme_days


def test_a_past_ranking_is_reproduced_exactly_after_later_entries(
    ledger: Ledger, clock: Clock
) -> None:
    record_contest(ledger, random.Random(11), 10)
    as_of = D(2024, 4, 1)
    then = evaluate_from_ledger(ledger, scheme(), as_of=as_of)
    made_at = clock.now
    clock.now += dt.timedelta(days=3)
    # Later: a correction that changes the leader's points, and back-dated points.
    leader = then.result.candidates[0].id
    first_points = next(e for e in ledger.entries(candidate=leader) if e.kind is EntryKind.POINTS)
    ledger.correct(first_points, value=Decimal(-50), reason="核减", actor="书记", source="desk")
    ledger.append(
        NewEntry(
            kind=EntryKind.POINTS, candidate="2021009", effective=D(2024, 2, 1),
            subject="political", value=Decimal(40), reason="补录", source="desk", actor="书记",
        )
    )  # fmt: skip
    now = evaluate_from_ledger(ledger, scheme(), as_of=as_of)
    assert now.result != then.result
    assert now.head != then.head
    again = evaluate_from_ledger(ledger, scheme(), as_of=as_of, known_at=made_at)
    assert again.result == then.result
    assert again.head == then.head
    assert again.known_at == made_at


def test_entries_the_scheme_does_not_know_are_named(ledger: Ledger) -> None:
    ledger.append_many(
        [
            NewEntry(
                kind=EntryKind.POINTS, candidate="2021001", effective=D(2024, 1, 1),
                subject="sports", value=Decimal(2), reason="r", source="s", actor="a",
            ),
            NewEntry(
                kind=EntryKind.FACT, candidate="2021001", effective=D(2024, 1, 1),
                subject="exam_score", value="eighty", reason="r", source="s", actor="a",
            ),
        ]
    )  # fmt: skip
    with pytest.raises(InputError) as caught:
        candidates_as_of(ledger, scheme(), as_of=D(2024, 2, 1))
    assert [str(problem) for problem in caught.value.problems] == [
        f"{ledger.source}: entry #1: points in 'sports': the scheme has no numeric fact 'sports'",
        f"{ledger.source}: entry #2: fact 'exam_score': expected an integer, got \"eighty\"",
    ]
