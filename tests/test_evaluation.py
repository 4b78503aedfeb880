"""Evaluating a framework: indicators and a scorecard by hand, fingerprints, properties.

The framework below has two areas, each with one practice: party days (theme days, with a
target of 4, and lectures, informational) and volunteering (service events against a counted
target of 3, and person-times against the indicator's own target of 80). It is aligned to a
small standard of two criteria weighted 1 and 3, with a veto on theme days. The period is the
academic year 2021-2022; the day judged is 2022-06-30.
"""

from __future__ import annotations

import datetime as dt
import importlib
import textwrap
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError, UnknownNameError, format_path
from branchkit.framework.builtin_sources import BUILTIN_SOURCES
from branchkit.framework.evaluation import Evaluation, evaluate
from branchkit.framework.indicators import Indicator, IndicatorSpec, Selector, Status
from branchkit.framework.model import Area, Framework, Practice
from branchkit.framework.sources import IndicatorSource
from branchkit.framework.standard import (
    Alignment,
    Criterion,
    GradeBand,
    IndicatorLink,
    Standard,
    Veto,
)
from branchkit.mechanisms.fingerprint import fingerprint
from branchkit.mechanisms.obligations.model import Obligation
from branchkit.mechanisms.targets import Measure, Target
from branchkit.records import Dataset, Event, Label, Period, Person, RoleSpan
from tests.staging_support import pk_scheme

D = Decimal
YEAR = Period.parse("2021-2022")
AS_OF = dt.date(2022, 6, 30)
SOURCES: dict[str, IndicatorSource] = {source.key: source for source in BUILTIN_SOURCES}


def label(text: str) -> Label:
    return Label(zh=text, en=text)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def spec(
    key: str,
    practice: str,
    source: str,
    select: Selector,
    *,
    target: str | None = None,
    partly_at: str = "0.5",
) -> IndicatorSpec:
    return IndicatorSpec(
        key=key,
        label=label(key),
        practice=practice,
        source=source,
        select=select,
        target=None if target is None else D(target),
        partly_at=D(partly_at),
    )


TARGETS = (
    Target(key="service", label=label("三送活动"), event_kinds=("volunteer_service",), at_least=3),
    Target(
        key="reach",
        label=label("服务人次"),
        event_kinds=("volunteer_service",),
        measure=Measure.PERSON_TIMES,
        at_least=100,
    ),
)
INDICATORS = (
    spec("theme-days", "party-days", "events", Selector(kinds=("theme_day",)), target="4"),
    spec("lectures", "party-days", "events", Selector(kinds=("lecture",))),
    spec("service-events", "volunteering", "target", Selector(key="service")),
    spec("reach", "volunteering", "target", Selector(key="reach"), target="80"),
)
STANDARD = Standard(
    key="demo-standard",
    label=label("示例标准"),
    criteria=(
        Criterion(key="political", label=label("政治功能强"), weight=D(1)),
        Criterion(key="service", label=label("服务师生强"), weight=D(3)),
    ),
    bands=(
        GradeBand(key="pass", label=label("合格"), at_least=D(0)),
        GradeBand(key="good", label=label("良好"), at_least=D(60)),
        GradeBand(key="excellent", label=label("优秀"), at_least=D(90)),
    ),
)
ALIGNMENT = Alignment(
    standard="demo-standard",
    links=(
        IndicatorLink(indicator="theme-days", criterion="political"),
        IndicatorLink(indicator="lectures", criterion="political"),
        IndicatorLink(indicator="service-events", criterion="service"),
        IndicatorLink(indicator="reach", criterion="service", weight=D(3)),
    ),
    vetoes=(
        Veto(
            key="no-theme-days", label=label("未开展主题党日"), indicator="theme-days", cap="pass"
        ),
    ),
)


def make_framework(indicators: Sequence[IndicatorSpec] = INDICATORS, **parts: Any) -> Framework:
    defaults: dict[str, Any] = {"targets": TARGETS, "alignments": (ALIGNMENT,)}
    return Framework(
        key="demo",
        label=label("示例支部"),
        organisation=label("示例学院"),
        areas=(
            Area(
                key="politics",
                label=label("政治建设"),
                approach=label("做法"),
                practices=(Practice(key="party-days", label=label("主题党日")),),
            ),
            Area(
                key="service",
                label=label("服务师生"),
                approach=label("做法"),
                practices=(Practice(key="volunteering", label=label("志愿服务")),),
            ),
        ),
        indicators=tuple(indicators),
        **(defaults | parts),
    )


FRAMEWORK = make_framework()


def event(event_id: str, kind: str, when: str, person_times: int = 0) -> Event:
    counts = {"person_times": person_times} if person_times else {}
    return Event(id=event_id, kind=kind, date=day(when), counts=counts)


EVENTS = (
    event("td1", "theme_day", "2021-09-10"),
    event("td2", "theme_day", "2021-11-10"),
    event("td3", "theme_day", "2022-03-10"),
    event("le1", "lecture", "2021-12-01"),
    event("vs1", "volunteer_service", "2021-10-01", 30),
    event("vs2", "volunteer_service", "2022-05-01", 50),
    event("vs3", "volunteer_service", "2022-08-01", 100),  # after the day judged
)


def run(
    events: Iterable[Event] = EVENTS,
    framework: Framework = FRAMEWORK,
    *,
    people: Iterable[Person] = (),
    sections: dict[str, tuple[Any, ...]] | None = None,
    standards: dict[str, Standard] | None = None,
    behaviour: dict[str, dict[str, Any]] | None = None,
) -> Evaluation:
    return evaluate(
        framework,
        dataset=Dataset(people=tuple(people), events=tuple(events)),
        sections=sections or {},
        period=YEAR,
        as_of=AS_OF,
        sources=SOURCES,
        standards={STANDARD.key: STANDARD} if standards is None else standards,
        behaviour=behaviour,
    )


# --- by hand ------------------------------------------------------------------------------------


def test_indicators_by_hand() -> None:
    found = run()
    assert (found.framework, found.period, found.as_of) == ("demo", YEAR, AS_OF)
    rows = [
        (i.key, i.area, i.value, i.unit.en, i.target, i.status, i.records) for i in found.indicators
    ]
    assert rows == [
        # 3 theme days of 4: partly met (3 >= 2).
        ("theme-days", "politics", D(3), "events", D(4), Status.PARTLY, ("td1", "td2", "td3")),
        # No target: informational.
        ("lectures", "politics", D(1), "events", None, None, ("le1",)),
        # 2 service events (vs3 comes after the day) of the target's 3: partly met.
        ("service-events", "service", D(2), "events", D(3), Status.PARTLY, ("vs1", "vs2")),
        # 30 + 50 person-times; the indicator's target, 80, before the target's own 100: met.
        ("reach", "service", D(80), "person-times", D(80), Status.MET, ("vs1", "vs2")),
    ]
    assert found.indicator("reach").attainment == 1
    with pytest.raises(UnknownNameError, match="known: lectures, reach, service-events"):
        found.indicator("nope")


def test_scorecard_by_hand() -> None:
    card = run().scorecard("demo-standard")
    # Criterion weights 1 and 3: 0.25 and 0.75.
    # political: theme days alone (lectures are informational): 3/4 -> 75.00; x 0.25 = 18.75.
    # service: (1 x 2/3 + 3 x 1) / 4 = 0.91666... -> 91.67; x 0.75 = 68.75.
    # overall: 18.75 + 68.75 = 87.50: good (60 to 90). Theme days are partly met: no veto.
    assert [(c.key, c.weight, c.score, c.points) for c in card.criteria] == [
        ("political", D("0.2500"), D("75.00"), D("18.75")),
        ("service", D("0.7500"), D("91.67"), D("68.75")),
    ]
    assert (card.overall, card.reached, card.grade, card.vetoes) == (
        D("87.50"),
        "good",
        "good",
        (),
    )
    assert (card.unit, card.weighting, card.missing) == ("demo", "given", ())
    # Areas: the mean attainment of their scored indicators. politics: 0.75; service:
    # (2/3 + 1) / 2 = 0.8333...
    assert [(a.key, a.score, a.indicators) for a in card.areas] == [
        ("politics", D("75.00"), ("theme-days",)),
        ("service", D("83.33"), ("reach", "service-events")),
    ]
    service = card.criterion("service")
    assert [(c.indicator, c.share, c.attainment) for c in service.contributions] == [
        ("service-events", D("0.2500"), D("0.6667")),
        ("reach", D("0.7500"), D("1.0000")),
    ]
    with pytest.raises(UnknownNameError, match="unknown standard 'nope'; known: demo-standard"):
        run().scorecard("nope")


def test_a_veto_caps_the_grade() -> None:
    found = run([e for e in EVENTS if e.id not in {"td2", "td3"}])
    assert found.indicator("theme-days").status is Status.NOT_MET  # 1 < 2, half of 4
    card = found.scorecard("demo-standard")
    # political: 1/4 -> 25.00; x 0.25 = 6.25. overall 6.25 + 68.75 = 75.00: good, capped to pass.
    assert (card.overall, card.reached, card.vetoes, card.grade) == (
        D("75.00"),
        "good",
        ("no-theme-days",),
        "pass",
    )


def test_the_frameworks_own_standard_is_used() -> None:
    own = make_framework(standards=(STANDARD,))
    assert run(framework=own, standards={}).scorecard("demo-standard").overall == D("87.50")
    # Without an alignment there is no scorecard, only indicators.
    bare = make_framework(alignments=())
    assert run(framework=bare).scorecards == ()


def test_unknown_sources_and_standards_name_the_known_ones() -> None:
    odd = make_framework([*INDICATORS, spec("odd", "party-days", "nope", Selector())])
    with pytest.raises(UnknownNameError) as caught:
        run(framework=odd)
    assert caught.value.kind == "indicator source"
    assert caught.value.known == tuple(sorted(SOURCES))
    with pytest.raises(UnknownNameError, match="unknown standard 'demo-standard'; known: none"):
        run(standards={})


def test_a_selector_that_does_not_suit_its_source_is_named_by_path() -> None:
    odd = make_framework([spec("odd", "party-days", "events", Selector(key="x"))], alignments=())
    with pytest.raises(RecordError) as caught:
        run(framework=odd)
    assert caught.value.record == "indicator odd"
    assert [(format_path(path), message) for path, message in caught.value.problems] == [
        ("$.select.kinds", "the source events needs it"),
        ("$.select.key", "the source events does not read it"),
    ]


def test_the_memo_runs_the_targets_once(monkeypatch: pytest.MonkeyPatch) -> None:
    module = importlib.import_module("branchkit.mechanisms.targets")
    original: Callable[..., Any] = module.evaluate_targets
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "evaluate_targets", counted)
    run()  # two target indicators, one run
    assert len(calls) == 1


# --- fingerprints -------------------------------------------------------------------------------


def test_fingerprints_are_equal_for_equal_inputs_and_change_with_a_record() -> None:
    first, second = run(), run()
    assert first == second
    assert len(first.rules) == len(first.data) == 64
    moved = [attrs.evolve(e, date=day("2022-05-02")) if e.id == "vs2" else e for e in EVENTS]
    changed = run(moved)
    assert changed.indicators == first.indicators  # the same figures...
    assert (changed.rules, changed.data != first.data) == (first.rules, True)  # ...other data
    stricter = (TARGETS[0], attrs.evolve(TARGETS[1], at_least=101))
    ruled = run(framework=make_framework(targets=stricter))
    assert (ruled.rules != first.rules, ruled.data) == (True, first.data)


PEOPLE_CSV = "学号,姓名\nT1,李娜\nA,甲\nB,乙\n"
CANDIDATES_CSV = (
    "学号,姓名,阶段,确定积极分子日期,考试成绩,志愿服务时长\n"
    "A,甲,入党积极分子,2020-09-01,80,10\n"
    "B,乙,入党积极分子,2021-03-01,70,20\n"
)
EVENTS_TOML = [
    textwrap.dedent(
        f"""
        [[events]]
        id = "{e.id}"
        kind = "{e.kind}"
        date = {e.date.isoformat()}
        """
    )
    + (f"counts = {{ person_times = {e.counts['person_times']} }}\n" if e.counts else "")
    for e in EVENTS
]


def write_folder(folder: Path, events: Sequence[str] = EVENTS_TOML) -> Path:
    folder.mkdir(parents=True)
    (folder / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    (folder / "candidates.csv").write_text(CANDIDATES_CSV, encoding="utf-8")
    (folder / "events.toml").write_text("".join(events), encoding="utf-8")
    return folder


def evaluate_folder(folder: Path) -> Evaluation:
    from branchkit.io.candidates import candidates_from_document
    from branchkit.plugins.host import Host

    host = Host.create(autoload=False)
    loaded = host.load(folder)
    selected = spec("selected", "party-days", "staging_selected", Selector(key="demo"))
    framework = make_framework([*INDICATORS, selected], schemes=(pk_scheme(),))
    return evaluate(
        framework,
        dataset=loaded.dataset,
        sections=loaded.sections,
        period=YEAR,
        as_of=AS_OF,
        sources=host.indicator_sources(),
        standards={STANDARD.key: STANDARD},
        behaviour={"section_readers": {"candidates": candidates_from_document}},
    )


def test_the_data_fingerprint_does_not_name_the_folder(tmp_path: Path) -> None:
    here = evaluate_folder(write_folder(tmp_path / "here"))
    there = evaluate_folder(write_folder(tmp_path / "elsewhere" / "copy"))
    assert here.indicator("selected").records == ("A", "B")
    assert here.indicators == there.indicators
    assert (here.rules, here.data) == (there.rules, there.data)


def test_the_data_fingerprint_follows_the_order_of_the_rows(tmp_path: Path) -> None:
    # The records in another order are other data as given: the fingerprint names them in
    # their order. The figures, which do not depend on it, stay the same.
    ordered = evaluate_folder(write_folder(tmp_path / "ordered"))
    shuffled = evaluate_folder(write_folder(tmp_path / "shuffled", EVENTS_TOML[::-1]))
    assert shuffled.indicators == ordered.indicators
    assert shuffled.scorecards == ordered.scorecards
    assert shuffled.rules == ordered.rules
    assert shuffled.data != ordered.data


def test_the_data_fingerprint_is_that_of_the_records_given() -> None:
    found = run()
    assert found.data == fingerprint(Dataset(events=EVENTS), {})


def test_sections_that_repeat_the_dataset_are_fingerprinted_once() -> None:
    # Loaded data gives its events as the dataset and as a section: the same data.
    assert run(sections={"events": tuple(EVENTS)}).data == run().data
    # A section of that name with other records is other data.
    other = run(sections={"events": tuple(EVENTS[:1])})
    assert other.data == fingerprint(Dataset(events=EVENTS), {"events": tuple(EVENTS[:1])})
    assert other.data != run().data


# --- properties ---------------------------------------------------------------------------------

KINDS = ("theme_day", "lecture", "volunteer_service", "demonstration_lesson")
COUNTED = ("theme_day", "volunteer_service")  # the kinds of the events and target indicators
LESSONS = Obligation(
    key="lessons",
    label=label("每季度示范课"),
    role="benchmark_member",
    event_kind="demonstration_lesson",
)
PEOPLE = (
    Person(id="T1", name="李娜", roles=(RoleSpan(role="benchmark_member"),)),
    Person(
        id="T2",
        name="王芳",
        roles=(RoleSpan(role="benchmark_member", start=day("2022-01-01")),),
    ),
)


def property_framework(partly_at: str) -> Framework:
    indicators = [attrs.evolve(found, partly_at=D(partly_at)) for found in INDICATORS]
    indicators.append(
        spec(
            "lessons",
            "party-days",
            "obligation_compliance",
            Selector(key="lessons"),
            target="90",
            partly_at=partly_at,
        )
    )
    return make_framework(indicators, obligations=(LESSONS,))


@st.composite
def event_lists(draw: st.DrawFn, prefix: str = "e") -> list[Event]:
    """Up to 12 events of the kinds above, around the year, some with person-times."""
    found = []
    for index in range(draw(st.integers(0, 12))):
        times = draw(st.integers(0, 40))
        found.append(
            Event(
                id=f"{prefix}{index}",
                kind=draw(st.sampled_from(KINDS)),
                date=draw(st.dates(day("2021-06-01"), day("2022-09-30"))),
                participants=tuple(draw(st.lists(st.sampled_from(("T1", "T2")), unique=True))),
                counts={"person_times": times} if times else {},
            )
        )
    return found


partly_shares = st.decimals(min_value=0, max_value=1, places=2).map(str)


@settings(max_examples=40, deadline=None)
@given(events=event_lists(), partly_at=partly_shares, data=st.data())
def test_evaluation_is_deterministic_and_ignores_the_order_of_events(
    events: list[Event], partly_at: str, data: st.DataObject
) -> None:
    framework = property_framework(partly_at)
    first = run(events, framework, people=PEOPLE)
    assert run(events, framework, people=PEOPLE) == first
    shuffled = data.draw(st.permutations(events))
    again = run(shuffled, framework, people=PEOPLE)
    assert again.indicators == first.indicators
    assert again.scorecards == first.scorecards
    assert again.rules == first.rules


def expected_status(found: Indicator, partly_at: Decimal) -> Status | None:
    if found.target is None:
        return None
    if found.value >= found.target:
        return Status.MET
    if found.value >= partly_at * found.target:
        return Status.PARTLY
    return Status.NOT_MET


@settings(max_examples=40, deadline=None)
@given(events=event_lists(), partly_at=partly_shares)
def test_a_status_agrees_with_the_value_and_the_target(events: list[Event], partly_at: str) -> None:
    found = run(events, property_framework(partly_at), people=PEOPLE)
    for indicator in found.indicators:
        assert indicator.status == expected_status(indicator, D(partly_at)), indicator.key
        if indicator.target is not None:
            assert indicator.attainment is not None
            assert 0 <= indicator.attainment <= 1


@settings(max_examples=40, deadline=None)
@given(
    events=event_lists(),
    kind=st.sampled_from(COUNTED),
    when=st.dates(day("2021-06-01"), day("2022-09-30")),
    times=st.integers(0, 40),
)
def test_adding_an_event_of_a_counted_kind_never_lowers_a_count(
    events: list[Event], kind: str, when: dt.date, times: int
) -> None:
    extra = Event(
        id="extra",
        kind=kind,
        date=when,
        participants=("T1",),
        counts={"person_times": times} if times else {},
    )
    framework = property_framework("0.5")
    before = run(events, framework, people=PEOPLE)
    after = run([*events, extra], framework, people=PEOPLE)
    for spec_ in framework.indicators:
        if spec_.source in {"events", "target"}:
            old, new = before.indicator(spec_.key), after.indicator(spec_.key)
            assert new.value >= old.value, spec_.key
            assert (new.attainment or 0) >= (old.attainment or 0), spec_.key
