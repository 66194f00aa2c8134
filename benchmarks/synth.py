"""Synthetic benchmark pairs with known answers, generated from seed articles.

Each pair is a seed article (side a) and a rewrite of it (side b) whose every change is known,
written as the two texts and a `readout.gold/1` file, so alignment and findings can be scored on
hundreds of pairs instead of a handful of hand-labelled ones.

Side a is the seed's sentences laid out one paragraph per seed paragraph (headlines and
datelines are left out, as segmentation leaves them out), plus background sentences that side b
does not have. Side b starts as a copy of a and is rewritten in phases, each applied a random
number of times (`DEFAULT_COUNTS`, or exact counts given by the caller):

1. Content changes, each recorded as a finding between the a sentence and its b sentence:
   - tone:     a characterisation of talks swapped for another lexicon tone word
               ("candid and constructive discussions" -> "frank and constructive ...");
               inside quotation marks it is also a quote_drift finding.
   - wording:  an evaluative word swapped for a different one (`WORDING_SWAPS`, less any pair
               the lexicon calls noise synonyms); quote_drift instead when inside quotes.
   - entity:   one occurrence of a multi-word name misspelled (Blinken -> Blinkne, accents
               dropped).
   - number:   a figure, year, ordinal or number word changed (78th -> 79th, three -> five).
   - polarity: a modal or copula negated (will -> will not), or a word replaced by its
               lexicon antonym (support -> oppose).
2. Noise, never a finding (the gold records typos as they are): typos inside words, and two
   words run together ("of the" -> "ofthe").
3. Structure: drop a sentence (a sentence only in a), split one sentence in two (1:2 group),
   merge two neighbours into one (2:1 group), add background sentences taken from OTHER seeds
   to either side (unmatched); a background sentence must share few content words with the
   document it joins, so that it is not in fact a paraphrase of one of its sentences.
4. Layout: reorder paragraphs, regroup sentences into multi-sentence paragraphs, and run
   sentences together ("policy. Both" -> "policy.Both").

Every change is also listed in `SynthPair.changes`, so tests can check that each one is
reflected in the gold. Generation is deterministic: pair `index` of `seed` is drawn from its own
`random.Random`, so it does not depend on how many other pairs are generated.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from compare.align import content_tokens
from compare.evaluate import GOLD_SCHEMA
from compare.ingest import language_of, load_source
from compare.lexicon import Lexicon, Matcher, default_lexicon, fold, matcher
from compare.segment import SENTENCE_STARTERS, segment

CONTENT_OPS = ("tone", "wording", "entity", "number", "polarity")
NOISE_OPS = ("typo",)
STRUCTURE_OPS = ("drop", "split", "merge", "background_a", "background_b")
LAYOUT_OPS = ("reorder", "glue")
OPERATIONS = CONTENT_OPS + NOISE_OPS + STRUCTURE_OPS + LAYOUT_OPS

#: Most applications of each operation per pair; the number applied is drawn from 0..max.
#: `reorder` is applied or not (max 1).
DEFAULT_COUNTS: Mapping[str, int] = {
    "tone": 1,
    "wording": 1,
    "entity": 1,
    "number": 2,
    "polarity": 2,
    "typo": 3,
    "drop": 2,
    "split": 2,
    "merge": 2,
    "background_a": 1,
    "background_b": 2,
    "reorder": 1,
    "glue": 2,
}
DEFAULT_SEED = 0
#: Largest share of a background sentence's content words (overlap coefficient) it may share
#: with any sentence of the document it joins.
MAX_BACKGROUND_OVERLAP = 0.35
#: Fewest words in each half of a split sentence and in a background sentence.
MIN_CLAUSE_WORDS = 5
#: Shortest name (letters) that is misspelled; shorter ones (Xi, Han) become other names.
MIN_NAME_LETTERS = 5
#: Shortest word that gets a typo.
MIN_TYPO_LETTERS = 5
#: Most words a negated verb's span runs over to reach a content word ("is not an opportunity").
MAX_NEGATED_WORDS = 4
#: Words a talks noun may follow a characterisation word by ("candid and constructive talks").
TONE_WINDOW = 4

#: Evaluative words that rewrites of diplomatic news swap, changing the framing: each pair is
#: swapped in both directions. Pairs the lexicon lists as noise synonyms are left out at run time.
WORDING_SWAPS: tuple[tuple[str, str], ...] = (
    ("healthy", "sound"),
    ("stable", "steady"),
    ("differences", "disputes"),
    ("concerns", "worries"),
    ("tensions", "frictions"),
    ("partner", "counterpart"),
    ("urgent", "pressing"),
    ("responsibly", "carefully"),
    ("dialogue", "engagement"),
    ("defender", "advocate"),
    ("commitment", "resolve"),
    ("hopes", "expects"),
    ("opportunity", "chance"),
    ("risk", "danger"),
    ("common", "shared"),
    ("legitimate", "lawful"),
    ("obligation", "duty"),
    ("openness", "transparency"),
    ("sincerity", "goodwill"),
)
_MODALS = ("will", "would", "can", "could", "should", "must", "may", "might")
_COPULAS = ("is", "are", "was", "were")
_NUMBER_WORDS = (
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday".split()
)
_VOWELS = "aeiou"
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_NUMBER = re.compile(r"(?<![\w.,/-])(\d+)(st|nd|rd|th|s)?(?![\w-]|[.,:/]\d)")
_NEGATED_NEXT = frozenset({"not", "never", "no", "n't", "nothing", "none"})


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """A seed article as paragraphs of sentences (headlines and datelines left out)."""

    name: str
    paragraphs: tuple[tuple[str, ...], ...]

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(s for p in self.paragraphs for s in p)


@dataclass(frozen=True)
class SynthSentence:
    """A gold sentence: `text == document[start:end]`."""

    id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SynthGroup:
    a: tuple[str, ...]
    b: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class SynthFinding:
    kind: str
    a: str
    b: str
    a_text: str
    b_text: str
    note: str = ""


@dataclass(frozen=True)
class Change:
    """One operation applied to the pair: the sentences it touched on each side, by gold id."""

    op: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    detail: str = ""


@dataclass(frozen=True)
class SynthPair:
    name: str
    seed: str
    text_a: str
    text_b: str
    sentences_a: tuple[SynthSentence, ...]
    sentences_b: tuple[SynthSentence, ...]
    groups: tuple[SynthGroup, ...]
    findings: tuple[SynthFinding, ...]
    changes: tuple[Change, ...]

    def gold(self, a_path: str, b_path: str) -> dict[str, Any]:
        """The pair as a `readout.gold/1` document whose texts are at `a_path` and `b_path`."""
        ops = sorted({c.op for c in self.changes})
        return {
            "schema": GOLD_SCHEMA,
            "event": f"synthetic rewrite of {self.seed} ({', '.join(ops) or 'no changes'})",
            "a": a_path,
            "b": b_path,
            "sentences": {
                side: [
                    {"id": s.id, "start": s.start, "end": s.end, "text": s.text} for s in sentences
                ]
                for side, sentences in (("a", self.sentences_a), ("b", self.sentences_b))
            },
            "groups": [
                {"a": list(g.a), "b": list(g.b), **({"note": g.note} if g.note else {})}
                for g in self.groups
            ],
            "findings": [
                {
                    "kind": f.kind,
                    "a": f.a,
                    "b": f.b,
                    "a_text": f.a_text,
                    "b_text": f.b_text,
                    **({"note": f.note} if f.note else {}),
                }
                for f in self.findings
            ],
        }


# ---------------------------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------------------------


def load_seed(path: str | Path) -> Seed:
    """Read a seed article and split it into paragraphs of sentences with readout's segmenter."""
    source = load_source(path, "a")
    paragraphs: dict[int, list[str]] = {}
    for statement in segment(source):
        paragraphs.setdefault(statement.paragraph, []).append(statement.text)
    return Seed(
        name=Path(path).name, paragraphs=tuple(tuple(p) for _, p in sorted(paragraphs.items()))
    )


# ---------------------------------------------------------------------------------------------
# Working state of one pair
# ---------------------------------------------------------------------------------------------


@dataclass
class _Mark:
    """A finding under construction: spans inside the a sentence and the (current) b sentence."""

    kind: str
    a: int
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    note: str


@dataclass(eq=False)
class _Sent:
    """A b sentence: its text, the a sentences it reports (none: background) and its marks."""

    text: str
    origin: tuple[int, ...]
    marks: list[_Mark] = field(default_factory=list)
    noisy: bool = False  # carries a typo
    glued: bool = False  # no space before it (run together with the previous sentence)

    @property
    def english(self) -> bool:
        return _english(self.text)


@dataclass
class _Edit:
    """Replace text[start:end] of a sentence by `new`; `kinds` are the findings it makes."""

    start: int
    end: int
    new: str
    kinds: tuple[str, ...]
    note: str


@dataclass
class _Change:
    op: str
    a: list[int]
    b: list[_Sent]
    detail: str = ""


class _Builder:
    def __init__(
        self,
        rng: random.Random,
        own: Seed,
        others: Sequence[Seed],
        lex: Matcher,
    ) -> None:
        self.rng = rng
        self.own = own
        self.others = others
        self.lex = lex
        # a: paragraphs of a-sentence indices; texts by index.
        self.a_texts: list[str] = []
        self.a_paragraphs: list[list[int]] = []
        for para in own.paragraphs:
            self.a_paragraphs.append(list(range(len(self.a_texts), len(self.a_texts) + len(para))))
            self.a_texts.extend(para)
        self.a_background: set[int] = set()
        self.b_paragraphs: list[list[_Sent]] = []
        self.changes: list[_Change] = []
        self._quote_depth = self._depths()
        self._exclude = _name_exclusions(lex.lexicon)
        self._swaps = _wording_swaps(lex)
        self._tokens: dict[str, frozenset[str]] = {}

    # -- a side ---------------------------------------------------------------------------------

    def _depths(self) -> dict[int, int]:
        """Quotation depth at the start of each a sentence, counted over its paragraph."""
        depth: dict[int, int] = {}
        for para in self.a_paragraphs:
            level = 0
            for i in para:
                depth[i] = level
                level = _depth_after(self.a_texts[i], level)
        return depth

    def add_background_a(self) -> None:
        text = self._background(self.a_texts)
        if text is None:
            return
        index = len(self.a_texts)
        self.a_texts.append(text)
        self.a_background.add(index)
        self._quote_depth[index] = 0
        self.a_paragraphs.insert(self.rng.randint(0, len(self.a_paragraphs)), [index])
        self.changes.append(_Change("background_a", [index], []))

    def start_b(self) -> None:
        self.b_paragraphs = [
            [_Sent(self.a_texts[i], (i,)) for i in para if i not in self.a_background]
            for para in self.a_paragraphs
        ]
        self.b_paragraphs = [p for p in self.b_paragraphs if p]

    # -- helpers ----------------------------------------------------------------------------------

    def _b_sentences(self) -> list[_Sent]:
        return [s for p in self.b_paragraphs for s in p]

    def _locate(self, sent: _Sent) -> tuple[int, int]:
        for p, para in enumerate(self.b_paragraphs):
            for k, other in enumerate(para):
                if other is sent:
                    return p, k
        raise ValueError("sentence not in side b")

    def _background(self, document: Sequence[str]) -> str | None:
        """A sentence of another seed that shares few content words with `document`."""
        tokens = [self._content(t) for t in document]
        used = set(self.a_texts) | {s.text for s in self._b_sentences()}
        candidates = []
        for seed in self.others:
            for text in seed.sentences:
                if text in used or len(text.split()) < MIN_CLAUSE_WORDS:
                    continue
                if not _english(text):
                    continue
                mine = self._content(text)
                if mine and all(_overlap(mine, t) <= MAX_BACKGROUND_OVERLAP for t in tokens):
                    candidates.append(text)
        return self.rng.choice(candidates) if candidates else None

    def _content(self, text: str) -> frozenset[str]:
        if text not in self._tokens:
            self._tokens[text] = content_tokens(text)
        return self._tokens[text]

    # -- content changes --------------------------------------------------------------------------

    def content(self, op: str) -> None:
        sites: list[tuple[_Sent, _Edit]] = []
        for sent in self._b_sentences():
            if sent.marks or sent.noisy or len(sent.origin) != 1 or not sent.english:
                continue
            (i,) = sent.origin
            if sent.text != self.a_texts[i]:
                continue
            sites.extend((sent, e) for e in self._edits(op, sent.text, self._quote_depth[i]))
        if not sites:
            return
        sent, edit = self.rng.choice(sites)
        (i,) = sent.origin
        sent.text = sent.text[: edit.start] + edit.new + sent.text[edit.end :]
        b_span = (edit.start, edit.start + len(edit.new))
        for kind in edit.kinds:
            sent.marks.append(_Mark(kind, i, (edit.start, edit.end), b_span, edit.note))
        self.changes.append(_Change(op, [i], [sent], edit.note))

    def _edits(self, op: str, text: str, depth: int) -> list[_Edit]:
        if op == "tone":
            return self._tone_edits(text, depth)
        if op == "wording":
            return self._wording_edits(text, depth)
        if op == "entity":
            return self._entity_edits(text)
        if op == "number":
            return self._number_edits(text)
        if op == "polarity":
            return self._polarity_edits(text)
        raise ValueError(f"unknown content operation {op!r}")

    def _tone_edits(self, text: str, depth: int) -> list[_Edit]:
        tone = {t.key: t for t in self.lex.lexicon.tone if not t.phrases}
        words = list(_WORD.finditer(text))
        edits = []
        for k, m in enumerate(words):
            word = tone.get(m.group().lower())
            if word is None or not self._talks_context(words, k, tone):
                continue
            same = [t for t in tone.values() if t.signal == word.signal and t.key != word.key]
            new = self.rng.choice(same or [t for t in tone.values() if t.key != word.key]).key
            quoted = _inside_quotes(text, m.start(), depth)
            edits.append(
                _Edit(
                    m.start(),
                    m.end(),
                    _case_like(m.group(), new),
                    ("quote_drift", "tone") if quoted else ("tone",),
                    f"characterisation {m.group()} -> {new}"
                    + (" inside a quote" if quoted else ""),
                )
            )
        return edits

    def _talks_context(
        self, words: Sequence[re.Match[str]], k: int, tone: Mapping[str, Any]
    ) -> bool:
        """Does the characterisation word at `k` describe talks ("candid talks", "talks were candid")?"""
        talks = self.lex.talks
        skip = {"and", "or", "very", "highly", "most"}
        for m in words[k + 1 : k + 1 + TONE_WINDOW]:
            word = m.group().lower()
            if self.lex.stems(word) in talks:
                return True
            if word not in skip and word not in tone:
                break
        before = [m.group().lower() for m in words[max(0, k - 3) : k]]
        return any(w in _COPULAS for w in before) and any(
            self.lex.stems(w) in talks for w in before
        )

    def _wording_edits(self, text: str, depth: int) -> list[_Edit]:
        swaps = self._swaps
        edits = []
        for m in _WORD.finditer(text):
            new = swaps.get(m.group().lower())
            if new is None:
                continue
            quoted = _inside_quotes(text, m.start(), depth)
            edits.append(
                _Edit(
                    m.start(),
                    m.end(),
                    _case_like(m.group(), new),
                    ("quote_drift",) if quoted else ("wording",),
                    f"{m.group()} -> {new}" + (" inside a quote" if quoted else ""),
                )
            )
        return edits

    def _entity_edits(self, text: str) -> list[_Edit]:
        words = list(_WORD.finditer(text))
        edits = []
        for k, m in enumerate(words):
            word = m.group()
            if k == 0 or not _is_name_word(word) or fold(word) in self._exclude:
                continue
            if len(word) < MIN_NAME_LETTERS:
                continue
            # A name of several words: "Antony Blinken", "Antonio Guterres".
            neighbours = [words[j].group() for j in (k - 1, k + 1) if 0 <= j < len(words)]
            if not any(_is_name_word(n) for n in neighbours):
                continue
            new = _misspell(self.rng, word)
            edits.append(_Edit(m.start(), m.end(), new, ("entity",), f"name {word} -> {new}"))
        return edits

    def _number_edits(self, text: str) -> list[_Edit]:
        edits = []
        for m in _NUMBER.finditer(text):
            value, suffix = int(m.group(1)), m.group(2) or ""
            if len(m.group(1)) > 1 and m.group(1).startswith("0"):
                continue
            if suffix == "s":
                new_value = value + self.rng.choice((-10, 10))
            elif 1900 <= value <= 2100 and not suffix:
                new_value = value + self.rng.choice((-2, -1, 1, 2))
            else:
                new_value = max(1, value + self.rng.choice((-3, -2, -1, 1, 2, 3)))
            if new_value == value or new_value < 0:
                continue
            new = str(new_value) + (
                _ordinal(new_value) if suffix in ("st", "nd", "rd", "th") else suffix
            )
            edits.append(_Edit(m.start(), m.end(), new, ("number",), f"{m.group()} -> {new}"))
        for m in _WORD.finditer(text):
            word = m.group().lower()
            if word not in _NUMBER_WORDS:
                continue
            new = self.rng.choice([w for w in _NUMBER_WORDS if w != word])
            edits.append(
                _Edit(
                    m.start(),
                    m.end(),
                    _case_like(m.group(), new),
                    ("number",),
                    f"{m.group()} -> {new}",
                )
            )
        return edits

    def _polarity_edits(self, text: str) -> list[_Edit]:
        antonyms: dict[str, str] = {}
        for x, y in self.lex.lexicon.antonyms:
            if x.isascii() and y.isascii() and " " not in x + y:
                antonyms.setdefault(x, y)
                antonyms.setdefault(y, x)
        words = list(_WORD.finditer(text))
        edits = []
        for k, m in enumerate(words):
            word = m.group().lower()
            following = words[k + 1].group().lower() if k + 1 < len(words) else ""
            verb = m.group().islower() and word in _MODALS + _COPULAS
            if verb and following and following not in _NEGATED_NEXT:
                if words[k + 1].start() != m.end() + 1:
                    continue  # "will," or a quote mark in between: not a verb phrase
                # An insertion has no differing words on side a, so the span runs from the
                # verb to the first content word after it ("is an opportunity" / "is not an
                # opportunity"): whether a reader marks the verb or the negated word, it
                # overlaps the span on both sides.
                last = k + 1
                while (
                    last + 1 < len(words)
                    and last - k < MAX_NEGATED_WORDS
                    and not content_tokens(words[last].group())
                    and words[last + 1].start() == words[last].end() + 1
                ):
                    last += 1
                negated = "cannot" if word == "can" else m.group() + " not"
                end = words[last].end()
                new = negated + text[m.end() : end]
                edits.append(_Edit(m.start(), end, new, ("polarity",), f"{m.group()} -> {negated}"))
            elif word in antonyms:
                new = _case_like(m.group(), antonyms[word])
                edits.append(_Edit(m.start(), m.end(), new, ("polarity",), f"{m.group()} -> {new}"))
        return edits

    # -- noise ------------------------------------------------------------------------------------

    def typo(self) -> None:
        sites = []
        for sent in self._b_sentences():
            if sent.marks or not sent.english:
                continue
            words = list(_WORD.finditer(sent.text))
            for k, m in enumerate(words):
                word = m.group()
                if len(word) < MIN_TYPO_LETTERS or not word.isascii() or not word.islower():
                    continue
                if self.lex.lookup(self.lex.tokenize(word), 0)[0]:
                    continue  # a lexicon word: a typo there could read as a real change
                sites.append((sent, m, words[k + 1] if k + 1 < len(words) else None))
        if not sites:
            return
        sent, m, nxt = self.rng.choice(sites)
        if nxt is not None and nxt.start() == m.end() + 1 and self.rng.random() < 0.3:
            start, end, new = m.start(), nxt.end(), m.group() + nxt.group()
        else:
            start, end, new = m.start(), m.end(), _misspell(self.rng, m.group())
        old = sent.text[start:end]
        sent.text = sent.text[:start] + new + sent.text[end:]
        sent.noisy = True
        self.changes.append(_Change("typo", list(sent.origin), [sent], f"{old} -> {new}"))

    # -- structure --------------------------------------------------------------------------------

    def drop(self) -> None:
        candidates = [
            s
            for s in self._b_sentences()
            if not s.marks and len(s.origin) == 1 and not self._touched(s)
        ]
        # Keep most of the article: a rewrite that drops half of it is another article.
        if len(candidates) < 4:
            return
        sent = self.rng.choice(candidates)
        p, k = self._locate(sent)
        del self.b_paragraphs[p][k]
        self.b_paragraphs = [para for para in self.b_paragraphs if para]
        self.changes.append(_Change("drop", list(sent.origin), []))

    def _touched(self, sent: _Sent) -> bool:
        return any(sent in c.b for c in self.changes if c.op in ("split", "merge"))

    def split(self) -> None:
        sites = []
        for sent in self._b_sentences():
            if not sent.origin or not sent.english:
                continue
            for m in re.finditer(r"; |, (and|but) ", sent.text):
                head, tail = sent.text[: m.start()], sent.text[m.end() :]
                if m.group(1) == "but":
                    tail = "but " + tail
                if len(head.split()) < MIN_CLAUSE_WORDS or len(tail.split()) < MIN_CLAUSE_WORDS:
                    continue
                if not tail[:1].isalpha():
                    continue
                cut_a, cut_b = m.start(), m.end() - (4 if m.group(1) == "but" else 0)
                if any(mk.b_span[0] < cut_b and mk.b_span[1] > cut_a for mk in sent.marks):
                    continue
                if any(mk.b_span[0] == cut_b for mk in sent.marks):
                    continue  # the capital letter would change a finding's text
                sites.append((sent, cut_a, cut_b))
        if not sites:
            return
        sent, cut_a, cut_b = self.rng.choice(sites)
        head = sent.text[:cut_a] + "."
        tail = sent.text[cut_b:]
        tail = tail[0].upper() + tail[1:]
        first = _Sent(head, sent.origin, noisy=sent.noisy, glued=sent.glued)
        second = _Sent(tail, sent.origin, noisy=sent.noisy)
        for mark in sent.marks:
            if mark.b_span[1] <= cut_a:
                first.marks.append(mark)
            else:
                shift = cut_b
                mark.b_span = (mark.b_span[0] - shift, mark.b_span[1] - shift)
                second.marks.append(mark)
        p, k = self._locate(sent)
        self.b_paragraphs[p][k : k + 1] = [first, second]
        for change in self.changes:
            if sent in change.b:
                change.b[change.b.index(sent) : change.b.index(sent) + 1] = [first, second]
        self.changes.append(_Change("split", list(sent.origin), [first, second]))

    def merge(self) -> None:
        flat = self._b_sentences()
        sites = []
        for x, y in zip(flat, flat[1:], strict=False):
            if not x.origin or not y.origin or not (x.english and y.english):
                continue
            if not re.search(r"[\w)]\.$", x.text) or not y.text[:1].isalpha():
                continue
            if any(mk.b_span[1] >= len(x.text) for mk in x.marks):
                continue
            sites.append((x, y))
        if not sites:
            return
        x, y = self.rng.choice(sites)
        first_word = _WORD.match(y.text)
        lower = first_word is not None and first_word.group().lower() in SENTENCE_STARTERS
        if lower and any(mk.b_span[0] == 0 for mk in y.marks):
            lower = False
        tail = y.text[0].lower() + y.text[1:] if lower and y.text[:2] != "I " else y.text
        head = x.text[:-1] + ", and "
        merged = _Sent(
            head + tail,
            tuple(sorted(set(x.origin) | set(y.origin))),
            marks=list(x.marks),
            noisy=x.noisy or y.noisy,
            glued=x.glued,
        )
        for mark in y.marks:
            mark.b_span = (mark.b_span[0] + len(head), mark.b_span[1] + len(head))
            merged.marks.append(mark)
        px, kx = self._locate(x)
        py, ky = self._locate(y)
        del self.b_paragraphs[py][ky]
        self.b_paragraphs[px][kx] = merged
        self.b_paragraphs = [para for para in self.b_paragraphs if para]
        for change in self.changes:
            change.b = [merged if s is x or s is y else s for s in change.b]
            change.b = list(dict.fromkeys(change.b))
        self.changes.append(_Change("merge", list(merged.origin), [merged]))

    def add_background_b(self) -> None:
        text = self._background([s.text for s in self._b_sentences()] + self.a_texts)
        if text is None:
            return
        sent = _Sent(text, ())
        self.b_paragraphs.insert(self.rng.randint(0, len(self.b_paragraphs)), [sent])
        self.changes.append(_Change("background_b", [], [sent]))

    # -- layout -----------------------------------------------------------------------------------

    def reorder(self) -> None:
        before = [id(s) for s in self._b_sentences()]
        self.rng.shuffle(self.b_paragraphs)
        # Regroup: some neighbouring paragraphs become one, as another outlet would lay them out.
        regrouped: list[list[_Sent]] = []
        for para in self.b_paragraphs:
            if regrouped and self.rng.random() < 0.3:
                regrouped[-1].extend(para)
            else:
                regrouped.append(list(para))
        self.b_paragraphs = regrouped
        if [id(s) for s in self._b_sentences()] != before:
            self.changes.append(_Change("reorder", [], []))

    def glue(self) -> None:
        sites = [
            y
            for para in self.b_paragraphs
            for x, y in zip(para, para[1:], strict=False)
            if not y.glued and re.search(r"[a-z]\.$", x.text) and y.text[:1].isupper()
        ]
        if not sites:
            return
        sent = self.rng.choice(sites)
        sent.glued = True
        self.changes.append(_Change("glue", [], [sent]))


# ---------------------------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _english(text: str) -> bool:
    return language_of(text) == "en"


def _depth_after(text: str, depth: int, stop: int | None = None) -> int:
    """Quotation depth after `text[:stop]` given `depth` before it (curly quotes nest)."""
    for ch in text[:stop]:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            depth = 0 if depth else 1
    return depth


def _inside_quotes(text: str, at: int, depth: int) -> bool:
    return _depth_after(text, depth, at) > 0


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def _case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _misspell(rng: random.Random, word: str) -> str:
    """One plausible slip of the pen; the first letter is kept. Always differs from `word`."""
    variants: set[str] = set()
    folded = _strip_accents(word)
    if folded != word:
        # An accented name is usually misrendered by dropping the accents (António -> Antonio).
        return folded
    n = len(word)
    for i in range(1, n - 1):
        if word[i] != word[i + 1]:
            variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        variants.add(word[:i] + word[i + 1 :])
    for i in range(1, n):
        variants.add(word[:i] + word[i] + word[i:])
        if word[i].lower() in _VOWELS:
            for v in _VOWELS:
                if v != word[i].lower():
                    variants.add(word[:i] + v + word[i + 1 :])
    variants.discard(word)
    return rng.choice(sorted(variants))


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _name_exclusions(lexicon: Lexicon) -> frozenset[str]:
    """Capitalised words that are not names: titles, parties, places the lexicon lists, months."""
    phrases: list[str] = [*lexicon.titles, *lexicon.talks, *lexicon.account_nouns]
    for _, markers in lexicon.parties:
        phrases.extend(markers)
    for _, forms in lexicon.aliases:
        phrases.extend(forms)
    for topic in lexicon.topics:
        phrases.extend(topic.aliases)
    phrases.extend(t.key for t in lexicon.tone)
    phrases.extend(v.key for v in lexicon.verbs)
    words = {fold(w) for phrase in phrases for w in _WORD.findall(phrase)}
    return frozenset(words | _MONTHS | SENTENCE_STARTERS)


def _wording_swaps(lex: Matcher) -> dict[str, str]:
    """`WORDING_SWAPS` in both directions, less the pairs the lexicon treats as one word."""
    out: dict[str, str] = {}
    for x, y in WORDING_SWAPS:
        if _lexicon_key(lex, x) == _lexicon_key(lex, y) is not None:
            continue
        out.setdefault(x, y)
        out.setdefault(y, x)
    return out


def _lexicon_key(lex: Matcher, word: str) -> str | None:
    n, entries = lex.lookup(lex.tokenize(word), 0)
    return entries[0].key if n and entries else None


def _unique_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen `text[start:end]` by whole words until its first occurrence is at `start`."""
    while text.find(text[start:end]) != start:
        left = text.rfind(" ", 0, max(0, start - 1))
        start = left + 1 if left >= 0 else 0
    return start, end


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


def generate_pair(
    seeds: Sequence[Seed],
    index: int,
    *,
    seed: int = DEFAULT_SEED,
    counts: Mapping[str, int] | None = None,
    lexicon: Lexicon | None = None,
) -> SynthPair:
    """Pair `index`: a rewrite of seed `index % len(seeds)`, background from the other seeds.

    `counts` gives exact numbers of applications per operation (missing ones: 0); without it
    each operation is applied a random number of times up to `DEFAULT_COUNTS`. An operation
    with no place to apply (no number in the article, say) is skipped, so `changes` lists what
    was applied.
    """
    if not seeds:
        raise ValueError("at least one seed article is needed")
    unknown = set(counts or {}) - set(OPERATIONS)
    if unknown:
        raise ValueError(f"unknown operations: {', '.join(sorted(unknown))}")
    rng = random.Random(f"readout-synth:{seed}:{index}")
    own = seeds[index % len(seeds)]
    others = [s for k, s in enumerate(seeds) if k != index % len(seeds)]
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    if counts is None:
        n = {op: rng.randint(0, top) for op, top in DEFAULT_COUNTS.items()}
    else:
        n = {op: counts.get(op, 0) for op in OPERATIONS}
    builder = _Builder(rng, own, others, lex)
    for _ in range(n["background_a"]):
        builder.add_background_a()
    builder.start_b()
    content = [op for op in CONTENT_OPS for _ in range(n[op])]
    rng.shuffle(content)
    for op in content:
        builder.content(op)
    for _ in range(n["typo"]):
        builder.typo()
    for _ in range(n["drop"]):
        builder.drop()
    for _ in range(n["split"]):
        builder.split()
    for _ in range(n["merge"]):
        builder.merge()
    for _ in range(n["background_b"]):
        builder.add_background_b()
    if n["reorder"]:
        builder.reorder()
    for _ in range(n["glue"]):
        builder.glue()
    return _finish(builder, f"synth_{seed}_{index:04d}")


def _finish(builder: _Builder, name: str) -> SynthPair:
    # Side a: one paragraph per line group, sentences joined by a space.
    a_ids: dict[int, str] = {}
    a_sentences: list[SynthSentence] = []
    parts: list[str] = []
    pos = 0
    for p, para in enumerate(builder.a_paragraphs):
        if p:
            parts.append("\n\n")
            pos += 2
        for k, i in enumerate(para):
            if k:
                parts.append(" ")
                pos += 1
            text = builder.a_texts[i]
            a_ids[i] = f"a{len(a_sentences) + 1}"
            a_sentences.append(SynthSentence(a_ids[i], pos, pos + len(text), text))
            parts.append(text)
            pos += len(text)
    text_a = "".join(parts) + "\n"

    b_ids: dict[int, str] = {}
    b_sentences: list[SynthSentence] = []
    parts, pos = [], 0
    for p, b_para in enumerate(builder.b_paragraphs):
        if p:
            parts.append("\n\n")
            pos += 2
        for k, b_sent in enumerate(b_para):
            if k and not b_sent.glued:
                parts.append(" ")
                pos += 1
            b_ids[id(b_sent)] = f"b{len(b_sentences) + 1}"
            b_sentences.append(
                SynthSentence(b_ids[id(b_sent)], pos, pos + len(b_sent.text), b_sent.text)
            )
            parts.append(b_sent.text)
            pos += len(b_sent.text)
    text_b = "".join(parts) + "\n"

    # Groups: connected components of "b sentence reports a sentence".
    b_sents = [s for para in builder.b_paragraphs for s in para]
    component: dict[int, int] = {}
    members: list[tuple[set[int], list[_Sent]]] = []
    for sent in b_sents:
        if not sent.origin:
            continue
        joined = sorted({component[i] for i in sent.origin if i in component})
        if joined:
            target = joined[0]
            for other in joined[1:]:
                members[target][0].update(members[other][0])
                members[target][1].extend(members[other][1])
                for i in members[other][0]:
                    component[i] = target
                members[other] = (set(), [])
        else:
            target = len(members)
            members.append((set(), []))
        members[target][0].update(sent.origin)
        members[target][1].append(sent)
        for i in sent.origin:
            component[i] = target
    notes = {"split": "b splits the a sentence", "merge": "b merges the a sentences"}
    groups = []
    for a_set, b_list in members:
        if not a_set:
            continue
        a_group = tuple(sorted((a_ids[i] for i in a_set), key=lambda x: int(x[1:])))
        b_group = tuple(sorted((b_ids[id(s)] for s in b_list), key=lambda x: int(x[1:])))
        ops = sorted(
            {
                c.op
                for c in builder.changes
                if c.op in notes and any(id(s) in {id(t) for t in b_list} for s in c.b)
            }
        )
        groups.append(SynthGroup(a_group, b_group, "; ".join(notes[o] for o in ops)))
    groups.sort(key=lambda g: int(g.a[0][1:]))

    findings = []
    for sent in b_sents:
        for mark in sent.marks:
            a_text = builder.a_texts[mark.a]
            a0, a1 = _unique_span(a_text, *mark.a_span)
            b0, b1 = _unique_span(sent.text, *mark.b_span)
            findings.append(
                SynthFinding(
                    mark.kind,
                    a_ids[mark.a],
                    b_ids[id(sent)],
                    a_text[a0:a1],
                    sent.text[b0:b1],
                    mark.note,
                )
            )
    findings.sort(key=lambda f: (int(f.a[1:]), int(f.b[1:]), f.kind))

    changes = tuple(
        Change(
            c.op,
            tuple(a_ids[i] for i in c.a),
            tuple(b_ids[id(s)] for s in c.b if id(s) in b_ids),
            c.detail,
        )
        for c in builder.changes
    )
    return SynthPair(
        name=name,
        seed=builder.own.name,
        text_a=text_a,
        text_b=text_b,
        sentences_a=tuple(a_sentences),
        sentences_b=tuple(b_sentences),
        groups=tuple(groups),
        findings=tuple(findings),
        changes=changes,
    )


def generate(
    seeds: Sequence[Seed],
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    lexicon: Lexicon | None = None,
) -> list[SynthPair]:
    """`count` pairs, cycling through the seeds."""
    return [generate_pair(seeds, k, seed=seed, lexicon=lexicon) for k in range(count)]


def write_pair(pair: SynthPair, directory: str | Path) -> Path:
    """Write `<name>_a.txt`, `<name>_b.txt` and `<name>.json` (the gold) into `directory`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    a_file, b_file = f"{pair.name}_a.txt", f"{pair.name}_b.txt"
    (directory / a_file).write_text(pair.text_a, encoding="utf-8")
    (directory / b_file).write_text(pair.text_b, encoding="utf-8")
    gold = directory / f"{pair.name}.json"
    gold.write_text(
        json.dumps(pair.gold(a_file, b_file), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return gold


def write_benchmark(
    seed_paths: Sequence[str | Path],
    directory: str | Path,
    *,
    count: int,
    seed: int = DEFAULT_SEED,
) -> list[Path]:
    """Generate `count` pairs from the seed articles into `directory`; returns the gold paths."""
    seeds = [load_seed(p) for p in seed_paths]
    return [write_pair(p, directory) for p in generate(seeds, count, seed=seed)]
