"""What a server process keeps: the workspace (reloaded when its files change), the
findings of its checks, and the folder where each render request writes its documents.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from shim.workspace.loader import Workspace, find_root, load_workspace

T = TypeVar("T")

#: What a workspace is made of: a change to any of these files is a new workspace.
WATCHED = ("shim.toml", "facts", "briefs", "templates", "locales")
RENDER_ID = re.compile(r"[0-9a-f]{32}")
#: A render folder is kept this long for its downloads, then removed.
RENDER_TTL = 3600.0


def identity(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Paths, sizes and modification times of every file of the workspace."""
    found: list[tuple[str, int, int]] = []
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in paths:
            try:
                st = path.stat()
            except OSError:  # removed while we looked: the next request sees it gone
                continue
            found.append((path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(found)


@dataclass
class WorkspaceCache:
    """The loaded workspace, loaded again when :func:`identity` changes."""

    root: Path
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _key: tuple[tuple[str, int, int], ...] | None = None
    _ws: Workspace | None = None
    _derived: dict[str, Any] = field(default_factory=dict)

    def get(self) -> Workspace:
        key = identity(self.root)
        with self._lock:
            if self._ws is None or key != self._key:
                self._ws = load_workspace(self.root)
                self._key = key
                self._derived = {}
            return self._ws

    def derived(self, name: str, compute: Callable[[Workspace], T]) -> T:
        """A value computed from the current workspace, once per version of its files."""
        ws = self.get()
        with self._lock:
            if name in self._derived and self._ws is ws:
                return self._derived[name]  # type: ignore[no-any-return]
        value = compute(ws)
        with self._lock:
            if self._ws is ws:
                self._derived[name] = value
        return value


def renders_home() -> Path:
    """Where render folders live: memory-backed when the system has it (no disk flushes)."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="shim-serve-", dir=base))


@dataclass
class Renders:
    """One folder per render request, so each download returns the bytes of its render."""

    home: Path
    owned: bool = True  # created by this process: removed when it stops

    def new(self) -> tuple[str, Path]:
        self.expire()
        rid = secrets.token_hex(16)
        folder = self.home / rid
        folder.mkdir(parents=True)
        return rid, folder

    def folder(self, rid: str) -> Path | None:
        """The folder of a render id, or None: ids are checked, never used as given."""
        if not RENDER_ID.fullmatch(rid):
            return None
        folder = self.home / rid
        return folder if folder.is_dir() else None

    def file(self, rid: str, name: str) -> Path | None:
        """A file a render wrote, by its listed name only."""
        folder = self.folder(rid)
        if folder is None:
            return None
        manifest = read_manifest(folder)
        listed = {f for d in manifest.get("documents", []) for f in d.get("files", [])}
        return folder / name if name in listed and (folder / name).is_file() else None

    def expire(self, now: float | None = None) -> None:
        limit = (now or time.time()) - RENDER_TTL
        for folder in self.home.iterdir():
            try:
                if folder.stat().st_mtime < limit:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue

    def close(self) -> None:
        if self.owned:
            shutil.rmtree(self.home, ignore_errors=True)


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / "render.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(folder: Path, data: dict[str, Any]) -> None:
    (folder / "render.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@dataclass
class Server:
    """Everything a request handler needs, created once per server process."""

    workspace: WorkspaceCache
    renders: Renders
    token: str | None = None
    locks: dict[str, threading.Lock] = field(default_factory=dict)
    _locks_lock: threading.Lock = field(default_factory=threading.Lock)

    def lock(self, name: str) -> threading.Lock:
        with self._locks_lock:
            return self.locks.setdefault(name, threading.Lock())


def make_server(project: Path | str | None, token: str | None, renders: Path | None) -> Server:
    root = find_root(Path(project) if project is not None else None).resolve()
    store = Renders(renders, owned=False) if renders else Renders(renders_home())
    return Server(WorkspaceCache(root), store, token or None)
