"""Render a `Diff` or a `Report` as one self-contained HTML page (jinja2, autoescaped).

The page fetches nothing: CSS and the few lines of JS are inline, there are no fonts, images
or links to assets. Every piece of article text goes through escaping; the only markup built
here is the `<mark>` around differing words, assembled from escaped pieces.
Deterministic: no timestamps, stable ordering, scores rounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from compare.cluster import diff_clusters
from compare.models import (
    FINDING_KINDS,
    Cluster,
    Diff,
    Finding,
    Report,
    Source,
    Statement,
    TopicCoverage,
)
from compare.render import SEVERITY_ORDER
from compare.report_render import coverage, finding_pairs, source_name

#: Kinds a reader sees explained on hover; wording follows the gold format's definitions.
KIND_HELP = {
    "quote_drift": "words inside quotation marks, attributed to the same speaker, differ",
    "polarity": "one source negates or reverses the claim",
    "entity": "a name or title is spelled or rendered differently",
    "number": "figures, dates or durations differ",
    "tone": "the diplomatic characterisation of the talks differs",
    "attribution": "who said it, or how forcefully, differs",
    "hedge": "one source softens or qualifies the claim",
    "wording": "same claim, different framing word",
    "omission": "a statement of one source is missing from the other",
    "addition": "one source adds a statement the other lacks",
}
#: Sources are told apart by a colour; more sources than colours reuse them in order.
SOURCE_COLOURS = 8
#: Characters of sentence shown either side of a finding's span in the findings list.
CONTEXT_CHARS = 60
_CLASS_SAFE = re.compile(r"[^a-z0-9_-]")


@dataclass(frozen=True)
class HighlightSpan:
    """A stretch of a source text (file offsets) to mark, with the finding that explains it."""

    start: int
    end: int
    kind: str
    note: str


@dataclass
class _Cell:
    source: Source
    #: (statement id, language, highlighted text)
    statements: list[tuple[str, str, Markup]] = field(default_factory=list)


@dataclass
class _Row:
    id: str
    score: str
    reported: int
    cells: list[_Cell]
    finding_count: int


@dataclass
class _Side:
    source: Source | None
    ids: str
    text: Markup
    language: str


@dataclass
class _FindingView:
    number: int
    kind: str
    severity: str
    message: str
    sides: tuple[_Side, _Side]
    row: str | None


def kind_class(kind: str) -> str:
    """A CSS-safe class suffix for a finding kind."""
    return _CLASS_SAFE.sub("-", kind.lower()) or "other"


def highlight(statement: Statement, spans: Sequence[HighlightSpan]) -> Markup:
    """The statement text, escaped, with each span (file offsets) wrapped in `<mark>`.

    Overlapping spans are flattened: the text is cut at every span boundary and each piece
    is marked once with all the kinds covering it, so marks never nest or cross.
    """
    text = statement.text
    local = []
    for sp in spans:
        start = max(0, sp.start - statement.start)
        end = min(len(text), sp.end - statement.start)
        if start < end:
            local.append((start, end, sp))
    cuts = sorted({0, len(text), *(s for s, _, _ in local), *(e for _, e, _ in local)})
    pieces: list[tuple[str, tuple[HighlightSpan, ...]]] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        covering = tuple(sp for s, e, sp in local if s <= lo and hi <= e)
        if pieces and pieces[-1][1] == covering:
            pieces[-1] = (pieces[-1][0] + text[lo:hi], covering)
        else:
            pieces.append((text[lo:hi], covering))
    out = Markup("")
    for piece, covering in pieces:
        if not covering:
            out += escape(piece)
            continue
        kinds = _ordered_kinds(sp.kind for sp in covering)
        notes = "\n".join(dict.fromkeys(sp.note for sp in covering))
        out += Markup('<mark class="k-{}" data-kinds="{}" title="{}">{}</mark>').format(
            kind_class(kinds[0]), " ".join(kind_class(k) for k in kinds), notes, piece
        )
    return out


def _ordered_kinds(kinds: Iterable[str]) -> list[str]:
    """Distinct kinds, in the models' kind order (unknown kinds last, by name)."""
    rank = {k: i for i, k in enumerate(FINDING_KINDS)}
    return sorted(set(kinds), key=lambda k: (rank.get(k, len(rank)), k))


def _spans(
    statements: Sequence[Statement],
    findings: Sequence[tuple[Finding, str, str]],
    labels: dict[str, str],
) -> dict[str, list[HighlightSpan]]:
    """Spans to mark in each statement, by statement id."""
    by_id = {s.id: s for s in statements}
    out: dict[str, list[HighlightSpan]] = {}
    for f, x, y in findings:
        for ids, span, other in ((f.a, f.a_span, y), (f.b, f.b_span, x)):
            if span is None:
                continue
            note = f"{f.kind} vs {labels.get(other, other)}: {f.message}"
            for sid in ids:
                st = by_id.get(sid)
                if st is None or span[1] <= st.start or span[0] >= st.end:
                    continue
                # A mark over a whole sentence says nothing the "not reported" cell doesn't.
                if span[0] <= st.start and span[1] >= st.end:
                    continue
                out.setdefault(sid, []).append(HighlightSpan(span[0], span[1], f.kind, note))
    return out


def _rows(
    sources: Sequence[Source],
    statements: Sequence[Statement],
    clusters: Sequence[Cluster],
    findings: Sequence[tuple[Finding, str, str]],
) -> tuple[list[_Row], dict[str, str]]:
    """Matrix rows, and the row id holding each statement."""
    by_id = {s.id: s for s in statements}
    labels = {s.id: source_name(s) for s in sources}
    spans = _spans(statements, findings, labels)
    row_of = {sid: c.id for c in clusters for ids in c.members.values() for sid in ids}
    per_row: dict[str, int] = {}
    for f, _, _ in findings:
        for r in {row_of[i] for i in (*f.a, *f.b) if i in row_of}:
            per_row[r] = per_row.get(r, 0) + 1
    rows: list[_Row] = []
    for c in clusters:
        cells = []
        for src in sources:
            cell = _Cell(src)
            for sid in c.members.get(src.id, ()):
                st = by_id[sid]
                cell.statements.append((sid, st.language, highlight(st, spans.get(sid, []))))
            cells.append(cell)
        rows.append(
            _Row(
                id=c.id,
                score=f"{c.score:.2f}" if len(c.members) > 1 else "",
                reported=len(c.members),
                cells=cells,
                finding_count=per_row.get(c.id, 0),
            )
        )
    return rows, row_of


def context(statement: Statement, span: tuple[int, int], kind: str, *, width: int) -> Markup:
    """The span (file offsets) marked inside up to `width` characters of its sentence each side."""
    text = statement.text
    start = max(0, span[0] - statement.start)
    end = min(len(text), span[1] - statement.start)
    left, right = text[:start], text[end:]
    if len(left) > width:
        cut = left.find(" ", len(left) - width)
        left = "…" + left[cut + 1 if cut >= 0 else len(left) - width :]
    if len(right) > width:
        cut = right.rfind(" ", 0, width)
        right = right[: cut if cut > 0 else width] + "…"
    return Markup('{}<mark class="k-{}">{}</mark>{}').format(
        left, kind_class(kind), text[start:end], right
    )


def _side(
    finding: Finding,
    source: Source | None,
    ids: tuple[str, ...],
    text: str,
    span: tuple[int, int] | None,
    by_id: dict[str, Statement],
) -> _Side:
    shown = Markup(escape(text))
    language = source.language if source else ""
    for sid in ids:
        st = by_id.get(sid)
        if st is None:
            continue
        language = st.language
        if span is None or not (st.start <= span[0] < span[1] <= st.end):
            continue
        if span[0] > st.start or span[1] < st.end:
            shown = context(st, span, finding.kind, width=CONTEXT_CHARS)
        break
    return _Side(source=source, ids=", ".join(ids), text=shown, language=language)


def _finding_views(
    sources: Sequence[Source],
    statements: Sequence[Statement],
    findings: Sequence[tuple[Finding, str, str]],
    row_of: dict[str, str],
) -> list[_FindingView]:
    by_source = {s.id: s for s in sources}
    by_id = {s.id: s for s in statements}
    order = sorted(
        range(len(findings)),
        key=lambda i: (SEVERITY_ORDER.get(findings[i][0].severity, len(SEVERITY_ORDER)), i),
    )
    views = []
    for n, i in enumerate(order, start=1):
        f, x, y = findings[i]
        rows = [row_of[sid] for sid in (*f.a, *f.b) if sid in row_of]
        views.append(
            _FindingView(
                number=n,
                kind=f.kind,
                severity=f.severity,
                message=f.message,
                sides=(
                    _side(f, by_source.get(x), f.a, f.a_text, f.a_span, by_id),
                    _side(f, by_source.get(y), f.b, f.b_text, f.b_span, by_id),
                ),
                row=rows[0] if rows else None,
            )
        )
    return views


def _kinds(findings: Sequence[tuple[Finding, str, str]]) -> list[tuple[str, str, int, str]]:
    """(kind, css class, count, help) for every kind present, in the models' kind order."""
    counts: dict[str, int] = {}
    for f, _, _ in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return [(k, kind_class(k), counts[k], KIND_HELP.get(k, "")) for k in _ordered_kinds(counts)]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("compare", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["kind_class"] = kind_class
    env.filters["label"] = source_name
    return env


def _page(
    *,
    title: str,
    sources: Sequence[Source],
    statements: Sequence[Statement],
    clusters: Sequence[Cluster],
    findings: Sequence[tuple[Finding, str, str]],
    topics: Sequence[tuple[str, list[int]]],
    backend: str,
    cov: dict[str, int],
) -> str:
    rows, row_of = _rows(sources, statements, clusters, findings)
    glosses = _glosses(statements)
    counts = {s.id: sum(1 for st in statements if st.source == s.id) for s in sources}
    reported = {s.id: sum(1 for c in clusters if s.id in c.members) for s in sources}
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        sources=list(sources),
        colour={s.id: i % SOURCE_COLOURS for i, s in enumerate(sources)},
        layout="side" if len(sources) == 2 else "matrix",
        rows=rows,
        findings=_finding_views(sources, statements, findings, row_of),
        kinds=_kinds(findings),
        topics=topics,
        backend=backend,
        coverage=cov,
        statement_counts=counts,
        reported_counts=reported,
        cluster_count=len(clusters),
        glosses=glosses,
    )


def _glosses(statements: Sequence[Statement]) -> dict[str, list[tuple[str, str]]]:
    """Word-by-word English gloss of each Chinese statement, (word, gloss) pairs, by id; the
    page shows it on demand. Tags and glosses with LAC and CC-CEDICT on first use."""
    if not any(s.language == "zh" for s in statements):
        return {}
    from compare.zh.gloss import gloss
    from compare.zh.text import is_chinese

    return {
        s.id: [(g.text, g.gloss) for g in gloss(s.text)]
        for s in statements
        if s.language == "zh" and is_chinese(s.text)
    }


def _topic_rows(
    sources: Sequence[Source], topics: Sequence[TopicCoverage]
) -> list[tuple[str, list[int]]]:
    """(topic, number of statements mentioning it per source) in the given topic order."""
    return [(t.topic, [len(t.statements.get(s.id, ())) for s in sources]) for t in topics]


def render_report_html(report: Report) -> str:
    """The page for two or more sources: side by side for two, a matrix for more."""
    sources = report.sources
    return _page(
        title=f"How {len(sources)} sources reported it",
        sources=sources,
        statements=report.statements,
        clusters=report.clusters,
        findings=finding_pairs(report),
        topics=_topic_rows(sources, report.topics),
        backend=report.backend,
        cov=coverage(report),
    )


def render_diff_html(diff: Diff) -> str:
    """The side-by-side page of a two-source `Diff` (`readout diff --format html`)."""
    clusters = diff_clusters(diff)
    report = Report(
        sources=diff.sources,
        statements=diff.statements,
        clusters=clusters,
        diffs=(diff,),
        findings=diff.findings,
        topics=diff.topics,
        backend=diff.backend,
    )
    return _page(
        title="How two sources reported it",
        sources=diff.sources,
        statements=diff.statements,
        clusters=clusters,
        findings=finding_pairs(report),
        topics=_topic_rows(diff.sources, diff.topics),
        backend=diff.backend,
        cov=coverage(report),
    )
