"""Turn a `Diff` into JSON, a terminal table or Markdown. Deterministic: same diff, same bytes."""

from __future__ import annotations

import json
import os
import textwrap
from typing import Any

from tabulate import tabulate

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


def _label(source: Source) -> str:
    bits = [source.id, source.outlet or source.path]
    if source.date:
        bits.append(source.date)
    return textsafe.one_line(" · ".join(bits))


#: ANSI styles for the terminal table (used only when colour is on). One parameter per
#: sequence: tabulate measures cell widths by stripping `ESC[<n>m` codes only.
_RESET = "\x1b[0m"
_STYLE = {
    "high": "\x1b[1m\x1b[31m",
    "medium": "\x1b[33m",
    "low": "\x1b[2m",
    "mark": "\x1b[1m\x1b[4m\x1b[35m",
    "dim": "\x1b[2m",
}


def use_colour(stream: object) -> bool:
    """Colour only for a person at a terminal: never when piped, or when NO_COLOR is set."""
    isatty = getattr(stream, "isatty", None)
    return bool(callable(isatty) and isatty()) and not os.environ.get("NO_COLOR")


def _wrap(text: str, width: int, marks: list[tuple[int, int]], colour: bool) -> list[str]:
    """Wrap `text` to `width` columns, underlining the character ranges in `marks`.

    Lines are located back in `text` so highlights land on exactly the marked characters.
    """
    text = textsafe.neutralise(text, keep="\n\t")  # one for one: `marks` stay valid
    lines = textwrap.wrap(text, width, replace_whitespace=True) or [""]
    if not colour or not marks:
        return lines
    flat = text.replace("\n", " ").replace("\t", " ")
    out, pos = [], 0
    for line in lines:
        at = flat.find(line, pos)
        if at < 0:  # textwrap changed the line (it should not): show it unmarked
            out.append(line)
            continue
        pos = at + len(line)
        cuts = sorted((max(s, at) - at, min(e, pos) - at) for s, e in marks if s < pos and e > at)
        piece, last = [], 0
        for s, e in cuts:
            if s < last:
                s = last
            if s >= e:
                continue
            piece += [line[last:s], _STYLE["mark"], line[s:e], _RESET]
            last = e
        piece.append(line[last:])
        out.append("".join(piece))
    return out


def render_table(diff: Diff, *, width: int = 120, colour: bool = False) -> str:
    """Side-by-side table for a terminal `width` columns wide; ANSI colour when `colour`."""
    col = max(20, (width - 24) // 2)
    by_id = {s.id: s for s in diff.statements}
    marks: dict[str, list[tuple[int, int]]] = {}
    for f in diff.findings:
        if f.kind in ("omission", "addition"):
            continue
        for ids, span in ((f.a, f.a_span), (f.b, f.b_span)):
            for i in ids:
                st = by_id[i]
                if span and st.start <= span[0] and span[1] <= st.end:
                    marks.setdefault(i, []).append((span[0] - st.start, span[1] - st.start))

    def cell(ids: tuple[str, ...]) -> str:
        if not ids:
            text = "(not reported)"
            return f"{_STYLE['dim']}{text}{_RESET}" if colour else text
        lines: list[str] = []
        for i in ids:
            lines += _wrap(by_id[i].text, col, marks.get(i, []), colour)
        return "\n".join(lines)

    a, b = diff.sources
    rows = [
        [f"{'+'.join(g.a)}\n{'+'.join(g.b)}", cell(g.a), cell(g.b), f"{g.score:.2f}"]
        for g in diff.pairs
    ]
    rows += [
        ["+".join(g.a or g.b), cell(g.a), cell(g.b), "—"] for g in diff.groups if not g.matched
    ]
    out = [f"a: {_label(a)}", f"b: {_label(b)}", f"backend: {diff.backend}", ""]
    out.append(tabulate(rows, headers=["ids", "a", "b", "score"], tablefmt="simple_grid"))
    framing = [f for f in diff.findings if f.kind not in ("omission", "addition")]
    if framing:
        out.append("")
        frows = []
        for f in framing:
            severity = f"{_STYLE[f.severity]}{f.severity}{_RESET}" if colour else f.severity
            message = "\n".join(textwrap.wrap(textsafe.neutralise(f.message), col + 20))
            frows.append([severity, f.kind, "+".join(f.a), "+".join(f.b), message])
        out.append(
            tabulate(frows, headers=["severity", "kind", "a", "b", "finding"], tablefmt="simple")
        )
    out.append("")
    out.append(
        f"{len(diff.pairs)} aligned groups, {len(diff.unmatched)} unmatched statements, "
        f"{len(diff.findings)} findings"
    )
    return textsafe.defuse_commands("\n".join(out) + "\n")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: Diff) -> str:
    """GitHub-flavoured Markdown tables; hostile text neutralised (see `textsafe`)."""
    a, b = diff.sources
    out = [f"# readout diff: {_md(a.title or a.path)} vs {_md(b.title or b.path)}", ""]
    srows = [
        [s.id, _md(s.path), s.outlet or "", s.date or "", s.language, s.role] for s in diff.sources
    ]
    out.append(
        tabulate(
            srows, headers=["id", "path", "outlet", "date", "language", "role"], tablefmt="github"
        )
    )
    out += ["", "## Aligned statements", ""]
    rows = [
        [
            f"{'+'.join(g.a)} / {'+'.join(g.b)}",
            _md(_texts(diff, g.a)),
            _md(_texts(diff, g.b)),
            f"{g.score:.2f}",
        ]
        for g in diff.pairs
    ]
    out.append(
        tabulate(rows, headers=["ids", "a", "b", "score"], tablefmt="github") if rows else "_none_"
    )
    out += ["", "## Reported by one source only", ""]
    urows = [[i, _md(_texts(diff, (i,)))] for i in diff.unmatched]
    out.append(
        tabulate(urows, headers=["id", "statement"], tablefmt="github") if urows else "_none_"
    )
    out += ["", "## Findings", ""]
    frows = [
        [f.severity, f.kind, _md("+".join(f.a)), _md("+".join(f.b)), _md(f.message)]
        for f in diff.findings
    ]
    out.append(
        tabulate(frows, headers=["severity", "kind", "a", "b", "finding"], tablefmt="github")
        if frows
        else "_none_"
    )
    if diff.topics:
        out += ["", "## Topics", ""]
        trows = [
            [t.topic, *("+".join(t.statements.get(s.id, ())) or "—" for s in diff.sources)]
            for t in diff.topics
        ]
        out.append(
            tabulate(trows, headers=["topic", *(s.id for s in diff.sources)], tablefmt="github")
        )
    return textsafe.markdown_document("\n".join(out) + "\n")
