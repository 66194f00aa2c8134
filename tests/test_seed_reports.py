"""The committed reports/ are the golden files: regenerating them must change nothing."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    env = {**os.environ, "XDG_CACHE_HOME": str(out / ".cache")}
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "seed_reports.py"), str(out), "--no-screenshot"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return out


def committed_files() -> list[Path]:
    """The generated reports; the screenshot's bytes depend on fonts, so it is checked apart."""
    return sorted(
        p.relative_to(ROOT / "reports")
        for p in (ROOT / "reports").rglob("*")
        if p.is_file() and p.suffix != ".png"
    )


def test_reports_are_committed() -> None:
    names = {str(p) for p in committed_files()}
    assert "han-blinken-2023-09-18/report.json" in names
    assert "han-blinken-2023-09-18/report.md" in names
    assert "diff_000__001.json" in names
    assert "munich-blinken-wang-4-sources/index.html" in names


def test_readme_screenshot_is_committed() -> None:
    shot = ROOT / "reports" / "munich-blinken-wang-4-sources" / "screenshot.png"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 900)
    assert "reports/munich-blinken-wang-4-sources/screenshot.png" in (ROOT / "README.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("name", [str(p) for p in committed_files()])
def test_committed_report_is_fresh(regenerated: Path, name: str) -> None:
    fresh, committed = regenerated / name, ROOT / "reports" / name
    assert fresh.exists(), f"{name} is no longer generated; delete it or run `make report`"
    assert filecmp.cmp(fresh, committed, shallow=False), (
        f"reports/{name} is stale: run `make report`"
    )


def test_no_generated_report_is_missing(regenerated: Path) -> None:
    fresh = {
        str(p.relative_to(regenerated))
        for p in regenerated.rglob("*")
        if p.is_file() and ".cache" not in p.parts
    }
    assert fresh <= {str(p) for p in committed_files()}, "run `make report` and commit reports/"
