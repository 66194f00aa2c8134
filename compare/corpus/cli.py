"""`readout corpus ...`: each command parses, makes one library call, renders.

dask, pyarrow and usearch are imported inside the commands, so `readout --help` and every
other command never load them.
"""

from __future__ import annotations

import enum
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec

import typer

from compare.errors import ReadoutError

P = ParamSpec("P")

corpus_app = typer.Typer(
    no_args_is_help=True,
    help="Index, group, check and compare a whole news corpus (on Dask).",
)


class EventsFormat(enum.StrEnum):
    table = "table"
    json = "json"


class CheckFormat(enum.StrEnum):
    text = "text"
    json = "json"


class CorpusBackend(enum.StrEnum):
    auto = "auto"
    use = "use"
    minilm = "minilm"


StoreOption = Annotated[Path, typer.Option("--store", help="The corpus store directory.")]
SchedulerOption = Annotated[
    str,
    typer.Option(
        "--scheduler",
        help="local (a dask.distributed cluster on this machine), sync (in-process), "
        "or the address of a Dask scheduler, tcp://HOST:PORT.",
    ),
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", help="Worker processes of the local cluster.")
]


def _errors(func: Callable[P, None]) -> Callable[P, None]:
    """Library errors: one line on stderr, exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            func(*args, **kwargs)
        except ReadoutError as exc:
            typer.echo(f"readout: error: {exc}", err=True)
            raise typer.Exit(2) from None

    return wrapper


def _say(message: str) -> None:
    typer.echo(f"readout: {message}", err=True)


@corpus_app.command("index")
@_errors
def index_cmd(
    sources: Annotated[
        list[str], typer.Argument(help="Folders, globs, files or Parquet tables of articles.")
    ],
    store: StoreOption,
    scheduler: SchedulerOption = "local",
    workers: WorkersOption = None,
    backend: Annotated[
        CorpusBackend, typer.Option(help="Embedding backend (the store keeps one).")
    ] = CorpusBackend.auto,
) -> None:
    """Ingest, segment, embed and extract claims; only new or changed inputs do work."""
    from compare.corpus import index
    from compare.corpus.scheduler import executor
    from compare.corpus.store import Store

    target = Store.open(store, create=True)
    with executor(scheduler, workers=workers) as ex:
        summary = index.index(sources, target, ex, backend=backend.value, progress=_say)
    for line in index.describe(summary):
        typer.echo(line, err=True)


@corpus_app.command("events")
@_errors
def events_cmd(
    store: StoreOption,
    fmt: Annotated[
        EventsFormat, typer.Option("--format", "-f", help="table or json.")
    ] = EventsFormat.table,
) -> None:
    """Group the store's articles into events (meetings) and list them."""
    from tabulate import tabulate

    from compare.corpus import events
    from compare.corpus.store import Store

    target = Store.open(store)
    grouped = events.group(events.load(target))
    meta = {
        r["article"]: r
        for r in target.read(
            "articles", columns=["article", "path", "outlet", "date", "role"]
        ).to_pylist()
    }
    rows = events.event_rows(grouped, meta)
    if fmt is EventsFormat.json:
        sys.stdout.write(json.dumps({"events": rows}, indent=2, ensure_ascii=False) + "\n")
        return
    table = [
        [
            e["id"],
            e["date"] or "undated",
            ", ".join(e["names"]),
            len(e["articles"]),
            ", ".join(sorted({a["outlet"] or "?" for a in e["articles"]})),
        ]
        for e in rows
    ]
    sys.stdout.write(
        tabulate(table, headers=["event", "date", "names", "articles", "outlets"]) + "\n"
    )


@corpus_app.command("check")
@_errors
def check_cmd(
    store: StoreOption,
    new: Annotated[
        list[str] | None,
        typer.Option("--new", help="New articles to index and check (else: all unchecked)."),
    ] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.text,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="As for `readout check`: severity or kinds.")
    ] = "high",
    scheduler: SchedulerOption = "local",
    workers: WorkersOption = None,
) -> None:
    """Check every new article against the record of its own event.

    Exit 0: clean; 1: findings at or above --fail-on; 2: bad input or usage.
    """
    from compare.corpus import check
    from compare.corpus.scheduler import executor
    from compare.corpus.store import Store

    target = Store.open(store)
    with executor(scheduler, workers=workers) as ex:
        result = check.check(target, ex, new=new or None, fail_on=fail_on, progress=_say)
    text = check.render_json(result) if fmt is CheckFormat.json else check.render_text(result)
    sys.stdout.write(text)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


@corpus_app.command("report")
@_errors
def report_cmd(
    store: StoreOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the index and reports.")],
    scheduler: SchedulerOption = "local",
    workers: WorkersOption = None,
) -> None:
    """Write an index page of events linking each n-way report, and per-outlet drift."""
    from compare.corpus import report
    from compare.corpus.scheduler import executor
    from compare.corpus.store import Store

    target = Store.open(store)
    with executor(scheduler, workers=workers) as ex:
        written = report.report(target, ex, out, progress=_say)
    for path in written:
        typer.echo(f"wrote {path}", err=True)
