"""Rendered documents read back: exact sentences, styles, language tags, notes, metadata."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

import shim
from shim.rendering.build import render_document
from shim.rendering.package import to_docx
from shim.workspace.loader import Workspace

from .conftest import ROOT, paragraphs, part


def footnote_texts(xml: str) -> list[str]:
    """The text of each real footnote (separators excluded), runs joined."""
    notes = re.findall(r'<w:footnote w:id="[1-9]\d*">(.*?)</w:footnote>', xml, re.S)
    return ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", n)).strip() for n in notes]


TP_EN = "In 2021 alone, USAID helped 77,109\u00a0families move to licit livelihoods."


def test_default_render_writes_four_kinds_in_two_languages(rendered: dict[str, Path]) -> None:
    assert sorted(rendered) == sorted(
        f"{k}.{lang}"
        for k in ("talking-points", "remarks", "speech-insert", "fact-sheet")
        for lang in ("en", "es")
    )


def test_english_talking_points_sentences(rendered: dict[str, Path]) -> None:
    text = paragraphs(rendered["talking-points.en"])
    assert text[0] == "Visit to a cacao cooperative in Tocache, San Martín"
    assert TP_EN in text
    assert (
        "USAID mobilized US$13\u00a0million from the private sector in fiscal year 2021 to "
        "bring farmers and communities into the licit economy."
    ) in text
    assert (
        "DEVIDA’s budget grew from US$15\u00a0million in 2011 to US$35.5\u00a0million in 2021."
    ) in text
    assert (
        "With that support, 59\u00a0percent of them obtained a combined US$12.6\u00a0million "
        "above their annual allocations from the Government of Peru."
    ) in text


def test_styles_are_word_built_ins(rendered: dict[str, Path]) -> None:
    document = docx.Document(str(rendered["talking-points.en"]))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title"
    assert {"Heading 1", "List Bullet", "Normal"} <= set(styles)
    remarks = docx.Document(str(rendered["remarks.es"]))
    assert "Speech" in {p.style.name for p in remarks.paragraphs}


@pytest.mark.parametrize(
    ("key", "tag"),
    [("talking-points.en", "en-US"), ("talking-points.es", "es-PE"), ("remarks.es", "es-PE")],
)
def test_language_tags_everywhere(rendered: dict[str, Path], key: str, tag: str) -> None:
    styles = part(rendered[key], "word/styles.xml")
    body = part(rendered[key], "word/document.xml")
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)
    assert defaults and f'<w:lang w:val="{tag}"' in defaults.group(0)
    assert set(re.findall(r'<w:lang w:val="([^"]+)"', styles)) == {tag}
    runs = re.findall(r"<w:r>.*?</w:r>", body, re.S)
    assert runs and all(f'<w:lang w:val="{tag}"/>' in r for r in runs if "<w:t" in r)
    core = part(rendered[key], "docProps/core.xml")
    assert f"<dc:language>{tag}</dc:language>" in core


def test_glossary_terms_are_not_proofed(rendered: dict[str, Path]) -> None:
    body = part(rendered["talking-points.en"], "word/document.xml")
    assert '<w:noProof/><w:lang w:val="en-US"/></w:rPr><w:t xml:space="preserve">USAID' in body


def test_footnotes_name_sources_in_the_document_language(rendered: dict[str, Path]) -> None:
    en = part(rendered["talking-points.en"], "word/footnotes.xml")
    es = part(rendered["talking-points.es"], "word/footnotes.xml")
    # The source in full at its first note, short after (notes-bibliography style).
    assert footnote_texts(en)[:2] == [
        "USAID/Peru, “Alternative Development,” web page, last updated November 29, 2022, "
        "https://www.usaid.gov/peru/our-work/alternative-development, para. 9.",
        "USAID/Peru, “Alternative Development” (2022), para. 8.",
    ]
    assert footnote_texts(es)[0] == (
        "USAID/Perú, “Alternative Development”, página web, actualizada el 29 de noviembre de "
        "2022, https://www.usaid.gov/peru/our-work/alternative-development, párr. 9."
    )
    assert footnote_texts(es)[-1] == "USAID/Perú, “Alternative Development” (2022), párr. 11."
    body = part(rendered["talking-points.en"], "word/document.xml")
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    notes = re.findall(r'<w:footnote w:id="(\d+)">', en)
    # Consecutive bullets citing one paragraph of a source share one note (five sections).
    assert refs == notes == ["1", "2", "3", "4", "5"]
    assert 'w:type="separator" w:id="-1"' in en


def test_every_figure_in_talking_points_has_a_footnote(rendered: dict[str, Path]) -> None:
    """A bullet with a figure carries its note, or shares the note of the bullets after it
    (same source and paragraph): no run of figure bullets ends without one."""
    body = part(rendered["talking-points.es"], "word/document.xml")
    waiting: list[str] = []
    for para in re.findall(r"<w:p>.*?</w:p>", body, re.S):
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", para))
        if "ListBullet" not in para:
            assert waiting == [], waiting
        elif "<w:footnoteReference" in para:
            waiting = []
        elif re.search(r"\d", text):
            waiting.append(text)
    assert waiting == []


def test_remarks_have_a_sources_list_and_speaking_time(rendered: dict[str, Path]) -> None:
    text = paragraphs(rendered["remarks.en"])
    assert "Sources" in text
    # One entry per source, in full, with every paragraph used.
    assert text[-1] == (
        "USAID/Peru, “Alternative Development,” web page, last updated November 29, 2022, "
        "https://www.usaid.gov/peru/our-work/alternative-development, paras. 8, 9, 10, and 11."
    )
    header = part(rendered["remarks.en"], "word/header1.xml")
    minutes = re.search(
        r"about </w:t></w:r><w:r><w:rPr><w:lang w:val=\"en-US\"/></w:rPr>"
        r"<w:t xml:space=\"preserve\">(\d+)</w:t>",
        header,
    )
    assert minutes and 3 <= int(minutes.group(1)) <= 5


def test_page_fields_and_draft_marker(rendered: dict[str, Path]) -> None:
    footer = part(rendered["talking-points.es"], "word/footer1.xml")
    assert '<w:fldSimple w:instr=" PAGE ">' in footer
    assert '<w:fldSimple w:instr=" NUMPAGES ">' in footer
    assert "Página " in footer and " de " in footer
    assert "BORRADOR" in part(rendered["talking-points.es"], "word/header1.xml")


def test_numbered_lists_restart(ws: Workspace) -> None:
    import datetime as dt

    from shim.document import Document
    from shim.docx.parts import Meta
    from shim.docx.reference import load_reference
    from shim.docx.writer import write_docx
    from shim.rendering.markup import parse_markup

    parsed = parse_markup("<ol><li>a</li><li>b</li></ol><p>x</p><ol><li>c</li></ol>", "t")
    doc = Document("t", "en", "en-US", "t", "t", parsed.blocks)
    ref = load_reference(ws.templates / "reference.docx", "reference.docx")
    data = write_docx(
        doc, ref, Meta("t", "t", "a", "o", "en-US", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    )
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read("word/document.xml").decode()
        numbering = zf.read("word/numbering.xml").decode()
    ids = re.findall(r'<w:numId w:val="(\d+)"/>', body)
    assert ids[0] == ids[1] != ids[2]
    for num in set(ids):
        assert re.search(
            rf'<w:num w:numId="{num}">.*?<w:startOverride w:val="1"/>', numbering, re.S
        )


def test_core_properties(rendered: dict[str, Path]) -> None:
    core = docx.Document(str(rendered["remarks.es"])).core_properties
    assert core.title == "Visita a una cooperativa cacaotera en Tocache, San Martín"
    assert core.language == "es-PE"
    assert core.author == "USAID/Peru Office of Alternative Development"
    assert core.created.isoformat() == "2026-12-03T00:00:00+00:00"
    app = part(rendered["remarks.es"], "docProps/app.xml")
    assert "<Company>USAID/Peru</Company>" in app


def test_same_inputs_give_identical_bytes(ws: Workspace) -> None:
    bf = ws.default_brief()
    first = to_docx(ws, bf, render_document(ws, bf, "remarks", "es").document)
    second = to_docx(ws, bf, render_document(ws, bf, "remarks", "es").document)
    assert first == second


def test_no_year_is_grouped(rendered: dict[str, Path]) -> None:
    for path in rendered.values():
        text = "\n".join(paragraphs(path))
        assert not re.search(r"\b2[,.\u00a0]0\d\d\b", text), path.name


def test_every_document_validates(ws: Workspace, rendered: dict[str, Path], tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    review = shim.render(ws, docs=["review"], out=tmp_path).raise_for_failures().results[0].path
    for path in [*rendered.values(), review]:
        result = OpenXmlValidator().validate(str(path))  # a fresh validator: it keeps state
        assert [str(e) for e in result.errors] == [], path.name


def test_a_teams_own_reference_gets_the_missing_styles(workspace_copy: Path) -> None:
    """python-docx's default template stands in for a reference saved from Word."""
    import docx as python_docx
    from openxml_audit import OpenXmlValidator

    word_made = Path(python_docx.__file__).parent / "templates" / "default.docx"
    (workspace_copy / "templates" / "reference.docx").write_bytes(word_made.read_bytes())
    ws = shim.load_workspace(workspace_copy)
    out = workspace_copy / "out"
    results = shim.render(ws, langs=["es"], out=out).raise_for_failures().results
    for result in results:
        styles = part(result.path, "word/styles.xml")
        for sid in ("Speech", "FootnoteText", "TableText", "ListBullet"):
            assert f'w:styleId="{sid}"' in styles, (result.path.name, sid)
        errors = [str(e) for e in OpenXmlValidator().validate(str(result.path)).errors]
        assert errors == [], result.path.name
    remarks = docx.Document(str(out / "san-martin-cacao-visit.remarks.es.docx"))
    assert "Speech" in {p.style.name for p in remarks.paragraphs}


def test_paper_size_setting(workspace_copy: Path) -> None:
    toml = workspace_copy / "shim.toml"
    toml.write_text(toml.read_text().replace('paper = "letter"', 'paper = "a4"'))
    ws = shim.load_workspace(workspace_copy)
    result = (
        shim.render(ws, langs=["en"], docs=["speech-insert"], out=workspace_copy / "out")
        .raise_for_failures()
        .results[0]
    )
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in part(result.path, "word/document.xml")
    letter = (
        shim.render(
            shim.load_workspace(ROOT),
            langs=["en"],
            docs=["speech-insert"],
            out=workspace_copy / "letter",
        )
        .raise_for_failures()
        .results[0]
    )
    assert '<w:pgSz w:w="12240" w:h="15840"/>' in part(letter.path, "word/document.xml")


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("variants")
    results = (
        shim.render(ws, langs=["en", "es-419", "es-ES", "es-MX"], out=out)
        .raise_for_failures()
        .results
    )
    return {f"{r.doc}.{r.lang}": paragraphs(r.path) for r in results}


@pytest.mark.parametrize(
    ("key", "sentence"),
    [
        (
            "talking-points.es-ES",
            "Solo en 2021, USAID acompañó a 77\u00a0109\u00a0familias en su transición hacia "
            "medios de vida lícitos.",
        ),
        (
            "talking-points.es-ES",
            "Con el apoyo de USAID para llevar su producción al mercado, las ventas de cacao y "
            "café de los productores alcanzaron 118,5\u00a0millones de dólares en el ejercicio "
            "fiscal 2021.",
        ),
        (
            "talking-points.es-ES",
            "Con ese apoyo, el 59\u00a0% de ellas obtuvo, en conjunto, 12,6\u00a0millones de "
            "dólares por encima de sus asignaciones anuales del Gobierno del Perú.",
        ),
        (
            "talking-points.es-MX",
            "Con el apoyo de USAID para llevar su producción al mercado, las ventas de cacao y "
            "café de los productores alcanzaron US$118.5\u00a0millones en el año fiscal 2021.",
        ),
        (
            "talking-points.es-419",
            "El presupuesto de Devida pasó de US$15\u00a0millones en 2011 a US$35.5\u00a0millones "
            "en 2021.",
        ),
        (
            "remarks.es-ES",
            "El resultado habla por sí solo: ese mismo año fiscal, las ventas de cacao y café "
            "alcanzaron 118,5\u00a0millones de dólares.",
        ),
        (
            "remarks.es-ES",
            "Ese año, esas familias sembraron cacao, café y otros cultivos lícitos en más de "
            "98\u00a0000\u00a0hectáreas. Detrás de cada una de esas hectáreas hay una familia que "
            "eligió el camino de la legalidad y una comunidad más segura gracias a ello.",
        ),
        (
            "remarks.es-MX",
            "El resultado habla por sí solo: ese mismo año fiscal, las ventas de cacao y café "
            "alcanzaron 118.5\u00a0millones de dólares.",
        ),
        (
            "speech-insert.es-ES",
            "No son solo cifras: en el ejercicio fiscal 2021 de los Estados Unidos, de octubre de "
            "2020 a septiembre de 2021, las ventas de cacao y café alcanzaron 118,5\u00a0millones "
            "de dólares, ingresos que dieron a estas familias un sustento lícito e hicieron más "
            "fuertes y seguras a sus comunidades.",
        ),
        (
            "speech-insert.es-419",
            "El modelo peruano de desarrollo alternativo está dando resultados. Solo en 2021, con "
            "el apoyo de Estados Unidos, más de 77\u00a0mil familias dejaron atrás los cultivos "
            "ilegales de hoja de coca y apostaron por cultivos lícitos como el cacao y el café en "
            "más de 98\u00a0mil hectáreas.",
        ),
    ],
)
def test_spanish_variants(variants: dict[str, list[str]], key: str, sentence: str) -> None:
    assert sentence in variants[key]
