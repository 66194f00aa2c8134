"""Chinese against English: measure the cross-lingual score and write BENCHMARKS_CHINESE.md.

    .venv/bin/python benchmarks/chinese.py            # reads tests/data (events and gold)

1. How well each score separates gold links from other Chinese-English statement pairs (ROC
   AUC): the USE cosine, the dictionary evidence (compare/zh/evidence.py) and their blend by
   `CHINESE_SEMANTIC_WEIGHT`, over the Chinese pairs of the development events and seed gold.
2. Link precision/recall/F1 per pair with the default aligner, and links between different
   meetings (a Chinese readout against English reports of another meeting: all false).
3. Cost: loading LAC and CC-CEDICT, and tagging plus evidence per statement, against embedding.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare import align as align_mod  # noqa: E402
from compare import embed  # noqa: E402
from compare.cache import EmbeddingCache, cached_factory  # noqa: E402
from compare.pipeline import embed_statements, load_sources  # noqa: E402
from compare.segment import segment  # noqa: E402

SHARED = ROOT / "tests" / "data"  # the development events and seed gold, copied in
OUTPUT = ROOT / "BENCHMARKS_CHINESE.md"
EVENTS = SHARED / "events"
PAIRS = [
    EVENTS / "d1_munich_blinken_wang" / "pair_mfa_zh__syndicated.json",
    EVENTS / "d1_munich_blinken_wang" / "pair_mfa_zh__wire.json",
    EVENTS / "d1_munich_blinken_wang" / "pair_state__mfa_zh.json",
    EVENTS / "d4_beijing_scholz_xi" / "pair_bundesregierung__hk_zh.json",
    EVENTS / "d4_beijing_scholz_xi" / "pair_wire__hk_zh.json",
    EVENTS / "d4_beijing_scholz_xi" / "pair_xinhua__hk_zh.json",
    SHARED / "gold" / "pair_000__004.json",
    SHARED / "gold" / "pair_001__004.json",
]
#: (Chinese source, English source of another meeting): every link between them is false.
DIFFERENT_MEETINGS = [
    ("d1_munich_blinken_wang/mfa_zh.txt", "d6_jakarta_blinken_wang/state.txt"),
    ("d1_munich_blinken_wang/mfa_zh.txt", "d6_jakarta_blinken_wang/wire.txt"),
    ("d1_munich_blinken_wang/mfa_zh.txt", "d3_vientiane_jaishankar_wang/mfa.txt"),
    ("d1_munich_blinken_wang/mfa_zh.txt", "d2_beijing_raimondo_wang_wentao/commerce.txt"),
    ("d4_beijing_scholz_xi/hk_zh.txt", "d1_munich_blinken_wang/wire.txt"),
    ("d4_beijing_scholz_xi/hk_zh.txt", "d5_seoul_kishida_li/mfa.txt"),
]
WEIGHTS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def auc(scores: np.ndarray, truth: np.ndarray) -> float:
    pos, neg = scores[truth], scores[~truth]
    ranks = np.concatenate([pos, neg]).argsort().argsort() + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def load(path: Path, embedder: embed.Embedder) -> dict:  # type: ignore[type-arg]
    gold = json.loads(path.read_text(encoding="utf-8"))
    a, b = load_sources([path.parent / gold["a"], path.parent / gold["b"]])
    sa, sb = segment(a), segment(b)

    def mapping(stmts, side):  # type: ignore[no-untyped-def]
        mids = [(g["id"], (g["start"] + g["end"]) // 2) for g in gold["sentences"][side]]
        return [{gid for gid, m in mids if s.start <= m < s.end} for s in stmts]

    ma, mb = mapping(sa, "a"), mapping(sb, "b")
    links = {(x, y) for g in gold["groups"] for x in g["a"] for y in g["b"]}
    truth = np.array(
        [
            [any((x, y) in links for x in ma[i] for y in mb[j]) for j in range(len(sb))]
            for i in range(len(sa))
        ]
    )
    return {
        "name": f"{path.parent.name}/{path.name}",
        "sa": sa,
        "sb": sb,
        "va": embed_statements(embedder, sa),
        "vb": embed_statements(embedder, sb),
        "truth": truth,
    }


def different_meeting_links(embedder: embed.Embedder) -> list[int]:
    out = []
    for zh, en in DIFFERENT_MEETINGS:
        a, b = load_sources([EVENTS / zh, EVENTS / en])
        sa, sb = segment(a), segment(b)
        va, vb = embed_statements(embedder, sa), embed_statements(embedder, sb)
        out.append(sum(len(g.a) * len(g.b) for g in align_mod.align(sa, sb, va, vb) if g.matched))
    return out


def main() -> None:
    factory = cached_factory(embed.get_embedder, EmbeddingCache())
    embedder = factory(embed.USE)
    started = time.perf_counter()
    from compare.zh import dictionary, evidence, tagger

    dictionary.load()
    tagger.tag("王毅会见布林肯。")
    load_seconds = time.perf_counter() - started
    data = [load(p, embedder) for p in PAIRS]

    rows = []  # (cosine, evidence, truth) for every Chinese-English statement pair
    for d in data:
        langs = {s.language for s in (*d["sa"], *d["sb"])}
        ev = "zh" in langs and len(langs) > 1
        scorer = align_mod._Scorer(
            align_mod._side(d["sa"], d["va"], evidence=ev),
            align_mod._side(d["sb"], d["vb"], evidence=ev),
            semantic_weight=align_mod.DEFAULT_SEMANTIC_WEIGHT,
        )
        for i, x in enumerate(d["sa"]):
            for j, y in enumerate(d["sb"]):
                if (x.language == "zh") == (y.language == "zh"):
                    continue
                _, semantic, lexical = scorer.score([i], [j])
                rows.append((semantic, lexical, bool(d["truth"][i, j])))
    cos = np.array([r[0] for r in rows])
    lex = np.array([r[1] for r in rows])
    truth = np.array([r[2] for r in rows])

    out = [
        "# Chinese against English (generated by `benchmarks/chinese.py`; do not edit)",
        "",
        "Development pairs: " + ", ".join(f"`{d['name']}`" for d in data) + ".",
        "",
        "## 1. Separating links from other pairs",
        "",
        f"ROC AUC over {len(rows)} Chinese-English statement pairs ({int(truth.sum())} gold links).",
        "",
        "| score | AUC |",
        "|---|---|",
        f"| cosine (USE, Chinese embedded in Simplified form) | {auc(cos, truth):.3f} |",
        f"| dictionary evidence | {auc(lex, truth):.3f} |",
    ]
    for w in WEIGHTS[1:-1]:
        mark = " (default)" if math.isclose(w, align_mod.CHINESE_SEMANTIC_WEIGHT) else ""
        out.append(
            f"| {w:.1f} cosine + {1 - w:.1f} evidence{mark} | {auc(w * cos + (1 - w) * lex, truth):.3f} |"
        )

    out += ["", "## 2. Links with the default aligner", ""]
    out += [
        "Speaker factors (`SPEAKER_MISMATCH`, `SPEAKER_MATCH`), links over all pairs above and "
        "links between the different meetings below:",
        "",
        "| mismatch | match | P | R | F1 | links between different meetings |",
        "|---|---|---|---|---|---|",
    ]
    defaults = (align_mod.SPEAKER_MISMATCH, align_mod.SPEAKER_MATCH)
    for mismatch, match in ((1.0, 1.0), (0.7, 1.0), (0.7, 1.05), (0.7, 1.15)):
        align_mod.SPEAKER_MISMATCH, align_mod.SPEAKER_MATCH = mismatch, match
        hit = pred_n = gold_n = 0
        for d in data:
            groups = align_mod.align(d["sa"], d["sb"], d["va"], d["vb"])
            ia = {s.id: i for i, s in enumerate(d["sa"])}
            ib = {s.id: j for j, s in enumerate(d["sb"])}
            pred = {(ia[x], ib[y]) for g in groups for x in g.a for y in g.b}
            hit += sum(1 for i, j in pred if d["truth"][i, j])
            pred_n, gold_n = pred_n + len(pred), gold_n + int(d["truth"].sum())
        false = sum(different_meeting_links(embedder))
        p, r = hit / pred_n, hit / gold_n
        mark = " (default)" if (mismatch, match) == defaults else ""
        out.append(
            f"| {mismatch}{mark} | {match} | {p:.3f} | {r:.3f} | {2 * p * r / (p + r):.3f} | {false} |"
        )
    align_mod.SPEAKER_MISMATCH, align_mod.SPEAKER_MATCH = defaults
    out += ["", "Per pair with the defaults:", ""]
    out += ["| pair | P | R | F1 | true / predicted / gold |", "|---|---|---|---|---|"]
    tp = npred = ngold = 0
    for d in data:
        groups = align_mod.align(d["sa"], d["sb"], d["va"], d["vb"])
        ia = {s.id: i for i, s in enumerate(d["sa"])}
        ib = {s.id: j for j, s in enumerate(d["sb"])}
        pred = {(ia[x], ib[y]) for g in groups for x in g.a for y in g.b}
        t = d["truth"]
        hit = sum(1 for i, j in pred if t[i, j])
        p = hit / len(pred) if pred else 0.0
        r = hit / int(t.sum())
        f = 2 * p * r / (p + r) if p + r else 0.0
        tp, npred, ngold = tp + hit, npred + len(pred), ngold + int(t.sum())
        out.append(
            f"| `{d['name']}` | {p:.2f} | {r:.2f} | {f:.2f} | {hit} / {len(pred)} / {int(t.sum())} |"
        )
    p, r = tp / npred, tp / ngold
    out.append(
        f"| all | {p:.3f} | {r:.3f} | {2 * p * r / (p + r):.3f} | {tp} / {npred} / {ngold} |"
    )
    out += ["", "Links between different meetings (all false):", ""]
    out += ["| Chinese source | English source | links |", "|---|---|---|"]
    for zh, en in DIFFERENT_MEETINGS:
        a, b = load_sources([EVENTS / zh, EVENTS / en])
        sa, sb = segment(a), segment(b)
        groups = align_mod.align(
            sa, sb, embed_statements(embedder, sa), embed_statements(embedder, sb)
        )
        out.append(f"| `{zh}` | `{en}` | {sum(len(g.a) * len(g.b) for g in groups if g.matched)} |")

    # Why Chinese is embedded in Simplified form: the Traditional source's gold links.
    hk = next(d for d in data if "hk_zh" in d["name"])
    raw = embedder.embed([s.text for s in hk["sb"]])
    t = hk["truth"]
    out += [
        "",
        f"Mean cosine of the gold links of `{hk['name']}` (a Traditional source): "
        f"{float((hk['va'] @ raw.T)[t].mean()):.2f} embedding the Traditional text, "
        f"{float((hk['va'] @ hk['vb'].T)[t].mean()):.2f} embedding it in Simplified form.",
    ]
    chinese = [s for d in data for s in (*d["sa"], *d["sb"]) if s.language == "zh"]
    texts = sorted({s.text for s in chinese})
    tagger.tag.cache_clear()
    started = time.perf_counter()
    for text in texts:
        evidence.concepts(text)
    analyse = (time.perf_counter() - started) / len(texts)
    fresh = embed.get_embedder(embed.USE)
    fresh.embed(["warm up"])
    started = time.perf_counter()
    fresh.embed(texts)
    embedding = (time.perf_counter() - started) / len(texts)
    out += [
        "",
        "## 3. Cost",
        "",
        f"Loading LAC and CC-CEDICT once per process: {load_seconds:.1f} s.",
        f"Per Chinese statement ({len(texts)} statements): tagging and evidence {analyse * 1000:.1f} ms, "
        f"USE embedding {embedding * 1000:.1f} ms.",
        "",
    ]
    OUTPUT.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
