"""The fact sheet in LibreOffice: one page on Letter and on A4, and the chart drawn with
its labels as text in the reader's number style."""

from __future__ import annotations

from pathlib import Path

import pytest

import shim
from shim.docx.pdf import convert

from .conftest import require
from .test_libreoffice import pages, pdf_text

LANGS = ["en", "es", "es-ES"]


@pytest.fixture(scope="module", params=["letter", "a4"])
def pdfs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    require("soffice", "pdftotext", "pdfinfo")
    target = tmp_path_factory.mktemp(f"ws-{request.param}")
    shim.init_workspace(target / "ws")
    toml = target / "ws" / "shim.toml"
    toml.write_text(toml.read_text().replace('paper = "letter"', f'paper = "{request.param}"'))
    ws = shim.load_workspace(target / "ws")
    report = shim.render(
        ws, ["san-martin-cacao-visit", "lima-devida-meeting"], LANGS, ["fact-sheet"], target / "out"
    )
    conversion = convert([r.path for r in report.raise_for_failures().results])
    assert conversion.messages == ()
    return {p.name.removesuffix(".pdf"): p for p in conversion.pdfs}


def test_every_fact_sheet_is_one_page(pdfs: dict[str, Path]) -> None:
    assert len(pdfs) == 6
    assert {name: pages(path) for name, path in pdfs.items()} == dict.fromkeys(pdfs, 1)


@pytest.mark.parametrize(
    ("lang", "shown", "absent"),
    [
        ("en", ["US$15 million", "US$38 million", "US$35.5 million", "DEVIDA's budget"], "35,5"),
        ("es", ["US$ 35.5", "US$ 38", "Presupuesto de Devida", "Año"], "35,5"),
        ("es-ES", ["35,5 millones", "15 millones", "Presupuesto de Devida", "Año"], "35.5"),
    ],
)
def test_the_chart_is_drawn_with_localized_labels(
    pdfs: dict[str, Path], lang: str, shown: list[str], absent: str
) -> None:
    # a long label may wrap within its bar's width: the needles stop before a break
    text = " ".join(pdf_text(pdfs[f"san-martin-cacao-visit.fact-sheet.{lang}"]).split())
    for needle in [*shown, "2011", "2015", "2021"]:
        assert needle in text, (lang, needle)
    assert absent not in text
