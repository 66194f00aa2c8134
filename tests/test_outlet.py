"""Outlet inference: the name a reader knows an article by, from the shape of its header."""

from __future__ import annotations

import pytest

from compare.ingest import parse_source
from compare.outlet import infer_outlet

BODY = "The two ministers met on Monday and discussed trade."


def outlet_of(header: str, *, url: str | None = None, tagged: str | None = None) -> str | None:
    text = header + "\n\n" + BODY + "\n"
    lines, pos = [], 0
    for line in header.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    start = text.index(BODY)
    return infer_outlet(text, lines, [(start, start + len(BODY))], url=url, tagged=tagged)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "Headline here\nREADOUT\nOFFICE OF THE SPOKESPERSON\nMay 1, 2024",
            "Office of the Spokesperson",
        ),
        ("Headline\nOffice of Public Affairs", "Office of Public Affairs"),
        (
            "Headline\n(Department of Trade Affairs)\n2023-08-29 09:40",
            "Department of Trade Affairs",
        ),
        ("Headline\nBy newsdesk-daily staff | February 17, 2024", "newsdesk-daily"),
        ("Headline\nPosted by TradeWatch Asia desk | August 29, 2023", "TradeWatch Asia desk"),
        ("Headline\nEdited By: Web Desk", "Web Desk"),
        ("Headline\nAsia Desk | May 27, 2024 | 3 min read", "Asia Desk"),
        ("習近平晤朔爾茨\n【維港日報訊】國家主席", "維港日報"),
        # negative rows: a reporter's byline, the paper's own unnamed voice, a plain headline
        ("Headline\nBy Jane Doe | May 1, 2024", None),
        ("Headline\nBy Jane Doe and John Roe staff", None),
        ("标题\n【本报讯】国家主席", None),
        ("Ministers meet in the capital of the region", None),
    ],
)
def test_outlet_from_header(header: str, expected: str | None) -> None:
    assert outlet_of(header) == expected


def test_tag_then_url_come_first() -> None:
    header = "Headline\nBy newsdesk-daily staff | February 17, 2024"
    assert outlet_of(header, tagged="Reuters") == "Reuters"
    assert outlet_of(header, url="https://www.example.org/news/1") == "example.org"


def test_front_matter_outlet_wins_and_is_not_inferred() -> None:
    text = (
        "---\noutlet: Given Name\n---\nHeadline\nBy newsdesk-daily staff | May 1, 2024\n\n" + BODY
    )
    source = parse_source(text, source_id="a", path="x.md")
    assert source.outlet == "Given Name" and "outlet" not in source.inferred
    source = parse_source(text.split("---\n", 2)[2], source_id="a", path="x.md")
    assert source.outlet == "newsdesk-daily" and "outlet" in source.inferred
