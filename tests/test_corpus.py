"""`compare.corpus`: features, event grouping, the store and incremental indexing (in-process)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst
from typer.testing import CliRunner

from compare.corpus import events as ev
from compare.corpus import index as ix
from compare.corpus import store as st
from compare.corpus.features import Features, days_apart, features, name_overlap
from compare.corpus.scheduler import executor
from compare.ingest import parse_source

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "tests" / "data" / "events"
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus_gen  # noqa: E402


def _source(text: str, date: str | None = None):
    front = f"---\ndate: {date}\n---\n" if date else ""
    return parse_source(front + text, source_id="x", path="x.txt")


# --- features ----------------------------------------------------------------------------------


def test_features_names_are_capitalised_words_never_written_lower_case() -> None:
    src = _source(
        "Blinken meets Wang in Munich\n\nBlinken met Wang Yi in Munich on Friday. "
        "Security was discussed. The talks were about security and trade.\n",
        "2024-02-16",
    )
    f = features(src)
    assert {"blinken", "wang", "yi", "munich"} <= set(f.names)
    assert "security" not in f.names  # written in lower case too
    assert "friday" not in f.names  # a weekday is not a name
    assert f.weekdays == (4,)
    assert f.date == "2024-02-16"
    assert abs(sum(f.names.values()) - 1) < 1e-9


def test_features_of_a_chinese_article_are_english_names_or_sounds() -> None:
    src = _source(
        "王毅会见美国国务卿布林肯\n\n外交部长王毅在慕尼黑会见美国国务卿布林肯和贝尔卡托·萨卡托维。\n",
        "2024-02-16",
    )
    assert src.language == "zh"
    names = features(src).names
    # the transliteration table and CC-CEDICT: people and places as English words
    assert {"wang", "yi", "blinken", "munich"} <= set(names)
    # a foreign name neither knows: its consonant skeletons, one per part of the dotted name
    assert {"~PLKT", "~SKTF"} <= set(names)
    assert "~PLKT" not in features(_source("Blinken met Belkato Sakatovi in Munich.\n")).names
    assert name_overlap(names, {"belkato": 0.5, "sakatovi": 0.5}) > 0
    assert name_overlap(names, {"scholz": 0.5, "xi": 0.5}) == 0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({"~PLNKN": 0.5, "wang": 0.5}, {"blinken": 0.5, "wang": 0.5}, 1.0),  # sound, then spelling
        ({"~PLNKN": 1.0}, {"blinken": 0.5, "blinkin": 0.5}, 0.5),  # one name matched once
        ({"~PLNKN": 1.0}, {"scholz": 1.0}, 0.0),
        ({"~SLS": 1.0}, {"~SLS": 1.0}, 1.0),  # two Chinese articles: by key
        ({"~LN": 1.0}, {"lin": 1.0}, 0.0),  # too short to compare by sound
    ],
)
def test_name_overlap_by_sound(a: dict, b: dict, expected: float) -> None:
    assert name_overlap(a, b) == pytest.approx(expected)
    assert name_overlap(b, a) == pytest.approx(expected)


def test_features_month_day_of_an_undated_lead() -> None:
    f = features(_source("Talks\n\nMUNICH, Feb 17 (GWS) - Blinken met Wang Yi.\n"))
    assert f.date is None
    assert f.month_day == (2, 17)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Features("2024-02-16", (), {}), Features("2024-02-17", (), {}), 1),
        (Features("2024-02-16", (), {}), Features("2024-03-16", (), {}), 29),
        (Features("2024-12-31", (), {}), Features(None, (), {}, (1, 1)), 1),  # across the year
        # Feb 29 and a year with no leap year either side: the nearest Feb 29 (2024-02-29)
        (Features("2022-03-01", (), {}), Features(None, (), {}, (2, 29)), 730),
        (Features(None, (), {}, (2, 16)), Features(None, (), {}, (2, 20)), 4),
        (Features("2024-02-16", (), {}), Features(None, (), {}), None),  # no date: unknown
        (Features(None, (), {}), Features(None, (), {}), None),
    ],
)
def test_days_apart(a: Features, b: Features, expected: int | None) -> None:
    assert days_apart(a, b) == expected
    assert days_apart(b, a) == expected


# --- events (pure) -----------------------------------------------------------------------------


def _unit(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


NAMES_A = {"blinken": 0.4, "wang": 0.3, "munich": 0.3}
NAMES_B = {"scholz": 0.4, "xi": 0.3, "beijing": 0.3}


def _article(
    i: str, date: str | None, names: dict[str, float], vec: list[float], **kw
) -> ev.Article:
    return ev.Article(i, Features(date, kw.pop("weekdays", ()), names), _unit(vec), **kw)


@pytest.mark.parametrize(
    ("b", "same"),
    [
        (_article("b", "2024-02-17", NAMES_A, [1, 0.1, 0]), True),
        (_article("b", "2024-02-25", NAMES_A, [1, 0.1, 0]), False),  # 9 days apart
        (_article("b", "2024-02-17", NAMES_B, [1, 0.1, 0]), False),  # other people
        (_article("b", "2024-02-17", NAMES_A, [0, 1, 0]), False),  # says other things
        (_article("b", "2024-02-17", NAMES_A, [1, 0.1, 0], weekdays=(1,)), False),  # Tuesday
        (_article("b", "2024-02-17", {}, [1, 0.1, 0]), True),  # no names: content decides
        (_article("b", "2024-02-17", {}, [1, 1.2, 0]), False),  # ... and it is not enough
        (
            _article("b", "2024-02-17", NAMES_B, [0, 1, 0], quotes=frozenset({"q"})),
            False,  # a quote only one side has is not shared content
        ),
    ],
)
def test_same_event_decision(b: ev.Article, same: bool) -> None:
    a = _article("a", "2024-02-16", NAMES_A, [1, 0, 0], weekdays=(4,))
    if b.features.weekdays == ():
        a = _article("a", "2024-02-16", NAMES_A, [1, 0, 0])
    assert ev.same_event(a, b) is same


@pytest.mark.parametrize(
    ("b", "same"),
    [
        (_article("b", "2024-02-17", NAMES_A, [0, 1, 0], language="zh"), True),  # names decide
        (_article("b", "2024-02-25", NAMES_A, [1, 0, 0], language="zh"), False),  # 9 days apart
        (_article("b", None, NAMES_A, [1, 0, 0], language="zh"), False),  # undated: no evidence
        (_article("b", "2024-02-17", NAMES_B, [1, 0, 0], language="zh"), False),  # others
        (_article("b", "2024-02-17", {"blinken": 1.0}, [1, 0, 0], language="zh"), False),
    ],
)
def test_same_event_across_languages(b: ev.Article, same: bool) -> None:
    """Across languages content is no evidence: dates and names decide."""
    a = _article("a", "2024-02-16", NAMES_A, [1, 0, 0], language="en")
    assert ev.same_event(a, b) is same
    assert ev.same_event(b, a) is same


def test_shared_quote_is_shared_content() -> None:
    a = _article("a", "2024-02-16", NAMES_A, [1, 0, 0], quotes=frozenset({"candid and open talks"}))
    b = _article("b", "2024-02-16", NAMES_A, [0, 1, 0], quotes=frozenset({"candid and open talks"}))
    assert ev.same_event(a, b)
    assert ev.quote_key("“Candid, and open talks”") == "candid and open talks"
    assert ev.quote_key("two words") is None


def test_event_names_are_names_never_sounds() -> None:
    a = _article("a", "2024-02-16", {"~PLNKN": 0.5, "wang": 0.5}, [1, 0, 0], language="zh")
    b = _article("b", "2024-02-16", {"~PLNKN": 0.5, "wang": 0.5}, [1, 0, 0], language="zh")
    (event,) = ev.group([a, b])
    assert event.names == ("wang",)


def test_undated_article_never_bridges_two_events() -> None:
    a = _article("a", "2024-02-16", NAMES_A, [1, 0, 0])
    b = _article("b", "2024-02-26", NAMES_A, [1, 0, 0])  # the same people ten days later
    floating = _article("c", None, NAMES_A, [1, 0.01, 0])
    groups = ev.group([a, b, floating])
    assert len(groups) == 2
    assert sorted(len(g.articles) for g in groups) == [1, 2]


def _random_articles(n: int, seed: int, *, same_day: bool = False) -> list[ev.Article]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        meeting = int(rng.integers(0, max(1, n // 5)))
        vec = np.eye(64)[meeting % 64] + rng.normal(scale=0.05, size=64)
        names = {f"n{meeting}a": 0.5, f"n{meeting}b": 0.3, f"n{meeting}c": 0.2}
        day = f"2024-{1 + meeting % 12:02d}-{1 + (meeting * 7) % 27:02d}"
        if same_day:  # one busy window: far more articles than NEIGHBOURS
            day = f"2024-03-{1 + meeting % 3:02d}"
        out.append(ev.Article(f"x{i:04d}", Features(day, (), names), _unit(list(vec))))
    return out


def test_candidates_are_not_all_pairs_and_grouping_is_deterministic() -> None:
    articles = _random_articles(400, 1)
    pairs = ev.candidate_pairs(articles)
    assert len(pairs) < 400 * 399 // 2 // 5
    first = ev.group(articles)
    again = ev.group(list(reversed(articles)))
    assert first == again
    meetings = {a.id: tuple(sorted(a.features.names)) for a in articles}
    for e in first:  # each event is one meeting
        assert len({meetings[a] for a in e.articles}) == 1


@settings(max_examples=25, deadline=None)
@given(hst.integers(min_value=0, max_value=60), hst.integers(min_value=0, max_value=10**6))
def test_group_is_a_partition(n: int, seed: int) -> None:
    articles = _random_articles(n, seed)
    groups = ev.group(articles)
    members = [a for g in groups for a in g.articles]
    assert sorted(members) == sorted(a.id for a in articles)


# --- the generator and the pairwise score -------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "precision", "recall"),
    [
        ({"a": "x", "b": "x", "c": "y", "d": "y"}, 1.0, 1.0),
        ({"a": "x", "b": "x", "c": "x", "d": "x"}, 2 / 6, 1.0),
        ({"a": "x", "b": "y", "c": "z", "d": "w"}, 1.0, 0.0),
    ],
)
def test_pairwise_score(predicted: dict[str, str], precision: float, recall: float) -> None:
    gold = {"a": 0, "b": 0, "c": 1, "d": 1}
    assert corpus_gen.pairwise(predicted, gold) == pytest.approx((precision, recall))


def test_generator_is_deterministic_and_labelled(tmp_path: Path) -> None:
    one = corpus_gen.write_corpus(tmp_path / "one", articles=24, meetings=6)
    two = corpus_gen.write_corpus(tmp_path / "two", articles=24, meetings=6)
    assert one == two and sorted(set(one.values())) == list(range(6))
    for name in one:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_generated_chinese_articles_name_their_meetings_cast(tmp_path: Path) -> None:
    """A Chinese source of a generated meeting names its invented cast, transliterated, and
    nothing of the template's cast; English sources swap names only where capitalised."""
    labels = corpus_gen.write_corpus(tmp_path, articles=12, meetings=2)
    texts = {n: (tmp_path / n).read_text(encoding="utf-8") for n in labels}
    zh = [n for n, t in texts.items() if "会见" in t]
    english = [n for n in texts if n not in zh]
    en = [n for n in english if labels[n] == 0]
    assert zh and en
    for n in zh:
        assert "布林肯" not in texts[n] and "王毅" not in texts[n] and "慕尼黑" not in texts[n]
        mates = [m for m in en if labels[m] == labels[n]]
        zh_names = features(_source(texts[n].split("---\n", 2)[2], "2021-01-04")).names
        best = max(
            name_overlap(zh_names, features(_source(texts[m].split("---\n", 2)[2])).names)
            for m in mates
        )
        assert best >= ev.MIN_NAME_OVERLAP
    assert not any("Blinken" in texts[n] for n in english if labels[n] == 0)  # d1's cast
    assert not any("Raimondo" in texts[n] for n in english if labels[n] == 1)  # d2's
    # lower-case words that are names elsewhere ("Munich Security Conference") stay
    assert any(re.search(r"\b(?:security|conference|earlier|period)\b", texts[n]) for n in english)


# --- store and incremental index (synchronous scheduler, fake embedder) -------------------------


class CountingEmbedder:
    def __init__(self) -> None:
        from compare.embed import FakeEmbedder

        self.inner = FakeEmbedder()
        self.name, self.dim, self.texts = self.inner.name, self.inner.dim, 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed(texts)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingEmbedder:
    model = CountingEmbedder()
    monkeypatch.setitem(ix._EMBEDDERS, "fake", model)
    return model


def test_check_does_no_model_work_for_indexed_articles(tmp_path: Path, counting) -> None:
    """The store's vectors are what `readout check` asks for, Chinese (Traditional included)
    and English: checking indexed articles embeds nothing."""
    from compare.corpus import check as corpus_check

    corpus_gen.write_corpus(tmp_path / "c", articles=40, meetings=6)
    store = st.Store.open(tmp_path / "s", create=True)
    with executor("sync") as ex:
        ix.index([tmp_path / "c"], store, ex, backend="fake")
        indexed = counting.texts
        languages = {
            r["language"]
            for r in store.read("articles", columns=["article", "language"]).to_pylist()
        }
        assert languages == {"en", "zh"}
        result = corpus_check.check(store, ex)
    assert len(result.verdicts) == 40
    assert counting.texts == indexed


def test_index_is_incremental_and_reports_bad_files(tmp_path: Path, counting) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted((EVENTS / "d2_beijing_raimondo_wang_wentao").glob("*.txt")):
        (corpus / p.name).write_bytes(p.read_bytes())
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (corpus / "broken.parquet").write_bytes(b"PAR1 not really")
    store = st.Store.open(tmp_path / "store", create=True)
    with executor("sync") as ex:
        first = ix.index([corpus, corpus / "broken.parquet"], store, ex, backend="fake")
        assert (first.indexed, len(first.errors)) == (4, 3)
        assert all(k.endswith(("empty.txt", "binary.txt", ".parquet")) for k in first.errors)
        assert all("; " in m for m in first.errors.values())  # problem; fix
        embedded = counting.texts
        assert embedded > 0
        second = ix.index([corpus], store, ex, backend="fake")
        assert (second.indexed, second.unchanged) == (0, 4)
        assert counting.texts == embedded  # no model work for an unchanged corpus
        blog = corpus / "blog.txt"
        blog.write_text(blog.read_text() + "\nThe two ministers will meet again in spring.\n")
        third = ix.index([corpus], store, ex, backend="fake")
        assert (third.indexed, third.unchanged) == (1, 3)
    live = store.live()
    assert len(live) == 4  # the old version of blog.txt is no longer live
    sources = store.sources()
    vectors = store.vectors()
    statements = store.statements()
    for aid, source in sources.items():
        assert len(statements[aid]) == len(vectors[aid]) > 0
        for s in statements[aid]:
            assert source.text[s.start : s.end] == s.text
        assert np.allclose(np.linalg.norm(vectors[aid], axis=1), 1.0, atol=1e-5)


def test_store_refuses_other_folders_and_other_models(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x.txt").write_text("x")
    with pytest.raises(st.UsageError, match="not a readout corpus store"):
        st.Store.open(tmp_path / "busy", create=True)
    with pytest.raises(st.UsageError, match="run `readout corpus index"):
        st.Store.open(tmp_path / "none")
    store = st.Store.open(tmp_path / "s", create=True)
    store.set_backend("fake")
    with pytest.raises(st.UsageError, match="holds vectors of fake"):
        st.Store.open(tmp_path / "s").set_backend("use")


def test_parquet_table_of_articles(tmp_path: Path, counting) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [p.read_text() for p in sorted((EVENTS / "d6_jakarta_blinken_wang").glob("*.txt"))]
    table = pa.table({"id": ["s", "w"], "text": texts, "outlet": ["State", "Wire"]})
    pq.write_table(table, tmp_path / "articles.parquet")
    store = st.Store.open(tmp_path / "store", create=True)
    with executor("sync") as ex:
        summary = ix.index([tmp_path / "articles.parquet"], store, ex, backend="fake")
    assert summary.indexed == 2
    outlets = sorted(s.outlet or "" for s in store.sources().values())
    assert outlets == ["State", "Wire"]


def test_cli_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    from compare.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["corpus", "events", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "is not a readout corpus store" in result.output
    result = runner.invoke(
        app,
        [
            "corpus",
            "index",
            str(tmp_path / "missing"),
            "--store",
            str(tmp_path / "s"),
            "--scheduler",
            "sync",
        ],
    )
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    result = runner.invoke(
        app,
        ["corpus", "index", str(EVENTS), "--store", str(tmp_path / "s2"), "--scheduler", "udp://x"],
    )
    assert result.exit_code == 2
    assert "--scheduler" in result.output


def test_events_json_lists_each_event_with_its_articles(tmp_path: Path, counting) -> None:
    from compare.cli import app

    store = st.Store.open(tmp_path / "store", create=True)
    with executor("sync") as ex:
        ix.index([EVENTS / "d2_beijing_raimondo_wang_wentao"], store, ex, backend="fake")
    result = CliRunner().invoke(
        app, ["corpus", "events", "--store", str(tmp_path / "store"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (event,) = data["events"]
    assert len(event["articles"]) == 4
    assert {"raimondo", "wentao"} <= set(event["names"])


@pytest.mark.parametrize(
    ("partition", "expected"),
    [
        ("2024-05", {"2024-04", "2024-05", "2024-06"}),
        ("2024-01", {"2023-12", "2024-01", "2024-02"}),
        ("2024-12", {"2024-11", "2024-12", "2025-01"}),
    ],
)
def test_neighbourhood(partition: str, expected: set[str]) -> None:
    assert st.neighbourhood(partition) == expected


def test_undated_has_no_neighbourhood() -> None:
    with pytest.raises(ValueError):
        st.neighbourhood(st.UNDATED)
    assert st.partition_of(None) == st.UNDATED
    assert st.partition_of("2024-02-16") == "2024-02"
    assert st.partition_of("Feb 16") == st.UNDATED


def test_ann_candidates_group_as_all_pairs_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path (nearest neighbours per date window) against the slow reference (every
    pair decided)."""
    articles = _random_articles(300, 7, same_day=True)
    fast = ev.group(articles)
    assert len(ev.candidate_pairs(articles)) < 300 * 299 // 2 // 3
    every = {(i, j) for i in range(len(articles)) for j in range(i + 1, len(articles))}
    monkeypatch.setattr(ev, "candidate_pairs", lambda arts: every)
    assert ev.group(articles) == fast
