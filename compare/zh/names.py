"""English renderings of Chinese names and titles: the transliteration table (data/names.toml)
first, then CC-CEDICT's proper nouns, then pinyin of the characters for a Chinese personal name.

Pure given its inputs: `Names` is built from the table's values; `load()` reads the shipped file
once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from compare.zh.dictionary import Dictionary

_TONE_DIGIT = re.compile(r"[1-5]")
#: Function characters that the tagger can glue to the end of a two-character name.
GLUED_AFTER_NAMES = frozenset("在和与同对向跟将被把说")


@dataclass(frozen=True)
class Names:
    """Simplified Chinese name or title -> English renderings (preferred first)."""

    people: Mapping[str, tuple[str, ...]]
    places: Mapping[str, tuple[str, ...]]
    titles: Mapping[str, tuple[str, ...]]

    def title(self, word: str) -> tuple[str, ...]:
        """Renderings of the longest table title that `word` ends with (德国总统 -> 总统)."""
        for k in range(len(word)):
            hit = self.titles.get(word[k:])
            if hit:
                return hit
        return ()


def _values(table: Mapping[str, object], section: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if isinstance(value, str):
            out[key] = (value,)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            out[key] = tuple(value)
        else:
            raise ValueError(f"names.toml [{section}] {key!r}: a string or a list of strings")
    return out


def parse(data: Mapping[str, Mapping[str, object]]) -> Names:
    """The table from parsed TOML (sections people, places, titles)."""
    return Names(
        people=_values(data.get("people", {}), "people"),
        places=_values(data.get("places", {}), "places"),
        titles=_values(data.get("titles", {}), "titles"),
    )


@lru_cache(maxsize=1)
def load() -> Names:
    """The shipped table (reads compare/zh/data/names.toml once)."""
    raw = resources.files("compare.zh").joinpath("data", "names.toml").read_text("utf-8")
    return parse(tomllib.loads(raw))


def romanise(word: str, dictionary: Dictionary) -> str | None:
    """Pinyin of a Chinese personal name, family name first: 王文涛 -> "Wang Wentao".

    Single characters are read from CC-CEDICT; None when a character has no reading.
    """
    syllables = []
    for char in word:
        pinyin = dictionary.pinyin(char)
        if not pinyin:
            return None
        syllables.append(_TONE_DIGIT.sub("", pinyin.split()[0]).replace("u:", "ü").lower())
    if not syllables:
        return None
    # Two-character family names (欧阳, 司马) are rare; the first syllable is the family name.
    family, given = syllables[0], "".join(syllables[1:])
    return f"{family.capitalize()} {given.capitalize()}".strip()


def person(word: str, names: Names, dictionary: Dictionary) -> tuple[str, ...]:
    """English renderings of a personal name (Simplified), best first; () if none is known.

    A foreign name written with a middle dot (安东尼·布林肯) is looked up by its last part too.
    """
    if word in names.people:
        return names.people[word]
    # LAC sometimes glues a following preposition to a name (韩正在 = 韩正 + 在 "at").
    if len(word) == 3 and word[-1] in GLUED_AFTER_NAMES:
        return person(word[:-1], names, dictionary)
    parts = [p for p in re.split(r"[·・•]", word) if p]
    if len(parts) > 1 and parts[-1] in names.people:
        return names.people[parts[-1]]
    proper = [s for r in dictionary.lookup(word) if r.proper for s in r.senses]
    if proper:
        name = re.split(r"[,;(]", proper[0])[0].strip()
        if name:
            return (name, name.split()[0]) if len(name.split()) > 1 else (name,)
    if len(parts) == 1 and 2 <= len(word) <= 3:
        roman = romanise(word, dictionary)
        if roman:
            return (roman, roman.split()[0])
    return ()


def place(word: str, names: Names, dictionary: Dictionary) -> tuple[str, ...]:
    """English renderings of a place or organisation (Simplified); () if none is known."""
    if word in names.places:
        return names.places[word]
    senses = dictionary.senses(word, proper=True) or dictionary.senses(word)
    return tuple(re.split(r"[,;]", s)[0].strip() for s in senses[:3])
