"""Assertions on the results of a staged evaluation, with messages that say why they failed.

They raise :class:`AssertionError` themselves rather than use ``assert``, so they still check
under ``python -O``, and they work in any test runner.

>>> import datetime as dt
>>> from branchkit.mechanisms.staging import Candidate, Scheme, Selection, Stage, evaluate
>>> from branchkit.records import Label
>>> scheme = Scheme(
...     key="demo",
...     label=Label(zh="示例", en="demo"),
...     stages=(Stage(key="a", label=Label(zh="甲", en="a")),),
...     selection=Selection(stage="a"),
... )
>>> result = evaluate(
...     scheme, [Candidate(id="2021001", name="王芳", stage="a")], as_of=dt.date(2022, 6, 30)
... )
>>> from branchkit.testing import assert_selected
>>> assert_selected(result, "2021001")
"""

from __future__ import annotations

from branchkit.mechanisms.staging.results import CandidateResult, StagingResult
from branchkit.mechanisms.verdicts import Outcome

__all__ = [
    "assert_eligible",
    "assert_excluded_by",
    "assert_not_selected",
    "assert_selected",
    "candidate_in",
]


def _gates(found: CandidateResult) -> str:
    if not found.gates:
        return "no gates"
    return "; ".join(f"{gate.key} {gate.outcome.value} ({gate.reason.en})" for gate in found.gates)


def candidate_in(result: StagingResult, candidate_id: str) -> CandidateResult:
    """The result of the candidate ``candidate_id``.

    :param result: a staged evaluation's result.
    :param candidate_id: the candidate's id.
    :raises AssertionError: when the result has no such candidate; the message lists those it
        has.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.staging import StagingResult
    >>> empty = StagingResult(scheme="demo", fingerprint="", as_of=dt.date(2022, 6, 30),
    ...                       stage="a", quota=None, candidates=(), counts={})
    >>> candidate_in(empty, "2021001")
    Traceback (most recent call last):
      ...
    AssertionError: no candidate '2021001' in the result of demo; candidates: none
    """
    for found in result.candidates:
        if found.id == candidate_id:
            return found
    listing = ", ".join(sorted(found.id for found in result.candidates)) or "none"
    raise AssertionError(
        f"no candidate {candidate_id!r} in the result of {result.scheme}; candidates: {listing}"
    )


def assert_excluded_by(
    result: StagingResult, candidate_id: str, gate_key: str, *, outcome: Outcome | None = None
) -> None:
    """Check that a candidate is ineligible because the gate ``gate_key`` did not pass.

    :param result: a staged evaluation's result.
    :param candidate_id: the candidate's id.
    :param gate_key: the key of the gate condition that should exclude the candidate.
    :param outcome: the outcome the gate should have,
        ``Outcome.FAILED`` or ``Outcome.UNKNOWN``
        (:class:`~branchkit.mechanisms.verdicts.Outcome`); either by default.
    :raises AssertionError: when the candidate is eligible, has no such gate, or the gate
        passed or had another outcome; the message lists the candidate's gates.

    >>> import datetime as dt
    >>> from branchkit.mechanisms import Outcome
    >>> from branchkit.mechanisms.staging import CandidateResult, GateResult, StagingResult
    >>> from branchkit.records import Label
    >>> gate = GateResult(key="exam", label=Label(zh="考试", en="exam"), outcome=Outcome.FAILED,
    ...                   reason=Label(zh="不及格", en="score 55"))
    >>> one = CandidateResult(id="2021007", name="李伟", stage="a", group="", gates=(gate,),
    ...                       eligible=False, dimensions=(), total=0, band=None, rank=None,
    ...                       selected=False)
    >>> result = StagingResult(scheme="demo", fingerprint="", as_of=dt.date(2022, 6, 30),
    ...                        stage="a", quota=None, candidates=(one,), counts={})
    >>> assert_excluded_by(result, "2021007", "exam")
    >>> assert_excluded_by(result, "2021007", "one_year")
    Traceback (most recent call last):
      ...
    AssertionError: candidate '2021007' has no gate 'one_year'; gates: exam failed (score 55)
    """
    if outcome is Outcome.PASSED:
        raise ValueError("a gate that passed excludes nobody; give FAILED or UNKNOWN")
    found = candidate_in(result, candidate_id)
    gate = next((gate for gate in found.gates if gate.key == gate_key), None)
    if gate is None:
        raise AssertionError(
            f"candidate {candidate_id!r} has no gate {gate_key!r}; gates: {_gates(found)}"
        )
    if found.eligible or gate.outcome is Outcome.PASSED:
        raise AssertionError(
            f"candidate {candidate_id!r} is not excluded by {gate_key!r}: "
            f"eligible={found.eligible}; gates: {_gates(found)}"
        )
    if outcome is not None and gate.outcome is not outcome:
        raise AssertionError(
            f"candidate {candidate_id!r}'s gate {gate_key!r} is {gate.outcome.value}, "
            f"not {outcome.value}: {gate.reason.en}"
        )


def assert_eligible(result: StagingResult, candidate_id: str) -> None:
    """Check that a candidate passed every gate.

    :param result: a staged evaluation's result.
    :param candidate_id: the candidate's id.
    :raises AssertionError: when a gate did not pass; the message lists the gates.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.staging import CandidateResult, StagingResult
    >>> one = CandidateResult(id="2021001", name="王芳", stage="a", group="", gates=(),
    ...                       eligible=True, dimensions=(), total=0, band=None, rank=1,
    ...                       selected=True)
    >>> result = StagingResult(scheme="demo", fingerprint="", as_of=dt.date(2022, 6, 30),
    ...                        stage="a", quota=None, candidates=(one,), counts={})
    >>> assert_eligible(result, "2021001")
    """
    found = candidate_in(result, candidate_id)
    if not found.eligible:
        raise AssertionError(f"candidate {candidate_id!r} is not eligible; gates: {_gates(found)}")


def _selection(result: StagingResult) -> str:
    chosen = [found.id for found in result.candidates if found.selected]
    return ", ".join(chosen) or "none"


def assert_selected(result: StagingResult, *candidate_ids: str, exactly: bool = False) -> None:
    """Check that every candidate named is selected (within the quota).

    :param result: a staged evaluation's result.
    :param candidate_ids: the ids of the candidates that should be selected.
    :param exactly: also check that nobody else is selected.
    :raises AssertionError: naming each candidate not selected with its rank and gates, and
        the candidates selected.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.staging import CandidateResult, StagingResult
    >>> one = CandidateResult(id="2021001", name="王芳", stage="a", group="", gates=(),
    ...                       eligible=True, dimensions=(), total=0, band=None, rank=1,
    ...                       selected=False)
    >>> result = StagingResult(scheme="demo", fingerprint="", as_of=dt.date(2022, 6, 30),
    ...                        stage="a", quota=0, candidates=(one,), counts={})
    >>> assert_selected(result, "2021001")
    Traceback (most recent call last):
      ...
    AssertionError: not selected: '2021001' (rank 1, eligible, quota 0); selected: none
    """
    missing: list[str] = []
    for candidate_id in candidate_ids:
        found = candidate_in(result, candidate_id)
        if not found.selected:
            state = "eligible" if found.eligible else f"ineligible: {_gates(found)}"
            missing.append(f"{candidate_id!r} (rank {found.rank}, {state}, quota {result.quota})")
    if missing:
        raise AssertionError(f"not selected: {', '.join(missing)}; selected: {_selection(result)}")
    if exactly:
        extra = sorted(
            found.id
            for found in result.candidates
            if found.selected and found.id not in candidate_ids
        )
        if extra:
            raise AssertionError(
                f"selected besides those named: {', '.join(extra)}; selected: {_selection(result)}"
            )


def assert_not_selected(result: StagingResult, *candidate_ids: str) -> None:
    """Check that none of the candidates named is selected.

    :param result: a staged evaluation's result.
    :param candidate_ids: the ids of the candidates that should not be selected.
    :raises AssertionError: naming each candidate selected, with its rank.

    >>> import datetime as dt
    >>> from branchkit.mechanisms.staging import CandidateResult, StagingResult
    >>> one = CandidateResult(id="2021001", name="王芳", stage="a", group="", gates=(),
    ...                       eligible=True, dimensions=(), total=0, band=None, rank=1,
    ...                       selected=True)
    >>> result = StagingResult(scheme="demo", fingerprint="", as_of=dt.date(2022, 6, 30),
    ...                        stage="a", quota=None, candidates=(one,), counts={})
    >>> assert_not_selected(result, "2021001")
    Traceback (most recent call last):
      ...
    AssertionError: selected after all: '2021001' (rank 1)
    """
    wrong = [
        f"{candidate_id!r} (rank {found.rank})"
        for candidate_id in candidate_ids
        if (found := candidate_in(result, candidate_id)).selected
    ]
    if wrong:
        raise AssertionError(f"selected after all: {', '.join(wrong)}")
