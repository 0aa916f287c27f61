"""Native Word column charts (DrawingML) from already-formatted facts, standard library only.

A chart (:class:`shim.document.Chart`) is one series of vertical bars. Each bar carries
its fact's number and the text the reader's locale writes for it; the text is written as
the bar's own data label (a custom ``c:dLbl`` with rich text), so the label the reader
sees never depends on the number format or locale of Word, LibreOffice or the machine.
The numbers go only into the chart's caches (``c:numCache``); there is no embedded
workbook, so the data cannot be edited outside the fact base.

Putting a chart into a .docx takes four things, all produced here:

* the part ``word/charts/chartN.xml``: :func:`chart_part` (named by :func:`part_name`)
* its content type in ``[Content_Types].xml``: :data:`CHART_CONTENT_TYPE`
* a relationship from ``word/document.xml``: :data:`CHART_REL_TYPE` to :func:`rel_target`
* a run in ``word/document.xml`` that shows it: :func:`inline_drawing` (inside a ``w:p``)

The value axis has no tick labels (its numbers would be formatted by the viewer's locale,
not the document's); the data labels carry the values, light gridlines give the scale.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from shim.document import Chart
from shim.docx.ooxml import A_NS, R_NS, esc
from shim.docx.parts import XML_HEAD

__all__ = [
    "CHART_CONTENT_TYPE",
    "CHART_REL_TYPE",
    "chart_part",
    "inline_drawing",
    "part_name",
    "rel_target",
]

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"

#: 6 in x 3.5 in, fits the 6.5 in text width of a Letter or A4 page with 1 in margins.
DEFAULT_WIDTH_EMU = 5_486_400
DEFAULT_HEIGHT_EMU = 3_200_400

# House style (templates/reference.docx: headings 1F3864, body Calibri).
BAR_COLOUR = "2F5597"
TEXT_COLOUR = "404040"
MUTED_COLOUR = "595959"
GRID_COLOUR = "D9D9D9"
AXIS_COLOUR = "BFBFBF"
FONT = "Calibri"  # given explicitly: LibreOffice does not take a chart's font from the theme

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_CAT_AX, _VAL_AX = 500000001, 500000002

_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _number(value: float | int | Decimal) -> str:
    """The locale-neutral lexical form of ``value`` for a cache (xsd:double syntax)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"bar value must be a number, not {type(value).__name__}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"bar value must be finite, not {value}")
        return format(value, "f")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"bar value must be finite, not {value}")
        return repr(value)
    return str(value)


def part_name(n: int = 1) -> str:
    """The zip entry name of chart ``n``: ``word/charts/chartN.xml``."""
    return f"word/charts/chart{n}.xml"


def rel_target(n: int = 1) -> str:
    """The relationship target of chart ``n`` as seen from ``word/document.xml``."""
    return f"charts/chart{n}.xml"


# --- DrawingML text -----------------------------------------------------------------


def _rpr(tag: str, lang: str, sz: int, colour: str, bold: bool = False) -> str:
    b = ' b="1"' if bold else ' b="0"'
    return (
        f'<a:{tag} lang="{lang}" sz="{sz}"{b}>'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f'<a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:{tag}>'
    )


def _rich(text: str, lang: str, sz: int, colour: str, bold: bool = False, rot: int = 0) -> str:
    """A ``c:tx`` holding ``text`` as one paragraph of rich text."""
    body = f'<a:bodyPr rot="{rot}" vert="horz"/>' if rot else "<a:bodyPr/>"
    return (
        f"<c:tx><c:rich>{body}<a:lstStyle/><a:p><a:pPr>{_rpr('defRPr', lang, sz, colour, bold)}"
        f"</a:pPr><a:r>{_rpr('rPr', lang, sz, colour, bold)}<a:t>{esc(text)}</a:t></a:r>"
        f'<a:endParaRPr lang="{lang}"/></a:p></c:rich></c:tx>'
    )


def _txpr(lang: str, sz: int, colour: str) -> str:
    return (
        f"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_rpr('defRPr', lang, sz, colour)}"
        f'</a:pPr><a:endParaRPr lang="{lang}"/></a:p></c:txPr>'
    )


def _line(colour: str | None, width: int = 9525) -> str:
    if colour is None:
        return "<a:ln><a:noFill/></a:ln>"
    return f'<a:ln w="{width}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln>'


def _title(text: str, lang: str, sz: int, colour: str, bold: bool, rot: int = 0) -> str:
    return f'<c:title>{_rich(text, lang, sz, colour, bold, rot)}<c:overlay val="0"/></c:title>'


# What a data label shows: the value (the bar's own text), nothing else.
_SHOW_VALUE = (
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
    '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
)


# --- the chart part -------------------------------------------------------------------


def _checked(chart: Chart, lang: str) -> str:
    """``lang``, once ``chart`` is known to be drawable (bars, numbers, a language tag)."""
    if not chart.bars:
        raise ValueError("a chart needs at least one bar")
    for bar in chart.bars:
        _number(bar.value)  # raises on NaN, inf, bools and non-numbers
    if not _LANG.fullmatch(lang):
        raise ValueError(f"not a language tag: {lang!r}")
    return lang


def chart_part(chart: Chart, lang: str) -> str:
    """The XML of ``word/charts/chartN.xml`` for ``chart`` in ``lang`` (a BCP 47 tag)."""
    lang, bars, n = _checked(chart, lang), chart.bars, len(chart.bars)
    last = n + 1
    cats = "".join(f'<c:pt idx="{i}"><c:v>{esc(b.label)}</c:v></c:pt>' for i, b in enumerate(bars))
    vals = "".join(
        f'<c:pt idx="{i}"><c:v>{_number(b.value)}</c:v></c:pt>' for i, b in enumerate(bars)
    )
    no_line = "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
    labels = "".join(
        f'<c:dLbl><c:idx val="{i}"/>{_rich(b.shown, lang, 900, TEXT_COLOUR)}{no_line}'
        f'<c:dLblPos val="outEnd"/>{_SHOW_VALUE}</c:dLbl>'
        for i, b in enumerate(bars)
    )
    # A bar chart starts at zero when nothing is negative; say so, viewers differ otherwise.
    floor = '<c:min val="0"/>' if all(_number(b.value)[0] != "-" for b in bars) else ""
    return (
        f'{XML_HEAD}<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        # CT_ChartSpace order: date1904, lang, roundedCorners, ..., chart, spPr, txPr
        f'<c:date1904 val="0"/><c:lang val="{lang}"/><c:roundedCorners val="0"/>'
        "<c:chart>"
        f"{_title(chart.title, lang, 1400, TEXT_COLOUR, True)}"
        '<c:autoTitleDeleted val="0"/>'
        "<c:plotArea><c:layout/>"
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f'<c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{esc(chart.value_axis)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
        f'<c:spPr><a:solidFill><a:srgbClr val="{BAR_COLOUR}"/></a:solidFill>{_line(None)}</c:spPr>'
        '<c:invertIfNegative val="0"/>'
        f"<c:dLbls>{labels}{no_line}{_txpr(lang, 900, TEXT_COLOUR)}"
        f'<c:dLblPos val="outEnd"/>{_SHOW_VALUE}</c:dLbls>'
        f"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${last}</c:f><c:strCache>"
        f'<c:ptCount val="{n}"/>{cats}</c:strCache></c:strRef></c:cat>'
        f"<c:val><c:numRef><c:f>Sheet1!$B$2:$B${last}</c:f><c:numCache>"
        f'<c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>{vals}</c:numCache>'
        "</c:numRef></c:val>"
        "</c:ser>"
        f'<c:gapWidth val="80"/><c:overlap val="0"/>'
        f'<c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/>'
        "</c:barChart>"
        # CT_CatAx order: axId, scaling, delete, axPos, title, numFmt, majorTickMark,
        # minorTickMark, tickLblPos, spPr, txPr, crossAx, crosses, auto, lblAlgn, lblOffset
        f'<c:catAx><c:axId val="{_CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/>'
        f"{_title(chart.category_axis, lang, 1000, MUTED_COLOUR, False)}"
        '<c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f"<c:spPr><a:noFill/>{_line(AXIS_COLOUR)}</c:spPr>{_txpr(lang, 900, MUTED_COLOUR)}"
        f'<c:crossAx val="{_VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        # CT_ValAx order: axId, scaling, delete, axPos, majorGridlines, title, numFmt, ...,
        # crossAx, crosses, crossBetween
        f'<c:valAx><c:axId val="{_VAL_AX}"/>'
        f'<c:scaling><c:orientation val="minMax"/>{floor}</c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/>'
        f"<c:majorGridlines><c:spPr>{_line(GRID_COLOUR)}</c:spPr></c:majorGridlines>"
        f"{_title(chart.value_axis, lang, 1000, MUTED_COLOUR, False, rot=-5400000)}"
        '<c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="none"/>'
        f"<c:spPr><a:noFill/>{_line(None)}</c:spPr>{_txpr(lang, 900, MUTED_COLOUR)}"
        f'<c:crossAx val="{_CAT_AX}"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        "</c:plotArea>"
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        "</c:chart>"
        f"<c:spPr><a:noFill/>{_line(None)}</c:spPr>"
        f"{_txpr(lang, 1000, TEXT_COLOUR)}"
        "</c:chartSpace>"
    )


def inline_drawing(
    rel_id: str,
    doc_pr_id: int,
    chart: Chart,
    lang: str,
    width_emu: int = DEFAULT_WIDTH_EMU,
    height_emu: int = DEFAULT_HEIGHT_EMU,
) -> str:
    """A ``w:r`` showing the chart related as ``rel_id``; goes inside a ``w:p``.

    ``doc_pr_id`` must be unique among the drawings of the document. The chart's
    ``alt_text`` and ``title`` become ``wp:docPr/@descr`` and ``@title`` (read by screen
    readers). Only the ``w`` prefix must be declared by the enclosing document.
    """
    if doc_pr_id < 1 or width_emu < 1 or height_emu < 1:
        raise ValueError("doc_pr_id, width_emu and height_emu must be positive")
    lang = _checked(chart, lang)
    return (
        f'<w:r><w:rPr><w:noProof/><w:lang w:val="{lang}"/></w:rPr><w:drawing>'
        f'<wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{doc_pr_id}" name="Chart {doc_pr_id}" descr="{esc(chart.alt_text)}" '
        f'title="{esc(chart.title)}"/>'
        "<wp:cNvGraphicFramePr/>"
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
        f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{esc(rel_id)}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
