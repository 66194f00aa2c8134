"""`readout corpus index`: ingest, segment, embed and extract claims into the store, on Dask.

The client lists the inputs (folders, globs, files, Parquet tables of articles), hashes
their content and keeps only those whose content the store lacks: a re-run over an
unchanged corpus does no model work. The rest go to the workers in batches of `BATCH_SIZE`;
each task reads its files, writes its rows into the store's partitions and returns one
small record per input. Each worker process loads the embedding model once, on its first
batch. A file that cannot be read as an article becomes an error row in the manifest with
one line naming the file and the fix; it never stops the run.
"""

from __future__ import annotations

import glob
import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from compare import embed, pipeline
from compare.corpus import store as st
from compare.corpus.features import features
from compare.corpus.scheduler import Executor, peak_rss_bytes
from compare.embed import MULTILINGUAL, Embedder
from compare.errors import InputError, ReadoutError

#: Files read from a folder given as SOURCES (hidden files and folders skipped).
SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Inputs per Dask task: large enough that one encode call fills the model's batches and the
#: per-task overhead (scheduling, one Parquet file per dataset and month) stays small; small
#: enough that two workers get work early on a 1k corpus.
BATCH_SIZE = 64
#: Columns a Parquet table of articles may carry besides `text`.
TABLE_FIELDS = ("id", "path", "outlet", "date", "url", "language", "role", "title")

# The embedding model of this worker process, loaded on its first batch; how often each
# backend was loaded here (`model_loads`, for tests and benchmarks).
_EMBEDDERS: dict[str, Embedder] = {}
_LOADS: dict[str, int] = {}


@dataclass(frozen=True)
class Input:
    """One article to index: a file (`row` None) or a row of a Parquet table."""

    key: str
    path: str
    size: int
    mtime_ns: int
    row: Mapping[str, Any] | None = None
    error: str | None = None  # a table that cannot be read: reported, never fatal


@dataclass(frozen=True)
class Indexed:
    """What a task made of one input (`error` set when it could not be read)."""

    key: str
    sha256: str
    size: int
    mtime_ns: int
    article: str | None
    partition: str | None
    part: str | None
    error: str | None = None


@dataclass(frozen=True)
class BatchStats:
    inputs: int
    articles: int
    statements: int
    embedded: int
    embed_seconds: float
    seconds: float
    peak_rss: int


@dataclass
class IndexSummary:
    """The outcome of `index`: counts, errors (input -> message) and timings."""

    inputs: int = 0
    unchanged: int = 0
    indexed: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    statements: int = 0
    embedded: int = 0
    embed_seconds: float = 0.0
    task_seconds: float = 0.0
    seconds: float = 0.0
    peak_rss: dict[str, int] = field(default_factory=dict)
    backend: str = ""


def list_inputs(sources: Sequence[str | Path]) -> list[Input]:
    """Every input named by SOURCES: a folder (read recursively), a glob, a file, or a Parquet
    table (`.parquet`, one article per row, a `text` column). Raises `InputError` for a
    source that names nothing."""
    found: dict[str, Input] = {}
    for source in sources:
        text = str(source)
        if any(ch in text for ch in "*?["):
            paths = sorted(Path(p) for p in glob.glob(text, recursive=True))
            paths = [p for p in paths if p.is_file()]
            if not paths:
                raise InputError(text, "matches no file", "check the pattern")
        else:
            p = Path(text)
            if not p.exists():
                raise InputError(text, "no such file or folder", "check the path")
            paths = _folder_files(p) if p.is_dir() else [p]
            if p.is_dir() and not paths:
                raise InputError(text, "holds no .txt, .md, .html or .htm article", "check it")
        for path in paths:
            if path.suffix.lower() == ".parquet":
                try:
                    items = _table_inputs(path)
                except InputError as exc:
                    stat = path.stat()
                    items = [
                        Input(str(path), str(path), stat.st_size, stat.st_mtime_ns, None, str(exc))
                    ]
                for item in items:
                    found.setdefault(item.key, item)
            else:
                stat = path.stat()
                key = str(path)
                found.setdefault(key, Input(key, key, stat.st_size, stat.st_mtime_ns))
    return [found[k] for k in sorted(found)]


def _folder_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def _table_inputs(path: Path) -> list[Input]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(str(path), f"is not a readable Parquet table ({exc})", "check it") from exc
    if "text" not in table.column_names:
        raise InputError(str(path), "has no 'text' column", "name the article text column 'text'")
    columns = [c for c in ("text", *TABLE_FIELDS) if c in table.column_names]
    out = []
    for n, row in enumerate(table.select(columns).to_pylist()):
        name = str(row.get("id") or row.get("path") or n)
        key = f"{path}#{name}"
        payload = {k: (str(v) if v is not None else None) for k, v in row.items()}
        out.append(Input(key, key, len(str(row["text"] or "").encode()), 0, payload))
    return out


def digest(item: Input) -> str:
    """sha256 of the input's content (file bytes, or the table row's fields)."""
    if item.row is not None:
        return hashlib.sha256(json.dumps(item.row, sort_keys=True).encode()).hexdigest()
    h = hashlib.sha256()
    with open(item.path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def index(
    sources: Sequence[str | Path],
    store: st.Store,
    executor: Executor,
    *,
    backend: str = pipeline.AUTO,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> IndexSummary:
    """Index the inputs SOURCES names into `store` (see the module doc); returns a summary."""
    say = progress or (lambda _: None)
    began = time.perf_counter()
    name = pipeline.choose_backend((), backend)
    store.set_backend(name)
    inputs = list_inputs(sources)
    manifest = store.manifest()
    live = store.live()
    summary = IndexSummary(inputs=len(inputs), backend=name)
    todo: list[tuple[Input, str]] = []
    twins: list[tuple[Input, str]] = []
    claimed: set[str] = set()
    for item in inputs:
        if item.error is not None:
            summary.errors[item.key] = item.error
            manifest[item.key] = st.ManifestRow(
                item.key, "", item.size, item.mtime_ns, None, None, None, item.error
            )
            continue
        old = manifest.get(item.key)
        if (
            old is not None
            and old.error is None
            and old.article in live
            and (old.size, old.mtime_ns) == (item.size, item.mtime_ns)
            and item.row is None
        ):
            summary.unchanged += 1
            continue
        try:
            sha = digest(item)
        except OSError as exc:
            message = f"{item.key}: cannot be read ({exc}); check its permissions"
            summary.errors[item.key] = message
            manifest[item.key] = st.ManifestRow(
                item.key, "", item.size, item.mtime_ns, None, None, None, message
            )
            continue
        article = sha[: st.ID_DIGITS]
        if article in live:
            # Same content as an indexed article (unchanged, or copied/renamed): no model work.
            partition, part = live[article]
            checked = old.checked if old is not None and old.article == article else False
            manifest[item.key] = st.ManifestRow(
                item.key, sha, item.size, item.mtime_ns, article, partition, part, None, checked
            )
            summary.unchanged += 1
            continue
        if article in claimed:
            twins.append((item, sha))
            continue
        claimed.add(article)
        todo.append((item, sha))
    # A small corpus still goes to every worker.
    size = max(1, min(batch_size, -(-len(todo) // max(1, executor.workers()))))
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    say(
        f"indexing {len(todo)} of {len(inputs)} inputs in {len(batches)} tasks ({executor.description})"
    )
    task = partial(index_batch, root=str(store.root), backend=name)
    results = executor.map(task, batches)
    for records, stats in results:
        for r in records:
            manifest[r.key] = st.ManifestRow(
                r.key, r.sha256, r.size, r.mtime_ns, r.article, r.partition, r.part, r.error
            )
            if r.error:
                summary.errors[r.key] = r.error
            else:
                summary.indexed += 1
        summary.statements += stats.statements
        summary.embedded += stats.embedded
        summary.embed_seconds += stats.embed_seconds
        summary.task_seconds += stats.seconds
    # Inputs with the content of another input of this run: the same article.
    done = {r.article: r for records, _ in results for r in records if r.article}
    for item, sha in twins:
        first = done.get(sha[: st.ID_DIGITS])
        if first is not None:
            manifest[item.key] = st.ManifestRow(
                item.key, sha, item.size, item.mtime_ns, first.article, first.partition, first.part
            )
            summary.unchanged += 1
    store.write_manifest(manifest)
    summary.peak_rss = executor.peak_memory()
    summary.seconds = time.perf_counter() - began
    return summary


def _embedder(backend: str) -> Embedder:
    """The worker's model for `backend`, loaded once per process."""
    model = _EMBEDDERS.get(backend)
    if model is None:
        model = _EMBEDDERS[backend] = embed.get_embedder(backend)
        _LOADS[backend] = _LOADS.get(backend, 0) + 1
    return model


def model_loads() -> dict[str, int]:
    """Backend -> times this process loaded its model (1 per worker, however many tasks)."""
    return dict(_LOADS)


def index_batch(
    batch: Sequence[tuple[Input, str]], *, root: str, backend: str
) -> tuple[list[Indexed], BatchStats]:
    """One Dask task: read, segment, embed and extract claims of `batch`; write its parts."""
    from compare.ingest import load_source, parse_source
    from compare.quotes import find_quotes
    from compare.segment import segment
    from compare.zh.text import embedding_text

    began = time.perf_counter()
    sources = []
    records: list[Indexed] = []
    for item, sha in batch:
        article = sha[: st.ID_DIGITS]
        try:
            if item.row is None:
                source = load_source(item.path, article)
            else:
                meta = {k: v for k, v in item.row.items() if k in TABLE_FIELDS and v}
                source = parse_source(
                    str(item.row["text"] or ""), source_id=article, path=item.key, meta=meta
                )
                source = _replace_path(source, item.key)
            if source.language != "en" and backend not in MULTILINGUAL:
                raise InputError(
                    item.key,
                    f"is in {source.language}, which backend {backend!r} cannot embed",
                    f"index with --backend {embed.USE}",
                )
            statements = segment(source)
            if not statements:
                raise InputError(item.key, "has no statement to index", "check its body text")
        except ReadoutError as exc:
            records.append(_failed(item, sha, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the run
            message = f"{item.key}: could not be indexed ({type(exc).__name__}: {exc}); report it"
            records.append(_failed(item, sha, message))
            continue
        sources.append((item, sha, source, statements))
    # What the model is given is what `readout diff` and `check` give it (a Chinese statement
    # in Simplified form, `embedding_text`), so their vectors and the store's are the same.
    texts = [embedding_text(s.text, s.language) for *_, sts in sources for s in sts]
    unique = list(dict.fromkeys(texts))
    embed_began = time.perf_counter()
    model = _embedder(backend) if unique else None
    matrix = model.embed(unique) if model is not None else np.zeros((0, 1), np.float32)
    embed_seconds = time.perf_counter() - embed_began
    position = {t: i for i, t in enumerate(unique)}
    dim = int(matrix.shape[1]) if len(unique) else 1
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    part = hashlib.sha256("\n".join(sorted(sha for _, sha, _, _ in sources)).encode()).hexdigest()[
        : st.ID_DIGITS
    ]
    for item, sha, source, statements in sources:
        article = sha[: st.ID_DIGITS]
        feats = features(source)
        partition = st.partition_of(feats.date)
        bucket = rows.setdefault(partition, {d: [] for d in st.DATASETS})
        keys = [embedding_text(s.text, s.language) for s in statements]
        rows_of = [position[k] for k in keys]
        centroid = matrix[rows_of].mean(axis=0)
        norm = float(np.linalg.norm(centroid)) or 1.0
        extra = {**feats.row(), "centroid": (centroid / norm).astype(np.float32).tolist()}
        bucket["articles"].append(st.source_row(article, source, extra))
        for s, key in zip(statements, keys, strict=True):
            bucket["statements"].append(
                {
                    "article": article,
                    "index": s.index,
                    "text": s.text,
                    "start": s.start,
                    "end": s.end,
                    "language": s.language,
                    "paragraph": s.paragraph,
                }
            )
            bucket["vectors"].append(
                {"article": article, "index": s.index, "vector": matrix[position[key]]}
            )
        for q in find_quotes(source.text):
            bucket["claims"].append(
                {
                    "article": article,
                    "start": q.text_start,
                    "end": q.text_end,
                    "text": q.text,
                    "speaker": q.speaker,
                }
            )
        records.append(Indexed(item.key, sha, item.size, item.mtime_ns, article, partition, part))
    schemas = {
        "articles": st.ARTICLE_SCHEMA,
        "statements": st.STATEMENT_SCHEMA,
        "vectors": st.vector_schema(dim),
        "claims": st.CLAIM_SCHEMA,
    }
    store = st.Store(Path(root), backend)
    for partition, datasets in sorted(rows.items()):
        for dataset, items in datasets.items():
            if dataset == "vectors":
                table = _vector_table(items, dim)
            else:
                table = pa.Table.from_pylist(items, schema=schemas[dataset])
            st.write_table(store.part_path(dataset, partition, part), table)
    stats = BatchStats(
        inputs=len(batch),
        articles=len(sources),
        statements=len(texts),
        embedded=len(unique),
        embed_seconds=embed_seconds,
        seconds=time.perf_counter() - began,
        peak_rss=peak_rss_bytes(),
    )
    return records, stats


def _vector_table(items: Sequence[Mapping[str, Any]], dim: int) -> pa.Table:
    flat = (
        np.stack([np.asarray(i["vector"], dtype=np.float32) for i in items]).reshape(-1)
        if items
        else np.zeros(0, np.float32)
    )
    vectors = pa.FixedSizeListArray.from_arrays(pa.array(flat, pa.float32()), dim)
    return pa.Table.from_arrays(
        [
            pa.array([i["article"] for i in items], pa.string()),
            pa.array([i["index"] for i in items], pa.int32()),
            vectors,
        ],
        schema=st.vector_schema(dim),
    )


def _replace_path(source: Any, path: str) -> Any:
    from dataclasses import replace

    return replace(source, path=path)


def _failed(item: Input, sha: str, message: str) -> Indexed:
    return Indexed(item.key, sha, item.size, item.mtime_ns, None, None, None, message)


def describe(summary: IndexSummary) -> list[str]:
    """Lines for a person: what was indexed, skipped and why files failed."""
    lines = [
        f"{summary.inputs} inputs: {summary.indexed} indexed, {summary.unchanged} unchanged, "
        f"{len(summary.errors)} failed ({summary.backend})"
    ]
    if summary.statements:
        lines.append(
            f"{summary.statements} statements, {summary.embedded} distinct texts embedded in "
            f"{summary.embed_seconds:.1f} s of {summary.task_seconds:.1f} s of task time"
        )
    lines.extend(summary.errors[k] for k in sorted(summary.errors))
    return lines
