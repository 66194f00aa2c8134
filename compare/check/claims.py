"""Claims and facts of an article against the record.

A claim the article credits to an institution or an account ("the State Department said",
"according to the Chinese readout") is compared with its closest statement in that side's
readouts through `framing.find_differences`; a reversal, a changed figure or a misspelt name
there contradicts the record (high), tone and hedging are warnings. An unattributed statement
that closely reports a statement of the record fails only for such a contradiction. Across
languages only a reversal is told: a Chinese statement negating a word whose CC-CEDICT senses
recur in the English record's statement."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date as Date

import numpy as np
from rapidfuzz.distance import Levenshtein

from compare import framing
from compare.check.article import (
    LOCATED,
    LOWER,
    ArticleWork,
    oriented,
    same_script,
)
from compare.check.gloss import negated_glosses
from compare.check.record import (
    institutional,
    parties,
)
from compare.check.results import (
    CheckFinding,
    label,
)
from compare.check.wording import (
    clean,
    shown,
    split_words,
)
from compare.event import lead_dates, safe_date
from compare.lexicon import Token, default_lexicon, fold, is_cjk, matcher
from compare.models import Alignment, Finding, Source, Statement
from compare.quotes import Quote, find_cues

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


def _claims(work: ArticleWork, quotes: Sequence[Quote]) -> list[tuple[Statement, str, str, str]]:
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


def check_claims(
    work: ArticleWork,
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
    located = [c.span for c in work.checks if c.kind == "quote" and c.status in LOCATED]
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
            severity = _claim_severity(f) if against == "primary" else LOWER[f.severity]
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


def _containment(work: ArticleWork, claim: Statement, others: Sequence[Statement]) -> np.ndarray:
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
    work: ArticleWork,
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


def check_facts(
    work: ArticleWork,
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
            if same_script(st.text, ref):
                sims = np.maximum(sims, _containment(work, st, statements[ref.id]))
            j = int(np.argmax(sims))
            if best is None or float(sims[j]) > best[0]:
                best = (float(sims[j]), ref, statements[ref.id][j])
        if best is None:
            continue
        sim, ref, other = best
        if not same_script(st.text, ref):
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
    work: ArticleWork,
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
