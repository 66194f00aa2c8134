"""Neutralise hostile text before it reaches an output: one job, shared by every renderer.

Article text, titles, outlets and file names come from outside. Written raw they can drive a
terminal (ESC sequences, BEL), break an XML document (characters XML 1.0 forbids), inject
HTML into Markdown, or start a GitHub workflow command (a line beginning `::` or `##[` in
the log of a CI step is executed by the runner).

Every replacement here maps one character to one character, so offsets and spans computed
on the original text stay valid on the neutralised one.
"""

from __future__ import annotations

import re

#: C0 controls shown as their Unicode control pictures (ESC -> U+241B "␛"), DEL as U+2421.
_C0 = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
#: C1 controls (0x80-0x9F, e.g. the 8-bit CSI 0x9B) and lone surrogates have no picture.
_OTHER = {code: 0xFFFD for code in range(0x80, 0xA0)}
_MAP = _C0 | _OTHER
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# What XML 1.0 forbids besides C0 controls: U+FFFE, U+FFFF (surrogates are handled above).
_XML_FORBIDDEN = {0xFFFE: 0xFFFD, 0xFFFF: 0xFFFD}
# A GitHub Actions runner executes a log line whose trimmed text starts with one of these.
_COMMAND_LINE_RE = re.compile(r"^(\s*)(::|##\[)", re.MULTILINE)
#: Put between the two characters of a workflow-command marker; invisible when shown.
ZERO_WIDTH_SPACE = "\u200b"


def _table(keep: str) -> dict[int, int]:
    return {code: to for code, to in _MAP.items() if chr(code) not in keep}


_TABLES: dict[str, dict[int, int]] = {}


def neutralise(text: str, *, keep: str = "") -> str:
    """`text` with control characters (other than those in `keep`) replaced by visible ones.

    C0 controls become control pictures ("\\x1b" -> "␛"), DEL "␡", C1 controls and lone
    surrogates U+FFFD. One character for one, so spans stay valid.
    """
    table = _TABLES.get(keep)
    if table is None:
        table = _TABLES[keep] = _table(keep)
    text = text.translate(table)
    if _SURROGATE_RE.search(text):
        text = _SURROGATE_RE.sub("\ufffd", text)
    return text


def defuse_commands(text: str) -> str:
    """Break every line that a GitHub runner would read as a workflow command.

    A zero-width space goes between the marker's two characters (`::` -> `:\\u200b:`,
    `##[` -> `#\\u200b#[`); the line reads the same to a person.
    """
    return _COMMAND_LINE_RE.sub(
        lambda m: m.group(1) + m.group(2)[0] + ZERO_WIDTH_SPACE + m.group(2)[1:], text
    )


def defuse_markers(text: str) -> str:
    """Break every `::` and `##[` in `text`, wherever it stands (for one-line fields)."""
    return _MARKER_RE.sub(lambda m: m.group() + ZERO_WIDTH_SPACE, text)


# A colon before a colon, a hash before "#[": a zero-width space goes after each, so that
# no "::" survives even in ":::".
_MARKER_RE = re.compile(r":(?=:)|#(?=#\[)")


def terminal(text: str) -> str:
    """For a terminal or a CI log: no controls but newline and tab, no command lines."""
    return defuse_commands(neutralise(text, keep="\n\t"))


def one_line(text: str) -> str:
    """A field on one line: newlines and tabs shown as pictures too, markers broken."""
    return defuse_markers(neutralise(text))


def xml(text: str) -> str:
    """Text XML 1.0 can hold: its forbidden characters replaced (tab, newline, CR kept)."""
    return neutralise(text, keep="\n\t\r").translate(_XML_FORBIDDEN)


def html_escape(text: str) -> str:
    """`&`, `<` and `>` as entities: Markdown renderers pass raw HTML through otherwise."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_document(text: str) -> str:
    """A whole Markdown document: no controls, no raw HTML, no workflow-command lines."""
    return defuse_commands(html_escape(neutralise(text, keep="\n")))


_JSON_RAW_RE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def json_text(document: str) -> str:
    """A JSON document from `json.dumps(..., ensure_ascii=False)` with the characters it
    leaves raw but a terminal acts on (DEL, C1 controls such as the 8-bit CSI), line
    separators and lone surrogates written as `\\uXXXX` escapes: the same JSON value."""
    return _JSON_RAW_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
