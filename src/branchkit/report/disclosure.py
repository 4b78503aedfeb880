"""What an output may disclose: one policy, one viewer and, for exports, pseudonyms.

Every writer of branchkit (JSON, CSV, XLSX, the terminal table) takes a :class:`Disclosure` and
passes every value it writes through it, so that the same rules hold in every format:

* identifiers become pseudonyms when a pseudonymiser is given (exports that must not carry
  student numbers), and then every other personal field (a name) is left out, whoever reads:
  a name beside a pseudonym would undo it;
* fields the viewer may not see become ``<redacted>`` (by default every sensitive field);
* counts of people below the policy's ``k`` become ``"<k"``.

>>> from branchkit.mechanisms.contacts import AssistanceCase
>>> import datetime as dt
>>> case = AssistanceCase(id="a1", category="psychological", person="2021001",
...                       opened=dt.date(2021, 10, 1), plan="每周谈心")
>>> shown = Disclosure()
>>> shown.value(case, "person"), shown.value(case, "category"), shown.value(case, "plan")
('2021001', '<redacted>', '<redacted>')
>>> counsellor = Disclosure(policy=PrivacyPolicy(sensitive_roles=frozenset({"counsellor"})),
...                         viewer=Viewer(roles=frozenset({"counsellor"})))
>>> counsellor.value(case, "category")
'psychological'
>>> shown.count(3), counsellor.count(3)
('<5', 3)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import cattrs

from branchkit.io.pseudonyms import Pseudonymiser, pseudonymise_data
from branchkit.records.people import Person
from branchkit.records.privacy import (
    ANONYMOUS,
    REDACTED,
    PrivacyPolicy,
    Viewer,
    map_fields,
    redact_data,
    small_count,
)
from branchkit.records.sensitivity import IDENTIFIER_KEY, Sensitivity, sensitivity_of

__all__ = ["Disclosure"]


def _no_names(cls: type[Any], field: attrs.Attribute[Any], value: Any) -> Any:
    level = sensitivity_of(cls, field.name)
    if level is Sensitivity.PERSONAL and not field.metadata.get(IDENTIFIER_KEY):
        return REDACTED
    return value


def _unchanged(text: str) -> str:
    return text


@attrs.frozen(kw_only=True)
class Disclosure:
    """The rules an output is written under.

    :param policy: who may see what, and the smallest group shown as a number; by default
        nobody sees sensitive fields and groups below 5 show as ``"<5"``.
    :param viewer: who the output is for; by default a viewer without roles.
    :param pseudonymiser: replaces identifiers with pseudonyms when given; other personal
        fields are then redacted for every viewer.
    """

    policy: PrivacyPolicy = attrs.field(factory=PrivacyPolicy)
    viewer: Viewer = ANONYMOUS
    pseudonymiser: Pseudonymiser | None = None

    def data(self, cls: Any, data: Any) -> Any:
        """Unstructured data of ``cls`` as this output may show it.

        :param cls: the type ``data`` was unstructured from (a record class or a generic of
            one, such as ``tuple[Gap, ...]``).
        :param data: what the converter made of it.
        """
        if self.pseudonymiser is not None:
            data = map_fields(cls, pseudonymise_data(cls, data, self.pseudonymiser), _no_names)
        return redact_data(cls, data, self.policy, self.viewer)

    def unstructure(self, value: Any, converter: cattrs.Converter, cls: Any = None) -> Any:
        """A record (or a tuple of them) unstructured and disclosed in one step.

        :param value: the record or records.
        :param converter: the converter that unstructures it.
        :param cls: its type, when ``type(value)`` does not say (a tuple of records).
        """
        kind = type(value) if cls is None else cls
        return self.data(kind, converter.unstructure(value, kind))

    def value(self, record: Any, name: str) -> Any:
        """The value of field ``name`` of ``record`` as this output may show it.

        Text for a table cell is made from what this returns: an identifier's pseudonym,
        :data:`~branchkit.records.privacy.REDACTED`, or the value itself.

        :param record: an attrs record.
        :param name: the field's name.
        """
        cls = type(record)
        field = attrs.fields_dict(cls)[name]
        if not self.policy.may_see(self.viewer, sensitivity_of(cls, name)):
            return REDACTED
        value = getattr(record, name)
        if self.pseudonymiser is not None:
            if not field.metadata.get(IDENTIFIER_KEY):
                return _no_names(cls, field, value)
            if isinstance(value, str):
                return self.pseudonymiser.pseudonym(value)
        return value

    def identifier(self, value: str) -> str:
        """An identifier that is not a record's field (a key of a mapping), as shown.

        Identifiers are personal: a viewer the policy does not let see personal fields gets
        :data:`~branchkit.records.privacy.REDACTED`, as for an identifier field.

        :param value: the identifier.
        """
        if not self.policy.may_see(self.viewer, Sensitivity.PERSONAL):
            return REDACTED
        return value if self.pseudonymiser is None else self.pseudonymiser.pseudonym(value)

    def with_name(self, shown: str, person: Person | None) -> str:
        """A person's identifier as shown, followed by their name when the output may show it.

        No name is added beside a pseudonym (it would undo it) or for someone not on record.

        :param shown: the identifier as this output shows it (see :meth:`value`).
        :param person: the person it names, if on record.
        """
        if person is None or self.pseudonymiser is not None:
            return shown
        return f"{shown} {self.value(person, 'name')}"

    def people_in_text(self, people: Iterable[Person]) -> Callable[[str], str]:
        """How text written without this disclosure (a plugin's report section) is shown.

        The text may name ``people`` by identifier or by name. Where this output hides
        identifiers (pseudonyms, or a viewer who may not see personal fields), each identifier
        standing as a word of its own becomes what :meth:`identifier` shows, and each name
        becomes :data:`~branchkit.records.privacy.REDACTED`, wherever it stands (Chinese is
        written without spaces). Otherwise the text is shown as it is.

        :param people: the people the text may name.

        >>> from branchkit.io.pseudonyms import Pseudonymiser
        >>> from branchkit.records import Person
        >>> people = [Person(id="2021001", name="王芳")]
        >>> hidden = Disclosure(pseudonymiser=Pseudonymiser(key=b"k" * 32)).people_in_text(people)
        >>> hidden("王芳 (2021001), 20210010")
        '<redacted> (p-7f912efc6f69f340), 20210010'
        >>> Disclosure().people_in_text(people)("王芳 (2021001)")
        '王芳 (2021001)'
        """
        if self.pseudonymiser is None and self.policy.may_see(self.viewer, Sensitivity.PERSONAL):
            return _unchanged
        shown: dict[str, str] = {}
        names: dict[str, str] = {}
        for person in people:
            shown[person.id] = self.identifier(person.id)
            if person.name:
                names[person.name] = REDACTED
        # One pass over the text, so that nothing put in is looked at again; longer
        # alternatives first, so that 王芳芳 is not taken for 王芳.
        parts = [
            rf"(?<![0-9A-Za-z_-]){re.escape(key)}(?![0-9A-Za-z_-])"
            for key in sorted(shown, key=lambda key: (-len(key), key))
        ]
        parts.extend(re.escape(name) for name in sorted(names, key=lambda key: (-len(key), key)))
        if not parts:
            return _unchanged
        pattern = re.compile("|".join(parts))
        replacements = {**names, **shown}
        return lambda text: pattern.sub(lambda found: replacements[found.group()], text)

    def count(self, count: int) -> int | str:
        """A count of people as this output may show it (``"<k"`` for a small group).

        :param count: the number of people.
        """
        return small_count(count, self.policy, self.viewer)
