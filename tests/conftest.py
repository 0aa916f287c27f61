"""Shared fixtures: the default workspace, documents rendered once per session, readers."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import shim
from shim.workspace.loader import Workspace, default_root

ROOT = Path(__file__).resolve().parents[1]

# The per-user cache (validated files, prepared references, compiled templates) goes to a
# folder of this test run's own, so tests neither read nor fill the user's. 0700, as the
# cache requires; commands run as subprocesses inherit it.
# axe-core stays where .ci/run installs it, in the user's cache folder.
_USER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
os.environ.setdefault("SHIM_AXE", str(_USER_CACHE / "shim-axe/node_modules/axe-core/axe.min.js"))
_CACHE = tempfile.mkdtemp(prefix="shim-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
# Nor the entries prepared at set-up (`python -m shim.prepare`): whether a checkout has
# them must not change what a test sees. tests/test_prepare.py turns them on.
os.environ["SHIM_PREPARED"] = ""
MUTMUT = ROOT.name == "mutants"  # mutmut runs a copy of the tree in `mutants/`
if MUTMUT:
    # mutmut runs every mutant against one cache: an entry computed by the unmutated
    # code would hide the mutant from the tests. Nothing is cached under mutation.
    os.environ["SHIM_NO_CACHE"] = "1"

#: Results kept in memory by content, which a forked mutant run would inherit from the
#: unmutated run before it (functions with ``cache_clear`` are found by themselves).
_MEMOS = {
    "shim.checks.statements": ("_MESSAGES", "_VERDICTS"),
    "shim.docx.reference": ("_cache", "_by_identity"),
    "shim.safeio": ("_TEMPLATES", "_CONFINED"),
}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under mutmut, each mutant's session starts with no result computed before it."""
    if not MUTMUT:
        return
    for name, module in list(sys.modules.items()):
        if name == "shim" or name.startswith("shim."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
            for memo in _MEMOS.get(name, ()):
                getattr(module, memo).clear()


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(
    collector: pytest.Collector, name: str, obj: object
) -> list[pytest.Item] | None:
    """Under mutmut, each mutant's run names its tests one by one; only those are made
    into items (a module of 350 tests otherwise costs every mutant its whole collection)."""
    if not MUTMUT or not isinstance(collector, pytest.Module):
        return None
    wanted = _wanted(tuple(collector.config.args)).get(collector.path)
    if wanted is not None and name not in wanted:
        return []
    return None


@functools.cache
def _wanted(args: tuple[str, ...]) -> dict[Path, set[str] | None]:
    """For each test file named in ``args``: the names of its functions asked for, or None
    when the whole file is."""
    wanted: dict[Path, set[str] | None] = {}
    for arg in args:
        file, sep, rest = arg.partition("::")
        path = Path(file).resolve()
        names = wanted.get(path, set())
        if not sep:
            wanted[path] = None
        elif names is not None:
            names.add(rest.split("::")[0].split("[")[0])  # a function or class, no parameters
            wanted[path] = names
    return wanted


#: Session fixtures that render every document or run LibreOffice.
HEAVY_FIXTURES = {"rendered", "refs_dir"}


#: Session fixtures that run LibreOffice.
LIBREOFFICE_FIXTURES = {"variants"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under mutmut, tests that run LibreOffice are left out (seconds of start-up for every
    surviving mutant; the unit tests reach the same functions), and tests that need no
    render run first: with -x, a mutant a unit test kills costs none."""
    if not MUTMUT:
        return
    out = [item for item in items if _runs_libreoffice(item)]
    if out:
        config.hook.pytest_deselected(items=out)
        items[:] = [item for item in items if not _runs_libreoffice(item)]
    items.sort(key=lambda item: bool(HEAVY_FIXTURES & set(getattr(item, "fixturenames", ()))))


def _runs_libreoffice(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return (
        item.get_closest_marker("libreoffice") is not None
        or bool(LIBREOFFICE_FIXTURES & fixtures)
        or "libreoffice" in item.nodeid.partition("[")[2].rstrip("]").split("-")
    )


def require(*tools: str) -> None:
    """Skip a test whose tools are missing here; in CI (CI=true) a missing tool fails it."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must have {', '.join(missing)} (.ci/run installs it)", pytrace=False)
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")


def require_file(path: Path, what: str) -> None:
    """Like :func:`require`, for a file a tool ships (such as axe-core's script)."""
    if not path.is_file() and os.environ.get("CI"):
        pytest.fail(f"CI must have {what} at {path} (.ci/run installs it)", pytrace=False)
    if not path.is_file():
        pytest.skip(f"{what} not installed ({path})")


DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def ws() -> Workspace:
    return shim.load_workspace(ROOT)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> dict[str, Path]:
    """Every kind of the default brief in every default language: {'remarks.es': path}."""
    out = tmp_path_factory.mktemp("out")
    results = shim.render(ws, out=out).raise_for_failures().results
    return {f"{r.doc}.{r.lang}": r.path for r in results}


@pytest.fixture
def workspace_copy(tmp_path: Path) -> Iterator[Path]:
    """A private copy of the default workspace that a test may break."""
    target = tmp_path / "ws"
    shim.init_workspace(target)
    yield target
    shutil.rmtree(target, ignore_errors=True)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file (which must contain it)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def dead_pid() -> int:
    """The id of a process that has ended (a run killed with -9 leaves such names)."""
    import subprocess

    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def paragraphs(path: Path) -> list[str]:
    """The text of every body paragraph, read back with python-docx."""
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode("utf-8")


__all__ = ["DATA", "ROOT", "dead_pid", "default_root", "edit", "paragraphs", "part"]


@functools.cache
def settings_children() -> tuple[str, ...]:
    """The w: children of CT_Settings (settings.xml) in the schema's order, read from the
    Open XML SDK's schema data that openxml-audit ships: an oracle for the orders shim's
    writer and reference preparation keep, independent of their own tables."""
    import json
    from importlib.resources import files

    data = files("openxml_audit") / "data/openxml/schemas"
    schema = json.loads(
        (data / "schemas_openxmlformats_org_wordprocessingml_2006_main.json").read_text("utf-8")
    )
    settings = next(t for t in schema["Types"] if t["Name"] == "w:CT_Settings/w:settings")
    names = (child["Name"].split("/")[1] for child in settings["Children"])
    return tuple(name[2:] for name in names if name.startswith("w:"))
