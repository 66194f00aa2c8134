"""N-way alignment: clusters of statements across all sources, built from pairwise alignments.

Pure: takes statements and the pairwise groups of every pair of sources, returns clusters.

How it decides:

1. Every matched pairwise group is a link between all of its statements. Links are taken
   strongest first (ties broken by source order, then statement order), and each link merges
   the clusters its statements are already in, union-find style.
2. A merge is refused when it would chain unrelated statements: a cluster may hold two
   statements of the same source only if one pairwise group put them together (a 1:n split
   seen by some pair). So a weak link cannot pull a second, different sentence of a source
   into a cluster that a stronger link already built.
3. Statements no accepted link reached become singleton clusters, so a reader sees which
   sources did not report them.

Clusters are ordered by the earliest statement of the first source (in the given source
order) that has a member, and numbered `c1, c2, ...` in that order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.models import Alignment, Cluster, Diff, Statement

#: Digits kept of a cluster's mean score, so that output is identical across machines.
SCORE_DIGITS = 6

PairKey = tuple[str, str]


def cluster(
    statements: Sequence[Statement],
    source_ids: Sequence[str],
    alignments: Mapping[PairKey, Sequence[Alignment]],
) -> tuple[Cluster, ...]:
    """Group the statements of all sources into clusters consistent with `alignments`.

    `alignments[(x, y)]` holds the groups of aligning source `x` (the groups' `a` side) with
    source `y` (their `b` side); `x` and `y` must be in `source_ids`. Every statement of a
    listed source ends up in exactly one cluster.
    """
    order = {sid: i for i, sid in enumerate(source_ids)}
    if len(order) != len(source_ids):
        raise ValueError("source ids must be unique")
    by_id: dict[str, Statement] = {}
    for s in statements:
        if s.source not in order:
            raise ValueError(f"statement {s.id} belongs to unknown source {s.source!r}")
        by_id[s.id] = s
    for x, y in alignments:
        if x not in order or y not in order:
            raise ValueError(f"alignment of unknown sources {x!r}, {y!r}")

    links: list[tuple[PairKey, Alignment]] = []
    licences: set[frozenset[str]] = set()
    for key, groups in alignments.items():
        for g in groups:
            for side in (g.a, g.b):
                if len(side) > 1:
                    licences.add(frozenset(side))
            if g.matched:
                for sid in (*g.a, *g.b):
                    if sid not in by_id:
                        raise ValueError(f"alignment names unknown statement {sid!r}")
                links.append((key, g))

    def link_key(item: tuple[PairKey, Alignment]) -> tuple[float, int, int, int, int]:
        (x, y), g = item
        return (
            -g.score,
            order[x],
            order[y],
            min(by_id[i].index for i in g.a),
            min(by_id[j].index for j in g.b),
        )

    links.sort(key=link_key)

    parent = {sid: sid for sid in by_id}
    members: dict[str, dict[str, set[str]]] = {sid: {by_id[sid].source: {sid}} for sid in by_id}

    def find(sid: str) -> str:
        root = sid
        while parent[root] != root:
            root = parent[root]
        while parent[sid] != root:
            parent[sid], sid = root, parent[sid]
        return root

    def licensed(ids: set[str]) -> bool:
        return len(ids) <= 1 or any(ids <= lic for lic in licences)

    accepted: list[tuple[PairKey, Alignment]] = []
    for key, g in links:
        roots = sorted({find(sid) for sid in (*g.a, *g.b)})
        merged: dict[str, set[str]] = {}
        for root in roots:
            for src, ids in members[root].items():
                merged.setdefault(src, set()).update(ids)
        if not all(licensed(ids) for ids in merged.values()):
            continue
        head = roots[0]
        for root in roots[1:]:
            parent[root] = head
            del members[root]
        members[head] = merged
        accepted.append((key, g))

    scores: dict[str, list[float]] = {}
    for _, g in accepted:
        scores.setdefault(find(g.a[0]), []).append(g.score)

    def cluster_key(root: str) -> tuple[int, int]:
        first = min(members[root], key=lambda src: order[src])
        return order[first], min(by_id[i].index for i in members[root][first])

    result = []
    for n, root in enumerate(sorted(members, key=cluster_key), start=1):
        per_source = {
            src: tuple(sorted(members[root][src], key=lambda i: by_id[i].index))
            for src in sorted(members[root], key=lambda src: order[src])
        }
        link_scores = scores.get(root, [])
        mean = sum(link_scores) / len(link_scores) if link_scores else 0.0
        result.append(Cluster(id=f"c{n}", members=per_source, score=round(mean, SCORE_DIGITS)))
    return tuple(result)


def diff_clusters(diff: Diff) -> tuple[Cluster, ...]:
    """The clusters of a two-source `Diff`: its groups, in reading order of source a."""
    a, b = diff.sources
    return cluster(diff.statements, (a.id, b.id), {(a.id, b.id): diff.groups})
