from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from benchmarks import synth
from compare.embed import FakeEmbedder
from compare.evaluate import load_gold
from compare.lexicon import default_lexicon, fold
from compare.scoring import evaluate_gold

KINDS = {"quote_drift", "wording", "tone", "entity", "number", "polarity", "attribution", "hedge"}
#: Finding kinds each content operation may record.
OP_KINDS = {
    "tone": {"tone", "quote_drift"},
    "wording": {"wording", "quote_drift"},
    "entity": {"entity"},
    "number": {"number"},
    "polarity": {"polarity"},
}


@pytest.fixture(scope="module")
def seeds() -> list[synth.Seed]:
    return [synth.load_seed(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def pairs(seeds: list[synth.Seed]) -> list[synth.SynthPair]:
    return synth.generate(seeds, 40, seed=7)


def gold_problems(doc: dict, texts: dict[str, str]) -> list[str]:
    """The checks of shared/gold/check_gold.py, on a gold document and its two texts."""
    problems = []
    if doc["schema"] != "readout.gold/1" or not doc["event"].strip():
        problems.append("schema or event")
    sents: dict[str, dict[str, dict]] = {"a": {}, "b": {}}
    for side in ("a", "b"):
        prev_end = -1
        for s in doc["sentences"][side]:
            if set(s) != {"id", "start", "end", "text"} or not re.fullmatch(side + r"\d+", s["id"]):
                problems.append(f"sentence keys or id {s}")
            if s["id"] in sents[side]:
                problems.append(f"duplicate id {s['id']}")
            sents[side][s["id"]] = s
            text = texts[side]
            if not (0 <= s["start"] < s["end"] <= len(text)):
                problems.append(f"bad span {s['id']}")
            if text[s["start"] : s["end"]] != s["text"]:
                problems.append(f"{s['id']}: text is not file[start:end]")
            if s["text"] != s["text"].strip():
                problems.append(f"{s['id']}: surrounding whitespace")
            if s["start"] < prev_end:
                problems.append(f"{s['id']}: overlaps the previous sentence")
            prev_end = max(prev_end, s["end"])
    group_of: dict[str, dict[str, int]] = {"a": {}, "b": {}}
    for g_i, g in enumerate(doc["groups"]):
        for side in ("a", "b"):
            if not g[side]:
                problems.append(f"group {g_i} has no {side} sentence")
            for sid in g[side]:
                if sid not in sents[side] or sid in group_of[side]:
                    problems.append(f"group {g_i}: unknown or repeated {sid}")
                group_of[side][sid] = g_i
    for f in doc["findings"]:
        if f["kind"] not in KINDS:
            problems.append(f"kind {f['kind']}")
        if not f["a_text"] or f["a_text"] == f["b_text"]:
            problems.append(f"empty or identical spans {f}")
        for side in ("a", "b"):
            if f[f"{side}_text"] not in sents[side][f[side]]["text"]:
                problems.append(f"{side}_text not inside its sentence {f}")
        ga, gb = group_of["a"].get(f["a"]), group_of["b"].get(f["b"])
        if ga is None or ga != gb:
            problems.append(f"finding sentences not in one group {f}")
    return problems


def by_id(pair: synth.SynthPair) -> dict[str, synth.SynthSentence]:
    return {s.id: s for s in (*pair.sentences_a, *pair.sentences_b)}


def group_of(pair: synth.SynthPair, sid: str) -> synth.SynthGroup | None:
    return next((g for g in pair.groups if sid in g.a or sid in g.b), None)


# -- the gold format ------------------------------------------------------------------------


def test_written_pairs_pass_the_gold_checks_and_load(
    pairs: list[synth.SynthPair], tmp_path: Path
) -> None:
    for pair in pairs:
        gold_path = synth.write_pair(pair, tmp_path)
        doc = json.loads(gold_path.read_text(encoding="utf-8"))
        texts = {side: (tmp_path / doc[side]).read_text(encoding="utf-8") for side in ("a", "b")}
        assert gold_problems(doc, texts) == [], pair.name
        gold = load_gold(gold_path)
        assert len(gold.sentences_a) == len(pair.sentences_a)
        assert len(gold.findings) == len(pair.findings)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), index=st.integers(0, 200))
def test_any_seed_gives_valid_offsets_and_groups(
    seeds: list[synth.Seed], seed: int, index: int
) -> None:
    pair = synth.generate_pair(seeds, index, seed=seed)
    assert gold_problems(pair.gold("a", "b"), {"a": pair.text_a, "b": pair.text_b}) == []
    # Every a sentence that is not background is reported by b unless it was dropped.
    dropped = {sid for c in pair.changes if c.op in ("drop", "background_a") for sid in c.a}
    grouped_a = {sid for g in pair.groups for sid in g.a}
    assert grouped_a | dropped == {s.id for s in pair.sentences_a}
    added = {sid for c in pair.changes if c.op == "background_b" for sid in c.b}
    grouped_b = {sid for g in pair.groups for sid in g.b}
    assert grouped_b | added == {s.id for s in pair.sentences_b}
    assert not grouped_b & added and not grouped_a & dropped


# -- every change is recorded -------------------------------------------------------------------


def test_each_content_change_has_its_finding_and_each_finding_a_change(
    pairs: list[synth.SynthPair],
) -> None:
    seen_ops = set()
    for pair in pairs:
        explained = set()
        for change in pair.changes:
            if change.op not in OP_KINDS:
                continue
            seen_ops.add(change.op)
            found = [
                f
                for f in pair.findings
                if f.a in change.a and f.b in change.b and f.kind in OP_KINDS[change.op]
            ]
            assert found, (pair.name, change)
            explained.update(found)
        assert explained == set(pair.findings), pair.name
    assert seen_ops == set(OP_KINDS)


def test_structural_changes_shape_the_groups(pairs: list[synth.SynthPair]) -> None:
    for pair in pairs:
        for change in pair.changes:
            if change.op in ("drop", "background_a"):
                assert group_of(pair, change.a[0]) is None
            elif change.op == "background_b":
                assert group_of(pair, change.b[0]) is None
            elif change.op == "split":
                group = group_of(pair, change.b[0])
                assert group is not None and change.a[0] in group.a
                assert set(change.b) <= set(group.b)
                # Two pieces, unless a later merge joined them (or one of them) again.
                merged = any(c.op == "merge" and set(c.b) & set(change.b) for c in pair.changes)
                assert len(group.b) >= 2 or merged
            elif change.op == "merge":
                group = group_of(pair, change.b[0])
                assert group is not None and set(change.a) <= set(group.a)
                assert len(group.a) >= 2


def test_sentences_differ_only_where_a_change_says(pairs: list[synth.SynthPair]) -> None:
    """In 1:1 groups, a and b texts are equal unless a finding or a typo explains the
    difference, and then they differ only inside the finding's spans."""
    checked = 0
    for pair in pairs:
        sentences = by_id(pair)
        typo_b = {sid for c in pair.changes if c.op == "typo" for sid in c.b}
        for group in pair.groups:
            if len(group.a) != 1 or len(group.b) != 1 or group.b[0] in typo_b:
                continue
            a, b = sentences[group.a[0]].text, sentences[group.b[0]].text
            findings = [f for f in pair.findings if f.a == group.a[0] and f.b == group.b[0]]
            if not findings:
                assert a == b, (pair.name, a, b)
                continue
            prefix = 0
            while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
                prefix += 1
            suffix = 0
            while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
                suffix += 1
            for f in findings:
                a0, b0 = a.find(f.a_text), b.find(f.b_text)
                assert a0 <= prefix and len(a) - suffix <= a0 + len(f.a_text), (pair.name, f)
                assert b0 <= prefix and len(b) - suffix <= b0 + len(f.b_text), (pair.name, f)
            checked += 1
    assert checked > 20


# -- determinism ---------------------------------------------------------------------------------


def test_same_seed_same_pairs(seeds: list[synth.Seed]) -> None:
    first = [synth.generate_pair(seeds, k, seed=3) for k in range(6)]
    again = [synth.generate_pair(seeds, k, seed=3) for k in range(6)]
    assert first == again
    # A pair does not depend on how many pairs are generated around it.
    assert synth.generate(seeds, 6, seed=3)[5] == first[5]


def test_different_seeds_differ(seeds: list[synth.Seed]) -> None:
    a = [synth.generate_pair(seeds, k, seed=1).text_b for k in range(5)]
    b = [synth.generate_pair(seeds, k, seed=2).text_b for k in range(5)]
    assert a != b


def test_write_pair_is_byte_identical_for_a_seed(seeds: list[synth.Seed], tmp_path: Path) -> None:
    one = synth.write_pair(synth.generate_pair(seeds, 4, seed=9), tmp_path / "one")
    two = synth.write_pair(synth.generate_pair(seeds, 4, seed=9), tmp_path / "two")
    assert one.read_bytes() == two.read_bytes()


# -- each operation on its own -------------------------------------------------------------------


def only(seeds: list[synth.Seed], op: str, *, tries: int = 20) -> synth.SynthPair:
    """The first pair (by index) where `op`, applied alone once, found a place to apply."""
    for index in range(tries):
        pair = synth.generate_pair(seeds, index, seed=11, counts={op: 1})
        if any(c.op == op for c in pair.changes):
            return pair
    raise AssertionError(f"{op} never applied")


@pytest.mark.parametrize(
    ("op", "kind"),
    [("tone", "tone"), ("entity", "entity"), ("number", "number"), ("polarity", "polarity")],
)
def test_content_operation_alone_makes_one_change_of_its_kind(
    seeds: list[synth.Seed], op: str, kind: str
) -> None:
    pair = only(seeds, op)
    assert [c.op for c in pair.changes] == [op]
    assert kind in {f.kind for f in pair.findings}
    changed = [
        (a, b) for a, b in zip(pair.sentences_a, pair.sentences_b, strict=True) if a.text != b.text
    ]
    assert len(changed) == 1
    assert len(pair.sentences_a) == len(pair.sentences_b)


def test_tone_swaps_a_lexicon_characterisation_of_talks(seeds: list[synth.Seed]) -> None:
    tone_words = {t.key for t in default_lexicon().tone}
    pair = only(seeds, "tone")
    (f, *rest) = [f for f in pair.findings if f.kind == "tone"]
    assert f.a_text.lower() in tone_words and f.b_text.lower() in tone_words
    assert f.a_text.lower() != f.b_text.lower()
    # Inside quotation marks the same swap is also a quote drift.
    quoted = [x for x in pair.findings if x.kind == "quote_drift"]
    assert all((x.a_text, x.b_text) == (f.a_text, f.b_text) for x in quoted)
    assert not rest


def test_entity_misspells_one_name_occurrence(seeds: list[synth.Seed]) -> None:
    pair = only(seeds, "entity")
    (f,) = pair.findings
    assert f.a_text[0] == f.b_text[0] and f.a_text != f.b_text
    assert fuzz.ratio(fold(f.a_text), fold(f.b_text)) >= 60
    assert f.a_text[:1].isupper()


def test_number_changes_a_figure(seeds: list[synth.Seed]) -> None:
    pair = only(seeds, "number")
    (f,) = pair.findings
    words = {"three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
    for text in (f.a_text, f.b_text):
        assert re.search(r"\d", text) or text.lower() in words


def test_polarity_negates_or_reverses(seeds: list[synth.Seed]) -> None:
    antonyms = {w for pair in default_lexicon().antonyms for w in pair}
    for index in range(10):
        pair = synth.generate_pair(seeds, index, seed=5, counts={"polarity": 1})
        for f in pair.findings:
            negated = re.search(r"\b(not|cannot)\b", f.b_text) and not re.search(
                r"\b(not|cannot)\b", f.a_text
            )
            assert negated or f.b_text.lower() in antonyms, f


def test_drop_leaves_one_a_sentence_unmatched(seeds: list[synth.Seed]) -> None:
    pair = only(seeds, "drop")
    assert len(pair.sentences_b) == len(pair.sentences_a) - 1
    unmatched = [s for s in pair.sentences_a if group_of(pair, s.id) is None]
    assert len(unmatched) == 1 and not pair.findings


def test_split_makes_a_one_to_two_group(seeds: list[synth.Seed]) -> None:
    pair = only(seeds, "split")
    shapes = [(len(g.a), len(g.b)) for g in pair.groups]
    assert shapes.count((1, 2)) == 1 and set(shapes) == {(1, 1), (1, 2)}
    (group,) = [g for g in pair.groups if len(g.b) == 2]
    parts = [by_id(pair)[b].text for b in group.b]
    assert all(p[0].isupper() and p.endswith(".") for p in parts)


def test_merge_makes_a_two_to_one_group(seeds: list[synth.Seed]) -> None:
    pair = only(seeds, "merge")
    shapes = [(len(g.a), len(g.b)) for g in pair.groups]
    assert shapes.count((2, 1)) == 1 and set(shapes) == {(1, 1), (2, 1)}
    (group,) = [g for g in pair.groups if len(g.a) == 2]
    merged = by_id(pair)[group.b[0]].text
    assert ", and " in merged


def test_background_comes_from_another_seed(seeds: list[synth.Seed]) -> None:
    for op, side in (("background_a", "a"), ("background_b", "b")):
        pair = only(seeds, op)
        (change,) = pair.changes
        (sid,) = change.a if side == "a" else change.b
        text = by_id(pair)[sid].text
        own = next(s for s in seeds if s.name == pair.seed)
        assert text not in own.sentences
        assert any(text in s.sentences for s in seeds if s is not own)
        assert group_of(pair, sid) is None


def test_reorder_changes_the_order_of_b(seeds: list[synth.Seed]) -> None:
    pair = only(seeds, "reorder")
    order = [int(g.a[0][1:]) for g in sorted(pair.groups, key=lambda g: int(g.b[0][1:]))]
    assert order != sorted(order)
    assert sorted(s.text for s in pair.sentences_a) == sorted(s.text for s in pair.sentences_b)


def test_glue_runs_two_sentences_together(seeds: list[synth.Seed]) -> None:
    pair = only(seeds, "glue")
    (change,) = [c for c in pair.changes if c.op == "glue"]
    sentence = by_id(pair)[change.b[0]]
    assert pair.text_b[sentence.start - 1] == "."
    assert re.search(r"[a-z]\.[A-Z]", pair.text_b[sentence.start - 3 : sentence.start + 2])


def test_typo_changes_one_word_and_records_no_finding(seeds: list[synth.Seed]) -> None:
    pair = only(seeds, "typo")
    changed = [
        (a.text, b.text)
        for a, b in zip(pair.sentences_a, pair.sentences_b, strict=True)
        if a.text != b.text
    ]
    assert len(changed) == 1 and not pair.findings
    a, b = changed[0]
    assert abs(len(a) - len(b)) <= 1


def test_bad_arguments_are_refused(seeds: list[synth.Seed]) -> None:
    with pytest.raises(ValueError, match="unknown operations"):
        synth.generate_pair(seeds, 0, counts={"shout": 1})
    with pytest.raises(ValueError, match="seed"):
        synth.generate_pair([], 0)


# -- scoring the benchmark -----------------------------------------------------------------------


def test_unchanged_pairs_score_perfect_links(seeds: list[synth.Seed], tmp_path: Path) -> None:
    """With nothing changed, every sentence aligns with itself (the fake embedder suffices)."""
    paths = [
        synth.write_pair(synth.generate_pair(seeds, k, seed=0, counts={}), tmp_path)
        for k in range(2)
    ]
    embedder = FakeEmbedder()
    result = evaluate_gold(paths, backend="fake", embedder_factory=lambda name: embedder)
    assert result.links["all"].recall == 1.0 and result.links["all"].precision == 1.0
