from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.cluster import cluster, diff_clusters
from compare.models import Alignment, Diff, Source, Statement


def statements(counts: dict[str, int]) -> list[Statement]:
    out = []
    for src, n in counts.items():
        pos = 0
        for i in range(n):
            text = f"Statement {i} of {src}."
            out.append(Statement(f"{src}:{i}", src, i, text, pos, pos + len(text)))
            pos += len(text) + 1
    return out


def link(a: list[str], b: list[str], score: float) -> Alignment:
    return Alignment(a=tuple(a), b=tuple(b), score=score, semantic=score, lexical=score)


def members(clusters) -> list[dict[str, tuple[str, ...]]]:
    return [c.members for c in clusters]


def test_three_sources_agreeing_form_one_cluster() -> None:
    sts = statements({"a": 1, "b": 1, "c": 1})
    result = cluster(
        sts,
        ["a", "b", "c"],
        {
            ("a", "b"): [link(["a:0"], ["b:0"], 0.9)],
            ("a", "c"): [link(["a:0"], ["c:0"], 0.7)],
            ("b", "c"): [link(["b:0"], ["c:0"], 0.8)],
        },
    )
    assert members(result) == [{"a": ("a:0",), "b": ("b:0",), "c": ("c:0",)}]
    assert result[0].id == "c1"
    assert result[0].score == pytest.approx(0.8)


def test_weak_link_cannot_chain_a_second_statement_of_a_source() -> None:
    # b:0 and c:0 report a:0; a weaker A-C link says c:0 is a:1. a:1 must stay apart.
    sts = statements({"a": 2, "b": 1, "c": 1})
    result = cluster(
        sts,
        ["a", "b", "c"],
        {
            ("a", "b"): [link(["a:0"], ["b:0"], 0.9)],
            ("a", "c"): [link(["a:1"], ["c:0"], 0.5)],
            ("b", "c"): [link(["b:0"], ["c:0"], 0.8)],
        },
    )
    assert members(result) == [{"a": ("a:0",), "b": ("b:0",), "c": ("c:0",)}, {"a": ("a:1",)}]
    # Only the accepted links count towards the score.
    assert result[0].score == pytest.approx(0.85)
    assert result[1].score == 0.0


def test_one_to_many_group_licenses_two_statements_of_a_source() -> None:
    sts = statements({"a": 2, "b": 1, "c": 1})
    result = cluster(
        sts,
        ["a", "b", "c"],
        {
            ("a", "b"): [link(["a:0", "a:1"], ["b:0"], 0.7)],
            ("a", "c"): [link(["a:1"], ["c:0"], 0.9)],
            ("b", "c"): [],
        },
    )
    assert members(result) == [{"a": ("a:0", "a:1"), "b": ("b:0",), "c": ("c:0",)}]


def test_stronger_link_wins_a_conflict_regardless_of_pair_order() -> None:
    sts = statements({"a": 2, "b": 2, "c": 1})
    alignments = {
        ("a", "b"): [link(["a:0"], ["b:0"], 0.9), link(["a:1"], ["b:1"], 0.9)],
        ("a", "c"): [link(["a:0"], ["c:0"], 0.8)],
        ("b", "c"): [link(["b:1"], ["c:0"], 0.6)],
    }
    expected = [
        {"a": ("a:0",), "b": ("b:0",), "c": ("c:0",)},
        {"a": ("a:1",), "b": ("b:1",)},
    ]
    assert members(cluster(sts, ["a", "b", "c"], alignments)) == expected
    reordered = dict(reversed(list(alignments.items())))
    assert members(cluster(sts, ["a", "b", "c"], reordered)) == expected


def test_order_follows_first_source_then_the_others() -> None:
    sts = statements({"a": 3, "b": 3})
    result = cluster(
        sts,
        ["a", "b"],
        {("a", "b"): [link(["a:2"], ["b:0"], 0.9), link(["a:0"], ["b:2"], 0.8)]},
    )
    assert members(result) == [
        {"a": ("a:0",), "b": ("b:2",)},
        {"a": ("a:1",)},
        {"a": ("a:2",), "b": ("b:0",)},
        {"b": ("b:1",)},
    ]
    assert [c.id for c in result] == ["c1", "c2", "c3", "c4"]


def test_source_order_decides_which_source_leads() -> None:
    sts = statements({"a": 2, "b": 2})
    groups = {("a", "b"): [link(["a:0"], ["b:1"], 0.9), link(["a:1"], ["b:0"], 0.9)]}
    by_b = cluster(sts, ["b", "a"], groups)
    assert [c.members["b"] for c in by_b] == [("b:0",), ("b:1",)]


def test_diff_clusters_mirror_the_groups_of_a_diff() -> None:
    sts = statements({"a": 3, "b": 2})
    groups = (
        link(["a:0", "a:1"], ["b:1"], 0.75),
        Alignment(a=("a:2",), b=()),
        Alignment(a=(), b=("b:0",)),
    )
    source = Source(id="a", path="a.txt", text="", language="en")
    diff = Diff(
        sources=(source, Source(id="b", path="b.txt", text="", language="en")),
        statements=tuple(sts),
        groups=groups,
    )
    result = diff_clusters(diff)
    assert members(result) == [
        {"a": ("a:0", "a:1"), "b": ("b:1",)},
        {"a": ("a:2",)},
        {"b": ("b:0",)},
    ]
    assert result[0].score == 0.75


@pytest.mark.parametrize(
    ("source_ids", "alignments", "message"),
    [
        (["a", "a", "b"], {}, "unique"),
        (["a"], {}, "unknown source"),
        (["a", "b"], {("a", "z"): []}, "unknown sources"),
        (["a", "b"], {("a", "b"): [link(["a:9"], ["b:0"], 0.5)]}, "unknown statement"),
    ],
)
def test_inconsistent_input_is_refused(source_ids, alignments, message) -> None:
    with pytest.raises(ValueError, match=message):
        cluster(statements({"a": 1, "b": 1}), source_ids, alignments)


@st.composite
def random_alignments(draw):
    """Random statement counts per source and, per pair, random 1:1 and 1:n groups."""
    n_sources = draw(st.integers(2, 4))
    ids = "abcd"[:n_sources]
    counts = {s: draw(st.integers(0, 5)) for s in ids}
    rng = random.Random(draw(st.integers(0, 10**6)))
    alignments = {}
    for i in range(n_sources):
        for j in range(i + 1, n_sources):
            x, y = ids[i], ids[j]
            free_x = [f"{x}:{k}" for k in range(counts[x])]
            free_y = [f"{y}:{k}" for k in range(counts[y])]
            rng.shuffle(free_x)
            rng.shuffle(free_y)
            groups = []
            while free_x and free_y and rng.random() < 0.8:
                ga = [free_x.pop() for _ in range(min(len(free_x), rng.choice([1, 1, 2])))]
                gb = [
                    free_y.pop()
                    for _ in range(min(len(free_y), 1 if len(ga) > 1 else rng.choice([1, 2])))
                ]
                groups.append(link(sorted(ga), sorted(gb), round(rng.random(), 2)))
            groups += [Alignment(a=(s,), b=()) for s in free_x]
            groups += [Alignment(a=(), b=(s,)) for s in free_y]
            alignments[(x, y)] = groups
    return list(ids), counts, alignments


@settings(max_examples=200, deadline=None)
@given(random_alignments())
def test_clusters_partition_the_statements_and_respect_the_guard(case) -> None:
    ids, counts, alignments = case
    sts = statements(counts)
    result = cluster(sts, ids, alignments)
    seen = [sid for c in result for group in c.members.values() for sid in group]
    assert sorted(seen) == sorted(s.id for s in sts)
    licences = [
        set(side)
        for groups in alignments.values()
        for g in groups
        for side in (g.a, g.b)
        if len(side) > 1
    ]
    for c in result:
        assert c.members and all(c.members.values())
        assert 0.0 <= c.score <= 1.0
        for group in c.members.values():
            assert len(group) == 1 or any(set(group) <= lic for lic in licences)
    assert [c.id for c in result] == [f"c{i}" for i in range(1, len(result) + 1)]
    shuffled = {k: list(reversed(v)) for k, v in reversed(list(alignments.items()))}
    assert cluster(list(reversed(sts)), ids, shuffled) == result


@settings(max_examples=100, deadline=None)
@given(random_alignments())
def test_the_strongest_link_is_never_refused(case) -> None:
    ids, counts, alignments = case
    result = cluster(statements(counts), ids, alignments)
    where = {sid: c.id for c in result for group in c.members.values() for sid in group}
    matched = [g for groups in alignments.values() for g in groups if g.matched]
    best = max((g.score for g in matched), default=None)
    top = [g for g in matched if g.score == best]
    if len(top) == 1:
        assert len({where[s] for s in (*top[0].a, *top[0].b)}) == 1
