"""Topic coverage: which statements of each source mention each lexicon topic."""

from __future__ import annotations

from collections.abc import Sequence

from compare.lexicon import Lexicon, default_lexicon, matcher
from compare.models import Statement, TopicCoverage


def topic_coverage(
    statements: Sequence[Statement], *, lexicon: Lexicon | None = None
) -> tuple[TopicCoverage, ...]:
    """Which statements of each source mention each lexicon topic, for topics mentioned at all.

    Topics come in lexicon order; every source that has statements gets an entry (empty when it
    never mentions the topic). Statement text alone is matched, so no source text is needed.
    """
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    sources = sorted({s.source for s in statements})
    hits: dict[str, dict[str, list[str]]] = {}
    # (topic, statement) pairs already listed: a set, since a topic can be in every statement.
    seen: set[tuple[str, str, str]] = set()
    for stmt in statements:
        tokens = lex.tokenize(stmt.text)
        for name, _, _ in lex.find_topics(stmt.text, tokens):
            ids = hits.setdefault(name, {src: [] for src in sources})[stmt.source]
            if (name, stmt.source, stmt.id) not in seen:
                seen.add((name, stmt.source, stmt.id))
                ids.append(stmt.id)
    return tuple(
        TopicCoverage(topic=name, statements={src: tuple(hits[name][src]) for src in sources})
        for name in lex.lexicon.topic_names
        if name in hits
    )
