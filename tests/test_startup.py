"""Start-up stays lean: commands import only what they use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

PROBE = """
import sys
from shim.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
heavy = ["docx", "lxml", "shim.docx.writer", "jinja2", "pydantic", "babel.messages", "rich",
         "starlette", "uvicorn", "shim.web"]
print("LOADED:" + ",".join(m for m in heavy if m in sys.modules))
"""


def loaded(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    names = result.stdout.rsplit("LOADED:", 1)[1].strip()
    return set(names.split(",")) - {""}


@pytest.mark.parametrize(
    "args", [("--help",), ("--version",), ("render", "--help"), ("serve", "--help")]
)
def test_help_and_version_import_nothing_heavy(args: tuple[str, ...]) -> None:
    assert loaded(*args) == set()


def test_facts_list_does_not_load_the_document_writer() -> None:
    assert loaded("facts", "list", "--project", str(ROOT)) == {"pydantic"}
