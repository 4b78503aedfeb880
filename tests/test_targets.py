"""Counted targets: figures worked out by hand at the period's edges, and properties.

The events of the hand-checked cases (the 三送 of the seed branch, over the two academic years
2021-09-01 to 2023-08-31, 730 days):

* v1 (2021-08-31) is the day before the period and v7 (2023-09-01) the day after: never count.
* v2 (2021-09-01, the first day): partner ccb, village, A and B listed, 30 person-times.
* v3 (2022-05-04): partners ccb and cq-school, school, A and C listed, no person-times entry:
  2 person-times (its distinct participants).
* v4 (2022-11-20): no partner, community, B, C and D listed, an entry of 2: 3 person-times,
  since each listed participant is one.
* v5 (2022-06-01) is a training, not a service.
* v6 (2023-08-31, the last day): village, A listed, 45 person-times.

Judged on 2022-12-31, 487 days have elapsed (365 of the first year, 122 of September to
December 2022): v2, v3 and v4 count; 3 events, 35 person-times, 4 distinct persons (A-D).
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import RecordError
from branchkit.io import make_converter
from branchkit.mechanisms.targets import (
    Breakdown,
    Dimension,
    Measure,
    Target,
    TargetProgress,
    elapsed_days,
    evaluate_targets,
    person_times,
    project,
)
from branchkit.records import Event, Label, Period
from branchkit.records.privacy import Viewer
from branchkit.report.disclosure import Disclosure
from branchkit.report.targets import TargetsReport

D = dt.date
TWO_YEARS = Period(key="2021-2023", start=D(2021, 9, 1), end=D(2023, 8, 31))
SERVICE = "volunteer_service"


def service(id: str, day: dt.date, **fields: object) -> Event:
    return Event(id=id, kind=SERVICE, date=day, **fields)  # type: ignore[arg-type]


EVENTS = (
    service("v1", D(2021, 8, 31), partners=("ccb",), audience=("village",),
            participants=("A",), counts={"person_times": 20}),
    service("v2", D(2021, 9, 1), partners=("ccb",), audience=("village",),
            participants=("A", "B"), counts={"person_times": 30}),
    service("v3", D(2022, 5, 4), partners=("ccb", "cq-school"), audience=("school",),
            participants=("A", "C")),
    service("v4", D(2022, 11, 20), audience=("community",), participants=("B", "C", "D"),
            counts={"person_times": 2}),
    Event(id="v5", kind="training", date=D(2022, 6, 1), partners=("ccb",),
          audience=("village",), counts={"person_times": 100}),
    service("v6", D(2023, 8, 31), audience=("village",), participants=("A",),
            counts={"person_times": 45}),
    service("v7", D(2023, 9, 1), audience=("village",), counts={"person_times": 10}),
)  # fmt: skip


def target(key: str = "sends", **fields: object) -> Target:
    values: dict[str, object] = {
        "key": key,
        "label": Label(zh="三送", en="Three Sends"),
        "event_kinds": (SERVICE,),
        "period": TWO_YEARS,
    } | fields
    return Target(**values)  # type: ignore[arg-type]


def judge(aim: Target, as_of: dt.date, events: tuple[Event, ...] = EVENTS) -> TargetProgress:
    (progress,) = evaluate_targets([aim], events=events, period=None, as_of=as_of)
    return progress


def rows(found: tuple[Breakdown, ...]) -> list[tuple[str | None, int, tuple[str, ...]]]:
    return [(row.key, row.value, row.events) for row in found]


# --- hand-checked figures ----------------------------------------------------------------------


def test_events_counted_by_hand() -> None:
    progress = judge(target(at_least=10), D(2022, 12, 31))
    assert progress.events == ("v2", "v3", "v4")
    assert (progress.value, progress.required, progress.met, progress.share) == (3, 10, False, 0.3)
    assert (progress.elapsed_days, progress.total_days, progress.closed) == (487, 730, False)
    assert progress.projection == 4  # 3 * 730 // 487
    assert progress.projected_met is False
    assert progress.persons == ("A", "B", "C", "D")


def test_person_times_and_distinct_persons_by_hand() -> None:
    reach = judge(target(measure=Measure.PERSON_TIMES, at_least=300), D(2022, 12, 31))
    assert reach.value == 35  # 30 + 2 + 3
    assert reach.projection == 52  # 35 * 730 // 487
    persons = judge(target(measure=Measure.DISTINCT_PERSONS, at_least=4), D(2022, 12, 31))
    assert (persons.value, persons.met) == (4, True)


def test_counts_and_distinct_partners_by_hand() -> None:
    # A count has no floor from the participants: v3 has no entry and adds nothing.
    count = judge(target(measure=Measure.COUNT, at_least=30), D(2022, 12, 31))
    assert (count.value, count.met) == (32, True)  # 30 + 0 + 2
    named = judge(target(measure=Measure.COUNT, count_name="pages"), D(2022, 12, 31))
    assert named.value == 0
    # v2 names ccb, v3 ccb and cq-school, v4 none: two partners.
    partners = judge(target(measure=Measure.DISTINCT_PARTNERS, at_least=2), D(2022, 12, 31))
    assert (partners.value, partners.met) == (2, True)
    assert rows(partners.partners) == [
        ("ccb", 1, ("v2", "v3")),
        ("cq-school", 1, ("v3",)),
        (None, 0, ("v4",)),
    ]
    assert rows(partners.audiences) == [
        ("community", 0, ("v4",)),
        ("school", 2, ("v3",)),
        ("village", 1, ("v2",)),
    ]
    # Listing partners counts only those: v3 is the one event naming cq-school, and ccb,
    # which it names too, is not counted.
    listed = judge(
        target(measure=Measure.DISTINCT_PARTNERS, partners=("cq-school",)), D(2022, 12, 31)
    )
    assert (listed.value, listed.events) == (1, ("v3",))
    assert rows(listed.partners) == [("ccb", 0, ("v3",)), ("cq-school", 1, ("v3",))]


def test_the_first_and_last_days_of_the_period_count() -> None:
    closing = judge(target(measure=Measure.PERSON_TIMES, at_least=80), D(2023, 8, 31))
    assert closing.events == ("v2", "v3", "v4", "v6")
    assert (closing.value, closing.met, closing.closed) == (80, True, True)
    assert closing.projection == 80  # an ended period projects what it reached
    later = judge(target(measure=Measure.PERSON_TIMES, at_least=80), D(2024, 1, 1))
    assert (later.value, later.elapsed_days, later.projection) == (80, 730, 80)


def test_the_day_before_the_period_and_before_as_of() -> None:
    early = judge(target(), D(2021, 8, 31))
    assert (early.value, early.elapsed_days, early.projection, early.events) == (0, 0, None, ())
    assert early.projected_met is None
    first_day = judge(target(), D(2021, 9, 1))
    assert (first_day.events, first_day.elapsed_days, first_day.projection) == (("v2",), 1, 730)
    # v6 is on the period's last day: the day before it, it has not happened yet.
    assert judge(target(), D(2023, 8, 30)).events == ("v2", "v3", "v4")


def test_breakdowns_by_partner_and_audience() -> None:
    progress = judge(target(measure=Measure.PERSON_TIMES), D(2022, 12, 31))
    # v3 names two partners and counts for both; v4 names none.
    assert rows(progress.partners) == [
        ("ccb", 32, ("v2", "v3")),
        ("cq-school", 2, ("v3",)),
        (None, 3, ("v4",)),
    ]
    assert rows(progress.audiences) == [
        ("community", 3, ("v4",)),
        ("school", 2, ("v3",)),
        ("village", 30, ("v2",)),
    ]
    assert [row.projection for row in progress.partners] == [47, 2, 4]  # value * 730 // 487
    assert {row.dimension for row in progress.partners} == {Dimension.PARTNER}


def test_filters_by_partner_and_audience() -> None:
    school = judge(target(partners=("cq-school",)), D(2022, 12, 31))
    assert school.events == ("v3",)
    villages = judge(target(audiences=("village", "community")), D(2023, 8, 31))
    assert villages.events == ("v2", "v4", "v6")
    assert judge(target(event_kinds=()), D(2022, 12, 31)).events == ("v2", "v3", "v5", "v4")


def test_each_audience_must_reach_the_figure() -> None:
    three = ("village", "community", "school")
    once = judge(target(audiences=three, each=Dimension.AUDIENCE), D(2022, 12, 31))
    assert (once.met, once.short_of) == (True, ())
    twice = judge(target(audiences=three, each=Dimension.AUDIENCE, at_least=2), D(2023, 8, 31))
    # village has v2 and v6; community and school one each.
    assert (twice.met, twice.short_of, twice.value) == (False, ("community", "school"), 4)


def test_each_partner_lists_partners_without_events() -> None:
    progress = judge(
        target(partners=("ccb", "cq-school", "cq-bank"), each=Dimension.PARTNER, at_least=2),
        D(2022, 12, 31),
    )
    assert rows(progress.partners) == [
        ("ccb", 2, ("v2", "v3")),
        ("cq-bank", 0, ()),
        ("cq-school", 1, ("v3",)),
    ]
    assert progress.short_of == ("cq-bank", "cq-school")
    assert not progress.met


def test_a_target_without_a_period_takes_the_one_looked_at() -> None:
    open_ended = target(period=None, at_least=2)
    (progress,) = evaluate_targets(
        [open_ended], events=EVENTS, period=Period.parse("2021-2022"), as_of=D(2022, 12, 31)
    )
    assert progress.period.key == "2021-2022"
    assert (progress.events, progress.met, progress.closed) == (("v2", "v3"), True, True)


def test_training_base_counts_trainees() -> None:
    """一基地: 3 projects, 130 trainee person-times in under a year."""
    year = Period(key="base", start=D(2022, 3, 1), end=D(2023, 2, 28))
    trainings = (
        Event(id="p1", kind="training_project", date=D(2022, 4, 1), counts={"trainees": 60}),
        Event(id="p2", kind="training_project", date=D(2022, 7, 1), counts={"trainees": 45},
              participants=("T1", "T2")),
        Event(id="p3", kind="training_project", date=D(2022, 10, 1), participants=("T1",)),
    )  # fmt: skip
    base = {"event_kinds": ("training_project",), "period": year}
    projects = judge(target("projects", at_least=3, **base), D(2022, 12, 31), trainings)
    trainees = judge(
        target("trainees", measure=Measure.PERSON_TIMES, at_least=130, count_name="trainees",
               **base),
        D(2022, 12, 31),
        trainings,
    )  # fmt: skip
    assert (projects.value, projects.met) == (3, True)
    # p3 records no trainees: its one listed participant is one person-time.
    assert (trainees.value, trainees.met) == (106, False)
    assert trainees.projection == 106 * 365 // 306


def test_results_are_ordered_by_key() -> None:
    found = evaluate_targets(
        [target("b"), target("a")], events=EVENTS, period=None, as_of=D(2022, 1, 1)
    )
    assert [progress.target for progress in found] == ["a", "b"]


# --- the rules' helpers ------------------------------------------------------------------------


def test_person_times_of_one_event() -> None:
    day = D(2022, 1, 1)
    assert person_times(Event(id="a", kind="k", date=day)) == 0
    assert person_times(Event(id="b", kind="k", date=day, participants=("A", "A", "B"))) == 2
    assert person_times(Event(id="c", kind="k", date=day, counts={"person_times": 7})) == 7
    assert person_times(Event(id="d", kind="k", date=day, counts={"reached": 7}), "reached") == 7


def test_elapsed_days_and_projection_of_a_leap_year() -> None:
    leap = Period.parse("2024")
    assert elapsed_days(leap, D(2024, 2, 29)) == 60
    assert project(10, leap, D(2024, 2, 29)) == 61  # 10 * 366 // 60
    assert project(0, leap, D(2024, 1, 1)) == 0


# --- records and inputs ------------------------------------------------------------------------


def test_a_target_checks_its_own_rules() -> None:
    with pytest.raises(RecordError) as raised:
        Target(
            key="Bad Key",
            label=Label(zh="坏", en="bad"),
            event_kinds=("service", "service"),
            at_least=0,
            partners=(" ccb",),
            audiences=("Village",),
            count_name="人次",
        )
    assert [path for path, _ in raised.value.problems] == [
        ("key",),
        ("event_kinds", 1),
        ("at_least",),
        ("partners", 0),
        ("audiences", 0),
        ("count_name",),
    ]
    with pytest.raises(RecordError, match="each partner needs the partners listed"):
        target(each=Dimension.PARTNER)


def test_inputs_are_checked() -> None:
    twice = (*EVENTS, service("v2", D(2022, 1, 1)))
    with pytest.raises(RecordError) as raised:
        evaluate_targets([target(), target(), target("loose", period=None)], events=twice,
                         period=None, as_of=D(2022, 1, 1))  # fmt: skip
    assert [path for path, _ in raised.value.problems] == [
        ("targets", 1, "key"),
        ("events", 7, "id"),
        ("targets", 2, "period"),
    ]


def test_a_framework_file_states_targets() -> None:
    text = """
    key = "three-sends-reach"
    label = { zh = "三送服务不少于300人次", en = "at least 300 person-times served" }
    event_kinds = ["volunteer_service"]
    measure = "person_times"
    at_least = 300
    period = { key = "2021-2023", start = 2021-09-01, end = 2023-08-31 }
    audiences = ["village", "community", "school"]
    each = "audience"
    """
    aim = make_converter().structure(tomllib.loads(text), Target)
    assert aim == target(
        "three-sends-reach",
        label=Label(zh="三送服务不少于300人次", en="at least 300 person-times served"),
        measure=Measure.PERSON_TIMES,
        at_least=300,
        audiences=("village", "community", "school"),
        each=Dimension.AUDIENCE,
    )


# --- the report ----------------------------------------------------------------------------------


def report_of(**fields: object) -> TargetsReport:
    aims = (
        target("sends", at_least=10),
        target("reach", label=Label(zh="三送人次", en="person-times"),
               measure=Measure.PERSON_TIMES, at_least=300),
        target("into", label=Label(zh="三进", en="Into"), each=Dimension.AUDIENCE,
               audiences=("village", "community", "school"), at_least=2),
    )  # fmt: skip
    day = D(2022, 12, 31)
    values: dict[str, object] = {
        "framework": "demo",
        "period": Period.parse("2022-2023"),
        "as_of": day,
        "targets": aims,
        "progress": evaluate_targets(aims, events=EVENTS, period=None, as_of=day),
        "names": {
            "partner/ccb": Label(zh="建设银行永川支行", en="CCB Yongchuan"),
            "audience/village": Label(zh="乡村", en="villages"),
            "audience/school": Label(zh="学校", en="schools"),
        },
    } | fields
    return TargetsReport(**values)  # type: ignore[arg-type]


def test_report_tables_by_hand() -> None:
    tables = {table.key: table.rows for table in report_of().tables("zh")}
    assert list(tables) == ["targets", "partners", "audiences"]
    span = "2021-2023（2021-09-01 – 2023-08-31）"
    # By key: into, reach, sends. Each audience had one event by then, of the two required.
    assert tables["targets"] == [
        ["目标", "期间", "计量", "要求", "完成", "完成率", "预计期末", "已达成", "未达标"],
        # For each audience: none of the three reached 2 yet, nor will by the projection.
        ["三进", span, "活动场次", "每项2", "0/3", "0%", "0/3", "否", "community、学校、乡村"],
        ["三送人次", span, "人次", "300", "35", "12%", "52", "否", ""],
        ["三送", span, "活动场次", "10", "3", "30%", "4", "否", ""],
    ]
    # Projections: 1 * 730 // 487 = 1, 2 -> 2, 3 -> 4, 30 -> 44, 32 -> 47.
    assert tables["partners"][:7] == [
        ["目标", "合作单位", "完成", "预计期末", "活动"],
        ["三进", "建设银行永川支行", "2", "2", "v2 v3"],
        ["三进", "cq-school", "1", "1", "v3"],
        ["三进", "未注明", "1", "1", "v4"],
        ["三送人次", "建设银行永川支行", "32", "47", "v2 v3"],
        ["三送人次", "cq-school", "2", "2", "v3"],
        ["三送人次", "未注明", "3", "4", "v4"],
    ]
    assert tables["audiences"][4:7] == [
        ["三送人次", "community", "3", "4", "v4"],
        ["三送人次", "学校", "2", "2", "v3"],
        ["三送人次", "乡村", "30", "44", "v2"],
    ]


def test_report_leaves_out_a_breakdown_nothing_names() -> None:
    aim = target("plain")
    bare = (service("b1", D(2022, 1, 1)),)
    day = D(2022, 12, 31)
    report = report_of(
        targets=(aim,), progress=evaluate_targets([aim], events=bare, period=None, as_of=day)
    )
    assert [table.key for table in report.tables("en")] == ["targets"]


def test_report_in_english() -> None:
    (totals, *_) = report_of().tables("en")
    assert totals.title.en == "Targets"
    assert totals.rows[0] == [
        "target", "period", "measure", "required", "reached", "share", "projected", "met",
        "short of",
    ]  # fmt: skip
    assert totals.rows[1] == [
        "Into", "2021-2023 (2021-09-01 – 2023-08-31)", "events", "2 each", "0/3", "0%", "0/3", "no",
        "community, schools, villages",
    ]  # fmt: skip
    assert report_of().heading("en") == "academic year 2022-2023 · 2022-12-31"


def test_report_json_discloses_participants_as_pseudonyms() -> None:
    from branchkit.io.pseudonyms import Pseudonymiser

    converter = make_converter()
    plain = report_of().to_json(converter)
    assert '"persons": [\n        "A",' in plain
    shown = Disclosure(viewer=Viewer(roles=frozenset()), pseudonymiser=Pseudonymiser(key=b"k" * 32))
    hidden = report_of(disclosure=shown).to_json(converter)
    assert '"A"' not in hidden
    assert '"events": [\n        "v2"' in hidden
    assert plain == report_of().to_json(converter)


# --- properties ----------------------------------------------------------------------------------

PEOPLE = ("A", "B", "C", "D", "E")
KINDS = (SERVICE, "training")


@st.composite
def logs(draw: st.DrawFn) -> tuple[Event, ...]:
    count = draw(st.integers(min_value=0, max_value=12))
    found = []
    for index in range(count):
        found.append(
            Event(
                id=f"e{index}",
                kind=draw(st.sampled_from(KINDS)),
                date=draw(st.dates(min_value=D(2021, 6, 1), max_value=D(2023, 12, 31))),
                participants=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=6))),
                partners=tuple(draw(st.lists(st.sampled_from(("ccb", "cq")), unique=True))),
                audience=tuple(draw(st.lists(st.sampled_from(("village", "school")), unique=True))),
                counts=draw(
                    st.dictionaries(st.just("person_times"), st.integers(min_value=0, max_value=60))
                ),
            )
        )
    return tuple(found)


AS_OF = st.dates(min_value=D(2021, 6, 1), max_value=D(2024, 1, 1))
AIMS = st.builds(
    lambda kinds, partners, audiences: target(
        event_kinds=kinds, partners=partners, audiences=audiences
    ),
    st.sampled_from(((), (SERVICE,))),
    st.sampled_from(((), ("ccb",))),
    st.sampled_from(((), ("school",))),
)


def values(aim: Target, events: tuple[Event, ...], as_of: dt.date) -> dict[Measure, int]:
    return {
        measure: judge(attrs.evolve(aim, measure=measure), as_of, events).value
        for measure in Measure
    }


@settings(max_examples=150)
@given(logs(), AIMS, AS_OF)
def test_person_times_are_never_fewer_than_distinct_persons(
    events: tuple[Event, ...], aim: Target, as_of: dt.date
) -> None:
    found = values(aim, events, as_of)
    assert found[Measure.PERSON_TIMES] >= found[Measure.DISTINCT_PERSONS]
    # Each breakdown row obeys it too.
    times = judge(attrs.evolve(aim, measure=Measure.PERSON_TIMES), as_of, events)
    persons = judge(attrs.evolve(aim, measure=Measure.DISTINCT_PERSONS), as_of, events)
    for mine, theirs in zip(times.audiences, persons.audiences, strict=True):
        assert mine.value >= theirs.value


@settings(max_examples=150)
@given(logs(), logs(), AIMS, AS_OF)
def test_adding_an_event_never_lowers_a_count(
    events: tuple[Event, ...], more: tuple[Event, ...], aim: Target, as_of: dt.date
) -> None:
    before = values(aim, events, as_of)
    extra = tuple(attrs.evolve(event, id=f"x{event.id}") for event in more[:1])
    after = values(aim, (*events, *extra), as_of)
    assert all(after[measure] >= before[measure] for measure in Measure)


@settings(max_examples=100)
@given(logs(), AIMS, AS_OF, st.randoms(use_true_random=False))
def test_the_order_of_events_does_not_matter(
    events: tuple[Event, ...], aim: Target, as_of: dt.date, shuffler: random.Random
) -> None:
    shuffled = list(events)
    shuffler.shuffle(shuffled)
    for measure in Measure:
        chosen = attrs.evolve(aim, measure=measure)
        assert judge(chosen, as_of, tuple(shuffled)) == judge(chosen, as_of, events)
