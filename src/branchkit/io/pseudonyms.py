"""Pseudonyms for exports: identifiers replaced by a keyed hash the college alone can repeat.

A :class:`Pseudonymiser` turns an identifier (a student number) into ``p-`` and the first 16
hex digits of its HMAC-SHA256 under a key the college supplies. The same key gives the same
pseudonym in every run and every file, so exports can still be joined; without the key nobody
can compute a pseudonym from a student number, nor test a guess. The key comes from a file or an
environment variable (:func:`load_key`) and is never written into the data, the outputs, a log,
an error message or the pseudonymiser's ``repr``.

Sixteen hex digits are 64 bits. Among ``n`` identifiers the chance that two share a pseudonym is
about ``n**2 / 2**65``: for 100 000 people, under one in a billion.

>>> pseudonymiser = Pseudonymiser(key=b"a college secret of 32 bytes....")
>>> pseudonymiser.pseudonym("2021001")
'p-da93f5d2cec11806'
>>> pseudonymiser
Pseudonymiser(key=<hidden>)
>>> from branchkit.records import Person
>>> pseudonymise_data(Person, {"id": "2021001", "name": "王芳"}, pseudonymiser)
{'id': 'p-da93f5d2cec11806', 'name': '王芳'}
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from branchkit.errors import PrivacyError
from branchkit.records.privacy import map_fields
from branchkit.records.sensitivity import IDENTIFIER_KEY

__all__ = [
    "KEY_VARIABLE",
    "MIN_KEY_BYTES",
    "PREFIX",
    "Pseudonymiser",
    "load_key",
    "pseudonymise_data",
]

#: The environment variable :func:`load_key` reads the key from.
KEY_VARIABLE: Final = "BRANCHKIT_PSEUDONYM_KEY"
#: The shortest key accepted, in bytes.
MIN_KEY_BYTES: Final = 16
#: What every pseudonym starts with, so that it is never mistaken for a real identifier.
PREFIX: Final = "p-"
_HEX_DIGITS: Final = 16


def _check_key(key: bytes, source: str) -> bytes:
    if len(key) < MIN_KEY_BYTES:
        raise PrivacyError(
            f"the pseudonym key from {source} is too short: use at least {MIN_KEY_BYTES} bytes"
        )
    return key


@attrs.frozen(repr=False)
class Pseudonymiser:
    """Replaces identifiers with pseudonyms: HMAC-SHA256 under the college's key.

    :param key: the secret key, at least :data:`MIN_KEY_BYTES` bytes; never shown.
    :raises ~branchkit.errors.PrivacyError: when the key is too short.

    >>> Pseudonymiser(key=b"short")
    Traceback (most recent call last):
      ...
    branchkit.errors.PrivacyError: the pseudonym key from the caller is too short: ...
    """

    _key: bytes = attrs.field(kw_only=True, alias="key", eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _check_key(self._key, "the caller")

    def __repr__(self) -> str:
        return "Pseudonymiser(key=<hidden>)"

    def __reduce__(self) -> Any:
        raise TypeError("a Pseudonymiser holds a secret key and cannot be pickled")

    @classmethod
    def from_environment(
        cls,
        *,
        file: str | Path | None = None,
        environ: Mapping[str, str] = os.environ,
        variable: str = KEY_VARIABLE,
    ) -> Pseudonymiser:
        """A pseudonymiser with the key :func:`load_key` finds; the parameters are the same."""
        return cls(key=load_key(file=file, environ=environ, variable=variable))

    def pseudonym(self, identifier: str) -> str:
        """The pseudonym of ``identifier``: :data:`PREFIX` and 16 hex digits of its HMAC.

        :param identifier: the identifier, hashed as UTF-8 text.
        """
        digest = hmac.new(self._key, identifier.encode("utf-8"), hashlib.sha256).hexdigest()
        return PREFIX + digest[:_HEX_DIGITS]


def load_key(
    *,
    file: str | Path | None = None,
    environ: Mapping[str, str] = os.environ,
    variable: str = KEY_VARIABLE,
) -> bytes:
    """Read the pseudonym key from ``file`` if given, else from the environment variable.

    Surrounding whitespace (a final newline) is removed. The key is returned, never logged.

    :param file: a file holding the key; kept apart from the data and the outputs.
    :param environ: the environment to read ``variable`` from.
    :param variable: the environment variable holding the key.
    :raises ~branchkit.errors.PrivacyError: when there is no key, the file cannot be read or
        the key is shorter than :data:`MIN_KEY_BYTES` bytes.

    >>> load_key(environ={"BRANCHKIT_PSEUDONYM_KEY": "0123456789abcdef0123"})
    b'0123456789abcdef0123'
    >>> load_key(environ={})
    Traceback (most recent call last):
      ...
    branchkit.errors.PrivacyError: no pseudonym key: set BRANCHKIT_PSEUDONYM_KEY or give a key file
    """
    if file is not None:
        try:
            key = Path(file).read_bytes().strip()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise PrivacyError(f"cannot read the pseudonym key file {file}: {reason}") from None
        return _check_key(key, f"the file {file}")
    text = environ.get(variable)
    if text is None or not text.strip():
        raise PrivacyError(f"no pseudonym key: set {variable} or give a key file")
    return _check_key(text.strip().encode("utf-8"), f"the environment variable {variable}")


def pseudonymise_data(cls: type[Any], data: Any, pseudonymiser: Pseudonymiser) -> Any:
    """Unstructured data of ``cls`` with every identifier field replaced by its pseudonym.

    Identifier fields are those marked :data:`~branchkit.records.sensitivity.IDENTIFIER`: a
    text value is replaced, so is each text of a list, and so is each key of a mapping (counts
    per person); nested records are found from the field types (see
    :func:`~branchkit.records.privacy.map_fields`). Other personal fields, such as names, are
    left alone: pass the result through :func:`~branchkit.records.privacy.redact_data` with a
    policy that hides personal fields to de-identify an export.

    :param cls: the type ``data`` was unstructured from.
    :param data: the unstructured data.
    :param pseudonymiser: the pseudonymiser holding the college's key.
    """

    def replace(value: Any) -> Any:
        if isinstance(value, str):
            return pseudonymiser.pseudonym(value)
        if isinstance(value, list | tuple):
            return [replace(item) for item in value]
        if isinstance(value, Mapping):
            return {replace(key): item for key, item in value.items()}
        return value

    def change(owner: type[Any], field: attrs.Attribute[Any], value: Any) -> Any:
        return replace(value) if field.metadata.get(IDENTIFIER_KEY) else value

    return map_fields(cls, data, change)
