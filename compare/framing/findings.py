"""The one entry point of framing: every finding between two sources' statements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.framing import matching, severity, worddiff
from compare.lexicon import Lexicon, default_lexicon, is_cjk, matcher
from compare.models import Alignment, Finding, Source, Statement


def find_differences(
    sources: Mapping[str, Source],
    statements: Sequence[Statement],
    groups: Sequence[Alignment],
    *,
    lexicon: Lexicon | None = None,
) -> tuple[Finding, ...]:
    """Framing findings between two sources, ordered by severity, kind and position.

    `sources` maps a source id ("a", "b") to its Source; every Statement's offsets index into
    its source's text. `groups` are alignment groups: matched groups are compared statement by
    statement, unmatched statements become omission (side a) or addition (side b) findings.
    """
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    contradictions = matching.contradictions(lex, sources, statements)
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
    findings += contradictions
    findings += matching.figure_differences(lex, sources, statements, groups)
    findings += matching.reframings(lex, sources, statements, groups)
    return severity.finalise(findings)
