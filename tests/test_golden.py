"""Golden files for one seed event, built with the deterministic fake embedder.

Set READOUT_UPDATE_GOLDEN=1 to rewrite them after an intended change, and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from compare.cli import app
from compare.embed import FakeEmbedder

GOLDEN = Path(__file__).parent / "golden"
EVENT = [
    "seeds/000_8787d782b2ebc6e2.txt",
    "seeds/001_18927ce6daa1f5a6.txt",
    "seeds/004_e9782fc91ef0adc9.txt",
]


@pytest.fixture
def generated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr("compare.embed.get_embedder", lambda name: FakeEmbedder())
    monkeypatch.chdir(ROOT)
    out = tmp_path / "event"
    result = CliRunner().invoke(app, ["report", *EVENT, "--out", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    diff = CliRunner().invoke(app, ["diff", EVENT[0], EVENT[1], "-f", "json", "--no-cache"])
    assert diff.exit_code == 0, diff.output
    (out / "diff_000__001.json").write_text(diff.stdout, encoding="utf-8")
    return out


@pytest.mark.parametrize("name", ["report.md", "report.json", "diff_000__001.json"])
def test_matches_golden(generated: Path, name: str) -> None:
    fresh = (generated / name).read_text(encoding="utf-8")
    golden = GOLDEN / f"event_000_001_004_{name}"
    if os.environ.get("READOUT_UPDATE_GOLDEN"):
        golden.write_text(fresh, encoding="utf-8")
    assert fresh == golden.read_text(encoding="utf-8")
