"""n-way findings: one per difference, every source named by the report's labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EVENTS
from test_report import hand_report, lines, link, make_finding, make_source, three_source_report

from compare.embed import FakeEmbedder
from compare.html import render_report_html
from compare.models import Report
from compare.pipeline import load_sources
from compare.report import build_report
from compare.report_findings import (
    GAP_KINDS,
    label,
    merge_findings,
    relabel,
    verdict,
)

MEETING = [
    "Blinken met Wang in Munich on February 16.",
    "Blinken met Wang in Munich on Friday.",
    "Blinken met Wang in Munich on Thursday.",
    "Blinken met Wang in Munich.",
]


def four_sources() -> list:
    return [make_source(sid, [text]) for sid, text in zip("abcd", MEETING, strict=True)]


def date_report(extra: dict | None = None) -> Report:
    a, b, c, d = four_sources()
    sa, sb, sc, sd = lines(a)[0], lines(b)[0], lines(c)[0], lines(d)[0]
    groups = {
        (x.id, y.id): [link(lines(x)[0], lines(y)[0])]
        for i, x in enumerate((a, b, c, d))
        for y in (a, b, c, d)[i + 1 :]
    }
    findings = {
        ("a", "b"): [make_finding("number", sa, "February 16", sb, "Friday")],
        ("a", "c"): [make_finding("number", sa, "February 16", sc, "Thursday")],
        ("b", "c"): [make_finding("number", sb, "Friday", sc, "Thursday")],
        **(extra or {}),
    }
    del sd
    return hand_report([a, b, c, d], groups, findings)


def test_a_difference_seen_in_several_pairs_is_one_finding() -> None:
    (f,) = merge_findings(date_report())
    assert f.kind == "number" and f.sources == ("a", "b", "c")
    assert f.pairs == (("a", "b"), ("a", "c"), ("b", "c"))
    assert [(s.source, s.text) for s in f.sides] == [
        ("a", "February 16"),
        ("b", "Friday"),
        ("c", "Thursday"),
    ]
    assert f.message == 'figure or date mismatch: A "February 16" vs B "Friday" vs C "Thursday"'


def test_the_same_finding_from_two_pairs_is_not_listed_twice() -> None:
    a, b, c = (make_source(s, [t]) for s, t in zip("abc", MEETING, strict=False))
    sa, sb, sc = lines(a)[0], lines(b)[0], lines(c)[0]
    same = make_finding("number", sa, "February 16", sb, "Friday")
    report = hand_report(
        [a, b, c],
        {("a", "b"): [link(sa, sb)], ("a", "c"): [link(sa, sc)], ("b", "c"): [link(sb, sc)]},
        {("a", "b"): [same, same]},
    )
    assert len(merge_findings(report)) == 1


def test_different_differences_stay_apart() -> None:
    a = make_source("a", ["Talks lasted two hours on Monday."])
    b = make_source("b", ["Talks lasted three hours on Tuesday."])
    sa, sb = lines(a)[0], lines(b)[0]
    report = hand_report(
        [a, b],
        {("a", "b"): [link(sa, sb)]},
        {
            ("a", "b"): [
                make_finding("number", sa, "two", sb, "three"),
                make_finding("number", sa, "Monday", sb, "Tuesday"),
            ]
        },
    )
    assert [f.message for f in merge_findings(report)] == [
        "'two' vs 'three'",
        "'Monday' vs 'Tuesday'",
    ]


def test_a_tone_change_reported_in_two_halves_is_one_finding() -> None:
    a = make_source("a", ["The talks were candid. They met for two hours."])
    b = make_source("b", ["They met for two hours. The talks were frank."])
    sa, sb = lines(a)[0], lines(b)[0]
    half_a = make_finding(
        "tone",
        sa,
        "candid",
        sb,
        "They met",
        message='talks characterised differently: "candid" (open) vs no characterisation ("They met")',
    )
    half_b = make_finding(
        "tone",
        sa,
        "They met",
        sb,
        "frank",
        message='talks characterised differently: no characterisation ("They met") vs "frank" (plain)',
    )
    report = hand_report([a, b], {("a", "b"): [link(sa, sb)]}, {("a", "b"): [half_a, half_b]})
    (f,) = merge_findings(report)
    assert [(s.source, s.text) for s in f.sides] == [("a", "candid"), ("b", "frank")]
    assert f.message == 'tone change: A "candid" vs B "frank"'
    assert "no characterisation" not in f.message


@pytest.mark.parametrize(
    ("message", "pair", "expected"),
    [
        (
            "only b says the exchange covered Taiwan",
            ("b", "c"),
            "only C says the exchange covered Taiwan",
        ),
        (
            "only a says the exchange covered Taiwan",
            ("b", "d"),
            "only B says the exchange covered Taiwan",
        ),
        (
            'a relays this through "X"; b gives it as fact',
            ("c", "d"),
            'C relays this through "X"; D gives it as fact',
        ),
        # negative rows: ordinary words are left alone
        ("figures differ: in a statement", ("b", "c"), "figures differ: in a statement"),
        ("a name differs", ("b", "c"), "a name differs"),
    ],
)
def test_pair_roles_become_report_labels(
    message: str, pair: tuple[str, str], expected: str
) -> None:
    assert relabel(message, *pair) == expected


def test_omission_names_who_reports_and_who_does_not() -> None:
    findings = merge_findings(three_source_report())
    (gap,) = [f for f in findings if f.kind in GAP_KINDS]
    assert gap.sources == ("a",) and gap.missing == ("b", "c")
    assert gap.message.startswith('only A reports this: "Blinken raised concerns')


def test_verdict_counts_each_kind_once() -> None:
    report = date_report()
    assert verdict(report, merge_findings(report)) == "4 sources · 1 figure or date mismatch"
    three = three_source_report()
    assert verdict(three, merge_findings(three)) == (
        "3 sources · 1 name or title error · 1 tone change · 1 point only one source reports"
    )


# ---------------------------------------------------------------------------------------------
# Development events with four sources: no duplicates, labels that match the columns
# ---------------------------------------------------------------------------------------------

FOUR_SOURCE_EVENTS = sorted(
    d.name for d in EVENTS.iterdir() if d.is_dir() and len(list(d.glob("*.txt"))) >= 4
)


def assert_nway_correct(report: Report) -> None:
    findings = merge_findings(report)
    ids = [s.id for s in report.sources]
    keys = [(f.kind, tuple((s.source, s.statements, s.spans) for s in f.sides)) for f in findings]
    assert len(keys) == len(set(keys)), "duplicate findings"
    for f in findings:
        assert list(f.sources) == [i for i in ids if i in f.sources], f
        assert set(f.missing) <= set(ids) - set(f.sources)
        assert {x for p in f.pairs for x in p} <= set(ids)
        # No pairwise role ("only in a", "only b says") survives into a report message.
        assert not re.search(r"\bonly (?:in )?[a-z]\b|\bcounterpart in [a-z]\b", f.message), f
    # Every pairwise difference is in exactly one report finding.
    for diff in report.diffs:
        x, y = diff.sources[0].id, diff.sources[1].id
        for pf in diff.findings:
            if pf.kind in GAP_KINDS:
                continue
            holders = [
                f
                for f in findings
                if f.kind == pf.kind
                and (x, y) in f.pairs
                and any(s.source == x and set(pf.a) <= set(s.statements) for s in f.sides)
                and any(s.source == y and set(pf.b) <= set(s.statements) for s in f.sides)
            ]
            assert holders, pf
    # The page names each finding's sources with the labels of its columns.
    page = render_report_html(report)
    columns = re.findall(
        r'class="colhead src-\d+" role="columnheader"><span class="badge">(\w+)</span>', page
    )
    assert columns == [label(i) for i in ids]
    for f in findings:
        item = page[page.index(f'id="{f.id}"') :]
        item = item[: item.index("</li>")]
        badges = re.findall(r'<span class="badge src-\d+">(\w+)</span>', item)
        assert badges[: len(f.sources)] == [label(s) for s in f.sources]


@pytest.mark.parametrize("event", FOUR_SOURCE_EVENTS)
def test_four_source_reports_of_development_events(event: str) -> None:
    paths = sorted((EVENTS / event).glob("*.txt"))
    report = build_report(load_sources(paths), embedder_factory=lambda name: FakeEmbedder())
    assert len(report.sources) == 4
    assert_nway_correct(report)


@pytest.mark.model
def test_four_source_report_with_the_real_model() -> None:
    names = ("state", "mfa_zh", "wire", "syndicated")
    paths = [EVENTS / "d1_munich_blinken_wang" / f"{n}.txt" for n in names]
    report = build_report(load_sources(paths))
    assert_nway_correct(report)
    findings = merge_findings(report)
    # The date planted in the syndicated copy ("Thursday") is one finding against every other side.
    dates = [f for f in findings if f.kind == "number" and "Thursday" in f.message]
    assert len(dates) == 1 and {"a", "c", "d"} <= set(dates[0].sources)


def test_committed_four_source_report_is_free_of_duplicates() -> None:
    import json

    root = Path(__file__).resolve().parent.parent
    data = json.loads(
        (root / "reports" / "munich-blinken-wang-4-sources" / "report.json").read_text("utf-8")
    )
    labels = [s["label"] for s in data["sources"]]
    assert labels == ["A", "B", "C", "D"]
    seen = set()
    for f in data["findings"]:
        key = json.dumps([f["kind"], f["sides"]], sort_keys=True)
        assert key not in seen
        seen.add(key)
        assert set(f["labels"]) <= set(labels)
