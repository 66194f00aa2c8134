"""Word-by-word English gloss of a Chinese statement, for readers who do not read Chinese.

Each word LAC finds is glossed by the transliteration table (names, places, titles) or by
CC-CEDICT (first senses of its most common reading); a word the dictionary lacks is glossed
character by character. Punctuation and particles are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compare.models import Statement
from compare.zh import dictionary as dictionary_mod
from compare.zh import names as names_mod
from compare.zh import numbers, tagger
from compare.zh.dictionary import GLOSS_SENSES, Dictionary
from compare.zh.names import Names
from compare.zh.tagger import Word
from compare.zh.text import is_chinese

#: Tags of function words, glossed by their first sense only.
FUNCTION_TAGS = frozenset({"p", "c", "d", "r", "f", "q"})
#: Tags of words a gloss leaves out: punctuation, particles, prepositions, conjunctions,
#: other function words.
SKIPPED_TAGS = frozenset({"w", "u", "xc"})


_ORDINAL = re.compile(r"第([0-9]+)\D?")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Glossed:
    """One word of a statement and its English gloss ("" when nothing is known)."""

    text: str
    tag: str
    gloss: str
    start: int
    end: int


def gloss_word(word: Word, names: Names, dictionary: Dictionary) -> str:
    """English gloss of one tagged word (pure)."""
    simp = word.simplified
    if word.tag == "PER" or simp in names.people:
        found = names_mod.person(simp, names, dictionary)
        if found:
            return found[0]
    if word.tag in {"LOC", "ORG"} or simp in names.places:
        found = names_mod.place(simp, names, dictionary)
        if found:
            return found[0]
    title = names.titles.get(simp)
    if title:
        return title[0]
    figures = numbers.zh_mentions(simp)
    if figures and figures[0].start == 0 and figures[0].end == len(simp):
        return numbers.english(figures[0])
    ordinal = _ORDINAL.fullmatch(simp)
    if ordinal:
        return _ordinal(int(ordinal.group(1)))
    # The original (Traditional) form first: 後 is "after" where Simplified 后 is also "empress".
    senses = dictionary.senses(word.text, proper=False) or dictionary.senses(simp, proper=False)
    senses = senses or dictionary.senses(simp)
    if senses:
        return "; ".join(senses[: 1 if word.tag in FUNCTION_TAGS else GLOSS_SENSES])
    if simp.isascii():
        return simp
    parts = []
    for part in dictionary.split(simp):
        known = names.people.get(part) or names.places.get(part) or names.titles.get(part)
        found = known[:1] if known else dictionary.senses(part, proper=False)[:1]
        found = found or dictionary.senses(part)[:1]
        parts.append(re.split(r"[,;]", found[0])[0].strip() if found else part)
    return " ".join(parts)


def gloss_words(words: Sequence[Word], names: Names, dictionary: Dictionary) -> tuple[Glossed, ...]:
    """Glosses of the content and function words (punctuation and particles left out)."""
    return tuple(
        Glossed(w.text, w.tag, gloss_word(w, names, dictionary), w.start, w.end)
        for w in words
        if w.tag not in SKIPPED_TAGS
    )


def gloss(text: str) -> tuple[Glossed, ...]:
    """Word-by-word gloss of a Chinese statement (loads LAC and CC-CEDICT on first use)."""
    return gloss_words(tagger.tag(text), names_mod.load(), dictionary_mod.load())


def gloss_line(text: str) -> str:
    """The gloss as one line: "王毅[Wang Yi] 会见[meet with] 布林肯[Blinken]"."""
    return " ".join(f"{g.text}[{g.gloss}]" if g.gloss else g.text for g in gloss(text))


def statement_glosses(statements: Iterable[Statement]) -> dict[str, str]:
    """One gloss line per Chinese statement, by statement id (others are left out)."""
    return {
        s.id: gloss_line(s.text) for s in statements if s.language == "zh" and is_chinese(s.text)
    }
