"""Working state of one article under check, and what every check of it shares: its
statements and vectors, the checks found so far, framing findings turned to its side
(`oriented`), the names around a quote, the polarity test between two wordings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from compare import framing
from compare.check.record import (
    MIN_QUOTE_WORDS,
    NOT_PEOPLE,
)
from compare.check.results import (
    SEVERITY_RANK,
    Check,
    CheckFinding,
)
from compare.check.wording import (
    word_count,
)
from compare.event import lowercase_words, name_token
from compare.ingest import unwrapped_text
from compare.lexicon import Lexicon, default_lexicon, fold, is_cjk, matcher
from compare.models import Alignment, Finding, Source, Statement
from compare.quotes import Quote, find_quotes

#: Names each of two quotes' sentences must have, none shared, for the quotes to be taken for
#: different remarks ("… Jake Sullivan met Wang Yi in Malta, in what both sides described as
#: "candid …"" against "Matthew Miller said Blinken and Han had "candid …" discussions").
MIN_CONTEXT_NAMES = 2
_CJK_LANGUAGES = frozenset(("zh", "ja", "ko"))
LOWER = {"high": "medium", "medium": "low", "low": "low"}
LOCATED = frozenset(("verified", "drifted", "contradicted"))


def same_script(text: str, source: Source) -> bool:
    """Quotes are compared word for word only within one script (no translation)."""
    return is_cjk(text) == (source.language in _CJK_LANGUAGES)


def context_names(
    source: Source,
    statements: Sequence[Statement],
    span: tuple[int, int],
    lexicon: Lexicon | None,
) -> set[str]:
    """Names in the sentences around a quote, the quote's own words aside (words never written
    in lower case in the source, party markers and titles excepted): whom and where the quoted
    remark is about."""
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    around = [st for st in statements if st.start < span[1] and span[0] < st.end]
    if not around:
        return set()
    lower = lowercase_words(source.text)
    tokens = lex.tokenize(source.text, around[0].start, around[-1].end)
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        kind = name_token(lex, tokens, i)
        if kind < 0:
            i += -kind
            continue
        t = tokens[i]
        word = fold(t.text).removesuffix("'s")
        if (
            t.capitalised
            and not t.cjk
            and not span[0] <= t.start < span[1]
            and word not in lower
            and word not in NOT_PEOPLE
        ):
            out.add(word)
        i += 1
    return out


def polarity_finding(
    article: Source,
    span: tuple[int, int],
    reference: Source,
    reference_span: tuple[int, int],
    lexicon: Lexicon | None,
) -> Finding | None:
    """framing's polarity finding between the article's words and the reference's, if any."""
    a = Statement(
        f"{article.id}:check", article.id, 0, article.text[span[0] : span[1]], *span,
        language=article.language,
    )  # fmt: skip
    b = Statement(
        f"{reference.id}:check", reference.id, 0,
        reference.text[reference_span[0] : reference_span[1]], *reference_span,
        language=reference.language,
    )  # fmt: skip
    group = Alignment((a.id,), (b.id,), score=1.0)
    findings = framing.find_differences(
        {article.id: article, reference.id: reference}, [a, b], [group], lexicon=lexicon
    )
    return next((f for f in findings if f.kind == "polarity"), None)


@dataclass
class ArticleWork:
    """Working state for one new article."""

    source: Source
    statements: tuple[Statement, ...]
    vectors: np.ndarray
    lexicon: Lexicon | None
    record_statements: Mapping[str, tuple[Statement, ...]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    def add(
        self,
        kind: str,
        span: tuple[int, int],
        speaker: str | None,
        status: str,
        against: str | None = None,
        reference: Source | None = None,
        reference_span: tuple[int, int] | None = None,
        findings: Sequence[CheckFinding] = (),
    ) -> None:
        self.checks.append(
            Check(
                kind,
                span,
                self.source.text[span[0] : span[1]],
                speaker,
                status,
                against,
                reference.id if reference is not None else None,
                reference_span,
                tuple(sorted(findings, key=finding_order)),
            )
        )


def quotes_of(source: Source, lexicon: Lexicon | None) -> list[Quote]:
    return [
        q
        for q in find_quotes(unwrapped_text(source), lexicon=lexicon)
        if q.depth == 0 and word_count(q.text) >= MIN_QUOTE_WORDS
    ]


def different_context(a: set[str], b: set[str]) -> bool:
    """Sentences that each name `MIN_CONTEXT_NAMES` people or places, none in common."""
    return len(a) >= MIN_CONTEXT_NAMES and len(b) >= MIN_CONTEXT_NAMES and not a & b


def oriented(findings: Sequence[Finding], article_id: str) -> list[Finding]:
    """Framing findings with the article on side a.

    `framing.find_differences` orients its extra passes (name and quote variants) by sorted
    source ids, and "corpus:…" sorts before "new:1": a finding whose b side holds the
    article's statement is turned around here, so that `a_span` always indexes the article.
    """
    out = []
    prefix = article_id + ":"
    for f in findings:
        if any(i.startswith(prefix) for i in f.b) and not any(i.startswith(prefix) for i in f.a):
            f = Finding(f.kind, f.b, f.a, f.b_text, f.a_text, f.b_span, f.a_span, f.severity,
                        f.message)  # fmt: skip
        out.append(f)
    return out


def finding_order(f: CheckFinding) -> tuple[int, int, str, str]:
    return (f.span[0], SEVERITY_RANK[f.severity], f.kind, f.message)
