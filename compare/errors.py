"""Library errors. The CLI turns every `ReadoutError` into one line on stderr and exit code 2."""

from __future__ import annotations


class ReadoutError(Exception):
    """Base of every error a user can cause and fix (bad path, bad file, bad option)."""


class InputError(ReadoutError):
    """A source file cannot be read as an article: missing, empty, binary, too large, ..."""

    def __init__(self, path: str, problem: str, fix: str) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}; {fix}")


class UsageError(ReadoutError):
    """Options or arguments that do not fit together."""


class GoldError(ReadoutError):
    """A `readout.gold/1` file is malformed."""


class OutputError(ReadoutError):
    """An output cannot be written: a folder in the way, no permission, a full disk, ..."""

    def __init__(self, path: str, problem: str, fix: str) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}; {fix}")


class InputWarning(UserWarning):
    """An input was read, but not exactly as written (e.g. damaged bytes replaced)."""
