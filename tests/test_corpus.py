"""The bad-input corpus: each case is one file with the input and the exact outcome.

A case writes files into a fresh copy of the default workspace: ``files``, ``bytes``,
``replace`` (``{big}`` stands for ``big`` characters), ``recode`` (``bom``: a byte order
mark, ``cr``: CR line ends), ``delete``, documents rendered ``render_into`` a folder,
parts of a .docx in ``zip_replace``, ``symlinks``, ``fifos``, ``sparse`` files of a
given size, and ``out_files`` left in out/ by an earlier run (``{dead}`` stands for the
id of a process that has ended). It runs one command, and must produce exactly its exit
code and its stderr, with no traceback, and must leave no document (and no temporary
file) behind when it fails; ``out`` lists the documents a run that fails in part leaves.
"""

from __future__ import annotations

import base64
import datetime
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import shim
from shim.cli import app

from .conftest import dead_pid

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(CORPUS.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _prepare(case: dict[str, Any], ws: Path) -> None:
    """Build the case's workspace: files, bytes, edits, deletions, then special files."""
    for name, text in (case.get("files") or {}).items():
        target = ws / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for name, b64 in (case.get("bytes") or {}).items():
        (ws / name).write_bytes(base64.b64decode(b64))
    big = "x" * case.get("big", 0)  # a large value, made here rather than committed
    for name, (old, new) in (case.get("replace") or {}).items():
        path = ws / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new.replace("{big}", big), 1), encoding="utf-8")
    for name, how in (case.get("recode") or {}).items():  # as other editors save a file
        data = (ws / name).read_bytes()
        (ws / name).write_bytes(
            b"\xef\xbb\xbf" + data if how == "bom" else data.replace(b"\n", b"\r")
        )
    for name in case.get("delete") or []:
        (ws / name).unlink()
    if case.get("render_into"):  # documents for `shim check` cases
        report = shim.render(
            shim.load_workspace(ws), docs=["remarks"], out=ws / case["render_into"]
        )
        report.raise_for_failures()
    for name, parts in (case.get("zip_replace") or {}).items():
        _zip_replace(ws / name, parts)
    for name, target in (case.get("symlinks") or {}).items():
        (ws / name).symlink_to(target.replace("{ws}", str(ws)))
    for name in case.get("fifos") or []:
        os.mkfifo(ws / name)
    for name, size in (case.get("sparse") or {}).items():
        with (ws / name).open("wb") as handle:
            handle.truncate(size)  # a hole: no disk used, but stat says `size` bytes
    (ws / "out").mkdir(exist_ok=True)
    dead = str(dead_pid()) if case.get("out_files") else ""
    for name, text in (case.get("out_files") or {}).items():
        path = ws / "out" / name.replace("{dead}", dead)
        path.write_text(text.replace("{dead}", dead), encoding="utf-8")


def _zip_replace(path: Path, parts: dict[str, str]) -> None:
    """Rewrite some parts of a .docx (a reference document with a broken part)."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i)) for i in zin.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename in parts:  # "utf-16:<xml>" stores the part in that encoding
                value = parts[info.filename]
                codec, text = ("utf-8", value) if value[0] == "<" else value.split(":", 1)
                data = text.encode(codec)
            zout.writestr(info, data)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case(case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Fact ages in messages are counted from a fixed day, so the corpus does not age.
    monkeypatch.setattr("shim.workspace.facts.current_date", lambda: datetime.date(2026, 11, 23))
    case = _load(case_file)
    ws = tmp_path / "ws"
    shim.init_workspace(ws)
    _prepare(case, ws)
    out = ws / "out"
    previous = out / "san-martin-cacao-visit.talking-points.en.docx"
    previous.write_bytes(b"previous version")
    args = [a.replace("{ws}", str(ws)) for a in case["args"]]
    if case.get("project", True):
        args += ["--project", str(ws)]
    cwd = os.getcwd()
    try:
        os.chdir(ws)
        result = CliRunner().invoke(app, args)
    finally:
        os.chdir(cwd)
    stderr = result.stderr.replace(str(ws), "{ws}")
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), f"traceback: {result.exception!r}"
    assert "Traceback" not in stderr
    assert (result.exit_code, stderr) == (case["exit"], case["stderr"])
    assert previous.read_bytes() == b"previous version", "a previous document was damaged"
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name[0] == "."]
    assert leftovers == []
    if "out" in case:  # the documents a partly failing (or recovering) run leaves
        assert sorted(p.name for p in out.iterdir()) == sorted([previous.name, *case["out"]])
    if case["exit"] != 0 and case.get("writes_nothing", True):
        assert sorted(p.name for p in out.iterdir()) == [previous.name]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
