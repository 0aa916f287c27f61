"""``shim init``: a new workspace from the default one, never over existing files.

The workspace is built in a temporary folder beside the target and renamed into place
when complete, so a full disk or a missing permission leaves no half workspace behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from shim.errors import ConfigError, Location
from shim.safeio import temp_name
from shim.workspace.loader import default_root

PARTS = ("shim.toml", "facts", "templates", "locales", "briefs")


def init_workspace(dest: Path | str) -> Path:
    """Create a new workspace at ``dest`` from the default one; never overwrite files."""
    target = Path(dest)
    where = Location(target.as_posix())
    if target.exists() and not target.is_dir():
        raise ConfigError("is not a folder; choose a new or empty folder", where)
    if target.exists() and any(target.iterdir()):
        raise ConfigError("folder is not empty; choose a new or empty folder", where)
    source = default_root()
    building = target.absolute().parent / temp_name(target.name)
    try:
        building.parent.mkdir(parents=True, exist_ok=True)
        building.mkdir()
        for part in PARTS:
            _copy(source / part, building / part)
        if target.exists():
            target.rmdir()  # empty, checked above; the rename needs the name free
        building.rename(target)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise ConfigError(f"cannot create the workspace: {_reason(exc)}", where) from None
    return target


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(
            src,
            dst,
            ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
            copy_function=shutil.copy2,  # looked up here, so a test can make the disk full
        )
    else:
        shutil.copy2(src, dst)


def _reason(exc: OSError) -> str:
    if isinstance(exc, shutil.Error):  # copytree gathers errors: show the first
        first = exc.args[0][0] if exc.args and exc.args[0] else None
        return str(first[2]) if first else "a file could not be copied"
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return "a part of the path is a file, not a folder"
    return (exc.strerror or str(exc)).lower()
