from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.errors import InputError, ReadoutError
from compare.lexicon import (
    SLICE_TEXT_CHARS,
    Entry,
    Lookups,
    Matcher,
    Token,
    _sliced,
    _tokenize_cached,
    american,
    default_lexicon,
    fold,
    is_cjk,
    load_lexicon,
    matcher,
    merge,
    stem,
    tokenize,
)


def test_default_lexicon_is_a_general_lexicon_with_dozens_of_entries_per_category() -> None:
    lex = default_lexicon()
    assert len(lex.tone) >= 30
    assert len(lex.verbs) >= 40
    assert len(lex.hedges) >= 20
    assert len(lex.topics) >= 30
    assert len(lex.synonyms) >= 40
    assert len(lex.negation) >= 10
    assert len(lex.antonyms) >= 30
    forces = {v.force for v in lex.verbs}
    assert forces == {1, 2, 3}


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("坦诚", {"candid", "frank"}),
        ("建设性", {"constructive"}),
        ("深入", {"in-depth"}),
        ("务实", {"pragmatic"}),
    ],
)
def test_chinese_characterisation_words_map_to_english_ones(
    chinese: str, english: set[str]
) -> None:
    found = {t.key for t in default_lexicon().tone if chinese in t.zh}
    assert english <= found


def test_stressed_is_a_reporting_verb_of_more_force_than_said_in_both_languages() -> None:
    verbs = {v.key: v for v in default_lexicon().verbs}
    assert "强调" in verbs["stress"].zh
    assert verbs["stress"].force > verbs["say"].force
    assert verbs["warn"].force > verbs["stress"].force


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("stressed", "stress"),
        ("stresses", "stressing"),
        ("making", "make"),
        ("agreed", "agree"),
        ("considering", "consider"),
        ("stronger", "strong"),
        ("countries", "country"),
        ("emphasised", "emphasize"),
        ("favourable", "favorable"),
        ("defence", "defense"),
        ("planned", "plan"),
        ("China's", "China"),
    ],
)
def test_inflections_and_spellings_share_a_stem(one: str, other: str) -> None:
    assert stem(one) == stem(other)


@pytest.mark.parametrize(
    ("one", "other"), [("defender", "advocate"), ("uphold", "defend"), ("stable", "stabilize")]
)
def test_different_words_keep_different_stems(one: str, other: str) -> None:
    assert stem(one) != stem(other)


def test_irregular_forms_come_from_the_lexicon_data() -> None:
    inflections = matcher(default_lexicon()).inflections
    assert stem("said", inflections) == stem("say", inflections)
    assert stem("told", inflections) == stem("tell", inflections)


def test_fold_removes_accents_and_case() -> None:
    assert fold("António") == "antonio"
    assert fold("Guterres’") == "guterres'"


def test_tokenize_keeps_offsets_and_splits_negated_auxiliaries() -> None:
    text = "The U.S.-China talks didn't end; 坦诚 12%."
    tokens = tokenize(text)
    for t in tokens:
        assert text[t.start : t.end] == t.text
    assert [t.text for t in tokens] == [
        "The", "U.S.", "China", "talks", "did", "n't", "end", "坦", "诚", "12%",
    ]  # fmt: skip
    assert tokens[1].stem == "us"
    assert tokens[-1].number


def test_tokenize_a_slice_gives_offsets_into_the_whole_text() -> None:
    text = "First sentence. Second one here."
    tokens = tokenize(text, 16, len(text))
    assert tokens[0].text == "Second" and tokens[0].start == 16


def test_is_cjk() -> None:
    assert is_cjk("这篇报道涉及到美国国务卿")
    assert not is_cjk("Blinken met Han (韩正) in New York.")


def _categories(text: str) -> list[str]:
    lex = matcher(default_lexicon())
    tokens = lex.tokenize(text)
    out = []
    i = 0
    while i < len(tokens):
        n, entries = lex.lookup(tokens, i)
        out.append(entries[0].category if entries else "-")
        i += max(n, 1)
    return out


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("U.S.", ["alias"]),
        ("US", ["alias"]),
        ("us", ["stop"]),
        ("WHO", ["alias"]),
        ("who", ["stop"]),
        ("noted", ["verb"]),
        ("not", ["negation"]),
        ("not only", ["stop"]),
        ("according to", ["account"]),
        ("is expected to", ["hedge"]),
        ("in-depth", ["tone"]),
        ("carry forward", ["synonym"]),
    ],
)
def test_phrases_match_their_lexicon_category(text: str, categories: list[str]) -> None:
    assert _categories(text) == categories


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("tensions in the Taiwan Strait", ["Taiwan"]),
        ("talks on AI safety", ["artificial intelligence"]),
        ("said ai", []),
        ("curbing fentanyl trafficking", ["fentanyl"]),
        ("两岸关系和台湾问题", ["Taiwan", "Taiwan"]),
        ("the conflict in Ukraine, North Korea", ["Ukraine", "North Korea"]),
    ],
)
def test_topics_are_found_by_alias(text: str, topics: list[str]) -> None:
    lex = matcher(default_lexicon())
    found = lex.find_topics(text, lex.tokenize(text))
    assert [name for name, _, _ in found] == topics
    for _, start, end in found:
        assert 0 <= start < end <= len(text)


def test_merge_extends_lists_merges_tables_and_replaces_scalars() -> None:
    base = {"a": {"x": 1, "l": [1, 2]}, "s": "old", "keep": True}
    extra = {"a": {"y": 2, "l": [2, 3]}, "s": "new"}
    assert merge(base, extra) == {"a": {"x": 1, "y": 2, "l": [1, 2, 3]}, "s": "new", "keep": True}
    assert base["a"] == {"x": 1, "l": [1, 2]}


def test_a_user_lexicon_extends_the_default(tmp_path: Path) -> None:
    path = tmp_path / "extra.toml"
    path.write_text(
        "[tone]\n"
        'glacial = { signal = "friction", strength = 3, meaning = "icy", zh = ["冰冷"] }\n'
        "[topics.Arctic]\n"
        'aliases = ["Arctic", "polar route"]\n'
        "[synonyms]\n"
        'groups = [["pact", "accord"]]\n',
        encoding="utf-8",
    )
    lex = load_lexicon(path)
    assert "glacial" in {t.key for t in lex.tone}
    assert "candid" in {t.key for t in lex.tone}
    assert "Arctic" in lex.topic_names
    assert ("pact", "accord") in lex.synonyms
    assert len(lex.synonyms) == len(default_lexicon().synonyms) + 1


def test_no_path_gives_the_default_lexicon() -> None:
    assert load_lexicon(None) is default_lexicon()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[tone\nbroken", "not valid TOML"),
        ('[tone]\nicy = { signal = "chilly", strength = 1 }\n', "signal"),
        ('[verbs]\nmutter = { force = "loud" }\n', "force"),
        ('[topics.X]\naliases = "one"\nkind = "venue"\n', "kind"),
        ('[negation]\nantonyms = [["up"]]\n', "pairs"),
    ],
)
def test_a_bad_user_lexicon_is_an_input_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_lexicon(path)
    assert problem in str(err.value)
    assert isinstance(err.value, ReadoutError)


def test_a_missing_or_binary_user_lexicon_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_lexicon(tmp_path / "nope.toml")
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="UTF-8"):
        load_lexicon(binary)


# ---------------------------------------------------------------------------------------------
# Fast paths against their slow references
# ---------------------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    "didn't won't U.S. U.S.A. the talks were candid 2024 3.5% 1st 中国 外交部 "
    "can't Xi's Blinken according to did not agree hold São Paulo - , . \" ’ \n".split(" ")
)
_GLUE = st.sampled_from(["", " ", "  ", "\n", "-", "'", "’"])


@st.composite
def _text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    parts = draw(st.lists(st.tuples(_WORDS, _GLUE), min_size=1, max_size=60))
    body = "".join(w + g for w, g in parts)
    # Long enough to take the sliced path: the body repeated, with random cuts inside it.
    text = body * (SLICE_TEXT_CHARS // max(1, len(body)) + 2)
    start = draw(st.integers(0, len(text)))
    end = draw(st.one_of(st.none(), st.integers(start, len(text))))
    return text, start, end if end is not None else len(text)


@given(_text_and_span())
@settings(max_examples=300, deadline=None)
def test_tokens_of_a_span_of_a_long_text_equal_tokenising_the_span(
    case: tuple[str, int, int],
) -> None:
    text, start, end = case
    lex = matcher(default_lexicon())
    reference = list(_tokenize_cached(text, start, end, lex._stem))
    assert lex.tokenize(text, start, end) == reference
    sliced = _sliced(text, start, end, lex._stem)
    assert sliced is None or sliced == reference


def test_a_span_cut_inside_a_word_or_between_glued_tokens_is_tokenised_directly() -> None:
    lex = matcher(default_lexicon())
    text = "The sides didn't agree. " * (SLICE_TEXT_CHARS // 20)
    cut = text.index("'t")
    assert _sliced(text, 0, cut, lex._stem) is None  # "did" "n't" cut inside "n't"
    assert lex.tokenize(text, 0, cut)[-1].text == "didn"
    glued = text.index("n't")
    assert _sliced(text, 0, glued, lex._stem) is None  # between "did" and "n't"
    assert lex.tokenize(text, 0, glued)[-1].text == "did"
    inside = text.index("ides")
    assert _sliced(text, inside, len(text), lex._stem) is None
    assert lex.tokenize(text, inside, len(text))[0].text == "ides"
    assert _sliced(text, 0, text.index(" didn't"), lex._stem) is not None


def _reference_lookup(lex: Matcher, tokens: list[Token], i: int) -> tuple[int, list[Entry]]:
    """`Matcher.lookup` before its entries were cached per word: every length, from scratch."""
    if i >= len(tokens):
        return 0, []
    for n in range(lex.longest, 0, -1):
        if n > len(tokens) - i:
            continue
        entries = lex.phrases.get(tuple(t.stem for t in tokens[i : i + n]))
        if not entries:
            continue
        surface = tokens[i].text.replace(".", "")
        folded = fold(tokens[i].text)
        fits = [
            e
            for e in entries
            if (e.exact is None or surface == e.exact.replace(".", ""))
            and (e.literal is None or folded == e.literal)
        ]
        if fits:
            return n, fits
    return 0, []


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt"))[:6], ids=lambda p: p.name[:3])
def test_lookup_equals_the_reference_on_every_token_of_a_seed(seed: Path) -> None:
    lex = matcher(default_lexicon())
    text = seed.read_text(encoding="utf-8")
    tokens = lex.tokenize(text)
    lookups = Lookups(lex, tokens)
    for i in range(len(tokens) + 1):
        expected = _reference_lookup(lex, tokens, i)
        assert lex.lookup(tokens, i) == expected
        assert lookups(i) == expected
        assert lookups(i) == expected  # memoised


@given(st.lists(_WORDS, min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_lookup_equals_the_reference_on_any_words(words: list[str]) -> None:
    lex = matcher(default_lexicon())
    tokens = lex.tokenize(" ".join(words))
    for i in range(len(tokens)):
        assert lex.lookup(tokens, i) == _reference_lookup(lex, tokens, i)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("sinicisation", "sinicization"), ("honour", "honor"), ("promise", "promise"), ("", "")],
)
def test_american_spelling_cached_or_not(word: str, expected: str) -> None:
    assert american(word) == expected == american.__wrapped__(word)
