"""The diplomatic lexicon: characterisation words, reporting verbs, hedges, topics, ... as data.

The default lexicon ships as `compare/data/lexicon.toml`; a user file given with `--lexicon FILE`
is merged on top of it (tables merge key by key, lists are extended, scalars are replaced). This
module is the only one in the framing path that reads a file; everything it returns is a frozen,
hashable value so that the pure core can cache what it compiles from it.
"""

from __future__ import annotations

import bisect
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from compare.errors import InputError

DEFAULT_LEXICON = "lexicon.toml"
#: Signals a characterisation word can carry (see the comment in lexicon.toml).
TONE_SIGNALS = ("friction", "depth", "outcome", "warmth")
TOPIC_KINDS = ("issue", "forum")


@dataclass(frozen=True)
class ToneWord:
    """A word that characterises talks: "candid" signals friction, "productive" an outcome."""

    key: str
    signal: str
    strength: int
    meaning: str
    phrases: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verb:
    """A reporting verb with its force: 1 neutral (said), 2 emphatic (stressed), 3 hostile (warned)."""

    key: str
    force: int
    forms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    #: The base form is also a noun or adjective ("a report"): only inflected forms count.
    noun: bool = False


@dataclass(frozen=True)
class Hedge:
    """A marker of how certain a claim is: 1.0 asserted, 0.4 "could"."""

    key: str
    certainty: float
    phrases: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """A subject whose coverage is compared across sources, with English and Chinese aliases."""

    name: str
    aliases: tuple[str, ...]
    zh: tuple[str, ...] = ()
    #: "issue" (Taiwan, fentanyl) or "forum" (the UN, a past summit): see lexicon.toml.
    kind: str = "issue"


@dataclass(frozen=True)
class Lexicon:
    """Everything framing.py knows about diplomatic language. Hashable, so compiled forms cache."""

    tone: tuple[ToneWord, ...]
    verbs: tuple[Verb, ...]
    hedges: tuple[Hedge, ...]
    negation: tuple[str, ...]
    negation_zh: tuple[str, ...]
    antonyms: tuple[tuple[str, str], ...]
    topics: tuple[Topic, ...]
    parties: tuple[tuple[str, tuple[str, ...]], ...]
    aliases: tuple[tuple[str, tuple[str, ...]], ...]
    titles: tuple[str, ...]
    titles_zh: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...]
    stopwords: tuple[str, ...]
    account_nouns: tuple[str, ...]
    account_cues: tuple[str, ...]
    account_zh: tuple[str, ...]
    talks: tuple[str, ...] = ()
    talks_zh: tuple[str, ...] = ()
    inflections: tuple[tuple[str, str], ...] = ()
    framings: tuple[tuple[str, ...], ...] = ()
    tone_targets: tuple[tuple[str, ...], ...] = ()
    predicates: tuple[tuple[str, ...], ...] = ()
    #: Words that rank a title below or beside the title itself ("vice", "deputy").
    title_ranks: tuple[str, ...] = ()

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.topics)

    @cached_property
    def issues(self) -> frozenset[str]:
        """Names of the topics that are policy issues rather than forums (asked per statement)."""
        return frozenset(t.name for t in self.topics if t.kind == "issue")


def merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `extra` into a copy of `base`: tables recursively, lists extended, scalars replaced."""
    merged: dict[str, Any] = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            merged[key] = old + [v for v in value if v not in old]
        else:
            merged[key] = value
    return merged


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of strings")
    return tuple(value)


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ValueError(f"[{key}] must be a table")
    return value


def _entries(data: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
    out = []
    for name, entry in _table(data, key).items():
        if not isinstance(entry, Mapping):
            raise ValueError(f"{key}.{name} must be a table")
        out.append((str(name), entry))
    return out


def _number(entry: Mapping[str, Any], field: str, where: str) -> float:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}.{field} must be a number")
    return float(value)


def _topic_kind(value: Any, name: str) -> str:
    if value not in TOPIC_KINDS:
        raise ValueError(f"topics.{name}.kind must be one of {', '.join(TOPIC_KINDS)}")
    return str(value)


def build(data: Mapping[str, Any]) -> Lexicon:
    """Turn parsed lexicon TOML into a `Lexicon`; raises ValueError naming the bad entry."""
    tone = []
    for key, entry in _entries(data, "tone"):
        signal = str(entry.get("signal", ""))
        if signal not in TONE_SIGNALS:
            raise ValueError(f"tone.{key}.signal must be one of {', '.join(TONE_SIGNALS)}")
        tone.append(
            ToneWord(
                key=key,
                signal=signal,
                strength=int(_number(entry, "strength", f"tone.{key}")),
                meaning=str(entry.get("meaning", "")),
                phrases=_strings(entry.get("phrases"), f"tone.{key}.phrases"),
                zh=_strings(entry.get("zh"), f"tone.{key}.zh"),
            )
        )
    verbs = [
        Verb(
            key=key,
            force=int(_number(entry, "force", f"verbs.{key}")),
            forms=_strings(entry.get("forms"), f"verbs.{key}.forms"),
            phrases=_strings(entry.get("phrases"), f"verbs.{key}.phrases"),
            zh=_strings(entry.get("zh"), f"verbs.{key}.zh"),
            noun=bool(entry.get("noun", False)),
        )
        for key, entry in _entries(data, "verbs")
    ]
    hedges = [
        Hedge(
            key=key,
            certainty=_number(entry, "certainty", f"hedges.{key}"),
            phrases=_strings(entry.get("phrases"), f"hedges.{key}.phrases"),
            zh=_strings(entry.get("zh"), f"hedges.{key}.zh"),
        )
        for key, entry in _entries(data, "hedges")
    ]
    topics = [
        Topic(
            name=name,
            aliases=_strings(entry.get("aliases"), f"topics.{name}.aliases") or (name,),
            zh=_strings(entry.get("zh"), f"topics.{name}.zh"),
            kind=_topic_kind(entry.get("kind", "issue"), name),
        )
        for name, entry in _entries(data, "topics")
    ]
    negation = _table(data, "negation")
    antonyms = []
    for pair in negation.get("antonyms", []):
        words = _strings(pair, "negation.antonyms")
        if len(words) != 2:
            raise ValueError("negation.antonyms entries must be pairs of words")
        antonyms.append((words[0], words[1]))
    accounts = _table(data, "accounts")
    titles = _table(data, "titles")
    framings = tuple(
        _strings(group, "framings.groups") for group in _table(data, "framings").get("groups", [])
    )
    predicates = tuple(
        _strings(group, "predicates.groups")
        for group in _table(data, "predicates").get("groups", [])
    )
    synonyms = tuple(
        _strings(group, "synonyms.groups") for group in _table(data, "synonyms").get("groups", [])
    )
    inflections = tuple(
        (str(form), str(lemma)) for form, lemma in _table(data, "inflections").items()
    )
    return Lexicon(
        tone=tuple(tone),
        verbs=tuple(verbs),
        hedges=tuple(hedges),
        negation=_strings(negation.get("cues"), "negation.cues"),
        negation_zh=_strings(negation.get("zh"), "negation.zh"),
        antonyms=tuple(antonyms),
        topics=tuple(topics),
        parties=tuple(
            (name, _strings(markers, f"parties.{name}"))
            for name, markers in _table(data, "parties").items()
        ),
        aliases=tuple(
            (name, _strings(forms, f"aliases.{name}"))
            for name, forms in _table(data, "aliases").items()
        ),
        titles=_strings(titles.get("en"), "titles.en"),
        titles_zh=_strings(titles.get("zh"), "titles.zh"),
        title_ranks=_strings(titles.get("ranks"), "titles.ranks"),
        synonyms=synonyms,
        framings=framings,
        predicates=predicates,
        stopwords=_strings(_table(data, "stopwords").get("en"), "stopwords.en"),
        account_nouns=_strings(accounts.get("nouns"), "accounts.nouns"),
        account_cues=_strings(accounts.get("cues"), "accounts.cues"),
        account_zh=_strings(accounts.get("zh"), "accounts.zh"),
        talks=_strings(_table(data, "talks").get("en"), "talks.en"),
        tone_targets=tuple(
            _strings(group, "talks.targets") for group in _table(data, "talks").get("targets", [])
        ),
        talks_zh=_strings(_table(data, "talks").get("zh"), "talks.zh"),
        inflections=inflections,
    )


def _default_data() -> dict[str, Any]:
    raw = resources.files("compare").joinpath("data", DEFAULT_LEXICON).read_text("utf-8")
    return tomllib.loads(raw)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon that ships with readout."""
    return build(_default_data())


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The default lexicon, extended by the TOML file at `path` if one is given.

    Raises InputError when the file is missing, unreadable, not TOML, or has a malformed entry.
    """
    if path is None:
        return default_lexicon()
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(where, "lexicon file not found", "check the --lexicon path") from None
    except OSError as exc:
        raise InputError(
            where, f"cannot read lexicon file ({exc.strerror})", "check permissions"
        ) from None
    try:
        extra = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(where, "lexicon file is not UTF-8 text", "save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            where, f"lexicon file is not valid TOML ({exc})", "fix the TOML syntax"
        ) from None
    try:
        return build(merge(_default_data(), extra))
    except (ValueError, TypeError) as exc:
        raise InputError(
            where, f"bad lexicon entry: {exc}", "see compare/data/lexicon.toml for the format"
        ) from None


# ---------------------------------------------------------------------------------------------
# Matching text against the lexicon. Words are compared by a light stem (lower case, accents
# folded, British spellings and regular inflections removed) so that "stressed", "stresses" and
# "stress" are one entry; multi-word entries are matched longest-first on those stems.
# ---------------------------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(
    r"(?P<abbr>(?:[A-Za-z]\.){2,})"
    rf"|(?P<cjk>[{_CJK}])"
    r"|(?P<num>\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s)?%?)"
    rf"|(?P<word>(?:(?![{_CJK}])[^\W\d_])+(?:['’](?:(?![{_CJK}])[^\W\d_])+)*)"
)
_VOWELS = frozenset("aeiouy")
_KEEP_DOUBLE = frozenset("lsz")
# -ise words that are not British spellings of -ize verbs.
_ISE_KEEP = frozenset(
    "advise revise devise comprise compromise enterprise exercise expertise franchise improvise "
    "merchandise otherwise premise promise supervise surprise televise raise praise rise arise "
    "wise precise concise noise cruise despise disguise excise incise chastise demise reprise "
    "apprise circumcise likewise clockwise paradise treatise".split()
)
_OUR = frozenset(
    "favour honour colour labour neighbour behaviour endeavour harbour rumour vigour armour "
    "humour flavour savour valour odour parlour".split()
)
_BRITISH = {
    "defence": "defense",
    "offence": "offense",
    "centre": "center",
    "programme": "program",
    "licence": "license",
    "fulfil": "fulfill",
    "catalogue": "catalog",
    "analyse": "analyze",
    "travelled": "traveled",
    "travelling": "traveling",
    "cancelled": "canceled",
    "labelled": "labeled",
    "modelling": "modeling",
    "counselling": "counseling",
}


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower case, accents removed, curly apostrophes straightened: "António" -> "antonio".

    Cached: the framing pass folds the same few thousand words over and over.
    """
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def american(word: str) -> str:
    """A folded word in American spelling: "sinicisation" -> "sinicization".

    Cached like `fold`: framing asks about the same words for every statement pair.
    """
    return _british(word)


def _british(word: str) -> str:
    if word in _BRITISH:
        return _BRITISH[word]
    for ending in ("isation", "isations"):
        if word.endswith(ending):
            return word[: -len(ending)] + "ization" + word[len(word) - len(ending) + 7 :]
    for ending, american in (
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
    ):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)] + "ise"
            if base not in _ISE_KEEP:
                return word[: -len(ending)] + american
    for ending in ("our", "ours", "oured", "ouring", "ourable"):
        if word.endswith(ending) and word[: -len(ending)] + "our" in _OUR:
            return word[: -len(ending)] + "or" + ending[3:]
    return word


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS | _KEEP_DOUBLE:
        return word[:-1]
    return word


def _has_vowel(word: str) -> bool:
    return any(c in _VOWELS for c in word)


def stem(word: str, inflections: Mapping[str, str] | None = None) -> str:
    """A light, deterministic stem: "stressed" -> "stress", "making" -> "mak", "make" -> "mak"."""
    w = fold(word)
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    if inflections and w in inflections:
        w = inflections[w]
    w = _british(w)
    if len(w) <= 3 or not w.isalpha():
        return w
    # Plurals and third person first, then tense/aspect/degree, then a final e (Porter's order).
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
        if w.endswith(("che", "she", "xe", "sse", "zze")):
            w = w[:-1]
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("eed"):
        if len(w) > 5:
            w = w[:-1]
    elif w.endswith("ing") and len(w) >= 6 and _has_vowel(w[:-3]):
        w = _undouble(w[:-3])
    elif w.endswith("ed") and len(w) >= 5 and _has_vowel(w[:-2]):
        w = _undouble(w[:-2])
    # Degree (and agent) endings come off after tense, so that "considering" -> "consider" and
    # "consider" end up alike.
    if w.endswith("est") and len(w) >= 7 and _has_vowel(w[:-3]):
        w = _undouble(w[:-3])
    elif w.endswith("er") and len(w) >= 6 and _has_vowel(w[:-2]):
        w = _undouble(w[:-2])
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@dataclass(frozen=True)
class Token:
    """One word, number, abbreviation or CJK character: `text == source[start:end]`."""

    text: str
    start: int
    end: int
    stem: str
    cjk: bool = False
    number: bool = False

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    inflections: Mapping[str, str] | None = None,
) -> list[Token]:
    """Tokens of `text[start:end]` with offsets into `text`. "didn't" is "did" + "n't"."""
    if inflections:
        return _tokenize(text, start, end, lambda word: stem(word, inflections))
    return _tokenize(text, start, end, _plain_stem)


@lru_cache(maxsize=1 << 16)
def _plain_stem(word: str) -> str:
    return stem(word)


def _tokenize(text: str, start: int, end: int | None, stemmer: Callable[[str], str]) -> list[Token]:
    # Framing, quotes and cues each tokenise the same statement; tokens are immutable, so a
    # cache keyed by the (interned-hash) text and range saves the repeated work.
    return list(_tokenize_cached(text, start, end, stemmer))


@lru_cache(maxsize=1 << 14)
def _tokenize_cached(
    text: str, start: int, end: int | None, stemmer: Callable[[str], str]
) -> tuple[Token, ...]:
    stop = len(text) if end is None else end
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, stop):
        s, e, t = m.start(), m.end(), m.group()
        if m.lastgroup == "word":
            # Only a word with an apostrophe can end in "n't".
            if (
                ("'" in t or "’" in t)
                and t.lower().replace("’", "'").endswith("n't")
                and len(t) > 3
            ):
                out.append(Token(t[:-3], s, e - 3, stemmer(t[:-3])))
                out.append(Token(t[-3:], e - 3, e, "n't"))
                continue
            out.append(Token(t, s, e, stemmer(t)))
        elif m.lastgroup == "cjk":
            out.append(Token(t, s, e, t, cjk=True))
        elif m.lastgroup == "num":
            out.append(Token(t, s, e, t.lower(), number=True))
        else:
            out.append(Token(t, s, e, t.lower().replace(".", "")))
    return tuple(out)


#: Texts at least this long (a source, not a statement) have spans tokenised by slicing the
#: tokens of the whole text, which framing needs anyway: tokenising every statement again
#: cost a third of the framing pass on 1,500-statement documents (benchmarks/bench.py).
SLICE_TEXT_CHARS = 2000


def _sliced(
    text: str, start: int, end: int | None, stemmer: Callable[[str], str]
) -> list[Token] | None:
    """The tokens of `text[start:end]`, taken from the tokens of the whole text, or None where
    that could differ from tokenising the span: a word running across either edge of the span,
    or two tokens written together at an edge ("didn't" cut between "did" and "n't").

    Equal to `_tokenize(text, start, end, stemmer)` whenever it is not None: the token pattern
    looks neither behind a match nor past its end, so a match that lies inside the span is the
    same whether the scan starts at the span or at the start of the text.
    """
    stop = len(text) if end is None else end
    if not 0 <= start <= stop <= len(text):
        return None
    tokens, starts, ends = _whole(text, stemmer)
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, stop)
    for cut, k in ((start, first), (stop, last)):
        if k > 0 and ends[k - 1] > cut:
            return None  # a token runs across the edge
        if k > 0 and ends[k - 1] == cut and k < len(starts) and starts[k] == cut:
            return None  # two tokens touch at the edge: maybe one match cut in two
    return list(tokens[first:last])


@lru_cache(maxsize=4)
def _whole(
    text: str, stemmer: Callable[[str], str]
) -> tuple[tuple[Token, ...], list[int], list[int]]:
    """Tokens of the whole text with their starts and ends, for `_sliced`."""
    tokens = _tokenize_cached(text, 0, None, stemmer)
    return tokens, [t.start for t in tokens], [t.end for t in tokens]


def is_cjk(text: str) -> bool:
    """True when most letters of `text` are CJK characters."""
    if text.isascii():
        return False  # no CJK character at all (and the common case: skip counting)
    cjk = sum(1 for c in text if "\u3400" <= c <= "\u9fff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return cjk > latin


@dataclass(frozen=True)
class Entry:
    """What a (multi-)word matched in the lexicon: category, canonical key and source entry."""

    category: str
    key: str
    exact: str | None = None  # surface that must match exactly (all-caps abbreviations)
    literal: str | None = None  # folded surface that must match (negations: "noted" is not "not")


#: Categories in order of precedence when one phrase is listed in several.
CATEGORIES = (
    "alias",
    "negation",
    "tone",
    "hedge",
    "verb",
    "account",
    "title",
    "synonym",
    "stop",
)


class Matcher:
    """A lexicon compiled for matching: phrase tables keyed by stem tuples."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.inflections = {fold(k): fold(v) for k, v in lexicon.inflections}
        # Stems by word: stemming is pure and the same words recur in every statement.
        self._stem_cache: dict[str, str] = {}
        # Entries a phrase's first word fits, by (phrase stems, word): see `_fits`.
        self._fits_cache: dict[tuple[tuple[str, ...], str], tuple[Entry, ...]] = {}
        self.phrases: dict[tuple[str, ...], list[Entry]] = {}
        self.longest = 1
        self.tone = {t.key: t for t in lexicon.tone}
        self.verbs = {v.key: v for v in lexicon.verbs}
        self.hedges = {h.key: h for h in lexicon.hedges}
        for name, forms in lexicon.aliases:
            for form in forms:
                self._add(form, Entry("alias", "@" + fold(name)))
        for cue in lexicon.negation:
            literal = fold(cue) if " " not in cue else None
            self._add(cue, Entry("negation", "not", literal=literal))
        for tone in lexicon.tone:
            for form in (tone.key, *tone.phrases):
                self._add(form.replace("-", " ") if " " in form else form, Entry("tone", tone.key))
        for hedge in lexicon.hedges:
            for form in hedge.phrases or (hedge.key,):
                self._add(form, Entry("hedge", hedge.key))
        for verb in lexicon.verbs:
            for form in (*verb.phrases, *verb.forms) if verb.phrases else (verb.key, *verb.forms):
                self._add(form, Entry("verb", verb.key))
        for cue in lexicon.account_cues:
            self._add(cue, Entry("account", "according to"))
        for title in lexicon.titles:
            self._add(title, Entry("title", "title:" + self.key(title)))
        for group in lexicon.synonyms:
            canonical = "syn:" + self.key(group[0])
            for form in group:
                self._add(form, Entry("synonym", canonical))
        for word in lexicon.stopwords:
            self._add(word, Entry("stop", ""))
        for entries in self.phrases.values():
            entries.sort(key=lambda e: CATEGORIES.index(e.category))
        # Phrase lengths by first stem, longest first: `lookup` tries only lengths that some
        # phrase starting with the token's stem has, instead of every length up to `longest`.
        self._lengths = _lengths_by_first(self.phrases)
        self.talks = {self.stems(t) for t in lexicon.talks}
        # Single-word nouns a description can be about, by stem, with the stem that names their
        # group: the talks (every talk noun), and what a readout characterises besides them.
        self.tone_targets: dict[str, str] = {}
        for group in ((t,) for t in lexicon.talks):
            for word in group:
                if len(stems := self.stems(word)) == 1:
                    self.tone_targets.setdefault(stems[0], "talks")
        for group in lexicon.tone_targets:
            head = self.key(group[0])
            for word in group:
                if len(stems := self.stems(word)) == 1:
                    self.tone_targets.setdefault(stems[0], head)
        self.account_nouns = {self.stems(n) for n in lexicon.account_nouns}
        self.antonyms = {
            frozenset((self.key(a), self.key(b))) for a, b in lexicon.antonyms if a != b
        }
        # Predicates that state one outcome (agree / concur / affirm), keyed by their first.
        self.predicates: dict[str, str] = {}
        for group in lexicon.predicates:
            for word in group:
                stems = self.stems(word)
                if len(stems) == 1:
                    self.predicates.setdefault(stems[0], "pred:" + self.key(group[0]))
        # Stems of contested terms by group: two sources naming one thing with terms of one
        # group but not the same term ("crisis" / "war") frame it differently.
        self.framings: dict[str, int] = {}
        for index, group in enumerate(lexicon.framings):
            for term in group:
                for stem in self.stems(term):
                    self.framings.setdefault(stem, index)
        self.topics: dict[tuple[str, ...], list[str]] = {}
        self.topic_exact: dict[tuple[str, ...], str] = {}
        for topic in lexicon.topics:
            for alias in topic.aliases:
                stems = self.stems(alias)
                if stems:
                    self.topics.setdefault(stems, []).append(topic.name)
                    if alias.isupper() and len(alias) > 1:
                        self.topic_exact[stems] = alias
                    self.longest = max(self.longest, len(stems))
        self._topic_lengths = _lengths_by_first(self.topics)
        self.parties: dict[tuple[str, ...], str] = {}
        for party, markers in lexicon.parties:
            for marker in markers:
                if not is_cjk(marker):
                    self.parties[self.stems(marker)] = party
        self._party_lengths = {
            first: tuple(n for n in lengths if n <= 3)
            for first, lengths in _lengths_by_first(self.parties).items()
        }

    def predicate_key(self, stem: str) -> str | None:
        """The class key of a predicate stem ("concur" -> the agree class), if it has one."""
        return self.predicates.get(stem)

    def stems(self, phrase: str) -> tuple[str, ...]:
        return tuple(t.stem for t in self.tokenize(phrase))

    def _stem(self, word: str) -> str:
        cached = self._stem_cache.get(word)
        if cached is None:
            cached = self._stem_cache[word] = stem(word, self.inflections)
        return cached

    def key(self, phrase: str) -> str:
        return " ".join(self.stems(phrase))

    def _add(self, phrase: str, entry: Entry) -> None:
        stems = self.stems(phrase)
        if not stems:
            return
        exact = phrase if phrase.isupper() and len(phrase) > 1 and " " not in phrase else None
        if exact is not None:
            entry = Entry(entry.category, entry.key, exact, entry.literal)
        bucket = self.phrases.setdefault(stems, [])
        if entry not in bucket:
            bucket.append(entry)
        self.longest = max(self.longest, len(stems))

    def tokenize(self, text: str, start: int = 0, end: int | None = None) -> list[Token]:
        """Tokens of `text[start:end]` with offsets into `text` (see `tokenize`)."""
        if (start or end is not None) and len(text) >= SLICE_TEXT_CHARS:
            sliced = _sliced(text, start, end, self._stem)
            if sliced is not None:
                return sliced
        return _tokenize(text, start, end, self._stem)

    def lookup(self, tokens: Sequence[Token], i: int) -> tuple[int, list[Entry]]:
        """Longest lexicon phrase starting at token i: (length, entries by precedence)."""
        if i >= len(tokens):
            return 0, []
        token = tokens[i]
        lengths = self._lengths.get(token.stem)
        if not lengths:
            return 0, []
        room = len(tokens) - i
        for n in lengths:
            if n > room:
                continue
            stems = (token.stem,) if n == 1 else tuple(t.stem for t in tokens[i : i + n])
            if stems not in self.phrases:
                continue
            fits = self._fits(stems, token.text)
            if fits:
                return n, list(fits)
        return 0, []

    def _fits(self, stems: tuple[str, ...], text: str) -> tuple[Entry, ...]:
        """The entries of the phrase `stems` that a phrase starting with the word `text` fits
        (an all-caps abbreviation must be written so; a negation must be the word itself)."""
        key = (stems, text)
        fits = self._fits_cache.get(key)
        if fits is None:
            surface = text.replace(".", "")
            folded = fold(text)
            fits = self._fits_cache[key] = tuple(
                e
                for e in self.phrases[stems]
                if (e.exact is None or surface == e.exact.replace(".", ""))
                and (e.literal is None or folded == e.literal)
            )
        return fits

    def find_topics(self, text: str, tokens: Sequence[Token]) -> list[tuple[str, int, int]]:
        """(topic, start, end) for every topic alias in the tokens and every Chinese alias."""
        found: list[tuple[str, int, int]] = []
        i = 0
        while i < len(tokens):
            hit = 0
            room = len(tokens) - i
            for n in self._topic_lengths.get(tokens[i].stem, ()):
                if n > room:
                    continue
                stems = tuple(t.stem for t in tokens[i : i + n])
                names = self.topics.get(stems)
                if not names:
                    continue
                exact = self.topic_exact.get(stems)
                if exact is not None and tokens[i].text.replace(".", "") != exact.replace(".", ""):
                    continue
                for name in names:
                    found.append((name, tokens[i].start, tokens[i + n - 1].end))
                hit = n
                break
            i += hit or 1
        if tokens and any(t.cjk for t in tokens):
            lo, hi = tokens[0].start, tokens[-1].end
            for topic in self.lexicon.topics:
                for alias in topic.zh:
                    at = text.find(alias, lo, hi)
                    if at >= 0:
                        found.append((topic.name, at, at + len(alias)))
        return sorted(set(found), key=lambda f: (f[1], f[0]))

    def parties_in(self, tokens: Sequence[Token]) -> set[str]:
        """Parties named by markers among the tokens ("Chinese side" -> China)."""
        return {party for _, _, party in self.party_markers(tokens)}

    def party_markers(self, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        """Party markers among the tokens as (first index, end index, party):
        "the State Department said" -> [(1, 3, "United States")]."""
        out: list[tuple[int, int, str]] = []
        for i in range(len(tokens)):
            # Only lengths some marker starting with this stem has (markers of up to 3 words).
            for n in self._party_lengths.get(tokens[i].stem, ()):
                stems = tuple(t.stem for t in tokens[i : i + n])
                if len(stems) == n and stems in self.parties:
                    out.append((i, i + n, self.parties[stems]))
                    break
        return out


class Lookups:
    """`Matcher.lookup` of one token list, each position looked up at most once: the units of
    a statement, its verbs and its account cues all ask about the same positions."""

    def __init__(self, lex: Matcher, tokens: Sequence[Token]) -> None:
        self.lex = lex
        self.tokens = tokens
        self._memo: dict[int, tuple[int, list[Entry]]] = {}

    def __call__(self, i: int) -> tuple[int, list[Entry]]:
        hit = self._memo.get(i)
        if hit is None:
            hit = self._memo[i] = self.lex.lookup(self.tokens, i)
        return hit


@lru_cache(maxsize=1)
def adjectives() -> frozenset[str]:
    """English words used mainly as adjectives (package data generated from WordNet)."""
    raw = resources.files("compare").joinpath("data", "adjectives.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")
    )


def _lengths_by_first(table: Mapping[tuple[str, ...], object]) -> dict[str, tuple[int, ...]]:
    """For each first stem of the phrases in `table`: their lengths, longest first."""
    lengths: dict[str, set[int]] = {}
    for stems in table:
        if stems:
            lengths.setdefault(stems[0], set()).add(len(stems))
    return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}


def matcher(lexicon: Lexicon) -> Matcher:
    """The compiled form of `lexicon` (cached: compiling the default takes a few milliseconds).

    The same object is found by identity first: hashing a `Lexicon` walks all of its tuples,
    which costs more than many of the lookups a caller then makes.
    """
    hit = _MATCHERS_BY_ID.get(id(lexicon))
    if hit is not None and hit[0] is lexicon:
        return hit[1]
    compiled = _matcher(lexicon)
    if len(_MATCHERS_BY_ID) >= _MATCHERS_BY_ID_SIZE:
        _MATCHERS_BY_ID.clear()
    _MATCHERS_BY_ID[id(lexicon)] = (lexicon, compiled)
    return compiled


# Holding the lexicon keeps its id from being reused while it is a key.
_MATCHERS_BY_ID: dict[int, tuple[Lexicon, Matcher]] = {}
_MATCHERS_BY_ID_SIZE = 8


@lru_cache(maxsize=8)
def _matcher(lexicon: Lexicon) -> Matcher:
    return Matcher(lexicon)
