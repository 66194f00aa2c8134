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
holds meetings of every template. Chinese sources keep their names (nothing to swap them for).

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
_SYLLABLES = "ka lo mi ra ven tor sa del qui mar no bel tis ur fen gra zol pe vi han".split()
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
        out.append(Template(folder.name, texts, tuple(top)))
    return out


def _name(number: int) -> str:
    """An invented name, different for every number: its base-20 digits as syllables."""
    syllables = []
    number += len(_SYLLABLES) ** 2  # at least three syllables
    while number:
        number, digit = divmod(number, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
    return "".join(syllables).capitalize()


def _meeting(k: int, template: Template, n_templates: int) -> tuple[Date, dict[str, str]]:
    """Meeting k's date and cast: its template's names -> invented names no other meeting has."""
    day = FIRST_DAY + timedelta(days=(k // n_templates) * TEMPLATE_SPACING_DAYS + k % n_templates)
    cast = {name: _name(k * SWAPPED_NAMES + i) for i, name in enumerate(template.names)}
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


def _recast(text: str, cast: dict[str, str]) -> str:
    for name, new in cast.items():
        text = re.sub(rf"\b{re.escape(name)}\b", new, text, flags=re.IGNORECASE)
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
            text = _redate(_recast(template.sources[name], cast), day)
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
