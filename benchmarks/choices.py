"""Section 5 of BENCHMARKS.md: the measurements behind the embedding backend and the weights.

For every gold pair (development gold and synthetic pairs) the statements are segmented and
embedded once per backend; the aligner is then rerun with each candidate setting, so the table
compares settings on identical inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from compare import align, embed
from compare.cache import CachedEmbedder, EmbeddingCache
from compare.evaluate import Counts, Gold, load_gold, score_links
from compare.ingest import load_source
from compare.models import Statement
from compare.segment import segment

#: Semantic weights compared (the rest of the combined similarity is lexical).
WEIGHTS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass
class Prepared:
    gold: Gold
    a: tuple[Statement, ...]
    b: tuple[Statement, ...]
    vectors: dict[str, tuple[np.ndarray, np.ndarray]]

    @property
    def english(self) -> bool:
        return all(s.language == "en" for s in (*self.a, *self.b))


def prepare(paths: Sequence[Path], embedders: dict[str, embed.Embedder]) -> list[Prepared]:
    out = []
    for path in paths:
        gold = load_gold(path)
        a = segment(load_source(gold.a_path, "a"))
        b = segment(load_source(gold.b_path, "b"))
        item = Prepared(gold, a, b, {})
        for name, embedder in embedders.items():
            statements = (*a, *b)
            if name in embed.MULTILINGUAL:
                vectors = embedder.embed([s.text for s in statements])
            else:  # an English-only model embeds the English statements; the rest stay zero
                english = [k for k, s in enumerate(statements) if s.language == "en"]
                vectors = np.zeros((len(statements), embedder.dim), dtype=np.float32)
                if english:
                    vectors[english] = embedder.embed([statements[k].text for k in english])
            item.vectors[name] = (vectors[: len(a)], vectors[len(a) :])
        out.append(item)
    return out


def link_f1(items: Sequence[Prepared], backend: str, **options: float) -> tuple[Counts, int]:
    """Micro link counts over same-event pairs, and links predicted on different-event pairs."""
    total, different = Counts(), 0
    for item in items:
        va, vb = item.vectors[backend]
        groups = align.align(item.a, item.b, va, vb, **options)  # type: ignore[arg-type]
        if item.gold.groups:
            total.add(score_links(item.gold, (*item.a, *item.b), groups)["all"])
        else:
            different += sum(len(g.a) * len(g.b) for g in groups)
    return total, different


def auc(item_scores: list[tuple[float, bool]]) -> float:
    """ROC AUC: the chance that a gold link outscores a non-link."""
    pos = np.array([s for s, y in item_scores if y])
    neg = np.array([s for s, y in item_scores if not y])
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return float(greater + 0.5 * ties)


def separability(items: Sequence[Prepared]) -> dict[str, float]:
    """AUC of each score on pairs of English statements of the same-event gold pairs."""
    scores: dict[str, list[tuple[float, bool]]] = {}
    for item in items:
        if not item.gold.groups:
            continue
        links = item.gold.links()
        ids_a = [_gold_id(s, item.gold.sentences_a) for s in item.a]
        ids_b = [_gold_id(s, item.gold.sentences_b) for s in item.b]
        side_a = align._side(item.a, item.vectors[embed.USE][0], evidence=False)
        side_b = align._side(item.b, item.vectors[embed.USE][1], evidence=False)
        scorer = align._Scorer(side_a, side_b, semantic_weight=align.DEFAULT_SEMANTIC_WEIGHT)
        for i, ga in enumerate(ids_a):
            for j, gb in enumerate(ids_b):
                if ga is None or gb is None or item.a[i].language != "en":
                    continue
                if item.b[j].language != "en":
                    continue
                label = (ga, gb) in links
                combined, _, lexical = scorer.score([i], [j])
                scores.setdefault("lexical (IDF overlap)", []).append((lexical, label))
                scores.setdefault("combined (default weights)", []).append((combined, label))
                for name, (va, vb) in item.vectors.items():
                    scores.setdefault(f"cosine, {name}", []).append((float(va[i] @ vb[j]), label))
    return {name: auc(values) for name, values in sorted(scores.items())}


def _gold_id(statement: Statement, sentences: Sequence) -> str | None:
    ids = [s.id for s in sentences if statement.start <= s.midpoint < statement.end]
    return ids[0] if len(ids) == 1 else None


def section(
    dev_paths: Sequence[Path], synthetic_paths: Sequence[Path], cache: EmbeddingCache
) -> str:
    backends = (embed.USE, embed.MINILM)
    # One embedder per backend for both sets, so each model loads once.
    embedders: dict[str, embed.Embedder] = {
        name: CachedEmbedder(embed.get_embedder(name), cache) for name in backends
    }
    dev = prepare(dev_paths, embedders)
    syn = prepare(synthetic_paths, embedders)
    out = ["## 5. Why these defaults: backend and similarity weights\n"]
    out.append(
        "Measured by `benchmarks/choices.py` on the development gold and the first "
        f"{len(synthetic_paths)} synthetic pairs, each pair segmented and embedded once per "
        "backend, the aligner rerun per setting.\n"
    )
    out.append(
        "How well each score separates gold links from other statement pairs (ROC AUC over "
        "all pairs of English statements in the three same-event development pairs; 1.0 is "
        "perfect):\n"
    )
    out.append("| score | AUC |\n|---|---|")
    for name, value in separability(dev).items():
        out.append(f"| {name} | {value:.3f} |")
    english_dev = [d for d in dev if d.english]
    english_syn = [d for d in syn if d.english]
    out.append(
        "\nLink F1 by backend on the English-only pairs (MiniLM cannot embed the Chinese in "
        f"seed 004): development gold {', '.join(d.gold.path.split('/')[-1] for d in english_dev)}; "
        f"the {len(english_syn)} English-only synthetic pairs.\n"
    )
    out.append(
        "| backend | dev F1 | links on different-event pairs | synthetic F1 |\n|---|---|---|---|"
    )
    for backend in backends:
        d, diff = link_f1(english_dev, backend)
        s, _ = link_f1(english_syn, backend)
        out.append(f"| {backend} | {d.f1:.3f} | {diff} | {s.f1:.3f} |")
    out.append(
        "\nSemantic weight in the combined similarity (`DEFAULT_SEMANTIC_WEIGHT`, the rest is "
        "lexical), default backend, all development pairs:\n"
    )
    out.append(
        "| semantic weight | dev F1 | dev P | dev R | links on different-event pairs | synthetic F1 |"
    )
    out.append("|---|---|---|---|---|---|")
    for weight in WEIGHTS:
        d, diff = link_f1(dev, embed.USE, semantic_weight=weight)
        s, _ = link_f1(syn, embed.USE, semantic_weight=weight)
        mark = " (default)" if weight == align.DEFAULT_SEMANTIC_WEIGHT else ""
        out.append(
            f"| {weight:.1f}{mark} | {d.f1:.3f} | {d.precision:.3f} | {d.recall:.3f} | {diff} | {s.f1:.3f} |"
        )
    out.append("")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys
    import tempfile

    gold_dir = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"
    with tempfile.TemporaryDirectory() as tmp:
        print(
            section(
                sorted(gold_dir.glob("pair_*.json")),
                [Path(p) for p in sys.argv[1:]],
                EmbeddingCache(Path(tmp) / "c.sqlite"),
            )
        )
