"""Meeting identity: do two sources report the same meeting?

Pure: values in, values out. `event_facts` extracts what identifies the meeting a source
reports (dates, place, participants, weekdays); `compare_events` decides from two sets of facts
(and, when the caller embedded the statements, how many statements the two share) whether
they report the same meeting, and says why. `same_meeting(a, b)` does both for two sources and
is what `diff` and `report` use to warn that their sources report different meetings.

The decision, in order:

1. Dates. A source's candidate dates are its date (front matter or header), the month and day
   of its dateline ("MUNICH, Feb 17 (GWS) -", placed in the nearest year) and the dates its
   lead names ("on February 16", "2024年2月16日"). Two sources whose closest candidates are more
   than `EVENT_WINDOW_DAYS` apart report different meetings (a press conference and the next
   day's report of it are one day apart).
2. Weekdays, only when neither source is dated: both name the weekday of what they report, and
   the days differ.
3. Place: both name where they report from (dateline, "in Geneva", 在北京), no place in common,
   and the dates do not already agree to the day.
4. Participants: the prominence-weighted share of names in common (`MIN_NAME_OVERLAP`), names
   normalised (case, accents, possessives, word order) and transliterated (a Chinese name is
   read through CC-CEDICT: 王毅 is "Wang Yi", 慕尼黑 "Munich"; spelling variants one letter
   apart, "Wentao"/"Wendao", are one name).
5. Shared claims: with dates agreeing and a place or participants in common, the meeting is
   the same; otherwise the caller's count of statements alike in meaning decides
   (`MIN_LINKED`, `MIN_LINKED_WITHOUT_NAMES` when the names cannot be compared).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import Levenshtein

from compare import cedict
from compare.ingest import find_date
from compare.lexicon import Lexicon, Matcher, Token, default_lexicon, fold, matcher
from compare.models import Source

#: Sources whose closest dates are further apart than this report different meetings. A
#: report is filed up to a day or two after a meeting; the dev events' reports are 0-1 days
#: from their readouts, different meetings of the same people months apart.
EVENT_WINDOW_DAYS = 3
#: Body paragraphs after the headline that make up the lead, whose names weigh more.
LEAD_PARAGRAPHS = 2
#: Weight of a name in the headline or lead against one elsewhere: the lead names the event.
LEAD_WEIGHT = 3
#: Smallest prominence-weighted share of names (0-1) two reports of one event have in common.
#: On the seeds, reports of one meeting share 0.45-0.73; reports of the Han–Blinken and the two
#: Xi–Blinken meetings 0.15-0.36: where names alone do not tell them apart (same people, 0.25
#: and up), dates, weekdays or places do.
MIN_NAME_OVERLAP = 0.25
#: Fewest distinct names a source needs for the name test to apply at all (a Chinese text
#: whose names CC-CEDICT does not know has too few to count; then the other signals decide).
MIN_NAMES = 3
#: Names read through CC-CEDICT that a Chinese and an English source must share to count as
#: having the same participants (a person's surname and given name: 王毅 = Wang Yi).
MIN_SHARED_ACROSS_SCRIPTS = 2
#: Statements of one source that must have a counterpart in the other (cosine at least the
#: caller's link threshold) when neither dates nor places settle the question ...
MIN_LINKED = 1
#: ... and when names could not be compared.
MIN_LINKED_WITHOUT_NAMES = 3
#: Shortest names compared by spelling: "Wentao"/"Wendao" are one name, "Wang"/"Wong" two.
MIN_FUZZY_NAME = 5
#: Normalised Levenshtein similarity from which two names of that length are one.
FUZZY_NAME_SIMILARITY = 0.8
#: Dates agreeing to within this many days outweigh a place mismatch (places in a lead are
#: often background: "since the summit in California").
PLACE_OVERRIDE_DAYS = 1

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b")
_ZH_WEEKDAY_RE = re.compile(r"(?:星期|周|礼拜|禮拜)([一二三四五六日天])")
_ZH_DAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_MONTH_NAMES = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_MONTHS = frozenset(_MONTH_NAMES.split())
_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_MONTH_DAY_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})\b(?!\s*(?:%|percent|per cent))"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\b)"
)
_ZH_DATE_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_MONTH_NUMBERS = {
    name: i + 1 for i, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())
}
# A dateline: "MUNICH, Feb 17 (GWS) -", "Vientiane, Jul 25 (PTI)", "GENEVA, March 12, 2024".
_DATELINE_RE = re.compile(
    rf"\s*(?P<place>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,2}})\s*,\s*"
    rf"(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH}))\b"
)
# A place a lead names: "in Geneva", "in Vientiane, Laos", "at the Diaoyutai State Guesthouse".
_IN_PLACE_RE = re.compile(r"\bin (?P<place>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})")
_CJK_LANGUAGES = frozenset(("zh", "ja", "ko"))
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Words for the cheap scans: letters, dotted abbreviations, apostrophes.
_PLAIN_WORD_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
# Words after a capitalised one that a party marker or title can extend over.
_WINDOW_TAIL = 3
_NOT_NAMES = _MONTHS | frozenset(WEEKDAYS) | frozenset(d + "s" for d in WEEKDAYS)
# Longest Chinese word looked up in CC-CEDICT (names of people and places are 2-4 characters).
_MAX_CJK_WORD = 4
# CC-CEDICT definitions that make a proper noun a place rather than a person.
_PLACE_DEFINITION_RE = re.compile(
    r"\b(?:capital|city|province|prefecture|county|island|district)\b"
)


@dataclass(frozen=True)
class EventFacts:
    """What identifies the meeting a source reports.

    `names` maps folded names (people and places, from capitalised words and, for Chinese
    text, CC-CEDICT) to prominence weights summing to 1; `places` are the places the source
    reports from or names as where things happened; `dates` its candidate dates;
    `month_days` dates without a year ((month, day) of a dateline or lead); `weekdays` the
    weekdays it names (0 = Monday).
    """

    source: str
    names: Mapping[str, float]
    places: frozenset[str]
    dates: tuple[Date, ...]
    month_days: tuple[tuple[int, int], ...]
    weekdays: frozenset[int]
    cjk: bool = False

    @property
    def date(self) -> Date | None:
        """The source's own date (its first candidate), if any."""
        return self.dates[0] if self.dates else None

    @property
    def month_day(self) -> tuple[int, int] | None:
        return self.month_days[0] if self.month_days else None


@dataclass(frozen=True)
class MeetingVerdict:
    """Whether two sources report the same meeting, and why.

    `names` is the prominence-weighted share of names in common (0-1) and `shared` those names,
    most prominent first; `places` the places in common; `days` how far apart the closest
    dates are (None unless both are dated); `linked` the caller's count of statements alike
    (None when it was not needed or not computed).
    """

    same: bool
    reason: str
    names: float = 0.0
    shared: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    days: int | None = None
    linked: int | None = None
    #: Whether the decision still depends on statements alike (`compare_events` with
    #: `linked=None` and no settling date/place/names evidence).
    undecided: bool = False
    #: What decided "different": "dates", "days", "places", "names" or "statements".
    by: str = ""
    #: One source is dated, the other names only weekdays, and a date falls on one of them.
    weekday_match: bool = False

    @property
    def dated_together(self) -> bool:
        """The same meeting by the sources' dates (at most a day apart, the lag of a report), or
        by one source's date falling on the weekday the other names, the cast agreeing."""
        if self.same and self.days is not None and self.days <= 1:
            return True
        return self.weekday_match and self.names >= MIN_NAME_OVERLAP

    @property
    def dated_apart(self) -> bool:
        """Different meetings by their dates or weekdays: what a comparison of the two texts
        trusts enough to link nothing (a place or a cast can differ in one meeting's reports:
        a dateline from the capital, a story that names other officials)."""
        return not self.same and self.by in ("dates", "days")

    @property
    def different(self) -> bool:
        """The two certainly report different meetings (what `diff`/`report` warn about)."""
        return not self.same and not self.undecided


# ---------------------------------------------------------------------------------------------
# Facts
# ---------------------------------------------------------------------------------------------


def event_facts(source: Source, *, lexicon: Lexicon | None = None) -> EventFacts:
    """Names (weighted by prominence), places, dates and weekdays of a source.

    A name is a capitalised word that never appears in lower case in the text, is not a party
    marker ("Chinese", "White House"), a title, a month or a weekday, or a Chinese proper noun
    CC-CEDICT knows (read as its English name). Words of the headline and the first
    `LEAD_PARAGRAPHS` paragraphs count `LEAD_WEIGHT` times.
    """
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    regions = [source.text[s:e] for s, e in source.body]
    texts = ([source.title] if source.title else []) + regions
    lead_count = (1 if source.title else 0) + LEAD_PARAGRAPHS
    whole = "\n".join(texts)
    lead = "\n".join(texts[:lead_count])
    lower = lowercase_words(whole)
    counts: Counter[str] = Counter()
    for k, text in enumerate(texts):
        weight = LEAD_WEIGHT if k < lead_count else 1
        for word in _names_in(lex, text, lower):
            counts[word] += weight
        for word in _cjk_names(text, places=False):
            if word not in _party_words(lex):
                counts[word] += weight
    total = sum(counts.values())
    names = {w: c / total for w, c in counts.items()} if total else {}

    weekdays = {WEEKDAYS.index(m.group(1).lower() + "day") for m in _WEEKDAY_RE.finditer(whole)}
    weekdays |= {_ZH_DAYS[m.group(1)] for m in _ZH_WEEKDAY_RE.finditer(whole)}

    own = _parse_date(source.date)
    dateline_place, dateline_day = _dateline(source)
    dates: list[Date] = [own] if own is not None else []
    month_days: list[tuple[int, int]] = []
    if dateline_day is not None:
        month_days.append(dateline_day)
    for found in lead_dates(lead):
        if isinstance(found, Date):
            dates.append(found)
        else:
            month_days.append(found)
    if dates:
        # A month and day without a year belongs to the year nearest the source's own date.
        anchor = dates[0]
        dates.extend(d for md in month_days if (d := _nearest(anchor, md)) is not None)
        month_days = []

    places = {fold(p) for p in _places(lead)}
    if dateline_place:
        places.add(fold(dateline_place))
    places |= set(_cjk_names(lead, places=True))
    places = {p for p in places if p not in _NOT_NAMES}
    return EventFacts(
        source.id,
        names,
        frozenset(places),
        tuple(dict.fromkeys(dates)),
        tuple(dict.fromkeys(month_days)),
        frozenset(weekdays),
        source.language in _CJK_LANGUAGES,
    )


def _names_in(lex: Matcher, text: str, lower: frozenset[str]) -> list[str]:
    out = []
    for start, end in _capitalised_windows(text):
        # Only the windows around capitalised words are stemmed and looked up: stemming every
        # word of a thousand-document corpus would cost more than all the rest.
        tokens = lex.tokenize(text, start, end)
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if not t.capitalised or t.cjk or t.number:
                i += 1
                continue
            kind = name_token(lex, tokens, i)
            if kind < 0:
                i += -kind
                continue
            word = fold(t.text).removesuffix("'s")
            if len(word) > 1 and word not in lower and word not in _NOT_NAMES:
                out.append(word)
            i += 1
    return out


def name_token(lex: Matcher, tokens: Sequence[Token], i: int) -> int:
    """1 when tokens[i] may be (part of) a name; minus the length of the party marker, title
    or stopword phrase it starts otherwise (the caller skips that many tokens)."""
    for n in (3, 2, 1):
        if i + n <= len(tokens) and tuple(t.stem for t in tokens[i : i + n]) in lex.parties:
            return -n
    n, entries = lex.lookup(tokens, i)
    if n and any(e.category in ("title", "stop") for e in entries):
        return -n
    return 1


def _party_words(lex: Matcher) -> frozenset[str]:
    """Every word of every party marker, folded ("united", "states", "china")."""
    return _party_words_of(lex.lexicon)


@lru_cache(maxsize=4)
def _party_words_of(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(
        fold(w) for _, forms in lexicon.parties for form in forms for w in form.split()
    )


@lru_cache(maxsize=64)
def lowercase_words(text: str) -> frozenset[str]:
    """Words written in lower case somewhere in `text` (lower-cased, apostrophes straightened)."""
    return frozenset(
        m.group().lower().replace("’", "'")
        for m in _PLAIN_WORD_RE.finditer(text)
        if m.group()[:1].islower()
    )


def _capitalised_windows(text: str) -> list[tuple[int, int]]:
    """Spans of `text` holding its capitalised words, each with the few words after it that a
    party marker or title may run on into ("Biden administration", "Secretary of State")."""
    words = list(_PLAIN_WORD_RE.finditer(text))
    caps = [i for i, m in enumerate(words) if m.group()[:1].isupper()]
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(caps):
        first = last = caps[k]
        while k + 1 < len(caps) and caps[k + 1] - last <= _WINDOW_TAIL:
            k += 1
            last = caps[k]
        k += 1
        end = min(last + _WINDOW_TAIL, len(words) - 1)
        if k < len(caps):
            end = min(end, caps[k] - 1)
        spans.append((words[first].start(), words[end].end()))
    return spans


@lru_cache(maxsize=1 << 14)
def _proper_noun(word: str) -> tuple[str, ...] | None:
    """("person" or "place", English name words) of a Chinese proper noun, or None."""
    entry = cedict.lookup(word)
    if entry is None or not entry.pinyin[:1].isupper() or not entry.definitions:
        return None
    english = _english_names(entry.definitions[0])
    if not english:
        return None
    kind = "place" if _PLACE_DEFINITION_RE.search(entry.definitions[0]) else "person"
    return (kind, *english)


def _english_names(definition: str) -> tuple[str, ...]:
    """ "München or Munich, capital of Bavaria" -> ("munchen", "munich"); "Wang Yi (1953-), ..."
    -> ("wang", "yi"). Only capitalised words: a common noun is no name."""
    head = re.split(r"[,(;]", definition, maxsplit=1)[0]
    words: list[str] = []
    for part in head.split(" or "):
        tokens = part.split()
        if not tokens or not all(t[:1].isupper() for t in tokens):
            continue
        words.extend(fold(t).strip(".'") for t in tokens)
    return tuple(w for w in words if len(w) > 1)


def _cjk_names(text: str, *, places: bool) -> list[str]:
    """English names of the Chinese people (or places) named in `text`, longest match first."""
    if not _CJK_RUN_RE.search(text):
        return []
    out: list[str] = []
    for run in _CJK_RUN_RE.finditer(text):
        chars = run.group()
        i = 0
        while i < len(chars):
            for n in range(min(_MAX_CJK_WORD, len(chars) - i), 1, -1):
                hit = _proper_noun(chars[i : i + n])
                if hit is not None:
                    kind, *english = hit
                    if (kind == "place") == places:
                        out.extend(english)
                    i += n
                    break
            else:
                i += 1
    return out


def _places(lead: str) -> list[str]:
    out = []
    for m in _IN_PLACE_RE.finditer(lead):
        words = m.group("place").split()
        if fold(words[0]) in _NOT_NAMES or words[0].isupper() and len(words[0]) <= 4:
            continue
        out.append(" ".join(words))
    return out


def _dateline(source: Source) -> tuple[str | None, tuple[int, int] | None]:
    """(place, (month, day)) of the source's dateline, if it has one."""
    if not source.body:
        return None, None
    start = source.body[0][0]
    line_start = source.text.rfind("\n", 0, start) + 1
    m = _DATELINE_RE.match(source.text, line_start, line_start + 160)
    if m is None:
        return None, None
    month = m.group("month") or m.group("month2")
    day = int(m.group("day") or m.group("day2"))
    number = _MONTH_NUMBERS[month.lower().rstrip(".")[:3]]
    return m.group("place"), ((number, day) if safe_date(2000, number, day) else None)


def lead_dates(lead: str) -> list[Date | tuple[int, int]]:
    """Dates the lead names: full dates, else (month, day) pairs; Chinese 2024年2月16日 too."""
    out: list[Date | tuple[int, int]] = []
    full = find_date(lead)
    if full is not None:
        out.append(Date.fromisoformat(full))
    for m in _ZH_DATE_RE.finditer(lead):
        zh_month, zh_day = int(m.group("m")), int(m.group("d"))
        if m.group("y") and (d := safe_date(int(m.group("y")), zh_month, zh_day)) is not None:
            out.append(d)
        elif safe_date(2000, zh_month, zh_day) is not None:
            out.append((zh_month, zh_day))
    for m in _MONTH_DAY_RE.finditer(lead):
        month = m.group("m1") or m.group("m2")
        day = int(m.group("d1") or m.group("d2"))
        number = _MONTH_NUMBERS[month.lower().rstrip(".")[:3]]
        if safe_date(2000, number, day) is not None:  # a leap year: February 29 is a day
            out.append((number, day))
    return out


def _parse_date(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _nearest(anchor: Date, month_day: tuple[int, int]) -> Date | None:
    options = [
        d
        for year in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := safe_date(year, *month_day)) is not None
    ]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


# ---------------------------------------------------------------------------------------------
# Decision
# ---------------------------------------------------------------------------------------------


def days_apart(a: EventFacts, b: EventFacts) -> int | None:
    """Days between the two sources' closest candidate dates; a (month, day) without a year is
    placed in the year that brings it closest. None when either has no date at all."""
    best: int | None = None
    for x in a.dates:
        for y in b.dates:
            best = _min(best, abs((x - y).days))
        for md in b.month_days:
            if (d := _nearest(x, md)) is not None:
                best = _min(best, abs((x - d).days))
    for md in a.month_days:
        for y in b.dates:
            if (d := _nearest(y, md)) is not None:
                best = _min(best, abs((y - d).days))
        first = Date(2000, *md)  # a leap year: every (month, day) found exists
        for other in b.month_days:
            if (d := _nearest(first, other)) is not None:
                best = _min(best, abs((first - d).days))
    return best


def _min(a: int | None, b: int) -> int:
    return b if a is None else min(a, b)


def same_name(a: str, b: str) -> bool:
    """One name written two ways: equal once folded, or long and one or two letters apart."""
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY_NAME:
        return False
    return Levenshtein.normalized_similarity(a, b) >= FUZZY_NAME_SIMILARITY


def _pairs(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Pairs of keys of `a` and `b` that are one name (each key used once, exact first)."""
    out = [(k, k) for k in a if k in b]
    used_a = {k for k, _ in out}
    used_b = set(used_a)
    for k in a:
        if k in used_a or len(k) < MIN_FUZZY_NAME:
            continue
        for m in b:
            if m not in used_b and same_name(k, m):
                out.append((k, m))
                used_b.add(m)
                break
    return out


def name_overlap(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Prominence-weighted share of names in common, in [0, 1] (1: same names, same weights)."""
    return min(1.0, sum(min(a[x], b[y]) for x, y in _pairs(a, b)))


def shared_names(a: Mapping[str, float], b: Mapping[str, float]) -> tuple[str, ...]:
    """Names in common, most prominent first (as `a` writes them)."""
    pairs = _pairs(a, b)
    return tuple(x for x, y in sorted(pairs, key=lambda p: (-min(a[p[0]], b[p[1]]), p[0])))


def _shown_date(facts: EventFacts) -> str:
    if facts.dates:
        return str(facts.dates[0])
    if facts.month_days:
        month, day = facts.month_days[0]
        return f"{Date(2000, month, 1):%B} {day}"
    return "undated"


def _closest_shown(a: EventFacts, b: EventFacts) -> tuple[str, str]:
    return _shown_date(a), _shown_date(b)


def names_comparable(a: EventFacts, b: EventFacts) -> bool:
    """Both have `MIN_NAMES` names, written in one script: names read from Chinese through
    CC-CEDICT are evidence when shared, never a reason to tell two sources apart."""
    return a.cjk == b.cjk and len(a.names) >= MIN_NAMES and len(b.names) >= MIN_NAMES


def compare_events(a: EventFacts, b: EventFacts, *, linked: int | None = None) -> MeetingVerdict:
    """Same meeting or not, with the reason (see the module doc for the order of tests).

    `linked` is how many statements of `a` have a counterpart alike in meaning in `b`; leave it
    None when not computed: the verdict then says `undecided` where only statements could tell.
    """
    overlap = name_overlap(a.names, b.names)
    shared = shared_names(a.names, b.names)
    places = tuple(sorted(x for x, _ in _pairs(dict.fromkeys(a.places), dict.fromkeys(b.places))))
    days = days_apart(a, b)

    weekday_match = days is None and _weekday_match(a, b)

    def verdict(same: bool, reason: str, undecided: bool = False, by: str = "") -> MeetingVerdict:
        return MeetingVerdict(
            same, reason, overlap, shared, places, days, linked, undecided, by, weekday_match
        )

    if days is not None and days > EVENT_WINDOW_DAYS:
        shown_a, shown_b = _closest_shown(a, b)
        return verdict(
            False, f"different dates: {shown_a} vs {shown_b}, {days} days apart", by="dates"
        )
    if days is None and a.weekdays and b.weekdays and not a.weekdays & b.weekdays:
        shown_a = "/".join(WEEKDAYS[d].title() for d in sorted(a.weekdays))
        shown_b = "/".join(WEEKDAYS[d].title() for d in sorted(b.weekdays))
        return verdict(False, f"different days: {shown_a} vs {shown_b}", by="days")
    settled_by_date = days is not None and days <= PLACE_OVERRIDE_DAYS
    if a.places and b.places and not places and not settled_by_date:
        shown_a, shown_b = ", ".join(sorted(a.places)), ", ".join(sorted(b.places))
        return verdict(False, f"different places: {shown_a} vs {shown_b}", by="places")
    comparable = names_comparable(a, b)
    if comparable and overlap < MIN_NAME_OVERLAP:
        return verdict(
            False, f"few names in common ({overlap:.2f} < {MIN_NAME_OVERLAP})", by="names"
        )

    parts = []
    if days is not None:
        parts.append(f"{days} day{'s' if days != 1 else ''} apart")
    if places:
        parts.append(f"both in {', '.join(places)}")
    if comparable:
        parts.append(f"names in common {overlap:.2f}: {', '.join(shared[:4])}")
    if linked is not None:
        parts.append(f"{linked} statement{'s' if linked != 1 else ''} alike")
    participants = (comparable and overlap >= MIN_NAME_OVERLAP) or (
        a.cjk != b.cjk and len(shared) >= MIN_SHARED_ACROSS_SCRIPTS
    )
    if days is not None and (places or participants):
        return verdict(True, "; ".join(parts))
    need = MIN_LINKED if comparable or places else MIN_LINKED_WITHOUT_NAMES
    if linked is None:
        return verdict(participants and bool(places), "; ".join(parts), undecided=True)
    if linked < need:
        return verdict(False, f"too few statements alike ({linked} < {need})", by="statements")
    return verdict(True, "; ".join(parts))


def _weekday_match(a: EventFacts, b: EventFacts) -> bool:
    """One side dated, the other naming weekdays only, and a date on one of those weekdays."""
    return any(
        dated.dates and not named.dates and any(d.weekday() in named.weekdays for d in dated.dates)
        for dated, named in ((a, b), (b, a))
    )


def same_meeting(a: Source, b: Source, *, lexicon: Lexicon | None = None) -> MeetingVerdict:
    """Whether two sources report the same meeting, from dates, weekdays, places and names.

    For `diff` and `report`: `verdict.different` is True when the two certainly report
    different meetings, and `verdict.reason` says why ("different dates: 2024-02-16 vs
    2023-07-13, 218 days apart").

    Without statements to compare, a pair that nothing tells apart and that shares no date
    and no place is not called the same meeting (`undecided` is then True).
    """
    return compare_events(event_facts(a, lexicon=lexicon), event_facts(b, lexicon=lexicon))
