"""What a render returns: the documents written and the groups that failed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec

from shim.errors import Findings, plural


class RenderResult(msgspec.Struct, frozen=True):
    brief: str
    doc: str
    lang: str
    path: Path
    warnings: tuple[str, ...]


class Failure(msgspec.Struct, frozen=True):
    """A group (one brief and kind, its languages) that wrote nothing, and why."""

    brief: str
    doc: str
    langs: str
    message: str
    exit_code: int = 1


class RenderReport(msgspec.Struct, frozen=True):
    """Everything one render did; iterating it gives the documents written."""

    results: tuple[RenderResult, ...]
    failures: tuple[Failure, ...]
    groups: int
    #: Documents asked for (each language of each group; a broken brief counts as one).
    documents: int = 0

    def __iter__(self) -> Iterator[RenderResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    @property
    def warnings(self) -> int:
        return sum(len(r.warnings) for r in self.results)

    @property
    def ok(self) -> bool:
        return not self.failures

    def raise_for_failures(self) -> RenderReport:
        """Raise a :class:`~shim.errors.ShimError` naming every failed group, if any."""
        if self.failures:
            error = Findings(
                f"{len(self.failures)} of {plural(self.groups, 'document group')} failed",
                [f.message for f in self.failures],
            )
            error.exit_code = self.failures[0].exit_code
            raise error
        return self


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a render: what was written before it, and what was not."""

    def __init__(self, written: tuple[RenderResult, ...], not_started: int) -> None:
        super().__init__(f"interrupted: {len(written)} written, {not_started} not started")
        self.written = written
        self.not_started = not_started
