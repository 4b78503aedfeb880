"""Bilingual labels: everything shown to people has a Chinese and an English text.

>>> label = Label(zh="三联系", en="Three contacts")
>>> label.text("en")
'Three contacts'
>>> label.text("zh")
'三联系'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, get_args

import attrs

from branchkit.errors import Path
from branchkit.records._checks import ensure_valid, text_problems

__all__ = ["LANGUAGES", "Label", "Language"]

#: The languages labels and reports are written in.
Language = Literal["zh", "en"]
#: The language codes, in the order they are listed.
LANGUAGES: tuple[Language, ...] = get_args(Language)


@attrs.frozen(kw_only=True)
class Label:
    """A text in simplified Chinese (``zh``) and in English (``en``); both are required.

    :param zh: the Chinese text.
    :param en: the English text.
    """

    zh: str
    en: str

    def __attrs_post_init__(self) -> None:
        ensure_valid(self, self._problems())

    def _problems(self) -> Iterator[tuple[Path, str]]:
        yield from text_problems("zh", self.zh)
        yield from text_problems("en", self.en)

    def text(self, language: Language) -> str:
        """The text in ``language``."""
        if language == "zh":
            return self.zh
        if language == "en":
            return self.en
        raise ValueError(f"unknown language {language!r}; known: zh, en")
