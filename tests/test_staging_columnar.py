"""The columnar path gives what the object path gives: figures, ranks, selection, explanations."""

from __future__ import annotations

import datetime as dt
import decimal
import random
from collections.abc import Sequence

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.mechanisms import Outcome
from branchkit.mechanisms.staging import (
    AtLeastSince,
    Band,
    Bonus,
    Candidate,
    CandidateColumns,
    Compare,
    Condition,
    CountOf,
    Duration,
    EventColumns,
    FactColumn,
    FactValue,
    HasEvidence,
    NotAfter,
    OneOf,
    PerEvent,
    PredicateCall,
    Present,
    RankBand,
    Ratio,
    RuleCall,
    Scaled,
    Scheme,
    ScoringRule,
    Selection,
    StagingResult,
    TieBreak,
    ValidFor,
    Vote,
    Within,
    evaluate,
    evaluate_columns,
)
from branchkit.mechanisms.staging import columnar as columnar_module
from branchkit.mechanisms.staging.columnar import (
    FAILED,
    NOT_LISTED,
    OUTCOMES,
    PASSED,
    UNKNOWN,
    ColumnarResult,
    smallest_unit,
    to_ordinals,
)
from branchkit.records import Event, Label
from branchkit.records.periods import PeriodKind
from tests.staging_support import candidate, dimension, make_scheme, pk_scheme, report, reports

D = dt.date
Dec = decimal.Decimal
AS_OF = D(2022, 6, 30)
PROPERTY = settings(max_examples=150, deadline=None)
# Ids whose text order is not their number order, so the id tie-break is tested as text.
IDS = ("2021001", "2021002", "2021010", "202102", "9", "10", "a", "B", "王芳", "2021003")
STATUSES = ("团员", "群众", "中共党员", "")


def run_both(
    scheme: Scheme,
    candidates: Sequence[Candidate],
    events: Sequence[Event] = (),
    *,
    as_of: dt.date = AS_OF,
    stage: str | None = None,
) -> tuple[ColumnarResult, StagingResult]:
    """The columnar result and the object path's, on the same records."""
    columns = CandidateColumns.from_candidates(scheme, candidates)
    event_columns = EventColumns.from_events(events, columns)
    columnar = evaluate_columns(scheme, columns, event_columns, as_of=as_of, stage=stage)
    return columnar, evaluate(scheme, candidates, events=events, as_of=as_of, stage=stage)


def assert_same(columnar: ColumnarResult, expected: StagingResult) -> None:
    """Every array of ``columnar`` says what ``expected`` says, and the whole result equals it."""
    scheme = columnar.scheme
    found = {result.id: result for result in expected.candidates}
    columns = columnar.columns
    for row in range(len(columns)):
        result = found.get(columns.id_of(row))
        if result is None:
            assert not columnar.listed[row]
            assert all(codes[row] == NOT_LISTED for codes in columnar.gates.values())
            assert not columnar.eligible[row]
            assert columnar.rank[row] == 0
            continue
        assert columnar.listed[row]
        assert columnar.points(columnar.total[row]) == result.total
        assert bool(columnar.eligible[row]) is result.eligible
        assert [OUTCOMES[columnar.gates[g.key][row]] for g in result.gates] == [
            g.outcome for g in result.gates
        ]
        for score in result.dimensions:
            assert columnar.points(columnar.weighted[score.key][row]) == score.weighted
        band = columnar.band[row]
        assert (scheme.bands[band].key if band >= 0 else None) == result.band
        assert (int(columnar.rank[row]) or None) == result.rank
        assert bool(columnar.selected[row]) is result.selected
        assert bool(columnar.needs_decision[row]) is result.needs_decision
    ranked = [columns.id_of(int(row)) for row in columnar.order]
    assert ranked == [r.id for r in expected.candidates if r.rank is not None]
    assert dict(columnar.counts) == dict(expected.counts)
    assert columnar.to_staging_result() == expected


# ---------------------------------------------------------------------------------------------
# Random schemes built from a fixed set of shapes.

durations = (
    st.tuples(st.integers(0, 1), st.sampled_from([0, 0, 1, 6, 13]), st.sampled_from([0, 0, 1, 30]))
    .filter(any)
    .map(lambda parts: Duration(years=parts[0], months=parts[1], days=parts[2]))
)
operators = st.sampled_from([">=", "<=", ">", "<", "==", "!="])
decimals = st.sampled_from(
    [Dec("80"), Dec("80.5"), Dec("80.50"), Dec("80.125"), Dec("79.995"), Dec("-2.5")]
)


def _key(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(0, 10**6).map(lambda n: f"{prefix}{n}")


conditions: st.SearchStrategy[Condition] = st.one_of(
    st.builds(
        Compare, key=_key("c"), fact=st.just("exam_score"), op=operators,
        value=st.sampled_from([55, 60, 61, 75]),
    ),
    st.builds(Compare, key=_key("c"), fact=st.just("literacy"), op=operators, value=decimals),
    st.builds(
        Compare, key=_key("c"), fact=st.just("activist_date"), op=operators,
        value=st.dates(D(2021, 5, 1), D(2021, 8, 31)),
    ),
    st.builds(
        Compare, key=_key("c"), fact=st.just("political_status"), op=operators,
        value=st.sampled_from([*STATUSES, "党员"]),
    ),
    st.builds(
        Compare, key=_key("c"), fact=st.just("recommended"), op=operators, value=st.booleans()
    ),
    st.builds(
        OneOf, key=_key("o"), fact=st.just("political_status"),
        values=st.lists(st.sampled_from(STATUSES), min_size=1, max_size=3).map(tuple),
    ),
    st.builds(
        OneOf, key=_key("o"), fact=st.just("literacy"),
        values=st.lists(decimals, min_size=1, max_size=3).map(tuple),
    ),
    st.builds(
        Present, key=_key("p"),
        fact=st.sampled_from(
            ["recommended", "political_status", "contact_persons", "exam_score", "talk_date"]
        ),
    ),
    st.builds(
        AtLeastSince, key=_key("a"), fact=st.sampled_from(["activist_date", "birth_date"]),
        duration=durations,
    ),
    st.builds(
        Within, key=_key("w"), start=st.just("application_date"), then=st.just("talk_date"),
        duration=durations,
    ),
    st.builds(ValidFor, key=_key("v"), fact=st.just("review_date"), duration=durations),
    st.builds(
        NotAfter, key=_key("n"), first=st.just("application_date"),
        second=st.sampled_from(["talk_date", "activist_date"]),
    ),
    st.builds(
        CountOf, key=_key("k"), fact=st.just("contact_persons"), at_least=st.integers(0, 2),
        at_most=st.one_of(st.none(), st.integers(1, 3)),
    ),
    st.builds(
        Vote, key=_key("t"), entitled=st.just("entitled"), present=st.just("present"),
        yes=st.just("yes"), written_yes=st.sampled_from([None, "written_yes"]),
    ),
)  # fmt: skip
amounts = st.sampled_from([Dec(5), Dec("2.5"), Dec("0.125"), Dec("-1.005"), Dec("0.005")])
rules: st.SearchStrategy[ScoringRule] = st.one_of(
    st.builds(
        PerEvent, key=_key("r"), event=st.sampled_from(["report", "service", "absent"]),
        points=amounts, since=st.sampled_from([None, "activist_date"]),
        cap=st.sampled_from([None, Dec(6), Dec("7.5")]),
        cap_per=st.sampled_from([None, *(k for k in PeriodKind if k is not PeriodKind.CUSTOM)]),
    ),
    st.builds(
        Scaled, key=_key("r"),
        fact=st.sampled_from(["exam_score", "literacy", "course_score", "service_hours"]),
        factor=st.sampled_from([Dec("0.15"), Dec(1), Dec("0.125"), Dec("-0.5"), Dec("0.333")]),
        cap=st.sampled_from([None, Dec(10), Dec("12.345")]),
    ),
    st.builds(
        Ratio, key=_key("r"),
        numerator=st.sampled_from(["review_yes", "literacy"]),
        denominator=st.sampled_from(["review_voters", "course_score", "exam_score"]),
        scale=st.sampled_from([Dec(30), Dec(1), Dec("0.5")]),
    ),
    st.builds(Bonus, key=_key("r"), when=conditions, points=amounts),
    st.builds(
        RankBand, key=_key("r"), fact=st.sampled_from(["course_score", "exam_score"]),
        top_share=st.sampled_from([Dec("0.2"), Dec("0.5"), Dec(1)]),
        top_points=st.sampled_from([Dec(10), Dec("7.5")]),
        step_places=st.integers(1, 3), step_points=st.sampled_from([Dec(1), Dec("0.25")]),
        floor=st.sampled_from([Dec(0), Dec(3)]), higher_is_better=st.booleans(),
    ),
)  # fmt: skip
dimensions = st.lists(
    st.builds(
        dimension,
        st.sampled_from(["d0", "d1", "d2"]),
        base=st.sampled_from(["0", "70", "12.345"]),
        cap=st.sampled_from([None, "100", "80.555", "9"]),
        floor=st.sampled_from([None, "0", "10"]),
        weight=st.sampled_from(["1", "0.5", "0.333", "0.4"]),
    ),
    max_size=3,
    unique_by=lambda d: d.key,
)


@st.composite
def schemes(draw: st.DrawFn) -> Scheme:
    """A scheme of random gates, dimensions, bands and selection from the shapes above."""
    drawn = draw(dimensions)
    with_rules = tuple(
        attrs.evolve(d, rules=tuple(draw(st.lists(rules, max_size=3, unique_by=lambda r: r.key))))
        for d in drawn
    )
    steps = st.one_of(
        st.builds(
            TieBreak,
            by=st.just("dimension"),
            key=st.sampled_from([d.key for d in with_rules] or ["none"]),
            order=st.sampled_from(["desc", "asc"]),
        ).filter(lambda step: step.key != "none"),
        st.builds(
            TieBreak,
            by=st.just("fact"),
            key=st.sampled_from(
                ["activist_date", "exam_score", "literacy", "political_status", "recommended"]
            ),
            order=st.sampled_from(["desc", "asc"]),
        ),
        st.builds(TieBreak, by=st.just("id"), order=st.sampled_from(["desc", "asc"])),
    )
    bands = draw(
        st.lists(
            st.builds(
                Band,
                key=st.sampled_from(["top", "mid", "low"]),
                label=st.just(Label(zh="档", en="band")),
                at_least=st.sampled_from([Dec(0), Dec(50), Dec("80.005"), Dec(90), Dec(-5)]),
            ),
            max_size=3,
            unique_by=lambda band: band.key,
        )
    )
    return make_scheme(
        conditions=draw(st.lists(conditions, max_size=4, unique_by=lambda c: c.key)),
        dimensions=with_rules,
        bands=bands,
        selection=Selection(
            stage="activist",
            target="development_target",
            quota=draw(st.one_of(st.none(), st.integers(0, 8))),
            tie_breaks=tuple(draw(st.lists(steps, max_size=3))),
            on_boundary_tie=draw(st.sampled_from(["break", "flag"])),
        ),
        precision=draw(st.sampled_from(["0.01", "0.1", "1", "0.001", "0.05"])),
    )


def _maybe(draw: st.DrawFn, values: st.SearchStrategy[FactValue]) -> FactValue | None:
    return draw(values) if draw(st.integers(0, 4)) else None


@st.composite
def people(draw: st.DrawFn, candidate_id: str) -> Candidate:
    """A candidate whose facts sit on boundaries, tie often, or are missing."""
    pools: dict[str, st.SearchStrategy[FactValue]] = {
        "activist_date": st.dates(D(2021, 5, 1), D(2021, 8, 31)),
        "birth_date": st.sampled_from([D(2004, 6, 30), D(2004, 7, 1), D(2000, 2, 29)]),
        "application_date": st.dates(D(2022, 4, 25), D(2022, 6, 30)),
        "talk_date": st.dates(D(2022, 4, 25), D(2022, 7, 5)),
        "review_date": st.dates(D(2021, 5, 1), D(2022, 7, 31)),
        "exam_score": st.sampled_from([0, 55, 60, 61, 75, 90]),
        "service_hours": st.sampled_from([0, 3, 40]),
        "literacy": decimals,
        "course_score": st.sampled_from(
            [Dec("3.5"), Dec("3.50"), Dec("4"), Dec("0"), Dec("2.25"), Dec("-1.25")]
        ),
        "recommended": st.booleans(),
        "political_status": st.sampled_from(STATUSES),
        "contact_persons": st.lists(st.sampled_from(["T1", "T2", "T3"]), max_size=3).map(tuple),
        "entitled": st.sampled_from([9, 10]),
        "present": st.sampled_from([4, 5, 6, 10, 11]),
        "yes": st.sampled_from([3, 4, 5, 6]),
        "written_yes": st.sampled_from([0, 1, 2]),
        "review_yes": st.sampled_from([0, 1, 7]),
        "review_voters": st.sampled_from([0, 48, 7]),
    }
    facts = {key: value for key, pool in pools.items() if (value := _maybe(draw, pool)) is not None}
    return Candidate(
        id=candidate_id,
        name=f"候选人{candidate_id}",
        stage=draw(st.sampled_from(["activist"] * 4 + ["applicant"])),
        group=draw(st.sampled_from(["", "A", "B"])),
        facts=facts,
    )


@st.composite
def events_of(draw: st.DrawFn, ids: Sequence[str]) -> list[Event]:
    """Reports and services (some after the day judged) by the candidates and a stranger."""
    found = []
    for index in range(draw(st.integers(0, 30))):
        found.append(
            Event(
                id=f"e{index:03d}",
                kind=draw(st.sampled_from(["report", "service", "meeting"])),
                date=draw(st.dates(D(2021, 6, 1), D(2022, 7, 15))),
                participants=tuple(
                    draw(st.lists(st.sampled_from([*ids, "stranger"]), min_size=1, max_size=3))
                ),
            )
        )
    return found


@st.composite
def contests(draw: st.DrawFn) -> tuple[Scheme, list[Candidate], list[Event]]:
    """A scheme, candidates and events."""
    ids = draw(st.lists(st.sampled_from(IDS), max_size=10, unique=True))
    chosen = [draw(people(candidate_id)) for candidate_id in ids]
    return draw(schemes()), chosen, draw(events_of(ids))


@PROPERTY
@given(contests(), st.sampled_from([None, None, None, "applicant", "development_target"]))
def test_columnar_path_equals_object_path(
    contest: tuple[Scheme, list[Candidate], list[Event]], stage: str | None
) -> None:
    scheme, chosen, events = contest
    columnar, expected = run_both(scheme, chosen, events, stage=stage)
    assert_same(columnar, expected)
    # The same without the records: the candidates rebuilt from the columns explain what the
    # object path says of the same records, decimals written in their shortest form.
    bare = attrs.evolve(columnar.columns, records=None)
    again = evaluate_columns(scheme, bare, columnar.events, as_of=AS_OF, stage=stage)
    assert again.to_staging_result() == evaluate(
        scheme, [shortest(c) for c in chosen], events=events, as_of=AS_OF, stage=stage
    )


def shortest(person: Candidate) -> Candidate:
    """``person`` with every decimal in its shortest form, and every list of ids unnamed."""
    facts: dict[str, FactValue] = {}
    for key, value in person.facts.items():
        if isinstance(value, Dec):
            short = value.normalize()
            facts[key] = short.quantize(Dec(1)) if short == short.to_integral() else short
        elif isinstance(value, tuple):
            facts[key] = tuple(f"#{n}" for n in range(1, len(dict.fromkeys(value)) + 1))
        else:
            facts[key] = value
    return attrs.evolve(person, facts=facts)


@settings(max_examples=60, deadline=None)
@given(contests())
def test_the_sparse_and_lexsort_ways_give_the_same_result(
    contest: tuple[Scheme, list[Candidate], list[Event]],
) -> None:
    # At a province's scale, events capped per period are counted by sorting and ranks fall
    # back to numpy.lexsort when the keys cannot be packed; here they are made to, on small data.
    scheme, chosen, events = contest
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar_module, "_DENSE_CELLS", 0)
        patch.setattr(columnar_module, "_DENSE_CELLS_PER_EVENT", 0)
        patch.setattr(columnar_module, "_PACKED_BITS", 0)
        columnar, expected = run_both(scheme, chosen, events)
    assert_same(columnar, expected)


@PROPERTY
@given(contests(), st.randoms(use_true_random=False))
def test_rows_in_any_order_give_the_same_result(
    contest: tuple[Scheme, list[Candidate], list[Event]], rng: random.Random
) -> None:
    scheme, chosen, events = contest
    shuffled = list(chosen)
    rng.shuffle(shuffled)
    first, _ = run_both(scheme, chosen, events)
    second, _ = run_both(scheme, shuffled, events)
    assert first.to_staging_result() == second.to_staging_result()
    for row in range(len(chosen)):
        other = second.columns.row_of(first.columns.id_of(row))
        assert first.total[row] == second.total[other]
        assert first.rank[row] == second.rank[other]
        assert first.selected[row] == second.selected[other]


@settings(max_examples=40, deadline=None)
@given(contests(), st.data())
def test_one_explanation_equals_the_object_paths(
    contest: tuple[Scheme, list[Candidate], list[Event]], data: st.DataObject
) -> None:
    scheme, chosen, events = contest
    columnar, expected = run_both(scheme, chosen, events)
    listed = np.flatnonzero(columnar.listed)
    if not len(listed):
        return
    row = int(data.draw(st.sampled_from(listed.tolist())))
    wanted = next(r for r in expected.candidates if r.id == columnar.columns.id_of(row))
    assert columnar.explain(row) == wanted


# ---------------------------------------------------------------------------------------------
# Boundaries, stated.


def _gate(condition: Condition, as_of: dt.date, **facts: FactValue) -> Outcome:
    scheme = make_scheme(conditions=(condition,))
    person = Candidate(id="2021001", name="候选人2021001", stage="activist", facts=facts)
    columnar, expected = run_both(scheme, [person], as_of=as_of)
    assert_same(columnar, expected)
    return OUTCOMES[columnar.gates[condition.key][0]]


def test_at_least_since_passes_on_the_anniversary() -> None:
    year = AtLeastSince(key="year", fact="activist_date", duration=Duration(years=1))
    assert _gate(year, D(2022, 3, 15), activist_date=D(2021, 3, 15)) is Outcome.PASSED
    assert _gate(year, D(2022, 3, 14), activist_date=D(2021, 3, 15)) is Outcome.FAILED
    # 29 February: a year later is 28 February.
    assert _gate(year, D(2021, 2, 28), activist_date=D(2020, 2, 29)) is Outcome.PASSED
    assert _gate(year, D(2021, 2, 27), activist_date=D(2020, 2, 29)) is Outcome.FAILED
    assert _gate(year, D(2021, 2, 27)) is Outcome.UNKNOWN


def test_within_allows_the_last_day_of_the_window() -> None:
    month = Within(key="talk", start="application_date", then="talk_date",
                   duration=Duration(months=1))  # fmt: skip
    opened = D(2021, 1, 31)  # one month later is 28 February
    assert _gate(month, D(2021, 6, 1), application_date=opened, talk_date=D(2021, 2, 28)) == (
        Outcome.PASSED
    )
    assert _gate(month, D(2021, 6, 1), application_date=opened, talk_date=D(2021, 3, 1)) == (
        Outcome.FAILED
    )
    assert _gate(month, D(2021, 6, 1), application_date=opened, talk_date=D(2021, 1, 30)) == (
        Outcome.FAILED
    )
    assert _gate(month, D(2021, 2, 28), application_date=opened) is Outcome.UNKNOWN
    assert _gate(month, D(2021, 3, 1), application_date=opened) is Outcome.FAILED


def test_valid_for_expires_on_the_anniversary() -> None:
    valid = ValidFor(key="review", fact="review_date", duration=Duration(years=1))
    assert _gate(valid, D(2022, 3, 14), review_date=D(2021, 3, 15)) is Outcome.PASSED
    assert _gate(valid, D(2022, 3, 15), review_date=D(2021, 3, 15)) is Outcome.FAILED
    assert _gate(valid, D(2021, 3, 14), review_date=D(2021, 3, 15)) is Outcome.FAILED


@pytest.mark.parametrize(
    ("entitled", "present", "yes", "written", "outcome"),
    [
        (10, 5, 5, 0, Outcome.FAILED),  # half present is no quorum
        (10, 6, 5, 0, Outcome.FAILED),  # half of those entitled is no majority
        (10, 6, 6, 0, Outcome.PASSED),
        (10, 6, 5, 1, Outcome.PASSED),  # a written yes of one absent counts
        (10, 6, 6, 5, Outcome.FAILED),  # more written opinions than absent people
        (9, 5, 5, 0, Outcome.PASSED),
        (9, 4, 4, 1, Outcome.FAILED),
    ],
)
def test_a_vote_needs_more_than_half(
    entitled: int, present: int, yes: int, written: int, outcome: Outcome
) -> None:
    vote = Vote(key="vote", entitled="entitled", present="present", yes="yes",
                written_yes="written_yes")  # fmt: skip
    found = _gate(vote, AS_OF, entitled=entitled, present=present, yes=yes, written_yes=written)
    assert found is outcome


@pytest.mark.parametrize(
    ("literacy", "factor", "weight", "precision", "weighted"),
    [
        ("0.125", "1", "1", "0.01", "0.13"),
        ("-0.125", "1", "1", "0.01", "-0.13"),
        ("0.135", "1", "1", "0.01", "0.14"),
        ("0.124", "1", "1", "0.01", "0.12"),
        ("0.25", "1", "0.5", "0.01", "0.13"),  # 0.125 after the weight, rounded up
        ("-0.25", "1", "0.5", "0.01", "-0.13"),
        ("1.5", "1", "1", "1", "2"),
        ("2.5", "1", "1", "1", "3"),
        ("0.05", "1", "1", "0.1", "0.1"),
        ("1", "0.0005", "1", "0.001", "0.001"),
    ],
)
def test_rounding_goes_half_up_in_the_smallest_unit(
    literacy: str, factor: str, weight: str, precision: str, weighted: str
) -> None:
    scheme = make_scheme(
        dimensions=(
            dimension("d", Scaled(key="s", fact="literacy", factor=Dec(factor)), weight=weight),
        ),
        precision=precision,
    )
    columnar, expected = run_both(scheme, [candidate(literacy=Dec(literacy))])
    assert columnar.points(columnar.weighted["d"][0]) == Dec(weighted)
    assert_same(columnar, expected)


def test_ties_at_the_quota_are_flagged_or_broken_by_the_chain() -> None:
    reports_of = [*reports("2021001", 2, D(2022, 1, 3)), *reports("2021002", 2, D(2022, 1, 3))]
    people = [
        candidate("2021003", activist_date=D(2021, 3, 1), exam_score=70, service_hours=40),
        candidate("2021002", activist_date=D(2021, 3, 1), exam_score=70, service_hours=40),
        candidate("2021001", activist_date=D(2021, 2, 1), exam_score=70, service_hours=40),
    ]
    for mode in ("break", "flag"):
        scheme = pk_scheme(quota=1, on_boundary_tie=mode)
        columnar, expected = run_both(scheme, people, reports_of)
        assert_same(columnar, expected)
        first = columnar.columns.row_of("2021001")
        second = columnar.columns.row_of("2021002")
        if mode == "break":
            # Same total and study points; the earlier activist date goes first.
            assert columnar.selected.tolist().count(True) == 1
            assert columnar.selected[first]
        else:
            assert not columnar.selected.any()
            assert columnar.needs_decision[first]
            assert columnar.needs_decision[second]


def test_columns_built_by_hand_give_the_same_result() -> None:
    scheme = pk_scheme(quota=2)
    people = [
        candidate("2021002", activist_date=D(2021, 3, 1), exam_score=70, service_hours=40,
                  recommended=True),
        candidate("2021001", activist_date=D(2021, 9, 1), exam_score=80),
        candidate("2021003", stage="applicant", activist_date=D(2021, 3, 1), exam_score=90),
        candidate("2021004", activist_date=D(2020, 3, 1), exam_score=59, service_hours=12),
    ]  # fmt: skip
    done = [*reports("2021002", 3, D(2022, 1, 3)), report("x", D(2022, 2, 1), "2021004")]
    columns = CandidateColumns(
        ids=np.array(["2021002", "2021001", "2021003", "2021004"]),
        names=[p.name for p in people],
        stage=np.array([0, 0, 1, 0]),
        stage_keys=("activist", "applicant"),
        facts={
            "activist_date": FactColumn.dates(
                np.array(
                    ["2021-03-01", "2021-09-01", "2021-03-01", "2020-03-01"], dtype="datetime64[D]"
                )
            ),
            "exam_score": FactColumn.integers(np.array([70, 80, 90, 59])),
            "service_hours": FactColumn.integers([40, 0, 0, 12], present=[1, 0, 0, 1]),
            "recommended": FactColumn.booleans([1, 0, 0, 0], present=[1, 0, 0, 0]),
        },
    )
    events = EventColumns(
        candidate=np.array([0, 0, 0, 3], dtype=np.int32),
        kind=np.zeros(4, dtype=np.int8),
        kind_keys=("report",),
        date=to_ordinals(["2022-01-03", "2022-01-04", "2022-01-05", "2022-02-01"]),
        ids=("2021002-r00", "2021002-r01", "2021002-r02", "x"),
    )
    columnar = evaluate_columns(scheme, columns, events, as_of=AS_OF)
    expected = evaluate(scheme, people, events=done, as_of=AS_OF)
    assert_same(columnar, expected)
    assert columnar.gates["one_year"].tolist() == [PASSED, FAILED, NOT_LISTED, PASSED]
    assert columnar.gates["exam"].tolist() == [PASSED, PASSED, NOT_LISTED, FAILED]


def test_a_missing_fact_column_is_missing_for_everyone() -> None:
    scheme = make_scheme(conditions=(Present(key="p", fact="talk_date"),))
    columns = CandidateColumns(
        ids=("a", "b"), stage_keys=("activist",), names=("候选人a", "候选人b")
    )
    result = evaluate_columns(scheme, columns, as_of=AS_OF)
    assert result.gates["p"].tolist() == [UNKNOWN, UNKNOWN]
    assert result.to_staging_result() == evaluate(
        scheme, [candidate("a"), candidate("b")], as_of=AS_OF
    )


def test_what_the_columns_cannot_run_is_refused_by_name() -> None:
    people = CandidateColumns.from_candidates(make_scheme(), [candidate()])
    refused: list[tuple[Scheme, str]] = [
        (make_scheme(conditions=(PredicateCall(key="plug", predicate="x"),)), "plug"),
        (make_scheme(conditions=(HasEvidence(key="letter", evidence="letter"),)), "letter"),
        (
            make_scheme(
                conditions=(CountOf(key="sponsors", fact="contact_persons", role="member"),)
            ),
            "sponsors",
        ),
        (make_scheme(dimensions=(dimension("d", RuleCall(key="plugged", rule="x")),)), "plugged"),
    ]
    for scheme, name in refused:
        with pytest.raises(NotImplementedError, match=name):
            evaluate_columns(scheme, people, as_of=AS_OF)


def test_figures_beyond_exact_int64_are_refused() -> None:
    scheme = make_scheme(
        dimensions=(dimension("d", Scaled(key="s", fact="exam_score", factor=Dec(10**12))),)
    )
    columns = CandidateColumns.from_candidates(scheme, [candidate(exam_score=10**9)])
    with pytest.raises(OverflowError):
        evaluate_columns(scheme, columns, as_of=AS_OF)


def test_columns_are_checked() -> None:
    with pytest.raises(ValueError, match="duplicate candidate id '2'"):
        CandidateColumns(ids=("1", "2", "2"))
    with pytest.raises(ValueError, match="duplicate candidate id '2'"):
        CandidateColumns(ids=np.array(["2", "1", "2"]))
    with pytest.raises(ValueError, match="one value per candidate"):
        CandidateColumns(ids=("1",), facts={"exam_score": FactColumn.integers([1, 2])})
    with pytest.raises(ValueError, match="power of ten"):
        FactColumn.decimals([1], Dec("0.05"))
    with pytest.raises(ValueError, match="sorted and distinct"):
        FactColumn.texts([0], ["b", "a"])
    scheme = make_scheme()
    wrong = CandidateColumns(ids=("1",), facts={"exam_score": FactColumn.dates([738000])})
    with pytest.raises(ValueError, match="the scheme declares integer"):
        evaluate_columns(scheme, wrong, as_of=AS_OF)


def test_the_result_is_read_only_and_the_inputs_stay_writable() -> None:
    values = np.array([70, 80])
    scaled = Scaled(key="s", fact="exam_score", factor=Dec(1))
    scheme = make_scheme(dimensions=(dimension("d", scaled),), precision="1")
    columns = CandidateColumns(
        ids=("a", "b"), stage_keys=("activist",), facts={"exam_score": FactColumn.integers(values)}
    )
    result = evaluate_columns(scheme, columns, as_of=AS_OF)
    assert result.weighted["d"].tolist() == [70, 80]
    with pytest.raises(ValueError, match="read-only"):
        result.total[0] = 1
    values[0] = 71  # the caller's array is not frozen by the evaluation
    assert smallest_unit(Dec("0.05")) == Dec("0.01")
