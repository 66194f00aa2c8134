"""Check one article's quotes and attributed claims against the record of its meeting.

A quote is checked against what the record says *that* speaker said:

- words the article gives to an institution or a document ("the State Department said",
  "according to the Chinese readout") are checked against that side's readouts, word for
  word: their text is the institution's own voice;
- words the article gives to a person are checked against that person's own quoted words in
  a primary, or a primary written in that person's voice (a spokesperson's statement). A
  readout's third-person paraphrase of the person ("the Chancellor added that ...") confirms
  the quote when it has the same words, and otherwise leaves it "not verifiable here" (a note,
  never a failure);
- when the record is a translation for the speaker's side (an English readout of words spoken
  in Chinese or German), a different rendering is a warning; a contradiction (negation,
  antonym, changed figure, changed name) still fails.

Claims the article attributes to an institution or an account are compared with their
closest statement in that side's readouts through `framing.find_differences`; a reversal, a
changed figure or a changed name there is a contradiction of the record. Each government's
readout is the record for its own side: words of a side with no readout in the corpus are "not
verifiable here".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date

import numpy as np
from rapidfuzz.distance import Levenshtein

from compare import framing
from compare.check.gloss import negated_glosses
from compare.check.record import (
    INSTITUTION_WORDS,
    MIN_QUOTE_WORDS,
    NOT_PEOPLE,
    Voice,
    institutional,
    parties,
    people_parties,
    person_words,
    title_words,
    voices,
)
from compare.check.results import (
    SEVERITY_RANK,
    ArticleCheck,
    Check,
    CheckFinding,
    EventMatch,
    Primary,
    label,
)
from compare.check.wording import (
    QuoteMatch,
    changed_facts,
    changed_span,
    changes,
    clean,
    compare_quotes,
    shown,
    split_words,
    verify_quote,
    word_count,
)
from compare.event import lead_dates, lowercase_words, name_token, safe_date
from compare.lexicon import Lexicon, Matcher, Token, default_lexicon, fold, is_cjk, matcher
from compare.models import Alignment, Finding, Source, Statement
from compare.quotes import Quote, find_cues, find_quotes

#: Names each of two quotes' sentences must have, none shared, for the quotes to be taken for
#: different remarks ("… Jake Sullivan met Wang Yi in Malta, in what both sides described as
#: "candid …"" against "Matthew Miller said Blinken and Han had "candid …" discussions").
MIN_CONTEXT_NAMES = 2
#: Cosine from which a primary's statement is the counterpart of an attributed claim.
CLAIM_LINK = 0.6
#: Below this cosine the primaries have nothing like the claim: not found (between the two
#: thresholds the claim is "unclear" and not reported).
CLAIM_ABSENT = 0.45
#: Framing kinds that matter when a claim is compared with the record (wording, omissions and
#: attribution differences are expected of any paraphrase).
CLAIM_KINDS = frozenset(("polarity", "number", "entity", "tone", "hedge"))
#: Of those, the ones that contradict the record (fail against a primary): a reversal, a
#: changed figure or date, a changed name or title. Tone and hedging are warnings at most.
CONTRADICTION_KINDS = frozenset(("polarity", "number", "entity"))

_CJK_LANGUAGES = frozenset(("zh", "ja", "ko"))
_LOWER = {"high": "medium", "medium": "low", "low": "low"}
_LOCATED = frozenset(("verified", "drifted", "contradicted"))


def _same_script(text: str, source: Source) -> bool:
    """Quotes are compared word for word only within one script (no translation)."""
    return is_cjk(text) == (source.language in _CJK_LANGUAGES)


@dataclass(frozen=True)
class Speaker:
    """Whose words the article says a quote or claim is.

    `kind` is "institution" (a government body, a document, an account), "person" or
    "unknown"; `people` name words of the person; `parties` the side, where known.
    """

    kind: str
    phrase: str
    people: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()


@dataclass
class Record:
    """The primaries of the article's meeting, with their voices and quotes."""

    sources: list[Source]
    voices: dict[str, Voice]
    people: dict[str, frozenset[str]]
    quotes: dict[str, list[Quote]]

    def compatible(self, speaker: Speaker) -> list[Source]:
        """Primaries of the speaker's side (all, when the side is unknown)."""
        return [
            s
            for s in self.sources
            if not (speaker.parties and self.voices[s.id].parties)
            or not speaker.parties.isdisjoint(self.voices[s.id].parties)
        ]


def _same_speaker(a: str | None, b: str | None, lexicon: Lexicon | None) -> bool:
    """Quotes are of one speaker unless both name different people or different parties."""
    if not a or not b:
        return True
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    people_a, people_b = person_words(a, lexicon), person_words(b, lexicon)
    if people_a and people_b and not people_a & people_b:
        return False
    parties_a, parties_b = parties(a, lex), parties(b, lex)
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
    lower = lowercase_words(source.text)
    tokens = lex.tokenize(source.text, around[0].start, around[-1].end)
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        kind = name_token(lex, tokens, i)
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
            and word not in NOT_PEOPLE
        ):
            out.add(word)
        i += 1
    return out


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
    record_statements: Mapping[str, tuple[Statement, ...]] = field(default_factory=dict)
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
        for q in find_quotes(source.text, lexicon=lexicon)
        if q.depth == 0 and word_count(q.text) >= MIN_QUOTE_WORDS
    ]


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
    status, finding = _echo_finding(
        article, span, ref, match, lexicon, (other.text_start, other.text_end)
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
            if institutional(cue.speaker, cue.kind, work.lexicon):
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
    sides_of: Mapping[str, frozenset[str]] | None = None,
) -> None:
    """Compare each claim attributed to an institution or account with its counterpart (the
    most similar statement) in the references, through `framing.find_differences`.

    Against a primary, a reversal, a changed figure or a changed name (`CONTRADICTION_KINDS`)
    is high: it contradicts the record; tone and hedging are at most medium. `sides_of` gives
    each reference's side, so that a claim credited to one government is not checked against
    another's readout."""
    sides_of = sides_of or {}
    article, lexicon = work.source, work.lexicon
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    quoted = [(q.text_start, q.text_end) for q in quotes]
    located = [c.span for c in work.checks if c.kind == "quote" and c.status in _LOCATED]
    for st, cue, speaker, _kind in _claims(work, quotes):
        span = (st.start, st.end)
        if any(st.start <= lo and hi <= st.end for lo, hi in located):
            continue  # the statement's quote was found in the references: checked there
        sides = parties(speaker, lex)
        # A claim credited to one government's account is not checked against another's.
        candidates = [
            r
            for r in refs
            if against == "secondary"
            or not (sides and (theirs := sides_of.get(r.id)) and sides.isdisjoint(theirs))
        ]
        if not candidates:
            work.add("claim", span, speaker, "unchecked")
            continue
        best: tuple[float, Source, Statement] | None = None
        for ref in candidates:
            if not len(statements[ref.id]):
                continue
            sims = np.maximum(
                vectors[ref.id] @ work.vectors[st.index],
                _containment(work, st, statements[ref.id]),
            )
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
                        f'claim attributed to "{clean(cue)}" has no counterpart in the primary '
                        f'{names}: "{shown(article.text, span)}"',
                        against,
                    )
                )
            work.add("claim", span, speaker, "not_found", against, findings=missing)
            continue
        sim, ref, other = best
        group = Alignment((st.id,), (other.id,), score=min(1.0, max(0.0, sim)))
        differences = [
            f
            for f in oriented(
                framing.find_differences(
                    {article.id: article, ref.id: ref}, [st, other], [group], lexicon=lexicon
                ),
                article.id,
            )
            if f.kind in CLAIM_KINDS
            and f.a_span is not None
            and not any(lo <= f.a_span[0] < hi for lo, hi in quoted)
            and not _same_day(f, article, ref)
        ]
        if against == "primary" and not any(f.kind == "polarity" for f in differences):
            reversal = _reversal(work, st, ref, other, quoted)
            if reversal is not None:
                differences.append(reversal)
        findings = []
        for f in differences:
            assert f.a_span is not None
            severity = _claim_severity(f) if against == "primary" else _LOWER[f.severity]
            findings.append(
                CheckFinding(
                    f.kind,
                    severity,
                    f.a_span,
                    f.a_text,
                    f'claim attributed to "{clean(cue)}" differs from the {against} '
                    f"{label(ref)}: {f.message}",
                    against,
                    ref.id,
                    f.b_span,
                    f.b_text,
                )
            )
        status = (
            "contradicted"
            if against == "primary" and any(f.kind in CONTRADICTION_KINDS for f in findings)
            else ("drifted" if findings else "verified")
        )
        work.add("claim", span, speaker, status, against, ref, (other.start, other.end), findings)


def _content_words(text: str, stop: frozenset[str]) -> set[str]:
    return {w.norm for w in split_words(text) if w.norm not in stop and not w.norm.isdigit()}


def _containment(work: _Article, claim: Statement, others: Sequence[Statement]) -> np.ndarray:
    """Share of the claim's content words (stopwords aside) each statement of `others` has:
    ndarray[len(others)] in [0, 1]. A reworded claim keeps its nouns where the embedding may
    drift ("did not agree that senior officials should meet" against "affirmed that senior
    officials ... should meet"); only same-script statements share words."""
    stop = frozenset((work.lexicon if work.lexicon is not None else default_lexicon()).stopwords)
    mine = _content_words(claim.text, stop)
    if not mine:
        return np.zeros(len(others))
    return np.array(
        [len(mine & _content_words(o.text, stop)) / len(mine) for o in others], dtype=float
    )


#: Content words after a negated verb that must recur in the record's statement for the
#: negation to reverse it ("did not agree that senior officials should meet to follow up"
#: against "affirmed that senior officials ... should meet to follow up"): at least this many
#: ...
MIN_REVERSED_WORDS = 3
#: ... and this share of the (up to `REVERSED_WINDOW`) content words after the verb.
MIN_REVERSED_SHARE = 0.75
REVERSED_WINDOW = 6


def _reversal(
    work: _Article,
    claim: Statement,
    ref: Source,
    other: Statement,
    quoted: Sequence[tuple[int, int]],
) -> Finding | None:
    """A negation the claim adds to what the record's statement says, or None.

    Framing reports a polarity only where both sides carry the negated word; a report that
    negates the record's proposition with another verb ("did not agree that ..." for "affirmed
    that ...") is caught here: the claim negates a verb, the record's statement has no negation
    at all, and the words the negated verb governs recur in it."""
    lex = matcher(work.lexicon if work.lexicon is not None else default_lexicon())
    stop = frozenset(lex.lexicon.stopwords)
    theirs = lex.tokenize(ref.text, other.start, other.end)
    if any(e.category == "negation" for i in range(len(theirs)) for e in lex.lookup(theirs, i)[1]):
        return None
    text = work.source.text
    if is_cjk(claim.text) and not is_cjk(other.text):
        return _reversal_across(work, claim, ref, other, theirs, stop)
    their_words = _content_words(ref.text[other.start : other.end], stop)
    tokens = lex.tokenize(text, claim.start, claim.end)
    for i in range(len(tokens)):
        n, entries = lex.lookup(tokens, i)
        if not n or not any(e.category == "negation" for e in entries):
            continue
        if any(lo <= tokens[i].start < hi for lo, hi in quoted):
            continue
        rest = [t for t in tokens[i + n :] if fold(t.text) not in stop and not t.number]
        if len(rest) < 1 + MIN_REVERSED_WORDS:
            continue
        verb, governed = rest[0], rest[1 : 1 + REVERSED_WINDOW]
        shared = [t for t in governed if _content_words(t.text, stop) <= their_words]
        if len(shared) >= MIN_REVERSED_WORDS and len(shared) / len(governed) >= MIN_REVERSED_SHARE:
            span = (tokens[i].start, verb.end)
            return Finding(
                "polarity",
                (claim.id,),
                (other.id,),
                text[span[0] : span[1]],
                ref.text[other.start : other.end],
                span,
                (other.start, other.end),
                "high",
                f'the claim is reversed: "{text[span[0] : span[1]]}" where the record says '
                f'"{shown(ref.text, (other.start, other.end))}"',
            )
    return None


#: Cosine (or share of content words) from which an unattributed statement of the article is
#: taken to report the record's statement: stricter than `CLAIM_LINK`, since nothing in the
#: article says where the statement comes from.
FACT_LINK = 0.7
#: The same across languages, where only a reversal whose negated word recurs in the record's
#: statement is reported (USE, English against simplified Chinese: counterparts 0.5-0.8).
CROSS_FACT_LINK = 0.55


def _check_facts(
    work: _Article,
    quotes: Sequence[Quote],
    refs: Sequence[Source],
    statements: Mapping[str, tuple[Statement, ...]],
    vectors: Mapping[str, np.ndarray],
) -> None:
    """Unattributed statements that contradict the record: compared with their closest
    statement in the primaries (`FACT_LINK`), and reported only for a reversal, a changed
    figure or a changed name (`CONTRADICTION_KINDS`): a reworded or partial account is no
    fault of an article."""
    article, lexicon = work.source, work.lexicon
    quoted = [(q.text_start, q.text_end) for q in quotes]
    checked = {c.span for c in work.checks}
    for st in work.statements:
        span = (st.start, st.end)
        if span in checked or any(lo <= q[0] and q[1] <= hi for q in quoted for lo, hi in [span]):
            continue
        best: tuple[float, Source, Statement] | None = None
        for ref in refs:
            if not len(statements[ref.id]):
                continue
            sims = vectors[ref.id] @ work.vectors[st.index]
            if _same_script(st.text, ref):
                sims = np.maximum(sims, _containment(work, st, statements[ref.id]))
            j = int(np.argmax(sims))
            if best is None or float(sims[j]) > best[0]:
                best = (float(sims[j]), ref, statements[ref.id][j])
        if best is None:
            continue
        sim, ref, other = best
        if not _same_script(st.text, ref):
            # Across languages only a reversal is told (framing's figures and names need words
            # in common), from a looser link: the negated word must also recur in the record.
            reversal = _reversal(work, st, ref, other, quoted) if sim >= CROSS_FACT_LINK else None
            if reversal is not None and reversal.a_span is not None:
                finding = CheckFinding(
                    "polarity",
                    "high",
                    reversal.a_span,
                    reversal.a_text,
                    f"contradicts the primary {label(ref)}: {reversal.message}",
                    "primary",
                    ref.id,
                    reversal.b_span,
                    reversal.b_text,
                )
                work.add("fact", span, None, "contradicted", "primary", ref,
                         (other.start, other.end), [finding])  # fmt: skip
            continue
        if sim < FACT_LINK:
            continue
        group = Alignment((st.id,), (other.id,), score=min(1.0, max(0.0, sim)))
        differences = [
            f
            for f in oriented(
                framing.find_differences(
                    {article.id: article, ref.id: ref}, [st, other], [group], lexicon=lexicon
                ),
                article.id,
            )
            if f.kind in CONTRADICTION_KINDS
            and f.a_span is not None
            and not any(lo <= f.a_span[0] < hi for lo, hi in quoted)
            and not _same_day(f, article, ref)
        ]
        if not any(f.kind == "polarity" for f in differences):
            reversal = _reversal(work, st, ref, other, quoted)
            if reversal is not None:
                differences.append(reversal)
        if not differences:
            continue
        differences = [f for f in differences if _claim_severity(f) == "high"]
        if not differences:
            continue
        findings = [
            CheckFinding(
                f.kind,
                "high",
                f.a_span,
                f.a_text,
                f"contradicts the primary {label(ref)}: {f.message}",
                "primary",
                ref.id,
                f.b_span,
                f.b_text,
            )
            for f in differences
            if f.a_span is not None
        ]
        work.add("fact", span, None, "contradicted", "primary", ref, (other.start, other.end),
                 findings)  # fmt: skip


def _reversal_across(
    work: _Article,
    claim: Statement,
    ref: Source,
    other: Statement,
    theirs: Sequence[Token],
    stop: frozenset[str],
) -> Finding | None:
    """A Chinese claim that negates what an English record's statement says: the negated
    word's CC-CEDICT senses (并未同意: agree, consent, approve) recur in the statement, which
    has no negation of its own."""
    lex = matcher(work.lexicon if work.lexicon is not None else default_lexicon())
    their_stems = {t.stem for t in theirs if fold(t.text) not in stop}
    cues = tuple(
        work.lexicon.negation_zh if work.lexicon is not None else default_lexicon().negation_zh
    )
    for start, end, senses in negated_glosses(claim.text, cues):
        stems = {t.stem for t in lex.tokenize(" ".join(senses)) if fold(t.text) not in stop}
        if stems & their_stems:
            span = (claim.start + start, claim.start + end)
            text = work.source.text[span[0] : span[1]]
            return Finding(
                "polarity",
                (claim.id,),
                (other.id,),
                text,
                ref.text[other.start : other.end],
                span,
                (other.start, other.end),
                "high",
                f'the claim is reversed: "{text}" ({", ".join(senses[:3])}, negated) where the '
                f'record says "{shown(ref.text, (other.start, other.end))}"',
            )
    return None


_WEEKDAY_RE = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", re.IGNORECASE)
_DAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")


def _same_day(finding: Finding, article: Source, ref: Source) -> bool:
    """A "figures differ" finding that sets a weekday against a date falling on that weekday
    ("on Tuesday" vs "on March 4", 2025): one day named two ways, no contradiction. The year
    is either source's date; with none known the two cannot be told apart, and the finding is
    dropped too (a gate must not cry wolf)."""
    if finding.kind != "number":
        return False
    for day_text, date_text in ((finding.a_text, finding.b_text), (finding.b_text, finding.a_text)):
        day = _WEEKDAY_RE.search(day_text)
        if day is None or _WEEKDAY_RE.search(date_text):
            continue
        found = [d for d in lead_dates(date_text) if not isinstance(d, Date)]
        if not found:
            continue
        years = {int(s.date[:4]) for s in (ref, article) if s.date and s.date[:4].isdigit()}
        if not years:
            return True
        weekday = _DAYS.index(day.group(1).lower())
        return any(
            (d := safe_date(y, *found[0])) is not None and d.weekday() == weekday for y in years
        )
    return False


def _claim_severity(finding: Finding) -> str:
    """High for a contradiction of the record; a name written another way is one only when it
    is a misspelling of the record's (`_misspelt`): "Lao"/"Laos", "Senkaku"/"Diaoyu" are other
    correct names, a warning at most."""
    if finding.kind == "entity" and finding.message.startswith("name rendered differently"):
        return "high" if _misspelt(finding.a_text, finding.b_text) else "medium"
    if finding.kind in CONTRADICTION_KINDS:
        return "high"
    return "medium" if finding.severity == "high" else finding.severity


#: A name differing from the record's by this normalised similarity or more (and at least
#: `MIN_MISSPELT` letters long) is a misspelling of it: "Jaishanker"/"Jaishankar" 0.9,
#: "Wendao"/"Wentao" 0.83, "Chang"/"Qiang" 0.6; "Diaoyu"/"Senkaku" 0.0.
MISSPELT_SIMILARITY = 0.6
MIN_MISSPELT = 4


def _misspelt(a: str, b: str) -> bool:
    ours = [fold(w) for w in re.findall(r"[^\W\d_]+", a)]
    theirs = [fold(w) for w in re.findall(r"[^\W\d_]+", b)]
    changed = [w for w in ours if w not in theirs]
    original = [w for w in theirs if w not in ours]
    return any(
        min(len(x), len(y)) >= MIN_MISSPELT
        and Levenshtein.normalized_similarity(x, y) >= MISSPELT_SIMILARITY
        for x in changed
        for y in original
    )


def oriented(findings: Sequence[Finding], article_id: str) -> list[Finding]:
    """Framing findings with the article on side a.

    `framing.find_differences` orients its extra passes (name and quote variants) by sorted
    source ids, and "corpus:…" sorts before "new:1": a finding whose b side holds the
    article's statement is turned around here, so that `a_span` always indexes the article.
    """
    out = []
    prefix = article_id + ":"
    for f in findings:
        if any(i.startswith(prefix) for i in f.b) and not any(i.startswith(prefix) for i in f.a):
            f = Finding(f.kind, f.b, f.a, f.b_text, f.a_text, f.b_span, f.a_span, f.severity,
                        f.message)  # fmt: skip
        out.append(f)
    return out


def _echo_finding(
    article: Source,
    span: tuple[int, int],
    ref: Source,
    match: QuoteMatch,
    lexicon: Lexicon | None,
    shown_reference: tuple[int, int],
) -> tuple[str, CheckFinding]:
    """(status, finding) for a quote another report gives in other words (no primary)."""
    assert match.span is not None
    where = changed_span(match, span)
    polarity = _polarity(article, match.quote_span or span, ref, match.span, lexicon)
    ours = shown(article.text, span, where)
    theirs = shown(ref.text, shown_reference)
    if polarity is not None:
        kind, status, detail = "polarity", "contradicted", polarity.message
    else:
        kind, status, detail = "quote_drift", "drifted", changes(article.text, ref.text, match)
    message = (
        f'quoted differently by {label(ref)}: "{ours}" here, "{theirs}" there ({detail}); '
        "no primary to settle it"
    )
    finding = CheckFinding(
        kind,
        _LOWER["high"],
        where,
        article.text[where[0] : where[1]],
        message,
        "secondary",
        ref.id,
        match.span,
        ref.text[match.span[0] : match.span[1]],
    )
    return status, finding


def _order(f: CheckFinding) -> tuple[int, int, str, str]:
    return (f.span[0], SEVERITY_RANK[f.severity], f.kind, f.message)


def check_article(
    article: Source,
    events: Sequence[EventMatch],
    corpus: Mapping[str, Source],
    statements: Mapping[str, tuple[Statement, ...]],
    vectors: Mapping[str, np.ndarray],
    lexicon: Lexicon | None,
    primaries: Sequence[Primary],
) -> ArticleCheck:
    """Check one article against the corpus documents of its meeting (`events` lists every
    corpus document with its verdict; `primaries` are the matched ones taken as the record)."""
    matched = [e for e in events if e.same_event]
    if not matched:
        return ArticleCheck(article, tuple(events), (), (), ())
    work = _Article(article, statements[article.id], vectors[article.id], lexicon, statements)
    quotes = _quotes_of(article, lexicon)
    if primaries:
        refs = [corpus[p.source] for p in primaries]
        lex = matcher(lexicon if lexicon is not None else default_lexicon())
        record = Record(
            refs,
            voices(refs, lexicon, reports=[article]),
            people_parties([article.text, *(r.text for r in refs)], lex),
            {r.id: _quotes_of(r, lexicon) for r in refs},
        )
        for quote in quotes:
            _check_quote(work, quote, record)
        sides = {pid: v.parties for pid, v in record.voices.items()}
        _check_claims(work, quotes, refs, statements, vectors, "primary", sides)
        _check_facts(work, quotes, refs, statements, vectors)
    else:
        refs = [corpus[e.source] for e in matched]
        for quote in quotes:
            _check_quote_against_secondaries(work, quote, refs, statements)
        _check_claims(work, quotes, refs, statements, vectors, "secondary")
    checks = sorted(work.checks, key=lambda c: (c.span[0], c.kind))
    findings = sorted((f for c in checks for f in c.findings), key=_order)
    return ArticleCheck(article, tuple(events), tuple(primaries), tuple(checks), tuple(findings))


def _speaker(work: _Article, quote: Quote, record: Record) -> Speaker:
    """Whose words the article says the quote is (see `Speaker`)."""
    lexicon = work.lexicon
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    text = work.source.text
    around = [st for st in work.statements if st.start <= quote.start < st.end]
    if around:
        st = around[0]
        for cue in find_cues(text, st.start, st.end, lexicon=lexicon):
            if quote.start <= cue.start < quote.end:
                continue
            if cue.speaker and institutional(cue.speaker, cue.kind, lexicon):
                return Speaker(
                    "institution", cue.speaker, parties=frozenset(parties(cue.speaker, lex))
                )
    phrase = quote.speaker or ""
    if not phrase:
        return Speaker("unknown", "")
    if institutional(phrase, "speaker", lexicon):
        return Speaker("institution", phrase, parties=frozenset(parties(phrase, lex)))
    people = person_words(phrase, lexicon)
    # A capitalised word the article also writes in lower case opens a sentence ("After the
    # meeting Prime Minister Kishida"): it names nobody.
    lower = lowercase_words(text)
    people = {w for w in people if w not in lower}
    if not people and {fold(t.text) for t in lex.tokenize(phrase)} & INSTITUTION_WORDS:
        return Speaker("institution", phrase, parties=frozenset(parties(phrase, lex)))
    if not people:
        return Speaker("unknown", phrase, parties=frozenset(parties(phrase, lex)))
    sides = set(parties(phrase, lex))
    for word in people:
        sides |= record.people.get(word, frozenset())
    shown_as = _shown_speaker(phrase, lower, lex)
    return Speaker("person", shown_as, frozenset(people), frozenset(sides))


def _shown_speaker(phrase: str, lower: frozenset[str], lex: Matcher) -> str:
    """The speaker phrase from its first word the article never writes in lower case:
    "After the meeting Prime Minister Kishida" -> "Prime Minister Kishida"."""
    for t in lex.tokenize(phrase):
        if t.capitalised and fold(t.text) not in lower:
            return phrase[t.start :]
    return phrase


def _speaks_as(
    record: Record, ref: Source, quote: Quote, who: Speaker, lexicon: Lexicon | None
) -> bool:
    """Is `quote` (of primary `ref`) the words of the person `who`?"""
    if not quote.speaker:
        return False
    theirs = person_words(quote.speaker, lexicon)
    if theirs:
        return not theirs.isdisjoint(who.people)
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    titles = title_words(quote.speaker, lex)
    if not titles:
        return False
    # "the Chancellor said": the primary names the person with that title somewhere.
    tokens = lex.tokenize(ref.text)
    folded = [fold(t.text) for t in tokens]
    for i, word in enumerate(folded):
        if word.removesuffix("'s") in who.people:
            before = " ".join(folded[max(0, i - 5) : i])
            if any(title in before for title in titles):
                return True
    return False


@dataclass(frozen=True)
class _Candidate:
    ref: Source
    match: QuoteMatch
    shown: tuple[int, int]
    own: bool  # the speaker's own words (quoted, or the primary is in their voice)


def _check_quote(work: _Article, quote: Quote, record: Record) -> None:
    article, lexicon = work.source, work.lexicon
    span = (quote.text_start, quote.text_end)
    who = _speaker(work, quote, record)
    refs = [p for p in record.sources if _same_script(quote.text, p)]
    if not refs:
        work.add("quote", span, quote.speaker, "unchecked")
        return
    side = [p for p in record.compatible(who) if p in refs]
    pool = side if who.kind == "institution" else refs
    results = [
        (ref, verify_quote(article.text, ref.text, start=span[0], end=span[1], lexicon=lexicon))
        for ref in pool
    ]
    for ref, match in results:
        if match.status == "verified":
            work.add("quote", span, quote.speaker, "verified", "primary", ref, match.span)
            return
    if who.kind == "institution" and not side:
        work.add("quote", span, quote.speaker, "unverifiable", "primary",
                 findings=[_no_side(work, span, who, quote.text)])  # fmt: skip
        return
    ours = _context_names(article, work.statements, (quote.start, quote.end), lexicon)
    candidates: list[_Candidate] = []
    for ref, m in results:
        if m.status != "drifted" or m.span is None:
            continue
        if _different_context(
            ours, _context_names(ref, work.record_statements[ref.id], m.span, lexicon)
        ):
            continue
        in_voice = who.kind == "institution" or (
            who.kind == "person" and not who.people.isdisjoint(record.voices[ref.id].speakers)
        )
        candidates.append(_Candidate(ref, m, m.span, in_voice))
    if who.kind == "person":
        for ref in refs:
            for other in record.quotes[ref.id]:
                if not _speaks_as(record, ref, other, who, lexicon):
                    continue
                other_span = (other.text_start, other.text_end)
                m = compare_quotes(article.text, span, ref.text, other_span, lexicon=lexicon)
                if m.status == "verified":
                    work.add("quote", span, quote.speaker, "verified", "primary", ref, m.span)
                    return
                if m.status == "drifted" and m.span is not None:
                    candidates.append(_Candidate(ref, m, other_span, True))
    own = [c for c in candidates if c.own]
    if own:
        best = max(own, key=lambda c: c.match.similarity)
        status, finding = _drift_finding(work, span, who, best, record)
        work.add(
            "quote", span, quote.speaker, status, "primary", best.ref, best.match.span, [finding]
        )
        return
    if candidates and who.kind == "person":
        best = max(candidates, key=lambda c: c.match.similarity)
        assert best.match.span is not None
        theirs = shown(best.ref.text, best.match.span)
        note = CheckFinding(
            "unverifiable",
            "low",
            span,
            quote.text,
            f"not verifiable here: {label(best.ref)} paraphrases {clean(who.phrase)} "
            f'("{theirs}") but does not quote them, so the wording "{shown(article.text, span)}" '
            "cannot be checked against it",
            "primary",
            best.ref.id,
            best.match.span,
            best.ref.text[best.match.span[0] : best.match.span[1]],
        )
        work.add("quote", span, quote.speaker, "unverifiable", "primary", best.ref,
                 best.match.span, [note])  # fmt: skip
        return
    if candidates:  # an unattributed quote close to the record's words
        best = max(candidates, key=lambda c: c.match.similarity)
        status, finding = _drift_finding(work, span, who, best, record, severity="medium")
        work.add(
            "quote", span, quote.speaker, status, "primary", best.ref, best.match.span, [finding]
        )
        return
    findings = []
    if who.kind == "institution":
        names = ", ".join(label(r) for r in side)
        findings.append(
            CheckFinding(
                "not_found",
                "medium",
                span,
                quote.text,
                f"quote attributed to {clean(who.phrase)} is not in the primary {names}: "
                f'"{shown(article.text, span)}" cannot be verified',
                "primary",
            )
        )
    elif who.kind == "person":
        side = record.compatible(who) if who.parties else []
        if who.parties and not side:
            findings.append(_no_side(work, span, who, quote.text))
        else:
            names = ", ".join(label(r) for r in (side or refs))
            findings.append(
                CheckFinding(
                    "unverifiable",
                    "low",
                    span,
                    quote.text,
                    f"not verifiable here: {names} does not quote {clean(who.phrase)}; "
                    f'"{shown(article.text, span)}" may be from a remark the record leaves out',
                    "primary",
                )
            )
    work.add("quote", span, quote.speaker, "not_found", "primary", findings=findings)


def _no_side(work: _Article, span: tuple[int, int], who: Speaker, text: str) -> CheckFinding:
    side = " or ".join(sorted(who.parties)) or "their side"
    return CheckFinding(
        "unverifiable",
        "low",
        span,
        text,
        f"not verifiable here: the corpus has no readout from {side} for the words "
        f'attributed to {clean(who.phrase)}: "{shown(work.source.text, span)}"',
        "primary",
    )


def _drift_finding(
    work: _Article,
    span: tuple[int, int],
    who: Speaker,
    candidate: _Candidate,
    record: Record,
    severity: str = "high",
) -> tuple[str, CheckFinding]:
    """(status, finding) for a quote that drifted from the speaker's own words in the record:
    contradicted when framing finds a reversed claim, or (in a translation) a changed figure or
    name; a different rendering when the record is a translation; else a misquote."""
    article, lexicon = work.source, work.lexicon
    ref, match = candidate.ref, candidate.match
    assert match.span is not None
    where = changed_span(match, span)
    polarity = _polarity(article, match.quote_span or span, ref, match.span, lexicon)
    ours = shown(article.text, span, where)
    theirs = shown(ref.text, candidate.shown)
    voice = record.voices[ref.id]
    translated = voice.translated_for(who.parties or voice.parties)
    facts = changed_facts(article.text, ref.text, match) if translated else []
    if polarity is not None:
        kind, status, detail, level = "polarity", "contradicted", polarity.message, "high"
        verb = "contradicts"
    elif facts:
        kind = "number" if facts[0].startswith("figure") else "entity"
        status, detail, level, verb = "contradicted", "; ".join(facts), "high", "contradicts"
    elif translated:
        kind, status, level, verb = "quote_drift", "drifted", "medium", "renders differently"
        detail = (
            f"{changes(article.text, ref.text, match)}; the record is a translation, so this "
            "may be another rendering of the same words"
        )
    else:
        kind, status, level, verb = "quote_drift", "drifted", severity, "misquotes"
        detail = changes(article.text, ref.text, match)
    message = f'{verb} the primary {label(ref)}: "{ours}" where it says "{theirs}" ({detail})'
    finding = CheckFinding(
        kind,
        level,
        where,
        article.text[where[0] : where[1]],
        message,
        "primary",
        ref.id,
        match.span,
        ref.text[match.span[0] : match.span[1]],
    )
    return status, finding
