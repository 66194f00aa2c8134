"""Writing outputs so that nothing is ever half-written, replaced by mistake, or lost.

- `write_atomic`: a regular file, via a temporary sibling file and a rename.
- `write_output`: what `-o PATH` means. A regular file (or a symlink to one, resolved) is
  written atomically; an existing device, FIFO or socket, or a symlink to one, is written
  to as a stream and never replaced; `-` is standard output. Standard output falls back to
  escapes, with a warning, when its encoding cannot represent the text.
- `write_folder`: a set of files that belong together (a report). They are written into a
  temporary sibling folder and swapped in whole, so a reader, a crash or a full disk never
  sees a folder mixing two runs. Entries of the folder that are not among the files are kept.
  Temporaries of killed runs are cleaned by the next run.

Every failure is an `OutputError`: one line naming the path, the problem and the fix.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from compare.errors import OutputError

#: The path that means standard output, and how it is named in messages.
STDOUT_PATH = "-"
STDOUT_NAME = "<stdout>"
#: Inside a folder being built; gone once it is swapped in. A temporary folder without it
#: holds the contents a swap replaced.
INCOMPLETE_MARKER = ".readout-incomplete"
_RENAME_EXCHANGE = 2  # linux/fs.h

Warn = Callable[[str], None]


def _warn(message: str) -> None:
    print(f"readout: warning: {message}", file=sys.stderr)


# --- errors ------------------------------------------------------------------------------------


def output_error(path: str | Path, exc: OSError, *, what: str = "cannot be written") -> OutputError:
    """The one-line error for an `OSError` while writing `path`, with the fix for its cause."""
    shown = str(path) if str(path) else "''"
    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return OutputError(shown, f"{what}: the disk is full", "free disk space or write elsewhere")
    if code in (errno.EACCES, errno.EPERM):
        return OutputError(
            shown, f"{what}: permission denied", "check its permissions or write elsewhere"
        )
    if code == errno.EROFS:
        return OutputError(shown, f"{what}: read-only file system", "write elsewhere")
    if code == errno.EISDIR:
        return OutputError(shown, "is a directory", "give a file name (e.g. out.json)")
    if code in (errno.ENOTDIR, errno.EEXIST):
        return OutputError(
            shown, "is under something that is not a folder", "check the path's folders"
        )
    if code == errno.ENAMETOOLONG:
        return OutputError(shown, "has a name that is too long", "choose a shorter name")
    problem = exc.strerror or str(exc)
    return OutputError(shown, f"{what} ({problem})", "check the path, or write elsewhere")


# --- single files ------------------------------------------------------------------------------


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8, "\\n" newlines) to `path` via a temporary file and a rename.

    Readers see the old file or the new one, never a part: an error, Ctrl-C or SIGTERM
    during the write removes the temporary file and leaves `path` as it was. Missing parent
    folders are created. The new file keeps the old one's permissions, or gets the usual
    ones for a new file (0666 less the umask) rather than `mkstemp`'s private 0600.
    Temporary files of killed runs (their process gone) are removed. OSErrors propagate.
    """
    _write_atomic_bytes(Path(path), text.encode("utf-8"))


def _write_atomic_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    _clean_stale_files(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            # On disk before the rename, so a crash cannot leave an empty file in its place.
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path, *, default: int = 0o666) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return _new_mode(default)


def _new_mode(default: int = 0o666) -> int:
    """The permissions of a new file (`default` less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return default & ~umask


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _clean_stale_files(path: Path) -> None:
    """Remove `.NAME.PID.*.tmp` siblings whose writing process is gone."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.[^/]*\.tmp")
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m and not _pid_alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def is_stream_target(path: str | Path) -> bool:
    """Whether `path` exists and is (or links to) something other than a regular file or a
    folder: a device, FIFO or socket, which must be written to, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_output(
    path: str | Path,
    text: str,
    *,
    stdout: BinaryIO | None = None,
    warn: Warn = _warn,
) -> None:
    """Write `text` where `-o PATH` says; raise `OutputError` (one line) when it cannot.

    "-" is standard output (`stdout` stands in for `sys.stdout`'s buffer). An existing
    device, FIFO or socket, or a symlink to one, is opened and written, never replaced. A
    symlink to a regular file is resolved and its target replaced atomically, so the link
    stays. Anything else is written atomically as UTF-8.
    """
    shown = str(path)
    if shown == STDOUT_PATH:
        write_stdout(text, stream=stdout, warn=warn)
        return
    if not shown:
        raise OutputError("''", "is an empty path", "give a file name, or leave out -o for stdout")
    target = Path(path)
    data = _encode_utf8(text, shown, warn)
    if is_stream_target(target):
        _write_stream(target, data, shown)
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise OutputError(shown, "is a directory", "give a file name (e.g. out.json)")
    try:
        _write_atomic_bytes(target, data)
    except OSError as exc:
        raise output_error(shown, exc) from exc


def _encode_utf8(text: str, shown: str, warn: Warn) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        warn(f"{shown}: text with characters UTF-8 cannot hold; wrote U+FFFD in their place")
        return text.encode("utf-8", "replace")


def _write_stream(target: Path, data: bytes, shown: str) -> None:
    # No O_CREAT, no O_TRUNC: the node stays what it is. A FIFO blocks until a reader opens it.
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise output_error(shown, exc) from exc


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: `\\uXXXX` escapes (surrogate pairs above U+FFFF), which inside a
    JSON string are the same characters, and elsewhere still say which they were."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start : exc.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


_ESCAPE_ERRORS = "readout.json-escape"
codecs.register_error(_ESCAPE_ERRORS, _json_escape)


def write_stdout(text: str, *, stream: BinaryIO | None = None, warn: Warn = _warn) -> None:
    """Write `text` to standard output in its encoding; characters that encoding cannot
    represent become backslash escapes (in JSON, the same value) after a warning."""
    out = sys.stdout
    if out is None:  # started with standard output closed (`>&-`)
        raise OutputError(STDOUT_NAME, "is closed", "redirect it to a file, or pass -o FILE")
    encoding = getattr(out, "encoding", None) or "utf-8"
    if stream is None:
        stream = getattr(out, "buffer", None)
    if stream is None:  # a text-only stream (a test's StringIO): it takes str
        try:
            out.write(text)
            out.flush()
        except OSError as exc:
            raise output_error(STDOUT_NAME, exc) from exc
        return
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        warn(
            f"standard output's encoding ({encoding}) cannot represent some characters; "
            "wrote them as \\u escapes; set PYTHONIOENCODING=utf-8 to keep them"
        )
        data = text.encode(encoding, _ESCAPE_ERRORS)
    except LookupError:
        data = text.encode("utf-8", "replace")
    try:
        out.flush()  # whatever was written as text goes first
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_error(STDOUT_NAME, exc) from exc


# --- folders -----------------------------------------------------------------------------------


def write_folder(out: str | Path, files: Mapping[str, str]) -> list[Path]:
    """Make `out` hold `files` (name -> text), all of one run, swapped in at once.

    The files are written into a temporary sibling folder; entries of `out` that are not
    among `files` are hard-linked (or later moved) into it; then the two folders are
    exchanged in one step (`renameat2(RENAME_EXCHANGE)`, or two renames where the kernel
    lacks it) and the old one removed. Temporaries left by killed runs are cleaned first,
    putting back any entry of `out` they still hold. Where no sibling can be created (a
    read-only parent), the files are written into `out` one by one, each atomically.
    Returns the written paths; raises `OutputError` naming `out` and the fix.
    """
    shown = str(out)
    out = Path(out)
    if out.is_symlink():
        out = Path(os.path.realpath(out))
    if out.exists() and not out.is_dir():
        raise OutputError(shown, "is not a directory", "give --out a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(out.parent, exc, what="cannot be created") from exc
    recover_folder(out)
    try:
        build = Path(tempfile.mkdtemp(prefix=f".{out.name}.readout-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        if out.is_dir() and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return _write_in_place(out, files, shown)
        raise output_error(shown, exc, what="cannot be written") from exc
    try:
        (build / INCOMPLETE_MARKER).touch()
        for name, text in files.items():
            _write_synced(build / name, text)
        later = _link_unrelated(out, build, files) if out.is_dir() else []
        os.chmod(build, _mode_for(out, default=0o777))
        _fsync_dir(build)
        if out.is_dir():
            _exchange(build, out)
            old = build  # the exchange left the old contents here
        else:
            os.rename(build, out)
            old = None
    except BaseException as exc:
        shutil.rmtree(build, ignore_errors=True)
        if isinstance(exc, OSError):
            raise output_error(shown, exc, what="cannot be written") from exc
        raise
    # `out` now holds the new report. Whatever follows only tidies up.
    with contextlib.suppress(OSError):
        (out / INCOMPLETE_MARKER).unlink()
    _fsync_dir(out.parent)
    if old is not None:
        for name in later:
            with contextlib.suppress(OSError):
                os.rename(old / name, out / name)
        shutil.rmtree(old, ignore_errors=True)
    return [out / name for name in files]


def _write_synced(path: Path, text: str) -> None:
    with open(path, "wb") as handle:
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, _new_mode())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _link_unrelated(out: Path, build: Path, files: Mapping[str, str]) -> list[str]:
    """Hard-link `out`'s other files into `build`; return the entries to move after the swap."""
    later = []
    for entry in os.scandir(out):
        if entry.name in files or entry.name == INCOMPLETE_MARKER:
            continue
        try:
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), build / entry.name)
                continue
            if entry.is_file(follow_symlinks=False):
                os.link(entry.path, build / entry.name)
                continue
        except OSError:
            pass
        later.append(entry.name)
    return later


_libc: ctypes.CDLL | None = None


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step; two renames where the system cannot (a brief gap that
    `recover_folder` repairs after a crash)."""
    global _libc
    if sys.platform.startswith("linux"):
        try:
            if _libc is None:
                _libc = ctypes.CDLL(None, use_errno=True)
            renameat2 = _libc.renameat2
        except (OSError, AttributeError):
            renameat2 = None
        if renameat2 is not None:
            at_fdcwd = -100
            result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
            if result == 0:
                return
            code = ctypes.get_errno()
            if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
                raise OSError(code, os.strerror(code), str(b))
    aside = a.with_name(a.name + "-old")
    os.rename(b, aside)
    try:
        os.rename(a, b)
    except BaseException:
        os.rename(aside, b)  # put the old folder back before reporting the error
        raise
    os.rename(aside, a)


def recover_folder(out: Path) -> None:
    """Clean temporaries that killed runs left next to `out`.

    A temporary still marked incomplete is a half-built folder: removed. One without the
    mark holds what a swap replaced: if `out` is missing (killed between two renames) it
    becomes `out` again; otherwise entries `out` lacks are moved back and the rest removed.
    """
    pattern = re.compile(rf"\.{re.escape(out.name)}\.readout-(\d+)-[^/]*")
    try:
        entries = sorted(os.scandir(out.parent), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if not m or _pid_alive(int(m.group(1))) or not entry.is_dir(follow_symlinks=False):
            continue
        stale = Path(entry.path)
        if (stale / INCOMPLETE_MARKER).exists():
            shutil.rmtree(stale, ignore_errors=True)
            continue
        if not out.exists():
            with contextlib.suppress(OSError):
                os.rename(stale, out)
                continue
        for child in os.scandir(stale):
            if not os.path.lexists(out / child.name):
                with contextlib.suppress(OSError):
                    os.rename(child.path, out / child.name)
        shutil.rmtree(stale, ignore_errors=True)
    with contextlib.suppress(OSError):
        (out / INCOMPLETE_MARKER).unlink()


def _write_in_place(out: Path, files: Mapping[str, str], shown: str) -> list[Path]:
    written = []
    try:
        for name, text in files.items():
            write_atomic(out / name, text)
            written.append(out / name)
    except OSError as exc:
        raise output_error(shown, exc, what="cannot be written") from exc
    return written
