"""Direct quotes and reporting cues in a source text, with offsets into that text.

`find_quotes(text)` pairs quotation marks (straight "…", curly “…”, „…“, «…», 「…」, 『…』, ‘…’,
and mixed pairs such as "…” that rewrites produce), keeps nested quotes, follows quotes over
several sentences, and names each outer quote's speaker and cue from the words around it:
`"…," Blinken said`, `"…," said Blinken`, `Blinken said: "…"`, `had "…" discussions` (the
sentence's reporting clause), `"…" — Name`, `according to …`. A speaker is never looked for
across a line break, so a byline or a credit line under a quote is not taken for its speaker.

`find_cues(text, start, end)` lists how a statement attributes what it reports: to a speaker
("Blinken said") or to an account ("according to a readout from the Chinese side").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from compare.lexicon import (
    Lexicon,
    Lookups,
    Matcher,
    Token,
    default_lexicon,
    fold,
    matcher,
)

#: Closing marks each opening mark accepts. Rewrites often mix straight and curly marks.
PAIRS = {
    '"': ('"', "”"),
    "“": ("”", '"'),
    "„": ("“", "”"),
    "«": ("»",),
    "‹": ("›",),
    "「": ("」",),
    "『": ("』",),
    "‘": ("’",),
}
MARKS = frozenset('"“”„«»‹›「」『』‘’')
OPENING = frozenset('"“„«‹「『‘')
#: Longest speaker phrase taken before or after a reporting verb, in tokens.
MAX_SPEAKER_TOKENS = 9
#: How far after a closing mark the reporting verb may come ("," he told reporters on Monday).
MAX_TAIL_TOKENS = 8
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?]['\"”’]?\s|[。！？]")
_DASHES = ("—", "–", "--", " - ")
# Words that end a speaker phrase: prepositions, conjunctions and relative pronouns.
_BOUNDARY = frozenset(
    "in on at during after before to from according who which that while when as in, "
    "with without because since but and".split()
)
_AUX = frozenset(
    "be have do will would can could may might shall should also further then later".split()
)
_LEADING = frozenset("and but so then also in what which that as who where when on at".split())
_CUT = frozenset("in on at during after before while when who which".split())
_BE = frozenset("is are was were be been being".split())
_DETERMINERS = frozenset("the a an this that his her its their both".split())
_PRONOUNS = frozenset("he she they it we i you".split())
_ZH_VERB_CUT = ("在", "于", "对", "向", "随后", "还", "也", "则")


@dataclass(frozen=True)
class Quote:
    """A quoted span: `text == source[text_start:text_end]`, marks at `start` and `end - 1`.

    `speaker`/`cue` are copied verbatim from the source (`source[speaker_span[0]:speaker_span[1]]`);
    None when the quote is nested or no attribution is found. `closed` is False for a paragraph
    of a multi-paragraph quote that the next paragraph reopens.
    """

    start: int
    end: int
    text_start: int
    text_end: int
    text: str
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    depth: int = 0
    closed: bool = True


@dataclass(frozen=True)
class Cue:
    """How a statement attributes a claim.

    kind "speaker": a reporting verb with its speaker ("Blinken said", `text` spans both);
    kind "account": a party's account ("according to a readout from the Chinese side",
    "A readout from the Chinese side said"). `speaker` is the speaker or account phrase, `verb`
    the lexicon key of the reporting verb (None for "according to"), `force` its force (0 if none).
    """

    kind: str
    text: str
    start: int
    end: int
    speaker: str
    speaker_span: tuple[int, int]
    verb: str | None = None
    force: int = 0


def _lex(lexicon: Lexicon | None) -> Matcher:
    return matcher(lexicon if lexicon is not None else default_lexicon())


def _is_opener_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return (before.isspace() or before in "([{—–-:：,，") and not after.isspace()


def _continues(text: str, i: int) -> bool:
    """Does the paragraph after the line break at i open with a quotation mark?"""
    j = i
    while j < len(text) and text[j].isspace():
        j += 1
    return j < len(text) and text[j] in OPENING


def _pair_marks(text: str) -> list[tuple[int, int, int, bool]]:
    """(open, close, depth, closed) for every quote, close = index of the closing mark."""
    found: list[tuple[int, int, int, bool]] = []
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if c == "\n":
            if stack and _continues(text, i):
                found.extend((pos, i, depth, False) for depth, (_, pos) in enumerate(stack))
            stack.clear()
            continue
        if c not in MARKS:
            continue
        top = stack[-1][0] if stack else None
        if c == '"':
            closes = top in ('"', "“", "„")
            if closes and not (_is_opener_context(text, i) and top != '"'):
                _, pos = stack.pop()
                found.append((pos, i, len(stack), True))
            else:
                stack.append((c, i))
        elif c == "“" and top == "„":
            _, pos = stack.pop()
            found.append((pos, i, len(stack), True))
        elif c == "‘":
            if _is_opener_context(text, i):
                stack.append((c, i))
        elif c == "’":
            # An apostrophe unless a single quote is open and no letter follows.
            after = text[i + 1] if i + 1 < len(text) else " "
            if top == "‘" and not after.isalpha():
                _, pos = stack.pop()
                found.append((pos, i, len(stack), True))
        elif c in PAIRS:
            stack.append((c, i))
        elif top is not None and c in PAIRS[top]:
            _, pos = stack.pop()
            found.append((pos, i, len(stack), True))
        elif any(c in PAIRS[o] for o, _ in stack):
            # A closing mark for an outer quote: close the inner ones that were left open.
            while stack and c not in PAIRS[stack[-1][0]]:
                stack.pop()
            _, pos = stack.pop()
            found.append((pos, i, len(stack), True))
    return sorted(found)


def _line_bounds(text: str, i: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return start, len(text) if end < 0 else end


def _sentence_start(text: str, i: int, floor: int) -> int:
    start = floor
    for m in _SENTENCE_END.finditer(text, floor, i):
        start = m.end()
    return start


def _sentence_end(text: str, i: int, ceiling: int) -> int:
    m = _SENTENCE_END.search(text, i, ceiling)
    return ceiling if m is None else m.start() + 1


def _verbs(
    lex: Matcher, tokens: Sequence[Token], looked: Lookups | None = None
) -> dict[int, tuple[int, str]]:
    """{token index: (length, verb key)} for reporting verbs, matching phrases longest-first
    from the left so that "United States" is never read as the verb "states"."""
    looked = looked or Lookups(lex, tokens)
    found: dict[int, tuple[int, str]] = {}
    i = 0
    while i < len(tokens):
        n, _ = looked(i)
        hit = _verb_at(lex, tokens, i, looked)
        if hit is not None:
            found[i] = hit
        i += max(n, 1)
    return found


def _verb_at(
    lex: Matcher, tokens: Sequence[Token], i: int, looked: Lookups | None = None
) -> tuple[int, str] | None:
    """(length, verb key) when a reporting verb (used as a verb) starts at token i."""
    n, entries = looked(i) if looked is not None else lex.lookup(tokens, i)
    # A phrase listed with higher precedence (a negation, a stopword, an alias) is not a verb:
    # "not" shares its stem with "note".
    if not entries or entries[0].category != "verb":
        return None
    verb = lex.verbs[entries[0].key]
    if verb.noun and n == 1 and not _inflected(tokens[i].text, verb.key):
        return None
    return n, entries[0].key


def _inflected(surface: str, base: str) -> bool:
    # "-s" is left out on purpose: "remarks", "reports", "notes" are far more often plural nouns.
    word = fold(surface)
    return word != fold(base) and word.endswith(("ed", "ing"))


def _account_at(
    lex: Matcher, tokens: Sequence[Token], i: int, looked: Lookups | None = None
) -> int:
    n, entries = looked(i) if looked is not None else lex.lookup(tokens, i)
    return n if any(e.category == "account" for e in entries) else 0


def _clean_speaker(tokens: Sequence[Token]) -> list[Token]:
    """The speaker inside a clause: "in what both sides have" -> "both sides", "Xi was" -> "Xi",
    "The US State Department in its statement" -> "The US State Department"."""
    out = list(tokens)
    while out and fold(out[0].text) in _LEADING:
        out.pop(0)
    for j in range(1, len(out)):
        if fold(out[j].text) in _CUT:
            out = out[:j]
            break
    while out and (out[-1].stem in _AUX or fold(out[-1].text) in _AUX):
        out.pop()
    return out


def _plausible_speaker(lex: Matcher, tokens: Sequence[Token]) -> bool:
    if not tokens or len(tokens) > MAX_SPEAKER_TOKENS:
        return False
    if fold(tokens[0].text) in _DETERMINERS and len(tokens) <= 5:
        return True  # "the department", "the top diplomat", "a senior official"
    for t in tokens:
        low = fold(t.text)
        if low in _PRONOUNS or t.capitalised or t.cjk:
            return True
        if (t.stem,) in lex.account_nouns or low in {"spokesperson", "spokesman", "spokeswoman"}:
            return True
        n, entries = lex.lookup(tokens, tokens.index(t))
        if any(e.category == "title" for e in entries):
            return True
    return False


def _phrase_after(
    lex: Matcher, text: str, tokens: Sequence[Token], i: int, limit: int
) -> list[Token]:
    """Tokens from i up to a comma, a sentence end or a boundary word (the speaker after a verb)."""
    out: list[Token] = []
    for j in range(i, min(len(tokens), i + MAX_SPEAKER_TOKENS)):
        t = tokens[j]
        if out and (fold(t.text) in _BOUNDARY or _gap_breaks(text, out[-1].end, t.start)):
            break
        if t.end > limit:
            break
        out.append(t)
    return out


def _gap_breaks(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return any(ch in gap for ch in ",;:()\n") or any(m in gap for m in MARKS) or "—" in gap


def _phrase_before(text: str, tokens: Sequence[Token], i: int, floor: int) -> list[Token]:
    """The clause just before token i: back to a comma or quote mark, skipping relative clauses."""
    segments: list[list[Token]] = [[]]
    for j in range(i - 1, -1, -1):
        t = tokens[j]
        if t.start < floor:
            break
        if fold(t.text) == "that":
            # "X said that Guterres appreciated": the speaker of "appreciated" follows "that".
            if segments[-1]:
                break
            continue
        if segments[-1] and _gap_breaks(text, t.end, segments[-1][-1].start):
            segments.append([])
        segments[-1].append(t)
    for seg in segments:
        seg.reverse()
        if seg and fold(seg[0].text) not in {"who", "which", "whose", "where", "when"}:
            # "Han Zheng told Blinken that" -> the clause before "that" when the verb follows it.
            return seg
    return []


def _speaker_tail(
    lex: Matcher, text: str, close: int, ceiling: int
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Speaker and cue spans after a closing mark: `," Blinken said` / `," said Blinken` / `— Name`."""
    j = close + 1
    while j < ceiling and text[j] in " ,，.":
        j += 1
    if text.startswith(_DASHES, j) or (j < ceiling and text[j] in "—–"):
        k = j
        while k < ceiling and text[k] in "—–- ":
            k += 1
        end = k
        while end < ceiling and text[end] not in "(,;\n[":
            end += 1
        end = len(text[:end].rstrip(" .")) if end > k else end
        if end > k:
            dash_end = j
            while dash_end < k and text[dash_end] in "—–-":
                dash_end += 1
            return (k, end), (j, max(dash_end, j + 1))
        return None
    if j < ceiling and text[j] in OPENING:
        return None
    tokens = lex.tokenize(text, j, ceiling)[:MAX_TAIL_TOKENS]
    if tokens and tokens[0].cjk:
        return _zh_tail(text, j, ceiling)
    looked = Lookups(lex, tokens)
    n_acc = _account_at(lex, tokens, 0, looked) if tokens else 0
    if n_acc:
        phrase = _phrase_after(lex, text, tokens, n_acc, ceiling)
        if phrase:
            return (phrase[0].start, phrase[-1].end), (tokens[0].start, tokens[n_acc - 1].end)
    verbs = _verbs(lex, tokens, looked)
    for k in range(len(tokens)):
        if k > 0 and _gap_breaks(text, tokens[k - 1].end, tokens[k].start):
            return None
        hit = verbs.get(k)
        if hit is None:
            continue
        n, _ = hit
        cue = (tokens[k].start, tokens[k + n - 1].end)
        if k == 0:
            phrase = _phrase_after(lex, text, tokens, n, ceiling)
        else:
            phrase = _clean_speaker(tokens[:k])
        if phrase and _plausible_speaker(lex, phrase):
            return (phrase[0].start, phrase[-1].end), cue
        return None
    return None


def _zh_tail(text: str, j: int, ceiling: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    m = re.match(r"([^\s，,。“”]{1,8}?)(说|表示|指出|强调|称|补充说)", text[j:ceiling])
    if m is None:
        return None
    return (j + m.start(1), j + m.end(1)), (j + m.start(2), j + m.end(2))


def _speaker_head(
    lex: Matcher, text: str, floor: int, open_: int
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Speaker and cue before an opening mark: `Blinken said: "…"`, `X said that … had "…"`."""
    head = text[floor:open_]
    if re.search(r"[\u3400-\u9fff]", head):
        found = list(re.finditer(r"(说|表示|指出|强调|称|补充)", head))
        if not found:
            return None
        m = found[-1]
        clause_start = max(head.rfind(c, 0, m.start()) for c in "，,。；;”") + 1
        speaker = head[clause_start : m.start()]
        for cut in _ZH_VERB_CUT:
            at = speaker.find(cut)
            if at > 0:
                speaker = speaker[:at]
        if not speaker.strip():
            return None
        s = floor + clause_start
        return (s, s + len(speaker)), (floor + m.start(), floor + m.end())
    tokens = lex.tokenize(text, floor, open_)
    looked = Lookups(lex, tokens)
    for k in range(len(tokens)):
        n_acc = _account_at(lex, tokens, k, looked)
        if n_acc:
            phrase = _phrase_after(lex, text, tokens, k + n_acc, open_)
            if phrase:
                return (phrase[0].start, phrase[-1].end), (
                    tokens[k].start,
                    tokens[k + n_acc - 1].end,
                )
    verbs = _verbs(lex, tokens, looked)
    for k in range(len(tokens) - 1, -1, -1):
        hit = verbs.get(k)
        if hit is None:
            continue
        n, _ = hit
        phrase = _clean_speaker(_phrase_before(text, tokens, k, floor))
        if phrase and _plausible_speaker(lex, phrase):
            return (phrase[0].start, phrase[-1].end), (tokens[k].start, tokens[k + n - 1].end)
    return None


def _speaker_clause_final(
    lex: Matcher, text: str, close: int, ceiling: int
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """`… are “dignified” people, and …, Xi stressed.`: a cue closing the quote's sentence."""
    end = _sentence_end(text, close + 1, ceiling)
    cues = [c for c in find_cues(text, close + 1, end, lexicon=lex.lexicon) if c.kind == "speaker"]
    if not cues:
        return None
    last = cues[-1]
    if text[last.end : end].strip(' .!?"”’') != "":
        return None
    verb_start = last.speaker_span[1] if last.speaker_span[0] == last.start else last.start
    verb_end = last.end if last.speaker_span[0] == last.start else last.speaker_span[0]
    return last.speaker_span, (text.find(text[verb_start:verb_end].strip(), verb_start), verb_end)


def find_quotes(text: str, *, lexicon: Lexicon | None = None) -> tuple[Quote, ...]:
    """Every quote in `text`, in order of its opening mark; outer quotes carry speaker and cue."""
    lex = _lex(lexicon)
    pairs = _pair_marks(text)
    quotes: list[Quote] = []
    # Sorted marks of the outer quotes, searched by bisection: scanning them all for every
    # quote is quadratic in the number of quotes of a long text.
    outer_ends = sorted(close for _, close, depth, _ in pairs if depth == 0)
    outer_opens = sorted(open_ for open_, _, depth, _ in pairs if depth == 0)
    for open_, close, depth, closed in pairs:
        end = close + 1 if closed else close
        inner = text[open_ + 1 : close]
        speaker_span = cue_span = None
        if depth == 0:
            line_start, line_end = _line_bounds(text, open_)
            before = bisect.bisect_left(outer_ends, open_)
            last_close = outer_ends[before - 1] if before else -1
            prev_close = last_close + 1 if last_close >= line_start else line_start
            floor = max(prev_close, line_start)
            sentence_floor = _sentence_start(text, open_, floor)
            ceiling = line_end if not closed else _line_bounds(text, close)[1]
            after = bisect.bisect_right(outer_opens, close)
            next_open = outer_opens[after] if after < len(outer_opens) else ceiling
            ceiling = min(ceiling, next_open)
            tail = _speaker_tail(lex, text, close, ceiling) if closed else None
            head = _speaker_head(lex, text, sentence_floor, open_)
            head_introduces = text[floor:open_].rstrip().endswith((":", "："))
            found = head if head_introduces and head else tail or head
            if found is None and closed:
                found = _speaker_clause_final(lex, text, close, ceiling)
            if found is not None:
                speaker_span, cue_span = found
        quotes.append(
            Quote(
                start=open_,
                end=end,
                text_start=open_ + 1,
                text_end=close,
                text=inner,
                speaker=text[speaker_span[0] : speaker_span[1]] if speaker_span else None,
                speaker_span=speaker_span,
                cue=text[cue_span[0] : cue_span[1]] if cue_span else None,
                cue_span=cue_span,
                depth=depth,
                closed=closed,
            )
        )
    return tuple(quotes)


def quote_at(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """The outermost quote whose words contain text[start:end], if any."""
    for q in quotes:
        if q.text_start <= start and end <= q.text_end:
            return q
    return None


def _is_account(lex: Matcher, tokens: Sequence[Token]) -> bool:
    return any((t.stem,) in lex.account_nouns for t in tokens) or any(
        tuple(t.stem for t in tokens[i : i + 2]) in lex.account_nouns
        for i in range(len(tokens) - 1)
    )


def find_cues(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    lexicon: Lexicon | None = None,
    tokens: Sequence[Token] | None = None,
    lookups: Lookups | None = None,
) -> tuple[Cue, ...]:
    """Attribution cues of the statement `text[start:end]`, in text order.

    `tokens`, when the caller has them, must be the lexicon's tokens of `text[start:end]`
    (`matcher(lexicon).tokenize(text, start, end)`); they are not computed again. So must
    `lookups`, the caller's lexicon lookups of those very tokens, when given.
    """
    lex = _lex(lexicon)
    stop = len(text) if end is None else end
    if tokens is None:
        tokens = lex.tokenize(text, start, stop)
    if any(t.cjk for t in tokens):
        return _zh_cues(lex, text, start, stop)
    cues: list[Cue] = []
    looked = lookups if lookups is not None and lookups.tokens is tokens else Lookups(lex, tokens)
    verbs = _verbs(lex, tokens, looked)
    k = 0
    while k < len(tokens):
        n_acc = _account_at(lex, tokens, k, looked)
        if n_acc:
            phrase = _phrase_to_clause_end(text, tokens, k + n_acc)
            if phrase:
                s, e = tokens[k].start, phrase[-1].end
                cues.append(
                    Cue("account", text[s:e], s, e, _span_text(text, phrase), _span(phrase))
                )
                k += n_acc + len(phrase)
                continue
        hit = verbs.get(k)
        if hit is None:
            k += 1
            continue
        n, key = hit
        force = lex.verbs[key].force
        if k > 0 and fold(tokens[k - 1].text) in _BE:
            # Passive: "the talks were described by both sides as ..." names its speaker after
            # "by"; without "by" it names none.
            after_by = k + n < len(tokens) and fold(tokens[k + n].text) == "by"
            agent = _phrase_after(lex, text, tokens, k + n + 1, stop) if after_by else []
            if agent and _plausible_speaker(lex, agent):
                s, e = tokens[k].start, agent[-1].end
                kind = "account" if _is_account(lex, agent) else "speaker"
                cues.append(
                    Cue(kind, text[s:e], s, e, _span_text(text, agent), _span(agent), key, force)
                )
            k += n
            continue
        before = _clean_speaker(_phrase_before(text, tokens, k, start))
        if before and _plausible_speaker(lex, before):
            kind = "account" if _is_account(lex, before) else "speaker"
            s, e = before[0].start, tokens[k + n - 1].end
            cues.append(
                Cue(kind, text[s:e], s, e, _span_text(text, before), _span(before), key, force)
            )
        else:
            after = _phrase_after(lex, text, tokens, k + n, stop)
            # "…," said Blinken: inverted order only right after a comma or a closing quote.
            preceded = k > 0 and _gap_breaks(text, tokens[k - 1].end, tokens[k].start)
            gerund = fold(tokens[k].text).endswith("ing")
            if preceded and not gerund and after and _plausible_speaker(lex, after):
                kind = "account" if _is_account(lex, after) else "speaker"
                s, e = tokens[k].start, after[-1].end
                cues.append(
                    Cue(kind, text[s:e], s, e, _span_text(text, after), _span(after), key, force)
                )
        k += n
    return tuple(cues)


def _phrase_to_clause_end(text: str, tokens: Sequence[Token], i: int) -> list[Token]:
    out: list[Token] = []
    for j in range(i, len(tokens)):
        if out and _gap_breaks(text, out[-1].end, tokens[j].start):
            break
        out.append(tokens[j])
    return out


def _span(tokens: Sequence[Token]) -> tuple[int, int]:
    return tokens[0].start, tokens[-1].end


def _span_text(text: str, tokens: Sequence[Token]) -> str:
    return text[tokens[0].start : tokens[-1].end]


def _zh_cues(lex: Matcher, text: str, start: int, stop: int) -> tuple[Cue, ...]:
    cues: list[Cue] = []
    chunk = text[start:stop]
    for verb in lex.lexicon.verbs:
        for alias in verb.zh:
            at = chunk.find(alias)
            if at < 0:
                continue
            clause = max(chunk.rfind(c, 0, at) for c in "，,。；;“”") + 1
            speaker = chunk[clause:at]
            for cut in _ZH_VERB_CUT:
                cut_at = speaker.find(cut)
                if cut_at > 0:
                    speaker = speaker[:cut_at]
            s = start + clause
            span = (s, s + len(speaker)) if speaker else (start + at, start + at)
            cues.append(
                Cue(
                    "speaker",
                    text[start + at : start + at + len(alias)],
                    start + at,
                    start + at + len(alias),
                    speaker,
                    span,
                    verb.key,
                    verb.force,
                )
            )
    # One cue per position: the longest alias wins ("补充说" over "说").
    cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Cue] = []
    for c in cues:
        if not out or c.start >= out[-1].end:
            out.append(c)
    return tuple(out)
