"""The error model: one root exception, a few kinds, each with a location.

Every user mistake (a typo in YAML, a missing fact, an untranslated message) is raised
as a :class:`ShimError` carrying the file and line it comes from. The CLI prints
``error: file:line: message`` and exits with the kind's exit code; anything else that
escapes is a bug and gets a traceback.
"""

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import msgspec

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_USER = 1  # a mistake in the workspace: facts, briefs, templates, catalogs, config
EXIT_USAGE = 2  # bad command-line arguments (Typer/Click's own code)
EXIT_FINDINGS = 3  # a check ran and found problems
EXIT_BUG = 70  # an internal error (EX_SOFTWARE)


class Location(msgspec.Struct, frozen=True):
    """Where a problem is: a file, and the 1-based line and column when known."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


def display_path(path: str | Path, root: Path | None = None) -> str:
    """A path as the user should read it: relative to the workspace when inside it."""
    if root is not None:
        # As written first (a symlink is named by its own name, and the common case
        # needs no disk access), then resolved (a path with '..').
        inside = _inside(os.path.abspath(path), Path(os.path.abspath(root)))
        if inside is not None:
            return inside
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix()


@lru_cache(maxsize=1024)
def _inside(path: str, root: Path) -> str | None:
    """``path`` relative to ``root`` when it is inside it as written (no disk access)."""
    p = Path(path)
    if p.is_absolute() and root.is_absolute() and p.is_relative_to(root):
        return p.relative_to(root).as_posix()
    return None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest of ``choices``, or ``""``.

    >>> did_you_mean("livelihood", ["livelihoods", "governance"])
    "; did you mean 'livelihoods'?"
    >>> did_you_mean("zzz", ["livelihoods"])
    ''
    """
    import difflib

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def plural(n: int, word: str) -> str:
    """``1 problem``, ``2 problems``: English counts in messages (documents use Babel).

    >>> plural(1, "problem"), plural(3, "fact")
    ('1 problem', '3 facts')
    """
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class Finding(msgspec.Struct, frozen=True):
    """One thing a check found, where it is: ``file:line: [warning: ]message``."""

    location: Location
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.location}: {kind}{self.message}"


class ShimError(Exception):
    """Root of every error that is the user's to fix."""

    exit_code = EXIT_USER

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class ConfigError(ShimError):
    """shim.toml or the workspace layout is wrong."""


class DataError(ShimError):
    """A YAML file (facts, sources, brief) is malformed or fails its schema."""


class FactError(ShimError):
    """A template asks for a fact that is missing or unusable."""


class TemplateError(ShimError):
    """A template has a syntax error or fails while rendering."""


class TranslationError(ShimError):
    """A catalog is malformed, or a document needs a message that is not translated."""


class OutputError(ShimError):
    """A document cannot be written (folder, permissions, name clash, converter)."""


class UsageError(ShimError):
    """Arguments that parse but make no sense together."""

    exit_code = EXIT_USAGE


class Findings(ShimError):
    """A check ran to completion and found problems; each is one located line."""

    exit_code = EXIT_FINDINGS

    def __init__(self, summary: str, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(summary)

    def __str__(self) -> str:
        return "\n".join((*self.problems, self.message))
