"""The bad-input corpus: each case is one file with the input and the exact outcome.

A case writes files into a fresh copy of the default workspace, runs one command, and
must produce exactly its exit code and its stderr, with no traceback, and must leave no
document (and no temporary file) behind when it fails.
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

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(CORPUS.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case(case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Fact ages in messages are counted from a fixed day, so the corpus does not age.
    monkeypatch.setattr("shim.workspace.facts.current_date", lambda: datetime.date(2026, 11, 23))
    case = _load(case_file)
    ws = tmp_path / "ws"
    shim.init_workspace(ws)
    for name, text in (case.get("files") or {}).items():
        target = ws / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for name, b64 in (case.get("bytes") or {}).items():
        (ws / name).write_bytes(base64.b64decode(b64))
    for name, (old, new) in (case.get("replace") or {}).items():
        path = ws / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{case_file.name}: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name in case.get("delete") or []:
        (ws / name).unlink()
    out = ws / "out"
    previous = out / "san-martin-cacao-visit.talking-points.en.docx"
    out.mkdir()
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
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    if case["exit"] != 0 and case.get("writes_nothing", True):
        assert sorted(p.name for p in out.iterdir()) == [previous.name]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
