"""Test helper: assemble a small review packet .docx the way shim's writer does.

Tables are raw OOXML strings, like ``_table`` in shim's docx writer; the Spanish cells
are made with :func:`packet.mark_cell`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from shim.docx.packet import mark_cell, message_key, protect_settings
from shim.docx.writer import _t  # the writer's own w:t, w:br and w:tab

REFERENCE = Path(__file__).resolve().parents[1] / "templates" / "reference.docx"
W = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Row:
    english: tuple[str, ...]  # one message per paragraph
    spanish: tuple[str, ...]
    facts: str = "—"
    raw_spanish: tuple[str, ...] | None = None  # runs XML instead of plain text


TABLES: dict[str, list[Row]] = {
    "Opening": [
        Row(("Good morning, everyone.",), ("Buenos días a todos.",)),
        Row(
            ("Unemployment fell to 3.9 percent in March.",),
            ("El desempleo bajó al 3,9 por ciento en marzo.",),
            "bls-unemp: BLS, Employment Situation, April 2024\nstale (3 years)",
        ),
        Row(
            ("We thank our partners.", "They did the work."),
            ("Agradecemos a nuestros socios.", "Ellos hicieron el trabajo."),
        ),
        Row(
            ("The budget is 5 million dollars.",),
            ("El presupuesto es de 5 millones de dólares.",),
            "budget-2024: Congress, 2024",
        ),
        Row(("Thank you.",), ("Gracias.",)),
    ],
    "Closing": [
        Row(("Thank you.",), ("Gracias.",)),
        Row(
            ("Tab\there, line\nbreak, non-breaking hyphen, alpha.",),
            ("",),
            raw_spanish=(
                '<w:r><w:t xml:space="preserve">Tab</w:t><w:tab/><w:t xml:space="preserve">'
                'aquí, línea</w:t><w:br/><w:t xml:space="preserve">nueva, guion</w:t>'
                '<w:noBreakHyphen/><w:t xml:space="preserve">duro, </w:t>'
                '<w:sym w:font="Symbol" w:char="F061"/><w:t>.</w:t></w:r>',
            ),
        ),
    ],
}

EXPECTED_SPANISH_RAW = "Tab\taquí, línea\nnueva, guion\u2011duro, α."


def keys() -> list[str]:
    return [message_key(en) for rows in TABLES.values() for r in rows for en in r.english]


def _run(text: str, lang: str) -> str:
    return f'<w:r><w:rPr><w:lang w:val="{lang}"/></w:rPr>{_t(text)}</w:r>'


def _cell(paragraphs: list[str], header: bool = False) -> str:
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' if header else ""
    ps = "".join(f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{p}</w:p>' for p in paragraphs)
    return f'<w:tc><w:tcPr><w:tcW w:w="1666" w:type="pct"/>{shade}</w:tcPr>{ps}</w:tc>'


def document_xml(editable: bool = True) -> str:
    body = [
        '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>'
        + _run("Review packet: test", "en-US")
        + "</w:p>"
    ]
    index = 0
    for title, rows in TABLES.items():
        body.append(f'<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>{_run(title, "en-US")}</w:p>')
        header = "".join(
            _cell([_run(h, "en-US").replace("<w:rPr>", "<w:rPr><w:b/>")], header=True)
            for h in ("English", "Español", "Facts and sources")
        )
        trs = [f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>"]
        for row in rows:
            spanish = []
            for k, en in enumerate(row.english):
                runs = row.raw_spanish[k] if row.raw_spanish else _run(row.spanish[k], "es-US")
                spanish.append(mark_cell(message_key(en), index, runs, editable=editable))
                index += 1
            cells = (
                _cell([_run(en, "en-US") for en in row.english])
                + _cell(spanish)
                + _cell([_run(row.facts, "en-US")])
            )
            trs.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
        body.append(
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
            + '<w:gridCol w:w="3120"/>' * 3
            + "</w:tblGrid>"
            + "".join(trs)
            + "</w:tbl><w:p/>"
        )
    sect = (
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" '
        'w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>'
    )
    return f"{HEAD}<w:document {W}><w:body>{''.join(body)}{sect}</w:body></w:document>"


SETTINGS = (
    f'{HEAD}<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
)

CONTENT_TYPES = (
    f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.settings+xml"/></Types>'
)
PKG_RELS = (
    f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/settings" Target="settings.xml"/></Relationships>'
)


def write_packet(path: Path, *, protect: bool = False, track_changes: bool = False) -> Path:
    with zipfile.ZipFile(REFERENCE) as ref:
        styles = ref.read("word/styles.xml")
    settings = SETTINGS.encode()
    if protect or track_changes:
        settings = protect_settings(settings, track_changes=track_changes)
        if not protect:  # only tracking wanted
            raise ValueError("track_changes without protect is not offered by this helper")
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES.encode()),
        ("_rels/.rels", PKG_RELS.encode()),
        ("word/document.xml", document_xml().encode()),
        ("word/_rels/document.xml.rels", DOC_RELS.encode()),
        ("word/styles.xml", styles),
        ("word/settings.xml", settings),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            zf.writestr(name, data)
    return path
