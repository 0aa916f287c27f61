"""Files of a shared workspace, read and written so that nothing leaks or half-lands.

A workspace is edited by many people (git, network drives); what one of them puts in it
must not pull files from outside it into a document, hang the tool, or exhaust memory.
So a path the workspace names is resolved (symlinks included) and refused unless it stays
inside the workspace; only regular files are read (a FIFO, a device or /dev/zero is
refused before a byte is read), and a file's size is checked before it is read.

Writing goes through temporary files named ``.shim-<pid>-…tmp`` beside their target,
with the mode the umask allows: a run that was killed leaves files the next run can
recognize as stale (their process is gone) and remove.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from shim.errors import DataError, Location, ShimError, TemplateError, display_path
from shim.memo import Memo

TEMP_PREFIX = ".shim-"
TEMP_SUFFIX = ".tmp"
MAX_TEMPLATE = 1024 * 1024  # bytes; the shipped templates are a few KB each


def inside(path: Path, root: Path, display: str, error: type[ShimError] = DataError) -> Path:
    """``path`` with every symlink resolved; refused unless it stays inside ``root``."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        where = f"{root.name}/" if root.name in ("templates", "facts") else "the workspace"
        raise error(
            f"leads outside {where} (a symbolic link or '..'); only files inside {where} are read",
            Location(display),
        )
    return resolved


#: Files found inside their root, by path: (file identity then, resolved path).
_CONFINED: Memo[Path, tuple[tuple[int, ...], Path]] = Memo(256)


def regular_file(path: Path, display: str, root: Path, error: type[ShimError]) -> Path:
    """``path`` resolved inside ``root`` and a regular file (for readers of their own).

    Kept per process by file identity (one stat): a batch asks of the same reference for
    every document. A file changed, replaced or linked elsewhere is checked again."""
    identity = file_identity(path)
    known = _CONFINED.get(path)
    if known is not None and known[0] == identity:
        return known[1]
    real = _regular_file(path, display, root, error)
    if identity is not None:
        _CONFINED.keep(path, (identity, real))
    return real


def _regular_file(path: Path, display: str, root: Path, error: type[ShimError]) -> Path:
    real = inside(path, root, display, error)
    try:
        mode = real.stat().st_mode
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", Location(display)) from None
    if not stat.S_ISREG(mode):
        raise error(
            "is not a regular file (a device, pipe or socket); only files are read",
            Location(display),
        )
    return real


def read_bytes(
    path: Path,
    display: str,
    limit: int,
    *,
    root: Path | None = None,
    error: type[ShimError] = DataError,
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``root`` confines the path."""
    real = inside(path, root, display, error) if root is not None else path.resolve()
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error("file not found", Location(display)) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", Location(display)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error("is a folder, not a file", Location(display))
        if not stat.S_ISREG(info.st_mode):
            raise error(
                "is not a regular file (a device, pipe or socket); only files are read",
                Location(display),
            )
        if info.st_size > limit:
            raise error(
                f"file is {info.st_size:,} bytes; the limit is {limit:,} bytes", Location(display)
            )
        return _read_at_most(fd, limit, display, error)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", Location(display)) from None
    finally:
        os.close(fd)


def file_identity(path: Path) -> tuple[int, ...] | None:
    """What tells a file from any other, or from its own next version, without reading
    it: device, inode, size, modification and change times; None if it cannot be stat'ed.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


#: Templates read by this process, by path: (file identity, bytes).
_TEMPLATES: Memo[Path, tuple[tuple[int, ...], bytes]] = Memo(64)  # at most 64 MB


def read_template(path: Path, templates: Path) -> bytes:
    """A template's bytes for a check: a regular file inside ``templates``, size checked.

    Kept per process by file identity (one stat): a batch checks the same templates for
    every document. A file changed, replaced or linked elsewhere is another identity,
    read and confined again."""
    identity = file_identity(path)
    known = _TEMPLATES.get(path)
    if known is not None and known[0] == identity:
        return known[1]
    shown = display_path(path, templates.parent)
    raw = read_bytes(path, shown, MAX_TEMPLATE, root=templates, error=TemplateError)
    if identity is not None:
        _TEMPLATES.keep(path, (identity, raw))
    return raw


def _read_at_most(fd: int, limit: int, display: str, error: type[ShimError]) -> bytes:
    """Read to the end, refusing a file that grows past ``limit`` while being read."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, 1 << 16):
        total += len(chunk)
        if total > limit:
            raise error(f"file is over the limit of {limit:,} bytes", Location(display))
        chunks.append(chunk)
    return b"".join(chunks)


def file_mode() -> int:
    """The mode a new file gets under the current umask (0644 under 022)."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return 0o666 & ~mask


def temp_name(target: str) -> str:
    """A temporary file name beside ``target`` that names the process writing it."""
    return f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}.{target}{TEMP_SUFFIX}"


def owner_alive(name: str) -> bool:
    """Whether the process that named a temporary (or journal) file still runs."""
    try:
        pid = int(name[len(TEMP_PREFIX) :].split("-", 1)[0])
    except ValueError:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def write_new(path: Path, data: bytes) -> Path:
    """Write ``data`` to a fresh temporary file beside ``path``, fsynced, with the umask's
    mode; return the temporary path (the caller renames it, or removes it)."""
    tmp = path.parent / temp_name(path.name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        os.fchmod(fd, file_mode())
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def replace_file(path: Path, data: bytes, error: type[ShimError], display: str) -> None:
    """Atomically replace ``path`` with ``data``; no temporary file is left on failure."""
    try:
        tmp = write_new(path, data)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", Location(display)) from None
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise error(f"cannot write: {exc.strerror}", Location(display)) from None
