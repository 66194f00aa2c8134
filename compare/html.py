"""Render a `Diff` or a `Report` as one self-contained HTML page (jinja2, autoescaped).

Reading order: the event and a one-line verdict; the findings that matter, most severe first,
each with every source's words marked in context and its explanation in the page; the
side-by-side or matrix of statements (each row's literal word diff on demand); topics; the
sources. Works without JavaScript (filters are an extra) and prints with every explanation.

The page fetches nothing: CSS and the few lines of JS are inline, there are no fonts, images
or links to assets. Every piece of article text goes through escaping; the only markup built
here is `<mark>`, `<del>` and `<ins>` around words, assembled from escaped pieces.
Deterministic: no timestamps, stable ordering, scores rounded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from compare import textsafe
from compare.models import FINDING_KINDS, Cluster, Diff, Report, Source, Statement, TopicCoverage
from compare.report_findings import (
    KIND_WORDS,
    ReportFinding,
    diff_report,
    join_labels,
    label,
    merge_findings,
    source_name,
    verdict,
)

#: Sources are told apart by a colour; more sources than colours reuse them in order.
SOURCE_COLOURS = 8
#: Characters of sentence shown either side of a finding's words in the findings list.
CONTEXT_CHARS = 70
_CLASS_SAFE = re.compile(r"[^a-z0-9_-]")
# Words for the literal diff: a CJK character, a word, a punctuation mark, or spaces.
_DIFF_TOKEN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|[^\w\s]|\s+")


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
    findings: list[str]
    #: (label of the base source, label of the other, word diff) for each other source.
    word_diffs: list[tuple[Source, Source, Markup]]


@dataclass
class _Side:
    source: Source
    text: Markup
    language: str


@dataclass
class _FindingView:
    id: str
    kind: str
    kind_words: str
    kind_help: str
    severity: str
    message: str
    explanation: str
    sides: list[_Side]
    missing: list[Source]
    pairs: str
    row: str | None
    #: The full statements of each side, for the expandable details.
    full: list[_Side]


def kind_class(kind: str) -> str:
    """A CSS-safe class suffix for a finding kind."""
    return _CLASS_SAFE.sub("-", kind.lower()) or "other"


def kind_words(kind: str) -> str:
    """A kind in plain words ("quote_drift" -> "misquote")."""
    return KIND_WORDS.get(kind, (kind.replace("_", " "), "", ""))[0]


def kind_help(kind: str) -> str:
    return KIND_WORDS.get(kind, ("", "", ""))[2]


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


def word_diff(a: str, b: str) -> Markup:
    """Every literal change from `a` to `b`, word by word: `<del>` what b drops, `<ins>` adds."""
    ta, tb = _DIFF_TOKEN_RE.findall(a), _DIFF_TOKEN_RE.findall(b)
    out = Markup("")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            out += escape("".join(ta[i1:i2]))
            continue
        if i2 > i1:
            out += Markup("<del>{}</del>").format("".join(ta[i1:i2]))
        if j2 > j1:
            out += Markup("<ins>{}</ins>").format("".join(tb[j1:j2]))
    return out


def context(
    statement: Statement, spans: Sequence[tuple[int, int]], kind: str, *, width: int
) -> Markup:
    """The spans (file offsets) marked inside up to `width` characters of their sentence."""
    text = statement.text
    local = sorted(
        (max(0, s - statement.start), min(len(text), e - statement.start))
        for s, e in spans
        if s < statement.end and e > statement.start
    )
    if not local:
        return Markup(escape(text))
    lo, hi = local[0][0], local[-1][1]
    left, right = text[:lo], text[hi:]
    prefix = suffix = ""
    if len(left) > width:
        cut = left.find(" ", len(left) - width)
        prefix, left = "…", left[cut + 1 if cut >= 0 else len(left) - width :]
    if len(right) > width:
        cut = right.rfind(" ", 0, width)
        right = right[: cut if cut > 0 else width]
        suffix = "…"
    out = Markup(escape(prefix + left))
    pos = lo
    for s, e in local:
        if s < pos:
            s = pos
        if s >= e:
            continue
        out += escape(text[pos:s])
        out += Markup('<mark class="k-{}">{}</mark>').format(kind_class(kind), text[s:e])
        pos = e
    out += escape(right + suffix)
    return out


def _spans(
    statements: Sequence[Statement], findings: Sequence[ReportFinding]
) -> dict[str, list[HighlightSpan]]:
    """Spans to mark in each statement of the matrix, by statement id."""
    by_id = {s.id: s for s in statements}
    out: dict[str, list[HighlightSpan]] = {}
    for f in findings:
        note = f"{kind_words(f.kind)} ({f.id}): {f.message}"
        for side in f.sides:
            for span in side.spans:
                for sid in side.statements:
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
    findings: Sequence[ReportFinding],
) -> list[_Row]:
    by_id = {s.id: s for s in statements}
    spans = _spans(statements, findings)
    per_row: dict[str, list[str]] = {}
    for f in findings:
        if f.cluster:
            per_row.setdefault(f.cluster, []).append(f.id)
    rows: list[_Row] = []
    for c in clusters:
        cells = []
        for src in sources:
            cell = _Cell(src)
            for sid in c.members.get(src.id, ()):
                st = by_id[sid]
                cell.statements.append((sid, st.language, highlight(st, spans.get(sid, []))))
            cells.append(cell)
        reporting = [cell for cell in cells if cell.statements]
        diffs = []
        if len(reporting) > 1:
            base = reporting[0]
            base_text = " ".join(by_id[sid].text for sid, _, _ in base.statements)
            for other in reporting[1:]:
                other_text = " ".join(by_id[sid].text for sid, _, _ in other.statements)
                diffs.append((base.source, other.source, word_diff(base_text, other_text)))
        rows.append(
            _Row(
                id=c.id,
                score=f"{c.score:.2f}" if len(c.members) > 1 else "",
                reported=len(c.members),
                cells=cells,
                findings=per_row.get(c.id, []),
                word_diffs=diffs,
            )
        )
    return rows


def _finding_views(
    sources: Sequence[Source], statements: Sequence[Statement], findings: Sequence[ReportFinding]
) -> list[_FindingView]:
    by_source = {s.id: s for s in sources}
    by_id = {s.id: s for s in statements}
    views = []
    for f in findings:
        sides, full = [], []
        for side in f.sides:
            src = by_source[side.source]
            sts = [by_id[s] for s in side.statements if s in by_id]
            language = sts[0].language if sts else src.language
            shown = Markup(" ").join(
                context(st, side.spans, f.kind, width=CONTEXT_CHARS)
                for st in sts
                if not side.spans or any(sp[0] < st.end and sp[1] > st.start for sp in side.spans)
            )
            if not side.spans and f.kind not in ("omission", "addition"):
                shown = Markup(escape(side.text or " ".join(st.text for st in sts)))
            sides.append(_Side(src, shown, language))
            full.append(
                _Side(
                    src,
                    Markup(" ").join(
                        highlight(
                            st, [HighlightSpan(s, e, f.kind, f.message) for s, e in side.spans]
                        )
                        for st in sts
                    ),
                    language,
                )
            )
        views.append(
            _FindingView(
                id=f.id,
                kind=f.kind,
                kind_words=kind_words(f.kind),
                kind_help=kind_help(f.kind),
                severity=f.severity,
                message=f.message,
                explanation=f.explanation,
                sides=sides,
                missing=[by_source[m] for m in f.missing if m in by_source],
                pairs=", ".join(f"{label(x)}–{label(y)}" for x, y in f.pairs),
                row=f.cluster,
                full=full,
            )
        )
    return views


def _legend(findings: Sequence[ReportFinding]) -> list[tuple[str, str, str, int, str]]:
    """(kind, css class, plain words, count, meaning) for every kind present."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return [
        (k, kind_class(k), kind_words(k), counts[k], kind_help(k)) for k in _ordered_kinds(counts)
    ]


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
    env.filters["name"] = source_name
    env.filters["label"] = lambda s: label(s.id)
    return env


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
    findings = merge_findings(report)
    counts = {s.id: sum(1 for st in report.statements if st.source == s.id) for s in sources}
    reported = {s.id: sum(1 for c in report.clusters if s.id in c.members) for s in sources}
    template = _environment().get_template("report.html.j2")
    page = template.render(
        title=report.title or f"How {len(sources)} sources reported it",
        verdict=verdict(report, findings),
        sources=list(sources),
        colour={s.id: i % SOURCE_COLOURS for i, s in enumerate(sources)},
        layout="side" if len(sources) == 2 else "matrix",
        rows=_rows(sources, report.statements, report.clusters, findings),
        findings=_finding_views(sources, report.statements, findings),
        legend=_legend(findings),
        topics=_topic_rows(sources, report.topics),
        backend=report.backend,
        statement_counts=counts,
        reported_counts=reported,
        cluster_count=len(report.clusters),
        join_labels=join_labels,
        glosses=_glosses(report.statements),
    )
    # Autoescaping leaves control characters raw; a page printed to a terminal would run them.
    return textsafe.neutralise(page, keep="\n\t")


def render_diff_html(diff: Diff) -> str:
    """The side-by-side page of a two-source `Diff` (`readout diff --format html`)."""
    return render_report_html(diff_report(diff))
