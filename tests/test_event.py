"""Meeting identity (`compare.event`): same meeting or not, and why, without a model."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compare.event import (
    EVENT_WINDOW_DAYS,
    MIN_NAME_OVERLAP,
    compare_events,
    event_facts,
    name_overlap,
    same_meeting,
    same_name,
)
from compare.ingest import parse_source
from compare.models import Source


def source(text: str, sid: str = "s", path: str = "s.txt") -> Source:
    return parse_source(text, source_id=sid, path=path)


LEAD = (
    "{headline}\n\n{dateline}Secretary of State Maren Alder met Norland Foreign Minister "
    "Tomas Varga in {place} on {day}.\n\nThe two held candid talks on trade and fisheries.\n"
)


def lead(
    headline: str = "Alder and Varga meet",
    dateline: str = "",
    place: str = "Geneva",
    day: str = "Tuesday",
    sid: str = "s",
) -> Source:
    text = LEAD.format(headline=headline, dateline=dateline, place=place, day=day)
    return source(text, sid)


@pytest.mark.parametrize(
    ("a", "b", "same", "reason"),
    [
        # A press conference and the next day's report of it: one day apart, one meeting.
        (
            "---\ndate: 2025-06-10\n---\n" + LEAD.format(
                headline="Press conference", dateline="", place="Tokyo", day="Tuesday"
            ),
            LEAD.format(
                headline="Report", dateline="TOKYO, June 11 (Wire) - ", place="Tokyo",
                day="Tuesday",
            ),
            True,
            "1 day apart",
        ),
        # Months apart: another meeting of the same two people.
        (
            "---\ndate: 2025-03-12\n---\n" + LEAD.format(
                headline="A", dateline="", place="Geneva", day="Tuesday"
            ),
            LEAD.format(headline="B", dateline="OSLO, June 7 (Wire) - ", place="Oslo",
                        day="Friday"),
            False,
            "different dates",
        ),
        # Undated, but the weekdays differ.
        (
            LEAD.format(headline="A", dateline="", place="Geneva", day="Tuesday"),
            LEAD.format(headline="B", dateline="", place="Geneva", day="Friday"),
            False,
            "different days: Tuesday vs Friday",
        ),
        # Undated, same weekday, different cities: different places.
        (
            LEAD.format(headline="A", dateline="", place="Geneva", day="Tuesday"),
            LEAD.format(headline="B", dateline="", place="Oslo", day="Tuesday"),
            False,
            "different places",
        ),
    ],
)  # fmt: skip
def test_same_meeting(a: str, b: str, same: bool, reason: str) -> None:
    verdict = same_meeting(source(a, "a"), source(b, "b"))
    assert verdict.same is same and verdict.different is not same
    assert reason in verdict.reason


def test_dateline_gives_place_and_day() -> None:
    facts = event_facts(lead(dateline="MUNICH, Feb 17 (GWS) - ", place="Munich"))
    assert facts.month_days == ((2, 17),) and "munich" in facts.places


def test_lead_dates_are_placed_in_the_year_of_the_source() -> None:
    # "on December 30" in an article dated January 2 is last year's December.
    text = "---\ndate: 2025-01-02\n---\nTalks\n\nThe two met in Geneva on December 30.\n"
    facts = event_facts(source(text))
    assert date(2024, 12, 30) in facts.dates and date(2025, 12, 30) not in facts.dates


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("wentao", "wendao", True),  # transliteration variant
        ("jaishankar", "jaishanker", True),
        ("wang", "wong", False),  # short names must match exactly
        ("blinken", "biden", False),
        ("kishida", "kishida", True),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


def test_names_are_normalised() -> None:
    # Accents, possessives and Japanese name order ("KISHIDA Fumio") do not matter.
    a = source(
        "Talks\n\nPrime Minister KISHIDA Fumio met José Álvarez in Madrid on May 2. "
        "Kishida's aides and Álvarez's staff attended.\n",
        "a",
    )
    b = source(
        "Talks\n\nFumio Kishida met Jose Alvarez in Madrid on May 2. Kishida and Alvarez spoke.\n",
        "b",
    )
    fa, fb = event_facts(a), event_facts(b)
    assert {"kishida", "fumio", "alvarez", "jose"} <= set(fa.names) & set(fb.names)
    assert name_overlap(fa.names, fb.names) >= MIN_NAME_OVERLAP


def test_chinese_names_and_places_are_read_through_cedict() -> None:
    zh = source("王毅会见布林肯\n\n2024年2月16日，王毅在慕尼黑会见美国国务卿布林肯。\n", "zh")
    facts = event_facts(zh)
    assert {"wang", "yi"} <= set(facts.names) and "munich" in facts.places
    assert date(2024, 2, 16) in facts.dates or (2, 16) in facts.month_days
    en = source(
        "---\ndate: 2024-02-16\n---\nBlinken meets Wang\n\nSecretary Antony Blinken met "
        "Foreign Minister Wang Yi in Munich on Friday.\n",
        "en",
    )
    verdict = compare_events(facts, event_facts(en))
    assert verdict.same and "munich" in verdict.places


def test_different_people_are_another_meeting() -> None:
    a = lead(sid="a")
    b = source(
        "Ibsen hosts Kallas\n\nPrime Minister Erik Ibsen of Vestria welcomed President Ada "
        "Kallas of Sorland for talks on mining and ports on Tuesday.\n\nIbsen and Kallas "
        "spoke of mining.\n",
        "b",
    )
    verdict = same_meeting(a, b)
    assert not verdict.same and "few names in common" in verdict.reason


def test_without_dates_or_places_statements_decide() -> None:
    a = source("Talks\n\nAlder met Varga and Holt for talks.\n\nAlder, Varga and Holt spoke.\n")
    b = source("Talks\n\nAlder, Varga and Holt held talks.\n\nHolt, Alder and Varga spoke.\n")
    fa, fb = event_facts(a), event_facts(b)
    pending = compare_events(fa, fb)
    assert pending.undecided and not pending.same and not pending.different
    assert compare_events(fa, fb, linked=2).same
    assert not compare_events(fa, fb, linked=0).same


@given(
    st.dictionaries(st.sampled_from("abcdefg"), st.floats(0.01, 1.0), min_size=1),
    st.dictionaries(st.sampled_from("abcdefg"), st.floats(0.01, 1.0), min_size=1),
)
def test_name_overlap_is_symmetric_and_bounded(a: dict[str, float], b: dict[str, float]) -> None:
    assert 0.0 <= name_overlap(a, b) <= 1.0
    assert abs(name_overlap(a, b) - name_overlap(b, a)) < 1e-9


@given(st.integers(0, 60))
def test_window(days: int) -> None:
    first = "---\ndate: 2025-03-01\n---\n" + LEAD.format(
        headline="A", dateline="", place="Geneva", day="Tuesday"
    )
    later = date.fromordinal(date(2025, 3, 1).toordinal() + days).isoformat()
    second = f"---\ndate: {later}\n---\n" + LEAD.format(
        headline="B", dateline="", place="Geneva", day="Tuesday"
    )
    verdict = same_meeting(source(first, "a"), source(second, "b"))
    assert verdict.same is (days <= EVENT_WINDOW_DAYS)


def test_dev_cross_event_pairs_are_different_meetings() -> None:
    # Two meetings of Blinken and Wang, near-identical readout boilerplate, months apart.
    events = Path(__file__).parent / "data" / "events"

    def load(rel: str) -> Source:
        path = events / rel
        return parse_source(path.read_text(encoding="utf-8"), source_id=rel, path=str(path))

    for name in ("state", "wire"):
        munich = load(f"d1_munich_blinken_wang/{name}.txt")
        jakarta = load(f"d6_jakarta_blinken_wang/{name}.txt")
        verdict = same_meeting(munich, jakarta)
        assert verdict.different and "different dates" in verdict.reason


@pytest.mark.parametrize(
    ("day", "together"),
    [("Tuesday", True), ("Friday", False)],
)
def test_a_date_on_the_weekday_the_other_source_names_dates_them_together(
    day: str, together: bool
) -> None:
    # 2025-06-10 is a Tuesday; the second source names a weekday and no date.
    dated = source(
        "---\ndate: 2025-06-10\n---\n"
        + LEAD.format(headline="Readout", dateline="", place="Geneva", day="Tuesday"),
        "a",
    )
    undated = source(LEAD.format(headline="Report", dateline="", place="Geneva", day=day), "b")
    verdict = same_meeting(dated, undated)
    assert verdict.days is None
    assert verdict.weekday_match is together
    assert verdict.dated_together is together
