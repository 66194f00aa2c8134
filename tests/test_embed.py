from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from compare.embed import (
    FakeEmbedder,
    MiniLMEmbedder,
    USEEmbedder,
    canonical_embed,
    get_embedder,
)
from compare.errors import UsageError


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    texts = ["Blinken met Wang.", "Wang met Blinken.", "", "Rates rose."]
    v1 = FakeEmbedder().embed(texts)
    v2 = FakeEmbedder().embed(texts)
    assert v1.shape == (4, 256) and v1.dtype == np.float32
    assert np.array_equal(v1, v2)
    norms = np.linalg.norm(v1, axis=1)
    assert np.allclose(norms[[0, 1, 3]], 1.0) and norms[2] == 0.0
    assert v1[0] @ v1[1] == pytest.approx(1.0)
    assert v1[0] @ v1[3] < 0.5


def test_unknown_backend_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown embedding backend"):
        get_embedder("bert")


def test_importing_embed_does_not_import_torch() -> None:
    code = "import compare.embed, compare.cli, compare.pipeline, sys; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


PARAPHRASES = [
    "Han said a sound and stable China-U.S. relationship will benefit both countries.",
    "Han said that a healthy and stable China-U.S. relationship is good for the two countries.",
    "Guterres thanked China for its strong support for the United Nations.",
]


@pytest.mark.model
@pytest.mark.parametrize("embedder", [MiniLMEmbedder, USEEmbedder])
def test_real_models_rank_paraphrase_above_unrelated(embedder: type) -> None:
    model = embedder()
    vectors = model.embed(PARAPHRASES)
    assert vectors.shape == (3, model.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.1
    assert model.embed([]).shape == (0, model.dim)


@pytest.mark.model
def test_use_embeds_chinese_next_to_its_translation() -> None:
    vectors = USEEmbedder().embed(
        [
            "The two sides held candid and constructive talks.",
            "双方进行了坦诚和建设性的会谈。",
            "The stock market fell sharply on Friday.",
        ]
    )
    assert vectors[0] @ vectors[1] > vectors[1] @ vectors[2] + 0.2


# --- canonical embedding: the same texts always get the same vectors ---------------------------


class BatchSensitive:
    """Like a real model: each vector moves a little (~1e-6) with the batch it is in."""

    name = "fake:batch-sensitive"
    dim = 256

    def __init__(self, *, canonical: bool = True) -> None:
        self.canonical = canonical
        self.inner = FakeEmbedder()

    def raw(self, texts: list[str]) -> np.ndarray:
        wobble = np.float32((len(texts) * 31 + sum(map(len, texts))) % 97 * 1e-6)
        vectors = self.inner.embed(list(texts)) + wobble
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not self.canonical:
            return self.raw(texts)
        return canonical_embed(self.raw, texts, self.dim)


REPEATED = ["The talks were candid.", "Rates rose.", "The talks were candid.", "Wang met Blinken."]


@pytest.mark.parametrize(
    ("canonical", "identical"),
    [(True, True), (False, False)],  # without a canonical batch shape, the cache changes vectors
)
def test_cached_vectors_equal_uncached_on_repeated_texts(
    tmp_path, canonical: bool, identical: bool
) -> None:
    from compare.cache import CachedEmbedder, EmbeddingCache

    plain = BatchSensitive(canonical=canonical).embed(REPEATED)
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cold = CachedEmbedder(BatchSensitive(canonical=canonical), cache).embed(REPEATED)
        warm = CachedEmbedder(BatchSensitive(canonical=canonical), cache).embed(REPEATED)
    assert np.array_equal(cold, warm)
    assert np.array_equal(plain, cold) is identical


def test_canonical_embed_ignores_order_repeats_and_batch_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import compare.embed as embed_module

    texts = [f"Statement number {i} about the talks." for i in range(40)]
    model = BatchSensitive()
    once = model.embed(texts)
    shuffled = model.embed(texts[::-1] + texts[:5])
    assert np.array_equal(shuffled[:40][::-1], once)
    assert np.array_equal(shuffled[40:], once[:5])
    monkeypatch.setattr(embed_module, "CANONICAL_BATCH", 7)
    assert not np.array_equal(model.embed(texts), once)  # the batch shape is what fixes them


@pytest.mark.model
def test_use_cached_equals_uncached_bitwise(tmp_path) -> None:
    from compare.cache import CachedEmbedder, EmbeddingCache

    texts = PARAPHRASES + PARAPHRASES[:2] + ["中美关系很重要。", PARAPHRASES[0]]
    plain = USEEmbedder().embed(texts)
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cold = CachedEmbedder(USEEmbedder(), cache).embed(texts)
        warm = CachedEmbedder(USEEmbedder(), cache).embed(texts)
    assert np.array_equal(plain, cold) and np.array_equal(cold, warm)


def _event_statements() -> list[str]:
    """Distinct statement texts of two development meetings (English and Chinese)."""
    from conftest import EVENTS

    from compare.pipeline import load_sources
    from compare.segment import segment

    paths = sorted((EVENTS / "d1_munich_blinken_wang").glob("*.txt"))
    paths += sorted((EVENTS / "d5_seoul_kishida_li").glob("*.txt"))
    texts = [s.text for source in load_sources(paths) for s in segment(source)]
    return sorted(set(texts))


@pytest.mark.model
@pytest.mark.parametrize("embedder", [USEEmbedder, MiniLMEmbedder])
def test_vector_does_not_depend_on_what_it_is_embedded_with(tmp_path, embedder: type) -> None:
    """Bit for bit: alone, in any company, in any order, or partly from a cache that other
    texts filled. (The packages' own batching moves a vector by ~1e-7 with its company.)"""
    import random

    from compare.cache import CachedEmbedder, EmbeddingCache

    texts = _event_statements()
    assert len(texts) > 100
    model = embedder()
    everything = model.embed(texts)
    index = {t: i for i, t in enumerate(texts)}
    pick = random.Random(14)
    for size in (1, 2, 5, 17, 40, 100):
        company = pick.sample(texts, size)
        assert np.array_equal(model.embed(company), everything[[index[t] for t in company]])
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        cached = CachedEmbedder(model, cache)
        cached.embed(pick.sample(texts, 60) + ["A sentence no article has."])
        cached.embed(pick.sample(texts, 7))
        assert cached.hits > 0
        assert np.array_equal(cached.embed(texts[::-1]), everything[::-1])


@pytest.mark.model
def test_use_diff_is_byte_identical_whatever_the_cache_holds(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`diff A B` on a fresh cache, after `diff C D` sharing sentences with it, and without a
    cache: the same bytes."""
    from conftest import EVENTS
    from typer.testing import CliRunner

    from compare.cli import app

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    event = EVENTS / "d1_munich_blinken_wang"
    a, b, c = (str(event / name) for name in ("state.txt", "wire.txt", "syndicated.txt"))

    def diff(*args: str) -> bytes:
        result = CliRunner().invoke(app, ["diff", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        return result.stdout_bytes

    first = diff(a, b)
    diff(c, b)
    diff(a, c)
    assert diff(a, b) == first
    assert diff(a, b, "--no-cache") == first
    assert json.loads(first)["pairs"]
