"""Generate a news corpus with known event labels, for `readout corpus` benchmarks and tests.

`write_corpus(out, articles=N, meetings=M)` writes N articles about M meetings made from the
development events' sources (tests/data/events/<event>/*.txt): meeting k is a new meeting of
template event k mod 6, with its own date and its own cast and venue (the template's most
prominent names, as `compare.corpus.features` finds them, replaced by invented ones), and
each of its articles is a rewrite of one of the template's sources: government readouts
keep their text (one per meeting), news sources get an outlet from a pool of invented ones,
a publication date of the meeting day or the next, and noise (paragraphs dropped and
reordered, typos, a junk line). Dates in the text (month-day, weekday, Chinese 年月日) follow
the meeting's. Meetings of one template are `TEMPLATE_SPACING_DAYS` apart, so every date window
holds meetings of every template. A Chinese source names the same invented cast, written as
Chinese transliterates foreign names (syllable by syllable, `_HANZI`: Kalomi -> 卡洛米), in
place of the template's Chinese forms of the swapped names (found through the
transliteration table and CC-CEDICT: 布林肯 for Blinken, 慕尼黑 for Munich). Names are swapped
where they are written as names (capitalised), never in lower-case words ("security").

Labels go to OUT/labels.json ({file name: meeting number}). Deterministic per seed; `start`
numbers the files, so `write_corpus(..., start=N, seed=other)` adds unseen articles of the same
meetings (same cast, venue, date) to a corpus.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "tests" / "data" / "events"
#: Sources that are a government's own readout (published once per meeting, not rewritten).
PRIMARY_SOURCES = frozenset(
    {"state", "mfa", "mfa_zh", "commerce", "mofcom", "mea", "bundesregierung", "mofa"}
)
#: Names of a template replaced per meeting (its most prominent ones).
SWAPPED_NAMES = 10
TEMPLATE_SPACING_DAYS = 5
FIRST_DAY = Date(2021, 1, 4)
OUTLETS = tuple(
    f"{a} {b}"
    for a in ("Northern", "Coastal", "Metro", "Global", "Daily", "Evening", "Capital")
    for b in ("Herald", "Wire", "Post", "Times", "Ledger")
)
#: Syllables of invented names and how Chinese writes each in a foreign name (the usual Xinhua
#: transliteration characters): as many onsets as real names have, so that invented names are
#: no more alike than real ones.
_HANZI = {
    "ba": "巴", "be": "贝", "bo": "博", "da": "达", "de": "德", "do": "多", "gu": "古",
    "ka": "卡", "ko": "科", "pa": "帕", "po": "波", "ta": "塔", "to": "托", "sa": "萨",
    "so": "索", "sha": "沙", "shi": "希", "za": "扎", "zo": "佐", "fa": "法", "fe": "费",
    "va": "瓦", "vi": "维", "ma": "马", "mo": "莫", "na": "纳", "no": "诺", "la": "拉",
    "lo": "洛", "ri": "里", "ru": "鲁", "ken": "肯", "ton": "顿", "sen": "森", "man": "曼",
    "del": "德尔", "mar": "马尔", "tor": "托尔", "gra": "格拉", "bel": "贝尔", "tis": "蒂斯",
    "qui": "奎", "ven": "文", "fen": "芬",
}  # fmt: skip
_SYLLABLES = tuple(_HANZI)
#: Syllables of an invented name: 44**3 = 85,184 different names, 10 per meeting (they recur
#: after 8,518 meetings, 19 years later in the generated calendar).
NAME_SYLLABLES = 3
_SCRAMBLE = 7919  # a prime, so coprime with 44**NAME_SYLLABLES
_FIRST_NAME = 1000  # names 0.. would be Bababa, Kakaka ...
_TRADITIONAL = str.maketrans("贝达萨马纳诺维费鲁顿尔", "貝達薩馬納諾維費魯頓爾")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE_RE = re.compile(rf"\b{_MONTH_RE}\.? \d{{1,2}}(?:, \d{{4}})?\b|\b\d{{1,2}} {_MONTH_RE}\b")
_WEEKDAY_RE = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_ZH_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


@dataclass(frozen=True)
class Template:
    event: str
    sources: dict[str, str]  # source name -> text
    names: tuple[str, ...]  # folded names to swap, most prominent first
    #: Chinese source -> (Chinese form of a name as written, its English words folded)
    zh_forms: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]


def templates() -> list[Template]:
    from compare.corpus.features import features
    from compare.ingest import parse_source

    out = []
    for folder in sorted(p for p in EVENTS.iterdir() if p.is_dir()):
        texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
        if not texts:
            continue  # a folder of gold only (the cross-event pairs)
        weight: dict[str, float] = {}
        for name, text in texts.items():
            f = features(parse_source(text, source_id=name, path=name))
            for word, w in f.names.items():
                weight[word] = weight.get(word, 0.0) + w
        top = sorted(weight, key=lambda w: (-weight[w], w))[:SWAPPED_NAMES]
        zh = {
            name: _zh_forms(text)
            for name, text in texts.items()
            if parse_source(text, source_id=name, path=name).language == "zh"
        }
        out.append(Template(folder.name, texts, tuple(top), zh))
    return out


def _zh_forms(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The names a Chinese text writes (as written) and their English words, folded."""
    from compare.corpus.features import _zh_rendering
    from compare.lexicon import fold
    from compare.zh import dictionary, names, tagger

    dic, table = dictionary.load(), names.load()
    found: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        for w in tagger.tag(line):
            if w.tag not in ("PER", "LOC", "ORG", "nz") or len(w.simplified) < 2:
                continue
            parts = [(w.text, w.simplified)]
            direct = w.simplified in table.people or w.simplified in table.places
            direct = direct or bool(dic.senses(w.simplified, proper=True))
            if not direct and w.tag != "PER":
                at = 0
                parts = []
                for part in dic.split(w.simplified):  # 慕尼黑安全 -> 慕尼黑, 安全
                    parts.append((w.text[at : at + len(part)], part))
                    at += len(part)
            for original, simplified in parts:
                if len(simplified) < 2:
                    continue
                tag = w.tag if original == w.text else "LOC"
                rendered = _zh_rendering(simplified, tag, table, dic)
                if not rendered and tag == "PER" and len(simplified) <= 3:
                    rendered = [names.romanise(simplified, dic) or ""]
                words = tuple(fold(x) for r in rendered[:1] for x in re.findall(r"\w+", r))
                if words:
                    found.setdefault(original, words)
    return tuple(sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def _syllables(number: int) -> list[str]:
    """Syllables of invented name `number`: `NAME_SYLLABLES` base-44 digits of the number
    scrambled (a bijection below 44**NAME_SYLLABLES), so that names of one meeting and of the
    next sound as unlike as real people's names do, not as variations of one word."""
    base = len(_SYLLABLES)
    scrambled = ((number + _FIRST_NAME) * _SCRAMBLE) % base**NAME_SYLLABLES
    syllables = []
    for _ in range(NAME_SYLLABLES):
        scrambled, digit = divmod(scrambled, base)
        syllables.append(_SYLLABLES[digit])
    return syllables


def _name(number: int) -> str:
    """An invented name, different for every number."""
    return "".join(_syllables(number)).capitalize()


def _hanzi(number: int, traditional: bool) -> str:
    """Invented name `number` as Chinese writes a foreign name: syllable by syllable."""
    text = "".join(_HANZI[s] for s in _syllables(number))
    return text.translate(_TRADITIONAL) if traditional else text


def _meeting(k: int, template: Template, n_templates: int) -> tuple[Date, dict[str, int]]:
    """Meeting k's date and cast: its template's names -> numbers of invented names no other
    meeting has (`_name`, `_hanzi`)."""
    day = FIRST_DAY + timedelta(days=(k // n_templates) * TEMPLATE_SPACING_DAYS + k % n_templates)
    cast = {name: k * SWAPPED_NAMES + i for i, name in enumerate(template.names)}
    return day, cast


def _redate(text: str, day: Date) -> str:
    text = _DATE_RE.sub(
        lambda m: (
            f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
            if "," in m.group()
            else f"{_MONTHS[day.month - 1]} {day.day}"
        ),
        text,
    )
    text = _WEEKDAY_RE.sub(_WEEKDAYS[day.weekday()], text)
    return _ZH_DATE_RE.sub(f"{day.year}年{day.month}月{day.day}日", text)


def _recast(text: str, cast: dict[str, int]) -> str:
    """English text with the cast's names swapped where written as names (capitalised)."""
    for name, number in cast.items():
        new = _name(number)
        text = re.sub(
            rf"\b{re.escape(name)}\b",
            lambda m, new=new: (
                (new.upper() if m.group().isupper() else new)
                if m.group()[:1].isupper()
                else m.group()
            ),
            text,
            flags=re.IGNORECASE,
        )
    return text


def _recast_zh(
    text: str, forms: tuple[tuple[str, tuple[str, ...]], ...], cast: dict[str, int]
) -> str:
    """Chinese text with each name whose English words the cast swaps written as the invented
    names' transliterations (a name of two swapped words with a middle dot)."""
    from compare.zh import dictionary
    from compare.zh.text import traditional_share

    traditional = traditional_share(text, dictionary.load().t2s) > 0.1
    for original, words in forms:
        swapped = [cast[w] for w in words if w in cast]
        if swapped:
            text = text.replace(original, "·".join(_hanzi(n, traditional) for n in swapped))
    return text


def _noise(text: str, rng: random.Random) -> str:
    head, _, body = text.partition("\n\n")
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) > 3:
        kept = [p for p in paragraphs if rng.random() > 0.2]
        paragraphs = kept if len(kept) >= 3 else paragraphs[:3]
    if rng.random() < 0.3 and len(paragraphs) > 2:
        i = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    words = re.split(r"(\s+)", "\n\n".join(paragraphs))
    for i, w in enumerate(words):
        if len(w) > 5 and w.isalpha() and w.islower() and rng.random() < 0.03:
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    body = "".join(words)
    if rng.random() < 0.3:
        body += f"\n\nRead more: {rng.choice(OUTLETS)} coverage of world affairs"
    return head + "\n\n" + body


def write_corpus(
    out: Path, *, articles: int, meetings: int, seed: int = 0, start: int = 0
) -> dict[str, int]:
    """Write `articles` files into `out` (see the module doc); returns {file name: meeting}."""
    out.mkdir(parents=True, exist_ok=True)
    temps = templates()
    rng = random.Random(f"corpus-{seed}-{start}")
    labels: dict[str, int] = {}
    per_meeting = [
        articles // meetings + (1 if k < articles % meetings else 0) for k in range(meetings)
    ]
    n = start
    for k in range(meetings):
        template = temps[k % len(temps)]
        day, cast = _meeting(k, template, len(temps))
        primaries = [s for s in template.sources if s in PRIMARY_SOURCES]
        others = [s for s in template.sources if s not in PRIMARY_SOURCES] or primaries
        for i in range(per_meeting[k]):
            is_primary = start == 0 and i < len(primaries)
            name = primaries[i] if is_primary else rng.choice(others)
            text = template.sources[name]
            if name in template.zh_forms:
                text = _recast_zh(text, template.zh_forms[name], cast)
            text = _redate(_recast(text, cast), day)
            front = []
            if is_primary:
                front.append("role: primary")
            else:
                text = _noise(text, rng)
                front.append(f"outlet: {rng.choice(OUTLETS)}")
            published = day + timedelta(days=0 if is_primary else rng.choice((0, 0, 1)))
            if rng.random() < 0.95:
                front.append(f"date: {published.isoformat()}")
            file = f"a{n:06d}.txt"
            (out / file).write_text("---\n" + "\n".join(front) + "\n---\n" + text, encoding="utf-8")
            labels[file] = k
            n += 1
    path = out / "labels.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**old, **labels}, indent=0, sort_keys=True))
    return labels


def pairwise(predicted: dict[str, str], gold: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of a grouping (item -> group) against gold labels."""
    from collections import Counter

    items = sorted(set(predicted) & set(gold))
    both = Counter((predicted[i], gold[i]) for i in items)
    pred = Counter(predicted[i] for i in items)
    true = Counter(gold[i] for i in items)

    def pairs(c: Counter) -> int:
        return sum(v * (v - 1) // 2 for v in c.values())

    tp = pairs(both)
    p = tp / pairs(pred) if pairs(pred) else 1.0
    r = tp / pairs(true) if pairs(true) else 1.0
    return p, r


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1])
    write_corpus(target, articles=int(sys.argv[2]), meetings=int(sys.argv[3]))
