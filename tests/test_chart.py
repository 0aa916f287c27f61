"""Charts: the DrawingML part on its own, then the fact sheet's chart read back from the
package (values, labels, alternative text) and refused when its facts do not compare."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import shim
from shim.document import Bar, Chart
from shim.docx.chart import C_NS, WP_NS, chart_part, inline_drawing, part_name
from shim.docx.ooxml import A_NS, R_NS, W_NS
from shim.rendering.build import render_document
from shim.rendering.package import to_docx
from shim.workspace.loader import Workspace

from .conftest import paragraphs, part

NS = {"c": C_NS, "a": A_NS}
BUDGET = ("devida_budget_2011", "devida_budget_2015", "devida_budget_2021")


def sample(shown: tuple[str, str]) -> Chart:
    bars = (Bar("2011", 15000000, shown[0], "a"), Bar("2021", Decimal("35.5"), shown[1], "b"))
    return Chart("Presupuesto", bars, "Dólares", "Año", "Gráfico: 15 y 35,5.")


def series(xml: str) -> tuple[list[str], list[str], dict[int, str]]:
    """Categories, cached numbers and data label texts of a chart part's one series."""
    ser = ET.fromstring(xml.encode()).find(".//c:barChart/c:ser", NS)
    assert ser is not None
    cats = [pt.findtext("c:v", namespaces=NS) or "" for pt in ser.findall("c:cat//c:pt", NS)]
    nums = [pt.findtext("c:v", namespaces=NS) or "" for pt in ser.findall("c:val//c:pt", NS)]
    labels = {
        int(d.find("c:idx", NS).get("val", "")): "".join(
            t.text or "" for t in d.iter(f"{{{A_NS}}}t")
        )
        for d in ser.findall("c:dLbls/c:dLbl", NS)
    }
    return cats, nums, labels


def test_chart_part_carries_values_labels_and_language() -> None:
    xml = chart_part(sample(("15", "35,5")), "es-ES")
    assert series(xml) == (["2011", "2021"], ["15000000", "35.5"], {0: "15", 1: "35,5"})
    root = ET.fromstring(xml.encode())
    assert {e.get("lang") for e in root.iter() if e.get("lang")} == {"es-ES"}
    assert root.find("c:externalData", NS) is None  # no workbook to edit outside the facts
    assert root.find(".//c:valAx/c:scaling/c:min", NS).get("val") == "0"


def test_inline_drawing_names_the_chart_for_screen_readers() -> None:
    run = inline_drawing("rIdChart1", 1, sample(("15", "35,5")), "es-ES")
    root = ET.fromstring(run.replace("<w:r>", f'<w:r xmlns:w="{W_NS}">', 1))
    doc_pr = root.find(f".//{{{WP_NS}}}docPr")
    assert (doc_pr.get("descr"), doc_pr.get("title")) == ("Gráfico: 15 y 35,5.", "Presupuesto")
    assert root.find(f".//{{{C_NS}}}chart").get(f"{{{R_NS}}}id") == "rIdChart1"


def test_bad_charts_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one bar"):
        chart_part(Chart("t", (), "v", "c", "alt"), "es-ES")
    with pytest.raises(ValueError, match="finite"):
        chart_part(Chart("t", (Bar("x", Decimal("NaN"), "x"),), "v", "c", "alt"), "es")
    with pytest.raises(ValueError, match="not a language tag"):
        chart_part(sample(("1", "2")), 'es" x="')


def test_text_is_escaped_and_negative_values_have_no_floor() -> None:
    chart = Chart('A & B <"x">', (Bar("<1>", -2, "−2 & más"), Bar("b", 3, "3")), "v", "c", "a")
    root = ET.fromstring(chart_part(chart, "es-ES").encode())
    assert root.find(".//c:valAx/c:scaling/c:min", NS) is None
    title = root.find("c:chart/c:title", NS)
    assert "".join(t.text or "" for t in title.iter(f"{{{A_NS}}}t")) == chart.title


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("fact-sheet")
    report = shim.render(ws, langs=["en", "es", "es-ES"], docs=["fact-sheet"], out=out)
    return {r.lang: r.path for r in report.raise_for_failures().results}


@pytest.mark.parametrize(
    ("lang", "labels", "alt"),
    [
        (
            "en",
            ["US$15 million", "US$38 million", "US$35.5 million"],
            "Column chart of DEVIDA's budget by year: US$15 million in 2011, US$38 million in "
            "2015, and US$35.5 million in 2021.",
        ),
        (
            "es",
            ["US$ 15 millones", "US$ 38 millones", "US$ 35.5 millones"],
            "Gráfico de columnas del presupuesto de Devida por año: US$ 15 millones en 2011, "
            "US$ 38 millones en 2015 y US$ 35.5 millones en 2021.",
        ),
        (
            "es-ES",
            ["15 millones de dólares", "38 millones de dólares", "35,5 millones de dólares"],
            "Gráfico de columnas del presupuesto de Devida por año: 15 millones de dólares en "
            "2011, 38 millones de dólares en 2015 y 35,5 millones de dólares en 2021.",
        ),
    ],
)
def test_fact_sheet_chart_reads_back_as_the_facts(
    ws: Workspace, sheets: dict[str, Path], lang: str, labels: list[str], alt: str
) -> None:
    path = sheets[lang]
    cats, nums, shown = series(part(path, part_name(1)))
    assert cats == ["2011", "2015", "2021"]
    assert [Decimal(n) for n in nums] == [Decimal(ws.facts.facts[f].fact.value) for f in BUDGET]
    # A no-break space binds each figure to its scale word ("US$15 million").
    assert {i: v.replace("\u00a0", " ") for i, v in shown.items()} == dict(enumerate(labels))
    assert all(" " not in v for v in shown.values() if "dólares" not in v)
    body = ET.fromstring(part(path, "word/document.xml").encode())
    descr = body.find(f".//{{{WP_NS}}}docPr").get("descr")
    assert descr.replace("\u00a0", " ") == alt
    with zipfile.ZipFile(path) as zf:
        assert not [n for n in zf.namelist() if "embeddings" in n]
    assert 'PartName="/word/charts/chart1.xml"' in part(path, "[Content_Types].xml")
    assert 'Target="charts/chart1.xml"' in part(path, "word/_rels/document.xml.rels")


def test_fact_sheet_headlines_and_sources(sheets: dict[str, Path]) -> None:
    text = paragraphs(sheets["es"])  # body paragraphs; the headline cells are read below
    assert text[:3] == [
        "USAID/Perú · Desarrollo Alternativo · Hoja informativa",
        "El desarrollo alternativo en el Perú",
        "Preparada para: Visita a una cooperativa cacaotera en Tocache, San Martín, "
        "3 de diciembre de 2026.",
    ]
    assert text[-1] == "USAID/Perú, “Alternative Development”, hoja informativa, 2016, párr. 14."
    import docx

    cells = [c.text for c in docx.Document(str(sheets["es-ES"])).tables[0].rows[0].cells]
    assert cells[0] == "77\u00a0109\nfamilias dejaron la coca por medios de vida lícitos en 2021"


def test_fact_sheet_validates_and_is_byte_identical(ws: Workspace, sheets: dict[str, Path]) -> None:
    from openxml_audit import OpenXmlValidator

    for path in sheets.values():
        assert [str(e) for e in OpenXmlValidator().validate(str(path)).errors] == [], path.name
    bf = ws.default_brief()
    first = to_docx(ws, bf, render_document(ws, bf, "fact-sheet", "es-ES").document)
    assert first == to_docx(ws, bf, render_document(ws, bf, "fact-sheet", "es-ES").document)


def test_earlier_bars_are_history_not_outdated_figures(ws: Workspace) -> None:
    """The 2015 bar is superseded by the 2021 bar and was stated in 2016: in a chart
    beside its newer figure that is no flag, so a final document may carry it."""
    bf = ws.default_brief()
    rendered = render_document(ws, bf, "fact-sheet", "en", final=True)
    assert rendered.warnings == ()
    assert "devida_budget_2015" in {r.fact.id for r in rendered.used}


def test_a_superseded_fact_in_the_text_is_still_flagged(workspace_copy: Path) -> None:
    template = workspace_copy / "templates" / "fact-sheet.j2"
    text = template.read_text(encoding="utf-8")
    quoted = '{% block body %}<p>{{ fact("devida_budget_2015")|money }}</p>'
    template.write_text(text.replace("{% block body %}", quoted), encoding="utf-8")
    ws = shim.load_workspace(workspace_copy)
    rendered = render_document(ws, ws.default_brief(), "fact-sheet", "en")
    assert [w.split(": ", 1)[1] for w in rendered.warnings] == [
        "fact 'devida_budget_2015' is superseded by 'devida_budget_2021'",
        "fact 'devida_budget_2015' was stated 10 years before the event (limit 4, shim.toml)",
        # the injected figure names no period either: the statement check says so
        "statement: 'devida_budget_2015' (2015) without its period: “US$38\u00a0million”",
    ]
