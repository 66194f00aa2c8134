"""Text for a terminal `width` columns wide: every line fits, wide (CJK) characters count two.

`render_diff_table` and `render_report_table` put the verdict and the findings first, then the
statements side by side (two sources) or as a matrix with one column per source, headed by
the outlet's name. Colour is ANSI, one parameter per sequence, and only where asked; the text
without its escapes is exactly the uncoloured output. Pure: values in, text out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from compare import textsafe
from compare.models import Report, Source, Statement
from compare.report_findings import (
    GAP_KINDS,
    KIND_WORDS,
    ReportFinding,
    join_labels,
    label,
    merge_findings,
    source_name,
    verdict,
)

#: Narrowest layout drawn; a narrower terminal gets this width.
MIN_WIDTH = 40
#: Width of the row-id column of the statement grid.
ID_COLUMN = 7
#: Characters of sentence shown either side of a finding's words.
CONTEXT_CHARS = 60

RESET = "\x1b[0m"
STYLE = {
    "high": "\x1b[1m\x1b[31m",
    "medium": "\x1b[33m",
    "low": "\x1b[2m",
    "mark": "\x1b[1m\x1b[4m\x1b[35m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
}


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Line ranges (start, end) of `text` wrapped to `width` display columns.

    Breaks at spaces; a word longer than a line, or a run of wide characters, is cut anywhere.
    Spaces at a break are dropped. Every line fits, `text_width(text[s:e]) <= width`, for any
    `width` of 2 or more (a wide character needs two columns).
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n:
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            break
        used, j, last_space = 0, i, -1
        while j < n:
            w = char_width(text[j])
            if used + w > width:
                break
            if text[j] == " ":
                last_space = j
            used += w
            j += 1
        if j >= n:
            lines.append((i, n))
            break
        if text[j] == " ":
            end = j
        elif last_space > i:
            end = last_space
        else:
            end = max(j, i + 1)
        stop = end
        while stop > i and text[stop - 1] == " ":
            stop -= 1
        lines.append((i, stop))
        i = end
    return lines or [(0, 0)]


@dataclass(frozen=True)
class Styled:
    """Text with character ranges to style (`marks`: (start, end, style name))."""

    text: str
    marks: tuple[tuple[int, int, str], ...] = ()

    def lines(self, width: int, colour: bool) -> list[tuple[str, int]]:
        """(line with any escapes, its display width) for each wrapped line."""
        # Control characters shown as pictures, one for one, so the marks stay valid.
        flat = textsafe.neutralise(" ".join(self.text.split("\n")), keep="\t")
        out = []
        for s, e in wrap(flat, width):
            piece = flat[s:e]
            shown = _paint(piece, s, self.marks) if colour else piece
            out.append((shown, text_width(piece)))
        return out


def _paint(piece: str, offset: int, marks: Sequence[tuple[int, int, str]]) -> str:
    cuts = sorted(
        (max(ms, offset) - offset, min(me, offset + len(piece)) - offset, style)
        for ms, me, style in marks
        if ms < offset + len(piece) and me > offset
    )
    out, pos = [], 0
    for s, e, style in cuts:
        s = max(s, pos)
        if s >= e:
            continue
        out += [piece[pos:s], STYLE[style], piece[s:e], RESET]
        pos = e
    out.append(piece[pos:])
    return "".join(out)


def block(
    body: Styled, width: int, colour: bool, *, first: str = "", rest: str | None = None
) -> list[str]:
    """`body` wrapped under a prefix (`first` on line one, `rest` after; plain text)."""
    rest = " " * text_width(first) if rest is None else rest
    room = width - max(text_width(first), text_width(rest))
    out = []
    for n, (line, _) in enumerate(body.lines(room, colour)):
        out.append((first if n == 0 else rest) + line)
    return out


def grid(
    heads: Sequence[str], rows: Sequence[Sequence[Styled]], width: int, colour: bool
) -> list[str]:
    """A boxed table exactly `width` columns wide: an id column, then equal text columns."""
    n = len(heads) - 1
    room = width - (n + 2) - 2 * (n + 1)  # borders, and one space of padding each side
    first = min(ID_COLUMN, max(3, room // (n + 1)))
    base, extra = divmod(room - first, n)
    widths = [first] + [base + (1 if k < extra else 0) for k in range(n)]

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    def render_row(cells: Sequence[Styled]) -> list[str]:
        wrapped = [c.lines(w, colour) for c, w in zip(cells, widths, strict=True)]
        height = max(len(x) for x in wrapped)
        out = []
        for k in range(height):
            parts = []
            for lines, w in zip(wrapped, widths, strict=True):
                line, used = lines[k] if k < len(lines) else ("", 0)
                parts.append(" " + line + " " * (w - used) + " ")
            out.append("│" + "│".join(parts) + "│")
        return out

    head = [Styled(h, ((0, len(h), "bold"),)) for h in heads]
    out = [rule("┌", "┬", "┐"), *render_row(head), rule("╞", "╪", "╡").replace("─", "═")]
    for i, row in enumerate(rows):
        if i:
            out.append(rule("├", "┼", "┤"))
        out += render_row(row)
    out.append(rule("└", "┴", "┘"))
    return out


def context(st: Statement, spans: Sequence[tuple[int, int]], width: int) -> Styled:
    """The statement around its marked spans (file offsets), `width` characters each side."""
    local = sorted(
        (max(0, s - st.start), min(len(st.text), e - st.start))
        for s, e in spans
        if s < st.end and e > st.start
    )
    text = st.text
    if not local:
        return Styled(text)
    lo, hi = local[0][0], local[-1][1]
    start, end, prefix, suffix = 0, len(text), "", ""
    if lo > width:
        cut = text.find(" ", lo - width)
        start = cut + 1 if 0 <= cut < lo else lo - width
        prefix = "…"
    if len(text) - hi > width:
        cut = text.rfind(" ", hi, hi + width)
        end = cut if cut > hi else hi + width
        suffix = "…"
    shift = len(prefix) - start
    marks = tuple((s + shift, e + shift, "mark") for s, e in local)
    return Styled(prefix + text[start:end] + suffix, marks)


def _heading(text: str, colour: bool) -> str:
    return f"{STYLE['bold']}{text}{RESET}" if colour else text


def _findings(
    report: Report, findings: Sequence[ReportFinding], width: int, colour: bool
) -> list[str]:
    by_id = {s.id: s for s in report.statements}
    out = []
    number_width = len(str(len(findings))) + 2
    for n, f in enumerate(findings, start=1):
        words = KIND_WORDS.get(f.kind, (f.kind,))[0]
        who = join_labels(f.sources) + (f", not {join_labels(f.missing)}" if f.missing else "")
        first = f"{n}.".ljust(number_width)
        head_plain = f"{words} · {f.severity} · {who} — {f.message}"
        sev_at = len(words) + 3
        marks = ((sev_at, sev_at + len(f.severity), f.severity),) if colour else ()
        out += block(Styled(head_plain, marks), width, colour, first=first)
        indent = " " * number_width
        for side in f.sides:
            sts = [by_id[s] for s in side.statements if s in by_id]
            if f.kind in GAP_KINDS:
                continue
            shown = next(
                (st for st in sts if any(a < st.end and b > st.start for a, b in side.spans)),
                sts[0] if sts else None,
            )
            if shown is None:
                continue
            tag = f"{label(side.source)} "
            body = context(shown, side.spans, CONTEXT_CHARS)
            out += block(body, width, colour, first=indent + tag, rest=indent + "  ")
    return out


def _source_lines(sources: Sequence[Source], width: int, colour: bool) -> list[str]:
    out = []
    for s in sources:
        bits = [source_name(s)]
        if s.date:
            bits.append(s.date)
        bits.append(s.path)
        out += block(Styled(" · ".join(bits)), width, colour, first=f"{label(s.id)}  ")
    return out


def _matrix(
    report: Report,
    findings: Sequence[ReportFinding],
    width: int,
    colour: bool,
    glosses: Mapping[str, str] | None = None,
) -> list[str]:
    by_id = {s.id: s for s in report.statements}
    marks: dict[str, list[tuple[int, int, str]]] = {}
    for f in findings:
        if f.kind in GAP_KINDS:
            continue
        for side in f.sides:
            for sid in side.statements:
                st = by_id.get(sid)
                if st is None:
                    continue
                for s, e in side.spans:
                    if st.start <= s and e <= st.end and (s, e) != (st.start, st.end):
                        marks.setdefault(sid, []).append((s - st.start, e - st.start, "mark"))
    heads = ["row"] + [f"{label(s.id)} {source_name(s)}" for s in report.sources]
    rows = []
    for c in report.clusters:
        row = [Styled(c.id + (f" {c.score:.2f}" if len(c.members) > 1 else ""))]
        for src in report.sources:
            ids = c.members.get(src.id, ())
            if not ids:
                row.append(Styled("(not reported)", ((0, 14, "dim"),)))
                continue
            text, spans, pos = [], [], 0
            for i in ids:
                st = by_id[i]
                spans += [(a + pos, b + pos, m) for a, b, m in marks.get(i, [])]
                text.append(st.text)
                pos += len(st.text) + 1
                if glosses and i in glosses:
                    shown = f"[gloss: {glosses[i]}]"
                    spans.append((pos, pos + len(shown), "dim"))
                    text.append(shown)
                    pos += len(shown) + 1
            row.append(Styled(" ".join(text), tuple(spans)))
        rows.append(row)
    return grid(heads, rows, width, colour)


def render_report_table(
    report: Report,
    *,
    width: int = 100,
    colour: bool = False,
    footer: str | None = None,
    statements: bool = True,
    glosses: Mapping[str, str] | None = None,
) -> str:
    """Title, verdict and sources; the findings, most severe first; then (when `statements`)
    every statement side by side or as a matrix, with `glosses` (statement id -> English
    gloss) after their statements."""
    width = max(MIN_WIDTH, width)
    findings = merge_findings(report)
    shown = [f for f in findings if f.kind not in GAP_KINDS]
    gaps = len(findings) - len(shown)
    out = block(Styled(report.title or "readout report"), width, colour)
    if colour:
        out = [_heading(line, colour) for line in out]
    out += block(Styled(verdict(report, findings)), width, colour)
    out.append("")
    out += _source_lines(report.sources, width, colour)
    out.append("")
    if shown:
        out.append(_heading("Findings, most severe first", colour))
        out += _findings(report, shown, width, colour)
    else:
        out.append("No differences in the statements the sources share.")
    if gaps:
        where = "below" if statements else "in the report's rows"
        out += block(
            Styled(f"{gaps} statements are carried by some sources only ({where})."),
            width,
            colour,
        )
    out.append("")
    if statements:
        out += _matrix(report, findings, width, colour, glosses)
    footer = footer or f"{len(report.clusters)} rows, {len(findings)} findings"
    out += block(Styled(f"{footer} · backend {report.backend}"), width, colour)
    return textsafe.defuse_commands("\n".join(out) + "\n")
