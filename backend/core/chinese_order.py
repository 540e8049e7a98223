"""Names in the order Chinese readers expect: by pinyin (安 before 李 before 王 before 张),
not by Unicode code point. Ties (same pinyin) fall back to the original string so the order is
stable. Latin letters and digits keep their own spelling, so "ICU" sorts among the I's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from piccolo.columns import Column
from piccolo.querystring import QueryString
from pypinyin import Style, lazy_pinyin

from backend.core.database import current_engine

T = TypeVar("T")


@lru_cache(maxsize=8192)
def pinyin_key(name: str | None) -> tuple[tuple[str, ...], str]:
    """Sort key of a name: its syllables without tones (lower case), then the name itself."""
    text = name or ""
    return tuple(s.lower() for s in lazy_pinyin(text, style=Style.NORMAL)), text


def pinyin_text(name: str | None) -> str:
    """`pinyin_key` as one string for an indexed column: each syllable followed by a space, so
    that comparing bytes (SQLite's BINARY, PostgreSQL's C collation) orders like the syllable
    tuples (a name whose syllables begin another's comes first). Equal texts: order by the name."""
    return _spaced(pinyin_key(name)[0])


def _spaced(syllables: tuple[str, ...]) -> str:
    return "".join(f"{syllable} " for syllable in syllables)


# Characters read one way as a surname and another elsewhere (曾经 céng, 曾晨 Zēng Chén): the first
# syllable of a person's name takes the surname reading. Compound surnames (欧阳, 司马) read right.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha",
    "盖": "ge", "缪": "miao", "覃": "qin", "乐": "yue", "召": "shao", "种": "chong", "员": "yun",
    "秘": "bi", "重": "chong", "翟": "zhai", "折": "she",
}  # fmt: skip


@lru_cache(maxsize=8192)
def person_pinyin_key(name: str | None) -> tuple[tuple[str, ...], str]:
    """`pinyin_key` of a person's name: its surname read as a surname."""
    syllables, text = pinyin_key(name)
    if text and text[0] in SURNAME_READINGS and syllables:
        syllables = (SURNAME_READINGS[text[0]], *syllables[1:])
    return syllables, text


def person_pinyin_text(name: str | None) -> str:
    """`pinyin_text` of a person's name (surname reading, `person_pinyin_key`)."""
    return _spaced(person_pinyin_key(name)[0])


def by_pinyin(items: Iterable[T], name: Callable[[T], str | None] = lambda x: x) -> list[T]:
    """The items sorted by the pinyin of `name(item)`."""
    return sorted(items, key=lambda item: pinyin_key(name(item)))


def pinyin_order(pinyin: Column, name: Column, row_id: Column) -> list[Column | QueryString]:
    """ORDER BY terms for a paginated list in pinyin order: the `pinyin_text` column, then the
    name, then the id, each compared byte by byte. SQLite compares text that way already; a
    PostgreSQL database's own collation may not (en_US ignores the spaces between syllables, so
    安立 "an li " would come after 昂 "ang "), hence COLLATE "C" there."""
    if current_engine().engine_type == "sqlite":
        return [pinyin, name, row_id]
    return [*(_bytewise(column) for column in (pinyin, name)), row_id]


def _bytewise(column: Column) -> QueryString:
    return QueryString(f'{column._meta.get_full_name(with_alias=False)} COLLATE "C"')
