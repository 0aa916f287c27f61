"""A batch is one job: groups commit whole, interruptions are reported, workers die with
the parent, paths mean what they say in every worker, and failures leave nothing behind."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import shim
from shim.errors import ConfigError, OutputError, TranslationError

from .conftest import dead_pid

SHIM = [sys.executable, "-c", "from shim.cli import main; main()"]


def _batch(ws: Path, copies: int) -> None:
    """``copies`` briefs in the workspace, so a render takes a few seconds."""
    source = (ws / "briefs/san-martin-cacao-visit.yaml").read_text(encoding="utf-8")
    for i in range(copies):
        (ws / f"briefs/copy-{i:03}.yaml").write_text(source, encoding="utf-8")


def _start(ws: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*SHIM, "render", *args, "--project", str(ws), "--quiet"],
        cwd=ws,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the test's own signals reach only this process
    )


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_batch_lists_what_it_wrote(workspace_copy: Path, signum: int) -> None:
    _batch(workspace_copy, 40)
    proc = _start(workspace_copy, "briefs/", "--doc", "remarks", "--jobs", "2")
    _first_document(workspace_copy)
    proc.send_signal(signum)
    stdout, err = proc.communicate(timeout=60)
    written = stdout.splitlines()
    assert proc.returncode == 130
    m = re.fullmatch(r"interrupted: (\d+) written, (\d+) not started\n", err)
    assert m is not None, err
    assert int(m.group(1)) == len(written) and int(m.group(2)) > 0
    out = workspace_copy / "out"
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(w).name for w in written)


def _first_document(ws: Path) -> None:
    """Wait until the batch has written a document (then it is well under way)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (ws / "out").is_dir() and any((ws / "out").glob("*.docx")):
            return
        time.sleep(0.05)
    raise AssertionError("no document was written within 60 s")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found |= {int(c) for c in text.split()}
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_workers_die_with_the_parent(workspace_copy: Path) -> None:
    _batch(workspace_copy, 40)
    proc = _start(workspace_copy, "briefs/", "--doc", "remarks", "--jobs", "2")
    _first_document(workspace_copy)
    workers = _children(proc.pid)
    assert len(workers) == 2  # the pool's two workers
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}/stat").exists()]
    zombies = [w for w in alive if Path(f"/proc/{w}/stat").read_text().split()[2] == "Z"]
    assert alive == zombies


def test_several_workers_read_briefs_from_the_current_folder(
    workspace_copy: Path, tmp_path: Path
) -> None:
    here = tmp_path / "here"
    (here / "ext").mkdir(parents=True)
    brief = (workspace_copy / "briefs/lima-devida-meeting.yaml").read_text(encoding="utf-8")
    (here / "ext/x.yaml").write_text(brief, encoding="utf-8")
    (here / "ext/y.yaml").write_text(brief, encoding="utf-8")
    proc = subprocess.run(
        [
            *SHIM,
            "render",
            "ext/x.yaml",
            "ext/y.yaml",
            "--project",
            str(workspace_copy),
            "--lang",
            "en",
            "--doc",
            "remarks",
            "--jobs",
            "2",
            "--quiet",
        ],
        cwd=here,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert sorted(p.name for p in (workspace_copy / "out").iterdir()) == [
        "x.remarks.en.docx",
        "y.remarks.en.docx",
    ]


def test_the_default_workspace_writes_to_the_current_folder(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*SHIM, "render", "--lang", "en", "--doc", "remarks"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    expected = tmp_path / "out" / "san-martin-cacao-visit.remarks.en.docx"
    assert proc.stdout == f"{expected}\n"
    assert expected.is_file()


def _fail_second(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """The second write through ``target`` finds the disk full."""
    import shim.safeio

    real = shim.safeio.write_new
    calls = []

    def write_new(path: Path, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(target, write_new)


def test_a_full_disk_replaces_no_language_of_a_group(
    workspace_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = workspace_copy / "out"
    out.mkdir()
    previous = out / "san-martin-cacao-visit.remarks.en.docx"
    previous.write_bytes(b"previous version")
    _fail_second(monkeypatch, "shim.rendering.files.write_new")
    ws = shim.load_workspace(workspace_copy)
    report = shim.render(ws, docs=["remarks"], out=out)
    assert [f.message for f in report.failures] == [
        f"{out}/san-martin-cacao-visit.remarks.es.docx: cannot write the document: "
        "No space left on device"
    ]
    assert sorted(p.name for p in out.iterdir()) == [previous.name]
    assert previous.read_bytes() == b"previous version"


def test_the_catalog_workflow_leaves_no_temporary_file(
    workspace_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shim.language import workflow

    _fail_second(monkeypatch, "shim.safeio.write_new")
    workflow.extract(workspace_copy)
    with pytest.raises(TranslationError) as caught:
        workflow.update(workspace_copy)
    assert str(caught.value).endswith("messages.po: cannot write: No space left on device")
    names = [p.name for p in (workspace_copy / "locales").rglob("*")]
    assert [n for n in names if n.endswith(".tmp")] == []


def test_init_on_a_full_disk_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.copy2
    copied: list[str] = []

    def copy2(src: str, dst: str, **kwargs: bool) -> object:
        copied.append(src)
        if len(copied) == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copy2", copy2)
    with pytest.raises(ConfigError) as caught:
        shim.init_workspace(tmp_path / "new")
    assert str(caught.value).startswith(f"{tmp_path}/new: cannot create the workspace: ")
    assert list(tmp_path.iterdir()) == []


def test_a_commit_killed_while_renaming_is_finished_by_the_next_run(tmp_path: Path) -> None:
    from shim.rendering.files import commit, recover

    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    real = os.replace
    renamed: list[str] = []

    def replace(src: object, dst: object) -> None:
        if str(dst).endswith("b.docx"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        renamed.append(str(dst))
        real(src, dst)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as m:
        m.setattr(os, "replace", replace)
        with pytest.raises(OutputError):
            commit([(a, b"A"), (b, b"B")])
    assert renamed[-1] == str(a) and not b.exists()
    # The journal and b's temporary file stay; a later run (another process) finishes them.
    journal = next(p for p in tmp_path.iterdir() if p.name.endswith(".journal"))
    dead = dead_pid()
    for p in tmp_path.iterdir():
        if p.name.startswith(".shim-"):
            p.rename(p.with_name(p.name.replace(f"-{os.getpid()}-", f"-{dead}-")))
    text = journal.with_name(journal.name.replace(f"-{os.getpid()}-", f"-{dead}-"))
    text.write_text(text.read_text().replace(f"-{os.getpid()}-", f"-{dead}-"))
    recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.docx"]
    assert b.read_bytes() == b"B"


def test_one_document_is_written_without_a_journal(tmp_path: Path) -> None:
    """One rename is atomic: a document that cannot be put in place leaves nothing."""
    from shim.rendering.files import commit

    names: list[str] = []
    real = os.replace

    def replace(src: object, dst: object) -> None:
        names.append(Path(str(dst)).name)
        real(src, dst)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as m:
        m.setattr(os, "replace", replace)
        commit([(tmp_path / "a.docx", b"A")])
    assert names == ["a.docx"]
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]

    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with pytest.MonkeyPatch.context() as m:
        m.setattr(os, "replace", refuse)
        with pytest.raises(OutputError) as caught:
            commit([(tmp_path / "b.docx", b"B")])
    assert str(caught.value) == f"{tmp_path}/b.docx: cannot write the document: Input/output error"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_init_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(ConfigError) as caught:
        shim.init_workspace(tmp_path / "new")
    assert str(caught.value) == f"{tmp_path}/new: cannot create the workspace: permission denied"
