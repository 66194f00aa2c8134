"""Dictionary evidence that a Chinese statement and an English one say the same thing.

A Chinese statement becomes a tuple of `Concept`s, one per content word: the word and the set
of English word stems it can stand for (its CC-CEDICT senses; for a name, place or title its
renderings from the transliteration table; for a date or figure its English forms). An English
statement becomes a set of the same stems. Alignment weighs the concepts an English statement
covers (see compare/align.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from compare.zh import dictionary as dictionary_mod
from compare.zh import names as names_mod
from compare.zh import numbers, tagger
from compare.zh.dictionary import Dictionary
from compare.zh.names import Names
from compare.zh.tagger import Word

#: Senses of a common word that count as its possible translations (the first are the usual ones).
MAX_SENSES = 8
#: Tags whose words are never evidence (pronouns, prepositions, particles, punctuation ...).
_SKIP_TAGS = frozenset({"w", "u", "xc", "p", "c", "r", "q", "f", "d"})
_WORD = re.compile(r"[a-z]+|[0-9]+")
_SMALL = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
    9: "nine", 10: "ten", 11: "eleven", 12: "twelve",
}  # fmt: skip
_MONTH_NAMES = (
    "", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAY_NAMES = ("", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# English words too common to be evidence (they also fill CEDICT senses: "to be", "a kind of").
_STOP = frozenset(
    """a an the of to and or in on at for with by from as into about over after before than that
    this these those is are was were be been being it its their his her he she they them we our
    us you your i will would can could should may might must has have had do does did not no but
    also both which who whom whose what when where while said says say told tells added noted
    according other such more most very there here then so if all any each upon via per one sb
    sth something someone oneself kind sort used person thing make way etc go take put get give
    come""".split()
)


#: Chinese verbs too general to be evidence (是 "be", 有 "have", 进行 "carry out").
ZH_STOP = frozenset({"是", "有", "进行", "为", "成为", "使", "让", "把", "被", "给"})
#: English words a translation swaps freely, folded onto one stem on both sides (talks are a
#: meeting, a discussion, an exchange ...). Small and uncontroversial groups only.
EQUIVALENT = {
    w: group[0]
    for group in (
        ("talk", "meet", "met", "discussion", "discus", "conversation", "exchang", "dialogu",
         "conferenc", "consultation", "negotiation", "session"),
        ("leader", "head"),
    )
    for w in group
}  # fmt: skip


@dataclass(frozen=True)
class Concept:
    """One Chinese content word (`word`, Simplified) and the English stems it can stand for."""

    word: str
    stems: frozenset[str]


def stem(word: str) -> str:
    """A crude English stem shared by both sides: agreed/agrees/agreeing -> agre, talks -> talk."""
    w = word.lower()
    for suffix in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ied", "ies"):
                w += "y"
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]  # stopped -> stopp -> stop
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]  # agree/agreed, promote/promoted
    return w


def stems(text: str) -> frozenset[str]:
    """Stems of the content words and figures of an English text (equivalents folded)."""
    out = (stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1)
    return frozenset(EQUIVALENT.get(s, s) for s in out)


def _figure_stems(word: str) -> set[str]:
    out: set[str] = set()
    for m in numbers.zh_mentions(word):
        if m.kind in ("date", "month", "day"):
            assert isinstance(m.value, tuple)
            values = list(m.value)
            if m.kind in ("date", "month"):
                out.add(_MONTH_NAMES[values[1]][:3])
                out.add(_MONTH_NAMES[values[1]])
                values.pop(1)
            out.update(str(v) for v in values if v)
        elif m.kind == "weekday":
            assert isinstance(m.value, tuple)
            out.add(_WEEKDAY_NAMES[m.value[0]])
        else:
            hours = float(m.value)  # type: ignore[arg-type]
            n = hours if hours >= 1 else hours * 60
            out.add("hour" if hours >= 1 else "minute")
            if n == int(n):
                out.add(str(int(n)))
                if int(n) in _SMALL:
                    out.add(_SMALL[int(n)])
    for digits in re.findall(r"[0-9]+", word):
        out.add(digits)
        if int(digits) in _SMALL:
            out.add(_SMALL[int(digits)])
    return {stem(s) for s in out}


def _sense_stems(senses: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for sense in senses:
        out |= {s for s in stems(sense) if not s.isdigit()}
    return out


def concept(word: Word, names: Names, dictionary: Dictionary) -> Concept | None:
    """The concept of one tagged word, or None when it is no evidence (pure)."""
    if word.tag in _SKIP_TAGS or word.simplified in ZH_STOP:
        return None
    simp = word.simplified
    found: set[str] = set()
    if word.tag == "PER" or simp in names.people:
        found |= _sense_stems(names_mod.person(simp, names, dictionary))
    elif word.tag in {"LOC", "ORG"} or simp in names.places:
        found |= _sense_stems(names_mod.place(simp, names, dictionary))
    found |= _sense_stems(names.title(simp))
    if word.tag in {"TIME", "m"} or re.search(r"[0-9]", simp):
        found |= _figure_stems(simp)
    if not found:
        senses = dictionary.senses(word.text) or dictionary.senses(simp)
        if senses:
            found |= _sense_stems(senses[:MAX_SENSES])
        else:
            for part in dictionary.split(simp):
                if len(part) > 1 or len(simp) <= 2:
                    found |= _sense_stems(dictionary.senses(part)[:MAX_SENSES])
    found -= {""}
    return Concept(simp, frozenset(found)) if found else None


def concepts_of_words(
    words: Iterable[Word], names: Names, dictionary: Dictionary
) -> tuple[Concept, ...]:
    out = []
    for w in words:
        c = concept(w, names, dictionary)
        if c is not None:
            out.append(c)
    return tuple(out)


def concepts(text: str) -> tuple[Concept, ...]:
    """Concepts of a Chinese statement (loads LAC and CC-CEDICT on first use)."""
    return concepts_of_words(tagger.tag(text), names_mod.load(), dictionary_mod.load())


#: Reporting verbs that end a Chinese statement's opening "speaker + verb" clause (王毅指出，).
ZH_REPORTING = (
    "表示", "指出", "强调", "说", "称", "指", "认为", "介绍", "透露", "警告", "要求", "敦促",
    "呼吁", "回应", "补充", "形容", "重申", "坦言", "提出", "宣布",
)  # fmt: skip
#: Pronouns that name the previous statement's speaker (他又说，).
ZH_PRONOUNS = frozenset({"他", "她"})
EN_PRONOUNS = frozenset({"he", "she"})


def zh_speaker(words: Sequence[Word]) -> str | None:
    """The speaker of a Chinese statement that opens "speaker + reporting verb，": a name
    (Simplified), a pronoun (他), or None. 王毅指出，…  -> 王毅; 他又说，… -> 他."""
    clause: list[Word] = []
    for w in words:
        if w.tag == "w":
            break
        clause.append(w)
    if not clause or len(clause) > 8 or not clause[-1].simplified.endswith(ZH_REPORTING):
        return None
    for w in clause:
        if w.tag == "PER" or w.simplified in ZH_PRONOUNS:
            return w.simplified
    return None


def speaker_stems(
    speakers: Sequence[str | None], render: Callable[[str], Iterable[str]]
) -> list[frozenset[str]]:
    """Each statement's speaker as English stems, a pronoun resolved to the previous named
    speaker of the same source (statements in text order); empty when unknown."""
    out: list[frozenset[str]] = []
    last: frozenset[str] = frozenset()
    for sp in speakers:
        if sp is None:
            out.append(frozenset())
            continue
        if sp in ZH_PRONOUNS or sp.lower() in EN_PRONOUNS:
            out.append(last)
            continue
        found = frozenset(stem(w) for r in render(sp) for w in _WORD.findall(r.lower()))
        out.append(found)
        last = found or last
    return out


def zh_speakers(texts: Sequence[str]) -> list[frozenset[str]]:
    """Speakers of consecutive Chinese statements of one source (loads LAC on first use)."""
    table, dic = names_mod.load(), dictionary_mod.load()
    return speaker_stems(
        [zh_speaker(tagger.tag(t)) for t in texts],
        lambda name: names_mod.person(name, table, dic) or (name,),
    )
