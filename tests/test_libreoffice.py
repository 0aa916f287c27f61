"""Proof in a real word processor: every shipped document converts with LibreOffice.

Skipped when LibreOffice is not installed locally; never skipped in CI (CI=true), where
``.ci/run`` installs it.
"""

from __future__ import annotations

import itertools
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
        # quotes, heading rows, plural forms, full citations with the web address
        ("san-martin-cacao-visit.review", 3, 20),
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
    assert "USAID/Perú, “Alternative Development” (2022), párr. 8." in es


def _structure(node: object, out: list[str]) -> list[str]:
    import pikepdf

    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            out.append(str(node.S))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            _structure(kid, out)
    return out


@pytest.mark.parametrize(
    ("name", "lang", "title"),
    [
        (
            "san-martin-cacao-visit.talking-points.es",
            "es-PE",
            "Visita a una cooperativa cacaotera en Tocache, San Martín",
        ),
        (
            "san-martin-cacao-visit.remarks.en",
            "en-US",
            "Visit to a cacao cooperative in Tocache, San Martín",
        ),
    ],
)
def test_pdfs_are_tagged_with_language_title_and_heading_order(
    tmp_path: Path, pdfs: dict[str, Path], name: str, lang: str, title: str
) -> None:
    """Section 508: the PDF carries its language, its title and a structure tree whose
    headings never skip a level."""
    import pikepdf

    docx_path = pdfs[name].with_suffix(".docx")
    with pikepdf.open(pdfs[name]) as pdf:
        assert str(pdf.Root.Lang) == lang
        assert str(pdf.docinfo["/Title"]) == title
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        tags = _structure(pdf.Root.StructTreeRoot, [])
    levels = [int(t[2:]) for t in tags if t[:2] == "/H" and t[2:].isdigit()]
    assert tags[:2] == ["/Document", "/Title"] and levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    import docx

    core = docx.Document(str(docx_path)).core_properties
    assert (core.title, core.language) == (title, lang)


def test_review_tables_have_header_cells(pdfs: dict[str, Path]) -> None:
    import pikepdf

    with pikepdf.open(pdfs["san-martin-cacao-visit.review"]) as pdf:
        tags = _structure(pdf.Root.StructTreeRoot, [])
    assert "/TH" in tags and "/TD" in tags


@pytest.mark.parametrize(
    ("paper", "expected"),
    [
        (
            "letter",
            {
                "lima-devida-meeting.en": 1,
                "lima-devida-meeting.es": 2,
                "san-martin-cacao-visit.en": 2,
            },
        ),
        (
            "a4",
            {
                "lima-devida-meeting.en": 1,
                "lima-devida-meeting.es": 1,
                "san-martin-cacao-visit.en": 1,
            },
        ),
    ],
)
def test_talking_points_fit_one_page_when_their_content_allows(
    workspace_copy: Path, tmp_path: Path, paper: str, expected: dict[str, int]
) -> None:
    """One page for a two-theme brief in English on both papers; the five-theme brief and
    the longer Spanish need a second page on Letter (measured, pinned so a change shows)."""
    toml = workspace_copy / "shim.toml"
    toml.write_text(toml.read_text().replace('paper = "letter"', f'paper = "{paper}"'))
    ws = shim.load_workspace(workspace_copy)
    briefs = ["lima-devida-meeting", "san-martin-cacao-visit"]
    report = shim.render(ws, briefs, ["en", "es"], ["talking-points"], tmp_path / "out")
    conversion = convert([r.path for r in report.raise_for_failures()])
    counts = {
        p.name.removesuffix(".pdf").replace(".talking-points", ""): pages(p)
        for p in conversion.pdfs
    }
    assert {name: counts[name] for name in expected} == expected
