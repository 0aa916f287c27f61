"""The per-user cache: keyed by content, private to the user, and never worse than none."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import shim
from shim import cache
from shim.workspace import yamlio
from shim.workspace.factload import load_facts


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "shim"


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, display: str) -> yamlio.Loaded:
        raise AssertionError(f"{display} was parsed again")

    monkeypatch.setattr("shim.workspace.factload.parse_yaml", refuse)
    monkeypatch.setattr("shim.workspace.briefs.parse_yaml", refuse)


def test_unchanged_files_are_not_parsed_again(
    workspace_copy: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = shim.load_workspace(workspace_copy)
    first = load_facts(ws.root)
    brief = ws.default_brief()
    _no_yaml(monkeypatch)
    again = load_facts(ws.root)
    assert dict(again.facts) == dict(first.facts)
    assert ws.default_brief().brief == brief.brief
    assert ws.default_brief().line_of("date") == brief.line_of("date")
    assert oct(private_cache.stat().st_mode & 0o777) == "0o700"


def test_an_edit_is_seen_even_with_the_same_size_and_time(
    workspace_copy: Path, private_cache: Path
) -> None:
    path = workspace_copy / "facts" / "ad-2022.yaml"
    before = path.stat()
    assert load_facts(workspace_copy).facts["families_assisted_2021"].fact.value == 77109
    path.write_text(path.read_text(encoding="utf-8").replace("77109", "77108", 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert load_facts(workspace_copy).facts["families_assisted_2021"].fact.value == 77108


def test_a_damaged_entry_is_only_a_miss(workspace_copy: Path, private_cache: Path) -> None:
    expected = dict(load_facts(workspace_copy).facts)
    entries = sorted((private_cache / "data").glob("facts-*.msgpack"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(b"\x93not msgpack of a fact file")
    assert dict(load_facts(workspace_copy).facts) == expected


def test_a_folder_others_can_write_is_never_used(private_cache: Path) -> None:
    private_cache.mkdir(parents=True)
    private_cache.chmod(0o777)
    assert cache.cache_root() is None
    assert cache.cached("test", "key", int, lambda: 7) == 7
    assert list(private_cache.iterdir()) == []


def test_a_folder_only_readable_by_others_is_made_private(private_cache: Path) -> None:
    private_cache.mkdir(parents=True)
    private_cache.chmod(0o755)  # as older versions of shim created it
    assert cache.cache_root() == private_cache
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700


def test_no_cache_when_turned_off(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHIM_NO_CACHE", "1")
    assert cache.cached("test", "key", int, lambda: 7) == 7
    assert not private_cache.exists()


def test_documents_get_the_mode_the_umask_allows(workspace_copy: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        ws = shim.load_workspace(workspace_copy)
        report = shim.render(ws, langs=["en"], docs=["speech-insert"], out=tmp_path / "out")
    finally:
        os.umask(old)
    path = report.raise_for_failures().results[0].path
    assert oct(stat.S_IMODE(path.stat().st_mode)) == "0o644"
