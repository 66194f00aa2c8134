"""Turn a `Report` into JSON (`readout.report/1`) or Markdown. Deterministic: same report, same bytes.

Shares the record shapes of the `readout.diff/1` contract (compare/render.py) so that a reader
of one can read the other.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from tabulate import tabulate

from compare import textsafe
from compare.models import Cluster, Finding, Report, Source, Statement
from compare.render import (
    SCORE_DIGITS,
    SEVERITY_ORDER,
    finding_dict,
    pair_dict,
    source_dict,
    statement_dict,
)

REPORT_SCHEMA = "readout.report/1"
NOT_REPORTED = "not reported"


def finding_pairs(report: Report) -> list[tuple[Finding, str, str]]:
    """Each finding of the report with the ids of the two sources it compares (a side, b side)."""
    pair_of: dict[Finding, tuple[str, str]] = {}
    for diff in report.diffs:
        for f in diff.findings:
            pair_of.setdefault(f, (diff.sources[0].id, diff.sources[1].id))
    source_of = {s.id: s.source for s in report.statements}
    out = []
    for f in report.findings:
        pair = pair_of.get(f)
        if pair is None:
            # A finding built outside any diff: its statement ids still tell the sources.
            x = source_of.get(f.a[0], "") if f.a else ""
            y = source_of.get(f.b[0], "") if f.b else ""
            pair = (x, y)
        out.append((f, *pair))
    return out


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


def report_dict(report: Report) -> dict[str, Any]:
    """The `readout.report/1` JSON contract."""
    ids = [s.id for s in report.sources]
    findings = []
    for f, x, y in finding_pairs(report):
        findings.append({"sources": [x, y], **finding_dict(f)})
    return {
        "schema": REPORT_SCHEMA,
        "backend": report.backend,
        "sources": [source_dict(s) for s in report.sources],
        "statements": [statement_dict(s) for s in report.statements],
        "clusters": [cluster_dict(c, ids) for c in report.clusters],
        "comparisons": [
            {
                "a": d.sources[0].id,
                "b": d.sources[1].id,
                "pairs": [pair_dict(g) for g in d.pairs],
                "unmatched": list(d.unmatched),
            }
            for d in report.diffs
        ],
        "findings": findings,
        "topics": [
            {"topic": t.topic, "statements": {k: list(v) for k, v in sorted(t.statements.items())}}
            for t in report.topics
        ],
    }


def render_report_json(report: Report) -> str:
    return textsafe.json_text(json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n")


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def source_name(source: Source) -> str:
    """What a reader calls a source: its outlet, else its file name."""
    return source.outlet or PurePath(source.path).name or source.id


def source_label(source: Source) -> str:
    """How the Markdown names a source: "a · Outlet · 2023-09-18"."""
    bits = [source.id, source_name(source)]
    if source.date:
        bits.append(source.date)
    return " · ".join(bits)


def render_report_markdown(report: Report) -> str:
    """The report as Markdown tables (GitHub flavour), for a pull request or a wiki."""
    by_id: dict[str, Statement] = {s.id: s for s in report.statements}
    sources = report.sources
    n = len(sources)
    out = [f"# readout report: how {n} sources reported it", ""]
    cov = coverage(report)
    out.append(
        f"{n} sources, {len(report.clusters)} statement clusters: {cov['all']} reported by all "
        f"sources, {cov['some']} by some, {cov['one']} by one only; "
        f"{len(report.findings)} findings. Backend: `{report.backend}`."
    )
    out += ["", "## Sources", ""]
    srows = [
        [s.id, s.outlet or "", s.date or "", s.role, s.language, _md(s.title or ""), _md(s.path)]
        for s in sources
    ]
    out.append(
        tabulate(
            srows,
            headers=["id", "outlet", "date", "role", "language", "title", "path"],
            tablefmt="github",
            disable_numparse=True,
        )
    )

    out += ["", "## Statements across sources", ""]
    rows = []
    for c in report.clusters:
        cells = []
        for s in sources:
            ids = c.members.get(s.id, ())
            cells.append(
                _md(" ".join(f"[{i}] {by_id[i].text}" for i in ids)) if ids else f"_{NOT_REPORTED}_"
            )
        rows.append([c.id, f"{c.score:.2f}" if len(c.members) > 1 else "—", *cells])
    headers = ["cluster", "score", *(_md(source_label(s)) for s in sources)]
    out.append(
        tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)
        if rows
        else "_none_"
    )

    out += ["", "## Findings", ""]
    pairs = sorted(finding_pairs(report), key=lambda t: SEVERITY_ORDER.get(t[0].severity, 9))
    frows = [
        [
            f.severity,
            f.kind,
            f"{x} / {y}",
            _md("+".join(f.a)),
            _md(f.a_text) or "—",
            _md("+".join(f.b)),
            _md(f.b_text) or "—",
            _md(f.message),
        ]
        for f, x, y in pairs
    ]
    out.append(
        tabulate(
            frows,
            headers=["severity", "kind", "sources", "a", "a text", "b", "b text", "finding"],
            tablefmt="github",
            disable_numparse=True,
        )
        if frows
        else "_none_"
    )

    out += ["", "## Topics", ""]
    trows = [
        [_md(t.topic), *("+".join(t.statements.get(s.id, ())) or "—" for s in sources)]
        for t in report.topics
    ]
    out.append(
        tabulate(
            trows,
            headers=["topic", *(s.id for s in sources)],
            tablefmt="github",
            disable_numparse=True,
        )
        if trows
        else "_none_"
    )
    return textsafe.markdown_document("\n".join(out) + "\n")
