"""Check one article against the record of its meeting: its quotes here (`check_article`
runs the claims and facts of `compare.check.claims` too).

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from compare.check.article import (
    ArticleWork,
    context_names,
    different_context,
    finding_order,
    polarity_finding,
    quotes_of,
    same_script,
)
from compare.check.claims import check_claims, check_facts
from compare.check.record import (
    INSTITUTION_WORDS,
    Voice,
    institutional,
    parties,
    people_parties,
    person_words,
    title_words,
    voices,
)
from compare.check.results import (
    ArticleCheck,
    CheckFinding,
    EventMatch,
    Primary,
    label,
)
from compare.check.secondaries import check_quote_against_secondaries
from compare.check.wording import (
    QuoteMatch,
    changed_facts,
    changed_span,
    changes,
    clean,
    compare_quotes,
    shown,
    verify_quote,
)
from compare.event import lowercase_words
from compare.lexicon import Lexicon, Matcher, default_lexicon, fold, matcher
from compare.models import Source, Statement
from compare.quotes import Quote, find_cues


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
    work = ArticleWork(article, statements[article.id], vectors[article.id], lexicon, statements)
    quotes = quotes_of(article, lexicon)
    if primaries:
        refs = [corpus[p.source] for p in primaries]
        lex = matcher(lexicon if lexicon is not None else default_lexicon())
        record = Record(
            refs,
            voices(refs, lexicon, reports=[article]),
            people_parties([article.text, *(r.text for r in refs)], lex),
            {r.id: quotes_of(r, lexicon) for r in refs},
        )
        for quote in quotes:
            _check_quote(work, quote, record)
        sides = {pid: v.parties for pid, v in record.voices.items()}
        check_claims(work, quotes, refs, statements, vectors, "primary", sides)
        check_facts(work, quotes, refs, statements, vectors)
    else:
        refs = [corpus[e.source] for e in matched]
        for quote in quotes:
            check_quote_against_secondaries(work, quote, refs, statements)
        check_claims(work, quotes, refs, statements, vectors, "secondary")
    checks = sorted(work.checks, key=lambda c: (c.span[0], c.kind))
    findings = sorted((f for c in checks for f in c.findings), key=finding_order)
    return ArticleCheck(article, tuple(events), tuple(primaries), tuple(checks), tuple(findings))


def _speaker(work: ArticleWork, quote: Quote, record: Record) -> Speaker:
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


def _check_quote(work: ArticleWork, quote: Quote, record: Record) -> None:
    article, lexicon = work.source, work.lexicon
    span = (quote.text_start, quote.text_end)
    who = _speaker(work, quote, record)
    refs = [p for p in record.sources if same_script(quote.text, p)]
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
    ours = context_names(article, work.statements, (quote.start, quote.end), lexicon)
    candidates: list[_Candidate] = []
    for ref, m in results:
        if m.status != "drifted" or m.span is None:
            continue
        if different_context(
            ours, context_names(ref, work.record_statements[ref.id], m.span, lexicon)
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


def _no_side(work: ArticleWork, span: tuple[int, int], who: Speaker, text: str) -> CheckFinding:
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
    work: ArticleWork,
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
    polarity = polarity_finding(article, match.quote_span or span, ref, match.span, lexicon)
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
