"""Topic coverage: which statements of each source mention each lexicon topic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.lexicon import Lexicon, default_lexicon, matcher
from compare.models import Source, Statement, TopicCoverage


def topic_coverage(
    statements: Sequence[Statement],
    *,
    lexicon: Lexicon | None = None,
    sources: Mapping[str, Source] | None = None,
) -> tuple[TopicCoverage, ...]:
    """Which statements of each source mention each lexicon topic, for topics mentioned at all.

    Topics come in lexicon order; every source that has statements gets an entry (empty when it
    never mentions the topic). Statement text alone is matched, so no source text is needed;
    given the `sources` (by id), a statement is read as its span of its source's text, whose
    tokens the framing pass shares (the same words: `source.text[start:end] == text`).
    """
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    source_ids = sorted({s.source for s in statements})
    hits: dict[str, dict[str, list[str]]] = {}
    # (topic, statement) pairs already listed: a set, since a topic can be in every statement.
    seen: set[tuple[str, str, str]] = set()
    for stmt in statements:
        source = sources.get(stmt.source) if sources is not None else None
        if source is not None:
            text, tokens = source.text, lex.tokenize(source.text, stmt.start, stmt.end)
        else:
            text, tokens = stmt.text, lex.tokenize(stmt.text)
        for name, _, _ in lex.find_topics(text, tokens):
            ids = hits.setdefault(name, {src: [] for src in source_ids})[stmt.source]
            if (name, stmt.source, stmt.id) not in seen:
                seen.add((name, stmt.source, stmt.id))
                ids.append(stmt.id)
    return tuple(
        TopicCoverage(topic=name, statements={src: tuple(hits[name][src]) for src in source_ids})
        for name in lex.lexicon.topic_names
        if name in hits
    )
