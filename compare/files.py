"""Writing output files so that nothing is ever half-written."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8, "\\n" newlines) to `path` via a temporary file and a rename.

    Readers see the old file or the new one, never a part: an error, Ctrl-C or SIGTERM
    during the write removes the temporary file and leaves `path` as it was. Missing parent
    folders are created. The new file keeps the old one's permissions, or gets the usual
    ones for a new file (0666 less the umask) rather than `mkstemp`'s private 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            # On disk before the rename, so a crash cannot leave an empty file in its place.
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
