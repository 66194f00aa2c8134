"""Claims matched across two sources by type, anywhere in the two texts.

A contradiction need not sit in two sentences the aligner joined: "The ministers agreed to meet
once a year" and, three paragraphs away in a rewrite, "the two ministers did not agree on regular
meetings" are the same proposition with opposite polarity. Matching runs over every statement
of each source; each match yields at most one finding, with spans on both sides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.framing.claims import Proposition, propositions
from compare.lexicon import Matcher, is_cjk
from compare.models import Finding, Source, Statement

#: Content words two objects must share, and the share of the smaller object they must cover,
#: to be one proposition ("to hold a new round of the dialogue" / "to hold the dialogue").
MIN_SHARED_OBJECT_WORDS = 2
MIN_OBJECT_OVERLAP = 0.3


def contradictions(
    lex: Matcher, sources: Mapping[str, Source], statements: Sequence[Statement]
) -> list[Finding]:
    """Polarity findings: a proposition one source negates and the other affirms.

    `statements` are the two sources' statements (source ids: the two keys of `sources`, the
    first one "a"); Chinese statements are left to cross-language comparison.
    """
    side_ids = list(sources)
    if len(side_ids) != 2:
        return []
    tokens = {
        s.id: lex.tokenize(sources[s.source].text, s.start, s.end)
        for s in statements
        if not is_cjk(s.text)
    }
    by_side: dict[str, list[Statement]] = {sid: [] for sid in side_ids}
    for s in statements:
        if s.id in tokens:
            by_side[s.source].append(s)
    negated = {
        sid: [p for s in by_side[sid] for p in propositions(lex, s.id, tokens[s.id]) if p.negated]
        for sid in side_ids
    }
    wanted = frozenset(p.predicate for ps in negated.values() for p in ps)
    props = {
        sid: [p for s in by_side[sid] for p in propositions(lex, s.id, tokens[s.id], wanted)]
        for sid in side_ids
    }
    a_id, b_id = side_ids
    by_id = {s.id: s for s in statements}
    findings: list[Finding] = []
    for neg_side, other in ((b_id, a_id), (a_id, b_id)):
        for denial in negated[neg_side]:
            for affirmed in _affirmations(denial, props[other]):
                pair = (affirmed, denial) if neg_side == b_id else (denial, affirmed)
                findings.append(_finding(sources, by_id, *pair))
    return findings


def _overlap(x: Proposition, y: Proposition) -> float:
    shared = len(x.object & y.object)
    smaller = min(len(x.object), len(y.object))
    # A short object must be shared whole ("won't accept the proposal" / "will accept it").
    if shared < min(MIN_SHARED_OBJECT_WORDS, smaller) or shared == 0:
        return 0.0
    return shared / smaller


def _affirmations(denial: Proposition, candidates: Sequence[Proposition]) -> list[Proposition]:
    """The other source's statements that affirm what `denial` denies: same predicate, a
    similar object, one per statement. None when the other source denies it too (its closest
    proposition is a denial)."""
    scored = [
        (_overlap(denial, p), p)
        for p in candidates
        if p.predicate == denial.predicate and _overlap(denial, p) >= MIN_OBJECT_OVERLAP
    ]
    if not scored:
        return []
    top = max(score for score, _ in scored)
    if any(p.negated and score == top for score, p in scored):
        return []
    out: dict[str, Proposition] = {}
    for _, p in sorted(scored, key=lambda sp: (-sp[0], sp[1].span)):
        if not p.negated:
            out.setdefault(p.statement, p)
    return list(out.values())


def _finding(
    sources: Mapping[str, Source],
    by_id: Mapping[str, Statement],
    a: Proposition,
    b: Proposition,
) -> Finding:
    text_a = sources[by_id[a.statement].source].text
    text_b = sources[by_id[b.statement].source].text
    words_a, words_b = text_a[a.span[0] : a.span[1]], text_b[b.span[0] : b.span[1]]
    return Finding(
        kind="polarity",
        a=(a.statement,),
        b=(b.statement,),
        a_text=words_a,
        b_text=words_b,
        a_span=a.span,
        b_span=b.span,
        severity="high",
        message=f'one side says the opposite: "{words_a}" vs "{words_b}"',
    )
