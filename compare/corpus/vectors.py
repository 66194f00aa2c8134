"""An `Embedder` that answers from the store's vectors: checks and reports reuse the index.

`StoreEmbedder` maps a statement text, as embedded (`compare.zh.text.embedding_text`), to the
vector `index` stored for it; a text the store lacks (one that `compare.check` or `compare.report` segments differently, say) is embedded by
the worker's model, loaded only if that ever happens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from compare.embed import Embedder
from compare.models import Statement


class StoreEmbedder:
    """`embed(texts) -> ndarray[n, dim]` from `known` (text -> vector), else from `fallback`."""

    def __init__(
        self, name: str, dim: int, known: Mapping[str, np.ndarray], fallback: Callable[[], Embedder]
    ) -> None:
        self.name = name
        self.dim = dim
        self.known = known
        self.fallback = fallback
        self.misses = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing = [i for i, t in enumerate(texts) if t not in self.known]
        for i, t in enumerate(texts):
            if t in self.known:
                out[i] = self.known[t]
        if missing:
            self.misses += len(missing)
            out[missing] = self.fallback().embed([texts[i] for i in missing])
        return out


def known_vectors(
    statements: Mapping[str, Sequence[Statement]], vectors: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Embedded text -> stored vector, over the given articles. The key is the text as the
    model was given it (`embedding_text`: a Chinese statement in Simplified form), which is
    what `compare.check` and `compare.report` ask an embedder for."""
    from compare.check.gloss import to_simplified
    from compare.lexicon import is_cjk
    from compare.zh.text import embedding_text

    out: dict[str, np.ndarray] = {}
    for article, sts in statements.items():
        matrix = vectors.get(article)
        if matrix is None or len(matrix) != len(sts):
            continue
        for s, v in zip(sts, matrix, strict=True):
            out.setdefault(embedding_text(s.text, s.language), v)
            if is_cjk(s.text):
                # `compare.check` simplifies with its own table first (參 -> 叁 there, 参 in
                # CC-CEDICT's): the same statement, the same vector.
                out.setdefault(embedding_text(to_simplified(s.text), s.language), v)
    return out
