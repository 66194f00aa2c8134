"""`readout eval`: run the pipeline on the texts of gold files and score it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tabulate import tabulate

from compare import embed, pipeline
from compare.evaluate import Counts, PairScore, load_gold, score_findings, score_links
from compare.ingest import load_source

EVAL_SCHEMA = "readout.eval/1"


@dataclass
class EvalResult:
    """Per-pair scores, and micro totals over the gold pairs that have any group.

    Pairs without groups (two different events) are scored by how many links were predicted.
    """

    pairs: list[PairScore]
    links: dict[str, Counts]
    findings_any: Counts
    findings_kind: Counts
    findings_by_kind: dict[str, Counts]
    different_event_links: int


def evaluate_gold(
    paths: Sequence[str | Path],
    *,
    backend: str = pipeline.AUTO,
    embedder_factory: pipeline.EmbedderFactory | None = None,
) -> EvalResult:
    pairs: list[PairScore] = []
    links = {k: Counts() for k in ("all", "1:1", "1:n")}
    f_any, f_kind = Counts(), Counts()
    by_kind: dict[str, Counts] = {}
    different = 0
    embedders: dict[str, Any] = {}

    def factory(name: str) -> Any:
        if name not in embedders:
            embedders[name] = (embedder_factory or embed.get_embedder)(name)
        return embedders[name]

    for path in paths:
        gold = load_gold(path)
        a = load_source(gold.a_path, "a")
        b = load_source(gold.b_path, "b")
        result = pipeline.diff_sources(a, b, backend=backend, embedder_factory=factory)
        score = PairScore(gold=str(path))
        score.links = score_links(gold, result.statements, result.groups)
        score.predicted_links = sum(len(g.a) * len(g.b) for g in result.pairs)
        score.findings_any, score.findings_kind, score.findings_by_kind = score_findings(
            gold, result.findings
        )
        pairs.append(score)
        if not gold.groups:
            different += score.predicted_links
            continue
        for key, counts in score.links.items():
            links[key].add(counts)
        f_any.add(score.findings_any)
        f_kind.add(score.findings_kind)
        for kind, counts in score.findings_by_kind.items():
            by_kind.setdefault(kind, Counts()).add(counts)
    return EvalResult(pairs, links, f_any, f_kind, by_kind, different)


def _prf(c: Counts) -> dict[str, Any]:
    return {
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
        "precision": round(c.precision, 3),
        "recall": round(c.recall, 3),
        "f1": round(c.f1, 3),
    }


def result_dict(result: EvalResult) -> dict[str, Any]:
    return {
        "schema": EVAL_SCHEMA,
        "links": {k: _prf(v) for k, v in result.links.items()},
        "findings": {
            "any_kind": _prf(result.findings_any),
            "kind_matched": _prf(result.findings_kind),
            "by_kind": {k: _prf(v) for k, v in sorted(result.findings_by_kind.items())},
        },
        "different_event_links": result.different_event_links,
        "pairs": [
            {
                "gold": p.gold,
                "links": {k: _prf(v) for k, v in p.links.items()},
                "predicted_links": p.predicted_links,
                "findings_any": _prf(p.findings_any),
                "findings_kind": _prf(p.findings_kind),
            }
            for p in result.pairs
        ],
    }


def render_json(result: EvalResult) -> str:
    return json.dumps(result_dict(result), indent=2) + "\n"


def _rows(result: EvalResult) -> tuple[list[str], list[list[Any]]]:
    headers = [
        "gold",
        "links P",
        "links R",
        "links F1",
        "1:1 R",
        "1:n R",
        "predicted",
        "find. R",
        "find. R (kind)",
        "find. P",
    ]
    rows: list[list[Any]] = []

    def row(
        name: str, links: dict[str, Counts], predicted: int | str, fa: Counts, fk: Counts
    ) -> list[Any]:
        return [
            name,
            f"{links['all'].precision:.3f}",
            f"{links['all'].recall:.3f}",
            f"{links['all'].f1:.3f}",
            f"{links['1:1'].recall:.3f}",
            f"{links['1:n'].recall:.3f}",
            predicted,
            f"{fa.recall:.3f}",
            f"{fk.recall:.3f}",
            f"{fa.precision:.3f}",
        ]

    for p in result.pairs:
        rows.append(
            row(Path(p.gold).name, p.links, p.predicted_links, p.findings_any, p.findings_kind)
        )
    rows.append(
        row("micro (same-event pairs)", result.links, "", result.findings_any, result.findings_kind)
    )
    return headers, rows


def _kind_rows(result: EvalResult) -> list[list[Any]]:
    return [
        [k, c.tp, c.fp, c.fn, f"{c.precision:.3f}", f"{c.recall:.3f}"]
        for k, c in sorted(result.findings_by_kind.items())
    ]


def render_table(result: EvalResult) -> str:
    headers, rows = _rows(result)
    out = [tabulate(rows, headers=headers, tablefmt="simple")]
    out.append(f"\nlinks predicted on different-event pairs: {result.different_event_links}")
    out.append(
        "\n"
        + tabulate(
            _kind_rows(result), headers=["kind", "tp", "fp", "fn", "P", "R"], tablefmt="simple"
        )
    )
    return "\n".join(out) + "\n"


def render_markdown(result: EvalResult) -> str:
    headers, rows = _rows(result)
    out = [tabulate(rows, headers=headers, tablefmt="github")]
    out.append(
        f"\nLinks predicted on different-event pairs (gold has none): **{result.different_event_links}**\n"
    )
    out.append(
        tabulate(
            _kind_rows(result),
            headers=["finding kind", "tp", "fp", "fn", "precision", "recall"],
            tablefmt="github",
        )
    )
    return "\n".join(out) + "\n"
