"""Claims per statement: propositions with their polarity.

A proposition is a predicate ("agree", "resume", "attend") with its polarity and the content
words of the object it governs ("to hold a new round of the economic dialogue"). A negation
cue ("did not", "never", "refused to", "failed to") before the predicate makes it negative;
auxiliaries and adverbs may stand between ("has not yet decided to attend").

Pure functions of a statement's tokens and the lexicon: no model, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from compare.lexicon import Matcher, Token

#: Tokens after the predicate read as its object (a clause rarely says more in fewer).
OBJECT_TOKENS = 16
#: Tokens after a negation cue within which another predicate is part of the denial.
SCOPE = 5
#: Tokens that may stand between a negation cue and its predicate ("did not yet formally agree").
MAX_GAP = 3


_AUXILIARIES = frozenset(
    "do does did has have had will would shall should can could may might must is are was were".split()
)


@dataclass(frozen=True)
class Proposition:
    """A predicate of one statement with its polarity and object.

    `predicate` is the lexicon's key for the predicate word (equivalent predicates such as
    agree / concur / affirm share one key); `span` covers the negation and the predicate
    ("did not agree") or the predicate alone ("agreed"); `object` holds the stems of the
    content words that follow it, up to the end of the clause.
    """

    statement: str
    predicate: str
    negated: bool
    span: tuple[int, int]
    object: frozenset[str]


def propositions(
    lex: Matcher, statement: str, tokens: Sequence[Token], wanted: frozenset[str] = frozenset()
) -> list[Proposition]:
    """Every negated predicate of a statement, and every predicate of the lexicon's predicate
    classes ([predicates] groups) or whose stem is `wanted`, with their objects."""
    return Claims(lex, statement, tokens).propositions(wanted)


class Claims:
    """The propositions of one statement, for any `wanted` stems, sharing the work between
    calls: the negation cues are read once and each predicate's proposition is built once
    (a caller asks again with more wanted stems after reading every statement)."""

    def __init__(self, lex: Matcher, statement: str, tokens: Sequence[Token]) -> None:
        self.lex = lex
        self.statement = statement
        self.tokens = tokens
        self.stems = frozenset(t.stem for t in tokens)
        self._negated_at: dict[int, int] | None = None
        self._content: list[bool] | None = None
        self._built: dict[int, Proposition] = {}

    @property
    def negated_at(self) -> dict[int, int]:
        """Predicate index -> index of its negation cue."""
        if self._negated_at is None:
            self._negated_at = _negations(self.lex, self.tokens)
        return self._negated_at

    def propositions(self, wanted: frozenset[str] = frozenset()) -> list[Proposition]:
        lex, tokens = self.lex, self.tokens
        negated_at = self.negated_at
        cues = negated_at.values()
        out: list[Proposition] = []
        for j, token in enumerate(tokens):
            key = lex.predicate_key(token.stem)
            negated = j in negated_at
            if key is None and not negated and token.stem not in wanted:
                continue
            if not negated and any(j - SCOPE <= k < j for k in cues):
                continue  # inside a denial's scope: "not intended to contain"
            if j not in self._built:
                self._built[j] = self._proposition(j, key, negated)
            out.append(self._built[j])
        return out

    def _proposition(self, j: int, key: str | None, negated: bool) -> Proposition:
        tokens = self.tokens
        token = tokens[j]
        start = token.start
        if negated:
            cue = self.negated_at[j]
            # "won't": the cue "n't" is written onto its auxiliary; the span takes both.
            # An auxiliary before the cue belongs to the denial too: "did not agree".
            glued = cue > 0 and tokens[cue - 1].end == tokens[cue].start
            auxiliary = cue > 0 and tokens[cue - 1].text.lower() in _AUXILIARIES
            start = tokens[cue - 1 if glued or auxiliary else cue].start
        if self._content is None:
            self._content = [_is_content(self.lex, t) for t in tokens]
        content = self._content
        return Proposition(
            statement=self.statement,
            predicate=key or token.stem,
            negated=negated,
            span=(start, token.end),
            object=frozenset(
                tokens[k].stem
                for k in range(j + 1, min(j + 1 + OBJECT_TOKENS, len(tokens)))
                if content[k]
            ),
        )


def _negations(lex: Matcher, tokens: Sequence[Token]) -> dict[int, int]:
    """Predicate index -> index of the negation cue that denies it."""
    negated_at: dict[int, int] = {}
    openers = _negation_openers(lex)
    i = 0
    while i < len(tokens):
        if tokens[i].stem not in openers:
            i += 1
            continue
        n, entries = lex.lookup(tokens, i)
        if n and any(e.category == "negation" for e in entries):
            j = i + n
            if n == 1 and j < len(tokens) and tokens[j].stem == "to" and _requested(lex, tokens, i):
                i += n  # "urged him not to set up": a request, not a denial
                continue
            gap = 0
            while j < len(tokens) and gap < MAX_GAP and _skippable(lex, tokens[j]):
                j += 1
                gap += 1
            if j < len(tokens) and _is_content(lex, tokens[j]):
                negated_at[j] = i
            i += n
            continue
        i += 1
    return negated_at


#: Tokens before "not to" within which a reporting verb makes it a request ("pressed Raimondo
#: not to set up"); "agreed not to resume" is a denial.
REQUEST_WINDOW = 3


def _requested(lex: Matcher, tokens: Sequence[Token], cue: int) -> bool:
    before = tokens[max(0, cue - REQUEST_WINDOW) : cue]
    return any(
        "verb" in _categories(lex, t) and lex.predicate_key(t.stem) is None for t in before
    ) or any(t.stem in ("ask", "request") for t in before)


@lru_cache(maxsize=16)
def _negation_openers(lex: Matcher) -> frozenset[str]:
    """First stems of the lexicon's negation cues: only there can a denial start."""
    return frozenset(stems[0] for cue in lex.lexicon.negation if (stems := lex.stems(cue)))


def _categories(lex: Matcher, token: Token) -> frozenset[str]:
    return _stem_categories(lex, token.stem)


@lru_cache(maxsize=1 << 15)
def _stem_categories(lex: Matcher, stem: str) -> frozenset[str]:
    return frozenset(e.category for e in lex.phrases.get((stem,), ()))


def _skippable(lex: Matcher, token: Token) -> bool:
    """Auxiliaries, particles and adverbs between a negation and its predicate."""
    return "stop" in _categories(lex, token) or token.text.lower().endswith("ly")


def _is_content(lex: Matcher, token: Token) -> bool:
    return token.text[:1].isalpha() and not _categories(lex, token) & {"stop", "negation"}
