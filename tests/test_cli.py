from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GOLD, seed
from typer.testing import CliRunner

from compare.cli import app
from compare.embed import FakeEmbedder

runner = CliRunner()


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("compare.embed.get_embedder", lambda name: FakeEmbedder())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_no_args_shows_help() -> None:
    result = invoke()
    assert "diff" in result.output and "report" in result.output


def test_diff_json_contract() -> None:
    result = invoke("diff", str(seed("000")), str(seed("001")), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "readout.diff/1"
    assert [s["id"] for s in data["sources"]] == ["a", "b"]
    for key in ("path", "outlet", "date", "language", "role"):
        assert key in data["sources"][0]
    texts = {
        p: Path(s["path"]).read_text(encoding="utf-8")
        for p, s in zip("ab", data["sources"], strict=True)
    }
    ids = set()
    for st in data["statements"]:
        assert texts[st["source"]][st["start"] : st["end"]] == st["text"]
        assert st["id"].startswith(st["source"] + ":")
        ids.add(st["id"])
    seen = []
    for pair in data["pairs"]:
        assert pair["a"] and pair["b"]
        assert all(0.0 <= pair[k] <= 1.0 for k in ("score", "semantic", "lexical"))
        seen += pair["a"] + pair["b"]
    seen += data["unmatched"]
    assert sorted(seen) == sorted(ids)  # every statement exactly once
    for f in data["findings"]:
        assert {
            "kind",
            "a",
            "b",
            "a_text",
            "b_text",
            "a_span",
            "b_span",
            "severity",
            "message",
        } <= set(f)


def test_diff_is_deterministic() -> None:
    args = ("diff", str(seed("000")), str(seed("004")), "--format", "json")
    assert invoke(*args).stdout == invoke(*args).stdout


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("markdown", "## Who reported what"),
        ("table", "aligned groups"),
        ("html", "<!doctype html>"),
    ],
)
def test_diff_formats(fmt: str, marker: str) -> None:
    result = invoke("diff", str(seed("000")), str(seed("001")), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert marker.lower() in result.stdout.lower()


def test_diff_output_file(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "d.json"
    result = invoke("diff", str(seed("000")), str(seed("001")), "-f", "json", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "readout.diff/1"


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p / "missing.txt", "missing.txt"),
        (
            lambda p: (p / "empty.txt").write_text("") and p / "empty.txt" or p / "empty.txt",
            "empty.txt",
        ),
        (lambda p: (p / "bin.txt").write_bytes(b"\x00\x01\x02" * 100) and p / "bin.txt", "bin.txt"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, make, needle: str) -> None:
    path = make(tmp_path)
    result = invoke("diff", str(path), str(seed("001")))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("readout: error:")
    assert "Traceback" not in result.output


def test_same_file_twice_is_an_error() -> None:
    result = invoke("diff", str(seed("000")), str(seed("000")))
    assert result.exit_code == 2 and "given twice" in result.stderr


def test_minilm_refuses_chinese() -> None:
    result = invoke("diff", str(seed("000")), str(seed("004")), "--backend", "minilm")
    assert result.exit_code == 2 and "English-only" in result.stderr


def test_report_writes_three_files(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    result = invoke(
        "report", str(seed("000")), str(seed("001")), str(seed("004")), "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {"index.html", "report.md", "report.json"}
    assert (
        json.loads((out / "report.json").read_text(encoding="utf-8"))["schema"]
        == "readout.report/2"
    )


def test_report_refuses_to_overwrite_foreign_files(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    out.mkdir()
    (out / "index.html").write_text("mine", encoding="utf-8")
    result = invoke("report", str(seed("000")), str(seed("001")), "--out", str(out))
    assert result.exit_code == 2
    assert (out / "index.html").read_text(encoding="utf-8") == "mine"


def test_eval_scores_gold() -> None:
    result = invoke("eval", str(GOLD / "pair_000__001.json"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "readout.eval/1"
    assert 0.0 <= data["links"]["all"]["f1"] <= 1.0


def test_cache_info_and_clear() -> None:
    assert invoke("diff", str(seed("000")), str(seed("001")), "-f", "json").exit_code == 0
    info = invoke("cache", "info")
    assert info.exit_code == 0 and "fake:bag-of-words" in info.stdout
    cleared = invoke("cache", "clear")
    assert cleared.exit_code == 0 and "removed" in cleared.stdout
    assert "entries: 0" in invoke("cache", "info").stdout


# ---------------------------------------------------------------------------------------------
# Options: where they go, what they are called, what errors say
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["diff", "--verbose", "a", "b"], ["--verbose", "diff", "a", "b"]),
        (["diff", "a", "-v", "b", "--debug"], ["-v", "--debug", "diff", "a", "b"]),
        (["report", "a", "--max-size", "5M", "b"], ["--max-size", "5M", "report", "a", "b"]),
        (["--debug", "diff", "--max-size=1k", "a"], ["--debug", "--max-size=1k", "diff", "a"]),
        (["cache", "info", "--verbose"], ["--verbose", "cache", "info"]),
        # negative rows: nothing to move, or an argument after `--`
        (["diff", "a", "b"], ["diff", "a", "b"]),
        (["diff", "--", "--verbose", "b"], ["diff", "--", "--verbose", "b"]),
        (["--help"], ["--help"]),
    ],
)
def test_global_options_are_hoisted_before_the_command(
    args: list[str], expected: list[str]
) -> None:
    from compare.cli import hoist_global_options

    assert hoist_global_options(args, ["diff", "report", "cache", "check", "eval"]) == expected


def test_global_options_work_after_the_command() -> None:
    result = runner.invoke(
        app, ["diff", "--verbose", str(seed("000")), str(seed("001")), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "encoding" in result.stderr  # what --verbose says


def test_max_size_error_names_the_option_typed(tmp_path: Path) -> None:
    result = invoke("diff", "--max-size", "1k", str(seed("000")), str(seed("001")))
    assert result.exit_code == 2
    assert "--max-size" in result.stderr and "READOUT_MAX_BYTES" not in result.stderr
    bad = invoke("--max-size", "lots", "diff", str(seed("000")), str(seed("001")))
    assert bad.exit_code == 2 and "--max-size='lots' is not a size" in bad.stderr


def test_help_shows_flags_without_a_value() -> None:
    for args in ([], ["diff"], ["report"], ["eval"], ["check"]):
        text = runner.invoke(app, [*args, "--help"]).output
        assert "<bool>" not in text and "--help" in text
    assert "--verbose" in runner.invoke(app, ["--help"]).output


def test_check_accepts_table_as_text(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "readout.txt").write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    outputs = []
    for fmt in ("text", "table"):
        result = invoke(
            "check", str(seed("001")), "--against", str(corpus), "-f", fmt, "--fail-on", "none"
        )
        outputs.append((result.exit_code, result.stdout))
    assert outputs[0] == outputs[1]


def test_eval_formats_and_output_file(tmp_path: Path) -> None:
    gold = str(GOLD / "pair_000__001.json")
    for fmt, marker in (
        ("table", "link"),
        ("text", "link"),
        ("markdown", "|"),
        ("json", '"schema"'),
    ):
        target = tmp_path / f"eval.{fmt}"
        result = invoke("eval", gold, "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, result.output
        assert result.stdout == "" and marker in target.read_text(encoding="utf-8")
    html = invoke("eval", gold, "--format", "html")
    assert html.exit_code == 2 and "html" in html.output


def test_report_title_and_labels(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    result = invoke(
        "report",
        str(seed("000")),
        str(seed("001")),
        "--out",
        str(out),
        "--title",
        "Han meets Blinken",
        "--label",
        "China Daily",
        "--label",
        "Xinhua",
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["title"] == "Han meets Blinken"
    assert [s["name"] for s in data["sources"]] == ["China Daily", "Xinhua"]
    assert "outlet" not in data["sources"][0]["inferred"]
    too_many = invoke(
        "report", str(seed("000")), str(seed("001")), "--out", str(out), *["--label", "X"] * 3
    )
    assert too_many.exit_code == 2 and "--label given 3 times for 2 sources" in too_many.stderr


def test_report_prints_its_summary_when_asked(tmp_path: Path) -> None:
    result = invoke(
        "report", str(seed("000")), str(seed("001")), "--out", str(tmp_path / "r"), "-f", "table"
    )
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[:3]
    assert first[1].startswith("2 sources")
    assert "wrote" in result.stderr
