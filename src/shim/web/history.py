"""Who changed what: each save is a git commit by its author when the workspace is a git
repository, else a line in an append-only log in the workspace (``.shim-history.jsonl``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

LOG = ".shim-history.jsonl"
_UNSAFE = re.compile(r"[^\w .'-]", re.UNICODE)


@dataclass(frozen=True)
class Change:
    author: str
    when: str  # ISO 8601, UTC
    what: str


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=20,
            env={**os.environ, **(env or {})},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def in_git(root: Path) -> bool:
    return (_git(root, "rev-parse", "--is-inside-work-tree") or "").strip() == "true"


def local_user() -> str:
    """Who saves when no one signed in (a server on loopback): this machine's user."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def clean_name(name: str) -> str:
    """A person's name as it may appear in a commit or the log."""
    return " ".join(_UNSAFE.sub("", name).split())[:80] or "unknown"


def record(root: Path, path: Path, author: str, what: str) -> None:
    """Record a save of ``path`` (inside ``root``) by ``author``."""
    who = clean_name(author)
    rel = path.relative_to(root).as_posix()
    if in_git(root):
        email = f"{re.sub(r'[^a-z0-9]+', '.', who.lower()).strip('.') or 'unknown'}@shim.local"
        env = {
            "GIT_AUTHOR_NAME": who,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", "shim serve"),
            "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", "shim@shim.local"),
        }
        if _git(root, "add", "--", rel) is not None:
            _git(root, "commit", "--quiet", "-m", f"{what} ({rel})", "--", rel, env=env)
        return
    line = {"author": who, "when": _now(), "file": rel, "what": what}
    with (root / LOG).open("a", encoding="utf-8") as log:
        log.write(json.dumps(line, ensure_ascii=False) + "\n")


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def history(root: Path, path: Path, limit: int = 20) -> list[Change]:
    """The latest changes to ``path``, newest first."""
    rel = path.relative_to(root).as_posix()
    if in_git(root):
        out = _git(root, "log", f"-{limit}", "--format=%an%x1f%aI%x1f%s", "--", rel) or ""
        rows = [line.split("\x1f") for line in out.splitlines()]
        return [Change(r[0], r[1], r[2]) for r in rows if len(r) == 3]
    changes = []
    try:
        lines = (root / LOG).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    for line in lines:
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and item.get("file") == rel:
            changes.append(Change(str(item["author"]), str(item["when"]), str(item["what"])))
    return changes[::-1][:limit]
