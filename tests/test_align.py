from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align import CHINESE_SEMANTIC_WEIGHT, align, content_tokens, top_k_candidates
from compare.embed import FakeEmbedder
from compare.models import Alignment, Statement


def statements(source: str, texts: list[str], language: str = "en") -> list[Statement]:
    out, pos = [], 0
    for i, text in enumerate(texts):
        out.append(Statement(f"{source}:{i}", source, i, text, pos, pos + len(text), language))
        pos += len(text) + 1
    return out


def run(a_texts: list[str], b_texts: list[str], embedder: FakeEmbedder | None = None, **kw):
    embedder = embedder or FakeEmbedder()
    a, b = statements("a", a_texts), statements("b", b_texts)
    return align(a, b, embedder.embed(a_texts), embedder.embed(b_texts), **kw)


def links(groups: tuple[Alignment, ...]) -> set[tuple[str, str]]:
    return {(x, y) for g in groups for x in g.a for y in g.b}


MEETING = [
    "Foreign Minister Wang Yi met Secretary Blinken in Vienna on Tuesday to discuss trade tariffs.",
    "Wang urged Washington to lift export controls on semiconductor equipment immediately.",
    "Blinken raised concerns about fentanyl precursor shipments reaching Mexican cartels.",
    "Both delegations agreed to reopen the military hotline suspended last August.",
]
REWRITE = [
    "Secretary Blinken met Foreign Minister Wang Yi in Vienna on Tuesday to discuss trade tariffs.",
    "Wang urged Washington to lift its export controls on semiconductor equipment at once.",
    "Blinken raised concerns about shipments of fentanyl precursors reaching Mexican cartels.",
    "Both delegations agreed to reopen the military hotline that was suspended last August.",
]


def test_rewrite_aligns_one_to_one() -> None:
    groups = run(MEETING, REWRITE)
    assert links(groups) == {(f"a:{i}", f"b:{i}") for i in range(4)}


def test_reordered_paragraphs_align_the_same() -> None:
    order = [2, 0, 3, 1]
    groups = run(MEETING, [REWRITE[i] for i in order])
    assert links(groups) == {(f"a:{i}", f"b:{k}") for k, i in enumerate(order)}


def test_split_sentence_becomes_one_to_many() -> None:
    b = [
        "Wang urged Washington to lift export controls.",
        "The controls cover semiconductor equipment, Wang urged immediately.",
        *REWRITE[2:],
    ]
    groups = run(MEETING[1:], b)
    first = next(g for g in groups if "a:0" in g.a)
    assert set(first.b) == {"b:0", "b:1"}


def test_statement_without_counterpart_stays_unmatched() -> None:
    a = [
        *MEETING,
        "The weather in Vienna was unusually warm for the season, with temperatures near 25C.",
    ]
    groups = run(a, REWRITE)
    assert Alignment(a=("a:4",), b=()) in groups
    assert all("a:4" not in g.a for g in groups if g.matched)


def test_different_events_stay_unmatched() -> None:
    other = [
        "The central bank raised interest rates by half a point to curb inflation.",
        "Analysts expect two further increases before the end of the year.",
        "Mortgage lenders said demand had fallen sharply since spring.",
    ]
    assert not links(run(MEETING, other))


def test_near_duplicate_boilerplate_links_only_the_true_counterpart() -> None:
    boiler = "The two sides agreed to maintain communication on issues of mutual concern."
    a = [boiler + " Wang raised Taiwan.", MEETING[2]]
    b = [
        boiler + " Wang raised Taiwan.",
        boiler + " Blinken raised Ukraine.",
        REWRITE[2],
    ]
    groups = run(a, b)
    assert links(groups) == {("a:0", "b:0"), ("a:1", "b:2")}


def test_shared_names_and_numbers_alone_do_not_link() -> None:
    a = ["Blinken met Wang in Vienna on March 3 and discussed 12 trade disputes."]
    b = ["Wang told reporters in Beijing that 12 journalists were detained after March 3."]
    assert not links(run(a, b))


def test_threshold_is_keyword_only_and_respected() -> None:
    assert not links(run(MEETING, REWRITE, threshold=1.01, merge_threshold=1.01))
    with pytest.raises(TypeError):
        align([], [], np.zeros((0, 4)), np.zeros((0, 4)), 0.5)  # type: ignore[misc]


def test_vector_count_must_match() -> None:
    a = statements("a", ["one"])
    with pytest.raises(ValueError):
        align(a, [], np.zeros((2, 4)), np.zeros((0, 4)))


@pytest.mark.parametrize(
    ("english", "chinese", "evidence"),
    [
        # Every content word of each side renders one of the other's (CC-CEDICT senses).
        ("candid talks", "坦诚会谈", 1.0),
        # Names from the transliteration table and a date count as evidence too.
        ("Scholz met Xi on April 16", "习近平4月16日会见朔尔茨", 0.9),
        # Negative row: nothing the Chinese says is in the English.
        ("The weather in Berlin was cold", "坦诚会谈", 0.0),
    ],
)
def test_cross_lingual_lexical_score_is_dictionary_evidence(
    english: str, chinese: str, evidence: float
) -> None:
    # The fake embedder sees no shared word across the scripts: cosine 0, so the pair's
    # combined score is the evidence share alone.
    embedder = FakeEmbedder()
    a = statements("a", [english])
    b = statements("b", [chinese], language="zh")
    groups = align(
        a, b, embedder.embed([english]), embedder.embed([chinese]), threshold=0.0, top_k=1
    )
    matched = [g for g in groups if g.matched]
    if evidence:
        (group,) = matched
        assert group.semantic == 0.0
        assert group.lexical >= evidence
        assert group.score == pytest.approx((1 - CHINESE_SEMANTIC_WEIGHT) * group.lexical, abs=1e-5)
    else:
        assert all(g.lexical == 0.0 for g in matched)


def test_chinese_english_pair_aligns_by_dictionary_with_the_fake_embedder() -> None:
    """A Chinese readout against an English one in another order: the fake embedder cannot
    see across scripts, so the dictionary evidence alone must pair each statement right."""
    english = [
        "Wang Yi met Secretary of State Antony Blinken in Munich on February 16.",
        "Blinken said the United States does not support Taiwan independence.",
        "The two sides agreed to maintain high-level exchanges.",
    ]
    chinese = [
        "双方同意保持高层交往。",
        "王毅2月16日在慕尼黑会见美国国务卿布林肯。",
        "布林肯表示，美方不支持台独。",
    ]
    embedder = FakeEmbedder()
    a = statements("a", english)
    b = statements("b", chinese, language="zh")
    found = links(align(a, b, embedder.embed(english), embedder.embed(chinese)))
    assert found == {("a:0", "b:1"), ("a:1", "b:2"), ("a:2", "b:0")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks were candid.", {"talk", "candid"}),
        ("U.S.-China relations", {"china", "relation"}),
        ("坦诚会谈", {"坦", "诚", "会", "谈"}),
        ("12 hours, 3.5 percent", {"12", "hour", "3.5", "percent"}),
    ],
)
def test_content_tokens(text: str, expected: set[str]) -> None:
    assert content_tokens(text) == expected


def test_top_k_candidates_blocked_matches_dense() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(37, 8)).astype(np.float32)
    b = rng.normal(size=(23, 8)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    import compare.align as mod

    old = mod.BLOCK_ROWS
    try:
        mod.BLOCK_ROWS = 5
        blocked = top_k_candidates(a, b, k=3)
    finally:
        mod.BLOCK_ROWS = old
    dense = a @ b.T
    expected = {(i, int(j)) for i in range(37) for j in np.argsort(-dense[i])[:3]}
    expected |= {(int(i), j) for j in range(23) for i in np.argsort(-dense[:, j])[:3]}
    assert blocked == expected


WORDS = st.sampled_from(
    "Blinken Wang Xi talks trade Taiwan candid frank constructive agreed resume hotline "
    "fentanyl tariffs Vienna Beijing Tuesday 12 hours relations stable healthy".split()
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(SENTENCE, min_size=0, max_size=8, unique=True),
    st.lists(SENTENCE, min_size=0, max_size=8, unique=True),
)
def test_alignment_invariants(a_texts: list[str], b_texts: list[str]) -> None:
    groups = run(a_texts, b_texts)
    seen_a = [i for g in groups for i in g.a]
    seen_b = [i for g in groups for i in g.b]
    # Every statement in exactly one group.
    assert sorted(seen_a) == sorted(f"a:{i}" for i in range(len(a_texts)))
    assert sorted(seen_b) == sorted(f"b:{i}" for i in range(len(b_texts)))
    for g in groups:
        for value in (g.score, g.semantic, g.lexical):
            assert 0.0 <= value <= 1.0
    # Swapping a and b mirrors the result (compared by text, since ids carry the side).
    if set(a_texts).isdisjoint(b_texts):
        swapped = run(b_texts, a_texts)

        def as_text(gs: tuple[Alignment, ...], first: list[str], second: list[str]) -> set:
            return {
                (
                    frozenset(first[int(i[2:])] for i in g.a),
                    frozenset(second[int(j[2:])] for j in g.b),
                )
                for g in gs
                if g.matched
            }

        forward = as_text(groups, a_texts, b_texts)
        backward = {(y, x) for x, y in as_text(swapped, b_texts, a_texts)}
        assert forward == backward


def test_residual_pass_needs_evidence_of_the_same_event() -> None:
    weak_a = "Officials described the atmosphere as candid and constructive throughout the session."
    weak_b = (
        "The session was frank and constructive, a spokesperson for the delegation told reporters."
    )
    # Alone, the weak pair is too dissimilar to link ...
    alone = run(
        [weak_a, "The central bank raised interest rates."], [weak_b, "Mortgage demand fell."]
    )
    assert ("a:0", "b:0") not in links(alone)
    # ... but among strong links that show both sources report the same meeting, the two
    # statements left over are each other's best remaining option and pair up.
    same_event = run([*MEETING, weak_a], [*REWRITE, weak_b])
    assert ("a:4", "b:4") in links(same_event)


def test_different_speakers_across_languages_score_lower() -> None:
    """Same topic, different speaker: Wang's remark is not Blinken's, in any language."""
    embedder = FakeEmbedder()
    chinese = ["王毅表示，双方应加强沟通。"]
    same = statements("a", ["Wang said the two sides should strengthen communication."])
    other = statements("a", ["Blinken said the two sides should strengthen communication."])
    b = statements("b", chinese, language="zh")

    def score(a: list[Statement]) -> float:
        (group,) = [
            g
            for g in align(a, b, embedder.embed([a[0].text]), embedder.embed(chinese), threshold=0)
            if g.matched
        ]
        return group.score

    assert score(other) < score(same)


# -- shared claims and word vectors --------------------------------------------------------------

TONE_A = "China's foreign ministry described the meeting as candid, substantive and constructive."
TONE_B = "Spokesman Miller called the exchange frank and constructive."


def test_a_shared_claim_links_free_statements_of_one_event() -> None:
    a_texts, b_texts = [*MEETING, TONE_A], [*REWRITE, TONE_B]
    without = run(a_texts, b_texts)
    assert ("a:4", "b:4") not in links(without)
    groups = run(a_texts, b_texts, claims=[("a:4", "b:4")])
    assert ("a:4", "b:4") in links(groups)
    assert links(without) < links(groups)


def test_a_shared_claim_joins_a_one_to_one_group_as_a_compression() -> None:
    a_texts, b_texts = [*MEETING, TONE_A], REWRITE
    groups = run(a_texts, b_texts, claims=[("a:4", "b:1")])
    assert {("a:1", "b:1"), ("a:4", "b:1")} <= links(groups)
    group = next(g for g in groups if "b:1" in g.b)
    assert group.a == ("a:1", "a:4") and group.b == ("b:1",)


def test_a_shared_claim_never_makes_a_many_to_many_group() -> None:
    b_texts = [
        "Wang urged Washington to lift export controls.",
        "The controls cover semiconductor equipment, Wang urged immediately.",
        *REWRITE[2:],
    ]
    before = run([*MEETING, TONE_A], b_texts)
    group = next(g for g in before if "a:1" in g.a)
    assert len(group.b) == 2
    after = run([*MEETING, TONE_A], b_texts, claims=[("a:4", "b:0")])
    assert links(after) == links(before)


@pytest.mark.parametrize("same_event", [None, True])
def test_shared_claims_link_nothing_between_different_events(same_event: bool | None) -> None:
    other = [
        "The trade minister opened a steel plant in Ohio on Friday.",
        "Farm exports rose four percent in the third quarter.",
    ]
    groups = run(MEETING[:2], other, claims=[("a:0", "b:0")], same_event=same_event)
    assert (links(groups) == set()) is (same_event is None)


def test_word_vectors_blend_into_the_similarity_of_english_statements() -> None:
    a, b = statements("a", ["one", "two"]), statements("b", ["uno", "dos"])
    # Sentence vectors say a:0 ~ b:1 and a:1 ~ b:0 only weakly; word vectors agree strongly the
    # other way round. Lexical overlap is nil, so the blend decides.
    sentence_a = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    sentence_b = np.array([[0.6, 0.8], [0.8, 0.6]], dtype=np.float32)
    words_a = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    words_b = words_a.copy()
    plain = align(a, b, sentence_a, sentence_b, threshold=0.3)
    blended = align(a, b, sentence_a, sentence_b, a_words=words_a, b_words=words_b, threshold=0.3)
    assert links(plain) == {("a:0", "b:1"), ("a:1", "b:0")}
    assert links(blended) == {("a:0", "b:0"), ("a:1", "b:1")}
    assert all(0.0 <= g.score <= 1.0 and 0.0 <= g.semantic <= 1.0 for g in blended if g.matched)


def test_word_vectors_are_ignored_across_languages() -> None:
    a = statements("a", ["Wang met Blinken."])
    b = statements("b", ["王毅会见布林肯。"], language="zh")
    vec = np.array([[1.0, 0.0]], dtype=np.float32)
    far = np.array([[0.0, 1.0]], dtype=np.float32)
    with_words = align(a, b, vec, vec, a_words=vec, b_words=far)
    without = align(a, b, vec, vec)
    assert with_words == without


@pytest.mark.parametrize(
    ("cosine", "same_event", "linked"),
    [(0.95, None, False), (0.95, True, True), (0.9, True, False)],
)
def test_dates_open_the_residual_pass_at_a_higher_bar(
    cosine: float, same_event: bool | None, linked: bool
) -> None:
    # No shared words: the combined score is the semantic weight times the cosine (0.38, 0.36),
    # under the 1:1 threshold; no strong link shows one event, the sources' dates may.
    a, b = statements("a", ["alpha beta"]), statements("b", ["gamma delta"])
    va = np.array([[1.0, 0.0]], dtype=np.float32)
    vb = np.array([[cosine, (1 - cosine**2) ** 0.5]], dtype=np.float32)
    groups = align(a, b, va, vb, same_event=same_event)
    assert (links(groups) == {("a:0", "b:0")}) is linked
