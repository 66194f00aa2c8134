"""`readout corpus` end to end through a 2-worker `dask.distributed.LocalCluster`.

index -> events -> check (all, then `--new` unseen articles) -> report, on a generated corpus
with known meetings and the deterministic fake embedder; one small run with the real model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.corpus import check as corpus_check
from compare.corpus import events as ev
from compare.corpus import index as ix
from compare.corpus import report as corpus_report
from compare.corpus import store as st
from compare.corpus.scheduler import executor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus_gen  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("corpus")
    labels = corpus_gen.write_corpus(root / "old", articles=48, meetings=6)
    new = corpus_gen.write_corpus(root / "new", articles=12, meetings=6, start=48, seed=1)
    return root / "old", root / "new", {**labels, **new}


def _names(store: st.Store) -> dict[str, str]:
    """Article id -> file name, of every article (English and Chinese)."""
    rows = store.read("articles", columns=["article", "path"]).to_pylist()
    return {r["article"]: Path(r["path"]).name for r in rows}


def test_index_events_check_report_on_a_local_cluster(corpus, tmp_path: Path) -> None:
    old, new, labels = corpus
    store = st.Store.open(tmp_path / "store", create=True)
    with executor("local", workers=2) as ex:
        assert ex.workers() == 2
        summary = ix.index([old], store, ex, backend="fake", batch_size=6)
        assert summary.indexed + summary.unchanged == 48 and not summary.errors
        assert len(summary.peak_rss) == 2
        # Eight tasks, two workers: each worker that ran one loaded the model once.
        loads = [v for v in ex.client.run(ix.model_loads).values() if v]
        assert loads and all(v == {"fake": 1} for v in loads)

        # Grouping: every generated meeting is exactly one event, its Chinese articles
        # included (linked to English ones by date and names, not by the fake embedder).
        names = _names(store)
        grouped = ev.group(ev.load(store))
        predicted = {names[a]: e.id for e in grouped for a in e.articles}
        assert corpus_gen.pairwise(predicted, labels) == (1.0, 1.0)

        first = corpus_check.check(store, ex)
        assert len(first.verdicts) == summary.indexed
        kinds = {f["kind"] for v in first.verdicts for f in v.result["findings"]}
        assert "quote_drift" in kinds  # the dev sources plant misquotes
        assert first.exit_code == 1
        assert corpus_check.check(store, ex).verdicts == ()  # nothing new

        # Unseen articles of the same meetings join their meeting's event.
        later = corpus_check.check(store, ex, new=[new])
        assert len(later.verdicts) == 12
        names = _names(store)
        events = {e.id: e for e in ev.group(ev.load(store))}
        for v in later.verdicts:
            mates = {labels[names[a]] for a in events[v.event].articles}
            assert mates == {labels[Path(v.path).name]}
            assert v.result["record"], v.path

        written = corpus_report.report(store, ex, tmp_path / "out")
        again = corpus_report.report(store, ex, tmp_path / "out2")
    data = json.loads((tmp_path / "out" / "index.json").read_text())
    linked = [e for e in data["events"] if e["report"]]
    assert len(linked) >= 6
    for e in linked:
        assert (tmp_path / "out" / e["report"]).exists()
    assert data["outlets"] and all(o["checked"] > 0 for o in data["outlets"])
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes()  # deterministic
    html = (tmp_path / "out" / "index.html").read_text()
    assert 'href="events/' in html


def test_cli_sync_run_and_exit_codes(corpus, tmp_path: Path, monkeypatch) -> None:
    from compare.embed import FakeEmbedder

    old, _, _ = corpus
    store = st.Store.open(tmp_path / "store", create=True)
    monkeypatch.setitem(ix._EMBEDDERS, "fake", FakeEmbedder())
    with executor("sync") as ex:
        ix.index([old], store, ex, backend="fake")
    runner = CliRunner()
    s = str(tmp_path / "store")
    events = runner.invoke(app, ["corpus", "events", "--store", s])
    assert events.exit_code == 0 and "event" in events.stdout
    result = runner.invoke(
        app, ["corpus", "check", "--store", s, "--scheduler", "sync", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["exit_code"] == 1 and len(data["articles"]) > 40
    clean = runner.invoke(app, ["corpus", "check", "--store", s, "--scheduler", "sync"])
    assert clean.exit_code == 0  # nothing new to check
    bad = runner.invoke(
        app, ["corpus", "check", "--store", s, "--scheduler", "sync", "--fail-on", "nonsense"]
    )
    assert bad.exit_code == 2 and "--fail-on" in bad.output
    out = tmp_path / "out"
    report = runner.invoke(
        app, ["corpus", "report", "--store", s, "--out", str(out), "--scheduler", "sync"]
    )
    assert report.exit_code == 0, report.output
    assert (out / "index.html").exists()


@pytest.mark.model
def test_real_model_index_and_events(tmp_path: Path) -> None:
    """The real default model (USE) through the CLI: one meeting's four sources, one event."""
    runner = CliRunner()
    s = str(tmp_path / "store")
    folder = ROOT / "tests" / "data" / "events" / "d2_beijing_raimondo_wang_wentao"
    result = runner.invoke(
        app, ["corpus", "index", str(folder), "--store", s, "--scheduler", "sync"]
    )
    assert result.exit_code == 0, result.output
    assert "4 indexed" in result.output and "(use)" in result.output
    events = runner.invoke(app, ["corpus", "events", "--store", s, "--format", "json"])
    (event,) = json.loads(events.stdout)["events"]
    assert len(event["articles"]) == 4
