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
    calls: list[int] = []

    class Counting(FakeEmbedder):
        def embed(self, texts):  # type: ignore[no-untyped-def]
            calls.append(len(texts))
            return super().embed(texts)

    messages: list[str] = []
    diff = pipeline.diff_paths(
        seed("000"), seed("001"), embedder_factory=lambda name: Counting(), progress=messages.append
    )
    assert calls == [len(diff.statements)]
    assert messages and messages[0].startswith("embedding")
    ids = sorted(i for g in diff.groups for i in (*g.a, *g.b))
    assert ids == sorted(s.id for s in diff.statements)
