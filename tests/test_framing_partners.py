"""Bounded matching (compare/framing/partners.py)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from compare.framing.partners import best_partners


def test_each_side_keeps_its_best_partners() -> None:
    scored = [(0.9, "a", 1), (0.8, "a", 2), (0.7, "a", 3), (0.95, "b", 1), (0.5, "c", 1)]
    # "a" keeps 2 of its 3; partner 1 is taken by "b" and "a" (its two best), not "c".
    assert best_partners(scored, 2) == [("b", 1), ("a", 1), ("a", 2)]


def test_ties_break_in_order() -> None:
    assert best_partners([(1.0, "b", 2), (1.0, "a", 2), (1.0, "a", 1)], 1) == [("a", 1), ("b", 2)]


@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 5), st.integers(0, 5)),
        max_size=40,
        unique_by=lambda t: (t[1], t[2]),
    ),
    st.integers(1, 4),
)
def test_no_item_exceeds_the_limit_and_nothing_is_invented(
    scored: list[tuple[float, int, int]], limit: int
) -> None:
    kept = best_partners(scored, limit)
    assert set(kept) <= {(x, y) for _, x, y in scored}
    assert all(n <= limit for n in Counter(x for x, _ in kept).values())
    assert all(n <= limit for n in Counter(y for _, y in kept).values())
    # Greedy: a pair left out has a side that is full.
    xs, ys = Counter(x for x, _ in kept), Counter(y for _, y in kept)
    for _, x, y in scored:
        if (x, y) not in kept:
            assert xs[x] == limit or ys[y] == limit
