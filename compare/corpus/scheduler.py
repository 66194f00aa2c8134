"""Where `readout corpus` runs its tasks: Dask, locally or on a cluster.

- `local` (default): a `dask.distributed.LocalCluster` of `DEFAULT_WORKERS` single-threaded
  worker processes, started for the command and closed after it;
- `tcp://HOST:PORT`: an existing dask.distributed scheduler (its workers must see the store
  directory and the inputs at the same paths);
- `sync`: Dask's synchronous scheduler, in this process (small runs, debugging).

Each task is a plain function of picklable arguments returning picklable values; the
executor returns their results in input order.
"""

from __future__ import annotations

import logging
import os
import resource
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from compare.errors import UsageError

LOCAL = "local"
SYNC = "sync"
#: Worker processes of the local cluster: one per core, at most 2 (the embedding model
#: already uses every core it is given; more workers only multiply its memory).
DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))

T = TypeVar("T")
R = TypeVar("R")


def peak_rss_bytes() -> int:
    """This process's peak resident memory so far, in bytes.

    On Linux from /proc/self/status (VmHWM): `getrusage`'s ru_maxrss survives fork and exec,
    so a worker started by a client that had grown to 2 GB reported 2 GB of its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class Executor:
    """Runs `fn` over items on Dask; `client` is None for the synchronous scheduler."""

    def __init__(self, client: Any | None, description: str) -> None:
        self.client = client
        self.description = description

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if not items:
            return []
        if self.client is None:
            import dask

            tasks = [dask.delayed(fn, pure=False)(item) for item in items]
            return list(dask.compute(*tasks, scheduler="synchronous"))
        futures = self.client.map(fn, list(items), pure=False)
        try:
            return list(self.client.gather(futures))
        finally:
            for f in futures:
                f.release()

    def workers(self) -> int:
        if self.client is None:
            return 1
        return len(self.client.scheduler_info(n_workers=-1)["workers"])

    def peak_memory(self) -> dict[str, int]:
        """Worker address (or "local") -> its process's peak resident memory in bytes."""
        if self.client is None:
            return {"local": peak_rss_bytes()}
        return dict(self.client.run(peak_rss_bytes))


@contextmanager
def executor(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Executor]:
    """An `Executor` for `scheduler` (`local`, `sync` or `tcp://HOST:PORT`), closed on exit."""
    name = (scheduler or LOCAL).strip()
    if name == SYNC:
        yield Executor(None, "synchronous (in-process)")
        return
    from distributed import Client, LocalCluster

    if name == LOCAL:
        n = workers or DEFAULT_WORKERS
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
        try:
            yield Executor(client, f"local cluster of {n} workers")
        finally:
            client.close()
            cluster.close()
        return
    if not name.startswith(("tcp://", "tls://", "inproc://")):
        raise UsageError(
            f"--scheduler {name!r} is not {LOCAL}, {SYNC} or a scheduler address tcp://HOST:PORT"
        )
    try:
        client = Client(name, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(
            f"cannot reach the Dask scheduler at {name} ({exc}); start it or check the address"
        ) from exc
    try:
        yield Executor(client, f"scheduler {name}")
    finally:
        client.close()
