"""Standards: weights three ways, every rule at once, TOML and round trips, properties."""

from __future__ import annotations

import math
import random
import tomllib
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchkit.errors import (
    InconsistentJudgementsError,
    InputError,
    RecordError,
    UnknownNameError,
    format_path,
)
from branchkit.framework.ahp import Judgement
from branchkit.framework.standard import Criterion, GradeBand, IndicatorLink, Standard, Veto
from branchkit.io import make_converter, structure
from branchkit.records import Label


def label(text: str) -> Label:
    return Label(zh=text, en=text)


def criterion(key: str, weight: str | None = None) -> Criterion:
    return Criterion(key=key, label=label(key), weight=None if weight is None else Decimal(weight))


def link(indicator: str, criterion: str, weight: str = "1") -> IndicatorLink:
    return IndicatorLink(indicator=indicator, criterion=criterion, weight=Decimal(weight))


BANDS = (
    GradeBand(key="pass", label=Label(zh="合格", en="Pass"), at_least=Decimal(0)),
    GradeBand(key="good", label=Label(zh="良好", en="Good"), at_least=Decimal(60)),
    GradeBand(
        key="excellent",
        label=Label(zh="优秀", en="Excellent"),
        at_least=Decimal(85),
        max_share=Decimal("0.2"),
    ),
)
LINKS = (link("sessions", "politics"), link("contacts", "service"), link("training", "team"))


def standard(**changes: object) -> Standard:
    fields: dict[str, object] = {
        "key": "seven-strong",
        "label": Label(zh="七个有力", en="Seven strengths"),
        "criteria": (criterion("politics"), criterion("service"), criterion("team")),
        "links": LINKS,
        "bands": BANDS,
    }
    fields.update(changes)
    return Standard(**fields)  # type: ignore[arg-type]


def problems(error: RecordError) -> list[tuple[str, str]]:
    return [(format_path(path), message) for path, message in error.problems]


def test_given_weights_are_normalised() -> None:
    given_weights = standard(
        criteria=(criterion("politics", "2"), criterion("service", "1"), criterion("team", "1"))
    )
    assert given_weights.weighting == "given"
    assert given_weights.criterion_weights() == (
        ("politics", Decimal("0.5")),
        ("service", Decimal("0.25")),
        ("team", Decimal("0.25")),
    )
    assert given_weights.ahp_result() is None


def test_equal_weights_without_weights_or_judgements() -> None:
    equal = standard()
    assert equal.weighting == "equal"
    weights = equal.criterion_weights()
    assert [key for key, _ in weights] == ["politics", "service", "team"]
    # 1/3 to 28 significant digits.
    assert all(weight == Decimal(1) / Decimal(3) for _, weight in weights)
    assert abs(sum((weight for _, weight in weights), Decimal(0)) - 1) < Decimal("1e-27")


# politics = 2 x service = 4 x team: weights 4/7, 2/7, 1/7 exactly (see test_ahp).
CONSISTENT = (
    Judgement(prefer="politics", over="service", strength=2),
    Judgement(prefer="service", over="team", strength=2),
    Judgement(prefer="politics", over="team", strength=4),
)


def test_ahp_weights() -> None:
    weighed = standard(judgements=CONSISTENT)
    assert weighed.weighting == "ahp"
    result = weighed.ahp_result()
    assert result is not None
    assert result.weights == (
        ("politics", Decimal("0.5714")),
        ("service", Decimal("0.2857")),
        ("team", Decimal("0.1429")),
    )
    weights = dict(weighed.criterion_weights())
    for key, exact in (("politics", 4 / 7), ("service", 2 / 7), ("team", 1 / 7)):
        assert float(weights[key]) == pytest.approx(exact, abs=1e-12)
    assert float(sum(weights.values())) == pytest.approx(1, abs=1e-15)


CYCLIC = (
    Judgement(prefer="politics", over="service", strength=2),
    Judgement(prefer="service", over="team", strength=2),
    Judgement(prefer="team", over="politics", strength=2),
)


def test_inconsistent_judgements_refuse_the_standard() -> None:
    with pytest.raises(InconsistentJudgementsError) as caught:
        standard(judgements=CYCLIC)
    assert caught.value.record == "Standard"
    assert problems(caught.value)[0][0] == "$.judgements"
    assert "CR = 0.4310 is not below 0.1" in str(caught.value)
    accepted = standard(judgements=CYCLIC, accept_inconsistent=True)
    result = accepted.ahp_result()
    assert result is not None
    assert not result.consistent
    assert [str(round(w, 4)) for _, w in accepted.criterion_weights()] == ["0.3333"] * 3


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(RecordError) as caught:
        Standard(
            key="Bad Key",
            label=label("x"),
            criteria=(
                criterion("politics", "2"),
                criterion("service"),
                criterion("politics", "1"),
                criterion("lonely", "1"),
            ),
            links=(
                link("sessions", "politics"),
                link("contacts", "service"),
                link("sessions", "politics", "2"),
                link("visits", "nowhere"),
            ),
            bands=(
                GradeBand(key="pass", label=label("pass"), at_least=Decimal(10)),
                GradeBand(key="good", label=label("good"), at_least=Decimal(5)),
                GradeBand(key="pass", label=label("again"), at_least=Decimal(90)),
            ),
            vetoes=(
                Veto(key="discipline", label=label("d"), indicator="clean", cap="fail"),
                Veto(key="discipline", label=label("d"), indicator="clean", cap="pass"),
            ),
            judgements=(Judgement(prefer="politics", over="service", strength=3),),
        )
    found = problems(caught.value)
    assert found[0][0] == "$.key"
    assert found[1:] == [
        ("$.criteria[2].key", "duplicate 'politics' (first at index 0)"),
        (
            "$.criteria[1].weight",
            "either every criterion has a weight or none has (3 of 4 have one)",
        ),
        (
            "$.judgements",
            "criteria with weights take no judgements: give either weights or judgements",
        ),
        (
            "$.links[2].indicator",
            "duplicate 'sessions -> politics' (first at index 0)",
        ),
        ("$.links[3].criterion", "no criterion 'nowhere'"),
        ("$.criteria[3]", "no indicator is linked to 'lonely'"),
        ("$.bands[2].key", "duplicate 'pass' (first at index 0)"),
        ("$.bands[0].at_least", "the lowest band must start at 0"),
        (
            "$.bands[1].at_least",
            "must be more than the band before it (10): bands go lowest first",
        ),
        ("$.vetoes[1].key", "duplicate 'discipline' (first at index 0)"),
        ("$.vetoes[0].cap", "no grade band 'fail'"),
    ]


def test_judgement_problems_name_criteria() -> None:
    with pytest.raises(RecordError) as caught:
        standard(
            judgements=(
                Judgement(prefer="politics", over="service", strength=2),
                Judgement(prefer="service", over="politics", strength=2),
                Judgement(prefer="politics", over="people", strength=3),
            )
        )
    assert problems(caught.value) == [
        ("$.judgements[1]", "'service' and 'politics' are judged twice (first at index 0)"),
        ("$.judgements[2].over", "no criterion 'people'"),
        ("$.judgements", "no judgement between 'politics' and 'team'"),
        ("$.judgements", "no judgement between 'service' and 'team'"),
    ]


def test_no_criteria_links_or_bands() -> None:
    with pytest.raises(RecordError) as caught:
        standard(criteria=(), links=(), bands=())
    assert problems(caught.value) == [
        ("$.criteria", "a standard needs at least one criterion"),
        ("$.bands", "a standard needs at least one grade band"),
    ]


def test_lowest_band_has_no_share_limit() -> None:
    capped = GradeBand(key="pass", label=label("p"), at_least=Decimal(0), max_share=Decimal(1))
    with pytest.raises(RecordError) as caught:
        standard(bands=(capped, *BANDS[1:]))
    assert problems(caught.value) == [
        (
            "$.bands[0].max_share",
            "the lowest band takes every unit moved down, so it has no max_share",
        )
    ]


def test_too_many_criteria_for_ahp() -> None:
    keys = [f"c{index}" for index in range(11)]
    judgements = tuple(
        Judgement(prefer=keys[a], over=keys[b], strength=1)
        for a in range(11)
        for b in range(a + 1, 11)
    )
    with pytest.raises(RecordError, match=r"AHP weighs at most 10 criteria"):
        standard(
            criteria=tuple(criterion(key) for key in keys),
            links=tuple(link("x", key) for key in keys),
            judgements=judgements,
        )


def test_part_rules() -> None:
    with pytest.raises(RecordError, match=r"\$\.weight: must be a finite number more than 0"):
        criterion("politics", "0")
    with pytest.raises(RecordError, match=r"\$\.weight: must be a finite number more than 0"):
        link("a", "b", "-1")
    with pytest.raises(RecordError, match=r"\$\.at_least: must be from 0 to 100, not 101"):
        GradeBand(key="top", label=label("t"), at_least=Decimal(101))
    with pytest.raises(RecordError, match=r"\$\.max_share: must be a number from 0 to 1"):
        GradeBand(key="top", label=label("t"), at_least=Decimal(90), max_share=Decimal("1.5"))
    with pytest.raises(RecordError, match=r"\$\.at_least: must be a finite number"):
        GradeBand(key="top", label=label("t"), at_least=Decimal("NaN"))
    with pytest.raises(RecordError, match=r"\$\.cap: 'Top' is not a key"):
        Veto(key="v", label=label("v"), indicator="clean", cap="Top")


def test_lookups() -> None:
    weighed = standard(vetoes=(Veto(key="v", label=label("v"), indicator="clean", cap="pass"),))
    assert weighed.criterion("service").key == "service"
    assert weighed.band("good").at_least == Decimal(60)
    assert weighed.links_of("team") == (LINKS[2],)
    assert weighed.indicators == ("clean", "contacts", "sessions", "training")
    with pytest.raises(UnknownNameError, match="unknown criterion 'x'"):
        weighed.criterion("x")
    with pytest.raises(UnknownNameError, match="unknown grade band 'x'"):
        weighed.band("x")


STANDARD_TOML = """
key = "seven-strong"
label = { zh = "七个有力", en = "Seven strengths" }
accept_inconsistent = false

[[criteria]]
key = "politics"
label = { zh = "政治功能强", en = "Strong political function" }
description = { zh = "把方向", en = "Keeps the direction" }

[[criteria]]
key = "service"
label = { zh = "服务师生强", en = "Serves people well" }

[[links]]
indicator = "sessions"
criterion = "politics"
weight = 2

[[links]]
indicator = "contacts"
criterion = "politics"
weight = 0.5
reason = { zh = "联系群众", en = "Keeps in touch" }

[[links]]
indicator = "contacts"
criterion = "service"

[[judgements]]
prefer = "politics"
over = "service"
strength = 3

[[vetoes]]
key = "discipline"
label = { zh = "严重违纪", en = "Serious breach of discipline" }
indicator = "clean-record"
cap = "pass"

[[bands]]
key = "pass"
label = { zh = "合格", en = "Pass" }
at_least = 0

[[bands]]
key = "excellent"
label = { zh = "优秀", en = "Excellent" }
at_least = 90
max_share = "0.2"
"""


def test_structures_from_toml_and_round_trips() -> None:
    loaded = structure(tomllib.loads(STANDARD_TOML), Standard, source="standard.toml")
    assert loaded.links[1].weight == Decimal("0.5")
    assert loaded.bands[1].max_share == Decimal("0.2")
    assert loaded.weighting == "ahp"
    assert [str(round(w, 4)) for _, w in loaded.criterion_weights()] == ["0.7500", "0.2500"]
    converter = make_converter()
    assert converter.structure(converter.unstructure(loaded), Standard) == loaded


def test_toml_problems_come_with_paths() -> None:
    data = tomllib.loads(STANDARD_TOML)
    data["links"][0]["weight"] = "many"
    data["judgements"][0]["strength"] = 2.5
    with pytest.raises(InputError) as caught:
        structure(data, Standard, source="standard.toml")
    assert [str(problem) for problem in caught.value.problems] == [
        'standard.toml: $.links[0].weight: expected a decimal number, got "many"',
        "standard.toml: $.judgements[0].strength: expected an integer, got 2.5",
    ]


def test_inconsistent_toml_is_reported_at_the_judgements() -> None:
    data = tomllib.loads(STANDARD_TOML)
    data["criteria"].append({"key": "team", "label": {"zh": "队伍", "en": "Team"}})
    data["links"].append({"indicator": "training", "criterion": "team"})
    data["judgements"] += [
        {"prefer": "service", "over": "team", "strength": 3},
        {"prefer": "team", "over": "politics", "strength": 3},
    ]
    with pytest.raises(InputError) as caught:
        structure(data, Standard, source="standard.toml")
    (problem,) = caught.value.problems
    assert str(problem).startswith("standard.toml: $.judgements: the consistency ratio CR = ")
    data["accept_inconsistent"] = True
    assert structure(data, Standard).accept_inconsistent


# Properties.

CONVERTER = make_converter()


@st.composite
def standards(draw: st.DrawFn) -> Standard:
    count = draw(st.integers(min_value=1, max_value=6))
    keys = [f"c{index}" for index in range(count)]
    weighting = draw(st.sampled_from(["given", "ahp", "equal"]))
    weights = st.decimals(min_value="0.01", max_value=100, places=2)
    criteria = tuple(
        Criterion(
            key=key,
            label=label(key),
            weight=draw(weights) if weighting == "given" else None,
        )
        for key in keys
    )
    judgements: list[Judgement] = []
    if weighting == "ahp":
        for a in range(count):
            for b in range(a + 1, count):
                strength = draw(st.integers(min_value=1, max_value=9))
                first, second = (keys[a], keys[b]) if draw(st.booleans()) else (keys[b], keys[a])
                judgements.append(Judgement(prefer=first, over=second, strength=strength))
    return standard(
        criteria=criteria,
        links=tuple(link(f"i{index}", key) for index, key in enumerate(keys)),
        judgements=tuple(draw(st.permutations(judgements))),
        accept_inconsistent=True,
    )


@settings(max_examples=80, deadline=None)
@given(standards())
def test_weights_sum_to_one(weighed: Standard) -> None:
    weights = weighed.criterion_weights()
    assert [key for key, _ in weights] == [c.key for c in weighed.criteria]
    assert all(weight > 0 for _, weight in weights)
    assert math.isclose(float(sum(weight for _, weight in weights)), 1, abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(standards(), st.randoms(use_true_random=False))
def test_judgement_order_does_not_change_the_weights(weighed: Standard, rng: random.Random) -> None:
    shuffled = list(weighed.judgements)
    rng.shuffle(shuffled)
    again = attrs.evolve(weighed, judgements=tuple(shuffled))
    assert again.criterion_weights() == weighed.criterion_weights()
    assert again.ahp_result() == weighed.ahp_result()


@settings(max_examples=60, deadline=None)
@given(standards())
def test_standard_round_trips(weighed: Standard) -> None:
    assert CONVERTER.structure(CONVERTER.unstructure(weighed), Standard) == weighed
