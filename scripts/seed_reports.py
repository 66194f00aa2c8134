"""Regenerate the committed reports: `make report` writes them to reports/, a test to a temp dir.

Run from the repository root so the source paths recorded in the reports stay relative.
With Debian's chromium installed (`make browser`), also writes the README's screenshot of the
four-source report (`reports/SCREENSHOT`); its bytes depend on fonts, so no test compares them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS_DIR = "tests/data/events"
#: Seed pairs for `readout diff`: the Han–Blinken meeting of 18 Sept 2023 (000, 001, 004) and
#: two different Xi–Blinken meetings (002, 003).
PAIRS = [("000", "001"), ("000", "004"), ("001", "004"), ("002", "003")]
#: Events for `readout report`: folder name and the sources that report the event (seed
#: prefixes, or paths of development events).
EVENTS: list[tuple[str, tuple[str, ...]]] = [
    ("han-blinken-2023-09-18", ("000", "001", "004")),
    ("xi-blinken-002-vs-003", ("002", "003")),
    (
        "munich-blinken-wang-4-sources",
        tuple(
            f"{EVENTS_DIR}/d1_munich_blinken_wang/{name}.txt"
            for name in ("state", "mfa_zh", "wire", "syndicated")
        ),
    ),
]
FORMATS = {"json": "json", "markdown": "md"}
#: The README's picture: the first screen of this report at 1400 x 900.
SCREENSHOT = "munich-blinken-wang-4-sources/screenshot.png"
SCREENSHOT_SIZE = "1400,900"


def seed(prefix: str) -> str:
    if "/" in prefix:
        return prefix
    (path,) = sorted((ROOT / "seeds").glob(f"{prefix}_*.txt"))
    return str(path.relative_to(ROOT))


def readout(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "compare", *args], cwd=ROOT, check=True)


def screenshot(page: Path, target: Path) -> bool:
    """A PNG of the page's first screen, taken by headless chromium; False without chromium."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return False
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={SCREENSHOT_SIZE}",
                f"--screenshot={target}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return True


def main(out: Path, *, shoot: bool = True) -> None:
    for a, b in PAIRS:
        for fmt, ext in FORMATS.items():
            target = out / f"diff_{a}__{b}.{ext}"
            readout("diff", seed(a), seed(b), "--format", fmt, "--output", str(target))
        print(f"wrote {out}/diff_{a}__{b}.json and .md")
    for name, sources in EVENTS:
        readout("report", *(seed(p) for p in sources), "--out", str(out / name))
    if shoot:
        page = out / SCREENSHOT.split("/")[0] / "index.html"
        if screenshot(page, out / SCREENSHOT):
            print(f"wrote {out / SCREENSHOT}")
        else:
            print("chromium not found: screenshot not taken (make browser installs it)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-screenshot"]
    main(Path(args[0]) if args else ROOT / "reports", shoot="--no-screenshot" not in sys.argv)
