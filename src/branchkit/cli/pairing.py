"""The ``pair`` command: a framework's mentor pairing on the records of a branch, as of a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from branchkit.cli.common import (
    data_options,
    find_framework,
    report_options,
    require_output,
    write_report,
)
from branchkit.cli.disclosure import disclosure_options, make_disclosure
from branchkit.cli.settings import Settings
from branchkit.errors import InputError, Problem

if TYPE_CHECKING:
    from branchkit.framework.model import Framework
    from branchkit.io.loading import Loaded
    from branchkit.mechanisms.pairing.model import Method, PairingScheme

__all__ = ["pair"]


def _schemes(source: str, framework: Framework, loaded: Loaded) -> list[PairingScheme]:
    """The framework's pairing schemes, then those the data adds; a key given twice is a problem."""
    schemes = list(framework.pairings)
    known = {scheme.key for scheme in schemes}
    problems = []
    for index, scheme in enumerate(loaded.sections.get("pairings", ())):
        if scheme.key in known:
            problems.append(
                Problem(
                    source=source,
                    path=("pairings", index, "key"),
                    message=f"a second pairing scheme {scheme.key!r}",
                )
            )
        known.add(scheme.key)
        schemes.append(scheme)
    if problems:
        raise InputError(problems)
    return schemes


def _choose(schemes: Sequence[PairingScheme], key: str | None, framework: str) -> PairingScheme:
    """The scheme called ``key``, or the only one when no key is given."""
    keys = ", ".join(scheme.key for scheme in schemes)
    if not schemes:
        raise InputError(
            [Problem(source=framework, message="the framework has no pairing schemes")]
        )
    if key is None:
        if len(schemes) > 1:
            raise click.UsageError(
                f"the framework has several pairing schemes ({keys}); choose one with --scheme"
            )
        return schemes[0]
    for scheme in schemes:
        if scheme.key == key:
            return scheme
    raise click.BadParameter(f"no pairing scheme {key!r}; schemes: {keys}", param_hint="--scheme")


def _reference_problems(source: str, loaded: Loaded, schemes: set[str]) -> list[Problem]:
    """Profiles, pairs and preferences that name what is not on record, or twice."""
    people = {person.id for person in loaded.dataset.people}
    known = ", ".join(sorted(schemes))
    problems = []

    def problem(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(source=source, path=path, message=message))

    profiled: dict[str, int] = {}
    for index, profile in enumerate(loaded.sections.get("profiles", ())):
        if profile.person not in people:
            problem(("profiles", index, "person"), f"no person {profile.person!r}")
        elif profile.person in profiled:
            problem(
                ("profiles", index, "person"),
                f"a second profile of {profile.person!r}; the first at index "
                f"{profiled[profile.person]}",
            )
        profiled.setdefault(profile.person, index)
    for index, rule in enumerate(loaded.sections.get("pair_rules", ())):
        if rule.scheme not in schemes:
            problem(
                ("pair_rules", index, "scheme"),
                f"no pairing scheme {rule.scheme!r}; schemes: {known}",
            )
    ranked: dict[tuple[str, str], int] = {}
    for index, preference in enumerate(loaded.sections.get("preferences", ())):
        if preference.scheme not in schemes:
            problem(
                ("preferences", index, "scheme"),
                f"no pairing scheme {preference.scheme!r}; schemes: {known}",
            )
        if preference.person not in people:
            problem(("preferences", index, "person"), f"no person {preference.person!r}")
        key = (preference.scheme, preference.person)
        if key in ranked:
            problem(
                ("preferences", index, "person"),
                f"a second ranking of {preference.person!r}; the first at index {ranked[key]}",
            )
        ranked.setdefault(key, index)
        for place, other in enumerate(preference.ranking):
            if other not in people:
                problem(("preferences", index, "ranking", place), f"no person {other!r}")
    return problems


@click.command()
@data_options
@click.option(
    "--scheme",
    "scheme_key",
    metavar="KEY",
    help="The pairing scheme's key, when the framework has several.",
)
@click.option(
    "--method",
    type=click.Choice(["optimal", "stable", "manual"]),
    help="How to pair: the most compatible pairs, stable pairs from rankings, or the pairs "
    "given in DATA checked (the scheme's own method by default).",
)
@disclosure_options
@report_options("table", "json", "csv", "xlsx")
@click.pass_obj
def pair(
    settings: Settings,
    data: Path,
    framework_name: str,
    scheme_key: str | None,
    method: Method | None,
    as_of: dt.date | None,
    roles: tuple[str, ...],
    pseudonymise: bool,
    key_file: Path | None,
    lang: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Pair mentors with mentees in DATA under a framework's pairing scheme ("结对").

    DATA is a file or folder with people (their roles), profiles (教师档案: department,
    courses, free time, when they began teaching, places as a mentor), pairs (结对: locked,
    forbidden or given by hand) and, for the stable method, rankings (结对志愿). Prints the
    pairs with their compatibility and each feature's part, the mentees left unpaired and
    why, the mentors' free places, and what is wrong with locked and given pairs.
    """
    from branchkit.mechanisms.pairing.evaluate import pair as pair_people  # noqa: PLC0415
    from branchkit.report.pairing import PairingReport  # noqa: PLC0415

    require_output(output_format, output)
    host = settings.host()
    framework = find_framework(host, framework_name)
    loaded = host.load(data)
    schemes = _schemes(str(data), framework, loaded)
    scheme = _choose(schemes, scheme_key, framework_name)
    disclosure = make_disclosure(framework.privacy, roles, pseudonymise, key_file)
    problems = _reference_problems(str(data), loaded, {s.key for s in schemes})
    if problems:
        raise InputError(problems)
    sections: dict[str, tuple[Any, ...]] = dict(loaded.sections)
    people = loaded.dataset.people
    result = pair_people(
        scheme,
        people=people,
        profiles=sections.get("profiles", ()),
        rules=sections.get("pair_rules", ()),
        preferences=sections.get("preferences", ()),
        as_of=as_of or dt.date.today(),
        method=method,
        scorers={key: scorer.score for key, scorer in host.pairing_scorers().items()},
    )
    report = PairingReport(
        framework=framework.key,
        scheme=scheme,
        result=result,
        people={person.id: person for person in people},
        disclosure=disclosure,
    )
    write_report(
        report,
        framework,
        lang=lang,
        output_format=output_format,
        output=output,
        converter=host.converter(),
    )
