"""Sentence splitting of news text: tricky boundaries, invariants, and the gold sentences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.errors import InputError
from compare.ingest import parse_source
from compare.models import Source
from compare.segment import segment, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


SPLIT_CASES = [
    # abbreviations and dotted acronyms
    (
        "He met the U.S. envoy on Sept. 18 at 9 a.m. in New York. Then he left.",
        ["He met the U.S. envoy on Sept. 18 at 9 a.m. in New York.", "Then he left."],
    ),
    (
        "U.S. Secretary of State Antony Blinken met U.N. officials. They talked.",
        ["U.S. Secretary of State Antony Blinken met U.N. officials.", "They talked."],
    ),
    (
        "It is a risk for the U.S. The two sides disagree.",
        ["It is a risk for the U.S.", "The two sides disagree."],
    ),
    (
        "It is a gain for the U.S. noting that both can prosper.",
        ["It is a gain for the U.S. noting that both can prosper."],
    ),
    (
        "Mr. Lee met Amb. Burns, Dr. Smith and Lt. Gen. Park. Gen. Park spoke.",
        ["Mr. Lee met Amb. Burns, Dr. Smith and Lt. Gen. Park.", "Gen. Park spoke."],
    ),
    (
        "They met in Bali on Nov 14. He went on Nov. 15.",
        ["They met in Bali on Nov 14.", "He went on Nov. 15."],
    ),
    ("John F. Kennedy spoke. Then he sat.", ["John F. Kennedy spoke.", "Then he sat."]),
    ("It ended at 5 p.m. Monday, he said.", ["It ended at 5 p.m. Monday, he said."]),
    ("It rose 3.5 percent. No. 1 was China.", ["It rose 3.5 percent.", "No. 1 was China."]),
    # plain words Punkt's legal-text model lists as abbreviations still end sentences
    (
        "They came three weeks ago. The talks met. Then they left.",
        ["They came three weeks ago.", "The talks met.", "Then they left."],
    ),
    # quotes
    (
        '"It is good. It is also hard," he said. "Really."',
        ['"It is good.', 'It is also hard," he said.', '"Really."'],
    ),
    ('"We are done." He said so.', ['"We are done."', "He said so."]),
    ("“We are done.” He said so.", ["“We are done.”", "He said so."]),
    ('"Are we done?" he asked.', ['"Are we done?" he asked.']),
    (
        'the spokesperson said. "Both sides agreed," he said.',
        ["the spokesperson said.", '"Both sides agreed," he said.'],
    ),
    (
        "“As a saying goes, “No pain, no gain.” It applies here. It is hoped.",
        ["“As a saying goes, “No pain, no gain.”", "It applies here.", "It is hoped."],
    ),
    # a stray closing quote stays with its sentence
    (
        "“We will not displace anyone, said Xi. ” In the same way, others must act.",
        ["“We will not displace anyone, said Xi. ”", "In the same way, others must act."],
    ),
    # missing space after a full stop
    (
        "It changed its policy.Both sides agreed on U.S.-China ties.",
        ["It changed its policy.", "Both sides agreed on U.S.-China ties."],
    ),
    ('It was done."He left.', ['It was done."', "He left."]),
    (
        "See pic.twitter.com/abc and example.com for 3.5 percent more.",
        ["See pic.twitter.com/abc and example.com for 3.5 percent more."],
    ),
    # a stray full stop before a lower-case word does not end the sentence
    (
        "It depends on the future. and the fate of mankind.",
        ["It depends on the future. and the fate of mankind."],
    ),
    # Chinese
    (
        "这篇报道很重要。两国政府都表示会谈是“坦诚的”对话。 美国总统将出席。",
        ["这篇报道很重要。", "两国政府都表示会谈是“坦诚的”对话。", "美国总统将出席。"],
    ),
    (
        "布林肯表示:“全球期望我们负责任地管理关系。”他还强调了外交的重要性。",
        ["布林肯表示:“全球期望我们负责任地管理关系。”", "他还强调了外交的重要性。"],
    ),
    ("你同意吗？我同意！好的。", ["你同意吗？", "我同意！", "好的。"]),
    ("“我们欢迎。”他说。", ["“我们欢迎。”他说。"]),
    ("他说会谈很好。He agreed. 她也同意。", ["他说会谈很好。", "He agreed.", "她也同意。"]),
    # Traditional text, corner-bracket quotes and their attribution
    ("「我們反對脫鈎。」他說。雙方同意。", ["「我們反對脫鈎。」他說。", "雙方同意。"]),
    ("“合作是正确选择。”王毅表示。", ["“合作是正确选择。”王毅表示。"]),
    # a short sentence after a quote is not its attribution without a reporting verb
    ("他说：“我们同意。”随后离开。", ["他说：“我们同意。”", "随后离开。"]),
    # full-width digits and exclamation/question marks; ASCII ? after an ideograph
    (
        "会谈持续了２个小时！双方将于９月再次会面？",
        ["会谈持续了２个小时！", "双方将于９月再次会面？"],
    ),
    ("他问道?没有回答。", ["他问道?", "没有回答。"]),
    # sentences run together without spaces, as Chinese readouts print them
    (
        "双方同意保持高层交往。王毅强调，台湾是中国领土的一部分。布林肯表示，美方不支持“台独”。",
        [
            "双方同意保持高层交往。",
            "王毅强调，台湾是中国领土的一部分。",
            "布林肯表示，美方不支持“台独”。",
        ],
    ),
    # hashtags and links alone are not statements
    (
        "Check out the highlights! #UNGA78 pic.twitter.com/RUDSeqBBQ0",
        ["Check out the highlights!"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT_CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_statements_ids_offsets_paragraphs_and_languages() -> None:
    text = "Headline without a stop\n\nFirst one. Second one.\n\n中文句子。\nLast line here."
    source = parse_source(text, source_id="s", path="s.txt")
    statements = segment(source)
    assert [s.text for s in statements] == [
        "First one.",
        "Second one.",
        "中文句子。",
        "Last line here.",
    ]
    assert [s.id for s in statements] == ["s:0", "s:1", "s:2", "s:3"]
    assert [s.index for s in statements] == [0, 1, 2, 3]
    assert [s.paragraph for s in statements] == [0, 0, 1, 2]
    assert [s.language for s in statements] == ["en", "en", "zh", "en"]
    assert all(s.source == "s" and text[s.start : s.end] == s.text for s in statements)


def test_sentence_never_spans_a_line() -> None:
    first = (
        "The first line has no full stop at its end, but it is long enough to count as body "
        "text and not as a headline, because headlines are short and this line goes on and on "
        "well past the length of any headline"
    )
    text = f"{first}\nsecond line, in lower case."
    source = parse_source(text, source_id="s", path="s.txt")
    assert [s.text for s in segment(source)] == [first, "second line, in lower case."]


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "This paragraph was hard wrapped at a fixed column width so that every line\n"
        "stops in the middle of a sentence and the next line carries on with it\n"
        "until the sentence ends. A second sentence follows.\n"
    )
    source = parse_source(text, source_id="w", path="w.md")
    assert [s.text.replace("\n", " ") for s in segment(source)] == [
        "This paragraph was hard wrapped at a fixed column width so that every line "
        "stops in the middle of a sentence and the next line carries on with it "
        "until the sentence ends.",
        "A second sentence follows.",
    ]


# --- invariants ------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "U.S.", "U.N.", "Mr.", "Sept.", "a.m.", "Dr.", "No.", "3.5", "pic.twitter.com/x", "#tag",
        "policy.Both", "said.", "Han", "the", "world", "He", "“", "”", '"', "'", "’", ".", "!",
        "?", "…", "。", "！", "？", "，", "中国", "外交", "\n", "\n\n", " ", " ", "  ", "—",
        "-", "(", ")", "said", "Xi", "2023-09-18", "BEIJING,",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES | st.text(max_size=4), max_size=60).map("".join)


def _check_invariants(source: Source) -> None:
    statements = segment(source)
    previous_end = -1
    for i, s in enumerate(statements):
        assert s.id == f"{source.id}:{i}" and s.index == i
        assert s.text == source.text[s.start : s.end]
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        assert any(a <= s.start and s.end <= b for a, b in source.body)
        assert s.language == "und" or re.fullmatch("[a-z]{2}", s.language)
        previous_end = s.end


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_segment_invariants_on_whole_text(text: str) -> None:
    _check_invariants(
        Source(id="h", path="h.txt", text=text, language="en", body=((0, len(text)),))
    )


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_segment_invariants_after_ingest(text: str) -> None:
    try:
        source = parse_source(text, source_id="h", path="h.txt")
    except InputError:
        return
    _check_invariants(source)
