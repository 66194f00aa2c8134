"""A report's event title, inferred from who met, where and when (pure).

"Antony Blinken and Wang Yi · Munich · 16 February 2024": the people are names that follow a
title of the lexicon ("Foreign Minister Wang Yi") in the sources, ranked by how many sources
name them; the place is the commonest "in <Place>" of the sources' opening statements; the
date is the earliest date a source carries (a story is filed on or after the meeting).
Nothing here knows a country's names: titles come from the lexicon.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

from compare.lexicon import Lexicon, default_lexicon
from compare.models import Source, Statement

#: People named in the title, at most.
MAX_PEOPLE = 2
_WORD = r"[A-Z][a-z'’-]+"
_NAME_RUN_RE = re.compile(rf"{_WORD}(?:\s+(?:[A-Z]\.|{_WORD}|of|the)){{0,8}}")
_PLACE_RE = re.compile(rf"\bin ({_WORD}(?:\s+{_WORD})?)\b")
#: Last words of an institution's name, never of a person's.
_INSTITUTIONS = {
    "affairs",
    "ministry",
    "department",
    "committee",
    "commission",
    "conference",
    "summit",
    "council",
    "office",
    "bureau",
    "agency",
    "assembly",
    "forum",
    "meeting",
    "house",
    "hall",
    "party",
    "government",
    "administration",
    "university",
    "court",
    "bank",
    "group",
}
_CALENDAR = {
    *(dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)),
    *(dt.date(2000, 1, d).strftime("%A") for d in range(3, 10)),
}


def infer_event_title(
    sources: Sequence[Source], statements: Sequence[Statement], lexicon: Lexicon | None = None
) -> str:
    """People, place and date of the event, joined by " · "; the first headline as a fallback."""
    lex = lexicon or default_lexicon()
    title_words = {w for t in lex.titles for w in t.lower().replace("-", " ").split()}
    title_words |= {"mr", "mrs", "ms", "dr"}
    skip = {a.lower() for _, aliases in lex.parties for a in aliases}
    people: Counter[str] = Counter()
    leads: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    by_source: dict[str, list[Statement]] = {}
    for st in statements:
        by_source.setdefault(st.source, []).append(st)
    places: Counter[str] = Counter()
    for sts in by_source.values():
        names: set[str] = set()
        lead: set[str] = set()
        for n, st in enumerate(sts):
            for name in _titled_names(st.text, title_words, skip):
                names.add(name)
                if n < 2:
                    lead.add(name)
                mentions[name] += 1
                first_seen.setdefault(name, n)
            if n < 2:
                for m in _PLACE_RE.finditer(st.text):
                    if m.group(1) not in _CALENDAR and m.group(1).lower() not in title_words:
                        places[m.group(1)] += 1
        people.update(names)
        leads.update(lead)
    chosen: list[str] = []
    for name in sorted(
        people, key=lambda x: (-leads[x], -people[x], -mentions[x], first_seen[x], x)
    ):
        if any(set(name.split()) & set(c.split()) for c in chosen):
            continue
        if any(name in c or c in name for c in chosen):
            continue
        chosen.append(name)
        if len(chosen) == MAX_PEOPLE:
            break
    bits = []
    if chosen:
        bits.append(" and ".join(chosen))
    if places:
        bits.append(max(places, key=lambda p: (places[p], -len(p))))
    dates = sorted(s.date for s in sources if s.date)
    if dates:
        bits.append(_long_date(dates[0]))
    if chosen:
        return " · ".join(bits)
    headlines = [s.title for s in sources if s.title]
    return headlines[0] if headlines else " · ".join(bits) or "How the sources reported it"


def _titled_names(text: str, title_words: set[str], skip: set[str]) -> list[str]:
    """Names that a title introduces: "Foreign Minister Wang Yi" -> "Wang Yi"."""
    out = []
    for m in _NAME_RUN_RE.finditer(text):
        words = m.group(0).split()
        k = 0
        while k < len(words) and (
            words[k].lower().strip(".") in title_words
            or words[k].lower() in skip
            or words[k] in ("of", "the")
        ):
            k += 1
        rest = [w for w in words[k:] if w not in ("of", "the")]
        if k == 0 or not 2 <= len(rest) <= 3 or len(rest) != len(words[k:]):
            continue
        if any(w.lower().strip(".") in title_words or w.lower() in skip for w in rest):
            continue
        if any(w in _CALENDAR for w in rest) or rest[-1].lower() in _INSTITUTIONS:
            continue
        out.append(" ".join(w for w in rest if not re.fullmatch(r"[A-Z]\.", w)))
    return out


def _long_date(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%B')} {day.year}"
