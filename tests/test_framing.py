from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.framing import find_differences, topic_coverage
from compare.framing.findings import _Moved, american_words
from compare.lexicon import is_cjk, load_lexicon
from compare.models import FINDING_KINDS, SEVERITIES, Alignment, Finding, Source, Statement


def build(
    a: str | Sequence[str], b: str | Sequence[str], *, sep: str = "\n"
) -> tuple[dict[str, Source], list[Statement]]:
    """Sources "a" and "b" made of the given sentences, and their Statements with true offsets."""
    sources: dict[str, Source] = {}
    statements: list[Statement] = []
    for side, sentences in (("a", a), ("b", b)):
        if isinstance(sentences, str):
            sentences = [sentences]
        text = ""
        for i, sentence in enumerate(sentences):
            start = len(text)
            text += sentence
            statements.append(
                Statement(
                    id=f"{side}{i + 1}",
                    source=side,
                    index=i,
                    text=sentence,
                    start=start,
                    end=start + len(sentence),
                    language="zh" if is_cjk(sentence) else "en",
                )
            )
            text += sep
        sources[side] = Source(id=side, path=f"{side}.txt", text=text, language="en")
    return sources, statements


def diff(a: str | Sequence[str], b: str | Sequence[str], **kwargs: object) -> tuple[Finding, ...]:
    """Findings for a single group holding every statement of a and of b."""
    sources, statements = build(a, b)
    group = Alignment(
        a=tuple(s.id for s in statements if s.source == "a"),
        b=tuple(s.id for s in statements if s.source == "b"),
        score=1.0,
    )
    return find_differences(sources, statements, [group], **kwargs)  # type: ignore[arg-type]


# (kind, a, b, a_text, b_text): the finding of that kind that must be reported.
POSITIVE = [
    (
        "quote_drift",
        'Wang called the talks "candid and constructive" on Monday.',
        'Wang called the talks "frank and constructive" on Monday.',
        "candid",
        "frank",
    ),
    (
        "quote_drift",
        '"Cooperation is the right choice for both countries," Xi said.',
        '"Cooperation is the wise choice for both countries," Xi said.',
        "right",
        "wise",
    ),
    (
        "tone",
        "The two sides held candid talks on trade and technology.",
        "The two sides held cordial talks on trade and technology.",
        "candid",
        "cordial",
    ),
    (
        "tone",
        "Officials described the meeting as productive.",
        "Officials described the meeting as useful.",
        "productive",
        "useful",
    ),
    (
        "tone",
        "双方进行了坦诚、建设性的对话。",
        "The two sides held cordial talks.",
        "坦诚、建设性",
        "cordial",
    ),
    (
        "tone",
        "Wang raised serious concerns about the tariffs.",
        "Wang raised grave concerns about the tariffs.",
        "serious",
        "grave",
    ),
    (
        "tone",
        "Both sides pledged to build constructive and stable relations.",
        "Both sides pledged to build constructive and friendly relations.",
        "stable",
        "friendly",
    ),
    (
        "quote_drift",
        "Kishida said the position has not changed in the slightest.",
        'Kishida said the position "has not changed at all."',
        "in the slightest",
        "at all",
    ),
    (
        "quote_drift",
        "It is hoped that Japan will honor its promises on the matter.",
        'Li said he hoped Tokyo would "keep its promises on the matter".',
        "honor",
        "keep",
    ),
    (
        "wording",
        "Li called for an end to the discharge of the contaminated water.",
        "Li called for an end to the discharge of the treated water.",
        "contaminated",
        "treated",
    ),
    (
        "wording",
        "The ministers discussed Russia's war against Ukraine on Monday.",
        "The ministers discussed the Ukraine crisis on Monday.",
        "Russia's war",
        "crisis",
    ),
    (
        "entity",
        "White House national security adviser Jake Sullivan met Wang Yi in Malta.",
        "White House national security adviser Jack Sullivan met Wang Yi in Malta.",
        "Jake",
        "Jack",
    ),
    (
        "entity",
        "Han met UN Secretary-General Antonio Guterres in New York.",
        "Han met UN Secretary-General António Guterres in New York.",
        "Antonio",
        "António",
    ),
    (
        "entity",
        "Premier Li Qiang met the delegation in Beijing.",
        "President Li Qiang met the delegation in Beijing.",
        "Premier",
        "President",
    ),
    (
        "number",
        "Sullivan and Wang met for 12 hours in Malta last weekend.",
        "Sullivan and Wang met for 10 hours in Malta last weekend.",
        "12 hours",
        "10 hours",
    ),
    (
        "number",
        "Xi and Biden met in Bali on Nov 14, officials said.",
        "Xi and Biden met in Bali on Nov 15, officials said.",
        "Nov 14",
        "Nov 15",
    ),
    (
        "number",
        "Blinken arrived in Beijing on Friday for talks.",
        "Blinken arrived in Beijing on June 1, 2023 for talks.",
        "Friday",
        "June 1, 2023",
    ),
    (
        "polarity",
        "The two sides agreed to resume talks on trade.",
        "The two sides did not agree to resume talks on trade.",
        "agreed",
        "did not agree",
    ),
    (
        "polarity",
        "The two sides agreed to resume military talks.",
        "The two sides disagreed on resuming military talks.",
        "agreed",
        "disagreed",
    ),
    (
        "attribution",
        "Blinken said the United States would respond to any provocation.",
        "Blinken warned the United States would respond to any provocation.",
        "Blinken said",
        "Blinken warned",
    ),
    (
        "attribution",
        "The U.S. wants stable ties, the top U.S. diplomat said, according to a readout from the "
        "Chinese side.",
        "The U.S. wants stable ties, Blinken said.",
        "according to a readout from the Chinese side",
        "Blinken said",
    ),
    (
        "attribution",
        "The talks were productive, the official said.",
        "The talks were productive, according to the Chinese side.",
        "the official said",
        "according to the Chinese side",
    ),
    (
        "hedge",
        "The meeting will lay the groundwork for a summit in November.",
        "The meeting could lay the groundwork for a summit in November.",
        "will",
        "could",
    ),
    (
        "hedge",
        "Biden is expected to attend the summit in San Francisco.",
        "Biden may attend the summit in San Francisco.",
        "is expected to",
        "may",
    ),
    # A rank added to a title names another office, wherever the person is named.
    (
        "entity",
        "Chinese Foreign Minister Wang Yi met Secretary of State Antony Blinken on Friday.",
        "Chinese Vice Foreign Minister Wang Yi met Secretary of State Antony Blinken on Friday.",
        "Foreign Minister",
        "Vice Foreign Minister",
    ),
    (
        "entity",
        "Blinken met Director Wang Yi and Deputy Prime Minister Ding Xuexiang on Friday.",
        "Prime Minister Ding Xuexiang met Blinken on Friday, as did Director Wang Yi.",
        "Deputy Prime Minister",
        "Prime Minister",
    ),
]


@pytest.mark.parametrize(("kind", "a", "b", "a_text", "b_text"), POSITIVE)
def test_a_difference_of_each_kind_is_found(
    kind: str, a: str, b: str, a_text: str, b_text: str
) -> None:
    found = [(f.kind, f.a_text, f.b_text) for f in diff(a, b)]
    assert (kind, a_text, b_text) in found


# (kind, a, b): pairs that must not produce a finding of that kind.
NEGATIVE = [
    # Paraphrase is never a finding: a noun or a verb swapped for another outside quotes.
    (
        "wording",
        "China will be a defender of the international order, he said.",
        "China will be an advocate of the international order, he said.",
    ),
    (
        "wording",
        "China hopes the United States will meet it halfway to bring relations back on track.",
        "China hopes the United States will work with China to bring relations back on track.",
    ),
    (
        "wording",
        "Chinese enterprises want a level playing field.",
        "Chinese companies want a level playing field.",
    ),
    # One quotation in two spelling conventions is no misquote.
    (
        "quote_drift",
        'Wang said turning "de-risking" into "de-Sinicisation" will backfire.',
        'Wang said turning "de-risking" into "de-Sinicization" will backfire.',
    ),
    # Adjectives that do not describe the talks, relations or a concern are not tone.
    (
        "tone",
        "The photovoltaic industry was discussed at length.",
        "The solar industry was discussed at length.",
    ),
    (
        "wording",
        "China will uphold true multilateralism, Wang said.",
        "China will defend true multilateralism, Wang said.",
    ),
    (
        "wording",
        "The U.S. will keep working with the U.N. on climate.",
        "The United States will keep working with the UN on climate.",
    ),
    (
        "wording",
        "They want a sound and stable relationship.",
        "They want a stable and sound relationship.",
    ),
    ("wording", "The talks were held in Geneva.", "The discussions were held in Geneva."),
    (
        "wording",
        "The world needs a stronger UN, Han said.",
        "The world needs a strong UN, Han said.",
    ),
    (
        "wording",
        "They will take concrete actions to implement the consensus.",
        "They will take practical steps to carry out the consensus.",
    ),
    ("polarity", "We would never accept this, he said.", "We would not accept this, he said."),
    (
        "polarity",
        "It is good not only for China but also for the world.",
        "It is good for China and for the world.",
    ),
    ("polarity", "He noted that trade grew.", "He said that trade grew."),
    # A negative clause only one side carries reverses nothing the other side says.
    (
        "polarity",
        "The two sides discussed a summit in November.",
        "The two sides discussed a summit in November, though neither side mentioned trade.",
    ),
    (
        "polarity",
        "China will defend its interests, Wang added.",
        "China will defend its interests and does not seek conflict, Wang said.",
    ),
    ("number", "The leaders met on Monday in New York.", "On Monday, the leaders met in New York."),
    (
        "number",
        "It benefits both countries and the world.",
        "It benefits the two countries and the world.",
    ),
    (
        "tone",
        "China can play a constructive role in the region.",
        "China can play a positive role in the region.",
    ),
    (
        "tone",
        "Both sides want open lines of communication.",
        "Both sides want lines of communication.",
    ),
    ("entity", "Antony Blinken met Wang Yi.", "Antony Blinken met Wang Yi on Monday."),
    (
        "entity",
        "Guterres thanked China for its support.",
        "The UN Secretary-General thanked China for its support.",
    ),
    ("attribution", "Wang said the talks were useful.", "Wang added that the talks were useful."),
    (
        "attribution",
        "The talks were useful, Wang said.",
        "The talks were useful, according to China's Xinhua news agency, Wang said.",
    ),
    ("hedge", "China hopes the U.S. will act.", "China hoped the U.S. would act."),
    (
        "hedge",
        "The two sides discussed trade.",
        "The two sides discussed trade, which could shape talks on tariffs next year.",
    ),
    ("quote_drift", '"We had candid talks," Blinken said.', "Blinken said they had frank talks."),
    (
        "quote_drift",
        '"Cooperation is the right choice," Xi said.',
        '"Cooperation is the right choice," Xi said.',
    ),
    # One office under two rank words, or a rank word that is not before the person's title.
    (
        "entity",
        "Vice Foreign Minister Ma Zhaoxu met the delegation on Monday.",
        "Deputy Foreign Minister Ma Zhaoxu met the delegation on Monday.",
    ),
    (
        "entity",
        "Foreign Minister Wang Yi met the delegation, the first such visit.",
        "Foreign Minister Wang Yi met the delegation, a senior official said.",
    ),
]


@pytest.mark.parametrize(("kind", "a", "b"), NEGATIVE)
def test_noise_is_not_a_finding(kind: str, a: str, b: str) -> None:
    assert [f for f in diff(a, b) if f.kind == kind] == []


def test_identical_statements_have_no_findings() -> None:
    text = (
        'Han said a "sound and stable" relationship will benefit both countries, the readout said.'
    )
    assert diff(text, text) == ()


def test_a_misquote_is_one_high_finding_not_also_a_tone_change() -> None:
    found = diff(
        'Miller said the two had "candid and constructive" discussions.',
        'The department said the two had "frank and constructive" discussions.',
    )
    assert [(f.kind, f.a_text, f.b_text, f.severity) for f in found] == [
        ("quote_drift", "candid", "frank", "high")
    ]
    assert found[0].message == 'quoted Miller wording differs: "candid" vs "frank"'


def test_one_difference_of_two_kinds_on_the_same_words_is_one_finding() -> None:
    from compare.framing import severity

    tone = Finding(
        kind="tone",
        a=("a1",),
        b=("b1",),
        a_text="candid",
        b_text="frank",
        a_span=(10, 16),
        b_span=(12, 17),
        severity="medium",
        message="described differently",
    )
    quote = Finding(
        kind="quote_drift",
        a=("a1",),
        b=("b1",),
        a_text="candid and",
        b_text="frank and",
        a_span=(10, 20),
        b_span=(12, 21),
        severity="high",
        message="quoted wording differs",
    )
    elsewhere = Finding(
        kind="tone",
        a=("a1",),
        b=("b1",),
        a_text="cordial",
        b_text="warm",
        a_span=(30, 37),
        b_span=(40, 44),
        severity="medium",
        message="described differently",
    )
    assert severity.finalise([tone, quote, elsewhere]) == (quote, elsewhere)


def test_findings_are_ordered_by_severity_kind_and_position() -> None:
    sources, statements = build(
        ["The two sides agreed to resume talks.", "Jake Sullivan met Wang Yi for 12 hours."],
        ["The two sides did not agree to resume talks.", "Jack Sullivan met Wang Yi for 10 hours."],
    )
    groups = [Alignment(a=("a1",), b=("b1",)), Alignment(a=("a2",), b=("b2",))]
    found = find_differences(sources, statements, groups)
    assert [f.kind for f in found] == ["polarity", "entity", "number"]
    keys = [(SEVERITIES.index(f.severity), FINDING_KINDS.index(f.kind)) for f in found]
    assert keys == sorted(keys)
    assert find_differences(sources, statements, list(reversed(groups))) == found


def test_a_group_with_several_statements_names_the_statements_that_differ() -> None:
    found = diff(
        [
            "Han met Blinken in New York on Monday.",
            "Han said a sound relationship benefits the world.",
        ],
        [
            "Han met Blinken in New York on Monday.",
            "Han said a healthy relationship benefits the world.",
        ],
    )
    (finding,) = found
    assert (finding.kind, finding.a, finding.b) == ("tone", ("a2",), ("b2",))
    assert (finding.a_text, finding.b_text) == ("sound", "healthy")


def test_a_topic_only_one_side_says_was_covered_is_not_a_finding() -> None:
    # Coverage is what the topic table shows; inside one aligned pair it is an added clause.
    found = diff(
        "The State Department said the talks were constructive and aimed to manage the relationship.",
        "The State Department said the talks were constructive and addressed Ukraine and Taiwan.",
    )
    assert [f for f in found if f.kind == "wording"] == []


def test_unmatched_statements_are_omissions_and_additions() -> None:
    sources, statements = build(
        ["Han met Blinken.", "Han thanked Blinken."],
        ["Han met Blinken.", "They also discussed fentanyl trafficking."],
    )
    groups = [
        Alignment(a=("a1",), b=("b1",)),
        Alignment(a=("a2",), b=()),
        Alignment(a=(), b=("b2",)),
    ]
    found = find_differences(sources, statements, groups)
    by_kind = {f.kind: f for f in found}
    omission, addition = by_kind["omission"], by_kind["addition"]
    assert (omission.a, omission.b, omission.a_text, omission.b_span) == (
        ("a2",),
        (),
        "Han thanked Blinken.",
        None,
    )
    assert omission.severity == "low"
    assert (addition.a, addition.b, addition.a_span) == ((), ("b2",), None)
    assert addition.severity == "medium"  # a topic the other source never mentions
    assert "fentanyl" in addition.message


def test_topic_coverage_per_source() -> None:
    _, statements = build(
        ["Blinken raised Taiwan and fentanyl.", "They met in New York."],
        ["The talks covered the Taiwan Strait.", "双方讨论了台湾问题。"],
    )
    coverage = {c.topic: c.statements for c in topic_coverage(statements)}
    assert coverage["Taiwan"] == {"a": ("a1",), "b": ("b1", "b2")}
    assert coverage["fentanyl"] == {"a": ("a1",), "b": ()}
    assert "Ukraine" not in coverage


def test_a_user_lexicon_adds_characterisation_words(tmp_path: Path) -> None:
    a = "The two sides held glacial talks in Geneva."
    b = "The two sides held lengthy talks in Geneva."
    assert diff(a, b) == ()  # "glacial" is no description of talks until the lexicon says so
    path = tmp_path / "lex.toml"
    path.write_text(
        '[tone]\nglacial = { signal = "friction", strength = 3, meaning = "icy" }\n',
        encoding="utf-8",
    )
    found = diff(a, b, lexicon=load_lexicon(path))
    assert [(f.kind, f.a_text, f.b_text) for f in found] == [("tone", "glacial", "lengthy")]
    assert "icy" in found[0].message


_WORDS = [
    "Blinken", "Blinkin", "Han", "said", "stressed", "warned", "not", "never", "will", "could",
    "candid", "frank", "constructive", "talks", "12", "10", "hours", "Monday", "Friday",
    "Taiwan", "trade", "according", "to", "the", "Chinese", "side", "agreed", "disagreed",
    "sound", "healthy", "relationship", '"', "“", "”", ",", "坦诚", "对话", "和", "Premier",
    "President", "Li",
]  # fmt: skip
_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_SENTENCE, min_size=1, max_size=3),
    st.lists(_SENTENCE, min_size=1, max_size=3),
    st.data(),
)
def test_findings_always_point_inside_their_statements(
    a: list[str], b: list[str], data: st.DataObject
) -> None:
    sources, statements = build(a, b, sep=data.draw(st.sampled_from([" ", "\n", "\n\n"])))
    by_id = {s.id: s for s in statements}
    ids_a = [s.id for s in statements if s.source == "a"]
    ids_b = [s.id for s in statements if s.source == "b"]
    cut_a = data.draw(st.integers(0, len(ids_a)))
    cut_b = data.draw(st.integers(0, len(ids_b)))
    groups = [Alignment(a=tuple(ids_a[:cut_a]), b=tuple(ids_b[:cut_b]))]
    groups += [Alignment(a=(i,), b=()) for i in ids_a[cut_a:]]
    groups += [Alignment(a=(), b=(i,)) for i in ids_b[cut_b:]]
    found = find_differences(sources, statements, groups)
    assert found == find_differences(sources, statements, groups)
    for f in found:
        assert f.kind in FINDING_KINDS and f.severity in SEVERITIES and f.message
        for side, ids, span, text in (
            ("a", f.a, f.a_span, f.a_text),
            ("b", f.b, f.b_span, f.b_text),
        ):
            if span is None:
                assert text == ""
                continue
            assert sources[side].text[span[0] : span[1]] == text
            assert any(by_id[i].start <= span[0] <= span[1] <= by_id[i].end for i in ids)
            assert all(by_id[i].source == side for i in ids)


def test_a_name_rendered_differently_is_found_even_in_statements_not_aligned() -> None:
    sources, statements = build(
        ["Han met UN chief Antonio Guterres.", "Han spoke about trade."],
        ["Han spoke about trade.", "He later met António Guterres in New York."],
    )
    groups = [
        Alignment(a=("a2",), b=("b1",)),
        Alignment(a=("a1",), b=()),
        Alignment(a=(), b=("b2",)),
    ]
    entity = [f for f in find_differences(sources, statements, groups) if f.kind == "entity"]
    assert [(f.a, f.b, f.a_text, f.b_text) for f in entity] == [
        (("a1",), ("b2",), "Antonio", "António")
    ]
    assert "not aligned" in entity[0].message


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # b alone writes the accent: a difference between the sources.
        (
            ["Han met António Guterres.", "Guterres was quoted: Antonio Guterres thanked Han."],
            ["Han met Antonio Guterres.", "Antonio Guterres thanked Han."],
            [("António", "Antonio")],
        ),
        # Both write it both ways (own text and an embedded tweet): nothing between them.
        (
            ["Han met António Guterres.", "Guterres was quoted: Antonio Guterres thanked Han."],
            ["Han met António Guterres.", "Antonio Guterres thanked Han."],
            [],
        ),
    ],
)
def test_a_name_each_source_writes_both_ways_is_not_an_entity_finding(
    a: list[str], b: list[str], expected: list[tuple[str, str]]
) -> None:
    sources, statements = build(a, b)
    groups = [
        Alignment(a=("a1",), b=()),
        Alignment(a=("a2",), b=()),
        Alignment(a=(), b=("b1",)),
        Alignment(a=(), b=("b2",)),
    ]
    found = find_differences(sources, statements, groups)
    assert [(f.a_text, f.b_text) for f in found if f.kind == "entity"] == expected


def test_one_remark_quoted_differently_is_found_even_in_statements_not_aligned() -> None:
    sources, statements = build(
        ['The spokesperson said the sides had "candid and constructive" talks.', "Trade came up."],
        ["Trade came up.", 'The department called it a "frank and constructive discussion."'],
    )
    groups = [
        Alignment(a=("a2",), b=("b1",)),
        Alignment(a=("a1",), b=()),
        Alignment(a=(), b=("b2",)),
    ]
    found = find_differences(sources, statements, groups)
    assert (found[0].kind, found[0].a, found[0].b) == ("quote_drift", ("a1",), ("b2",))
    assert (found[0].a_text, found[0].b_text) == ("candid", "frank")


@pytest.mark.parametrize(
    ("a", "b", "different"),
    [
        # A title alone is resolved to the one person the source gives it.
        (
            [
                "Secretary of State Antony Blinken met Foreign Minister Wang Yi.",
                "The Secretary stressed that talks must continue.",
            ],
            [
                "Secretary of State Antony Blinken met Foreign Minister Wang Yi.",
                "Blinken stressed that talks must continue.",
            ],
            False,
        ),
        (
            [
                "Secretary of State Antony Blinken met Foreign Minister Wang Yi.",
                "The Secretary stressed that talks must continue.",
            ],
            [
                "National Security Adviser Jake Sullivan met Foreign Minister Wang Yi.",
                "Sullivan stressed that talks must continue.",
            ],
            True,
        ),
        # Two named people of one country are still two speakers.
        (
            [
                "Secretary of State Antony Blinken met Foreign Minister Wang Yi.",
                "Blinken said talks must continue.",
            ],
            [
                "National Security Adviser Jake Sullivan met Foreign Minister Wang Yi.",
                "Sullivan said talks must continue.",
            ],
            True,
        ),
        # A body of the person's own government is not another person.
        (
            [
                "U.S. Secretary of State Antony Blinken met Foreign Minister Wang Yi.",
                "Blinken said talks must continue.",
            ],
            [
                "U.S. Secretary of State Antony Blinken met Foreign Minister Wang Yi.",
                "The State Department said talks must continue.",
            ],
            False,
        ),
        (
            [
                "U.S. Secretary of State Antony Blinken met Foreign Minister Wang Yi.",
                "Spokesperson Matthew Miller said talks must continue.",
            ],
            [
                "U.S. Secretary of State Antony Blinken met Foreign Minister Wang Yi.",
                "The U.S. State Department said talks must continue.",
            ],
            False,
        ),
        # "The Chinese president" is not the one (American) president the source names.
        (
            [
                "U.S. President Joe Biden wrote to Xi.",
                "The Chinese president said talks must continue.",
            ],
            ["U.S. President Joe Biden wrote to Xi.", "President Xi said talks must continue."],
            False,
        ),
        # "The President" of a source naming two presidents is not resolved; unknown is not
        # reported as different.
        (
            [
                "President Joe Biden spoke with President Xi Jinping.",
                "The President said talks must continue.",
            ],
            [
                "President Joe Biden spoke with President Xi Jinping.",
                "Xi said talks must continue.",
            ],
            False,
        ),
        ("He said talks must continue.", "Wang said talks must continue.", False),
    ],
)
def test_a_different_speaker_is_an_attribution_finding(
    a: str | list[str], b: str | list[str], different: bool
) -> None:
    found = [f for f in diff(a, b) if "different speakers" in f.message]
    assert bool(found) is different
    assert all(f.kind == "attribution" for f in found)


def test_quotes_of_different_remarks_are_not_compared() -> None:
    sources, statements = build(
        ['"The two countries should act with a sense of responsibility," Xi said.'],
        ['Cooperation should be a "two-way street", Xi said.'],
    )
    groups = [Alignment(a=("a1",), b=()), Alignment(a=(), b=("b1",))]
    assert [
        f for f in find_differences(sources, statements, groups) if f.kind == "quote_drift"
    ] == []


@pytest.mark.parametrize(
    ("b", "expected"),
    [
        ("The two sides held talks on trade.", []),
        ("The two sides want more trade.", []),
        ("The two sides held frank talks on trade.", [("tone", "candid", "frank")]),
    ],
)
def test_a_characterisation_only_one_side_gives_is_not_a_changed_one(
    b: str, expected: list[tuple[str, str, str]]
) -> None:
    found = diff("The two sides held candid talks on trade.", b)
    assert [(f.kind, f.a_text, f.b_text) for f in found if f.kind == "tone"] == expected


# (a, b): the same statement with typing noise on one side: a letter dropped, swapped, doubled
# or changed, or two words run together. No finding of any kind.
TYPOS = [
    (
        "The two sides shared views on trade.",
        "The two sides shred views on trade.",
    ),
    (
        "They discussed bilateral relations and trade.",
        "They discussed bilateral relatoins and trade.",
    ),
    (
        "Both sides pledged cooperation on climate change.",
        "Both sides pledged coopreation on climate change.",
    ),
    (
        "Officials said the continued communication would help.",
        "Officials said the continueed commmunication would help.",
    ),
    (
        'Blinken said "we must respect China and its people."',
        'Blinken said "we must respectChina and its people."',
    ),
    (
        'Xi said "the world expects us to manage our relations responsibly."',
        'Xi said "the world expectsus to manage our relations responsibly."',
    ),
    (
        "China looks forward to further exchanges with the U.S. side.",
        "China loks forward to further exchanges with the U.S. side.",
    ),
    (
        "The talks ended on a positive note. Both sides agreed to meet again.",
        "The talks ended on a positive note.Both sides agreed to meet again.",
    ),
]


@pytest.mark.parametrize(("a", "b"), TYPOS)
def test_a_typo_is_not_a_finding(a: str, b: str) -> None:
    assert diff(a, b) == ()


# (kind, a, b, a_text, b_text): words a letter or two apart that still differ in meaning.
NEAR_MISSES = [
    (
        "entity",
        "Jake Sullivan met Wang Yi in Vienna.",
        "Jack Sullivan met Wang Yi in Vienna.",
        "Jake",
        "Jack",
    ),
    (
        "entity",
        "Secretary Antony Blinken met Wang Yi.",
        "Secretary Anthony Blinken met Wang Yi.",
        "Antony",
        "Anthony",
    ),
    (
        "polarity",
        "The two sides agreed on the need for dialogue.",
        "The two sides disagreed on the need for dialogue.",
        "agreed",
        "disagreed",
    ),
    (
        "polarity",
        "The United States will accept the proposal.",
        "The United States won't accept the proposal.",
        "accept",
        "won't accept",
    ),
    (
        "tone",
        "Wang called the talks candid and constructive.",
        "Wang called the talks frank and constructive.",
        "candid",
        "frank",
    ),
    (
        "number",
        "The ministers met for the fifth time this year.",
        "The ministers met for the sixth time this year.",
        "fifth",
        "sixth",
    ),
]


@pytest.mark.parametrize(("kind", "a", "b", "a_text", "b_text"), NEAR_MISSES)
def test_a_near_spelling_with_another_meaning_is_a_finding(
    kind: str, a: str, b: str, a_text: str, b_text: str
) -> None:
    found = [(f.kind, f.a_text, f.b_text) for f in diff(a, b)]
    assert any(k == kind and a_text in x and b_text in y for k, x, y in found), found


@pytest.mark.parametrize(
    ("x", "y", "typo"),
    [
        ("shared", "shred", True),
        ("relations", "relatoins", True),
        ("cooperation", "coopreation", True),
        ("stabilize", "stabilze", True),
        ("competition", "compitition", True),
        ("Jake", "Jack", False),  # a capitalised name: its spelling is a finding
        ("Antony", "Anthony", False),
        ("agreed", "disagreed", False),  # another first letter: another word
        ("form", "from", False),  # too short to tell a typo from another word
        ("expand", "extend", False),  # two edits in a short word
        ("succeed", "succeeded", False),
    ],
)
def test_plausible_typo(x: str, y: str, typo: bool) -> None:
    from compare.framing import plausible_typo
    from compare.lexicon import default_lexicon, matcher

    assert plausible_typo(matcher(default_lexicon()), x, y) is typo


def test_a_misquote_by_a_pronoun_names_no_speaker() -> None:
    found = diff(
        'Miller said, "We discussed a range of bilateral issues," he said.',
        '"We discussed various bilateral issues," he said.',
    )
    drift = [f for f in found if f.kind == "quote_drift"]
    assert drift and all(" he " not in f.message for f in drift)


@pytest.mark.parametrize(
    ("speaker", "name"),
    [
        ("Kishida said he", "Kishida"),
        ("the Chinese ministry. The ministry also", "the Chinese ministry"),
        ("Foreign Minister Wang Yi", "Foreign Minister Wang Yi"),
        ("Blinken", "Blinken"),
    ],
)
def test_a_speaker_phrase_is_cut_to_its_name(speaker: str, name: str) -> None:
    from compare.framing.worddiff import _name_part

    assert _name_part(speaker) == name


def test_topic_coverage_read_from_the_sources_equals_reading_the_statements() -> None:
    sources, statements = build(
        ["Blinken raised Taiwan and fentanyl.", "They met in New York.", "The U.S. didn't."],
        ["The talks covered the Taiwan Strait.", "双方讨论了台湾问题。", "Ukraine, Taiwan."],
    )
    by_text = topic_coverage(statements)
    assert by_text and topic_coverage(statements, sources=sources) == by_text
    # Long sources take the sliced tokens; still the same coverage.
    long_sources, long_statements = build(
        [f"Blinken raised Taiwan and fentanyl with {n} ministers." for n in range(200)],
        [f"The talks covered the Taiwan Strait and Ukraine ({n})." for n in range(200)],
    )
    assert len(long_sources["a"].text) > 2000
    expected = topic_coverage(long_statements)
    assert topic_coverage(long_statements, sources=long_sources) == expected


@pytest.mark.parametrize(
    ("a_text", "b_text", "a", "b"),
    [
        # The quoted words are each in the other statement: moved, not changed.
        (
            '"de-risking" and "de-Sinicisation"',
            '"de-Sinicization" and "de-risking"',
            "de-risking",
            "de-Sinicization",
        ),
        # Words the other statement lacks: a real change.
        ('"candid" talks', '"frank" talks', "candid", "frank"),
    ],
)
def test_moved_quotes_equal_the_reference(a_text: str, b_text: str, a: str, b: str) -> None:
    _, statements = build([a_text], [b_text])
    by_id = {s.id: s for s in statements}

    def reference(f: Finding) -> bool:
        """Each statement's words spelt out again for every finding."""
        text_a = " ".join(american_words(by_id[i].text) for i in f.a if i in by_id)
        text_b = " ".join(american_words(by_id[i].text) for i in f.b if i in by_id)
        return american_words(f.a_text) in text_b and american_words(f.b_text) in text_a

    moved = _Moved(statements)
    for kind in ("quote_drift", "tone"):
        f = Finding(kind, ("a1",), ("b1",), a, b, (0, 1), (0, 1), "high", "")
        assert moved(f) == (kind == "quote_drift" and reference(f))
        assert moved(f) == moved(f)  # the cache answers the same
    quote = Finding("quote_drift", ("a1",), ("b1",), a, b, (0, 1), (0, 1), "high", "")
    assert moved(quote) is (a == "de-risking")
