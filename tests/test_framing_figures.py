"""Typed figures: extraction per statement and comparison by type."""

from __future__ import annotations

import datetime as dt

import pytest

from compare.framing.figures import Figure, disagree, figures, first_disagreement

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
