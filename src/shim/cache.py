"""A per-user cache of work that depends only on file contents: validated fact files and
briefs, prepared reference documents, the facts each template names, Babel's answers
(:mod:`shim.language.cldr`) and compiled templates (:mod:`shim.rendering.bytecode`).

Entries are keyed by the SHA-256 of the inputs' bytes (and of shim's own schema code), so
an edited file is always seen, whatever its modification time says. They are typed
msgpack, decoded against the expected model (never pickle), in the user's own cache
folder (``$XDG_CACHE_HOME/shim`` or ``~/.cache/shim``), which must be a folder of this
user's with mode 0700: a folder others can write is never read. Any problem with the
cache (unwritable, damaged entry) only makes it a miss. ``SHIM_NO_CACHE=1`` turns it off.

After the user's cache, the entries prepared when shim was set up are read
(:func:`prepared_root`, made by ``python -m shim.prepare``): those of the shipped workspace,
so a first render of it, or of a copy, computes nothing. A render never writes there.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import stat
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Entries kept; past this, the oldest quarter is removed when a new entry is written.
MAX_ENTRIES = 2000
#: shim's modules whose code decides what an entry holds: an edit to them is a new key.
_CODE = (
    "cache.py",
    "workspace/schema.py",
    "workspace/datetext.py",
    "workspace/facts.py",
    "workspace/factload.py",
    "workspace/briefs.py",
    "workspace/yamlio.py",
    "workspace/settings.py",
    "language/locales.py",
    "language/cldr.py",
    "docx/reference.py",
    "docx/refxml.py",
    "language/catalogs.py",
    "checks/facts.py",
    "checks/themes.py",
    "checks/statements.py",
    "checks/parity.py",
    "checks/figures_scan.py",
    "checks/figures_compare.py",
    "checks/lang/en.toml",
    "checks/lang/es.toml",
)


#: The folder last found safe, and its status then: one stat tells it is still so.
_checked: tuple[Path, os.stat_result] | None = None


def cache_root() -> Path | None:
    """The user's private cache folder, created 0700; None when it is missing or unsafe."""
    global _checked
    if os.environ.get("SHIM_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "shim"
    if _checked is not None and _checked[0] == folder:
        try:
            if _same(os.stat(folder, follow_symlinks=False), _checked[1]):
                return folder
        except OSError:
            pass
    status = _safe_status(folder)
    _checked = (folder, status) if status is not None else None
    return folder if status is not None else None


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino, a.st_uid, a.st_mode) == (b.st_dev, b.st_ino, b.st_uid, b.st_mode)


def _safe_status(folder: Path) -> os.stat_result | None:
    """The status of ``folder`` once made and found private to the user; None if unsafe."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat(follow_symlinks=False)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return None
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None  # others could have written entries: never read them
        if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            folder.chmod(0o700)  # ours and only readable by others (older shim made it so)
            st = folder.stat(follow_symlinks=False)
    except OSError:
        return None
    return st


#: Where ``python -m shim.prepare`` keeps the shipped workspace's entries.
PREPARED = Path(__file__).parent / "_prepared"


@lru_cache(maxsize=1)
def prepared_root() -> Path | None:
    """The prepared entries' folder (``SHIM_PREPARED`` names another; empty: none), if it
    and its ``data`` and ``jinja`` folders are only writable by their owner, this user or
    root: like the package's own code, which they are next to."""
    if os.environ.get("SHIM_NO_CACHE"):
        return None
    named = os.environ.get("SHIM_PREPARED")
    if named == "":
        return None
    folder = Path(named) if named is not None else PREPARED
    for path in (folder, folder / "data", folder / "jinja"):
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:
            return None
        if not stat.S_ISDIR(st.st_mode) or st.st_uid not in (os.getuid(), 0):
            return None
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
    return folder


def read_prepared(*parts: str) -> bytes | None:
    """An entry prepared at set-up (``"jinja", name``), or None."""
    folder = prepared_root()
    if folder is None:
        return None
    try:
        return folder.joinpath(*parts).read_bytes()
    except OSError:
        return None


@lru_cache(maxsize=1)
def _code_key() -> bytes:
    """shim's version and the size and time of each module in ``_CODE``: as Python's own
    bytecode cache tells an edited module, without reading 170 KB in every process."""
    import shim

    digest = hashlib.sha256(shim.__version__.encode())
    here = Path(__file__).parent
    for name in _CODE:
        st = os.stat(here / name)
        digest.update(f"{name} {st.st_size} {st.st_mtime_ns}\n".encode())
    return digest.digest()


def key_of(*parts: bytes | str) -> str:
    """A cache key for inputs given as bytes (contents) or text (names, options)."""
    digest = hashlib.sha256(_code_key())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def cached(kind: str, key: str, model: Any, compute: Callable[[], T]) -> T:
    """``compute()``, or the entry stored for (``kind``, ``key``) decoded as ``model``:
    the user's, else the one prepared at set-up."""
    root = cache_root()
    name = f"{kind}-{key}.msgpack"
    found: T | None = _read(root / "data" / name, model) if root is not None else None
    if found is None:
        found = _decode(read_prepared("data", name), model)
    if found is not None:
        return found
    value = compute()
    if root is not None:
        import msgspec

        store(root / "data" / name, msgspec.msgpack.encode(value))
    return value


def _read(path: Path, model: Any) -> Any:
    """The entry at ``path`` decoded as ``model``; None when it is missing or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _decode(data, model)


def _decode(data: bytes | None, model: Any) -> Any:
    """``data`` decoded as ``model``; None when there is none or it is damaged."""
    if data is None:
        return None
    import msgspec

    try:
        return msgspec.msgpack.decode(data, type=model)
    except (msgspec.DecodeError, ValueError, TypeError):
        return None


class Table:
    """A small table kept across runs in the user's cache, for a pure function of a few
    values that needs heavy data to compute (Babel's locale data, say): read once per
    process, written back (:func:`save_tables`) when it grew. Keys and values are text."""

    LIMIT = 10_000  # entries; past this the table starts again

    def __init__(self, name: str, *version: str) -> None:
        self.name = f"table-{name}-{key_of(name, *version)}"
        self._rows: dict[str, str] | None = None
        self._grew = False

    def get(self, key: str, compute: Callable[[], str]) -> str:
        rows = self._load()
        value = rows.get(key)
        if value is None:
            value = rows[key] = compute()
            if not self._grew:
                self._grew = True
                _GROWN.append(self)
        return value

    def _path(self) -> Path | None:
        root = cache_root()
        return None if root is None else root / "data" / f"{self.name}.msgpack"

    def _load(self) -> dict[str, str]:
        if self._rows is None:
            self._rows = {}
            path = self._path()
            rows = _read(path, dict[str, str]) if path is not None else None
            if rows is None:
                prepared = read_prepared("data", f"{self.name}.msgpack")
                rows = _decode(prepared, dict[str, str])
            if rows is not None and len(rows) <= self.LIMIT:
                self._rows = rows
        return self._rows

    def save(self) -> None:
        """Write the rows back, with those another process wrote meanwhile."""
        path = self._path()
        if path is not None and self._rows is not None and self._grew:
            import msgspec

            stored = _read(path, dict[str, str]) or {}
            if len(stored) + len(self._rows) <= self.LIMIT:
                self._rows = {**stored, **self._rows}
            store(path, msgspec.msgpack.encode(self._rows))
            self._grew = False


#: Tables with rows not written back yet.
_GROWN: list[Table] = []


def save_tables() -> None:
    """Write back every table that grew: at exit, and in a forked worker after each task
    (a worker leaves by ``os._exit``, which runs no exit hook)."""
    while _GROWN:
        _GROWN.pop().save()


atexit.register(save_tables)


def temporary_beside(path: Path, mode: int = 0o666) -> tuple[int, str]:
    """A new file next to ``path`` (for writing, then renaming into place): its descriptor
    and name. ``mode`` is narrowed by the umask, as for any new file (``tempfile`` would
    make it 0600 whatever the umask, and costs an import of ``random``)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, flags, mode), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def shipped_yaml(path: Path) -> Any:
    """A YAML data file shim ships (word lists, tables), parsed once per content: plain
    data only, so a render need not import PyYAML to read it."""
    raw = path.read_bytes()

    def parse() -> Any:
        from shim.pyyaml import pyyaml

        return pyyaml().safe_load(raw.decode("utf-8"))

    return cached("data", key_of(path.name, raw), Any, parse)


def store(path: Path, data: bytes) -> None:
    """Write atomically (a reader never sees half an entry); failures are ignored."""
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd, tmp = temporary_beside(path, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            os.unlink(tmp)
            raise
    except OSError:
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    try:
        entries = list(os.scandir(folder))
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns)
        for entry in entries[: len(entries) // 4]:
            os.unlink(entry.path)
    except OSError:
        pass
