"""Who may see what: viewers with roles, a privacy policy, redaction and small counts.

Every output path (JSON, CSV, XLSX, Markdown, HTML, the terminal) passes its data through the
one policy here. By default nobody sees sensitive fields and small groups in aggregates show as
``"<k"`` (in fields marked :data:`~branchkit.records.sensitivity.PEOPLE_COUNT`); a caller sees
them only by passing a :class:`Viewer` holding a role the :class:`PrivacyPolicy` allows.

Redaction returns *plain data* (dicts, lists and leaf values), never records: a record whose
``id_number`` were replaced by a marker would break the field's type and the record's own checks,
and a "redacted record" that still looks like a record invites code to trust it. Outputs are
written from plain data anyway, so redaction happens at the last step, on the data about to be
written: :func:`redact_data` on what the converter unstructured (with the record class to read
the field metadata from), or :func:`redact` on live records.

>>> from branchkit.records import Person
>>> person = Person(id="2021001", name="王芳", id_number="110101199003071234")
>>> data = {"id": "2021001", "name": "王芳", "id_number": "110101199003071234"}
>>> redact_data(Person, data)
{'id': '2021001', 'name': '王芳', 'id_number': '<redacted>'}
>>> policy = PrivacyPolicy(sensitive_roles=frozenset({"counsellor"}))
>>> counsellor = Viewer(name="李老师", roles=frozenset({"counsellor"}))
>>> redact_data(Person, data, policy, counsellor)["id_number"]
'110101199003071234'
>>> redact(person)["id_number"]
'<redacted>'
>>> small_count(3), small_count(3, policy, counsellor), small_count(12)
('<5', 3, 12)
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import attrs

from branchkit.errors import Path, PrivacyError
from branchkit.records._checks import ensure_valid, key_problems
from branchkit.records.sensitivity import Sensitivity, is_people_count, sensitivity_of

__all__ = [
    "ANONYMOUS",
    "REDACTED",
    "FieldChange",
    "PrivacyPolicy",
    "Viewer",
    "map_fields",
    "redact",
    "redact_data",
    "small_count",
]

#: What a value the viewer may not see is replaced with. It is plain text, so every output
#: format (JSON, CSV, XLSX, Markdown, HTML, the terminal) writes it as it is.
REDACTED: Final = "<redacted>"


@attrs.frozen(kw_only=True)
class Viewer:
    """Whoever an output is made for: a name (for audit) and the roles held.

    :param name: who is looking, in their own words; never used to grant anything.
    :param roles: the keys of the roles held, such as ``counsellor`` or ``secretary``.

    >>> Viewer(name="李老师", roles=frozenset({"counsellor"})).holds_any(frozenset({"counsellor"}))
    True
    >>> ANONYMOUS.roles
    frozenset()
    """

    name: str = ""
    roles: frozenset[str] = frozenset()

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        for role in sorted(self.roles):
            yield from key_problems("roles", role)

    def holds_any(self, roles: frozenset[str]) -> bool:
        """Whether the viewer holds at least one of ``roles``."""
        return not self.roles.isdisjoint(roles)


#: The viewer of an output nobody asked for with a role: sees nothing sensitive.
ANONYMOUS: Final = Viewer()


@attrs.frozen(kw_only=True)
class PrivacyPolicy:
    """Which roles may see which fields, and how small a group is too small to show.

    :param sensitive_roles: the roles that may see sensitive fields and small groups; by
        default none, so sensitive values are always redacted.
    :param personal_roles: the roles that may see personal fields (names, student numbers);
        ``None`` (the default) lets every viewer see them, an empty set lets nobody.
    :param k: the smallest group an aggregate shows as a number; counts from 1 to ``k - 1``
        show as ``"<k"``. ``1`` shows every count.

    >>> policy = PrivacyPolicy(sensitive_roles=frozenset({"counsellor"}), k=3)
    >>> [policy.may_see(ANONYMOUS, level) for level in Sensitivity]
    [True, True, False]
    >>> PrivacyPolicy(k=0)
    Traceback (most recent call last):
      ...
    branchkit.errors.RecordError: invalid PrivacyPolicy: $.k: must be at least 1, got 0
    """

    sensitive_roles: frozenset[str] = frozenset()
    personal_roles: frozenset[str] | None = None
    k: int = 5

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        for role in sorted(self.sensitive_roles):
            yield from key_problems("sensitive_roles", role)
        for role in sorted(self.personal_roles or ()):
            yield from key_problems("personal_roles", role)
        if self.k < 1:
            yield ("k",), f"must be at least 1, got {self.k}"

    def may_see(self, viewer: Viewer, level: Sensitivity) -> bool:
        """Whether ``viewer`` may see values of sensitivity ``level``.

        :param viewer: who is looking.
        :param level: the sensitivity of the value.
        """
        if level is Sensitivity.SENSITIVE:
            return viewer.holds_any(self.sensitive_roles)
        if level is Sensitivity.PERSONAL and self.personal_roles is not None:
            return viewer.holds_any(self.personal_roles) or viewer.holds_any(self.sensitive_roles)
        return True

    def may_see_small_groups(self, viewer: Viewer) -> bool:
        """Whether ``viewer`` may see counts below :attr:`k`: those who may see sensitive fields."""
        return viewer.holds_any(self.sensitive_roles)


_DEFAULT_POLICY: Final = PrivacyPolicy()

#: A change to one field value: given the record class, the field and the value, the new value.
FieldChange = Callable[[type[Any], "attrs.Attribute[Any]", Any], Any]


_FIELD_TYPES: dict[type[Any], dict[str, Any]] = {}


def _field_types(cls: type[Any]) -> dict[str, Any]:
    found = _FIELD_TYPES.get(cls)
    if found is None:
        try:
            hints = typing.get_type_hints(cls)
        except Exception as error:  # a forward reference that cannot be resolved, say
            raise PrivacyError(f"cannot read the field types of {cls.__name__}") from error
        found = {field.name: hints.get(field.name, Any) for field in attrs.fields(cls)}
        _FIELD_TYPES[cls] = found
    return found


def _walk(tp: Any, data: Any, change: FieldChange) -> Any:
    if data is None:
        return None
    if isinstance(tp, type) and attrs.has(tp):
        return _walk_record(tp, data, change)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, _UNION_TYPE):
        return _walk_union(args, data, change)
    if isinstance(data, Mapping) and isinstance(origin, type) and issubclass(origin, Mapping):
        value_type = args[1] if len(args) == 2 else Any
        return {key: _walk(value_type, value, change) for key, value in data.items()}
    if isinstance(data, list | tuple) and origin is not None:
        if origin is tuple and args and args[-1] is not Ellipsis:
            return [_walk(arg, item, change) for arg, item in zip(args, data, strict=False)]
        item_type = args[0] if args else Any
        return [_walk(item_type, item, change) for item in data]
    return data


_UNION_TYPE: Final = type(int | None)


def _walk_record(cls: type[Any], data: Any, change: FieldChange) -> Any:
    if not isinstance(data, Mapping):
        raise PrivacyError(f"expected a mapping for a {cls.__name__}, got {type(data).__name__}")
    fields = attrs.fields_dict(cls)
    types = _field_types(cls)
    result: dict[str, Any] = {}
    for key, value in data.items():
        field = fields.get(key)
        if field is None:
            raise PrivacyError(f"unknown field {key!r} in the data of a {cls.__name__}")
        result[key] = change(cls, field, _walk(types[key], value, change))
    return result


def _walk_union(arms: tuple[Any, ...], data: Any, change: FieldChange) -> Any:
    arms = tuple(arm for arm in arms if arm is not type(None))
    if isinstance(data, Mapping):
        records = [arm for arm in arms if isinstance(arm, type) and attrs.has(arm)]
        for arm in records:
            if set(data) <= set(attrs.fields_dict(arm)):
                return _walk_record(arm, data, change)
        if records and len(records) == len(arms):
            raise PrivacyError("the data fits none of the records its field may hold")
    for arm in arms:
        if not (isinstance(arm, type) and attrs.has(arm)):
            walked = _walk(arm, data, change)
            if walked is not data:
                return walked
    return data


def map_fields(cls: type[Any], data: Any, change: FieldChange) -> Any:
    """Apply ``change`` to every field of every record in ``data``, unstructured data of ``cls``.

    ``data`` is what the converter made of a ``cls`` (or a list or mapping of them, when ``cls``
    is a generic such as ``tuple[Person, ...]``); nested records are found from the field types.
    The result is new plain data; ``data`` is not changed. A mapping with a key that is not a
    field raises :class:`~branchkit.errors.PrivacyError`, so that nothing passes unchecked.

    :param cls: the type ``data`` was unstructured from.
    :param data: the unstructured data.
    :param change: called with the record class, the field and the (already walked) value.

    >>> from branchkit.records import Person
    >>> map_fields(Person, {"id": "7", "name": "王芳"}, lambda cls, field, value: field.name)
    {'id': 'id', 'name': 'name'}
    """
    return _walk(cls, data, change)


def _redaction(policy: PrivacyPolicy, viewer: Viewer) -> FieldChange:
    def change(cls: type[Any], field: attrs.Attribute[Any], value: Any) -> Any:
        if not policy.may_see(viewer, sensitivity_of(cls, field.name)):
            return REDACTED
        if is_people_count(cls, field.name):
            return _small_counts(value, policy, viewer)
        return value

    return change


def _small_counts(value: Any, policy: PrivacyPolicy, viewer: Viewer) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return small_count(value, policy, viewer)
    if isinstance(value, Mapping):
        return {key: _small_counts(item, policy, viewer) for key, item in value.items()}
    raise PrivacyError(
        f"a count of people must be a number or a mapping, not {type(value).__name__}"
    )


def redact_data(
    cls: type[Any],
    data: Any,
    policy: PrivacyPolicy = _DEFAULT_POLICY,
    viewer: Viewer = ANONYMOUS,
) -> Any:
    """Unstructured data of ``cls`` with every field ``viewer`` may not see set to :data:`REDACTED`.

    A hidden field is redacted even when its value is ``None``: whether someone has a health
    record at all can be sensitive.

    :param cls: the type ``data`` was unstructured from (a record class or a generic of one).
    :param data: the unstructured data, as the converter made it.
    :param policy: who may see what; by default nobody sees sensitive fields.
    :param viewer: who the output is for; by default a viewer without roles.

    >>> from branchkit.records import Person
    >>> rows = [{"id": "1", "name": "王芳", "id_number": None}]
    >>> redact_data(tuple[Person, ...], rows)
    [{'id': '1', 'name': '王芳', 'id_number': '<redacted>'}]
    >>> redact_data(Person, rows[0], PrivacyPolicy(personal_roles=frozenset()))
    {'id': '<redacted>', 'name': '<redacted>', 'id_number': '<redacted>'}
    """
    return _walk(cls, data, _redaction(policy, viewer))


def _plain(value: Any, change: FieldChange) -> Any:
    cls = type(value)
    if attrs.has(cls):
        return {
            field.name: change(cls, field, _plain(getattr(value, field.name), change))
            for field in attrs.fields(cls)
        }
    if isinstance(value, Mapping):
        return {key: _plain(item, change) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, change) for item in value]
    if isinstance(value, set | frozenset):
        return [_plain(item, change) for item in sorted(value, key=repr)]
    return value


def redact(
    value: Any,
    policy: PrivacyPolicy = _DEFAULT_POLICY,
    viewer: Viewer = ANONYMOUS,
) -> Any:
    """Live records (or tuples and mappings of them) as plain data, redacted for ``viewer``.

    Records become dicts of their fields, tuples and lists become lists, sets become lists in a
    fixed order; other values (dates, numbers, text) are kept as they are.

    :param value: a record, or a tuple, list or mapping of records.
    :param policy: who may see what; by default nobody sees sensitive fields.
    :param viewer: who the output is for; by default a viewer without roles.

    >>> from branchkit.records import Person
    >>> plain = redact((Person(id="1", name="王芳", id_number="110101199003071234"),))
    >>> plain[0]["name"], plain[0]["id_number"], plain[0]["roles"]
    ('王芳', '<redacted>', [])
    """
    return _plain(value, _redaction(policy, viewer))


def small_count(
    count: int,
    policy: PrivacyPolicy = _DEFAULT_POLICY,
    viewer: Viewer = ANONYMOUS,
) -> int | str:
    """A count of people as an aggregate may show it: ``"<k"`` for a small group.

    Counts from 1 to ``k - 1`` could point at the people in them, so they show as ``"<k"``
    unless the viewer may see small groups; 0 and counts of ``k`` or more show as they are.

    :param count: the number of people in a group; not negative.
    :param policy: the threshold ``k`` and who may see small groups.
    :param viewer: who the output is for.

    >>> [small_count(n) for n in (0, 1, 4, 5)]
    [0, '<5', '<5', 5]
    """
    if count < 0:
        raise ValueError(f"a count of people cannot be negative, got {count}")
    if 0 < count < policy.k and not policy.may_see_small_groups(viewer):
        return f"<{policy.k}"
    return count
