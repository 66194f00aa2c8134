"""Typed figures per statement, resolved against the article's date, and compared by type.

Types: `date` (a day of a month), `weekday`, `month` (a month of a year: "March 2022", "March
last year"), `duration` (in minutes), `frequency` (times per year) and `ordinal` ("the ninth
summit"). Two figures of one type are compared as values: "Friday" and "February 16" agree when
16 February of the article's year is a Friday; "an hour" and "60 minutes" agree; "twice
annually" and "twice a year" agree. Figures of different types are never compared.

Pure functions of text and dates: no model, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from compare.dates import MONTHS, NUMBER_WORDS, ORDINALS, WEEKDAYS

#: Relative difference two durations may have and still be one figure ("about an hour" / "62
#: minutes"); reports round.
DURATION_TOLERANCE = 0.1

_MONTH = (
    r"(?P<month>" + "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True)) + r")\.?"
)
_NUM = r"(?P<num>\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_QUALIFIER = r"(?:(?:about|around|approximately|roughly|nearly|almost|some|more than|over|under|less than|just over|just under)\s+)?"

_DATE = re.compile(
    r"\b(?:(?P<day1>\d{1,2})\s+"
    + _MONTH.replace("month", "month1")
    + r"|"
    + _MONTH
    + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b)(?:,?\s+(?P<year>\d{4}))?"
)
_MONTH_YEAR = re.compile(
    r"\b" + _MONTH + r"\s+(?:(?P<year>\d{4})\b|(?:of\s+)?(?P<rel>last|this|next)\s+year\b)"
)
_WEEKDAY = re.compile(r"\b(?P<day>" + "|".join(d.title() for d in WEEKDAYS) + r")\b")
_DURATION = re.compile(
    r"\b"
    + _QUALIFIER
    + r"(?:(?P<half>half\s+an?)|"
    + _NUM.replace("|half", "")
    + r"(?P<andhalf1>\s+and\s+a\s+half)?)\s+(?P<unit>minutes?|hours?)\b"
    r"(?P<andhalf>\s+and\s+a\s+half)?",
    re.IGNORECASE,
)
_FREQUENCY = re.compile(
    r"\b(?P<count>once|twice|thrice|" + _NUM.replace("num", "n") + r"\s+times)\s+"
    r"(?:(?:a|per|each|every)\s+(?P<per>year|month|week)|(?P<annually>annually|yearly))\b",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"\b(?P<ord>" + "|".join(ORDINALS) + r"|\d+(?:st|nd|rd|th))\b", re.IGNORECASE)
_PER_YEAR = {"year": 1, "month": 12, "week": 52}
_WORD = re.compile(r"[A-Za-z]+")
#: Words after an ordinal that say what it counts ("the Ninth China-Japan-ROK Leaders'
#: Meeting"); two ordinals are compared only when these share a word.
ORDINAL_CONTEXT = 5
#: Words after "first" within which "since" makes it a gap ("the first trilateral summit of the
#: three countries' leaders since 2019"), not a count.
SINCE_WINDOW = 10


@dataclass(frozen=True)
class Figure:
    """One typed figure: `value` is comparable within a type; `span` indexes the source text."""

    type: str
    value: object
    span: tuple[int, int]
    text: str


def figures(text: str, start: int, end: int, article: dt.date | None) -> list[Figure]:
    """The typed figures of `text[start:end]` (a statement), in text order.

    A weekday is kept as a weekday; a date gets the article's year when it names none, and
    carries its weekday when the year is known, so the two can be compared.
    """
    body = text[start:end]
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: object, m: re.Match[str]) -> None:
        span = (start + m.start(), start + m.end())
        if any(s < span[1] and span[0] < e for s, e in taken):
            return
        taken.append(span)
        out.append(Figure(kind, value, span, text[span[0] : span[1]]))

    year: int | None
    for m in _DATE.finditer(body):
        day = int(m.group("day1") or m.group("day2"))
        month = MONTHS[(m.group("month1") or m.group("month")).lower()]
        if not 1 <= day <= 31:
            continue
        year = int(m.group("year")) if m.group("year") else (article.year if article else None)
        weekday = None
        if year is not None:
            try:
                weekday = dt.date(year, month, day).isoweekday()
            except ValueError:
                continue
        add("date", (month, day, weekday), m)
    for m in _MONTH_YEAR.finditer(body):
        month = MONTHS[m.group("month").lower()]
        if m.group("year"):
            year = int(m.group("year"))
        else:
            offset = {"last": -1, "this": 0, "next": 1}[m.group("rel")]
            year = article.year + offset if article else None
        if year is not None:
            add("month", (year, month), m)
    for m in _WEEKDAY.finditer(body):
        add("weekday", WEEKDAYS[m.group("day").lower()], m)
    for m in _FREQUENCY.finditer(body):
        count = m.group("count").lower()
        times = {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(count)
        if times is None:
            times = _number(count.split()[0])
        per = m.group("per")
        rate = times * (_PER_YEAR[per.lower()] if per else 1)
        add("frequency", rate, m)
    for m in _DURATION.finditer(body):
        unit = 60.0 if m.group("unit").lower().startswith("hour") else 1.0
        number = 0.5 if m.group("half") else _number(m.group("num"))
        if m.group("andhalf") or m.group("andhalf1"):
            number += 0.5
        add("duration", number * unit, m)
    for m in _ORDINAL.finditer(body):
        word = m.group("ord").lower()
        after = [w.lower() for w in _WORD.findall(body[m.end() :])]
        following = after[:ORDINAL_CONTEXT]
        if "since" in after[:SINCE_WINDOW]:
            continue  # "the first summit since 2019": a gap, not a count
        value = ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        described = frozenset(w for w in following if len(w) > 3)
        add("ordinal", (value, described), m)
    return sorted(out, key=lambda f: f.span)


def _number(word: str) -> float:
    word = word.lower()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    return float(word)


def disagree(x: Figure, y: Figure) -> bool:
    """Do two figures state different values? Only figures of comparable types are compared:
    a date and a weekday compare through the date's weekday (when its year is known)."""
    kinds = {x.type, y.type}
    if kinds == {"date", "weekday"}:
        date, day = (x, y) if x.type == "date" else (y, x)
        weekday = date.value[2]  # type: ignore[index]
        return weekday is not None and weekday != day.value
    if x.type != y.type:
        return False
    if x.type == "date":
        return x.value[:2] != y.value[:2]  # type: ignore[index]
    if x.type == "ordinal":
        n, words = cast(tuple[int, frozenset[str]], x.value)
        m, other = cast(tuple[int, frozenset[str]], y.value)
        return bool(words & other) and n != m
    if x.type == "duration":
        a, b = float(x.value), float(y.value)  # type: ignore[arg-type]
        return abs(a - b) > DURATION_TOLERANCE * max(a, b)
    return x.value != y.value


def comparable(x: Figure, y: Figure) -> bool:
    """Can the two figures be compared at all (same type, or a date against a weekday)?"""
    return x.type == y.type or {x.type, y.type} == {"date", "weekday"}


def first_disagreement(xs: Sequence[Figure], ys: Sequence[Figure]) -> tuple[Figure, Figure] | None:
    """The first pair of comparable figures that disagree, where no figure of the same type on
    the other side agrees with it (a statement giving "Friday" and "February 16" against one
    giving "Friday" agrees)."""
    for x in xs:
        partners = [y for y in ys if comparable(x, y)]
        if not partners or any(not disagree(x, y) for y in partners):
            continue
        for y in partners:
            if any(not disagree(x2, y) for x2 in xs if comparable(x2, y)):
                continue
            return x, y
    return None
