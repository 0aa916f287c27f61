"""Writing documents: file names, the output folder, and committing a group of files.

The documents of a group (every language of one brief and kind) are committed together:
each is written and fsynced to a temporary file beside its target, then a small journal
names them, and only then are they renamed into place. A run killed while renaming
leaves the journal, and the next run in that folder finishes the commit; temporary
files of a run that is gone are removed. A crash, Ctrl-C or full disk never leaves half
a document, nor one language replaced and the other stale.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Iterator, Sequence
from pathlib import Path

from shim.errors import Location, OutputError
from shim.safeio import TEMP_PREFIX, TEMP_SUFFIX, owner_alive, temp_name, write_new
from shim.workspace.loader import Workspace, default_root

JOURNAL_SUFFIX = ".journal"


def output_name(brief: str, doc: str, lang: str) -> str:
    return f"{brief}.{doc}.{lang}.docx"


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file: a group of one."""
    commit([(path, data)])


def commit(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file beside its target, then rename them all into place together."""
    temps: list[tuple[Path, Path]] = []
    with _signals_held():  # Ctrl-C waits until the group is written or dropped
        try:
            for path, data in files:
                temps.append((_write_new(path, data), path))
            # One rename is atomic by itself: only a group needs a journal to finish by.
            journal = _journal(temps) if len(temps) > 1 else None
        except BaseException:
            for tmp, _ in temps:
                tmp.unlink(missing_ok=True)
            raise
        try:
            for tmp, path in temps:
                os.replace(tmp, path)
        except OSError as exc:  # a journal stays: the next run finishes the commit
            if journal is None:
                tmp.unlink(missing_ok=True)
            raise OutputError(
                f"cannot write the document: {exc.strerror}", Location(path.as_posix())
            ) from None
        if journal is not None:
            journal.unlink()


def _write_new(path: Path, data: bytes) -> Path:
    try:
        return write_new(path, data)
    except OSError as exc:
        raise OutputError(
            f"cannot write the document: {exc.strerror}", Location(path.as_posix())
        ) from None


def _journal(temps: Sequence[tuple[Path, Path]]) -> Path:
    """Record which temporary file becomes which document (names only: same folder)."""
    folder = temps[0][1].parent
    journal = folder / temp_name("commit").replace(TEMP_SUFFIX, JOURNAL_SUFFIX)
    data = json.dumps([[tmp.name, path.name] for tmp, path in temps]).encode()
    try:
        os.replace(write_new(journal, data), journal)
    except OSError as exc:
        raise OutputError(
            f"cannot write the document: {exc.strerror}", Location(folder.as_posix())
        ) from None
    return journal


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def recover(folder: Path) -> None:
    """Finish the commits and remove the temporary files of runs that are gone."""
    try:
        names = [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for name in sorted(n for n in names if n.endswith(JOURNAL_SUFFIX)):
        if not owner_alive(name):
            _finish(folder, name)
    for name in names:
        if name.endswith(TEMP_SUFFIX) and not owner_alive(name):
            (folder / name).unlink(missing_ok=True)


def _finish(folder: Path, journal: str) -> None:
    """Every temporary file was complete before its journal was written: rename on."""
    try:
        pairs = json.loads((folder / journal).read_text(encoding="utf-8"))
        for tmp, target in pairs:
            if (folder / tmp).exists() and "/" not in tmp + target:
                os.replace(folder / tmp, folder / target)
    except (OSError, ValueError, TypeError):
        pass  # a journal that cannot be read is only removed: its files stay as they are
    (folder / journal).unlink(missing_ok=True)


def out_dir(ws: Workspace, out: Path | None) -> Path:
    """The output folder, created and checked writable before any work starts.

    With the built-in workspace (no workspace here), documents go to ``./out`` of the
    current folder, never into the installed package.
    """
    if out is not None:
        target = out
    elif ws.root == default_root().resolve() and ws.root != Path.cwd().resolve():
        target = Path.cwd() / ws.settings.workspace.out
    else:
        target = ws.root / ws.settings.workspace.out
        if not target.resolve().is_relative_to(ws.root):
            raise OutputError(
                f"[workspace] out = '{ws.settings.workspace.out}' leads outside the "
                "workspace; use --out for a folder elsewhere",
                Location("shim.toml"),
            )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("is a file, not a folder", Location(target.as_posix())) from None
    except OSError as exc:
        raise OutputError(
            f"cannot create the output folder: {exc.strerror}", Location(target.as_posix())
        ) from None
    if not os.access(target, os.W_OK | os.X_OK):
        raise OutputError(
            "cannot write in the output folder: permission denied", Location(target.as_posix())
        )
    recover(target)
    return target
