"""benchmarks/judged.py: the judges' scorer's arithmetic on a hand-made gold pair.

The expected numbers were worked out by hand from the scorer's rules (and agree with
`score.py` of the shared tools, which tests do not read).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import judged


def gold() -> dict[str, Any]:
    return {
        "a": "a.txt",
        "b": "b.txt",
        "sentences": {
            "a": [
                {"id": "a1", "start": 0, "end": 10},
                {"id": "a2", "start": 10, "end": 20},
                {"id": "a3", "start": 20, "end": 30},
            ],
            "b": [{"id": "b1", "start": 0, "end": 10}, {"id": "b2", "start": 10, "end": 20}],
        },
        "groups": [{"a": ["a1"], "b": ["b1"]}, {"a": ["a2", "a3"], "b": ["b2"]}],
        "findings": [
            {"kind": "tone", "a": "a1", "b": "b1", "a_text": "candid", "b_text": "frank"},
            {"kind": "number", "a": "a2", "b": "b2", "a_text": "five", "b_text": "six"},
            {"kind": "hedge", "a": "a3", "b": "b2", "a_text": "will", "b_text": "may"},
        ],
    }


def finding(kind: str, a: Any, b: Any, a_text: str = "", b_text: str = "") -> dict[str, Any]:
    return {"kind": kind, "a": a, "b": b, "a_text": a_text, "b_text": b_text}


def prediction() -> dict[str, Any]:
    return {
        "sources": [{"id": "x"}, {"id": "y"}],
        "statements": [
            {"id": "x:1", "source": "x", "start": 0, "end": 10},  # a1
            {"id": "x:2", "source": "x", "start": 10, "end": 30},  # a2 and a3
            {"id": "y:1", "source": "y", "start": 0, "end": 10},  # b1
            {"id": "y:2", "source": "y", "start": 10, "end": 20},  # b2
            {"id": "y:3", "source": "y", "start": 20, "end": 25},  # no gold sentence
        ],
        "pairs": [
            {"a": "x:1", "b": "y:2"},  # a1-b2: false
            {"a": ["x:2"], "b": ["y:2"]},  # a2-b2, a3-b2: true
            {"a": "x:1", "b": None},  # unmatched: no link
        ],
        "findings": [
            finding("tone", "x:1", "y:1", "Candid ", "frank and"),  # finds tone, kind matched
            finding("wording", ["x:2"], ["y:2"], "five", "six"),  # finds number, another kind
            finding("omission", "x:1", None, "candid", ""),  # left out
            finding("hedge", "x:2", "y:3", "will", "may"),  # b side covers no gold sentence
            finding("tone", "x:1", "y:1", "warm", "cool"),  # texts do not overlap
        ],
    }


def test_score_pair_matches_the_scorer() -> None:
    row = judged.score_pair(gold(), prediction(), name="events/d9/pair_x__y.json")
    assert (row.tp, row.pred_links, row.gold_links) == (2, 3, 3)
    assert (row.gold_findings, row.hit_strict, row.hit_any) == (3, 1, 2)
    assert (row.pred_findings, row.pred_findings_matched) == (4, 2)
    assert not row.cross


def test_totals_split_links_findings_and_cross_pairs() -> None:
    same = judged.score_pair(gold(), prediction(), name="events/d9/pair_x__y.json")
    cross_gold = {**gold(), "groups": [], "findings": []}
    cross = judged.score_pair(cross_gold, prediction(), name="events/cross/pair_x__y.json")
    assert cross.cross and cross.tp == 0 and cross.pred_links == 3
    t = judged.totals([same, cross])
    # Links over the same-event pair only: 2 of 3 predicted, 2 of 3 gold.
    assert t.link_p == pytest.approx(2 / 3) and t.link_r == pytest.approx(2 / 3)
    assert t.link_f1 == pytest.approx(2 / 3)
    # Findings over both pairs; the cross pair has no gold finding but 4 predicted ones.
    assert (t.gold_findings, t.hit_strict, t.hit_any) == (3, 1, 2)
    assert t.recall_strict == pytest.approx(1 / 3) and t.recall_any == pytest.approx(2 / 3)
    assert t.precision == pytest.approx(2 / 8)
    assert t.cross_links == 3


@pytest.mark.parametrize(
    ("tp", "n_pred", "n_gold", "expected"),
    [
        (0, 0, 0, (1.0, 1.0, 1.0)),
        (0, 0, 4, (0.0, 0.0, 0.0)),
        (0, 3, 0, (0.0, 1.0, 0.0)),
        (2, 4, 8, (0.5, 0.25, 1 / 3)),
    ],
)
def test_prf_on_empty_and_full_sets(
    tp: int, n_pred: int, n_gold: int, expected: tuple[float, float, float]
) -> None:
    assert judged.prf(tp, n_pred, n_gold) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("path", "chinese"),
    [
        ("tests/data/events/d1/pair_mfa_zh__wire.json", True),
        ("tests/data/events/d4/pair_wire__hk_zh.json", True),
        ("tests/data/gold/pair_000__004.json", True),
        ("tests/data/gold/pair_000__001.json", False),
        ("tests/data/events/d3/pair_mfa__wire.json", False),
        ("tests/data/gold/pair_004__001.json", False),
    ],
)
def test_chinese_pairs_are_named_by_path(path: str, chinese: bool) -> None:
    assert judged.is_chinese(path) is chinese


def test_score_files_reads_the_gold_and_asks_for_its_two_sources(tmp_path: Path) -> None:
    path = judged.ROOT / "tests" / "data" / "gold" / "pair_000__001.json"
    asked: list[tuple[Path, Path]] = []

    def predict(a: Path, b: Path) -> dict[str, Any]:
        asked.append((a, b))
        return {"sources": [{"id": "a"}, {"id": "b"}], "statements": [], "pairs": []}

    (row,) = judged.score_files([path], predict)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert asked == [((path.parent / doc["a"]).resolve(), (path.parent / doc["b"]).resolve())]
    assert row.tp == 0 and row.gold_links > 0 and row.gold == "tests/data/gold/pair_000__001.json"


def test_section_shows_targets_and_verdicts() -> None:
    row = judged.score_pair(gold(), prediction(), name="tests/data/gold/pair_000__004.json")
    text = judged.section([row], "a fake")
    assert "Chinese–English pairs (1)" in text and "same-language pairs (0)" in text
    assert "F1 ≥ 0.80 **not met**" in text
    assert "≥ 0.60 **met**" in text  # any-kind recall 2/3
