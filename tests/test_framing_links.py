"""Shared claims as evidence for alignment (compare/framing/links.py): pure, no model."""

from __future__ import annotations

import pytest

from compare.framing import shared_claims
from compare.framing.links import _quoted_run
from tests.test_framing import build

# (a statement, b statement, linked?): each row is one claim type, with negative rows.
ROWS = [
    # The talks characterised with a shared descriptor, synonyms counting as one.
    (
        "China's foreign ministry described the meeting as candid, substantive and constructive.",
        "The two sides held a candid and constructive discussion of global issues.",
        True,
    ),
    (
        "Spokesman Miller called the talks frank and constructive.",
        "The foreign ministry described the meeting as candid, substantive and constructive.",
        True,
    ),
    (
        "The two sides also held productive discussions on regional and global issues.",
        "The two sides had a candid and constructive discussion on bilateral issues.",
        False,
    ),
    # "regular" and "held" are adjectives to WordNet, not characterisations of talks.
    (
        "The ministers agreed to keep in regular communication.",
        "The ministers agreed to stay in regular contact and held talks on Monday.",
        False,
    ),
    # A description of the relations is a wish both sides repeat, not a report of one thing.
    (
        "Li said Japan and China should build constructive and stable relations.",
        "Kishida called for constructive and stable relations with Beijing.",
        False,
    ),
    # One proposition, affirmed by one side and denied by the other.
    (
        "The two ministers agreed to stay in regular contact and to meet at least once a year.",
        "However the two ministers did not agree on holding regular meetings at minister level.",
        True,
    ),
    # The meeting's duration, given once by each source.
    (
        "The meeting, held on the eve of the summit, lasted about an hour.",
        "The meeting lasted around 90 minutes, the government in Tokyo said.",
        True,
    ),
    # A quotation whose words the other side has, whole or in a run of four or more words.
    (
        "It is hoped that Japan will honor its promises and create a positive atmosphere.",
        'Li said he hoped Japan would "honor its promises," according to the ministry.',
        True,
    ),
    (
        "EAM emphasised that respect for the LAC is essential for any normalcy in relations.",
        'He stressed that the two sides must ensure "full respect for the LAC and past agreements".',
        True,
    ),
    # A stock phrase of three words is not a quotation's words.
    (
        "Both sides should return China-U.S. relations to the track of sound development.",
        '"The world needs stable and healthy China-U.S. relations," Han said.',
        False,
    ),
    (
        "Xi said all parties should reduce the negative impact on the world economy.",
        '"The war has a very significant negative impact on security in Europe," Scholz said.',
        False,
    ),
    # A Chinese characterisation of the talks, read through the lexicon's Chinese tone words.
    (
        "双方一致认为，此次会晤是坦诚、实质和建设性的。",
        "Spokesman Miller called the talks frank and constructive.",
        True,
    ),
    # Alike only in kinds of description (constructive/successful, candid/exchange of views):
    # another meeting's talks.
    (
        "王毅表示，去年11月，两国元首在旧金山成功会晤，就重大问题深入交换意见。",
        "The two sides held a candid and constructive discussion of bilateral issues.",
        False,
    ),
    (
        "雙方就烏克蘭危機深入交換了意見。",
        "Xi and Scholz also had a frank exchange of views on Russia's war in Ukraine.",
        False,
    ),
    # Paraphrase shares no claim.
    (
        "Guterres thanked Han for China's contribution to the UN.",
        "The Secretary-General thanked China for its strong support for the UN cause.",
        False,
    ),
]


@pytest.mark.parametrize(("a", "b", "linked"), ROWS)
def test_a_shared_claim_pairs_two_statements(a: str, b: str, linked: bool) -> None:
    sources, statements = build(a, b)
    assert (("a1", "b1") in shared_claims(sources, statements).pairs) is linked


def test_pairs_are_ordered_and_name_a_then_b() -> None:
    sources, statements = build(
        ["The talks were candid and constructive.", "The meeting lasted an hour."],
        ["The meeting lasted 90 minutes.", "Both called the talks candid and useful."],
    )
    pairs = shared_claims(sources, statements).pairs
    assert pairs == tuple(sorted(pairs))
    assert set(pairs) == {("a1", "b2"), ("a2", "b1")}


def test_a_duration_given_twice_by_one_source_pairs_nothing() -> None:
    sources, statements = build(
        ["The meeting lasted an hour.", "The talks went on for two hours in all."],
        ["The meeting lasted 90 minutes."],
    )
    assert shared_claims(sources, statements).pairs == ()


@pytest.mark.parametrize(
    ("quoted", "words", "run"),
    [
        (["honor", "its", "promise"], ["will", "honor", "its", "promise"], 3),
        (["keep", "its", "promise"], ["will", "honor", "its", "promise"], 0),
        (["full", "respect", "for", "the", "lac"], ["and", "respect", "for", "the", "lac"], 4),
        (["the", "world", "need", "peace"], ["the", "world", "need", "a"], 0),
        ([], ["anything"], 0),
    ],
)
def test_quoted_run(quoted: list[str], words: list[str], run: int) -> None:
    content = [w not in {"its", "for", "the", "a", "will", "and"} for w in quoted]
    assert _quoted_run(quoted, content, words) == run


def test_findings_with_the_shared_claims_equal_findings_without() -> None:
    from compare.framing import find_differences
    from compare.models import Alignment

    sources, statements = build(
        ["The ministers agreed to meet once a year.", "The talks were candid and useful."],
        ["The ministers did not agree to meet once a year.", "The talks were frank."],
    )
    claims = shared_claims(sources, statements)
    assert claims.contradictions
    groups = [
        Alignment(a=("a1",), b=("b1",), score=0.9),
        Alignment(a=("a2",), b=("b2",), score=0.9),
    ]
    assert find_differences(sources, statements, groups, claims=claims) == find_differences(
        sources, statements, groups
    )


def test_a_text_that_repeats_itself_does_not_multiply_matches() -> None:
    from compare.framing import find_differences
    from compare.framing.characterisations import MAX_PARTNERS
    from compare.framing.matching import MAX_AFFIRMATIONS

    repeated = ["The ministers agreed to meet once a year and held candid, useful talks."] * 12
    sources, statements = build(
        repeated, ["The ministers did not agree to meet once a year after frank, useful talks."]
    )
    claims = shared_claims(sources, statements)
    assert 0 < len(claims.contradictions) <= MAX_AFFIRMATIONS
    findings = find_differences(sources, statements, [], claims=claims)
    assert 0 < sum(f.kind == "polarity" for f in findings) <= MAX_AFFIRMATIONS
    assert sum(f.kind in ("tone", "quote_drift") for f in findings) <= MAX_PARTNERS
