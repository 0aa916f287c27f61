"""`shim init --blank`: a neutral workspace a new mission can start from in minutes."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shim.cli import app
from tests.conftest import paragraphs


def shim_in(folder: Path, *args: str) -> tuple[int, str, str]:
    cwd = os.getcwd()
    try:
        os.chdir(folder)
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


def test_a_blank_workspace_for_colombia(tmp_path: Path) -> None:
    ws = tmp_path / "colombia"
    code, out, err = shim_in(
        tmp_path, "init", str(ws), "--blank", "--org", "USAID/Colombia", "--lang", "es-CO"
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"created workspace {ws}", f"next: read {ws / 'README.md'}"]
    settings = (ws / "shim.toml").read_text(encoding="utf-8")
    assert 'organization = "USAID/Colombia"\n' in settings
    assert 'languages = ["en", "es-CO"]\n' in settings
    assert 'numbers = { es-CO = "cldr" }\n' in settings
    readme = (ws / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# USAID/Colombia: shim workspace\n")
    assert "5. **Render.** `shim render --lang en --lang es-CO` writes the documents" in readme
    assert shim_in(ws, "facts", "check")[:2] == (0, "3 facts from 1 sources: all checks passed\n")
    assert shim_in(ws, "i18n", "check")[:2] == (0, "catalogs are complete and up to date\n")
    code, out, err = shim_in(ws, "render", "--lang", "en", "--lang", "es-CO", "--quiet")
    assert code == 0, err
    written = sorted(Path(line).name for line in out.splitlines())
    assert written == [
        f"example-event.{kind}.{lang}.docx"
        for kind in ("remarks", "speech-insert", "talking-points")
        for lang in ("en", "es-CO")
    ]
    es = paragraphs(ws / "out" / "example-event.talking-points.es-CO.docx")
    # a no-break space binds each figure to its unit or scale word
    assert "El programa ayudó a 1.250\u00a0familias a mejorar sus ingresos en 2025." in es
    assert (
        "Junto con socios privados, el programa movilizó US$2,5\u00a0millones en 2025 para "
        "pequeños productores."
    ) in es
    remarks = paragraphs(ws / "out" / "example-event.remarks.es-CO.docx")
    assert any("movilizó 2,5\u00a0millones de dólares para" in p for p in remarks)
    for path in (ws / "out").glob("*.docx"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                data = z.read(name).decode("utf-8", "replace")
                assert "Peru" not in data and "Perú" not in data, (path.name, name)
    for path in ws.rglob("*"):
        if path.is_file() and path.suffix in {".j2", ".yaml", ".po", ".pot", ".toml", ".md"}:
            text = path.read_text(encoding="utf-8")
            assert "Peru" not in text and "Perú" not in text and "DEVIDA" not in text, path


def test_the_full_example_is_still_peru(tmp_path: Path) -> None:
    ws = tmp_path / "peru"
    assert shim_in(tmp_path, "init", str(ws))[0] == 0
    assert 'organization = "USAID/Peru"' in (ws / "shim.toml").read_text(encoding="utf-8")
    assert (ws / "briefs" / "san-martin-cacao-visit.yaml").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--org", "USAID/Colombia"],
            "error: --org and --lang go with --blank (the full example is Peru's)\n",
        ),
        (
            ["--blank", "--lang", "es-XX"],
            "error: unknown language 'es-XX'; use en, es, es-419, es-ES, es-MX, or any es-XX "
            "or pt-XX that CLDR knows (es-CO, pt-BR)\n",
        ),
    ],
)
def test_init_mistakes(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = shim_in(tmp_path, "init", str(tmp_path / "new"), *args)
    assert (code, err) == (2, message)
    assert not (tmp_path / "new").exists()
