"""Pairing mentors with mentees: eligibility, capacity, compatibility, and three methods.

The records are in :mod:`~branchkit.mechanisms.pairing.model`; :func:`pair` (in
:mod:`~branchkit.mechanisms.pairing.evaluate`) forms and explains the pairs of a scheme as of
a day, by the ``optimal``, ``stable`` or ``manual`` method;
:mod:`~branchkit.mechanisms.pairing.compatibility` says who may be paired and how well a pair
fits; :mod:`~branchkit.mechanisms.pairing.optimal` and :mod:`~branchkit.mechanisms.pairing.stable`
are the two solvers, on numbered mentees and mentors.
"""

import importlib
import typing

from branchkit.mechanisms.pairing.model import (
    Eligibility,
    Feature,
    FeatureKind,
    FeatureScore,
    Match,
    Method,
    PairingResult,
    PairingScheme,
    PairProblem,
    PairProblemKind,
    PairRule,
    PairRuleKind,
    Preference,
    Profile,
    Side,
    Unpaired,
    UnpairedKind,
)

__all__ = [
    "Eligibility",
    "Feature",
    "FeatureKind",
    "FeatureScore",
    "Match",
    "Method",
    "PairProblem",
    "PairProblemKind",
    "PairRule",
    "PairRuleKind",
    "PairingResult",
    "PairingScheme",
    "Preference",
    "Profile",
    "Side",
    "Unpaired",
    "UnpairedKind",
]

# Everything but the records is imported on first use: frameworks import the records, and
# importing a framework (or starting the command line) should not pay for the rest, nor for
# numpy and scipy, which the optimal method needs.
if typing.TYPE_CHECKING:
    from branchkit.mechanisms.pairing.compatibility import Scorer as Scorer
    from branchkit.mechanisms.pairing.compatibility import Scoring as Scoring
    from branchkit.mechanisms.pairing.compatibility import pair_reasons as pair_reasons
    from branchkit.mechanisms.pairing.compatibility import person_reasons as person_reasons
    from branchkit.mechanisms.pairing.compatibility import score_pair as score_pair
    from branchkit.mechanisms.pairing.evaluate import pair as pair
    from branchkit.mechanisms.pairing.optimal import solve_optimal as solve_optimal
    from branchkit.mechanisms.pairing.stable import deferred_acceptance as deferred_acceptance

_LAZY = {
    "Scorer": "compatibility",
    "Scoring": "compatibility",
    "pair_reasons": "compatibility",
    "person_reasons": "compatibility",
    "score_pair": "compatibility",
    "pair": "evaluate",
    "solve_optimal": "optimal",
    "deferred_acceptance": "stable",
}
__all__ += list(_LAZY)


def __getattr__(name: str) -> object:
    """The names of the modules besides the records, imported when first asked for."""
    if name in _LAZY:
        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
