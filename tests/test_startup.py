"""Start-up stays lean: commands import only what they use."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PROBE = """
import sys
from shim.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
heavy = [
    "docx", "lxml", "shim.docx.refxml", "shim.docx.writer", "jinja2", "yaml", "pydantic",
    "babel.messages", "rich", "starlette", "uvicorn", "shim.web", "babel.numbers", "babel.dates",
    "tomllib", "babel", "jinja2.ext",
]
print("LOADED:" + ",".join(m for m in heavy if m in sys.modules))
"""


def loaded(*args: str, cache: Path | None = None) -> set[str]:
    env = dict(os.environ)
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True, env=env
    )
    names = result.stdout.rsplit("LOADED:", 1)[1].strip()
    return set(names.split(",")) - {""}


@pytest.mark.parametrize(
    "args", [("--help",), ("--version",), ("render", "--help"), ("serve", "--help")]
)
def test_help_and_version_import_nothing_heavy(args: tuple[str, ...]) -> None:
    assert loaded(*args) == set()


@pytest.mark.parametrize("command", [("facts", "list"), ("facts", "check")])
def test_facts_commands_parse_yaml_only_when_the_cache_is_cold(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    args = (*command, "--project", str(ROOT))
    cold = loaded(*args, cache=tmp_path)
    warm = loaded(*args, cache=tmp_path)
    assert "yaml" in cold
    # facts check parses templates for fact uses; Babel and TOML data fill the cache
    assert (
        cold - {"yaml", "jinja2", "jinja2.ext", "babel", "babel.numbers", "babel.dates", "tomllib"}
        == set()
    )
    assert warm == set()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_render_with_a_warm_cache_imports_neither_lxml_nor_yaml_nor_babel_nor_jinja_ext(
    lang: str, tmp_path: Path
) -> None:
    """Babel's results (number groupings, dates, plural categories), the scanners' language
    data and the English/Spanish comparison are kept by content in the user's cache."""
    args = ("render", "--project", str(ROOT), "--lang", lang, "--doc", "talking-points")
    args += ("--out", str(tmp_path / "out"), "--quiet")
    cold = loaded(*args, cache=tmp_path / "cache")
    warm = loaded(*args, cache=tmp_path / "cache")
    cold_only = {"lxml", "shim.docx.refxml", "yaml", "babel.numbers", "babel.dates", "tomllib"}
    assert cold >= cold_only | {"jinja2.ext"}  # the i18n extension compiles the templates
    assert warm == {"shim.docx.writer", "jinja2"}


def test_render_without_a_cache_still_works(tmp_path: Path) -> None:
    args = ("render", "--project", str(ROOT), "--lang", "en", "--doc", "remarks")
    args += ("--out", str(tmp_path), "--quiet")
    (tmp_path / "shim").mkdir()
    os.chmod(tmp_path / "shim", 0o777)  # a cache folder others can write is never used
    assert "lxml" in loaded(*args, cache=tmp_path)
    assert loaded(*args, cache=tmp_path) >= {"lxml", "yaml"}
    assert (tmp_path / "san-martin-cacao-visit.remarks.en.docx").is_file()
    assert os.listdir(tmp_path / "shim") == []


YAML_PROBE = """
import re
compile_before = re.compile
from shim.workspace.yamlio import parse_yaml
loaded = parse_yaml("a: [1, 2.5, true, 2022-02-28]\\n", "f.yaml")
import yaml
reader = yaml.reader.Reader.NON_PRINTABLE
print(loaded.data, re.compile is compile_before, type(reader).__name__, reader._compiled)
"""


def test_pyyaml_compiles_its_patterns_only_when_they_are_used() -> None:
    """libyaml's parser never uses the pure-Python reader's pattern over all of Unicode:
    it is never compiled, and re.compile is itself again once PyYAML is imported."""
    result = subprocess.run(
        [sys.executable, "-c", YAML_PROBE], capture_output=True, text=True, check=True
    )
    assert result.stdout == (
        "{'a': [1, 2.5, True, datetime.date(2022, 2, 28)]} True LazyPattern None\n"
    )


def test_a_lazy_pattern_answers_as_the_pattern() -> None:
    from shim.pyyaml import LazyPattern

    lazy, real = LazyPattern(r"(\d+)-(\d+)", re.I), re.compile(r"(\d+)-(\d+)", re.I)
    text = "pages 12-14 and 20-21"
    assert lazy.search(text).groups() == real.search(text).groups() == ("12", "14")  # type: ignore[union-attr]
    assert lazy.sub(r"\2-\1", text) == "pages 14-12 and 21-20"
    assert (lazy.pattern, lazy.flags, lazy.groups) == (real.pattern, real.flags, real.groups)


def test_a_command_group_is_built_only_when_named() -> None:
    """Typer reads every command's signature as it builds the command line: `shim render`
    builds neither the facts nor the i18n commands (nor imports their modules)."""
    probe = (
        "import sys, typer.main\n"
        "from shim.cli import app\n"
        "command = typer.main.get_command(app)\n"
        "print(sorted(m for m in sys.modules if m.startswith('shim.cli.')))\n"
        "print(command.list_commands(None))\n"
        "print(command.get_command(None, 'facts').name, 'shim.cli.facts' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "['shim.cli.common', 'shim.cli.render', 'shim.cli.serve']",
        "['render', 'init', 'check', 'serve', 'facts', 'i18n']",
        "facts True",
    ]
