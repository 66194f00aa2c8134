"""The one entry point of framing: every finding between two sources' statements."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from compare.framing import links, matching, severity, worddiff
from compare.lexicon import Lexicon, american, default_lexicon, fold, is_cjk, matcher
from compare.models import Alignment, Finding, Source, Statement


def find_differences(
    sources: Mapping[str, Source],
    statements: Sequence[Statement],
    groups: Sequence[Alignment],
    *,
    lexicon: Lexicon | None = None,
    claims: links.SharedClaims | None = None,
) -> tuple[Finding, ...]:
    """Framing findings between two sources, ordered by severity, kind and position.

    `sources` maps a source id ("a", "b") to its Source; every Statement's offsets index into
    its source's text. `groups` are alignment groups: matched groups are compared statement by
    statement, unmatched statements become omission (side a) or addition (side b) findings.
    `claims`: `shared_claims` of the same sources and statements, if the caller has them.
    """
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    contradictions = (
        list(claims.contradictions)
        if claims is not None
        else matching.contradictions(lex, sources, statements)
    )
    # A proposition matched across the two texts explains a negation better than the word
    # diff of the one pair the aligner joined: the word diff's polarity there gives way.
    explained = {(f.a, f.b) for f in contradictions}
    # English figures are compared as typed values (a weekday against its date, "an hour"
    # against "60 minutes"), not as differing words: the word diff's number findings give way
    # (across languages, figures are compare/zh's).
    chinese = {s.id for s in statements if is_cjk(s.text)}
    findings = [
        f
        for f in worddiff.word_findings(sources, statements, groups, lex)
        if not (f.kind == "number" and not chinese & {*f.a, *f.b})
        and not (f.kind == "polarity" and (f.a, f.b) in explained)
    ]
    moved = _Moved(statements)
    findings = [f for f in findings if not moved(f)]
    findings += contradictions
    findings += matching.figure_differences(lex, sources, statements, groups)
    findings += matching.reframings(lex, sources, statements, groups)
    return severity.finalise(findings)


def shared_claims(
    sources: Mapping[str, Source],
    statements: Sequence[Statement],
    *,
    lexicon: Lexicon | None = None,
) -> links.SharedClaims:
    """The claims two sources share: statement pairs that are evidence for the aligner."""
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    return links.shared_claims(lex, sources, statements)


class _Moved:
    """Is a finding a changed quotation whose words each statement has anyway ("de-risking" and
    "de-Sinicization" quoted in the other order)? Then it is a reordering, not a misquote.

    Each statement's words are spelt out once, not once per finding that names it.
    """

    def __init__(self, statements: Sequence[Statement]) -> None:
        self.by_id = {s.id: s for s in statements}
        self._words: dict[str, str] = {}

    def words(self, statement_id: str) -> str:
        if statement_id not in self._words:
            self._words[statement_id] = american_words(self.by_id[statement_id].text)
        return self._words[statement_id]

    def __call__(self, f: Finding) -> bool:
        if f.kind != "quote_drift" or not f.a_text or not f.b_text:
            return False
        text_a = " ".join(self.words(i) for i in f.a if i in self.by_id)
        text_b = " ".join(self.words(i) for i in f.b if i in self.by_id)
        return american_words(f.a_text) in text_b and american_words(f.b_text) in text_a


def american_words(text: str) -> str:
    """Folded words in one spelling convention, space-joined, for containment tests."""
    return " ".join(american(fold(w)) for w in re.findall(r"[\w'’-]+", text))
