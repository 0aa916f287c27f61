"""Writing documents: file names, the output folder, and atomic writes.

Every document is written to a temporary file in the target folder and renamed into
place only when complete, so a crash, Ctrl-C or full disk never leaves half a document
and never damages the previous version.
"""

from __future__ import annotations

import os
from pathlib import Path

from shim.cache import temporary_beside
from shim.errors import Location, OutputError
from shim.workspace.loader import Workspace


def output_name(brief: str, doc: str, lang: str) -> str:
    return f"{brief}.{doc}.{lang}.docx"


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = temporary_beside(path)
    except OSError as exc:
        raise OutputError(
            f"cannot write in this folder: {exc.strerror}", Location(folder.as_posix())
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(
            f"cannot write the document: {exc.strerror}", Location(path.as_posix())
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def out_dir(ws: Workspace, out: Path | None) -> Path:
    """The output folder, created and checked writable before any work starts."""
    target = out or ws.root / ws.settings.workspace.out
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
    return target
