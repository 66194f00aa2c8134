from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.cache import (
    EVICT_TO,
    ROW_OVERHEAD,
    CachedEmbedder,
    CacheError,
    EmbeddingCache,
    cached_factory,
    default_cache_path,
    text_key,
)
from compare.embed import Embedder, FakeEmbedder, MiniLMEmbedder
from compare.errors import ReadoutError

ROOT = Path(__file__).resolve().parent.parent
MODEL = "fake:bag-of-words"


class Counting:
    """Wraps an embedder and records every batch it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.embed(texts)


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def vectors(n: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def db(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


# -- EmbeddingCache -----------------------------------------------------------------------------


def test_get_many_returns_hits_by_position_and_omits_misses(tmp_path: Path) -> None:
    v = vectors(3)
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        assert cache.put_many(MODEL, ["a", "b", "c"], v) == 3
        found = cache.get_many(MODEL, ["c", "missing", "a", "c"])
    assert sorted(found) == [0, 2, 3]
    assert np.array_equal(found[0], v[2])
    assert np.array_equal(found[2], v[0])
    assert np.array_equal(found[3], v[2])
    assert found[0].dtype == np.float32


def test_models_do_not_share_entries(tmp_path: Path) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("model-a", ["same text"], vectors(1))
        assert cache.get_many("model-b", ["same text"]) == {}
        assert list(cache.get_many("model-a", ["same text"])) == [0]


def test_put_many_keeps_the_first_vector_and_counts_only_new_rows(tmp_path: Path) -> None:
    first, second = vectors(2, seed=1), vectors(2, seed=2)
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        assert cache.put_many(MODEL, ["x", "y"], first) == 2
        assert cache.put_many(MODEL, ["y", "z"], second) == 1
        found = cache.get_many(MODEL, ["x", "y", "z"])
        assert cache.info().entries == 3
    assert np.array_equal(found[1], first[1])
    assert np.array_equal(found[2], second[1])


@pytest.mark.parametrize("shape", [(3,), (2, 8), (3, 4, 2)])
def test_put_many_rejects_vectors_that_do_not_match_the_texts(
    tmp_path: Path, shape: tuple[int, ...]
) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache, pytest.raises(ValueError):
        cache.put_many(MODEL, ["a", "b", "c"], np.zeros(shape))


def test_entries_persist_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    v = vectors(2)
    with EmbeddingCache(path) as cache:
        cache.put_many(MODEL, ["one", "two"], v)
    with EmbeddingCache(path) as cache:
        found = cache.get_many(MODEL, ["two", "one"])
    assert np.array_equal(found[0], v[1])
    assert np.array_equal(found[1], v[0])


def test_file_is_sqlite_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with EmbeddingCache(path) as cache:
        cache.put_many(MODEL, ["a"], vectors(1))
    with db(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_reading_or_inspecting_a_missing_cache_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "c.sqlite"
    with EmbeddingCache(path) as cache:
        assert cache.get_many(MODEL, ["a"]) == {}
        info = cache.info()
        assert cache.clear() == 0
    assert (info.entries, info.bytes, dict(info.models), info.file_bytes) == (0, 0, {}, 0)
    assert not path.parent.exists()


def test_info_counts_per_model_and_clear_empties(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with EmbeddingCache(path, max_bytes=10**9) as cache:
        cache.put_many("m1", ["a", "b", "c"], vectors(3, dim=8))
        cache.put_many("m2", ["a"], vectors(1, dim=16))
        info = cache.info()
        assert info.path == path
        assert info.entries == 4
        assert dict(info.models) == {"m1": 3, "m2": 1}
        assert info.bytes == 3 * (8 * 4 + ROW_OVERHEAD) + (16 * 4 + ROW_OVERHEAD)
        assert info.file_bytes > 0
        assert info.max_bytes == 10**9
        assert cache.clear() == 4
        after = cache.info()
        assert (after.entries, after.bytes, dict(after.models)) == (0, 0, {})
        assert cache.get_many("m1", ["a", "b", "c"]) == {}
        # Still a working cache after clearing.
        cache.put_many("m1", ["a"], vectors(1))
        assert cache.info().entries == 1


def test_surrogate_text_can_be_keyed_and_stored(tmp_path: Path) -> None:
    text = b"caf\xe9".decode("utf-8", "surrogateescape")
    assert text_key(text) != text_key("caf")
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many(MODEL, [text], vectors(1))
        assert list(cache.get_many(MODEL, [text])) == [0]


def test_more_texts_than_one_query_holds(tmp_path: Path) -> None:
    texts = [f"statement {i}" for i in range(1234)]
    v = vectors(len(texts))
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many(MODEL, texts, v)
        found = cache.get_many(MODEL, texts)
    assert len(found) == len(texts)
    assert np.array_equal(np.stack([found[i] for i in range(len(texts))]), v)


# -- size bound and recency ---------------------------------------------------------------------

ROW = 8 * 4 + ROW_OVERHEAD  # bytes counted for one 8-d row


def test_eviction_keeps_size_under_the_bound_and_drops_oldest(tmp_path: Path) -> None:
    clock = Clock()
    max_bytes = 20 * ROW
    with EmbeddingCache(tmp_path / "c.sqlite", max_bytes=max_bytes, clock=clock) as cache:
        for batch in range(20):
            clock.now += 60
            texts = [f"batch {batch} text {i}" for i in range(5)]
            cache.put_many(MODEL, texts, vectors(5, seed=batch))
            info = cache.info()
            assert info.bytes <= max_bytes
            assert info.bytes == info.entries * ROW
        assert info.entries >= int(max_bytes * EVICT_TO) // ROW
        assert len(cache.get_many(MODEL, [f"batch 19 text {i}" for i in range(5)])) == 5
        assert cache.get_many(MODEL, [f"batch 0 text {i}" for i in range(5)]) == {}
    with db(tmp_path / "c.sqlite") as conn:
        (count,) = conn.execute("SELECT count(*) FROM vectors").fetchone()
    assert count == info.entries


@pytest.mark.parametrize(("read_a", "evicted"), [(True, "b"), (False, "a")])
def test_eviction_is_least_recently_used(tmp_path: Path, read_a: bool, evicted: str) -> None:
    clock = Clock()
    # Room for 3.5 rows: a fourth row evicts exactly one (down to EVICT_TO of the bound).
    cache = EmbeddingCache(
        tmp_path / "c.sqlite", max_bytes=ROW * 7 // 2, touch_after=5, clock=clock
    )
    for text in ("a", "b", "c"):
        clock.now += 10
        cache.put_many(MODEL, [text], vectors(1))
    clock.now += 10
    if read_a:
        assert list(cache.get_many(MODEL, ["a"])) == [0]
    clock.now += 10
    cache.put_many(MODEL, ["d"], vectors(1))
    remaining = {t for t in "abcd" if cache.get_many(MODEL, [t])}
    cache.close()
    assert remaining == set("abcd") - {evicted}


def test_hits_are_restamped_only_after_touch_after(tmp_path: Path) -> None:
    clock = Clock(1000)
    path = tmp_path / "c.sqlite"

    def last_used() -> int:
        with db(path) as conn:
            return int(conn.execute("SELECT last_used FROM vectors").fetchone()[0])

    with EmbeddingCache(path, touch_after=100, clock=clock) as cache:
        cache.put_many(MODEL, ["a"], vectors(1))
        clock.now = 1050
        cache.get_many(MODEL, ["a"])
        assert last_used() == 1000
        clock.now = 1150
        cache.get_many(MODEL, ["a"])
        assert last_used() == 1150


def test_max_bytes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        EmbeddingCache(tmp_path / "c.sqlite", max_bytes=0)


# -- concurrency and crashes --------------------------------------------------------------------

WRITER_ROWS = 300


def _writer(path: str, worker: int, barrier: Any) -> None:
    embedder = FakeEmbedder(dim=16)
    cache = EmbeddingCache(Path(path))
    barrier.wait()
    for start in range(0, WRITER_ROWS, 10):
        own = [f"worker {worker} row {i}" for i in range(start, start + 10)]
        shared = [f"shared row {i}" for i in range(start, start + 10)]
        texts = own + shared
        cache.put_many(embedder.name, texts, embedder.embed(texts))
        cache.get_many(embedder.name, texts)
    cache.close()


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"  # both start on a file that does not exist yet
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [context.Process(target=_writer, args=(str(path), n, barrier)) for n in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]

    embedder = FakeEmbedder(dim=16)
    texts = [f"worker {w} row {i}" for w in (0, 1) for i in range(WRITER_ROWS)]
    texts += [f"shared row {i}" for i in range(WRITER_ROWS)]
    with EmbeddingCache(path) as cache:
        found = cache.get_many(embedder.name, texts)
        assert cache.info().entries == len(texts)
    assert len(found) == len(texts)
    assert np.array_equal(np.stack([found[i] for i in range(len(texts))]), embedder.embed(texts))
    with db(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_waits_while_another_process_holds_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE unrelated (x)")  # a new file, still in rollback-journal mode
    # Holding the write lock makes SQLite refuse the WAL switch at once, without waiting:
    # what a second process creating the cache at the same moment runs into.
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with EmbeddingCache(path) as cache:
            assert cache.put_many(MODEL, ["a"], vectors(1)) == 1
    finally:
        release.join()
        other.close()
    with db(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


CRASH_WRITER = """
import sys
import threading
from pathlib import Path
import numpy as np
from compare.cache import EmbeddingCache

cache = EmbeddingCache(Path(sys.argv[1]))
batch = 0
while True:
    texts = [f"batch {batch} row {i}" for i in range(50)]
    cache.put_many("m", texts, np.ones((50, 32)))
    print(batch, flush=True)
    batch += 1
"""


def test_killed_writer_leaves_a_consistent_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASH_WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for _ in range(20):
        assert proc.stdout.readline()
    proc.kill()  # SIGKILL: no cleanup, possibly mid-transaction
    proc.wait(timeout=30)
    proc.stdout.close()

    with db(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (rows,) = conn.execute("SELECT count(*) FROM vectors").fetchone()
    with EmbeddingCache(path) as cache:
        info = cache.info()
    assert rows >= 20 * 50
    assert rows % 50 == 0  # whole batches only: each put_many is one transaction
    assert info.entries == rows  # trigger-kept counters agree with the rows


# -- broken cache files -------------------------------------------------------------------------


@pytest.fixture
def garbage(tmp_path: Path) -> Path:
    path = tmp_path / "embeddings.sqlite"
    path.write_bytes(np.random.default_rng(7).bytes(8192))
    return path


@pytest.mark.parametrize(
    "operation",
    [
        lambda c: c.info(),
        lambda c: c.get_many(MODEL, ["a"]),
        lambda c: c.put_many(MODEL, ["a"], vectors(1)),
    ],
    ids=["info", "get_many", "put_many"],
)
def test_corrupt_file_raises_one_line_readout_error(garbage: Path, operation: Any) -> None:
    with EmbeddingCache(garbage) as cache, pytest.raises(CacheError) as caught:
        operation(cache)
    message = str(caught.value)
    assert isinstance(caught.value, ReadoutError)
    assert caught.value.unreadable
    assert "\n" not in message
    assert str(garbage) in message
    assert "readout cache clear" in message


def test_clear_deletes_a_corrupt_file_and_the_cache_works_again(garbage: Path) -> None:
    with EmbeddingCache(garbage) as cache:
        assert cache.clear() == 0
        cache.put_many(MODEL, ["a"], vectors(1))
        assert cache.info().entries == 1


def test_file_from_another_schema_version_is_refused_then_cleared(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with db(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with EmbeddingCache(path) as cache:
        with pytest.raises(CacheError, match="another version"):
            cache.get_many(MODEL, ["a"])
        assert cache.clear() == 0
        cache.put_many(MODEL, ["a"], vectors(1))
        assert cache.info().entries == 1


def test_unopenable_path_is_an_error_that_clear_does_not_delete(tmp_path: Path) -> None:
    folder = tmp_path / "is-a-directory"
    (folder / "keep").mkdir(parents=True)
    with EmbeddingCache(folder) as cache:
        with pytest.raises(CacheError) as caught:
            cache.put_many(MODEL, ["a"], vectors(1))
        assert not caught.value.unreadable
        assert "--no-cache" in str(caught.value)
        with pytest.raises(CacheError):
            cache.clear()
    assert (folder / "keep").is_dir()


def test_cached_embedder_falls_back_to_the_model_on_a_corrupt_cache(garbage: Path) -> None:
    inner = Counting(FakeEmbedder())
    errors: list[CacheError] = []
    embedder = CachedEmbedder(inner, EmbeddingCache(garbage), on_error=errors.append)
    first = embedder.embed(["alpha beta", "gamma"])
    second = embedder.embed(["alpha beta", "gamma"])
    assert np.array_equal(first, FakeEmbedder().embed(["alpha beta", "gamma"]))
    assert np.array_equal(second, first)
    assert len(errors) == 1  # reported once, then the cache is bypassed
    assert inner.calls == [["alpha beta", "gamma"], ["alpha beta", "gamma"]]
    assert garbage.read_bytes()[:16] != b"SQLite format 3\x00"  # left for the user to clear


def test_default_warning_is_one_line_on_stderr(
    garbage: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    CachedEmbedder(FakeEmbedder(), EmbeddingCache(garbage)).embed(["a"])
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("readout: warning: ")
    assert str(garbage) in err


# -- default location ---------------------------------------------------------------------------


def test_default_path_honours_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    expected = tmp_path / "xdg" / "readout" / "embeddings.sqlite"
    assert default_cache_path() == expected
    with EmbeddingCache() as cache:
        assert cache.path == expected
        cache.put_many(MODEL, ["a"], vectors(1))
    assert expected.is_file()


# -- CachedEmbedder -----------------------------------------------------------------------------


def test_cached_embedder_is_an_embedder_with_the_inner_identity(tmp_path: Path) -> None:
    inner = MiniLMEmbedder()
    embedder = CachedEmbedder(inner, EmbeddingCache(tmp_path / "c.sqlite"))
    assert isinstance(embedder, Embedder)
    assert (embedder.name, embedder.dim) == (inner.name, inner.dim)
    assert inner._model is None  # reading dim loaded nothing


@pytest.mark.parametrize(
    ("cache_key", "stored_under", "hit"),
    [
        (None, MODEL, True),  # no cache_key: the name is the key
        ("fake:v2", "fake:v2", True),
        ("fake:v2", MODEL, False),  # vectors computed the old way are never read
    ],
)
def test_cached_embedder_keys_vectors_by_cache_key(
    tmp_path: Path, cache_key: str | None, stored_under: str, hit: bool
) -> None:
    inner = Counting(FakeEmbedder())
    if cache_key is not None:
        inner.cache_key = cache_key  # type: ignore[attr-defined]
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cache.put_many(stored_under, ["the minister met"], vectors(1, dim=256))
        embedder = CachedEmbedder(inner, cache)
        embedder.embed(["the minister met"])
        assert (embedder.hits, embedder.misses) == ((1, 0) if hit else (0, 1))
        assert embedder.name == MODEL


def test_only_misses_reach_the_inner_embedder_in_one_call(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    inner = Counting(fake)
    embedder = CachedEmbedder(inner, EmbeddingCache(tmp_path / "c.sqlite"))

    first = embedder.embed(["the minister met", "trade talks resumed"])
    assert inner.calls == [["the minister met", "trade talks resumed"]]

    texts = ["new sanctions announced", "the minister met", "a hotline reopened"]
    second = embedder.embed(texts)
    assert inner.calls[1] == ["new sanctions announced", "a hotline reopened"]
    assert np.array_equal(second, fake.embed(texts))
    assert np.array_equal(second[1], first[0])

    third = embedder.embed(list(reversed(texts)))
    assert len(inner.calls) == 2  # every text cached: the model is not asked at all
    assert np.array_equal(third, fake.embed(list(reversed(texts))))
    assert (embedder.hits, embedder.misses) == (4, 4)


def test_repeated_texts_are_embedded_once(tmp_path: Path) -> None:
    inner = Counting(FakeEmbedder())
    embedder = CachedEmbedder(inner, EmbeddingCache(tmp_path / "c.sqlite"))
    out = embedder.embed(["a b", "c d", "a b", "a b"])
    assert inner.calls == [["a b", "c d"]]
    assert out.shape == (4, inner.dim)
    assert np.array_equal(out[0], out[2]) and np.array_equal(out[0], out[3])
    assert not np.array_equal(out[0], out[1])


def test_empty_input_asks_nothing(tmp_path: Path) -> None:
    inner = Counting(FakeEmbedder(dim=32))
    out = CachedEmbedder(inner, EmbeddingCache(tmp_path / "c.sqlite")).embed([])
    assert out.shape == (0, 32)
    assert inner.calls == []


def test_cache_survives_a_new_embedder_and_process_boundary(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    texts = ["Wang Yi met Blinken.", "They discussed trade."]
    with EmbeddingCache(path) as cache:
        CachedEmbedder(FakeEmbedder(), cache).embed(texts)
    inner = Counting(FakeEmbedder())
    with EmbeddingCache(path) as cache:
        out = CachedEmbedder(inner, cache).embed(texts)
    assert inner.calls == []
    assert np.array_equal(out, FakeEmbedder().embed(texts))


def test_inner_returning_the_wrong_width_is_rejected(tmp_path: Path) -> None:
    class Liar:
        name = "liar"
        dim = 8

        def embed(self, texts: list[str]) -> np.ndarray:
            return np.zeros((len(texts), 4), dtype=np.float32)

    with pytest.raises(ValueError, match="shape"):
        CachedEmbedder(Liar(), EmbeddingCache(tmp_path / "c.sqlite")).embed(["a"])


def test_cached_factory_wraps_every_embedder(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    factory = cached_factory(lambda name: FakeEmbedder(dim=64), cache)
    embedder = factory("fake")
    assert isinstance(embedder, CachedEmbedder)
    assert embedder.cache is cache and embedder.dim == 64


WORDS = st.sampled_from(["wang", "blinken", "trade", "talks", "frank", "candid", ""])
TEXTS = st.one_of(st.lists(WORDS, min_size=1, max_size=4).map(" ".join), st.text(max_size=12))


@settings(max_examples=40, deadline=None)
@given(batches=st.lists(st.lists(TEXTS, max_size=8), max_size=5))
def test_cached_results_equal_the_inner_embedder(
    tmp_path_factory: pytest.TempPathFactory, batches: list[list[str]]
) -> None:
    fake = FakeEmbedder(dim=32)
    inner = Counting(fake)
    with EmbeddingCache(tmp_path_factory.mktemp("h") / "c.sqlite") as cache:
        embedder = CachedEmbedder(inner, cache)
        for batch in batches:
            assert np.array_equal(embedder.embed(batch), fake.embed(batch))
    asked = [text for call in inner.calls for text in call]
    distinct = {text for batch in batches for text in batch}
    assert sorted(asked) == sorted(distinct)  # each distinct text embedded exactly once
    assert all(call for call in inner.calls)


# -- the point of it all: a warm run never imports the model library ----------------------------

WARM_RUN = """
import json, sys
from pathlib import Path
from compare.cache import CachedEmbedder, EmbeddingCache
from compare.embed import MiniLMEmbedder

inner = MiniLMEmbedder()
embedder = CachedEmbedder(inner, EmbeddingCache(Path(sys.argv[1])))
out = embedder.embed(json.loads(sys.argv[2]))
heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
print(json.dumps({"heavy": heavy, "loaded": inner._model is not None,
                  "misses": embedder.misses, "vectors": out.tolist()}))
"""


def test_fully_cached_minilm_never_imports_torch(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    texts = ["Wang Yi met Antony Blinken.", "The talks were candid and constructive."]
    stored = vectors(2, dim=MiniLMEmbedder.dim)
    with EmbeddingCache(path) as cache:
        cache.put_many(MiniLMEmbedder.cache_key, texts, stored)
    query = [texts[1], texts[0], texts[1]]

    done = subprocess.run(
        [sys.executable, "-c", WARM_RUN, str(path), json.dumps(query)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["heavy"] == []
    assert result["loaded"] is False
    assert result["misses"] == 0
    assert np.array_equal(np.asarray(result["vectors"], dtype=np.float32), stored[[1, 0, 1]])


# --- edited rows and old schemas (issue 14) ------------------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE vectors SET vector = zeroblob(length(vector))",  # same length, other vector
        "UPDATE vectors SET vector = substr(vector, 1, 8)",  # truncated
        "UPDATE vectors SET checksum = zeroblob(8)",  # the checksum itself damaged
    ],
)
def test_an_edited_vector_is_a_miss_and_is_embedded_again(tmp_path: Path, edit: str) -> None:
    path = tmp_path / "c.sqlite"
    texts = ["The talks were candid.", "Rates rose."]
    expected = FakeEmbedder().embed(texts)
    with EmbeddingCache(path) as cache:
        CachedEmbedder(FakeEmbedder(), cache).embed(texts)
    with db(path) as conn:
        conn.execute(edit)
    inner = Counting(FakeEmbedder())
    with EmbeddingCache(path) as cache:
        got = CachedEmbedder(inner, cache).embed(texts)
        assert np.array_equal(got, expected)
        assert inner.calls == [texts]  # both rows re-embedded
        again = Counting(FakeEmbedder())
        assert np.array_equal(CachedEmbedder(again, cache).embed(texts), expected)
        assert again.calls == []  # and stored whole again
        assert cache.info().entries == 2


def test_a_cache_without_checksums_is_shared_with_older_versions(tmp_path: Path) -> None:
    """A file written by a version without the checksum column: its rows are still hits
    (a non-unit vector is not), and that version can still insert once the column exists."""
    from compare.cache import _SCHEMA

    path = tmp_path / "c.sqlite"
    good, bad = vectors(1)[0], vectors(1, seed=1)[0] * 3  # bad: not unit length
    with db(path) as conn:
        for statement in _SCHEMA:  # the schema of the older version: no checksum column
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO models (name) VALUES (?)", (MODEL,))
        for text, v in (("good", good), ("bad", bad)):
            conn.execute(
                "INSERT INTO vectors (model_id, key, dim, vector, last_used) VALUES (1, ?, 8, ?, 0)",
                (text_key(text), v.astype("<f4").tobytes()),
            )
    with EmbeddingCache(path) as cache:
        found = cache.get_many(MODEL, ["good", "bad"])
        assert set(found) == {0} and np.array_equal(found[0], good)
    with db(path) as conn:  # the older version inserts as it always did
        conn.execute(
            "INSERT INTO vectors (model_id, key, dim, vector, last_used) VALUES (1, ?, 8, ?, 0)",
            (text_key("old"), good.astype("<f4").tobytes()),
        )
    with EmbeddingCache(path) as cache:
        assert set(cache.get_many(MODEL, ["old"])) == {0}
