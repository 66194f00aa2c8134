"""Group articles into events (meetings): never by comparing all pairs.

Pure core: `group(articles)` takes `Article` values and returns `Event` values.

1. Candidates. Dated articles fall into buckets of `WINDOW_DAYS` days; two articles that can
   be one event (at most `WINDOW_DAYS` apart) lie in one bucket or in two neighbouring ones.
   For each bucket and its successor, an approximate nearest-neighbour index (usearch HNSW,
   cosine) over the articles' signatures returns each article's `NEIGHBOURS` nearest. Undated
   articles are looked up in one index over all articles. A signature mixes what an article
   says (the mean of its statement vectors) with whom and where it names (its names hashed
   into `NAME_DIMS` buckets, weighted by prominence), so that among many reports of similar
   meetings in one window the neighbours are those of the same meeting.
2. Decision. A candidate pair is one event when neither the dates (more than `WINDOW_DAYS`
   apart) nor the weekdays named (none in common) rule it out, the names agree (a
   prominence-weighted overlap of at least `MIN_NAME_OVERLAP`, when both articles have
   `MIN_NAMES` names) and the content agrees (mean vectors at least `MIN_CONTENT` alike, or
   `MIN_CONTENT_WITHOUT_NAMES` when names could not be compared -- but two articles that
   both name someone and share no name are never one event -- or one quote of
   `MIN_QUOTE_WORDS` words in common). Across languages content says nothing (a Chinese
   report of a meeting is no closer to English reports of it than to others): both articles
   must be dated and the names decide. A Chinese article's names are rendered in English
   (transliteration table, CC-CEDICT) or kept as consonant skeletons compared by sound
   (`compare.corpus.features`).
3. Events are the connected components of the accepted pairs between articles with a date
   (union-find, in a fixed order). An article with no date at all joins the event of its
   most alike accepted dated candidate: it never bridges two events.

Same inputs, same events, same ids: an event's id hashes its sorted article ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

import numpy as np

from compare.corpus.features import Features, days_apart, name_overlap, sound
from compare.corpus.store import Store

#: Articles more than this many days apart report different events; also the bucket width
#: of the candidate search. Reports of one meeting appear on its day and the next one or two
#: (a readout issued the next day, a wire story dated the day after, a weekly digest).
WINDOW_DAYS = 3
#: Nearest neighbours looked up per article in its date window.
NEIGHBOURS = 32
#: Buckets of the hashed names part of a signature.
NAME_DIMS = 256
#: Weight of the names part of a signature (the content part has 1 - NAME_WEIGHT).
NAME_WEIGHT = 0.5
#: Smallest prominence-weighted share of names two reports of one meeting have in common.
#: Development meetings (USE, 22 articles): reports of one meeting share 0.30-0.72; of two
#: meetings of the same ministers up to 0.54 (there dates decide), of other meetings < 0.35.
#: A Chinese report (names rendered through the transliteration table, CC-CEDICT and by
#: sound) shares 0.31-0.56 with English reports of its meeting, at most 0.39 with others.
MIN_NAME_OVERLAP = 0.25
#: Fewest names each article needs for the name test (a Chinese text has no capitals).
MIN_NAMES = 3
#: Cosine of mean statement vectors from which two articles say the same things: English
#: reports of one development meeting 0.60-0.92 (USE), of different meetings 0.4-0.87, so
#: content alone never decides between English reports; names and dates do ...
MIN_CONTENT = 0.5
#: ... and when names could not be compared (content and date alone decide): a Chinese
#: readout against English reports of its meeting 0.39-0.72, against other meetings up to
#: 0.62, hence the high bar. Across languages content is not used at all (`same_event`).
MIN_CONTENT_WITHOUT_NAMES = 0.7
#: A quote of this many words in both articles is shared content by itself.
MIN_QUOTE_WORDS = 4
#: HNSW parameters: graph degree and search depth (usearch defaults are 16 and 64).
CONNECTIVITY = 16
EXPANSION_SEARCH = 64

_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Article:
    """One indexed article as grouping sees it. `vector`: ndarray[d], the L2-normalised mean of
    its statement vectors; `quotes`: its quotes of `MIN_QUOTE_WORDS` words or more, folded."""

    id: str
    features: Features
    vector: np.ndarray
    quotes: frozenset[str] = frozenset()
    outlet: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Event:
    """A meeting: its articles (by date, then id), the first date, and the names most of its
    articles share (most prominent first)."""

    id: str
    articles: tuple[str, ...]
    date: str | None
    names: tuple[str, ...]


def group(articles: Sequence[Article]) -> tuple[Event, ...]:
    """Events of `articles` (see the module doc), sorted by date then id; every article is in
    exactly one event (alone, when nothing matched)."""
    n = len(articles)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        parent[max(a, b)] = min(a, b)

    anchored = [_anchored(a) for a in articles]
    floating: dict[int, list[tuple[float, int]]] = {}
    for i, j in sorted(candidate_pairs(articles)):
        if not same_event(articles[i], articles[j]):
            continue
        if anchored[i] and anchored[j]:
            union(i, j)
            continue
        # An article with no date joins one event, the most alike; it never bridges two.
        score = float(np.dot(articles[i].vector, articles[j].vector))
        for x, y in ((i, j), (j, i)):
            if not anchored[x]:
                floating.setdefault(x, []).append((score, y))
    for i in sorted(floating):
        options = sorted(floating[i], key=lambda sj: (-sj[0], sj[1]))
        dated = [j for _, j in options if anchored[j]]
        if dated:
            union(i, dated[0])
        else:
            for _, j in options:
                union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    events = [_event([articles[i] for i in idx]) for idx in members.values()]
    return tuple(sorted(events, key=lambda e: (e.date or "9999", e.id)))


def _anchored(a: Article) -> bool:
    return a.features.day is not None or a.features.month_day is not None


def _event(members: Sequence[Article]) -> Event:
    ordered = sorted(members, key=lambda a: (a.features.date or "9999", a.id))
    ids = tuple(a.id for a in ordered)
    digest = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:12]
    dates = [a.features.date for a in ordered if a.features.date]
    counts: Counter[str] = Counter()
    for a in ordered:
        counts.update(a.features.names.keys())
    need = max(1, (len(ordered) + 1) // 2)
    weight: dict[str, float] = {}
    for a in ordered:
        for name, w in a.features.names.items():
            weight[name] = weight.get(name, 0.0) + w
    # A consonant skeleton ("~PLNKN") is how a Chinese name is compared, not a name to show.
    shared = [k for k in counts if counts[k] >= need and k[:1] != "~"]
    names = tuple(sorted(shared, key=lambda k: (-weight[k], k))[:4])
    return Event(f"e{digest}", ids, min(dates) if dates else None, names)


def same_event(a: Article, b: Article) -> bool:
    """Whether two candidate articles report one event (the decision of the module doc)."""
    days = days_apart(a.features, b.features)
    if days is not None and days > WINDOW_DAYS:
        return False
    wa, wb = set(a.features.weekdays), set(b.features.weekdays)
    if wa and wb and not wa & wb:
        return False
    if a.quotes & b.quotes:
        return True
    content = float(np.dot(a.vector, b.vector))
    overlap = name_overlap(a.features.names, b.features.names)
    comparable = len(a.features.names) >= MIN_NAMES and len(b.features.names) >= MIN_NAMES
    if a.language and b.language and a.language != b.language:
        # Across languages content is no evidence either way (`MIN_CONTENT_WITHOUT_NAMES`):
        # dates and names decide, so both must be there.
        return days is not None and comparable and overlap >= MIN_NAME_OVERLAP
    if comparable:
        return overlap >= MIN_NAME_OVERLAP and content >= MIN_CONTENT
    if a.features.names and b.features.names and overlap == 0:
        return False  # a few names each, none in common: other people
    return content >= MIN_CONTENT_WITHOUT_NAMES


def signatures(articles: Sequence[Article]) -> np.ndarray:
    """ndarray[n, d + NAME_DIMS] float32, L2-normalised: content and names (module doc)."""
    if not articles:
        return np.zeros((0, NAME_DIMS), np.float32)
    content = np.stack([a.vector for a in articles]).astype(np.float32)
    names = np.zeros((len(articles), NAME_DIMS), np.float32)
    for row, a in enumerate(articles):
        for name, w in a.features.names.items():
            names[row, _bucket(sound(name))] += w
    out = np.hstack(
        [_unit(content) * np.sqrt(1 - NAME_WEIGHT), _unit(names) * np.sqrt(NAME_WEIGHT)]
    )
    return _unit(out)


def _bucket(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "little") % (
        NAME_DIMS
    )


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def candidate_pairs(
    articles: Sequence[Article], *, neighbours: int = NEIGHBOURS
) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth deciding: each article's nearest neighbours in its window."""
    sig = signatures(articles)
    days = [_ordinal(a.features.day) for a in articles]
    buckets: dict[int, list[int]] = {}
    undated: list[int] = []
    for i, d in enumerate(days):
        if d is None:
            undated.append(i)
        else:
            buckets.setdefault(d // WINDOW_DAYS, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for b in sorted(buckets):
        members = buckets[b] + buckets.get(b + 1, [])
        for i, j in _neighbour_pairs(sig, members, members, neighbours):
            di, dj = days[i], days[j]
            if di is not None and dj is not None and abs(di - dj) <= WINDOW_DAYS:
                pairs.add((i, j))
    if undated:
        everyone = list(range(len(articles)))
        pairs |= _neighbour_pairs(sig, everyone, undated, neighbours)
    return pairs


def _ordinal(day: Date | None) -> int | None:
    return day.toordinal() if day is not None else None


def _neighbour_pairs(
    sig: np.ndarray, indexed: Sequence[int], queries: Sequence[int], k: int
) -> set[tuple[int, int]]:
    """(i < j) pairs of each query and its k nearest among `indexed` (HNSW, one thread)."""
    if len(indexed) < 2 or not queries:
        return set()
    from usearch.index import Index

    index = Index(
        ndim=sig.shape[1],
        metric="cos",
        dtype="f32",
        connectivity=CONNECTIVITY,
        expansion_search=EXPANSION_SEARCH,
    )
    keys = np.asarray(indexed, dtype=np.uint64)
    index.add(keys, sig[list(indexed)], threads=1)
    found = index.search(sig[list(queries)], min(k + 1, len(indexed)), threads=1)
    keys_found = np.asarray(found.keys).reshape(len(queries), -1)
    counts = np.asarray(getattr(found, "counts", [keys_found.shape[1]] * len(queries)))
    out: set[tuple[int, int]] = set()
    for row, q in enumerate(queries):
        for key in keys_found[row][: int(counts.reshape(-1)[row])]:
            j = int(key)
            if j != q:
                out.add((min(q, j), max(q, j)))
    return out


def articles_from(
    rows: Iterable[Mapping[str, object]],
    centroids: Mapping[str, np.ndarray],
    quotes: Mapping[str, Iterable[str]],
) -> list[Article]:
    """`Article` values from stored rows (`articles` columns), centroids and quote texts."""
    out = []
    for r in rows:
        aid = str(r["article"])
        out.append(
            Article(
                id=aid,
                features=Features.from_row(dict(r)),
                vector=centroids[aid],
                quotes=frozenset(quotes.get(aid, ())),
                outlet=r.get("outlet"),  # type: ignore[arg-type]
                language=r.get("language"),  # type: ignore[arg-type]
            )
        )
    return out


def quote_key(text: str) -> str | None:
    """A quote folded for comparison (case, punctuation), or None when it is too short."""
    words = _WORD_RE.findall(text.lower())
    return " ".join(words) if len(words) >= MIN_QUOTE_WORDS else None


def load(store: Store, partitions: Iterable[str] | None = None) -> list[Article]:
    """Every live article of `store` (of `partitions`, when given) as grouping sees it (the
    I/O edge of this module)."""
    table = store.read(
        "articles",
        columns=[
            "article",
            "outlet",
            "language",
            "names",
            "weekdays",
            "event_date",
            "month_day",
            "centroid",
        ],
        partitions=partitions,
    )
    rows = table.to_pylist()
    centroids = {r["article"]: np.asarray(r["centroid"], dtype=np.float32) for r in rows}
    quotes: dict[str, set[str]] = {}
    for c in store.read("claims", columns=["article", "text"], partitions=partitions).to_pylist():
        key = quote_key(c["text"])
        if key:
            quotes.setdefault(c["article"], set()).add(key)
    return articles_from(rows, centroids, quotes)


def event_rows(
    events: Sequence[Event], articles: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Events as JSON-ready dicts, each listing its articles (id, path, outlet, date, role)."""
    out = []
    for e in events:
        out.append(
            {
                "id": e.id,
                "date": e.date,
                "names": list(e.names),
                "articles": [
                    {
                        "id": a,
                        "path": articles[a].get("path"),
                        "outlet": articles[a].get("outlet"),
                        "date": articles[a].get("date"),
                        "role": articles[a].get("role"),
                    }
                    for a in e.articles
                ],
            }
        )
    return out
