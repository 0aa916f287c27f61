"""Build templates/reference.docx: the house style every shim document starts from.

The reference is plain OOXML written here, so every style is reviewable in this file.
A team may replace templates/reference.docx with its own (saved from Word); shim takes
its styles, numbering, theme and page setup.

Run: python scripts/make_reference.py [--a4] [OUT]
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LANG = '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>'
BODY_FONT = "Calibri"
HEAD_FONT = "Calibri"
ACCENT = "1F3864"  # dark blue, legible in print and on screen


def rpr(
    size: int | None = None,
    bold: bool = False,
    color: str | None = None,
    font: str | None = None,
    italic: bool = False,
) -> str:
    parts = []
    if font:
        parts.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        parts.append(f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>')
    parts.append(LANG)
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def pstyle(
    sid: str,
    name: str,
    ppr: str = "",
    rp: str = "",
    based: str = "Normal",
    nxt: str | None = None,
    ui: int | None = None,
    q: bool = True,
) -> str:
    out = f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
    if based:
        out += f'<w:basedOn w:val="{based}"/>'
    if nxt:
        out += f'<w:next w:val="{nxt}"/>'
    if ui is not None:
        out += f'<w:uiPriority w:val="{ui}"/>'
    if q:
        out += "<w:qFormat/>"
    return out + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (rp or rpr()) + "</w:style>"


def styles() -> str:
    spacing = '<w:spacing w:after="160" w:line="264" w:lineRule="auto"/>'
    body = [
        pstyle("Normal", "Normal", spacing, rpr(), based="", ui=0),
        pstyle(
            "Title",
            "Title",
            '<w:spacing w:after="160"/><w:contextualSpacing/>',
            rpr(22, bold=True, color=ACCENT, font=HEAD_FONT),
            nxt="Normal",
            ui=10,
        ),
        pstyle(
            "Subtitle",
            "Subtitle",
            '<w:spacing w:after="240"/>',
            rpr(12, color="595959", italic=True),
            nxt="Normal",
            ui=11,
        ),
        pstyle(
            "Heading1",
            "heading 1",
            '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/>'
            '<w:outlineLvl w:val="0"/>',
            rpr(15, bold=True, color=ACCENT, font=HEAD_FONT),
            nxt="Normal",
            ui=9,
        ),
        pstyle(
            "Heading2",
            "heading 2",
            '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/>'
            '<w:outlineLvl w:val="1"/>',
            rpr(12, bold=True, color=ACCENT, font=HEAD_FONT),
            nxt="Normal",
            ui=9,
        ),
        pstyle(
            "ListBullet",
            "List Bullet",
            '<w:numPr><w:numId w:val="1"/></w:numPr>'
            '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:left="360" w:hanging="360"/>',
            rpr(),
            ui=36,
        ),
        pstyle(
            "ListNumber",
            "List Number",
            '<w:numPr><w:numId w:val="2"/></w:numPr>'
            '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:left="360" w:hanging="360"/>',
            rpr(),
            ui=36,
        ),
        pstyle(
            "Quote",
            "Quote",
            '<w:ind w:left="720" w:right="720"/>',
            rpr(italic=True, color="404040"),
            nxt="Normal",
            ui=29,
        ),
        pstyle(
            "Speech",
            "Speech",
            '<w:keepLines/><w:spacing w:after="240" w:line="360" w:lineRule="auto"/>',
            rpr(16),
            ui=30,
        ),
        pstyle(
            "FootnoteText",
            "footnote text",
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr(9),
            ui=99,
            q=False,
        ),
        pstyle(
            "Header",
            "header",
            '<w:tabs><w:tab w:val="center" w:pos="4680"/>'
            '<w:tab w:val="right" w:pos="9360"/></w:tabs><w:spacing w:after="0"/>',
            rpr(9, color="595959"),
            ui=99,
            q=False,
        ),
        pstyle(
            "Footer",
            "footer",
            '<w:spacing w:after="0"/><w:jc w:val="center"/>',
            rpr(9, color="595959"),
            ui=99,
            q=False,
        ),
        pstyle("TableText", "Table Text", '<w:spacing w:after="60"/>', rpr(10), ui=40),
        # Fact sheets: a band above the title, headline figures, a chart.
        pstyle(
            "TitleBand",
            "Title Band",
            "<w:keepNext/><w:pBdr>"
            f'<w:top w:val="single" w:sz="48" w:space="1" w:color="{ACCENT}"/>'
            f'<w:bottom w:val="single" w:sz="48" w:space="1" w:color="{ACCENT}"/></w:pBdr>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{ACCENT}"/>'
            '<w:spacing w:after="160"/>',
            rpr(11, bold=True, color="FFFFFF", font=HEAD_FONT),
            nxt="Title",
            ui=12,
        ),
        pstyle(
            "HeadlineNumber",
            "Headline Number",
            '<w:keepNext/><w:spacing w:before="60" w:after="0" w:line="240" w:lineRule="auto"/>',
            rpr(26, bold=True, color=ACCENT, font=HEAD_FONT),
            nxt="HeadlineLabel",
            ui=13,
        ),
        pstyle(
            "HeadlineLabel",
            "Headline Label",
            '<w:spacing w:after="160" w:line="240" w:lineRule="auto"/><w:ind w:right="144"/>',
            rpr(9, color="404040"),
            ui=14,
        ),
        pstyle(
            "Chart",
            "Chart",
            '<w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="center"/>',
            rpr(),
            ui=35,
        ),
    ]
    chars = [
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote '
        'reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>'
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal '
        'Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
        '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing '
        'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders>'
        + "".join(
            f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
            for s in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    ]
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{BODY_FONT}" '
        f'w:cs="{BODY_FONT}"/><w:sz w:val="22"/><w:szCs w:val="22"/>{LANG}'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" '
        'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W}>'
        + defaults
        + "".join(body)
        + "".join(chars)
        + "</w:styles>"
    )


def numbering() -> str:
    bullet = (
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr>'
        '<w:ind w:left="360" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Calibri" '
        'w:hAnsi="Calibri"/></w:rPr></w:lvl></w:abstractNum>'
    )
    decimal = (
        '<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr>'
        '<w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    )
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W}>'
        + bullet
        + decimal
        + nums
        + "</w:numbering>"
    )


def settings() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {W}>'
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        "</w:settings>"
    )


def document(a4: bool) -> str:
    # Letter by default (US Embassy use); A4 on request. Margins: 1 inch.
    size = '<w:pgSz w:w="11906" w:h="16838"/>' if a4 else '<w:pgSz w:w="12240" w:h="15840"/>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}>'
        '<w:body><w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>'
        f'<w:sectPr>{size}<w:pgMar w:top="1224" w:right="1440" w:bottom="1224" '
        'w:left="1440" w:header="576" w:footer="576" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>"
    )


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.settings+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/{t}" Target="{t}.xml"/>'
        for i, t in enumerate(("styles", "numbering", "settings"), 1)
    )
    + "</Relationships>"
)


def _python_docx_parts() -> dict[str, bytes]:
    """Theme and font table, taken from python-docx's own default template (Office theme)."""
    import docx

    default = Path(docx.__file__).parent / "templates" / "default.docx"
    with zipfile.ZipFile(default) as zf:
        return {name: zf.read(name) for name in ("word/theme/theme1.xml", "word/fontTable.xml")}


def build(out: Path, a4: bool = False) -> None:
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "word/document.xml": document(a4),
        "word/_rels/document.xml.rels": DOC_RELS,
        "word/styles.xml": styles(),
        "word/numbering.xml": numbering(),
        "word/settings.xml": settings(),
        **_python_docx_parts(),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    default = Path(__file__).resolve().parents[1] / "templates" / "reference.docx"
    target = Path(args[0]) if args else default
    build(target, a4="--a4" in sys.argv)
    print(target)
