from __future__ import annotations

import pytest
from conftest import seed

from compare import pipeline
from compare.embed import FakeEmbedder
from compare.errors import UsageError
from compare.models import Statement


def st(language: str) -> Statement:
    return Statement("a:0", "a", 0, "x", 0, 1, language)


@pytest.mark.parametrize(
    ("languages", "requested", "expected"),
    [
        (["en"], "auto", "use"),
        (["en", "zh"], "auto", "use"),
        (["en"], "minilm", "minilm"),
        (["en", "zh"], "use", "use"),
    ],
)
def test_choose_backend(languages: list[str], requested: str, expected: str) -> None:
    assert pipeline.choose_backend([st(x) for x in languages], requested) == expected


def test_english_only_backend_refuses_other_languages() -> None:
    with pytest.raises(UsageError, match="English-only"):
        pipeline.choose_backend([st("en"), st("zh")], "minilm")


def test_source_ids() -> None:
    assert [pipeline.source_id(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]


def test_diff_embeds_once_and_reports_progress() -> None:
    calls: list[tuple[str, int]] = []

    class Counting(FakeEmbedder):
        def __init__(self, backend: str) -> None:
            super().__init__()
            self.backend = backend

        def embed(self, texts):  # type: ignore[no-untyped-def]
            calls.append((self.backend, len(texts)))
            return super().embed(texts)

    messages: list[str] = []
    diff = pipeline.diff_paths(
        seed("000"), seed("001"), embedder_factory=Counting, progress=messages.append
    )
    english = sum(s.language == "en" for s in diff.statements)
    # One call for the sentence vectors of every statement, one for the English word vectors.
    assert calls == [("use", len(diff.statements)), (pipeline.WORD_BACKEND, english)]
    assert messages and messages[0].startswith("embedding")
    ids = sorted(i for g in diff.groups for i in (*g.a, *g.b))
    assert ids == sorted(s.id for s in diff.statements)


_MEETING = (
    "---\ndate: {date}\n---\nBlinken meets Wang\n\n"
    "Secretary of State Antony Blinken met Foreign Minister Wang Yi on {day} in {place}.\n\n"
    "The two sides held candid and constructive discussions on a range of issues.\n\n"
    "The Secretary emphasized the importance of open lines of communication.\n"
)


@pytest.mark.parametrize(
    ("second", "different"),
    [
        # Same boilerplate, another meeting five months earlier: said, and nothing linked.
        (dict(date="2023-07-14", day="July 13", place="Jakarta"), True),
        # The same meeting reported a day later: compared as usual.
        (dict(date="2024-02-17", day="February 16", place="Munich"), False),
    ],
)
def test_different_meetings_are_said_and_never_linked(
    second: dict[str, str], different: bool
) -> None:
    from compare.ingest import parse_source

    a = parse_source(
        _MEETING.format(date="2024-02-16", day="February 16", place="Munich"),
        source_id="a",
        path="a.md",
    )
    b = parse_source(_MEETING.format(**second), source_id="b", path="b.md")
    diff = pipeline.diff_sources(a, b, embedder_factory=lambda name: FakeEmbedder())
    if different:
        (notice,) = diff.notices
        assert "different meetings" in notice and "2023" in notice
        assert diff.pairs == () and diff.findings == ()
        assert len(diff.unmatched) == len(diff.statements)
    else:
        assert diff.notices == () and len(diff.pairs) == 3
