"""The I/O edge of `readout check`: the new articles and the corpus folder.

An unreadable corpus file (binary, undecodable, too large, unreadable on disk) is listed as an
`Unreadable` with the reason, never an abort: one bad file must not switch the gate off.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from compare.check.results import Unreadable
from compare.errors import InputError, UsageError
from compare.ingest import STDIN_PATH, load_source
from compare.models import Source

#: Files read from the corpus folder (and its subfolders, hidden ones excepted).
CORPUS_SUFFIXES = (".txt", ".md", ".html", ".htm")


def load_articles(paths: Sequence[str | Path]) -> list[Source]:
    """The new articles, with ids "new:1", "new:2", ... ("-" reads standard input)."""
    if not paths:
        raise UsageError("no article to check; pass one or more files")
    seen: set[Path] = set()
    sources = []
    for index, path in enumerate(paths, start=1):
        if str(path) != STDIN_PATH:
            key = Path(path).resolve()
            if key in seen:
                raise InputError(str(path), "given twice", "pass each article once")
            seen.add(key)
        sources.append(load_source(path, f"new:{index}"))
    return sources


def corpus_files(folder: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Articles in `folder` and its subfolders (`CORPUS_SUFFIXES`), sorted, minus `exclude`.

    Hidden files and folders (".git") are skipped. Raises `InputError` when `folder` is not a
    folder or holds no article besides the excluded ones.
    """
    root = Path(folder)
    if not root.exists():
        raise InputError(str(folder), "no such folder", "pass the folder of the corpus")
    if not root.is_dir():
        raise InputError(str(folder), "is not a folder", "pass the folder of the corpus")
    skip = {Path(p).resolve() for p in exclude if str(p) != STDIN_PATH}
    files = sorted(
        p
        for p in root.rglob("*")
        if p.suffix.lower() in CORPUS_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.resolve() not in skip
    )
    if not files:
        raise InputError(
            str(folder),
            "the corpus is empty (no .txt, .md, .html or .htm article besides those checked)",
            "pass the folder that holds the readouts and earlier articles",
        )
    return files


def load_corpus(folder: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[Source]:
    """Every readable corpus article, with stable ids "corpus:<path relative to folder>"."""
    return read_corpus(folder, exclude=exclude)[0]


def read_corpus(
    folder: str | Path, *, exclude: Iterable[str | Path] = ()
) -> tuple[list[Source], list[Unreadable]]:
    """(readable articles, unreadable files with the reason), both in path order.

    Raises `InputError` only for the folder itself (missing, not a folder, no article).
    """
    root = Path(folder)
    sources: list[Source] = []
    unreadable: list[Unreadable] = []
    for path in corpus_files(root, exclude=exclude):
        try:
            sources.append(load_source(path, f"corpus:{path.relative_to(root).as_posix()}"))
        except (InputError, OSError) as error:
            unreadable.append(Unreadable(str(path), _reason(error)))
    return sources, unreadable


def _reason(error: Exception) -> str:
    if isinstance(error, InputError):
        return str(error)
    return f"{type(error).__name__}: {error}"
