"""`readout corpus report`: an index page of events, each linking its n-way report, and
per-outlet drift figures.

Each event of two or more articles gets `readout report`'s own report (`compare.report`),
written to `OUT/events/<event id>/` by a Dask task from the store's vectors (no model work for
indexed text). An event of more than `MAX_REPORT_ARTICLES` articles is reported on its
primaries first, then its earliest articles, up to that many: a report compares every pair.
`OUT/index.html`, `index.md` and `index.json` list the events and, from the verdicts of the
last `corpus check`, how often each outlet's articles drifted from the record, by finding
kind. Deterministic: same store, byte-identical files.
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
from compare.corpus.index import _embedder
from compare.corpus.scheduler import Executor
from compare.corpus.vectors import StoreEmbedder, known_vectors
from compare.errors import UsageError
from compare.files import write_atomic

#: Articles compared in one event's report (n sources make n(n-1)/2 pairs).
MAX_REPORT_ARTICLES = 8
INDEX_FILES = ("index.html", "index.md", "index.json")
MANIFEST = ".readout-corpus-report"


@dataclass(frozen=True)
class EventReport:
    event: str
    folder: str | None  # relative to OUT; None for an event of one article
    articles: tuple[str, ...]  # the articles compared in the report, as labelled there


def report(
    store: st.Store,
    executor: Executor,
    out: str | Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the per-event reports and the index into `out`; returns the index files."""
    say = progress or (lambda _: None)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is not a directory; give --out a directory")
    for name in INDEX_FILES:
        if (out / name).exists() and not (out / MANIFEST).exists():
            raise UsageError(
                f"{out / name} exists and was not written by readout; choose another --out"
            )
    backend = store.backend
    if backend is None:
        raise UsageError(f"{store.root} holds no article yet; run `readout corpus index`")
    events = ev.group(ev.load(store))
    meta = {
        r["article"]: r
        for r in store.read(
            "articles", columns=["article", "path", "outlet", "date", "role", "title"]
        ).to_pylist()
    }
    jobs = [(e.id, _chosen(e, meta)) for e in events if len(e.articles) >= 2]
    say(f"writing {len(jobs)} event reports ({executor.description})")
    task = partial(report_event, root=str(store.root), backend=backend, out=str(out))
    done = {r.event: r for r in executor.map(task, jobs)}
    checks = store.checks()
    data = index_data(events, meta, done, checks)
    write_atomic(out / MANIFEST, "".join(f"{n}\n" for n in INDEX_FILES))
    texts = {
        "index.json": json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        "index.md": render_markdown(data),
        "index.html": render_html(data),
    }
    for name in INDEX_FILES:
        write_atomic(out / name, texts[name])
    return [out / n for n in INDEX_FILES]


def _chosen(e: ev.Event, meta: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    primaries = [a for a in e.articles if meta[a].get("role") == "primary"]
    others = [a for a in e.articles if a not in primaries]
    return tuple((primaries + others)[:MAX_REPORT_ARTICLES])


def report_event(
    job: tuple[str, tuple[str, ...]], *, root: str, backend: str, out: str
) -> EventReport:
    """One Dask task: build and write the n-way report of one event."""
    from dataclasses import replace

    from compare import pipeline
    from compare.report import build_report, write_report

    event, articles = job
    store = st.Store(Path(root), backend)
    sources = store.sources(articles)
    known = known_vectors(store.statements(articles), store.vectors(articles))
    model = _embedder(backend)
    dim = next(iter(known.values())).shape[0] if known else model.dim
    embedder = StoreEmbedder(model.name, dim, known, lambda: _embedder(backend))
    ordered = [replace(sources[a], id=pipeline.source_id(i)) for i, a in enumerate(articles)]
    result = build_report(ordered, backend=backend, embedder_factory=lambda _n: embedder)
    folder = f"events/{event}"
    write_report(result, Path(out) / folder)
    return EventReport(event, folder, tuple(articles))


def index_data(
    events: Sequence[ev.Event],
    meta: Mapping[str, Mapping[str, Any]],
    reports: Mapping[str, EventReport],
    checks: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The index as plain data: events with their articles and report link, outlet figures."""
    rows = []
    for e in events:
        r = reports.get(e.id)
        rows.append(
            {
                "id": e.id,
                "date": e.date,
                "names": list(e.names),
                "report": f"{r.folder}/index.html" if r and r.folder else None,
                "articles": [
                    {
                        "id": a,
                        "path": meta[a]["path"],
                        "outlet": meta[a]["outlet"],
                        "date": meta[a]["date"],
                        "role": meta[a]["role"],
                        "title": meta[a]["title"],
                    }
                    for a in e.articles
                ],
            }
        )
    return {"events": rows, "outlets": outlet_drift(checks)}


def outlet_drift(checks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per outlet: articles checked against a record, and per finding kind how many of them
    had such a finding (`articles`) and the share of the checked ones (`share`)."""
    per: dict[str, dict[str, Any]] = {}
    for row in sorted(checks, key=lambda r: r["article"]):
        result = json.loads(row["result"])
        if not result.get("record"):
            continue
        outlet = row["outlet"] or "(unknown outlet)"
        entry = per.setdefault(outlet, {"outlet": outlet, "checked": 0, "kinds": {}})
        entry["checked"] += 1
        for kind in sorted({f["kind"] for f in result.get("findings", [])}):
            entry["kinds"][kind] = entry["kinds"].get(kind, 0) + 1
    out = []
    for outlet in sorted(per):
        entry = per[outlet]
        kinds = {
            k: {"articles": n, "share": round(n / entry["checked"], 3)}
            for k, n in sorted(entry["kinds"].items())
        }
        out.append({"outlet": outlet, "checked": entry["checked"], "kinds": kinds})
    return out


def _kinds(data: Mapping[str, Any]) -> list[str]:
    return sorted({k for o in data["outlets"] for k in o["kinds"]})


def render_markdown(data: Mapping[str, Any]) -> str:
    lines = [
        "# Events",
        "",
        "| date | event | articles | outlets | report |",
        "|---|---|---|---|---|",
    ]
    for e in data["events"]:
        outlets = ", ".join(sorted({a["outlet"] or "?" for a in e["articles"]}))
        link = f"[report]({e['report']})" if e["report"] else "—"
        names = ", ".join(e["names"]) or e["id"]
        lines.append(
            f"| {e['date'] or 'undated'} | {names} | {len(e['articles'])} | {outlets} | {link} |"
        )
    lines += ["", "# Drift from the record, by outlet", ""]
    kinds = _kinds(data)
    if not data["outlets"]:
        lines.append("No check results in the store: run `readout corpus check` first.")
    else:
        lines.append("| outlet | checked | " + " | ".join(kinds) + " |")
        lines.append("|---|---|" + "---|" * len(kinds))
        for o in data["outlets"]:
            cells = [
                f"{o['kinds'][k]['articles']} ({o['kinds'][k]['share']:.0%})"
                if k in o["kinds"]
                else "0"
                for k in kinds
            ]
            lines.append(f"| {o['outlet']} | {o['checked']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>readout corpus: events</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;
vertical-align:top}th{background:#f4f4f4}</style></head><body>
<h1>Events</h1>
<table id="events"><tr><th>date</th><th>event</th><th>articles</th><th>report</th></tr>
{% for e in events %}<tr><td>{{ e.date or "undated" }}</td><td>{{ e.names|join(", ") or e.id }}</td>
<td><ul>{% for a in e.articles %}<li>{{ a.outlet or "?" }}{% if a.role == "primary" %} (primary){% endif %}: {{ a.title or a.path }}</li>{% endfor %}</ul></td>
<td>{% if e.report %}<a href="{{ e.report }}">report</a>{% else %}—{% endif %}</td></tr>
{% endfor %}</table>
<h2>Drift from the record, by outlet</h2>
{% if outlets %}<table id="outlets"><tr><th>outlet</th><th>checked</th>{% for k in kinds %}<th>{{ k }}</th>{% endfor %}</tr>
{% for o in outlets %}<tr><td>{{ o.outlet }}</td><td>{{ o.checked }}</td>{% for k in kinds %}<td>{% if k in o.kinds %}{{ o.kinds[k].articles }} ({{ "%.0f"|format(o.kinds[k].share * 100) }}%){% else %}0{% endif %}</td>{% endfor %}</tr>
{% endfor %}</table>{% else %}<p>No check results in the store: run <code>readout corpus check</code> first.</p>{% endif %}
</body></html>
"""


def render_html(data: Mapping[str, Any]) -> str:
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(_HTML).render(
        events=data["events"], outlets=data["outlets"], kinds=_kinds(data)
    )
