"""The store directory of `readout corpus`: partitioned Parquet and a manifest.

Layout (every file is written to a temporary name and renamed, so nothing is half-written):

    DIR/readout-corpus.json           format marker and the embedding model of the vectors
    DIR/manifest.parquet              one row per input (file path, or table#row): content hash,
                                      size, mtime, article id, the part holding it, or the error
    DIR/<dataset>/date=YYYY-MM/<part>.parquet
                                      datasets `articles`, `statements`, `vectors`, `claims`,
                                      partitioned by the month of the article's date
                                      ("undated" when it has none)
    DIR/checks.parquet                the last `corpus check` verdict of each article

An article's id is the first 16 hex digits of the sha256 of its bytes, so `index` skips
an input whose content it has seen (a re-run of an unchanged corpus does no model work) and a
changed file gets a new id. Parts are only ever added; readers take the rows of the articles
the manifest names, so a part left by an interrupted run is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from compare.errors import UsageError
from compare.files import write_atomic
from compare.models import Source, Statement

FORMAT = "readout.corpus/1"
MARKER = "readout-corpus.json"
MANIFEST = "manifest.parquet"
CHECKS = "checks.parquet"
DATASETS = ("articles", "statements", "vectors", "claims")
UNDATED = "undated"
#: Hex digits of the content sha256 kept as the article id: 64 bits, no collision in 10^9.
ID_DIGITS = 16

ARTICLE_SCHEMA = pa.schema(
    [
        ("article", pa.string()),
        ("path", pa.string()),
        ("text", pa.string()),
        ("language", pa.string()),
        ("outlet", pa.string()),
        ("date", pa.string()),
        ("url", pa.string()),
        ("role", pa.string()),
        ("title", pa.string()),
        ("encoding", pa.string()),
        ("inferred", pa.list_(pa.string())),
        ("body", pa.list_(pa.list_(pa.int64()))),
        ("role_reason", pa.string()),
        # event features (see compare.corpus.features)
        ("names", pa.map_(pa.string(), pa.float64())),
        ("weekdays", pa.list_(pa.int8())),
        ("event_date", pa.string()),
        ("month_day", pa.list_(pa.int8())),
        # L2-normalised mean of the article's statement vectors
        ("centroid", pa.list_(pa.float32())),
    ]
)
STATEMENT_SCHEMA = pa.schema(
    [
        ("article", pa.string()),
        ("index", pa.int32()),
        ("text", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("language", pa.string()),
        ("paragraph", pa.int32()),
    ]
)
CLAIM_SCHEMA = pa.schema(
    [
        ("article", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("speaker", pa.string()),
    ]
)
MANIFEST_SCHEMA = pa.schema(
    [
        ("input", pa.string()),
        ("sha256", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("article", pa.string()),
        ("partition", pa.string()),
        ("part", pa.string()),
        ("error", pa.string()),
        ("checked", pa.bool_()),
    ]
)


def vector_schema(dim: int) -> pa.Schema:
    return pa.schema(
        [
            ("article", pa.string()),
            ("index", pa.int32()),
            ("vector", pa.list_(pa.float32(), dim)),
        ]
    )


def content_id(data: bytes) -> tuple[str, str]:
    """(sha256 hex of `data`, article id = its first `ID_DIGITS` digits)."""
    digest = hashlib.sha256(data).hexdigest()
    return digest, digest[:ID_DIGITS]


def neighbourhood(partition: str) -> set[str]:
    """A month partition and the months before and after it: where the events of an article
    of that month lie. `UNDATED` has no neighbourhood (ValueError)."""
    if partition == UNDATED:
        raise ValueError(partition)
    year, month = int(partition[:4]), int(partition[5:7])
    out = set()
    for step in (-1, 0, 1):
        y, m = divmod(year * 12 + month - 1 + step, 12)
        out.add(f"{y:04d}-{m + 1:02d}")
    return out


def partition_of(date: str | None) -> str:
    """The partition of an article dated `date` (ISO): its month, or `UNDATED`."""
    if date and len(date) >= 7 and date[4] == "-" and date[:4].isdigit() and date[5:7].isdigit():
        return date[:7]
    return UNDATED


@dataclass(frozen=True)
class ManifestRow:
    """One input of the store: where it came from, its content hash, and what became of it.

    `article` is None and `error` says why when the input could not be read as an article.
    `checked` is True once `corpus check` has checked the article.
    """

    input: str
    sha256: str
    size: int
    mtime_ns: int
    article: str | None
    partition: str | None
    part: str | None
    error: str | None = None
    checked: bool = False


class Store:
    """A store directory (see the module doc). Create with `Store.open(path, create=True)`."""

    def __init__(self, root: Path, backend: str | None) -> None:
        self.root = root
        self.backend = backend
        # `live()` of the manifest as last read: (its inode, mtime and size; the mapping). Readers
        # call it once per dataset read; a check task reads three datasets.
        self._live: tuple[tuple[int, int, int], dict[str, tuple[str, str]]] | None = None

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> Store:
        root = Path(path)
        marker = root / MARKER
        if not marker.exists():
            if not create:
                raise UsageError(
                    f"{root} is not a readout corpus store; run `readout corpus index SOURCES "
                    f"--store {root}` first"
                )
            if root.exists() and (not root.is_dir() or any(root.iterdir())):
                raise UsageError(
                    f"{root} exists and is not a readout corpus store; choose another --store"
                )
            root.mkdir(parents=True, exist_ok=True)
            write_atomic(marker, json.dumps({"format": FORMAT, "backend": None}) + "\n")
            return cls(root, None)
        try:
            meta = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(
                f"{marker} cannot be read ({exc}); remove the store and re-index"
            ) from exc
        if meta.get("format") != FORMAT:
            raise UsageError(f"{marker} is not a {FORMAT} store; re-index into a new --store")
        return cls(root, meta.get("backend"))

    def set_backend(self, name: str) -> None:
        """Record the embedding model of the vectors; a store holds one model's vectors only."""
        if self.backend is not None and self.backend != name:
            raise UsageError(
                f"{self.root} holds vectors of {self.backend}, not {name}; "
                "index with the same --backend or into a new --store"
            )
        if self.backend is None:
            write_atomic(self.root / MARKER, json.dumps({"format": FORMAT, "backend": name}) + "\n")
            self.backend = name

    # --- manifest -------------------------------------------------------------------------

    def manifest(self) -> dict[str, ManifestRow]:
        """Input -> its manifest row."""
        path = self.root / MANIFEST
        if not path.exists():
            return {}
        rows = pq.read_table(path).to_pylist()
        return {r["input"]: ManifestRow(**r) for r in rows}

    def write_manifest(self, rows: Mapping[str, ManifestRow]) -> None:
        ordered = [rows[k] for k in sorted(rows)]
        table = pa.Table.from_pylist([r.__dict__ for r in ordered], schema=MANIFEST_SCHEMA)
        write_table(self.root / MANIFEST, table)

    def live(self) -> dict[str, tuple[str, str]]:
        """Article id -> (partition, part) of every article some input currently names."""
        path = self.root / MANIFEST
        try:
            stat = path.stat()
            stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)  # a rewrite is a new file
        except FileNotFoundError:
            return {}
        if self._live is not None and self._live[0] == stamp:
            return dict(self._live[1])
        columns = ["input", "article", "partition", "part"]
        table = pq.read_table(path, columns=columns).sort_by([("input", "ascending")])
        out: dict[str, tuple[str, str]] = {}
        for article, partition, part in zip(
            table["article"].to_pylist(),
            table["partition"].to_pylist(),
            table["part"].to_pylist(),
            strict=True,
        ):
            if article and partition and part:
                out.setdefault(article, (partition, part))
        self._live = (stamp, out)
        return dict(out)

    # --- datasets -------------------------------------------------------------------------

    def part_path(self, dataset: str, partition: str, part: str) -> Path:
        return self.root / dataset / f"date={partition}" / f"{part}.parquet"

    def read(
        self,
        dataset: str,
        articles: Iterable[str] | None = None,
        *,
        columns: Sequence[str] | None = None,
        partitions: Iterable[str] | None = None,
    ) -> pa.Table:
        """Rows of `dataset` for `articles` (default: every live article), in article order;
        only those in `partitions` when given."""
        live = self.live()
        if partitions is not None:
            keep = set(partitions)
            live = {a: loc for a, loc in live.items() if loc[0] in keep}
        wanted = sorted(live if articles is None else set(articles) & set(live))
        parts: dict[tuple[str, str], list[str]] = {}
        for a in wanted:
            parts.setdefault(live[a], []).append(a)
        tables = []
        for (partition, part), ids in sorted(parts.items()):
            path = self.part_path(dataset, partition, part)
            if not path.exists():
                continue
            table = pq.read_table(path, columns=list(columns) if columns else None)
            keep = pc.is_in(table["article"], value_set=pa.array(ids))
            tables.append(table.filter(keep))
        if not tables:
            schema = _schema_of(dataset, self)
            empty = schema.empty_table()
            return empty.select(list(columns)) if columns else empty
        table = pa.concat_tables(tables)
        sort = [("article", "ascending")]
        if "index" in table.column_names:
            sort.append(("index", "ascending"))
        elif "start" in table.column_names:
            sort.append(("start", "ascending"))
        # The same content in two parts (two inputs with equal bytes) is one article.
        table = table.sort_by(sort)
        return _drop_repeats(table)

    def sources(self, articles: Iterable[str] | None = None) -> dict[str, Source]:
        """Article id -> the `Source` as ingested (its id is the article id)."""
        return {
            row["article"]: source_from_row(row)
            for row in self.read("articles", articles).to_pylist()
        }

    def statements(self, articles: Iterable[str] | None = None) -> dict[str, list[Statement]]:
        out: dict[str, list[Statement]] = {}
        for r in self.read("statements", articles).to_pylist():
            out.setdefault(r["article"], []).append(
                Statement(
                    id=f"{r['article']}:{r['index']}",
                    source=r["article"],
                    index=r["index"],
                    text=r["text"],
                    start=r["start"],
                    end=r["end"],
                    language=r["language"],
                    paragraph=r["paragraph"],
                )
            )
        return out

    def vectors(self, articles: Iterable[str] | None = None) -> dict[str, np.ndarray]:
        """Article id -> ndarray[statements, d] float32, in statement order."""
        table = self.read("vectors", articles)
        if table.num_rows == 0:
            return {}
        ids = table["article"].to_pylist()
        flat = table["vector"].combine_chunks()
        dim = flat.type.list_size
        matrix = flat.values.to_numpy(zero_copy_only=False).reshape(-1, dim).astype(np.float32)
        out: dict[str, np.ndarray] = {}
        start = 0
        for i in range(1, len(ids) + 1):
            if i == len(ids) or ids[i] != ids[start]:
                out[ids[start]] = matrix[start:i]
                start = i
        return out

    # --- checks ---------------------------------------------------------------------------

    def checks(self) -> list[dict[str, Any]]:
        path = self.root / CHECKS
        return pq.read_table(path).to_pylist() if path.exists() else []

    def write_checks(self, rows: Sequence[Mapping[str, Any]]) -> None:
        table = pa.Table.from_pylist(
            sorted(rows, key=lambda r: r["article"]),
            schema=pa.schema(
                [
                    ("article", pa.string()),
                    ("event", pa.string()),
                    ("outlet", pa.string()),
                    ("path", pa.string()),
                    ("exit_code", pa.int8()),
                    ("result", pa.string()),
                ]
            ),
        )
        write_table(self.root / CHECKS, table)


def _schema_of(dataset: str, store: Store) -> pa.Schema:
    if dataset == "articles":
        return ARTICLE_SCHEMA
    if dataset == "statements":
        return STATEMENT_SCHEMA
    if dataset == "claims":
        return CLAIM_SCHEMA
    return vector_schema(1)


def _drop_repeats(table: pa.Table) -> pa.Table:
    """Keep the first row of each (article, index/start) key of a sorted table."""
    if table.num_rows < 2:
        return table
    key_col = "index" if "index" in table.column_names else "start"
    if key_col not in table.column_names:
        key_col = "article"
    ids = table["article"].to_pylist()
    keys = table[key_col].to_pylist() if key_col != "article" else ids
    seen: set[tuple[str, Any]] = set()
    keep = []
    # Rows of one article from two parts would repeat keys; a dataset with no key column
    # (articles) repeats the article id.
    for a, k in zip(ids, keys, strict=True):
        keep.append((a, k) not in seen)
        seen.add((a, k))
    if all(keep):
        return table
    return table.filter(pa.array(keep))


def write_table(path: Path, table: pa.Table) -> None:
    """Write a Parquet file atomically (temporary file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def source_row(article: str, source: Source, features: Mapping[str, Any]) -> dict[str, Any]:
    """The `articles` row of a source (its event features merged in)."""
    return {
        "article": article,
        "path": source.path,
        "text": source.text,
        "language": source.language,
        "outlet": source.outlet,
        "date": source.date,
        "url": source.url,
        "role": source.role,
        "title": source.title,
        "encoding": source.encoding,
        "inferred": list(source.inferred),
        "body": [list(span) for span in source.body],
        "role_reason": source.role_reason,
        **features,
    }


def source_from_row(row: Mapping[str, Any]) -> Source:
    return Source(
        id=row["article"],
        path=row["path"],
        text=row["text"],
        language=row["language"],
        outlet=row["outlet"],
        date=row["date"],
        url=row["url"],
        role=row["role"],
        title=row["title"],
        encoding=row["encoding"],
        inferred=tuple(row["inferred"] or ()),
        body=tuple((int(s), int(e)) for s, e in (row["body"] or ())),
        role_reason=row["role_reason"],
    )
