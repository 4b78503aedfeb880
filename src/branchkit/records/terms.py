"""Vocabulary terms: the bilingual names of roles, unit kinds, event kinds and the like.

Records refer to roles and kinds by key (``full_member``, ``dorm``); plugins and data files
contribute the terms that give those keys their names, so that a typo in a key is caught and a
report can show 正式党员 / full member.

>>> term = Term(vocabulary="role", key="full_member", label=Label(zh="正式党员", en="full member"))
>>> term.label.text("zh")
'正式党员'
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from branchkit.errors import Path
from branchkit.records._checks import ensure_valid, key_problems
from branchkit.records.labels import Label

__all__ = ["VOCABULARIES", "Term"]

#: The vocabularies that records' keys are checked against, and the fields that use each.
VOCABULARIES: dict[str, str] = {
    "role": "Person.roles[].role",
    "unit_kind": "Unit.kind",
    "event_kind": "Event.kind",
    "evidence_kind": "Evidence.kind",
    "audience": "Event.audience[]",
}


@attrs.frozen(kw_only=True)
class Term:
    """One key of a vocabulary with its bilingual label.

    :param vocabulary: which vocabulary: ``role``, ``unit_kind``, ``event_kind``,
        ``evidence_kind``, ``audience``, or one a plugin defines.
    :param key: the key records use.
    :param label: its name in both languages.
    :param description: a longer explanation, if it helps.

    >>> from branchkit.records import Label, Term
    >>> theme_day = Term(vocabulary="event_kind", key="theme_day",
    ...                  label=Label(zh="主题党日", en="theme day"))
    >>> theme_day.label.zh
    '主题党日'
    """

    vocabulary: str
    key: str
    label: Label
    description: Label | None = None

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from key_problems("vocabulary", self.vocabulary)
        yield from key_problems("key", self.key)
