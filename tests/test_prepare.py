"""Entries prepared at set-up (``python -m shim.prepare``): what a new user's first render
of the shipped workspace reads instead of parsing, validating and compiling."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from shim import cache
from shim.prepare import main, prepare
from shim.workspace.loader import default_root

from .conftest import edit
from .test_startup import loaded


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("install") / "_prepared"
    assert prepare(dest) == len(_entries(dest))
    return dest


@pytest.fixture(autouse=True)
def _forget_prepared_root() -> Iterator[None]:
    """Each test names its own folder; none is left for the tests after these."""
    cache.prepared_root.cache_clear()
    yield
    cache.prepared_root.cache_clear()


def _entries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _listing(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")}


def _render(root: Path, out: Path, cache: Path, lang: str = "en") -> tuple[set[str], bytes]:
    """A render in a new process: the heavy modules it imported, and its document's text."""
    args = ("render", "--project", str(root), "--lang", lang, "--doc", "talking-points")
    modules = loaded(*args, "--out", str(out), "--quiet", cache=cache)
    (path,) = out.glob("*.docx")
    return modules, zipfile.ZipFile(path).read("word/document.xml")


def test_prepared_entries_are_readable_by_every_user_and_writable_by_the_owner(
    prepared: Path,
) -> None:
    modes = {stat.S_IMODE(p.stat().st_mode) for p in _entries(prepared)}
    assert modes == {0o644}
    folders = [prepared, prepared / "data", prepared / "jinja"]
    assert [stat.S_IMODE(p.stat().st_mode) for p in folders] == [0o755] * 3


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_first_render_of_a_copy_computes_nothing(
    lang: str, prepared: Path, workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No YAML parsed, no reference prepared, no Babel, no template compiled: and the same
    document as one computed from scratch."""
    before = _listing(prepared)
    computed, document = _render(workspace_copy, tmp_path / "a", tmp_path / "c1", lang)
    assert computed >= {"yaml", "lxml", "babel", "jinja2.ext"}
    monkeypatch.setenv("SHIM_PREPARED", str(prepared))
    first, again = _render(workspace_copy, tmp_path / "b", tmp_path / "c2", lang)
    assert first == {"shim.docx.writer", "jinja2"}
    assert again == document
    assert not (tmp_path / "c2" / "shim" / "data").exists()  # nothing computed to keep
    assert _listing(prepared) == before


@pytest.mark.parametrize("command", [("facts", "list"), ("facts", "check")])
def test_the_fact_commands_of_a_first_run_compute_nothing(
    command: tuple[str, ...],
    prepared: Path,
    workspace_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHIM_PREPARED", str(prepared))
    modules = loaded(*command, "--project", str(workspace_copy), cache=tmp_path)
    assert modules == set()  # no YAML, no Babel (every value in both languages), no Jinja
    assert not (tmp_path / "shim" / "data").exists()


def test_an_edited_file_is_computed_and_kept_by_the_user(
    prepared: Path, workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(workspace_copy / "facts" / "ad-2022.yaml", "value: 77109", "value: 77108")
    before = _listing(prepared)
    monkeypatch.setenv("SHIM_PREPARED", str(prepared))
    modules, document = _render(workspace_copy, tmp_path / "o", tmp_path / "c")
    assert {"yaml", "babel"} <= modules  # a new number to group: Babel's
    assert {"lxml", "jinja2.ext"}.isdisjoint(modules)  # reference and templates: prepared
    assert b">77,108<" in document and b"77,109" not in document
    assert len(list((tmp_path / "c" / "shim" / "data").glob("facts-*"))) == 1  # the edited
    assert _listing(prepared) == before  # a render never writes there


@pytest.mark.parametrize(
    ("folder", "mode"),
    [("", 0o775), ("", 0o757), ("data", 0o777), ("jinja", 0o770)],
    ids=["group", "others", "data", "jinja"],
)
def test_a_prepared_folder_others_can_write_is_never_read(
    folder: str, mode: int, prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "_prepared"
    shutil.copytree(prepared, copy)
    monkeypatch.setenv("SHIM_PREPARED", str(copy))
    cache.prepared_root.cache_clear()
    assert cache.prepared_root() == copy
    (copy / folder).chmod(mode)
    cache.prepared_root.cache_clear()
    assert cache.prepared_root() is None
    assert cache.read_prepared("data", next((prepared / "data").iterdir()).name) is None


def test_a_prepared_folder_that_is_a_link_is_never_read(
    prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "link").symlink_to(prepared)
    monkeypatch.setenv("SHIM_PREPARED", str(tmp_path / "link"))
    cache.prepared_root.cache_clear()
    assert cache.prepared_root() is None
    monkeypatch.setenv("SHIM_PREPARED", str(prepared))
    cache.prepared_root.cache_clear()
    assert cache.prepared_root() == prepared


def test_no_prepared_entry_is_read_when_the_cache_is_off(
    prepared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHIM_PREPARED", str(prepared))
    name = next((prepared / "data").iterdir()).name
    cache.prepared_root.cache_clear()
    assert cache.read_prepared("data", name) == (prepared / "data" / name).read_bytes()
    monkeypatch.setenv("SHIM_NO_CACHE", "1")
    cache.prepared_root.cache_clear()
    assert cache.read_prepared("data", name) is None


def test_preparing_again_replaces_what_was_there(
    prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everything is computed again: neither entries prepared before nor a cache turned
    off in the caller's environment leave one out."""
    dest = tmp_path / "_prepared"
    (dest / "data").mkdir(parents=True)
    (dest / "data" / "stale-entry.msgpack").write_bytes(b"old")
    monkeypatch.setenv("SHIM_PREPARED", str(prepared))
    monkeypatch.setenv("SHIM_NO_CACHE", "1")
    count = prepare(dest)
    assert sorted(_listing(dest)) == sorted(_listing(prepared))
    assert count == len(_entries(dest))
    assert sorted(os.listdir(tmp_path)) == ["_prepared"]  # no temporary folder left


def test_what_was_prepared_stays_when_the_new_entries_cannot_take_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "_prepared"
    (dest / "data").mkdir(parents=True)
    (dest / "data" / "kept.msgpack").write_bytes(b"old")
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:  # the new entries' folder cannot move
        if Path(target) == dest and not (self / "data" / "kept.msgpack").exists():
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="No space left on device"):
        prepare(dest)
    assert (dest / "data" / "kept.msgpack").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["_prepared"]


def test_python_m_shim_prepare_says_what_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("shim.prepare.PREPARED", tmp_path / "_prepared")
    main()
    count = len(_entries(tmp_path / "_prepared"))
    where = tmp_path / "_prepared"
    assert capsys.readouterr().out == (
        f"prepared {count} cache entries of the shipped workspace in {where}\n"
    )


def test_ctrl_c_leaves_what_was_prepared_and_no_temporary_folder(
    prepared: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dest = tmp_path / "_prepared"
    shutil.copytree(prepared, dest)
    before = _listing(dest)
    real_copytree = shutil.copytree

    def interrupted(src: Path, dst: Path) -> Path:
        real_copytree(src, dst)
        raise KeyboardInterrupt  # while the new entries are being copied

    monkeypatch.setattr("shim.prepare.shutil.copytree", interrupted)
    monkeypatch.setattr("shim.prepare.PREPARED", dest)
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 130
    assert capsys.readouterr().err == (
        "shim prepare: interrupted; the entries prepared before are unchanged\n"
    )
    assert _listing(dest) == before
    assert sorted(os.listdir(tmp_path)) == ["_prepared"]


def test_a_failed_command_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("shim.prepare.PREPARED", tmp_path / "_prepared")
    monkeypatch.setattr("shim.prepare.COMMANDS", (["facts", "nonsense"],))
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 1
    root = default_root()
    assert capsys.readouterr().err == (
        f"shim prepare: 'shim facts nonsense --project {root}' failed: "
        "Error: No such command 'nonsense'.\n"
    )
    assert not (tmp_path / "_prepared").exists()


def test_a_prepared_folder_of_another_user_is_never_read(
    prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its owner's or root's only: as the package's own code."""
    copy = tmp_path / "_prepared"
    shutil.copytree(prepared, copy)
    monkeypatch.setenv("SHIM_PREPARED", str(copy))
    if os.getuid() == 0:
        os.chown(copy, 4242, -1)
    else:
        monkeypatch.setattr("shim.cache.os.getuid", lambda: 4242)
    cache.prepared_root.cache_clear()
    assert cache.prepared_root() is None


def test_the_installed_folder_unless_another_or_none_is_named(
    prepared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shim.cache.PREPARED", prepared)
    monkeypatch.delenv("SHIM_PREPARED")
    cache.prepared_root.cache_clear()
    assert cache.prepared_root() == prepared
    monkeypatch.setenv("SHIM_PREPARED", "")
    monkeypatch.chdir(prepared)  # not the folder '' would name as a path
    cache.prepared_root.cache_clear()
    assert cache.prepared_root() is None
