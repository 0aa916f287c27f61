"""How `shim check` reads a .docx: language, decimal sign, paragraphs, speech, event date."""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from shim.checks import reading
from shim.checks.reading import decimal_for, read_docx
from shim.errors import OutputError


def _write(path: Path, *, lang: str = "", keywords: str = "", styles_lang: str = "") -> Path:
    doc = docx.Document()
    props = doc.core_properties
    props.language = lang
    props.keywords = keywords
    props.created = dt.datetime(2024, 3, 9, 23, 30)
    for el in doc.styles.element.iter("{*}lang"):
        el.getparent().remove(el)
    if styles_lang:
        from docx.oxml import parse_xml

        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        doc.styles.element.insert(0, parse_xml(f'<w:lang xmlns:w="{w}" w:val="{styles_lang}"/>'))
    doc.styles.add_style("Speech", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("Opening")
    doc.add_paragraph("   ")
    doc.add_paragraph("Read aloud", style="Speech")
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "merged"
    table.cell(0, 2).text = "right"
    table.cell(1, 0).text = "below"
    table.cell(1, 2).add_paragraph("aloud in a cell", style="Speech")
    doc.add_paragraph("Closing", style="Speech")
    doc.save(str(path))
    return path


def test_paragraphs_speech_and_event_date(tmp_path: Path) -> None:
    read = read_docx(_write(tmp_path / "a.docx", lang="es-PE", keywords="x numbers=rae y"))
    assert read.path == str(tmp_path / "a.docx")
    assert read.paragraphs == (
        "Opening",
        "Read aloud",
        "merged",
        "right",
        "below",
        "aloud in a cell",
        "Closing",
    )
    assert read.speech == frozenset({1, 5, 6})
    assert read.event == dt.date(2024, 3, 9)
    assert (read.lang, read.decimal) == ("es-PE", ",")


@pytest.mark.parametrize(
    ("lang", "keywords", "styles_lang", "expect"),
    [
        ("es-ES", "", "", ("es-ES", ",")),
        ("es-PE", "numbers=gob-pe", "", ("es-PE", ".")),
        ("en-US", "numbers=statistical", "", ("en-US", ",")),
        ("", "numbers=cldr", "es-ES", ("es-ES", ",")),
        ("", "", "", ("en-US", ".")),
        ("", "", "es-PE", ("es-PE", ".")),
    ],
)
def test_language_and_decimal(
    tmp_path: Path, lang: str, keywords: str, styles_lang: str, expect: tuple[str, str]
) -> None:
    path = _write(tmp_path / "b.docx", lang=lang, keywords=keywords, styles_lang=styles_lang)
    read = read_docx(path)
    assert (read.lang, read.decimal) == expect


def test_decimal_for() -> None:
    assert [decimal_for("es-ES", None), decimal_for("es-PE", None), decimal_for("en-US", None)] == [
        ",",
        ".",
        ".",
    ]
    assert [decimal_for("es-ES", "gob-pe"), decimal_for("en-US", "rae")] == [".", ","]
    assert decimal_for("es-ES", "nonsense") == ","


def _rezip(src: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(src) as zf:
        items = {n: zf.read(n) for n in zf.namelist()}
    for name, data in change.items():
        if data is None:
            items.pop(name)
        else:
            items[name] = data
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    return out


def _refusal(path: Path) -> str:
    with pytest.raises(OutputError) as caught:
        read_docx(path)
    return str(caught.value)


def test_a_document_without_a_created_date_has_no_event(tmp_path: Path) -> None:
    src = _write(tmp_path / "a.docx")
    with zipfile.ZipFile(src) as zf:
        core = zf.read("docProps/core.xml").decode()
    core = re.sub(r"<dcterms:created[^>]*>[^<]*</dcterms:created>", "", core)
    read = read_docx(_rezip(src, tmp_path / "b.docx", {"docProps/core.xml": core.encode()}))
    assert read.event is None
    assert read.paragraphs[0] == "Opening"


def test_refusals_name_the_file(tmp_path: Path) -> None:
    src = _write(tmp_path / "a.docx")
    no_body = _rezip(src, tmp_path / "b.docx", {"word/document.xml": None})
    assert _refusal(no_body) == (
        f"{no_body}: cannot read as a Word document: has no word/document.xml (not a Word document)"
    )
    wrong = _rezip(src, tmp_path / "c.docx", {"word/document.xml": b"<a/>"})
    assert _refusal(wrong).startswith(f"{wrong}: cannot read as a Word document: ")


def test_the_total_unpacked_size_is_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _write(tmp_path / "a.docx")
    big = _rezip(src, tmp_path / "b.docx", {"word/media/x.bin": os.urandom(3_000_000)})
    with zipfile.ZipFile(big) as zf:
        total = sum(info.file_size for info in zf.infolist())
    monkeypatch.setattr(reading, "MAX_TOTAL", total)
    assert read_docx(big).paragraphs[0] == "Opening"
    monkeypatch.setattr(reading, "MAX_TOTAL", 2 * 2**20)
    assert _refusal(big) == (
        f"{big}: cannot read as a Word document: "
        f"unpacks to {round(total / 1e6)} MB (limit 2 MB); "
        "refusing a possible zip bomb"
    )
