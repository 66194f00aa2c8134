from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from compare.embed import FakeEmbedder, MiniLMEmbedder, USEEmbedder, get_embedder
from compare.errors import UsageError


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    texts = ["Blinken met Wang.", "Wang met Blinken.", "", "Rates rose."]
    v1 = FakeEmbedder().embed(texts)
    v2 = FakeEmbedder().embed(texts)
    assert v1.shape == (4, 256) and v1.dtype == np.float32
    assert np.array_equal(v1, v2)
    norms = np.linalg.norm(v1, axis=1)
    assert np.allclose(norms[[0, 1, 3]], 1.0) and norms[2] == 0.0
    assert v1[0] @ v1[1] == pytest.approx(1.0)
    assert v1[0] @ v1[3] < 0.5


def test_unknown_backend_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown embedding backend"):
        get_embedder("bert")


def test_importing_embed_does_not_import_torch() -> None:
    code = "import compare.embed, compare.cli, compare.pipeline, sys; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


PARAPHRASES = [
    "Han said a sound and stable China-U.S. relationship will benefit both countries.",
    "Han said that a healthy and stable China-U.S. relationship is good for the two countries.",
    "Guterres thanked China for its strong support for the United Nations.",
]


@pytest.mark.model
@pytest.mark.parametrize("embedder", [MiniLMEmbedder, USEEmbedder])
def test_real_models_rank_paraphrase_above_unrelated(embedder: type) -> None:
    model = embedder()
    vectors = model.embed(PARAPHRASES)
    assert vectors.shape == (3, model.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.1
    assert model.embed([]).shape == (0, model.dim)


@pytest.mark.model
def test_use_embeds_chinese_next_to_its_translation() -> None:
    vectors = USEEmbedder().embed(
        [
            "The two sides held candid and constructive talks.",
            "双方进行了坦诚和建设性的会谈。",
            "The stock market fell sharply on Friday.",
        ]
    )
    assert vectors[0] @ vectors[1] > vectors[1] @ vectors[2] + 0.2
