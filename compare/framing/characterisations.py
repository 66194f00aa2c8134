"""Characterisations: how a source describes the talks, the relations or a concern.

A characterisation is a run of descriptors ("candid, substantive and constructive",
"constructive and stable") with what it describes: the talks, the relations, or another noun
whose description is a matter of tone. Two sources' characterisations of one thing are matched
anywhere in the two texts when they share a descriptor ("constructive") or, for a single
descriptor, the thing and the words around it; the descriptors only one side uses are then a
changed characterisation ("candid" / "frank").

Pure functions of tokens and predicates: no model, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from compare.framing.partners import best_partners
from compare.lexicon import Token, fold

#: Tokens after a run of descriptors within which the thing they describe is looked for, and
#: before it for the talks it is said of ("described the meeting as candid").
TARGET_AFTER = 4
TARGET_BEFORE = 6
#: Runs of the other source one run is compared with: a source characterises a thing a few
#: times, and a text that repeats itself must not pair every repeat with every other.
MAX_PARTNERS = 3
#: Words that join descriptors of one run.
_GLUE = frozenset({"and", "but", "yet", "also", "very", "highly", "quite", "more", "most"})


@dataclass(frozen=True)
class Characterisation:
    """Descriptors (folded) with their tokens, and the class of what they describe.

    `target` is "talks" for the talks (any talk noun), else the stem of the described noun
    ("relation", "concern").
    """

    statement: str
    words: tuple[str, ...]
    tokens: tuple[Token, ...]
    target: str


def characterisations(
    statement: str,
    tokens: Sequence[Token],
    text: str,
    *,
    is_descriptor: Callable[[str], bool],
    target_of: Callable[[Token], str | None],
) -> list[Characterisation]:
    """Runs of descriptors in a statement with the thing each describes.

    `is_descriptor(folded word)`: an evaluative adjective; `target_of(token)`: "talks" for a
    talk noun, the noun's stem for another tone target, None otherwise. `text` is the source
    text the tokens index (commas between descriptors are read from it).
    """
    out: list[Characterisation] = []
    i = 0
    while i < len(tokens):
        if not is_descriptor(fold(tokens[i].text)):
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            word = fold(tokens[j].text)
            if is_descriptor(word) and _joined(text, run[-1], tokens[j]):
                run.append(tokens[j])
                j += 1
            elif word in _GLUE and j + 1 < len(tokens) and is_descriptor(fold(tokens[j + 1].text)):
                run.append(tokens[j + 1])
                j += 2
            else:
                break
        target = _target(tokens, i, j, target_of)
        if target is not None:
            out.append(
                Characterisation(
                    statement=statement,
                    words=tuple(fold(t.text) for t in run),
                    tokens=tuple(run),
                    target=target,
                )
            )
        i = j
    return out


def _joined(text: str, left: Token, right: Token) -> bool:
    """Only a comma (or a space) between two descriptors of one run."""
    return text[left.end : right.start].strip() in ("", ",")


def _target(
    tokens: Sequence[Token], i: int, j: int, target_of: Callable[[Token], str | None]
) -> str | None:
    for t in tokens[j : j + TARGET_AFTER]:
        found = target_of(t)
        if found is not None:
            return found
    before = [target_of(t) for t in tokens[max(0, i - TARGET_BEFORE) : i]]
    return "talks" if "talks" in before else None


@dataclass(frozen=True)
class Change:
    """One descriptor of `a` replaced by one of `b` in two characterisations of one thing."""

    a: Characterisation
    b: Characterisation
    word_a: Token
    word_b: Token


def changes(
    chars_a: Sequence[Characterisation],
    chars_b: Sequence[Characterisation],
    *,
    key: Callable[[str], str],
    kin: Callable[[str, str], bool],
) -> list[Change]:
    """Changed descriptors between two sources' characterisations of one thing.

    Two runs describe one thing when their targets agree and they share a descriptor (`key`:
    a descriptor's identity, synonyms sharing one). The descriptors only one run has are
    paired by `kin(x, y)` (same kind of description, e.g. both about friction), else in order;
    a descriptor without a counterpart is no change ("candid and constructive" / "candid,
    pragmatic and constructive"). Runs are found through an index of (target, descriptor), so
    the cost follows the pairs that share something, not all pairs.
    """
    index: dict[tuple[str, str], list[int]] = {}
    keys_b = [[key(y) for y in cb.words] for cb in chars_b]
    for n, (cb, ks) in enumerate(zip(chars_b, keys_b, strict=True)):
        for k in set(ks):
            index.setdefault((cb.target, k), []).append(n)
    scored: list[tuple[float, int, int]] = []
    keys_a = [[key(x) for x in ca.words] for ca in chars_a]
    for m, ca in enumerate(chars_a):
        hits = Counter(n for k in set(keys_a[m]) for n in index.get((ca.target, k), ()))
        scored += [(float(shared), m, n) for n, shared in hits.items()]
    out: list[Change] = []
    # Each run keeps the MAX_PARTNERS runs of the other source sharing most descriptors.
    for m, n in sorted(best_partners(scored, MAX_PARTNERS)):
        ca, cb = chars_a[m], chars_b[n]
        only_a = [i for i, k in enumerate(keys_a[m]) if k not in keys_b[n]]
        only_b = [i for i, k in enumerate(keys_b[n]) if k not in keys_a[m]]
        if not only_a or not only_b:
            continue
        for ka, kb in _pairs(ca, cb, only_a, only_b, kin):
            out.append(Change(ca, cb, ca.tokens[ka], cb.tokens[kb]))
    return out


def _pairs(
    ca: Characterisation,
    cb: Characterisation,
    only_a: list[int],
    only_b: list[int],
    kin: Callable[[str, str], bool],
) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    free_b = list(only_b)
    for ka in only_a:
        match = next((kb for kb in free_b if kin(ca.words[ka], cb.words[kb])), None)
        if match is not None:
            pairs.append((ka, match))
            free_b.remove(match)
    rest_a = [ka for ka in only_a if ka not in {p[0] for p in pairs}]
    pairs += list(zip(rest_a, free_b, strict=False))
    return pairs
