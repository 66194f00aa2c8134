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
from typer.core import TyperGroup

from compare import __version__
from compare.errors import InputError, ReadoutError

if TYPE_CHECKING:
    from compare.models import Source
    from compare.pipeline import EmbedderFactory

#: Options of `readout` itself, accepted before or after the command; the ones taking a value.
GLOBAL_FLAGS = ("--debug", "--verbose", "-v")
GLOBAL_VALUED = ("--max-size",)


def hoist_global_options(args: Sequence[str], commands: Sequence[str]) -> list[str]:
    """Move global options written after the command (`readout diff --verbose A B`) before it.

    Stops at `--`, after which everything is an argument.
    """
    args = list(args)
    i = 0
    while i < len(args) and args[i] not in commands:
        if args[i] in GLOBAL_VALUED:
            i += 1
        elif not args[i].startswith("-"):
            return args
        i += 1
    if i >= len(args):
        return args
    head, rest, moved = args[: i + 1], [], []
    j = i + 1
    while j < len(args):
        a = args[j]
        if a == "--":
            rest += args[j:]
            break
        if a in GLOBAL_FLAGS or any(a.startswith(f"{v}=") for v in GLOBAL_VALUED):
            moved.append(a)
        elif a in GLOBAL_VALUED and j + 1 < len(args):
            moved += [a, args[j + 1]]
            j += 1
        else:
            rest.append(a)
        j += 1
    return head[:-1] + moved + head[-1:] + rest


class _Readout(TyperGroup):
    """The top-level command group: global options may also follow the command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args, list(self.commands)))


app = typer.Typer(
    cls=_Readout,
    no_args_is_help=True,
    add_completion=False,
    help="Compare how different sources report the same event.",
    pretty_exceptions_enable=False,
    # Plain help: flags print as `--debug`, not `--debug <bool>`.
    rich_markup_mode=None,
)

P = ParamSpec("P")

_state: dict[str, Any] = {"debug": False, "verbose": False, "max_bytes": None}


class Format(enum.StrEnum):
    """Output formats of `diff`; `text` is another name for `table` (as in `check`)."""

    table = "table"
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


class EvalFormat(enum.StrEnum):
    table = "table"
    text = "text"
    json = "json"
    markdown = "markdown"


class Backend(enum.StrEnum):
    auto = "auto"
    use = "use"
    minilm = "minilm"


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"readout: error: {_one_line(message)}", err=True)
    raise typer.Exit(code)


def _one_line(message: str) -> str:
    """A message on one line: a path with a newline or an escape sequence cannot split it."""
    from compare.textsafe import one_line

    return one_line(message)


def _user_errors(func: Callable[P, None]) -> Callable[P, None]:
    """Turn library errors into one line on stderr and exit code 2 (tracebacks with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            func(*args, **kwargs)
        except ReadoutError as exc:
            if _state["debug"]:
                traceback.print_exc()
            _fail(_as_typed(exc))

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


def _as_typed(exc: ReadoutError) -> str:
    """The error message, naming the option the user typed rather than its environment twin."""
    if (
        isinstance(exc, InputError)
        and _state["max_bytes"] is not None
        and "size limit" in exc.problem
    ):
        return f"{exc.path}: {exc.problem}; pass a single article, or raise --max-size (e.g. 100M)"
    return str(exc)


def _terminal_width() -> int:
    """Columns to fill: $COLUMNS when set (also when piped), else the terminal's, else 100."""
    return shutil.get_terminal_size((100, 24)).columns


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
    """To stdout, or where -o says (devices and FIFOs as streams, files atomically)."""
    from compare.files import write_output

    write_output("-" if output is None else output, text)


def _colour_for(stream: object) -> bool:
    from compare.render import use_colour

    return use_colour(stream)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readout {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Say which encoding, language and model were used."),
    ] = False,
    max_size: Annotated[
        str | None,
        typer.Option(
            metavar="SIZE",
            help="Largest input file accepted, e.g. 50M (default 20M, or $READOUT_MAX_BYTES).",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="Decode inputs without a byte-order mark with this encoding (e.g. cp1252, "
            "gb18030) instead of detecting it ($READOUT_ENCODING)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    _warnings_on_one_line()
    if encoding is not None:
        _force_encoding(encoding, ctx)
    _state["debug"] = debug
    _state["verbose"] = verbose
    _state["max_bytes"] = None
    if max_size is not None:
        from compare.ingest import parse_size

        try:
            _state["max_bytes"] = parse_size(max_size, name="--max-size")
        except ReadoutError as exc:
            _fail(str(exc))
        from compare.ingest import MAX_BYTES_ENV

        # So that every input is read with it, `check`'s articles and corpus included.
        _setenv_for_command(MAX_BYTES_ENV, str(_state["max_bytes"]), ctx)


def _force_encoding(encoding: str, ctx: typer.Context) -> None:
    """--encoding: every input read in this command, however it is read, uses it."""
    from compare.ingest import ENCODING_ENV, check_encoding

    try:
        codec = check_encoding(encoding)
    except ReadoutError as exc:
        _fail(str(exc))
    _setenv_for_command(ENCODING_ENV, codec, ctx)


def _setenv_for_command(name: str, value: str, ctx: typer.Context) -> None:
    """Set an environment variable until the command ends (in-process runs restore it)."""
    previous = os.environ.get(name)
    os.environ[name] = value

    def restore() -> None:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous

    ctx.call_on_close(restore)


def _warnings_on_one_line() -> None:
    """Library warnings about inputs (`InputWarning`) as one `readout: warning:` line."""
    import warnings

    from compare.errors import InputWarning

    default = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, InputWarning):
            typer.echo(f"readout: warning: {_one_line(str(message))}", err=True)
        else:
            default(message, category, *args, **kwargs)

    if getattr(default, "__name__", "") != "show":
        warnings.showwarning = show
    warnings.simplefilter("always", InputWarning)


def _describe(sources: Sequence[Source], backend: str) -> None:
    """With --verbose: what was assumed about each input, on stderr."""
    if not _state["verbose"]:
        return
    for s in sources:
        typer.echo(
            f"readout: {s.id}: {_one_line(s.path)} (encoding {s.encoding}, language {s.language}, "
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
            "--format",
            "-f",
            help="Output format: table (or text), json, markdown, html. Default: table on a "
            "terminal, json when piped (`-f table | less` pages the table).",
        ),
    ] = None,
    output: OutputOption = None,
    backend: BackendOption = Backend.auto,
    lexicon: LexiconOption = None,
    no_cache: NoCacheOption = False,
    gloss: Annotated[
        bool,
        typer.Option(
            "--gloss",
            help="Show a word-by-word English gloss under each Chinese statement (table, markdown).",
        ),
    ] = False,
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
    glosses = None
    if gloss and fmt in (Format.table, Format.markdown):
        from compare.zh.gloss import statement_glosses

        glosses = statement_glosses(result.statements)
    if fmt is Format.json:
        text = render.render_json(result)
    elif fmt is Format.markdown:
        text = render.render_markdown(result, glosses=glosses)
    elif fmt is Format.html:
        from compare.html import render_diff_html

        text = render_diff_html(result)
    else:
        text = render.render_table(
            result,
            width=_terminal_width(),
            colour=output is None and render.use_colour(sys.stdout),
            glosses=glosses,
        )
    _write(text, output)


@app.command()
@_user_errors
def report(
    sources: Annotated[list[str], typer.Argument(help="Two or more sources about one event.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for index.html, report.md, report.json.")
    ],
    title: Annotated[
        str | None,
        typer.Option(
            help="The event, as the report's heading (default: inferred).", metavar="TEXT"
        ),
    ] = None,
    labels: Annotated[
        list[str] | None,
        typer.Option(
            "--label",
            metavar="NAME",
            help="Name a source by its outlet, once per source in order "
            "(default: read from the text, else the file name).",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Also print the report to stdout: table (or text), json, markdown, html. "
            "Default: a summary table on a terminal, nothing when piped.",
        ),
    ] = None,
    backend: BackendOption = Backend.auto,
    lexicon: LexiconOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write a side-by-side (two sources) or matrix (three or more) comparison report."""
    from compare import pipeline
    from compare.lexicon import load_lexicon
    from compare.report import build_report, label_sources, write_report

    loaded = pipeline.load_sources(sources, max_bytes=_state["max_bytes"])
    result = build_report(
        label_sources(loaded, labels or ()),
        backend=backend.value,
        lexicon=load_lexicon(lexicon),
        embedder_factory=_embedder_factory(no_cache),
        progress=_progress(),
        title=title,
    )
    _describe(result.sources, result.backend)
    for path in write_report(result, out):
        typer.echo(f"wrote {_one_line(str(path))}", err=True)
    if fmt is None and not sys.stdout.isatty():
        return
    if fmt is Format.json:
        from compare.report_render import render_report_json

        text = render_report_json(result)
    elif fmt is Format.markdown:
        from compare.report_render import render_report_markdown

        text = render_report_markdown(result)
    elif fmt is Format.html:
        from compare.html import render_report_html

        text = render_report_html(result)
    else:
        from compare.terminal import render_report_table

        text = render_report_table(result, width=_terminal_width(), colour=_colour_for(sys.stdout))
    sys.stdout.write(text)


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
    table = "table"
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
        CheckFormat,
        typer.Option(
            "--format", "-f", help="Output format: text (or table), json, github, sarif, junit."
        ),
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
    corpus, unreadable = checking.read_corpus(against, exclude=articles)
    result = checking.check(
        checking.load_articles(articles),
        corpus,
        unreadable=unreadable,
        fail_on=policy,
        backend=backend.value,
        lexicon=load_lexicon(lexicon),
        embedder_factory=_embedder_factory(no_cache),
    )
    _write(render(result, "text" if fmt is CheckFormat.table else fmt.value), output)
    if result.failed:
        raise typer.Exit(1)


@app.command("eval")
@_user_errors
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="readout.gold/1 files to score against.")],
    fmt: Annotated[
        EvalFormat,
        typer.Option("--format", "-f", help="Output format: table (or text), json, markdown."),
    ] = EvalFormat.table,
    output: OutputOption = None,
    backend: BackendOption = Backend.auto,
    no_cache: NoCacheOption = False,
) -> None:
    """Score alignment links and findings against hand-labelled gold files."""
    from compare import scoring

    result = scoring.evaluate_gold(
        gold, backend=backend.value, embedder_factory=_embedder_factory(no_cache)
    )
    if fmt is EvalFormat.json:
        text = scoring.render_json(result)
    elif fmt is EvalFormat.markdown:
        text = scoring.render_markdown(result)
    else:
        text = scoring.render_table(result)
    _write(text, output)


from compare.corpus.cli import corpus_app  # noqa: E402 (dask loads only inside its commands)

app.add_typer(corpus_app, name="corpus")


def main() -> None:
    """Console entry point: user errors become one line on stderr and exit code 2."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    signal.signal(signal.SIGTERM, _on_sigterm)
    # A closed terminal: end like SIGTERM, so temporary files are removed on the way out.
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _on_sigterm)
    try:
        # Outside standalone mode click returns the exit code instead of raising it.
        code = app(standalone_mode=False)
    except ReadoutError as exc:
        if _state["debug"]:
            traceback.print_exc()
        typer.echo(f"readout: error: {_one_line(_as_typed(exc))}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        # The reader went away (`readout ... | head`): not an error, and nothing more to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
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
        message = getattr(exc, "format_message", None)
        if callable(message) and isinstance(getattr(exc, "exit_code", None), int):
            _usage_error(exc, str(message()))
        raise
    if code == 130:  # typer turns Ctrl-C into a silent Exit(130)
        typer.echo("readout: interrupted", err=True)
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(exc: Exception, message: str) -> NoReturn:
    """A usage error on one line, with where to read the usage."""
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "readout"
    typer.echo(f"readout: error: {_one_line(message)} (see `{path} --help`)", err=True)
    sys.exit(2)


def _on_sigterm(signum: int, frame: object) -> None:
    typer.echo("readout: terminated", err=True)
    sys.exit(143)
