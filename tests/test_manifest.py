"""Every document carries what it used; `shim facts where` finds it, also after a save
in LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shim.cli import app
from shim.docx.manifest import read_custom
from shim.rendering.manifest import git_commit

from .conftest import ROOT, require


def test_a_document_names_its_facts_and_fact_base(rendered: dict[str, Path]) -> None:
    props = read_custom(rendered["speech-insert.es"], "s.docx")
    assert {k: v for k, v in props.items() if k.startswith("shim.fact.")} == {
        "shim.fact.families_assisted_2021": "77109",
        "shim.fact.hectares_2021": "98907",
        "shim.fact.sales_fy2021": "118500000",
    }
    assert len(props["shim.factbase.sha256"]) == 64
    assert props.get("shim.factbase.commit") == git_commit(ROOT)


def test_git_commit_is_read_without_git(tmp_path: Path) -> None:
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "packed-refs").write_text("# pack-refs\n" + "ab" * 20 + " refs/heads/main\n")
    assert git_commit(tmp_path / "sub") == "ab" * 20
    (git / "refs" / "heads" / "main").write_text("cd" * 20 + "\n")
    assert git_commit(tmp_path) == "cd" * 20
    assert git_commit(Path("/")) is None


def _repo(tmp_path: Path, head: str) -> Path:
    git = tmp_path / "ws" / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text(head)
    return git


def test_a_ref_outside_refs_is_not_followed(tmp_path: Path) -> None:
    """.git in a shared workspace is anyone's: it must not put another file in a document."""
    (tmp_path / "secret").write_text("ef" * 20 + "\n")
    _repo(tmp_path, "ref: ../../secret\n")
    assert git_commit(tmp_path / "ws") is None


def test_only_a_commit_id_is_taken_from_git(tmp_path: Path) -> None:
    git = _repo(tmp_path, "ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text("password=hunter2\n")
    assert git_commit(tmp_path / "ws") is None
    (git / "HEAD").write_text("not a commit\n")
    assert git_commit(tmp_path / "ws") is None
    (git / "HEAD").write_text("ab" * 32 + "\n")  # detached, SHA-256
    assert git_commit(tmp_path / "ws") == "ab" * 32


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_git_files_that_never_end_are_not_read(tmp_path: Path, special: str) -> None:
    git = _repo(tmp_path, "")
    (git / "HEAD").unlink()
    if special == "fifo":
        os.mkfifo(git / "HEAD")
    else:
        (git / "HEAD").symlink_to(special)
    assert git_commit(tmp_path / "ws") is None


@pytest.mark.libreoffice
def test_facts_where_lists_documents_after_a_libreoffice_save(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    require("soffice")
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(rendered["remarks.es"], source / "remarks.es.docx")
    shutil.copy(rendered["talking-points.en"], source / "tp.en.docx")
    saved = tmp_path / "saved"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(saved)]
        + [str(p) for p in sorted(source.iterdir())],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (saved / "notes.docx").write_bytes(b"not a zip")
    result = CliRunner().invoke(
        app, ["facts", "where", "companies_fy2021", str(saved), "--project", str(ROOT)]
    )
    commit = git_commit(ROOT)
    shown = f" (fact base {commit[:12]})" if commit else ""
    assert (result.exit_code, result.stdout) == (
        0,
        # the remarks name it in the brief's own paragraph about the day
        f"{saved / 'remarks.es.docx'}: companies_fy2021 = 46{shown}\n"
        f"{saved / 'tp.en.docx'}: companies_fy2021 = 46{shown}\n",
    )
    assert result.stderr.startswith(f"warning: {saved / 'notes.docx'}: not a .docx (zip) file")


def test_facts_where_says_when_nothing_used_a_fact(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["facts", "where", "loans_2021", str(tmp_path), "--project", str(ROOT)]
    )
    assert (result.exit_code, result.stdout) == (
        0,
        f"no document in {tmp_path} used 'loans_2021'\n",
    )
