"""The `readout` command. Each command parses, makes one library call and renders."""

from __future__ import annotations

import enum
import functools
import os
import shutil
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, ParamSpec

import typer

from compare import __version__
from compare.errors import ReadoutError

if TYPE_CHECKING:
    from compare.models import Source
    from compare.pipeline import EmbedderFactory

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Compare how different sources report the same event.",
    pretty_exceptions_enable=False,
)

P = ParamSpec("P")

_state: dict[str, Any] = {"debug": False, "verbose": False, "max_bytes": None}


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class Backend(enum.StrEnum):
    auto = "auto"
    use = "use"
    minilm = "minilm"


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"readout: error: {message}", err=True)
    raise typer.Exit(code)


def _user_errors(func: Callable[P, None]) -> Callable[P, None]:
    """Turn library errors into one line on stderr and exit code 2 (tracebacks with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            func(*args, **kwargs)
        except ReadoutError as exc:
            if _state["debug"]:
                traceback.print_exc()
            _fail(str(exc))

    return wrapper


OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
BackendOption = Annotated[
    Backend, typer.Option(help="Embedding backend: auto (multilingual USE), use, or minilm.")
]
LexiconOption = Annotated[
    Path | None, typer.Option(help="Extra lexicon (TOML) merged over the built-in one.")
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the embedding cache.")
]


def _embedder_factory(no_cache: bool) -> EmbedderFactory:
    from compare import embed

    if no_cache:
        return embed.get_embedder
    from compare.cache import EmbeddingCache, cached_factory

    return cached_factory(embed.get_embedder, EmbeddingCache())


def _progress() -> Callable[[str], None] | None:
    """Progress lines on stderr, only for a person watching a terminal."""
    if not sys.stderr.isatty():
        return None
    return lambda message: typer.echo(f"readout: {message}", err=True)


def _default_format() -> Format:
    return Format.table if sys.stdout.isatty() else Format.json


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from compare.files import write_atomic

    write_atomic(output, text)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readout {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Say which encoding, language and model were used."),
    ] = False,
    max_size: Annotated[
        str | None,
        typer.Option(
            help="Largest input file accepted, e.g. 50M (default 20M, or $READOUT_MAX_BYTES)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    _state["debug"] = debug
    _state["verbose"] = verbose
    _state["max_bytes"] = None
    if max_size is not None:
        from compare.ingest import parse_size

        try:
            _state["max_bytes"] = parse_size(max_size, name="--max-size")
        except ReadoutError as exc:
            _fail(str(exc))


def _describe(sources: Sequence[Source], backend: str) -> None:
    """With --verbose: what was assumed about each input, on stderr."""
    if not _state["verbose"]:
        return
    for s in sources:
        typer.echo(
            f"readout: {s.id}: {s.path} (encoding {s.encoding}, language {s.language}, "
            f"role {s.role}{' inferred' if 'role' in s.inferred else ''})",
            err=True,
        )
    typer.echo(f"readout: embedding model {backend}", err=True)


@app.command()
@_user_errors
def diff(
    a: Annotated[
        str, typer.Argument(metavar="A", help="First source (.txt, .md, .html; - for stdin).")
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="Second source.")],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format", "-f", help="Output format (default: table on a terminal, else json)."
        ),
    ] = None,
    output: OutputOption = None,
    backend: BackendOption = Backend.auto,
    lexicon: LexiconOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Align the statements of two sources and list how they differ."""
    from compare import pipeline, render
    from compare.lexicon import load_lexicon

    result = pipeline.diff_paths(
        a,
        b,
        backend=backend.value,
        lexicon=load_lexicon(lexicon),
        embedder_factory=_embedder_factory(no_cache),
        max_bytes=_state["max_bytes"],
        progress=_progress(),
    )
    _describe(result.sources, result.backend)
    fmt = fmt or _default_format()
    if fmt is Format.json:
        text = render.render_json(result)
    elif fmt is Format.markdown:
        text = render.render_markdown(result)
    elif fmt is Format.html:
        from compare.html import render_diff_html

        text = render_diff_html(result)
    else:
        text = render.render_table(
            result,
            width=shutil.get_terminal_size((120, 24)).columns,
            colour=output is None and render.use_colour(sys.stdout),
        )
    _write(text, output)


@app.command()
@_user_errors
def report(
    sources: Annotated[list[str], typer.Argument(help="Two or more sources about one event.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for index.html, report.md, report.json.")
    ],
    backend: BackendOption = Backend.auto,
    lexicon: LexiconOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write a side-by-side (two sources) or matrix (three or more) comparison report."""
    from compare import pipeline
    from compare.lexicon import load_lexicon
    from compare.report import build_report, write_report

    result = build_report(
        pipeline.load_sources(sources, max_bytes=_state["max_bytes"]),
        backend=backend.value,
        lexicon=load_lexicon(lexicon),
        embedder_factory=_embedder_factory(no_cache),
        progress=_progress(),
    )
    _describe(result.sources, result.backend)
    for path in write_report(result, out):
        typer.echo(f"wrote {path}", err=True)


cache_app = typer.Typer(no_args_is_help=True, help="Inspect or clear the embedding cache.")
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
@_user_errors
def cache_info() -> None:
    """Where the cache is, how many vectors it holds per model, and its size."""
    from compare.cache import EmbeddingCache

    info = EmbeddingCache().info()
    typer.echo(f"path: {info.path}")
    typer.echo(f"entries: {info.entries}")
    for model, count in sorted(info.models.items()):
        typer.echo(f"  {model}: {count}")
    typer.echo(f"size: {info.bytes} bytes of {info.max_bytes} allowed ({info.file_bytes} on disk)")


@cache_app.command("clear")
@_user_errors
def cache_clear() -> None:
    """Delete every cached vector."""
    from compare.cache import EmbeddingCache

    typer.echo(f"removed {EmbeddingCache().clear()} cached vectors")


class CheckFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


@app.command()
@_user_errors
def check(
    articles: Annotated[
        list[str], typer.Argument(help="New articles to check (.txt, .md, .html; - for stdin).")
    ],
    against: Annotated[
        Path,
        typer.Option(
            "--against", "-a", help="Folder of readouts and earlier articles (read recursively)."
        ),
    ],
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.text,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 on findings of this severity or above (high, medium, low), "
            "or of these kinds (comma list, e.g. quote_drift,polarity).",
        ),
    ] = "high",
    output: OutputOption = None,
    backend: BackendOption = Backend.auto,
    lexicon: LexiconOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check the quotes and attributed claims of new articles against the record.

    Exit 0: clean; 1: findings at or above --fail-on; 2: bad input or usage.
    """
    from compare import check as checking
    from compare.check_render import render
    from compare.lexicon import load_lexicon

    policy = checking.parse_fail_on(fail_on)
    result = checking.check(
        checking.load_articles(articles),
        checking.load_corpus(against, exclude=articles),
        fail_on=policy,
        backend=backend.value,
        lexicon=load_lexicon(lexicon),
        embedder_factory=_embedder_factory(no_cache),
    )
    _write(render(result, fmt.value), output)
    if result.failed:
        raise typer.Exit(1)


@app.command("eval")
@_user_errors
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="readout.gold/1 files to score against.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    backend: BackendOption = Backend.auto,
    no_cache: NoCacheOption = False,
) -> None:
    """Score alignment links and findings against hand-labelled gold files."""
    from compare import scoring

    result = scoring.evaluate_gold(
        gold, backend=backend.value, embedder_factory=_embedder_factory(no_cache)
    )
    if fmt is Format.json:
        text = scoring.render_json(result)
    elif fmt is Format.markdown:
        text = scoring.render_markdown(result)
    else:
        text = scoring.render_table(result)
    sys.stdout.write(text)


from compare.corpus.cli import corpus_app  # noqa: E402 (dask loads only inside its commands)

app.add_typer(corpus_app, name="corpus")


def main() -> None:
    """Console entry point: user errors become one line on stderr and exit code 2."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        # Outside standalone mode click returns the exit code instead of raising it.
        code = app(standalone_mode=False)
    except ReadoutError as exc:
        if _state["debug"]:
            traceback.print_exc()
        typer.echo(f"readout: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("readout: interrupted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("readout: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        # Usage errors (typer vendors its own click, so match by shape, not by class).
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(getattr(exc, "exit_code", None), int):
            show()
            sys.exit(2)
        raise
    if code == 130:  # typer turns Ctrl-C into a silent Exit(130)
        typer.echo("readout: interrupted", err=True)
    sys.exit(code if isinstance(code, int) else 0)


def _on_sigterm(signum: int, frame: object) -> None:
    typer.echo("readout: terminated", err=True)
    sys.exit(143)
