"""The project's judged figures, computed in-process as the judges' scorer computes them.

The scorer (`score.py` of the shared tools, not read here) runs `readout diff A B --format json`
on every `pair_*.json` gold file and scores the JSON:

- links: each predicted statement stands for the gold sentences whose midpoint lies inside it;
  a predicted pair links every gold sentence of its a side with every one of its b side. Link
  precision, recall and F1 are micro-averaged over same-event pairs (not under `cross/`).
- findings (omission and addition left out): a gold finding is found when a predicted finding
  covers its two sentences and each side's text contains the other's (case-insensitive);
  strict recall also wants the same kind, any-kind recall does not. Finding precision is the
  share of predicted findings that find some gold finding. Findings count over every pair.
- false links on cross-event pairs: every predicted link between two meetings' reports.

Here the JSON comes from `compare.pipeline.diff_paths` and `compare.render.render_json`, the
calls behind `readout diff --format json`, over the repository's copies of the development
data (tests/data/events and tests/data/gold). Pairs split into Chinese–English (the gold path
names `mfa_zh`, `hk_zh` or `__004`) and same-language pairs, each with its targets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "tests" / "data" / "events"
GOLD = ROOT / "tests" / "data" / "gold"

#: Finding kinds the scorer leaves out: every unlinked statement is one.
SKIP_KINDS = frozenset({"omission", "addition"})
#: Marks of a Chinese–English pair in a gold file's path.
CHINESE_MARKS = ("mfa_zh", "hk_zh", "__004")


@dataclass(frozen=True)
class Target:
    """Done-when targets of one group of pairs; None where the group has none."""

    link_f1: float
    recall_any: float
    precision: float
    recall_strict: float | None = None
    cross_links: int | None = None


SAME_LANGUAGE = Target(
    link_f1=0.93, recall_strict=0.70, recall_any=0.80, precision=0.70, cross_links=2
)
CHINESE = Target(link_f1=0.80, recall_any=0.60, precision=0.70)


@dataclass(frozen=True)
class PairScore:
    """One gold pair scored: link and finding counts, as the scorer's per-pair row."""

    gold: str
    cross: bool
    tp: int
    pred_links: int
    gold_links: int
    gold_findings: int
    hit_strict: int
    hit_any: int
    pred_findings: int
    pred_findings_matched: int


@dataclass(frozen=True)
class Totals:
    """The scorer's TOTAL line over a set of pairs."""

    pairs: int
    link_p: float
    link_r: float
    link_f1: float
    gold_findings: int
    hit_strict: int
    hit_any: int
    pred_findings: int
    pred_findings_matched: int
    cross_links: int

    @property
    def recall_strict(self) -> float | None:
        return self.hit_strict / self.gold_findings if self.gold_findings else None

    @property
    def recall_any(self) -> float | None:
        return self.hit_any / self.gold_findings if self.gold_findings else None

    @property
    def precision(self) -> float | None:
        if not self.pred_findings:
            return None
        return self.pred_findings_matched / self.pred_findings


def is_chinese(gold_path: Path | str) -> bool:
    return any(mark in str(gold_path) for mark in CHINESE_MARKS)


def _ids(x: Any) -> list[str]:
    if x is None:
        return []
    if isinstance(x, list | tuple):
        return [str(i) for i in x]
    return [str(x)]


def _side_of(statement: dict[str, Any]) -> str:
    return str(statement.get("source") or str(statement["id"]).split(":")[0])


def _overlap(u: str, v: str) -> bool:
    u, v = u.strip().lower(), v.strip().lower()
    return bool(u and v) and (u in v or v in u)


def score_pair(gold: dict[str, Any], pred: dict[str, Any], *, name: str = "") -> PairScore:
    """Score one prediction (`readout diff --format json`, parsed) against one gold file.

    `name` is the gold file's path: a pair under a `cross` folder is a cross-event pair.
    """
    src_ids = [s["id"] for s in pred.get("sources", [])]
    if len(src_ids) < 2:
        raise ValueError(f"{name}: the prediction lacks two sources")
    side_map = {src_ids[0]: "a", src_ids[1]: "b"}
    mids = {
        side: [(g["id"], (g["start"] + g["end"]) // 2) for g in gold["sentences"][side]]
        for side in ("a", "b")
    }
    covers: dict[str, set[str]] = {}
    for st in pred.get("statements", []):
        side = side_map.get(_side_of(st))
        if side is None:
            continue
        start, end = int(st["start"]), int(st["end"])
        covers[str(st["id"])] = {gid for gid, mid in mids[side] if start <= mid < end}

    def gold_of(ids: Any) -> set[str]:
        return set().union(*(covers.get(i, set()) for i in _ids(ids)))

    pred_links: set[tuple[str, str]] = set()
    for group in pred.get("pairs", []):
        pred_links |= {(x, y) for x in gold_of(group.get("a")) for y in gold_of(group.get("b"))}
    gold_links = {(x, y) for g in gold["groups"] for x in g["a"] for y in g["b"]}
    findings = [f for f in pred.get("findings", []) if f.get("kind") not in SKIP_KINDS]
    located = [(f, gold_of(f.get("a")), gold_of(f.get("b"))) for f in findings]
    hit_strict = hit_any = 0
    matched: set[int] = set()
    for gf in gold.get("findings", []):
        strict = found = False
        for k, (f, fa, fb) in enumerate(located):
            if gf["a"] not in fa or gf["b"] not in fb:
                continue
            if not (
                _overlap(str(f.get("a_text", "")), gf["a_text"])
                and _overlap(str(f.get("b_text", "")), gf["b_text"])
            ):
                continue
            found = True
            matched.add(k)
            strict = strict or f.get("kind") == gf["kind"]
        hit_strict += strict
        hit_any += found
    return PairScore(
        gold=name,
        cross="cross" in Path(name).parts,
        tp=len(pred_links & gold_links),
        pred_links=len(pred_links),
        gold_links=len(gold_links),
        gold_findings=len(gold.get("findings", [])),
        hit_strict=hit_strict,
        hit_any=hit_any,
        pred_findings=len(findings),
        pred_findings_matched=len(matched),
    )


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 as the scorer defines them on empty sets."""
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def totals(rows: Sequence[PairScore]) -> Totals:
    """Links over same-event pairs, findings over every pair, false links over cross pairs."""
    within = [r for r in rows if not r.cross]
    p, r, f = (
        prf(
            sum(x.tp for x in within),
            sum(x.pred_links for x in within),
            sum(x.gold_links for x in within),
        )
        if within
        else (0.0, 0.0, 0.0)
    )
    return Totals(
        pairs=len(rows),
        link_p=p,
        link_r=r,
        link_f1=f,
        gold_findings=sum(x.gold_findings for x in rows),
        hit_strict=sum(x.hit_strict for x in rows),
        hit_any=sum(x.hit_any for x in rows),
        pred_findings=sum(x.pred_findings for x in rows),
        pred_findings_matched=sum(x.pred_findings_matched for x in rows),
        cross_links=sum(x.pred_links - x.tp for x in rows if x.cross),
    )


def gold_files(events: Path = EVENTS, gold: Path = GOLD) -> list[Path]:
    """Every gold pair: the development events' (cross-event pairs included), then the seeds'."""
    return sorted(events.rglob("pair_*.json")) + sorted(gold.rglob("pair_*.json"))


Predict = Callable[[Path, Path], dict[str, Any]]


def score_files(paths: Iterable[Path], predict: Predict) -> list[PairScore]:
    """Each gold file scored against `predict(a, b)`, the parsed JSON of its two sources' diff."""
    rows = []
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        a, b = (path.parent / gold["a"]).resolve(), (path.parent / gold["b"]).resolve()
        rows.append(score_pair(gold, predict(a, b), name=str(path.relative_to(ROOT))))
    return rows


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _check(value: float | None, target: float | None, *, at_most: bool = False) -> str:
    if target is None:
        return ""
    shown = f"≤ {target:g}" if at_most else f"≥ {target:.2f}"
    if value is None:
        return f"{shown} (no data)"
    ok = value <= target if at_most else value >= target
    return f"{shown} **{'met' if ok else 'not met'}**"


def section(rows: Sequence[PairScore], command: str) -> str:
    """Markdown: the judged figures of each group beside its targets, then every pair."""
    groups = (
        ("same-language pairs", [r for r in rows if not is_chinese(r.gold)], SAME_LANGUAGE),
        ("Chinese–English pairs", [r for r in rows if is_chinese(r.gold)], CHINESE),
    )
    out = ["## Judged figures on the development gold\n"]
    out.append(
        "The figures the project is judged by, computed as the judges' scorer computes them "
        "(benchmarks/judged.py; its test checks the arithmetic on a hand-made pair): link "
        "precision, recall and F1 micro-averaged over same-event pairs; finding recall with "
        "the kind matched (strict) and of any kind; finding precision (omissions and additions "
        "left out); links predicted between different meetings (`cross/` pairs). Gold: "
        "tests/data/events and tests/data/gold, the repository's copies of the development "
        f"data. Predictions: {command}. Chinese–English pairs are those whose gold path names "
        f"{', '.join(f'`{m}`' for m in CHINESE_MARKS)}.\n"
    )
    out.append("| pairs | figure | measured | target |\n|---|---|---|---|")
    for label, group, target in groups:
        t = totals(group)
        name = f"{label} ({t.pairs})"
        out.append(
            f"| {name} | link P / R / F1 | {t.link_p:.3f} / {t.link_r:.3f} / {t.link_f1:.3f} "
            f"| F1 {_check(t.link_f1, target.link_f1)} |"
        )
        out.append(
            f"| {name} | finding recall, kind matched | {_fmt(t.recall_strict)} "
            f"({t.hit_strict}/{t.gold_findings}) | {_check(t.recall_strict, target.recall_strict)} |"
        )
        out.append(
            f"| {name} | finding recall, any kind | {_fmt(t.recall_any)} "
            f"({t.hit_any}/{t.gold_findings}) | {_check(t.recall_any, target.recall_any)} |"
        )
        out.append(
            f"| {name} | finding precision | {_fmt(t.precision)} "
            f"({t.pred_findings_matched}/{t.pred_findings}) | "
            f"{_check(t.precision, target.precision)} |"
        )
        if any(r.cross for r in group):
            out.append(
                f"| {name} | false links on cross-event pairs | {t.cross_links} | "
                f"{_check(t.cross_links, target.cross_links, at_most=True)} |"
            )
        else:
            out.append(f"| {name} | false links on cross-event pairs | – (no such pair) | |")
    out.append(
        "\nPer pair (links tp / predicted / gold; findings strict / any / gold; predicted "
        "findings, of which matched):\n"
    )
    out.append("| gold file | group | link F1 | links | findings | predicted (matched) |")
    out.append("|---|---|---|---|---|---|")
    for r in rows:
        _, _, f1 = prf(r.tp, r.pred_links, r.gold_links)
        group = "zh–en" if is_chinese(r.gold) else "same language"
        out.append(
            f"| {r.gold} | {group}{' (cross-event)' if r.cross else ''} | {f1:.2f} | "
            f"{r.tp} / {r.pred_links} / {r.gold_links} | {r.hit_strict} / {r.hit_any} / "
            f"{r.gold_findings} | {r.pred_findings} ({r.pred_findings_matched}) |"
        )
    return "\n".join(out) + "\n"
