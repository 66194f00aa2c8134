"""The findings of a report, n-way: one finding per difference, naming every source it involves.

`readout report` compares every pair of sources, so one planted change ("Thursday" for
"February 16") is seen once per pair that carries the statement. `merge_findings` joins the
pairwise findings that share a side (the same words of the same source, by overlapping span)
into one `ReportFinding`, and turns the pairwise omissions into one "reported by only some"
finding per cluster. Pure: takes a `Report`, returns values. Labels are the report's: source
"c" is shown as "C".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from compare.models import FINDING_KINDS, Diff, Finding, Report, Source, Statement

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
#: Kinds of a pairwise comparison that only say a statement has no counterpart.
GAP_KINDS = ("omission", "addition")
#: Characters of a statement quoted in a "reported by only some sources" finding.
EXCERPT_CHARS = 160

#: A kind in plain words: (one, many) for the verdict line, and what it means.
KIND_WORDS: dict[str, tuple[str, str, str]] = {
    "polarity": (
        "contradiction",
        "contradictions",
        "one source says the opposite: a negation, or a claim reversed",
    ),
    "quote_drift": (
        "misquote",
        "misquotes",
        "words inside quotation marks, credited to the same speaker, differ",
    ),
    "entity": (
        "name or title error",
        "name or title errors",
        "a person's name or title is spelled or given differently",
    ),
    "number": (
        "figure or date mismatch",
        "figure or date mismatches",
        "a number, date, day or duration differs",
    ),
    "tone": (
        "tone change",
        "tone changes",
        "the talks are characterised differently (candid, frank, productive ...)",
    ),
    "attribution": (
        "attribution change",
        "attribution changes",
        "who said it, or how forcefully (said, stressed, warned), differs",
    ),
    "hedge": (
        "hedge",
        "hedges",
        "one source softens or qualifies a claim the other states flatly",
    ),
    "wording": (
        "wording difference",
        "wording differences",
        "the same claim in a differently loaded word or framing",
    ),
    "omission": (
        "point not every source reports",
        "points not every source reports",
        "a statement some sources carry and others leave out",
    ),
    "addition": (
        "point only one side reports",
        "points only one side reports",
        "a statement only one of the two sources carries",
    ),
}


@dataclass(frozen=True)
class Side:
    """What one source says in a finding: its statements and the differing words in them."""

    source: str
    statements: tuple[str, ...]
    text: str
    #: File offsets of the differing words (empty when the whole statement is the point).
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ReportFinding:
    """One difference across the report's sources.

    `sides` has one entry per source that carries the statement, in report order; `missing`
    names the sources that do not report it (omission findings). `pairs` are the source
    pairs in which the pairwise comparison saw it.
    """

    id: str
    kind: str
    severity: str
    sides: tuple[Side, ...]
    message: str
    explanation: str
    pairs: tuple[tuple[str, str], ...]
    missing: tuple[str, ...] = ()
    cluster: str | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(s.source for s in self.sides)

    def variants(self) -> list[tuple[str, tuple[str, ...]]]:
        """Distinct wordings and the sources using each, in order of first appearance."""
        out: dict[str, list[str]] = {}
        for side in self.sides:
            out.setdefault(_norm(side.text), []).append(side.source)
        texts = {_norm(s.text): s.text for s in reversed(self.sides)}
        return [(texts[k], tuple(v)) for k, v in out.items()]


def source_name(source: Source) -> str:
    """What a reader calls a source: its outlet, else its file name without the suffix."""
    return source.outlet or PurePath(source.path).stem or source.id


def label(source_id: str) -> str:
    """The report's label of a source: "a" -> "A"."""
    return source_id.upper()


def join_labels(ids: Iterable[str]) -> str:
    names = [label(i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def verdict(report: Report, findings: Sequence[ReportFinding]) -> str:
    """One line: "4 sources · 2 contradictions · 1 misquote · 3 tone changes · ..."."""
    counts: dict[str, int] = {}
    for f in findings:
        key = f.kind
        if f.kind in GAP_KINDS:
            key = "single" if len(f.sides) == 1 else "some"
        counts[key] = counts.get(key, 0) + 1
    bits = [f"{len(report.sources)} sources", *report.notices]
    for kind in _kind_order(k for k in counts if k not in ("single", "some")):
        one, many, _ = KIND_WORDS.get(kind, (kind, kind, ""))
        bits.append(f"{counts[kind]} {one if counts[kind] == 1 else many}")
    side = "side" if len(report.sources) == 2 else "source"
    if counts.get("single"):
        k = counts["single"]
        bits.append(f"{k} {'point' if k == 1 else 'points'} only one {side} reports")
    if counts.get("some"):
        k = counts["some"]
        bits.append(f"{k} {'point' if k == 1 else 'points'} some sources leave out")
    if not findings:
        bits.append("no differences found")
    return " · ".join(bits)


def diff_report(diff: Diff) -> Report:
    """A two-source `Diff` as a `Report`, so one renderer serves both commands."""
    from compare.cluster import diff_clusters
    from compare.event_title import infer_event_title

    return Report(
        sources=diff.sources,
        statements=diff.statements,
        clusters=diff_clusters(diff),
        diffs=(diff,),
        findings=diff.findings,
        topics=diff.topics,
        backend=diff.backend,
        title=infer_event_title(diff.sources, diff.statements),
        notices=diff.notices,
    )


def pairwise(report: Report) -> list[tuple[Finding, str, str]]:
    """Every pairwise finding with the ids of the sources it compares (a side, b side)."""
    return [
        (f, d.sources[0].id, d.sources[1].id)
        for d in report.diffs
        for f in d.findings
        if f.kind not in GAP_KINDS
    ]


def merge_findings(report: Report) -> tuple[ReportFinding, ...]:
    """One finding per difference, most severe first (see the module docstring)."""
    order = {s.id: i for i, s in enumerate(report.sources)}
    by_id = {s.id: s for s in report.statements}
    row_of = {sid: c.id for c in report.clusters for ids in c.members.values() for sid in ids}
    items = pairwise(report)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    # Two findings of one kind are one difference when they mark overlapping words of the
    # same source. A tone change the pairwise comparison reports as two halves ("candid vs
    # no characterisation", "no characterisation vs frank") in one row is one difference.
    seen: dict[tuple[str, str], list[tuple[int, tuple[int, int] | None, tuple[str, ...]]]] = {}
    halves: dict[tuple[str, str, str], int] = {}
    for i, (f, x, y) in enumerate(items):
        blank_a, blank_b = _uncharacterised(f)
        for src, ids, span, blank in ((x, f.a, f.a_span, blank_a), (y, f.b, f.b_span, blank_b)):
            if blank:
                continue
            for j, other_span, other_ids in seen.get((f.kind, src), []):
                if _overlaps(span, other_span) or (span is None and other_ids == ids):
                    union(i, j)
            seen.setdefault((f.kind, src), []).append((i, span, ids))
        if blank_a or blank_b:
            for r in {row_of[s] for s in (*f.a, *f.b) if s in row_of}:
                if (x, y, r) in halves:
                    union(i, halves[(x, y, r)])
                else:
                    halves[(x, y, r)] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)

    merged = [
        _merged([items[i] for i in members], by_id, order, row_of) for members in groups.values()
    ]
    merged += _gaps(report, order, by_id)
    position = {s.id: n for n, s in enumerate(report.statements)}
    kind_rank = {k: i for i, k in enumerate(FINDING_KINDS)}
    merged.sort(
        key=lambda f: (
            SEVERITY_RANK.get(f.severity, 9),
            kind_rank.get(f.kind, len(kind_rank)),
            -len(f.sides),
            min((position.get(s, 0) for side in f.sides for s in side.statements), default=0),
        )
    )
    return tuple(
        ReportFinding(
            id=f"f{n}",
            kind=f.kind,
            severity=f.severity,
            sides=f.sides,
            message=f.message,
            explanation=f.explanation,
            pairs=f.pairs,
            missing=f.missing,
            cluster=f.cluster,
        )
        for n, f in enumerate(merged, start=1)
    )


def _uncharacterised(f: Finding) -> tuple[bool, bool]:
    """Which side of a tone finding has no characterisation at all (a half-finding)."""
    if f.kind != "tone":
        return False, False
    _, _, detail = f.message.partition(": ")
    left, _, right = detail.partition(" vs ")
    return left.startswith("no characterisation"), right.startswith("no characterisation")


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _merged(
    members: list[tuple[Finding, str, str]],
    by_id: dict[str, Statement],
    order: dict[str, int],
    row_of: dict[str, str],
) -> ReportFinding:
    per_source: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}
    for f, x, y in members:
        blanks = _uncharacterised(f)
        for src, ids, span, blank in ((x, f.a, f.a_span, blanks[0]), (y, f.b, f.b_span, blanks[1])):
            sids, spans = per_source.setdefault(src, ([], []))
            sids.extend(i for i in ids if i not in sids)
            if span is not None and not blank:
                spans.append(span)
    sides = []
    for src in sorted(per_source, key=lambda s: order.get(s, len(order))):
        sids, spans = per_source[src]
        joined = _union(spans)
        text = " … ".join(_text_at(by_id, sids, sp) for sp in joined) or "no characterisation"
        sides.append(Side(src, tuple(sids), text, tuple(joined)))
    severity = min((f.severity for f, _, _ in members), key=lambda s: SEVERITY_RANK.get(s, 9))
    kind = members[0][0].kind
    pairs = tuple(sorted({(x, y) for _, x, y in members}, key=lambda p: (order[p[0]], order[p[1]])))
    first = min(members, key=lambda m: SEVERITY_RANK.get(m[0].severity, 9))
    explanation = relabel(first[0].message, first[1], first[2])
    if len(members) == 1:
        message = explanation
    else:
        wordings: dict[str, list[str]] = {}
        shown: dict[str, str] = {}
        for side in sides:
            wordings.setdefault(_norm(side.text), []).append(side.source)
            shown.setdefault(_norm(side.text), side.text)
        one = KIND_WORDS.get(kind, (kind.replace("_", " "), "", ""))[0]
        message = f"{one}: " + " vs ".join(
            f'{join_labels(srcs)} "{_short(shown[k])}"' for k, srcs in wordings.items()
        )
    rows = [row_of[s] for side in sides for s in side.statements if s in row_of]
    return ReportFinding(
        id="",
        kind=kind,
        severity=severity,
        sides=tuple(sides),
        message=message,
        explanation=explanation,
        pairs=pairs,
        cluster=rows[0] if rows else None,
    )


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _text_at(by_id: dict[str, Statement], sids: list[str], span: tuple[int, int]) -> str:
    for sid in sids:
        st = by_id.get(sid)
        if st is not None and st.start <= span[0] and span[1] <= st.end:
            return st.text[span[0] - st.start : span[1] - st.start]
    return ""


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_ROLE_PATTERNS = (
    (re.compile(r"\bonly (a|b) (says|mentions)\b"), "only {} {}"),
    (re.compile(r"^(a|b) (relays)\b"), "{} {}"),
    (re.compile(r"; (a|b) (gives)\b"), "; {} {}"),
)


def relabel(message: str, x: str, y: str) -> str:
    """A pairwise message with its "a"/"b" roles replaced by the report's labels of x and y."""
    names = {"a": label(x), "b": label(y)}
    for pattern, template in _ROLE_PATTERNS:

        def swap(m: re.Match[str], template: str = template) -> str:
            return template.format(names[m.group(1)], m.group(2))

        message = pattern.sub(swap, message)
    return message


def _gaps(
    report: Report, order: dict[str, int], by_id: dict[str, Statement]
) -> list[ReportFinding]:
    """One finding per row some sources report and others do not, where the pairwise
    comparisons flagged a missing counterpart; "only A mentions Taiwan" topics are kept."""
    flagged: dict[str, str] = {}
    topics: dict[str, set[str]] = {}
    for d in report.diffs:
        for f in d.findings:
            if f.kind not in GAP_KINDS:
                continue
            for sid in (*f.a, *f.b):
                old = flagged.get(sid)
                if old is None or SEVERITY_RANK[f.severity] < SEVERITY_RANK.get(old, 9):
                    flagged[sid] = f.severity
                m = re.search(r"\(only \w+ mentions (.+)\)$", f.message)
                if m:
                    topics.setdefault(sid, set()).update(re.split(r", | and ", m.group(1)))
    n = len(report.sources)
    out = []
    for c in report.clusters:
        if len(c.members) == n:
            continue
        sids = [sid for ids in c.members.values() for sid in ids]
        marks = [flagged[s] for s in sids if s in flagged]
        if not marks:
            continue
        reporting = sorted(c.members, key=lambda s: order.get(s, n))
        missing = tuple(s.id for s in report.sources if s.id not in c.members)
        sides = tuple(Side(src, tuple(c.members[src]), "") for src in reporting)
        first = by_id[c.members[reporting[0]][0]].text
        excerpt = first if len(first) <= EXCERPT_CHARS else first[: EXCERPT_CHARS - 1] + "…"
        verb = "reports" if len(reporting) == 1 else "report"
        message = f'only {join_labels(reporting)} {verb} this: "{excerpt}"'
        subjects = sorted(set().union(*(topics.get(s, set()) for s in sids)))
        explanation = f"not reported by {join_labels(missing)}"
        if subjects:
            explanation += f"; only {join_labels(reporting)} {'mentions' if len(reporting) == 1 else 'mention'} {', '.join(subjects)}"
        kind = "omission"
        if n == 2:
            kind = "omission" if reporting == [report.sources[0].id] else "addition"
        out.append(
            ReportFinding(
                id="",
                kind=kind,
                severity=min(marks, key=lambda s: SEVERITY_RANK.get(s, 9)),
                sides=sides,
                message=message,
                explanation=explanation,
                pairs=tuple((r, m) for r in reporting for m in missing),
                missing=missing,
                cluster=c.id,
            )
        )
    return out


def _kind_order(kinds: Iterable[str]) -> list[str]:
    rank = {k: i for i, k in enumerate(FINDING_KINDS)}
    return sorted(set(kinds), key=lambda k: (rank.get(k, len(rank)), k))
