"""Score alignments and findings against hand-labelled `readout.gold/1` files.

Links: a gold link is every (a, b) sentence pair of a gold group. A predicted statement
stands for the gold sentences whose midpoint it contains, so segmentation that differs from
the gold's is scored fairly. Findings: a gold finding is recalled by a predicted finding
whose spans overlap the gold spans on both sides (and, for kind recall, has the same kind).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from compare.errors import GoldError
from compare.models import Alignment, Finding, Statement

GOLD_SCHEMA = "readout.gold/1"
#: Finding kinds that describe unmatched statements; the gold has none, so precision skips them.
COVERAGE_KINDS = frozenset({"omission", "addition"})


@dataclass(frozen=True)
class GoldSentence:
    id: str
    start: int
    end: int
    text: str

    @property
    def midpoint(self) -> float:
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class GoldFinding:
    kind: str
    a: str
    b: str
    a_span: tuple[int, int]
    b_span: tuple[int, int]


@dataclass(frozen=True)
class Gold:
    path: str
    a_path: Path
    b_path: Path
    sentences_a: tuple[GoldSentence, ...]
    sentences_b: tuple[GoldSentence, ...]
    groups: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    findings: tuple[GoldFinding, ...]

    def links(self) -> dict[tuple[str, str], str]:
        """Every gold link with its shape: "1:1" or "1:n" (which covers n:1 and n:m)."""
        out: dict[tuple[str, str], str] = {}
        for ga, gb in self.groups:
            shape = "1:1" if len(ga) == 1 and len(gb) == 1 else "1:n"
            for x in ga:
                for y in gb:
                    out[(x, y)] = shape
        return out


def load_gold(path: str | Path) -> Gold:
    """Read and check a gold file; its `a`/`b` paths are relative to the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file; check the path") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(
            f"{path}: not a readable JSON gold file ({exc}); fix or remove it"
        ) from None
    except RecursionError:
        raise GoldError(
            f"{path}: JSON nested too deeply to read; a gold file is a flat readout.gold/1 record"
        ) from None
    if not isinstance(data, dict) or data.get("schema") != GOLD_SCHEMA:
        raise GoldError(
            f"{path}: schema is not {GOLD_SCHEMA!r}; only readout.gold/1 files can be scored"
        )
    try:
        sents = {
            side: tuple(
                GoldSentence(s["id"], int(s["start"]), int(s["end"]), s["text"])
                for s in data["sentences"][side]
            )
            for side in ("a", "b")
        }
        ids = {s.id for side in sents.values() for s in side}
        groups = tuple((tuple(g["a"]), tuple(g["b"])) for g in data.get("groups", []))
        by_id = {s.id: s for side in sents.values() for s in side}
        findings = []
        for f in data.get("findings", []):
            sa, sb = by_id[f["a"]], by_id[f["b"]]
            findings.append(
                GoldFinding(
                    f["kind"], f["a"], f["b"], _locate(sa, f["a_text"]), _locate(sb, f["b_text"])
                )
            )
        a_path = (path.parent / data["a"]).resolve()
        b_path = (path.parent / data["b"]).resolve()
    except (KeyError, TypeError, ValueError, RecursionError) as exc:
        raise GoldError(
            f"{path}: malformed gold file ({exc}); see FORMAT.md for readout.gold/1"
        ) from None
    for ga, gb in groups:
        for i in (*ga, *gb):
            if i not in ids:
                raise GoldError(f"{path}: group names unknown sentence {i!r}; fix the gold file")
    return Gold(str(path), a_path, b_path, sents["a"], sents["b"], groups, tuple(findings))


def _locate(sentence: GoldSentence, text: str) -> tuple[int, int]:
    at = sentence.text.find(text)
    if at < 0:
        raise ValueError(f"finding text {text!r} is not inside sentence {sentence.id}")
    return (sentence.start + at, sentence.start + at + len(text))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PairScore:
    """Scores of one gold pair. `links` by shape ("all", "1:1", "1:n"); findings likewise by kind."""

    gold: str
    links: dict[str, Counts] = field(default_factory=dict)
    predicted_links: int = 0
    findings_any: Counts = field(default_factory=Counts)
    findings_kind: Counts = field(default_factory=Counts)
    findings_by_kind: dict[str, Counts] = field(default_factory=dict)


def _gold_ids_for(statement: Statement, sentences: Sequence[GoldSentence]) -> list[str]:
    return [s.id for s in sentences if statement.start <= s.midpoint < statement.end]


def score_links(
    gold: Gold,
    statements: Sequence[Statement],
    groups: Iterable[Alignment],
) -> dict[str, Counts]:
    """Link precision/recall, overall ("all") and split by shape ("1:1", "1:n")."""
    by_id = {s.id: s for s in statements}
    gold_links = gold.links()
    predicted: dict[tuple[str, str], str] = {}
    unmapped = {"1:1": 0, "1:n": 0}
    for g in groups:
        if not g.matched:
            continue
        shape = "1:1" if len(g.a) == 1 and len(g.b) == 1 else "1:n"
        for x in g.a:
            for y in g.b:
                ga = _gold_ids_for(by_id[x], gold.sentences_a)
                gb = _gold_ids_for(by_id[y], gold.sentences_b)
                if not ga or not gb:
                    unmapped[shape] += 1  # a link between statements the gold does not count
                for p in ga:
                    for q in gb:
                        predicted.setdefault((p, q), shape)
    # Recall is split by the gold group's shape, precision by the predicted group's shape.
    out = {k: Counts() for k in ("all", "1:1", "1:n")}
    for link, shape in predicted.items():
        if link not in gold_links:
            out["all"].fp += 1
            out[shape].fp += 1
    for shape, n in unmapped.items():
        out["all"].fp += n
        out[shape].fp += n
    for link, shape in gold_links.items():
        hit = link in predicted
        for key in ("all", shape):
            out[key].tp += hit
            out[key].fn += not hit
    return out


def _overlaps(x: tuple[int, int] | None, y: tuple[int, int]) -> bool:
    return x is not None and x[0] < y[1] and y[0] < x[1]


def score_findings(
    gold: Gold, findings: Sequence[Finding]
) -> tuple[Counts, Counts, dict[str, Counts]]:
    """(any-kind counts, kind-matched counts, kind-matched counts per kind)."""
    framing = [f for f in findings if f.kind not in COVERAGE_KINDS]
    any_kind, with_kind = Counts(), Counts()
    per_kind: dict[str, Counts] = {}
    for g in gold.findings:
        hits = [
            f for f in framing if _overlaps(f.a_span, g.a_span) and _overlaps(f.b_span, g.b_span)
        ]
        kind_hit = any(f.kind == g.kind for f in hits)
        bucket = per_kind.setdefault(g.kind, Counts())
        any_kind.tp += bool(hits)
        any_kind.fn += not hits
        with_kind.tp += kind_hit
        with_kind.fn += not kind_hit
        bucket.tp += kind_hit
        bucket.fn += not kind_hit
    for f in framing:
        matched = [
            g
            for g in gold.findings
            if _overlaps(f.a_span, g.a_span) and _overlaps(f.b_span, g.b_span)
        ]
        any_kind.fp += not matched
        kind_ok = any(g.kind == f.kind for g in matched)
        with_kind.fp += not kind_ok
        if not kind_ok:
            per_kind.setdefault(f.kind, Counts()).fp += 1
    return any_kind, with_kind, per_kind
