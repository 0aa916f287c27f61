"""A review packet goes out, comes back edited as translators edit, and is imported.

The packet is edited with python-docx and lxml (a word changed, a run split by
formatting, a tracked change, a sentence rewritten, a row deleted and one moved), then
re-saved by LibreOffice; the import must put exactly the new wording into the catalog,
and a render must show it.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

import shim
from shim.cli import app
from shim.errors import Findings, TranslationError
from shim.rendering.review_import import import_packet
from tests.conftest import paragraphs, require
from tests.test_packet import bold_word, change, run, soffice_resave

PO = "locales/es/LC_MESSAGES/messages.po"


def catalog(root: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with (root / PO).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and isinstance(m.id, str)}


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime

    monkeypatch.setattr(
        "shim.rendering.review_import.current_date", lambda: datetime.date(2026, 11, 23)
    )


def make_packet(root: Path) -> Path:
    ws = shim.load_workspace(root)
    (result,) = shim.render(ws, docs=["review"], out=root / "out").raise_for_failures().results
    return result.path


def translation(document: docx.document.Document, starts: str) -> Paragraph:
    """The bookmarked paragraph of the Spanish column that starts with ``starts``."""
    for bs in document.element.body.iter(qn("w:bookmarkStart")):
        if bs.get(qn("w:name")).startswith("shim_"):
            paragraph = Paragraph(bs.getparent(), document)
            if paragraph.text.startswith(starts):
                return paragraph
    raise KeyError(starts)


def set_text(paragraph: Paragraph, text: str) -> None:
    """Rewrite a paragraph the way an editor keeps its bookmark: runs, not paragraph.text."""
    runs = paragraph.runs
    runs[0].text = text
    for r in runs[1:]:
        r.text = ""


def edit_as_translator(packet: Path, out: Path) -> Path:
    d = docx.Document(str(packet))
    p = translation(d, "Solo en 2021, USAID acompañó")
    set_text(p, p.text.replace("acompañó", "apoyó"))  # a word changed
    bold_word(translation(d, "Los productores reciben"), "capacitación")  # run split
    p = translation(d, "Ese año, estas familias sembraron")  # tracked: sembraron -> cultivaron
    r = p.runs[0]._r
    before, after = p.runs[0].text.split("sembraron", 1)
    p.runs[0].text = before
    tail = run(after)
    r.addnext(tail)
    r.addnext(change("ins", 901, run("cultivaron")))
    r.addnext(change("del", 900, run("sembraron", "delText")))
    set_text(  # a sentence rewritten, figures kept
        translation(d, "El desarrollo alternativo funciona: ayuda"),
        "El desarrollo alternativo da resultados: ayuda a las familias a dejar la coca.",
    )
    rows = [tr for tr in d.element.body.iter(qn("w:tr"))]
    deleted = next(tr for tr in rows if "Mensaje principal" in "".join(tr.xpath(".//w:t/text()")))
    deleted.getparent().remove(deleted)  # a row deleted
    moved = next(
        tr for tr in rows if "Los productores reciben" in "".join(tr.xpath(".//w:t/text()"))
    )
    parent = moved.getparent()
    parent.remove(moved)
    parent.insert(1, moved)  # a row moved to the top of its table
    d.save(str(out))
    return out


@pytest.fixture
def returned(workspace_copy: Path, tmp_path: Path) -> Path:
    require("soffice")
    edited = edit_as_translator(make_packet(workspace_copy), tmp_path / "edited.docx")
    (resaved,) = soffice_resave([edited], tmp_path / "lo", tmp_path / "profile")
    return resaved


@pytest.mark.libreoffice
def test_round_trip_through_python_docx_and_libreoffice(
    workspace_copy: Path, returned: Path
) -> None:
    ws = shim.load_workspace(workspace_copy)
    before = (workspace_copy / PO).read_text(encoding="utf-8")
    report = import_packet(ws, returned)
    assert report.changed == 3
    strings = catalog(workspace_copy)
    assert strings[
        "%(when)s alone, USAID helped %(families)s families move to licit livelihoods."
    ] == (
        "Solo %(when)s, USAID apoyó a %(families)s familias en su transición hacia medios "
        "de vida lícitos."
    )
    assert (
        strings[
            "That year, these families grew cacao, coffee and other licit crops on more than "
            "%(hectares)s hectares."
        ]
        == "Ese año, estas familias cultivaron cacao, café y otros cultivos lícitos en más de "
        "%(hectares)s hectáreas."
    )
    assert (
        strings[
            "Alternative development works: it helps families who once depended on illegal coca "
            "build a legal and lasting income, and it strengthens the government’s presence in "
            "rural communities."
        ]
        == "El desarrollo alternativo da resultados: ayuda a las familias a dejar la coca."
    )
    assert strings["Key message"] == "Mensaje principal"  # its row was deleted
    assert strings[
        "Farmers receive hands-on technical assistance, training in modern farming techniques "
        "and access to capital to invest in equipment."
    ] == (  # moved, and split by bold: the same words
        "Los productores reciben asistencia técnica en campo, capacitación en técnicas "
        "agrícolas modernas y acceso a financiamiento para invertir en equipos."
    )
    assert report.diff.count("+# reviewed in edited.docx, 2026-11-23\n") == 3
    assert report.notes[0] == (
        f'{returned.as_posix()}: row 2 of table 2 ("Key message") is not in the packet; '
        "its message is left as it was"
    )
    after = (workspace_copy / PO).read_text(encoding="utf-8")
    assert after != before and 'msgstr "Mensaje principal"' in after
    # Importing the same packet again changes nothing.
    again = import_packet(ws, returned)
    assert (again.changed, again.diff) == (0, "")
    assert (workspace_copy / PO).read_text(encoding="utf-8") == after
    # The new wording is what a render writes.
    out = workspace_copy / "out2"
    results = shim.render(ws, langs=["es"], docs=["talking-points"], out=out).results
    text = "\n".join(paragraphs(results[0].path))
    assert "Solo en 2021, USAID apoyó a 77,109\u00a0familias en su transición" in text
    assert "Ese año, estas familias cultivaron cacao" in text


def test_an_edited_figure_is_refused_and_the_catalog_is_unchanged(
    workspace_copy: Path, tmp_path: Path
) -> None:
    d = docx.Document(str(make_packet(workspace_copy)))
    p = translation(d, "Solo en 2021, USAID acompañó")
    set_text(p, p.text.replace("77,109", "77,190").replace("acompañó", "apoyó"))
    edited = tmp_path / "figure.docx"
    d.save(str(edited))
    before = (workspace_copy / PO).read_bytes()
    result = CliRunner().invoke(
        app, ["i18n", "import", str(edited), "--project", str(workspace_copy)]
    )
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{edited.as_posix()}: row 3: 77,190 is not a figure of this message (77,109 was "
        "rendered); figures are changed in the facts, not in the translation "
        '("Solo en 2021, USAID apoyó a 77,190 fami…")'
    )
    assert lines[-1] == f"error: 1 problem in {edited.as_posix()}; the catalog is unchanged"
    assert (workspace_copy / PO).read_bytes() == before


def test_an_edited_english_cell_is_refused(workspace_copy: Path, tmp_path: Path) -> None:
    d = docx.Document(str(make_packet(workspace_copy)))
    cell = next(
        c for t in d.tables for r in t.rows for c in r.cells if c.text.startswith("Key message")
    )
    cell.paragraphs[0].runs[0].text = "Main message"
    edited = tmp_path / "english.docx"
    d.save(str(edited))
    ws = shim.load_workspace(workspace_copy)
    with pytest.raises(Findings) as info:
        import_packet(ws, edited)
    assert list(info.value.problems) == [
        f"{edited.as_posix()}: row 2, English column: changed in the packet; the English "
        "is changed in the templates, not in the packet"
    ]


def test_dry_run_writes_nothing(workspace_copy: Path, tmp_path: Path) -> None:
    d = docx.Document(str(make_packet(workspace_copy)))
    p = translation(d, "Mensaje principal")
    set_text(p, "Mensaje central")
    edited = tmp_path / "dry.docx"
    d.save(str(edited))
    before = (workspace_copy / PO).read_bytes()
    result = CliRunner().invoke(
        app, ["i18n", "import", str(edited), "--dry-run", "--project", str(workspace_copy)]
    )
    assert result.exit_code == 0, result.stderr
    assert '-msgstr "Mensaje principal"\n+msgstr "Mensaje central"\n' in result.stdout
    assert result.stderr.splitlines()[-1] == "1 translation would change in the 'es' catalog"
    assert (workspace_copy / PO).read_bytes() == before


def test_the_packet_shows_quotes_and_dates_in_words_and_names_other_languages(
    ws: shim.Workspace, tmp_path: Path
) -> None:
    results = shim.render(ws, docs=["review"], langs=["en", "es-MX"], out=tmp_path).results
    assert results[0].path.name == "san-martin-cacao-visit.review.en+es-MX.docx"
    d = docx.Document(str(make_packet_in(ws, tmp_path)))
    assert d.paragraphs[1].text.startswith("December 3, 2026 · English and Spanish (Peru), ")
    assert (
        d.sections[0]
        .header.paragraphs[0]
        .text.startswith(
            "Review packet · Visit to a cacao cooperative in Tocache, San Martín · December 3, 2026"
        )
    )
    facts = [c.text for t in d.tables for r in t.rows for c in r.cells[2:]]
    assert (
        "families_\u200bassisted_\u200b2021: USAID/Peru, “Alternative Development,” web page, "
        "last updated November 29, 2022, https://www.usaid.gov/peru/our-work/alternative-"
        "development, para. 8.\n“In 2021 alone, USAID helped 77,109 families transition to "
        "licit livelihoods on over 98,907 hectares of crops, including cacao and coffee.”"
    ) in facts
    assert d.core_properties.keywords == (
        "review en+es brief=san-martin-cacao-visit "
        "kinds=talking-points+remarks+speech-insert+fact-sheet"
    )


def make_packet_in(ws: shim.Workspace, out: Path) -> Path:
    (result,) = shim.render(ws, docs=["review"], out=out).raise_for_failures().results
    assert result.path.name == "san-martin-cacao-visit.review.docx"
    return result.path


def test_plural_messages_show_every_form(ws: shim.Workspace, tmp_path: Path) -> None:
    d = docx.Document(str(make_packet_in(ws, tmp_path)))
    cell = next(
        c
        for t in d.tables
        for r in t.rows
        for c in r.cells[1:2]
        if c.text.startswith("Esta inversión provino")
    )
    assert [p.text for p in cell.paragraphs] == [
        "Esta inversión provino de 46 empresa vinculada a los sectores del cacao, el café y la "
        "tecnología.",
        "Esta inversión provino de 46 de empresas vinculadas a los sectores del cacao, el café "
        "y la tecnología.",  # CLDR's "many" (exact millions), filled with the same figure
        "Esta inversión provino de 46\u00a0empresas vinculadas a los sectores del cacao, el café "
        "y la tecnología.",
    ]


def test_a_document_that_is_not_a_packet_is_refused(ws: shim.Workspace, tmp_path: Path) -> None:
    (doc,) = shim.render(ws, langs=["en"], docs=["speech-insert"], out=tmp_path).results
    with pytest.raises(TranslationError) as info:
        import_packet(ws, doc.path)
    assert str(info.value) == (
        f"{doc.path.as_posix()}: not a review packet made by `shim render --doc review` (its "
        'keywords are "speech-insert; en; numbers=cldr")'
    )


def test_a_packet_older_than_the_catalog_needs_force(workspace_copy: Path, tmp_path: Path) -> None:
    d = docx.Document(str(make_packet(workspace_copy)))
    set_text(translation(d, "Mensaje principal"), "Mensaje central")
    edited = tmp_path / "older.docx"
    d.save(str(edited))
    po = workspace_copy / PO
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgstr "Mensaje principal"', 'msgstr "Mensaje clave"'
        ),
        encoding="utf-8",
    )
    before = po.read_bytes()
    ws = shim.load_workspace(workspace_copy)
    with pytest.raises(Findings) as info:
        import_packet(ws, edited)
    assert list(info.value.problems) == [
        f"{edited.as_posix()}: row 2: the catalog's translation changed after the packet was "
        'made (now "Mensaje clave"); --force keeps the packet\'s'
    ]
    assert po.read_bytes() == before
    report = import_packet(ws, edited, force=True)
    assert '-msgstr "Mensaje clave"\n+msgstr "Mensaje central"\n' in report.diff


def test_spanish_documents_carry_spanish_core_properties(
    ws: shim.Workspace, tmp_path: Path
) -> None:
    results = shim.render(ws, langs=["en", "es"], docs=["talking-points"], out=tmp_path).results
    subjects = [docx.Document(str(r.path)).core_properties.subject for r in results]
    assert subjects == [
        "Talking points · Visit to a cacao cooperative in Tocache, San Martín",
        "Mensajes clave · Visita a una cooperativa cacaotera en Tocache, San Martín",
    ]
