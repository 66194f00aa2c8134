"""Fixed-shape micro-batches: every batch has one shape, every text is embedded once, and a
text's vector no longer depends on the texts it is embedded with."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.embed import canonical_embed
from compare.embed_shape import BATCH_TEXTS, BATCH_TOKENS, buckets, embed_fixed_shape, pack

# --- a fake model with the real one's flaw -----------------------------------------------------

#: The USE package's own micro-batch budget (tokens), used by `ShapeSensitive(fixed=False)`.
PACKAGE_BUDGET = 384


def token_ids(text: str) -> list[int]:
    """Word ids between a start (1) and an end (2) token, like a real tokeniser's output."""
    words = re.findall(r"\w+", text.lower())
    return [
        1,
        *(
            3 + int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest()) % 997
            for w in words
        ),
        2,
    ]


class ShapeSensitive:
    """A bag-of-token-ids model with the USE encoder's flaw on OpenBLAS: each vector moves by
    ~1e-6 with the *shape* of the micro-batch it is computed in (texts and tokens in it), never
    with the other texts' content or its own position in the batch.

    `fixed=True` embeds through `embed_fixed_shape`; `fixed=False` batches as the package's
    own `encode` does (consecutive texts up to a token budget), which is what readout did.
    """

    dim = 128

    def __init__(self, *, fixed: bool = True) -> None:
        self.fixed = fixed
        self.name = f"fake:shape-sensitive-{'fixed' if fixed else 'package'}"
        self.calls: list[tuple[int, int]] = []  # (sentences, tokens) of each micro-batch

    def encode_batch(self, group: list[list[int]]) -> np.ndarray:
        shape = (len(group), sum(map(len, group)))
        self.calls.append(shape)
        wobble = np.float32((shape[0] * 31 + shape[1]) % 97 * 1e-6)
        out = np.zeros((len(group), self.dim), dtype=np.float32)
        for row, ids in enumerate(group):
            for token in ids[1:-1]:
                out[row, token % self.dim] += 1.0
            out[row] += wobble
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def _chunk(self, texts: list[str]) -> np.ndarray:
        ids = [token_ids(t) for t in texts]
        if self.fixed:
            return embed_fixed_shape(ids, self.encode_batch, self.dim, filler=2)
        out = np.empty((len(ids), self.dim), dtype=np.float32)
        start, used = 0, 0
        for i, one in enumerate(ids):
            if i > start and used + len(one) > PACKAGE_BUDGET:
                out[start:i] = self.encode_batch(ids[start:i])
                start, used = i, 0
            used += len(one)
        out[start:] = self.encode_batch(ids[start:])
        return out

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return canonical_embed(self._chunk, texts, self.dim)


# --- pack --------------------------------------------------------------------------------------


def _check_packing(lengths: list[int], tokens: int, texts: int) -> None:
    batches = pack(lengths, tokens=tokens, texts=texts)
    members = sorted(i for b in batches for i in b.members)
    assert members == list(range(len(lengths)))  # every text exactly once
    for batch in batches:
        if not batch.fillers:  # alone: too long to share a batch
            (only,) = batch.members
            assert lengths[only] + texts > tokens
            continue
        assert len(batch.members) + len(batch.fillers) == texts + 1
        assert sum(lengths[i] for i in batch.members) + sum(batch.fillers) == tokens
        assert all(count >= 1 for count in batch.fillers)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(1, 120), max_size=80),
    st.sampled_from([(384, 16), (64, 4), (20, 1), (50, 49)]),
)
def test_every_batch_has_the_one_shape_and_every_text_one_place(
    lengths: list[int], shape: tuple[int, int]
) -> None:
    _check_packing(lengths, *shape)


@pytest.mark.parametrize(
    ("lengths", "tokens", "texts", "batches"),
    [
        ([], 384, 16, 0),
        ([10] * 16, 384, 16, 1),  # 16 texts and one filler of 224 tokens
        ([10] * 17, 384, 16, 2),  # the 17th text needs a second batch
        ([368], 384, 16, 1),  # fits with 16 one-token sentence slots left
        ([369], 384, 16, 1),  # alone, in a shape of its own
        ([369, 5], 384, 16, 2),
        ([200, 200, 150], 384, 16, 2),  # first fit decreasing: 200+150, then 200
    ],
)
def test_pack_table(lengths: list[int], tokens: int, texts: int, batches: int) -> None:
    assert len(pack(lengths, tokens=tokens, texts=texts)) == batches
    _check_packing(lengths, tokens, texts)


@pytest.mark.parametrize(
    ("lengths", "tokens", "texts", "error"),
    [([3], 10, 10, "cannot hold"), ([3], 10, 0, "cannot hold"), ([0], 384, 16, "no tokens")],
)
def test_pack_refuses_impossible_shapes(
    lengths: list[int], tokens: int, texts: int, error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        pack(lengths, tokens=tokens, texts=texts)


def test_fixed_shape_calls_the_model_with_one_shape_only() -> None:
    texts = [f"Statement number {i} about the talks in Munich." for i in range(100)]
    texts.append(" ".join(["word"] * 500))  # one long text: alone
    model = ShapeSensitive()
    model.embed(texts)
    shapes = set(model.calls)
    assert (BATCH_TEXTS + 1, BATCH_TOKENS) in shapes
    assert shapes - {(BATCH_TEXTS + 1, BATCH_TOKENS)} == {(1, 502)}


# --- a text's vector is independent of its company ---------------------------------------------

_SENTENCES = st.text(alphabet="abcdefgh ", min_size=1, max_size=60).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(st.lists(_SENTENCES, min_size=1, max_size=60, unique=True), st.data())
def test_vectors_do_not_depend_on_the_other_texts(texts: list[str], data: st.DataObject) -> None:
    model = ShapeSensitive()
    alone = np.stack([model.embed([t])[0] for t in texts])
    company = data.draw(st.permutations(texts))
    extra = data.draw(st.lists(_SENTENCES, max_size=30))
    together = model.embed([*company, *extra])[: len(company)]
    order = {t: i for i, t in enumerate(texts)}
    assert np.array_equal(together, alone[[order[t] for t in company]])


def test_the_package_batching_is_what_made_vectors_depend_on_company() -> None:
    texts = [f"Statement number {i} about the talks." for i in range(30)]
    for fixed, same in ((True, True), (False, False)):
        model = ShapeSensitive(fixed=fixed)
        assert np.array_equal(model.embed(texts)[:3], model.embed(texts[:3])) is same


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 300), max_size=60), st.integers(2, 9))
def test_buckets_cover_every_text_once_below_its_padded_length(
    lengths: list[int], rows: int
) -> None:
    sizes = (16, 32, 64, 256)
    batches = buckets(lengths, sizes=sizes, rows=rows)
    assert sorted(i for _, members in batches for i in members) == list(range(len(lengths)))
    for size, members in batches:
        assert 1 <= len(members) <= rows - 1  # room for the filler of the padded length
        for i in members:
            smaller = [s for s in sizes if s < size]
            assert lengths[i] <= size or size == sizes[-1]
            assert not smaller or lengths[i] > smaller[-1]  # the smallest size that fits


def test_buckets_refuse_a_batch_without_room_for_the_filler() -> None:
    with pytest.raises(ValueError, match="filler"):
        buckets([3], sizes=(16,), rows=1)
