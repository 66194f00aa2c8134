"""English glosses of Chinese words (CC-CEDICT), for contradictions across languages.

Loaded on first use. `negated_glosses` finds the words a Chinese statement negates (并未同意:
"agree", "consent", "approve") so that a reversal of an English record can be told without a
translation model.
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


_NEGATING_RE = re.compile(r"^(?:to )?(?:not|no|never|un|dis|non|in)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _negating() -> frozenset[str]:
    """Words whose first sense is itself a negation (不同意 "to disagree")."""
    return frozenset(
        e["simplified"]
        for e in cedict.entries()
        if e.get("definitions") and _NEGATING_RE.match(e["definitions"][0])
    )


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """(word -> English gloss words, traditional character -> simplified)."""
    glosses: dict[str, tuple[str, ...]] = {}
    simplified: dict[str, str] = {}
    for entry in cedict.entries():
        simp, trad = entry.get("simplified", ""), entry.get("traditional", "")
        if len(simp) == 1 and trad != simp:
            simplified.setdefault(trad, simp)
        words: list[str] = []
        for definition in entry.get("definitions") or []:
            if definition.startswith(("variant of", "see ", "surname ", "CL:")):
                continue
            words.extend(
                w.lower() for w in _GLOSS_WORD_RE.findall(definition) if w.lower() not in _FILLER
            )
        if words and simp not in glosses:
            glosses[simp] = tuple(dict.fromkeys(words))
    return glosses, simplified


def to_simplified(text: str) -> str:
    """Traditional characters replaced by their simplified forms (one to one)."""
    table = _dictionary()[1]
    return "".join(table.get(c, c) for c in text)


def negated_glosses(text: str, cues: tuple[str, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, English gloss words) of each word a negation cue negates in `text`.

    `cues` are the lexicon's Chinese negation cues (simplified); `start`/`end` index `text` and
    cover the cue and the negated word.
    """
    glosses = _dictionary()[0]
    plain = to_simplified(text)
    out = []
    for cue in sorted(cues, key=len, reverse=True):
        for m in re.finditer(re.escape(cue), plain):
            if _in_word(plain, m.start(), len(cue), glosses):
                continue  # 不过 "however" is a word of its own, not a negation
            at = m.end()
            for n in range(MAX_WORD, 0, -1):
                word = plain[at : at + n]
                if len(word) == n and word in glosses:
                    out.append((m.start(), at + n, glosses[word]))
                    break
    return sorted(set(out))


def _in_word(text: str, at: int, length: int, glosses: dict[str, tuple[str, ...]]) -> bool:
    """Does a longer dictionary word without a negating sense start at `at`?"""
    negating = _negating()
    for n in range(MAX_WORD, length, -1):
        word = text[at : at + n]
        if word in glosses and word not in negating:
            return True
    return False
