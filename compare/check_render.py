"""Render a `CheckResult`: human text, JSON, GitHub workflow commands, SARIF 2.1.0, JUnit XML.

Pure: values in, text out.

Line and column numbers are 1-based and computed from offsets into the article's
`Source.text`, columns counted in Unicode code points (SARIF: `columnKind`
"unicodeCodePoints"); end columns are exclusive. `Source.text` is the decoded file with
newlines normalised to "\\n", a leading byte-order mark dropped and Unicode composed (NFC). So
for a .txt or .md article in any one text encoding (UTF-8, GB18030, ...) the line numbers
are the file's, CRLF files included, and so are the columns unless the file spells accents
as separate combining marks, which NFC composes. A saved web page (.html, .htm, .xhtml) is
different: its `Source.text` is the article text extracted from the markup, whose lines are
not the file's. For those the GitHub and SARIF outputs point at the file without a line (the
message quotes the words), and the text, JSON and JUnit outputs give the extracted text's
line, marked as such.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from compare import __version__, textsafe
from compare.check import (
    CHECK_KINDS,
    ArticleCheck,
    Check,
    CheckFinding,
    CheckResult,
    label,
)
from compare.ingest import HTML_SUFFIXES
from compare.models import SEVERITIES, Source

FORMATS = ("text", "json", "github", "sarif", "junit")
#: `$schema` of the SARIF output: the OASIS 2.1.0 schema (errata 01).
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
JSON_SCHEMA = "readout.check/1"
TOOL_URI = "https://pypi.org/project/readout/"
#: What each finding kind means, for SARIF rules and the text legend.
KIND_DESCRIPTIONS = {
    "quote_drift": "A direct quote differs from the words of the record",
    "polarity": "A quote or attributed claim reverses the record (a negation or an antonym)",
    "not_found": "A quote or claim attributed to the record's side is not in the record",
    "number": "An attributed claim gives other figures or dates than the record",
    "entity": "An attributed claim names someone differently than the record",
    "tone": "An attributed claim characterises the talks differently than the record",
    "hedge": "An attributed claim is more or less certain than the record",
    "unverifiable": "The record only paraphrases the speaker, or has no readout of their side",
}
_RULE_NAMES = {k: "".join(part.title() for part in k.split("_")) for k in CHECK_KINDS}


# ---------------------------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------------------------


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of `text[offset]`, both 1-based, the column in code points."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def region(text: str, span: tuple[int, int]) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of `text[span[0]:span[1]]`; the end is exclusive."""
    line, column = position(text, span[0])
    end_line, end_column = position(text, max(span[0], span[1]))
    return line, column, end_line, end_column


def lines_are_the_files(source: Source) -> bool:
    """Whether line numbers in `source.text` are the file's (not for extracted web pages)."""
    return Path(source.path).suffix.lower() not in HTML_SUFFIXES


def level(result: CheckResult, finding: CheckFinding) -> str:
    """SARIF level: "error" for what fails the check, else "warning" (high, medium) or "note"."""
    if result.fail_on.trips(finding):
        return "error"
    return "note" if finding.severity == "low" else "warning"


def _counts(result: CheckResult) -> dict[str, int]:
    counts = Counter(f.severity for f in result.findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _tally(checks: tuple[Check, ...], kind: str) -> str | None:
    mine = [c for c in checks if c.kind == kind]
    if not mine:
        return None
    statuses = Counter(c.status for c in mine)
    parts = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(statuses.items()))
    return f"{_plural(len(mine), kind)} ({parts})"


def render_text(result: CheckResult) -> str:
    """What a person reads: per article, the event, the primaries, and each finding by line."""
    out: list[str] = []
    for article in result.articles:
        out.extend(_text_article(result, article))
        out.append("")
    counts = _counts(result)
    total = sum(counts.values())
    verdict = "FAIL" if result.failed else "pass"
    out.append(
        f"{_plural(len(result.articles), 'article')} checked against "
        f"{_plural(len(result.corpus), 'corpus document')}: {_plural(total, 'finding')} "
        f"({', '.join(f'{n} {s}' for s, n in counts.items())}); "
        f"fails on {result.fail_on}: {verdict} (exit {result.exit_code})"
    )
    return textsafe.terminal("\n".join(out) + "\n")


def _text_article(result: CheckResult, article: ArticleCheck) -> Iterator[str]:
    source = article.source
    yield textsafe.one_line(source.path)
    same = [e for e in article.events if e.same_event]
    other = [e for e in article.events if not e.same_event]
    if not same:
        yield "  the corpus has no record of this meeting: nothing to check against"
    for e in same:
        yield f"  same event: {label(result.source(e.source))} ({e.reason})"
    for e in other:
        yield f"  not the same event: {label(result.source(e.source))} ({e.reason})"
    for u in result.unreadable:
        yield f"  warning: unreadable, skipped: {u.path} ({u.reason})"
    if same:
        if article.primaries:
            for p in article.primaries:
                yield f"  primary: {label(result.source(p.source))} ({p.reason})"
        else:
            yield "  primary: none; compared with the other reports, one severity level lower"
    kinds = ("quote", "claim", "fact")
    tallies = [t for t in (_tally(article.checks, k) for k in kinds) if t]
    if tallies:
        yield f"  checked: {'; '.join(tallies)}"
    exact = lines_are_the_files(source)
    for f in article.findings:
        line, column = position(source.text, f.span[0])
        where = f"{line}:{column}" if exact else f"text line {line}:{column}"
        mark = "FAIL" if result.fail_on.trips(f) else "    "
        yield f"  {where}  {mark} {f.severity:<6} {f.kind:<11} {textsafe.one_line(f.message)}"


# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------


def _ref(result: CheckResult, ref_id: str | None, span: tuple[int, int] | None) -> Any:
    if ref_id is None:
        return None
    source = result.source(ref_id)
    out: dict[str, Any] = {"id": source.id, "path": source.path}
    if span is not None:
        line, column, end_line, end_column = region(source.text, span)
        out.update(
            start=span[0],
            end=span[1],
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            text=source.text[span[0] : span[1]],
        )
    return out


def _located(source: Source, span: tuple[int, int]) -> dict[str, Any]:
    line, column, end_line, end_column = region(source.text, span)
    return {
        "start": span[0],
        "end": span[1],
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
    }


def check_dict(result: CheckResult) -> dict[str, Any]:
    """The JSON document (`readout.check/1`) as plain data."""
    articles = []
    for article in result.articles:
        source = article.source
        articles.append(
            {
                "id": source.id,
                "path": source.path,
                "lines": "file" if lines_are_the_files(source) else "extracted text",
                "events": [
                    {
                        "id": e.source,
                        "path": result.source(e.source).path,
                        "same_event": e.same_event,
                        "verdict": e.verdict,
                        "reason": e.reason,
                        "names": round(e.names, 4),
                        "shared_names": list(e.shared),
                        "linked_statements": e.linked,
                        "days_apart": e.days,
                    }
                    for e in article.events
                ],
                "primaries": [
                    {
                        "id": p.source,
                        "path": result.source(p.source).path,
                        "reason": p.reason,
                        "inferred": p.inferred,
                    }
                    for p in article.primaries
                ],
                "checks": [
                    {
                        "kind": c.kind,
                        "status": c.status,
                        "against": c.against,
                        "text": c.text,
                        "speaker": c.speaker,
                        **_located(source, c.span),
                        "reference": _ref(result, c.reference, c.reference_span),
                    }
                    for c in article.checks
                ],
                "findings": [
                    {
                        "kind": f.kind,
                        "severity": f.severity,
                        "fails": result.fail_on.trips(f),
                        "against": f.against,
                        "message": f.message,
                        "text": f.text,
                        **_located(source, f.span),
                        "reference": _ref(result, f.reference, f.reference_span),
                    }
                    for f in article.findings
                ],
            }
        )
    counts = _counts(result)
    return {
        "schema": JSON_SCHEMA,
        "backend": result.backend,
        "fail_on": {
            "severity": result.fail_on.severity,
            "kinds": sorted(result.fail_on.kinds),
        },
        "failed": result.failed,
        "exit_code": result.exit_code,
        "summary": {
            "articles": len(result.articles),
            "corpus": len(result.corpus),
            "findings": sum(counts.values()),
            **counts,
        },
        "articles": articles,
        "unreadable": [{"path": u.path, "reason": u.reason} for u in result.unreadable],
    }


def render_json(result: CheckResult) -> str:
    return textsafe.json_text(json.dumps(check_dict(result), ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------------------------------------
# GitHub workflow commands
# ---------------------------------------------------------------------------------------------

_GITHUB_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def _escape_data(value: str) -> str:
    """Escape a workflow command's message: `%`, CR and LF as @actions/core does; other
    control characters shown as pictures; `::` broken by a zero-width space."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return textsafe.defuse_markers(textsafe.neutralise(value))


def _escape_property(value: str) -> str:
    """Escape a workflow command's property value (file=, title=, ...)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return textsafe.neutralise(value).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    """One `::error|warning|notice file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
    per finding, so that findings show on the pull request's lines; a summary `::notice`."""
    out = []
    for article in result.articles:
        source = article.source
        for f in article.findings:
            props = [f"file={_escape_property(source.path)}"]
            if lines_are_the_files(source):
                line, column, end_line, end_column = region(source.text, f.span)
                props += [
                    f"line={line}",
                    f"endLine={end_line}",
                    f"col={column}",
                    f"endColumn={end_column}",
                ]
            props.append(f"title={_escape_property(f'readout {f.kind} ({f.severity})')}")
            command = _GITHUB_COMMAND[level(result, f)]
            out.append(f"::{command} {','.join(props)}::{_escape_data(f.message)}")
    for u in result.unreadable:
        where = f"file={_escape_property(u.path)},title=readout unreadable corpus file"
        out.append(f"::warning {where}::{_escape_data(f'skipped, unreadable: {u.reason}')}")
    counts = _counts(result)
    summary = (
        f"readout check: {_plural(len(result.articles), 'article')}, "
        f"{_plural(sum(counts.values()), 'finding')} "
        f"({', '.join(f'{n} {s}' for s, n in counts.items())}); fails on {result.fail_on}: "
        f"{'FAIL' if result.failed else 'pass'}"
    )
    out.append(f"::notice title=readout check::{_escape_data(summary)}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# SARIF 2.1.0
# ---------------------------------------------------------------------------------------------


def _uri(path: str) -> str:
    """A SARIF artifact URI: relative paths stay relative (to the checkout), with / separators."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(PurePosixPath(*p.parts).as_posix() if p.parts else path, safe="/")


def _physical(source: Source, span: tuple[int, int] | None) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(source.path)}}
    if span is not None and lines_are_the_files(source):
        line, column, end_line, end_column = region(source.text, span)
        location["region"] = {
            "startLine": line,
            "startColumn": column,
            "endLine": end_line,
            "endColumn": end_column,
            "snippet": {"text": source.text[span[0] : span[1]]},
        }
    return location


def sarif_dict(result: CheckResult) -> dict[str, Any]:
    """The SARIF 2.1.0 log as plain data: one run, one rule per finding kind."""
    rules = [
        {
            "id": kind,
            "name": _RULE_NAMES[kind],
            "shortDescription": {"text": KIND_DESCRIPTIONS[kind]},
            "helpUri": TOOL_URI,
        }
        for kind in CHECK_KINDS
    ]
    index = {kind: i for i, kind in enumerate(CHECK_KINDS)}
    results = []
    for article in result.articles:
        for f in article.findings:
            entry: dict[str, Any] = {
                "ruleId": f.kind,
                "ruleIndex": index[f.kind],
                "level": level(result, f),
                "message": {"text": textsafe.neutralise(f.message, keep="\n\t")},
                "locations": [{"physicalLocation": _physical(article.source, f.span)}],
                "properties": {"severity": f.severity, "against": f.against},
            }
            if f.reference is not None:
                ref = result.source(f.reference)
                entry["relatedLocations"] = [
                    {
                        "id": 1,
                        "physicalLocation": _physical(ref, f.reference_span),
                        "message": {"text": f"the {f.against}'s wording: {label(ref)}"},
                    }
                ]
            results.append(entry)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "readout",
                        "version": __version__,
                        "informationUri": TOOL_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [_invocation(result)],
                "results": results,
            }
        ],
    }


def _invocation(result: CheckResult) -> dict[str, Any]:
    """The SARIF invocation; an unreadable corpus file is a warning notification."""
    out: dict[str, Any] = {
        "executionSuccessful": True,
        "exitCode": result.exit_code,
        "properties": {"failOn": str(result.fail_on)},
    }
    if result.unreadable:
        out["toolExecutionNotifications"] = [
            {
                "level": "warning",
                "message": {"text": f"skipped, unreadable: {u.reason}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(u.path)}}}],
            }
            for u in result.unreadable
        ]
    return out


def render_sarif(result: CheckResult) -> str:
    return textsafe.json_text(json.dumps(sarif_dict(result), ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------------------------------------
# JUnit XML
# ---------------------------------------------------------------------------------------------


def _case_name(source: Source, check: Check) -> str:
    line, column = position(source.text, check.span[0])
    words = check.text.split()
    shown = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return f"{check.kind} at {line}:{column}: {shown}"


def junit_tree(result: CheckResult) -> ET.Element:
    """<testsuites>: a <testsuite> per article, a <testcase> per checked quote or claim (one
    saying so when there was nothing to check); findings at or above --fail-on are <failure>s,
    the others go to the test case's <system-out>."""
    suites = ET.Element("testsuites", name="readout check")
    total_tests = total_failures = 0
    for article in result.articles:
        source = article.source
        suite = ET.SubElement(suites, "testsuite", name=source.path)
        tests = failures = 0
        for check in article.checks:
            line, _ = position(source.text, check.span[0])
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"readout.check.{check.kind}",
                name=_case_name(source, check),
                file=source.path,
                line=str(line),
            )
            tests += 1
            failing = [f for f in check.findings if result.fail_on.trips(f)]
            if failing:
                failures += 1
                first = failing[0]
                failure = ET.SubElement(case, "failure", message=first.message, type=first.kind)
                failure.text = "\n".join(f"[{f.severity}] {f.message}" for f in failing)
            others = [f for f in check.findings if not result.fail_on.trips(f)]
            notes = [
                f"status: {check.status}"
                + (f" against the {check.against}" if check.against else "")
            ]
            notes += [f"[{f.severity}] {f.kind}: {f.message}" for f in others]
            ET.SubElement(case, "system-out").text = "\n".join(notes)
        if not article.checks:
            name = (
                "no quote or attributed claim to check"
                if article.matched
                else "no corpus document reports the same event"
            )
            ET.SubElement(
                suite, "testcase", classname="readout.check.article", name=name, file=source.path
            )
            tests += 1
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += tests
        total_failures += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    for element in suites.iter():
        # ElementTree escapes markup but writes characters XML forbids (ESC, BEL, ...) as
        # they are, which makes the document unreadable to every XML parser.
        for key, value in element.attrib.items():
            element.set(key, textsafe.xml(value))
        if element.text:
            element.text = textsafe.defuse_commands(textsafe.xml(element.text))
    return suites


def render_junit(result: CheckResult) -> str:
    tree = junit_tree(result)
    ET.indent(tree)
    body = ET.tostring(tree, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


RENDERERS: dict[str, Callable[[CheckResult], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
}


def render(result: CheckResult, fmt: str = "text") -> str:
    """`result` in one of `FORMATS`."""
    return RENDERERS[fmt](result)
