"""Decimal arithmetic shared by indicators, standards and scorecards.

Every sum, product and quotient of an evaluation runs in :data:`CONTEXT` (28 significant
digits, the caller's own decimal context left alone), so the same inputs give the same figures
whatever context the caller set. Figures are rounded half up only when a result is built.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator

from branchkit.errors import Path

#: The context of every computation: 28 digits, errors raised rather than NaN returned.
CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

ZERO = decimal.Decimal(0)
ONE = decimal.Decimal(1)
HUNDRED = decimal.Decimal(100)
#: Scores (0 to 100) are shown to 2 places; fractions (attainments, weights) to 4.
SCORE_PLACES = decimal.Decimal("0.01")
FRACTION_PLACES = decimal.Decimal("0.0001")


def rounded(value: decimal.Decimal, places: decimal.Decimal) -> decimal.Decimal:
    """``value`` rounded half up to the exponent of ``places`` (``0.125`` -> ``0.13``)."""
    return value.quantize(places, rounding=decimal.ROUND_HALF_UP, context=CONTEXT)


def finite_problems(name: str, value: decimal.Decimal) -> Iterator[tuple[Path, str]]:
    """A number must be finite: ``Decimal("NaN")`` would slip past every bound check."""
    if not value.is_finite():
        yield (name,), "must be a finite number"


def share_problems(name: str, value: decimal.Decimal) -> Iterator[tuple[Path, str]]:
    """A share must be a finite number from 0 to 1."""
    if not value.is_finite() or not ZERO <= value <= ONE:
        yield (name,), f"must be a number from 0 to 1, not {value}"
