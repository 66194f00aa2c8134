from __future__ import annotations

import io
import json
import re

import pytest
from conftest import EVENTS, seed
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from compare.cli import app
from compare.embed import FakeEmbedder
from compare.models import Alignment, Diff, Finding, Source, Statement
from compare.render import render_json, render_markdown, render_table, use_colour
from compare.terminal import text_width, wrap

ANSI = re.compile(r"\x1b\[\d+m")
TEXT_A = "Talks were candid and constructive. Rain fell."
TEXT_B = "Talks were frank and constructive."


def make_diff() -> Diff:
    a = Source("a", "a.txt", TEXT_A, "en")
    b = Source("b", "b.txt", TEXT_B, "en")
    sts = (
        Statement("a:0", "a", 0, TEXT_A[:35], 0, 35),
        Statement("a:1", "a", 1, TEXT_A[36:], 36, len(TEXT_A)),
        Statement("b:0", "b", 0, TEXT_B, 0, len(TEXT_B)),
    )
    groups = (Alignment(("a:0",), ("b:0",), 0.812345, 0.9, 0.7), Alignment(("a:1",), ()))
    finding = Finding(
        "tone", ("a:0",), ("b:0",), "candid", "frank", (11, 17), (11, 16), "low", "tone differs"
    )
    return Diff((a, b), sts, groups, (finding,), backend="fake")


def test_json_rounds_scores_and_lists_unmatched() -> None:
    data = json.loads(render_json(make_diff()))
    assert data["pairs"] == [
        {"a": ["a:0"], "b": ["b:0"], "score": 0.8123, "semantic": 0.9, "lexical": 0.7}
    ]
    assert data["unmatched"] == ["a:1"]
    assert data["findings"][0]["a"] == "a:0" and data["findings"][0]["a_span"] == [11, 17]


def test_table_colour_marks_exactly_the_finding_words() -> None:
    diff = make_diff()
    plain = render_table(diff, width=80)
    coloured = render_table(diff, width=80, colour=True)
    assert not ANSI.search(plain)
    assert ANSI.sub("", coloured) == plain
    marked = re.findall(r"\x1b\[35m(.*?)\x1b\[0m", coloured)
    assert {"candid", "frank"} <= set(marked)
    assert "(not reported)" in plain


@pytest.mark.parametrize("width", [40, 80, 200])
def test_table_fits_the_terminal_width(width: int) -> None:
    table = render_table(make_diff(), width=width)
    rows = [line for line in table.splitlines() if line.startswith(("│", "┌", "├"))]
    assert rows and max(len(line) for line in rows) <= max(width, 20 * 2 + 24)


def test_use_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Tty())


def test_markdown_escapes_pipes() -> None:
    diff = make_diff()
    a, b = diff.sources
    text = "A | B claim."
    a2 = Source("a", "a.txt", text, "en")
    st = (Statement("a:0", "a", 0, text, 0, len(text)), *diff.statements[2:])
    md = render_markdown(Diff((a2, b), st, (Alignment(("a:0",), ("b:0",), 0.5),)))
    assert "A \\| B claim." in md


# ---------------------------------------------------------------------------------------------
# The terminal: every line fits COLUMNS, wide characters count two
# ---------------------------------------------------------------------------------------------


MUNICH = [
    str(EVENTS / "d1_munich_blinken_wang" / f"{name}.txt")
    for name in ("state", "mfa_zh", "wire", "syndicated")
]


@given(st.text(alphabet=st.sampled_from("ab 中文…-\n"), max_size=80), st.integers(2, 30))
def test_wrap_never_overflows_and_keeps_every_word(text: str, width: int) -> None:
    flat = text.replace("\n", " ")
    lines = wrap(flat, width)
    assert all(text_width(flat[s:e]) <= width for s, e in lines)
    assert "".join(flat[s:e] for s, e in lines).replace(" ", "") == flat.replace(" ", "")


@pytest.fixture
def fake_cli(monkeypatch: pytest.MonkeyPatch, tmp_path) -> CliRunner:
    monkeypatch.setattr("compare.embed.get_embedder", lambda name: FakeEmbedder())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return CliRunner()


@pytest.mark.parametrize("columns", [80, 100, 120])
@pytest.mark.parametrize("command", ["diff", "report"])
def test_terminal_output_fits_columns(
    fake_cli: CliRunner, tmp_path, command: str, columns: int
) -> None:
    if command == "diff":
        args = ["diff", MUNICH[2], MUNICH[3], "--format", "table", "--no-cache"]
    else:
        args = ["report", *MUNICH, "--out", str(tmp_path / "r"), "-f", "table", "--no-cache"]
    result = fake_cli.invoke(app, args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(text_width(line) for line in lines) <= columns
    # Title and verdict first, findings next; outlet names head the columns.
    assert lines[1].startswith(("2 sources", "4 sources"))
    assert lines.index("Findings, most severe first") < 20
    if command == "diff":
        head = next(line for line in lines if line.startswith("│ row"))
        assert "A GWS" in head and "B newsdesk-daily" in head
        assert max(text_width(line) for line in lines if line[:1] in "│┌├└╞") == columns


def test_table_format_is_honoured_when_piped(fake_cli: CliRunner) -> None:
    piped = fake_cli.invoke(app, ["diff", str(seed("000")), str(seed("001")), "--no-cache"])
    assert piped.stdout.lstrip().startswith("{")  # piped default: JSON for scripts
    table = fake_cli.invoke(
        app, ["diff", str(seed("000")), str(seed("001")), "-f", "table", "--no-cache"]
    )
    text = fake_cli.invoke(
        app, ["diff", str(seed("000")), str(seed("001")), "-f", "text", "--no-cache"]
    )
    assert table.stdout == text.stdout and "aligned groups" in table.stdout
    assert "\x1b[" not in table.stdout
