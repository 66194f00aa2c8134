"""Turn a `Report` into JSON (`readout.report/2`) or Markdown. Deterministic: same report, same bytes.

Shares the record shapes of the `readout.diff/1` contract (compare/render.py) so that a reader
of one can read the other. Findings are the report's n-way findings (compare/report_findings.py):
one per difference, naming every source by the report's labels; the pairwise findings stay
under each comparison.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from compare import textsafe
from compare.models import Cluster, Report, Source, Statement
from compare.render import (
    SCORE_DIGITS,
    finding_dict,
    pair_dict,
    source_dict,
    statement_dict,
)
from compare.report_findings import (
    GAP_KINDS,
    ReportFinding,
    join_labels,
    label,
    merge_findings,
    source_name,
    verdict,
)
from compare.terminal import context

REPORT_SCHEMA = "readout.report/2"
#: Characters of sentence quoted either side of a finding's words (the row has the rest).
CONTEXT_CHARS = 70
NOT_REPORTED = "not reported"
#: Markdown lines are wrapped here: readable in a terminal and in a diff of the file.
MD_WIDTH = 100


def coverage(report: Report) -> dict[str, int]:
    """How many clusters were reported by all sources, by several, and by one only."""
    n = len(report.sources)
    counts = {"all": 0, "some": 0, "one": 0}
    for c in report.clusters:
        k = len(c.members)
        counts["all" if k == n else "one" if k == 1 else "some"] += 1
    return counts


def cluster_dict(cluster: Cluster, source_ids: list[str]) -> dict[str, Any]:
    return {
        "id": cluster.id,
        "score": round(cluster.score, SCORE_DIGITS),
        "members": {
            sid: list(cluster.members[sid]) for sid in source_ids if sid in cluster.members
        },
        "not_reported": [sid for sid in source_ids if sid not in cluster.members],
    }


def report_finding_dict(f: ReportFinding) -> dict[str, Any]:
    return {
        "id": f.id,
        "kind": f.kind,
        "severity": f.severity,
        "sources": list(f.sources),
        "labels": [label(s) for s in f.sources],
        "not_reported": list(f.missing),
        "pairs": [list(p) for p in f.pairs],
        "sides": [
            {
                "source": side.source,
                "statements": list(side.statements),
                "text": side.text,
                "spans": [list(sp) for sp in side.spans],
            }
            for side in f.sides
        ],
        "row": f.cluster,
        "message": f.message,
        "explanation": f.explanation,
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The `readout.report/2` JSON contract."""
    ids = [s.id for s in report.sources]
    findings = merge_findings(report)
    return {
        "schema": REPORT_SCHEMA,
        "title": report.title,
        "verdict": verdict(report, findings),
        "notices": list(report.notices),
        "backend": report.backend,
        "sources": [
            {"label": label(s.id), "name": source_name(s), **source_dict(s)} for s in report.sources
        ],
        "statements": [statement_dict(s) for s in report.statements],
        "clusters": [cluster_dict(c, ids) for c in report.clusters],
        "findings": [report_finding_dict(f) for f in findings],
        "comparisons": [
            {
                "a": d.sources[0].id,
                "b": d.sources[1].id,
                "pairs": [pair_dict(g) for g in d.pairs],
                "unmatched": list(d.unmatched),
                "findings": [finding_dict(f) for f in d.findings],
            }
            for d in report.diffs
        ],
        "topics": [
            {"topic": t.topic, "statements": {k: list(v) for k, v in sorted(t.statements.items())}}
            for t in report.topics
        ],
    }


def render_report_json(report: Report) -> str:
    return textsafe.json_text(json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n")


# Markdown's own marks are backslash-escaped; HTML's are entities (a raw "<" could open a tag).
_MD_SPECIAL = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "&": "&amp;", **{c: "\\" + c for c in "\\`*_[]|#"}}
)


def md_escape(text: str) -> str:
    """Text safe inside Markdown: its own emphasis, links and tables do not fire."""
    squeezed = " ".join(text.split())
    if squeezed and text[:1].isspace():
        squeezed = " " + squeezed
    if squeezed and text[-1:].isspace():
        squeezed += " "
    return squeezed.translate(_MD_SPECIAL)


def marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` escaped, with the (local) `spans` in bold."""
    out, pos = [], 0
    for s, e in sorted(spans):
        s = max(s, pos)
        if s >= e:
            continue
        out.append(md_escape(text[pos:s]))
        word = md_escape(text[s:e])
        out.append(f"**{word}**" if word else "")
        pos = e
    out.append(md_escape(text[pos:]))
    return "".join(out).strip()


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        MD_WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _local(st: Statement, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    return [
        (max(0, s - st.start), min(len(st.text), e - st.start))
        for s, e in spans
        if s < st.end and e > st.start and not (s <= st.start and e >= st.end)
    ]


def source_line(source: Source) -> str:
    bits = [f"**{label(source.id)}** {md_escape(source_name(source))}"]
    if source.date:
        bits.append(source.date)
    return " ".join(bits)


def render_report_markdown(report: Report, *, glosses: Mapping[str, str] | None = None) -> str:
    """The report as compact GitHub Markdown: verdict, findings, rows, topics, sources."""
    by_id: dict[str, Statement] = {s.id: s for s in report.statements}
    by_source = {s.id: s for s in report.sources}
    findings = merge_findings(report)
    out = [f"# {md_escape(report.title or 'How the sources reported it')}", ""]
    out += _wrap(f"**{md_escape(verdict(report, findings))}**", "", "") + [""]
    out += _wrap(" · ".join(source_line(s) for s in report.sources), "", "")
    out += ["", "## Findings", ""]
    if not findings:
        out.append("No differences found.")
    for n, f in enumerate(findings, start=1):
        head = (
            f"{n}. **{md_escape(_kind_words(f.kind))}** ({f.severity}) · {join_labels(f.sources)}"
        )
        if f.missing:
            head += f", not in {join_labels(f.missing)}"
        out += _wrap(f"{head} — {md_escape(f.message)}", "", "   ")
        if f.kind in GAP_KINDS:
            continue  # the message quotes the statement; its row has the rest
        for side in f.sides:
            sts = [by_id[s] for s in side.statements if s in by_id]
            if side.spans:
                sts = [st for st in sts if _local(st, side.spans)] or sts
                shown = [context(st, side.spans, CONTEXT_CHARS) for st in sts]
                text = " ".join(marked(s.text, [(a, b) for a, b, _ in s.marks]) for s in shown)
            else:
                text = " ".join(md_escape(st.text) for st in sts)
            name = md_escape(source_name(by_source[side.source]))
            out += _wrap(f"**{label(side.source)}** {name}: {text}", "   - ", "     ")
        if f.explanation != f.message:
            out += _wrap(f"_Why:_ {md_escape(f.explanation)}", "   - ", "     ")
    out += ["", "## Who reported what", ""]
    out += _rows_markdown(report, findings, by_id, glosses)
    out += ["", "## Topics", ""]
    if report.topics:
        out.append("| topic | " + " | ".join(label(s.id) for s in report.sources) + " |")
        out.append("|---|" + "---|" * len(report.sources))
        for t in report.topics:
            cells = [str(len(t.statements.get(s.id, ()))) or "" for s in report.sources]
            out.append(
                f"| {md_escape(t.topic)} | "
                + " | ".join(c if c != "0" else "–" for c in cells)
                + " |"
            )
    else:
        out.append("None of the sources mentions a topic of the lexicon.")
    out += ["", "## Sources", ""]
    for s in report.sources:
        bits = [f"- **{label(s.id)}** {md_escape(source_name(s))}"]
        if s.title:
            bits.append(f"“{md_escape(s.title)}”")
        bits.append(", ".join(x for x in (s.date or "date unknown", s.role, s.language)))
        path = textsafe.html_escape(s.path.replace("`", "'"))
        bits.append(f"`{path}`")
        out += _wrap(" · ".join(bits), "", "  ")
    out += ["", f"Embedding backend `{report.backend}`; similarities are in [0, 1]."]
    # Hostile text: no control characters, no line a CI runner reads as a command.
    return textsafe.defuse_commands(textsafe.neutralise("\n".join(out) + "\n", keep="\n"))


def _kind_words(kind: str) -> str:
    from compare.report_findings import KIND_WORDS

    return KIND_WORDS.get(kind, (kind.replace("_", " "), "", ""))[0]


def _rows_markdown(
    report: Report,
    findings: Sequence[ReportFinding],
    by_id: dict[str, Statement],
    glosses: Mapping[str, str] | None = None,
) -> list[str]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in findings:
        for side in f.sides:
            for sid in side.statements:
                st = by_id.get(sid)
                if st is not None:
                    spans.setdefault(sid, []).extend(_local(st, side.spans))
    n = len(report.sources)
    out: list[str] = []
    for c in report.clusters:
        reporting = [s for s in report.sources if s.id in c.members]
        missing = [s for s in report.sources if s.id not in c.members]
        head = f"**{c.id}** · {join_labels(s.id for s in reporting)}"
        if len(reporting) > 1:
            head += f" · similarity {c.score:.2f}"
        if missing and n > 1:
            head += f" · {NOT_REPORTED} by {join_labels(s.id for s in missing)}"
        out.append(f"- {head}")
        for s in reporting:
            text = " ".join(marked(by_id[i].text, spans.get(i, [])) for i in c.members[s.id])
            out += _wrap(f"**{label(s.id)}** {text}", "  - ", "    ")
            for i in c.members[s.id]:
                if glosses and i in glosses:
                    out += _wrap(f"_gloss: {md_escape(glosses[i])}_", "    ", "    ")
    return out
