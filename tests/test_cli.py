"""The command line: exact output, exact exit codes, located errors, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from shim import __version__
from shim.cli import app

from .conftest import ROOT, paragraphs

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    assert run("--version") == (0, f"shim {__version__}\n", "")


def test_help_lists_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("render", "init", "facts"):
        assert f"  {command} " in out


def test_render_with_no_arguments_writes_all_kinds_in_both_languages(tmp_path: Path) -> None:
    code, out, _ = run("render", "--project", str(ROOT), "--out", str(tmp_path))
    assert code == 0
    expected = [
        str(tmp_path / f"san-martin-cacao-visit.{doc}.{lang}.docx")
        for doc in ("talking-points", "remarks", "speech-insert", "fact-sheet")
        for lang in ("en", "es")
    ]
    assert out.splitlines() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(Path(p).name for p in expected)


def test_render_one_language_and_kind(tmp_path: Path) -> None:
    code, out, _ = run(
        "render",
        "lima-devida-meeting",
        "--lang",
        "es",
        "--doc",
        "remarks",
        "--project",
        str(ROOT),
        "--out",
        str(tmp_path),
    )
    assert code == 0
    assert out == f"{tmp_path / 'lima-devida-meeting.remarks.es.docx'}\n"


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = run("render", "--lang", "fr", "--out", str(tmp_path))
    assert code == 2
    assert err == (
        "error: unknown language 'fr'; use en, es, es-419, es-ES, es-MX, or any es-XX or "
        "pt-XX that CLDR knows (es-CO, pt-BR)\n"
    )
    assert not any(tmp_path.iterdir())


def test_unknown_brief_names_the_folder_and_suggests(tmp_path: Path) -> None:
    code, _, err = run("render", "san-martin-cacao", "--project", str(ROOT), "--out", str(tmp_path))
    assert code == 1
    assert err == (
        "error: no brief named 'san-martin-cacao' in briefs/; "
        "did you mean 'san-martin-cacao-visit'?\n"
    )


def test_unknown_fact_in_template_names_template_line_and_id(workspace_copy: Path) -> None:
    template = workspace_copy / "templates" / "talking-points.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text.replace('fact("families_assisted_2021")', 'fact("familes_assisted_2021")'),
        encoding="utf-8",
    )
    line = next(
        i
        for i, t in enumerate(template.read_text().splitlines(), 1)
        if "familes_assisted_2021" in t
    )
    code, _out, err = run("render", "--project", str(workspace_copy), "--lang", "en")
    assert code == 1
    assert err == (
        f"error: templates/talking-points.j2:{line}: unknown fact "
        "'familes_assisted_2021'; did you mean 'families_assisted_2021'?\n"
        "summary: 3 written, 0 warnings, 1 failed: san-martin-cacao-visit talking-points (en)\n"
    )
    # The failing document is not written; the others in the batch are.
    assert sorted(p.name for p in (workspace_copy / "out").iterdir()) == [
        "san-martin-cacao-visit.fact-sheet.en.docx",
        "san-martin-cacao-visit.remarks.en.docx",
        "san-martin-cacao-visit.speech-insert.en.docx",
    ]


def test_draft_and_final_together_is_a_usage_error() -> None:
    code, _, err = run("render", "--draft", "--final", "--project", str(ROOT))
    assert (code, err) == (2, "error: --draft and --final cannot be used together\n")


def test_init_creates_a_workspace_and_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "team"
    assert run("init", str(target)) == (0, f"created workspace {target}\n", "")
    assert sorted(p.name for p in target.iterdir()) == [
        "briefs",
        "facts",
        "locales",
        "shim.toml",
        "templates",
    ]
    code, _, err = run("init", str(target))
    assert (code, err) == (
        1,
        f"error: {target}: folder is not empty; choose a new or empty folder\n",
    )


@pytest.mark.parametrize("args", [("facts", "list"), ("facts", "show", "families_assisted_2021")])
def test_fact_views_succeed(args: tuple[str, ...]) -> None:
    code, out, _ = run(*args, "--project", str(ROOT))
    assert code == 0
    assert "77,109" in out


def test_superseded_fact_warns_in_draft_and_fails_with_final(workspace_copy: Path) -> None:
    template = workspace_copy / "templates" / "speech-insert.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            'fact("families_assisted_2021")', 'fact("families_assisted_2015")'
        ),
        encoding="utf-8",
    )
    args = ["render", "--project", str(workspace_copy), "--doc", "speech-insert", "--lang", "en"]
    code, out, err = run(*args)
    assert code == 0
    assert out == f"{workspace_copy / 'out' / 'san-martin-cacao-visit.speech-insert.en.docx'}\n"
    assert err == (
        "warning: facts/ad-2016.yaml:6: fact 'families_assisted_2015' is superseded by "
        "'families_assisted_2021'\n"
        "warning: facts/ad-2016.yaml:6: fact 'families_assisted_2015' was stated 10 years "
        "before the event (limit 4, shim.toml)\n"
        # The 2021 hectares now follow "In 2015 alone": the statement check sees it.
        "warning: templates/speech-insert.j2:10: statement: this message shows "
        "'hectares_2021' (2021) without its period; add a placeholder such as "
        "{{ x|when }} here or in the message before it\n"
        "warning: templates/speech-insert.j2:10: statement: 'hectares_2021' (2021) without "
        "its period: “In 2015 alone, with the support of the United States, more than 31,…”\n"
    )
    draft = paragraphs(workspace_copy / "out" / "san-martin-cacao-visit.speech-insert.en.docx")
    assert any("the United States, [CHECK] more than 31,000\u00a0families" in p for p in draft)
    code, out, err = run(*args, "--final", "--out", str(workspace_copy / "final"))
    assert (code, out) == (1, "")
    assert err == (
        "error: briefs/san-martin-cacao-visit.yaml: 2 facts cannot go into a final document "
        "(render without --final for a draft):\n"
        "  facts/ad-2016.yaml:6: fact 'families_assisted_2015' is superseded by "
        "'families_assisted_2021'\n"
        "  facts/ad-2016.yaml:6: fact 'families_assisted_2015' was stated 10 years before the "
        "event (limit 4, shim.toml)\n"
    )
    assert list((workspace_copy / "final").iterdir()) == []
