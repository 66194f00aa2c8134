"""A Traditional Chinese report against the German government's English release of the same
meeting (development event d4, copied unchanged into tests/data/events), with the real USE model,
LAC and CC-CEDICT: the links and findings a bilingual reader sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare import pipeline

pytestmark = pytest.mark.model

EVENT = Path(__file__).parent / "data" / "events" / "d4_beijing_scholz_xi"


def gold_links(diff, gold: dict) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """(predicted, gold) links as gold sentence-id pairs, by sentence midpoints."""
    by_id = {s.id: s for s in diff.statements}

    def ids(sid: str, side: str) -> set[str]:
        st = by_id[sid]
        return {
            g["id"]
            for g in gold["sentences"][side]
            if st.start <= (g["start"] + g["end"]) // 2 < st.end
        }

    predicted = {
        (x, y)
        for group in diff.pairs
        for i in group.a
        for j in group.b
        for x in ids(i, "a")
        for y in ids(j, "b")
    }
    expected = {(x, y) for g in gold["groups"] for x in g["a"] for y in g["b"]}
    return predicted, expected


def test_traditional_chinese_report_aligns_and_differs_from_the_english_release() -> None:
    gold = json.loads((EVENT / "pair_bundesregierung__hk_zh.json").read_text(encoding="utf-8"))
    diff = pipeline.diff_paths(EVENT / "bundesregierung.txt", EVENT / "hk_zh.txt")
    predicted, expected = gold_links(diff, gold)
    true = len(predicted & expected)
    precision, recall = true / len(predicted), true / len(expected)
    # Before the dictionary evidence this pair had no link at all.
    assert precision >= 0.75 and recall >= 0.75, (precision, recall)
    found = {(f.kind, f.b_text) for f in diff.findings}
    # The planted differences: a wrong title, a shorter meeting, a negated agreement, a
    # characterisation that is no translation ...
    assert ("entity", "總統") in found
    assert ("number", "約兩小時") in found
    assert ("polarity", "並未同意") in found
    assert ("tone", "坦誠") in found
    assert ("attribution", "警告") in found
    # ... and none of the faithful translations (深入 = in-depth, 瘋狂 = insane) is a finding.
    assert not {b for kind, b in found if kind not in ("omission", "addition")} & {"深入", "瘋狂"}
