"""The one entry point of framing: every finding between two sources' statements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.framing import severity, worddiff
from compare.lexicon import Lexicon, default_lexicon, matcher
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
    findings = worddiff.word_findings(sources, statements, groups, lex)
    return severity.finalise(findings)
