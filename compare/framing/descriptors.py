"""Changed descriptors: one or two words swapped inside otherwise shared wording.

Two statements that report the same thing and share the words around a short substitution
say the same thing except for that substitution. What the swap is depends on the words and
on who speaks:

- quote_drift  the swapped words are quoted as someone's words on one side, and the other side
               quotes them too or is the speaker's own readout ("honor" / "keep its promises")
- tone         evaluative adjectives swapped in the source's own voice ("serious" / "grave"
               concerns, "candid" / "frank" discussions)

Anything else (a verb for a verb, a noun for a noun outside quotes) is a paraphrase: never a
finding, it stays visible in the side-by-side word diff. Pure functions of token sequences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from compare.lexicon import Token, american, fold

#: Most words on either side of a swap read as one changed descriptor; a longer run is a
#: rewritten clause ("that Japan will honor" / "Tokyo would keep" is four against three).
MAX_SWAP_WORDS = 4
#: Most words on either side of a changed quotation; a longer run is another rendering of the
#: remark (two governments' official English for one formula), not a misquote.
MAX_QUOTE_SWAP_WORDS = 3
#: Shared words on at least one side of a swap that make it a swap inside the same wording
#: rather than two different clauses meeting by chance.
MIN_CONTEXT_WORDS = 2


@dataclass(frozen=True)
class Swap:
    """Tokens of one statement replaced by tokens of the other inside shared wording.

    `before`/`after`: shared words right before and after the swap (0 at a statement edge).
    """

    a: tuple[Token, ...]
    b: tuple[Token, ...]
    before: int = 0
    after: int = 0

    def candidates(self) -> list[Swap]:
        """The swap whole, then its last and its first words paired (the words that touch the
        shared wording): "will honor" / "would keep" holds the swap "honor" / "keep"."""
        out = [self]
        if len(self.a) > 1 or len(self.b) > 1:
            if self.after:
                out.append(Swap(self.a[-1:], self.b[-1:], 0, self.after))
            if self.before:
                out.append(Swap(self.a[:1], self.b[:1], self.before, 0))
        return out


def swaps(
    a: Sequence[Token], b: Sequence[Token], text_a: str | None = None, text_b: str | None = None
) -> list[Swap]:
    """Short substitutions between two token sequences, each with shared words beside it.

    Words are compared by stem; with the source texts given, hyphenated compounds are one word
    ("in-depth" / "frank"). A swap must replace words on both sides.
    """
    if text_a is not None:
        a = hyphenated(a, text_a)
    if text_b is not None:
        b = hyphenated(b, text_b)
    ka = [t.stem for t in a]
    kb = [t.stem for t in b]
    spelt: dict[int, set[str]] = {}

    def words(side: int) -> set[str]:
        # Words as written in the statement, one spelling convention ("Sinicisation").
        if side not in spelt:
            spelt[side] = {american(fold(t.text)) for t in (a, b)[side]}
        return spelt[side]

    matcher = SequenceMatcher(None, ka, kb, autojunk=False)
    ops = matcher.get_opcodes()
    out: list[Swap] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace":
            continue
        if not (1 <= i2 - i1 <= MAX_SWAP_WORDS and 1 <= j2 - j1 <= MAX_SWAP_WORDS):
            continue
        before = _equal_words(ops[n - 1], ka) if n > 0 else 0
        after = _equal_words(ops[n + 1], ka) if n + 1 < len(ops) else 0
        # Shared words on both sides of the swap, or at least MIN_CONTEXT_WORDS on the one side
        # where the swap does not end the statement ("has not changed at all.").
        at_edge = (i1 == 0 and j1 == 0) or (i2 == len(ka) and j2 == len(kb))
        if at_edge and max(before, after) < MIN_CONTEXT_WORDS:
            continue
        if not at_edge and min(before, after) < 1:
            continue
        # Words each side also has elsewhere were moved, not replaced ("de-risking" and
        # "de-Sinicization" quoted in the other order).
        moved_a = {american(fold(t.text)) for t in a[i1:i2]} <= words(1)
        moved_b = {american(fold(t.text)) for t in b[j1:j2]} <= words(0)
        if moved_a and moved_b:
            continue
        sa, sb = tuple(a[i1:i2]), tuple(b[j1:j2])
        if not any(_is_word(t) for t in sa) or not any(_is_word(t) for t in sb):
            continue
        out.append(Swap(sa, sb, before, after))
    return out


def hyphenated(tokens: Sequence[Token], text: str) -> list[Token]:
    """The tokens with words joined by a hyphen merged into one ("in" "depth" -> "in-depth")."""
    out: list[Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        if (
            prev is not None
            and t.start == prev.end + 1
            and text[prev.end] == "-"
            and prev.text[:1].isalpha()
            and t.text[:1].isalpha()
        ):
            out[-1] = Token(
                text=text[prev.start : t.end],
                start=prev.start,
                end=t.end,
                stem=f"{prev.stem}-{t.stem}",
            )
        else:
            out.append(t)
    return out


def _equal_words(op: tuple[str, int, int, int, int], keys: Sequence[str]) -> int:
    tag, i1, i2, _, _ = op
    if tag != "equal":
        return 0
    return sum(1 for k in keys[i1:i2] if k[:1].isalnum())


def _same(swap: Swap, same_words: Callable[[Token, Token], bool]) -> bool:
    """Is the swap no difference at all: the same words inflected, misspelt or run together?"""
    words_a = [t for t in swap.a if _is_word(t)]
    words_b = [t for t in swap.b if _is_word(t)]
    if len(words_a) == len(words_b) and all(
        same_words(x, y) for x, y in zip(words_a, words_b, strict=True)
    ):
        return True
    return _joined(words_a) == _joined(words_b)  # "respect China" / "respectChina"


_CONTRACTIONS = (("n't", "not"), ("'re", "are"), ("'ll", "will"), ("'ve", "have"), ("'m", "am"))


def _joined(tokens: Sequence[Token]) -> str:
    text = "".join(fold(t.text) for t in tokens).replace("\u2019", "'")
    for short, long in _CONTRACTIONS:
        text = text.replace(short, long)
    return text.replace("-", "").replace("'", "")


def _is_word(token: Token) -> bool:
    return token.text[:1].isalpha()


def classify(
    swap: Swap,
    *,
    quoted_a: Callable[[Sequence[Token]], bool],
    quoted_b: Callable[[Sequence[Token]], bool],
    own_voice_a: bool,
    own_voice_b: bool,
    is_descriptor: Callable[[str], bool],
    same_words: Callable[[Token, Token], bool],
    describes: Callable[[Swap], bool],
    is_content: Callable[[Token], bool],
) -> tuple[str, Swap] | None:
    """The kind of finding a swap is and the words it names, or None for a paraphrase.

    `quoted_x(tokens)`: those tokens of side x lie inside quotation marks; `own_voice_x`: side x
    is a readout in its government's own voice (its words are the speaker's record);
    `is_descriptor(word)`: the folded word is an evaluative adjective; `same_words(x, y)`: the
    two tokens are one word for this purpose (inflection, typo, spelling, synonym noise);
    `is_content(token)`: the token is a content word, not grammar;
    `describes(swap)`: on either side the swapped words describe something whose description
    is tone (the talks, the relations, a concern).
    """
    if _same(swap, same_words):
        return None
    for part in swap.candidates():
        kind = _kind(
            part,
            quoted_a,
            quoted_b,
            own_voice_a,
            own_voice_b,
            is_descriptor,
            same_words,
            is_content,
        )
        if kind == "tone" and not describes(part):
            kind = None
        if kind is not None:
            return kind, part
    return None


def _kind(
    swap: Swap,
    quoted_a: Callable[[Sequence[Token]], bool],
    quoted_b: Callable[[Sequence[Token]], bool],
    own_voice_a: bool,
    own_voice_b: bool,
    is_descriptor: Callable[[str], bool],
    same_words: Callable[[Token, Token], bool],
    is_content: Callable[[Token], bool],
) -> str | None:
    words_a = [t for t in swap.a if _is_word(t)]
    words_b = [t for t in swap.b if _is_word(t)]
    if not words_a or not words_b or any(t.number for t in (*swap.a, *swap.b)):
        return None  # figures are the number detector's
    if _same(swap, same_words):
        return None
    if all(t.capitalised for t in (*words_a, *words_b)):
        return None  # names and titles are the entity detector's
    content_a, content_b = any(map(is_content, words_a)), any(map(is_content, words_b))
    phrases = min(len(words_a), len(words_b)) >= 2  # "in the slightest" / "at all"
    if not (content_a and content_b) and not (phrases and (content_a or content_b)):
        return None  # "to specific" / "on": grammar, not a changed word
    qa, qb = quoted_a(swap.a), quoted_b(swap.b)
    quoted = (qa and qb) or (qb and own_voice_a) or (qa and own_voice_b)
    if quoted and max(len(words_a), len(words_b)) <= MAX_QUOTE_SWAP_WORDS:
        return "quote_drift"
    if (
        len(words_a) == len(words_b) == 1
        and is_descriptor(fold(words_a[0].text))
        and is_descriptor(fold(words_b[0].text))
    ):
        return "tone"
    return None
