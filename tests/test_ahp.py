"""The Analytic Hierarchy Process: hand-computed matrices, refusals, and properties."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import InconsistentJudgementsError, RecordError
from branchkit.framework.ahp import (
    CONSISTENCY_THRESHOLD,
    RANDOM_INDEX,
    AhpResult,
    Judgement,
    ahp,
    pairwise_matrix,
)
from branchkit.io.converter import make_converter
from branchkit.records import Label


def j(prefer: str, over: str, strength: int) -> Judgement:
    return Judgement(prefer=prefer, over=over, strength=strength)


def power_iteration(matrix: Sequence[Sequence[float]]) -> tuple[list[float], float]:
    """The principal eigenvector (summing to 1) and eigenvalue, in pure Python.

    An independent check of numpy.linalg.eig: for a positive matrix, repeated multiplication
    converges to the Perron vector (Perron-Frobenius), and lambda_max = (A w)_i / w_i.
    """
    size = len(matrix)
    vector = [1.0 / size] * size
    for _ in range(1000):
        product = [sum(row[k] * vector[k] for k in range(size)) for row in matrix]
        total = sum(product)
        following = [x / total for x in product]
        done = max(abs(a - b) for a, b in zip(following, vector, strict=True)) < 1e-15
        vector = following
        if done:
            break
    product = [sum(row[k] * vector[k] for k in range(size)) for row in matrix]
    return vector, sum(p / v for p, v in zip(product, vector, strict=True)) / size


# a = 2b, b = 2c, a = 4c: consistent. By hand: w = (4, 2, 1) / 7, and A w = 3 w exactly
# (row a: 1*4/7 + 2*2/7 + 4*1/7 = 12/7 = 3 * 4/7), so lambda_max = 3, CI = 0, CR = 0.
CONSISTENT = (j("a", "b", 2), j("b", "c", 2), j("a", "c", 4))


def test_consistent_matrix_gives_exact_weights() -> None:
    result = ahp(("a", "b", "c"), CONSISTENT)
    assert result.weights == (
        ("a", Decimal("0.5714")),
        ("b", Decimal("0.2857")),
        ("c", Decimal("0.1429")),
    )
    for got, want in zip(result.eigenvector, (4 / 7, 2 / 7, 1 / 7), strict=True):
        assert got == pytest.approx(want, abs=1e-12)
    assert result.lambda_max == pytest.approx(3, abs=1e-12)
    assert result.ci == pytest.approx(0, abs=1e-12)
    assert result.ri == Decimal("0.58")
    assert result.cr == pytest.approx(0, abs=1e-12)
    assert result.consistent
    assert result.keys == ("a", "b", "c")
    assert result.weight("b") == Decimal("0.2857")
    with pytest.raises(KeyError):
        result.weight("d")


def test_pairwise_matrix_is_reciprocal_in_key_order() -> None:
    matrix = pairwise_matrix(("c", "a", "b"), CONSISTENT)
    assert matrix == (
        (1.0, 0.25, 0.5),
        (4.0, 1.0, 2.0),
        (2.0, 0.5, 1.0),
    )


def test_textbook_three_by_three() -> None:
    # a over b 3, a over c 5, b over c 3 (the classic example in AHP textbooks).
    # For a 3x3 reciprocal matrix with a12 = x, a13 = y, a23 = z the principal eigenvalue is
    # 1 + (y / (x z))^(1/3) + (x z / y)^(1/3): here 1 + (5/9)^(1/3) + (9/5)^(1/3) = 3.0385.
    # Hence CI = 0.0385 / 2 = 0.0193 and CR = 0.0193 / 0.58 = 0.0332; the weights are
    # 0.6370, 0.2583, 0.1047.
    judgements = (j("a", "b", 3), j("a", "c", 5), j("b", "c", 3))
    result = ahp(("a", "b", "c"), judgements)
    closed_form = 1 + (5 / 9) ** (1 / 3) + (9 / 5) ** (1 / 3)
    assert result.lambda_max == pytest.approx(closed_form, abs=1e-12)
    assert round(result.lambda_max, 4) == 3.0385
    assert round(result.ci, 4) == 0.0193
    assert round(result.cr, 4) == 0.0332
    assert result.weights == (
        ("a", Decimal("0.6370")),
        ("b", Decimal("0.2583")),
        ("c", Decimal("0.1047")),
    )
    assert result.consistent
    vector, eigenvalue = power_iteration(pairwise_matrix(("a", "b", "c"), judgements))
    assert eigenvalue == pytest.approx(result.lambda_max, abs=1e-9)
    assert list(result.eigenvector) == pytest.approx(vector, abs=1e-9)


# A cyclic matrix: a over b 2, b over c 2, but c over a 2. Its rows are rotations of
# (1, 2, 1/2), so (1, 1, 1) is an eigenvector with eigenvalue 1 + 2 + 1/2 = 3.5 (the Perron
# root, its eigenvector being positive). By hand: weights 1/3 each, lambda_max = 3.5,
# CI = (3.5 - 3) / 2 = 0.25, CR = 0.25 / 0.58 = 0.4310.
CYCLIC = (j("a", "b", 2), j("b", "c", 2), j("c", "a", 2))


def test_cyclic_matrix_is_refused() -> None:
    with pytest.raises(InconsistentJudgementsError) as caught:
        ahp(("a", "b", "c"), CYCLIC)
    error = caught.value
    assert isinstance(error, RecordError)
    assert error.ratio == pytest.approx(0.25 / 0.58)
    assert error.threshold == CONSISTENCY_THRESHOLD
    assert [path for path, _ in error.problems] == [("judgements",)]
    assert str(error) == (
        "invalid pairwise matrix: $.judgements: the consistency ratio CR = 0.4310 is not "
        "below 0.1; the judgement the weights bear out least is judgements[0], 'a' over 'b' "
        "at 2, where the weights imply the two matter about equally: revisit it, or set "
        "accept_inconsistent to keep the judgements as they are"
    )


def test_cyclic_matrix_accepted_on_request() -> None:
    result = ahp(("a", "b", "c"), CYCLIC, accept_inconsistent=True)
    assert not result.consistent
    assert result.weights == tuple((k, Decimal("0.3333")) for k in "abc")
    assert result.lambda_max == pytest.approx(3.5, abs=1e-12)
    assert result.ci == pytest.approx(0.25, abs=1e-12)
    assert result.cr == pytest.approx(0.25 / 0.58, abs=1e-12)
    assert round(result.cr, 4) == 0.4310


# A 4x4 example, inconsistent but accepted. Rows in the order a, b, c, d:
#   a: 1    3    1/2  5
#   b: 1/3  1    1/4  3
#   c: 2    4    1    2
#   d: 1/5  1/3  1/2  1
# Figures worked out by power iteration (below, in pure Python) and recorded here:
# weights 0.3324, 0.1478, 0.4239, 0.0960; lambda_max 4.4150; CI = 0.4150 / 3 = 0.1383;
# CR = 0.1383 / 0.90 = 0.1537 (not below 0.1). The judgement the weights bear out least is
# "c over d at 2": the weights imply about 4 (0.4239 / 0.0960 = 4.42), and with 4 instead,
# CR falls to 0.0603.
FOUR = (
    j("a", "b", 3),
    j("c", "a", 2),
    j("a", "d", 5),
    j("c", "b", 4),
    j("b", "d", 3),
    j("c", "d", 2),
)


def test_four_by_four_accepted_matches_power_iteration() -> None:
    result = ahp("abcd", FOUR, accept_inconsistent=True)
    assert result.weights == (
        ("a", Decimal("0.3324")),
        ("b", Decimal("0.1478")),
        ("c", Decimal("0.4239")),
        ("d", Decimal("0.0960")),
    )
    assert round(result.lambda_max, 4) == 4.4150
    assert round(result.ci, 4) == 0.1383
    assert round(result.cr, 4) == 0.1537
    assert result.ri == Decimal("0.90")
    assert not result.consistent
    vector, eigenvalue = power_iteration(pairwise_matrix("abcd", FOUR))
    assert eigenvalue == pytest.approx(result.lambda_max, abs=1e-9)
    assert list(result.eigenvector) == pytest.approx(vector, abs=1e-9)
    assert result.ci == pytest.approx((eigenvalue - 4) / 3, abs=1e-9)
    assert result.cr == pytest.approx((eigenvalue - 4) / 3 / 0.90, abs=1e-9)


def test_four_by_four_refused_names_the_judgement_to_revisit() -> None:
    with pytest.raises(InconsistentJudgementsError, match=r"CR = 0\.1537 is not below 0\.1"):
        ahp("abcd", FOUR)
    with pytest.raises(InconsistentJudgementsError) as caught:
        ahp("abcd", FOUR)
    assert "judgements[5], 'c' over 'd' at 2" in str(caught.value)
    assert "imply 'c' over 'd' at about 4" in str(caught.value)
    # Taking the advice makes the judgements consistent enough.
    revised = ahp("abcd", (*FOUR[:5], j("c", "d", 4)))
    assert revised.consistent
    assert round(revised.cr, 4) == 0.0603


def test_one_and_two_items() -> None:
    one = ahp(("a",), ())
    assert one.weights == (("a", Decimal("1.0000")),)
    assert (one.lambda_max, one.ci, one.cr, one.consistent) == (1.0, 0.0, 0.0, True)
    # Two items are always consistent: weights 9/10 and 1/10, lambda_max 2, CR 0.
    two = ahp(("a", "b"), (j("a", "b", 9),))
    assert two.weights == (("a", Decimal("0.9000")), ("b", Decimal("0.1000")))
    assert two.lambda_max == pytest.approx(2, abs=1e-12)
    assert two.cr == 0.0
    assert two.ri == Decimal(0)


def test_random_index_table() -> None:
    assert [str(RANDOM_INDEX[n]) for n in range(1, 11)] == [
        "0", "0", "0.58", "0.90", "1.12", "1.24", "1.32", "1.41", "1.45", "1.49",
    ]  # fmt: skip


def problems_of(error: RecordError) -> list[tuple[str, str]]:
    from branchkit.errors import format_path

    return [(format_path(path), message) for path, message in error.problems]


def test_pairwise_matrix_lists_every_missing_duplicated_and_unknown_pair() -> None:
    with pytest.raises(RecordError) as caught:
        pairwise_matrix(
            ("a", "b", "c", "d"),
            (j("a", "b", 3), j("b", "a", 2), j("c", "x", 4), j("a", "c", 5), j("a", "d", 1)),
        )
    assert problems_of(caught.value) == [
        ("$.judgements[1]", "'b' and 'a' are judged twice (first at index 0)"),
        ("$.judgements[2].over", "no key 'x'"),
        ("$.judgements", "no judgement between 'b' and 'c'"),
        ("$.judgements", "no judgement between 'b' and 'd'"),
        ("$.judgements", "no judgement between 'c' and 'd'"),
    ]
    assert caught.value.record == "pairwise matrix"


def test_pairwise_matrix_refuses_bad_keys() -> None:
    with pytest.raises(RecordError) as caught:
        pairwise_matrix(("a", "a", "B"), ())
    messages = problems_of(caught.value)
    assert ("$.keys[2]", messages[0][1]) == messages[0]
    assert "is not a key" in messages[0][1]
    assert ("$.keys[1].key", "duplicate 'a' (first at index 0)") in messages
    with pytest.raises(RecordError, match=r"\$\.keys: needs at least one key"):
        pairwise_matrix((), ())


def test_judgement_rules() -> None:
    with pytest.raises(RecordError, match=r"\$\.over: 'a' cannot be judged against itself"):
        j("a", "a", 3)
    for strength in (0, 10, -1):
        with pytest.raises(RecordError, match=r"\$\.strength: must be an integer from 1 to 9"):
            j("a", "b", strength)
    with pytest.raises(RecordError, match=r"\$\.strength"):
        Judgement(prefer="a", over="b", strength=True)


def test_more_than_ten_items_are_refused() -> None:
    keys = [f"k{i}" for i in range(11)]
    judgements = [j(keys[a], keys[b], 1) for a in range(11) for b in range(a + 1, 11)]
    with pytest.raises(RecordError, match=r"AHP compares at most 10 items"):
        ahp(keys, judgements)
    ten = ahp(keys[:10], [x for x in judgements if "k10" not in (x.prefer, x.over)])
    assert ten.ri == Decimal("1.49")
    assert all(weight == Decimal("0.1000") for _, weight in ten.weights)


def test_result_and_judgement_round_trip() -> None:
    converter = make_converter()
    result = ahp("abcd", FOUR, accept_inconsistent=True)
    assert converter.structure(converter.unstructure(result), AhpResult) == result
    judgement = Judgement(
        prefer="a", over="b", strength=5, reason=Label(zh="更重要", en="matters more")
    )
    assert converter.structure(converter.unstructure(judgement), Judgement) == judgement


# Properties.

STRENGTHS = st.integers(min_value=1, max_value=9)


@st.composite
def judgement_sets(draw: st.DrawFn) -> tuple[tuple[str, ...], tuple[Judgement, ...]]:
    count = draw(st.integers(min_value=1, max_value=7))
    keys = tuple(f"k{index}" for index in range(count))
    judgements = []
    for a in range(count):
        for b in range(a + 1, count):
            strength = draw(STRENGTHS)
            if draw(st.booleans()):
                judgements.append(j(keys[a], keys[b], strength))
            else:
                judgements.append(j(keys[b], keys[a], strength))
    return keys, tuple(draw(st.permutations(judgements)))


@settings(max_examples=80, deadline=None)
@given(judgement_sets(), st.randoms(use_true_random=False))
def test_judgement_order_does_not_matter(
    case: tuple[tuple[str, ...], tuple[Judgement, ...]], rng: random.Random
) -> None:
    keys, judgements = case
    shuffled = list(judgements)
    rng.shuffle(shuffled)
    first = ahp(keys, judgements, accept_inconsistent=True)
    assert ahp(keys, shuffled, accept_inconsistent=True) == first


@settings(max_examples=80, deadline=None)
@given(judgement_sets())
def test_weights_sum_to_one_and_ratios_are_sane(
    case: tuple[tuple[str, ...], tuple[Judgement, ...]],
) -> None:
    keys, judgements = case
    result = ahp(keys, judgements, accept_inconsistent=True)
    assert math.fsum(result.eigenvector) == pytest.approx(1, abs=1e-9)
    assert all(weight > 0 for weight in result.eigenvector)
    assert abs(sum((weight for _, weight in result.weights), Decimal(0)) - 1) <= Decimal(
        "0.0001"
    ) * len(keys)
    # Perron: lambda_max >= n for every positive reciprocal matrix.
    assert result.lambda_max >= len(keys) - 1e-9
    assert result.ci >= 0
    assert result.consistent == (result.cr < CONSISTENCY_THRESHOLD)
    vector, eigenvalue = power_iteration(pairwise_matrix(keys, judgements))
    assert eigenvalue == pytest.approx(result.lambda_max, abs=1e-6)
    assert list(result.eigenvector) == pytest.approx(vector, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(judgement_sets())
def test_refusal_follows_the_ratio(case: tuple[tuple[str, ...], tuple[Judgement, ...]]) -> None:
    keys, judgements = case
    accepted = ahp(keys, judgements, accept_inconsistent=True)
    if accepted.consistent:
        assert ahp(keys, judgements) == accepted
    else:
        with pytest.raises(InconsistentJudgementsError) as caught:
            ahp(keys, judgements)
        assert caught.value.ratio == accepted.cr
