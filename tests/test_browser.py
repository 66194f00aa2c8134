"""The committed reports in a real headless Chromium: layout, reading order, no JS needed.

The four-source report of a development event (Munich, 16 Feb 2024) must put the verdict and
the top findings on the first screen, fit a 420 px phone without sideways scrolling, and show
every finding and its explanation with JavaScript off. The page fetches nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

SEED_REPORT = ROOT / "reports" / "han-blinken-2023-09-18" / "index.html"
REPORT = ROOT / "reports" / "munich-blinken-wang-4-sources" / "index.html"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--hide-scrollbars",
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
# A page that shows the report in a frame of exactly the viewport under test, and measures it
# once drawn (the browser window itself has no exact inner size in headless mode).
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="index.html" style="border:0;width:%dpx;height:%dpx"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {
  var win = this.contentWindow, doc = this.contentDocument;
  function box(el) { var r = el.getBoundingClientRect(); return [r.top, r.bottom, r.width]; }
  function shown(el) { return el.getClientRects().length > 0 && win.getComputedStyle(el).visibility !== "hidden"; }
  var items = Array.prototype.slice.call(doc.querySelectorAll("li.finding"));
  var first = { viewport: [win.innerWidth, win.innerHeight],
    scrollWidth: doc.documentElement.scrollWidth,
    verdict: box(doc.getElementById("verdict")),
    findings: items.slice(0, 3).map(box) };
  // A reader opens each explanation (native <details>, no script needed).
  var read = items.map(function (li) {
    var msg = li.querySelector(".msg"), why = li.querySelector("details.why");
    var summary = why && why.querySelector("summary");
    if (why) why.open = true;
    var body = why ? Array.prototype.slice.call(why.querySelectorAll("p")) : [];
    return { id: li.id, message: shown(li) && msg && shown(msg) ? msg.textContent : "",
      summary: summary && shown(summary) ? summary.textContent : "",
      why: body.filter(shown).map(function (p) { return p.textContent; }).join(" ") };
  });
  first.read = read;
  first.scripted = doc.documentElement.classList.contains("js");
  document.documentElement.setAttribute("data-layout", JSON.stringify(first));
});
</script></body></html>"""
PAGE_SCRIPT = re.compile(r"<script>.*?</script>", re.S)


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


def probed(tmp_path: Path, page: Path, probe: str) -> Path:
    copy = tmp_path / "index.html"
    copy.write_text(
        page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8"
    )
    return copy


def layout(tmp_path: Path, width: int, height: int, *, script: bool = True) -> dict:
    """Measure REPORT in a `width` x `height` viewport; without its script when not `script`."""
    html = REPORT.read_text(encoding="utf-8")
    if not script:
        html = PAGE_SCRIPT.sub("", html)  # the page as a browser with JavaScript off shows it
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    frame = tmp_path / "frame.html"
    frame.write_text(FRAME % (width, height), encoding="utf-8")
    dom = run_chromium(
        tmp_path,
        "--allow-file-access-from-files",
        f"--window-size={width + 200},{height + 400}",
        "--dump-dom",
        frame.as_uri(),
    )
    match = re.search(r'data-layout="([^"]*)"', dom.stdout)
    assert match, "the layout probe did not run"
    return json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.fixture(scope="module")
def dom(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("browser")
    return run_chromium(tmp, "--dump-dom", probed(tmp, SEED_REPORT, PROBE).as_uri()).stdout


def test_all_source_columns_are_rendered(dom: str) -> None:
    report = json.loads((SEED_REPORT.parent / "report.json").read_text(encoding="utf-8"))
    assert len(report["sources"]) == 3
    for source in report["sources"]:
        assert f'<span class="badge">{source["label"]}</span> {source["name"]}' in dom


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


def test_first_screen_holds_the_verdict_and_the_top_three_findings(tmp_path: Path) -> None:
    seen = layout(tmp_path, 1400, 900)
    height = seen["viewport"][1]
    assert seen["verdict"][0] >= 0 and seen["verdict"][1] <= height
    assert len(seen["findings"]) == 3
    for top, bottom, _ in seen["findings"]:
        assert top > 0 and bottom <= height, seen


def test_no_sideways_scrolling_at_420_px(tmp_path: Path) -> None:
    seen = layout(tmp_path, 420, 900)
    assert seen["viewport"][0] == 420
    assert seen["scrollWidth"] <= seen["viewport"][0], seen


def test_every_finding_and_its_explanation_reads_without_javascript(tmp_path: Path) -> None:
    seen = layout(tmp_path, 1400, 900, script=False)
    assert not seen["scripted"]
    report = json.loads((REPORT.parent / "report.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in seen["read"]] == [f["id"] for f in report["findings"]]
    assert len(report["findings"]) > 3
    for shown, data in zip(seen["read"], report["findings"], strict=True):
        assert " ".join(shown["message"].split()) == " ".join(data["message"].split())
        assert shown["summary"] == "Why this is flagged"
        assert " ".join(data["explanation"].split()) in " ".join(shown["why"].split())


def test_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1600", REPORT.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
