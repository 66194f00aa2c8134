"""Figures, dates, weekdays and durations in Chinese and English text, as comparable values.

Pure: text in, `Mention`s out. A Chinese mention carries offsets into the text it was found in;
the text should be normalised first (`text.normalise`: half-width digits, Simplified characters),
which keeps offsets valid for the original.

Keys compare across languages: 9月18日 and "September 18" are both `date:9-18`, 周一/週一/星期一
and "Monday" are `weekday:1`, 两个多小时 is a duration of more than 2 hours.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass

# fmt: off
ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
ZH_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "a": 1, "an": 1, "half": 0.5,
}
EN_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
EN_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
EN_WEEKDAYS = {d.lower(): i + 1 for i, d in enumerate(calendar.day_name)}
# fmt: on
#: Words before a duration that make it approximate or a lower bound.
ZH_ABOUT = ("约", "大约", "近", "将近", "逾", "超过", "多达", "左右")
EN_MORE = ("more than", "over", "upwards of")
EN_ABOUT = ("about", "around", "nearly", "almost", "roughly", "some")

_NUM = r"[0-9]+(?:\.[0-9]+)?"
_ZH_NUM = rf"(?:{_NUM}|[零〇○一二两兩三四五六七八九十拾百佰千仟万萬亿億]+)"
_ZH_DATE = re.compile(
    rf"(?:(?P<y>[0-9]{{4}}|[零〇○一二三四五六七八九]{{4}})年)?(?P<m>{_ZH_NUM})月"
    rf"(?:(?P<d>{_ZH_NUM})[日号])?"
)
_ZH_DAY = re.compile(rf"(?<![月0-9])(?P<d>{_NUM})日")
_ZH_WEEKDAY = re.compile(r"(?:周|週|星期|礼拜|禮拜)(?P<w>[一二三四五六日天])")
_ZH_DURATION = re.compile(
    rf"(?P<n>{_ZH_NUM})(?P<half>个半|個半)?(?:个|個)?(?P<more>多|余|餘)?(?:个|個)?"
    rf"(?P<half2>半)?(?P<unit>小时|小時|钟头|鐘頭|分钟|分鐘|天)"
    rf"(?:(?P<n2>{_ZH_NUM})分(?:钟|鐘)?)?"
)
_EN_DATE = re.compile(
    r"\b(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>[0-9]{4}))?"
    r"|\b(?P<d2>[0-9]{1,2})\s+(?P<mon2>[A-Z][a-z]{2,8})\b(?:\s+(?P<y2>[0-9]{4}))?"
)
_EN_WEEKDAY = re.compile(r"\b(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_EN_NUM = rf"(?:{_NUM}|{'|'.join(sorted(EN_NUMBERS, key=len, reverse=True))})"
_EN_DURATION = re.compile(
    rf"\b(?:(?P<q>{'|'.join(EN_MORE + EN_ABOUT)})\s+)?(?P<n>{_EN_NUM})(?:\s+and\s+a\s+half)?"
    rf"(?P<half>\s+and\s+a\s+half)?[\s-]+(?P<unit>hours?|minutes?|days?)"
    rf"(?:\s+and\s+(?P<n2>{_EN_NUM})\s+minutes?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A figure found in a text: `kind` (date, day, month, weekday, duration), its `value` and
    the span it covers. For a date `value` is (year or 0, month, day); for a duration it is
    hours; `bound` is "exact", "about" or "more" (a lower bound, 两个多小时, "more than")."""

    kind: str
    value: tuple[int, ...] | float
    start: int
    end: int
    text: str
    bound: str = "exact"


def parse_zh_number(s: str) -> float | None:
    """Chinese or Arabic numerals as a number: 十六 16, 二十 20, 一百二十 120, 两 2,
    三千五百万 35000000, 2.5万 25000, 二〇二四 2024 (digit by digit); None if not a number."""
    s = s.strip()
    if not s:
        return None
    if re.fullmatch(_NUM, s):
        return float(s)
    m = re.fullmatch(rf"({_NUM})([万萬亿億])", s)
    if m:
        return float(m.group(1)) * ZH_BIG[m.group(2)]
    if all(c in ZH_DIGITS for c in s) and len(s) > 1:
        return float("".join(str(ZH_DIGITS[c]) for c in s))  # 二〇二四
    total = section = 0.0
    digit: float | None = None
    for c in s:
        if c in ZH_DIGITS:
            digit = ZH_DIGITS[c]
        elif c in ZH_UNITS:
            section += (1 if digit is None else digit) * ZH_UNITS[c]
            digit = None
        elif c in ZH_BIG:
            total += (section + (digit or 0)) * ZH_BIG[c]
            section, digit = 0.0, None
        else:
            return None
    return total + section + (digit or 0)


def _en_number(s: str) -> float | None:
    s = s.lower()
    if s in EN_NUMBERS:
        return float(EN_NUMBERS[s])
    try:
        return float(s)
    except ValueError:
        return None


def _int(value: float | None) -> int:
    return int(value) if value is not None and value == int(value) else 0


def zh_mentions(text: str) -> tuple[Mention, ...]:
    """Dates, days, weekdays and durations of a (normalised) Chinese text, in text order."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(m: Mention) -> None:
        if any(m.start < e and s < m.end for s, e in taken):
            return
        taken.append((m.start, m.end))
        found.append(m)

    for m in _ZH_DATE.finditer(text):
        year = _int(parse_zh_number(m.group("y"))) if m.group("y") else 0
        month = _int(parse_zh_number(m.group("m")))
        if not 1 <= month <= 12:
            continue
        if m.group("d"):
            day = _int(parse_zh_number(m.group("d")))
            if 1 <= day <= 31:
                add(Mention("date", (year, month, day), m.start(), m.end(), m.group()))
                continue
        end = m.start("m") + len(m.group("m")) + 1
        add(Mention("month", (year, month), m.start(), end, text[m.start() : end]))
    for m in _ZH_DAY.finditer(text):
        add(Mention("day", (int(float(m.group("d"))),), m.start(), m.end(), m.group()))
    for m in _ZH_WEEKDAY.finditer(text):
        add(Mention("weekday", (ZH_WEEKDAYS[m.group("w")],), m.start(), m.end(), m.group()))
    for m in _ZH_DURATION.finditer(text):
        n = parse_zh_number(m.group("n"))
        if n is None:
            continue
        if m.group("half") or m.group("half2"):
            n += 0.5
        unit = m.group("unit")
        hours = n * 24 if unit == "天" else n / 60 if unit.startswith("分") else n
        if m.group("n2"):
            hours += (parse_zh_number(m.group("n2")) or 0) / 60
        before = text[max(0, m.start() - 2) : m.start()]
        bound = "more" if m.group("more") else "about" if before.endswith(ZH_ABOUT) else "exact"
        start = m.start()
        for word in ZH_ABOUT:
            if before.endswith(word):
                start -= len(word)
                break
        add(Mention("duration", hours, start, m.end(), text[start : m.end()], bound))
    return tuple(sorted(found, key=lambda x: x.start))


def en_mentions(text: str) -> tuple[Mention, ...]:
    """Dates, weekdays and durations of an English text, in text order."""
    found: list[Mention] = []
    for m in _EN_DATE.finditer(text):
        mon = (m.group("mon") or m.group("mon2") or "").lower().rstrip(".")
        if mon not in EN_MONTHS:
            continue
        day = int(m.group("d") or m.group("d2"))
        year = int(m.group("y") or m.group("y2") or 0)
        if 1 <= day <= 31:
            found.append(
                Mention("date", (year, EN_MONTHS[mon], day), m.start(), m.end(), m.group())
            )
    for m in _EN_WEEKDAY.finditer(text):
        day = EN_WEEKDAYS[m.group("w").lower()]
        found.append(Mention("weekday", (day,), m.start(), m.end(), m.group()))
    for m in _EN_DURATION.finditer(text):
        n = _en_number(m.group("n"))
        if n is None:
            continue
        if m.group("half"):
            n += 0.5
        unit = m.group("unit").lower()
        hours = n * 24 if unit.startswith("day") else n / 60 if unit.startswith("minute") else n
        if m.group("n2"):
            hours += (_en_number(m.group("n2")) or 0) / 60
        q = (m.group("q") or "").lower()
        bound = "more" if q in EN_MORE else "about" if q else "exact"
        found.append(Mention("duration", hours, m.start(), m.end(), m.group(), bound))
    return tuple(sorted(found, key=lambda x: x.start))


def weekday_of(date: tuple[int, ...]) -> int | None:
    """ISO weekday (1 Monday .. 7 Sunday) of a (year, month, day) with a known year."""
    year, month, day = date[:3]
    if not year:
        return None
    try:
        return calendar.weekday(year, month, day) + 1
    except ValueError:
        return None


def same_duration(a: Mention, b: Mention) -> bool:
    """Two durations that can describe the same span: whole hours agree ("more than three
    hours" and "three hours and 20 minutes"), or within a quarter for spans under an hour."""
    x, y = float(a.value), float(b.value)  # type: ignore[arg-type]
    if x >= 1 and y >= 1:
        return math.floor(x + 1e-9) == math.floor(y + 1e-9)
    return abs(x - y) <= 0.25 * max(x, y)


def conflict(a: Mention, b: Mention) -> bool:
    """True when two mentions of comparable kinds cannot name the same date or span."""
    if a.kind == b.kind == "duration":
        return not same_duration(a, b)
    if a.kind == b.kind == "weekday":
        return a.value != b.value
    if a.kind == b.kind == "date":
        va, vb = a.value, b.value
        assert isinstance(va, tuple) and isinstance(vb, tuple)
        return va[1:] != vb[1:] or bool(va[0] and vb[0] and va[0] != vb[0])
    kinds = {a.kind, b.kind}
    if kinds == {"date", "weekday"}:
        date, weekday = (a, b) if a.kind == "date" else (b, a)
        assert isinstance(date.value, tuple) and isinstance(weekday.value, tuple)
        day = weekday_of(date.value)
        return day is not None and day != weekday.value[0]
    if kinds == {"date", "day"}:
        date, day_m = (a, b) if a.kind == "date" else (b, a)
        assert isinstance(date.value, tuple) and isinstance(day_m.value, tuple)
        return date.value[2] != day_m.value[0]
    return False


def comparable(a: Mention, b: Mention) -> bool:
    kinds = {a.kind, b.kind}
    return len(kinds) == 1 and a.kind != "month" or kinds in ({"date", "weekday"}, {"date", "day"})


def english(m: Mention) -> str:
    """A mention in plain English: "16 February 2024", "Monday", "more than 2 hours"."""
    if m.kind in ("date", "month"):
        assert isinstance(m.value, tuple)
        year, month = m.value[0], m.value[1]
        day = f"{m.value[2]} " if m.kind == "date" else ""
        return f"{day}{calendar.month_name[month]}{f' {year}' if year else ''}"
    if m.kind == "day":
        assert isinstance(m.value, tuple)
        return f"day {m.value[0]}"
    if m.kind == "weekday":
        assert isinstance(m.value, tuple)
        return calendar.day_name[m.value[0] - 1]
    hours = float(m.value)  # type: ignore[arg-type]
    amount = f"{hours:g} hours" if hours >= 1 else f"{hours * 60:g} minutes"
    return {"more": "more than ", "about": "about "}.get(m.bound, "") + amount
