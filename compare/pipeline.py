"""The one library call behind each command: read sources, segment, embed, align, explain.

This is the edge where I/O and models live; `align` and `framing` stay pure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from compare import align as align_mod
from compare import embed, framing
from compare.embed import MULTILINGUAL, USE, WORDLLAMA, Embedder
from compare.errors import InputError, UsageError
from compare.event import same_meeting
from compare.ingest import STDIN_NAME, STDIN_PATH, load_source
from compare.lexicon import Lexicon
from compare.models import Alignment, Diff, Source, Statement
from compare.segment import segment

#: Backend for same-language comparisons too, chosen by measurement (BENCHMARKS.md,
#: section 5): on English pairs USE separates gold links from other pairs better than MiniLM
#: (ROC AUC), aligns the development gold better, needs no torch, and embeds ~3x faster here.
DEFAULT_BACKEND = USE
ENGLISH = "en"
AUTO = "auto"
#: Word vectors blended into the similarity of two English statements (`compare.align`).
WORD_BACKEND = WORDLLAMA

EmbedderFactory = Callable[[str], Embedder]
Progress = Callable[[str], None]


def load_sources(paths: Sequence[str | Path], *, max_bytes: int | None = None) -> list[Source]:
    """Read each path as a source with ids "a", "b", "c", ...; the same file twice is an error.

    `-` is standard input, which can be read only once.
    """
    seen: dict[Path, str] = {}
    sources = []
    for index, path in enumerate(paths):
        name = STDIN_NAME if str(path) == STDIN_PATH else str(path)
        key = Path(STDIN_PATH) if str(path) == STDIN_PATH else Path(path).resolve()
        if key in seen:
            raise InputError(name, f"given twice (also as {seen[key]})", "pass each article once")
        seen[key] = name
        sources.append(load_source(path, source_id(index), max_bytes=max_bytes))
    return sources


def source_id(index: int) -> str:
    """ "a", "b", ..., "z", "aa", "ab", ... for the index-th source."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = letters[rem] + name
    return name


def choose_backend(statements: Sequence[Statement], requested: str = AUTO) -> str:
    """The backend to embed with: multilingual whenever any statement is not English."""
    languages = {s.language for s in statements}
    if requested == AUTO:
        return DEFAULT_BACKEND
    if languages - {"en"} and requested not in MULTILINGUAL:
        others = ", ".join(sorted(languages - {"en"}))
        raise UsageError(
            f"backend {requested!r} is English-only but the sources contain {others}; "
            f"use --backend {USE}"
        )
    return requested


def embed_statements(embedder: Embedder, statements: Sequence[Statement]) -> np.ndarray:
    """One encode call for all statements of all sources: ndarray[len(statements), d].

    Chinese statements are embedded in Simplified form with half-width digits: the multilingual
    model scores Traditional text against its English translation far lower (mean cosine of
    the development links 0.36 against 0.57 for the same text in Simplified form).
    """
    from compare.zh.text import embedding_text

    return embedder.embed([embedding_text(s.text, s.language) for s in statements])


def embed_words(embedder: Embedder, statements: Sequence[Statement]) -> np.ndarray:
    """Word vectors of the English statements: ndarray[len(statements), d], zero rows for the
    others (the word vectors are English)."""
    english = [k for k, s in enumerate(statements) if s.language == ENGLISH]
    out = np.zeros((len(statements), embedder.dim), dtype=np.float32)
    if english:
        out[english] = embedder.embed([statements[k].text for k in english])
    return out


def diff_sources(
    a: Source,
    b: Source,
    *,
    backend: str = AUTO,
    embedder_factory: EmbedderFactory | None = None,
    lexicon: Lexicon | None = None,
    progress: Progress | None = None,
) -> Diff:
    """Align two sources and explain how their aligned statements differ.

    `progress`, when given, receives one short line per stage.
    """
    say = progress or (lambda _: None)
    sa, sb = segment(a), segment(b)
    statements = (*sa, *sb)
    name = choose_backend(statements, backend)
    embedder = (embedder_factory or embed.get_embedder)(name)
    say(f"embedding {len(statements)} statements ({embedder.name})")
    vectors = embed_statements(embedder, statements)
    words = embed_words((embedder_factory or embed.get_embedder)(WORD_BACKEND), statements)
    say(f"aligning {len(sa)} with {len(sb)} statements and comparing them")
    return diff_statements(
        a,
        b,
        sa,
        sb,
        vectors[: len(sa)],
        vectors[len(sa) :],
        embedder.name,
        lexicon,
        words=(words[: len(sa)], words[len(sa) :]),
    )


def diff_statements(
    a: Source,
    b: Source,
    sa: Sequence[Statement],
    sb: Sequence[Statement],
    vectors_a: np.ndarray,
    vectors_b: np.ndarray,
    embedder_name: str,
    lexicon: Lexicon | None,
    *,
    words: tuple[np.ndarray, np.ndarray] | None = None,
) -> Diff:
    """Align already segmented and embedded sources and explain their differences.

    vectors_a: ndarray[len(sa), d], vectors_b: ndarray[len(sb), d]; `words`, when given, the
    two sides' word vectors (`embed_words`): ndarray[len(sa), d2], ndarray[len(sb), d2]. Lets
    a caller that compares many pairs (`readout report`) embed every statement once.
    """
    statements = (*sa, *sb)
    topics = framing.topic_coverage(statements, lexicon=lexicon, sources={a.id: a, b.id: b})
    meeting = same_meeting(a, b, lexicon=lexicon)
    if meeting.dated_apart:
        # Two meetings share boilerplate, not statements: nothing is linked or compared.
        unlinked = tuple(Alignment(a=(s.id,), b=()) for s in sa) + tuple(
            Alignment(a=(), b=(s.id,)) for s in sb
        )
        return Diff(
            sources=(a, b),
            statements=statements,
            groups=unlinked,
            backend=embedder_name,
            topics=topics,
            notices=(different_meetings_notice(a, b, meeting.reason),),
        )
    sources = {a.id: a, b.id: b}
    claims = framing.shared_claims(sources, statements, lexicon=lexicon)
    word_a, word_b = words if words is not None else (None, None)
    groups = align_mod.align(
        sa,
        sb,
        vectors_a,
        vectors_b,
        a_words=word_a,
        b_words=word_b,
        claims=claims.pairs,
        same_event=True if meeting.dated_together else None,
    )
    findings = framing.find_differences(sources, statements, groups, lexicon=lexicon, claims=claims)
    return Diff(
        sources=(a, b),
        statements=statements,
        groups=groups,
        findings=findings,
        backend=embedder_name,
        topics=topics,
    )


def different_meetings_notice(a: Source, b: Source, reason: str) -> str:
    """One line for the top of a diff or report: which two sources, and why."""
    name_a, name_b = a.outlet or a.path, b.outlet or b.path
    return f"{name_a} and {name_b} report different meetings ({reason}): no statements linked"


def diff_paths(
    path_a: str | Path,
    path_b: str | Path,
    *,
    backend: str = AUTO,
    embedder_factory: EmbedderFactory | None = None,
    lexicon: Lexicon | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> Diff:
    a, b = load_sources([path_a, path_b], max_bytes=max_bytes)
    return diff_sources(
        a,
        b,
        backend=backend,
        embedder_factory=embedder_factory,
        lexicon=lexicon,
        progress=progress,
    )
