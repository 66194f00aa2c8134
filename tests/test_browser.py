"""The seed report in a real headless Chromium: it renders, highlights, and fetches nothing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

REPORT = ROOT / "reports" / "han-blinken-2023-09-18" / "index.html"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=3000",
]
# Appended to a copy of the page: records every resource the page itself requested.
PROBE = """<script>
window.addEventListener("load", function () {
  var names = performance.getEntriesByType("resource").map(function (e) { return e.name; });
  document.documentElement.setAttribute("data-resources", JSON.stringify(names));
});
</script>"""


def chromium() -> str:
    path = shutil.which("chromium")
    assert path, "Debian's chromium is required: `make test` installs it (apt-get install chromium)"
    return path


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def dom(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "index.html"
    page.write_text(
        REPORT.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    return run_chromium(tmp, "--dump-dom", page.as_uri()).stdout


def test_all_source_columns_are_rendered(dom: str) -> None:
    report = json.loads((REPORT.parent / "report.json").read_text(encoding="utf-8"))
    assert len(report["sources"]) == 3
    for source in report["sources"]:
        name = source["outlet"] or Path(source["path"]).name
        assert name in dom


def test_differing_words_are_highlighted(dom: str) -> None:
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", dom, flags=re.S)
    texts = {re.sub(r"<[^>]+>", "", m).strip() for m in marks}
    assert {"candid", "frank"} <= texts
    assert "not reported" in dom


def test_page_requests_nothing_external(dom: str) -> None:
    match = re.search(r'data-resources="([^"]*)"', dom)
    assert match, "the probe did not run: JavaScript failed in the page"
    resources = json.loads(match.group(1).replace("&quot;", '"'))
    assert resources == []
    assert not re.search(r'(src|href)="(https?:)?//', dom)


def test_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1600", REPORT.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
