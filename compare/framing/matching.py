"""Claims matched across two sources by type, anywhere in the two texts.

A contradiction need not sit in two sentences the aligner joined: "The ministers agreed to meet
once a year" and, three paragraphs away in a rewrite, "the two ministers did not agree on regular
meetings" are the same proposition with opposite polarity. Matching runs over every statement
of each source; each match yields at most one finding, with spans on both sides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from compare.dates import parse_iso
from compare.framing.claims import Claims, Proposition
from compare.framing.figures import Figure, comparable, figures, first_disagreement
from compare.framing.partners import best_partners
from compare.lexicon import Matcher, Token, is_cjk
from compare.models import Alignment, Finding, Source, Statement

#: Content words two objects must share, and the share of the smaller object they must cover,
#: to be one proposition ("to hold a new round of the dialogue" / "to hold the dialogue").
MIN_SHARED_OBJECT_WORDS = 2
MIN_OBJECT_OVERLAP = 0.3
#: Statements of the other source a denial is set against, best match first: a source states
#: an outcome a few times at most, and a text that repeats itself must not multiply findings.
MAX_AFFIRMATIONS = 3


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
    claims = {s.id: Claims(lex, s.id, tokens[s.id]) for ss in by_side.values() for s in ss}
    first = {i: c.propositions() for i, c in claims.items()}
    negated = {sid: [p for s in by_side[sid] for p in first[s.id] if p.negated] for sid in side_ids}
    # A denied predicate outside the lexicon's classes ("did not restore") is looked for again
    # in the statements that use its stem at all.
    wanted = frozenset(p.predicate for ps in negated.values() for p in ps) - {
        p.predicate for ps in first.values() for p in ps if p.predicate.startswith("pred:")
    }
    # Each side's propositions by predicate, in statement order: a denial is compared with
    # the propositions of its own predicate only.
    props: dict[str, dict[str, list[Proposition]]] = {}
    for sid in side_ids:
        props[sid] = {}
        for s in by_side[sid]:
            c = claims[s.id]
            for p in c.propositions(wanted) if wanted & c.stems else first[s.id]:
                props[sid].setdefault(p.predicate, []).append(p)
    a_id, b_id = side_ids
    by_id = {s.id: s for s in statements}
    # Every (denial, affirmation) with its object overlap; then each denial and each affirming
    # proposition keeps its MAX_AFFIRMATIONS best partners (a text repeating a sentence must
    # not multiply the finding).
    candidates: list[tuple[float, tuple[str, int], tuple[str, int, int], Finding]] = []
    for neg_side, other in ((b_id, a_id), (a_id, b_id)):
        for k, denial in enumerate(negated[neg_side]):
            for affirmed in _affirmations(denial, props[other].get(denial.predicate, [])):
                pair = (affirmed, denial) if neg_side == b_id else (denial, affirmed)
                candidates.append(
                    (
                        _overlap(denial, affirmed),
                        (neg_side, k),
                        (other, *affirmed.span),
                        _finding(sources, by_id, *pair),
                    )
                )
    kept = set(best_partners(((s, x, y) for s, x, y, _ in candidates), MAX_AFFIRMATIONS))
    return [f for _, x, y, f in candidates if (x, y) in kept]


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
        (score, p)
        for p in candidates
        if p.predicate == denial.predicate and (score := _overlap(denial, p)) >= MIN_OBJECT_OVERLAP
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
        if len(out) == MAX_AFFIRMATIONS:
            break
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


#: Content words two statements must share, and the share of the smaller statement's words, for
#: their figures to be about one fact when the aligner did not pair them.
MIN_SHARED_CONTEXT_WORDS = 2
MIN_CONTEXT_OVERLAP = 0.35


def figure_differences(
    lex: Matcher,
    sources: Mapping[str, Source],
    statements: Sequence[Statement],
    groups: Sequence[Alignment],
) -> list[Finding]:
    """Number findings: the same fact given with another figure.

    Statements an alignment group joins are compared directly; other statements are compared
    when they are each other's closest statement (by shared content words) among those that
    carry a figure of the same type. Figures are typed and resolved (see `figures`).
    """
    side_ids = list(sources)
    if len(side_ids) != 2:
        return []
    a_id, b_id = side_ids
    dates = {sid: parse_iso(src.date) for sid, src in sources.items()}
    # Both report one event: a source without a date is read against the other's.
    known = [d for d in dates.values() if d is not None]
    dates = {sid: d or (known[0] if known else None) for sid, d in dates.items()}
    info: dict[str, tuple[list[Figure], frozenset[str]]] = {}
    for s in statements:
        if is_cjk(s.text) or s.source not in dates:
            continue
        text = sources[s.source].text
        found = figures(text, s.start, s.end, dates[s.source])
        if found:
            tokens = lex.tokenize(text, s.start, s.end)
            info[s.id] = (found, _context(lex, tokens, found))
    by_id = {s.id: s for s in statements}
    pairs: list[tuple[str, str]] = []
    for g in groups:
        pairs += [(x, y) for x in g.a for y in g.b if x in info and y in info]
    grouped = set(pairs)
    side = {sid: [i for i in info if by_id[i].source == sid] for sid in side_ids}
    index = {sid: _ContextIndex(info, side[sid]) for sid in side_ids}
    best_a = {x: index[b_id].closest(info, x) for x in side[a_id]}
    best_b = {y: index[a_id].closest(info, y) for y in side[b_id]}
    pairs += [
        (x, y)
        for x, y in best_a.items()
        if y is not None and best_b.get(y) == x and (x, y) not in grouped
    ]
    with_duration = {
        sid: [i for i in ids if any(f.type == "duration" for f in info[i][0])]
        for sid, ids in side.items()
    }
    pairs += [p for p in meeting_durations(lex, sources, by_id, with_duration) if p not in pairs]
    out: list[Finding] = []
    for x, y in pairs:
        hit = first_disagreement(info[x][0], info[y][0])
        if hit is None:
            continue
        fx, fy = hit
        out.append(
            Finding(
                kind="number",
                a=(x,),
                b=(y,),
                a_text=fx.text,
                b_text=fy.text,
                a_span=fx.span,
                b_span=fy.span,
                severity="medium",
                message=f'figures differ: "{fx.text}" vs "{fy.text}"',
            )
        )
    return out


def meeting_durations(
    lex: Matcher,
    sources: Mapping[str, Source],
    by_id: Mapping[str, Statement],
    with_duration: Mapping[str, Sequence[str]],
) -> list[tuple[str, str]]:
    """How long the meeting lasted: a source gives it once, in a statement about the talks,
    so the one such statement of each source is paired whatever else it says.
    `with_duration`: per source id, its statements that carry a duration figure."""
    found = [
        [i for i in with_duration.get(sid, ()) if _about_talks(lex, sources, by_id[i])]
        for sid in sources
    ]
    a, b = found
    return [(a[0], b[0])] if len(a) == 1 and len(b) == 1 else []


def _about_talks(lex: Matcher, sources: Mapping[str, Source], s: Statement) -> bool:
    tokens = lex.tokenize(sources[s.source].text, s.start, s.end)
    return any((t.stem,) in lex.talks for t in tokens)


def _context(lex: Matcher, tokens: Sequence[Token], found: Sequence[Figure]) -> frozenset[str]:
    inside = [f.span for f in found]
    return frozenset(
        t.stem
        for t in tokens
        if t.text[:1].isalpha()
        and not any(s <= t.start < e for s, e in inside)
        and not any(e.category == "stop" for e in lex.phrases.get((t.stem,), ()))
    )


class _ContextIndex:
    """The statements of one side with figures, indexed by context word, so that each
    statement of the other side counts its shared words with all of them in one vectorised
    pass instead of a Python loop over every statement. `closest` answers what `_closest`
    answers.

    postings[indptr[w]:indptr[w + 1]]: the statements (positions in `ids`) with word w, so
    memory grows with the words of the statements, not with words times statements;
    sizes: ndarray[len(ids)] context sizes.
    """

    def __init__(
        self, info: Mapping[str, tuple[list[Figure], frozenset[str]]], ids: Sequence[str]
    ) -> None:
        self.ids = list(ids)
        self.words: dict[str, int] = {}
        by_word: list[list[int]] = []
        for n, y in enumerate(self.ids):
            for word in info[y][1]:
                w = self.words.setdefault(word, len(self.words))
                if w == len(by_word):
                    by_word.append([])
                by_word[w].append(n)
        self.indptr = np.cumsum([0, *(len(ns) for ns in by_word)], dtype=np.int64)
        self.postings = np.array([n for ns in by_word for n in ns], dtype=np.int64)
        self.sizes = np.array([len(info[y][1]) for y in self.ids], dtype=np.int64)
        self.types: dict[str, np.ndarray] = {}
        for n, y in enumerate(self.ids):
            for f in info[y][0]:
                self.types.setdefault(f.type, np.zeros(len(self.ids), dtype=bool))[n] = True
        # Ties on the score go to the greatest id, as in `_closest`.
        order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        self.rank = np.empty(len(self.ids), dtype=np.int64)
        self.rank[order] = np.arange(len(self.ids))

    def closest(
        self, info: Mapping[str, tuple[list[Figure], frozenset[str]]], x: str
    ) -> str | None:
        figs_x, ctx_x = info[x]
        rows = [self.words[w] for w in ctx_x if w in self.words]
        if len(rows) < MIN_SHARED_CONTEXT_WORDS:
            return None
        shared = np.bincount(
            np.concatenate([self.postings[self.indptr[r] : self.indptr[r + 1]] for r in rows]),
            minlength=len(self.ids),
        )
        types = {f.type for f in figs_x}
        if types & {"date", "weekday"}:
            types |= {"date", "weekday"}  # a date and a weekday are comparable
        comparable = np.zeros(len(self.ids), dtype=bool)
        for t in types & self.types.keys():
            comparable |= self.types[t]
        score = shared / np.maximum(1, np.minimum(len(ctx_x), self.sizes))
        fits = comparable & (shared >= MIN_SHARED_CONTEXT_WORDS) & (score >= MIN_CONTEXT_OVERLAP)
        if not fits.any():
            return None
        top = score[fits].max()
        best = np.flatnonzero(fits & (score == top))
        return self.ids[int(best[np.argmax(self.rank[best])])]


def _closest(
    info: Mapping[str, tuple[list[Figure], frozenset[str]]], x: str, others: Sequence[str]
) -> str | None:
    """The statement among `others` closest to x by shared context words, among those with a
    figure comparable to one of x's (the reference `_ContextIndex.closest` is tested against).
    """
    figs_x, ctx_x = info[x]
    best: tuple[float, str] | None = None
    for y in others:
        figs_y, ctx_y = info[y]
        if not any(comparable(f, g) for f in figs_x for g in figs_y):
            continue
        shared = len(ctx_x & ctx_y)
        if shared < MIN_SHARED_CONTEXT_WORDS:
            continue
        score = shared / max(1, min(len(ctx_x), len(ctx_y)))
        if score >= MIN_CONTEXT_OVERLAP and (best is None or (score, y) > best):
            best = (score, y)
    return best[1] if best is not None else None


def reframings(
    lex: Matcher,
    sources: Mapping[str, Source],
    statements: Sequence[Statement],
    groups: Sequence[Alignment],
) -> list[Finding]:
    """Wording findings: one thing named with different terms of a contested framing group
    ("Ukraine crisis" / "war in Ukraine", "contaminated" / "treated" water).

    Statements an alignment group joins are compared, and otherwise each other's closest
    statements (by shared content words) among those using a term of the same group; a pair
    differs when each uses terms of the group the other does not use at all.
    """
    side_ids = list(sources)
    if len(side_ids) != 2 or not lex.framings:
        return []
    a_id, b_id = side_ids
    terms: dict[str, dict[int, list[Token]]] = {}
    context: dict[str, frozenset[str]] = {}
    for s in statements:
        if is_cjk(s.text) or s.source not in sources:
            continue
        tokens = lex.tokenize(sources[s.source].text, s.start, s.end)
        found: dict[int, list[Token]] = {}
        for t in tokens:
            if t.stem in lex.framings:
                found.setdefault(lex.framings[t.stem], []).append(t)
        if found:
            terms[s.id] = found
            context[s.id] = frozenset(
                t.stem
                for t in tokens
                if t.text[:1].isalpha()
                and t.stem not in lex.framings
                and not any(e.category == "stop" for e in lex.phrases.get((t.stem,), ()))
            )
    by_id = {s.id: s for s in statements}
    pairs = [(x, y) for g in groups for x in g.a for y in g.b if x in terms and y in terms]
    side = {sid: [i for i in terms if by_id[i].source == sid] for sid in side_ids}

    def closest(x: str, others: Sequence[str]) -> str | None:
        best: tuple[float, str] | None = None
        for y in others:
            if not set(terms[x]) & set(terms[y]):
                continue
            shared = len(context[x] & context[y])
            score = shared / max(1, min(len(context[x]), len(context[y])))
            fits = shared >= MIN_SHARED_CONTEXT_WORDS and score >= MIN_CONTEXT_OVERLAP
            if fits and (best is None or (score, y) > best):
                best = (score, y)
        return best[1] if best is not None else None

    best_b = {y: closest(y, side[a_id]) for y in side[b_id]}
    for x in side[a_id]:
        y = closest(x, side[b_id])
        if y is not None and best_b.get(y) == x and (x, y) not in pairs:
            pairs.append((x, y))
    out: list[Finding] = []
    text = {sid: src.text for sid, src in sources.items()}
    for x, y in pairs:
        for group in sorted(set(terms[x]) & set(terms[y])):
            stems_x = {t.stem for t in terms[x][group]}
            stems_y = {t.stem for t in terms[y][group]}
            if stems_x & stems_y:
                continue
            tx, ty = terms[x][group][0], terms[y][group][0]
            out.append(
                Finding(
                    kind="wording",
                    a=(x,),
                    b=(y,),
                    a_text=text[a_id][tx.start : tx.end],
                    b_text=text[b_id][ty.start : ty.end],
                    a_span=(tx.start, tx.end),
                    b_span=(ty.start, ty.end),
                    severity="low",
                    message=f'the same thing framed differently: "{tx.text}" vs "{ty.text}"',
                )
            )
    return out
