r"""Names as people write them: section names and column headings, compared after normalising.

A file's stem, a workbook's sheet names and a table's column headings are typed by people, in
Chinese or English, in tools that add full-width characters, byte-order marks and stray spaces.
:func:`normalise_name` reduces a name to the form that is compared, so that ``学　号`` (with
a full-width space), ``\ufeff学号`` (with a byte-order mark) and ``学号`` all name the same
column, and ``ＩＤ`` names ``id``.

>>> normalise_name("学　号") == normalise_name(" 学号 ") == "学号"
True
>>> normalise_name("ＩＤ"), normalise_name("Birth  Date"), normalise_name("出生日期（年月日）")
('id', 'birth date', '出生日期(年月日)')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_name", "visible_name"]

# Byte-order mark, zero-width space, joiners and word joiner: invisible, never meant.
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")
# Chinese and Japanese scripts and their punctuation: text written without spaces between words.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_SPACE_BY_CJK = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")


def normalise_name(name: str) -> str:
    r"""The form of a name that names are compared in.

    In order: Unicode NFKC (full-width letters, digits, brackets and spaces become their
    ordinary forms); byte-order marks and zero-width characters removed; leading and trailing
    whitespace removed and every inner run of whitespace made one space; a space next to a
    Chinese character removed (Chinese is written without spaces, so ``姓　名`` is ``姓名``);
    and case folded (``Name`` is ``name``).

    >>> normalise_name("\ufeff 人员名单 ")
    '人员名单'
    >>> normalise_name("Ｐｅｏｐｌｅ")
    'people'
    >>> normalise_name("姓 名 (Name)")
    '姓名(name)'
    """
    # str.split splits at the characters str.isspace accepts, as a pattern's \s matches them.
    if name.isascii():
        # ASCII is its own NFKC form and holds no invisible or Chinese character.
        return " ".join(name.split()).lower()
    text = " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFKC", name)).split())
    if " " in text:
        text = _SPACE_BY_CJK.sub("", text)
    return text.casefold()


def visible_name(name: str) -> str:
    """A name as written, less what nobody sees: invisible characters and surrounding spaces.

    Problems show names this way, in the document's own spelling.

    >>> visible_name("\ufeff 学　号 ")
    '学　号'
    """
    return _INVISIBLE.sub("", name).strip()
