"""Regenerate the seed reports: `make report` writes them to reports/, a test to a temp dir.

Run from the repository root so the source paths recorded in the reports stay relative.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Seed pairs for `readout diff`: the Han–Blinken meeting of 18 Sept 2023 (000, 001, 004) and
#: two different Xi–Blinken meetings (002, 003).
PAIRS = [("000", "001"), ("000", "004"), ("001", "004"), ("002", "003")]
#: Events for `readout report`: folder name and the seeds that report the event.
EVENTS = [
    ("han-blinken-2023-09-18", ("000", "001", "004")),
    ("xi-blinken-002-vs-003", ("002", "003")),
]
FORMATS = {"json": "json", "markdown": "md"}


def seed(prefix: str) -> str:
    (path,) = sorted((ROOT / "seeds").glob(f"{prefix}_*.txt"))
    return str(path.relative_to(ROOT))


def readout(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "compare", *args], cwd=ROOT, check=True)


def main(out: Path) -> None:
    for a, b in PAIRS:
        for fmt, ext in FORMATS.items():
            target = out / f"diff_{a}__{b}.{ext}"
            readout("diff", seed(a), seed(b), "--format", fmt, "--output", str(target))
        print(f"wrote {out}/diff_{a}__{b}.json and .md")
    for name, prefixes in EVENTS:
        readout("report", *(seed(p) for p in prefixes), "--out", str(out / name))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "reports")
