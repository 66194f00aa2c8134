"""`readout check`: verify what new articles quote and attribute against the record.

For each new article, `check` finds the corpus documents about the same event, picks out the
primaries among them (government readouts: `role: primary` front matter, or inferred and said
why), and verifies every direct quote and every claim the article attributes to an official
source or account against them:

- verified      the primary has the same words (typography, case and ellipses aside)
- drifted       the primary has the passage in other words: the differing words are findings
- not_found     the primary does not have it (a warning when the article attributes it there)
- contradicted  the wording reverses the primary's claim (a negation or an antonym)

Without a primary, quotes are compared with what the other (secondary) reports quote, and
disagreement is reported one severity level lower.

Event matching never uses a list of known documents. Two documents are about different events
when both are dated more than `EVENT_WINDOW_DAYS` apart (an undated readout's "On June 19, ..."
counts, in the nearest year), or both name the weekday of what they report and the days
differ; otherwise they must share prominent names (people, places: the ones in the headline
and lead count most) and have statements alike in meaning. Two meetings of the same people
that neither dates nor weekdays tell apart are taken for one event.

Offsets in every result index the new article's `Source.text` (see `compare.check_render` for
line and column numbers). `load_articles`/`load_corpus` are the I/O edge; `check` itself
reads no file and prints nothing (it embeds, through `embedder_factory`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from compare import embed, framing, pipeline
from compare.errors import InputError, UsageError
from compare.ingest import GOV_OUTLET_RE, STDIN_PATH, load_source, unwrapped_text
from compare.lexicon import Lexicon, Matcher, Token, default_lexicon, fold, is_cjk, matcher
from compare.models import SEVERITIES, Alignment, Finding, Source, Statement
from compare.quotes import Quote, find_cues, find_quotes
from compare.segment import segment

#: Files read from the corpus folder (and its subfolders, hidden ones excepted).
CORPUS_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: `--fail-on` default: quote drift and contradiction against a primary are high severity.
DEFAULT_FAIL_ON = "high"
#: Kinds of check findings. The framing kinds come from claims compared through `framing`.
CHECK_KINDS = ("quote_drift", "polarity", "not_found", "number", "entity", "tone", "hedge")
#: What a checked quote or claim turned out to be.
STATUSES = ("verified", "drifted", "contradicted", "not_found", "unclear", "unchecked")

# --- event matching ---------------------------------------------------------------------------
#: Documents dated further apart than this (both dates known) report different events.
EVENT_WINDOW_DAYS = 3
#: Body paragraphs after the headline that make up the lead, whose names weigh more.
LEAD_PARAGRAPHS = 2
#: Weight of a name in the headline or lead against one elsewhere: the lead names the event.
LEAD_WEIGHT = 3
#: Smallest prominence-weighted share of names (0-1) two reports of one event have in common.
#: On the seeds, reports of one meeting share 0.45-0.73; reports of the Han–Blinken and the two
#: Xi–Blinken meetings 0.15-0.36: where names alone do not tell them apart (same people, 0.25 and
#: up), dates or weekdays do.
MIN_NAME_OVERLAP = 0.25
#: Fewest distinct names a document needs for the name test to apply at all (a Chinese text has
#: no capitalised names to count; then statements alone decide).
MIN_NAMES = 3
#: Cosine from which two statements count as saying the same thing (USE scale: paraphrases
#: 0.6-0.9, English against its Chinese translation about 0.74).
STATEMENT_LINK = 0.6
#: Statements of the new article that must have such a counterpart in a document of the event ...
MIN_LINKED = 1
#: ... and when names could not be compared.
MIN_LINKED_WITHOUT_NAMES = 3
#: Rejected documents named in the result (the closest by names), to explain a non-match.
MAX_REPORTED_REJECTIONS = 5

# --- primaries --------------------------------------------------------------------------------
#: Share of body paragraphs in a foreign ministry's "<name> said" voice (no direct quotes, no
#: third-party accounts) from which an unlabelled document is taken for a readout.
MINISTRY_VOICE_SHARE = 0.5
#: Fewest paragraphs for that test: a three-line brief has no format to speak of.
MIN_MINISTRY_PARAGRAPHS = 3

# --- quotes and claims ------------------------------------------------------------------------
#: Quotes shorter than this (in words) are scare quotes and terms, not checked.
MIN_QUOTE_WORDS = 2
#: A differing passage must share this many words with the quote ...
MIN_SHARED_WORDS = 2
#: ... and this share of the quote's words, against the record ("frank and constructive
#: discussion" keeps 2 of 4 words of "candid and constructive discussions") ...
MIN_DRIFT_SIMILARITY = 0.5
#: ... or at least this share of the shorter quote's words between two reports' quotes, which
#: may be of different remarks that share a stock phrase.
MIN_ECHO_SIMILARITY = 0.6
#: Names each of two quotes' sentences must have, none shared, for the quotes to be taken for
#: different remarks ("… Jake Sullivan met Wang Yi in Malta, in what both sides described as
#: "candid …"" against "Matthew Miller said Blinken and Han had "candid …" discussions").
MIN_CONTEXT_NAMES = 2
#: Words an editorial insertion "[the U.S.]" may stand for in the original.
MAX_BRACKET_WORDS = 8
#: Quotes up to this many words are shown whole in messages; longer ones around the change.
MAX_SHOWN_WORDS = 24
#: Cosine from which a primary's statement is the counterpart of an attributed claim.
CLAIM_LINK = 0.6
#: Below this cosine the primaries have nothing like the claim: not found (between the two
#: thresholds the claim is "unclear" and not reported).
CLAIM_ABSENT = 0.45
#: Framing kinds that matter when a claim is compared with the record (wording, omissions and
#: attribution differences are expected of any paraphrase).
CLAIM_KINDS = frozenset(("polarity", "number", "entity", "tone", "hedge"))
#: Words that make a speaker an institution rather than a person ("the Foreign Ministry said").
INSTITUTION_WORDS = frozenset(
    "ministry department office government embassy consulate administration side council "
    "cabinet presidency spokesperson spokesman spokeswoman spokespeople".split()
)

# Local alignment scores (Smith-Waterman over words).
_MATCH, _MISMATCH, _GAP = 2, -1, -1
# Words of context around a candidate window before the word-level alignment.
_WINDOW_MARGIN = 12
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b")
_ZH_WEEKDAY_RE = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")
_ZH_DAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_MONTH_DAY_RE = re.compile(
    r"\b(?:(?P<m1>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<d1>\d{1,2})\b"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?"
    r"|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b)"
)
_MONTH_NUMBERS = {
    name: i + 1 for i, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())
}
# Words for the cheap scans of event matching: letters, dotted abbreviations, apostrophes.
_PLAIN_WORD_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
# Words after a capitalised one that a party marker or title can extend over.
_WINDOW_TAIL = 3
# Capitalised words that are never names: months and weekdays; never people: pronouns.
_NOT_NAMES = _MONTHS | frozenset(_WEEKDAYS) | frozenset(d + "s" for d in _WEEKDAYS)
_NOT_PEOPLE = frozenset("the a an he she they it we i both".split())
_MARKS_RE = re.compile(r"[\"“”„«»]")
# An omission ("…", "...", ". . .", "[…]") or an editorial insertion ("[the U.S.]") in a quote.
_GAP_RE = re.compile(
    r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]|…|\.\s?\.\s?\.|(?P<bracket>\[[^\[\]\n]{1,80}\])"
)


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailOn:
    """When `readout check` fails: a finding at or above `severity`, or of one of `kinds`."""

    severity: str | None = DEFAULT_FAIL_ON
    kinds: frozenset[str] = frozenset()

    def trips(self, finding: CheckFinding) -> bool:
        if finding.kind in self.kinds:
            return True
        return self.severity is not None and (
            _SEVERITY_RANK[finding.severity] <= _SEVERITY_RANK[self.severity]
        )

    def __str__(self) -> str:
        return self.severity if self.severity is not None else ",".join(sorted(self.kinds))


@dataclass(frozen=True)
class EventMatch:
    """Whether a corpus document reports the same event as the new article, and why.

    `names` is the prominence-weighted share of names in common (0-1), `shared` the common
    names, most prominent first; `linked` counts the new article's statements with a
    counterpart in the document (None when the document was ruled out before embedding);
    `days` is how far apart the two dates are (None unless both are known).
    """

    source: str
    same_event: bool
    reason: str
    names: float = 0.0
    shared: tuple[str, ...] = ()
    linked: int | None = None
    days: int | None = None


@dataclass(frozen=True)
class Primary:
    """A corpus document taken as the record, and why (`inferred`: no front matter said so)."""

    source: str
    reason: str
    inferred: bool


@dataclass(frozen=True)
class CheckFinding:
    """A problem with what the new article quotes or attributes.

    `span`/`text` locate the article's wording in its `Source.text`; `reference`,
    `reference_span` and `reference_text` the wording of the document it was checked against
    (None for not_found). `against` is "primary" or "secondary".
    """

    kind: str
    severity: str
    span: tuple[int, int]
    text: str
    message: str
    against: str
    reference: str | None = None
    reference_span: tuple[int, int] | None = None
    reference_text: str | None = None


@dataclass(frozen=True)
class Check:
    """One direct quote (`kind` "quote") or attributed claim ("claim") and what became of it.

    `span` locates the quote's words (inside the marks) or the claim's statement in the
    article's `Source.text`; `status` is one of `STATUSES`; `against` says whether the
    `reference` was a "primary" or a "secondary" (None when nothing could be compared);
    `findings` are this check's problems (also listed, sorted, in `ArticleCheck.findings`).
    """

    kind: str
    span: tuple[int, int]
    text: str
    speaker: str | None
    status: str
    against: str | None = None
    reference: str | None = None
    reference_span: tuple[int, int] | None = None
    findings: tuple[CheckFinding, ...] = ()


@dataclass(frozen=True)
class ArticleCheck:
    """Everything `check` found out about one new article."""

    source: Source
    events: tuple[EventMatch, ...]
    primaries: tuple[Primary, ...]
    checks: tuple[Check, ...]
    findings: tuple[CheckFinding, ...]

    @property
    def matched(self) -> tuple[str, ...]:
        return tuple(e.source for e in self.events if e.same_event)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of `readout check`: one `ArticleCheck` per new article."""

    articles: tuple[ArticleCheck, ...]
    corpus: tuple[Source, ...]
    fail_on: FailOn
    backend: str = ""

    @property
    def findings(self) -> tuple[CheckFinding, ...]:
        return tuple(f for a in self.articles for f in a.findings)

    @property
    def failing(self) -> tuple[CheckFinding, ...]:
        """Findings at or above `fail_on`."""
        return tuple(f for f in self.findings if self.fail_on.trips(f))

    @property
    def failed(self) -> bool:
        return bool(self.failing)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 findings at or above `fail_on` (2, input errors, is the CLI's)."""
        return 1 if self.failed else 0

    def source(self, source_id: str) -> Source:
        for s in (*self.corpus, *(a.source for a in self.articles)):
            if s.id == source_id:
                return s
        raise KeyError(source_id)


def parse_fail_on(value: str) -> FailOn:
    """`high`, `medium` or `low`, or a comma list of finding kinds (`quote_drift,polarity`)."""
    text = value.strip().lower()
    if text in SEVERITIES:
        return FailOn(severity=text)
    kinds = frozenset(k.strip() for k in text.split(",") if k.strip())
    unknown = sorted(kinds - set(CHECK_KINDS))
    if not kinds or unknown:
        shown = ", ".join(unknown) if unknown else repr(value)
        raise UsageError(
            f"--fail-on {shown} is not a severity or finding kind; use one of "
            f"{', '.join(SEVERITIES)} or a comma list of {', '.join(CHECK_KINDS)}"
        )
    return FailOn(severity=None, kinds=kinds)


# ---------------------------------------------------------------------------------------------
# Loading (the I/O edge)
# ---------------------------------------------------------------------------------------------


def load_articles(paths: Sequence[str | Path]) -> list[Source]:
    """The new articles, with ids "new:1", "new:2", ... ("-" reads standard input)."""
    if not paths:
        raise UsageError("no article to check; pass one or more files")
    seen: set[Path] = set()
    sources = []
    for index, path in enumerate(paths, start=1):
        if str(path) != STDIN_PATH:
            key = Path(path).resolve()
            if key in seen:
                raise InputError(str(path), "given twice", "pass each article once")
            seen.add(key)
        sources.append(load_source(path, f"new:{index}"))
    return sources


def corpus_files(folder: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Articles in `folder` and its subfolders (`CORPUS_SUFFIXES`), sorted, minus `exclude`.

    Hidden files and folders (".git") are skipped. Raises `InputError` when `folder` is not a
    folder or holds no article besides the excluded ones.
    """
    root = Path(folder)
    if not root.exists():
        raise InputError(str(folder), "no such folder", "pass the folder of the corpus")
    if not root.is_dir():
        raise InputError(str(folder), "is not a folder", "pass the folder of the corpus")
    skip = {Path(p).resolve() for p in exclude if str(p) != STDIN_PATH}
    files = sorted(
        p
        for p in root.rglob("*")
        if p.suffix.lower() in CORPUS_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.resolve() not in skip
    )
    if not files:
        raise InputError(
            str(folder),
            "the corpus is empty (no .txt, .md, .html or .htm article besides those checked)",
            "pass the folder that holds the readouts and earlier articles",
        )
    return files


def load_corpus(folder: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[Source]:
    """Every corpus article, with stable ids "corpus:<path relative to folder>"."""
    root = Path(folder)
    return [
        load_source(path, f"corpus:{path.relative_to(root).as_posix()}")
        for path in corpus_files(root, exclude=exclude)
    ]


# ---------------------------------------------------------------------------------------------
# Event matching
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _EventFeatures:
    names: Mapping[str, float]  # folded name -> prominence weight, summing to 1
    weekdays: frozenset[int]
    date: Date | None
    # (month, day) named in the lead of an undated document ("On the afternoon of June 19,").
    month_day: tuple[int, int] | None = None


def _is_name_token(lex: Matcher, tokens: Sequence[Token], i: int) -> int:
    """1 when tokens[i] may be (part of) a name; minus the length of the party marker, title
    or stopword phrase it starts otherwise (the caller skips that many tokens)."""
    for n in (3, 2, 1):
        if i + n <= len(tokens) and tuple(t.stem for t in tokens[i : i + n]) in lex.parties:
            return -n
    n, entries = lex.lookup(tokens, i)
    if n and any(e.category in ("title", "stop") for e in entries):
        return -n
    return 1


def event_features(source: Source, *, lexicon: Lexicon | None = None) -> _EventFeatures:
    """Names (weighted by prominence), weekdays named and date of a source, for event matching.

    A name is a capitalised word that never appears in lower case in the text, is not a party
    marker ("Chinese", "White House"), a title, a month or a weekday. Words of the headline and
    the first `LEAD_PARAGRAPHS` paragraphs count `LEAD_WEIGHT` times.
    """
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    regions = [source.text[s:e] for s, e in source.body]
    texts = ([source.title] if source.title else []) + regions
    lead = (1 if source.title else 0) + LEAD_PARAGRAPHS
    lower = _lowercase_words("\n".join(texts))
    counts: Counter[str] = Counter()
    for k, text in enumerate(texts):
        for start, end in _capitalised_windows(text):
            # Only the windows around capitalised words are stemmed and looked up: stemming
            # every word of a thousand-document corpus would cost more than all the rest.
            tokens = lex.tokenize(text, start, end)
            i = 0
            while i < len(tokens):
                t = tokens[i]
                if not t.capitalised or t.cjk or t.number:
                    i += 1
                    continue
                kind = _is_name_token(lex, tokens, i)
                if kind < 0:
                    i += -kind
                    continue
                word = fold(t.text).removesuffix("'s")
                if len(word) > 1 and word not in lower and word not in _NOT_NAMES:
                    counts[word] += LEAD_WEIGHT if k < lead else 1
                i += 1
    total = sum(counts.values())
    names = {w: c / total for w, c in counts.items()} if total else {}
    text = "\n".join(texts)
    weekdays = {_WEEKDAYS.index(m.group(1).lower() + "day") for m in _WEEKDAY_RE.finditer(text)}
    weekdays |= {_ZH_DAYS[m.group(1)] for m in _ZH_WEEKDAY_RE.finditer(text)}
    date = _parse_date(source.date)
    month_day = None if date is not None else _month_day("\n".join(texts[:lead]))
    return _EventFeatures(names, frozenset(weekdays), date, month_day)


def _month_day(text: str) -> tuple[int, int] | None:
    """The first "June 19" / "19 June" in `text` (no year), as (month, day)."""
    for m in _MONTH_DAY_RE.finditer(text):
        month = m.group("m1") or m.group("m2")
        day = int(m.group("d1") or m.group("d2"))
        number = _MONTH_NUMBERS[month.lower().rstrip(".")[:3]]
        try:
            Date(2000, number, day)  # a leap year: February 29 is a day
        except ValueError:
            continue
        return number, day
    return None


def _days_apart(a: _EventFeatures, b: _EventFeatures) -> int | None:
    """Days between the two documents' dates; a (month, day) without a year is placed in the
    year that brings it closest. None when either has no date at all."""
    if a.date is not None and b.date is not None:
        return abs((a.date - b.date).days)
    full, partial = (a.date, b.month_day) if a.date is not None else (b.date, a.month_day)
    if full is not None and partial is not None:
        return min(
            abs((full - d).days)
            for year in (full.year - 1, full.year, full.year + 1)
            if (d := _safe_date(year, *partial)) is not None
        )
    if a.month_day is not None and b.month_day is not None:
        first = Date(2000, *a.month_day)  # a leap year: every (month, day) found exists
        return min(
            abs((first - d).days)
            for year in (1999, 2000, 2001)
            if (d := _safe_date(year, *b.month_day)) is not None
        )
    return None


def _safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _parse_date(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def name_overlap(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Prominence-weighted share of names in common, in [0, 1] (1: same names, same weights)."""
    return min(1.0, sum(min(w, b[k]) for k, w in a.items() if k in b))


def _shared(a: Mapping[str, float], b: Mapping[str, float]) -> tuple[str, ...]:
    common = [k for k in a if k in b]
    return tuple(sorted(common, key=lambda k: (-min(a[k], b[k]), k)))


def _gate(new: _EventFeatures, other: _EventFeatures) -> tuple[str | None, int | None]:
    """(why the two cannot be one event, or None; days apart when both are dated)."""
    days = _days_apart(new, other)
    if days is not None and days > EVENT_WINDOW_DAYS:
        return (
            f"different dates: {_shown_date(new)} vs {_shown_date(other)}, {days} days apart",
            days,
        )
    if new.weekdays and other.weekdays and not new.weekdays & other.weekdays:
        shown_a = "/".join(_WEEKDAYS[d].title() for d in sorted(new.weekdays))
        shown_b = "/".join(_WEEKDAYS[d].title() for d in sorted(other.weekdays))
        return f"different days: {shown_a} vs {shown_b}", days
    return None, days


def _shown_date(features: _EventFeatures) -> str:
    if features.date is not None:
        return str(features.date)
    if features.month_day is not None:
        month, day = features.month_day
        return f"{Date(2000, month, 1):%B} {day}"
    return "undated"


def _names_comparable(a: _EventFeatures, b: _EventFeatures) -> bool:
    return len(a.names) >= MIN_NAMES and len(b.names) >= MIN_NAMES


def _screen(new: _EventFeatures, other: _EventFeatures, source_id: str) -> EventMatch | None:
    """A rejection before any embedding (date, weekday, names), or None to go on."""
    overlap = name_overlap(new.names, other.names)
    shared = _shared(new.names, other.names)
    why, days = _gate(new, other)
    if why is None and _names_comparable(new, other) and overlap < MIN_NAME_OVERLAP:
        why = f"few names in common ({overlap:.2f} < {MIN_NAME_OVERLAP})"
    if why is None:
        return None
    return EventMatch(source_id, False, why, overlap, shared, None, days)


def _decide(new: _EventFeatures, other: _EventFeatures, source_id: str, linked: int) -> EventMatch:
    overlap = name_overlap(new.names, other.names)
    shared = _shared(new.names, other.names)
    _, days = _gate(new, other)
    comparable = _names_comparable(new, other)
    need = MIN_LINKED if comparable else MIN_LINKED_WITHOUT_NAMES
    parts = []
    if days is not None:
        parts.append(f"{days} day{'s' if days != 1 else ''} apart")
    if comparable:
        parts.append(f"names in common {overlap:.2f}: {', '.join(shared[:4])}")
    parts.append(f"{linked} statement{'s' if linked != 1 else ''} alike")
    if linked < need:
        return EventMatch(
            source_id,
            False,
            f"too few statements alike ({linked} < {need})",
            overlap,
            shared,
            linked,
            days,
        )
    return EventMatch(source_id, True, "; ".join(parts), overlap, shared, linked, days)


# ---------------------------------------------------------------------------------------------
# Primaries
# ---------------------------------------------------------------------------------------------


def primary_of(source: Source, *, lexicon: Lexicon | None = None) -> Primary | None:
    """The source as a primary, with the reason, or None for a secondary.

    `role` from front matter wins either way. A role ingest inferred as primary is explained
    (government site, government outlet, a readout's opening); an inferred secondary is still
    taken for a primary in a foreign ministry's format (see `ministry_format`).
    """
    given = "role" not in source.inferred
    if source.role == "primary":
        if given:
            return Primary(source.id, "role: primary in front matter", inferred=False)
        why = source.role_reason or "a government's own voice"
        return Primary(source.id, f"inferred primary: {why}", inferred=True)
    if given:
        return None
    reason = ministry_format(source, lexicon=lexicon)
    return Primary(source.id, f"inferred primary: {reason}", inferred=True) if reason else None


def ministry_format(source: Source, *, lexicon: Lexicon | None = None) -> str | None:
    """Why the source reads as a foreign ministry's readout, or None.

    That format reports a meeting paragraph by paragraph as "<Name> said ..." / "..., said
    <Name>", quotes nobody directly and cites no third party ("according to", "a statement
    said"). A document whose outlet is known and is not a government body is news, whatever
    its format.
    """
    if source.outlet and not GOV_OUTLET_RE.search(source.outlet):
        return None
    if len(source.body) < MIN_MINISTRY_PARAGRAPHS:
        return None
    text = source.text
    if any(_word_count(q.text) > MIN_QUOTE_WORDS for q in find_quotes(text, lexicon=lexicon)):
        return None
    voiced = 0
    for start, end in source.body:
        cues = find_cues(text, start, end, lexicon=lexicon)
        if any(c.kind == "account" for c in cues):
            return None
        if any(c.kind == "speaker" and _person_words(c.speaker, lexicon) for c in cues):
            voiced += 1
    share = voiced / len(source.body)
    if share < MINISTRY_VOICE_SHARE:
        return None
    return (
        f"foreign-ministry readout format ({voiced} of {len(source.body)} paragraphs report "
        "'<name> said', with no direct quote and no third-party account)"
    )


def _word_count(text: str) -> int:
    return len(_words(text))


def _person_words(phrase: str, lexicon: Lexicon | None) -> set[str]:
    """Capitalised words of a speaker phrase that are neither party markers, titles nor
    institution words: what names a person ("Blinken", "Wang Yi")."""
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    tokens = lex.tokenize(phrase)
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        t = tokens[i]
        kind = _is_name_token(lex, tokens, i)
        if kind < 0:
            i += -kind
            continue
        word = fold(t.text)
        if t.capitalised and not t.cjk and word not in INSTITUTION_WORDS | _NOT_PEOPLE:
            out.add(word)
        i += 1
    return out


def _parties(phrase: str | None, lex: Matcher) -> set[str]:
    return lex.parties_in(lex.tokenize(phrase)) if phrase else set()


def _source_parties(source: Source, lex: Matcher) -> set[str]:
    """The government a primary speaks for, from its outlet (empty when unknown)."""
    return _parties(source.outlet, lex)


# ---------------------------------------------------------------------------------------------
# Words, quotes and their verification
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    norm: str
    start: int
    end: int


def _norm(token: Token) -> str:
    """A word as compared: case, accents, curly apostrophes and abbreviation dots do not count."""
    if token.number:
        return token.text.replace(",", "")
    if "." in token.text:
        return fold(token.text).replace(".", "")
    return fold(token.text)


def _words(text: str, start: int = 0, end: int | None = None) -> list[_Word]:
    """Words of text[start:end] with offsets into `text`; punctuation, quotation marks and
    dashes (which also split hyphenated words) are typography and drop out."""
    return [_Word(_norm(t), t.start, t.end) for t in _default_matcher().tokenize(text, start, end)]


def _default_matcher() -> Matcher:
    return matcher(default_lexicon())


@dataclass(frozen=True)
class _Segment:
    """A run of a quote between omissions; `bracket`: an editorial insertion comes before it."""

    words: tuple[_Word, ...]
    bracket: bool = False


def _segments(text: str, start: int, end: int) -> list[_Segment]:
    """The quote text[start:end] cut at ellipses and editorial insertions."""
    out: list[_Segment] = []
    pos = start
    bracket = False
    for m in _GAP_RE.finditer(text, start, end):
        words = _words(text, pos, m.start())
        if words:
            out.append(_Segment(tuple(words), bracket))
        bracket = m.group("bracket") is not None
        pos = m.end()
    words = _words(text, pos, end)
    if words:
        out.append(_Segment(tuple(words), bracket))
    return out


@dataclass(frozen=True)
class QuoteMatch:
    """How a quote compares with a reference text.

    `status` is "verified", "drifted" or "not_found". `span` covers the reference's matching
    words (None when not found); `changes` pairs each differing run of the quote with the
    reference's words there ("" where one side has none); `quote_span` covers the quote's
    words that were aligned; `similarity` is the share of the quote's words found.
    """

    status: str
    span: tuple[int, int] | None = None
    changes: tuple[tuple[str, str], ...] = ()
    change_spans: tuple[tuple[tuple[int, int] | None, tuple[int, int] | None], ...] = ()
    quote_span: tuple[int, int] | None = None
    similarity: float = 0.0


def _find_run(needle: Sequence[str], hay: Sequence[str], start: int = 0) -> list[int]:
    n = len(needle)
    first = needle[0]
    return [
        i
        for i in range(start, len(hay) - n + 1)
        if hay[i] == first and list(hay[i : i + n]) == list(needle)
    ]


def _exact(segments: Sequence[_Segment], hay: Sequence[str]) -> list[tuple[int, int]] | None:
    """Word positions of every segment, in order (a bracket's gap bounded), or None."""

    def place(k: int, after: int) -> list[tuple[int, int]] | None:
        if k == len(segments):
            return []
        seg = segments[k]
        needle = [w.norm for w in seg.words]
        for i in _find_run(needle, hay, after):
            if k and seg.bracket and i - after > MAX_BRACKET_WORDS:
                break
            rest = place(k + 1, i + len(needle))
            if rest is not None:
                return [(i, i + len(needle)), *rest]
        return None

    return place(0, 0)


def _local_alignment(q: Sequence[str], r: Sequence[str]) -> tuple[int, int, int, int, int]:
    """Best local alignment of word lists (Smith-Waterman): (score, q_lo, q_hi, r_lo, r_hi)."""
    cols = len(r) + 1
    h = [[0] * cols for _ in range(len(q) + 1)]
    best = (0, 0, 0)
    for i in range(1, len(q) + 1):
        qi, prev, row = q[i - 1], h[i - 1], h[i]
        for j in range(1, cols):
            value = max(
                0,
                prev[j - 1] + (_MATCH if qi == r[j - 1] else _MISMATCH),
                prev[j] + _GAP,
                row[j - 1] + _GAP,
            )
            row[j] = value
            if value > best[0]:
                best = (value, i, j)
    score, i, j = best
    if score == 0:
        return 0, 0, 0, 0, 0
    q_hi, r_hi = i, j
    while i > 0 and j > 0 and h[i][j] > 0:
        here = h[i][j]
        if here == h[i - 1][j - 1] + (_MATCH if q[i - 1] == r[j - 1] else _MISMATCH):
            i, j = i - 1, j - 1
        elif here == h[i - 1][j] + _GAP:
            i -= 1
        else:
            j -= 1
    return score, i, q_hi, j, r_hi


def _window(q: Sequence[str], r: Sequence[str]) -> tuple[int, int]:
    """Word range of `r` worth aligning `q` against: the best fuzzy character window, widened."""
    if len(r) <= 4 * len(q) + 2 * _WINDOW_MARGIN:
        return 0, len(r)
    joined = " ".join(r)
    hit = fuzz.partial_ratio_alignment(" ".join(q), joined)
    if hit is None:
        return 0, len(r)
    starts = np.cumsum([0] + [len(w) + 1 for w in r[:-1]])
    lo = int(np.searchsorted(starts, hit.dest_start, side="right")) - 1
    hi = int(np.searchsorted(starts, hit.dest_end, side="left"))
    return max(0, lo - len(q) - _WINDOW_MARGIN), min(len(r), hi + len(q) + _WINDOW_MARGIN)


def _fuzzy(
    q: Sequence[_Word], r: Sequence[_Word], *, whole: bool, stop: frozenset[str]
) -> QuoteMatch | None:
    """The passage of `r` that `q` is a drifted copy of, or None.

    `whole`: `r` is a full text and every word of `q` should be in it (a quote against the
    record); else `r` is another quote, which may start or end elsewhere.
    """
    qn, rn_all = [w.norm for w in q], [w.norm for w in r]
    lo, hi = _window(qn, rn_all)
    rn = rn_all[lo:hi]
    score, qa, qb, ra, rb = _local_alignment(qn, rn)
    if score <= 0:
        return None
    ra, rb = ra + lo, rb + lo
    # Unaligned ends: against the record every quoted word needs a counterpart, so the ends
    # pair with the record's neighbouring words; between two quotes only what both have.
    if whole:
        qa2, qb2 = 0, len(qn)
        ra2, rb2 = max(0, ra - qa), min(len(rn_all), rb + len(qn) - qb)
    else:
        left, right = min(qa, ra), min(len(qn) - qb, len(rn_all) - rb)
        qa2, qb2, ra2, rb2 = qa - left, qb + right, ra - left, rb + right
    q_part, r_part = qn[qa2:qb2], rn_all[ra2:rb2]
    ops = Levenshtein.opcodes(q_part, r_part)
    same = [
        q_part[op.src_start + k]
        for op in ops
        if op.tag == "equal"
        for k in range(op.src_end - op.src_start)
    ]
    base = len(qn) if whole else min(len(qn), len(rn_all))
    similarity = len(same) / base if base else 0.0
    if (
        len(same) < MIN_SHARED_WORDS
        or similarity < (MIN_DRIFT_SIMILARITY if whole else MIN_ECHO_SIMILARITY)
        or all(w in stop for w in same)
    ):
        return None
    changes: list[tuple[str, str]] = []
    spans: list[tuple[tuple[int, int] | None, tuple[int, int] | None]] = []
    qw, rw = q[qa2:qb2], r[ra2:rb2]
    for op in ops:
        if op.tag == "equal":
            continue
        qs = qw[op.src_start : op.src_end]
        rs = rw[op.dest_start : op.dest_end]
        changes.append((" ".join(w.norm for w in qs), " ".join(w.norm for w in rs)))
        spans.append(
            (
                (qs[0].start, qs[-1].end) if qs else None,
                (rs[0].start, rs[-1].end) if rs else None,
            )
        )
    status = "drifted" if changes else "verified"
    return QuoteMatch(
        status,
        (rw[0].start, rw[-1].end) if rw else None,
        tuple(changes),
        tuple(spans),
        (qw[0].start, qw[-1].end) if qw else None,
        similarity,
    )


def verify_quote(
    text: str,
    reference: str,
    *,
    start: int = 0,
    end: int | None = None,
    lexicon: Lexicon | None = None,
) -> QuoteMatch:
    """Compare the quote text[start:end] with a reference text (the record).

    Verified when every passage of the quote (cut at "…", "...", "[…]") appears in the
    reference word for word and in order, letting case, accents, quotation marks, dashes,
    punctuation and whitespace differ; an editorial insertion "[the U.S.]" stands for up to
    `MAX_BRACKET_WORDS` words. Otherwise the passage the quote best resembles (sharing
    `MIN_SHARED_WORDS` words and `MIN_DRIFT_SIMILARITY` of the quote) makes it drifted;
    failing that it is not found. Offsets in the result index `text` and `reference`.
    """
    stop = frozenset(lexicon.stopwords if lexicon is not None else default_lexicon().stopwords)
    segments = _segments(text, start, len(text) if end is None else end)
    ref = _words(reference)
    hay = [w.norm for w in ref]
    if not segments:
        return QuoteMatch("not_found")
    placed = _exact(segments, hay)
    if placed is not None:
        first, last = ref[placed[0][0]], ref[placed[-1][1] - 1]
        q_first, q_last = segments[0].words[0], segments[-1].words[-1]
        return QuoteMatch(
            "verified",
            (first.start, last.end),
            quote_span=(q_first.start, q_last.end),
            similarity=1.0,
        )
    parts: list[QuoteMatch] = []
    for seg in segments:
        needle = [w.norm for w in seg.words]
        at = _find_run(needle, hay)
        if at:
            i = at[0]
            parts.append(
                QuoteMatch(
                    "verified",
                    (ref[i].start, ref[i + len(needle) - 1].end),
                    quote_span=(seg.words[0].start, seg.words[-1].end),
                    similarity=1.0,
                )
            )
            continue
        match = _fuzzy(seg.words, ref, whole=True, stop=stop)
        if match is None:
            words = seg.words
            span = (words[0].start, words[-1].end)
            parts.append(
                QuoteMatch(
                    "not_found",
                    changes=((" ".join(w.norm for w in words), ""),),
                    change_spans=((span, None),),
                    quote_span=span,
                )
            )
        else:
            parts.append(match)
    found = [p for p in parts if p.status != "not_found"]
    if not found:
        return QuoteMatch("not_found")
    spans = [p.span for p in found if p.span is not None]
    total = sum(len(s.words) for s in segments)
    shared = sum(p.similarity * len(s.words) for p, s in zip(parts, segments, strict=True))
    changes = tuple(c for p in parts for c in p.changes)
    if not changes:
        changes = (("(passages in another order)", ""),)
    return QuoteMatch(
        "drifted",
        (min(s[0] for s in spans), max(s[1] for s in spans)),
        changes,
        tuple(c for p in parts for c in p.change_spans),
        (segments[0].words[0].start, segments[-1].words[-1].end),
        shared / total if total else 0.0,
    )


def compare_quotes(
    text: str,
    quote: tuple[int, int],
    other: str,
    other_quote: tuple[int, int],
    *,
    lexicon: Lexicon | None = None,
) -> QuoteMatch:
    """Compare two reports' quotes of (perhaps) one remark: either may quote more than the other.

    Verified when the shorter quote's words appear in the longer one; drifted when they align
    with differences; not_found when they are not the same remark.
    """
    stop = frozenset(lexicon.stopwords if lexicon is not None else default_lexicon().stopwords)
    q = _words(text, *quote)
    r = _words(other, *other_quote)
    if not q or not r:
        return QuoteMatch("not_found")
    qn, rn = [w.norm for w in q], [w.norm for w in r]
    if len(qn) <= len(rn):
        at = _find_run(qn, rn)
        if at:
            i = at[0]
            return QuoteMatch(
                "verified",
                (r[i].start, r[i + len(qn) - 1].end),
                quote_span=(q[0].start, q[-1].end),
                similarity=1.0,
            )
    else:
        at = _find_run(rn, qn)
        if at:
            i = at[0]
            return QuoteMatch(
                "verified",
                (r[0].start, r[-1].end),
                quote_span=(q[i].start, q[i + len(rn) - 1].end),
                similarity=1.0,
            )
    match = _fuzzy(q, r, whole=False, stop=stop)
    return match if match is not None else QuoteMatch("not_found")


# ---------------------------------------------------------------------------------------------
# Checking one article
# ---------------------------------------------------------------------------------------------

_CJK_LANGUAGES = frozenset(("zh", "ja", "ko"))
_LOWER = {"high": "medium", "medium": "low", "low": "low"}
_LOCATED = frozenset(("verified", "drifted", "contradicted"))


def label(source: Source) -> str:
    """How messages name a document: its file name, with the outlet when known."""
    name = Path(source.path).name or source.path
    return f"{source.outlet} ({name})" if source.outlet else name


def _same_script(text: str, source: Source) -> bool:
    """Quotes are compared word for word only within one script (no translation)."""
    return is_cjk(text) == (source.language in _CJK_LANGUAGES)


def _same_speaker(a: str | None, b: str | None, lexicon: Lexicon | None) -> bool:
    """Quotes are of one speaker unless both name different people or different parties."""
    if not a or not b:
        return True
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    people_a, people_b = _person_words(a, lexicon), _person_words(b, lexicon)
    if people_a and people_b and not people_a & people_b:
        return False
    parties_a, parties_b = _parties(a, lex), _parties(b, lex)
    return not (parties_a and parties_b and parties_a.isdisjoint(parties_b))


def _context_names(
    source: Source,
    statements: Sequence[Statement],
    span: tuple[int, int],
    lexicon: Lexicon | None,
) -> set[str]:
    """Names in the sentences around a quote, the quote's own words aside (words never written
    in lower case in the source, party markers and titles excepted): whom and where the quoted
    remark is about."""
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    around = [st for st in statements if st.start < span[1] and span[0] < st.end]
    if not around:
        return set()
    lower = _lowercase_words(source.text)
    tokens = lex.tokenize(source.text, around[0].start, around[-1].end)
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        kind = _is_name_token(lex, tokens, i)
        if kind < 0:
            i += -kind
            continue
        t = tokens[i]
        word = fold(t.text).removesuffix("'s")
        if (
            t.capitalised
            and not t.cjk
            and not span[0] <= t.start < span[1]
            and word not in lower
            and word not in _NOT_NAMES | _NOT_PEOPLE
        ):
            out.add(word)
        i += 1
    return out


@lru_cache(maxsize=64)
def _lowercase_words(text: str) -> frozenset[str]:
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


def _cites_document(phrase: str, lex: Matcher) -> bool:
    tokens = lex.tokenize(phrase)
    stems = [t.stem for t in tokens]
    return any(
        tuple(stems[i : i + n]) in lex.account_nouns for n in (1, 2) for i in range(len(stems))
    )


def _attributed_to(speaker: str | None, primary: Source, lexicon: Lexicon | None) -> bool:
    """Does the article put these words in the mouth of the primary's side?

    Yes when the speaker is a document or an institution of the primary's government (or of
    no stated government), a person the primary names, or a party the primary speaks for.
    """
    if not speaker:
        return False
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    theirs = _source_parties(primary, lex)
    parties = _parties(speaker, lex)
    compatible = not (parties and theirs and parties.isdisjoint(theirs))
    words = {fold(t.text) for t in lex.tokenize(speaker)}
    if (_cites_document(speaker, lex) or words & INSTITUTION_WORDS) and compatible:
        return True
    people = _person_words(speaker, lexicon)
    if people:
        named = {fold(t.text) for t in lex.tokenize(primary.text) if t.capitalised}
        if people & named:
            return True
    return bool(parties & theirs)


def _institutional(speaker: str, kind: str, lexicon: Lexicon | None) -> bool:
    """A claim's source is an account ("according to a readout", "a statement said"), an
    institution ("the Foreign Ministry", "the Chinese side", "the spokesperson") or a
    government named by its seat ("Washington", "the White House"), not a person."""
    if kind == "account":
        return True
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    if _person_words(speaker, lexicon):
        return False
    tokens = lex.tokenize(speaker)
    if {fold(t.text) for t in tokens} & INSTITUTION_WORDS or _cites_document(speaker, lex):
        return True
    # Only party markers (and articles): "Washington said", "the White House said".
    i, rest = 0, []
    while i < len(tokens):
        kind_at = _is_name_token(lex, tokens, i)
        if kind_at < 0 and tuple(t.stem for t in tokens[i : i - kind_at]) in lex.parties:
            i -= kind_at
            continue
        rest.append(fold(tokens[i].text))
        i += 1
    return len(rest) < len(tokens) and all(w in _NOT_PEOPLE for w in rest)


def _clean(text: str) -> str:
    """Wording as messages show it: one line, quotation marks (typography) left out, so that
    a wording never carries half of a quote's marks."""
    return " ".join(_MARKS_RE.sub("", text).split()).rstrip(",;:")


def _shown(text: str, span: tuple[int, int], focus: tuple[int, int] | None = None) -> str:
    """text[span] for a message; a long quote is cut to the words around `focus`."""
    words = _words(text, *span)
    if len(words) <= MAX_SHOWN_WORDS:
        return _clean(text[span[0] : span[1]])
    at = 0
    if focus is not None:
        at = next((k for k, w in enumerate(words) if w.end > focus[0]), 0)
    lo = max(0, at - MAX_SHOWN_WORDS // 3)
    hi = min(len(words), lo + MAX_SHOWN_WORDS)
    lo = max(0, hi - MAX_SHOWN_WORDS)
    shown = _clean(text[words[lo].start : words[hi - 1].end])
    return ("… " if lo else "") + shown + (" …" if hi < len(words) else "")


def _changes(text: str, reference: str, match: QuoteMatch) -> str:
    """ "frank → candid; discussion → discussions" from a match's differing runs."""
    parts = []
    for q_span, r_span in match.change_spans:
        q = f'"{_clean(text[q_span[0] : q_span[1]])}"' if q_span else "(nothing)"
        r = f'"{_clean(reference[r_span[0] : r_span[1]])}"' if r_span else "(nothing)"
        parts.append(f"{q} → {r}")
    return "; ".join(parts) if parts else "passages in another order"


def _changed_span(match: QuoteMatch, fallback: tuple[int, int]) -> tuple[int, int]:
    spans = [q for q, _ in match.change_spans if q is not None]
    if not spans:
        return fallback
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _polarity(
    article: Source,
    span: tuple[int, int],
    reference: Source,
    reference_span: tuple[int, int],
    lexicon: Lexicon | None,
) -> Finding | None:
    """framing's polarity finding between the article's words and the reference's, if any."""
    a = Statement(
        f"{article.id}:check", article.id, 0, article.text[span[0] : span[1]], *span,
        language=article.language,
    )  # fmt: skip
    b = Statement(
        f"{reference.id}:check", reference.id, 0,
        reference.text[reference_span[0] : reference_span[1]], *reference_span,
        language=reference.language,
    )  # fmt: skip
    group = Alignment((a.id,), (b.id,), score=1.0)
    findings = framing.find_differences(
        {article.id: article, reference.id: reference}, [a, b], [group], lexicon=lexicon
    )
    return next((f for f in findings if f.kind == "polarity"), None)


@dataclass
class _Article:
    """Working state for one new article."""

    source: Source
    statements: tuple[Statement, ...]
    vectors: np.ndarray
    lexicon: Lexicon | None
    checks: list[Check] = field(default_factory=list)

    def add(
        self,
        kind: str,
        span: tuple[int, int],
        speaker: str | None,
        status: str,
        against: str | None = None,
        reference: Source | None = None,
        reference_span: tuple[int, int] | None = None,
        findings: Sequence[CheckFinding] = (),
    ) -> None:
        self.checks.append(
            Check(
                kind,
                span,
                self.source.text[span[0] : span[1]],
                speaker,
                status,
                against,
                reference.id if reference is not None else None,
                reference_span,
                tuple(sorted(findings, key=_order)),
            )
        )


def _quotes_of(source: Source, lexicon: Lexicon | None) -> list[Quote]:
    return [
        q
        for q in find_quotes(unwrapped_text(source), lexicon=lexicon)
        if q.depth == 0 and _word_count(q.text) >= MIN_QUOTE_WORDS
    ]


def _drift_finding(
    article: Source,
    span: tuple[int, int],
    ref: Source,
    match: QuoteMatch,
    against: str,
    lexicon: Lexicon | None,
    shown_reference: tuple[int, int],
) -> tuple[str, CheckFinding]:
    """(status, finding) for a quote that drifted from a reference: contradicted when framing
    finds a reversed claim in the two wordings, else drifted."""
    assert match.span is not None
    where = _changed_span(match, span)
    polarity = _polarity(article, match.quote_span or span, ref, match.span, lexicon)
    ours = _shown(article.text, span, where)
    theirs = _shown(ref.text, shown_reference)
    if polarity is not None:
        kind, status, detail = "polarity", "contradicted", polarity.message
    else:
        kind, status, detail = "quote_drift", "drifted", _changes(article.text, ref.text, match)
    if against == "primary":
        severity = "high"
        verb = "contradicts" if polarity is not None else "misquotes"
        message = f'{verb} the primary {label(ref)}: "{ours}" where it says "{theirs}" ({detail})'
    else:
        severity = _LOWER["high"]
        message = (
            f'quoted differently by {label(ref)}: "{ours}" here, "{theirs}" there ({detail}); '
            "no primary to settle it"
        )
    finding = CheckFinding(
        kind,
        severity,
        where,
        article.text[where[0] : where[1]],
        message,
        against,
        ref.id,
        match.span,
        ref.text[match.span[0] : match.span[1]],
    )
    return status, finding


def _check_quote_against_primaries(
    work: _Article,
    quote: Quote,
    primaries: Sequence[Source],
    statements: Mapping[str, tuple[Statement, ...]],
) -> None:
    article, lexicon = work.source, work.lexicon
    refs = [p for p in primaries if _same_script(quote.text, p)]
    span = (quote.text_start, quote.text_end)
    if not refs:
        work.add("quote", span, quote.speaker, "unchecked")
        return
    results = [
        (ref, verify_quote(article.text, ref.text, start=span[0], end=span[1], lexicon=lexicon))
        for ref in refs
    ]
    for ref, match in results:
        if match.status == "verified":
            work.add("quote", span, quote.speaker, "verified", "primary", ref, match.span)
            return
    ours = _context_names(article, work.statements, (quote.start, quote.end), lexicon)
    drifted = [
        (ref, m)
        for ref, m in results
        if m.status == "drifted"
        and m.span is not None
        and not _different_context(ours, _context_names(ref, statements[ref.id], m.span, lexicon))
    ]
    if drifted:
        # The closest wording wins; on a tie, the primary listed first.
        ref, match = max(drifted, key=lambda rm: rm[1].similarity)
        assert match.span is not None
        status, finding = _drift_finding(article, span, ref, match, "primary", lexicon, match.span)
        work.add("quote", span, quote.speaker, status, "primary", ref, match.span, [finding])
        return
    owners = [ref for ref in refs if _attributed_to(quote.speaker, ref, lexicon)]
    findings = []
    if owners:
        names = ", ".join(label(r) for r in owners)
        findings.append(
            CheckFinding(
                "not_found",
                "medium",
                span,
                quote.text,
                f"quote attributed to {_clean(quote.speaker or '')} is not in the primary "
                f'{names}: "{_shown(article.text, span)}" cannot be verified',
                "primary",
            )
        )
    work.add("quote", span, quote.speaker, "not_found", "primary", findings=findings)


def _different_context(a: set[str], b: set[str]) -> bool:
    """Sentences that each name `MIN_CONTEXT_NAMES` people or places, none in common."""
    return len(a) >= MIN_CONTEXT_NAMES and len(b) >= MIN_CONTEXT_NAMES and not a & b


def _check_quote_against_secondaries(
    work: _Article,
    quote: Quote,
    secondaries: Sequence[Source],
    statements: Mapping[str, tuple[Statement, ...]],
) -> None:
    article, lexicon = work.source, work.lexicon
    span = (quote.text_start, quote.text_end)
    refs = [s for s in secondaries if _same_script(quote.text, s)]
    if not refs:
        work.add("quote", span, quote.speaker, "unchecked")
        return
    for ref in refs:
        match = verify_quote(article.text, ref.text, start=span[0], end=span[1], lexicon=lexicon)
        if match.status == "verified":
            work.add("quote", span, quote.speaker, "verified", "secondary", ref, match.span)
            return
    best: tuple[Source, Quote, QuoteMatch] | None = None
    ours = _context_names(article, work.statements, (quote.start, quote.end), lexicon)
    for ref in refs:
        for other in _quotes_of(ref, lexicon):
            if not _same_speaker(quote.speaker, other.speaker, lexicon):
                continue
            # Quotes whose sentences name entirely different people and places are about
            # different exchanges, however alike their words.
            theirs = _context_names(ref, statements[ref.id], (other.start, other.end), lexicon)
            if _different_context(ours, theirs):
                continue
            other_span = (other.text_start, other.text_end)
            match = compare_quotes(article.text, span, ref.text, other_span, lexicon=lexicon)
            if match.status == "verified":
                work.add("quote", span, quote.speaker, "verified", "secondary", ref, match.span)
                return
            if match.status == "drifted" and (
                best is None or match.similarity > best[2].similarity
            ):
                best = (ref, other, match)
    if best is None:
        work.add("quote", span, quote.speaker, "not_found", "secondary")
        return
    ref, other, match = best
    status, finding = _drift_finding(
        article, span, ref, match, "secondary", lexicon, (other.text_start, other.text_end)
    )
    work.add("quote", span, quote.speaker, status, "secondary", ref, match.span, [finding])


def _claims(work: _Article, quotes: Sequence[Quote]) -> list[tuple[Statement, str, str, str]]:
    """(statement, cue text, speaker, cue kind) for statements attributed to an institution or
    an account, their cue outside any quote."""
    out = []
    text = work.source.text
    for st in work.statements:
        cues = [
            c
            for c in find_cues(text, st.start, st.end, lexicon=work.lexicon)
            if not any(q.start <= c.start < q.end for q in quotes)
        ]
        for cue in cues:
            if _institutional(cue.speaker, cue.kind, work.lexicon):
                out.append((st, cue.text, cue.speaker, cue.kind))
                break
    return out


def _check_claims(
    work: _Article,
    quotes: Sequence[Quote],
    refs: Sequence[Source],
    statements: Mapping[str, tuple[Statement, ...]],
    vectors: Mapping[str, np.ndarray],
    against: str,
) -> None:
    """Compare each claim attributed to an institution or account with its counterpart (the
    most similar statement) in the references, through `framing.find_differences`."""
    article, lexicon = work.source, work.lexicon
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    quoted = [(q.text_start, q.text_end) for q in quotes]
    located = [c.span for c in work.checks if c.kind == "quote" and c.status in _LOCATED]
    for st, cue, speaker, _kind in _claims(work, quotes):
        span = (st.start, st.end)
        if any(st.start <= lo and hi <= st.end for lo, hi in located):
            continue  # the statement's quote was found in the references: checked there
        parties = _parties(speaker, lex)
        # A claim credited to one government's account is not checked against another's.
        candidates = [
            r
            for r in refs
            if against == "secondary"
            or not (parties and (theirs := _source_parties(r, lex)) and parties.isdisjoint(theirs))
        ]
        if not candidates:
            work.add("claim", span, speaker, "unchecked")
            continue
        best: tuple[float, Source, Statement] | None = None
        for ref in candidates:
            if not len(statements[ref.id]):
                continue
            sims = vectors[ref.id] @ work.vectors[st.index]
            j = int(np.argmax(sims))
            if best is None or float(sims[j]) > best[0]:
                best = (float(sims[j]), ref, statements[ref.id][j])
        if best is not None and CLAIM_ABSENT <= best[0] < CLAIM_LINK:
            work.add("claim", span, speaker, "unclear", against)
            continue
        if best is None or best[0] < CLAIM_LINK:
            missing = []
            if against == "primary":
                names = ", ".join(label(r) for r in candidates)
                missing.append(
                    CheckFinding(
                        "not_found",
                        "medium",
                        span,
                        st.text,
                        f'claim attributed to "{_clean(cue)}" has no counterpart in the primary '
                        f'{names}: "{_shown(article.text, span)}"',
                        against,
                    )
                )
            work.add("claim", span, speaker, "not_found", against, findings=missing)
            continue
        sim, ref, other = best
        group = Alignment((st.id,), (other.id,), score=min(1.0, max(0.0, sim)))
        differences = [
            f
            for f in framing.find_differences(
                {article.id: article, ref.id: ref}, [st, other], [group], lexicon=lexicon
            )
            if f.kind in CLAIM_KINDS
            and f.a_span is not None
            and not any(lo <= f.a_span[0] < hi for lo, hi in quoted)
        ]
        findings = []
        for f in differences:
            assert f.a_span is not None
            severity = f.severity if against == "primary" else _LOWER[f.severity]
            findings.append(
                CheckFinding(
                    f.kind,
                    severity,
                    f.a_span,
                    f.a_text,
                    f'claim attributed to "{_clean(cue)}" differs from the {against} '
                    f"{label(ref)}: {f.message}",
                    against,
                    ref.id,
                    f.b_span,
                    f.b_text,
                )
            )
        status = (
            "contradicted"
            if any(f.kind == "polarity" for f in findings)
            else ("drifted" if findings else "verified")
        )
        work.add("claim", span, speaker, status, against, ref, (other.start, other.end), findings)


def _order(f: CheckFinding) -> tuple[int, int, str, str]:
    return (f.span[0], _SEVERITY_RANK[f.severity], f.kind, f.message)


def _linked(a: np.ndarray, b: np.ndarray) -> int:
    """Statements of `a` (ndarray[n, d]) with a counterpart in `b` (ndarray[m, d])."""
    if not len(a) or not len(b):
        return 0
    return int(((a @ b.T).max(axis=1) >= STATEMENT_LINK).sum())


def check(
    new: Sequence[Source],
    corpus: Sequence[Source],
    *,
    fail_on: str | FailOn = DEFAULT_FAIL_ON,
    backend: str = pipeline.AUTO,
    embedder_factory: pipeline.EmbedderFactory | None = None,
    lexicon: Lexicon | None = None,
) -> CheckResult:
    """Check each new article's quotes and attributed claims against the corpus (see module doc).

    Corpus documents ruled out by date, weekday or names are never segmented nor embedded;
    the rest are embedded in one call with the new articles (a caching `embedder_factory`
    makes a repeated check reuse the corpus vectors). Raises `UsageError` for no article, an
    empty corpus, or ids used twice.
    """
    policy = fail_on if isinstance(fail_on, FailOn) else parse_fail_on(fail_on)
    if not new:
        raise UsageError("no article to check")
    if not corpus:
        raise UsageError("the corpus is empty: nothing to check the articles against")
    ids = [s.id for s in (*new, *corpus)]
    if len(set(ids)) != len(ids):
        raise UsageError(f"source ids must be unique, got {', '.join(ids)}")
    features = {s.id: event_features(s, lexicon=lexicon) for s in (*new, *corpus)}
    screened = {
        n.id: {c.id: _screen(features[n.id], features[c.id], c.id) for c in corpus} for n in new
    }
    kept = [c for c in corpus if any(screened[n.id][c.id] is None for n in new)]
    statements: dict[str, tuple[Statement, ...]] = {}
    vectors: dict[str, np.ndarray] = {}
    backend_name = ""
    if kept:
        sources = [*new, *kept]
        statements = {s.id: segment(s) for s in sources}
        flat = [st for s in sources for st in statements[s.id]]
        name = pipeline.choose_backend(flat, backend)
        embedder = (embedder_factory or embed.get_embedder)(name)
        backend_name = embedder.name
        matrix = pipeline.embed_statements(embedder, flat)
        at = 0
        for s in sources:
            vectors[s.id] = matrix[at : at + len(statements[s.id])]
            at += len(statements[s.id])
    by_id = {c.id: c for c in corpus}
    articles = []
    for article in new:
        events = []
        for c in corpus:
            screen = screened[article.id][c.id]
            if screen is None:
                linked = _linked(vectors[article.id], vectors[c.id])
                screen = _decide(features[article.id], features[c.id], c.id, linked)
            events.append(screen)
        articles.append(_check_article(article, events, by_id, statements, vectors, lexicon))
    return CheckResult(tuple(articles), tuple(corpus), policy, backend_name)


def _check_article(
    article: Source,
    events: Sequence[EventMatch],
    corpus: Mapping[str, Source],
    statements: Mapping[str, tuple[Statement, ...]],
    vectors: Mapping[str, np.ndarray],
    lexicon: Lexicon | None,
) -> ArticleCheck:
    matched = sorted(
        (e for e in events if e.same_event), key=lambda e: (-(e.linked or 0), -e.names, e.source)
    )
    near = sorted(
        (
            e
            for e in events
            if not e.same_event and (e.linked is not None or e.names >= MIN_NAME_OVERLAP)
        ),
        key=lambda e: (-e.names, e.source),
    )[:MAX_REPORTED_REJECTIONS]
    shown = (*matched, *near)
    primaries = [p for e in matched if (p := primary_of(corpus[e.source], lexicon=lexicon))]
    if not matched:
        return ArticleCheck(article, shown, (), (), ())
    work = _Article(article, statements[article.id], vectors[article.id], lexicon)
    quotes = _quotes_of(article, lexicon)
    if primaries:
        refs = [corpus[p.source] for p in primaries]
        for quote in quotes:
            _check_quote_against_primaries(work, quote, refs, statements)
        _check_claims(work, quotes, refs, statements, vectors, "primary")
    else:
        refs = [corpus[e.source] for e in matched]
        for quote in quotes:
            _check_quote_against_secondaries(work, quote, refs, statements)
        _check_claims(work, quotes, refs, statements, vectors, "secondary")
    checks = sorted(work.checks, key=lambda c: (c.span[0], c.kind))
    findings = sorted((f for c in checks for f in c.findings), key=_order)
    return ArticleCheck(article, shown, tuple(primaries), tuple(checks), tuple(findings))
