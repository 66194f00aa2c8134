"""Word-level findings: how aligned statements differ, word by word.

Pure core: values in, values out. For every matched alignment group the statements are paired
(all pairs when one side has a single statement, otherwise each statement with its closest
counterpart), each pair is reduced to lexicon units (a word, or a phrase the lexicon knows:
"in-depth", "according to", "is expected to", "U.S."), the unit sequences are diffed, and every
differing block is classified:

- polarity     a word replaced by its antonym (negations: `matching`, across whole texts)
- entity       a name or title rendered differently (Jake/Jack, António/Antonio, Premier/President)
- tone         characterisations of talks differ (candid / frank / constructive ...)
- hedge        certainty differs (will / could / is expected to)
- quote_drift  words inside quotation marks on both sides differ
- wording      a contested term replaced by another of its framing group ("crisis" / "war");
               any other substitution is a paraphrase and no finding

Changed descriptors (`descriptors`) take the place of the block rules' tone, quote and wording
findings on the same words. Figures are typed and compared by `figures`/`matching`.

Attribution is compared per statement pair: a claim relayed through another party's account
("according to a readout from the Chinese side") against the same claim in the speaker's own
words, a different speaker, or a reporting verb of different force (said / stressed / warned).
Unmatched statements become omission (only in a) or addition (only in b) findings.

Cross-language pairs (Chinese against English) cannot be word-diffed: `compare.zh.findings`
compares them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel

from compare.dates import MONTHS, WEEKDAYS
from compare.framing import characterisations, descriptors
from compare.lexicon import Entry, Lookups, Matcher, Token, american, fold, is_cjk
from compare.lexicon import adjectives as lexicon_adjectives
from compare.models import (
    Alignment,
    Finding,
    Source,
    Statement,
)
from compare.quotes import Cue, Quote, find_cues, find_quotes, quote_at

#: Most lexicon units on one side of a substitution still reported as a wording difference;
#: longer differing runs are rewrites of the whole clause, not a change of words.
MAX_WORDING_UNITS = 4
#: Most quoted passages in a source that speaks in its own voice (a readout quotes little).
OWN_VOICE_QUOTES = 2
#: Most units (moved ones included) in a differing run read as one substitution. A longer run is
#: a rewritten clause: only its leading phrase (up to the first clause break) is compared.
MAX_RUN_UNITS = 6
#: Most units in the leading phrase of a rewritten clause ("meet it halfway" | "to bring ...").
MAX_LEAD_UNITS = 3
#: Shared units on one side of a differing run that anchor a larger substitution.
STRONG_ANCHOR = 3
#: Name similarity (rapidfuzz ratio, 0-100) above which two different names are one name spelled
#: two ways (Jake/Jack 75, Antony/Anthony 92).
NAME_SIMILARITY = 60.0
#: Most words, beside a negation or a hedge, in an edit read as one claim negated or hedged
#: ("did not agree" for "agreed", "is expected to" for "will"); a longer edit on one side
#: only adds a claim of its own.
MAX_MARKED_EDIT = 3
#: Smallest certainty gap between two hedges that is reported (will 0.9 vs could 0.4).
HEDGE_GAP = 0.2
#: Hedge gap from which a hedge finding is medium severity.
STRONG_HEDGE_GAP = 0.4
#: Share of the shorter quote's units two quotes must have in common, and least length ratio,
#: to be one remark quoted twice ("candid and constructive" / "frank and constructive discussion").
QUOTE_OVERLAP = 0.5
#: Words of a statement quoted in an omission/addition message.
EXCERPT_WORDS = 14
#: Shortest word (letters of the longer spelling) whose near-spelling can be a typo; shorter
#: words one edit apart are mostly different words (form/from, won/own, hold/held).
MIN_TYPO_LETTERS = 5
#: Most edits (insert, delete, substitute, swap two neighbours) between a word and its typo,
#: and the same for words of at least LONG_TYPO_LETTERS letters.
MAX_TYPO_EDITS = 1
MAX_LONG_TYPO_EDITS = 2
LONG_TYPO_LETTERS = 8

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 10**6, "billion": 10**9, "trillion": 10**12, "dozen": 12, "half": 0.5,
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
}  # fmt: skip
_MONTHS, _WEEKDAYS = MONTHS, WEEKDAYS  # the one date table (compare.dates)
_RELATIVE_DAYS = frozenset("today yesterday tomorrow tonight weekend".split())
# Words that may stand between a characterisation word and the talks it describes.
_TONE_GLUE = frozenset("and or but , very highly most more quite extremely also".split())
_TONE_CLAUSE_BREAK = frozenset("to that which who while because but so".split())
_COPULA = frozenset("be is are was were been as seem seemed remain remained".split())
# Words and marks that end a phrase inside a differing run ("meet it halfway | to bring ...").
_CLAUSE_BREAK_WORDS = frozenset("to that which who and so while as by because but".split())
_ZH_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_ZH_TONE_WINDOW = 15


@dataclass(frozen=True)
class _Unit:
    """One lexicon unit of a statement: a word or a known phrase, with its offsets."""

    key: str  # what the diff compares: equal keys are "the same words"
    cat: str  # word name alias title number time tone hedge neg verb account
    start: int
    end: int
    text: str
    stem: str  # the words' own stems (antonyms are looked up by stem, not by synonym key)
    value: str = ""  # lexicon key for tone, hedge and verb units


@dataclass
class _Doc:
    """A statement analysed once: its units, quotes, cues and topics."""

    stmt: Statement
    source: Source
    lex: Matcher
    quotes: tuple[Quote, ...]
    parties: Mapping[str, frozenset[str]]
    people: _People
    units: list[_Unit] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    cjk: bool = False
    # Index ranges [i, j) of coordinated single words in `units` ("sound and stable").
    runs: list[tuple[int, int]] = field(default_factory=list)
    # Lexicon lookups of `tokens`, shared by the units and the cues.
    lookups: Lookups | None = None
    # Speaker names by span (`_speaker_names`): every pair of quotes the statement is in asks.
    speaker_names: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)

    @cached_property
    def cues(self) -> tuple[Cue, ...]:
        """Cues of the statement's own attribution (a cue inside a quote belongs to the quote)."""
        cues = find_cues(
            self.source.text,
            self.stmt.start,
            self.stmt.end,
            lexicon=self.lex.lexicon,
            tokens=self.tokens,
            lookups=self.lookups,
        )
        return tuple(c for c in cues if quote_at(self.quotes, c.start, c.end) is None)

    @cached_property
    def topics(self) -> list[tuple[str, int, int]]:
        return self.lex.find_topics(self.source.text, self.tokens)

    @cached_property
    def glue(self) -> dict[str, tuple[int, int]]:
        """`_glue_index` of the statement, built once: every pair the statement is in asks."""
        return _glue_index(self)

    @property
    def text(self) -> str:
        return self.source.text


# ---------------------------------------------------------------------------------------------
# Analysis of one statement
# ---------------------------------------------------------------------------------------------


def _number_key(token: Token) -> str | None:
    if token.number:
        digits = token.text.lower().replace(",", "")
        m = re.match(r"(\d+(?:\.\d+)?)(st|nd|rd|th)?", digits)
        if m is None:
            return "#" + digits
        value = float(m.group(1))
        shown = str(int(value)) if value.is_integer() else str(value)
        return "#" + shown + (m.group(2) or "")
    word = fold(token.text)
    if word in _NUMBER_WORDS:
        return "#" + str(_NUMBER_WORDS[word])
    return None


def _time_key(token: Token, first: bool) -> str | None:
    word = fold(token.text).rstrip(".")
    if word in _WEEKDAYS:
        return f"day:{_WEEKDAYS[word]}"
    if word in _RELATIVE_DAYS:
        return f"day:{word}"
    if word in _MONTHS and (token.capitalised or word != "may"):
        if word == "may" and first:
            return None
        if word in {"march", "may"} and not token.text[:1].isupper():
            return None
        return f"month:{_MONTHS[word]}"
    return None


def _tone_context(lex: Matcher, tokens: Sequence[Token], i: int, n: int) -> bool:
    """Does the characterisation word at tokens[i:i+n] describe talks?"""
    j = i + n
    while j < len(tokens):
        m, entries = lex.lookup(tokens, j)
        if fold(tokens[j].text) in _TONE_GLUE or any(e.category == "tone" for e in entries):
            j += max(m, 1)
            continue
        break
    for width in (2, 1):
        if tuple(t.stem for t in tokens[j : j + width]) in lex.talks:
            return True
    # "the talks were candid", "the talks were described by both sides as constructive",
    # "called the talks "candid and constructive"": a talk noun right before the words, or one
    # linked to them by a copula ("were", "as") within the same clause.
    k = i - 1
    while k >= 0 and (fold(tokens[k].text) in _TONE_GLUE or _is_tone(lex, tokens, k)):
        k -= 1  # back to the start of "candid, substantive and constructive"
    if k >= 0 and (tokens[k].stem,) in lex.talks:
        return True
    seen_copula = False
    for j in range(k, max(k - 8, -1), -1):
        word = fold(tokens[j].text)
        if word in _TONE_CLAUSE_BREAK:
            return False
        if word in _COPULA or tokens[j].stem in _COPULA:
            seen_copula = True
        elif seen_copula and (tokens[j].stem,) in lex.talks:
            return True
    return False


def _is_tone(lex: Matcher, tokens: Sequence[Token], k: int) -> bool:
    return any(e.category == "tone" for e in lex.lookup(tokens, k)[1])


def _choose(
    lex: Matcher, tokens: Sequence[Token], i: int, n: int, entries: Sequence[Entry]
) -> Entry | None:
    for entry in entries:
        category = entry.category
        if category == "tone" and not _tone_context(lex, tokens, i, n):
            continue
        if category == "verb":
            verb = lex.verbs[entry.key]
            word = fold(tokens[i].text)
            if (
                verb.noun
                and n == 1
                and (word == fold(verb.key) or not word.endswith(("ed", "ing")))
            ):
                continue
        if category == "hedge" and n == 1 and tokens[i].text == "May" and i > 0:
            continue  # the month
        return entry
    return None


def _analyse(doc: _Doc) -> None:
    lex, text, stmt = doc.lex, doc.source.text, doc.stmt
    doc.tokens = lex.tokenize(text, stmt.start, stmt.end)
    doc.cjk = is_cjk(stmt.text)
    if doc.cjk:
        doc.units = _analyse_zh(lex, text, stmt)
        return
    tokens = doc.tokens
    lookups = doc.lookups = Lookups(lex, tokens)
    units: list[_Unit] = []
    i = 0
    while i < len(tokens):
        n, entries = lookups(i)
        entry = _choose(lex, tokens, i, n, entries) if n else None
        if entry is None:
            units.extend(_plain(tokens[i], i == 0 or _after_break(text, tokens, i)))
            i += 1
            continue
        first, last = tokens[i], tokens[i + n - 1]
        span_text = text[first.start : last.end]
        stems = " ".join(t.stem for t in tokens[i : i + n])
        category, key = entry.category, entry.key
        unit: _Unit | None
        if category == "stop":
            unit = None
        elif category == "alias":
            unit = _Unit(key, "alias", first.start, last.end, span_text, stems)
        elif category == "negation":
            unit = _Unit("not", "neg", first.start, last.end, span_text, stems)
        elif category == "tone":
            unit = _Unit("tone:" + key, "tone", first.start, last.end, span_text, stems, key)
        elif category == "hedge":
            # Keyed by certainty: "will" and "would" (reported speech) are the same hedge.
            certainty = lex.hedges[key].certainty
            unit = _Unit(
                f"hedge:{certainty:.2f}", "hedge", first.start, last.end, span_text, stems, key
            )
        elif category == "verb":
            force = lex.verbs[key].force
            unit = _Unit(f"verb:{force}", "verb", first.start, last.end, span_text, stems, key)
        elif category == "account":
            unit = _Unit("according to", "account", first.start, last.end, span_text, stems)
        elif category == "title":
            unit = _Unit(key, "title", first.start, last.end, span_text, stems)
        else:
            unit = _Unit(key, "word", first.start, last.end, span_text, stems)
        if unit is not None:
            units.append(unit)
        i += n
    doc.units = units
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and _coordinated(text, units[j], units[j + 1]):
            j += 1
        if j > i:
            doc.runs.append((i, j + 1))
        i = j + 1


def _ordered(doc: _Doc, shared: set[str]) -> list[_Unit]:
    """doc.units with each coordination reordered for comparison with another statement: words
    the other statement lacks first, shared words after, sorted. "sound and stable" against
    "stable and healthy" then differs only in "sound" / "healthy"."""
    out = list(doc.units)
    for i, j in doc.runs:
        run = out[i:j]
        own = [u for u in run if u.key not in shared]
        common = sorted((u for u in run if u.key in shared), key=lambda u: u.key)
        out[i:j] = own + common
    return out


def _coordinated(text: str, u: _Unit, v: _Unit) -> bool:
    gap = " ".join(text[u.end : v.start].replace(",", " , ").split()).lower()
    return (
        u.cat == v.cat and u.cat in ("word", "tone") and gap in {"and", "or", ",", ", and", ", or"}
    )


def _after_break(text: str, tokens: Sequence[Token], i: int) -> bool:
    gap = text[tokens[i - 1].end : tokens[i].start]
    return any(c in gap for c in '.!?:"“”\n') and "." not in tokens[i - 1].text[-1:]


def _plain(token: Token, sentence_initial: bool) -> list[_Unit]:
    number = _number_key(token)
    if number is not None:
        return [_Unit(number, "number", token.start, token.end, token.text, token.stem)]
    time = _time_key(token, sentence_initial)
    if time is not None:
        return [_Unit(time, "time", token.start, token.end, token.text, token.stem)]
    word = token.text
    name = word[:1].isupper() and (
        not sentence_initial or word.isupper() or fold(word) != word.lower()
    )
    cat = "name" if name else "word"
    return [_Unit(token.stem, cat, token.start, token.end, token.text, token.stem)]


def _analyse_zh(lex: Matcher, text: str, stmt: Statement) -> list[_Unit]:
    """Lexicon-level units of a Chinese statement: characterisation words and figures."""
    units: list[_Unit] = []
    chunk = stmt.text
    for tone in lex.lexicon.tone:
        for alias in tone.zh:
            for m in re.finditer(re.escape(alias), chunk):
                window = chunk[m.end() : m.end() + _ZH_TONE_WINDOW]
                if any(t in window for t in lex.lexicon.talks_zh):
                    s = stmt.start + m.start()
                    units.append(
                        _Unit("tone:" + tone.key, "tone", s, s + len(alias), alias, alias, tone.key)
                    )
    for m in _ZH_DIGITS.finditer(chunk):
        s = stmt.start + m.start()
        units.append(_Unit("#" + m.group(), "number", s, s + len(m.group()), m.group(), m.group()))
    units.sort(key=lambda u: (u.start, -u.end))
    return units


def _party_map(lex: Matcher, source: Source, tokens: Sequence[Token]) -> dict[str, frozenset[str]]:
    """Which parties the names and titles of a source belong to, from the titles around them:
    "U.S. Secretary of State Antony Blinken" puts Blinken (and Antony) with the United States."""
    found: dict[str, set[str]] = {}
    glue = {"of", "top", "senior", "chief", "former", "deputy", "vice", "the"}
    for i, token in enumerate(tokens):
        if token.cjk or not (
            token.capitalised
            or token.stem in {"spokesperson", "spokesman", "spokeswoman", "diplomat"}
        ):
            continue
        if lex.parties_in([token]):
            continue  # a party marker itself ("U.S.", "Chinese") is not a name to place
        j = i
        while j > 0 and i - j < 7:
            prev = tokens[j - 1]
            gap = source.text[prev.end : tokens[j].start]
            if any(c in gap for c in ',;:.\n()"“”'):
                break
            if not (prev.capitalised or fold(prev.text) in glue or prev.text.isupper()):
                break
            j -= 1
        parties = lex.parties_in(tokens[j : i + 1])
        if parties:
            found.setdefault(fold(token.text), set()).update(parties)
    return {k: frozenset(v) for k, v in found.items()}


_NAME_GLUE = frozenset("the a an of top senior chief former de da van von bin al".split())


@dataclass(frozen=True)
class _People:
    """The people a source names with a title, so a later "the Secretary" can be resolved.

    `by_title` maps a folded title word ("secretary") to the name sets of the people the
    source gives it ({"antony", "blinken"}); mentions sharing a name are one person.
    """

    title_words: frozenset[str]
    by_title: Mapping[str, tuple[frozenset[str], ...]]

    @cached_property
    def names(self) -> frozenset[str]:
        """Every name of every titled person."""
        return frozenset(name for people in self.by_title.values() for p in people for name in p)

    def resolve(self, words: Iterable[str]) -> frozenset[str]:
        """Names of the single person every title word among `words` fits, else empty."""
        people: list[frozenset[str]] | None = None
        for word in words:
            if word not in self.by_title:
                continue
            fits = list(self.by_title[word])
            people = fits if people is None else [p for p in people if any(p & f for f in fits)]
        if not people:
            return frozenset()
        merged = frozenset().union(*people)
        # One person: every mention shares a name with the first ("Antony Blinken", "Blinken").
        return merged if all(p & people[0] for p in people) else frozenset()


def _people(lex: Matcher, source: Source, tokens: Sequence[Token]) -> _People:
    """Title words and the names they precede: "Secretary of State Antony Blinken"."""
    title_words = (
        frozenset(
            fold(word) for title in lex.lexicon.titles for word in re.findall(r"[\w]+", title)
        )
        - _NAME_GLUE
    )
    # Words of a party marker ("the State Department", "the White House") name a body, never
    # a person, even after a title word.
    in_marker = {k for i, j, _ in lex.party_markers(tokens) for k in range(i, j)}
    found: dict[str, list[frozenset[str]]] = {}
    run: list[Token] = []

    def close() -> None:
        # A run such as "U.S. Secretary of State Antony Blinken" or, in a headline, "President
        # Xi Jinping Meets US Secretary Blinken": titles, then the names they belong to; a
        # title after a name starts the next person.
        titles: list[str] = []
        names: set[str] = set()
        for token in [*run, None]:
            word = fold(token.text) if token is not None else ""
            if token is None or (word in title_words and names):
                for title in titles if names else ():
                    people = found.setdefault(title, [])
                    if frozenset(names) not in people:
                        people.append(frozenset(names))
                titles, names = [], set()
            if token is None:
                break
            if word in title_words:
                titles.append(word)
            elif titles and token.capitalised and word not in _NAME_GLUE and len(names) < 3:
                names.add(word)
        run.clear()

    for k, token in enumerate(tokens):
        if run:
            gap = source.text[run[-1].end : token.start]
            if any(c in gap for c in ',;:.\n()"“”') or "\n" in gap:
                close()
        word = fold(token.text)
        if k in in_marker:
            if run:
                close()
            continue
        if not token.cjk and (token.capitalised or word in _NAME_GLUE or word in title_words):
            run.append(token)
        elif run:
            close()
    if run:
        close()
    return _People(title_words, {k: tuple(v) for k, v in found.items()})


# ---------------------------------------------------------------------------------------------
# Comparing two statements
# ---------------------------------------------------------------------------------------------


@dataclass
class _Pair:
    a: _Doc
    b: _Doc
    # Topics of every statement of each side of the group (a topic is only "added" by b when
    # no statement of a's side of the group mentions it).
    group_topics_a: frozenset[str]
    group_topics_b: frozenset[str]
    findings: list[Finding] = field(default_factory=list)
    # Units of a and b in the order they are compared (coordinations reordered, see _ordered).
    ua: list[_Unit] = field(default_factory=list)
    ub: list[_Unit] = field(default_factory=list)

    def add(
        self,
        kind: str,
        a_units: Sequence[_Unit],
        b_units: Sequence[_Unit],
        severity: str,
        message: str,
    ) -> None:
        a_span = (min(u.start for u in a_units), max(u.end for u in a_units))
        b_span = (min(u.start for u in b_units), max(u.end for u in b_units))
        self.findings.append(
            _span_finding(
                kind,
                (self.a.stmt.id, self.a.text, a_span),
                (self.b.stmt.id, self.b.text, b_span),
                severity,
                message,
            )
        )


@dataclass(frozen=True)
class _Block:
    """A differing run: pair.ua[lo_a:hi_a] against pair.ub[lo_b:hi_b].

    `da`/`db` are its units that really differ (not moved elsewhere in the other statement);
    `left`/`right` count the equal units just before and after it (its anchors).
    """

    lo_a: int
    hi_a: int
    lo_b: int
    hi_b: int
    left: int
    right: int
    da: tuple[_Unit, ...]
    db: tuple[_Unit, ...]


def _segments(ka: Sequence[str], kb: Sequence[str]) -> list[tuple[bool, int, int, int, int]]:
    """(equal, a_lo, a_hi, b_lo, b_hi) runs of an LCS diff of two key sequences; adjacent
    insertions and deletions are merged into one differing run."""
    out: list[tuple[bool, int, int, int, int]] = []
    for op in Indel.opcodes(list(ka), list(kb)):
        equal = op.tag == "equal"
        if out and not equal and not out[-1][0]:
            _, a0, _, b0, _ = out[-1]
            out[-1] = (False, a0, op.src_end, b0, op.dest_end)
        else:
            out.append((equal, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return _cross_merge(out)


def _cross_merge(
    segs: list[tuple[bool, int, int, int, int]],
) -> list[tuple[bool, int, int, int, int]]:
    """Join a deletion and an insertion on either side of one shared unit into one run:
    "Russia's war against Ukraine" vs "the Ukraine crisis" is a substitution around "Ukraine",
    which the LCS splits into a deletion before it and an insertion after it."""
    out: list[tuple[bool, int, int, int, int]] = []
    n = 0
    while n < len(segs):
        if n + 2 < len(segs):
            (e0, a0, a1, b0, b1), (e1, a2, a3, _, _), (e2, a4, a5, b4, b5) = segs[n : n + 3]
            pure_del = not e0 and a1 > a0 and b1 == b0
            pure_ins = not e0 and b1 > b0 and a1 == a0
            across = e1 and a3 - a2 == 1 and not e2
            if across and (
                (pure_del and b5 > b4 and a5 == a4) or (pure_ins and a5 > a4 and b5 == b4)
            ):
                out.append((False, a0, a5, b0, b5))
                n += 3
                continue
        out.append(segs[n])
        n += 1
    return out


def plausible_typo(lex: Matcher, x: str, y: str) -> bool:
    """Is one of two differing words a slip of the pen for the other ("shared" / "shred")?

    Both are lowercase single words with the same first letter, one at least MIN_TYPO_LETTERS
    long, and a few edits apart (MAX_TYPO_EDITS, MAX_LONG_TYPO_EDITS for long words). Capitalised
    words are names, whose spellings are findings (Jake / Jack); two words the lexicon both
    knows, or antonyms, differ in meaning however close their spellings.
    """
    if x == y or not (_TYPO_WORD.fullmatch(x) and _TYPO_WORD.fullmatch(y)) or x[0] != y[0]:
        return False
    short = min(len(x), len(y))
    if max(len(x), len(y)) < MIN_TYPO_LETTERS:
        return False
    limit = MAX_LONG_TYPO_EDITS if short >= LONG_TYPO_LETTERS else MAX_TYPO_EDITS
    if OSA.distance(x, y, score_cutoff=limit) > limit:
        return False
    tx, ty = lex.tokenize(x), lex.tokenize(y)
    if len(tx) == len(ty) == 1 and frozenset((tx[0].stem, ty[0].stem)) in lex.antonyms:
        return False
    return not (lex.lookup(tx, 0)[0] and lex.lookup(ty, 0)[0])


def _noise_only(lex: Matcher, text_a: str | None, text_b: str | None) -> bool:
    """Do two differing stretches of text differ only by typing noise? They are the same once
    spaces are ignored ("policy. Both" / "policy.Both"), or word for word the same or a
    plausible typo ("looks forward to" / "loks forward to", where the lexicon phrase hides the
    misspelt word from unit-level repair)."""
    if text_a is None or text_b is None:
        return False
    if "".join(text_a.split()) == "".join(text_b.split()):
        return True
    words_a, words_b = text_a.split(), text_b.split()
    return len(words_a) == len(words_b) and all(
        x == y or plausible_typo(lex, x.strip(_EDGE_PUNCT), y.strip(_EDGE_PUNCT))
        for x, y in zip(words_a, words_b, strict=True)
    )


_EDGE_PUNCT = '.,;:!?"“”‘’()'


def _between_anchors(
    text: str, units: Sequence[_Unit], lo: int, hi: int, bounds: tuple[int, int]
) -> str | None:
    """The text between the shared units around units[lo:hi] (or the `bounds` of the statement
    or quote), if that text holds the run: coordinations are reordered for the diff, so
    neighbouring units need not be in text order."""
    start = units[lo - 1].end if lo > 0 else bounds[0]
    end = units[hi].start if hi < len(units) else bounds[1]
    if start > end or any(u.start < start or u.end > end for u in units[lo:hi]):
        return None
    return text[start:end]


_TYPO_WORD = re.compile(r"[a-z][a-z'’-]*")
# Unit categories a typo can hide: a misspelt word is never recognised by the lexicon, so the
# misspelling is a plain word while the word it stands for may be any lexicon word.
_TYPO_CATS = frozenset({"word", "tone", "hedge", "verb"})


def _glue_index(doc: _Doc) -> dict[str, tuple[int, int]]:
    """Two neighbouring words of a statement written together ("of the" -> "ofthe"), lowercased,
    with the span of the two words."""
    out: dict[str, tuple[int, int]] = {}
    tokens = doc.tokens
    for t1, t2 in zip(tokens, tokens[1:], strict=False):
        gap = doc.text[t1.end : t2.start]
        if gap and not gap.strip():
            out.setdefault((t1.text + t2.text).lower(), (t1.start, t2.end))
    return out


def _heal(
    a: _Doc, units_a: Sequence[_Unit], b: _Doc, units_b: Sequence[_Unit]
) -> tuple[list[_Unit], list[_Unit]]:
    """`units_a` and `units_b` with typing noise between them repaired: a word on one side that
    is a typo of a word only the other side has takes that word's key, and a word that is two
    of the other side's neighbouring words run together ("respectChina") is replaced by their
    units. Typos and lost spaces are noise, not a difference in framing."""
    out_a, out_b = list(units_a), list(units_b)
    for this, other, other_doc, mine in ((out_b, out_a, a, b), (out_a, out_b, b, a)):
        other_keys = {u.key for u in other}
        glue: dict[str, tuple[int, int]] | None = None
        own_keys = {u.key for u in this}
        healed: list[_Unit] = []
        for unit in this:
            if unit.key in other_keys or unit.cat not in ("word", "name"):
                healed.append(unit)
                continue
            if glue is None:
                glue = other_doc.glue
            span = glue.get(unit.text.lower())
            if span is not None:
                # The other side's units of the two words, placed on this side's glued word.
                healed.extend(
                    replace(v, start=unit.start, end=unit.end)
                    for v in other
                    if span[0] <= v.start and v.end <= span[1]
                )
                continue
            match = next(
                (
                    v
                    for v in other
                    if v.cat in _TYPO_CATS
                    and v.key not in own_keys
                    and plausible_typo(mine.lex, v.text, unit.text)
                ),
                None,
            )
            healed.append(
                unit
                if match is None
                else replace(unit, key=match.key, cat=match.cat, value=match.value)
            )
        this[:] = healed
    return out_a, out_b


def _quoted(doc: _Doc, units: Sequence[_Unit]) -> Quote | None:
    """The first quote that holds one of `units`, if any."""
    for unit in units:
        quote = quote_at(doc.quotes, unit.start, unit.end)
        if quote is not None:
            return quote
    return None


def _inside(units: Sequence[_Unit], quote: Quote | None) -> list[_Unit]:
    if quote is None:
        return []
    return [u for u in units if quote.text_start <= u.start and u.end <= quote.text_end]


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})


def _speaker_label(*quotes: Quote) -> str:
    # A pronoun ("he said") names nobody a reader can see in the finding.
    names = [q.speaker for q in quotes if q.speaker and q.speaker.lower() not in _PRONOUNS]
    named = [n for n in names if any(w[:1].isupper() for w in n.split())]
    pool = [_name_part(n) for n in named or names]
    pool = [n for n in pool if n]
    if not pool:
        return ""
    label = min(pool, key=len)
    return re.sub(r"^(the|a|an)\s+", "", label, flags=re.IGNORECASE)


#: Where a speaker phrase read off the text stops being a name: a sentence break, or a reporting
#: verb ("Kishida said he told Li ...", "the Chinese ministry. The ministry also said ...").
_SPEAKER_END = re.compile(
    r"[.;:!?](?:\s|$)|\s(?:said|says|told|tells|added|adds|noted|stressed|warned|insisted)\b"
)


def _name_part(speaker: str) -> str:
    """The leading part of a speaker phrase that names the speaker."""
    return _SPEAKER_END.split(speaker, maxsplit=1)[0].strip()


def _same_speaker(doc_a: _Doc, qa: Quote, doc_b: _Doc, qb: Quote) -> bool:
    """Quotes are of one speaker unless both speakers are known to differ."""
    if qa.speaker_span is None or qb.speaker_span is None:
        return True
    return not _different_speakers(doc_a, qa.speaker_span, doc_b, qb.speaker_span)


def _excerpt(text: str, start: int, end: int, lo: int, hi: int, words: int = 4) -> str:
    """text[start:end] with up to `words` words of context each side, within [lo, hi)."""
    left = text[lo:start].split()
    right = text[end:hi].split()
    parts = [*left[-words:], text[start:end], *right[:words]]
    return " ".join(p for p in parts if p).strip(" ,;")


def _anchor(units: Sequence[_Unit], index: int) -> list[_Unit]:
    """The unit at `index`, or the last one: where an insertion lands."""
    if not units:
        return []
    return [units[min(index, len(units) - 1)]]


def _compare_block(pair: _Pair, block: _Block) -> None:
    a, b = pair.a, pair.b
    lo_a, hi_a, lo_b, hi_b = block.lo_a, block.hi_a, block.lo_b, block.hi_b
    da, db = list(block.da), list(block.db)
    fired: set[str] = set()
    if _noise_only(
        a.lex,
        _between_anchors(a.text, pair.ua, lo_a, hi_a, (a.stmt.start, a.stmt.end)),
        _between_anchors(b.text, pair.ub, lo_b, hi_b, (b.stmt.start, b.stmt.end)),
    ):
        return
    side_a = da or _anchor(pair.ua, lo_a)
    side_b = db or _anchor(pair.ub, lo_b)
    if not side_a or not side_b:
        return

    # polarity: a negation on one side only, or an antonym swapped in
    neg_a = [u for u in da if u.cat == "neg"]
    neg_b = [u for u in db if u.cat == "neg"]
    antonym = next(
        ((ua, ub) for ua in da for ub in db if frozenset((ua.stem, ub.stem)) in a.lex.antonyms),
        None,
    )
    # A negation on one side only is a contradiction only where the negated proposition is
    # the same on both sides: `matching` compares propositions across the two whole texts.
    if antonym is not None and max(len(da), len(db)) <= MAX_MARKED_EDIT:
        ua, ub = antonym
        pair.add(
            "polarity", [ua], [ub], "high", f'the claim is reversed: "{ua.text}" vs "{ub.text}"'
        )
        fired.add("polarity")

    # number: figures, dates, weekdays
    num_a = [u for u in da if u.cat in ("number", "time")]
    num_b = [u for u in db if u.cat in ("number", "time")]
    if num_a and num_b:
        pair.add(
            "number",
            num_a,
            num_b,
            "medium",
            f'figures differ: "{_excerpt(a.text, num_a[0].start, num_a[-1].end, a.stmt.start, a.stmt.end, 1)}" vs '
            f'"{_excerpt(b.text, num_b[0].start, num_b[-1].end, b.stmt.start, b.stmt.end, 1)}"',
        )
        fired.add("number")

    # entity: names spelled differently, titles swapped
    # A capitalised word opening a sentence may be a name too ("Jake Sullivan met ...").
    names_a = [u for u in da if u.cat == "name" or (u.cat == "word" and u.text[:1].isupper())]
    names_b = [u for u in db if u.cat == "name" or (u.cat == "word" and u.text[:1].isupper())]
    for ua in names_a:
        best = max(
            names_b, key=lambda ub: fuzz.ratio(name_form(ua.text), name_form(ub.text)), default=None
        )
        if best is None or _one_party(a.lex, ua, best):
            continue  # "Japan's" and "Japanese" name one country
        x, y = sorted((name_form(ua.text), name_form(best.text)), key=len)
        if y.startswith(x) and not accented(ua.text, best.text):
            continue  # one spelling ("Beijing's", "Sinicisation") or a clipped form ("Lao")
        if fuzz.ratio(fold(ua.text), fold(best.text)) >= NAME_SIMILARITY:
            pair.add(
                "entity",
                [ua],
                [best],
                "medium",
                f'name rendered differently: "{ua.text}" vs "{best.text}"',
            )
            fired.add("entity")
    # A title swapped in front of the same name: "Premier Li" vs "President Li".
    titles_a = [u for u in da if u.cat == "title"]
    titles_b = [u for u in db if u.cat == "title"]
    next_a = pair.ua[hi_a] if hi_a < len(pair.ua) else None
    next_b = pair.ub[hi_b] if hi_b < len(pair.ub) else None
    if (
        titles_a
        and titles_b
        and len(da) <= 2
        and len(db) <= 2
        and next_a is not None
        and next_b is not None
        and next_a.cat == next_b.cat == "name"
        and next_a.key == next_b.key
        and not _title_words(titles_a) <= _title_words(titles_b)
        and not _title_words(titles_b) <= _title_words(titles_a)
    ):
        pair.add(
            "entity",
            titles_a,
            titles_b,
            "medium",
            f'title differs: "{_span(a, titles_a)}" vs "{_span(b, titles_b)}"',
        )
        fired.add("entity")

    # tone: characterisation of the talks
    tone_a_side: list[_Unit] = []
    tone_b_side: list[_Unit] = []
    tone_a = [u for u in da if u.cat == "tone"]
    tone_b = [u for u in db if u.cat == "tone"]
    # A characterisation on one side only is not a changed one: the side that has none may
    # simply not describe the talks (a half-finding would only be noise).
    if (tone_a and tone_b) or (tone_a and tone_b_side) or (tone_b and tone_a_side):
        ua_units = tone_a or tone_a_side
        ub_units = tone_b or tone_b_side
        pair.add(
            "tone",
            ua_units,
            ub_units,
            _tone_severity(a.lex, tone_a, tone_b),
            _tone_message(a, b, tone_a, tone_b, ua_units, ub_units),
        )
        fired.add("tone")

    # hedge: certainty
    hedge_a = [u for u in da if u.cat == "hedge"]
    hedge_b = [u for u in db if u.cat == "hedge"]
    # "can" / "cannot": the modal is negated, not dropped; polarity already reports that.
    contracted = "polarity" in fired and any(
        fold(n.text).startswith(fold(h.text))
        for hedges, negs in ((hedge_a, neg_b), (hedge_b, neg_a))
        for h in hedges
        for n in negs
    )
    # A hedge on one side only, inside a longer edit, hedges a claim of that side's own.
    own_claim = bool(hedge_a) != bool(hedge_b) and not (
        _small_edit(da, db, "hedge") if hedge_a else _small_edit(db, da, "hedge")
    )
    if (hedge_a or hedge_b) and not contracted and not own_claim:
        ca = min((a.lex.hedges[u.value].certainty for u in hedge_a), default=1.0)
        cb = min((b.lex.hedges[u.value].certainty for u in hedge_b), default=1.0)
        if abs(ca - cb) >= HEDGE_GAP:
            ua_units = hedge_a or side_a
            ub_units = hedge_b or side_b
            severity = "medium" if abs(ca - cb) >= STRONG_HEDGE_GAP else "low"
            pair.add(
                "hedge",
                ua_units,
                ub_units,
                severity,
                f'certainty differs: "{_span(a, ua_units)}" vs "{_span(b, ub_units)}"',
            )
            fired.add("hedge")

    # quote_drift: both sides quote the remark and the quoted words differ
    qa = _quoted(a, [u for u in da if u.cat not in ("verb", "account")])
    qb = _quoted(b, [u for u in db if u.cat not in ("verb", "account")])
    content_a = _inside(da, qa)
    content_b = _inside(db, qb)
    if (
        qa is not None
        and qb is not None
        and content_a
        and content_b
        and _same_speaker(a, qa, b, qb)
    ):
        label = _speaker_label(qa, qb)
        quoted_a = _short_quote(a.text, qa, content_a)
        quoted_b = _short_quote(b.text, qb, content_b)
        pair.add(
            "quote_drift",
            content_a,
            content_b,
            "high",
            f'quoted {label + " " if label else ""}wording differs: "{quoted_a}" vs "{quoted_b}"',
        )
        fired.add("quote_drift")

    # wording: a short substitution of content words
    if not fired:
        raw_a, raw_b = pair.ua[lo_a:hi_a], pair.ub[lo_b:hi_b]
        pick: tuple[Sequence[_Unit], Sequence[_Unit]] | None = None
        small = len(raw_a) <= MAX_RUN_UNITS and len(raw_b) <= MAX_RUN_UNITS
        # Reporting verbs and "according to" belong to attribution, not to the claim's wording.
        da = [u for u in da if u.cat not in ("verb", "account")]
        db = [u for u in db if u.cat not in ("verb", "account")]
        # "Japan's" / "Japanese": markers of one party are one name, not a change of words.
        da, db = _drop_same_party(a.lex, da, db), _drop_same_party(a.lex, db, da)
        if small and _anchored(block) and _substitution(da, db):
            pick = (da, db)
        else:
            # A rewritten clause: compare the phrases that touch the shared words around it,
            # the opening phrase after shared words, or the closing one before them.
            for edge, anchored in ((_lead, block.left >= 2), (_tail, block.right >= 2)):
                if not anchored:
                    continue
                edge_a, edge_b = edge(a, raw_a), edge(b, raw_b)
                diff_a = [u for u in edge_a if u in da]
                diff_b = [u for u in edge_b if u in db]
                if diff_a and diff_b and _substitution(diff_a, diff_b):
                    # An opening phrase is shown whole ("meet it halfway" / "work with China").
                    pick = (edge_a, edge_b) if edge is _lead else (diff_a, diff_b)
                    break
        if pick is not None and _substitution(*pick):
            wa, wb = pick
            if _reframed(a.lex, wa, wb):
                pair.add(
                    "wording",
                    wa,
                    wb,
                    "low",
                    f'the same thing framed differently: "{_span(a, wa)}" vs "{_span(b, wb)}"',
                )


def _content(units: Sequence[_Unit]) -> list[_Unit]:
    return [u for u in units if u.cat in ("word", "tone", "synonym") and u.text[:1].isalpha()]


def _reframed(lex: Matcher, wa: Sequence[_Unit], wb: Sequence[_Unit]) -> bool:
    """Is a substitution of content words a contested term replaced by another term of its
    framing group ("crisis" / "war")? Any other substitution is a paraphrase: never a finding
    (changed descriptors and quotes are `descriptors`' job); the side-by-side diff shows it."""
    ca, cb = _content(wa), _content(wb)
    groups_a = {lex.framings[u.stem] for u in ca if u.stem in lex.framings}
    groups_b = {lex.framings[u.stem] for u in cb if u.stem in lex.framings}
    return bool(groups_a & groups_b) and {u.stem for u in ca} != {u.stem for u in cb}


def _anchored(block: _Block) -> bool:
    """Is the run a substitution inside shared wording, rather than a rewritten clause?

    It needs shared words on both sides (or, opening the statement, two after it; closing it,
    two before it and a change of at most two units), and a larger change needs a run of
    STRONG_ANCHOR shared words on one side.
    """
    size = len(block.da) + len(block.db)
    if block.left and block.right:
        anchored = True
    elif not block.left:
        anchored = block.right >= 2
    else:
        anchored = block.left >= 2 and size <= 2
    return anchored and (size <= 3 or max(block.left, block.right) >= STRONG_ANCHOR)


def _substitution(da: Sequence[_Unit], db: Sequence[_Unit]) -> bool:
    """Both sides replace content words, and neither side is a whole rewritten clause."""
    return (
        any(u.cat == "word" for u in da)
        and any(u.cat == "word" for u in db)
        and len(da) <= MAX_WORDING_UNITS
        and len(db) <= MAX_WORDING_UNITS
    )


def _lead(doc: _Doc, run: Sequence[_Unit]) -> list[_Unit]:
    """The units of `run` up to its first clause break, if that phrase is short."""
    lead: list[_Unit] = []
    for unit in run:
        if lead and _breaks(doc.text[lead[-1].end : unit.start]):
            break
        lead.append(unit)
    if len(lead) == len(run) or len(lead) > MAX_LEAD_UNITS:
        return []
    return lead


def _tail(doc: _Doc, run: Sequence[_Unit]) -> list[_Unit]:
    """The units of `run` after its last clause break, if that phrase is short."""
    tail: list[_Unit] = []
    for unit in reversed(run):
        if tail and _breaks(doc.text[unit.end : tail[0].start]):
            break
        tail.insert(0, unit)
    if len(tail) == len(run) or len(tail) > MAX_LEAD_UNITS:
        return []
    return tail


def _breaks(gap: str) -> bool:
    if any(c in gap for c in ",;:—()"):
        return True
    return any(w in _CLAUSE_BREAK_WORDS for w in re.findall(r"[a-z]+", gap.lower()))


def _drop_same_party(lex: Matcher, units: list[_Unit], other: Sequence[_Unit]) -> list[_Unit]:
    theirs: set[str] = set()
    for u in other:
        theirs |= lex.parties_in(lex.tokenize(u.text))
    return [u for u in units if not (lex.parties_in(lex.tokenize(u.text)) or {""}) <= theirs]


def _one_party(lex: Matcher, ua: _Unit, ub: _Unit) -> bool:
    pa = lex.parties_in(lex.tokenize(ua.text))
    return bool(pa) and pa == lex.parties_in(lex.tokenize(ub.text))


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _span(doc: _Doc, units: Sequence[_Unit]) -> str:
    return doc.text[min(u.start for u in units) : max(u.end for u in units)]


def _short_quote(text: str, quote: Quote, units: Sequence[_Unit]) -> str:
    inner = quote.text.strip().rstrip(",.;:")
    if len(inner.split()) <= 8:
        return inner
    return _excerpt(text, units[0].start, units[-1].end, quote.text_start, quote.text_end, 3)


def _small_edit(block: Sequence[_Unit], other_block: Sequence[_Unit], cat: str) -> bool:
    """Whether a block marked by `cat` (a negation, a hedge) only marks the other side's words.

    Beside the marker, at most an auxiliary where the other side has nothing ("is not"), or
    a short rewording of what the other side says ("did not agree" for "agreed").
    """
    rest = [u for u in block if u.cat != cat]
    return len(rest) <= (MAX_MARKED_EDIT if other_block else 1)


def _tone_severity(lex: Matcher, tone_a: Sequence[_Unit], tone_b: Sequence[_Unit]) -> str:
    signals_a = {lex.tone[u.value].signal for u in tone_a}
    signals_b = {lex.tone[u.value].signal for u in tone_b}
    strength_a = max((lex.tone[u.value].strength for u in tone_a), default=0)
    strength_b = max((lex.tone[u.value].strength for u in tone_b), default=0)
    if signals_a != signals_b or abs(strength_a - strength_b) >= 2:
        return "medium"
    return "low"


def _tone_message(
    a: _Doc,
    b: _Doc,
    tone_a: Sequence[_Unit],
    tone_b: Sequence[_Unit],
    ua: Sequence[_Unit],
    ub: Sequence[_Unit],
) -> str:
    def describe(doc: _Doc, units: Sequence[_Unit], tone: Sequence[_Unit]) -> str:
        if not tone:
            return f'no characterisation ("{_span(doc, units)}")'
        return ", ".join(f'"{u.text}" ({doc.lex.tone[u.value].meaning})' for u in tone)

    return (
        f"talks characterised differently: {describe(a, ua, tone_a)} vs {describe(b, ub, tone_b)}"
    )


# ---------------------------------------------------------------------------------------------
# Attribution
# ---------------------------------------------------------------------------------------------


def _phrase_parties(doc: _Doc, start: int, end: int) -> set[str]:
    tokens = doc.lex.tokenize(doc.text, start, end)
    parties = set(doc.lex.parties_in(tokens))
    for t in tokens:
        if t.capitalised or t.stem in {"spokesperson", "spokesman", "spokeswoman", "diplomat"}:
            parties |= doc.parties.get(fold(t.text), frozenset())
    return parties


def _claim_parties(doc: _Doc, account: Cue) -> set[str]:
    """Parties of whoever makes the claim an account relays: its speaker, or its subject."""
    parties: set[str] = set()
    for cue in doc.cues:
        if cue.kind == "speaker":
            parties |= _phrase_parties(doc, *cue.speaker_span)
    if parties:
        return parties
    near_start = account.start - doc.stmt.start < 3
    after = [u for u in doc.units if u.start >= account.end] if near_start else doc.units
    subject = after[0] if after else None
    if subject is not None and subject.cat in ("name", "alias"):
        return _phrase_parties(doc, subject.start, subject.end)
    return set()


def _relayed(doc: _Doc) -> tuple[Cue, set[str]] | None:
    """The account through which the statement relays another party's claim, if any."""
    for cue in doc.cues:
        if cue.kind != "account":
            continue
        parties = _phrase_parties(doc, *cue.speaker_span)
        if not parties:
            continue
        claim = _claim_parties(doc, cue)
        if claim and parties.isdisjoint(claim):
            return cue, parties
    return None


def _own_words(doc: _Doc) -> tuple[int, int] | None:
    """Span that presents the claim directly: its speaker cue, or the verb that states it."""
    for cue in doc.cues:
        if cue.kind == "speaker":
            return cue.start, cue.end
    for unit in doc.units:
        if unit.cat == "verb":
            return unit.start, unit.end
    return None


def _compare_attribution(pair: _Pair) -> None:
    a, b = pair.a, pair.b
    if a.cjk or b.cjk:
        return
    relay_a, relay_b = _relayed(a), _relayed(b)
    if relay_a and relay_b:
        (cue_a, parties_a), (cue_b, parties_b) = relay_a, relay_b
        if parties_a.isdisjoint(parties_b):
            _attribution(
                pair,
                (cue_a.start, cue_a.end),
                (cue_b.start, cue_b.end),
                "medium",
                f'relayed through different accounts: "{cue_a.text}" vs "{cue_b.text}"',
            )
        return
    if relay_a or relay_b:
        other = b if relay_a else a
        cue = relay_a[0] if relay_a else relay_b[0]  # type: ignore[index]
        direct = _own_words(other)
        if direct is None:
            return
        direct_text = other.text[direct[0] : direct[1]]
        own_cue = any(c.kind == "speaker" for c in other.cues)
        how = "as the speaker's own words" if own_cue else "as fact"
        message = f'{"a" if relay_a else "b"} relays this through "{cue.text}"; {"b" if relay_a else "a"} gives it {how} ("{direct_text}")'
        spans = ((cue.start, cue.end), direct) if relay_a else (direct, (cue.start, cue.end))
        _attribution(pair, spans[0], spans[1], "medium", message)
        return
    speakers_a = [c for c in a.cues if c.kind == "speaker"]
    speakers_b = [c for c in b.cues if c.kind == "speaker"]
    accounts_a = [c for c in a.cues if c.kind == "account"]
    accounts_b = [c for c in b.cues if c.kind == "account"]
    # One side credits a speaker, the other only a party's account ("the official said" vs
    # "according to the Chinese side"): different sources unless they are of one party.
    for acc, spk, acc_doc, spk_doc, acc_is_a in (
        (accounts_a, speakers_b, a, b, True),
        (accounts_b, speakers_a, b, a, False),
    ):
        if acc and spk and not (speakers_a if acc_is_a else speakers_b):
            if accounts_b if acc_is_a else accounts_a:
                continue
            account, speaker = acc[0], spk[0]
            parties = _phrase_parties(acc_doc, *account.speaker_span)
            if parties and not parties & _phrase_parties(spk_doc, *speaker.speaker_span):
                spans = (account.start, account.end), (speaker.start, speaker.end)
                a_span, b_span = spans if acc_is_a else spans[::-1]
                message = f'credited differently: "{a.text[a_span[0] : a_span[1]]}" vs "{b.text[b_span[0] : b_span[1]]}"'
                _attribution(pair, a_span, b_span, "medium", message)
                return
    if not speakers_a or not speakers_b:
        return
    ca, cb = speakers_a[0], speakers_b[0]
    if _different_speakers(a, ca.speaker_span, b, cb.speaker_span):
        _attribution(
            pair,
            (ca.start, ca.end),
            (cb.start, cb.end),
            "medium",
            f'credited to different speakers: "{ca.speaker}" vs "{cb.speaker}"',
        )
    elif ca.force != cb.force and ca.verb and cb.verb:
        va, vb = _verb_text(a, ca), _verb_text(b, cb)
        severity = "medium" if abs(ca.force - cb.force) >= 2 else "low"
        _attribution(
            pair,
            (ca.start, ca.end),
            (cb.start, cb.end),
            severity,
            f'reporting verb of different force: "{va}" vs "{vb}"',
        )


def _verb_text(doc: _Doc, cue: Cue) -> str:
    """The reporting verb of a cue: the cue's words other than its speaker."""
    if cue.speaker_span[0] == cue.start:
        verb = doc.text[cue.speaker_span[1] : cue.end]
    else:
        verb = doc.text[cue.start : cue.speaker_span[0]]
    return verb.split(",")[-1].strip()


def _different_speakers(a: _Doc, span_a: tuple[int, int], b: _Doc, span_b: tuple[int, int]) -> bool:
    """Whether two speaker phrases are known to name different speakers.

    Named people are compared by name ("Blinken" vs "Sullivan" differ although both are
    American); a phrase of titles alone ("the Secretary") is first resolved to the one person
    its source gives that title. Otherwise phrases differ only when both belong to known,
    different parties ("the Chinese side" vs "the U.S. diplomat"): an unresolved "the
    official" may be anyone, so it is not reported as a different speaker.
    """
    names_a = _speaker_names(a, *span_a)
    names_b = _speaker_names(b, *span_b)
    if names_a and names_b:
        if names_a & names_b:
            return False
        return max(fuzz.ratio(x, y) for x in names_a for y in names_b) < NAME_SIMILARITY
    pa = _speaker_parties(a, span_a, names_a)
    pb = _speaker_parties(b, span_b, names_b)
    return bool(pa and pb) and not pa & pb


def _speaker_parties(doc: _Doc, span: tuple[int, int], names: frozenset[str]) -> set[str]:
    """Parties of a named person, else of the phrase's own words ("the Chinese side")."""
    if names:
        return set().union(*(doc.parties.get(name, frozenset()) for name in names))
    return _phrase_parties(doc, *span)


def _speaker_names(doc: _Doc, start: int, end: int) -> frozenset[str]:
    """`_names_of_speaker`, computed once per statement and span."""
    names = doc.speaker_names.get((start, end))
    if names is None:
        names = doc.speaker_names[(start, end)] = _names_of_speaker(doc, start, end)
    return names


def _names_of_speaker(doc: _Doc, start: int, end: int) -> frozenset[str]:
    """Names of the person a speaker phrase names, or empty when it names no known person.

    A person is someone the source introduces with a title ("Secretary of State Antony
    Blinken"), so "the State Department" or "the Foreign Ministry" is never taken for one. A
    phrase of titles alone ("the Secretary") is resolved to the one person its source gives
    them, unless that person belongs to another party than the phrase names ("the Chinese
    president" is not Biden).
    """
    tokens = doc.lex.tokenize(doc.text, start, end)
    # "the State Department" names a body: its "State" is not the Secretary of State's title.
    in_marker = {k for i, j, _ in doc.lex.party_markers(tokens) for k in range(i, j)}
    words = [fold(t.text) for k, t in enumerate(tokens) if not t.cjk and k not in in_marker]
    names = frozenset(w for w in words if w in doc.people.names)
    if names:
        return names
    person = doc.people.resolve(words)
    said = doc.lex.parties_in(tokens)
    theirs: set[str] = set()
    for name in person:
        theirs |= doc.parties.get(name, frozenset())
    if said and theirs and not said & theirs:
        return frozenset()
    return person


def _span_finding(
    kind: str,
    a: tuple[str, str, tuple[int, int]],
    b: tuple[str, str, tuple[int, int]],
    severity: str,
    message: str,
) -> Finding:
    """A finding between two statements; each side is (statement id, source text, span)."""
    (a_id, a_text, a_span), (b_id, b_text, b_span) = a, b
    return Finding(
        kind=kind,
        a=(a_id,),
        b=(b_id,),
        a_text=a_text[a_span[0] : a_span[1]],
        b_text=b_text[b_span[0] : b_span[1]],
        a_span=a_span,
        b_span=b_span,
        severity=severity,
        message=message,
    )


def _attribution(
    pair: _Pair, a_span: tuple[int, int], b_span: tuple[int, int], severity: str, message: str
) -> None:
    a, b = pair.a, pair.b
    pair.findings.append(
        _span_finding(
            "attribution",
            (a.stmt.id, a.text, a_span),
            (b.stmt.id, b.text, b_span),
            severity,
            message,
        )
    )


# ---------------------------------------------------------------------------------------------
# Pairs, groups and the public API
# ---------------------------------------------------------------------------------------------


def _compare_pair(pair: _Pair) -> None:
    a, b = pair.a, pair.b
    if a.cjk or b.cjk:
        _compare_across_languages(pair)
        return
    pair.ua, pair.ub = _heal(
        a, _ordered(a, {u.key for u in b.units}), b, _ordered(b, {u.key for u in a.units})
    )
    ka = [u.key for u in pair.ua]
    kb = [u.key for u in pair.ub]
    count_a, count_b = Counter(ka), Counter(kb)
    segments = _segments(ka, kb)
    changed: list[tuple[tuple[_Unit, ...], tuple[_Unit, ...]]] = []
    for equal, lo_a, hi_a, lo_b, hi_b in segments:
        if equal:
            for ua, ub in zip(pair.ua[lo_a:hi_a], pair.ub[lo_b:hi_b], strict=True):
                if (
                    ua.cat == ub.cat == "name"
                    and ua.text.lower() != ub.text.lower()
                    and (name_form(ua.text) != name_form(ub.text) or accented(ua.text, ub.text))
                    and not _clipped(ua.text, ub.text)
                ):
                    pair.add(
                        "entity",
                        [ua],
                        [ub],
                        "medium",
                        f'name rendered differently: "{ua.text}" vs "{ub.text}"',
                    )
            changed.append(((), ()))
            continue
        # A unit whose key the other statement also has (elsewhere) was moved, not changed.
        da = tuple(u for u in pair.ua[lo_a:hi_a] if count_b[u.key] < count_a[u.key])
        db = tuple(u for u in pair.ub[lo_b:hi_b] if count_a[u.key] < count_b[u.key])
        changed.append((da, db))

    def anchor(indices: Iterable[int]) -> int:
        # Shared units next to a run, reading through runs of moved units only.
        total = 0
        for k in indices:
            if changed[k][0] or changed[k][1]:
                break
            if segments[k][0]:
                total += segments[k][2] - segments[k][1]
        return total

    for n, (equal, lo_a, hi_a, lo_b, hi_b) in enumerate(segments):
        da, db = changed[n]
        if equal or (not da and not db):
            continue
        left = anchor(range(n - 1, -1, -1))
        right = anchor(range(n + 1, len(segments)))
        _compare_block(pair, _Block(lo_a, hi_a, lo_b, hi_b, left, right, da, db))
    _compare_ranks(pair)
    _compare_attribution(pair)


def _compare_ranks(pair: _Pair) -> None:
    """A rank word ("vice", lexicon `titles.ranks`) before a person's title on one side only:
    "Foreign Minister Wang Yi" vs "Vice Foreign Minister Wang Yi", wherever in the statements
    the person is named."""
    ranks = pair.a.lex.lexicon.title_ranks

    def titled(units: Sequence[_Unit]) -> dict[tuple[str, str], tuple[bool, list[_Unit]]]:
        # (title without its rank, name) -> (ranked?, the units of the whole title)
        out: dict[tuple[str, str], tuple[bool, list[_Unit]]] = {}
        for k in range(len(units) - 1):
            title, name = units[k], units[k + 1]
            if title.cat != "title" or name.cat != "name":
                continue
            first, _, rest = title.text.partition(" ")
            prefix, _, stems = title.key.partition(":")
            if fold(first) in ranks and rest and " " in stems:
                # One title unit of the lexicon with its rank: "Deputy Prime Minister" is
                # keyed "title:deputi prime minist"; without the rank, "title:prime minist".
                base = f"{prefix}:{stems.split(' ', 1)[1]}"
                out.setdefault((base, name.key), (True, [title]))
                continue
            before = units[k - 1] if k else None
            if before is not None and fold(before.text) in ranks:
                out.setdefault((title.key, name.key), (True, [before, title]))
            else:
                out.setdefault((title.key, name.key), (False, [title]))
        return out

    in_a, in_b = titled(pair.ua), titled(pair.ub)
    for key in sorted(in_a.keys() & in_b.keys()):
        (ranked_a, units_a), (ranked_b, units_b) = in_a[key], in_b[key]
        if ranked_a == ranked_b:
            continue  # no rank, or one on each side ("Deputy" / "Vice" name one office)
        pair.add(
            "entity",
            units_a,
            units_b,
            "medium",
            f'title differs: "{_span(pair.a, units_a)}" vs "{_span(pair.b, units_b)}"',
        )


def _compare_across_languages(pair: _Pair) -> None:
    """A Chinese statement against an English one (or two Chinese ones): compare/zh/findings.py."""
    from compare.zh import findings as zh_findings

    a, b = pair.a, pair.b
    pair.findings.extend(zh_findings.compare(a.stmt, a.text, b.stmt, b.text, lexicon=a.lex.lexicon))


def _similarity(a: _Doc, b: _Doc) -> float:
    if a.cjk or b.cjk:
        ta = {u.key for u in a.units} | {t for t, _, _ in a.topics}
        tb = {u.key for u in b.units} | {t for t, _, _ in b.topics}
    else:
        ta = {u.key for u in a.units if u.cat != "verb"}
        tb = {u.key for u in b.units if u.cat != "verb"}
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _pairs(docs_a: Sequence[_Doc], docs_b: Sequence[_Doc]) -> list[tuple[_Doc, _Doc]]:
    """Which statements of a group to compare: all pairs when one side has a single statement,
    otherwise each statement with its most similar counterpart (both directions)."""
    if len(docs_a) == 1 or len(docs_b) == 1:
        return [(x, y) for x in docs_a for y in docs_b]
    chosen: set[tuple[int, int]] = set()
    for i, x in enumerate(docs_a):
        j = max(range(len(docs_b)), key=lambda j: (_similarity(x, docs_b[j]), -j))
        chosen.add((i, j))
    for j, y in enumerate(docs_b):
        i = max(range(len(docs_a)), key=lambda i: (_similarity(docs_a[i], y), -i))
        chosen.add((i, j))
    return [(docs_a[i], docs_b[j]) for i, j in sorted(chosen)]


class _QuoteIndex:
    """The quotes of one source, searchable by the span of text they touch."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        order = sorted(range(len(quotes)), key=lambda k: quotes[k].text_start)
        self.quotes = quotes
        self.order = order
        self.starts = [quotes[k].text_start for k in order]
        # Largest text_end among the first n quotes by start: where a backward scan can stop.
        self.max_end: list[int] = []
        for k in order:
            end = quotes[k].text_end
            self.max_end.append(max(end, self.max_end[-1]) if self.max_end else end)

    def touching(self, start: int, end: int) -> tuple[Quote, ...]:
        """Quotes with text_start <= end and text_end >= start, in their original order."""
        found = []
        n = bisect.bisect_right(self.starts, end)
        while n > 0 and self.max_end[n - 1] >= start:
            n -= 1
            k = self.order[n]
            if self.quotes[k].text_end >= start:
                found.append(k)
        return tuple(self.quotes[k] for k in sorted(found))


class _Analyser:
    def __init__(
        self, sources: Mapping[str, Source], statements: Sequence[Statement], lex: Matcher
    ) -> None:
        self.sources = sources
        self.lex = lex
        self.by_id = {s.id: s for s in statements}
        self.statements = statements
        self._quotes: dict[str, tuple[Quote, ...]] = {}
        self._quote_index: dict[str, _QuoteIndex] = {}
        self._parties: dict[str, dict[str, frozenset[str]]] = {}
        self._people: dict[str, _People] = {}
        self._docs: dict[str, _Doc] = {}
        self._source_topics: dict[str, set[str]] = {}
        self._own_voice: dict[str, bool] = {}

    def doc(self, statement_id: str) -> _Doc:
        if statement_id not in self._docs:
            stmt = self.by_id[statement_id]
            source = self.sources[stmt.source]
            if stmt.source not in self._quotes:
                quotes = find_quotes(source.text, lexicon=self.lex.lexicon)
                self._quotes[stmt.source] = quotes
                self._quote_index[stmt.source] = _QuoteIndex(quotes)
                # Both maps read the whole source; tokenise it once.
                tokens = self.lex.tokenize(source.text)
                self._parties[stmt.source] = _party_map(self.lex, source, tokens)
                self._people[stmt.source] = _people(self.lex, source, tokens)
            # A statement only ever asks about quotes around its own words, so it gets the
            # quotes that touch it (in source order): scanning every quote of a long source
            # for every statement is quadratic.
            quotes = self._quote_index[stmt.source].touching(stmt.start, stmt.end)
            doc = _Doc(
                stmt,
                source,
                self.lex,
                quotes,
                self._parties[stmt.source],
                self._people[stmt.source],
            )
            _analyse(doc)
            self._docs[statement_id] = doc
        return self._docs[statement_id]

    def own_voice(self, source_id: str) -> bool:
        """Does the source speak as a government's own readout?

        A primary does; so does a source that relays no other party's account and quotes at
        most OWN_VOICE_QUOTES passages (wires and rewrites quote and cite readouts).
        """
        if source_id not in self._own_voice:
            source = self.sources[source_id]
            own = source.role == "primary"
            if not own:
                docs = [self.doc(s.id) for s in self.statements if s.source == source_id]
                quotes = {q.start for d in docs for q in d.quotes if q.depth == 0}
                # Only a statement naming an account (a readout, a statement, "according to")
                # can relay one: the others' cues are not computed.
                relayed = any(
                    c.kind == "account" for d in docs if _names_account(d) for c in d.cues
                )
                own = bool(docs) and not relayed and len(quotes) <= OWN_VOICE_QUOTES
            self._own_voice[source_id] = own
        return self._own_voice[source_id]

    def source_topics(self, source_id: str) -> set[str]:
        # Asked once per unmatched statement: computed once per source, not once per call.
        if source_id not in self._source_topics:
            self._source_topics[source_id] = {
                name
                for s in self.statements
                if s.source == source_id
                for name, _, _ in self.doc(s.id).topics
            }
        return self._source_topics[source_id]


def _names_account(doc: _Doc) -> bool:
    """Could the statement relay an account: does it have an account noun ("readout") or the
    first word of an account cue ("according to")?"""
    words = _account_words(doc.lex)
    return any(t.stem in words for t in doc.tokens)


@lru_cache(maxsize=16)
def _account_words(lex: Matcher) -> frozenset[str]:
    nouns = {stem for phrase in lex.account_nouns for stem in phrase}
    cues = {stems[0] for cue in lex.lexicon.account_cues if (stems := lex.stems(cue))}
    return frozenset(nouns | cues)


def _with_descriptors(analyser: _Analyser, pair: _Pair) -> list[Finding]:
    """The pair's findings, with changed descriptors (see `descriptors`) taking the place of
    the word diff's tone, quote and wording findings on the same words."""
    a, b = pair.a, pair.b
    if a.cjk or b.cjk:
        return pair.findings
    lex = analyser.lex
    is_descriptor = _descriptor_test(lex)

    def is_content(token: Token) -> bool:
        return not any(e.category == "stop" for e in lex.phrases.get((token.stem,), ()))

    keys_a = {u.start: u.key for u in a.units}
    keys_b = {u.start: u.key for u in b.units}

    def same_words(x: Token, y: Token) -> bool:
        return (
            x.stem == y.stem
            or keys_a.get(x.start, x.stem) == keys_b.get(y.start, y.stem)
            or plausible_typo(lex, x.text, y.text)
        )

    found: list[Finding] = []
    for whole in descriptors.swaps(a.tokens, b.tokens, a.text, b.text):
        hit = descriptors.classify(
            whole,
            quoted_a=lambda tokens: _all_quoted(a, tokens),
            quoted_b=lambda tokens: _all_quoted(b, tokens),
            own_voice_a=analyser.own_voice(a.stmt.source),
            own_voice_b=analyser.own_voice(b.stmt.source),
            is_descriptor=is_descriptor,
            same_words=same_words,
            describes=lambda swap: _describes(a, swap.a) or _describes(b, swap.b),
            is_content=is_content,
        )
        if hit is None:
            continue
        kind, swap = hit
        a_span = (swap.a[0].start, swap.a[-1].end)
        b_span = (swap.b[0].start, swap.b[-1].end)
        words_a, words_b = a.text[a_span[0] : a_span[1]], b.text[b_span[0] : b_span[1]]
        if kind == "quote_drift":
            quote = quote_at(a.quotes, *a_span) or quote_at(b.quotes, *b_span)
            label = _speaker_label(quote) if quote is not None else ""
            message = (
                f'quoted {label + " " if label else ""}wording differs: "{words_a}" vs "{words_b}"'
            )
            severity = "high"
        else:
            message = f"described differently: {_meaning(lex, words_a)} vs {_meaning(lex, words_b)}"
            severity = "medium"
        found.append(
            _span_finding(
                kind, (a.stmt.id, a.text, a_span), (b.stmt.id, b.text, b_span), severity, message
            )
        )
    if not found:
        return pair.findings
    replaced = ("tone", "quote_drift", "wording")
    kept = [
        f
        for f in pair.findings
        if f.kind not in replaced
        or not any(_overlaps(f.a_span, g.a_span) or _overlaps(f.b_span, g.b_span) for g in found)
    ]
    return kept + found


# Lexicon categories whose words are never descriptors, whatever WordNet says ("said").
_NOT_DESCRIPTORS = frozenset({"stop", "verb", "account", "negation", "hedge"})


def _meaning(lex: Matcher, word: str) -> str:
    tone = lex.tone.get(fold(word))
    return f'"{word}" ({tone.meaning})' if tone is not None and tone.meaning else f'"{word}"'


#: Tokens after a descriptor within which the thing it describes is looked for ("constructive
#: and stable Japan-China relations"), and before it for the talks it is said of ("described the
#: meeting as candid").
DESCRIBED_AFTER = 4
DESCRIBED_BEFORE = 5


def _describes(doc: _Doc, tokens: Sequence[Token]) -> bool:
    """Do the tokens describe the talks, the relations, a concern ...?"""
    lex = doc.lex
    index = {t.start: i for i, t in enumerate(doc.tokens)}
    first, last = index.get(tokens[0].start), index.get(tokens[-1].start)
    if first is None or last is None:
        return False
    after = doc.tokens[last + 1 : last + 1 + DESCRIBED_AFTER]
    before = doc.tokens[max(0, first - DESCRIBED_BEFORE) : first]
    return any(t.stem in lex.tone_targets for t in after) or any(
        (t.stem,) in lex.talks for t in before
    )


def _descriptor_test(lex: Matcher) -> Callable[[str], bool]:
    """Is a folded word an evaluative adjective (a tone word, or a descriptive adjective that
    the lexicon does not know as grammar, a reporting verb, a negation or a hedge)?"""
    adjectives = lexicon_adjectives()

    def is_descriptor(word: str) -> bool:
        if word in lex.tone:
            return True
        return word in adjectives and not any(
            e.category in _NOT_DESCRIPTORS for e in lex.phrases.get(lex.stems(word), ())
        )

    return is_descriptor


def _characterisation_changes(analyser: _Analyser) -> list[Finding]:
    """Changed characterisations of one thing anywhere in the two texts (see
    `characterisations`): tone, or quote_drift where one side quotes the words and the other
    quotes them too or is the speaker's own readout."""
    ids = list(analyser.sources)[:2]
    if len(ids) < 2:
        return []
    lex = analyser.lex
    is_descriptor = _descriptor_test(lex)

    def target_of(token: Token) -> str | None:
        if (token.stem,) in lex.talks:
            return "talks"
        return lex.tone_targets.get(token.stem)

    keys: dict[str, str] = {}

    def key(word: str) -> str:
        if word not in keys:
            keys[word] = unit_key(lex, word)
        return keys[word]

    def kin(x: str, y: str) -> bool:
        tx, ty = lex.tone.get(x), lex.tone.get(y)
        return tx is not None and ty is not None and tx.signal == ty.signal

    chars: dict[str, list[characterisations.Characterisation]] = {i: [] for i in ids}
    for stmt in analyser.statements:
        if stmt.source not in chars or is_cjk(stmt.text):
            continue
        doc = analyser.doc(stmt.id)
        chars[stmt.source] += characterisations.characterisations(
            stmt.id,
            descriptors.hyphenated(doc.tokens, doc.text),
            doc.text,
            is_descriptor=is_descriptor,
            target_of=target_of,
        )
    found: list[Finding] = []
    voice_a, voice_b = analyser.own_voice(ids[0]), analyser.own_voice(ids[1])
    for change in characterisations.changes(chars[ids[0]], chars[ids[1]], key=key, kin=kin):
        doc_a, doc_b = analyser.doc(change.a.statement), analyser.doc(change.b.statement)
        qa = _all_quoted(doc_a, [change.word_a])
        qb = _all_quoted(doc_b, [change.word_b])
        wa, wb = change.word_a, change.word_b
        a_side = (doc_a.stmt.id, doc_a.text, (wa.start, wa.end))
        b_side = (doc_b.stmt.id, doc_b.text, (wb.start, wb.end))
        if (qa and qb) or (qb and voice_a) or (qa and voice_b):
            found.append(
                _span_finding(
                    "quote_drift",
                    a_side,
                    b_side,
                    "high",
                    f'quoted characterisation differs: "{wa.text}" vs "{wb.text}"',
                )
            )
        else:
            found.append(
                _span_finding(
                    "tone",
                    a_side,
                    b_side,
                    "medium",
                    f"described differently: {_meaning(lex, wa.text)} vs {_meaning(lex, wb.text)}",
                )
            )
    return found


def unit_key(lex: Matcher, word: str) -> str:
    """The lexicon's key for a word: its synonym group's, else its stem."""
    tokens = lex.tokenize(word)
    n, entries = lex.lookup(tokens, 0)
    synonym = next((e.key for e in entries if e.category == "synonym"), None)
    return synonym or lex.key(word)


def _all_quoted(doc: _Doc, tokens: Sequence[Token]) -> bool:
    return all(quote_at(doc.quotes, t.start, t.end) is not None for t in tokens)


def _overlaps(x: tuple[int, int] | None, y: tuple[int, int] | None) -> bool:
    return x is not None and y is not None and x[0] < y[1] and y[0] < x[1]


def _unmatched(analyser: _Analyser, group: Alignment, side: str) -> list[Finding]:
    ids = group.a if side == "a" else group.b
    findings = []
    for sid in ids:
        doc = analyser.doc(sid)
        stmt = doc.stmt
        other_sources = [s for s in analyser.sources if s != stmt.source]
        elsewhere = (
            set().union(*(analyser.source_topics(o) for o in other_sources))
            if other_sources
            else set()
        )
        issues = analyser.lex.lexicon.issues
        exclusive = sorted({name for name, _, _ in doc.topics if name in issues} - elsewhere)
        words = stmt.text.split()
        excerpt = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
        other = "b" if side == "a" else "a"
        message = f'only in {side}, no counterpart in {other}: "{excerpt}"'
        if exclusive:
            message += f" (only {side} mentions {_join(exclusive)})"
        span = (stmt.start, stmt.end)
        findings.append(
            Finding(
                kind="omission" if side == "a" else "addition",
                a=(sid,) if side == "a" else (),
                b=(sid,) if side == "b" else (),
                a_text=stmt.text if side == "a" else "",
                b_text=stmt.text if side == "b" else "",
                a_span=span if side == "a" else None,
                b_span=span if side == "b" else None,
                severity="medium" if exclusive else "low",
                message=message,
            )
        )
    return findings


def _title_words(units: Sequence[_Unit]) -> set[str]:
    """Folded words of title units: "Commerce Secretary" holds "Secretary" (a fuller title of
    the same office, not another one)."""
    return {fold(w) for u in units for w in re.findall(r"\w+", u.text)}


def accented(x: str, y: str) -> bool:
    """Do two spellings differ in accents only ("António" / "Antonio")?"""
    nx = unicodedata.normalize("NFKD", x.lower())
    ny = unicodedata.normalize("NFKD", y.lower())
    marked = any(unicodedata.combining(c) for c in nx + ny)
    return marked and nx != ny and fold(x) == fold(y)


def _clipped(x: str, y: str) -> bool:
    """Is one name the other cut short ("Lao" / "Laos")?"""
    short, long = sorted((name_form(x), name_form(y)), key=len)
    return len(short) < len(long) and long.startswith(short)


def name_form(text: str) -> str:
    """A name as compared: folded, without a possessive, in one spelling convention
    ("Beijing's" is "beijing", "Sinicisation" is "sinicization")."""
    word = fold(text)
    for possessive in ("'s", "\u2019s", "s'", "\u2019"):
        if word.endswith(possessive):
            word = word[: -len(possessive)] + ("s" if possessive == "s'" else "")
            break
    return american(word)


def _capitalised(unit: _Unit) -> bool:
    return unit.cat == "name" or (unit.cat == "word" and unit.text[:1].isupper())


def _name_variants(analyser: _Analyser, groups: Sequence[Alignment]) -> list[Finding]:
    """Names the two sources render differently anywhere ("Antonio" / "António", "Jake Sullivan"
    / "Jack Sullivan"). An article spells a name one way, so a different rendering in the other
    source is a finding even where alignment did not pair the two statements; a pair of
    statements in one group is preferred as the place to show it."""
    ids = list(analyser.sources)[:2]
    if len(ids) < 2:
        return []
    together = {(x, y) for g in groups for x in g.a for y in g.b}
    names: dict[str, list[tuple[_Unit, str, str]]] = {i: [] for i in ids}
    for stmt in analyser.statements:
        if stmt.source not in names:
            continue
        units = analyser.doc(stmt.id).units
        for k, unit in enumerate(units):
            if _capitalised(unit):
                following = (
                    units[k + 1].key if k + 1 < len(units) and _capitalised(units[k + 1]) else ""
                )
                names[stmt.source].append((unit, stmt.id, following))
    best = _best_name_pairs(analyser.lex, names[ids[0]], names[ids[1]], together)
    findings = []
    for grouped, ua, sa, ub, sb in best.values():
        source_a, source_b = analyser.sources[ids[0]], analyser.sources[ids[1]]
        findings.append(
            _span_finding(
                "entity",
                (sa, source_a.text, (ua.start, ua.end)),
                (sb, source_b.text, (ub.start, ub.end)),
                "medium",
                f'name rendered differently: "{ua.text}" vs "{ub.text}"'
                + ("" if grouped else " (in statements that were not aligned)"),
            )
        )
    return findings


#: Name similarity (rapidfuzz ratio, 0-100) from which a person's name word in one source is a
#: misspelling of a name word of the same person in the other ("Wentao" / "Wendao" 83,
#: "Qiang" / "Chang" 60; "Yi" / "Wentao", two ministers named Wang, 0).
PERSON_NAME_SIMILARITY = 60.0
#: A name word this long is one person's name on its own: a near spelling of it in the other
#: source is the same name misspelt even without a shared given or family name
#: ("Jaishankar" / "Jaishanker", similarity 90).
LONG_NAME_LETTERS = 8
LONG_NAME_SIMILARITY = 85.0


def _person_variants(analyser: _Analyser, groups: Sequence[Alignment]) -> list[Finding]:
    """A titled person's name written differently by the other source: "Wang Wentao" / "Wang
    Wendao", "Li Qiang" / "Li Chang", "Jaishankar" / "Jaishanker".

    Each source's people are those it names with a title; one of B's name words that A never
    writes is A's name word misspelt when both belong to people who share another name word,
    or when the word is long and nearly the same.
    """
    ids = list(analyser.sources)[:2]
    if len(ids) < 2:
        return []
    together = {(x, y) for g in groups for x in g.a for y in g.b}
    persons: dict[str, list[frozenset[str]]] = {}
    first: dict[str, dict[str, tuple[str, _Unit]]] = {}
    words: dict[str, set[str]] = {}
    for sid in ids:
        first[sid], words[sid] = {}, set()
        for stmt in analyser.statements:
            if stmt.source != sid:
                continue
            for unit in analyser.doc(stmt.id).units:
                word = fold(unit.text)
                words[sid].add(word)
                if _capitalised(unit):
                    first[sid].setdefault(word, (stmt.id, unit))
        people = analyser._people.get(sid)
        persons[sid] = [p for ps in people.by_title.values() for p in ps] if people else []
    a_id, b_id = ids
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for person_b in persons[b_id]:
        for wb in sorted(person_b):
            if wb in words[a_id] or wb not in first[b_id] or len(wb) < MIN_TYPO_LETTERS:
                continue
            match = _misspelt_as(wb, person_b, persons[a_id], first[a_id])
            if match is None or (match, wb) in seen:
                continue
            seen.add((match, wb))
            sa, ua = first[a_id][match]
            sb, ub = first[b_id][wb]
            found.append(
                _span_finding(
                    "entity",
                    (sa, analyser.sources[a_id].text, (ua.start, ua.end)),
                    (sb, analyser.sources[b_id].text, (ub.start, ub.end)),
                    "medium",
                    f'name rendered differently: "{ua.text}" vs "{ub.text}"'
                    + ("" if (sa, sb) in together else " (in statements that were not aligned)"),
                )
            )
    return found


def _misspelt_as(
    word: str,
    person: frozenset[str],
    others: Sequence[frozenset[str]],
    written: Mapping[str, tuple[str, _Unit]],
) -> str | None:
    """The other source's name word that `word` (of `person`) misspells, if any."""
    best: tuple[float, str] | None = None
    for other in others:
        shares_name = bool((person - {word}) & other)
        for candidate in other:
            if candidate == word or candidate not in written:
                continue
            similarity = fuzz.ratio(candidate, word)
            long_name = (
                min(len(candidate), len(word)) >= LONG_NAME_LETTERS and candidate[:1] == word[:1]
            )
            if (
                (shares_name and similarity >= PERSON_NAME_SIMILARITY)
                or (long_name and similarity >= LONG_NAME_SIMILARITY)
            ) and (best is None or (similarity, candidate) > best):
                best = (similarity, candidate)
    return best[1] if best is not None else None


def _best_name_pairs(
    lex: Matcher,
    names_a: Sequence[tuple[_Unit, str, str]],
    names_b: Sequence[tuple[_Unit, str, str]],
    together: set[tuple[str, str]],
) -> dict[tuple[str, str], tuple[bool, _Unit, str, _Unit, str]]:
    """For each (a text, b text) rendering of one name: the first pair of occurrences, in
    (a order, b order), that shows it, or the first such pair whose statements share a group.

    Whether two occurrences are one name spelled two ways depends only on their texts and the
    names that follow them, so it is decided once per distinct (text, following) signature;
    comparing every a occurrence with every b occurrence is quadratic in document length.
    """
    folded: dict[str, str] = {}

    def fold_of(text: str) -> str:
        if text not in folded:
            folded[text] = name_form(text)
        return folded[text]

    def signatures(
        names: Sequence[tuple[_Unit, str, str]],
    ) -> dict[tuple[str, str], list[int]]:
        out: dict[tuple[str, str], list[int]] = {}
        for k, (unit, _, following) in enumerate(names):
            out.setdefault((unit.text, following), []).append(k)
        return out

    sig_a, sig_b = signatures(names_a), signatures(names_b)
    texts_a = {text for text, _ in sig_a}
    texts_b = {text for text, _ in sig_b}
    by_fold: dict[str, list[tuple[str, str]]] = {}
    by_next: dict[str, list[tuple[str, str]]] = {}
    for sig in sig_b:
        by_fold.setdefault(fold_of(sig[0]), []).append(sig)
        if sig[1]:
            by_next.setdefault(sig[1], []).append(sig)
    # Occurrence index pairs (i, j) of the qualifying signature pairs, per rendering.
    renderings: dict[tuple[str, str], list[tuple[list[int], list[int]]]] = {}
    for (text_a, next_a), occ_a in sig_a.items():
        candidates = dict.fromkeys(by_fold.get(fold_of(text_a), []))
        if next_a:
            candidates.update(dict.fromkeys(by_next.get(next_a, [])))
        for text_b, next_b in candidates:
            if (
                text_a == text_b
                or fold_of(text_a) == fold_of(text_b)
                and not accented(text_a, text_b)
            ):
                continue
            short, long = sorted((fold_of(text_a), fold_of(text_b)), key=len)
            if len(short) < len(long) and long.startswith(short):
                continue  # "Lao" / "Laos", "Blink" / "Blinken": a clipped or inflected form
            if text_b in texts_a and text_a in texts_b:
                # Each source writes the name both ways (its own text and a tweet it embeds,
                # say): an inconsistency inside each text, not a difference between them.
                continue
            accent = accented(text_a, text_b)
            spelled = (
                bool(next_a)
                and next_a == next_b
                and fuzz.ratio(fold_of(text_a), fold_of(text_b)) >= NAME_SIMILARITY
                and not _one_party(
                    lex, names_a[occ_a[0]][0], names_b[sig_b[(text_b, next_b)][0]][0]
                )
            )
            if accent or spelled:
                renderings.setdefault((text_a, text_b), []).append((occ_a, sig_b[(text_b, next_b)]))
    firsts = []
    for key, blocks in renderings.items():
        first = min((occ_a[0], occ_b[0]) for occ_a, occ_b in blocks)
        firsts.append((first, key, blocks))
    best: dict[tuple[str, str], tuple[bool, _Unit, str, _Unit, str]] = {}
    for (i, j), key, blocks in sorted(firsts):
        chosen = (i, j)
        if (names_a[i][1], names_b[j][1]) not in together:
            grouped = [
                (x, y)
                for occ_a, occ_b in blocks
                for x in occ_a
                for y in occ_b
                if (names_a[x][1], names_b[y][1]) in together
            ]
            if grouped:
                chosen = min(grouped)
        i, j = chosen
        ua, sa, _ = names_a[i]
        ub, sb, _ = names_b[j]
        best[key] = ((sa, sb) in together, ua, sa, ub, sb)
    return best


def _quote_variants(analyser: _Analyser) -> list[Finding]:
    """One remark quoted by both sources with different words, wherever the two statements were
    put by alignment: quotation marks promise the speaker's exact words."""
    ids = list(analyser.sources)[:2]
    if len(ids) < 2:
        return []
    quoted: dict[str, list[tuple[_Doc, Quote, list[_Unit]]]] = {i: [] for i in ids}
    for stmt in analyser.statements:
        if stmt.source not in quoted:
            continue
        doc = analyser.doc(stmt.id)
        for q in doc.quotes:
            if q.depth or not (stmt.start <= q.text_start and q.text_end <= stmt.end):
                continue
            units = _inside(doc.units, q)
            if len(units) >= 2 and not doc.cjk:
                quoted[stmt.source].append((doc, q, units))
    findings = []
    # Quotes that share fewer units than QUOTE_OVERLAP of the shorter one cannot be one remark:
    # an inverted index over unit keys counts shared units (an upper bound of the units the
    # diff finds equal) so that only pairs that can pass are diffed, instead of every pair.
    keys_b = [[u.key for u in units] for _, _, units in quoted[ids[1]]]
    postings: dict[str, list[tuple[int, int]]] = {}
    for jb, kb in enumerate(keys_b):
        for key, n_b in Counter(kb).items():
            postings.setdefault(key, []).append((jb, n_b))
    # A remark is one quote in each source: keep only pairs of quotes that are each other's
    # closest match, so boilerplate quoted many times cannot multiply into n*m findings.
    candidates: dict[
        tuple[int, int],
        tuple[float, list[tuple[bool, int, int, int, int]], list[_Unit], list[_Unit]],
    ] = {}
    for ia, (doc_a, qa, units_a) in enumerate(quoted[ids[0]]):
        ka = [u.key for u in units_a]
        bound: dict[int, int] = {}
        for key, n_a in Counter(ka).items():
            for jb, n_b in postings.get(key, ()):
                bound[jb] = bound.get(jb, 0) + min(n_a, n_b)
        for jb in sorted(bound):
            doc_b, qb, units_b = quoted[ids[1]][jb]
            kb = keys_b[jb]
            short, long = sorted((len(ka), len(kb)))
            if ka == kb or bound[jb] < QUOTE_OVERLAP * short or short < QUOTE_OVERLAP * long:
                continue
            healed_a, healed_b = _heal(doc_a, units_a, doc_b, units_b)
            ha, hb = [u.key for u in healed_a], [u.key for u in healed_b]
            if ha == hb:
                continue
            segments = _segments(ha, hb)
            shared = sum(hi - lo for equal, lo, hi, _, _ in segments if equal)
            if shared < QUOTE_OVERLAP * short:
                continue
            if not _same_speaker(doc_a, qa, doc_b, qb):
                continue
            candidates[(ia, jb)] = (shared / long, segments, healed_a, healed_b)
    best_a: dict[int, tuple[float, int]] = {}
    best_b: dict[int, tuple[float, int]] = {}
    for (ia, jb), (ratio, *_) in candidates.items():
        if ratio > best_a.get(ia, (-1.0, 0))[0]:
            best_a[ia] = (ratio, jb)
        if ratio > best_b.get(jb, (-1.0, 0))[0]:
            best_b[jb] = (ratio, ia)
    for (ia, jb), (_, segments, units_a, units_b) in sorted(candidates.items()):
        if best_a[ia][1] != jb or best_b[jb][1] != ia:
            continue
        doc_a, qa, _ = quoted[ids[0]][ia]
        doc_b, qb, _ = quoted[ids[1]][jb]
        count_a = Counter(u.key for u in units_a)
        count_b = Counter(u.key for u in units_b)
        for equal, lo_a, hi_a, lo_b, hi_b in segments:
            da = [u for u in units_a[lo_a:hi_a] if count_b[u.key] < count_a[u.key]]
            db = [u for u in units_b[lo_b:hi_b] if count_a[u.key] < count_b[u.key]]
            if equal or not da or not db:
                continue
            if _noise_only(
                doc_a.lex,
                _between_anchors(doc_a.text, units_a, lo_a, hi_a, (qa.text_start, qa.text_end)),
                _between_anchors(doc_b.text, units_b, lo_b, hi_b, (qb.text_start, qb.text_end)),
            ):
                continue
            label = _speaker_label(qa, qb)
            quoted_a = _short_quote(doc_a.text, qa, da)
            quoted_b = _short_quote(doc_b.text, qb, db)
            a_span = (min(u.start for u in da), max(u.end for u in da))
            b_span = (min(u.start for u in db), max(u.end for u in db))
            findings.append(
                _span_finding(
                    "quote_drift",
                    (doc_a.stmt.id, doc_a.text, a_span),
                    (doc_b.stmt.id, doc_b.text, b_span),
                    "high",
                    f"quoted {label + ' ' if label else ''}wording differs: "
                    f'"{quoted_a}" vs "{quoted_b}"',
                )
            )
    return findings


def word_findings(
    sources: Mapping[str, Source],
    statements: Sequence[Statement],
    groups: Sequence[Alignment],
    lex: Matcher,
) -> list[Finding]:
    """Word-level findings for aligned statements, unordered and not yet deduplicated.

    `sources` maps a source id ("a", "b") to its Source; every Statement's offsets index into
    its source's text. `groups` are alignment groups: matched groups are compared statement by
    statement, unmatched statements become omission (side a) or addition (side b) findings.
    """
    analyser = _Analyser(sources, statements, lex)
    findings: list[Finding] = []
    for group in groups:
        if not group.matched:
            findings.extend(_unmatched(analyser, group, "a"))
            findings.extend(_unmatched(analyser, group, "b"))
            continue
        docs_a = [analyser.doc(i) for i in group.a]
        docs_b = [analyser.doc(i) for i in group.b]
        topics_a = frozenset(name for d in docs_a for name, _, _ in d.topics)
        topics_b = frozenset(name for d in docs_b for name, _, _ in d.topics)
        for x, y in _pairs(docs_a, docs_b):
            pair = _Pair(x, y, topics_a, topics_b)
            _compare_pair(pair)
            findings.extend(_with_descriptors(analyser, pair))
    findings.extend(_characterisation_changes(analyser))
    for kind, extra in (
        ("entity", _name_variants(analyser, groups) + _person_variants(analyser, groups)),
        ("quote_drift", _quote_variants(analyser)),
    ):
        reported = {(f.a_text, f.b_text) for f in findings if f.kind == kind}
        findings.extend(f for f in extra if (f.a_text, f.b_text) not in reported)
    return findings
