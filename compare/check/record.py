"""The record: which corpus documents are primaries, whose words each one is, in what language.

A primary (a government's readout) is the record for its own side's words. `Voice` says, for
one primary, which government it speaks for (`parties`), which people write in it in their own
voice (a spokesperson the readout is "attributable to"), and which people it quotes. A quote is
checked against what the record says *that* speaker said: the speaker's own quoted words in a
primary, or a primary written in the speaker's (or the speaker's institution's) voice; a
third-person paraphrase is never a quote's record (see `compare.check.verify`).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from compare.check.results import Primary
from compare.check.wording import word_count
from compare.event import name_token
from compare.ingest import GOV_OUTLET_RE
from compare.lexicon import Lexicon, Matcher, default_lexicon, fold, matcher
from compare.models import Source
from compare.quotes import find_cues, find_quotes

#: Share of body paragraphs in a foreign ministry's "<name> said" voice (no direct quotes, no
#: third-party accounts) from which an unlabelled document is taken for a readout.
MINISTRY_VOICE_SHARE = 0.5
#: Fewest paragraphs for that test: a three-line brief has no format to speak of.
MIN_MINISTRY_PARAGRAPHS = 3
#: Quotes shorter than this (in words) are scare quotes and terms, not checked.
MIN_QUOTE_WORDS = 2
#: Words that make a speaker an institution rather than a person ("the Foreign Ministry said").
INSTITUTION_WORDS = frozenset(
    "ministry department office government embassy consulate administration side council "
    "cabinet presidency spokesperson spokesman spokeswoman spokespeople".split()
)
#: Tokens before a person's name searched for the party marker that says whose side they are
#: on ("Chinese Foreign Minister Wang Yi": three tokens).
PARTY_WINDOW = 4
# Capitalised words that are never people.
NOT_PEOPLE = frozenset("the a an he she they it we i both".split())
# A document written in a named person's voice: "The following is attributable to Spokesperson
# Matthew Miller:", "Statement by Press Secretary ...", "Remarks by President ...".
_VOICE_RE = re.compile(
    r"(?:attributable to|statement (?:by|from)|remarks (?:by|of)|press release by)\s+"
    r"(?P<who>[^:\n]{2,80})",
    re.IGNORECASE,
)
_CJK_LANGUAGES = frozenset(("zh", "ja", "ko"))


@lru_cache(maxsize=1)
def spoken_languages() -> dict[str, tuple[str, ...]]:
    """Party -> the languages its government speaks in (compare/data/languages.toml)."""
    text = resources.files("compare").joinpath("data/languages.toml").read_text("utf-8")
    return {party: tuple(langs) for party, langs in tomllib.loads(text).items()}


@dataclass(frozen=True)
class Voice:
    """Whose words a primary is.

    `parties`: the government it speaks for (empty when it cannot be told); `speakers`: name
    words of the people in whose own voice it is written (its spokesperson); `language` the
    language it is written in.
    """

    source: str
    parties: frozenset[str]
    speakers: frozenset[str]
    language: str

    def translated_for(self, parties: set[str] | frozenset[str]) -> bool:
        """Is this record a translation of words spoken by someone of `parties`?

        Yes when every one of their governments speaks languages other than the record's; an
        unknown side is taken to speak the record's language.
        """
        langs = spoken_languages()
        known = [langs[p] for p in parties if p in langs]
        return bool(known) and all(self.language not in ls for ls in known)


def primary_of(source: Source, *, lexicon: Lexicon | None = None) -> Primary | None:
    """The source as a primary, with the reason, or None for a secondary.

    `role` from front matter wins either way. A role ingest inferred as primary is explained
    (government site, government outlet, a readout's opening); an inferred secondary is still
    taken for a primary in a foreign ministry's format (see `ministry_format`).
    """
    given = "role" not in source.inferred
    if source.role == "primary":
        if given:
            return Primary(source.id, "role: primary in front matter", inferred=False)
        why = source.role_reason or "a government's own voice"
        return Primary(source.id, f"inferred primary: {why}", inferred=True)
    if given:
        return None
    reason = ministry_format(source, lexicon=lexicon)
    return Primary(source.id, f"inferred primary: {reason}", inferred=True) if reason else None


def ministry_format(source: Source, *, lexicon: Lexicon | None = None) -> str | None:
    """Why the source reads as a foreign ministry's readout, or None.

    That format reports a meeting paragraph by paragraph as "<Name> said ..." / "..., said
    <Name>", quotes nobody directly and cites no third party ("according to", "a statement
    said"). A document whose outlet is known and is not a government body is news, whatever
    its format.
    """
    if source.outlet and not GOV_OUTLET_RE.search(source.outlet):
        return None
    if len(source.body) < MIN_MINISTRY_PARAGRAPHS:
        return None
    text = source.text
    if any(word_count(q.text) > MIN_QUOTE_WORDS for q in find_quotes(text, lexicon=lexicon)):
        return None
    voiced = 0
    for start, end in source.body:
        cues = find_cues(text, start, end, lexicon=lexicon)
        if any(c.kind == "account" for c in cues):
            return None
        if any(c.kind == "speaker" and person_words(c.speaker, lexicon) for c in cues):
            voiced += 1
    share = voiced / len(source.body)
    if share < MINISTRY_VOICE_SHARE:
        return None
    return (
        f"foreign-ministry readout format ({voiced} of {len(source.body)} paragraphs report "
        "'<name> said', with no direct quote and no third-party account)"
    )


def person_words(phrase: str, lexicon: Lexicon | None) -> set[str]:
    """Capitalised words of a speaker phrase that are neither party markers, titles nor
    institution words: what names a person ("Blinken", "Wang Yi")."""
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    tokens = lex.tokenize(phrase)
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        t = tokens[i]
        kind = name_token(lex, tokens, i)
        if kind < 0:
            i += -kind
            continue
        word = fold(t.text).removesuffix("'s")
        if t.capitalised and not t.cjk and word not in INSTITUTION_WORDS | NOT_PEOPLE:
            out.add(word)
        i += 1
    return out


def parties(phrase: str | None, lex: Matcher) -> set[str]:
    return lex.parties_in(lex.tokenize(phrase)) if phrase else set()


def title_words(phrase: str, lex: Matcher) -> set[str]:
    """Titles in a speaker phrase ("the Chancellor" -> {"chancellor"})."""
    tokens = lex.tokenize(phrase)
    out = set()
    i = 0
    while i < len(tokens):
        n, entries = lex.lookup(tokens, i)
        if n and any(e.category == "title" for e in entries):
            out.add(" ".join(fold(t.text) for t in tokens[i : i + n]))
            i += n
        else:
            i += 1
    return out


def cites_document(phrase: str, lex: Matcher) -> bool:
    """Does the phrase name a document or account ("the readout", "a statement", "state
    media")? Matched on the written word, so that "reporters" (stem "report") is not one."""
    tokens = lex.tokenize(phrase)
    stems = [t.stem for t in tokens]
    words = [fold(t.text) for t in tokens]
    for i in range(len(tokens)):
        for n in (2, 1):
            if tuple(stems[i : i + n]) not in lex.account_nouns:
                continue
            last = words[i + n - 1] if i + n - 1 < len(words) else ""
            nouns = {fold(x).split()[-1] for x in lex.lexicon.account_nouns}
            if last in nouns or last.removesuffix("s") in nouns:
                return True
    return False


def institutional(speaker: str, kind: str, lexicon: Lexicon | None) -> bool:
    """A claim's source is an account ("according to a readout", "a statement said"), an
    institution ("the Foreign Ministry", "the Chinese side", "the spokesperson") or a
    government named by its seat ("Washington", "the White House"), not a person."""
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    if person_words(speaker, lexicon) and not cites_document(speaker, lex):
        return False  # "according to Blinken", "Raimondo told reporters": a person's words
    if kind == "account":
        return True
    tokens = lex.tokenize(speaker)
    if {fold(t.text) for t in tokens} & INSTITUTION_WORDS or cites_document(speaker, lex):
        return True
    # Only party markers (and articles): "Washington said", "the White House said".
    i, rest = 0, []
    while i < len(tokens):
        kind_at = name_token(lex, tokens, i)
        if kind_at < 0 and tuple(t.stem for t in tokens[i : i - kind_at]) in lex.parties:
            i -= kind_at
            continue
        rest.append(fold(tokens[i].text))
        i += 1
    return len(rest) < len(tokens) and all(w in NOT_PEOPLE for w in rest)


def people_parties(texts: Sequence[str], lex: Matcher) -> dict[str, frozenset[str]]:
    """Name word -> the parties the texts mark it with ("Chinese Foreign Minister Wang Yi":
    wang and yi -> China), from the `PARTY_WINDOW` tokens before each capitalised name run.
    A name marked with several parties gets the one marked most often."""
    votes: dict[str, Counter[str]] = {}
    for text in texts:
        tokens = lex.tokenize(text)
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = name_token(lex, tokens, i) if t.capitalised and not t.cjk else 0
            if kind <= 0:
                i += max(1, -kind)
                continue
            j = i
            while j < len(tokens) and tokens[j].capitalised and name_token(lex, tokens, j) > 0:
                j += 1
            found = lex.parties_in(tokens[max(0, i - PARTY_WINDOW) : i])
            if len(found) == 1:
                for t2 in tokens[i:j]:
                    word = fold(t2.text).removesuffix("'s")
                    votes.setdefault(word, Counter()).update(found)
            i = j
    return {w: frozenset(p for p, n in c.items() if n == max(c.values())) for w, c in votes.items()}


def _marked(source: Source, lex: Matcher) -> set[str]:
    """Parties a primary marks in its headline, else in its first sentence: a readout marks
    the *other* side ("Secretary Blinken's Meeting with PRC Director Wang Yi")."""
    for text in (source.title or "", _first_sentence(source)):
        found = parties(text, lex)
        if found:
            return found
    return set()


def _first_sentence(source: Source) -> str:
    if not source.body:
        return ""
    start, end = source.body[0]
    text = source.text[start:end]
    cut = re.search(r"(?<=[.!?。])\s", text)
    return text[: cut.start()] if cut else text


def voices(
    primaries: Sequence[Source], lexicon: Lexicon | None, *, reports: Sequence[Source] = ()
) -> dict[str, Voice]:
    """The `Voice` of each primary of one meeting.

    Its side: the parties of its outlet; else the meeting's other side, when its headline (or
    first sentence) marks exactly one of the two parties the headlines name; else,
    with the other primaries' sides known, the one side left.
    """
    lex = matcher(lexicon if lexicon is not None else default_lexicon())
    marked = {p.id: _marked(p, lex) for p in primaries}
    # The meeting's two sides: the two parties most often marked, a primary's headline mark
    # counting as three mentions in a report.
    counts = Counter(party for side in marked.values() for party in side for _ in range(3))
    for report in reports:
        counts.update(p for _, _, p in lex.party_markers(lex.tokenize(report.text)))
    meeting = {party for party, _ in counts.most_common(2)}
    sides: dict[str, frozenset[str]] = {}
    for p in primaries:
        own = parties(_owner(p.outlet), lex)
        if not own and len(meeting) == 2 and len(marked[p.id]) == 1:
            own = meeting - marked[p.id]
        sides[p.id] = frozenset(own)
    known = {party for side in sides.values() for party in side}
    if len(meeting) == 2 and len(known) == 1:
        rest = frozenset(meeting - known)
        sides = {pid: side or rest for pid, side in sides.items()}
    out = {}
    for p in primaries:
        speakers: set[str] = set()
        for m in _VOICE_RE.finditer(p.text[: (p.body[0][0] if p.body else 0) + 400]):
            speakers |= person_words(m.group("who"), lexicon)
        out[p.id] = Voice(p.id, sides[p.id], frozenset(speakers), p.language)
    return out


def _owner(outlet: str | None) -> str | None:
    """The part of an outlet's name that says whose it is: "Department of American and Oceanian
    Affairs" names the region it deals with, not its government; "U.S. Department of State"
    names its owner before the office word."""
    if outlet is None:
        return None
    match = re.match(r"\(?\s*(?:Office|Ministry|Department|Bureau|Division)\s+of\b", outlet)
    return None if match else outlet
