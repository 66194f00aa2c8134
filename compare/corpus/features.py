"""What event grouping needs of one article: its date, the weekdays it names, its names.

Pure: takes a `Source`, returns values. A name is a capitalised word that is written in lower
case nowhere in the article and is not a party marker ("Chinese", "White House"), a title or
a stopword of the lexicon, a month or a weekday: people and places ("Blinken", "Munich").
Words of the headline and the lead weigh `LEAD_WEIGHT` times, since the lead names the event;
weights are normalised to sum to 1 (`names` is a prominence distribution).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from compare.corpus import phonetic
from compare.lexicon import Lexicon, default_lexicon, fold, matcher
from compare.models import Source

#: Body paragraphs after the headline that make up the lead.
LEAD_PARAGRAPHS = 2
#: Weight of a name in the headline or lead against one elsewhere.
LEAD_WEIGHT = 3
#: Names kept per article (the most prominent): enough for any meeting's cast and venue.
MAX_NAMES = 24

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_NOT_NAMES = _MONTHS | frozenset(_WEEKDAYS) | frozenset(d + "s" for d in _WEEKDAYS)
_WEEKDAY_RE = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b")
_ZH_WEEKDAY_RE = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")
#: LAC tags of the words a Chinese article names people and places with.
_ZH_NAME_TAGS = frozenset({"PER", "LOC", "ORG", "nz"})
_ZH_DOT_RE = re.compile(r"[·・•‧]")
_ZH_DAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’.][^\W\d_]+)*\.?")
_TAIL = 3
_LOWER_WORD_RE = re.compile(r"\b[^\W\d_A-Z][\w'’]*")
_MONTH_RE = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_MONTH_DAY_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})\b|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RE})\b)"
)
_MONTH_NUMBERS = {
    m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())
}


@dataclass(frozen=True)
class Features:
    """`date`: ISO day or None; `month_day`: (month, day) named in the lead of an article with
    no date ("MUNICH, Feb 17 (GWS) -"), placed in whichever year brings it closest; `weekdays`: 0=Monday..6 named in the text; `names`: folded
    name -> prominence weight (summing to 1, at most `MAX_NAMES`)."""

    date: str | None
    weekdays: tuple[int, ...]
    names: dict[str, float]
    month_day: tuple[int, int] | None = None

    def row(self) -> dict[str, Any]:
        """The `articles` columns these features are stored in."""
        return {
            "names": sorted(self.names.items()),
            "weekdays": list(self.weekdays),
            "event_date": self.date,
            "month_day": list(self.month_day) if self.month_day else None,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Features:
        names = row["names"] or []
        md = row.get("month_day")
        month_day = (int(md[0]), int(md[1])) if md else None
        return cls(row["event_date"], tuple(row["weekdays"] or ()), dict(names), month_day)

    @property
    def day(self) -> Date | None:
        if not self.date:
            return None
        try:
            return Date.fromisoformat(self.date[:10])
        except ValueError:
            return None


def features(source: Source, *, lexicon: Lexicon | None = None) -> Features:
    """The event features of `source` (see the module doc)."""
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    regions = [source.text[s:e] for s, e in source.body]
    texts = ([source.title] if source.title else []) + regions
    lead = (1 if source.title else 0) + LEAD_PARAGRAPHS
    whole = "\n".join(texts)
    if source.language == "zh":
        counts = _zh_names(lex, texts, lead)
    else:
        lower = {fold(m.group()).replace("’", "'") for m in _LOWER_WORD_RE.finditer(whole)}
        counts = _capitalised_names(lex, texts, lead, lower)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NAMES]
    total = sum(c for _, c in top)
    names = {w: c / total for w, c in top} if total else {}
    weekdays = {_WEEKDAYS.index(m.group(1).lower() + "day") for m in _WEEKDAY_RE.finditer(whole)}
    weekdays |= {_ZH_DAYS[m.group(1)] for m in _ZH_WEEKDAY_RE.finditer(whole)}
    date = source.date[:10] if source.date else None
    # The lead as written, datelines included ("MUNICH, Feb 17 (GWS) -" is outside the body).
    lead_end = source.body[min(LEAD_PARAGRAPHS, len(source.body)) - 1][1] if source.body else 0
    month_day = None if date else _month_day(source.text[:lead_end])
    return Features(date, tuple(sorted(weekdays)), names, month_day)


def _capitalised_names(lex: Any, texts: list[str], lead: int, lower: set[str]) -> Counter[str]:
    """Capitalised words of `texts` that are names (module doc), weighted by prominence."""
    counts: Counter[str] = Counter()
    for k, text in enumerate(texts):
        # Only the words around capitalised ones are tokenised and stemmed (a tenth of a text):
        # a title or party marker runs on for at most `_TAIL` words ("Secretary of State").
        tokens = [
            t for start, end in _capitalised_windows(text) for t in lex.tokenize(text, start, end)
        ]
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if not t.capitalised or t.cjk or t.number:
                i += 1
                continue
            skip = _marker_length(lex, tokens, i)
            if skip:
                i += skip
                continue
            word = fold(t.text).removesuffix("'s").removesuffix("’s")
            if len(word) > 1 and word not in lower and word not in _NOT_NAMES:
                counts[word] += LEAD_WEIGHT if k < lead else 1
            i += 1
    return counts


def _zh_names(lex: Any, texts: list[str], lead: int) -> Counter[str]:
    """Names of a Chinese article, as English keys comparable with an English article's.

    Words LAC tags as people, places, organisations or proper nouns are rendered in English
    through the transliteration table and CC-CEDICT's proper nouns (a compound such as
    慕尼黑安全 through its parts); the renderings then pass the English filter
    (`_capitalised_names`: no party marker, title or stopword). A person neither knows is kept
    as its consonant skeleton, `"~" + phonetic.pinyin(...)`, per part of a dotted name, which
    `name_overlap` compares with English names by sound; a two- or three-character one is also
    romanised as a Chinese name (王文涛 -> wang, wentao).
    """
    from compare.zh import dictionary as zh_dictionary
    from compare.zh import names as zh_names
    from compare.zh import tagger

    dic, table = zh_dictionary.load(), zh_names.load()
    rendered: list[str] = []
    counts: Counter[str] = Counter()
    for k, text in enumerate(texts):
        weight = LEAD_WEIGHT if k < lead else 1
        found = []
        previous = ""
        for w in tagger.tag(text):
            # LAC may cut 贝尔卡托·萨卡托维 as 贝尔卡托 PER, ·萨卡托维 w.
            dotted = previous == "PER" and _ZH_DOT_RE.match(w.simplified)
            tag, previous = ("PER" if dotted else w.tag), w.tag
            if tag not in _ZH_NAME_TAGS or len(w.simplified) < 2:
                continue
            known = _zh_rendering(w.simplified, tag, table, dic)
            if known:
                found.extend(known)
                continue
            if tag != "PER":
                continue
            parts = [p for p in _ZH_DOT_RE.split(w.simplified) if p]
            for part in parts:
                skeleton = zh_skeleton(part, dic)
                if len(skeleton) >= phonetic.MIN_SKELETON:
                    counts["~" + skeleton] += weight
            if len(parts) == 1 and 2 <= len(w.simplified) <= 3:
                roman = zh_names.romanise(w.simplified, dic)
                if roman:
                    found.append(roman)
        rendered.append(". ".join(found))
    counts.update(_capitalised_names(lex, rendered, lead, set()))
    return counts


def _zh_rendering(word: str, tag: str, table: Any, dic: Any) -> list[str]:
    """English renderings of a Chinese name the table or CC-CEDICT's proper nouns know."""
    if tag == "PER" or word in table.people:
        hit = table.people.get(word)
        if hit:
            return [hit[0]]
        proper = dic.senses(word, proper=True)
        return [re.split(r"[,;(]", proper[0])[0]] if proper else []
    hit = table.places.get(word)
    if hit:
        return [hit[0]]
    proper = dic.senses(word, proper=True)
    if proper:
        return [re.split(r"[,;(]", proper[0])[0]]
    out: list[str] = []
    for part in dic.split(word):
        if len(part) < 2 or part == word:
            continue
        hit = table.places.get(part) or table.people.get(part)
        proper = hit[:1] if hit else dic.senses(part, proper=True)[:1]
        out.extend(re.split(r"[,;(]", p)[0] for p in proper)
    return out


def zh_skeleton(word: str, dic: Any) -> str:
    """Consonant skeleton of a Chinese transliteration, read character by character in
    CC-CEDICT's first reading (`phonetic.pinyin`); "" when a character has none."""
    syllables = []
    for char in word:
        readings = dic.raw.get(char) or dic.raw.get(dic.t2s.get(char, char))
        if not readings:
            return ""
        syllables.append(readings[0][0])
    return phonetic.pinyin(syllables)


def _month_day(text: str) -> tuple[int, int] | None:
    for m in _MONTH_DAY_RE.finditer(text):
        month = _MONTH_NUMBERS[(m.group("m1") or m.group("m2")).lower()[:3]]
        day = int(m.group("d1") or m.group("d2"))
        if _safe(2000, month, day) is not None:  # 2000 is a leap year: Feb 29 exists
            return month, day
    return None


def _safe(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def days_apart(a: Features, b: Features) -> int | None:
    """Days between two articles' dates; a (month, day) without a year counts in the year that
    brings it closest. None when either has no date at all."""
    da, db = a.day, b.day
    if da is not None and db is not None:
        return abs((da - db).days)
    full, partial = (da, b.month_day) if da is not None else (db, a.month_day)
    if full is not None and partial is not None:
        # Nine years hold a leap year, so Feb 29 has a nearest year too (2022: 2020 or 2024).
        years = range(full.year - 4, full.year + 5)
        near = [d for y in years if (d := _safe(y, *partial))]
        return min(abs((full - d).days) for d in near)
    if a.month_day is not None and b.month_day is not None:
        first = Date(2000, *a.month_day)
        near = [d for y in (1999, 2000, 2001) if (d := _safe(y, *b.month_day))]
        return min(abs((first - d).days) for d in near)
    return None


def _capitalised_windows(text: str) -> list[tuple[int, int]]:
    """Disjoint spans of `text` covering each capitalised word and the `_TAIL` words after it."""
    words = list(_WORD_RE.finditer(text))
    spans: list[tuple[int, int]] = []
    for n, m in enumerate(words):
        if not m.group()[:1].isupper():
            continue
        end = words[min(n + _TAIL, len(words) - 1)].end()
        if spans and m.start() <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((m.start(), end))
    return spans


def _marker_length(lex: Any, tokens: list[Any], i: int) -> int:
    """Tokens of the party marker, title or stopword phrase starting at i (0: none)."""
    for n in (3, 2, 1):
        if i + n <= len(tokens) and tuple(t.stem for t in tokens[i : i + n]) in lex.parties:
            return n
    n, entries = lex.lookup(tokens, i)
    if n and any(e.category in ("title", "stop") for e in entries):
        return n
    return 0


def name_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Prominence-weighted share of names in common, in [0, 1]. A name kept as a consonant
    skeleton ("~PLNKN", a Chinese transliteration) matches a name of the other side that sounds
    the same (`phonetic.same_name`), each name matched once, the best first."""
    if len(a) > len(b):
        a, b = b, a
    shared = sum(min(w, b[k]) for k, w in a.items() if k in b)
    left = {k: w for k, w in a.items() if k not in b}
    right = {k: w for k, w in b.items() if k not in a}
    if any(k[:1] == "~" for k in left) or any(k[:1] == "~" for k in right):
        shared += _sound_overlap(left, right)
    return min(1.0, shared)


def _sound_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weight shared between the skeleton names of one side and the spelt names of the other."""
    pairs = []
    for x, y in ((a, b), (b, a)):
        spelt = [(k, phonetic.english(k)) for k in sorted(y) if k[:1] != "~"]
        for k in sorted(x):
            if k[:1] != "~":
                continue
            for name, sound in spelt:
                if phonetic.same_name(k[1:], sound):
                    score = phonetic.similarity(k[1:], sound)
                    pairs.append((-score, k, name, min(x[k], y[name])))
    used: set[str] = set()
    total = 0.0
    for _, k, name, w in sorted(pairs):
        if k not in used and name not in used:
            used |= {k, name}
            total += w
    return total


def sound(name: str) -> str:
    """The key a name is hashed by where names are compared by sound: its consonant skeleton
    (long enough to say something), else the name itself."""
    if name[:1] == "~":
        return name[1:]
    skeleton = phonetic.english(name)
    return skeleton if len(skeleton) >= phonetic.MIN_SKELETON else name
