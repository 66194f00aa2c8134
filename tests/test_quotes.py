from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.lexicon import Lookups, default_lexicon, matcher
from compare.quotes import MARKS, Cue, Quote, find_cues, find_quotes, quote_at


def _check_offsets(text: str, q: Quote) -> None:
    assert text[q.text_start : q.text_end] == q.text
    assert q.start < q.text_start <= q.text_end <= q.end <= len(text)
    if q.speaker is not None:
        assert q.speaker_span is not None
        assert text[q.speaker_span[0] : q.speaker_span[1]] == q.speaker
    if q.cue is not None:
        assert q.cue_span is not None
        assert text[q.cue_span[0] : q.cue_span[1]] == q.cue


# (text, [(quoted words, speaker, cue), ...]) for every top-level quote, in order.
CASES = [
    # "…," X said
    ('"We want stable ties," Blinken said.', [("We want stable ties,", "Blinken", "said")]),
    # "…," said X
    ('"We want stable ties," said Blinken.', [("We want stable ties,", "Blinken", "said")]),
    # X said: "…"
    ('Blinken said: "We want stable ties."', [("We want stable ties.", "Blinken", "said")]),
    # X said "…" without a colon
    ('Blinken said "the door is open" to talks.', [("the door is open", "Blinken", "said")]),
    # a quote embedded mid-sentence takes the sentence's reporting clause
    (
        'U.S. State Department spokesperson Matthew Miller said that Blinken and Han had "candid '
        'and constructive" discussions.',
        [
            (
                "candid and constructive",
                "U.S. State Department spokesperson Matthew Miller",
                "said",
            )
        ],
    ),
    # curly quotes, speaker with a title, trailing "in a statement"
    (
        "“Cooperation should be a two-way street,” the Chinese Foreign Ministry said in a statement.",
        [("Cooperation should be a two-way street,", "the Chinese Foreign Ministry", "said")],
    ),
    # inverted verb with a descriptive speaker
    (
        '"The two countries should act responsibly," urged the Chinese leader.',
        [("The two countries should act responsibly,", "the Chinese leader", "urged")],
    ),
    # passive cue
    (
        "“It also applies to relations,” Xi was quoted as saying.",
        [("It also applies to relations,", "Xi", "quoted")],
    ),
    # a cue that names another person after the verb: the speaker is before it
    (
        '"Relations face many difficulties," Han told Blinken.',
        [("Relations face many difficulties,", "Han", "told")],
    ),
    # German „…“ marks
    ("„We are ready“, Scholz said.", [("We are ready", "Scholz", "said")]),
    # mixed straight opening and curly closing marks, as rewrites produce
    (
        '"The world needs stable relations,” Han said.',
        [("The world needs stable relations,", "Han", "said")],
    ),
    # a multi-sentence quote
    (
        '"We are ready. We will talk. Nothing is off the table," Xi said.',
        [("We are ready. We will talk. Nothing is off the table,", "Xi", "said")],
    ),
    # Chinese marks: 「…」 and “…” with a head cue
    ("王毅说：「合作是唯一正确的选择。」", [("合作是唯一正确的选择。", "王毅", "说")]),
    (
        "布林肯在会晤开始时表示：“美国致力于管理两国关系。”",
        [("美国致力于管理两国关系。", "布林肯", "表示")],
    ),
    # according to …
    (
        '"The door is open," according to a Chinese foreign ministry statement.',
        [("The door is open,", "a Chinese foreign ministry statement", "according to")],
    ),
    # a cue closing the sentence after more words
    (
        "Chinese people are “dignified and confident” people, and they have the right to a better "
        "life, Xi stressed.",
        [("dignified and confident", "Xi", "stressed")],
    ),
    # a dash credit line on the same line (a tweet)
    (
        "“Check out the highlights!” — Chinese Consulate General in New York (@ChinaCG_NYC) "
        "September 19, 2023",
        [("Check out the highlights!", "Chinese Consulate General in New York", "—")],
    ),
    # a byline on the next line is not the speaker
    (
        '"We will respond firmly."\nReporting by David Brunnstrom; Editing by Sandra Maler',
        [("We will respond firmly.", None, None)],
    ),
    # "United States" is not the verb "states"
    (
        "The United States does not support “Taiwan independence” at all.",
        [("Taiwan independence", None, None)],
    ),
    # single curly quotes
    ("He called the visit ‘a good start’ on Monday.", [("a good start", "He", "called")]),
    # several quotes with their own cues
    (
        '"We are ready," Xi said. "We hope you are too," he added.',
        [("We are ready,", "Xi", "said"), ("We hope you are too,", "he", "added")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quotes_speakers_and_cues(
    text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    quotes = [q for q in find_quotes(text) if q.depth == 0]
    got = [(q.text, q.speaker, q.cue) for q in quotes]
    assert got == expected
    for q in quotes:
        _check_offsets(text, q)


@pytest.mark.parametrize(
    "text",
    [
        "China’s leaders’ view is America’s concern.",
        "It's the U.S.' position, officials' view.",
        "No quotation marks at all.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert find_quotes(text) == ()


def test_nested_quotes_are_kept_with_their_depth() -> None:
    text = "“As a Chinese saying goes, “No progress means regress.” It applies to ties,” Xi said."
    quotes = find_quotes(text)
    assert [(q.text, q.depth) for q in quotes] == [
        ("As a Chinese saying goes, “No progress means regress.” It applies to ties,", 0),
        ("No progress means regress.", 1),
    ]
    assert quotes[0].speaker == "Xi"
    assert quotes[1].speaker is None
    inner = text.index("No progress")
    assert quote_at(quotes, inner, inner + 5) is quotes[0]


def test_a_quote_running_over_paragraphs_is_followed() -> None:
    text = '"We are ready to talk.\n"We will not back down," Xi said.'
    quotes = find_quotes(text)
    assert [(q.text, q.closed) for q in quotes] == [
        ("We are ready to talk.", False),
        ("We will not back down,", True),
    ]
    assert quotes[1].speaker == "Xi"


def test_an_unclosed_quote_at_the_end_of_a_paragraph_is_dropped() -> None:
    assert find_quotes('He said "we will see.\nNext paragraph here.') == ()


def test_a_stray_closing_mark_is_ignored() -> None:
    quotes = find_quotes("“China respects the U.S.,” said Xi. ” In the same vein, more.")
    assert [q.text for q in quotes] == ["China respects the U.S.,"]


def test_quote_at_finds_only_quoted_words() -> None:
    text = 'Miller said they had "candid and constructive" talks.'
    quotes = find_quotes(text)
    at = text.index("candid")
    assert quote_at(quotes, at, at + 6) is quotes[0]
    at = text.index("talks")
    assert quote_at(quotes, at, at + 5) is None


def _cues(text: str) -> list[tuple[str, str, str, int]]:
    return [(c.kind, c.text, c.speaker, c.force) for c in find_cues(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. looks forward to cooperation, the top U.S. diplomat said, according to a "
            "readout from the Chinese side.",
            [
                ("speaker", "the top U.S. diplomat said", "the top U.S. diplomat", 1),
                (
                    "account",
                    "according to a readout from the Chinese side",
                    "a readout from the Chinese side",
                    0,
                ),
            ],
        ),
        (
            "A readout from the Chinese side said that Guterres appreciated the initiatives.",
            [
                (
                    "account",
                    "A readout from the Chinese side said",
                    "A readout from the Chinese side",
                    1,
                ),
                ("speaker", "Guterres appreciated", "Guterres", 2),
            ],
        ),
        (
            "Blinken, who visited Beijing in June, warned that ties were fragile.",
            [("speaker", "Blinken, who visited Beijing in June, warned", "Blinken", 3)],
        ),
        (
            "For his part, Blinken stressed the need for talks.",
            [("speaker", "Blinken stressed", "Blinken", 2)],
        ),
        (
            "They agreed to keep talking, the department said.",
            [("speaker", "the department said", "the department", 1)],
        ),
        (
            "Describing growth as an opportunity, Han said both sides gain.",
            [("speaker", "Han said", "Han", 1)],
        ),
        ("The United States honors its commitments.", []),
        ("The report covers trade and climate.", []),
        (
            "Neither Blinken nor Han in their remarks mentioned a summit.",
            [
                (
                    "speaker",
                    "Neither Blinken nor Han in their remarks mentioned",
                    "Neither Blinken nor Han",
                    1,
                )
            ],
        ),
        ("他还强调了外交的重要性。", [("speaker", "强调", "他", 2)]),
    ],
)
def test_cues_of_a_statement(text: str, expected: list[tuple[str, str, str, int]]) -> None:
    assert _cues(text) == expected
    for cue in find_cues(text):
        assert isinstance(cue, Cue)
        assert text[cue.start : cue.end] == cue.text
        assert text[cue.speaker_span[0] : cue.speaker_span[1]] == cue.speaker


def test_cues_of_a_slice_use_offsets_into_the_whole_text() -> None:
    text = "Intro line.\nBlinken said the talks were useful."
    start = text.index("Blinken")
    (cue,) = find_cues(text, start, len(text))
    assert cue.start == start and cue.text == "Blinken said"


_ALPHABET = st.sampled_from(list("ab ,.:\n") + sorted(MARKS) + ["said", " Xi ", "说"])


@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_any_text_gives_quotes_with_consistent_offsets(text: str) -> None:
    quotes = find_quotes(text)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q in quotes:
        _check_offsets(text, q)
        assert text[q.start] in MARKS


@pytest.mark.parametrize(
    "text",
    [
        "According to a readout from the Chinese side, Wang said the talks were candid.",
        '"We will not accept it," said Secretary Blinken, who warned of consequences.',
        "The talks were described by both sides as constructive.",
        "Xi stressed that the two countries should be partners; Scholz agreed.",
    ],
)
def test_cues_with_the_callers_lookups_equal_cues_without(text: str) -> None:
    lex = matcher(default_lexicon())
    tokens = lex.tokenize(text)
    lookups = Lookups(lex, tokens)
    for i in range(len(tokens)):
        lookups(i)  # the caller's units looked everything up already
    shared = find_cues(text, tokens=tokens, lookups=lookups)
    assert shared == find_cues(text) == find_cues(text, tokens=tokens)
    # Lookups of another token list are not used.
    other = Lookups(lex, lex.tokenize("Nothing to see here."))
    assert find_cues(text, tokens=tokens, lookups=other) == shared
