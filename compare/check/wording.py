"""Word-level verification of a quote: against the record's text, or against another quote.

Pure. Words are compared with case, accents, typography (quotation marks, dashes, curly
apostrophes), punctuation and whitespace set aside; a quote is cut at its omissions ("…",
"[…]") and editorial insertions ("[the U.S.]"), and each passage is looked up in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from compare.lexicon import Lexicon, Matcher, Token, default_lexicon, fold, matcher

#: A differing passage must share this many words with the quote ...
MIN_SHARED_WORDS = 2
#: ... and this share of the quote's words, against the record ("frank and constructive
#: discussion" keeps 2 of 4 words of "candid and constructive discussions") ...
MIN_DRIFT_SIMILARITY = 0.5
#: ... or at least this share of the shorter quote's words between two reports' quotes, which
#: may be of different remarks that share a stock phrase.
MIN_ECHO_SIMILARITY = 0.6
#: Words an editorial insertion "[the U.S.]" may stand for in the original.
MAX_BRACKET_WORDS = 8
#: Quotes up to this many words are shown whole in messages; longer ones around the change.
MAX_SHOWN_WORDS = 24

# Local alignment scores (Smith-Waterman over words).
_MATCH, _MISMATCH, _GAP = 2, -1, -1
# Words of context around a candidate window before the word-level alignment.
_WINDOW_MARGIN = 12
_MARKS_RE = re.compile(r"[\"“”„«»]")
# An omission ("…", "...", ". . .", "[…]") or an editorial insertion ("[the U.S.]") in a quote.
_GAP_RE = re.compile(
    r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]|…|\.\s?\.\s?\.|(?P<bracket>\[[^\[\]\n]{1,80}\])"
)


def word_count(text: str) -> int:
    return len(split_words(text))


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


def split_words(text: str, start: int = 0, end: int | None = None) -> list[_Word]:
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
        words = split_words(text, pos, m.start())
        if words:
            out.append(_Segment(tuple(words), bracket))
        bracket = m.group("bracket") is not None
        pos = m.end()
    words = split_words(text, pos, end)
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
    ref = split_words(reference)
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
    q = split_words(text, *quote)
    r = split_words(other, *other_quote)
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


# ---------------------------------------------------------------------------------------------
# Showing wordings in messages
# ---------------------------------------------------------------------------------------------


def clean(text: str) -> str:
    """Wording as messages show it: one line, quotation marks (typography) left out, so that
    a wording never carries half of a quote's marks."""
    return " ".join(_MARKS_RE.sub("", text).split()).rstrip(",;:")


def shown(text: str, span: tuple[int, int], focus: tuple[int, int] | None = None) -> str:
    """text[span] for a message; a long quote is cut to the words around `focus`."""
    found = split_words(text, *span)
    if len(found) <= MAX_SHOWN_WORDS:
        return clean(text[span[0] : span[1]])
    at = 0
    if focus is not None:
        at = next((k for k, w in enumerate(found) if w.end > focus[0]), 0)
    lo = max(0, at - MAX_SHOWN_WORDS // 3)
    hi = min(len(found), lo + MAX_SHOWN_WORDS)
    lo = max(0, hi - MAX_SHOWN_WORDS)
    out = clean(text[found[lo].start : found[hi - 1].end])
    return ("… " if lo else "") + out + (" …" if hi < len(found) else "")


def changes(text: str, reference: str, match: QuoteMatch) -> str:
    """ "frank → candid; discussion → discussions" from a match's differing runs."""
    parts = []
    for q_span, r_span in match.change_spans:
        q = f'"{clean(text[q_span[0] : q_span[1]])}"' if q_span else "(nothing)"
        r = f'"{clean(reference[r_span[0] : r_span[1]])}"' if r_span else "(nothing)"
        parts.append(f"{q} → {r}")
    return "; ".join(parts) if parts else "passages in another order"


def changed_span(match: QuoteMatch, fallback: tuple[int, int]) -> tuple[int, int]:
    spans = [q for q, _ in match.change_spans if q is not None]
    if not spans:
        return fallback
    return min(s[0] for s in spans), max(s[1] for s in spans)


def changed_facts(text: str, reference: str, match: QuoteMatch) -> list[str]:
    """What a drift changes that no translation explains: a figure or a name.

    Returns "figure 12 → 15" / "name Wentao → Wendao" descriptions, one per changed run whose
    numbers differ or whose capitalised words (not sentence-initial) differ.
    """
    out = []
    for q_span, r_span in match.change_spans:
        q = split_words(text, *q_span) if q_span else []
        r = split_words(reference, *r_span) if r_span else []
        q_nums = {w.norm for w in q if w.norm[:1].isdigit()}
        r_nums = {w.norm for w in r if w.norm[:1].isdigit()}
        if (q_nums or r_nums) and q_nums != r_nums:
            out.append(f"figure {' '.join(sorted(q_nums)) or '(none)'} → "
                       f"{' '.join(sorted(r_nums)) or '(none)'}")  # fmt: skip
            continue
        q_names = {w.norm for w in q if text[w.start : w.start + 1].isupper()}
        r_names = {w.norm for w in r if reference[w.start : w.start + 1].isupper()}
        if q_names and r_names and q_names.isdisjoint(r_names):
            out.append(f"name {' '.join(sorted(q_names))} → {' '.join(sorted(r_names))}")
    return out
