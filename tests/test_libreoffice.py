"""Proof in a real word processor: every shipped document converts with LibreOffice.

Skipped when LibreOffice is not installed locally; never skipped in CI (CI=true), where
``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import shim
from shim.docx.pdf import convert
from shim.workspace.loader import Workspace

HAVE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
if not HAVE and os.environ.get("CI"):
    pytest.fail("CI must have LibreOffice and poppler-utils (.ci/run installs them)", pytrace=False)
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not HAVE, reason="LibreOffice (soffice) or pdftotext not installed"),
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    results = (
        shim.render(ws, briefs=["san-martin-cacao-visit", "lima-devida-meeting"], out=out)
        .raise_for_failures()
        .results
    )
    results += shim.render(ws, docs=["review"], out=out).raise_for_failures().results
    conversion = convert([r.path for r in results])
    assert conversion.messages == ()  # LibreOffice reported nothing about the documents
    return {p.name.removesuffix(".pdf"): p for p in conversion.pdfs}


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def test_every_document_converts(pdfs: dict[str, Path]) -> None:
    kinds = ("talking-points", "remarks", "speech-insert", "fact-sheet")
    expected = {
        f"{b}.{k}.{lang}"
        for b in ("san-martin-cacao-visit", "lima-devida-meeting")
        for k in kinds
        for lang in ("en", "es")
    }
    expected.add("san-martin-cacao-visit.review")
    assert set(pdfs) == expected
    for path in pdfs.values():
        assert path.stat().st_size > 5000


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("san-martin-cacao-visit.talking-points.en", 1, 3),
        ("san-martin-cacao-visit.talking-points.es", 1, 3),
        ("san-martin-cacao-visit.remarks.en", 2, 5),
        ("san-martin-cacao-visit.remarks.es", 2, 5),
        ("san-martin-cacao-visit.speech-insert.en", 1, 1),
        ("san-martin-cacao-visit.speech-insert.es", 1, 1),
        ("san-martin-cacao-visit.fact-sheet.en", 1, 1),
        ("san-martin-cacao-visit.fact-sheet.es", 1, 1),
        ("lima-devida-meeting.fact-sheet.en", 1, 1),
        ("lima-devida-meeting.fact-sheet.es", 1, 1),
        ("san-martin-cacao-visit.review", 3, 16),  # quotes, heading rows, plural forms
    ],
)
def test_page_counts(pdfs: dict[str, Path], name: str, low: int, high: int) -> None:
    assert low <= pages(pdfs[name]) <= high


def test_key_sentences_survive_in_both_languages(pdfs: dict[str, Path]) -> None:
    en = " ".join(pdf_text(pdfs["san-martin-cacao-visit.talking-points.en"]).split())
    es = " ".join(pdf_text(pdfs["san-martin-cacao-visit.talking-points.es"]).split())
    assert "In 2021 alone, USAID helped 77,109 families move to licit livelihoods." in en
    assert "Solo en 2021, USAID acompañó a 77,109 familias en su transición hacia medios" in es
    assert "Page 1 of" in en
    assert "Página 1 de" in es
    assert "USAID/Perú, hoja informativa Desarrollo Alternativo, noviembre de 2022, párr. 8." in es
