"""`readout corpus check`: every new article against the record of its own event.

New articles are those given with `--new` (indexed first, incrementally), or else every
article of the store not checked before. Events come from `compare.corpus.events`, grouped
over the months of the new articles and their neighbours only (all months when one is
undated), so a check of a few new articles does not regroup the whole store; each
task takes a few events, reads their articles and vectors from the store and calls
`compare.check.check([article], rest of its event)` — the verdicts, findings and exit codes
are `readout check`'s own. Vectors come from the store, so checking does no model work for
indexed text. An article alone in its event has no record: it is reported, not failed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from compare.corpus import events as ev
from compare.corpus import store as st
from compare.corpus.index import IndexSummary, _embedder, index
from compare.corpus.scheduler import Executor
from compare.corpus.vectors import StoreEmbedder, known_vectors
from compare.errors import UsageError

#: Articles (new ones and their record) per Dask task.
TASK_ARTICLES = 200


@dataclass(frozen=True)
class ArticleVerdict:
    """One checked article: its event, `check`'s exit code (0 clean, 1 failing findings) and
    the check as JSON-ready data (`status` counts, `findings`, `record` article paths)."""

    article: str
    path: str
    outlet: str | None
    event: str
    exit_code: int
    result: dict[str, Any]


@dataclass(frozen=True)
class CorpusCheck:
    verdicts: tuple[ArticleVerdict, ...]
    indexed: IndexSummary | None
    fail_on: str

    @property
    def exit_code(self) -> int:
        """0 clean, 1 when any article has findings at or above `--fail-on`."""
        return max((v.exit_code for v in self.verdicts), default=0)


def check(
    store: st.Store,
    executor: Executor,
    *,
    new: Sequence[str | Path] | None = None,
    fail_on: str = "high",
    progress: Callable[[str], None] | None = None,
) -> CorpusCheck:
    """Check new articles (see the module doc); records the verdicts in the store."""
    from compare import check as checking

    checking.parse_fail_on(fail_on)  # a bad --fail-on fails before any work
    say = progress or (lambda _: None)
    backend = store.backend
    if backend is None:
        raise UsageError(f"{store.root} holds no article yet; run `readout corpus index`")
    summary = None
    manifest = store.manifest()
    if new:
        summary = index(new, store, executor, backend=backend, progress=progress)
        manifest = store.manifest()
        from compare.corpus.index import list_inputs

        keys = {i.key for i in list_inputs(new)}
        fresh_rows = [r for k, r in manifest.items() if k in keys and r.article]
    else:
        fresh_rows = [r for r in manifest.values() if r.article and not r.checked]
    fresh = {r.article for r in fresh_rows}
    events = ev.group(ev.load(store, _partitions({r.partition or st.UNDATED for r in fresh_rows})))
    jobs = [(e, tuple(a for a in e.articles if a in fresh)) for e in events]
    jobs = [(e, targets) for e, targets in jobs if targets]
    # A small check still goes to every worker.
    total = sum(len(e.articles) for e, _ in jobs)
    limit = max(1, min(TASK_ARTICLES, -(-total // max(1, executor.workers()))))
    tasks: list[list[tuple[str, tuple[str, ...], tuple[str, ...]]]] = [[]]
    size = 0
    for e, targets in jobs:
        if size and size + len(e.articles) > limit:
            tasks.append([])
            size = 0
        tasks[-1].append((e.id, e.articles, targets))
        size += len(e.articles)
    tasks = [t for t in tasks if t]
    say(f"checking {len(fresh)} articles of {len(tasks)} task(s) ({executor.description})")
    task = partial(check_events, root=str(store.root), backend=backend, fail_on=fail_on)
    verdicts = sorted(
        (v for batch in executor.map(task, tasks) for v in batch), key=lambda v: v.path
    )
    rows = {r["article"]: r for r in store.checks()}
    for v in verdicts:
        rows[v.article] = {
            "article": v.article,
            "event": v.event,
            "outlet": v.outlet,
            "path": v.path,
            "exit_code": v.exit_code,
            "result": json.dumps(v.result, sort_keys=True, ensure_ascii=False),
        }
    store.write_checks(list(rows.values()))
    done = {v.article for v in verdicts}
    store.write_manifest(
        {
            k: (st.ManifestRow(**{**r.__dict__, "checked": True}) if r.article in done else r)
            for k, r in manifest.items()
        }
    )
    return CorpusCheck(tuple(verdicts), summary, fail_on)


def _partitions(new: set[str]) -> set[str] | None:
    """The partitions whose articles can share an event with articles of `new` partitions
    (their months and the neighbouring ones, and the undated articles); None (all) when one
    of them is undated. Events
    found on that part of the store are the ones grouping the whole store finds, unless one
    chains over more than a month."""
    if st.UNDATED in new:
        return None
    # Undated articles may join any event: they are always loaded.
    return set().union({st.UNDATED}, *(st.neighbourhood(p) for p in new))


def check_events(
    batch: Sequence[tuple[str, tuple[str, ...], tuple[str, ...]]],
    *,
    root: str,
    backend: str,
    fail_on: str,
) -> list[ArticleVerdict]:
    """One Dask task: (event id, its articles, the new ones) -> a verdict per new article."""
    from compare import check as checking

    store = st.Store(Path(root), backend)
    wanted = {a for _, articles, _ in batch for a in articles}
    sources = store.sources(wanted)
    known = known_vectors(store.statements(wanted), store.vectors(wanted))
    dim = next(iter(known.values())).shape[0] if known else _embedder(backend).dim
    model = _embedder(backend)
    factory = _factory(model.name, dim, known, backend)
    out = []
    for event, articles, targets in batch:
        for target in targets:
            source = sources[target]
            record = [sources[a] for a in articles if a != target and a in sources]
            if not record:
                out.append(
                    ArticleVerdict(
                        target,
                        source.path,
                        source.outlet,
                        event,
                        0,
                        {"status": {}, "findings": [], "record": [], "note": "alone in its event"},
                    )
                )
                continue
            result = checking.check(
                [source], record, fail_on=fail_on, backend=backend, embedder_factory=factory
            )
            out.append(
                ArticleVerdict(
                    target,
                    source.path,
                    source.outlet,
                    event,
                    result.exit_code,
                    _summary(result, {s.id: s.path for s in record}),
                )
            )
    return out


def _factory(
    name: str, dim: int, known: Mapping[str, Any], backend: str
) -> Callable[[str], StoreEmbedder]:
    embedder = StoreEmbedder(name, dim, known, lambda: _embedder(backend))
    return lambda _name: embedder


def _summary(result: Any, paths: Mapping[str, str]) -> dict[str, Any]:
    """The parts of a `compare.check.CheckResult` a corpus view needs, as plain data."""
    (article,) = result.articles
    status: dict[str, int] = {}
    for c in article.checks:
        status[c.status] = status.get(c.status, 0) + 1
    return {
        "status": dict(sorted(status.items())),
        "record": sorted(paths[m] for m in article.matched if m in paths),
        "primaries": sorted(paths[p.source] for p in article.primaries if p.source in paths),
        "findings": [
            {
                "kind": f.kind,
                "severity": f.severity,
                "text": f.text,
                "message": f.message,
                "against": f.against,
                "reference": paths.get(f.reference, f.reference) if f.reference else None,
                "failing": result.fail_on.trips(f),
            }
            for f in article.findings
        ],
    }


def render_text(result: CorpusCheck) -> str:
    """One block per checked article: path, event, verdicts, then its findings."""
    lines = []
    for v in result.verdicts:
        status = ", ".join(f"{n} {s}" for s, n in v.result.get("status", {}).items()) or "nothing"
        note = v.result.get("note")
        record = len(v.result.get("record", []))
        head = f"{v.path}: event {v.event}, " + (
            note if note else f"checked against {record} article(s): {status}"
        )
        lines.append(head)
        for f in v.result.get("findings", []):
            mark = "FAIL " if f["failing"] else ""
            lines.append(f"  {mark}{f['severity']} {f['kind']}: {f['message']}")
    failing = sum(1 for v in result.verdicts if v.exit_code)
    lines.append(
        f"{len(result.verdicts)} article(s) checked, {failing} with findings at or above "
        f"--fail-on {result.fail_on}"
    )
    return "\n".join(lines) + "\n"


def render_json(result: CorpusCheck) -> str:
    data = {
        "fail_on": result.fail_on,
        "exit_code": result.exit_code,
        "articles": [
            {
                "article": v.article,
                "path": v.path,
                "outlet": v.outlet,
                "event": v.event,
                "exit_code": v.exit_code,
                **v.result,
            }
            for v in result.verdicts
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
