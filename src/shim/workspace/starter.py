"""``shim init``: a new workspace from the default one, never over existing files."""

from __future__ import annotations

import shutil
from pathlib import Path

from shim.errors import ConfigError, Location
from shim.workspace.loader import default_root

PARTS = ("shim.toml", "facts", "templates", "locales", "briefs")


def init_workspace(dest: Path | str) -> Path:
    """Create a new workspace at ``dest`` from the default one; never overwrite files."""
    target = Path(dest)
    if target.exists() and any(target.iterdir()):
        raise ConfigError(
            "folder is not empty; choose a new or empty folder", Location(target.as_posix())
        )
    source = default_root()
    target.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(
                src, target / part, ignore=shutil.ignore_patterns("*.mo", "__pycache__")
            )
        else:
            shutil.copy2(src, target / part)
    return target
