"""Unit tests of the review packet: the table written and read back cell by cell.

`shim.docx.packet` (bookmark names, marked cells, protection), `packet_walk` (the text a
person reads, tracked changes accepted) and `packet_read` (cells and bookmarks).
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from shim.docx.packet import (
    bookmark_name,
    bookmark_state,
    canonical_name,
    key_token,
    mark_cell,
    message_key,
    parse_bookmark_name,
    protect_settings,
    state_token,
)
from shim.docx.packet_read import CellText, _results, read_packet
from shim.docx.packet_walk import MC_NS, Tok, Walker, _is_heading, _sym
from shim.docx.safezip import PackageError

from .conftest import settings_children

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
NSDECL = f'xmlns:w="{W_NS}" xmlns:mc="{MC_NS}" xmlns:w14="{W14_NS}"'


def walked(body: str) -> Walker:
    """A walker that has walked ``body`` (the content of ``w:body``)."""
    walker = Walker(W_NS)
    walker.walk(etree.fromstring(f"<w:body {NSDECL}>{body}</w:body>"), deleted=False)
    return walker


def shown(body: str) -> list[str]:
    """The tokens of ``body``, each as a short string: <p1> </p1> <b7 name> </b7> or text."""
    out = []
    for t in walked(body).toks:
        if t.kind == "pstart":
            out.append(f"<p{t.para}>")
        elif t.kind == "pend":
            out.append(f"</p{t.para}>")
        elif t.kind == "bstart":
            out.append(f"<b{t.bid} {t.name}>")
        elif t.kind == "bend":
            out.append(f"</b{t.bid}>")
        else:
            assert t.kind == "text"
            out.append(t.text)
    return out


def text_of(body: str) -> str:
    return "".join(t.text for t in walked(body).toks if t.kind == "text")


def p(*content: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(content)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    return (
        f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'
    )


def tc(*paragraphs: str, tcpr: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{tcpr}</w:tcPr>' if tcpr else ''}{''.join(paragraphs)}</w:tc>"


def tr(*cells: str, trpr: str = "") -> str:
    return f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/><w:tblGrid/>{''.join(rows)}</w:tbl>"


def bs(bid: int, name: str) -> str:
    return f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>'


def be(bid: int) -> str:
    return f'<w:bookmarkEnd w:id="{bid}"/>'


DEL = 'w:id="1" w:author="A" w:date="2024-05-01T10:00:00Z"'


# ------------------------------------------------------------------ packet_walk: symbols

# The Symbol font's encoding (Adobe's Symbol set as Windows uses it), letter by letter.
SYMBOL_GREEK = {
    "A": "Α",
    "B": "Β",
    "C": "Χ",
    "D": "Δ",
    "E": "Ε",
    "F": "Φ",
    "G": "Γ",
    "H": "Η",
    "I": "Ι",
    "J": "ϑ",
    "K": "Κ",
    "L": "Λ",
    "M": "Μ",
    "N": "Ν",
    "O": "Ο",
    "P": "Π",
    "Q": "Θ",
    "R": "Ρ",
    "S": "Σ",
    "T": "Τ",
    "U": "Υ",
    "V": "ς",
    "W": "Ω",
    "X": "Ξ",
    "Y": "Ψ",
    "Z": "Ζ",
    "a": "α",
    "b": "β",
    "c": "χ",
    "d": "δ",
    "e": "ε",
    "f": "φ",
    "g": "γ",
    "h": "η",
    "i": "ι",
    "j": "ϕ",
    "k": "κ",
    "l": "λ",
    "m": "μ",
    "n": "ν",
    "o": "ο",
    "p": "π",
    "q": "θ",
    "r": "ρ",
    "s": "σ",
    "t": "τ",
    "u": "υ",
    "v": "ϖ",
    "w": "ω",
    "x": "ξ",
    "y": "ψ",
    "z": "ζ",
}
SYMBOL_SIGNS = {
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
    0xD2: "®",  # serif
    0xD3: "©",
    0xD4: "™",
    0xD5: "∏",
    0xD6: "√",
    0xE2: "®",  # sans serif
    0xE3: "©",
    0xE4: "™",
    0xE5: "∑",
}


@pytest.mark.parametrize(("letter", "greek"), SYMBOL_GREEK.items())
def test_a_symbol_font_letter_is_its_greek_letter(letter: str, greek: str) -> None:
    assert _sym("Symbol", f"F0{ord(letter):02X}") == greek
    assert _sym("symbol", f"{ord(letter):04X}") == greek


@pytest.mark.parametrize(("code", "sign"), SYMBOL_SIGNS.items())
def test_a_symbol_font_sign_is_its_unicode_sign(code: int, sign: str) -> None:
    assert _sym("Symbol", f"{0xF000 + code:04X}") == sign
    assert _sym("Symbol", f"{code:02X}") == sign


@pytest.mark.parametrize(
    ("font", "char", "expected"),
    [
        ("Symbol", "F020", " "),  # printable ASCII without another meaning is itself
        ("Symbol", "F07D", "}"),
        ("Symbol", "0023", "#"),
        ("Symbol", "F01F", "\ufffd"),  # below the printable range
        ("Symbol", "F07F", "\ufffd"),  # DEL
        ("Symbol", "F0FF", "\ufffd"),  # an upper code without a mapping
        ("Symbol", "F0A1", "\ufffd"),
        ("Symbol", "EFFF", "\ufffd"),  # outside the private-use block: no Symbol meaning
        ("Symbol", "F100", "\ufffd"),
        ("Symbol", "", "\ufffd"),  # not a hex number
        ("Symbol", "zz", "\ufffd"),
        ("Wingdings", "F000", "\ufffd"),  # picture fonts: no text meaning
        ("Wingdings", "F04A", "\ufffd"),
        ("Wingdings", "F0FF", "\ufffd"),
        ("Wingdings", "EFFF", "\uefff"),  # outside the picture block: the character
        ("Wingdings", "F100", "\uf100"),
        ("Arial", "2014", "—"),
        ("", "41", "A"),
        ("Arial", "x", "\ufffd"),
    ],
)
def test_a_sym_character_is_read_by_its_font(font: str, char: str, expected: str) -> None:
    assert _sym(font, char) == expected


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("Heading1", True),
        ("heading 2", True),
        ("HEADING3", True),
        ("Title", True),
        ("ti tle", True),
        ("Subtitle", False),
        ("Title2", False),
        ("MyHeading", False),
        ("TableText", False),
        ("", False),
    ],
)
def test_heading_styles_are_headings_and_titles(style: str, expected: bool) -> None:
    assert _is_heading(style) is expected


# ------------------------------------------------------------------ packet_walk: text


def test_a_paragraph_is_its_start_its_text_and_its_end() -> None:
    walker = walked(p(r("Hola "), r("mundo")) + p(r("Adiós")))
    assert [(t.kind, t.para, t.cell, t.text, t.bid, t.name) for t in walker.toks] == [
        ("pstart", 1, (0, 0, 0), "", "", ""),
        ("text", 1, (0, 0, 0), "Hola ", "", ""),
        ("text", 1, (0, 0, 0), "mundo", "", ""),
        ("pend", 1, (0, 0, 0), "", "", ""),
        ("pstart", 2, (0, 0, 0), "", "", ""),
        ("text", 2, (0, 0, 0), "Adiós", "", ""),
        ("pend", 2, (0, 0, 0), "", "", ""),
    ]


def test_a_token_has_no_text_nor_bookmark_unless_given() -> None:
    assert Tok("pstart", 3, (1, 2, 3)) == Tok("pstart", 3, (1, 2, 3), text="", bid="", name="")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<w:tab/>", "\t"),
        ("<w:ptab/>", "\t"),
        ('<w:br w:type="page"/>', "\n"),
        ("<w:cr/>", "\n"),
        ("<w:noBreakHyphen/>", "\u2011"),
        ("<w:softHyphen/>", ""),
        ('<w:sym w:font="Symbol" w:char="F0B3"/>', "≥"),
        ('<w:sym w:font="Wingdings" w:char="F04A"/>', "\ufffd"),
        ('<w:sym w:char="0041"/>', "A"),  # no font: the character itself
        ('<w:sym w:font="Symbol"/>', "\ufffd"),  # no character
        ("<w:delText>borrado</w:delText>", ""),
        ("<w:instrText> PAGE </w:instrText>", ""),
        ('<w:fldChar w:fldCharType="begin"/>', ""),
        ('<w:footnoteReference w:id="1"/>', ""),
        ("<w:t/>", ""),
    ],
)
def test_a_run_child_reads_as_the_character_it_shows(content: str, expected: str) -> None:
    assert shown(p(f"<w:r>{content}</w:r>")) == ["<p1>", *([expected] if expected else []), "</p1>"]


def test_ruby_reads_its_base_not_its_annotation() -> None:
    ruby = (
        "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>kan</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>漢</w:t></w:r></w:rubyBase></w:ruby><w:t>字</w:t></w:r>"
    )
    assert shown(p(ruby)) == ["<p1>", "漢", "字", "</p1>"]
    assert shown(p("<w:r><w:ruby><w:rt><w:r><w:t>kan</w:t></w:r></w:rt></w:ruby></w:r>")) == [
        "<p1>",
        "</p1>",
    ]


def test_ruby_base_inside_a_deletion_is_gone() -> None:
    ruby = "<w:r><w:ruby><w:rubyBase><w:r><w:t>漢</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    assert shown(p(f"<w:del {DEL}>{ruby}</w:del>", r("x"))) == ["<p1>", "x", "</p1>"]


@pytest.mark.parametrize(
    ("rpr", "expected"),
    [
        ('<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/>', "a≥b"),
        ('<w:rFonts w:hAnsi="Symbol"/>', "a≥b"),
        ('<w:rFonts w:ascii="symbol" w:hAnsi="Arial"/>', "a≥b"),
        ('<w:rFonts w:ascii="Wingdings" w:hAnsi="Symbol"/>', "a\ufffdb"),
        ('<w:rFonts w:eastAsia="Symbol"/>', "a\ufffdb"),
        ("", "a\ufffdb"),
    ],
)
def test_libreoffice_symbols_are_read_with_the_runs_font(rpr: str, expected: str) -> None:
    """LibreOffice writes w:sym as a private-use character in a run of the symbol font."""
    assert text_of(p(r("a\uf0b3b", rpr))) == expected


def test_private_use_characters_at_both_ends_of_the_block_are_symbols() -> None:
    rpr = '<w:rFonts w:ascii="Symbol"/>'
    assert text_of(p(r("\uf000\uf041\uf0ff\uefff\uf100", rpr))) == "\ufffdΑ\ufffd\uefff\uf100"


@pytest.mark.parametrize("char", ["\uf000", "\uf0ff"])
def test_a_private_use_character_alone_is_read_at_both_ends_of_the_block(char: str) -> None:
    assert text_of(p(r(f"a{char}", '<w:rFonts w:ascii="Symbol"/>'))) == "a\ufffd"


# Subtrees whose text is not part of the accepted text; each holds a run here.
SKIPPED = [
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
    "rt",
    "fldData",
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "commentRangeStart",
    "commentRangeEnd",
    "proofErr",
    "lastRenderedPageBreak",
]


@pytest.mark.parametrize("tag", SKIPPED)
def test_text_inside_a_property_or_reference_subtree_is_not_read(tag: str) -> None:
    inner = f'<w:{tag}>{r("oculto")}<w:bookmarkStart w:id="9" w:name="x"/></w:{tag}>'
    assert shown(p(r("a"), inner, r("b"))) == ["<p1>", "a", "b", "</p1>"]


@pytest.mark.parametrize(
    "wrapper",
    ["ins", "moveTo", "hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple"],
)
def test_text_inside_an_insertion_or_a_container_is_read(wrapper: str) -> None:
    assert shown(p(r("a"), f"<w:{wrapper}>{r('b')}</w:{wrapper}>")) == ["<p1>", "a", "b", "</p1>"]


@pytest.mark.parametrize("wrapper", ["del", "moveFrom"])
def test_deleted_text_vanishes_and_its_bookmarks_stay(wrapper: str) -> None:
    gone = (
        f'<w:{wrapper} {DEL}><w:bookmarkStart w:id="3" w:name="m"/>'
        f'<w:r><w:t>viejo</w:t><w:tab/><w:br/><w:sym w:font="Arial" w:char="41"/>'
        f'<w:bookmarkEnd w:id="3"/></w:r><w:hyperlink>{r("enlace")}</w:hyperlink></w:{wrapper}>'
    )
    assert shown(p(r("a"), gone, r("b"))) == ["<p1>", "a", "<b3 m>", "</b3>", "b", "</p1>"]


def test_an_insertion_outside_any_paragraph_is_read() -> None:
    """A tracked insertion may stand at body level, holding runs (CT_Body allows it)."""
    walker = walked(f"<w:ins {DEL}>{r('suelto')}</w:ins>" + p(r("a")))
    assert [(t.kind, t.para, t.text) for t in walker.toks] == [
        ("text", 0, "suelto"),
        ("pstart", 1, ""),
        ("text", 1, "a"),
        ("pend", 1, ""),
    ]


def test_other_namespaces_carry_no_text() -> None:
    body = p(r("a"), f"<w14:foo>{r('b')}</w14:foo>", "<!-- c -->", "<?pi d?>", r("e"))
    assert shown(body) == ["<p1>", "a", "e", "</p1>"]
    assert walked(f"<w14:x>{p(r('z'))}</w14:x>").toks == []


def test_a_namespace_other_than_the_walkers_carries_no_text() -> None:
    body = f'<w:body {NSDECL}><x:p xmlns:x="urn:other"><x:r><x:t>a</x:t></x:r></x:p></w:body>'
    walker = Walker(W_NS)
    walker.walk(etree.fromstring(body), deleted=False)
    assert walker.toks == []
    other = Walker("urn:other")
    other.walk(etree.fromstring(body), deleted=False)
    assert [(t.kind, t.text) for t in other.toks] == [("pstart", ""), ("text", "a"), ("pend", "")]


def test_alternate_content_reads_the_choice_not_the_fallback() -> None:
    ac = (
        f"<mc:AlternateContent><mc:Choice Requires='w14'>{r('elegido')}</mc:Choice>"
        f"<mc:Fallback>{r('respaldo')}</mc:Fallback></mc:AlternateContent>"
    )
    assert shown(p(r("a"), ac)) == ["<p1>", "a", "elegido", "</p1>"]
    only_fallback = (
        f"<mc:AlternateContent><mc:Fallback>{r('x')}</mc:Fallback></mc:AlternateContent>"
    )
    assert shown(p(r("a"), only_fallback)) == ["<p1>", "a", "</p1>"]
    assert shown(p(f"<mc:Fallback>{r('x')}</mc:Fallback>")) == ["<p1>", "</p1>"]


def test_alternate_content_inside_a_run_is_read() -> None:
    ac = (
        "<mc:AlternateContent><mc:Choice Requires='w14'><w:r><w:t>b</w:t></w:r></mc:Choice>"
        "</mc:AlternateContent>"
    )
    assert shown(p(f"<w:r><w:t>a</w:t>{ac}<w:t>c</w:t></w:r>")) == ["<p1>", "a", "b", "c", "</p1>"]


def test_alternate_content_keeps_a_deletion() -> None:
    ac = (
        f"<mc:AlternateContent><mc:Choice Requires='w14'>{r('b')}</mc:Choice></mc:AlternateContent>"
    )
    assert shown(p(f"<w:del {DEL}>{ac}</w:del>")) == ["<p1>", "</p1>"]
    in_run = f"<w:del {DEL}><w:r>{ac}</w:r></w:del>"
    assert shown(p(in_run)) == ["<p1>", "</p1>"]


# ------------------------------------------------------------------ packet_walk: bookmarks


def test_bookmarks_are_read_with_their_id_and_name() -> None:
    body = p(
        '<w:bookmarkStart w:id="4" w:name="shim_x_4"/>',
        r("a"),
        f"<w:r>{bs(5, 'in_run')}<w:t>b</w:t>{be(5)}</w:r>",
        '<w:bookmarkEnd w:id="4"/>',
    )
    assert shown(body) == [
        "<p1>",
        "<b4 shim_x_4>",
        "a",
        "<b5 in_run>",
        "b",
        "</b5>",
        "</b4>",
        "</p1>",
    ]


def test_a_bookmark_without_id_or_name_reads_as_empty() -> None:
    toks = walked(p("<w:bookmarkStart/>", "<w:bookmarkEnd/>")).toks
    assert [(t.kind, t.bid, t.name) for t in toks[1:3]] == [("bstart", "", ""), ("bend", "", "")]


def test_a_column_bookmark_is_not_read() -> None:
    body = p('<w:bookmarkStart w:id="1" w:name="col" w:colFirst="0" w:colLast="1"/>', r("a"))
    assert shown(body) == ["<p1>", "a", "</p1>"]


# ------------------------------------------------------------------ packet_walk: tables


def cells_of(body: str) -> list[tuple[str, tuple[int, int, int]]]:
    """Each text token with its cell."""
    return [(t.text, t.cell) for t in walked(body).toks if t.kind == "text"]


def test_text_is_tagged_with_its_table_row_and_column() -> None:
    body = (
        p(r("antes"))
        + tbl(tr(tc(p(r("a1"))), tc(p(r("a2")))), tr(tc(p(r("b1"))), tc(p(r("b2")))))
        + p(r("entre"))
        + tbl(tr(tc(p(r("c1")))))
        + p(r("después"))
    )
    assert cells_of(body) == [
        ("antes", (0, 0, 0)),
        ("a1", (1, 1, 1)),
        ("a2", (1, 1, 2)),
        ("b1", (1, 2, 1)),
        ("b2", (1, 2, 2)),
        ("entre", (0, 0, 0)),
        ("c1", (2, 1, 1)),
        ("después", (0, 0, 0)),
    ]
    assert walked(body).cell_order == [(1, 1, 1), (1, 1, 2), (1, 2, 1), (1, 2, 2), (2, 1, 1)]


def test_the_marks_of_a_paragraph_in_a_cell_carry_the_cell() -> None:
    toks = walked(tbl(tr(tc(p(r("a"))), tc(p()))))
    assert [(t.kind, t.para, t.cell) for t in toks.toks] == [
        ("pstart", 1, (1, 1, 1)),
        ("text", 1, (1, 1, 1)),
        ("pend", 1, (1, 1, 1)),
        ("pstart", 2, (1, 1, 2)),
        ("pend", 2, (1, 1, 2)),
    ]


def test_text_between_cells_of_a_row_has_column_zero() -> None:
    body = tbl(tr(tc(p(r("a"))), '<w:bookmarkStart w:id="1" w:name="x"/>', tc(p(r("b")))))
    toks = walked(body).toks
    assert [(t.kind, t.cell) for t in toks if t.kind in ("bstart", "text")] == [
        ("text", (1, 1, 1)),
        ("bstart", (1, 1, 0)),
        ("text", (1, 1, 2)),
    ]


def test_a_nested_table_belongs_to_the_outer_cell() -> None:
    inner = tbl(tr(tc(p(r("n1"))), tc(p(r("n2")))), tr(tc(p(r("n3")))))
    body = tbl(tr(tc(p(r("a")), inner, p(r("b"))), tc(p(r("c")))), tr(tc(p(r("d")))))
    walker = walked(body + tbl(tr(tc(p(r("e"))))))
    assert [(t.text, t.cell) for t in walker.toks if t.kind == "text"] == [
        ("a", (1, 1, 1)),
        ("n1", (1, 1, 1)),
        ("n2", (1, 1, 1)),
        ("n3", (1, 1, 1)),
        ("b", (1, 1, 1)),
        ("c", (1, 1, 2)),
        ("d", (1, 2, 1)),
        ("e", (2, 1, 1)),
    ]
    assert walker.cell_order == [(1, 1, 1), (1, 1, 2), (1, 2, 1), (2, 1, 1)]


def test_a_nested_table_does_not_count_as_a_table() -> None:
    inner = tbl(tr(tc(p(r("n")))))
    walker = walked(tbl(tr(tc(inner))) + p(r("fuera")))
    assert [(t.text, t.cell) for t in walker.toks if t.kind == "text"] == [
        ("n", (1, 1, 1)),
        ("fuera", (0, 0, 0)),
    ]
    assert walker.headings == {1: ""}


def test_a_tracked_row_deletion_removes_the_row_and_its_bookmarks() -> None:
    gone = tr(tc(p('<w:bookmarkStart w:id="1" w:name="m"/>', r("viejo"))), trpr=f"<w:del {DEL}/>")
    body = tbl(tr(tc(p(r("a")))), gone, tr(tc(p(r("b")))), tr(tc(p(r("c"))), trpr="<w:cantSplit/>"))
    assert shown(body) == ["<p1>", "a", "</p1>", "<p2>", "b", "</p2>", "<p3>", "c", "</p3>"]
    assert cells_of(body) == [("a", (1, 1, 1)), ("b", (1, 2, 1)), ("c", (1, 3, 1))]


def test_a_deleted_row_of_a_nested_table_is_still_read() -> None:
    """Only the outermost table's rows are counted; a nested one is plain cell content."""
    inner = tbl(tr(tc(p(r("n"))), trpr=f"<w:del {DEL}/>"))
    assert cells_of(tbl(tr(tc(inner)))) == [("n", (1, 1, 1))]


@pytest.mark.parametrize(
    ("trpr", "first"),
    [('<w:gridBefore w:val="2"/>', 3), ("<w:gridBefore/>", 1), ("<w:cantSplit/>", 1)],
)
def test_grid_columns_before_a_row_shift_its_columns(trpr: str, first: int) -> None:
    body = tbl(tr(tc(p(r("a"))), tc(p(r("b"))), trpr=trpr), tr(tc(p(r("c")))))
    assert cells_of(body) == [("a", (1, 1, first)), ("b", (1, 1, first + 1)), ("c", (1, 2, 1))]


@pytest.mark.parametrize(
    ("tcpr", "span"),
    [
        ('<w:gridSpan w:val="3"/>', 3),
        ('<w:gridSpan w:val="1"/>', 1),
        ('<w:gridSpan w:val="0"/>', 1),
        ("<w:gridSpan/>", 1),
        ('<w:tcW w:w="10"/>', 1),
    ],
)
def test_a_merged_cell_takes_the_number_of_its_first_column(tcpr: str, span: int) -> None:
    body = tbl(tr(tc(p(r("a")), tcpr=tcpr), tc(p(r("b")))))
    assert cells_of(body) == [("a", (1, 1, 1)), ("b", (1, 1, 1 + span))]


@pytest.mark.parametrize(
    ("tcpr", "skip"), [("<w:cellDel/>", 1), ('<w:gridSpan w:val="2"/><w:cellDel/>', 2)]
)
def test_a_deleted_cell_is_gone_but_keeps_its_columns(tcpr: str, skip: int) -> None:
    body = tbl(tr(tc(p(r("a"))), tc(p(r("gone")), tcpr=tcpr), tc(p(r("b")))))
    walker = walked(body)
    assert cells_of(body) == [("a", (1, 1, 1)), ("b", (1, 1, 2 + skip))]
    assert walker.cell_order == [(1, 1, 1), (1, 1, 2 + skip)]


def test_everything_inside_a_deletion_is_gone_even_a_table() -> None:
    inner = tbl(tr(tc(p(r("anidado")))))
    table = tbl(tr(tc(p(r("a")), inner), tc(p(r("b")))), tr(tc(p(r("c")))))
    walker = walked(f"<w:del {DEL}>{table}</w:del>" + p(r("fuera")))
    assert [t.text for t in walker.toks if t.kind == "text"] == ["fuera"]
    assert walker.cell_order == [(1, 1, 1), (1, 1, 2), (1, 2, 1)]


def test_a_table_whose_rows_are_all_deleted_still_separates_paragraphs() -> None:
    gone = tbl(tr(tc(p(r("x"))), trpr=f"<w:del {DEL}/>"))
    joined = p(r("a"), ppr=f"<w:rPr><w:del {DEL}/></w:rPr>")
    assert shown(p(r("a")) + gone + p(r("b"))) == ["<p1>", "a", "</p1>", "<p2>", "b", "</p2>"]
    assert shown(joined + gone + p(r("b"))) == ["<p1>", "a", "</p1>", "<p2>", "b", "</p2>"]


# ------------------------------------------------------------------ packet_walk: paragraphs


@pytest.mark.parametrize("mark", [f"<w:del {DEL}/>", f"<w:moveFrom {DEL}/>"])
def test_a_deleted_paragraph_mark_joins_the_paragraph_with_the_next(mark: str) -> None:
    body = p(r("uno"), ppr=f"<w:rPr>{mark}</w:rPr>") + p(r("dos")) + p(r("tres"))
    assert shown(body) == ["<p1>", "uno", "</p1>", "<p1>", "dos", "</p1>", "<p2>", "tres", "</p2>"]


@pytest.mark.parametrize("rpr", ["<w:b/>", f"<w:ins {DEL}/>", ""])
def test_a_kept_paragraph_mark_ends_the_paragraph(rpr: str) -> None:
    ppr = f"<w:rPr>{rpr}</w:rPr>" if rpr else '<w:pStyle w:val="Body"/>'
    assert shown(p(r("uno"), ppr=ppr) + p(r("dos"))) == [
        "<p1>",
        "uno",
        "</p1>",
        "<p2>",
        "dos",
        "</p2>",
    ]


def test_a_deleted_paragraph_mark_does_not_join_across_a_cell_or_table_edge() -> None:
    joined = p(r("x"), ppr=f"<w:rPr><w:del {DEL}/></w:rPr>")
    body = joined + tbl(tr(tc(joined), tc(p(r("y"))))) + p(r("z"))
    walker = walked(body)
    assert [(t.text, t.para) for t in walker.toks if t.kind == "text"] == [
        ("x", 1),
        ("x", 2),
        ("y", 3),
        ("z", 4),
    ]
    # the same inside a cell: the last paragraph's deleted mark stops at the cell's end
    body = tbl(tr(tc(p(r("a")), joined), tc(p(r("b")))))
    assert [(t.text, t.para) for t in walked(body).toks if t.kind == "text"] == [
        ("a", 1),
        ("x", 2),
        ("b", 3),
    ]


def test_a_deleted_paragraph_mark_in_a_deleted_row_does_not_join() -> None:
    joined = p(r("x"), ppr=f"<w:rPr><w:del {DEL}/></w:rPr>")
    body = tbl(tr(tc(p(r("a")))), tr(tc(joined), trpr=f"<w:del {DEL}/>"), tr(tc(p(r("b")))))
    assert [(t.text, t.para) for t in walked(body).toks if t.kind == "text"] == [("a", 1), ("b", 2)]


def test_the_heading_before_a_table_is_kept_for_it() -> None:
    h1 = p(r(" Apertura "), r("del acto "), ppr='<w:pStyle w:val="Heading1"/>')
    title = p(r("Título"), ppr='<w:pStyle w:val="Title"/>')
    plain = p(r("texto"), ppr='<w:pStyle w:val="Normal"/>')
    in_cell = p(r("no"), ppr='<w:pStyle w:val="Heading2"/>')
    body = (
        tbl(tr(tc(p(r("a")))))
        + h1
        + plain
        + p(r("sin estilo"))
        + tbl(tr(tc(in_cell)))
        + tbl(tr(tc(p())))
        + title
        + tbl(tr(tc(p())))
    )
    walker = walked(body)
    assert walker.headings == {1: "", 2: "Apertura del acto", 3: "Apertura del acto", 4: "Título"}


def test_a_heading_counts_only_its_visible_text() -> None:
    h = p(
        r("Cierre"),
        f"<w:del {DEL}>{r(' viejo')}</w:del>",
        "<w:r><w:tab/></w:r>",
        ppr='<w:pStyle w:val="heading 1"/>',
    )
    assert walked(h + tbl(tr(tc(p())))).headings == {1: "Cierre"}


def test_a_paragraph_style_without_a_value_is_no_heading() -> None:
    prev = p(r("Antes"), ppr='<w:pStyle w:val="Heading1"/>')
    assert walked(prev + p(r("x"), ppr="<w:pStyle/>") + tbl(tr(tc(p())))).headings == {1: "Antes"}


def test_the_style_of_the_paragraph_is_its_own() -> None:
    """A paragraph without a style after a heading is not a heading."""
    body = p(r("Uno"), ppr='<w:pStyle w:val="Heading1"/>') + p(r("dos")) + tbl(tr(tc(p())))
    walker = walked(body)
    assert walker.headings == {1: "Uno"}
    assert walker.para_style == ""


# ------------------------------------------------------------------ packet_read


def mark(message: str, index: int) -> str:
    """The bookmark name the packet gives the message ``message`` at ``index``."""
    return bookmark_name(message_key(message), index)


def results(body: str, by_token: dict[str, list[str]] | None = None) -> list[CellText]:
    return _results(walked(body), by_token or {})


def marked(body: str, by_token: dict[str, list[str]] | None = None) -> list[CellText]:
    return [c for c in results(body, by_token) if c.bookmark]


HELLO, BYE = mark("Hello", 1), mark("Bye", 2)
HEADED = p(r("Apertura"), ppr='<w:pStyle w:val="Heading1"/>')


def test_a_packet_reads_every_cell_and_every_bookmark_in_document_order() -> None:
    body = HEADED + tbl(
        tr(tc(p(r("English"))), tc(p(r("Español")))),
        tr(tc(p(r("Hello"))), tc(p(bs(1, HELLO), r("Hola"), be(1)))),
    )
    cell = {"heading": "Apertura"}
    row2 = {**cell, "row_bookmarks": (HELLO,)}
    assert results(body, {key_token(message_key("Hello")): [message_key("Hello")]}) == [
        CellText(1, 1, 1, "English", **cell),
        CellText(1, 1, 2, "Español", **cell),
        CellText(1, 2, 1, "Hello", **row2),
        CellText(1, 2, 2, "Hola", **row2),
        CellText(
            1,
            2,
            2,
            "Hola",
            bookmark=HELLO,
            token=HELLO[5:17],
            index=1,
            key=message_key("Hello"),
            paragraph="Hola",
            alone=True,
            cell_text="Hola",
            alone_in_cell=True,
            **row2,
        ),
    ]


def test_an_empty_cell_is_read_as_empty_text_in_its_place() -> None:
    body = tbl(tr(tc(p()), tc(p(r("b")))), tr(tc(p()), tc(p(r("d")))))
    assert [(c.row, c.column, c.text) for c in results(body)] == [
        (1, 1, ""),
        (1, 2, "b"),
        (2, 1, ""),
        (2, 2, "d"),
    ]


def test_a_cell_without_a_paragraph_is_read_as_empty_after_the_rest() -> None:
    """Word never writes one (a cell holds at least one paragraph); it has no place."""
    body = tbl(tr(tc(), tc(p(r("b")))), tr(tc(p(r("c"))), tc()))
    assert [(c.row, c.column, c.text) for c in results(body)] == [
        (1, 2, "b"),
        (2, 1, "c"),
        (1, 1, ""),
        (2, 2, ""),
    ]


def test_text_added_next_to_a_bookmark_belongs_to_its_cell_and_paragraph() -> None:
    body = tbl(tr(tc(p(r("Antes ")), p(r("Nuevo "), bs(1, HELLO), r("Hola"), be(1), r(" más")))))
    (c,) = marked(body)
    assert (c.text, c.paragraph, c.cell_text) == (
        "Hola",
        "Nuevo Hola más",
        "Antes \nNuevo Hola más",
    )
    assert (c.alone, c.alone_in_cell, c.best_text) == (True, True, "Antes \nNuevo Hola más")


def test_two_bookmarks_in_a_cell_are_read_by_paragraph() -> None:
    body = tbl(
        tr(tc(p(bs(1, HELLO), r("Hola"), be(1), r(" más")), p(bs(2, BYE), r("Chau"), be(2))))
    )
    first, second = marked(body)
    assert [(c.text, c.paragraph, c.alone, c.alone_in_cell) for c in (first, second)] == [
        ("Hola", "Hola más", True, False),
        ("Chau", "Chau", True, False),
    ]
    assert first.cell_text == second.cell_text == "Hola más\nChau"
    assert (first.best_text, second.best_text) == ("Hola más", "Chau")
    assert first.row_bookmarks == second.row_bookmarks == (HELLO, BYE)


def test_two_bookmarks_in_a_paragraph_are_read_between_their_marks() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("Hola"), be(1), r(" y "), bs(2, BYE), r("Chau"), be(2)))))
    assert [(c.text, c.paragraph, c.alone, c.alone_in_cell, c.best_text) for c in marked(body)] == [
        ("Hola", "Hola y Chau", False, False, "Hola"),
        ("Chau", "Hola y Chau", False, False, "Chau"),
    ]


def test_a_bookmark_that_covers_another_paragraph_is_not_alone_there() -> None:
    """The first bookmark runs over into the second's paragraph, without ending there."""
    body = tbl(
        tr(
            tc(
                p(bs(1, HELLO), r("Hola")),
                p(r("sigue"), be(1), r(" "), bs(2, BYE), r("Chau"), be(2)),
            )
        )
    )
    first, second = marked(body)
    assert (first.text, first.paragraph, first.alone) == ("Hola\nsigue", "Hola\nsigue Chau", False)
    assert (second.text, second.paragraph, second.alone) == ("Chau", "sigue Chau", False)


def test_a_bookmark_without_an_end_reads_to_its_cells_end() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("Hola")), p(r("más"))), tc(p(r("otra")))))
    (c,) = marked(body)
    assert (c.text, c.problems) == (
        "Hola\nmás",
        ("no bookmarkEnd after bookmarkStart; read to the cell's end",),
    )


def test_a_bookmark_whose_end_comes_first_reads_to_its_cells_end() -> None:
    body = tbl(tr(tc(p(be(1), r("a "), bs(1, HELLO), r("Hola"))), tc(p(r("otra")))))
    (c,) = marked(body)
    assert (c.text, c.problems) == (
        "Hola",
        ("no bookmarkEnd after bookmarkStart; read to the cell's end",),
    )


def test_a_bookmark_split_in_pieces_in_one_cell_is_one_bookmark() -> None:
    """LibreOffice 7.4 writes a bookmark over paragraphs as pieces of the same name."""
    body = tbl(
        tr(tc(p(bs(1, HELLO), r("Hola")), p(bs(2, HELLO), r("mundo"), be(2)), p(r("fuera"))))
    )
    (c,) = marked(body)
    assert (c.text, c.paragraph, c.problems, c.index) == ("Hola\nmundo", "Hola\nmundo", (), 1)


def test_a_bookmark_split_in_ended_pieces_reads_to_the_last_end() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("Hola"), be(1)), p(bs(2, HELLO), r("mundo"), be(2)))))
    (c,) = marked(body)
    assert (c.text, c.problems) == ("Hola\nmundo", ())


def test_a_bookmark_without_an_end_in_the_last_cell_reads_to_the_documents_end() -> None:
    (c,) = marked(tbl(tr(tc(p(r("a ")), p(bs(1, HELLO), r("Hola"))))))
    assert (c.text, c.paragraph, c.cell_text) == ("Hola", "Hola", "a \nHola")
    assert c.problems == ("no bookmarkEnd after bookmarkStart; read to the cell's end",)


def test_a_bookmark_starting_at_a_paragraphs_end_reads_from_the_next() -> None:
    body = tbl(tr(tc(p(r("antes"), bs(1, HELLO)), p(r("Hola"), be(1)))))
    (c,) = marked(body)
    assert (c.text, c.paragraph) == ("Hola", "Hola")


def test_a_bookmark_before_a_cells_first_paragraph_comes_after_the_cell() -> None:
    body = tbl(tr(tc(bs(1, HELLO), p(r("Hola")), be(1)), tc(p(r("b")))))
    assert [(c.column, c.text, c.bookmark) for c in results(body)] == [
        (1, "Hola", None),
        (1, "Hola", HELLO),
        (2, "b", None),
    ]


def test_a_bookmark_first_in_the_document_without_an_end_reads_its_paragraph() -> None:
    (c,) = marked(bs(1, HELLO) + p(r("Hola")))
    assert (c.text, c.problems) == (
        "Hola",
        ("no bookmarkEnd after bookmarkStart; read to the cell's end",),
    )


def test_a_bookmark_pasted_in_another_row_is_a_bookmark_of_both_rows() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("Hola"), be(1)))), tr(tc(p(bs(2, HELLO), r("Hola"), be(2)))))
    assert [(c.row, c.bookmark, c.row_bookmarks) for c in results(body)] == [
        (1, None, (HELLO,)),
        (1, HELLO, (HELLO,)),
        (2, None, (HELLO,)),
        (2, HELLO, (HELLO,)),
    ]


def test_a_bookmark_is_not_alone_where_another_reaches_its_start() -> None:
    """The first bookmark ends after the second starts: both touch the second paragraph."""
    after = p(bs(1, HELLO), r("Hola")) + p(be(1), bs(2, BYE), r("Chau"), be(2))
    inside = p(bs(1, HELLO), r("Hola")) + p(bs(2, BYE), be(1), r("Chau"), be(2))
    assert [c.alone for c in marked(tbl(tr(tc(after))))] == [True, True]
    assert [c.alone for c in marked(tbl(tr(tc(inside))))] == [True, False]


NO_END = "no bookmarkEnd after bookmarkStart; read to the cell's end"
OUTSIDE = "bookmark reaches outside its cell; text outside ignored"
INSERTED = f"<w:ins {DEL}>{r('x')}</w:ins>"  # a tracked insertion at body level


@pytest.mark.parametrize(
    ("body", "text", "problems"),
    [
        (INSERTED + tbl(tr(tc(bs(1, HELLO), p(r("Hola")), be(1)))), "Hola", ()),
        (tbl(tr(tc(p(r("a")), bs(1, HELLO)))) + INSERTED + p(be(1)), "", (OUTSIDE,)),
        (tbl(tr(tc(p(r("a")), bs(1, HELLO)))) + INSERTED + p(r("y")), "", (NO_END,)),
        (tbl(tr(tc(bs(1, HELLO), p(r("Hola"))))) + INSERTED + p(r("y")), "Hola", (NO_END,)),
        (tbl(tr(tc(p(r("a"))), tc(bs(1, HELLO), p(r("Hola"))))), "Hola", (NO_END,)),
    ],
)
def test_a_bookmark_at_a_cells_edge_reads_only_its_cell(
    body: str, text: str, problems: tuple[str, ...]
) -> None:
    (c,) = marked(body)
    assert (c.text, c.problems) == (text, problems)


def test_the_same_bookmark_name_in_two_cells_is_a_pasted_copy() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("Hola"), be(1))), tc(p(bs(2, HELLO), r("Hola"), be(2)))))
    assert [(c.column, c.problems) for c in marked(body)] == [
        (1, ("bookmark name used in more than one cell",)),
        (2, ("bookmark name used in more than one cell",)),
    ]


def test_a_renamed_bookmark_is_read_and_reported() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO + "_1"), r("Hola"), be(1)))))
    (c,) = marked(body)
    assert (c.bookmark, c.index, c.text) == (HELLO + "_1", 1, "Hola")
    assert c.problems == (f"bookmark renamed to '{HELLO}_1'",)


def test_a_bookmark_reaching_into_the_next_cell_reads_its_own_cell() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("Hola"))), tc(p(r("otra"), be(1)))))
    (c,) = marked(body)
    assert (c.text, c.problems) == (
        "Hola",
        ("bookmark reaches outside its cell; text outside ignored",),
    )


def test_a_bookmark_ending_after_an_empty_cell_reaches_no_text_outside() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("Hola"))), tc(p(), be(1))))
    (c,) = marked(body)
    assert (c.text, c.problems) == ("Hola", ())


def test_an_empty_bookmark_is_read_with_its_paragraph() -> None:
    body = tbl(tr(tc(p(r("Escrito "), bs(1, HELLO), be(1), r("después")))))
    (c,) = marked(body)
    assert (c.text, c.paragraph, c.best_text) == ("", "Escrito después", "Escrito después")


def test_an_empty_paragraph_inside_a_bookmark_is_kept() -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("uno")), p(), p(r("dos"), be(1)))))
    (c,) = marked(body)
    assert c.text == "uno\n\ndos"


def test_other_bookmarks_are_not_messages_but_keep_their_place() -> None:
    body = tbl(tr(tc(p(bs(1, "_GoBack"), bs(2, HELLO), r("Hola"), be(2), be(1)))))
    (c,) = marked(body)
    assert (c.bookmark, c.alone, c.row_bookmarks) == (HELLO, True, (HELLO,))


def test_a_bookmark_outside_the_tables_has_no_cell() -> None:
    body = p(r("Nota: "), bs(1, HELLO), r("Hola"), be(1)) + tbl(tr(tc(p(r("a")))))
    first, cell = results(body)
    assert (first.table, first.row, first.column, first.where) == (0, 0, 0, "outside the tables")
    assert (first.heading, first.cell_text) == ("", None)
    assert (first.text, first.paragraph, first.row_bookmarks) == ("Hola", "Nota: Hola", ())
    assert first.best_text == "Nota: Hola"
    assert (cell.text, cell.row_bookmarks) == ("a", ())


def test_a_bookmark_in_a_row_outside_its_cells_is_not_in_a_cell() -> None:
    body = tbl(tr(tc(p(r("a"))), bs(1, HELLO), be(1), tc(p(r("b")))))
    assert [(c.column, c.text, c.bookmark, c.best_text) for c in results(body)] == [
        (1, "a", None, "a"),
        (0, "", HELLO, ""),
        (2, "b", None, "b"),
    ]
    assert [c.cell_text for c in results(body)] == [None, None, None]


@pytest.mark.parametrize(
    ("by_token", "key", "problems"),
    [
        ({}, None, ()),
        ({HELLO[5:17]: ["k"]}, "k", ()),
        ({"000000000000": ["k"]}, None, ("no message of the packet has this bookmark's hash",)),
        ({HELLO[5:17]: ["k", "j"]}, None, ("several messages have this bookmark's hash",)),
    ],
)
def test_a_bookmark_is_resolved_to_the_one_message_of_its_hash(
    by_token: dict[str, list[str]], key: str | None, problems: tuple[str, ...]
) -> None:
    (c,) = marked(tbl(tr(tc(p(bs(1, HELLO), r("Hola"), be(1))))), by_token)
    assert (c.key, c.problems) == (key, problems)


def test_problems_are_reported_in_order() -> None:
    renamed = HELLO + " Copy 1"
    body = tbl(tr(tc(p(bs(1, renamed), r("Hola"))), tc(p(bs(2, renamed), r("x"), be(2)))))
    first, _ = marked(body, {"000000000000": ["k"]})
    assert first.problems == (
        f"bookmark renamed to {renamed!r}",
        "bookmark name used in more than one cell",
        "no bookmarkEnd after bookmarkStart; read to the cell's end",
        "no message of the packet has this bookmark's hash",
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (CellText(1, 2, 3, "t"), "table 1, row 2, column 3"),
        (CellText(2, 1, 1, "t", heading="Cierre"), "table 2 (Cierre), row 1, column 1"),
        (CellText(0, 0, 0, "t", heading="x"), "outside the tables"),
    ],
)
def test_where_a_cell_is_named_for_a_person(cell: CellText, expected: str) -> None:
    assert cell.where == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (CellText(1, 1, 1, "t", "b", paragraph="p", cell_text="c"), "c"),
        (CellText(1, 1, 1, "t", "b", paragraph="p", cell_text="c", alone_in_cell=False), "p"),
        (CellText(1, 1, 1, "t", "b", paragraph="p", cell_text=None), "p"),
        (CellText(1, 1, 1, "t", "b", paragraph="p", alone=False, alone_in_cell=False), "t"),
        (CellText(1, 1, 1, "t", "b", paragraph=None, cell_text=None), "t"),
        (CellText(1, 1, 1, "t", None, paragraph="p", cell_text="c"), "t"),
        (CellText(1, 1, 1, "t", "", paragraph="p", cell_text="c"), "t"),
    ],
)
def test_best_text_is_the_cell_then_the_paragraph_then_the_bookmark(
    cell: CellText, expected: str
) -> None:
    assert cell.best_text == expected


# ------------------------------------------------------------------ packet: names

ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # sha256("abc")


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("Hi",), "Hi\x000"),
        (("Hi", None, 1), "Hi\x001"),
        (("Hi", "greeting"), "greeting\x04Hi\x000"),
        (("Hi", "", 2), "\x04Hi\x002"),
    ],
)
def test_a_message_key_is_gettexts_identity_and_the_plural_form(
    args: tuple[str, str | None, int], key: str
) -> None:
    assert message_key(*args) == key


def test_a_key_token_is_the_start_of_the_sha256_of_its_utf8() -> None:
    assert key_token("abc") == ABC[:12]
    assert key_token("abc", 6) == ABC[:6]
    assert key_token("año") == hashlib.sha256("año".encode()).hexdigest()[:12]
    assert state_token("abc") == ABC[:6]
    assert state_token("") == ""


def test_a_bookmark_name_is_prefix_token_state_and_index() -> None:
    assert bookmark_name("abc", 7) == f"shim_{ABC[:12]}_7"
    assert bookmark_name("abc", 0, "abc") == f"shim_{ABC[:12]}{ABC[:6]}_0"
    assert bookmark_name("abc", 10**15, "abc") == f"shim_{ABC[:12]}{ABC[:6]}_{10**15}"  # 40 chars


def test_a_bookmark_name_refuses_a_negative_index() -> None:
    with pytest.raises(ValueError, match=r"^index must be >= 0$"):
        bookmark_name("abc", -1)


def test_a_bookmark_name_refuses_more_than_40_characters() -> None:
    too_long = f"shim_{ABC[:12]}{ABC[:6]}_{10**16}"
    with pytest.raises(ValueError) as caught:
        bookmark_name("abc", 10**16, "abc")
    assert str(caught.value) == f"bookmark name too long: {too_long}"


@pytest.mark.parametrize(
    ("name", "parsed", "state", "canonical"),
    [
        ("shim_0123456789ab_7", ("0123456789ab", 7), "", "shim_0123456789ab_7"),
        (
            "shim_0123456789abcdef01_12",
            ("0123456789ab", 12),
            "cdef01",
            "shim_0123456789abcdef01_12",
        ),
        ("shim_0123456789ab_7 Copy 1", ("0123456789ab", 7), "", "shim_0123456789ab_7"),
        ("shim_0123456789abcdef01_0_1", ("0123456789ab", 0), "cdef01", "shim_0123456789abcdef01_0"),
        ("shim_0123456789abcdef_3", None, "", "shim_0123456789abcdef_3"),
        ("shim_0123456789AB_7", None, "", "shim_0123456789AB_7"),
        ("shim_0123456789a_7", None, "", "shim_0123456789a_7"),
        ("shim_0123456789ab", None, "", "shim_0123456789ab"),
        ("shim_0123456789ab_", None, "", "shim_0123456789ab_"),
        ("Shim_0123456789ab_7", None, "", "Shim_0123456789ab_7"),
        ("Shim_0123456789abcdef01_7", None, "", "Shim_0123456789abcdef01_7"),
        ("xshim_0123456789ab_7", None, "", "xshim_0123456789ab_7"),
        ("shim__0123456789ab_7", None, "", "shim__0123456789ab_7"),
        ("_GoBack", None, "", "_GoBack"),
    ],
)
def test_a_bookmark_name_is_read_back(
    name: str, parsed: tuple[str, int] | None, state: str, canonical: str
) -> None:
    assert parse_bookmark_name(name) == parsed
    assert bookmark_state(name) == state
    assert canonical_name(name) == canonical


def test_a_written_bookmark_name_reads_back() -> None:
    name = bookmark_name(message_key("Hi"), 42, "Hola")
    assert parse_bookmark_name(name) == (key_token(message_key("Hi")), 42)
    assert bookmark_state(name) == state_token("Hola")
    assert canonical_name(name) == name


# ------------------------------------------------------------------ packet: XML


def children(xml: str) -> list[tuple[str, dict[str, str]]]:
    """(local name, attributes by local name) of each child of a w:p holding ``xml``."""
    root = etree.fromstring(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>')
    return [
        (etree.QName(c).localname, {etree.QName(k).localname: v for k, v in c.attrib.items()})
        for c in root
    ]


def test_a_marked_cell_is_an_editable_range_around_a_bookmark() -> None:
    name = bookmark_name("k", 7, "Hola")
    assert children(mark_cell("k", 7, "<w:r><w:t>Hola</w:t></w:r>", state="Hola")) == [
        ("permStart", {"id": "7", "edGrp": "everyone"}),
        ("bookmarkStart", {"id": "7", "name": name}),
        ("r", {}),
        ("bookmarkEnd", {"id": "7"}),
        ("permEnd", {"id": "7"}),
    ]


def test_a_marked_cell_that_is_not_editable_is_only_a_bookmark() -> None:
    assert children(mark_cell("k", 0, "", editable=False)) == [
        ("bookmarkStart", {"id": "0", "name": bookmark_name("k", 0)}),
        ("bookmarkEnd", {"id": "0"}),
    ]


def settings(*children: str, ns: str = W_NS) -> str:
    return f'<w:settings xmlns:w="{ns}">{"".join(children)}</w:settings>'


def protected(xml: str | bytes, track: bool = False, ns: str = W_NS) -> list[str]:
    """The children of the protected settings, as ``tag`` or ``tag edit=.. enforcement=..``."""
    data = protect_settings(xml, track_changes=track)
    root = etree.fromstring(data)
    out = []
    for c in root:
        if not isinstance(c.tag, str):
            out.append("comment")
            continue
        assert etree.QName(c).namespace == ns
        attrs = " ".join(f"{etree.QName(k).localname}={v}" for k, v in c.attrib.items())
        out.append(f"{etree.QName(c).localname} {attrs}".strip())
    return out


PROT = "documentProtection edit=readOnly enforcement=1"

# CT_Settings' elements before w:documentProtection, in the schema's order.
BEFORE_PROTECTION = settings_children()[: settings_children().index("documentProtection")]


@pytest.mark.parametrize("before", BEFORE_PROTECTION)
def test_document_protection_goes_after_the_elements_the_schema_puts_first(before: str) -> None:
    xml = settings(f"<w:{before}/>", "<w:defaultTabStop/>", "<w:compat/>")
    assert protected(xml) == [before, PROT, "defaultTabStop", "compat"]


def test_document_protection_goes_first_when_nothing_precedes_it() -> None:
    assert protected(settings()) == [PROT]
    assert protected(settings("<w:defaultTabStop/>")) == [PROT, "defaultTabStop"]


def test_document_protection_goes_after_the_last_element_before_it() -> None:
    xml = settings("<w:zoom/>", "<!-- c -->", "<w:proofState/>", "<w:defaultTabStop/>")
    assert protected(xml) == ["zoom", "comment", "proofState", PROT, "defaultTabStop"]
    assert protected(xml.encode()) == ["zoom", "comment", "proofState", PROT, "defaultTabStop"]


def test_tracked_changes_are_switched_on_before_the_protection() -> None:
    xml = settings("<w:zoom/>", "<w:defaultTabStop/>")
    assert protected(xml, track=True) == ["zoom", "trackRevisions", PROT, "defaultTabStop"]


@pytest.mark.parametrize("later", ["doNotTrackMoves", "doNotTrackFormatting"])
def test_tracked_changes_go_before_the_move_and_format_switches(later: str) -> None:
    xml = settings("<w:zoom/>", f"<w:{later}/>", "<w:defaultTabStop/>")
    assert protected(xml, track=True) == ["zoom", "trackRevisions", later, PROT, "defaultTabStop"]
    both = settings("<w:doNotTrackMoves/>", "<w:doNotTrackFormatting/>")
    assert protected(both, track=True) == [
        "trackRevisions",
        "doNotTrackMoves",
        "doNotTrackFormatting",
        PROT,
    ]


def test_an_earlier_protection_is_replaced() -> None:
    old = '<w:documentProtection w:edit="comments" w:enforcement="0"/>'
    xml = settings("<w:zoom/>", old, "<w:trackRevisions/>", old, "<w:defaultTabStop/>")
    assert protected(xml) == ["zoom", "trackRevisions", PROT, "defaultTabStop"]
    assert protected(xml, track=True) == ["zoom", "trackRevisions", PROT, "defaultTabStop"]
    again = protect_settings(protect_settings(xml, track_changes=True), track_changes=True)
    assert protected(again, track=True) == ["zoom", "trackRevisions", PROT, "defaultTabStop"]


def test_protection_keeps_the_documents_own_namespace() -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    assert protected(settings("<w:zoom/>", ns=strict), track=True, ns=strict) == [
        "zoom",
        "trackRevisions",
        PROT,
    ]


def test_protected_settings_are_a_standalone_utf8_document() -> None:
    data = protect_settings(settings("<w:zoom/>"))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:settings")
    assert [etree.QName(c).localname for c in etree.fromstring(data)] == [
        "zoom",
        "documentProtection",
    ]


def test_settings_in_the_default_namespace_are_protected_in_it() -> None:
    data = protect_settings(f'<settings xmlns="{W_NS}"><zoom/></settings>', track_changes=True)
    assert [c.tag for c in etree.fromstring(data)] == [
        f"{{{W_NS}}}zoom",
        f"{{{W_NS}}}trackRevisions",
        f"{{{W_NS}}}documentProtection",
    ]


# ------------------------------------------------------------------ packet_read: the file

CORE_NS = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def docx(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def document(body: str) -> str:
    return f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'


def test_read_packet_resolves_keys_and_reads_the_keywords(tmp_path: Path) -> None:
    body = tbl(tr(tc(p(bs(1, HELLO), r("Hola"), be(1))), tc(p(bs(2, BYE), r("Chau"), be(2)))))
    core = f"<cp:coreProperties {CORE_NS}><cp:keywords>review es</cp:keywords></cp:coreProperties>"
    path = docx(
        tmp_path / "p.docx", {"word/document.xml": document(body), "docProps/core.xml": core}
    )
    keys = [message_key("Hello"), message_key("Hello"), message_key("Other")]
    packet = read_packet(path, keys)
    assert packet.keywords == "review es"
    assert [(c.text, c.key, c.problems) for c in packet.cells if c.bookmark] == [
        ("Hola", message_key("Hello"), ()),
        ("Chau", None, ("no message of the packet has this bookmark's hash",)),
    ]
    assert [c.text for c in read_packet(str(path)).cells] == ["Hola", "Hola", "Chau", "Chau"]


@pytest.mark.parametrize(
    "core",
    [
        None,
        f"<cp:coreProperties {CORE_NS}><dc:title>t</dc:title></cp:coreProperties>",
        f"<cp:coreProperties {CORE_NS}><cp:keywords/></cp:coreProperties>",
    ],
)
def test_a_packet_without_keywords_has_empty_keywords(tmp_path: Path, core: str | None) -> None:
    parts = {"word/document.xml": document(p(r("a")))}
    if core is not None:
        parts["docProps/core.xml"] = core
    assert read_packet(docx(tmp_path / "p.docx", parts)).keywords == ""


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"word/other.xml": "<a/>"}, "has no word/document.xml; is it a Word document?"),
        (
            {"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'},
            "word/document.xml has no body",
        ),
    ],
)
def test_a_file_that_is_no_word_document_is_refused(
    tmp_path: Path, parts: dict[str, str], message: str
) -> None:
    path = docx(tmp_path / "p.docx", parts)
    with pytest.raises(PackageError) as caught:
        read_packet(path)
    assert str(caught.value) == f"p.docx: {message}"
    with pytest.raises(PackageError) as shown_as:
        read_packet(path, display="Paquete de revisión")
    assert str(shown_as.value) == f"Paquete de revisión: {message}"


def test_a_missing_file_is_refused_by_its_shown_name(tmp_path: Path) -> None:
    with pytest.raises(PackageError) as caught:
        read_packet(tmp_path / "nada.docx", display="Paquete")
    assert str(caught.value) == "Paquete: cannot read the file: No such file or directory"


def test_a_file_that_is_no_zip_is_refused_by_its_shown_name(tmp_path: Path) -> None:
    (tmp_path / "p.docx").write_bytes(b"not a zip")
    with pytest.raises(PackageError) as caught:
        read_packet(tmp_path / "p.docx", display="Paquete")
    assert str(caught.value) == "Paquete: not a .docx (zip) file: File is not a zip file"


def test_a_document_part_twice_in_the_zip_is_refused(tmp_path: Path) -> None:
    path = docx(
        tmp_path / "p.docx",
        {"word/document.xml": document(p()), "Word/Document.xml": document(p())},
    )
    with pytest.raises(PackageError) as caught:
        read_packet(path)
    assert str(caught.value) == "p.docx: word/document.xml appears 2 times in the zip"


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<w:document", "not well-formed XML (Couldn't find end of Start Tag document line 1)"),
        ("<document/>", f"root element is document, expected {{{W_NS}}}document"),
    ],
)
def test_a_document_part_that_is_not_a_word_body_is_refused(
    tmp_path: Path, xml: str, message: str
) -> None:
    path = docx(tmp_path / "p.docx", {"word/document.xml": xml})
    with pytest.raises(PackageError) as caught:
        read_packet(path, display="Paquete")
    assert str(caught.value) == f"Paquete: word/document.xml:1: {message}"


def test_a_core_part_of_another_kind_is_refused(tmp_path: Path) -> None:
    parts = {"word/document.xml": document(p()), "docProps/core.xml": "<other/>"}
    with pytest.raises(PackageError) as caught:
        read_packet(docx(tmp_path / "p.docx", parts))
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    expected = f"root element is other, expected {{{cp}}}coreProperties"
    assert str(caught.value) == f"p.docx: docProps/core.xml:1: {expected}"
