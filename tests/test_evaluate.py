from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare.errors import GoldError
from compare.evaluate import load_gold, score_findings, score_links
from compare.models import Alignment, Finding, Statement

TEXT_A = "Alpha one. Beta two. Gamma three."
TEXT_B = "Alpha uno. Beta dos. Gamma tres."


def _sentences(text: str, prefix: str) -> list[dict]:
    out, pos = [], 0
    for k, part in enumerate(text.split(". ")):
        part = part if part.endswith(".") else part + "."
        start = text.index(part, pos)
        out.append(
            {"id": f"{prefix}{k + 1}", "start": start, "end": start + len(part), "text": part}
        )
        pos = start + len(part)
    return out


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_B, encoding="utf-8")
    data = {
        "schema": "readout.gold/1",
        "event": "test",
        "a": "a.txt",
        "b": "b.txt",
        "sentences": {"a": _sentences(TEXT_A, "a"), "b": _sentences(TEXT_B, "b")},
        "groups": [{"a": ["a1"], "b": ["b1"]}, {"a": ["a2", "a3"], "b": ["b2"]}],
        "findings": [{"kind": "wording", "a": "a1", "b": "b1", "a_text": "one", "b_text": "uno"}],
    }
    path = tmp_path / "pair.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def stmts(text: str, source: str) -> list[Statement]:
    return [
        Statement(f"{source}:{k}", source, k, s["text"], s["start"], s["end"])
        for k, s in enumerate(_sentences(text, source))
    ]


def test_perfect_prediction_scores_one(gold: Path) -> None:
    g = load_gold(gold)
    st = [*stmts(TEXT_A, "a"), *stmts(TEXT_B, "b")]
    groups = [Alignment(("a:0",), ("b:0",), 1.0), Alignment(("a:1", "a:2"), ("b:1",), 1.0)]
    scores = score_links(g, st, groups)
    assert (scores["all"].tp, scores["all"].fp, scores["all"].fn) == (3, 0, 0)
    assert scores["1:1"].recall == 1.0 and scores["1:n"].recall == 1.0


def test_wrong_and_missing_links_count(gold: Path) -> None:
    g = load_gold(gold)
    st = [*stmts(TEXT_A, "a"), *stmts(TEXT_B, "b")]
    groups = [Alignment(("a:0",), ("b:2",), 0.9)]
    scores = score_links(g, st, groups)["all"]
    assert (scores.tp, scores.fp, scores.fn) == (0, 1, 3)
    assert scores.f1 == 0.0


def test_statement_covering_two_gold_sentences_counts_for_both(gold: Path) -> None:
    g = load_gold(gold)
    merged = Statement("a:0", "a", 0, TEXT_A[10:], 11, len(TEXT_A))  # "Beta two. Gamma three."
    b = stmts(TEXT_B, "b")
    scores = score_links(g, [merged, *b], [Alignment(("a:0",), ("b:1",), 0.8)])["all"]
    assert (scores.tp, scores.fp, scores.fn) == (2, 0, 1)


def test_findings_match_by_overlap_and_kind(gold: Path) -> None:
    g = load_gold(gold)
    right = Finding("wording", ("a:0",), ("b:0",), "one", "uno", (6, 9), (6, 9), "low", "")
    wrong_kind = Finding("tone", ("a:0",), ("b:0",), "one", "uno", (6, 9), (6, 9), "low", "")
    elsewhere = Finding("number", ("a:1",), ("b:1",), "two", "dos", (16, 19), (16, 19), "low", "")
    omission = Finding("omission", ("a:2",), (), "Gamma three.", "", (21, 33), None, "low", "")
    any_kind, kind, per = score_findings(g, [right, elsewhere, omission])
    assert (any_kind.tp, any_kind.fp, any_kind.fn) == (1, 1, 0)
    assert kind.recall == 1.0 and per["wording"].tp == 1
    any_kind, kind, _ = score_findings(g, [wrong_kind])
    assert any_kind.recall == 1.0 and kind.recall == 0.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a readable JSON"),
        ('{"schema": "other"}', "schema"),
        ('{"schema": "readout.gold/1", "a": "a.txt", "b": "b.txt"}', "malformed"),
    ],
)
def test_bad_gold_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        load_gold(path)


def test_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no such gold file"):
        load_gold(tmp_path / "missing.json")
