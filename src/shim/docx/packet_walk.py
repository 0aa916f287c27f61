"""The text of a returned review packet as a person reads it: tracked changes accepted.

A walk over ``word/document.xml`` that turns it into tokens (text, paragraph and
bookmark starts and ends) tagged with their table cell. Deleted text and deleted rows
vanish, inserted and moved text counts, split runs join, Word's and LibreOffice's
symbol encodings are read as characters. :mod:`shim.docx.packet_read` builds the cells
and bookmarked messages from the tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


# Subtrees whose text is never part of the visible, accepted text.
_SKIP = {
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblGrid",
    "sectPr",
    "tblPrEx",
    "sdtPr",
    "sdtEndPr",
    "delText",
    "delInstrText",
    "instrText",
    "drawing",
    "pict",
    "object",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
    "annotationRef",
    "rt",  # ruby annotation text; rubyBase is read
    "fldData",
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "commentRangeStart",
    "commentRangeEnd",
    "proofErr",
    "lastRenderedPageBreak",
}
# Subtrees that vanish when changes are accepted (their bookmarks stay).
_DELETED = {"del", "moveFrom"}

# Symbol font, Windows encoding, the characters one meets in prose.
_SYMBOL = {
    0x22: "∀",
    0x24: "∃",
    0x27: "∋",
    0x2A: "∗",
    0x2D: "−",
    0x40: "≅",
    0x5C: "∴",
    0x5E: "⊥",
    0x7E: "∼",
    0xA0: "€",
    0xA2: "′",
    0xA3: "≤",
    0xA5: "∞",
    0xAC: "←",
    0xAD: "↑",
    0xAE: "→",
    0xAF: "↓",
    0xB0: "°",
    0xB1: "±",
    0xB2: "″",
    0xB3: "≥",
    0xB4: "×",
    0xB7: "•",
    0xB8: "÷",
    0xB9: "≠",
    0xBA: "≡",
    0xBB: "≈",
    0xBC: "…",
    0xD2: "®",
    0xD3: "©",
    0xD4: "™",
    0xD5: "∏",
    0xD6: "√",
    0xE2: "®",
    0xE3: "©",
    0xE4: "™",
    0xE5: "∑",
}
_SYMBOL.update(zip(range(0x41, 0x5B), "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ", strict=True))
_SYMBOL.update(zip(range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True))


def _sym(font: str, char: str) -> str:
    try:
        code = int(char, 16)
    except ValueError:
        return "\ufffd"
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    if font.lower() == "symbol":
        if low in _SYMBOL:
            return _SYMBOL[low]
        if 0x20 <= low < 0x7F:
            return chr(low)
        return "\ufffd"
    if 0xF000 <= code <= 0xF0FF:  # a picture font (Wingdings...): no text meaning
        return "\ufffd"
    return chr(code)


@dataclass
class Tok:
    kind: str  # "text", "pstart", "pend", "bstart", "bend"
    para: int  # logical paragraph (paragraphs joined by a deleted mark share one)
    cell: tuple[int, int, int]  # (table, row, column) of the outermost table, or zeros
    text: str = ""
    bid: str = ""
    name: str = ""


class Walker:
    def __init__(self, ns: str) -> None:
        self.ns = ns
        self.toks: list[Tok] = []
        self.table = 0
        self.depth = 0  # table nesting
        self.row = 0
        self.col = 0
        self.cell = (0, 0, 0)
        self.para = 0
        self.merge_next = False  # the previous paragraph's mark was deleted
        self.heading = ""
        self.headings: dict[int, str] = {}  # table -> heading before it
        self.cell_order: list[tuple[int, int, int]] = []
        self.para_style = ""
        self.para_text: list[str] = []

    def q(self, el: etree._Element) -> str:
        if not isinstance(el.tag, str):
            return ""
        qn = etree.QName(el)
        if qn.namespace == MC_NS:
            return f"mc:{qn.localname}"
        return str(qn.localname) if qn.namespace == self.ns else ""

    def w(self, el: etree._Element, attr: str) -> str | None:
        value = el.get(f"{{{self.ns}}}{attr}")
        return None if value is None else str(value)

    def emit(self, kind: str, **kw: str) -> None:
        self.toks.append(Tok(kind, self.para, self.cell, **kw))

    # -- structure

    def walk(self, el: etree._Element, deleted: bool) -> None:
        for child in el:
            self.node(child, deleted)

    def node(self, el: etree._Element, deleted: bool) -> None:
        tag = self.q(el)
        if not tag:
            return  # other namespaces (w14 etc.) carry no text we read
        if tag == "mc:AlternateContent":
            choice = el.find(f"{{{MC_NS}}}Choice")
            if choice is not None:
                self.walk(choice, deleted)
            return
        if tag in _SKIP or tag.startswith("mc:"):
            return
        if tag == "tbl":
            self.table_(el, deleted)
        elif tag == "tr":
            self.row_(el, deleted)
        elif tag == "tc":
            self.cell_(el, deleted)
        elif tag == "p":
            self.paragraph(el, deleted)
        elif tag == "bookmarkStart":
            if self.w(el, "colFirst") is None:  # column bookmarks are not ours
                self.emit("bstart", bid=self.w(el, "id") or "", name=self.w(el, "name") or "")
        elif tag == "bookmarkEnd":
            self.emit("bend", bid=self.w(el, "id") or "")
        elif tag in _DELETED:
            self.walk(el, deleted=True)
        elif tag == "r":
            self.run(el, deleted)
        else:  # ins, moveTo, hyperlink, smartTag, customXml, sdt, sdtContent, fldSimple...
            self.walk(el, deleted)

    def table_(self, el: etree._Element, deleted: bool) -> None:
        self.merge_next = False  # a deleted mark does not join across a table edge
        self.depth += 1
        if self.depth == 1:
            self.table += 1
            self.row = 0
            self.headings[self.table] = self.heading
            self.walk(el, deleted)
            self.cell = (0, 0, 0)
        else:  # a nested table: its text belongs to the outer cell
            self.walk(el, deleted)
        self.depth -= 1

    def row_(self, el: etree._Element, deleted: bool) -> None:
        if self.depth > 1:
            self.walk(el, deleted)
            return
        trpr = el.find(f"{{{self.ns}}}trPr")
        if trpr is not None and trpr.find(f"{{{self.ns}}}del") is not None:
            # A tracked row deletion: gone once accepted. Its bookmarks go with it.
            return
        self.row += 1
        self.col = 0
        if trpr is not None:
            gb = trpr.find(f"{{{self.ns}}}gridBefore")
            if gb is not None:
                self.col += int(self.w(gb, "val") or 0)
        self.walk(el, deleted)

    def cell_(self, el: etree._Element, deleted: bool) -> None:
        if self.depth > 1:
            self.walk(el, deleted)
            return
        span = 1
        tcpr = el.find(f"{{{self.ns}}}tcPr")
        if tcpr is not None:
            gs = tcpr.find(f"{{{self.ns}}}gridSpan")
            if gs is not None:
                span = max(1, int(self.w(gs, "val") or 1))
            if tcpr.find(f"{{{self.ns}}}cellDel") is not None:
                self.col += span
                return
        self.cell = (self.table, self.row, self.col + 1)
        self.cell_order.append(self.cell)
        self.merge_next = False
        self.walk(el, deleted)
        self.merge_next = False
        self.col += span
        self.cell = (self.table, self.row, 0)

    def paragraph(self, el: etree._Element, deleted: bool) -> None:
        if not self.merge_next:
            self.para += 1
        self.para_text = []
        ppr = el.find(f"{{{self.ns}}}pPr")
        self.para_style = ""
        mark_deleted = False
        if ppr is not None:
            st = ppr.find(f"{{{self.ns}}}pStyle")
            if st is not None:
                self.para_style = self.w(st, "val") or ""
            rpr = ppr.find(f"{{{self.ns}}}rPr")
            if rpr is not None:
                mark_deleted = (
                    rpr.find(f"{{{self.ns}}}del") is not None
                    or rpr.find(f"{{{self.ns}}}moveFrom") is not None
                )
        self.emit("pstart")
        self.walk(el, deleted)
        # A deleted paragraph mark joins this paragraph with the next one (same cell).
        self.merge_next = mark_deleted
        self.emit("pend")
        if not self.cell[0] and _is_heading(self.para_style):
            self.heading = "".join(self.para_text).strip()

    def run(self, el: etree._Element, deleted: bool) -> None:
        font = ""
        fonts = el.find(f"{{{self.ns}}}rPr/{{{self.ns}}}rFonts")
        if fonts is not None:
            font = self.w(fonts, "ascii") or self.w(fonts, "hAnsi") or ""
        for child in el:
            tag = self.q(child)
            if tag in ("bookmarkStart", "bookmarkEnd") or tag.startswith("mc:"):
                self.node(child, deleted)
                continue
            if deleted:
                continue
            text = ""
            if tag == "t":
                text = child.text or ""
                if any("\uf000" <= c <= "\uf0ff" for c in text):
                    # LibreOffice writes w:sym as a private-use character in a run
                    # whose font is the symbol font.
                    text = "".join(
                        _sym(font, f"{ord(c):04X}") if "\uf000" <= c <= "\uf0ff" else c
                        for c in text
                    )
            elif tag in ("tab", "ptab"):
                text = "\t"
            elif tag in ("br", "cr"):
                text = "\n"
            elif tag == "noBreakHyphen":
                text = "\u2011"
            # softHyphen shows only where a line breaks: no text, like every other child.
            elif tag == "sym":
                text = _sym(self.w(child, "font") or "", self.w(child, "char") or "")
            elif tag in ("ruby",):
                base = child.find(f"{{{self.ns}}}rubyBase")
                if base is not None:
                    self.walk(base, deleted)
                continue
            if text:
                self.emit("text", text=text)
                self.para_text.append(text)


def _is_heading(style: str) -> bool:
    s = style.lower().replace(" ", "")
    return s.startswith("heading") or s == "title"
