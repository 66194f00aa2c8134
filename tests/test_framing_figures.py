"""Typed figures: extraction per statement and comparison by type."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.framing.figures import Figure, disagree, figures, first_disagreement
from compare.framing.matching import _closest, _ContextIndex

ARTICLE = dt.date(2024, 2, 17)


def _figs(text: str, article: dt.date | None = ARTICLE) -> list[tuple[str, object]]:
    return [(f.type, f.value) for f in figures(text, 0, len(text), article)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on February 16 in Munich.", [("date", (2, 16, 5))]),
        ("They met on 16 February 2024.", [("date", (2, 16, 5))]),
        ("They met on Friday.", [("weekday", 5)]),
        ("He was detained in March last year.", [("month", (2023, 3))]),
        ("He was detained in March 2022.", [("month", (2022, 3))]),
        ("The meeting lasted about an hour.", [("duration", 60.0)]),
        ("The meeting lasted around 90 minutes.", [("duration", 90.0)]),
        ("They talked for two and a half hours.", [("duration", 150.0)]),
        ("The group will meet twice a year.", [("frequency", 2.0)]),
        ("The group will convene twice annually.", [("frequency", 2.0)]),
        ("It meets three times a year.", [("frequency", 3.0)]),
        # negative rows: no figure
        ("The two sides may meet again.", []),
        ("It was the first summit since 2019.", []),
    ],
)
def test_figures_are_typed_and_resolved(text: str, expected: list[tuple[str, object]]) -> None:
    assert _figs(text) == expected


def _one(text: str) -> Figure:
    (figure,) = figures(text, 0, len(text), ARTICLE)
    return figure


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ("on February 16", "on Friday", False),  # a weekday and its own date agree
        ("on February 16", "on Thursday", True),
        ("lasted an hour", "lasted 60 minutes", False),
        ("lasted 60 minutes", "lasted 90 minutes", True),
        ("twice annually", "twice a year", False),
        ("twice a year", "three times a year", True),
        ("in March last year", "in March 2023", False),
        ("in March last year", "in March 2022", True),
        ("the Ninth Trilateral Summit", "the eighth trilateral summit", True),
        ("the ninth summit", "the eighth visit", False),  # ordinals of different things
    ],
)
def test_figures_of_one_type_compare_by_value(a: str, b: str, differ: bool) -> None:
    assert disagree(_one(a), _one(b)) is differ


def test_a_statement_agreeing_in_one_figure_is_not_a_disagreement() -> None:
    a = figures("They met on Friday, February 16.", 0, 32, ARTICLE)
    b = figures("They met on Friday.", 0, 19, ARTICLE)
    assert first_disagreement(a, b) is None
    c = figures("They met on Thursday.", 0, 21, ARTICLE)
    hit = first_disagreement(a, c)
    assert hit is not None and {hit[0].text, hit[1].text} >= {"Thursday"}


def test_a_date_without_a_known_year_never_contradicts_a_weekday() -> None:
    undated = figures("on February 16", 0, 14, None)
    assert not disagree(undated[0], _one("on Thursday"))


# ---------------------------------------------------------------------------------------------
# The closest statement by figures: the vectorised index against the loop it replaced
# ---------------------------------------------------------------------------------------------

_TYPES = ("date", "weekday", "count", "money", "duration", "percent")
_CONTEXT = st.frozensets(st.sampled_from("talk trade china visit minist agre meet year".split()))


@st.composite
def _figure_info(draw: st.DrawFn) -> dict[str, tuple[list[Figure], frozenset[str]]]:
    info: dict[str, tuple[list[Figure], frozenset[str]]] = {}
    for side in ("a", "b"):
        for n in range(draw(st.integers(0, 12))):
            types = draw(st.lists(st.sampled_from(_TYPES), min_size=1, max_size=3))
            figs = [Figure(t, 1.0, (0, 1), "x") for t in types]
            info[f"{side}{n}"] = (figs, draw(_CONTEXT))
    return info


@given(_figure_info())
@settings(max_examples=200, deadline=None)
def test_closest_by_index_equals_closest_by_loop(
    info: dict[str, tuple[list[Figure], frozenset[str]]],
) -> None:
    side_a = [i for i in info if i.startswith("a")]
    side_b = [i for i in info if i.startswith("b")]
    index = _ContextIndex(info, side_b)
    for x in side_a:
        assert index.closest(info, x) == _closest(info, x, side_b)


def test_closest_breaks_ties_towards_the_greatest_id_and_pairs_date_with_weekday() -> None:
    ctx = frozenset({"talk", "trade", "visit"})
    info = {
        "a1": ([Figure("weekday", 4, (0, 6), "Friday")], ctx),
        "b10": ([Figure("date", "2024-05-02", (0, 5), "May 2")], ctx),
        "b9": ([Figure("date", "2024-05-03", (0, 5), "May 3")], ctx),
        "b2": ([Figure("count", 3, (0, 1), "3")], ctx),
    }
    index = _ContextIndex(info, ["b10", "b9", "b2"])
    assert index.closest(info, "a1") == _closest(info, "a1", ["b10", "b9", "b2"]) == "b9"
