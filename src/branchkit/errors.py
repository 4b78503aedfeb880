"""The exceptions branchkit raises, all catchable as :class:`BranchkitError`.

Input problems are data: :class:`InputError` carries every :class:`Problem` found in a file,
each with the file and the path inside it, so a caller can print them one per line, show them
in a form, or count them.

>>> problem = Problem(
...     source="branch.toml", path=("areas", 1, "key"), message="expected a string, got 12"
... )
>>> str(problem)
'branch.toml: $.areas[1].key: expected a string, got 12'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "BranchkitDeprecationWarning",
    "BranchkitError",
    "InconsistentJudgementsError",
    "InputError",
    "MissingDependencyError",
    "Path",
    "PluginConflictError",
    "PluginContributionError",
    "PluginError",
    "PluginHookError",
    "PluginLoadError",
    "PrivacyError",
    "Problem",
    "RecordError",
    "UnknownNameError",
    "format_path",
]

#: A location inside a structured document: keys of tables and indexes of arrays, outermost first.
Path = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def format_path(path: Path) -> str:
    """Write a path the way problems show it, rooted at ``$``.

    >>> format_path(("areas", 1, "practices", 0, "key"))
    '$.areas[1].practices[0].key'
    >>> format_path(("counts", "person times"))
    '$.counts["person times"]'
    """
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif _PLAIN_KEY.fullmatch(step):
            parts.append(f".{step}")
        else:
            escaped = step.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'["{escaped}"]')
    return "".join(parts)


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input, and where it is.

    :param source: the file (or other source) the problem is in, if known.
    :param path: where inside the source, as keys and indexes.
    :param message: what is wrong; never contains a sensitive value.
    :param location: a reader's own words for where it is (``row 12, column 学号``), shown instead
        of the path when given.
    """

    source: str | None = None
    path: Path = ()
    message: str
    location: str | None = None

    def where(self) -> str:
        """The location part of the problem's line: the reader's own words, else the path."""
        return self.location if self.location is not None else format_path(self.path)

    def __str__(self) -> str:
        parts = [self.source] if self.source else []
        if self.path or self.location is not None or not parts:
            parts.append(self.where())
        return ": ".join([*parts, self.message])


class BranchkitError(Exception):
    """Base class of every error branchkit raises on purpose."""


class InputError(BranchkitError):
    """An input (file, document or records) has problems; all of them are in :attr:`problems`.

    >>> error = InputError([Problem(source="a.toml", message="not a table")])
    >>> error.problems[0].message
    'not a table'
    >>> print(error)
    1 problem in the input:
    a.toml: not a table
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} in the input:", *(str(p) for p in self.problems)]
        super().__init__("\n".join(lines))


class RecordError(BranchkitError, ValueError):
    """A record was built with values that break its rules.

    Raised by the constructors of records; every broken rule is listed in :attr:`problems`
    as a path relative to the record and a message.

    :param record: the record's class name.
    :param problems: pairs of relative path and message.
    """

    def __init__(self, record: str, problems: Sequence[tuple[Path, str]]) -> None:
        self.record = record
        self.problems: tuple[tuple[Path, str], ...] = tuple(problems)
        details = "; ".join(f"{format_path(path)}: {message}" for path, message in self.problems)
        super().__init__(f"invalid {record}: {details}")


class InconsistentJudgementsError(RecordError):
    """Pairwise judgements (of the Analytic Hierarchy Process) too inconsistent to weigh by.

    A :class:`RecordError` with one problem, at ``path``: the consistency ratio, the threshold
    it did not stay below and, when given, which judgement to revisit.

    :param record: the record's class name (or what was judged, such as ``"pairwise
        matrix"``).
    :param ratio: the consistency ratio CR found.
    :param threshold: the ratio judgements must stay below.
    :param advice: what to do about it, in a sentence; ``None`` for none.
    :param path: where the judgements are, relative to the record.

    >>> from branchkit.errors import InconsistentJudgementsError
    >>> error = InconsistentJudgementsError("Standard", ratio=0.25, threshold=0.1)
    >>> print(error)
    invalid Standard: $.judgements: the consistency ratio CR = 0.2500 is not below 0.1
    >>> error.ratio
    0.25
    """

    def __init__(
        self,
        record: str,
        *,
        ratio: float,
        threshold: float,
        advice: str | None = None,
        path: Path = ("judgements",),
    ) -> None:
        self.ratio = ratio
        self.threshold = threshold
        self.advice = advice
        message = f"the consistency ratio CR = {ratio:.4f} is not below {threshold}"
        if advice:
            message = f"{message}; {advice}"
        super().__init__(record, [(path, message)])


class UnknownNameError(BranchkitError, LookupError):
    """A name (framework, plugin, section, ...) that nothing provides.

    :param kind: what kind of name it is, such as ``"framework"``.
    :param name: the name asked for.
    :param known: the names that exist, listed in the message to help spot a typo.
    """

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.known = tuple(sorted(known))
        listing = ", ".join(self.known) if self.known else "none"
        super().__init__(f"unknown {kind} {name!r}; known: {listing}")


class MissingDependencyError(BranchkitError, ImportError):
    """An optional feature was used without the package it needs.

    :param feature: what was asked for, such as ``"YAML files"``.
    :param extra: the extra that installs it, such as ``"yaml"``.
    """

    def __init__(self, feature: str, extra: str) -> None:
        self.feature = feature
        self.extra = extra
        super().__init__(f"{feature} need the '{extra}' extra: pip install 'branchkit[{extra}]'")


class PluginError(BranchkitError):
    """Base class of the errors about plugins."""


class PluginLoadError(PluginError):
    """A plugin could not be imported or registered.

    Raised only in strict mode; otherwise the failure is recorded and the plugin skipped.

    :param name: the plugin's entry-point name.
    :param distribution: the distribution that provides it.
    :param version: that distribution's version.
    :param reason: the exception's type and message.
    """

    def __init__(self, name: str, distribution: str, version: str, reason: str) -> None:
        self.name = name
        self.distribution = distribution
        self.version = version
        self.reason = reason
        super().__init__(f"plugin {name!r} from {distribution} {version} failed to load: {reason}")


class PluginHookError(PluginError):
    """A plugin implements a hook that does not exist or with arguments the hook lacks."""


class PluginConflictError(PluginError):
    """Two plugins contribute the same key of the same kind.

    :param kind: the kind of contribution, such as ``"framework"``.
    :param key: the key both contribute.
    :param first: the first provider, as ``plugin (distribution version)``.
    :param second: the second provider, likewise.
    """

    def __init__(self, kind: str, key: str, first: str, second: str) -> None:
        self.kind = kind
        self.key = key
        self.first = first
        self.second = second
        super().__init__(f"{kind} {key!r} is contributed twice: by {first} and by {second}")


class PluginContributionError(PluginError):
    """A plugin's hook returned something that is not what the hook promises."""


class PrivacyError(BranchkitError):
    """Private data cannot be handled safely.

    Raised for a missing or weak pseudonym key, or data that does not fit the record it claims
    to be. The message never contains a key or a sensitive value.
    """


class BranchkitDeprecationWarning(DeprecationWarning):
    """A deprecated part of branchkit is used: a hook, a function, an argument or a name.

    A deprecated hook's spec is marked with pluggy's ``warn_on_impl`` and this warning, so
    that every plugin implementing the hook is warned when it is registered, at the line
    of its implementation. A deprecated name stays for at least one minor release after the
    release that deprecates it. Being a :class:`DeprecationWarning`, it is shown by pytest
    and hidden by default elsewhere; a plugin's tests can make it an error with pytest's
    ``filterwarnings = ["error::branchkit.errors.BranchkitDeprecationWarning"]``.

    >>> import warnings
    >>> from branchkit.errors import BranchkitDeprecationWarning
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn(BranchkitDeprecationWarning("branchkit_old is deprecated"))
    >>> [(type(w.message).__name__, str(w.message)) for w in caught]
    [('BranchkitDeprecationWarning', 'branchkit_old is deprecated')]
    """


class LedgerError(BranchkitError):
    """A points ledger cannot be opened, read or written as asked.

    Messages name entries by their sequence number and key and files by their name; they never
    contain an entry's value or reason, which may be personal.
    """


class LedgerIntegrityError(LedgerError):
    """A ledger file is damaged: SQLite's own check failed, or a safety setting did not hold.

    :param source: the ledger file.
    :param details: what the check reported, one item per finding.
    """

    def __init__(self, source: str, details: Sequence[str]) -> None:
        self.source = source
        self.details = tuple(details)
        listing = "; ".join(self.details)
        super().__init__(f"{source}: the ledger file failed its integrity check: {listing}")


class LedgerConflictError(LedgerError):
    """Entries were given with keys the ledger (or the same batch) holds for other content.

    Nothing of the batch is recorded. Each conflict names both sides: the entry already
    recorded (or given first) and the one given, by sequence number or source, and the fields
    in which they differ.

    :param conflicts: one line per conflict.
    """

    def __init__(self, conflicts: Sequence[str]) -> None:
        self.conflicts = tuple(conflicts)
        count = len(self.conflicts)
        noun = "key is" if count == 1 else "keys are"
        lines = [f"{count} {noun} already used for other content; nothing was recorded:"]
        super().__init__("\n".join([*lines, *self.conflicts]))


__all__ += ["LedgerConflictError", "LedgerError", "LedgerIntegrityError"]
