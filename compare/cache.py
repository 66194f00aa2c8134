"""On-disk embedding cache, so a repeated run never pays for the model.

`EmbeddingCache` is one SQLite file in WAL mode keyed by (model name, sha256 of the text).
`CachedEmbedder` wraps any `Embedder`: it embeds only the texts the cache lacks, in one call,
so when every text is cached the wrapped model is never loaded (and torch never imported).

Design:
- Concurrency: every write is one `BEGIN IMMEDIATE` transaction (the write lock is taken up
  front, so a second process waits on `busy_timeout` instead of failing on a lock upgrade);
  rows are added with `INSERT OR IGNORE`, so two processes storing the same text both succeed.
  WAL lets readers proceed while another process writes. Two processes creating the file at
  once race to switch it to WAL, which SQLite refuses without waiting, so that step retries.
- Crash safety: SQLite transactions; a killed process leaves the file as of its last commit.
- Size bound: `models.entries/bytes` are kept exact by triggers in the same transaction as
  each insert or delete. After an insert pushes the total over `max_bytes`, the least
  recently used rows are deleted down to `EVICT_TO * max_bytes`. `bytes` counts each
  vector plus `ROW_OVERHEAD`, an estimate of key, index and b-tree cost per row.
- Recency: a hit's `last_used` is re-stamped only when older than `touch_after` seconds,
  so warm runs read without taking the write lock at all.
- Damaged or edited rows: each row carries a checksum of its key and vector; a row whose
  vector no longer matches is deleted and counted a miss, so it is embedded again rather
  than silently changing results. (A checksum, not a signature: it stops damage and hand
  edits, not someone who recomputes it.) The column is added to an existing file in place
  (`ALTER TABLE`), so readout versions without it share the file; their rows have no
  checksum and are checked for a unit-length vector only.
- Determinism: the cache stores what the embedder computed for the texts it missed;
  real embedders compute in a canonical order and batch shape (`embed.canonical_embed`),
  so a cold cached run, a warm one and `--no-cache` give bit-identical vectors.
- Broken cache file: `EmbeddingCache` raises `CacheError` (a `ReadoutError`: one line naming
  the file and the fix). `CachedEmbedder` catches it, reports it once through `on_error`
  (a warning on stderr by default) and carries on without the cache, so a broken cache never
  stops a `diff`. `clear()` deletes a file that is not a readable database, which is the fix
  the message names.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

from compare.embed import Embedder
from compare.errors import ReadoutError

APP_NAME = "readout"
FILENAME = "embeddings.sqlite"
#: Room for ~120,000 USE (512-d) or ~160,000 MiniLM (384-d) statements.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: On-disk bytes per row besides the vector (sha256 key, two index entries, cell headers, page
#: slack), so that `bytes` tracks the file size: measured within a few % at 384 and 512 dims.
ROW_OVERHEAD = 256
#: Eviction frees down to this fraction of max_bytes, so a full cache does not evict on every run.
EVICT_TO = 0.9
#: A hit is re-stamped as recently used at most this often (seconds); LRU needs no finer grain.
TOUCH_AFTER_SECONDS = 3600.0
#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_SECONDS = 30.0
SCHEMA_VERSION = 1
#: A vector further than this from unit length is damaged (rows without a checksum).
_NORM_TOLERANCE = 1e-3
# Fits 7 USE or 10 MiniLM vectors per page; at 4 KiB a 2 KiB vector would waste half a page.
_PAGE_SIZE = 16384
# Stays far below SQLite's bound on bound parameters per statement.
_CHUNK = 500

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        entries INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS vectors (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES models(id),
        key BLOB NOT NULL,
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,
        last_used INTEGER NOT NULL,
        UNIQUE (model_id, key)
    )""",
    "CREATE INDEX IF NOT EXISTS vectors_by_last_used ON vectors (last_used, id)",
    f"""CREATE TRIGGER IF NOT EXISTS vectors_added AFTER INSERT ON vectors BEGIN
        UPDATE models SET entries = entries + 1,
            bytes = bytes + length(new.vector) + {ROW_OVERHEAD}
        WHERE id = new.model_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS vectors_removed AFTER DELETE ON vectors BEGIN
        UPDATE models SET entries = entries - 1,
            bytes = bytes - length(old.vector) - {ROW_OVERHEAD}
        WHERE id = old.model_id;
    END""",
)

_CLEAR_FIX = "run `readout cache clear` or delete the file"


class CacheError(ReadoutError):
    """The cache file cannot be used: corrupt, locked, unwritable, or from another version."""

    def __init__(self, path: Path, problem: str, fix: str, *, unreadable: bool = False) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        #: True when the file is not a database this version can read; `clear()` deletes it.
        self.unreadable = unreadable
        super().__init__(f"{path}: {problem}; {fix}")


@dataclass(frozen=True)
class CacheInfo:
    """What `readout cache info` shows. `bytes` is the size the bound applies to."""

    path: Path
    entries: int
    bytes: int
    models: Mapping[str, int]
    file_bytes: int
    max_bytes: int


def default_cache_path() -> Path:
    """`<user cache dir>/readout/embeddings.sqlite`; on Linux that honours `XDG_CACHE_HOME`."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / FILENAME


def _checksum(key: bytes, vector: bytes) -> bytes:
    return hashlib.blake2b(key + vector, digest_size=8, person=b"readout-vec").digest()


def _intact(key: bytes, dim: int, blob: bytes, checksum: bytes | None) -> bool:
    """Whether a row's vector is the one stored: its checksum, or (a row written by a
    version without checksums) its length and unit norm."""
    if len(blob) != 4 * dim:
        return False
    if checksum is not None:
        return bool(checksum == _checksum(key, blob))
    norm = float(np.linalg.norm(np.frombuffer(blob, dtype="<f4")))
    return abs(norm - 1.0) <= _NORM_TOLERANCE


def text_key(text: str) -> bytes:
    """sha256 of the text; surrogates (from undecodable input bytes) hash instead of failing."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class EmbeddingCache:
    """Vectors by (model name, text) in one SQLite file, bounded to about `max_bytes`.

    The file is created on the first `put_many`; reading a cache that does not exist yet finds
    nothing and creates nothing. One instance per process (a connection must not cross a fork).
    `clock` and `touch_after` exist so tests can drive recency.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        touch_after: float = TOUCH_AFTER_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        self.path = Path(path) if path is not None else default_cache_path()
        self.max_bytes = max_bytes
        self.touch_after = touch_after
        self._clock = clock
        self._conn: sqlite3.Connection | None = None

    # -- public API ---------------------------------------------------------------------------

    def get_many(self, model: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Cached vectors by position in `texts` (misses absent): {i: ndarray[d] float32}.

        Repeated texts each get their position filled.
        """
        if not texts:
            return {}
        with self._guard():
            conn = self._connect(create=False)
            if conn is None:
                return {}
            model_id = self._model_id(conn, model)
            if model_id is None:
                return {}
            positions: dict[bytes, list[int]] = {}
            for index, text in enumerate(texts):
                positions.setdefault(text_key(text), []).append(index)
            now = int(self._clock())
            found: dict[int, np.ndarray] = {}
            stale: list[int] = []
            damaged: list[int] = []
            for chunk in _chunks(list(positions), _CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT id, key, dim, vector, checksum, last_used FROM vectors"
                    f" WHERE model_id = ? AND key IN ({marks})",
                    (model_id, *chunk),
                )
                for row_id, key, dim, blob, checksum, last_used in rows:
                    if not _intact(key, dim, blob, checksum):
                        damaged.append(row_id)  # a miss; the caller re-embeds and stores it
                        continue
                    vector = np.frombuffer(blob, dtype="<f4").astype(np.float32)
                    for index in positions[key]:
                        found[index] = vector
                    if now - last_used >= self.touch_after:
                        stale.append(row_id)
            if damaged:
                with _transaction(conn):
                    for chunk in _chunks(damaged, _CHUNK):
                        marks = ",".join("?" * len(chunk))
                        conn.execute(f"DELETE FROM vectors WHERE id IN ({marks})", chunk)
            if stale:
                with _transaction(conn):
                    for chunk in _chunks(stale, _CHUNK):
                        marks = ",".join("?" * len(chunk))
                        conn.execute(
                            "UPDATE vectors SET last_used = max(last_used, ?)"
                            f" WHERE id IN ({marks})",
                            (now, *chunk),
                        )
        return found

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> int:
        """Store ndarray[len(texts), d] under `model`; returns how many rows were new.

        Texts already stored (by this or another process) keep their first vector.
        """
        array = np.asarray(vectors, dtype="<f4")
        if array.ndim != 2 or array.shape[0] != len(texts):
            raise ValueError(
                f"expected vectors of shape ({len(texts)}, d), got {tuple(array.shape)}"
            )
        if not texts:
            return 0
        now = int(self._clock())
        dim = int(array.shape[1])
        with self._guard():
            conn = self._connect(create=True)
            assert conn is not None
            with _transaction(conn):
                conn.execute("INSERT OR IGNORE INTO models (name) VALUES (?)", (model,))
                model_id = self._model_id(conn, model)
                rows = []
                for row, text in enumerate(texts):
                    key, blob = text_key(text), array[row].tobytes()
                    rows.append((model_id, key, dim, blob, _checksum(key, blob), now))
                cursor = conn.executemany(
                    "INSERT OR IGNORE INTO vectors"
                    " (model_id, key, dim, vector, checksum, last_used) VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
                added = cursor.rowcount
                self._evict(conn)
        return added

    def info(self) -> CacheInfo:
        """Entries and size, in total and per model. A cache never written reports zeros."""
        with self._guard():
            conn = self._connect(create=False)
            models: dict[str, int] = {}
            total = 0
            if conn is not None:
                rows = conn.execute(
                    "SELECT name, entries, bytes FROM models WHERE entries > 0 ORDER BY name"
                ).fetchall()
                models = {name: entries for name, entries, _ in rows}
                total = sum(size for _, _, size in rows)
        return CacheInfo(
            path=self.path,
            entries=sum(models.values()),
            bytes=total,
            models=models,
            file_bytes=sum(p.stat().st_size for p in self._files() if p.exists()),
            max_bytes=self.max_bytes,
        )

    def clear(self) -> int:
        """Delete every entry and shrink the file; returns how many entries there were.

        A file that is not a readable database is deleted instead (its count is unknown: 0).
        """
        try:
            with self._guard():
                conn = self._connect(create=False)
                if conn is None:
                    return 0
                with _transaction(conn):
                    (count,) = conn.execute("SELECT count(*) FROM vectors").fetchone()
                    conn.execute("DELETE FROM vectors")
                    conn.execute("DELETE FROM models")
                try:
                    conn.execute("VACUUM")
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.OperationalError:
                    pass  # another process is using the file: it stays empty but not smaller
                return int(count)
        except CacheError as error:
            if not error.unreadable:
                raise
            self.close()
            try:
                for file in self._files():
                    file.unlink(missing_ok=True)
            except OSError as exc:
                raise CacheError(
                    self.path, f"cannot delete the corrupt cache ({exc.strerror})", "delete it"
                ) from exc
            return 0

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _files(self) -> list[Path]:
        return [self.path, *(self.path.with_name(self.path.name + s) for s in ("-wal", "-shm"))]

    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not create and not self.path.exists():
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(
                self.path, f"cannot create its folder ({exc.strerror})", "pass --no-cache"
            ) from exc
        # isolation_level=None: transactions are explicit, so every write is BEGIN IMMEDIATE.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            # page_size only takes effect on a new file, and must precede the switch to WAL.
            conn.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
            _enable_wal(conn)
            # In WAL mode NORMAL can lose the last commits on power loss, never consistency.
            conn.execute("PRAGMA synchronous = NORMAL")
            self._ensure_schema(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        if self._schema_version(conn) == SCHEMA_VERSION and self._has_checksums(conn):
            return
        with _transaction(conn):
            # Another process may have created it while this one waited for the lock.
            if self._schema_version(conn) != SCHEMA_VERSION:
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if not self._has_checksums(conn):
                # Nullable, so versions that do not know the column still insert rows.
                conn.execute("ALTER TABLE vectors ADD COLUMN checksum BLOB")

    @staticmethod
    def _has_checksums(conn: sqlite3.Connection) -> bool:
        columns = conn.execute("PRAGMA table_info(vectors)").fetchall()
        return any(column[1] == "checksum" for column in columns)

    def _schema_version(self, conn: sqlite3.Connection) -> int:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version not in (0, SCHEMA_VERSION):
            raise CacheError(
                self.path,
                f"written by another version of readout (schema {version})",
                _CLEAR_FIX,
                unreadable=True,
            )
        return int(version)

    @staticmethod
    def _model_id(conn: sqlite3.Connection, model: str) -> int | None:
        row = conn.execute("SELECT id FROM models WHERE name = ?", (model,)).fetchone()
        return None if row is None else int(row[0])

    def _evict(self, conn: sqlite3.Connection) -> None:
        """Inside the caller's transaction: drop least recently used rows while over the bound."""
        total, entries = _totals(conn)
        if total <= self.max_bytes:
            return
        target = int(self.max_bytes * EVICT_TO)
        while total > target and entries > 0:
            # Rows differ in size across models, so estimate, delete, and measure again.
            count = max(1, math.ceil((total - target) / (total / entries)))
            conn.execute(
                "DELETE FROM vectors WHERE id IN"
                " (SELECT id FROM vectors ORDER BY last_used, id LIMIT ?)",
                (count,),
            )
            total, entries = _totals(conn)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn SQLite failures into one-line `CacheError`s naming the file and the fix."""
        try:
            yield
        except sqlite3.ProgrammingError:
            raise  # misuse of the API, not a property of the file
        except sqlite3.DatabaseError as exc:
            # A half-open connection to a broken file must not be reused.
            self.close()
            raise self._error(exc) from exc

    def _error(self, exc: sqlite3.DatabaseError) -> CacheError:
        code = str(getattr(exc, "sqlite_errorname", ""))
        if code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
            return CacheError(
                self.path, f"not a readable embedding cache ({exc})", _CLEAR_FIX, unreadable=True
            )
        if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return CacheError(
                self.path,
                f"locked by another process for over {BUSY_TIMEOUT_SECONDS:.0f} s",
                "retry, or pass --no-cache",
            )
        return CacheError(
            self.path,
            f"cannot be read or written ({exc})",
            "check its permissions and free disk space, or pass --no-cache",
        )


class CachedEmbedder:
    """An `Embedder` that asks `cache` first and calls `inner.embed` once, for the misses only.

    `name` and `dim` are read from `inner` without loading its model. `hits` and `misses` count
    distinct texts per call, summed over this object's life. On a `CacheError` the cache is reported once through
    `on_error` and then bypassed; embedding continues with `inner` alone.
    """

    def __init__(
        self,
        inner: Embedder,
        cache: EmbeddingCache,
        *,
        on_error: Callable[[CacheError], None] | None = None,
    ) -> None:
        self.inner = inner
        self.cache = cache
        self.name = inner.name
        self.dim = inner.dim
        self.hits = 0
        self.misses = 0
        self._on_error = on_error or warn_cache_error
        self._broken = False

    def embed(self, texts: list[str]) -> np.ndarray:
        """ndarray[len(texts), dim] float32, L2-normalised, in input order."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        first: dict[str, int] = {}
        for text in texts:
            first.setdefault(text, len(first))
        unique = list(first)
        found = {
            i: v
            for i, v in self._call(self.cache.get_many, {}, self.name, unique).items()
            if v.shape == (self.dim,)
        }
        missing = [i for i in range(len(unique)) if i not in found]
        self.hits += len(found)
        self.misses += len(missing)
        vectors = np.empty((len(unique), self.dim), dtype=np.float32)
        for i, vector in found.items():
            vectors[i] = vector
        if missing:
            new_texts = [unique[i] for i in missing]
            fresh = np.asarray(self.inner.embed(new_texts), dtype=np.float32)
            if fresh.shape != (len(missing), self.dim):
                raise ValueError(
                    f"{self.name} returned shape {fresh.shape},"
                    f" expected ({len(missing)}, {self.dim})"
                )
            vectors[missing] = fresh
            self._call(self.cache.put_many, 0, self.name, new_texts, fresh)
        return vectors[[first[text] for text in texts]]

    def _call(self, method: Callable[..., Any], fallback: Any, *args: Any) -> Any:
        if self._broken:
            return fallback
        try:
            return method(*args)
        except CacheError as error:
            self._broken = True
            self._on_error(error)
            return fallback


def warn_cache_error(error: CacheError) -> None:
    """Default `on_error`: one warning line on stderr."""
    print(f"readout: warning: {error} (continuing without the cache)", file=sys.stderr)


def cached_factory(
    factory: Callable[[str], Embedder], cache: EmbeddingCache
) -> Callable[[str], Embedder]:
    """Wrap an embedder factory (e.g. `get_embedder`) so every embedder it makes uses `cache`."""
    return lambda name: CachedEmbedder(factory(name), cache)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch a new file to WAL (a no-op once it is), retrying while another process does too.

    The switch needs an exclusive lock and SQLite reports a conflict at once rather than
    calling the busy handler (waiting could deadlock), so two processes creating the cache
    together would otherwise fail.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    delay = 0.002
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_BUSY")
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def _totals(conn: sqlite3.Connection) -> tuple[int, int]:
    total, entries = conn.execute(
        "SELECT coalesce(sum(bytes), 0), coalesce(sum(entries), 0) FROM models"
    ).fetchone()
    return int(total), int(entries)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
