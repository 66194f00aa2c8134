"""Split a source's body into sentence statements.

English boundaries come from nupunkt (Punkt with a large abbreviation model); post-passes
then fix what news text needs: Chinese 。！？ boundaries, a missing space after a full stop
("policy.Both"), continuations that start in lower case, honorifics and month abbreviations
that Punkt took for sentence ends, and word-less leftovers (hashtags, links).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nupunkt

from compare.ingest import has_statement_words, language_of
from compare.models import Source, Statement

# fmt: off
# A Chinese piece this short after a closing quote, with a reporting verb, is its attribution
# ("……。”他说。"); "……。”随后离开。" starts a new sentence.
MAX_CJK_ATTRIBUTION_CHARS = 8
CJK_ATTRIBUTION_VERBS = (
    "说", "說", "道", "称", "稱", "表示", "指出", "强调", "強調", "问", "問", "答", "透露",
    "补充", "補充", "回应", "回應", "介绍", "介紹", "告诉", "告訴",
)
# Abbreviations that come before a name and so never end a sentence.
HONORIFICS = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Amb", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm",
    "Sgt", "Sen", "Rep", "Gov", "Rev", "Hon", "Pres", "Sec", "Supt",
)
# Abbreviations that never end a sentence when a number follows ("Sept. 18", "No. 1").
NUMBER_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No",
    "Nos", "Art", "Vol", "Fig",
)
# Other abbreviations of news text that may or may not end a sentence: Punkt decides. Any
# other word with a lower-case letter before ". Capital" ends a sentence, whatever Punkt's
# noisy abbreviation list (trained on legal text: "ago", "week", "met", "bank") says.
OTHER_ABBREVIATIONS = (
    "Inc", "Corp", "Co", "Ltd", "Plc", "Bros", "Jr", "Sr", "St", "Ave", "Blvd", "Rd", "Mt", "Ft",
    "Dept", "Govt", "Univ", "Assn", "Calif", "Ariz", "Fla", "Mass", "Wash", "Conn", "Tenn", "Mich",
    "Minn", "Wis", "Ill", "Ind", "Okla", "Colo", "Nev", "Ore", "Va", "Ga", "Pa", "etc", "vs",
    "approx", "cf", "incl", "esp", "al", "ca", "est", "fig", "figs", "pp", "vol", "ed", "eds",
    "op", "cit", "ibid", "viz", "resp",
)
# Words that open English sentences. After a dotted acronym ("U.S.", "U.N.") only these
# (or a quotation) start a new sentence; any other capitalised word continues a name or
# title ("U.S. Secretary of State", "U.N. General Assembly").
SENTENCE_STARTERS = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "your", "but", "and", "or", "so", "yet", "nor",
    "in", "on", "at", "for", "with", "as", "after", "before", "when", "while", "if", "although",
    "though", "since", "because", "during", "meanwhile", "however", "still", "there", "here",
    "both", "neither", "either", "some", "many", "most", "all", "such", "what", "why", "how",
    "who", "whom", "which", "where", "earlier", "later", "last", "next", "also", "now", "then",
    "asked", "according", "despite", "under", "over", "among", "between", "from", "to", "by", "of",
    "one", "two", "no", "not", "nothing", "none", "instead", "indeed", "separately", "elsewhere",
))
# fmt: on

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Languages written with 。！？ whose attributions follow the closing quote ("……。”他说。").
_CJK_LANGUAGES = ("zh", "ja")
_CLOSERS = "\"'”’」』）)"
# Straight quotes are left out: after 。 they open the next quotation as often as they close.
_CJK_CLOSERS = "”’」』）)"
# Chinese sentence ends: 。！？ (or ASCII !? after an ideograph) and any closing quotes.
_CJK_END_RE = re.compile(rf"(?:[。！？]+|(?<=[{_CJK}])[!?]+)[{_CJK_CLOSERS}]*")
# "policy.Both": a full stop between a lower-case word and a capitalised one, no space.
_GLUED_END_RE = re.compile(r"(?<=[a-z]{2}[.!?])[\"”’]?(?=[\"“‘]?[A-Z][a-z])")
# "… two weeks ago. The …": a plain word, a full stop, a space and a capital.
_WORD_END_RE = re.compile(
    r"(?<![\w.'’-])(?P<word>[A-Za-z]*[a-z][A-Za-z]*)\.[\"”’)\]]*\s+(?=[“‘\"(\[]*[A-Z])"
)
_KNOWN_ABBREVIATIONS = frozenset(HONORIFICS + NUMBER_ABBREVIATIONS + OTHER_ABBREVIATIONS)
_ABBREVIATION_BEFORE_RE = re.compile(
    rf"(?:^|\W)(?:{'|'.join(HONORIFICS + NUMBER_ABBREVIATIONS)})[.!?][\"”’]?$"
)
_HONORIFIC_END_RE = re.compile(rf"(?:^|[\s(\"“])(?:{'|'.join(HONORIFICS)})\.$")
_NUMBER_ABBREVIATION_END_RE = re.compile(rf"(?:^|[\s(])(?:{'|'.join(NUMBER_ABBREVIATIONS)})\.$")
_ACRONYM_END_RE = re.compile(r"(?:^|[^\w.])(?:[A-Z]\.){2,}$")
_FIRST_WORD_RE = re.compile(r"^([“‘\"'(\[]*)(\w+)")
_LOWER_START_RE = re.compile(rf"^[\s{_CLOSERS}“‘(\[—–-]*[a-z]+\b")
_SENTENCE_END_RE = re.compile(rf"[.!?][{_CLOSERS}]*$")
_CLOSERS_ONLY_RE = re.compile(rf"^[\s{_CLOSERS}.,;:!?。！？]+$")
_WORD_RE = re.compile(rf"[^\W\d_]{{2,}}|[{_CJK}]")
_NON_WORD_TOKEN_RE = re.compile(r"^(?:[#@]\S*|\S*://\S*|\S*www\.\S*|\S+\.(?:com|org|net)/\S*)$")

Span = tuple[int, int]
# Finds the offsets inside text[start:end] at which a span must be cut.
Cutter = Callable[[str, int, int], list[int]]


def segment(source: Source) -> tuple[Statement, ...]:
    """Split every body region of `source` into sentences, in text order.

    Ids are "{source.id}:{i}". `paragraph` counts body paragraphs from 0: a region starts a
    new paragraph when a newline separates it from the previous one.
    """
    text = source.text
    statements: list[Statement] = []
    paragraph = -1
    previous_end: int | None = None
    for start, end in source.body:
        if previous_end is None or "\n" in text[previous_end:start]:
            paragraph += 1
        previous_end = end
        for s, e in split_sentences(text, start, end):
            sentence = text[s:e]
            statements.append(
                Statement(
                    id=f"{source.id}:{len(statements)}",
                    source=source.id,
                    index=len(statements),
                    text=sentence,
                    start=s,
                    end=e,
                    language=language_of(sentence),
                    paragraph=paragraph,
                )
            )
    return tuple(statements)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans (absolute offsets, whitespace-stripped, ordered) of `text[start:end]`."""
    end = len(text) if end is None else end
    region = text[start:end]
    spans = [_strip(region, s, e) for s, e in nupunkt.sent_spans(region)]
    pieces = [s for s in spans if s is not None]
    pieces = _split_at(region, pieces, _word_ends)
    pieces = _split_at(region, pieces, _cjk_ends)
    pieces = _split_at(region, pieces, _glued_ends)
    pieces = _merge(region, pieces)
    return [(start + s, start + e) for s, e in pieces if _has_words(region[s:e])]


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _split_at(text: str, spans: list[Span], cuts: Cutter) -> list[Span]:
    """Split each span at the offsets `cuts` returns for it, dropping empty pieces."""
    out: list[Span] = []
    for start, end in spans:
        previous = start
        for cut in [*cuts(text, start, end), end]:
            piece = _strip(text, previous, cut)
            if piece is not None:
                out.append(piece)
            previous = cut
    return out


def _word_ends(text: str, start: int, end: int) -> list[int]:
    return [
        m.end()
        for m in _WORD_END_RE.finditer(text, start, end)
        if m.end() < end and m.group("word") not in _KNOWN_ABBREVIATIONS
    ]


def _cjk_ends(text: str, start: int, end: int) -> list[int]:
    return [m.end() for m in _CJK_END_RE.finditer(text, start, end) if m.end() < end]


def _glued_ends(text: str, start: int, end: int) -> list[int]:
    cuts = []
    for m in _GLUED_END_RE.finditer(text, start, end):
        token_start = max(text.rfind(" ", start, m.start()), start)
        token_end = text.find(" ", m.end(), end)
        token = text[token_start : end if token_end < 0 else token_end]
        # Domains, e-mail addresses, handles and abbreviations keep their dots.
        if "/" in token or "@" in token or "www." in token:
            continue
        if _ABBREVIATION_BEFORE_RE.search(text[token_start : m.end()]):
            continue
        cuts.append(m.end())
    return cuts


def _merge(text: str, spans: list[Span]) -> list[Span]:
    """Re-join pieces that Punkt or the post-passes cut at a non-boundary."""
    out: list[Span] = []
    for span in spans:
        if out and _continues(text, out[-1], span):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


def _continues(text: str, previous: Span, current: Span) -> bool:
    before = text[previous[0] : previous[1]]
    piece = text[current[0] : current[1]]
    if _CLOSERS_ONLY_RE.match(piece):
        return True
    if _HONORIFIC_END_RE.search(before) or _is_fragment(before):
        return True
    if _ACRONYM_END_RE.search(before) and _continues_name(piece):
        return True
    if _NUMBER_ABBREVIATION_END_RE.search(before) and piece[:1].isdigit():
        return True
    if _LOWER_START_RE.match(piece) and _SENTENCE_END_RE.search(before):
        return True
    return (
        _is_cjk(piece)
        and before.endswith(("”", "’", "」", "』"))
        and len(piece) <= MAX_CJK_ATTRIBUTION_CHARS
        and piece.endswith(("。", "！", "？"))
        and any(verb in piece for verb in CJK_ATTRIBUTION_VERBS)
    )


def _continues_name(piece: str) -> bool:
    """After a dotted acronym: does `piece` carry on the same sentence?"""
    m = _FIRST_WORD_RE.match(piece)
    if not m or m.group(1):
        return False  # a quotation or no word: a new sentence
    return m.group(2).lower() not in SENTENCE_STARTERS


def _is_cjk(piece: str) -> bool:
    return language_of(piece) in _CJK_LANGUAGES


def _is_fragment(piece: str) -> bool:
    """A word-less piece such as "U.S." cut off a sentence (but not a hashtag or link)."""
    tokens = piece.split()
    return not any(_WORD_RE.search(t) or _NON_WORD_TOKEN_RE.match(t) for t in tokens)


def _has_words(piece: str) -> bool:
    """A statement needs a word that is not a hashtag, handle or link (as ingest decides)."""
    return has_statement_words(piece)
