"""Turn a `Diff` into JSON, a terminal table or Markdown. Deterministic: same diff, same bytes."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from compare import textsafe
from compare.models import Alignment, Diff, Finding, Source, Statement

DIFF_SCHEMA = "readout.diff/1"
#: Scores are rounded so that output is byte-identical across runs and machines.
SCORE_DIGITS = 4
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _ids(ids: tuple[str, ...]) -> str | list[str] | None:
    if not ids:
        return None
    return ids[0] if len(ids) == 1 else list(ids)


def source_dict(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "path": source.path,
        "outlet": source.outlet,
        "date": source.date,
        "url": source.url,
        "language": source.language,
        "role": source.role,
        "title": source.title,
        "encoding": source.encoding,
        "inferred": list(source.inferred),
    }


def statement_dict(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "source": statement.source,
        "text": statement.text,
        "start": statement.start,
        "end": statement.end,
        "language": statement.language,
    }


def pair_dict(group: Alignment) -> dict[str, Any]:
    return {
        "a": list(group.a),
        "b": list(group.b),
        "score": round(group.score, SCORE_DIGITS),
        "semantic": round(group.semantic, SCORE_DIGITS),
        "lexical": round(group.lexical, SCORE_DIGITS),
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "a": _ids(finding.a),
        "b": _ids(finding.b),
        "a_text": finding.a_text,
        "b_text": finding.b_text,
        "a_span": list(finding.a_span) if finding.a_span else None,
        "b_span": list(finding.b_span) if finding.b_span else None,
        "severity": finding.severity,
        "message": finding.message,
    }


def diff_dict(diff: Diff) -> dict[str, Any]:
    """The `readout.diff/1` JSON contract."""
    return {
        "schema": DIFF_SCHEMA,
        "backend": diff.backend,
        "notices": list(diff.notices),
        "sources": [source_dict(s) for s in diff.sources],
        "statements": [statement_dict(s) for s in diff.statements],
        "pairs": [pair_dict(g) for g in diff.pairs],
        "unmatched": list(diff.unmatched),
        "findings": [finding_dict(f) for f in diff.findings],
        "topics": [
            {"topic": t.topic, "statements": {k: list(v) for k, v in sorted(t.statements.items())}}
            for t in diff.topics
        ],
    }


def render_json(diff: Diff) -> str:
    return textsafe.json_text(json.dumps(diff_dict(diff), ensure_ascii=False, indent=2) + "\n")


def _texts(diff: Diff, ids: tuple[str, ...]) -> str:
    by_id = {s.id: s for s in diff.statements}
    return " ".join(by_id[i].text for i in ids)


#: ANSI styles, kept here for callers that colour their own text (compare/terminal.py draws).
_RESET = "\x1b[0m"


def use_colour(stream: object) -> bool:
    """Colour only for a person at a terminal: never when piped, or when NO_COLOR is set."""
    isatty = getattr(stream, "isatty", None)
    return bool(callable(isatty) and isatty()) and not os.environ.get("NO_COLOR")


def render_table(
    diff: Diff,
    *,
    width: int = 100,
    colour: bool = False,
    glosses: Mapping[str, str] | None = None,
) -> str:
    """The diff for a terminal `width` columns wide (every line fits); ANSI colour when `colour`.

    Verdict and findings first, then the statements side by side under the outlets' names;
    `glosses` (statement id -> English gloss, `--gloss`) follow their statements.
    """
    from compare.report_findings import diff_report
    from compare.terminal import render_report_table

    footer = (
        f"{len(diff.pairs)} aligned groups, {len(diff.unmatched)} unmatched statements, "
        f"{len(diff.findings)} findings"
    )
    return render_report_table(
        diff_report(diff), width=width, colour=colour, footer=footer, glosses=glosses
    )


def render_markdown(diff: Diff, *, glosses: Mapping[str, str] | None = None) -> str:
    """The diff as compact GitHub Markdown, laid out like a two-source report; `glosses`
    (statement id -> English gloss) adds a gloss line under each glossed statement."""
    from compare.report_findings import diff_report
    from compare.report_render import render_report_markdown

    return render_report_markdown(diff_report(diff), glosses=glosses)
