"""Align the statements of two sources, in any order.

Pure: takes statements and their vectors, returns groups. Groups share one shape,
`Alignment(a_ids, b_ids, score, semantic, lexical)`, for 1:1, 1:n, n:1 and unmatched.

How it decides (weights and backend compared in BENCHMARKS.md, section 5):

1. Candidates. For every statement, its `top_k` nearest statements of the other side by
   cosine, computed in row blocks so memory stays O(block * m), never a dense n*m matrix.
2. Similarity. `semantic` is the cosine clipped to [0, 1]; `lexical` is an IDF-weighted
   overlap of content words (the mean of Dice and the overlap coefficient) (rare shared words such as names and quoted phrases weigh most,
   shared boilerplate such as "China-U.S. relations" weighs little). Same-language pairs
   combine them as `w * semantic + (1 - w) * lexical`. A Chinese statement against an English
   one shares no words, so its lexical score is dictionary evidence instead
   (compare/zh/evidence.py): the IDF-weighted share of its content words whose CC-CEDICT senses,
   transliterated names, places, titles, dates and figures the English statement contains, and
   the share of the English words so covered; it is combined with the cosine the same way.
   Other language pairs have no dictionary: the semantic score alone is used, scaled down.
3. Competitive linking. Candidate pairs are taken best first; a pair whose statements are
   both still free becomes a 1:1 group when its score reaches `threshold`. A statement can
   only join the group of its own best counterpart, so a hub sentence cannot collect a pile
   of loosely related ones.
4. Splits and merges. A free statement joins the group of its best counterpart (1:n or n:1)
   when their similarity reaches `merge_threshold` and the merged side (sum of vectors, union
   of words) is at least as similar to the other side as the group was without it, both in
   combined and in semantic similarity.
5. Shared claims. Once the sources are shown to report the same event (enough strong 1:1
   links, or the caller knows it from their dates), statement pairs that share a claim
   (`compare.framing.links`: a proposition affirmed and denied, the talks characterised alike,
   the meeting's duration, a quotation's words) are linked where their statements are free,
   or a free one joins a 1:1 group as a compression.
6. Residual pass. Behind the same gate, statements still free pair up at a lower bar when
   each is the other's best remaining option (a higher bar when only the dates opened the
   gate). Two articles about different meetings never reach it, which is what keeps their
   shared boilerplate unlinked.

For two English statements the semantic score is the mean of the sentence embedding's cosine
and the cosine of static word vectors (`a_words`/`b_words`, wordllama), when given.

Everything left is unmatched. Order plays no part: reordered paragraphs align the same.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from compare.models import Alignment, Statement
from compare.zh.evidence import Concept

#: Weight of the semantic score in the combined similarity (the rest is lexical). Higher
#: weights find more links on the development gold but link two different meetings' shared
#: boilerplate (BENCHMARKS.md, section 5).
DEFAULT_SEMANTIC_WEIGHT = 0.4
#: Minimum combined similarity for a 1:1 group.
DEFAULT_THRESHOLD = 0.4
#: Minimum similarity for a statement to join an existing group (1:n, n:1).
DEFAULT_MERGE_THRESHOLD = 0.3
#: Language pairs without a dictionary (neither side Chinese): the cosine alone, scaled down.
CROSS_LINGUAL_SCALE = 0.7
#: Weight of the cosine for a Chinese statement against an English one; the rest is dictionary
#: evidence. On the Chinese pairs of the development gold (1961 candidate pairs, 72 links) the
#: ROC AUC is 0.954 for the cosine alone, 0.984 for the evidence alone and 0.988 for this blend
#: (BENCHMARKS.md); the threshold and same-event gate are those of same-language pairs.
CHINESE_SEMANTIC_WEIGHT = 0.4
#: A Chinese statement and an English one whose speakers are both known and differ ("王毅指出"
#: against "Blinken said") report different remarks on the same topic: their score is scaled
#: by this (BENCHMARKS_CHINESE.md).
SPEAKER_MISMATCH = 0.7
#: ... and whose named speakers are the same ("王毅指出" against "Wang insisted"): scaled by this.
SPEAKER_MATCH = 1.05
#: Share of Dice in the lexical score; the rest is the overlap coefficient, which does not
#: punish a short sentence for being contained in a long one.
LEXICAL_DICE_SHARE = 0.5
#: Minimum similarity for the residual pass (free statements that are each other's best).
RESIDUAL_THRESHOLD = 0.3
#: The residual pass runs only when the sources share at least this many 1:1 links of at
#: least SAME_EVENT_LINK similarity, and at least SAME_EVENT_SHARE of the shorter source.
SAME_EVENT_LINK = 0.6
#: Minimum similarity for the residual pass when the sources are known to report one event by
#: their dates only (too few strong links). On the development pairs: 0.3 links more than it
#: adds wrongly in English (link F1 0.931) but not across languages (0.754); 0.375 gives 0.934
#: and 0.761 (0.930 and 0.761 without the pass).
DATED_RESIDUAL_THRESHOLD = 0.375
SAME_EVENT_MIN_LINKS = 2
SAME_EVENT_SHARE = 0.2
#: Weight of the word vectors' cosine in the semantic similarity of two English statements
#: (the rest is the sentence embedding's).
WORD_VECTOR_WEIGHT = 0.5
#: Minimum combined similarity for two statements that share a claim to be linked: none. A
#: shared claim is evidence whatever the wording, and the statements that carry one often read
#: alike to no model ("described the meeting as candid, substantive and constructive" / "called
#: the talks frank and constructive", 0.15). On the development pairs a bar of 0.2 cost two of
#: those links for every false one it kept out (same-language link F1 0.930 -> 0.925); the
#: false ones are kept out by the claim rules instead (two shared descriptors, one of them the
#: same word; quotation runs of four words).
CLAIM_LINK_THRESHOLD = 0.0
#: Candidates kept per statement.
DEFAULT_TOP_K = 8
#: Rows of the cosine matrix computed at once.
BLOCK_ROWS = 1024

_STOPWORDS = frozenset(
    """a an the of to and or in on at for with by from as into about over after before than
    that this these those is are was were be been being it its their his her he she they them
    we our us you your i will would can could should may might must has have had do does did
    not no but also both which who whom whose what when where while said says say told tells
    added noted according other such more most very there here then so if all any each two
    one upon via per s t""".split()
)
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def content_tokens(text: str) -> frozenset[str]:
    """Content words of a text, lower-cased; each CJK character counts as one token."""
    tokens: set[str] = set()
    for match in _TOKEN.finditer(text.lower()):
        word = match.group()
        if _CJK.search(word):
            tokens.update(ch for ch in word if _CJK.match(ch))
            continue
        if word in _STOPWORDS or len(word) < 2 and not word.isdigit():
            continue
        # Crude stemming keeps "relations"/"relation", "talks"/"talk" together.
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        tokens.add(word)
    return frozenset(tokens)


@dataclass(frozen=True)
class _Side:
    ids: tuple[str, ...]
    languages: tuple[str, ...]
    tokens: tuple[frozenset[str], ...]
    vectors: np.ndarray
    # Dictionary evidence, filled only when the two sides mix Chinese with other languages:
    # a Chinese statement's concepts, another statement's English stems.
    concepts: tuple[tuple[Concept, ...], ...] = ()
    stems: tuple[frozenset[str], ...] = ()
    # Who speaks in each statement ("Wang insisted", "王毅指出"), as English stems; empty if unknown.
    speakers: tuple[frozenset[str], ...] = ()
    # English word vectors, ndarray[n, d2] (zero rows for other languages), or None.
    words: np.ndarray | None = None


_ZH = "zh"
_EN = "en"


class _Scorer:
    """Similarity between statements, or merged sets of statements, of the two sides."""

    def __init__(self, a: _Side, b: _Side, *, semantic_weight: float) -> None:
        self.a, self.b = a, b
        self.weight = semantic_weight
        df: dict[str, int] = {}
        for toks in (*a.tokens, *b.tokens):
            for tok in toks:
                df[tok] = df.get(tok, 0) + 1
        n_docs = len(a.tokens) + len(b.tokens)
        self.idf = {tok: math.log(1.0 + n_docs / count) for tok, count in df.items()}
        # Cross-lingual evidence: concept IDF over the Chinese statements, stem IDF over the rest.
        df_zh: dict[str, int] = {}
        df_en: dict[str, int] = {}
        n_zh = n_en = 0
        for side in (a, b):
            for k, lang in enumerate(side.languages):
                if not side.concepts:
                    break
                if lang == _ZH:
                    n_zh += 1
                    for word in {c.word for c in side.concepts[k]}:
                        df_zh[word] = df_zh.get(word, 0) + 1
                else:
                    n_en += 1
                    for stem in side.stems[k]:
                        df_en[stem] = df_en.get(stem, 0) + 1
        self.idf_zh = {w: math.log(1.0 + n_zh / n) for w, n in df_zh.items()}
        self.idf_en = {w: math.log(1.0 + n_en / n) for w, n in df_en.items()}

    def weight_of(self, tokens: frozenset[str]) -> float:
        return sum(self.idf[t] for t in tokens)

    def lexical(self, ta: frozenset[str], tb: frozenset[str]) -> float:
        return self._lexical(ta & tb, self.weight_of(ta), self.weight_of(tb))

    def _lexical(self, shared_tokens: frozenset[str], wa: float, wb: float) -> float:
        if wa + wb == 0:
            return 0.0
        shared = self.weight_of(shared_tokens)
        dice = 2.0 * shared / (wa + wb)
        smaller = min(wa, wb)
        overlap = shared / smaller if smaller else 0.0
        return min(1.0, LEXICAL_DICE_SHARE * dice + (1.0 - LEXICAL_DICE_SHARE) * overlap)

    def evidence(self, concepts: Sequence[Concept], stems: frozenset[str]) -> float:
        """Dictionary evidence in [0, 1] that Chinese `concepts` and English `stems` say the
        same: the mean of the harmonic mean and the larger of the two covered shares (IDF
        weighted), the cross-lingual counterpart of Dice and the overlap coefficient."""
        total_zh = sum(self.idf_zh.get(c.word, 0.0) for c in concepts)
        total_en = sum(self.idf_en.get(s, 0.0) for s in stems)
        if not total_zh or not total_en:
            return 0.0
        hit: set[str] = set()
        covered = 0.0
        for c in concepts:
            shared = c.stems & stems
            if shared:
                covered += self.idf_zh.get(c.word, 0.0)
                hit |= shared
        share_zh = covered / total_zh
        share_en = sum(self.idf_en.get(s, 0.0) for s in hit) / total_en
        if not share_zh + share_en:
            return 0.0
        harmonic = 2.0 * share_zh * share_en / (share_zh + share_en)
        return min(
            1.0,
            LEXICAL_DICE_SHARE * harmonic + (1.0 - LEXICAL_DICE_SHARE) * max(share_zh, share_en),
        )

    def _cross(self, ai: Sequence[int], bj: Sequence[int]) -> tuple[float, float] | None:
        """(evidence, speaker factor) between statements of two languages, None when neither
        side is Chinese. The factor is SPEAKER_MISMATCH when both sides name different
        speakers, else 1."""
        if not self.a.concepts:
            return None
        concepts: list[Concept] = []
        stems: set[str] = set()
        for side, idx in ((self.a, ai), (self.b, bj)):
            for k in idx:
                if side.languages[k] == _ZH:
                    concepts.extend(side.concepts[k])
                else:
                    stems |= side.stems[k]
        langs = {self.a.languages[k] for k in ai} | {self.b.languages[k] for k in bj}
        if _ZH not in langs:
            return None
        score = self.evidence(concepts, frozenset(stems))
        who_a = [self.a.speakers[k] for k in ai if self.a.speakers[k]]
        who_b = [self.b.speakers[k] for k in bj if self.b.speakers[k]]
        if who_a and who_b:
            if all(x.isdisjoint(y) for x in who_a for y in who_b):
                return score, SPEAKER_MISMATCH
            return score, SPEAKER_MATCH
        return score, 1.0

    def _combine(
        self,
        semantic: float,
        lexical: float,
        same_language: bool,
        cross: tuple[float, float] | None = None,
    ) -> float:
        if same_language:
            return self.weight * semantic + (1.0 - self.weight) * lexical
        if cross is not None:
            evidence, factor = cross
            blend = CHINESE_SEMANTIC_WEIGHT * semantic + (1.0 - CHINESE_SEMANTIC_WEIGHT) * evidence
            return factor * blend
        return semantic * CROSS_LINGUAL_SCALE

    def score(self, ai: Sequence[int], bj: Sequence[int]) -> tuple[float, float, float]:
        """(combined, semantic, lexical) for the statements `ai` of a against `bj` of b."""
        semantic = _cosine(
            self.a.vectors[list(ai)].sum(axis=0), self.b.vectors[list(bj)].sum(axis=0)
        )
        lang_a = {self.a.languages[i] for i in ai}
        lang_b = {self.b.languages[j] for j in bj}
        if self.a.words is not None and self.b.words is not None and lang_a == lang_b == {_EN}:
            words = _cosine(self.a.words[list(ai)].sum(axis=0), self.b.words[list(bj)].sum(axis=0))
            semantic = (1.0 - WORD_VECTOR_WEIGHT) * semantic + WORD_VECTOR_WEIGHT * words
        ta = frozenset().union(*(self.a.tokens[i] for i in ai))
        tb = frozenset().union(*(self.b.tokens[j] for j in bj))
        same = not lang_a.isdisjoint(lang_b)
        cross = None if same else self._cross(ai, bj)
        lexical = self.lexical(ta, tb) if cross is None else cross[0]
        combined = self._combine(semantic, lexical, same, cross)
        return _unit(combined), _unit(semantic), _unit(lexical)

    def pair_scores(self, pairs: Sequence[tuple[int, int]]) -> list[float]:
        """Combined similarity of single statements, for many (i, j) pairs at once.

        The hot path of `align`: cosines come from one vectorised product, and each
        statement's word weight is summed once rather than once per pair.
        """
        if not pairs:
            return []
        rows = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
        cols = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
        # Rows are unit vectors (or zero), so the dot product is the cosine.
        cosines = np.einsum("ij,ij->i", self.a.vectors[rows], self.b.vectors[cols])
        if self.a.words is not None and self.b.words is not None:
            english = np.fromiter(
                (self.a.languages[i] == self.b.languages[j] == _EN for i, j in pairs),
                dtype=bool,
                count=len(pairs),
            )
            words = np.einsum("ij,ij->i", self.a.words[rows], self.b.words[cols])
            blended = (1.0 - WORD_VECTOR_WEIGHT) * np.clip(cosines, 0.0, 1.0) + (
                WORD_VECTOR_WEIGHT * np.clip(words, 0.0, 1.0)
            )
            cosines = np.where(english, blended, cosines)
        wa = [self.weight_of(t) for t in self.a.tokens]
        wb = [self.weight_of(t) for t in self.b.tokens]
        out = []
        for (i, j), cosine in zip(pairs, cosines.tolist(), strict=True):
            semantic = min(1.0, max(0.0, cosine))
            same = self.a.languages[i] == self.b.languages[j]
            cross = None if same else self._cross((i,), (j,))
            if cross is None:
                lexical = self._lexical(self.a.tokens[i] & self.b.tokens[j], wa[i], wb[j])
            else:
                lexical = cross[0]
            out.append(_unit(self._combine(_unit(semantic), _unit(lexical), same, cross)))
        return out


def _cosine(u: np.ndarray, v: np.ndarray) -> float:
    """Cosine of two vectors clipped to [0, 1]; 0 when either is zero."""
    norm = float(np.linalg.norm(u) * np.linalg.norm(v))
    return 0.0 if norm == 0 else float(np.clip(u @ v / norm, 0.0, 1.0))


def _unit(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 6)


def top_k_candidates(
    a: np.ndarray, b: np.ndarray, *, k: int = DEFAULT_TOP_K
) -> set[tuple[int, int]]:
    """Index pairs (i, j) where j is among i's k nearest in `b` or i among j's k nearest in `a`.

    a: ndarray[n, d], b: ndarray[m, d], both L2-normalised. Memory is O(BLOCK_ROWS * m + k * m).
    """
    n, m = a.shape[0], b.shape[0]
    if n == 0 or m == 0:
        return set()
    kr, kc = min(k, m), min(k, n)
    pairs: set[tuple[int, int]] = set()
    col_best = np.full((kc, m), -np.inf, dtype=np.float32)
    col_idx = np.zeros((kc, m), dtype=np.int64)
    for start in range(0, n, BLOCK_ROWS):
        block = a[start : start + BLOCK_ROWS] @ b.T  # [rows, m]
        rows = np.argpartition(-block, kr - 1, axis=1)[:, :kr]
        for r, cols in enumerate(rows):
            pairs.update((start + r, int(c)) for c in cols)
        merged = np.concatenate([col_best, block], axis=0)
        merged_idx = np.concatenate(
            [col_idx, np.arange(start, start + block.shape[0])[:, None].repeat(m, axis=1)], axis=0
        )
        keep = np.argpartition(-merged, kc - 1, axis=0)[:kc]
        col_best = np.take_along_axis(merged, keep, axis=0)
        col_idx = np.take_along_axis(merged_idx, keep, axis=0)
    for j in range(m):
        for r in range(kc):
            if np.isfinite(col_best[r, j]):
                pairs.add((int(col_idx[r, j]), j))
    return pairs


def align(
    a: Sequence[Statement],
    b: Sequence[Statement],
    a_vectors: np.ndarray,
    b_vectors: np.ndarray,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    merge_threshold: float = DEFAULT_MERGE_THRESHOLD,
    semantic_weight: float = DEFAULT_SEMANTIC_WEIGHT,
    top_k: int = DEFAULT_TOP_K,
    a_words: np.ndarray | None = None,
    b_words: np.ndarray | None = None,
    claims: Sequence[tuple[str, str]] = (),
    same_event: bool | None = None,
) -> tuple[Alignment, ...]:
    """Group the statements of `a` and `b` that report the same thing.

    a_vectors: ndarray[len(a), d], b_vectors: ndarray[len(b), d], L2-normalised embeddings.
    a_words, b_words: English word vectors (ndarray[len(a), d2], ndarray[len(b), d2], zero
    rows for other languages): for two English statements the semantic similarity is the
    cosine blended with theirs (WORD_VECTOR_WEIGHT).
    `claims`: (a id, b id) pairs of statements that share a claim (`framing.links`); once the
    sources are shown to report one event, such a pair is linked where its statements are free.
    `same_event`: True when the sources are known to report one event (their dates agree);
    None to decide it from the strong links (SAME_EVENT_LINK).
    Returns every statement exactly once: matched groups first (ordered by their first
    a-statement), then unmatched a-statements, then unmatched b-statements.
    """
    if len(a) != a_vectors.shape[0] or len(b) != b_vectors.shape[0]:
        raise ValueError("one vector per statement is required")
    languages = {s.language for s in (*a, *b)}
    evidence = _ZH in languages and len(languages) > 1
    side_a = _side(a, a_vectors, evidence=evidence, words=a_words)
    side_b = _side(b, b_vectors, evidence=evidence, words=b_words)
    scorer = _Scorer(side_a, side_b, semantic_weight=semantic_weight)

    candidates = sorted(top_k_candidates(side_a.vectors, side_b.vectors, k=top_k))
    scores = dict(zip(candidates, scorer.pair_scores(candidates), strict=True))
    best_a = _best(scores, axis=0)
    best_b = _best(scores, axis=1)
    # Symmetric tie-break (texts, then positions) so that swapping a and b mirrors the result.
    order = sorted(
        scores,
        key=lambda ij: (
            -scores[ij],
            min(a[ij[0]].text, b[ij[1]].text),
            max(a[ij[0]].text, b[ij[1]].text),
            ij[0] + ij[1],
        ),
    )

    group_of_a: dict[int, int] = {}
    group_of_b: dict[int, int] = {}
    groups: list[tuple[list[int], list[int]]] = []
    for i, j in order:
        if scores[(i, j)] < threshold:
            break
        if i in group_of_a or j in group_of_b:
            continue
        group_of_a[i] = group_of_b[j] = len(groups)
        groups.append(([i], [j]))

    for i, j in order:
        if scores[(i, j)] < merge_threshold:
            break
        if (i in group_of_a) == (j in group_of_b):
            continue
        if i not in group_of_a and best_a.get(i) == j:
            g = group_of_b[j]
            ga, gb = groups[g]
            if _improves(scorer.score([*ga, i], gb), scorer.score(ga, gb)):
                ga.append(i)
                group_of_a[i] = g
        elif j not in group_of_b and best_b.get(j) == i:
            g = group_of_a[i]
            ga, gb = groups[g]
            if _improves(scorer.score(ga, [*gb, j]), scorer.score(ga, gb)):
                gb.append(j)
                group_of_b[j] = g

    # The sources report one event when enough strong 1:1 links join them; only then do shared
    # claims link statements, and the residual pass run.
    strong = sum(1 for ga, gb in groups if scores.get((ga[0], gb[0]), 0.0) >= SAME_EVENT_LINK)
    linked_event = strong >= max(SAME_EVENT_MIN_LINKS, SAME_EVENT_SHARE * min(len(a), len(b)))
    if (same_event or linked_event) and claims:
        _link_claims(claims, a, b, scorer, groups, group_of_a, group_of_b)

    # Residual pass: statements still free compete only among themselves, so a pair whose
    # best counterparts were taken by stronger links can still pair up if each is the
    # other's best remaining option. It needs the strong links (or, at a higher bar, the
    # dates) that show one event: two meetings share boilerplate, not statements.
    free = {
        ij: sc
        for ij, sc in scores.items()
        if (linked_event or same_event) and ij[0] not in group_of_a and ij[1] not in group_of_b
    }
    residual = RESIDUAL_THRESHOLD if linked_event else DATED_RESIDUAL_THRESHOLD
    free_best_a = _best(free, axis=0)
    free_best_b = _best(free, axis=1)
    for i, j in order:
        if scores[(i, j)] < residual:
            break
        if i in group_of_a or j in group_of_b:
            continue
        if free_best_a.get(i) == j and free_best_b.get(j) == i:
            group_of_a[i] = group_of_b[j] = len(groups)
            groups.append(([i], [j]))

    result: list[Alignment] = []
    for ga, gb in sorted(groups, key=lambda g: (min(g[0]), min(g[1]))):
        ga.sort()
        gb.sort()
        combined, semantic, lexical = scorer.score(ga, gb)
        result.append(
            Alignment(
                a=tuple(side_a.ids[i] for i in ga),
                b=tuple(side_b.ids[j] for j in gb),
                score=combined,
                semantic=semantic,
                lexical=lexical,
            )
        )
    result.extend(Alignment(a=(s.id,), b=()) for i, s in enumerate(a) if i not in group_of_a)
    result.extend(Alignment(a=(), b=(s.id,)) for j, s in enumerate(b) if j not in group_of_b)
    return tuple(result)


def _link_claims(
    claims: Sequence[tuple[str, str]],
    a: Sequence[Statement],
    b: Sequence[Statement],
    scorer: _Scorer,
    groups: list[tuple[list[int], list[int]]],
    group_of_a: dict[int, int],
    group_of_b: dict[int, int],
) -> None:
    """Link statement pairs that share a claim, most similar first: two free statements become
    a 1:1 group; a free statement joins its partner's group when that group has one statement
    on the partner's side (a 1:n or n:1 compression). Groups are updated in place."""
    index_a = {s.id: i for i, s in enumerate(a)}
    index_b = {s.id: j for j, s in enumerate(b)}
    pairs = sorted({(index_a[x], index_b[y]) for x, y in claims if x in index_a and y in index_b})
    scored = sorted(
        zip(scorer.pair_scores(pairs), pairs, strict=True), key=lambda sp: (-sp[0], sp[1])
    )
    for score, (i, j) in scored:
        if score < CLAIM_LINK_THRESHOLD:
            continue
        if i in group_of_a and j in group_of_b:
            continue
        if i not in group_of_a and j not in group_of_b:
            group_of_a[i] = group_of_b[j] = len(groups)
            groups.append(([i], [j]))
        elif i not in group_of_a:
            g = group_of_b[j]
            if len(groups[g][1]) == 1:
                groups[g][0].append(i)
                group_of_a[i] = g
        else:
            g = group_of_a[i]
            if len(groups[g][0]) == 1:
                groups[g][1].append(j)
                group_of_b[j] = g


def _improves(merged: tuple[float, float, float], alone: tuple[float, float, float]) -> bool:
    """A merge must keep both the combined and the semantic similarity of the group.

    The lexical overlap coefficient alone never drops when words are added to one side,
    so the semantic score is what stops a group from absorbing unrelated statements.
    """
    return merged[0] >= alone[0] and merged[1] >= alone[1]


def _side(
    statements: Sequence[Statement],
    vectors: np.ndarray,
    *,
    evidence: bool,
    words: np.ndarray | None = None,
) -> _Side:
    concepts: tuple[tuple[Concept, ...], ...] = ()
    stems: tuple[frozenset[str], ...] = ()
    # Who speaks in each statement ("Wang insisted", "王毅指出"), as English stems; empty if unknown.
    speakers: tuple[frozenset[str], ...] = ()
    if evidence:
        # Tags Chinese text with LAC and reads CC-CEDICT on first use (both then cached).
        from compare.zh import evidence as zh_evidence

        concepts = tuple(
            zh_evidence.concepts(s.text) if s.language == _ZH else () for s in statements
        )
        stems = tuple(
            frozenset() if s.language == _ZH else zh_evidence.stems(s.text) for s in statements
        )
        speakers = _speakers(statements)
    return _Side(
        ids=tuple(s.id for s in statements),
        languages=tuple(s.language for s in statements),
        tokens=tuple(content_tokens(s.text) for s in statements),
        vectors=np.asarray(vectors, dtype=np.float32),
        concepts=concepts,
        stems=stems,
        speakers=speakers,
        words=None if words is None else np.asarray(words, dtype=np.float32),
    )


_NOT_A_NAME = frozenset(
    """the a an department ministry office house council government media agency side sides
    spokesperson spokesman spokeswoman official officials readout statement""".split()
)


def _person(speaker: str) -> bool:
    """A speaker that is a person's name ("Wang", "Olaf Scholz") or a pronoun, not a title or a
    body ("the Chancellor", "the State Department"), which cannot be told apart across languages."""
    words = speaker.split()
    if len(words) == 1 and words[0].lower() in {"he", "she"}:
        return True
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    from compare.zh import names

    titles = {w.lower() for r in names.load().titles.values() for t in r for w in t.split()}
    return not any(w.lower() in titles or w.lower() in _NOT_A_NAME for w in words)


def _speakers(statements: Sequence[Statement]) -> tuple[frozenset[str], ...]:
    """Each statement's speaker as English stems, pronouns resolved within its source."""
    from compare.quotes import find_cues
    from compare.zh import evidence as zh_evidence

    out: dict[str, frozenset[str]] = {}
    by_source: dict[str, list[Statement]] = {}
    for s in statements:
        by_source.setdefault(s.source, []).append(s)
    for group in by_source.values():
        group.sort(key=lambda s: s.start)
        zh = [s for s in group if s.language == _ZH]
        out.update(
            zip((s.id for s in zh), zh_evidence.zh_speakers([s.text for s in zh]), strict=True)
        )
        en = [s for s in group if s.language != _ZH]
        named: list[str | None] = []
        for s in en:
            cues = [c for c in find_cues(s.text) if c.kind == "speaker"]
            named.append(cues[0].speaker if cues and _person(cues[0].speaker) else None)
        resolved = zh_evidence.speaker_stems(named, lambda name: (name,))
        out.update(zip((s.id for s in en), resolved, strict=True))
    return tuple(out[s.id] for s in statements)


def _best(scores: dict[tuple[int, int], float], *, axis: int) -> dict[int, int]:
    """For axis 0, each a-index's best b-index; for axis 1, each b-index's best a-index."""
    best: dict[int, tuple[float, int]] = {}
    for ij, s in scores.items():
        key, other = ij[axis], ij[1 - axis]
        cur = best.get(key)
        if cur is None or s > cur[0] or (s == cur[0] and other < cur[1]):
            best[key] = (s, other)
    return {k: v[1] for k, v in best.items()}
