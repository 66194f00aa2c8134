"""`make bench` part for `readout corpus`: throughput, memory, grouping quality, incrementality.

    python benchmarks/corpus_bench.py [--sizes 1000,3000,10000] [--real 100] [--out FILE.md]

On a generated corpus (benchmarks/corpus_gen.py; 10 articles per meeting) and a local
dask.distributed cluster of 2 single-threaded workers:

1. per size N, with the deterministic fake embedder (what the pipeline around the model
   costs): `index` articles/s, `events` seconds, pairwise precision/recall of the grouping
   (all articles; English ones only), peak memory per worker; the growth of cost with N;
2. at the smallest size: `check` of every article, articles/s;
3. at the largest size: incremental `check --new` of 100 unseen articles against the indexed
   corpus, against indexing the corpus from scratch;
4. `events.group` alone on synthetic articles (`--group-sizes`, up to 100k): seconds per
   article and pairwise precision/recall, to show the grouping's cost grows linearly;
5. with the real default model (USE) on `--real` articles: `index` articles/s against the
   bare encoder embedding the same articles' statements in one process; grouping; and
   `check --new` of 100 unseen articles against them, compared with indexing 10k articles
   at the measured cost per article (extrapolated: 10k with the real model is ~40 minutes).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus_gen  # noqa: E402

ARTICLES_PER_MEETING = 10
NEW_ARTICLES = 100
#: Articles indexed first with the real model, so each worker has loaded its models.
WARM_ARTICLES = 20


def _grouping(store, labels: dict[str, int]) -> dict[str, float]:
    from compare.corpus import events as ev

    began = time.perf_counter()
    grouped = ev.group(ev.load(store))
    seconds = time.perf_counter() - began
    rows = store.read("articles", columns=["article", "path", "language"]).to_pylist()
    name = {r["article"]: Path(r["path"]).name for r in rows}
    english = {r["article"] for r in rows if r["language"] == "en"}
    predicted = {name[a]: e.id for e in grouped for a in e.articles}
    p, r = corpus_gen.pairwise(predicted, labels)
    pe, re_ = corpus_gen.pairwise(
        {name[a]: e.id for e in grouped for a in e.articles if a in english}, labels
    )
    return {
        "events_seconds": round(seconds, 2),
        "events": len(grouped),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "precision_en": round(pe, 4),
        "recall_en": round(re_, 4),
    }


def run_size(n: int, work: Path, *, check_all: bool, incremental: bool) -> dict[str, object]:
    from compare.corpus import check as corpus_check
    from compare.corpus import index as ix
    from compare.corpus import store as st
    from compare.corpus.scheduler import executor

    data = work / f"corpus-{n}"
    labels = corpus_gen.write_corpus(data, articles=n, meetings=n // ARTICLES_PER_MEETING)
    store = st.Store.open(work / f"store-{n}", create=True)
    out: dict[str, object] = {"articles": n}
    with executor("local", workers=2) as ex:
        began = time.perf_counter()
        summary = ix.index([data], store, ex, backend="fake")
        seconds = time.perf_counter() - began
        out.update(
            index_seconds=round(seconds, 1),
            index_articles_per_s=round(n / seconds, 1),
            statements=summary.statements,
            errors=len(summary.errors),
            peak_worker_mib=round(max(summary.peak_rss.values()) / 2**20),
        )
        out.update(_grouping(store, labels))
        began = time.perf_counter()
        again = ix.index([data], store, ex, backend="fake")
        out["reindex_unchanged_seconds"] = round(time.perf_counter() - began, 2)
        out["reindex_indexed"] = again.indexed
        if check_all:
            began = time.perf_counter()
            result = corpus_check.check(store, ex)
            seconds = time.perf_counter() - began
            out.update(
                check_seconds=round(seconds, 1),
                check_articles_per_s=round(len(result.verdicts) / seconds, 1),
            )
        if incremental:
            # Mark everything checked first, as a newsroom's standing store would be.
            manifest = store.manifest()
            store.write_manifest(
                {k: st.ManifestRow(**{**r.__dict__, "checked": True}) for k, r in manifest.items()}
            )
            new = work / f"new-{n}"
            fresh = corpus_gen.write_corpus(
                new,
                articles=NEW_ARTICLES,
                meetings=min(NEW_ARTICLES, n // ARTICLES_PER_MEETING),
                seed=7,
                start=n,
            )
            labels.update(fresh)
            began = time.perf_counter()
            result = corpus_check.check(store, ex, new=[new])
            seconds = time.perf_counter() - began
            out.update(
                incremental_check_seconds=round(seconds, 1),
                incremental_checked=len(result.verdicts),
                incremental_speedup_vs_index=round(float(out["index_seconds"]) / seconds, 1),
            )
            out.update({f"after_new_{k}": v for k, v in _grouping(store, labels).items()})
        out["peak_worker_mib"] = round(max(ex.peak_memory().values()) / 2**20)
    return out


def run_real(n: int, work: Path) -> dict[str, object]:
    """The real default model (USE): `index` of n articles on workers that have loaded their
    models (what a 100k run's cost per article is) against the bare encoder on the same
    texts in one process; grouping; incremental `check --new` of NEW_ARTICLES."""
    from compare.corpus import check as corpus_check
    from compare.corpus import index as ix
    from compare.corpus import store as st
    from compare.corpus.scheduler import executor
    from compare.embed import get_embedder
    from compare.zh.text import embedding_text

    data = work / f"real-{n}"
    labels = corpus_gen.write_corpus(
        data, articles=n, meetings=max(1, n // ARTICLES_PER_MEETING), seed=3
    )
    warm = work / f"real-warm-{n}"
    corpus_gen.write_corpus(warm, articles=WARM_ARTICLES, meetings=2, seed=4, start=10**6)
    store = st.Store.open(work / f"real-store-{n}", create=True)
    with executor("local", workers=2) as ex:
        # Each worker loads USE, CC-CEDICT and LAC on its first batch: a cost per worker,
        # not per article.
        began = time.perf_counter()
        ix.index([warm], store, ex, backend="use")
        cold = time.perf_counter() - began
        began = time.perf_counter()
        summary = ix.index([data], store, ex, backend="use")
        seconds = time.perf_counter() - began
        peak_index = max(ex.peak_memory().values())
        ids = {r.article for k, r in store.manifest().items() if k.startswith(str(data))}
        statements = store.statements(ids)
        grouping = _grouping(store, labels)
        # Incremental check with the real model: NEW_ARTICLES unseen articles of the same
        # meetings, indexed (embedded) and checked against the store.
        manifest = store.manifest()
        store.write_manifest(
            {k: st.ManifestRow(**{**r.__dict__, "checked": True}) for k, r in manifest.items()}
        )
        new = work / f"real-new-{n}"
        corpus_gen.write_corpus(
            new, articles=NEW_ARTICLES, meetings=max(1, n // ARTICLES_PER_MEETING), seed=8, start=n
        )
        began = time.perf_counter()
        checked = corpus_check.check(store, ex, new=[new])
        check_seconds = time.perf_counter() - began
        peak_check = max(ex.peak_memory().values())
    texts = [embedding_text(s.text, s.language) for sts in statements.values() for s in sts]
    model = get_embedder("use")
    model.embed(["warm up"])  # the model load is not the encoder's throughput
    began = time.perf_counter()
    model.embed(texts)  # distinct texts only, as `index` embeds them (once per batch)
    bare = time.perf_counter() - began
    return {
        "articles": n,
        "statements": len(texts),
        "distinct_statements": len(set(texts)),
        "index_warm_up_seconds": round(cold, 1),
        "warm_up_articles": WARM_ARTICLES,
        "index_seconds": round(seconds, 1),
        "index_articles_per_s": round(n / seconds, 2),
        "bare_encoder_seconds": round(bare, 1),
        "bare_encoder_articles_per_s": round(n / bare, 2),
        "index_vs_bare_encoder": round(bare / seconds, 2),
        # Measured inside the index tasks, under the same load: texts the tasks embedded
        # (distinct per batch) and the share of task time spent in the encoder.
        "index_embedded": summary.embedded,
        "index_encoder_share_of_task_time": round(summary.embed_seconds / summary.task_seconds, 2),
        "peak_worker_mib_index": round(peak_index / 2**20),
        "peak_worker_mib_after_check": round(peak_check / 2**20),
        **grouping,
        "incremental_check_seconds": round(check_seconds, 1),
        "incremental_checked": len(checked.verdicts),
        # Indexing 10k articles from scratch at this run's measured cost per article, against
        # the measured incremental check: an extrapolation, not a 10k run with the real model.
        "index_10k_extrapolated_seconds": round(seconds / n * 10_000),
        "incremental_speedup_vs_index_10k_extrapolated": round(
            seconds / n * 10_000 / check_seconds, 1
        ),
    }


def synthetic_articles(n: int, seed: int = 0) -> tuple[list, dict[str, int]]:
    """n `events.Article` values of n/10 meetings (random content direction, unique names,
    6 meetings per 5 days, articles dated the meeting day or the next) and their labels."""
    from datetime import date, timedelta

    import numpy as np

    from compare.corpus import events as ev
    from compare.corpus.features import Features

    rng = np.random.default_rng(seed)
    meetings = max(1, n // ARTICLES_PER_MEETING)
    centres = rng.normal(size=(meetings, 512)).astype(np.float32)
    articles, labels = [], {}
    for i in range(n):
        m = i % meetings
        day = date(2021, 1, 4) + timedelta(days=(m // 6) * 5 + m % 6 + int(rng.integers(0, 2)))
        v = centres[m] + rng.normal(scale=0.5, size=512).astype(np.float32)
        names = {f"p{m}a": 0.4, f"p{m}b": 0.3, f"p{m}c": 0.3}
        aid = f"x{i:07d}"
        articles.append(
            ev.Article(aid, Features(day.isoformat(), (), names), v / np.linalg.norm(v))
        )
        labels[aid] = m
    return articles, labels


def run_grouping_scale(sizes: list[int]) -> list[dict[str, object]]:
    """`events.group` alone (no store I/O) on synthetic articles: seconds and pairwise P/R."""
    from compare.corpus import events as ev

    out = []
    for n in sizes:
        articles, labels = synthetic_articles(n)
        began = time.perf_counter()
        grouped = ev.group(articles)
        seconds = time.perf_counter() - began
        p, r = corpus_gen.pairwise({a: e.id for e in grouped for a in e.articles}, labels)
        out.append(
            {
                "articles": n,
                "group_seconds": round(seconds, 2),
                "ms_per_article": round(seconds / n * 1000, 3),
                "precision": round(p, 4),
                "recall": round(r, 4),
            }
        )
        print(json.dumps(out[-1]), flush=True)
    return out


def render(results: dict[str, object], command: str) -> str:
    """The results file: how it was made, what the figures mean, the figures."""
    import os

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "# readout corpus benchmark",
        "",
        f"Generated by `{command}` (`make bench`) on {os.cpu_count()} cores shared with other",
        f"jobs (load average {load} at the end), a local dask.distributed cluster of 2",
        "single-threaded workers. Timings are noisy; ratios are measured in one process.",
        "",
        "- `sizes`: generated corpora (benchmarks/corpus_gen.py, 10 articles per meeting) with",
        "  the fake (bag-of-words) embedder, so they measure the pipeline around the model.",
        "  `precision`/`recall` are pairwise over all articles (Chinese ones included), `_en`",
        "  over English ones. `check_*` at the smallest size checks every article;",
        "  `incremental_*` at the largest checks 100 unseen articles (`check --new`) against",
        "  the indexed corpus, and `incremental_speedup_vs_index` divides the time of indexing",
        "  that corpus from scratch by it. With the fake embedder indexing costs almost",
        "  nothing, while checking an article is `readout check`'s analysis, whatever the",
        "  embedder: this ratio is the worst case.",
        "- `grouping_only`: `events.group` alone on synthetic articles (no store I/O).",
        "- `real_model`: the default model (USE) on a small corpus. `index` on workers that",
        "  have loaded their models (the warm-up is timed apart) against the bare encoder on",
        "  the same texts in one process, run one after the other, so the other jobs' load",
        "  moves the ratio; `index_encoder_share_of_task_time` is measured inside the index",
        "  tasks at the same time. Incremental `check --new` of 100 unseen articles against",
        "  indexing 10k articles at this run's measured cost per article (extrapolated, not a",
        "  10k run with the real model).",
        "- `peak_worker_mib`: the largest peak resident memory of a worker process (VmHWM).",
        "",
        "```json",
        json.dumps(results, indent=2),
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--real", type=int, default=100)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--group-sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = Path(tempfile.mkdtemp(prefix="readout-corpus-bench-"))
    results: dict[str, object] = {"sizes": []}
    try:
        for i, n in enumerate(sizes):
            r = run_size(n, work, check_all=i == 0, incremental=i == len(sizes) - 1)
            print(json.dumps(r), flush=True)
            results["sizes"].append(r)  # type: ignore[union-attr]
        if len(sizes) > 1:
            first, last = results["sizes"][0], results["sizes"][-1]  # type: ignore[index]
            per_first = first["index_seconds"] / first["articles"]
            per_last = last["index_seconds"] / last["articles"]
            results["index_cost_per_article_growth"] = round(per_last / per_first, 2)
        group_sizes = [int(s) for s in args.group_sizes.split(",") if s]
        if group_sizes:
            results["grouping_only"] = run_grouping_scale(group_sizes)
        if args.real:
            results["real_model"] = run_real(args.real, work)
            print(json.dumps(results["real_model"]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = render(results, "python " + " ".join(["benchmarks/corpus_bench.py", *sys.argv[1:]]))
    if args.out:
        args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
