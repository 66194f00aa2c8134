"""Propositions per statement and contradictions matched across two whole texts."""

from __future__ import annotations

import pytest

from compare.framing.claims import Claims, Proposition, propositions
from compare.framing.matching import _affirmations, contradictions
from compare.lexicon import default_lexicon, matcher
from compare.models import Source, Statement

LEX = matcher(default_lexicon())


def _props(text: str) -> list[tuple[str, bool, str]]:
    found = propositions(LEX, "s", LEX.tokenize(text))
    return [(p.predicate, p.negated, text[p.span[0] : p.span[1]]) for p in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two sides did not agree to hold a dialogue.", [("pred:agre", True, "did not agree")]),
        ("The leaders concurred to hold the dialogue.", [("pred:agre", False, "concurred")]),
        ("China has not yet decided to attend.", [("pred:agre", True, "has not yet decided")]),
        ("The U.S. won't accept the proposal.", [("pred:agre", True, "won't accept")]),
        # A request not to do something is no denial by the speaker.
        ("Congress pressed her not to set up a working group.", []),
        # A predicate inside a denial's scope is not affirmed.
        (
            "The controls are not intended to contain growth.",
            [("intend", True, "are not intended")],
        ),
        ("The ministers met in Beijing.", []),
    ],
)
def test_propositions_carry_predicate_class_and_polarity(
    text: str, expected: list[tuple[str, bool, str]]
) -> None:
    assert _props(text) == expected


def _pair(a: list[str], b: list[str]) -> tuple[dict[str, Source], list[Statement]]:
    sources, statements = {}, []
    for sid, texts in (("a", a), ("b", b)):
        text = " ".join(texts)
        sources[sid] = Source(id=sid, path=f"{sid}.txt", text=text, language="en")
        pos = 0
        for i, t in enumerate(texts):
            start = text.index(t, pos)
            statements.append(Statement(f"{sid}{i}", sid, i, t, start, start + len(t)))
            pos = start + len(t)
    return sources, statements


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # The denial is found wherever it stands in the other text.
        (
            ["The ministers met on Monday.", "They agreed to meet at least once a year in person."],
            ["The ministers did not agree to meet once a year.", "Trade was discussed."],
            [("a1", "b0", "agreed", "did not agree")],
        ),
        # Equivalent predicates: "concurred" against "did not agree".
        (
            ["The leaders concurred to hold the economic dialogue at an appropriate time."],
            ["The two sides did not agree to hold a new round of the economic dialogue."],
            [("a0", "b0", "concurred", "did not agree")],
        ),
        # Both deny it: no contradiction.
        (
            ["The sides did not agree on a joint statement."],
            ["The sides did not agree on a joint statement, officials said."],
            [],
        ),
        # A denial of something else is no contradiction.
        (
            ["The ministers agreed to expand student exchanges."],
            ["The ministers did not agree on tariff cuts."],
            [],
        ),
    ],
)
def test_contradictions_match_propositions_across_the_texts(
    a: list[str], b: list[str], expected: list[tuple[str, str, str, str]]
) -> None:
    sources, statements = _pair(a, b)
    found = contradictions(LEX, sources, statements)
    assert [(f.a[0], f.b[0], f.a_text, f.b_text) for f in found] == expected
    for f in found:
        assert f.kind == "polarity" and f.severity == "high"
        assert f.a_span is not None and f.b_span is not None
        assert sources["a"].text[f.a_span[0] : f.a_span[1]] == f.a_text
        assert sources["b"].text[f.b_span[0] : f.b_span[1]] == f.b_text


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            ["The ministers discussed the Ukraine crisis at length in Beijing."],
            ["The ministers discussed Russia's war in Ukraine at length in Beijing."],
            [("crisis", "war")],
        ),
        # the same term on both sides, or a term of the group on one side only: nothing
        (
            ["The ministers discussed the Ukraine crisis at length in Beijing."],
            ["The ministers discussed the crisis in Ukraine at length in Beijing."],
            [],
        ),
        (["Li spoke about the treated water release in Seoul."], ["Trade was discussed."], []),
    ],
)
def test_reframings_name_one_thing_with_another_term_of_its_group(
    a: list[str], b: list[str], expected: list[tuple[str, str]]
) -> None:
    from compare.framing.matching import reframings

    sources, statements = _pair(a, b)
    found = reframings(LEX, sources, statements, [])
    assert [(f.a_text, f.b_text) for f in found] == expected
    assert all(f.kind == "wording" and f.severity == "low" for f in found)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # how long the meeting lasted: one statement each, whatever else they share
        (
            ["The ministers met in Geneva.", "The meeting lasted about an hour."],
            ["Officials said the talks lasted 90 minutes."],
            [("about an hour", "90 minutes")],
        ),
        (["The meeting lasted about an hour."], ["The talks lasted 60 minutes."], []),
        # a duration that is not the meeting's is not paired by that rule
        (["The meeting lasted about an hour."], ["He waited 90 minutes at the airport."], []),
    ],
)
def test_the_meeting_duration_is_compared_across_the_texts(
    a: list[str], b: list[str], expected: list[tuple[str, str]]
) -> None:
    from compare.framing.matching import figure_differences

    sources, statements = _pair(a, b)
    found = figure_differences(LEX, sources, statements, [])
    assert [(f.a_text, f.b_text) for f in found] == expected


_CLAIM_TEXTS = [
    "The two sides did not agree to hold a dialogue, but agreed to restore flights.",
    "China has not yet decided to attend; the U.S. won't accept the proposal.",
    "The ministers never restored the hotline and did not resume talks on trade.",
    "Congress pressed her not to set up a working group.",
    "They agreed to meet again and to resume the dialogue next year.",
]


@pytest.mark.parametrize("text", _CLAIM_TEXTS)
@pytest.mark.parametrize(
    "wanted",
    [
        frozenset(),
        frozenset(LEX.stems("restored")),
        frozenset(LEX.stems("resume meet restore")),
    ],
    ids=["none", "one", "several"],
)
def test_claims_asked_again_with_wanted_stems_equal_a_fresh_reading(
    text: str, wanted: frozenset[str]
) -> None:
    tokens = LEX.tokenize(text)
    claims = Claims(LEX, "s", tokens)
    first = claims.propositions()
    assert first == propositions(LEX, "s", tokens)
    # Asked again with more wanted stems (as `contradictions` does), the shared work gives what
    # a fresh reading gives, in the same order.
    assert claims.propositions(wanted) == propositions(LEX, "s", tokens, wanted)
    assert set(first) <= set(claims.propositions(wanted))


def _reference_affirmations(denial: Proposition, candidates: list[Proposition]) -> list[str]:
    """`_affirmations` over every proposition of the other text, not only the denial's
    predicate's: what `contradictions` did before it indexed them by predicate."""
    return [p.statement for p in _affirmations(denial, candidates)]


def test_affirmations_looked_up_by_predicate_equal_a_scan_of_every_proposition() -> None:
    texts = _CLAIM_TEXTS * 2
    everything = [
        p for n, t in enumerate(texts) for p in propositions(LEX, f"s{n}", LEX.tokenize(t))
    ]
    everything += [
        p
        for n, t in enumerate(texts)
        for p in propositions(LEX, f"w{n}", LEX.tokenize(t), frozenset(LEX.stems("restore resume")))
    ]
    by_predicate: dict[str, list[Proposition]] = {}
    for p in everything:
        by_predicate.setdefault(p.predicate, []).append(p)
    denials = [p for p in everything if p.negated]
    assert denials
    for denial in denials:
        fast = [p.statement for p in _affirmations(denial, by_predicate[denial.predicate])]
        assert fast == _reference_affirmations(denial, everything)
