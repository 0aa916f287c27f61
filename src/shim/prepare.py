"""Prepare the shipped workspace's cache entries beside the installed package.

``python -m shim.prepare`` (``make`` runs it when it sets shim up) renders every document
of the shipped workspace once, in a new process with an empty cache, and keeps what that
computed (validated facts and briefs, the prepared reference, Babel's answers, compiled
templates) in ``shim/_prepared``. A first render of the shipped workspace, or of a copy
made by ``shim init``, then parses, validates and compiles nothing; an edited file is a
new key and is computed as usual. As pip byte-compiles modules when it installs them, the
entries are made by the Python and the shim that will read them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from shim.cache import PREPARED
from shim.errors import ShimError
from shim.safeio import temp_name
from shim.workspace.loader import default_root

#: What is run to fill the cache: every document, the fact base's checks and its table.
COMMANDS = (["render", "--out", "{out}", "--quiet"], ["facts", "check"], ["facts", "list"])


def prepare(dest: Path) -> int:
    """Fill ``dest`` (replacing what it held) and return how many entries it holds."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shim-prepare-") as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache"), "SHIM_PREPARED": ""}
        env.pop("SHIM_NO_CACHE", None)
        project = ["--project", str(default_root())]
        for command in COMMANDS:
            args = [part.format(out=Path(tmp) / "out") for part in command]
            _run([*args, *project], env)
        building = dest.parent / temp_name(dest.name)
        building.mkdir(mode=0o755)
        try:
            for folder in ("data", "jinja"):
                shutil.copytree(Path(tmp) / "cache" / "shim" / folder, building / folder)
            _readable(building)
            _replace(dest, building)
        finally:
            shutil.rmtree(building, ignore_errors=True)
    return sum(len(os.listdir(dest / folder)) for folder in ("data", "jinja"))


def _run(args: list[str], env: dict[str, str]) -> None:
    code = "from shim.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ShimError(f"'shim {' '.join(args)}' failed: {last}")


def _readable(folder: Path) -> None:
    """Readable by every user of the installation; writable by its owner only."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _replace(dest: Path, building: Path) -> None:
    """``building`` in place of ``dest``; what ``dest`` held stays if that fails."""
    old = dest.parent / temp_name(dest.name)
    if dest.exists():
        dest.rename(old)
    try:
        building.rename(dest)
    except OSError:
        if old.exists():
            old.rename(dest)
        raise
    shutil.rmtree(old, ignore_errors=True)


def main() -> None:
    try:
        count = prepare(PREPARED)
    except (ShimError, OSError) as exc:
        print(f"shim prepare: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print(
            "shim prepare: interrupted; the entries prepared before are unchanged", file=sys.stderr
        )
        sys.exit(130)
    print(f"prepared {count} cache entries of the shipped workspace in {PREPARED}")


if __name__ == "__main__":
    main()
