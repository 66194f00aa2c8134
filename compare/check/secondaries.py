"""Without a primary: an article's quotes against what the other reports quote, one
severity level lower (no record to settle which report has the words right)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.check.article import (
    LOWER,
    ArticleWork,
    context_names,
    different_context,
    polarity_finding,
    quotes_of,
    same_script,
)
from compare.check.record import (
    parties,
    person_words,
)
from compare.check.results import (
    CheckFinding,
    label,
)
from compare.check.wording import (
    QuoteMatch,
    changed_span,
    changes,
    compare_quotes,
    shown,
    verify_quote,
)
from compare.lexicon import Lexicon, default_lexicon, matcher
from compare.models import Source, Statement
from compare.quotes import Quote


def _same_speaker(a: str | None, b: str | None, lexicon: Lexicon | None) -> bool:
    """Quotes are of one speaker unless both name different people or different parties."""
    if not a or not b:
        return True
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    people_a, people_b = person_words(a, lexicon), person_words(b, lexicon)
    if people_a and people_b and not people_a & people_b:
        return False
    parties_a, parties_b = parties(a, lex), parties(b, lex)
    return not (parties_a and parties_b and parties_a.isdisjoint(parties_b))


def check_quote_against_secondaries(
    work: ArticleWork,
    quote: Quote,
    secondaries: Sequence[Source],
    statements: Mapping[str, tuple[Statement, ...]],
) -> None:
    article, lexicon = work.source, work.lexicon
    span = (quote.text_start, quote.text_end)
    refs = [s for s in secondaries if same_script(quote.text, s)]
    if not refs:
        work.add("quote", span, quote.speaker, "unchecked")
        return
    for ref in refs:
        match = verify_quote(article.text, ref.text, start=span[0], end=span[1], lexicon=lexicon)
        if match.status == "verified":
            work.add("quote", span, quote.speaker, "verified", "secondary", ref, match.span)
            return
    best: tuple[Source, Quote, QuoteMatch] | None = None
    ours = context_names(article, work.statements, (quote.start, quote.end), lexicon)
    for ref in refs:
        for other in quotes_of(ref, lexicon):
            if not _same_speaker(quote.speaker, other.speaker, lexicon):
                continue
            # Quotes whose sentences name entirely different people and places are about
            # different exchanges, however alike their words.
            theirs = context_names(ref, statements[ref.id], (other.start, other.end), lexicon)
            if different_context(ours, theirs):
                continue
            other_span = (other.text_start, other.text_end)
            match = compare_quotes(article.text, span, ref.text, other_span, lexicon=lexicon)
            if match.status == "verified":
                work.add("quote", span, quote.speaker, "verified", "secondary", ref, match.span)
                return
            if match.status == "drifted" and (
                best is None or match.similarity > best[2].similarity
            ):
                best = (ref, other, match)
    if best is None:
        work.add("quote", span, quote.speaker, "not_found", "secondary")
        return
    ref, other, match = best
    status, finding = _echo_finding(
        article, span, ref, match, lexicon, (other.text_start, other.text_end)
    )
    work.add("quote", span, quote.speaker, status, "secondary", ref, match.span, [finding])


def _echo_finding(
    article: Source,
    span: tuple[int, int],
    ref: Source,
    match: QuoteMatch,
    lexicon: Lexicon | None,
    shown_reference: tuple[int, int],
) -> tuple[str, CheckFinding]:
    """(status, finding) for a quote another report gives in other words (no primary)."""
    assert match.span is not None
    where = changed_span(match, span)
    polarity = polarity_finding(article, match.quote_span or span, ref, match.span, lexicon)
    ours = shown(article.text, span, where)
    theirs = shown(ref.text, shown_reference)
    if polarity is not None:
        kind, status, detail = "polarity", "contradicted", polarity.message
    else:
        kind, status, detail = "quote_drift", "drifted", changes(article.text, ref.text, match)
    message = (
        f'quoted differently by {label(ref)}: "{ours}" here, "{theirs}" there ({detail}); '
        "no primary to settle it"
    )
    finding = CheckFinding(
        kind,
        LOWER["high"],
        where,
        article.text[where[0] : where[1]],
        message,
        "secondary",
        ref.id,
        match.span,
        ref.text[match.span[0] : match.span[1]],
    )
    return status, finding
