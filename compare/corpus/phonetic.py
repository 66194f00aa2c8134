"""How a name sounds, as a consonant skeleton, so a Chinese transliteration of a foreign name
that neither the transliteration table nor CC-CEDICT knows can still be matched with the
English spelling: 布林肯 (bu lin ken) and "Blinken" are both PLNKN.

Pure. Consonants fall into classes that transliteration keeps apart (P b/p, T d/t, K g/k/hard
c, S sibilants and affricates, F f/v/w, L l/r, N m/n/ng: Lavrov is 拉夫罗夫 la fu luo fu,
Trump 特朗普 te lang pu); vowels, h and y are dropped
and a class repeated in a row counts once. English is read by its spelling ("sch", "sh",
"ch" are S, "ph" F, "th" T, "c" before e/i/y S), pinyin by its initials and finals (an "er"
syllable or final r is L, the w of "wu" is a vowel).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import Indel

#: Fewest consonant classes a skeleton needs to be compared: shorter ones ("LN") match too
#: many names by chance.
MIN_SKELETON = 3
#: Indel similarity of two skeletons of `MIN_FUZZY` classes or more from which they are one
#: name (one class lost or added). The 45 one-word foreign names of the transliteration table
#: (compare/zh/data/names.toml) with skeletons of 3+ classes: 0.78 match their own English
#: spelling, 0.15% of (name, another name's spelling) pairs match by chance; with any two
#: skeletons 0.8 alike matching, 0.91 and 1.3% (tests/test_corpus_phonetic.py).
MIN_SIMILARITY = 0.8

#: Fewest classes of two skeletons that may differ and still be one name.
MIN_FUZZY = 5

_EN_DIGRAPHS = {"sch": "S", "tch": "S", "sh": "S", "ch": "S", "ph": "F", "th": "T", "ck": "K"}
_EN_DIGRAPHS |= {"qu": "K", "x": "KS"}
_EN_TOKEN_RE = re.compile(r"sch|tch|sh|ch|ph|th|ck|qu|x|.")
_EN_LETTERS = {
    **dict.fromkeys("bp", "P"),
    **dict.fromkeys("dt", "T"),
    **dict.fromkeys("cgkq", "K"),
    **dict.fromkeys("szj", "S"),
    **dict.fromkeys("fvw", "F"),
    **dict.fromkeys("lr", "L"),
    **dict.fromkeys("mn", "N"),
}
_PINYIN_INITIALS = (
    ("zh", "S"),
    ("ch", "S"),
    ("sh", "S"),
    *((c, "P") for c in "bp"),
    *((c, "T") for c in "dt"),
    *((c, "K") for c in "gk"),
    *((c, "S") for c in "jqxzcs"),
    ("f", "F"),
    ("w", "F"),
    ("l", "L"),
    ("r", "L"),
    ("m", "N"),
    ("n", "N"),
    ("h", ""),
    ("y", ""),
)
_SYLLABLE_RE = re.compile(r"[a-zü:]+")


def _collapse(classes: Iterable[str]) -> str:
    out: list[str] = []
    for c in classes:
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=65536)
def english(word: str) -> str:
    """Skeleton of an English (Latin-script) name: "Blinken" -> "PLNKN"."""
    w = re.sub(r"c(?=[eiy])", "s", word.lower())
    return _collapse(_EN_DIGRAPHS.get(t) or _EN_LETTERS.get(t, "") for t in _EN_TOKEN_RE.findall(w))


def pinyin(syllables: Iterable[str]) -> str:
    """Skeleton of a name read as pinyin syllables (tone digits ignored): "bu4 lin2 ken3" ->
    "PLNKN"."""
    classes: list[str] = []
    for raw in syllables:
        s = "".join(_SYLLABLE_RE.findall(raw.lower())).replace("u:", "u")
        if not s:
            continue
        if s in ("er", "r"):
            classes.append("L")
            continue
        if s.startswith("wu"):
            s = s[1:]
        for initial, cls in _PINYIN_INITIALS:
            if s.startswith(initial):
                classes.append(cls)
                s = s[len(initial) :]
                break
        if s.endswith(("n", "ng")):
            classes.append("N")
        elif s.endswith("r") and len(s) > 1:
            classes.append("L")
    return _collapse(classes)


def similarity(a: str, b: str) -> float:
    """Similarity of two skeletons in [0, 1]; 0 when either is shorter than `MIN_SKELETON`."""
    if len(a) < MIN_SKELETON or len(b) < MIN_SKELETON:
        return 0.0
    return float(Indel.normalized_similarity(a, b))


def same_name(a: str, b: str) -> bool:
    """Whether two skeletons are one name: equal, or `MIN_SIMILARITY` alike when both have
    `MIN_FUZZY` classes or more (short skeletons differing by one class are other names)."""
    if a == b:
        return len(a) >= MIN_SKELETON
    return min(len(a), len(b)) >= MIN_FUZZY and similarity(a, b) >= MIN_SIMILARITY
