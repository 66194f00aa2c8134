"""Framing findings: what each source claims, and where two sources' claims differ.

The package's parts, by job:

- `claims`    claims per statement: propositions with their polarity, typed figures
- `matching`  claims matched across two sources by type, anywhere in the two texts
- `links`     claims two sources share, as evidence for the aligner (`shared_claims`)
- `partners`  bounded matching: each statement keeps its best few partners
- `characterisations`, `descriptors`, `figures`  the claims of one kind each
- `worddiff`  word-level differences inside aligned statement pairs (tone, quotes, names, ...)
- `severity`  one finding per difference, ordered by consequence
- `findings`  the one entry point, `find_differences`, that puts them together
- `topics`    which statements of each source mention each lexicon topic
"""

from __future__ import annotations

from compare.framing.findings import find_differences, shared_claims
from compare.framing.topics import topic_coverage
from compare.framing.worddiff import plausible_typo

__all__ = ["find_differences", "shared_claims", "plausible_typo", "topic_coverage"]
