"""How a Chinese statement and its English counterpart differ, for a reader of both.

Pure: statements and their source texts in, `Finding`s out (the lexicon, CC-CEDICT, the
transliteration table and LAC are read or loaded on first use and then shared). Translation is not
a finding: 坦诚 is "candid" as much as "frank", 瘋狂 may be rendered several ways. What is compared
is what survives translation:

- tone         characterisation words of the talks that no rendering of the other side's covers
               (良好、全面而坦诚 against "good, comprehensive and intense": 坦诚 / "intense")
- entity       a person's title that is not a rendering of the other side's (德国总统 against
               "Chancellor Scholz"), or a name spelled differently from its transliteration
- number       dates, weekdays and durations that cannot be the same (2024年2月16日 was a Friday,
               not "Thursday"; 约两小时 is not "more than three hours")
- polarity     a predicate negated on one side only (并未同意 against "agreed")
- attribution  reporting verbs of different force (指出 "noted" against "insisted", 警告 "warned"
               against "said")
- wording      a Chinese term rendered with a rival framing (乌克兰危机 against "Russia's war in
               Ukraine"; data/terms.toml)
- quote_drift  a changed figure or negation inside an English quotation of the Chinese statement

Both statements of a pair may also be Chinese: then only figures and tone are compared.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Protocol

from rapidfuzz import fuzz

from compare.lexicon import Lexicon, Matcher, default_lexicon, fold, matcher
from compare.models import Finding, Statement
from compare.quotes import Quote, find_cues, find_quotes
from compare.zh import dictionary as dictionary_mod
from compare.zh import names as names_mod
from compare.zh import numbers, tagger
from compare.zh.dictionary import Dictionary
from compare.zh.evidence import stem, stems
from compare.zh.names import Names
from compare.zh.numbers import Mention
from compare.zh.tagger import Word
from compare.zh.text import is_chinese, normalise

#: Characters between a Chinese characterisation word and a talk word (会谈, 交换意见) for it to
#: describe the talks, either way round: 会谈良好、全面而坦诚 / 深入交换了意见.
ZH_TONE_WINDOW = 12
#: Talk words beside the lexicon's (its 交换意见 misses 交换了意见).
ZH_EXTRA_TALKS = ("交换", "会面", "交谈", "谈话")
#: Words between an English characterisation word and a talk word ("frank exchange of views").
EN_TONE_WINDOW = 4
#: Least rapidfuzz ratio (0-100) at which an English name is the transliteration misspelled.
NAME_SIMILARITY = 80.0
#: English words before a predicate that negate it ("did not agree", "refused to").
EN_NEGATIONS = frozenset(
    "not n't never no neither nor without refused refuse declined decline failed fail".split()
)
#: Chinese negations before a predicate (并未同意, 不支持, 拒绝接受); 拒绝 also negates alone.
ZH_NEGATIONS = (
    "并未", "并没有", "并非", "从未", "尚未", "未能", "没有", "拒绝", "无意", "绝不", "决不",
    "不再", "不会", "不能", "不得", "不", "没", "未",
)  # fmt: skip
#: Reporting verbs that ask for something: compared only with each other (asked / 要求).
DIRECTIVE_VERBS = frozenset({"urge", "call-for", "demand", "press", "push", "ask", "request"})
_CLAUSE_MARKS = "，,。；;：:！？"
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


class _Spanned(Protocol):
    """Anything with absolute offsets into a source text and the text they cover."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class _Span:
    """A piece of one statement: absolute offsets into its source text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Tone(_Span):
    keys: frozenset[str] = frozenset()  # renderings it accepts: lexicon tone keys and stems
    signal: str = ""
    strength: int = 0


@dataclass(frozen=True)
class _Verb(_Span):
    key: str = ""
    force: int = 0


@dataclass(frozen=True)
class _Predicate(_Span):
    """A predicate and whether it is negated; `stems` are its English renderings."""

    stems: frozenset[str] = frozenset()
    negated: bool = False


@dataclass
class _Side:
    stmt: Statement
    source_text: str
    chinese: bool
    figures: list[Mention]
    tones: list[_Tone]
    verb: _Verb | None


@dataclass(frozen=True)
class Terms:
    """Chinese framing terms (Simplified) -> (faithful renderings, rival renderings)."""

    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]


@lru_cache(maxsize=1)
def load_terms() -> Terms:
    raw = resources.files("compare.zh").joinpath("data", "terms.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    return Terms(
        {
            term: (tuple(entry.get("renders", ())), tuple(entry.get("rivals", ())))
            for term, entry in data.items()
        }
    )


# ---------------------------------------------------------------------------------------------
# One side
# ---------------------------------------------------------------------------------------------


def talk_tone_words(lex: Matcher, chunk: str) -> list[tuple[int, int, str]]:
    """(start, end, alias) of the lexicon's Chinese tone words in `chunk` (Simplified) that sit
    within ZH_TONE_WINDOW characters of a talk word; the longest alias at each place (深入交流
    over 深入), in text order."""
    talk_words = (*lex.lexicon.talks_zh, *ZH_EXTRA_TALKS)
    talks = [(m.start(), m.end()) for t in talk_words for m in re.finditer(re.escape(t), chunk)]
    hits: list[tuple[int, int, str]] = []
    for tone in lex.lexicon.tone:
        for alias in tone.zh:
            for m in re.finditer(re.escape(alias), chunk):
                hits.append((m.start(), m.end(), alias))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for s, e, alias in hits:
        if s < last_end:
            continue
        # The gap between the word and a talk word (negative when they overlap).
        if not any(max(ts - e, s - te) <= ZH_TONE_WINDOW for ts, te in talks):
            continue
        last_end = e
        out.append((s, e, alias))
    return out


def _zh_tones(lex: Matcher, text: str, norm: str, stmt: Statement, dic: Dictionary) -> list[_Tone]:
    out: list[_Tone] = []
    for s, e, alias in talk_tone_words(lex, norm[stmt.start : stmt.end]):
        matching = [t for t in lex.lexicon.tone if alias in t.zh]
        keys = _key_parts(t.key for t in matching) | {
            s for sense in dic.senses(alias)[:6] for s in stems(sense)
        }
        a, b = stmt.start + s, stmt.start + e
        out.append(
            _Tone(
                a,
                b,
                text[a:b],
                frozenset(keys),
                matching[0].signal if matching else "",
                max((t.strength for t in matching), default=0),
            )
        )
    return out


def _key_parts(keys: Iterable[str]) -> set[str]:
    """Lexicon tone keys and the stems of their parts: "in-depth-exchange" also stands for
    "depth" and "exchange", so that 深入 ("in-depth") covers "in-depth exchange"."""
    out: set[str] = set()
    for key in keys:
        out.add(key)
        out |= {stem(part) for part in key.split("-") if len(part) >= 4}
    return out


def _en_tones(lex: Matcher, text: str, stmt: Statement) -> list[_Tone]:
    tokens = lex.tokenize(text, stmt.start, stmt.end)
    talk_at = {i for i, t in enumerate(tokens) if (t.stem,) in lex.talks}
    found: list[tuple[int, int]] = []  # token ranges of tone words
    i = 0
    while i < len(tokens):
        n, entries = lex.lookup(tokens, i)
        if n and any(e.category == "tone" for e in entries):
            found.append((i, i + n))
            i += n
        else:
            i += 1
    if not found:
        return []
    # Words coordinated with characterisation words are characterisations too: "good,
    # comprehensive and intense talks" (intense is not in the lexicon).
    ranges = list(found)
    for _lo, hi in found:
        j = hi
        while j < len(tokens):
            gap = text[tokens[j - 1].end : tokens[j].start]
            word = tokens[j].text.lower()
            if word in {"and", "or"} and gap.strip(" ,") == "":
                j += 1
                continue
            if gap.strip() not in {",", ""} or not tokens[j].text.isalpha():
                break
            if any((a, b) for a, b in ranges if a == j):
                j = next(b for a, b in ranges if a == j)
                continue
            if tokens[j].text[:1].isupper() or (tokens[j].stem,) in lex.talks:
                break
            prev = tokens[j - 1].text.lower()
            if prev in {"and", "or"} or gap.strip() == ",":
                ranges.append((j, j + 1))
                j += 1
                continue
            break
    out: list[_Tone] = []
    for lo, hi in sorted(set(ranges)):
        near = any(lo - EN_TONE_WINDOW - 4 <= k <= hi + EN_TONE_WINDOW for k in talk_at)
        if not near:
            continue
        n, entries = lex.lookup(tokens, lo)
        tone_keys = [e.key for e in entries if e.category == "tone"] if n == hi - lo else []
        words = text[tokens[lo].start : tokens[hi - 1].end]
        keys = _key_parts(tone_keys) | {stem(w) for w in re.findall(r"[a-z]+", words.lower())}
        words_tone = [lex.tone[k] for k in tone_keys if k in lex.tone]
        out.append(
            _Tone(
                tokens[lo].start,
                tokens[hi - 1].end,
                words,
                frozenset(keys),
                words_tone[0].signal if words_tone else "",
                max((w.strength for w in words_tone), default=0),
            )
        )
    return out


def _zh_verb(lex: Matcher, text: str, norm: str, stmt: Statement) -> _Verb | None:
    """The reporting verb that introduces the statement's content: 王毅指出，/ 他又说，."""
    chunk = norm[stmt.start : stmt.end]
    best: _Verb | None = None
    for verb in lex.lexicon.verbs:
        for alias in verb.zh:
            at = chunk.find(alias)
            if at < 0 or at > 20:
                continue
            after = chunk[at + len(alias) : at + len(alias) + 1]
            before = chunk[:at]
            # The speaker comes first and the content follows after a comma or colon.
            if after not in {"，", ",", "：", ":", "说"} or any(c in before for c in "。；“「"):
                continue
            s = stmt.start + at
            cand = _Verb(s, s + len(alias), text[s : s + len(alias)], verb.key, verb.force)
            if best is None or (cand.start, -cand.end) < (best.start, -best.end):
                best = cand
    return best


def _en_verb(lex: Matcher, text: str, stmt: Statement) -> _Verb | None:
    cues = find_cues(text, stmt.start, stmt.end, lexicon=lex.lexicon)
    for cue in cues:
        if cue.kind != "speaker" or not cue.verb:
            continue
        tokens = lex.tokenize(text, cue.start, cue.end)
        for i in range(len(tokens)):
            n, entries = lex.lookup(tokens, i)
            if n and any(e.category == "verb" and e.key == cue.verb for e in entries):
                s, e = tokens[i].start, tokens[i + n - 1].end
                return _Verb(s, e, text[s:e], cue.verb, cue.force)
    return None


def _side(lex: Matcher, stmt: Statement, text: str, norm: str, dic: Dictionary) -> _Side:
    chinese = stmt.language == "zh" and is_chinese(stmt.text)
    if chinese:
        chunk = norm[stmt.start : stmt.end]
        figures = [
            Mention(
                m.kind,
                m.value,
                stmt.start + m.start,
                stmt.start + m.end,
                text[stmt.start + m.start : stmt.start + m.end],
                m.bound,
            )
            for m in numbers.zh_mentions(chunk)
        ]
        return _Side(
            stmt,
            text,
            True,
            figures,
            _zh_tones(lex, text, norm, stmt, dic),
            _zh_verb(lex, text, norm, stmt),
        )
    figures = [
        Mention(m.kind, m.value, stmt.start + m.start, stmt.start + m.end, m.text, m.bound)
        for m in numbers.en_mentions(stmt.text)
    ]
    return _Side(stmt, text, False, figures, _en_tones(lex, text, stmt), _en_verb(lex, text, stmt))


# ---------------------------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------------------------


class _Out:
    def __init__(self, a: _Side, b: _Side) -> None:
        self.a, self.b = a, b
        self.findings: list[Finding] = []

    def add(self, kind: str, sa: _Spanned, sb: _Spanned, severity: str, message: str) -> None:
        self.findings.append(
            Finding(
                kind=kind,
                a=(self.a.stmt.id,),
                b=(self.b.stmt.id,),
                a_text=self.a.source_text[sa.start : sa.end],
                b_text=self.b.source_text[sb.start : sb.end],
                a_span=(sa.start, sa.end),
                b_span=(sb.start, sb.end),
                severity=severity,
                message=message,
            )
        )

    def add_oriented(
        self, kind: str, zh: _Spanned, en: _Spanned, zh_side: _Side, severity: str, message: str
    ) -> None:
        if zh_side is self.a:
            self.add(kind, zh, en, severity, message)
        else:
            self.add(kind, en, zh, severity, message)


def _compare_tone(out: _Out) -> None:
    ta, tb = out.a.tones, out.b.tones
    if not ta or not tb:
        return
    lonely_a = [x for x in ta if not any(x.keys & y.keys for y in tb)]
    lonely_b = [y for y in tb if not any(y.keys & x.keys for x in ta)]
    if not lonely_a or not lonely_b:
        return
    # One finding covering every characterisation that has no counterpart on the other side.
    x = _Span(lonely_a[0].start, lonely_a[-1].end, ", ".join(t.text for t in lonely_a))
    y = _Span(lonely_b[0].start, lonely_b[-1].end, ", ".join(t.text for t in lonely_b))
    signals = {t.signal for t in (*lonely_a, *lonely_b)}
    strengths = [t.strength for t in (*lonely_a, *lonely_b)]
    severity = (
        "medium"
        if len(signals) > 1 or "" in signals or max(strengths) - min(strengths) >= 2
        else "low"
    )
    out.add(
        "tone",
        x,
        y,
        severity,
        f'talks characterised differently: "{x.text}" vs "{y.text}" '
        "(neither is a rendering of the other)",
    )


def _compare_figures(out: _Out) -> None:
    reported: set[str] = set()
    for x in out.a.figures:
        for y in out.b.figures:
            if not numbers.comparable(x, y):
                continue
            kinds = "/".join(sorted({x.kind, y.kind}))
            if kinds in reported:
                continue
            if not numbers.conflict(x, y):
                reported.add(kinds)  # one agreeing pair: the sides report the same figure
                continue
            agree = any(
                numbers.comparable(u, v)
                and not numbers.conflict(u, v)
                and {u.kind, v.kind} == {x.kind, y.kind}
                for u in out.a.figures
                for v in out.b.figures
            )
            if agree:
                continue
            reported.add(kinds)
            out.add(
                _quoted_kind(out, x, y, "number"),
                x,
                y,
                "high" if x.kind == "duration" or "date" in kinds else "medium",
                f'figures differ: "{x.text}" ({numbers.english(x)}) vs "{y.text}" '
                f"({numbers.english(y)})",
            )


def _quoted_kind(out: _Out, x: _Spanned, y: _Spanned, kind: str) -> str:
    """quote_drift when the English span lies inside quotation marks, else `kind`."""
    for side, span in ((out.a, x), (out.b, y)):
        if side.chinese:
            continue
        quotes = _quotes(side.source_text)
        if any(
            q.closed and side.stmt.start <= q.start and q.text_start <= span.start < q.text_end
            for q in quotes
        ):
            return "quote_drift"
    return kind


@lru_cache(maxsize=8)
def _normalised(text: str) -> str:
    """A source text in Simplified form, once per source rather than once per statement pair."""
    return normalise(text, dictionary_mod.load().t2s)


@lru_cache(maxsize=8)
def _quotes(text: str) -> tuple[Quote, ...]:
    return find_quotes(text)


def _class(verb: _Verb) -> str:
    if verb.key in DIRECTIVE_VERBS:
        return "directive"
    return {1: "neutral", 2: "emphatic"}.get(verb.force, "strong")


def _compare_verbs(out: _Out) -> None:
    va, vb = out.a.verb, out.b.verb
    if va is None or vb is None:
        return
    ca, cb = _class(va), _class(vb)
    if ca == cb or "directive" in (ca, cb):
        return
    out.add(
        "attribution",
        va,
        vb,
        "medium" if "strong" in (ca, cb) else "low",
        f'reporting verb differs in force: "{va.text}" ({ca}) vs "{vb.text}" ({cb})',
    )


def _zh_predicates(words: Sequence[Word], text: str, dic: Dictionary) -> list[_Predicate]:
    """Verbs of a Chinese statement with their negation: 并未同意 -> agree, negated.

    A negation reaches the next verb of its clause (不火上加油: 加油 is negated); single-character
    verbs (要, 有, 说) are too ambiguous to render and are left out.
    """
    out: list[_Predicate] = []
    pending: Word | None = None
    for w in words:
        simp = w.simplified
        if w.tag == "w":
            pending = None
            continue
        if simp in ZH_NEGATIONS:
            pending = w
            continue
        glued = next((n for n in ZH_NEGATIONS if simp.startswith(n) and len(simp) > len(n)), None)
        body = simp[len(glued) :] if glued and dic.lookup(simp[len(glued) :]) else None
        verb = body or simp
        if (w.tag not in {"v", "vn"} and not body) or len(verb) < 2:
            continue
        senses = dic.senses(verb, proper=False)[:6]
        found = frozenset(s for sense in senses for s in stems(sense) if len(s) > 2)
        if found:
            start = pending.start if pending is not None else w.start
            negated = pending is not None or body is not None
            out.append(_Predicate(start, w.end, text[start : w.end], found, negated))
        pending = None
    return out


def _en_predicate(text: str, stmt: Statement, wanted: frozenset[str]) -> _Predicate | None:
    """The first word of the English statement that renders one of `wanted`, with its negation."""
    words = list(_EN_WORD.finditer(text, stmt.start, stmt.end))
    for k, m in enumerate(words):
        if stem(m.group()) not in wanted:
            continue
        before = [w.group().lower() for w in words[max(0, k - 3) : k]]
        negated = any(b in EN_NEGATIONS or b.endswith("n't") for b in before)
        start = m.start()
        if negated:
            first = next(
                i
                for i in range(max(0, k - 3), k)
                if words[i].group().lower() in EN_NEGATIONS
                or words[i].group().lower().endswith("n't")
            )
            # "did not agree": the auxiliary belongs to the negation.
            if first > 0 and words[first - 1].group().lower() in {
                "did",
                "does",
                "do",
                "had",
                "has",
                "have",
                "was",
                "were",
                "is",
                "are",
                "would",
                "will",
                "could",
            }:
                first -= 1
            start = words[first].start()
        elif k > 0 and words[k - 1].group().lower() in {"had", "has", "have"}:
            start = words[k - 1].start()
        return _Predicate(start, m.end(), text[start : m.end()], frozenset(), negated)
    return None


def _compare_polarity(
    out: _Out, zh: _Side, en: _Side, words: Sequence[Word], dic: Dictionary
) -> None:
    for pred in _zh_predicates(words, zh.source_text, dic):
        other = _en_predicate(en.source_text, en.stmt, pred.stems)
        if other is None or other.negated == pred.negated:
            continue
        kind = _quoted_kind(out, pred, other, "polarity")
        out.add_oriented(
            kind,
            pred,
            other,
            zh,
            "high",
            f'one side negates the claim: "{pred.text}" vs "{other.text}"',
        )
        return


def _en_title(text: str, start: int, vocabulary: frozenset[str]) -> _Span | None:
    """The title run right before a name that starts at `start`, skipping given names:
    "Federal Chancellor Olaf Scholz" -> "Federal Chancellor"."""
    words = list(_EN_WORD.finditer(text, max(0, start - 80), start))
    k = len(words) - 1
    given = 0
    while (
        k >= 0
        and given < 2
        and words[k].group()[:1].isupper()
        and fold(words[k].group().rstrip(".")) not in vocabulary
    ):
        if (
            text[words[k].end() : (words[k + 1].start() if k + 1 < len(words) else start)].strip(
                " ."
            )
            != ""
        ):
            return None
        k -= 1
        given += 1
    end = k
    while k >= 0 and fold(words[k].group()) in vocabulary:
        gap = text[words[k].end() : (words[k + 1].start() if k + 1 < len(words) else start)]
        if gap.strip(" ") != "" and gap.strip() != "":
            break
        k -= 1
    first = k + 1
    # A title starts with a capital ("of State" alone is no title).
    while first <= end and not words[first].group()[:1].isupper():
        first += 1
    if first > end:
        return None
    s, e = words[first].start(), words[end].end()
    return _Span(s, e, text[s:e])


def _compare_people(
    out: _Out, zh: _Side, en: _Side, words: Sequence[Word], names: Names, dic: Dictionary
) -> None:
    vocabulary = frozenset(
        fold(w) for renders in names.titles.values() for r in renders for w in r.split()
    )
    text = en.source_text
    chunk = text[en.stmt.start : en.stmt.end]
    for k, w in enumerate(words):
        if w.tag != "PER" and w.simplified not in names.people:
            continue
        renders = names_mod.person(w.simplified, names, dic)
        if not renders:
            continue
        full = renders[0]
        if not re.search(rf"\b{re.escape(full)}\b", chunk) and _misspelled(out, zh, en, w, full):
            continue
        hit = None
        for r in sorted(renders, key=len, reverse=True):
            m = re.search(rf"\b{re.escape(r)}\b", chunk)
            if m:
                hit = (en.stmt.start + m.start(), en.stmt.start + m.end())
                break
        if hit is None:
            continue
        # The longest table title of up to three words right before the name (商务 + 部长).
        title_word: _Span | None = None
        zh_titles: tuple[str, ...] = ()
        for n in (3, 2, 1):
            before = words[max(0, k - n) : k]
            if len(before) < n or any(
                x.end != y.start for x, y in zip(before, [*before[1:], w], strict=True)
            ):
                continue
            found = names.titles.get("".join(x.simplified for x in before))
            if found:
                title_word = _Span(
                    before[0].start, w.start, zh.source_text[before[0].start : w.start]
                )
                zh_titles = found
                break
        if title_word is None:
            single = words[k - 1] if k > 0 and words[k - 1].end == w.start else None
            zh_titles = names.title(single.simplified) if single is not None else ()
            if single is None or not zh_titles:
                continue
            title_word = _Span(single.start, single.end, single.text)
        en_title = _en_title(text, hit[0], vocabulary)
        if en_title is None:
            continue
        accepted = {fold(t) for t in zh_titles}
        if fold(en_title.text) in accepted:
            continue
        tw = title_word
        out.add_oriented(
            "entity",
            tw,
            en_title,
            zh,
            "medium",
            f'title differs: "{tw.text}" ({" / ".join(zh_titles[:3])}) vs "{en_title.text}"',
        )


def _misspelled(out: _Out, zh: _Side, en: _Side, w: Word, render: str) -> bool:
    """Report an English name that is the transliteration `render` misspelled (王文涛, Wang
    Wentao, against "Wang Wendao"); True when one was found."""
    text = en.source_text
    n = len(render.split())
    words = list(_EN_WORD.finditer(text, en.stmt.start, en.stmt.end))
    for k in range(len(words) - n + 1):
        if not all(x.group()[:1].isupper() for x in words[k : k + n]):
            continue
        s, e = words[k].start(), words[k + n - 1].end()
        candidate = text[s:e]
        if candidate == render or fuzz.ratio(fold(candidate), fold(render)) < NAME_SIMILARITY:
            continue
        out.add_oriented(
            "entity",
            _Span(w.start, w.end, w.text),
            _Span(s, e, candidate),
            zh,
            "medium",
            f'name rendered differently: "{w.text}" ({render}) vs "{candidate}"',
        )
        return True
    return False


def _compare_terms(out: _Out, zh: _Side, en: _Side, norm: str, terms: Terms) -> None:
    chunk = norm[zh.stmt.start : zh.stmt.end]
    en_text = en.source_text[en.stmt.start : en.stmt.end]
    low = en_text.lower().replace("’", "'")
    for term, (renders, rivals) in terms.table.items():
        at = chunk.find(term)
        if at < 0:
            continue
        if any(r.lower() in low for r in renders):
            continue
        for rival in sorted(rivals, key=len, reverse=True):
            i = low.find(rival.lower())
            if i < 0:
                continue
            s = zh.stmt.start + at
            zs = _Span(s, s + len(term), zh.source_text[s : s + len(term)])
            es = _Span(
                en.stmt.start + i, en.stmt.start + i + len(rival), en_text[i : i + len(rival)]
            )
            out.add_oriented(
                "wording",
                zs,
                es,
                zh,
                "medium",
                f'framed differently: "{zs.text}" ({renders[0]}) vs "{es.text}"',
            )
            break


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def compare(
    a: Statement,
    a_text: str,
    b: Statement,
    b_text: str,
    *,
    lexicon: Lexicon | None = None,
) -> list[Finding]:
    """Findings between statement `a` (offsets into source text `a_text`) and `b` (into
    `b_text`), where at least one of them is Chinese. Findings keep the a/b orientation."""
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    dic = dictionary_mod.load()
    if a.language != "zh" and b.language != "zh":
        return []  # Japanese, Korean ...: no dictionary here
    norm_a = _normalised(a_text) if a.language == "zh" else a_text
    norm_b = _normalised(b_text) if b.language == "zh" else b_text
    side_a = _side(lex, a, a_text, norm_a, dic)
    side_b = _side(lex, b, b_text, norm_b, dic)
    if not side_a.chinese and not side_b.chinese:
        return []
    out = _Out(side_a, side_b)
    _compare_tone(out)
    _compare_figures(out)
    if side_a.chinese != side_b.chinese:
        zh, en = (side_a, side_b) if side_a.chinese else (side_b, side_a)
        norm = norm_a if side_a.chinese else norm_b
        words = tagger.tag(zh.stmt.text)
        # Tagger offsets are relative to the statement: make them absolute.
        words = tuple(
            Word(w.text, w.simplified, w.tag, w.start + zh.stmt.start, w.end + zh.stmt.start)
            for w in words
        )
        names = names_mod.load()
        _compare_verbs(out)
        _compare_polarity(out, zh, en, words, dic)
        _compare_people(out, zh, en, words, names, dic)
        _compare_terms(out, zh, en, norm, load_terms())
    return out.findings
