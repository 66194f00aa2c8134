"""The gloss of a Chinese statement in a real headless Chromium: hidden until asked for, shown
by the details toggle (which browsers operate by keyboard as well as by mouse)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from compare import pipeline
from compare.embed import FakeEmbedder
from compare.html import render_diff_html

PROBE = """<script>
function shown(el) {
  return el.checkVisibility ? el.checkVisibility() : el.offsetHeight > 0;
}
window.addEventListener("load", function () {
  var box = document.querySelector("details.gloss");
  var text = box.querySelector("p");
  var before = [box.open, shown(text)];
  box.querySelector("summary").click();
  var after = [box.open, shown(text)];
  document.documentElement.setAttribute("data-gloss", JSON.stringify([before, after]));
});
</script>"""


def test_gloss_is_hidden_until_the_toggle_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is required: `make test` installs it"
    monkeypatch.setattr("compare.embed.get_embedder", lambda name: FakeEmbedder())
    a, b = tmp_path / "state.txt", tmp_path / "mfa.txt"
    a.write_text("Readout\n\nWang Yi met Secretary of State Antony Blinken.\n", "utf-8")
    b.write_text("会见\n\n王毅会见美国国务卿布林肯。\n", "utf-8")
    page = tmp_path / "index.html"
    html = render_diff_html(pipeline.diff_paths(a, b, embedder_factory=lambda n: FakeEmbedder()))
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    match = re.search(r'data-gloss="([^"]*)"', dom)
    assert match, "the probe did not run"
    assert match.group(1).replace("&quot;", '"') == "[[false,false],[true,true]]"
    assert "Secretary of State" in dom
