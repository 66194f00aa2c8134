"""The `readout` command. Each command parses, makes one library call and renders."""

from __future__ import annotations

import enum
import functools
import os
import shutil
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, ParamSpec

import typer

from compare import __version__
from compare.errors import ReadoutError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Compare how different sources report the same event.",
    pretty_exceptions_enable=False,
)

P = ParamSpec("P")

_state = {"debug": False}


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    _state["debug"] = debug


@app.command()
@_user_errors
def diff(
    a: Annotated[str, typer.Argument(help="First source (.txt, .md, .html; - for stdin).")],
    b: Annotated[str, typer.Argument(help="Second source.")],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format", "-f", help="Output format (default: table on a terminal, else json)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    backend: Annotated[Backend, typer.Option(help="Embedding backend.")] = Backend.auto,
    lexicon: Annotated[
        Path | None, typer.Option(help="Extra lexicon (TOML) merged over the built-in one.")
    ] = None,
) -> None:
    """Align the statements of two sources and list how they differ."""
    from compare import pipeline, render
    from compare.lexicon import load_lexicon

    result = pipeline.diff_paths(a, b, backend=backend.value, lexicon=load_lexicon(lexicon))
    fmt = fmt or _default_format()
    if fmt is Format.json:
        text = render.render_json(result)
    elif fmt is Format.markdown:
        text = render.render_markdown(result)
    else:
        text = render.render_table(result, width=shutil.get_terminal_size((120, 24)).columns)
    _write(text, output)


@app.command("eval")
@_user_errors
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="readout.gold/1 files to score against.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    backend: Annotated[Backend, typer.Option(help="Embedding backend.")] = Backend.auto,
) -> None:
    """Score alignment links and findings against hand-labelled gold files."""
    from compare import scoring

    result = scoring.evaluate_gold(gold, backend=backend.value)
    if fmt is Format.json:
        text = scoring.render_json(result)
    elif fmt is Format.markdown:
        text = scoring.render_markdown(result)
    else:
        text = scoring.render_table(result)
    sys.stdout.write(text)


def main() -> None:
    """Console entry point: user errors become one line on stderr and exit code 2."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        app(standalone_mode=False)
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
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(2)
        if isinstance(exc, click.exceptions.Abort):
            typer.echo("readout: interrupted", err=True)
            sys.exit(130)
        raise


def _on_sigterm(signum: int, frame: object) -> None:
    typer.echo("readout: terminated", err=True)
    sys.exit(143)
