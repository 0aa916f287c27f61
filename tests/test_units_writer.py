"""Unit tests of the .docx writer (`shim.docx.writer`, `chart`, `parts`, `ziputil`): the XML
each part gets, read back with a real parser."""

from __future__ import annotations

import datetime as dt
import io
import struct
import time
import zipfile
import zlib
from decimal import Decimal

import msgspec
import pytest
from lxml import etree

from shim.document import Bar, Block, Cell, Chart, Document, Headline, Part, Run
from shim.docx.chart import (
    CHART_CONTENT_TYPE,
    CHART_REL_TYPE,
    chart_part,
    inline_drawing,
    part_name,
    rel_target,
)
from shim.docx.ooxml import R_NS, W_NS
from shim.docx.packet import mark_cell, protect_settings
from shim.docx.parts import (
    CUSTOM_CT,
    Meta,
    app_props,
    content_types,
    core_props,
    custom_props,
    doc_rels,
    package_rels,
)
from shim.docx.reference import Reference, styles_in
from shim.docx.writer import (
    _Body,
    _cell_paragraphs,
    _frame,
    _proof_pattern,
    _settings,
    _split_stop,
    _t,
    _Text,
    write_docx,
)
from shim.docx.ziputil import _deflate, zip_bytes

NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
THEME_CT = "application/vnd.openxmlformats-officedocument.theme+xml"


def _ref(numbering_tail: str = '<w:numIdMacAtCleanup w:val="2"/>') -> Reference:
    """A small reference: one abstract list (id 5), one w:num (1), a theme part."""
    return Reference(
        styles=(
            f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
            '<w:lang w:val="en-US"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>'
        ),
        numbering=(
            f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="5"/>'
            f'<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>{numbering_tail}'
            "</w:numbering>"
        ),
        settings=f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/></w:settings>',
        sect_pr=f'<w:sectPr {NSDECL}><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>',
        extra=(("word/theme/theme1.xml", "theme", THEME_CT, b"<theme/>"),),
        next_num_id=2,
        list_number_abstract_id=5,
    )


def _meta(**kw: object) -> Meta:
    fields: dict[str, object] = {
        "title": "Remarks",
        "subject": "Launch",
        "author": "Office",
        "organization": "DEVIDA",
        "language": "es-PE",
        "date": dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC),
    }
    return Meta(**(fields | kw))  # type: ignore[arg-type]


def _doc(*blocks: Block, lang: str = "es", word_lang: str = "es-PE", **kw: object) -> Document:
    return Document("remarks", lang, word_lang, "T", "S", blocks, **kw)  # type: ignore[arg-type]


def canon(xml: str | bytes) -> bytes:
    """``xml`` (a fragment with w: and r: prefixes) in canonical form, blank text removed."""
    text = xml.decode() if isinstance(xml, bytes) else xml
    root = etree.fromstring(
        f"<x {NSDECL}>{text}</x>".encode(), etree.XMLParser(remove_blank_text=True)
    )
    return etree.tostring(root, method="c14n")


def body_xml(document_xml: str) -> bytes:
    """The children of w:body of a document.xml, in canonical form (as :func:`canon`)."""
    root = etree.fromstring(document_xml.encode())
    assert root.tag == f"{{{W_NS}}}document"
    (body,) = root
    assert body.tag == f"{{{W_NS}}}body"
    return canon("".join(etree.tostring(el, encoding="unicode") for el in body))


def r(text: str, lang: str = "es-PE", pre: str = "") -> str:
    """The run a plain text becomes (expected XML, written out)."""
    return (
        f'<w:r><w:rPr>{pre}<w:lang w:val="{lang}"/></w:rPr>'
        f'<w:t xml:space="preserve">{text}</w:t></w:r>'
    )


def ref_run(n: int, lang: str = "es-PE") -> str:
    """A footnote reference run."""
    return (
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:lang w:val="{lang}"/></w:rPr>'
        f'<w:footnoteReference w:id="{n}"/></w:r>'
    )


# --- text and runs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "xml"),
    [
        ("", ""),
        ("a & <b>", '<w:t xml:space="preserve">a &amp; &lt;b&gt;</w:t>'),
        (
            "one\ntwo",
            '<w:t xml:space="preserve">one</w:t><w:br/><w:t xml:space="preserve">two</w:t>',
        ),
        ("a\tb", '<w:t xml:space="preserve">a</w:t><w:tab/><w:t xml:space="preserve">b</w:t>'),
        ("\n", "<w:br/>"),
        ("\t", "<w:tab/>"),
        (
            "x\n\ty&",
            '<w:t xml:space="preserve">x</w:t><w:br/><w:tab/>'
            '<w:t xml:space="preserve">y&amp;</w:t>',
        ),
    ],
)
def test_text_becomes_w_t_with_breaks_and_tabs(text: str, xml: str) -> None:
    assert _t(text) == xml


def test_a_plain_run_carries_the_language_tag() -> None:
    assert _Text("es-PE", "es").run(Run("Hola")) == r("Hola")


def test_a_field_run_is_a_simple_field_showing_one() -> None:
    assert _Text("es-PE", "es").run(Run("PAGE", mark="field")) == (
        '<w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:lang w:val="es-PE"/></w:rPr>'
        "<w:t>1</w:t></w:r></w:fldSimple>"
    )


@pytest.mark.parametrize(
    ("mark", "code", "label"),
    [
        ("untranslated", "en", "UNTRANSLATED"),
        ("untranslated", "es", "SIN TRADUCIR"),
        ("fuzzy", "en", "TO REVIEW"),
        ("fuzzy", "es-PE", "POR REVISAR"),
        ("warning", "en", "CHECK"),
        ("warning", "es", "VERIFICAR"),
        ("stale", "es", "stale"),
    ],
)
def test_marked_text_is_highlighted_and_labelled_in_the_document_language(
    mark: str, code: str, label: str
) -> None:
    text = _Text("xx-XX", code)
    expected = r(f"[{label}] Hola", "xx-XX", '<w:highlight w:val="yellow"/>')
    assert text.run(Run("Hola", mark=mark)) == expected
    unlabelled = r("Hola", "xx-XX", '<w:highlight w:val="yellow"/>')
    assert text.run(Run("Hola", mark=mark), label=False) == unlabelled


def test_a_marked_span_is_labelled_once_at_its_start() -> None:
    runs = [
        Run("a"),
        Run("b", mark="fuzzy"),
        Run("c", mark="fuzzy"),
        Run("d"),
        Run("e", mark="fuzzy"),
        Run("f", mark="warning"),
    ]
    hl = '<w:highlight w:val="yellow"/>'
    assert _Text("en-US", "en").runs(runs) == "".join(
        [
            r("a", "en-US"),
            r("[TO REVIEW] b", "en-US", hl),
            r("c", "en-US", hl),
            r("d", "en-US"),
            r("[TO REVIEW] e", "en-US", hl),
            r("[CHECK] f", "en-US", hl),
        ]
    )


def test_text_in_another_language_keeps_the_proofing_terms() -> None:
    proof = _proof_pattern(("DEVIDA",))
    assert _Text("en-US", "en", proof).in_lang("es-PE") == _Text("es-PE", "es-PE", proof)


def test_no_proofing_terms_give_no_pattern() -> None:
    assert _proof_pattern(()) is None


def test_proofing_terms_match_whole_words_longest_first_and_literally() -> None:
    pattern = _proof_pattern(("DEVIDA", "A.B", "DEVIDA Perú"))
    assert pattern is not None
    found = [
        m.group(0) for m in pattern.finditer("DEVIDA Perú, DEVIDA, DEVIDAS, xDEVIDA, AxB, A.B")
    ]
    assert found == ["DEVIDA Perú", "DEVIDA", "A.B"]


def test_proofing_terms_are_runs_of_their_own_marked_no_proof() -> None:
    text = _Text("es-PE", "es", _proof_pattern(("DEVIDA", "UNODC")))
    no = "<w:noProof/>"
    assert text.run(Run("La DEVIDA y UNODC dicen")) == (
        r("La ") + r("DEVIDA", pre=no) + r(" y ") + r("UNODC", pre=no) + r(" dicen")
    )
    assert text.run(Run("DEVIDA")) == r("DEVIDA", pre=no)
    assert text.run(Run("Sin nombres")) == r("Sin nombres")
    hl = '<w:highlight w:val="yellow"/>'
    assert text.run(Run("DEVIDA", mark="fuzzy")) == (
        r("[POR REVISAR] ", pre=hl) + r("DEVIDA", pre=no + hl)
    )


@pytest.mark.parametrize(
    ("runs", "body", "stop"),
    [
        ((), (), ""),
        ((Run("a"), Run("lícitos.", fact="f")), (Run("a"), Run("lícitos", fact="f")), "."),
        ((Run("uno;"),), (Run("uno"),), ";"),
        ((Run("dos:"),), (Run("dos"),), ":"),
        ((Run("¿tres?"),), (Run("¿tres?"),), ""),
        ((Run("cuatro.", mark="fuzzy"),), (Run("cuatro.", mark="fuzzy"),), ""),
    ],
)
def test_closing_punctuation_is_split_from_the_runs(
    runs: tuple[Run, ...], body: tuple[Run, ...], stop: str
) -> None:
    assert _split_stop(runs) == (body, stop)


def test_cell_paragraphs_bookmark_the_parts_with_a_key() -> None:
    text = _Text("es-PE", "es")
    assert _cell_paragraphs(Cell((Run("x"),)), text) == [r("x")]
    cell = Cell((), parts=(Part((Run("a"),), key="k1", index=7, state="s1"), Part((Run("b"),))))
    assert _cell_paragraphs(cell, text) == [mark_cell("k1", 7, r("a"), state="s1"), r("b")]


# --- the body -------------------------------------------------------------------------


def _build(*blocks: Block, lang: str = "es", ref: Reference | None = None) -> tuple[str, str, str]:
    doc = _doc(*blocks, lang=lang)
    return _Body(doc, ref or _ref(), _Text("es-PE", lang)).build()


def test_the_document_is_its_paragraphs_then_the_section_properties() -> None:
    body, _, _ = _build(Block("Normal", (Run("Hola"),)), Block("Heading1", (Run("Tema"),)))
    assert body.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    assert body_xml(body) == canon(
        f"""
        <w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>{r("Hola")}</w:p>
        <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{r("Tema")}</w:p>
        <w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>
        """
    )


def test_each_numbered_list_gets_its_own_num_restarting_at_one() -> None:
    blocks = [
        Block("ListNumber", (Run("a"),), list_id=1),
        Block("ListNumber", (Run("b"),), list_id=4),
        Block("ListNumber", (Run("c"),), list_id=1),
        Block("ListBullet", (Run("d"),), list_id=1),
    ]
    body, _, numbering = _build(*blocks)

    def item(num: int, text: str) -> str:
        return (
            '<w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="0"/>'
            f'<w:numId w:val="{num}"/></w:numPr></w:pPr>{r(text)}</w:p>'
        )

    assert body_xml(body) == canon(
        item(2, "a")
        + item(3, "b")
        + item(2, "c")
        + f'<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>{r("d")}</w:p>'
        + '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    )
    restart = (
        '<w:num w:numId="{}"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    assert numbering == (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="5"/>'
        '<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>'
        + restart.format(2)
        + restart.format(3)
        + '<w:numIdMacAtCleanup w:val="2"/></w:numbering>'
    )


def test_without_mac_cleanup_the_new_nums_close_the_numbering() -> None:
    _, _, numbering = _build(Block("ListNumber", (Run("a"),)), ref=_ref(numbering_tail=""))
    assert numbering == (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="5"/>'
        '<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>'
    )


def test_spanish_puts_the_note_reference_before_the_stop_english_after() -> None:
    block = Block("Normal", (Run("Son "), Run("lícitos.")), notes=("Fuente A", "Fuente B"))
    body, _, _ = _build(block, lang="es")
    assert body_xml(body) == canon(
        f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>{r("Son ")}{r("lícitos")}'
        f"{ref_run(1)}{ref_run(2)}{r('.')}</w:p>"
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    )
    body, _, _ = _build(block, lang="en")
    assert body_xml(body) == canon(
        f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>{r("Son ")}{r("lícitos.")}'
        f"{ref_run(1)}{ref_run(2)}</w:p>"
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    )


def test_a_paragraph_without_notes_keeps_its_stop_in_spanish() -> None:
    body, _, _ = _build(Block("Normal", (Run("Fin."),)), lang="es")
    assert body_xml(body) == canon(
        f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>{r("Fin.")}</w:p>'
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    )


def test_footnotes_follow_the_separators_numbered_from_one() -> None:
    blocks = (
        Block("Normal", (Run("a"),), notes=("Uno & dos",)),
        Block("Normal", (Run("b"),), notes=("Tres",)),
    )
    _, footnotes, _ = _build(*blocks, lang="en")
    assert footnotes.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    root = etree.fromstring(footnotes.encode())
    assert root.tag == f"{{{W_NS}}}footnotes"
    spacing = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'

    def note(n: int, text: str) -> str:
        return (
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:lang w:val="es-PE"/></w:rPr>'
            f"<w:footnoteRef/></w:r>{r(' ' + text)}</w:p></w:footnote>"
        )

    assert canon("".join(etree.tostring(el, encoding="unicode") for el in root)) == canon(
        f'<w:footnote w:type="separator" w:id="-1"><w:p>{spacing}'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{spacing}'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        + note(1, "Uno &amp; dos")
        + note(2, "Tres")
    )


def _chart(title: str = "Presupuesto") -> Chart:
    return Chart(title, (Bar("2011", 15, "15"),), "Dólares", "Año", "Gráfico")


def test_charts_are_drawn_in_chart_paragraphs_numbered_in_order() -> None:
    ref = _ref()
    doc = _doc(
        Block("Chart", (), chart=_chart("Uno"), notes=("Fuente",)),
        Block("Chart", (), chart=_chart("Dos")),
    )
    built = _Body(doc, ref, _Text("es-PE", "es"))
    body, footnotes, _ = built.build()
    one = inline_drawing("rIdChart1", 1, _chart("Uno"), "es-PE", 5_669_280, 2_377_440)
    two = inline_drawing("rIdChart2", 2, _chart("Dos"), "es-PE", 5_669_280, 2_377_440)
    assert body_xml(body) == canon(
        f'<w:p><w:pPr><w:pStyle w:val="Chart"/></w:pPr>{one}{ref_run(1)}</w:p>'
        f'<w:p><w:pPr><w:pStyle w:val="Chart"/></w:pPr>{two}</w:p>'
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    )
    assert built.charts == [_chart("Uno"), _chart("Dos")]
    assert built.chart_rels() == [
        ("rIdChart1", CHART_REL_TYPE, "charts/chart1.xml"),
        ("rIdChart2", CHART_REL_TYPE, "charts/chart2.xml"),
    ]
    assert len(etree.fromstring(footnotes.encode())) == 3


def test_headline_figures_sit_side_by_side_with_the_notes_after_the_last() -> None:
    heads = tuple(
        Headline((Run(n),), (Run(label),)) for n, label in [("1", "a"), ("2", "b"), ("3", "c")]
    )
    body, _, _ = _build(Block("Headlines", (), headlines=heads, notes=("N1", "N2")))
    borders = (
        '<w:tcBorders><w:top w:val="single" w:sz="18" w:space="0" w:color="1F3864"/>'
        '<w:left w:val="nil"/><w:bottom w:val="nil"/>'
        '<w:right w:val="single" w:sz="48" w:space="0" w:color="FFFFFF"/></w:tcBorders>'
    )

    def cell(number: str, label: str, refs: str = "") -> str:
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="1666" w:type="pct"/>{borders}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="HeadlineNumber"/></w:pPr>{r(number)}</w:p>'
            f'<w:p><w:pPr><w:pStyle w:val="HeadlineLabel"/></w:pPr>{r(label)}{refs}</w:p></w:tc>'
        )

    assert body_xml(body) == canon(
        '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="3120"/><w:gridCol w:w="3120"/><w:gridCol w:w="3120"/>'
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + cell("1", "a")
        + cell("2", "b")
        + cell("3", "c", ref_run(1) + ref_run(2))
        + "</w:tr></w:tbl>"
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    )


def test_a_table_has_a_bold_shaded_header_row_and_shades_flagged_cells() -> None:
    rows = (
        (Cell((Run("Inglés"),), shade=True), Cell((Run("Español"),))),
        (
            Cell((Run("Hello"),), lang="en-US", shade=True),
            Cell((), parts=(Part((Run("Hola"),), key="k", index=3), Part((Run("y"),)))),
        ),
    )
    body, _, _ = _build(Block("Table", (), rows=rows))
    head = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>'
    flag = '<w:shd w:val="clear" w:color="auto" w:fill="FFF2CC"/>'

    def tc(shade: str, *paras: str) -> str:
        inner = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{p}</w:p>' for p in paras
        )
        return f'<w:tc><w:tcPr><w:tcW w:w="2500" w:type="pct"/>{shade}</w:tcPr>{inner}</w:tc>'

    bold = "<w:b/>"
    assert body_xml(body) == canon(
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="3120"/><w:gridCol w:w="3120"/></w:tblGrid>'
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
        + tc(head, r("Inglés", pre=bold))
        + tc(head, r("Español", pre=bold))
        + "</w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + tc(flag, r("Hello", "en-US"))
        + tc("", mark_cell("k", 3, r("Hola")), r("y"))
        + "</w:tr></w:tbl><w:p/>"
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>'
    )


# --- header, footer, settings, the package ------------------------------------------


@pytest.mark.parametrize(
    ("tag", "draft", "language", "label"),
    [
        ("hdr", True, "es-PE", "BORRADOR"),
        ("hdr", True, "en-US", "DRAFT"),
        ("hdr", False, "en-US", None),
        ("ftr", True, "en-US", None),
    ],
)
def test_a_draft_says_so_at_the_end_of_its_header(
    tag: str, draft: bool, language: str, label: str | None
) -> None:
    style = "Header" if tag == "hdr" else "Footer"
    xml = _frame(
        tag, [Run("Remarks")], _Text("xx-XX", "en"), _meta(draft=draft, language=language), style
    )
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    mark = (
        '<w:r><w:rPr><w:b/><w:color w:val="C00000"/><w:lang w:val="xx-XX"/></w:rPr>'
        f'<w:tab/><w:t xml:space="preserve">{label}</w:t></w:r>'
        if label
        else ""
    )
    root = etree.fromstring(xml.encode())
    assert root.tag == f"{{{W_NS}}}{tag}"
    assert canon(etree.tostring(root[0])) == canon(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{r("Remarks", "xx-XX")}{mark}</w:p>'
    )


def test_a_review_packet_is_protected_with_tracked_changes() -> None:
    ref = _ref()
    assert _settings(ref, _doc(meta={"protect": "readOnly"})) == protect_settings(
        ref.settings, track_changes=True
    )
    assert _settings(ref, _doc(meta={"protect": "no"})) == ref.settings.encode()
    assert _settings(ref, _doc()) == ref.settings.encode()


def _package(doc: Document, meta: Meta, ref: Reference | None = None) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(write_docx(doc, ref or _ref(), meta)))


def test_the_package_holds_every_part_in_a_fixed_order() -> None:
    ref = _ref()
    doc = _doc(
        Block("Chart", (), chart=_chart()),
        Block("Normal", (Run("DEVIDA dice"),)),
        header=(Run("Encabezado", mark="fuzzy"),),
        footer=(Run("Pie"),),
    )
    meta = _meta(custom=(("shim.facts", "a b"),), no_proof=("DEVIDA",))
    zf = _package(doc, meta, ref)
    assert zf.namelist() == [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "word/footnotes.xml",
        "word/header1.xml",
        "word/footer1.xml",
        "word/theme/theme1.xml",
        "word/charts/chart1.xml",
        "docProps/custom.xml",
    ]
    overrides = [
        ("/word/charts/chart1.xml", CHART_CONTENT_TYPE),
        ("/docProps/custom.xml", CUSTOM_CT),
    ]
    assert zf.read("[Content_Types].xml") == content_types(ref, overrides).encode()
    assert zf.read("_rels/.rels") == package_rels(True).encode()
    assert zf.read("docProps/core.xml") == core_props(meta).encode()
    assert zf.read("docProps/app.xml") == app_props(meta).encode()
    rels = [("rIdChart1", CHART_REL_TYPE, "charts/chart1.xml")]
    assert zf.read("word/_rels/document.xml.rels") == doc_rels(ref, rels).encode()
    assert zf.read("word/styles.xml") == styles_in(ref, "es-PE").encode()
    assert zf.read("word/settings.xml") == ref.settings.encode()
    assert zf.read("word/theme/theme1.xml") == b"<theme/>"
    assert zf.read("word/charts/chart1.xml") == chart_part(_chart(), "es-PE").encode()
    assert zf.read("docProps/custom.xml") == custom_props(meta).encode()
    text = _Text("es-PE", "es", _proof_pattern(("DEVIDA",)))
    body, footnotes, numbering = _Body(doc, ref, text).build()
    assert zf.read("word/document.xml") == body.encode()
    assert zf.read("word/footnotes.xml") == footnotes.encode()
    assert zf.read("word/numbering.xml") == numbering.encode()
    assert zf.read("word/header1.xml") == _frame("hdr", doc.header, text, meta, "Header").encode()
    assert zf.read("word/footer1.xml") == _frame("ftr", doc.footer, text, meta, "Footer").encode()
    hdr = etree.fromstring(zf.read("word/header1.xml"))
    assert "".join(hdr.itertext()) == "[POR REVISAR] EncabezadoBORRADOR"


def test_a_package_without_custom_properties_has_no_custom_part() -> None:
    ref = _ref()
    zf = _package(_doc(Block("Normal", (Run("a"),))), _meta(), ref)
    assert "docProps/custom.xml" not in zf.namelist()
    assert zf.read("[Content_Types].xml") == content_types(ref, []).encode()
    assert zf.read("_rels/.rels") == package_rels(False).encode()
    assert zf.read("word/_rels/document.xml.rels") == doc_rels(ref, []).encode()


@pytest.mark.parametrize(("paper", "size"), [("a4", ("11906", "16838")), ("", ("12240", "15840"))])
def test_the_paper_size_of_the_meta_sets_the_page(paper: str, size: tuple[str, str]) -> None:
    zf = _package(_doc(Block("Normal", (Run("a"),))), _meta(paper=paper))
    root = etree.fromstring(zf.read("word/document.xml"))
    pg = root.find(f".//{{{W_NS}}}sectPr/{{{W_NS}}}pgSz")
    assert pg is not None
    assert (pg.get(f"{{{W_NS}}}w"), pg.get(f"{{{W_NS}}}h")) == size


def test_a_review_packet_package_has_protected_settings() -> None:
    ref = _ref()
    zf = _package(_doc(Block("Normal", (Run("a"),)), meta={"protect": "readOnly"}), _meta(), ref)
    assert zf.read("word/settings.xml") == protect_settings(ref.settings, track_changes=True)


def test_numbers_in_a_chart_are_cached_plainly() -> None:
    bars = (Bar("2011", Decimal("35.5"), "35,5"),)
    zf = _package(_doc(Block("Chart", (), chart=Chart("T", bars, "V", "C", "A"))), _meta())
    root = etree.fromstring(zf.read("word/charts/chart1.xml"))
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    assert root.xpath("//c:val//c:v/text()", namespaces=ns) == ["35.5"]


# --- package parts (shim.docx.parts) ------------------------------------------------

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _two_extras() -> Reference:
    font_ct = f"{WML}.fontTable+xml"
    extra = (*_ref().extra, ("word/fontTable.xml", "fontTable", font_ct, b"<fonts/>"))
    return msgspec.structs.replace(_ref(), extra=extra)


def test_content_types_name_every_part_and_the_extra_overrides() -> None:
    xml = content_types(_two_extras(), [("/word/charts/chart1.xml", CHART_CONTENT_TYPE)])
    assert xml.startswith(HEAD)
    root = etree.fromstring(xml.encode())
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    assert root.tag == f"{ns}Types"
    assert (root.text, {el.tail for el in root}) == (None, {None})
    assert [(el.tag, dict(el.attrib)) for el in root] == [
        (
            f"{ns}Default",
            {
                "Extension": "rels",
                "ContentType": "application/vnd.openxmlformats-package.relationships+xml",
            },
        ),
        (f"{ns}Default", {"Extension": "xml", "ContentType": "application/xml"}),
        *(
            (f"{ns}Override", {"PartName": name, "ContentType": ctype})
            for name, ctype in [
                ("/word/document.xml", f"{WML}.document.main+xml"),
                ("/word/styles.xml", f"{WML}.styles+xml"),
                ("/word/numbering.xml", f"{WML}.numbering+xml"),
                ("/word/settings.xml", f"{WML}.settings+xml"),
                ("/word/footnotes.xml", f"{WML}.footnotes+xml"),
                ("/word/header1.xml", f"{WML}.header+xml"),
                ("/word/footer1.xml", f"{WML}.footer+xml"),
                (
                    "/docProps/core.xml",
                    "application/vnd.openxmlformats-package.core-properties+xml",
                ),
                (
                    "/docProps/app.xml",
                    "application/vnd.openxmlformats-officedocument.extended-properties+xml",
                ),
                ("/word/theme/theme1.xml", THEME_CT),
                ("/word/fontTable.xml", f"{WML}.fontTable+xml"),
                ("/word/charts/chart1.xml", CHART_CONTENT_TYPE),
            ]
        ),
    ]


def rels_of(xml: str) -> list[tuple[str, str, str]]:
    assert xml.startswith(HEAD)
    root = etree.fromstring(xml.encode())
    ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    assert root.tag == f"{ns}Relationships"
    assert all(el.tag == f"{ns}Relationship" and len(el.attrib) == 3 for el in root)
    assert (root.text, {el.tail for el in root}) == (None, {None})
    return [(el.get("Id", ""), el.get("Type", ""), el.get("Target", "")) for el in root]


PACKAGE_RELS = [
    ("rId1", f"{REL}/officeDocument", "word/document.xml"),
    (
        "rId2",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml",
    ),
    ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
]


def test_package_relationships_point_at_the_document_and_properties() -> None:
    assert rels_of(package_rels()) == PACKAGE_RELS
    assert rels_of(package_rels(True)) == [
        ("rId4", f"{REL}/custom-properties", "docProps/custom.xml"),
        *PACKAGE_RELS,
    ]


def test_document_relationships_name_each_part_relative_to_word() -> None:
    chart = ("rIdChart1", CHART_REL_TYPE, "charts/chart1.xml")
    assert rels_of(doc_rels(_two_extras(), [chart])) == [
        ("rIdStyles", f"{REL}/styles", "styles.xml"),
        ("rIdNumbering", f"{REL}/numbering", "numbering.xml"),
        ("rIdSettings", f"{REL}/settings", "settings.xml"),
        ("rIdFootnotes", f"{REL}/footnotes", "footnotes.xml"),
        ("rIdHdr1", f"{REL}/header", "header1.xml"),
        ("rIdFtr1", f"{REL}/footer", "footer1.xml"),
        ("rIdX0", f"{REL}/theme", "theme/theme1.xml"),
        ("rIdX1", f"{REL}/fontTable", "fontTable.xml"),
        chart,
    ]
    assert rels_of(doc_rels(_ref()))[-1] == ("rIdX0", f"{REL}/theme", "theme/theme1.xml")


def test_core_properties_carry_the_meta_and_the_date_in_utc() -> None:
    lima = dt.timezone(dt.timedelta(hours=-5))
    meta = _meta(
        title="A & B",
        keywords="coca, <drogas>",
        date=dt.datetime(2024, 3, 1, 22, 30, 5, tzinfo=lima),
    )
    xml = core_props(meta)
    assert xml.startswith(HEAD)
    root = etree.fromstring(xml.encode())
    cp = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
    dc, terms = "{http://purl.org/dc/elements/1.1/}", "{http://purl.org/dc/terms/}"
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}type"
    assert root.tag == f"{cp}coreProperties"
    assert [(el.tag, el.text, dict(el.attrib)) for el in root] == [
        (f"{dc}title", "A & B", {}),
        (f"{dc}subject", "Launch", {}),
        (f"{dc}creator", "Office", {}),
        (f"{cp}keywords", "coca, <drogas>", {}),
        (f"{dc}language", "es-PE", {}),
        (f"{cp}lastModifiedBy", "Office", {}),
        (f"{cp}revision", "1", {}),
        (f"{terms}created", "2024-03-02T03:30:05Z", {xsi: "dcterms:W3CDTF"}),
        (f"{terms}modified", "2024-03-02T03:30:05Z", {xsi: "dcterms:W3CDTF"}),
    ]
    assert root.nsmap == {
        "cp": cp[1:-1],
        "dc": dc[1:-1],
        "dcterms": terms[1:-1],
        "dcmitype": "http://purl.org/dc/dcmitype/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    }


def test_app_properties_name_shim_and_the_organization() -> None:
    xml = app_props(_meta(organization="DEVIDA & UNODC"))
    assert xml.startswith(HEAD)
    root = etree.fromstring(xml.encode())
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert [(el.tag, el.text) for el in root] == [
        (f"{ns}Application", "shim"),
        (f"{ns}Company", "DEVIDA & UNODC"),
    ]
    assert root.tag == f"{ns}Properties"


def test_custom_properties_are_text_properties_numbered_from_two() -> None:
    xml = custom_props(_meta(custom=(("shim.facts", "a & b"), ("shim.brief", "x"))))
    assert xml.startswith(HEAD)
    root = etree.fromstring(xml.encode())
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
    vt = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
    assert root.tag == f"{ns}Properties"
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    assert [(el.tag, dict(el.attrib), [(v.tag, v.text) for v in el]) for el in root] == [
        (
            f"{ns}property",
            {"fmtid": fmtid, "pid": "2", "name": "shim.facts"},
            [(f"{vt}lpwstr", "a & b")],
        ),
        (
            f"{ns}property",
            {"fmtid": fmtid, "pid": "3", "name": "shim.brief"},
            [(f"{vt}lpwstr", "x")],
        ),
    ]
    assert root.nsmap == {None: ns[1:-1], "vt": vt[1:-1]}
    assert (root.text, [el.tail for el in root]) == (None, [None, None])


# --- the zip writer (shim.docx.ziputil) -----------------------------------------------


def test_a_zip_holds_the_parts_in_order_deflated_with_fixed_dates() -> None:
    parts = [
        ("word/document.xml", b"<w:document/>" * 50),
        ("ñ/é.xml", b""),
        ("a.bin", bytes(range(256))),
    ]
    data = zip_bytes(parts)
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.testzip() is None
    assert [(i.filename, zf.read(i)) for i in zf.infolist()] == parts
    for info, (_, content) in zip(zf.infolist(), parts, strict=True):
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.flag_bits == 0x0800  # names are UTF-8
        assert (info.create_system, info.create_version, info.extract_version) == (3, 20, 20)
        assert info.external_attr == 0o100644 << 16
        assert (info.internal_attr, info.extra, info.comment) == (0, b"", b"")
        assert (info.CRC, info.file_size) == (zlib.crc32(content), len(content))


def test_zip_headers_follow_the_format_field_by_field() -> None:
    data = zip_bytes([("a.xml", b"hello hello hello"), ("b.xml", b"x")])
    packed_a = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = packed_a.compress(b"hello hello hello") + packed_a.flush()
    local = struct.unpack_from("<IHHHHHIIIHH", data, 0)
    assert local == (
        0x04034B50,
        20,
        0x0800,
        8,
        0,
        33,
        zlib.crc32(b"hello hello hello"),
        len(packed),
        17,
        5,
        0,
    )
    assert data[30:35] == b"a.xml"
    assert data[35 : 35 + len(packed)] == packed
    second = 35 + len(packed)
    assert struct.unpack_from("<IHHHHHIIIHH", data, second)[0] == 0x04034B50
    end = struct.unpack_from("<IHHHHIIH", data, len(data) - 22)
    central_start = end[6]
    assert end == (0x06054B50, 0, 0, 2, 2, len(data) - 22 - central_start, central_start, 0)
    central = struct.unpack_from("<IHHHHHHIIIHHHHHII", data, central_start)
    assert central == (
        0x02014B50, (3 << 8) | 20, 20, 0x0800, 8, 0, 33,
        zlib.crc32(b"hello hello hello"), len(packed), 17, 5, 0, 0, 0, 0, 0o100644 << 16, 0,
    )  # fmt: skip
    second_central = struct.unpack_from("<IHHHHHHIIIHHHHHII", data, central_start + 46 + 5)
    assert second_central[-1] == second


def test_an_empty_zip_is_only_the_end_record() -> None:
    assert zip_bytes([]) == struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0, 0, 0, 0, 0)


def test_deflate_is_raw_deflate_with_the_crc() -> None:
    data = b"abc" * 1000
    crc, packed = _deflate(data)
    assert crc == zlib.crc32(data)
    assert zlib.decompress(packed, -15) == data
    assert len(packed) < 100


# --- charts (shim.docx.chart) ---------------------------------------------------------

C_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_URI = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_URI = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def chart_canon(xml: str | bytes) -> bytes:
    """A chart part (or the expected one) in canonical form, blank text removed."""
    data = xml.encode() if isinstance(xml, str) else xml
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    return etree.tostring(root, method="c14n")


def font(tag: str, sz: int, colour: str, bold: str = "0", lang: str = "es-PE") -> str:
    return (
        f'<a:{tag} lang="{lang}" sz="{sz}" b="{bold}"><a:solidFill><a:srgbClr val="{colour}"/>'
        f'</a:solidFill><a:latin typeface="Calibri"/><a:cs typeface="Calibri"/></a:{tag}>'
    )


def rich(text: str, sz: int, colour: str, bold: str = "0", body: str = "<a:bodyPr/>") -> str:
    return (
        f"<c:tx><c:rich>{body}<a:lstStyle/><a:p><a:pPr>{font('defRPr', sz, colour, bold)}</a:pPr>"
        f"<a:r>{font('rPr', sz, colour, bold)}<a:t>{text}</a:t></a:r>"
        '<a:endParaRPr lang="es-PE"/></a:p></c:rich></c:tx>'
    )


def txpr(sz: int, colour: str) -> str:
    return (
        f"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{font('defRPr', sz, colour)}</a:pPr>"
        '<a:endParaRPr lang="es-PE"/></a:p></c:txPr>'
    )


FLAGS = (
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
    '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
)
NO_LINE = "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"


def expected_chart(floor: str, cats: list[str], vals: list[str], shown: list[str]) -> str:
    """The chart part of a title "Presupuesto & más", axes "Dólares" and "Año", in es-PE."""
    n, last = len(cats), len(cats) + 1
    labels = "".join(
        f'<c:dLbl><c:idx val="{i}"/>{rich(s, 900, "404040")}{NO_LINE}<c:dLblPos val="outEnd"/>'
        f"{FLAGS}</c:dLbl>"
        for i, s in enumerate(shown)
    )
    points = "".join(f'<c:pt idx="{i}"><c:v>{c}</c:v></c:pt>' for i, c in enumerate(cats))
    numbers = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(vals))
    rotated = '<a:bodyPr rot="-5400000" vert="horz"/>'
    return f"""<c:chartSpace xmlns:c="{C_URI}" xmlns:a="{A_URI}" xmlns:r="{R_NS}">
      <c:date1904 val="0"/><c:lang val="es-PE"/><c:roundedCorners val="0"/>
      <c:chart>
        <c:title>{rich("Presupuesto &amp; más", 1400, "404040", "1")}<c:overlay val="0"/></c:title>
        <c:autoTitleDeleted val="0"/>
        <c:plotArea><c:layout/>
          <c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>
            <c:ser><c:idx val="0"/><c:order val="0"/>
              <c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/>
                <c:pt idx="0"><c:v>Dólares</c:v></c:pt></c:strCache></c:strRef></c:tx>
              <c:spPr><a:solidFill><a:srgbClr val="2F5597"/></a:solidFill>
                <a:ln><a:noFill/></a:ln></c:spPr>
              <c:invertIfNegative val="0"/>
              <c:dLbls>{labels}{NO_LINE}{txpr(900, "404040")}
                <c:dLblPos val="outEnd"/>{FLAGS}</c:dLbls>
              <c:cat><c:strRef><c:f>Sheet1!$A$2:$A${last}</c:f><c:strCache>
                <c:ptCount val="{n}"/>{points}</c:strCache></c:strRef></c:cat>
              <c:val><c:numRef><c:f>Sheet1!$B$2:$B${last}</c:f><c:numCache>
                <c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>{numbers}
              </c:numCache></c:numRef></c:val>
            </c:ser>
            <c:gapWidth val="80"/><c:overlap val="0"/>
            <c:axId val="500000001"/><c:axId val="500000002"/>
          </c:barChart>
          <c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling>
            <c:delete val="0"/><c:axPos val="b"/>
            <c:title>{rich("Año", 1000, "595959")}<c:overlay val="0"/></c:title>
            <c:numFmt formatCode="General" sourceLinked="1"/>
            <c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>
            <c:spPr><a:noFill/><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill>
              </a:ln></c:spPr>
            {txpr(900, "595959")}
            <c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/>
            <c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>
          </c:catAx>
          <c:valAx><c:axId val="500000002"/>
            <c:scaling><c:orientation val="minMax"/>{floor}</c:scaling>
            <c:delete val="0"/><c:axPos val="l"/>
            <c:majorGridlines><c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/>
              </a:solidFill></a:ln></c:spPr></c:majorGridlines>
            <c:title>{rich("Dólares", 1000, "595959", body=rotated)}<c:overlay val="0"/></c:title>
            <c:numFmt formatCode="General" sourceLinked="0"/>
            <c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="none"/>
            <c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{txpr(900, "595959")}
            <c:crossAx val="500000001"/><c:crosses val="autoZero"/>
            <c:crossBetween val="between"/>
          </c:valAx>
          <c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>
        </c:plotArea>
        <c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>
      </c:chart>
      <c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>
      {txpr(1000, "404040")}
    </c:chartSpace>"""


def _bars_chart(*bars: Bar) -> Chart:
    return Chart("Presupuesto & más", bars, "Dólares", "Año", "Gráfico: <15>")


def test_a_chart_part_is_one_labelled_series_starting_at_zero() -> None:
    chart = _bars_chart(
        Bar("2011", 15000000, "15 millones", "a"),
        Bar("2015 & 16", Decimal("35.50"), "35,5"),
        Bar("2021", 0, "0"),
    )
    xml = chart_part(chart, "es-PE")
    assert xml.startswith(HEAD)
    assert chart_canon(xml) == chart_canon(
        expected_chart(
            '<c:min val="0"/>',
            ["2011", "2015 &amp; 16", "2021"],
            ["15000000", "35.50", "0"],
            ["15 millones", "35,5", "0"],
        )
    )


def test_a_chart_with_a_negative_bar_has_no_floor() -> None:
    chart = _bars_chart(Bar("2011", 3, "3"), Bar("2012", Decimal("-0.5"), "−0,5"))
    assert chart_canon(chart_part(chart, "es-PE")) == chart_canon(
        expected_chart("", ["2011", "2012"], ["3", "-0.5"], ["3", "−0,5"])
    )


@pytest.mark.parametrize(
    ("value", "cached"),
    [
        (7, "7"),
        (-12, "-12"),
        (Decimal("1E+3"), "1000"),
        (Decimal("0.10"), "0.10"),
        (0.1, "0.1"),
        (2.0, "2.0"),
    ],
)
def test_bar_values_are_cached_in_xsd_double_syntax(value: int | Decimal, cached: str) -> None:
    root = etree.fromstring(chart_part(_bars_chart(Bar("x", value, "s")), "en").encode())
    assert root.xpath("//c:val//c:v/text()", namespaces={"c": C_URI}) == [cached]


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (True, TypeError, "bar value must be a number, not bool"),
        ("3", TypeError, "bar value must be a number, not str"),
        (Decimal("NaN"), ValueError, "bar value must be finite, not NaN"),
        (Decimal("-Infinity"), ValueError, "bar value must be finite, not -Infinity"),
        (float("inf"), ValueError, "bar value must be finite, not inf"),
        (float("nan"), ValueError, "bar value must be finite, not nan"),
    ],
)
def test_a_bar_that_is_not_a_finite_number_is_refused(
    value: object, error: type[Exception], message: str
) -> None:
    chart = _bars_chart(Bar("ok", 1, "1"), Bar("x", value, "s"))  # type: ignore[arg-type]
    with pytest.raises(error) as exc:
        chart_part(chart, "es")
    assert str(exc.value) == message
    with pytest.raises(error) as exc:
        inline_drawing("rId1", 1, chart, "es")
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("chart", "lang", "message"),
    [
        (_bars_chart(), "es", "a chart needs at least one bar"),
        (_bars_chart(Bar("x", 1, "1")), "es_PE", "not a language tag: 'es_PE'"),
        (_bars_chart(Bar("x", 1, "1")), "e", "not a language tag: 'e'"),
        (_bars_chart(Bar("x", 1, "1")), "es-PE ", "not a language tag: 'es-PE '"),
        (_bars_chart(Bar("x", 1, "1")), "", "not a language tag: ''"),
    ],
)
def test_a_chart_without_bars_or_language_tag_is_refused(
    chart: Chart, lang: str, message: str
) -> None:
    with pytest.raises(ValueError) as exc:
        chart_part(chart, lang)
    assert str(exc.value) == message


@pytest.mark.parametrize("lang", ["es", "spa", "es-419", "zh-Hant-TW", "en-US"])
def test_language_tags_are_accepted(lang: str) -> None:
    root = etree.fromstring(chart_part(_bars_chart(Bar("x", 1, "1")), lang).encode())
    assert root.find(f"{{{C_URI}}}lang").get("val") == lang  # type: ignore[union-attr]


def test_chart_parts_are_named_by_number() -> None:
    assert (part_name(), part_name(3)) == ("word/charts/chart1.xml", "word/charts/chart3.xml")
    assert (rel_target(), rel_target(12)) == ("charts/chart1.xml", "charts/chart12.xml")


def expected_drawing(rel_id: str, n: int, cx: int, cy: int) -> str:
    return f"""<w:r xmlns:w="{W_NS}"><w:rPr><w:noProof/><w:lang w:val="es-PE"/></w:rPr><w:drawing>
      <wp:inline xmlns:wp="{WP_URI}" distT="0" distB="0" distL="0" distR="0">
        <wp:extent cx="{cx}" cy="{cy}"/>
        <wp:effectExtent l="0" t="0" r="0" b="0"/>
        <wp:docPr id="{n}" name="Chart {n}" descr="Gráfico: &lt;15&gt;"
          title="Presupuesto &amp; más"/>
        <wp:cNvGraphicFramePr/>
        <a:graphic xmlns:a="{A_URI}"><a:graphicData uri="{C_URI}">
          <c:chart xmlns:c="{C_URI}" xmlns:r="{R_NS}" r:id="{rel_id}"/>
        </a:graphicData></a:graphic>
      </wp:inline></w:drawing></w:r>"""


def test_an_inline_drawing_shows_the_related_chart_with_its_alternative_text() -> None:
    chart = _bars_chart(Bar("x", 1, "1"))
    run = inline_drawing("rId&7", 4, chart, "es-PE", 100, 200)
    declared = run.replace("<w:r>", f'<w:r xmlns:w="{W_NS}">', 1)
    assert chart_canon(declared) == chart_canon(expected_drawing("rId&amp;7", 4, 100, 200))
    run = inline_drawing("rId1", 1, chart, "es-PE")
    declared = run.replace("<w:r>", f'<w:r xmlns:w="{W_NS}">', 1)
    assert chart_canon(declared) == chart_canon(expected_drawing("rId1", 1, 5_486_400, 3_200_400))


@pytest.mark.parametrize(("n", "cx", "cy"), [(0, 1, 1), (1, 0, 1), (1, 1, 0), (-1, 5, 5)])
def test_an_inline_drawing_needs_a_positive_id_and_size(n: int, cx: int, cy: int) -> None:
    with pytest.raises(ValueError) as exc:
        inline_drawing("rId1", n, _bars_chart(Bar("x", 1, "1")), "es", cx, cy)
    assert str(exc.value) == "doc_pr_id, width_emu and height_emu must be positive"


def test_an_inline_drawing_checks_the_chart() -> None:
    with pytest.raises(ValueError) as exc:
        inline_drawing("rId1", 1, _bars_chart(Bar("x", 1, "1")), "es PE")
    assert str(exc.value) == "not a language tag: 'es PE'"


def test_a_lone_headline_or_table_column_takes_the_full_width() -> None:
    head = Headline((Run("1"),), (Run("a"),))
    body, _, _ = _build(
        Block("Headlines", (), headlines=(head,)), Block("Table", (), rows=((Cell((Run("x"),)),),))
    )
    root = etree.fromstring(body.encode())
    w = f"{{{W_NS}}}w"
    assert [el.get(w) for el in root.iter(f"{{{W_NS}}}gridCol")] == ["9360", "3120"]
    assert [el.get(w) for el in root.iter(f"{{{W_NS}}}tcW")] == ["5000", "5000"]


def test_an_inline_drawing_may_be_one_emu_square() -> None:
    run = inline_drawing("rId1", 1, _bars_chart(Bar("x", 1, "1")), "es-PE", 1, 1)
    declared = run.replace("<w:r>", f'<w:r xmlns:w="{W_NS}">', 1)
    assert chart_canon(declared) == chart_canon(expected_drawing("rId1", 1, 1, 1))


def test_core_dates_do_not_depend_on_the_machine_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Lima")
    time.tzset()
    try:
        xml = core_props(_meta(date=dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC)))
    finally:
        monkeypatch.undo()
        time.tzset()
    root = etree.fromstring(xml.encode())
    created = root.find("{http://purl.org/dc/terms/}created")
    assert created is not None
    assert created.text == "2024-03-01T10:00:00Z"
