"""`readout check` on fixtures written for each rule of the gate (tests/fixtures/check/cases).

paraphrase        a spoken remark the readout only paraphrases: not verifiable here, exit 0
translation       a Japanese leader's words in two English renderings: a warning, exit 0;
                  the same quote with a changed figure: a contradiction, exit 1
press-conference  a report dated the day after the press conference: the same event
one-sided         only the U.S. readout: China's ministry's words are not verifiable here
unreadable        a PDF saved as .txt in the corpus: a warning line, the check goes on
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare import embed
from compare.check import check, load_articles, oriented, read_corpus
from compare.check_render import render
from compare.cli import app
from compare.embed import FakeEmbedder
from compare.models import Finding

CASES = Path(__file__).parent / "fixtures" / "check" / "cases"
runner = CliRunner()


def fake(name: str) -> FakeEmbedder:
    return FakeEmbedder()


def run(case: str, article: str = "article.txt"):  # type: ignore[no-untyped-def]
    corpus, unreadable = read_corpus(CASES / case / "corpus")
    return check(
        load_articles([CASES / case / article]),
        corpus,
        unreadable=unreadable,
        embedder_factory=fake,
    )


@pytest.mark.parametrize(
    ("case", "article", "status", "kind", "severity", "code"),
    [
        ("paraphrase", "article.txt", "unverifiable", "unverifiable", "low", 0),
        ("translation", "rendering.txt", "drifted", "quote_drift", "medium", 0),
        ("translation", "changed-figure.txt", "contradicted", "number", "high", 1),
        ("press-conference", "article.txt", "verified", None, None, 0),
        ("one-sided", "article.txt", "unverifiable", "unverifiable", "low", 0),
        ("unreadable", "article.txt", "unverifiable", "unverifiable", "low", 0),
    ],
)
def test_case(
    case: str, article: str, status: str, kind: str | None, severity: str | None, code: int
) -> None:
    result = run(case, article)
    (checked,) = result.articles
    assert len(checked.matched) == 1  # the record of the meeting is found
    quotes = [c for c in checked.checks if c.kind == "quote"]
    assert status in {c.status for c in quotes}
    if kind is None:
        assert result.findings == ()
    else:
        assert (kind, severity) in {(f.kind, f.severity) for f in result.findings}
    assert result.exit_code == code


def test_paraphrase_note_names_the_readout_wording() -> None:
    (finding,) = run("paraphrase").findings
    assert "paraphrases Whitlock" in finding.message
    assert finding.reference == "corpus:readout.md"


def test_translation_is_a_rendering_and_a_changed_figure_is_not() -> None:
    (rendering,) = run("translation", "rendering.txt").findings
    assert "translation" in rendering.message and '"colossal" → "tremendous"' in rendering.message
    (figure,) = run("translation", "changed-figure.txt").findings
    assert "figure 5 → 3" in figure.message and figure.text == "5"


def test_press_conference_a_day_earlier_is_the_same_event() -> None:
    (event,) = run("press-conference").articles[0].events
    assert event.same_event and event.days == 1 and "tokyo" in event.places


def test_one_sided_readout_checks_its_own_side_only() -> None:
    result = run("one-sided")
    checks = {c.text.rstrip("."): c for c in result.articles[0].checks if c.kind == "quote"}
    assert checks["candid and constructive discussions"].status == "verified"
    china = checks["a frank and pragmatic exchange of views"]
    assert china.status == "unverifiable" and china.reference is None
    (note,) = china.findings
    assert "no readout from China" in note.message


def test_unreadable_file_is_listed_and_the_check_goes_on() -> None:
    result = run("unreadable")
    (bad,) = result.unreadable
    assert bad.path.endswith("saved-as-pdf.txt") and "PDF" in bad.reason
    assert [s.id for s in result.corpus] == ["corpus:readout.md"]


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "get_embedder", lambda name: FakeEmbedder())


@pytest.mark.usefixtures("fake_model")
@pytest.mark.parametrize(
    ("case", "article", "code", "line"),
    [
        ("unreadable", "article.txt", 0, "warning: unreadable, skipped:"),
        ("translation", "changed-figure.txt", 1, "FAIL high   number"),
        ("paraphrase", "article.txt", 0, "not verifiable here"),
    ],
)
def test_cli(case: str, article: str, code: int, line: str) -> None:
    args = [str(CASES / case / article), "--against", str(CASES / case / "corpus")]
    result = runner.invoke(app, ["check", *args, "--no-cache"])
    assert result.exit_code == code, result.stderr
    assert line in result.stdout


@pytest.mark.usefixtures("fake_model")
def test_cli_other_meeting_reports_no_record() -> None:
    args = [
        str(CASES / "paraphrase" / "article.txt"),
        "--against",
        str(CASES / "one-sided" / "corpus"),
    ]
    result = runner.invoke(app, ["check", *args, "--no-cache"])
    assert result.exit_code == 0
    assert "the corpus has no record of this meeting" in result.stdout
    assert "not the same event: state.md (different dates" in result.stdout


def test_findings_are_turned_to_the_article() -> None:
    # framing orients its extra passes by sorted source ids ("corpus:…" before "new:1").
    reversed_ = Finding(
        "entity", ("corpus:r:3",), ("new:1:2",), "Jake", "Jack", (10, 14), (40, 44), "medium", "m"
    )
    (turned,) = oriented([reversed_], "new:1")
    assert (turned.a, turned.a_text, turned.a_span) == (("new:1:2",), "Jack", (40, 44))
    assert (turned.b, turned.b_span) == (("corpus:r:3",), (10, 14))
    kept = Finding("entity", ("new:1:2",), ("corpus:r:3",), "a", "b", (1, 2), (3, 4), "low", "m")
    assert oriented([kept], "new:1") == [kept]


def test_unreadable_file_in_every_format() -> None:
    result = run("unreadable")
    assert "skipped, unreadable:" in render(result, "github")
    github = [line for line in render(result, "github").splitlines() if "saved-as-pdf" in line]
    assert len(github) == 1 and github[0].startswith("::warning file=")
    sarif = json.loads(render(result, "sarif"))
    (note,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning" and note["locations"][0]["physicalLocation"]
    data = json.loads(render(result, "json"))
    assert [u["path"].endswith("saved-as-pdf.txt") for u in data["unreadable"]] == [True]
