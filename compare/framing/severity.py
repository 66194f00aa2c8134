"""Severity and order of findings: one finding per difference, the consequential ones first.

Severity follows consequence: a contradiction (polarity) or a misquote is high; tone, entity,
number and attribution are medium; hedge and wording are low.
"""

from __future__ import annotations

from collections.abc import Iterable

from compare.models import FINDING_KINDS, SEVERITIES, Finding

_KIND_RANK = {kind: i for i, kind in enumerate(FINDING_KINDS)}
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def finalise(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Deduplicated findings ordered by severity, kind and position."""
    return tuple(_one_per_difference(sorted(_dedupe(findings), key=_order)))


def _one_per_difference(ordered: list[Finding]) -> list[Finding]:
    """One finding per difference: of findings of different kinds on the same words of both
    sources ("candid" / "frank" quoted on both sides is a misquote, not also a tone change),
    the first in order (the most severe) is kept. `ordered`: sorted by `_order`."""
    kept: list[Finding] = []
    by_words: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Finding]] = {}
    for f in ordered:
        if f.a_span is None or f.b_span is None:
            kept.append(f)
            continue
        same = by_words.setdefault((f.a, f.b), [])
        if any(_overlaps(k.a_span, f.a_span) and _overlaps(k.b_span, f.b_span) for k in same):
            continue
        same.append(f)
        kept.append(f)
    return kept


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """Drop repeats: one finding per kind for overlapping spans of the same statements."""
    kept: list[Finding] = []
    # Only findings of one kind on the same statements can repeat each other; bucketing by
    # that keeps this linear instead of comparing every finding with every kept one.
    buckets: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[Finding]] = {}
    for f in findings:
        bucket = buckets.setdefault((f.kind, f.a, f.b), [])
        if any(_overlaps(k.a_span, f.a_span) and _overlaps(k.b_span, f.b_span) for k in bucket):
            continue
        bucket.append(f)
        kept.append(f)
    return kept


def _overlaps(x: tuple[int, int] | None, y: tuple[int, int] | None) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return x[0] < y[1] and y[0] < x[1] or x == y


def _order(f: Finding) -> tuple[int, int, int, int, str]:
    big = 1 << 62
    return (
        _SEVERITY_RANK[f.severity],
        _KIND_RANK[f.kind],
        f.a_span[0] if f.a_span else big,
        f.b_span[0] if f.b_span else big,
        f.message,
    )
