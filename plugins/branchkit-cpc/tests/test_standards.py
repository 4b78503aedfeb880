"""The national standards: "七个有力" weighed by AHP, and the star rating of branches."""

from __future__ import annotations

import decimal
import os
import subprocess
import sys
import tomllib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from branchkit import Host, Label
from branchkit.framework.ahp import Judgement, ahp
from branchkit.framework.indicators import Indicator
from branchkit.framework.scorecard import Scorecard, grade_together, score
from branchkit.framework.standard import Alignment, IndicatorLink, Standard, Veto
from branchkit.plugins import PluginSource
from branchkit_cpc import hooks

CPC = PluginSource(name="cpc", distribution="branchkit-cpc", version="test")
STANDARDS_TOML = Path(hooks.__file__).with_name("standards.toml")
SEVEN = (
    "educate_members",
    "manage_members",
    "supervise_members",
    "organise",
    "publicise",
    "unite",
    "serve",
)


def isolated_host() -> Host:
    return Host.create(autoload=False, plugins=[(CPC, hooks)], environ={})


def seven_strengths() -> Standard:
    return isolated_host().standards()["seven-strengths"]


def star_rating() -> Standard:
    return isolated_host().standards()["star-rating"]


def raw_standard(key: str) -> dict[str, Any]:
    """The standard as the TOML file writes it, read without branchkit."""
    data = tomllib.loads(STANDARDS_TOML.read_text(encoding="utf-8"))
    (found,) = (standard for standard in data["standards"] if standard["key"] == key)
    assert isinstance(found, dict)
    return found


def test_the_host_lists_both_standards_from_the_plugin() -> None:
    host = isolated_host()
    assert sorted(host.standards()) == ["seven-strengths", "star-rating"]
    cpc = next(plugin for plugin in host.plugins if plugin.source.name == "cpc")
    assert "branchkit_standards" in cpc.hooks
    assert [c.key for c in cpc.contributions if c.kind == "standard"] == [
        "seven-strengths",
        "star-rating",
    ]
    # Loaded once: every host gets the very same records.
    assert isolated_host().standards()["seven-strengths"] is host.standards()["seven-strengths"]


def test_neither_standard_has_links_or_vetoes() -> None:
    # Each framework aligns its own indicators, and states its vetoes in its alignment.
    for standard in (seven_strengths(), star_rating()):
        assert (standard.links, standard.vetoes) == ((), ())


def test_the_seven_criteria_keys_and_labels() -> None:
    standard = seven_strengths()
    assert standard.label == Label(
        zh="七个有力（全国党建工作样板支部）", en="Seven strengths (national model party branch)"
    )
    assert [(c.key, c.label.zh) for c in standard.criteria] == [
        ("educate_members", "教育党员有力"),
        ("manage_members", "管理党员有力"),
        ("supervise_members", "监督党员有力"),
        ("organise", "组织师生有力"),
        ("publicise", "宣传师生有力"),
        ("unite", "凝聚师生有力"),
        ("serve", "服务师生有力"),
    ]
    assert [c.label.en for c in standard.criteria] == [
        "Educating members effectively",
        "Managing members effectively",
        "Supervising members effectively",
        "Organising teachers and students effectively",
        "Informing teachers and students effectively",
        "Uniting teachers and students effectively",
        "Serving teachers and students effectively",
    ]
    for criterion in standard.criteria:
        assert criterion.description is not None
        assert criterion.description.zh.endswith("。")
        assert criterion.description.en.endswith(".")


VERDICTS = {1: ("同等重要。", "equally important."), 2: ("略为重要。", "slightly more important.")}


def test_all_21_pairs_are_judged_with_a_reason() -> None:
    standard = seven_strengths()
    assert standard.weighting == "ahp"
    pairs = {frozenset((j.prefer, j.over)) for j in standard.judgements}
    assert len(standard.judgements) == len(pairs) == 21
    for judgement in standard.judgements:
        # The reason says why, and ends with the verdict its strength gives.
        assert judgement.reason is not None
        zh, en = VERDICTS[judgement.strength]
        assert judgement.reason.zh.endswith(zh)
        assert judgement.reason.en.endswith(en)


# An independent AHP: the reciprocal matrix built from the TOML file as written, its principal
# eigenvector by power iteration, in plain Python floats.

#: Saaty's random index for 7 items.
RI_7 = 1.32


def matrix_of(keys: Sequence[str], judgements: Sequence[Mapping[str, Any]]) -> list[list[float]]:
    position = {key: index for index, key in enumerate(keys)}
    cells = [[1.0] * len(keys) for _ in keys]
    for judgement in judgements:
        row, column = position[judgement["prefer"]], position[judgement["over"]]
        cells[row][column] = float(judgement["strength"])
        cells[column][row] = 1.0 / judgement["strength"]
    return cells


def power_iteration(cells: list[list[float]]) -> tuple[list[float], float, float, float]:
    """The weights, lambda_max, CI and CR of a reciprocal matrix of 7 items."""
    size = len(cells)
    weights = [1.0 / size] * size
    for _ in range(1000):
        product = [sum(a * w for a, w in zip(row, weights, strict=True)) for row in cells]
        total = sum(product)
        following = [value / total for value in product]
        done = max(abs(a - b) for a, b in zip(following, weights, strict=True)) < 1e-15
        weights = following
        if done:
            break
    product = [sum(a * w for a, w in zip(row, weights, strict=True)) for row in cells]
    lambda_max = sum(p / w for p, w in zip(product, weights, strict=True)) / size
    ci = max(0.0, (lambda_max - size) / (size - 1))
    return weights, lambda_max, ci, ci / RI_7


def four_places(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.0001"), rounding=decimal.ROUND_HALF_UP)


def test_ahp_weights_and_consistency_match_an_independent_computation() -> None:
    raw = raw_standard("seven-strengths")
    keys = [criterion["key"] for criterion in raw["criteria"]]
    assert tuple(keys) == SEVEN
    weights, lambda_max, ci, cr = power_iteration(matrix_of(keys, raw["judgements"]))
    result = seven_strengths().ahp_result()
    assert result is not None
    assert result.keys == SEVEN
    assert [value for _, value in result.weights] == [four_places(w) for w in weights]
    # The documented figures: 0.2 for each member-facing criterion, 0.1 for the others.
    assert [str(value) for _, value in result.weights] == ["0.2000"] * 3 + ["0.1000"] * 4
    assert sum(weights) == pytest.approx(1.0)
    assert sum(value for _, value in result.weights) == 1
    assert result.eigenvector == pytest.approx(weights, abs=1e-12)
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-9)
    assert result.lambda_max == pytest.approx(7.0, abs=1e-9)
    assert result.ci == pytest.approx(ci, abs=1e-9)
    assert result.cr == pytest.approx(cr, abs=1e-9)
    assert float(result.ri) == RI_7
    assert result.cr < 0.1
    assert result.consistent


def test_the_independent_computation_is_not_vacuous() -> None:
    # Judged otherwise (serve over organise at 2, the rest as in the file), the judgements are
    # no longer transitive: the independent figures still match branchkit's, now above 0.
    raw = raw_standard("seven-strengths")
    changed: list[dict[str, Any]] = [
        {"prefer": "serve", "over": "organise", "strength": 2}
        if {judgement["prefer"], judgement["over"]} == {"organise", "serve"}
        else judgement
        for judgement in raw["judgements"]
    ]
    weights, lambda_max, ci, cr = power_iteration(matrix_of(SEVEN, changed))
    result = ahp(
        SEVEN,
        [Judgement(prefer=j["prefer"], over=j["over"], strength=j["strength"]) for j in changed],
    )
    assert [value for _, value in result.weights] == [four_places(w) for w in weights]
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-9)
    assert result.ci == pytest.approx(ci, abs=1e-9)
    assert result.cr == pytest.approx(cr, abs=1e-9)
    assert 0 < result.cr < 0.1


def test_the_seven_strengths_bands() -> None:
    bands = seven_strengths().bands
    assert [(b.key, b.label.zh, b.at_least, b.max_share) for b in bands] == [
        ("not_qualified", "不合格", Decimal(0), None),
        ("qualified", "合格", Decimal(60), None),
        ("good", "良好", Decimal(75), None),
        ("excellent", "优秀", Decimal(90), Decimal("0.2")),
    ]


# A tiny made-up framework's indicators, aligned to "七个有力".

MEMBERS, STUDENTS = "members", "students"


def indicator(
    key: str, value: int, target: int, area: str, practice: str = "practice"
) -> Indicator:
    return Indicator.judged(
        key=key,
        label=Label(zh=key, en=key),
        practice=practice,
        value=Decimal(value),
        unit=Label(zh="次", en="times"),
        target=Decimal(target),
        area=area,
    )


ALIGNMENT = Alignment(
    standard="seven-strengths",
    links=(
        IndicatorLink(indicator="study_sessions", criterion="educate_members"),
        IndicatorLink(indicator="dues_on_time", criterion="manage_members"),
        IndicatorLink(indicator="appraisal_held", criterion="supervise_members"),
        IndicatorLink(indicator="services", criterion="organise"),
        IndicatorLink(indicator="students_contacted", criterion="organise"),
        IndicatorLink(indicator="talks_given", criterion="publicise"),
        IndicatorLink(indicator="students_contacted", criterion="unite"),
        IndicatorLink(indicator="services", criterion="serve", weight=Decimal(2)),
        IndicatorLink(indicator="students_contacted", criterion="serve"),
    ),
    # The framework's own veto, naming its own indicator.
    vetoes=(
        Veto(
            key="discipline",
            label=Label(zh="发生严重违纪问题", en="Serious breach of discipline"),
            indicator="clean_record",
            cap="qualified",
        ),
    ),
)


def indicators(*, clean: bool = True) -> list[Indicator]:
    return [
        indicator("study_sessions", 9, 12, MEMBERS),  # 0.75
        indicator("dues_on_time", 20, 20, MEMBERS),  # 1
        indicator("appraisal_held", 1, 1, MEMBERS),  # 1
        indicator("clean_record", 1 if clean else 0, 1, MEMBERS),  # 1, not scored by a link
        indicator("students_contacted", 45, 50, STUDENTS),  # 0.9
        indicator("talks_given", 3, 4, STUDENTS),  # 0.75
        indicator("services", 8, 10, STUDENTS),  # 0.8
    ]


def test_a_scored_example_by_hand() -> None:
    aligned = seven_strengths().aligned(ALIGNMENT)
    card = score(aligned, indicators(), unit="branch-1", areas=(MEMBERS, STUDENTS))
    # Criteria: educate 75, manage 100, supervise 100; organise (0.8 + 0.9) / 2 = 85,
    # publicise 75, unite 90, serve (2 * 0.8 + 0.9) / 3 = 83.33...
    assert [(c.key, str(c.score)) for c in card.criteria] == [
        ("educate_members", "75.00"),
        ("manage_members", "100.00"),
        ("supervise_members", "100.00"),
        ("organise", "85.00"),
        ("publicise", "75.00"),
        ("unite", "90.00"),
        ("serve", "83.33"),
    ]
    # Overall: 0.2 * (75 + 100 + 100) + 0.1 * (85 + 75 + 90 + 83.33...) = 55 + 33.33... = 88.33.
    assert card.overall == Decimal("88.33")
    assert (card.reached, card.grade, card.vetoes) == ("good", "good", ())
    assert [str(c.points) for c in card.criteria] == [
        "15.00",
        "20.00",
        "20.00",
        "8.50",
        "7.50",
        "9.00",
        "8.33",
    ]
    # Areas: members (0.75 + 1 + 1 + 1) / 4 = 93.75; students (0.9 + 0.75 + 0.8) / 3 = 81.67.
    assert [(a.key, str(a.score)) for a in card.areas] == [
        (MEMBERS, "93.75"),
        (STUDENTS, "81.67"),
    ]
    assert card.weighting == "ahp"
    assert card.ahp == seven_strengths().ahp_result()


def test_the_frameworks_veto_caps_the_grade() -> None:
    aligned = seven_strengths().aligned(ALIGNMENT)
    card = score(aligned, indicators(clean=False), unit="branch-1", areas=(MEMBERS, STUDENTS))
    assert (card.overall, card.reached, card.grade) == (Decimal("88.33"), "good", "qualified")
    assert card.vetoes == ("discipline",)


def overall_only(standard: Standard) -> Standard:
    """``standard`` with every criterion served by one indicator, so overall = its value."""
    return standard.aligned(
        Alignment(
            standard=standard.key,
            links=tuple(
                IndicatorLink(indicator="overall", criterion=c.key) for c in standard.criteria
            ),
        )
    )


def scorecards(standard: Standard, values: Mapping[str, int]) -> list[Scorecard]:
    return [
        score(standard, [indicator("overall", value, 100, MEMBERS)], unit=unit)
        for unit, value in values.items()
    ]


def test_grading_together_keeps_at_most_one_fifth_excellent() -> None:
    standard = overall_only(seven_strengths())
    cards = scorecards(standard, {"a": 95, "b": 92, "c": 91, "d": 80, "e": 50})
    assert [card.grade for card in cards] == [
        "excellent",
        "excellent",
        "excellent",
        "good",
        "not_qualified",
    ]
    graded = grade_together(standard, cards)
    # Five branches, at most floor(0.2 * 5) = 1 excellent: the highest score keeps it.
    assert [(card.unit, card.grade, card.moved_from) for card in graded] == [
        ("a", "excellent", ()),
        ("b", "good", ("excellent",)),
        ("c", "good", ("excellent",)),
        ("d", "good", ()),
        ("e", "not_qualified", ()),
    ]
    assert grade_together(standard, graded) == graded


def test_the_star_ratings_given_weights_are_normalised() -> None:
    standard = star_rating()
    assert standard.weighting == "given"
    assert standard.ahp_result() is None
    raw = raw_standard("star-rating")
    points = {criterion["key"]: criterion["weight"] for criterion in raw["criteria"]}
    assert sum(points.values()) == 100
    assert [(c.key, c.label.zh, c.weight) for c in standard.criteria] == [
        ("leadership", "班子建设", Decimal(20)),
        ("organisational_life", "组织生活", Decimal(20)),
        ("member_management", "党员管理", Decimal(20)),
        ("operation", "工作机制", Decimal(10)),
        ("support", "基础保障", Decimal(10)),
        ("role_played", "作用发挥", Decimal(20)),
    ]
    weights = standard.criterion_weights()
    assert [(key, weight) for key, weight in weights] == [
        (key, Decimal(value) / 100) for key, value in points.items()
    ]
    assert sum(weight for _, weight in weights) == 1


def test_the_star_ratings_bands_and_five_star_limit() -> None:
    standard = star_rating()
    assert [(b.key, b.label.zh, b.at_least, b.max_share) for b in standard.bands] == [
        ("one_star", "一星", Decimal(0), None),
        ("two_star", "二星", Decimal(60), None),
        ("three_star", "三星", Decimal(70), None),
        ("four_star", "四星", Decimal(80), None),
        ("five_star", "五星", Decimal(90), Decimal("0.2")),
    ]
    aligned = overall_only(standard)
    cards = scorecards(aligned, {"a": 93, "b": 93, "c": 85, "d": 72, "e": 40})
    graded = grade_together(aligned, cards)
    # A tie at 93: the unit whose key sorts first keeps the fifth star.
    assert [(card.unit, card.grade) for card in graded] == [
        ("a", "five_star"),
        ("b", "four_star"),
        ("c", "four_star"),
        ("d", "three_star"),
        ("e", "one_star"),
    ]


def test_a_branch_may_replace_the_judgements() -> None:
    # The weights are the plugin's judgement: a branch weighing all seven equally says so.
    standard = seven_strengths()
    equal = attrs.evolve(
        standard,
        judgements=tuple(attrs.evolve(j, strength=1) for j in standard.judgements),
    )
    result = equal.ahp_result()
    assert result is not None
    assert {weight for _, weight in result.weights} == {Decimal("0.1429")}


def test_the_standards_file_validates_through_the_cli() -> None:
    script = Path(sys.executable).with_name("branchkit")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHKIT_")}
    result = subprocess.run(
        [str(script), "validate", str(STANDARDS_TOML)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"{STANDARDS_TOML}: ok\n"), result.stderr
    assert (
        Host.create(autoload=False, plugins=[(CPC, hooks)], environ={}).validate(STANDARDS_TOML)
        == ()
    )
