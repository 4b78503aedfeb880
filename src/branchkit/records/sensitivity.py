"""How sensitive each field of a record is, declared in the field's metadata.

A field without a mark is :attr:`Sensitivity.PUBLIC`. Sensitive fields are also kept out of
``repr`` (they show as ``<redacted>``), so a record printed in a log or a traceback does not
leak them.

>>> import attrs
>>> @attrs.frozen(kw_only=True)
... class Example:
...     name: str = attrs.field(metadata=PERSONAL)
...     diagnosis: str = attrs.field(metadata=SENSITIVE, repr=redacted_repr)
>>> Example(name="张伟", diagnosis="secret")
Example(name='张伟', diagnosis=<redacted>)
>>> sensitivity_of(Example, "diagnosis")
<Sensitivity.SENSITIVE: 'sensitive'>
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

__all__ = [
    "IDENTIFIER",
    "IDENTIFIER_KEY",
    "METADATA_KEY",
    "PEOPLE_COUNT",
    "PEOPLE_COUNT_KEY",
    "PERSONAL",
    "SENSITIVE",
    "Sensitivity",
    "fields_at_least",
    "identifier_fields",
    "is_people_count",
    "redacted_repr",
    "sensitivity_of",
]

#: The key under which a field's :class:`Sensitivity` is stored in ``attrs`` metadata.
METADATA_KEY = "branchkit.sensitivity"


class Sensitivity(enum.Enum):
    """How carefully a value must be handled; ordered from least to most careful."""

    #: Anyone may see it: keys, dates of public events, counts.
    PUBLIC = "public"
    #: Identifies a person (names, student numbers); shown to those who work with the records.
    PERSONAL = "personal"
    #: Sensitive personal information (health, psychological state, economic hardship, ID
    #: numbers): never in repr, logs or errors; redacted in outputs unless a role allows it.
    SENSITIVE = "sensitive"

    @property
    def rank(self) -> int:
        """The order of care: 0 for public, 1 for personal, 2 for sensitive."""
        return _RANKS[self]


_RANKS = {Sensitivity.PUBLIC: 0, Sensitivity.PERSONAL: 1, Sensitivity.SENSITIVE: 2}

#: Field metadata marking a personal field: ``attrs.field(metadata=PERSONAL)``.
PERSONAL: Mapping[str, Any] = MappingProxyType({METADATA_KEY: Sensitivity.PERSONAL})
#: Field metadata marking a sensitive field; pair it with ``repr=redacted_repr``.
SENSITIVE: Mapping[str, Any] = MappingProxyType({METADATA_KEY: Sensitivity.SENSITIVE})

#: The key under which ``attrs`` metadata marks a field holding a person's identifier.
IDENTIFIER_KEY = "branchkit.identifier"
#: Field metadata marking a personal field that holds a person's identifier (a student or
#: staff number, or a reference to one): ``attrs.field(metadata=IDENTIFIER)``. Exports replace
#: such values with pseudonyms (:mod:`branchkit.io.pseudonyms`).
IDENTIFIER: Mapping[str, Any] = MappingProxyType(
    {METADATA_KEY: Sensitivity.PERSONAL, IDENTIFIER_KEY: True}
)


#: The key under which ``attrs`` metadata marks a field holding counts of people.
PEOPLE_COUNT_KEY = "branchkit.people_count"

#: Field metadata marking a count of people, or a mapping of such counts (persons helped per
#: plan): outputs show a count below the policy's ``k`` as ``"<k"``
#: (:func:`~branchkit.records.privacy.small_count`), since a small group can point at a person.
PEOPLE_COUNT: Mapping[str, Any] = MappingProxyType(
    {METADATA_KEY: Sensitivity.PUBLIC, PEOPLE_COUNT_KEY: True}
)


def redacted_repr(value: object) -> str:
    """The ``repr`` of a sensitive field: never the value itself.

    >>> redacted_repr("110101199003071234")
    '<redacted>'
    >>> redacted_repr(None)
    'None'
    """
    return "None" if value is None else "<redacted>"


def sensitivity_of(cls: type[Any], name: str) -> Sensitivity:
    """The sensitivity declared for field ``name`` of the attrs class ``cls``."""
    field = attrs.fields_dict(cls)[name]
    mark = field.metadata.get(METADATA_KEY, Sensitivity.PUBLIC)
    if not isinstance(mark, Sensitivity):
        raise TypeError(f"{cls.__name__}.{name}: {METADATA_KEY} must be a Sensitivity")
    return mark


def fields_at_least(cls: type[Any], level: Sensitivity) -> tuple[str, ...]:
    """The names of the fields of ``cls`` whose sensitivity is ``level`` or above.

    >>> from branchkit.records import Person
    >>> fields_at_least(Person, Sensitivity.SENSITIVE)
    ('id_number',)
    """
    return tuple(
        field.name
        for field in attrs.fields(cls)
        if sensitivity_of(cls, field.name).rank >= level.rank
    )


def identifier_fields(cls: type[Any]) -> tuple[str, ...]:
    """The names of the fields of ``cls`` marked as holding a person's identifier.

    >>> from branchkit.records import Person
    >>> identifier_fields(Person)
    ('id',)
    """
    return tuple(field.name for field in attrs.fields(cls) if field.metadata.get(IDENTIFIER_KEY))


def is_people_count(cls: type[Any], name: str) -> bool:
    """Whether field ``name`` of the attrs class ``cls`` holds counts of people.

    >>> from branchkit.mechanisms.contacts import CaseSummary
    >>> is_people_count(CaseSummary, "persons_by_category"), is_people_count(CaseSummary, "as_of")
    (True, False)
    """
    return bool(attrs.fields_dict(cls)[name].metadata.get(PEOPLE_COUNT_KEY))
