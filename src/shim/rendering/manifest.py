"""What a document used, carried inside it: fact ids and values, the fact base's git
commit (when the workspace is in git) and a hash of the fact base's content.

Custom document properties survive saves in Word and LibreOffice, so a document that
was edited and sent on still says which figures it carries: ``shim facts where ID``
finds every issued document to re-send when a figure is corrected.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from shim.errors import ShimError
from shim.safeio import file_identity, read_bytes
from shim.workspace.facts import MAX_SOURCE, FactRecord
from shim.workspace.yamlio import MAX_BYTES

PREFIX = "shim.fact."
COMMIT = "shim.factbase.commit"
HASH = "shim.factbase.sha256"


def manifest(root: Path, used: Iterable[FactRecord]) -> tuple[tuple[str, str], ...]:
    """Custom properties for a document that used ``used`` (sorted: byte-identical output)."""
    facts = sorted((f"{PREFIX}{r.fact.id}", str(r.fact.value)) for r in used)
    out = [*facts, (HASH, factbase_hash(root, _identity(root)))]
    commit = git_commit(root)
    if commit:
        out.append((COMMIT, commit))
    return tuple(out)


def _files(root: Path) -> list[Path]:
    folder = root / "facts"
    return sorted([*folder.glob("*.yaml"), *(folder / "sources").glob("*")])


def _identity(root: Path) -> tuple[tuple[str, tuple[int, ...] | None], ...]:
    return tuple((str(p), file_identity(p)) for p in _files(root))


@lru_cache(maxsize=8)
def factbase_hash(root: Path, identity: tuple[tuple[str, tuple[int, ...] | None], ...]) -> str:
    """SHA-256 of the fact files and source texts (keyed by their identity: edits are seen).

    Every file is read as the fact base reads its own: inside the workspace, a regular
    file, of bounded size (a link in facts/sources/ to /dev/zero would never end)."""
    digest = hashlib.sha256()
    for path in _files(root):
        shown = path.relative_to(root).as_posix()
        limit = MAX_BYTES if path.suffix == ".yaml" else MAX_SOURCE
        digest.update(shown.encode() + b"\0")
        digest.update(read_bytes(path, shown, limit, root=root) + b"\0")
    return digest.hexdigest()


def git_commit(root: Path) -> str | None:
    """The commit checked out in the git repository that holds ``root``, read from .git
    without running git (loose or packed refs; worktrees follow their ``gitdir``).

    What .git says is not trusted (it may sit in a shared workspace): only a ref under
    refs/ is followed, only a commit id is returned, and every file is read as a regular
    file of bounded size, so a link to /dev/zero or a file elsewhere leaks nothing."""
    for folder in (root, *root.parents):
        dotgit = folder / ".git"
        if dotgit.exists():
            try:
                found = _head(dotgit)
            except (OSError, ValueError):
                return None
            return found if found is not None and _COMMIT.fullmatch(found) else None
    return None


_COMMIT = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1 or SHA-256
_REF = re.compile(r"refs/(?:[\w.-]+/)*[\w.-]+")


def _text(path: Path, limit: int = 4096) -> str:
    """A small git file's text; OSError for anything but a regular file within ``limit``."""
    try:
        return read_bytes(path, str(path), limit).decode("utf-8").strip()
    except ShimError as exc:
        raise OSError(exc.message) from None


def _head(dotgit: Path) -> str | None:
    gitdir = dotgit
    if dotgit.is_file():  # a worktree: "gitdir: /path/to/.git/worktrees/name"
        text = _text(dotgit)
        gitdir = (dotgit.parent / text.removeprefix("gitdir:").strip()).resolve()
    common = gitdir
    if (gitdir / "commondir").is_file():
        common = (gitdir / _text(gitdir / "commondir")).resolve()
    head = _text(gitdir / "HEAD")
    if not head.startswith("ref:"):
        return head or None
    ref = head.removeprefix("ref:").strip()
    if not _REF.fullmatch(ref) or ".." in ref:
        return None
    for base in (gitdir, common):
        loose = base / ref
        if loose.is_file():
            return _text(loose)
    packed = common / "packed-refs"
    if packed.is_file():
        for line in _text(packed, 64 * 1024 * 1024).splitlines():
            if line.endswith(f" {ref}"):
                return line.split()[0]
    return None
