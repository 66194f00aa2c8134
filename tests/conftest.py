from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"
GOLD = DATA / "gold"
EVENTS = DATA / "events"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def seed(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` ("000", "001", ...)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture
def fake_factory():
    from compare.embed import FakeEmbedder

    embedder = FakeEmbedder()
    return lambda name: embedder
