"""Bounded matching: in a many-to-many match, each side's item keeps only its best partners.

A source states an outcome or characterises the talks a few times; a text that repeats itself
(a live blog, a page that quotes its own lead twice) must not pair every repeat with every
other, which would multiply findings and make matching quadratic.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

X = TypeVar("X", bound=Hashable)
Y = TypeVar("Y", bound=Hashable)


def best_partners(scored: Iterable[tuple[float, X, Y]], limit: int) -> list[tuple[X, Y]]:
    """The pairs (x, y) kept when each x and each y keeps at most `limit` partners, taken best
    score first (ties in the order of x, then y; x and y must be orderable)."""
    kept: list[tuple[X, Y]] = []
    count_x: dict[X, int] = {}
    count_y: dict[Y, int] = {}
    for _, x, y in sorted(scored, key=lambda sxy: (-sxy[0], sxy[1], sxy[2])):
        if count_x.get(x, 0) < limit and count_y.get(y, 0) < limit:
            kept.append((x, y))
            count_x[x] = count_x.get(x, 0) + 1
            count_y[y] = count_y.get(y, 0) + 1
    return kept
