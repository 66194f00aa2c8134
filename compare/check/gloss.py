"""English senses of Chinese words (CC-CEDICT), for contradictions across languages.

`negated_glosses` finds the words a Chinese statement negates (并未同意: "agree", "consent",
"approve") so that a reversal of an English record can be told without a translation model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from compare import cedict

#: Longest Chinese word looked up after a negation.
MAX_WORD = 4
_GLOSS_WORD_RE = re.compile(r"[A-Za-z]+")
# Words of a CC-CEDICT definition that carry no meaning of their own.
_FILLER = frozenset("to a an the of sb sth one's oneself be cl variant see also used".split())
# A first sense that is itself a negation: 不同意 "to disagree", 不满 "dissatisfied".
_NEGATING_RE = re.compile(r"^(?:to )?(?:not|no|never|un|dis|non|in)", re.IGNORECASE)


def to_simplified(text: str) -> str:
    """Traditional characters replaced by their simplified forms (one to one)."""
    return cedict.simplify(text)


@lru_cache(maxsize=1 << 14)
def senses(word: str) -> tuple[str, ...] | None:
    """The English words of a Chinese word's senses, or None when CC-CEDICT lacks the word."""
    entry = cedict.lookup(word)
    if entry is None:
        return None
    words: list[str] = []
    for definition in entry.definitions:
        if definition.startswith(("variant of", "see ", "surname ", "CL:")):
            continue
        words.extend(
            w.lower() for w in _GLOSS_WORD_RE.findall(definition) if w.lower() not in _FILLER
        )
    return tuple(dict.fromkeys(words)) or None


def negated_glosses(text: str, cues: tuple[str, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, English sense words) of each word a negation cue negates in `text`.

    `cues` are the lexicon's Chinese negation cues (simplified); `start`/`end` index `text` and
    cover the cue and the negated word. A cue inside a longer word of its own (不过 "however")
    negates nothing.
    """
    plain = to_simplified(text)
    out = []
    for cue in sorted(cues, key=len, reverse=True):
        for m in re.finditer(re.escape(cue), plain):
            if _in_word(plain, m.start(), len(cue)):
                continue
            at = m.end()
            for n in range(MAX_WORD, 0, -1):
                word = plain[at : at + n]
                found = senses(word) if len(word) == n else None
                if found:
                    out.append((m.start(), at + n, found))
                    break
    return sorted(set(out))


def _in_word(text: str, at: int, length: int) -> bool:
    """Does a longer dictionary word without a negating first sense start at `at`?"""
    for n in range(MAX_WORD, length, -1):
        entry = cedict.lookup(text[at : at + n])
        if entry is not None and entry.definitions and not _NEGATING_RE.match(entry.definitions[0]):
            return True
    return False
