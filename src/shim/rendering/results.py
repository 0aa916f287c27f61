"""What a render returns: the documents written and the groups that failed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec

from shim.errors import Findings


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
                f"{len(self.failures)} of {self.groups} document group(s) failed",
                [f.message for f in self.failures],
            )
            error.exit_code = self.failures[0].exit_code
            raise error
        return self
