"""Characterisations of the talks and relations, and changed descriptors between two texts."""

from __future__ import annotations

import pytest

from compare.framing.characterisations import changes, characterisations
from compare.framing.descriptors import hyphenated, swaps
from compare.lexicon import Token, adjectives, default_lexicon, fold, matcher

LEX = matcher(default_lexicon())
ADJECTIVES = adjectives()


def _is_descriptor(word: str) -> bool:
    return word in LEX.tone or word in ADJECTIVES


def _target(token: Token) -> str | None:
    if (token.stem,) in LEX.talks:
        return "talks"
    return LEX.tone_targets.get(token.stem)


def _chars(text: str) -> list[tuple[tuple[str, ...], str]]:
    tokens = hyphenated(LEX.tokenize(text), text)
    found = characterisations("s", tokens, text, is_descriptor=_is_descriptor, target_of=_target)
    return [(c.words, c.target) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry described the meeting as candid, substantive and constructive.",
         [(("candid", "substantive", "constructive"), "talks")]),
        ("They will build constructive and stable relations.",
         [(("constructive", "stable"), "relation")]),
        ("The two had an in-depth exchange of views.", [(("in-depth",), "talks")]),
        ("He raised serious concerns about tariffs.", [(("serious",), "concern")]),
        # negative rows: a description of something that is not tone
        ("The solar industry was discussed.", []),
        ("China can play a constructive role.", []),
    ],
)  # fmt: skip
def test_characterisations_name_descriptors_and_what_they_describe(
    text: str, expected: list[tuple[tuple[str, ...], str]]
) -> None:
    assert _chars(text) == expected


def _changes(a: str, b: str) -> list[tuple[str, str]]:
    def chars(text: str):  # type: ignore[no-untyped-def]
        tokens = hyphenated(LEX.tokenize(text), text)
        return characterisations("s", tokens, text, is_descriptor=_is_descriptor, target_of=_target)

    def kin(x: str, y: str) -> bool:
        tx, ty = LEX.tone.get(x), LEX.tone.get(y)
        return tx is not None and ty is not None and tx.signal == ty.signal

    found = changes(chars(a), chars(b), key=fold, kin=kin)
    return [(c.word_a.text, c.word_b.text) for c in found]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # a shared descriptor anchors the comparison; the kin descriptor is the counterpart
        ("They described the meeting as candid, substantive and constructive.",
         "Miller called the talks frank and constructive.", [("candid", "frank")]),
        ("They will build constructive and stable relations.",
         "They will build constructive and friendly ties.", [("stable", "friendly")]),
        # one side only adds a descriptor: no change
        ("The talks were candid and constructive.",
         "The talks were candid, pragmatic and constructive.", []),
        # nothing shared: two characterisations of different things are not compared
        ("The talks were candid.", "Relations were warm.", []),
    ],
)  # fmt: skip
def test_changed_descriptors_need_a_shared_one(
    a: str, b: str, expected: list[tuple[str, str]]
) -> None:
    assert _changes(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("They had an in-depth exchange of views.", "They had a frank exchange of views.",
         [("an in-depth", "a frank")]),
        ("He raised serious concerns today.", "He raised grave concerns today.",
         [("serious", "grave")]),
        ("They met in Geneva.", "They met in Geneva.", []),
        # a longer rewrite is no swap
        ("They met in Geneva on Monday to discuss trade.", "Officials gathered at a Swiss venue.", []),
    ],
)  # fmt: skip
def test_swaps_are_short_and_inside_shared_wording(
    a: str, b: str, expected: list[tuple[str, str]]
) -> None:
    ta, tb = LEX.tokenize(a), LEX.tokenize(b)
    found = swaps(ta, tb, a, b)
    assert [
        (a[s.a[0].start : s.a[-1].end], b[s.b[0].start : s.b[-1].end]) for s in found
    ] == expected
