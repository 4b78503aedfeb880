"""Properties of staged evaluation: order-free, monotone, within the quota, exact, repeatable."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import json
import random
from collections.abc import Iterator

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from branchkit.mechanisms import Outcome
from branchkit.mechanisms.staging import (
    AtLeastSince,
    Candidate,
    Duration,
    FactValue,
    HasEvidence,
    Ratio,
    Scheme,
    StagingResult,
    Vote,
    evaluate,
    round_points,
)
from branchkit.records import Event, Evidence
from tests.staging_support import converter, dimension, judge, make_scheme, pk_scheme

D = dt.date
Dec = decimal.Decimal
AS_OF = D(2022, 6, 30)
PROPERTY = settings(max_examples=60, deadline=None)
IDS = tuple(f"2021{n:03d}" for n in range(1, 13))
LETTER = HasEvidence(key="letter", evidence="application_letter")


@attrs.frozen
class Contest:
    """A scheme and what it is evaluated on."""

    scheme: Scheme
    candidates: tuple[Candidate, ...]
    events: tuple[Event, ...]
    evidence: tuple[Evidence, ...]

    def run(self, extra: tuple[Event, ...] = ()) -> StagingResult:
        return evaluate(
            self.scheme,
            self.candidates,
            as_of=AS_OF,
            events=(*self.events, *extra),
            evidence=self.evidence,
        )


@st.composite
def candidates(draw: st.DrawFn, candidate_id: str) -> Candidate:
    """A candidate whose facts make ties, boundaries and missing facts likely."""
    facts: dict[str, FactValue] = {}
    if draw(st.integers(0, 7)):
        # Mostly a year or more before 2022-06-30, sometimes just under.
        facts["activist_date"] = draw(st.dates(D(2021, 1, 1), D(2021, 7, 31)))
    if draw(st.integers(0, 7)):
        facts["exam_score"] = draw(st.sampled_from([55, 59, 60, 61, 75, 90, 90]))
    if draw(st.integers(0, 4)):
        facts["service_hours"] = draw(st.sampled_from([0, 38, 40, 40, 45, 50, 60]))
    if draw(st.booleans()):
        facts["recommended"] = draw(st.booleans())
    stage = draw(st.sampled_from(["activist"] * 5 + ["applicant"]))
    return Candidate(id=candidate_id, stage=stage, facts=facts)


@st.composite
def contests(draw: st.DrawFn) -> Contest:
    """A points contest with candidates, their reports and their application letters."""
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=8, unique=True))
    people = [draw(candidates(person)) for person in ids]
    for index in range(1, len(people)):
        if draw(st.integers(0, 2)):  # a twin of the one before: ties at every total are likely
            people[index] = attrs.evolve(people[index], facts=people[index - 1].facts)
    days = st.dates(D(2021, 1, 1), D(2022, 12, 31))
    events = tuple(
        Event(
            id=f"e{index:02d}",
            kind=draw(st.sampled_from(["report", "report", "theme_day"])),
            date=draw(days),
            participants=tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3))),
        )
        for index in range(draw(st.integers(0, 8)))
    )
    evidence = tuple(
        Evidence(
            id=f"v{index:02d}",
            kind="application_letter",
            date=draw(days),
            count=draw(st.sampled_from([0, 1, 1, 2])),
            persons=tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4))),
        )
        for index in range(draw(st.integers(0, 10)))
    )
    scheme = pk_scheme(
        quota=draw(st.sampled_from([1, 2, 3, 2, 0, None])),
        on_boundary_tie=draw(st.sampled_from(["break", "flag", "flag"])),
        extra_gates=(LETTER,) if draw(st.booleans()) else (),
    )
    return Contest(scheme=scheme, candidates=tuple(people), events=events, evidence=evidence)


def as_json(result: StagingResult) -> bytes:
    text = json.dumps(converter().unstructure(result), sort_keys=True, ensure_ascii=False)
    return text.encode("utf-8")


def decimals(result: StagingResult) -> Iterator[Dec]:
    """Every amount of points in a result."""
    for candidate in result.candidates:
        yield candidate.total
        for score in candidate.dimensions:
            yield from (score.base, score.earned, score.points, score.weighted)
            yield from (award.points for award in score.awards)


# --- order and repeatability ---------------------------------------------------------------


@PROPERTY
@given(contests(), st.randoms(use_true_random=False))
def test_permuting_the_input_rows_changes_nothing(contest: Contest, rng: random.Random) -> None:
    shuffle = rng.shuffle
    people, events, evidence = (
        list(contest.candidates),
        list(contest.events),
        list(contest.evidence),
    )
    shuffle(people)
    shuffle(events)
    shuffle(evidence)
    permuted = attrs.evolve(
        contest, candidates=tuple(people), events=tuple(events), evidence=tuple(evidence)
    )
    first, second = contest.run(), permuted.run()
    assert first == second
    assert as_json(first) == as_json(second)


@PROPERTY
@given(contests())
def test_the_same_input_gives_identical_json_bytes(contest: Contest) -> None:
    first = as_json(contest.run())
    assert first == as_json(contest.run())
    json.loads(first)  # and it is JSON


# --- monotonicity --------------------------------------------------------------------------


@PROPERTY
@given(contests(), st.data())
def test_one_more_report_never_lowers_a_rank(contest: Contest, data: st.DataObject) -> None:
    before = contest.run()
    eligible = [r for r in before.candidates if r.eligible]
    assume(eligible)
    chosen = data.draw(st.sampled_from(eligible))
    extra = Event(id="extra", kind="report", date=AS_OF, participants=(chosen.id,))
    after = {r.id: r for r in contest.run((extra,)).candidates}[chosen.id]
    assert after.eligible
    assert after.total >= chosen.total
    assert after.rank is not None
    assert chosen.rank is not None
    assert after.rank <= chosen.rank


# --- selection -----------------------------------------------------------------------------


@PROPERTY
@given(contests())
def test_the_quota_is_never_exceeded(contest: Contest) -> None:
    result = contest.run()
    quota = contest.scheme.selection.quota
    selected = [r for r in result.candidates if r.selected]
    eligible = [r for r in result.candidates if r.eligible]
    assert result.counts["selected"] == len(selected)
    assert result.counts["eligible"] == len(eligible)
    assert result.counts["candidates"] == len(result.candidates)
    assert result.counts["needs_decision"] == sum(r.needs_decision for r in result.candidates)
    if quota is not None:
        assert len(selected) <= quota
    if contest.scheme.selection.on_boundary_tie == "break":
        wanted = len(eligible) if quota is None else min(quota, len(eligible))
        assert len(selected) == wanted
        assert result.counts["needs_decision"] == 0
    else:
        # Flagged: every selected total is above every tied total, which is all one total.
        tied = {r.total for r in result.candidates if r.needs_decision}
        assert len(tied) <= 1
        assert all(r.total > t for r in selected for t in tied)
        assert not any(r.selected for r in result.candidates if r.needs_decision)


@PROPERTY
@given(contests())
def test_a_candidate_failing_a_gate_is_never_selected(contest: Contest) -> None:
    result = contest.run()
    for r in result.candidates:
        passed = all(gate.outcome is Outcome.PASSED for gate in r.gates)
        assert r.eligible == passed
        assert len(r.gates) == len(contest.scheme.transitions[1].conditions)
        if not passed:
            assert not r.selected
            assert not r.needs_decision
            assert r.rank is None
    ranked = [r for r in result.candidates if r.eligible]
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert result.candidates[: len(ranked)] == tuple(ranked)  # the ineligible come after
    assert all(a.total >= b.total for a, b in itertools.pairwise(ranked))
    rest = [r.id for r in result.candidates[len(ranked) :]]
    assert rest == sorted(rest)


# --- exact points --------------------------------------------------------------------------


@PROPERTY
@given(contests())
def test_points_are_exact_decimals_at_the_precision(contest: Contest) -> None:
    result = contest.run()
    precision = contest.scheme.precision.as_tuple().exponent
    assert isinstance(precision, int)
    for value in decimals(result):
        assert type(value) is Dec
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)
        assert exponent >= precision
    weights = {d.key: d.weight for d in contest.scheme.dimensions}
    for r in result.candidates:
        assert r.total == sum((d.weighted for d in r.dimensions), Dec(0))
        for score in r.dimensions:
            assert score.earned == score.base + sum((a.points for a in score.awards), Dec(0))
            assert score.points == min(score.earned, Dec(100))
            assert score.weighted == round_points(score.points * weights[score.key], Dec("0.01"))


@PROPERTY
@given(
    st.integers(0, 60),
    st.integers(0, 60),
    st.sampled_from(["30", "3", "100", "7.5", "0.3"]),
)
def test_a_ratio_is_rounded_from_its_exact_value(yes: int, voters: int, scale: str) -> None:
    rule = Ratio(key="r", numerator="review_yes", denominator="review_voters", scale=Dec(scale))
    scheme = make_scheme(dimensions=(dimension("review", rule),))
    person = Candidate(
        id="2021001", stage="activist", facts={"review_yes": yes, "review_voters": voters}
    )
    (result,) = evaluate(scheme, [person], as_of=AS_OF).candidates
    # With 60 digits, yes × scale / voters is exact whenever it ends; when it does not end, it
    # is no half-way case either, so rounding it gives the exact answer.
    with decimal.localcontext(prec=60):
        exact = Dec(yes) * Dec(scale) / Dec(voters) if voters else Dec(0)
    assert result.total == round_points(exact, Dec("0.01"))


# --- conditions ----------------------------------------------------------------------------


@PROPERTY
@given(
    st.integers(1, 40),
    st.data(),
)
def test_a_vote_passes_exactly_on_a_quorum_and_a_majority_of_those_entitled(
    entitled: int, data: st.DataObject
) -> None:
    present = data.draw(st.integers(0, entitled))
    yes = data.draw(st.integers(0, present))
    written = data.draw(st.integers(0, entitled - present))
    condition = Vote(
        key="v", entitled="entitled", present="present", yes="yes", written_yes="written_yes"
    )
    found = judge(
        condition, AS_OF, entitled=entitled, present=present, yes=yes, written_yes=written
    )
    passes = present * 2 > entitled and (yes + written) * 2 > entitled
    assert found.outcome is (Outcome.PASSED if passes else Outcome.FAILED)


@PROPERTY
@given(
    st.dates(D(2000, 1, 1), D(2030, 12, 31)),
    st.integers(0, 800),
    st.integers(0, 3),
    st.integers(0, 14),
)
def test_at_least_since_passes_from_the_day_the_duration_is_reached(
    since: dt.date, days_later: int, years: int, months: int
) -> None:
    assume(years or months)
    duration = Duration(years=years, months=months)
    reached = duration.after(since)
    assert reached > since
    as_of = since + dt.timedelta(days=days_later)
    condition = AtLeastSince(key="a", fact="activist_date", duration=duration)
    found = judge(condition, as_of, activist_date=since)
    assert (found.outcome is Outcome.PASSED) == (as_of >= reached)
    # Later starts never end earlier.
    assert duration.after(since + dt.timedelta(days=1)) >= reached
