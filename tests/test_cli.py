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
