"""Write a :class:`Document` as a .docx package, starting from the reference document.

The reference (``templates/reference.docx``) supplies styles, numbering, theme and
page setup; it is read once per process and its parts are reused as bytes, so a render
costs only the XML of its own content. Output is deterministic: fixed part order,
fixed zip entry dates, and dates in the core properties that come from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import msgspec
from msgspec.structs import replace

from shim.document import Block, Cell, Chart, Document, Headline, Run
from shim.docx.chart import (
    CHART_CONTENT_TYPE,
    CHART_REL_TYPE,
    chart_part,
    inline_drawing,
    part_name,
    rel_target,
)
from shim.docx.ooxml import W_NS, esc
from shim.docx.packet import mark_cell, protect_settings
from shim.docx.parts import (
    CUSTOM_CT,
    XML_HEAD,
    Meta,
    app_props,
    content_types,
    core_props,
    custom_props,
    doc_rels,
    package_rels,
)
from shim.docx.reference import Reference, styles_in, with_paper
from shim.docx.ziputil import zip_bytes
from shim.language.locales import catalog_of, draft_label

W = f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

# A chart spans the text width of Letter and A4 with 1 in margins (6.27 in): 6.2 x 2.6 in.
CHART_WIDTH, CHART_HEIGHT = 5_669_280, 2_377_440

MARK_LABELS = {
    ("untranslated", "en"): "UNTRANSLATED",
    ("untranslated", "es"): "SIN TRADUCIR",
    ("fuzzy", "en"): "TO REVIEW",
    ("fuzzy", "es"): "POR REVISAR",
    ("warning", "en"): "CHECK",
    ("warning", "es"): "VERIFICAR",
}


def write_docx(doc: Document, ref: Reference, meta: Meta) -> bytes:
    """The complete .docx package for ``doc`` as bytes (deterministic for equal input)."""
    lang = doc.word_lang
    text = _Text(lang, doc.lang, _proof_pattern(meta.no_proof))
    if meta.paper:
        ref = with_paper(ref, meta.paper)
    built = _Body(doc, ref, text)
    body, footnotes, numbering = built.build()
    charts = [(part_name(n), chart_part(c, lang)) for n, c in enumerate(built.charts, 1)]
    overrides = [(f"/{name}", CHART_CONTENT_TYPE) for name, _ in charts]
    if meta.custom:
        overrides.append(("/docProps/custom.xml", CUSTOM_CT))
    parts: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", content_types(ref, overrides).encode()),
        ("_rels/.rels", package_rels(bool(meta.custom)).encode()),
        ("docProps/core.xml", core_props(meta).encode()),
        ("docProps/app.xml", app_props(meta).encode()),
        ("word/document.xml", body.encode()),
        ("word/_rels/document.xml.rels", doc_rels(ref, built.chart_rels()).encode()),
        ("word/styles.xml", styles_in(ref, lang).encode()),
        ("word/numbering.xml", numbering.encode()),
        ("word/settings.xml", _settings(ref, doc)),
        ("word/footnotes.xml", footnotes.encode()),
        ("word/header1.xml", _frame("hdr", doc.header, text, meta, "Header").encode()),
        ("word/footer1.xml", _frame("ftr", doc.footer, text, meta, "Footer").encode()),
        *((name, data) for name, _, _, data in ref.extra),
        *((name, xml.encode()) for name, xml in charts),
    ]
    if meta.custom:
        parts.append(("docProps/custom.xml", custom_props(meta).encode()))
    return zip_bytes(parts)


def _settings(ref: Reference, doc: Document) -> bytes:
    """The reference's settings; a review packet is protected but for its translations,
    with the translator's edits tracked."""
    if doc.meta.get("protect") == "readOnly":
        return protect_settings(ref.settings, track_changes=True)
    return ref.settings.encode()


class _Body:
    """Builds document.xml, footnotes.xml and numbering.xml together (they share ids)."""

    def __init__(self, doc: Document, ref: Reference, text: _Text) -> None:
        self.doc, self.ref, self.text, self.lang = doc, ref, text, text.lang
        self.notes: list[str] = []
        self.list_nums: dict[int, int] = {}
        self.next_num = ref.next_num_id
        self.charts: list[Chart] = []

    def chart_rels(self) -> list[tuple[str, str, str]]:
        """The relationships of the charts drawn, as ``doc_rels`` takes them."""
        return [
            (f"rIdChart{n}", CHART_REL_TYPE, rel_target(n)) for n in range(1, len(self.charts) + 1)
        ]

    def build(self) -> tuple[str, str, str]:
        paras = "".join(self._block(b) for b in self.doc.blocks)
        sect = self.ref.sect_pr  # carries shim's header and footer references already
        body = f"{XML_HEAD}<w:document {W}><w:body>{paras}{sect}</w:body></w:document>"
        return body, self._footnotes(), self._numbering()

    def _block(self, block: Block) -> str:
        if block.rows:
            return self._table(block)
        if block.headlines:
            return self._headlines(block.headlines, block.notes)
        if block.chart is not None:
            self.charts.append(block.chart)
            n = len(self.charts)
            drawing = inline_drawing(
                f"rIdChart{n}", n, block.chart, self.lang, CHART_WIDTH, CHART_HEIGHT
            )
            return _para("Chart", drawing + self._refs(block.notes))
        ppr = f'<w:pStyle w:val="{block.style}"/>'
        if block.style == "ListNumber":
            num = self.list_nums.setdefault(block.list_id, self.next_num + len(self.list_nums))
            ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
        body, stop = block.runs, ""
        if block.notes and catalog_of(self.doc.lang) == "es":
            body, stop = _split_stop(block.runs)  # RAE: "lícitos¹." (Chicago: "lícitos.¹")
        runs = self.text.runs(body) + self._refs(block.notes)
        if stop:
            runs += self.text.run(Run(stop))
        return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"

    def _refs(self, notes: tuple[str, ...]) -> str:
        """Footnote references for ``notes``, which become the next footnotes."""
        runs = ""
        for text in notes:
            self.notes.append(text)
            runs += (
                f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>{_lang(self.lang)}'
                f'</w:rPr><w:footnoteReference w:id="{len(self.notes)}"/></w:r>'
            )
        return runs

    def _headlines(self, headlines: tuple[Headline, ...], notes: tuple[str, ...]) -> str:
        """Headline figures side by side: a borderless one-row table, an accent rule above
        each figure; the block's notes follow the last one."""
        width = 5000 // len(headlines)
        rule = '<w:top w:val="single" w:sz="18" w:space="0" w:color="1F3864"/>'
        # a white right border keeps the rules of neighbouring figures apart
        gap = (
            '<w:left w:val="nil"/><w:bottom w:val="nil"/>'
            '<w:right w:val="single" w:sz="48" w:space="0" w:color="FFFFFF"/>'
        )
        cells = []
        for i, h in enumerate(headlines):
            refs = self._refs(notes) if i == len(headlines) - 1 else ""
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="pct"/><w:tcBorders>{rule}{gap}'
                "</w:tcBorders></w:tcPr>"
                + _para("HeadlineNumber", self.text.runs(h.number))
                + _para("HeadlineLabel", self.text.runs(h.label) + refs)
                + "</w:tc>"
            )
        grid = "".join(f'<w:gridCol w:w="{9360 // len(headlines)}"/>' for _ in headlines)
        return (
            '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr></w:tbl>"
        )

    def _table(self, block: Block) -> str:
        """A full-width grid table; the first row repeats on each page as a header."""
        columns = len(block.rows[0])
        width = 5000 // columns  # fiftieths of a percent
        grid = "".join('<w:gridCol w:w="3120"/>' for _ in range(columns))
        rows = []
        for i, row in enumerate(block.rows):
            trpr = (
                "<w:trPr><w:tblHeader/></w:trPr>" if i == 0 else "<w:trPr><w:cantSplit/></w:trPr>"
            )
            cells = []
            for cell in row:
                shade = (
                    '<w:shd w:val="clear" w:color="auto" w:fill="FFF2CC"/>' if cell.shade else ""
                )
                if i == 0:
                    shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>'
                text = self.text.in_lang(cell.lang) if cell.lang else self.text
                paras = _cell_paragraphs(cell, text)
                if i == 0:
                    paras = [p.replace("<w:rPr>", "<w:rPr><w:b/>") for p in paras]
                cells.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="pct"/>{shade}</w:tcPr>'
                    + "".join(
                        f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{p}</w:p>' for p in paras
                    )
                    + "</w:tc>"
                )
            rows.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
        return (
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
            "<w:p/>"
        )

    def _footnotes(self) -> str:
        seps = (
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        )
        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>{_lang(self.lang)}</w:rPr>'
            f"<w:footnoteRef/></w:r>{self.text.run(Run(' ' + text))}"
            "</w:p></w:footnote>"
            for i, text in enumerate(self.notes, 1)
        )
        return f"{XML_HEAD}<w:footnotes {W}>{seps}{notes}</w:footnotes>"

    def _numbering(self) -> str:
        """Reference numbering plus one w:num per numbered list, restarting at 1."""
        base = self.ref.numbering
        abs_id = self.ref.list_number_abstract_id
        extra = "".join(
            f'<w:num w:numId="{num}"><w:abstractNumId w:val="{abs_id}"/><w:lvlOverride '
            f'w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            for num in self.list_nums.values()
        )
        at = base.find("<w:numIdMacAtCleanup")  # the one element allowed after every w:num
        at = at if at >= 0 else base.rfind("</w:numbering>")
        return base[:at] + extra + base[at:]


def _split_stop(runs: tuple[Run, ...]) -> tuple[tuple[Run, ...], str]:
    """The runs without their closing punctuation mark, and that mark."""
    if not runs or runs[-1].mark or not runs[-1].text.endswith((".", ";", ":")):
        return runs, ""
    last = runs[-1]
    return (*runs[:-1], replace(last, text=last.text[:-1])), last.text[-1]


@lru_cache(maxsize=16)
def _cell_paragraphs(cell: Cell, text: _Text) -> list[str]:
    """The content of each paragraph of a cell; a part with a key is a bookmarked,
    editable translation (see :mod:`shim.docx.packet`)."""
    if not cell.parts:
        return [text.runs(cell.runs)]
    return [
        mark_cell(part.key, part.index, text.runs(part.runs), state=part.state)
        if part.key is not None
        else text.runs(part.runs)
        for part in cell.parts
    ]


@lru_cache(maxsize=16)
def _proof_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _t(text: str) -> str:
    """Text as w:t elements; line breaks and tabs become w:br and w:tab."""
    if "\n" not in text and "\t" not in text:
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>' if text else ""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if part:
                out.append(f'<w:t xml:space="preserve">{esc(part)}</w:t>')
    return "".join(out)


def _para(style: str, content: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{content}</w:p>'


def _lang(tag: str) -> str:
    return f'<w:lang w:val="{tag}"/>'


class _Text(msgspec.Struct, frozen=True):
    """How runs are written in one document: language tag, mark labels, do-not-proof terms."""

    lang: str  # w:lang tag
    code: str  # --lang code, for the labels of marked text
    proof: re.Pattern[str] | None = None

    def in_lang(self, code: str) -> _Text:
        return replace(self, lang=code, code=code)

    def runs(self, runs: Iterable[Run]) -> str:
        """Runs of one paragraph; a marked span is labelled once, at its start."""
        return _runs_xml(self, tuple(runs))

    def _runs(self, runs: tuple[Run, ...]) -> str:
        out, previous = [], None
        for run in runs:
            out.append(self.run(run, label=run.mark != previous))
            previous = run.mark
        return "".join(out)

    def run(self, run: Run, label: bool = True) -> str:
        if run.mark == "field":
            return (
                f'<w:fldSimple w:instr=" {esc(run.text)} "><w:r><w:rPr>{_lang(self.lang)}'
                "</w:rPr><w:t>1</w:t></w:r></w:fldSimple>"
            )
        rpr = _lang(self.lang)
        text = run.text
        if run.mark:
            rpr = f'<w:highlight w:val="yellow"/>{rpr}'
            if label:
                key = (run.mark, catalog_of(self.code))
                text = f"[{MARK_LABELS.get(key, run.mark)}] {text}"
        if self.proof is None or not self.proof.search(text):
            return f"<w:r><w:rPr>{rpr}</w:rPr>{_t(text)}</w:r>"
        parts, pos = [], 0
        for m in self.proof.finditer(text):
            if m.start() > pos:
                parts.append((rpr, text[pos : m.start()]))
            parts.append((f"<w:noProof/>{rpr}", m.group(0)))
            pos = m.end()
        if pos < len(text):
            parts.append((rpr, text[pos:]))
        return "".join(f"<w:r><w:rPr>{props}</w:rPr>{_t(part)}</w:r>" for props, part in parts)


@lru_cache(maxsize=4096)  # a batch's documents share most paragraphs
def _runs_xml(text: _Text, runs: tuple[Run, ...]) -> str:
    return text._runs(runs)


def _frame(tag: str, runs: tuple[Run, ...], text: _Text, meta: Meta, style: str) -> str:
    lang = text.lang
    content = text.runs(runs)
    if tag == "hdr" and meta.draft:
        label = draft_label(meta.language)
        content += (
            f'<w:r><w:rPr><w:b/><w:color w:val="C00000"/>{_lang(lang)}</w:rPr>'
            f'<w:tab/><w:t xml:space="preserve">{label}</w:t></w:r>'
        )
    return (
        f'{XML_HEAD}<w:{tag} {W}><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f"{content}</w:p></w:{tag}>"
    )
