"""Both shipped embedding backends, end to end on two seed articles (no fake embedder)."""

from __future__ import annotations

import pytest
from conftest import seed

from compare import pipeline

pytestmark = pytest.mark.model


def text_of(diff, ids):  # type: ignore[no-untyped-def]
    by_id = {s.id: s.text for s in diff.statements}
    return " ".join(by_id[i] for i in ids)


@pytest.mark.parametrize("backend", ["use", "minilm"])
def test_backend_aligns_the_rewritten_seed(backend: str) -> None:
    diff = pipeline.diff_paths(seed("000"), seed("001"), backend=backend)
    assert diff.backend.startswith(backend)
    pairs = [(text_of(diff, g.a), text_of(diff, g.b)) for g in diff.pairs]

    def aligned(a_start: str, b_start: str) -> bool:
        return any(a.startswith(a_start) and b.startswith(b_start) for a, b in pairs)

    # Near-verbatim rewrites of the same remark must align whatever the model.
    assert aligned("The vision of building a community", "Han added that the vision")
    assert aligned("China will, as always, be a builder", "Furthermore, he said that China")
    assert len(diff.pairs) >= 8
    for g in diff.pairs:
        assert 0.0 <= g.score <= 1.0


def test_default_backend_finds_the_misquote_and_the_name() -> None:
    diff = pipeline.diff_paths(seed("000"), seed("001"))
    kinds = {(f.kind, f.a_text, f.b_text) for f in diff.findings}
    assert ("quote_drift", "candid", "frank") in kinds
    assert ("entity", "Antonio", "António") in kinds
    quote = next(f for f in diff.findings if f.kind == "quote_drift")
    assert quote.severity == "high"


def test_different_meetings_stay_nearly_unlinked() -> None:
    diff = pipeline.diff_paths(seed("002"), seed("003"))
    links = sum(len(g.a) * len(g.b) for g in diff.pairs)
    assert links <= 2
