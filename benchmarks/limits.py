"""Section 6 of BENCHMARKS.md: the largest input `readout diff` handles within 60 s and 2 GiB.

Each size is a pair of generated documents (`bench.make_documents`: seed sentences, perturbed,
every statement distinct, side b rewriting most of side a) written to files and compared by
the real command line in a fresh process with a fresh cache:

    XDG_CACHE_HOME=$(mktemp -d) .venv/bin/python -m compare --max-size 1G diff A B -f json -o OUT

Sizes double from `FIRST_SIZE` statements per side until a run takes over `TIME_LIMIT_S` or
its resident memory passes `MEMORY_LIMIT_BYTES` (a watchdog stops it there, so a runaway run
never takes the shared machine's memory); then `REFINE_STEPS` bisection steps narrow the
largest size that passes. Wall time and peak RSS (the child's `ru_maxrss`) of every run are
the time and memory curve.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT_S = 60.0
MEMORY_LIMIT_BYTES = 2 * 1024**3
FIRST_SIZE = 250
REFINE_STEPS = 2
#: Never go past this many statements per side (a machine far faster than today's).
MAX_SIZE = 512_000
_POLL_S = 0.2
HEADING = "## 6. Largest input within 60 s and 2 GiB"


@dataclass(frozen=True)
class Run:
    """One `readout diff` on generated documents of `size` statements per side."""

    size: int
    bytes_per_side: int
    wall_s: float
    cpu_s: float  # user + system time of the run: what it costs without other load
    peak_rss: int
    exit_code: int | None
    stopped: str | None  # "time" or "memory" when the watchdog ended it

    @property
    def handled(self) -> bool:
        return (
            self.stopped is None
            and self.exit_code == 0
            and self.wall_s <= TIME_LIMIT_S
            and self.peak_rss <= MEMORY_LIMIT_BYTES
        )


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(size: int, make_documents: Callable[[int], tuple[str, str]]) -> Run:
    """Generate, write and diff one pair of `size` statements per side."""
    text_a, text_b = make_documents(size)
    with tempfile.TemporaryDirectory(prefix="readout-limits-") as tmp:
        folder = Path(tmp)
        a, b = folder / "a.txt", folder / "b.txt"
        a.write_text(text_a, encoding="utf-8")
        b.write_text(text_b, encoding="utf-8")
        env = dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"), HF_HUB_OFFLINE="1")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        argv = [sys.executable, "-m", "compare", "--max-size", "1G", "diff", str(a), str(b)]
        argv += ["-f", "json", "-o", str(folder / "out.json")]
        start = time.perf_counter()
        child = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        stopped: list[str] = []
        done = threading.Event()

        def watch() -> None:
            while not done.wait(_POLL_S):
                if time.perf_counter() - start > TIME_LIMIT_S:
                    stopped.append("time")
                elif _rss(child.pid) > MEMORY_LIMIT_BYTES:
                    stopped.append("memory")
                else:
                    continue
                os.kill(child.pid, signal.SIGKILL)
                return

        watchdog = threading.Thread(target=watch, daemon=True)
        watchdog.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        watchdog.join()
        child.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        size=size,
        bytes_per_side=len(text_a.encode("utf-8")),
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss=usage.ru_maxrss * 1024,
        exit_code=child.returncode,
        stopped=stopped[0] if stopped else None,
    )


def find_limit(
    make_documents: Callable[[int], tuple[str, str]], log: Callable[[str], None] = print
) -> list[Run]:
    """Every run, in the order made: doubling up to the first failure, then bisection."""
    runs: list[Run] = []

    def run(size: int) -> Run:
        result = measure(size, make_documents)
        log(
            f"limits: {size:,} statements/side ({result.bytes_per_side / 1024:.0f} KiB): "
            f"{result.wall_s:.1f} s ({result.cpu_s:.1f} s CPU), "
            f"{result.peak_rss / 1024**2:.0f} MiB, "
            f"{'handled' if result.handled else 'NOT handled'}"
        )
        runs.append(result)
        return result

    size, good, bad = FIRST_SIZE, 0, 0
    while size <= MAX_SIZE:
        if not run(size).handled:
            bad = size
            break
        good, size = size, size * 2
    for _ in range(REFINE_STEPS if bad else 0):
        middle = (good + bad) // 2
        if middle in (good, bad):
            break
        if run(middle).handled:
            good = middle
        else:
            bad = middle
    return runs


def section(runs: list[Run], command: str, load: tuple[tuple[float, ...], ...] = ()) -> str:
    """The Markdown of section 6; `load`: the load averages at the start and the end."""
    handled = [r for r in runs if r.handled]
    best = max(handled, key=lambda r: r.size) if handled else None
    lines = [
        HEADING,
        "",
        "Command (a fresh process and an empty cache per run; generated documents, "
        "`bench.make_documents`, every statement distinct):",
        "",
        f"    {command}",
        "",
    ]
    if load:
        shown = " at the start, ".join(", ".join(f"{x:.2f}" for x in avg) for avg in load)
        lines += [
            f"Load average (1, 5, 15 min): {shown} at the end. Wall time counts the CPU the run"
            " did not get on a shared machine; CPU time (user + system, all threads) is what"
            " the run itself cost.",
            "",
        ]
    if best is None:
        lines.append("No size was handled within the limits.")
    else:
        lines.append(
            f"Largest input handled: **{best.size:,} statements per side "
            f"({best.bytes_per_side / 1024:.0f} KiB per side)** in {best.wall_s:.1f} s "
            f"({best.cpu_s:.1f} s CPU) "
            f"with a peak of {best.peak_rss / 1024**2:.0f} MiB."
        )
    lines += [
        "",
        "| statements per side | KiB per side | wall (s) | CPU (s) | peak RSS (MiB) |"
        " wall s per 1,000 statements | result |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in sorted(runs, key=lambda r: r.size):
        result = "handled" if r.handled else f"not handled ({r.stopped or f'exit {r.exit_code}'})"
        lines.append(
            f"| {r.size:,} | {r.bytes_per_side / 1024:.0f} | {r.wall_s:.1f} | {r.cpu_s:.1f} | "
            f"{r.peak_rss / 1024**2:.0f} | {1000 * r.wall_s / r.size:.2f} | {result} |"
        )
    return "\n".join(lines) + "\n"
