"""Claims two sources share, as evidence that two of their statements report one thing.

The embeddings miss links a reader sees at once: "China's foreign ministry described the meeting
as candid, substantive and constructive" and "The two sides held a candid and constructive
discussion" characterise the same talks; "the ministers agreed to meet at least once a year" and
"the two ministers did not agree on regular meetings" are one proposition with opposite
polarity; "lasted about an hour" and "the meeting lasted around 90 minutes" give the one
duration of the meeting. Such a shared claim pairs the two statements whatever their wording,
and the aligner (`compare.align`) takes the pair as a link where its statements are free.

Pure: sources and statements in, statement-id pairs (and the contradiction findings) out.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compare.dates import parse_iso
from compare.framing import characterisations, descriptors, matching
from compare.framing.figures import figures
from compare.framing.partners import best_partners
from compare.lexicon import Matcher, Token, american, is_cjk
from compare.models import Finding, Source, Statement
from compare.quotes import find_quotes

#: What a characterisation must describe to pair two statements: the talks themselves. A
#: description of the relations ("stable and constructive relations") is a wish both sides
#: repeat in many statements, not a report of one thing.
LINKING_TARGET = "talks"
#: Descriptors two characterisations of the talks must share, a synonym or a descriptor of the
#: same kind ("candid" / "frank") counting as shared: one alone
#: ("substantive discussions on regional issues" / "candid, substantive and constructive") is
#: as often another remark about the talks as the same one.
MIN_SHARED_DESCRIPTORS = 2
_SIGNAL = "signal:"
#: Partners a characterisation run keeps, most shared descriptors first (then text order): a
#: source characterises the talks a few times, a text that repeats itself must not pair every
#: repeat with every other.
CHARACTERISATION_PARTNERS = 3
#: A quotation pairs its statement with the other side's statement that has the longest run of
#: its words, when that run is the whole quotation of at least QUOTE_MIN_WORDS words ("honor its
#: promises"), or at least QUOTE_MIN_RUN words of which QUOTE_MIN_CONTENT are not function words
#: ("respect for the LAC" inside "full respect for the LAC and past agreements"). Shorter runs
#: are stock phrases ("China-U.S. relations", "negative impact on").
QUOTE_MIN_WORDS = 3
QUOTE_MIN_RUN = 4
QUOTE_MIN_CONTENT = 2
#: A quotation whose longest run is shared by more statements than this pairs with none of
#: them: its words are the other side's boilerplate.
QUOTE_MAX_PARTNERS = 2
#: Statements of the other side a quotation is aligned with: those sharing most of its words.
QUOTE_CANDIDATES = 8


@dataclass(frozen=True)
class SharedClaims:
    """Statement pairs (a id, b id) that carry one claim, in a stable order, and the
    contradiction findings among them (computed once: `find_differences` reports them)."""

    pairs: tuple[tuple[str, str], ...] = ()
    contradictions: tuple[Finding, ...] = ()


def shared_claims(
    lex: Matcher, sources: Mapping[str, Source], statements: Sequence[Statement]
) -> SharedClaims:
    """The claims two sources share, anywhere in their texts.

    `sources` maps the two source ids (the first is side a) to their Source. The claims:
    a proposition one side affirms and the other denies (`matching.contradictions`); the talks
    characterised with two shared descriptors; the meeting's duration; a quotation whose words
    the other side has.
    """
    side_ids = list(sources)
    if len(side_ids) != 2:
        return SharedClaims()
    contradictions = tuple(matching.contradictions(lex, sources, statements))
    pairs: set[tuple[str, str]] = {(f.a[0], f.b[0]) for f in contradictions}
    pairs |= _characterised_talks(lex, sources, statements)
    pairs |= _durations(lex, sources, statements)
    pairs |= _shared_quotes(lex, sources, statements)
    return SharedClaims(tuple(sorted(pairs)), contradictions)


def _characterised_talks(
    lex: Matcher, sources: Mapping[str, Source], statements: Sequence[Statement]
) -> set[tuple[str, str]]:
    from compare.framing.worddiff import unit_key

    def is_descriptor(word: str) -> bool:
        # The lexicon's characterisation words only: WordNet's adjectives include "held" and
        # "regular", which describe no talks.
        return word in lex.tone

    def target_of(token: Token) -> str | None:
        return LINKING_TARGET if (token.stem,) in lex.talks else None

    def kinds(word: str) -> frozenset[str]:
        # A descriptor's identity (its synonym group's key, else its stem) and its kind of
        # description ("friction" for both "candid" and "frank").
        tone = lex.tone.get(word)
        return frozenset({unit_key(lex, word), *((f"{_SIGNAL}{tone.signal}",) if tone else ())})

    a_id, b_id = list(sources)
    runs: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {a_id: [], b_id: []}
    for s in statements:
        if s.source not in runs:
            continue
        if is_cjk(s.text):
            zh_run = tuple(
                frozenset(k for tone in tones for k in kinds(tone)) for tones in _zh_tones(lex, s)
            )
            if zh_run:
                runs[s.source].append((s.id, zh_run))
            continue
        text = sources[s.source].text
        tokens = descriptors.hyphenated(lex.tokenize(text, s.start, s.end), text)
        for c in characterisations.characterisations(
            s.id, tokens, text, is_descriptor=is_descriptor, target_of=target_of
        ):
            runs[s.source].append((s.id, tuple(kinds(w) for w in c.words)))
    # Candidate runs through an index of their descriptors' kinds, so the cost follows the runs
    # that share something; each run keeps its CHARACTERISATION_PARTNERS best partners.
    index: dict[str, list[int]] = {}
    for n, (_, run_y) in enumerate(runs[b_id]):
        for kind in set().union(*run_y):
            index.setdefault(kind, []).append(n)
    scored: list[tuple[float, int, int]] = []
    for m, (_, run_x) in enumerate(runs[a_id]):
        hits: Counter[int] = Counter()
        for kind in set().union(*run_x):
            hits.update(index.get(kind, ()))
        for n in hits:
            if hits[n] >= MIN_SHARED_DESCRIPTORS:
                shared = _shared_descriptors(run_x, runs[b_id][n][1])
                if shared >= MIN_SHARED_DESCRIPTORS:
                    scored.append((float(shared), m, n))
    return {
        (runs[a_id][m][0], runs[b_id][n][0])
        for m, n in best_partners(scored, CHARACTERISATION_PARTNERS)
    }


def _zh_tones(lex: Matcher, s: Statement) -> list[list[str]]:
    """The characterisation words of a Chinese statement that describe talks, each as the
    English tone words it renders (坦诚: candid, frank)."""
    from compare.zh.findings import talk_tone_words
    from compare.zh.text import embedding_text

    return [
        sorted(t.key for t in lex.lexicon.tone if alias in t.zh)
        for _, _, alias in talk_tone_words(lex, embedding_text(s.text, "zh"))
    ]


def _shared_descriptors(run_x: Sequence[frozenset[str]], run_y: Sequence[frozenset[str]]) -> int:
    """Descriptors of the shorter run with a counterpart of the same identity or kind; 0 unless
    one of them is the same descriptor (two runs alike only in kinds, "candid and constructive"
    / "successful ... exchange of views", describe different talks as often as the same)."""
    short, long = sorted((run_x, run_y), key=len)
    free = list(long)
    shared = same = 0
    for kinds in short:
        # The same descriptor first, then one of the same kind.
        match = next((k for k, other in enumerate(free) if _identities(kinds & other)), None)
        if match is not None:
            same += 1
        else:
            match = next((k for k, other in enumerate(free) if kinds & other), None)
        if match is not None:
            del free[match]
            shared += 1
    return shared if same else 0


def _identities(kinds: frozenset[str]) -> frozenset[str]:
    return frozenset(k for k in kinds if not k.startswith(_SIGNAL))


def _durations(
    lex: Matcher, sources: Mapping[str, Source], statements: Sequence[Statement]
) -> set[tuple[str, str]]:
    """The one statement of each source that gives how long the talks lasted
    (`matching.meeting_durations`)."""
    durations: dict[str, list[str]] = {sid: [] for sid in sources}
    for s in statements:
        if s.source in durations and not is_cjk(s.text):
            source = sources[s.source]
            figs = figures(source.text, s.start, s.end, parse_iso(source.date))
            if any(f.type == "duration" for f in figs):
                durations[s.source].append(s.id)
    by_id = {s.id: s for s in statements}
    return set(matching.meeting_durations(lex, sources, by_id, durations))


def _shared_quotes(
    lex: Matcher, sources: Mapping[str, Source], statements: Sequence[Statement]
) -> set[tuple[str, str]]:
    """A quotation of one side and the statement of the other that has its words."""
    a_id, b_id = list(sources)
    words: dict[str, list[str]] = {}
    content: dict[str, list[bool]] = {}
    by_source: dict[str, list[Statement]] = {a_id: [], b_id: []}
    for s in statements:
        if s.source not in by_source or is_cjk(s.text):
            continue
        tokens = lex.tokenize(sources[s.source].text, s.start, s.end)
        words[s.id] = [american(t.stem) for t in tokens]
        content[s.id] = [_content(lex, t) for t in tokens]
        by_source[s.source].append(s)
    index: dict[str, dict[str, set[str]]] = {a_id: {}, b_id: {}}
    for sid, ss in by_source.items():
        for s in ss:
            for w, c in zip(words[s.id], content[s.id], strict=True):
                if c:
                    index[sid].setdefault(w, set()).add(s.id)
    pairs: set[tuple[str, str]] = set()
    for sid, other in ((a_id, b_id), (b_id, a_id)):
        text = sources[sid].text
        stmts = by_source[sid]
        starts = [s.start for s in stmts]
        for q in find_quotes(text, lexicon=lex.lexicon):
            if q.depth:
                continue
            k = bisect.bisect_right(starts, q.text_start) - 1
            if k < 0 or not stmts[k].start <= q.text_start < stmts[k].end:
                continue
            tokens = lex.tokenize(text, q.text_start, q.text_end)
            quoted = [american(t.stem) for t in tokens]
            is_content = [_content(lex, t) for t in tokens]
            if len(quoted) < QUOTE_MIN_WORDS:
                continue
            shared: Counter[str] = Counter()
            for w in {w for w, c in zip(quoted, is_content, strict=True) if c}:
                shared.update(index[other].get(w, ()))
            # The statements sharing most of the quotation's words, QUOTE_CANDIDATES at most:
            # a quotation of common words would otherwise be aligned with half the other text.
            ranked = sorted(
                (y for y, n in shared.items() if n >= min(QUOTE_MIN_CONTENT, sum(is_content))),
                key=lambda y: (-shared[y], y),
            )[:QUOTE_CANDIDATES]
            best, found = 0, []
            for y in sorted(ranked):
                run = _quoted_run(quoted, is_content, words[y])
                if run > best:
                    best, found = run, [y]
                elif run == best and run:
                    found.append(y)
            if best and len(found) <= QUOTE_MAX_PARTNERS:
                x = stmts[k].id
                pairs |= {(x, y) if sid == a_id else (y, x) for y in found}
    return pairs


def _content(lex: Matcher, token: Token) -> bool:
    return token.text[:1].isalnum() and not any(
        e.category == "stop" for e in lex.phrases.get((token.stem,), ())
    )


def _quoted_run(quoted: Sequence[str], is_content: Sequence[bool], words: Sequence[str]) -> int:
    """Length of the longest run of `quoted` found word for word in `words` that pairs the two
    (see QUOTE_MIN_WORDS), else 0."""
    best = 0
    prev = [0] * (len(words) + 1)
    for i, q in enumerate(quoted):
        cur = [0] * (len(words) + 1)
        for j, w in enumerate(words):
            if q == w:
                n = cur[j + 1] = prev[j] + 1
                if n > best and n >= QUOTE_MIN_WORDS:
                    whole = n == len(quoted)
                    content = sum(is_content[i - n + 1 : i + 1])
                    if whole or (n >= QUOTE_MIN_RUN and content >= QUOTE_MIN_CONTENT):
                        best = n
        prev = cur
    return best
