"""`check`: the one library call behind `readout check`.

Decides, for each new article, which corpus documents report its meeting (`compare.event`),
which of those are primaries (`compare.check.record`), and checks the article against them
(`compare.check.verify`). Reads no file and prints nothing; it embeds, through
`embedder_factory`, only the documents that dates, places and names did not already rule out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from compare import embed, pipeline
from compare.check.gloss import to_simplified
from compare.check.record import primary_of
from compare.check.results import (
    DEFAULT_FAIL_ON,
    ArticleCheck,
    CheckResult,
    EventMatch,
    FailOn,
    Unreadable,
    parse_fail_on,
)
from compare.check.verify import check_article
from compare.errors import UsageError
from compare.event import EventFacts, MeetingVerdict, compare_events, event_facts
from compare.lexicon import Lexicon, is_cjk
from compare.models import Source, Statement
from compare.segment import segment

#: Cosine from which two statements count as saying the same thing (USE scale: paraphrases
#: 0.6-0.9, English against its Chinese translation about 0.74).
STATEMENT_LINK = 0.6


def _linked(a: np.ndarray, b: np.ndarray) -> int:
    """Statements of `a` (ndarray[n, d]) with a counterpart in `b` (ndarray[m, d])."""
    if not len(a) or not len(b):
        return 0
    return int(((a @ b.T).max(axis=1) >= STATEMENT_LINK).sum())


def _for_embedding(statement: Statement) -> Statement:
    if not is_cjk(statement.text):
        return statement
    return replace(statement, text=to_simplified(statement.text))


def _match(source_id: str, verdict: MeetingVerdict) -> EventMatch:
    return EventMatch(
        source_id,
        verdict.same,
        verdict.reason,
        verdict.names,
        verdict.shared,
        verdict.linked,
        verdict.days,
        verdict.places,
    )


def check(
    new: Sequence[Source],
    corpus: Sequence[Source],
    *,
    fail_on: str | FailOn = DEFAULT_FAIL_ON,
    backend: str = pipeline.AUTO,
    embedder_factory: pipeline.EmbedderFactory | None = None,
    lexicon: Lexicon | None = None,
    unreadable: Sequence[Unreadable] = (),
) -> CheckResult:
    """Check each new article's quotes and attributed claims against the corpus.

    Every corpus document gets a verdict per article (same event or other event, with the
    reason); `unreadable` files (from `read_corpus`) are carried into the result as warnings.
    Documents that dates, weekdays, places or names settle are never embedded; the rest are
    embedded in one call with the new articles (a caching `embedder_factory` makes a repeated
    check reuse the corpus vectors). Raises `UsageError` for no article, an empty corpus, or
    ids used twice.
    """
    policy = fail_on if isinstance(fail_on, FailOn) else parse_fail_on(fail_on)
    if not new:
        raise UsageError("no article to check")
    if not corpus and not unreadable:
        raise UsageError("the corpus is empty: nothing to check the articles against")
    ids = [s.id for s in (*new, *corpus)]
    if len(set(ids)) != len(ids):
        raise UsageError(f"source ids must be unique, got {', '.join(ids)}")
    facts: dict[str, EventFacts] = {s.id: event_facts(s, lexicon=lexicon) for s in (*new, *corpus)}
    first = {n.id: {c.id: compare_events(facts[n.id], facts[c.id]) for c in corpus} for n in new}
    # Embedding is needed where a document was not ruled out; it also feeds the claim checks.
    kept = [c for c in corpus if any(first[n.id][c.id].same or first[n.id][c.id].undecided
                                     for n in new)]  # fmt: skip
    statements: dict[str, tuple[Statement, ...]] = {}
    vectors: dict[str, np.ndarray] = {}
    backend_name = ""
    if kept:
        sources = [*new, *kept]
        statements = {s.id: segment(s) for s in sources}
        flat = [st for s in sources for st in statements[s.id]]
        name = pipeline.choose_backend(flat, backend)
        embedder = (embedder_factory or embed.get_embedder)(name)
        backend_name = embedder.name
        # Traditional characters embed far from their English counterparts (USE: the Swiss
        # conference sentence of d4 0.32 -> 0.60 once simplified); the text is simplified for
        # the embedding only, offsets and words stay the source's.
        matrix = pipeline.embed_statements(embedder, [_for_embedding(st) for st in flat])
        at = 0
        for s in sources:
            vectors[s.id] = matrix[at : at + len(statements[s.id])]
            at += len(statements[s.id])
    by_id = {c.id: c for c in corpus}
    articles: list[ArticleCheck] = []
    for article in new:
        events = []
        for c in corpus:
            verdict = first[article.id][c.id]
            if verdict.undecided and c.id in vectors:
                linked = _linked(vectors[article.id], vectors[c.id])
                verdict = compare_events(facts[article.id], facts[c.id], linked=linked)
            events.append(_match(c.id, verdict))
        events.sort(key=lambda e: (not e.same_event, -(e.linked or 0), -e.names, e.source))
        primaries = [
            p
            for e in events
            if e.same_event and (p := primary_of(by_id[e.source], lexicon=lexicon)) is not None
        ]
        articles.append(
            check_article(article, events, by_id, statements, vectors, lexicon, primaries)
        )
    return CheckResult(tuple(articles), tuple(corpus), policy, backend_name, tuple(unreadable))
