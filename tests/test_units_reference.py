"""Unit tests of the reference document and the package limits: `shim.docx.refxml`,
`numbering`, `reference`, `safezip`, `ooxml`, `manifest`."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from pathlib import Path

import msgspec
import pytest
from lxml import etree

from shim.cache import key_of
from shim.docx import manifest, ooxml, reference, refxml, safezip
from shim.docx.ooxml import A_NS, MC_NS, R_NS, W_NS
from shim.docx.parts import CUSTOM_NS, VT_NS
from shim.docx.safezip import PackageError
from shim.errors import ConfigError, Location

from .conftest import settings_children

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
WNS = f'xmlns:w="{W_NS}"'
WR = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
DECL = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
HEADER_FOOTER = (
    '<w:headerReference w:type="default" r:id="rIdHdr1"/>'
    '<w:footerReference w:type="default" r:id="rIdFtr1"/>'
)
SEPARATORS = '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _package(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _styles(body: str = "") -> str:
    return f"<w:styles {WNS}>{body}</w:styles>"


def _document(body: str = "<w:sectPr/>") -> str:
    return f"<w:document {WR}><w:body>{body}</w:body></w:document>"


def _team(**parts: str) -> bytes:
    """A package with a styles and a document part, plus ``parts`` (key: file stem)."""
    names = {
        "styles": "word/styles.xml",
        "document": "word/document.xml",
        "numbering": "word/numbering.xml",
        "settings": "word/settings.xml",
        "theme": "word/theme/theme1.xml",
        "fonts": "word/fontTable.xml",
    }
    given = {"styles": _styles(), "document": _document(), **parts}
    return _package({names[k]: v for k, v in given.items()})


def _c14n(xml: str) -> bytes:
    """Canonical XML: attribute and namespace declaration order do not matter."""
    return etree.tostring(etree.fromstring(xml.encode("utf-8")), method="c14n")


def _settings(body: str) -> str:
    return f"<w:settings {WR}>{body}</w:settings>"


# ---------------------------------------------------------------------------------------
# refxml: reading the parts


def test_a_minimal_package_is_prepared_with_empty_numbering_and_created_settings() -> None:
    out = refxml.prepare(_team(), "r.docx")
    assert out == {
        "styles": DECL + f"<w:styles {WNS}/>",
        "numbering": DECL + f"<w:numbering {WNS}/>",
        "settings": DECL + f"<w:settings {WNS}>{SEPARATORS}</w:settings>",
        "sect_pr": f"<w:sectPr {WR}>{HEADER_FOOTER}</w:sectPr>",
        "extra": (),
        "next_num_id": 1,
        "list_number_abstract_id": 0,
        "repairs": ("settings.xml: missing, created",),
    }


@pytest.mark.parametrize("missing", ["word/styles.xml", "word/document.xml"])
def test_a_package_without_a_required_part_is_refused(missing: str) -> None:
    parts = {"word/styles.xml": _styles(), "word/document.xml": _document()}
    del parts[missing]
    with pytest.raises(PackageError) as err:
        refxml.prepare(_package(parts), "r.docx")
    assert str(err.value) == f"r.docx: has no {missing}"


@pytest.mark.parametrize(
    "key,part,root",
    [
        ("styles", "word/styles.xml", _w("styles")),
        ("document", "word/document.xml", _w("document")),
        ("numbering", "word/numbering.xml", _w("numbering")),
        ("settings", "word/settings.xml", _w("settings")),
        ("theme", "word/theme/theme1.xml", f"{{{A_NS}}}theme"),
        ("fonts", "word/fontTable.xml", _w("fonts")),
    ],
)
def test_each_part_must_have_its_own_root_element(key: str, part: str, root: str) -> None:
    with pytest.raises(PackageError) as err:
        refxml.prepare(_team(**{key: f"<w:other {WNS}/>"}), "r.docx")
    assert str(err.value) == f"r.docx: {part}:1: root element is {_w('other')}, expected {root}"


def test_numbering_and_settings_of_the_team_are_kept() -> None:
    numbering = (
        f"<w:numbering {WNS}>"
        '<w:abstractNum w:abstractNumId="3"/>'
        '<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>'
        "</w:numbering>"
    )
    settings = f'<w:settings {WNS}><w:zoom w:percent="90"/>{SEPARATORS}</w:settings>'
    out = refxml.prepare(_team(numbering=numbering, settings=settings), "r.docx")
    assert (out["numbering"], out["settings"]) == (DECL + numbering, DECL + settings)
    assert (out["next_num_id"], out["repairs"]) == (5, ())


def test_numbering_loses_picture_bullets_and_is_put_in_schema_order() -> None:
    numbering = (
        f"<w:numbering {WR}>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:lvlPicBulletId w:val="0"/><w:lvlJc w:val="start"/></w:lvl></w:abstractNum>'
        '<w:numPicBullet w:numPicBulletId="0"><w:drawing r:id="rId1"/></w:numPicBullet>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
        '<w:lvlText w:val="end"/><w:lvlJc w:val="end"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:lvlJc w:val="center"/></w:lvl></w:abstractNum>'
        "</w:numbering>"
    )
    out = refxml.prepare(_team(numbering=numbering, settings=_settings(SEPARATORS)), "r.docx")
    assert _c14n(out["numbering"]) == _c14n(
        f"<w:numbering {WR}>"
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
        '<w:lvlText w:val="end"/><w:lvlJc w:val="right"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:lvlJc w:val="center"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )
    assert out["repairs"] == ("numbering.xml: dropped numPicBullet (refers to other parts)",)


# ---------------------------------------------------------------------------------------
# refxml: what is borrowed from the built-in reference

_LIST_NUMBER = (
    '<w:style w:type="paragraph" w:styleId="ListNumber">'
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
)
_BUILTIN_NUMBERING = (
    f"<w:numbering {WNS}>"
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"/></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    "</w:numbering>"
)
_THEME = f'<a:theme xmlns:a="{A_NS}" name="Built-in"/>'
_FONTS = f'<w:fonts {WNS}><w:font w:name="Built-in"/></w:fonts>'
BUILTIN = _team(
    styles=_styles(_LIST_NUMBER),
    numbering=_BUILTIN_NUMBERING,
    settings=_settings(SEPARATORS),
    theme=_THEME,
    fonts=_FONTS,
)
_THEME_PART = (
    "word/theme/theme1.xml",
    "theme",
    "application/vnd.openxmlformats-officedocument.theme+xml",
)
_FONTS_PART = (
    "word/fontTable.xml",
    "fontTable",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
)


def test_missing_styles_their_list_a_theme_and_a_font_table_come_from_the_builtin() -> None:
    out = refxml.prepare(_team(settings=_settings(SEPARATORS)), "r.docx", BUILTIN)
    assert out["repairs"] == (
        "numbering.xml: added the list of ListNumber as 9001",
        "styles.xml: added built-in ListNumber",
        "word/theme/theme1.xml: missing, taken from the built-in reference",
        "word/fontTable.xml: missing, taken from the built-in reference",
    )
    assert out["extra"] == (
        (*_THEME_PART, (DECL + _THEME).encode()),
        (*_FONTS_PART, (DECL + _FONTS).encode()),
    )
    assert out["styles"] == DECL + _styles(_LIST_NUMBER.replace('w:val="1"', 'w:val="9001"'))
    assert (out["list_number_abstract_id"], out["next_num_id"]) == (9001, 9002)


def test_a_list_number_without_a_list_numbers_with_the_builtin_list() -> None:
    plain = '<w:style w:type="paragraph" w:styleId="ListNumber"/>'
    team = _team(styles=_styles(plain), settings=_settings(SEPARATORS), theme=_THEME, fonts=_FONTS)
    out = refxml.prepare(team, "r.docx", BUILTIN)
    assert out["repairs"] == (
        "numbering.xml: ListNumber has no list; numbered lists use built-in 9001",
    )
    assert out["list_number_abstract_id"] == 9001
    assert out["styles"] == DECL + _styles(plain)


def test_without_a_builtin_or_when_it_is_the_builtin_nothing_is_borrowed() -> None:
    lacking = _team(settings=_settings(SEPARATORS))
    assert refxml.prepare(lacking, "r.docx")["repairs"] == ()
    assert refxml.prepare(lacking, "r.docx", lacking)["repairs"] == ()
    out = refxml.prepare(BUILTIN, "r.docx", BUILTIN)
    assert (out["repairs"], out["list_number_abstract_id"]) == ((), 0)


def test_a_broken_builtin_is_named_as_such() -> None:
    with pytest.raises(PackageError) as err:
        refxml.prepare(_team(), "r.docx", _package({"word/styles.xml": _styles()}))
    assert str(err.value) == "shim's built-in reference.docx: has no word/document.xml"


def test_a_theme_with_pictures_is_left_out_and_replaced_by_the_builtin_one() -> None:
    theme = f'<a:theme xmlns:a="{A_NS}" {WR}><a:blip r:embed="rId1"/></a:theme>'
    team = _team(styles=_styles(_LIST_NUMBER), numbering=_BUILTIN_NUMBERING, theme=theme)
    assert refxml.prepare(team, "r.docx")["extra"] == ()
    out = refxml.prepare(team, "r.docx", BUILTIN)
    assert out["repairs"] == (
        "settings.xml: missing, created",
        "word/theme/theme1.xml: refers to parts shim does not copy (images); left out",
        "word/theme/theme1.xml: missing, taken from the built-in reference",
        "word/fontTable.xml: missing, taken from the built-in reference",
    )
    assert out["extra"][0] == (*_THEME_PART, (DECL + _THEME).encode())


def test_the_teams_theme_and_font_table_lose_embedded_fonts_and_character_sets() -> None:
    theme = f'<a:theme xmlns:a="{A_NS}" name="Team"/>'
    fonts = (
        f"<w:fonts {WR}><w:font w:name="
        '"Arial"><w:charset w:val="00" w:characterSet="windows-1252"/>'
        '<w:embedRegular r:id="rId1" w:fontKey="{X}"/></w:font></w:fonts>'
    )
    out = refxml.prepare(_team(settings=_settings(SEPARATORS), theme=theme, fonts=fonts), "r.docx")
    assert out["repairs"] == ("fontTable.xml: dropped embedRegular (refers to other parts)",)
    assert [part[:3] for part in out["extra"]] == [_THEME_PART, _FONTS_PART]
    assert out["extra"][0][3] == (DECL + theme).encode()
    assert _c14n(out["extra"][1][3].decode()) == _c14n(
        f'<w:fonts {WR}><w:font w:name="Arial"><w:charset w:val="00"/></w:font></w:fonts>'
    )


# ---------------------------------------------------------------------------------------
# refxml: the section properties


def _sect_pr(document: str) -> tuple[str, tuple[str, ...]]:
    out = refxml.prepare(_team(document=document, settings=_settings(SEPARATORS)), "r.docx")
    return out["sect_pr"], out["repairs"]


def test_a_document_without_a_body_level_sect_pr_gets_words_defaults() -> None:
    inner = '<w:p><w:pPr><w:sectPr><w:pgSz w:w="1"/></w:sectPr></w:pPr></w:p>'
    for document in (f"<w:document {WNS}/>", _document(inner)):
        assert _sect_pr(document) == (
            f"<w:sectPr {WR}>{HEADER_FOOTER}</w:sectPr>",
            ("document.xml: no body-level w:sectPr; using Word's defaults",),
        )


def test_the_last_body_level_sect_pr_gets_shims_header_and_footer_first() -> None:
    body = (
        '<w:sectPr><w:pgSz w:w="1"/></w:sectPr>'
        '<w:sectPr w:rsidSect="00A1"><w:headerReference w:type="even" r:id="rId8"/>'
        '<w:footerReference w:type="first" r:id="rId9"/><w:pgSz w:w="2"/>'
        '<w:pgMar w:top="1" w:header="360" w:footer="400"/></w:sectPr>'
    )
    assert _sect_pr(_document(body)) == (
        f'<w:sectPr {WR} w:rsidSect="00A1">{HEADER_FOOTER}<w:pgSz w:w="2"/>'
        '<w:pgMar w:top="1" w:header="360" w:footer="400"/></w:sectPr>',
        ("sectPr: replaced 2 header/footer reference(s) with shim's",),
    )


def test_sect_pr_loses_references_tracked_changes_a_title_page_and_foreign_markup() -> None:
    body = (
        f'<w:sectPr xmlns:w14="{W14}" w14:x="1"><w:headerReference w:type="default" r:id="a"/>'
        '<w:printerSettings r:id="rId10"/><w:titlePg/><w14:ext/>'
        '<w:sectPrChange w:id="1"/><w:cols w:space="720"/></w:sectPr>'
    )
    assert _sect_pr(_document(body)) == (
        f'<w:sectPr {WR}>{HEADER_FOOTER}<w:cols w:space="720"/></w:sectPr>',
        (
            "sectPr: replaced 1 header/footer reference(s) with shim's",
            "sectPr: dropped printerSettings",
            "sectPr: dropped titlePg so shim's header shows on page 1",
            "sectPr: dropped sectPrChange",
        ),
    )


@pytest.mark.parametrize(
    "given,header,footer",
    [('w:header="0"', "720", "720"), ('w:footer="0" w:header="1"', "1", "720")],
)
def test_a_header_or_footer_distance_of_zero_or_none_becomes_half_an_inch(
    given: str, header: str, footer: str
) -> None:
    sect, repairs = _sect_pr(_document(f"<w:sectPr><w:pgMar {given}/></w:sectPr>"))
    pg_mar = etree.fromstring(sect).find(_w("pgMar"))
    assert (pg_mar.get(_w("header")), pg_mar.get(_w("footer"))) == (header, footer)
    fixed = [side for side, value in (("header", header), ("footer", footer)) if value == "720"]
    assert repairs == tuple(
        f"sectPr: pgMar {side} distance 0 set to 720 (0.5 in)" for side in fixed
    )


def test_only_the_w_and_r_namespaces_are_declared_on_the_sect_pr() -> None:
    document = (
        f'<w:document {WR} xmlns:w14="{W14}" xmlns:mc="{MC_NS}" mc:Ignorable="w14">'
        "<w:body><w:sectPr/></w:body></w:document>"
    )
    sect = etree.fromstring(_sect_pr(document)[0])
    assert sect.nsmap == {"w": W_NS, "r": R_NS}


@pytest.mark.parametrize(
    "document,nsmap",
    [
        (f"<w:document {WNS}><w:body><w:sectPr/></w:body></w:document>", {}),
        (f'<document xmlns="{W_NS}"><body><sectPr/></body></document>', {None: W_NS}),
        (f'<x:document xmlns:x="{W_NS}"><x:body><x:sectPr/></x:body></x:document>', {"x": W_NS}),
    ],
)
def test_w_and_r_are_declared_whatever_prefixes_the_document_used(
    document: str, nsmap: dict[str | None, str]
) -> None:
    sect = _sect_pr(document)[0]
    assert etree.fromstring(sect).nsmap == {**nsmap, "w": W_NS, "r": R_NS}
    assert 'r:id="rIdHdr1"' in sect and 'r:id="rIdFtr1"' in sect


def _with_paper(children: str, paper: str) -> list[tuple[str, dict[str, str]]]:
    sect = refxml.sect_with_paper(f"<w:sectPr {WR}>{children}</w:sectPr>", paper)
    return [(etree.QName(c).localname, dict(c.attrib)) for c in etree.fromstring(sect)]


@pytest.mark.parametrize(
    "paper,size,code", [("letter", ("12240", "15840"), "1"), ("a4", ("11906", "16838"), "9")]
)
def test_the_page_size_is_set_with_the_papers_code_when_word_wrote_one(
    paper: str, size: tuple[str, str], code: str
) -> None:
    w, h = _w("w"), _w("h")
    given = '<w:pgSz w:w="1" w:h="2" w:code="5"/><w:pgMar w:top="1"/>'
    assert _with_paper(given, paper) == [
        ("pgSz", {w: size[0], h: size[1], _w("code"): code}),
        ("pgMar", {_w("top"): "1"}),
    ]
    assert _with_paper('<w:pgSz w:w="1"/>', paper) == [("pgSz", {w: size[0], h: size[1]})]
    landscape = _with_paper('<w:pgSz w:orient="landscape"/>', paper)
    assert landscape == [("pgSz", {_w("orient"): "landscape", w: size[1], h: size[0]})]


def test_a_missing_page_size_goes_first_when_nothing_may_precede_it() -> None:
    assert [name for name, _ in _with_paper("<w:pgMar/><w:cols/>", "a4")] == [
        "pgSz",
        "pgMar",
        "cols",
    ]


@pytest.mark.parametrize(
    "before", ["headerReference", "footerReference", "footnotePr", "endnotePr", "type"]
)
def test_a_missing_page_size_goes_after_what_precedes_it(before: str) -> None:
    names = [name for name, _ in _with_paper(f"<w:{before}/><w:pgMar/>", "letter")]
    assert names == [before, "pgSz", "pgMar"]


# ---------------------------------------------------------------------------------------
# refxml: settings, languages, mc:Ignorable


def _prepared_settings(body: str) -> tuple[str, tuple[str, ...]]:
    out = refxml.prepare(_team(settings=_settings(body)), "r.docx")
    return out["settings"], out["repairs"]


def test_settings_lose_even_and_odd_headers_and_an_attached_template() -> None:
    body = f'<w:evenAndOddHeaders/><w:attachedTemplate r:id="rId1"/>{SEPARATORS}'
    settings, repairs = _prepared_settings(body)
    assert _c14n(settings) == _c14n(_settings(SEPARATORS))
    assert repairs == (
        "settings.xml: dropped evenAndOddHeaders (shim writes one header)",
        "settings.xml: dropped attachedTemplate (refers to other parts)",
    )


# What the schema puts after w:footnotePr, and two elements only the transitional schema
# of ECMA-376 has there (Word no longer writes smart tags).
AFTER_FOOTNOTE_PR = [
    *settings_children()[settings_children().index("footnotePr") + 1 :],
    "smartTagType",
    "doNotEmbedSmartTags",
]


@pytest.mark.parametrize("after", AFTER_FOOTNOTE_PR)
def test_footnote_separators_go_before_what_follows_them_in_the_schema(after: str) -> None:
    settings, _ = _prepared_settings(f'<w:zoom w:percent="90"/><w:{after}/><w:compat/>')
    assert _c14n(settings) == _c14n(
        _settings(f'<w:zoom w:percent="90"/>{SEPARATORS}<w:{after}/><w:compat/>')
    )


def test_footnote_separators_go_before_foreign_settings_or_last() -> None:
    foreign = f'<w14:docId xmlns:w14="{W14}" w14:val="1"/>'
    settings, _ = _prepared_settings(f"<w:zoom/>{foreign}")
    assert _c14n(settings) == _c14n(_settings(f"<w:zoom/>{SEPARATORS}{foreign}"))
    settings, _ = _prepared_settings("<w:zoom/>")
    assert _c14n(settings) == _c14n(_settings(f"<w:zoom/>{SEPARATORS}"))


def test_only_the_missing_footnote_separators_are_added() -> None:
    given = (
        '<w:footnotePr><w:pos w:val="pageBottom" w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    settings, repairs = _prepared_settings(given)
    assert _c14n(settings) == _c14n(
        _settings(
            '<w:footnotePr><w:pos w:val="pageBottom" w:id="-1"/><w:footnote w:id="0"/>'
            '<w:footnote w:id="-1"/></w:footnotePr>'
        )
    )
    assert repairs == ()


def test_styles_with_lang_sets_every_language_and_keeps_nothing_else_of_it() -> None:
    head = f'{WNS} xmlns:w14="{W14}"'
    lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w14:x="1"/>'
    styles = (
        f"<w:styles {head}><w:docDefaults><w:rPr>{lang}</w:rPr></w:docDefaults><w:lang/></w:styles>"
    )
    out = refxml.styles_with_lang(styles, "es-PE")
    expected = '<w:lang w:val="es-PE" w:eastAsia="es-PE" w:bidi="ar-SA"/>'
    assert out == (
        f"{DECL}<w:styles {head}><w:docDefaults><w:rPr>{expected}</w:rPr></w:docDefaults>"
        f"{expected}</w:styles>"
    )


@pytest.mark.parametrize(
    "ignorable,kept",
    [("w14 w15 wp14", "w14 wp14"), ("w15", None), (None, None)],
)
def test_mc_ignorable_keeps_only_declared_prefixes(ignorable: str | None, kept: str | None) -> None:
    wp14 = "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"
    attr = f' mc:Ignorable="{ignorable}"' if ignorable else ""
    head = f'{WNS} xmlns:mc="{MC_NS}" xmlns:w14="{W14}" xmlns:wp14="{wp14}"'
    out = refxml.styles_with_lang(f"<w:styles {head}{attr}/>", "en-US")
    assert etree.fromstring(out.encode()).get(f"{{{MC_NS}}}Ignorable") == kept


# ---------------------------------------------------------------------------------------
# safezip: errors, XML limits

_DOCTYPE = (
    "has a DOCTYPE declaration, which Office never writes (refused: it can define entities "
    "that read local files or expand without bound)"
)


def test_a_package_error_names_the_package_then_the_part_and_line() -> None:
    located = PackageError("bad", "r.docx", "word/styles.xml", 3)
    assert (str(located), located.message) == (
        "r.docx: word/styles.xml:3: bad",
        "word/styles.xml:3: bad",
    )
    assert (located.display, located.part, located.line) == ("r.docx", "word/styles.xml", 3)
    assert str(PackageError("bad", "r.docx", "word/styles.xml")) == "r.docx: word/styles.xml: bad"
    assert str(PackageError("bad", "r.docx", line=3)) == "r.docx: bad"
    assert PackageError("bad", "r.docx").args == ("bad",)


def test_the_xml_parser_neither_expands_entities_nor_nests_without_bound() -> None:
    root = etree.fromstring(b'<!DOCTYPE x [<!ENTITY e "v">]><x>&e;</x>', safezip.xml_parser())
    assert (root.text, [etree.tostring(c) for c in root]) == (None, [b"&e;"])
    deep = b"<a>" * 257 + b"</a>" * 257
    with pytest.raises(etree.XMLSyntaxError, match="Excessive depth in document: 256"):
        etree.fromstring(deep, safezip.xml_parser())


def test_the_xml_parser_loads_no_external_dtd(tmp_path: Path) -> None:
    dtd = tmp_path / "x.dtd"
    dtd.write_text('<!ENTITY e "from the dtd">')
    root = etree.fromstring(
        f'<!DOCTYPE x SYSTEM "{dtd.as_uri()}"><x>&e;</x>'.encode(), safezip.xml_parser()
    )
    assert root.getroottree().docinfo.externalDTD is None


_DECLARED = '<?xml version="1.0"?>\n<!DOCTYPE x>\n<x/>'


@pytest.mark.parametrize(
    "data",
    [
        _DECLARED.encode(),
        _DECLARED.encode("utf-16"),  # with a byte order mark
        _DECLARED.encode("utf-16-le"),
        _DECLARED.encode("utf-16-be"),
        _DECLARED.encode("utf-32"),
        b"\x00\x00\xfe\xff" + _DECLARED.encode("utf-32-be"),
        _DECLARED.encode("utf-32-le"),
        _DECLARED.encode("utf-32-be"),
    ],
)
def test_a_doctype_is_found_on_its_line_in_any_encoding_libxml2_reads(data: bytes) -> None:
    assert safezip.doctype_line(data) == 2
    with pytest.raises(PackageError) as err:
        safezip.parse_part(data, "word/x.xml", "r.docx", "x")
    assert str(err.value) == f"r.docx: word/x.xml:2: {_DOCTYPE}"


def test_no_doctype_or_undecodable_text_is_left_to_the_parser() -> None:
    assert safezip.doctype_line(b"<x>\n<!-- DOCTYPE --></x>") is None
    assert safezip.doctype_line(b"\xff\xfe<\x00x") is None  # an odd number of bytes
    assert safezip.doctype_line(b"<!DOCTYPE x><x/>") == 1
    assert safezip.doctype_line(b"\n\n<!DOCTYPE x>\n<!DOCTYPE y>\n<x/>") == 3  # the first


@pytest.mark.parametrize(
    "data,message",
    [
        (
            b"<x>\n<y></x>",
            "word/x.xml:2: not well-formed XML (Opening and ending tag mismatch: y line 2 and x)",
        ),
        (b"", "word/x.xml:1: not well-formed XML (Document is empty)"),
    ],
)
def test_malformed_xml_is_refused_with_its_line(data: bytes, message: str) -> None:
    with pytest.raises(PackageError) as err:
        safezip.parse_part(data, "word/x.xml", "r.docx", "x")
    assert str(err.value) == f"r.docx: {message}"


def test_a_root_element_of_strict_open_xml_says_how_to_save_instead() -> None:
    strict = f'\n<w:styles xmlns:w="{safezip.STRICT_W_NS}"/>'.encode()
    with pytest.raises(PackageError) as err:
        safezip.parse_part(strict, "word/styles.xml", "r.docx", _w("styles"))
    assert str(err.value) == (
        f"r.docx: word/styles.xml:2: root element is {{{safezip.STRICT_W_NS}}}styles, "
        f"expected {_w('styles')} (Strict Open XML; save it as 'Word Document', not 'Strict "
        "Open XML')"
    )
    root = safezip.parse_part(b"<x><y/></x>", "p.xml", "r.docx", "x")
    assert (root.tag, [c.tag for c in root]) == ("x", ["y"])


# ---------------------------------------------------------------------------------------
# safezip: zip limits


def _zip_claiming(file_size: int, compress_size: int, name: str = "word/big.xml") -> bytes:
    """A zip whose central directory claims these sizes for its one entry (never read)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, b"x")
    data = bytearray(buf.getvalue())
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<II", data, central + 20, compress_size, file_size)
    return bytes(data)


@pytest.mark.parametrize(
    "file_size,compress_size,message",
    [
        (safezip.MAX_PART, 10**7, None),
        (safezip.MAX_PART + 1, 10**7, "word/big.xml is 21 MB uncompressed (limit 20 MB per part)"),
        (21_500_000, 10**7, "word/big.xml is 22 MB uncompressed (limit 20 MB per part)"),
        (safezip.RATIO_FLOOR, 1, None),
        (
            safezip.RATIO_FLOOR + 1,
            0,
            "word/big.xml compresses 1048577:1 (limit 100:1); refusing a possible zip bomb",
        ),
        (2_000_000, 20_000, None),
        (
            2_000_000,
            19_999,
            "word/big.xml compresses 100:1 (limit 100:1); refusing a possible zip bomb",
        ),
    ],
)
def test_an_entry_too_large_or_too_compressed_is_refused_before_reading(
    file_size: int, compress_size: int, message: str | None
) -> None:
    data = _zip_claiming(file_size, compress_size)
    if message is None:
        assert safezip.read_parts(data, "r.docx", {}) == {}
        return
    with pytest.raises(PackageError) as err:
        safezip.read_parts(data, "r.docx", {})
    assert str(err.value) == f"r.docx: {message}"


def test_at_most_a_thousand_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    assert safezip.MAX_ENTRIES == 1000
    monkeypatch.setattr(safezip, "MAX_ENTRIES", 3)
    names = ["a", "b", "c"]
    assert safezip.read_parts(_package(dict.fromkeys(names, "")), "r.docx", {}) == {}
    with pytest.raises(PackageError) as err:
        safezip.read_parts(_package(dict.fromkeys([*names, "d"], "")), "r.docx", {})
    assert str(err.value) == "r.docx: has 4 zip entries (limit 3)"


def test_part_names_are_found_whatever_their_case_or_leading_slash() -> None:
    data = _package({"/Word/Styles.XML": "s", "XmlPart.xml": "x", "word/other.xml": "o"})
    wanted = {"styles": "word/styles.xml", "x": "xmlpart.xml", "missing": "word/numbering.xml"}
    assert safezip.read_parts(data, "r.docx", wanted) == {
        "styles": ("word/styles.xml", b"s"),
        "x": ("xmlpart.xml", b"x"),
    }


def test_a_part_twice_in_the_zip_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/styles.xml", "a")
        zf.writestr("Word/styles.xml", "b")
    with pytest.raises(PackageError) as err:
        safezip.read_parts(buf.getvalue(), "r.docx", {"styles": "word/styles.xml"})
    assert str(err.value) == "r.docx: word/styles.xml appears 2 times in the zip"


def test_a_part_that_cannot_be_read_or_a_file_that_is_no_zip_is_refused() -> None:
    data = bytearray(_package({"word/styles.xml": "<x/>"}))
    data[data.find(b"<x/>")] = ord("[")  # the stored bytes no longer match the CRC
    with pytest.raises(PackageError) as err:
        safezip.read_parts(bytes(data), "r.docx", {"styles": "word/styles.xml"})
    assert str(err.value) == (
        "r.docx: cannot read word/styles.xml: Bad CRC-32 for file 'word/styles.xml'"
    )
    with pytest.raises(PackageError) as err:
        safezip.read_parts(b"PK", "r.docx", {})
    assert str(err.value) == "r.docx: not a .docx (zip) file: File is not a zip file"


def test_an_entry_is_read_in_chunks_until_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _package({"p": "x" * 200_000})
    monkeypatch.setattr(safezip, "MAX_PART", 65536)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert len(safezip.read_bounded(zf, zf.getinfo("p"))) == 131072
    monkeypatch.setattr(safezip, "MAX_PART", 65535)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert len(safezip.read_bounded(zf, zf.getinfo("p"))) == 65536


def test_a_file_over_fifty_megabytes_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.docx"
    with path.open("wb") as fh:
        fh.truncate(safezip.MAX_FILE + 1)
    with pytest.raises(PackageError) as err:
        safezip.read_file(path, "r.docx")
    assert str(err.value) == "r.docx: is 52 MB (limit 50 MB)"
    with path.open("wb") as fh:
        fh.truncate(53_500_000)  # rounded from bytes, as the size a file manager shows
    with pytest.raises(PackageError, match=r"is 54 MB \(limit 50 MB\)"):
        safezip.read_file(path, "r.docx")
    with pytest.raises(PackageError) as err:
        safezip.read_file(tmp_path / "none.docx", "none.docx")
    assert str(err.value) == "none.docx: cannot read the file: No such file or directory"
    monkeypatch.setattr(safezip, "MAX_FILE", 2)
    path.write_bytes(b"PK")
    assert safezip.read_file(path, "r.docx") == b"PK"
    path.write_bytes(b"PK!")
    with pytest.raises(PackageError, match="is 0 MB"):
        safezip.read_file(path, "r.docx")


# ---------------------------------------------------------------------------------------
# ooxml


@pytest.mark.parametrize(
    "text,escaped",
    [
        ("plain 1,5 %", "plain 1,5 %"),
        ('a & b < c > d "e"', "a &amp; b &lt; c &gt; d &quot;e&quot;"),
        ("tab\tline\nbell\x07nul\x00\ufffe", "tab\tline\nbellnul"),
        ("'apostrophe'", "'apostrophe'"),
        ("lone\ud800surrogate\udfff", "lonesurrogate"),
        ("<\x01>", "&lt;&gt;"),
    ],
)
def test_esc_escapes_markup_and_drops_what_xml_cannot_carry(text: str, escaped: str) -> None:
    assert ooxml.esc(text) == escaped


def test_w_names_a_wordprocessingml_tag() -> None:
    assert ooxml.w("p") == f"{{{W_NS}}}p"


def test_strip_foreign_keeps_only_the_given_namespaces() -> None:
    el = etree.fromstring(
        f'<w:p {WR} xmlns:w14="{W14}" w14:paraId="1" w:rsidR="2" plain="3">'
        '<!-- note --><?pi x?><w14:ext><w:r/></w14:ext><w:r r:id="4" w14:x="5"/></w:p>'
    )
    ooxml.strip_foreign(el, keep=(W_NS,))
    assert _c14n(etree.tostring(el, encoding="unicode")) == _c14n(
        f'<w:p {WR} xmlns:w14="{W14}" w:rsidR="2" plain="3"><w:r/></w:p>'
    )
    foreign = etree.fromstring(f'<w14:ext xmlns:w14="{W14}" {WR}><w:r/><w14:y/></w14:ext>')
    ooxml.strip_foreign(foreign, keep=(W_NS,))
    assert [c.tag for c in foreign] == [_w("r")]  # the element itself is kept


def test_has_external_refs_looks_for_relationship_attributes_anywhere() -> None:
    assert ooxml.has_external_refs(
        etree.fromstring(f'<w:x {WR}><w:y><w:z r:embed="1"/></w:y></w:x>')
    )
    assert ooxml.has_external_refs(etree.fromstring(f'<w:x {WR} r:id="1"/>'))
    no_refs = f'<w:x {WR} w:id="1"><!-- r:id --><w:y id="2"/></w:x>'
    assert not ooxml.has_external_refs(etree.fromstring(no_refs))


def test_drop_external_refs_removes_picture_bullets_and_what_points_at_them() -> None:
    root = etree.fromstring(
        f'<w:numbering {WR} xmlns:v="urn:schemas-microsoft-com:vml">'
        '<w:numPicBullet w:numPicBulletId="0"><w:pict><v:shape><v:imagedata r:id="rId1"/>'
        "</v:shape></w:pict></w:numPicBullet>"
        '<w:numPicBullet w:numPicBulletId="1"><w:pict/></w:numPicBullet>'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlPicBulletId w:val="0"/>'
        '</w:lvl><w:lvl w:ilvl="1"><w:lvlPicBulletId w:val="1"/></w:lvl></w:abstractNum>'
        "</w:numbering>"
    )
    repairs: list[str] = []
    ooxml.drop_external_refs(root, repairs, "numbering.xml")
    assert repairs == ["numbering.xml: dropped numPicBullet (refers to other parts)"]
    assert _c14n(etree.tostring(root, encoding="unicode")) == _c14n(
        f'<w:numbering {WR} xmlns:v="urn:schemas-microsoft-com:vml">'
        '<w:numPicBullet w:numPicBulletId="1"><w:pict/></w:numPicBullet>'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"/>'
        '<w:lvl w:ilvl="1"><w:lvlPicBulletId w:val="1"/></w:lvl></w:abstractNum>'
        "</w:numbering>"
    )


def test_drop_external_refs_removes_the_w_element_holding_a_reference_once() -> None:
    root = etree.fromstring(
        f'<w:settings {WR} xmlns:v="urn:schemas-microsoft-com:vml" r:id="self">'
        '<w:docVars r:id="rId6"><w:docVar r:id="rId7"/></w:docVars>'
        '<w:attachedTemplate r:id="rId1"/><w:mailMerge><w:dataSource r:id="rId2"/>'
        '<w:query r:id="rId3"/></w:mailMerge><w:background><v:fill r:id="rId4"/>'
        '</w:background><w:zoom/><w:attachedTemplate r:id="rId5"/>'
        "</w:settings>"
    )
    repairs: list[str] = []
    ooxml.drop_external_refs(root, repairs, "settings.xml")
    assert [etree.QName(c).localname for c in root] == ["mailMerge", "zoom"]
    assert repairs == [
        "settings.xml: dropped attachedTemplate, background, dataSource, docVars, query"
        " (refers to other parts)"
    ]
    nothing: list[str] = []
    ooxml.drop_external_refs(root, nothing, "settings.xml")  # only the root's own r:id left
    assert nothing == []


# ---------------------------------------------------------------------------------------
# manifest


def _custom(tmp_path: Path, xml: str | None) -> Path:
    path = tmp_path / "c.docx"
    parts = {"word/document.xml": _document()}
    if xml is not None:
        parts["docProps/custom.xml"] = xml
    path.write_bytes(_package(parts))
    return path


def test_custom_properties_are_read_by_name_with_their_text(tmp_path: Path) -> None:
    xml = (
        f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="shim.fact.a">'
        "<vt:lpwstr>77109</vt:lpwstr></property>"
        '<property name="commented"><!-- Word writes none --><vt:lpwstr>x</vt:lpwstr></property>'
        '<property name="empty"><vt:lpwstr/></property>'
        '<property name="no value"/>'
        '<property name="foreign"><x:lpwstr xmlns:x="urn:x">y</x:lpwstr></property>'
        "<property><vt:i4>3</vt:i4></property>"
        '<property name="list"><vt:vector><vt:lpwstr>a</vt:lpwstr></vt:vector></property>'
        "</Properties>"
    )
    assert manifest.read_custom(_custom(tmp_path, xml), "c.docx") == {
        "shim.fact.a": "77109",
        "commented": "x",
        "empty": "",
        "": "3",
        "list": "",
    }


def test_a_package_without_custom_properties_has_none(tmp_path: Path) -> None:
    assert manifest.read_custom(_custom(tmp_path, None), "c.docx") == {}


def test_custom_properties_of_a_missing_file_or_no_zip_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(PackageError) as err:
        manifest.read_custom(tmp_path / "none.docx", "none.docx")
    assert str(err.value) == "none.docx: cannot read the file: No such file or directory"
    (tmp_path / "c.docx").write_bytes(b"not a zip")
    with pytest.raises(PackageError) as err:
        manifest.read_custom(tmp_path / "c.docx", "c.docx")
    assert str(err.value) == "c.docx: not a .docx (zip) file: File is not a zip file"


def test_custom_properties_under_another_root_are_refused(tmp_path: Path) -> None:
    path = _custom(tmp_path, f'<Properties xmlns:vt="{VT_NS}"/>')
    with pytest.raises(PackageError) as err:
        manifest.read_custom(path, "c.docx")
    assert str(err.value) == (
        "c.docx: docProps/custom.xml:1: root element is Properties, "
        f"expected {{{CUSTOM_NS}}}Properties"
    )


# ---------------------------------------------------------------------------------------
# reference: loading, caching, variants


def _unique_team(tmp_path: Path, name: str = "r.docx") -> Path:
    """A package no other test has (the prepared references are kept by content)."""
    path = tmp_path / name
    path.write_bytes(_team(styles=_styles(f'<w:style w:styleId="{tmp_path.name}"/>')))
    return path


def test_a_reference_is_loaded_once_per_file_and_once_per_content(tmp_path: Path) -> None:
    path = _unique_team(tmp_path)
    ref = reference.load_reference(path, "r.docx")
    assert ref.repairs == ("settings.xml: missing, created",)
    assert reference.load_reference(path, "other.docx") is ref
    copy = tmp_path / "copy.docx"
    copy.write_bytes(path.read_bytes())
    assert reference.load_reference(copy, "copy.docx") is ref
    with_builtin = reference.load_reference(path, "r.docx", copy)
    assert with_builtin is not ref and with_builtin == ref  # the builtin is the reference
    path.write_bytes(_team(styles=_styles('<w:style w:styleId="changed"/>')))
    changed = reference.load_reference(path, "r.docx")
    assert 'w:styleId="changed"' in changed.styles


def test_a_missing_or_broken_reference_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        reference.load_reference(tmp_path / "none.docx", "templates/reference.docx")
    assert str(err.value) == (
        "templates/reference.docx: cannot read the file: No such file or directory"
    )
    path = _unique_team(tmp_path)
    builtin = tmp_path / "builtin.docx"
    with pytest.raises(ConfigError) as err:
        reference.load_reference(path, "r.docx", builtin)
    assert str(err.value) == f"{builtin}: cannot read the file: No such file or directory"
    broken = tmp_path / "broken.docx"
    broken.write_bytes(_package({"word/styles.xml": _styles(f"<w:x>{tmp_path.name}</w:x>")}))
    with pytest.raises(ConfigError) as err:
        reference.load_reference(broken, "templates/reference.docx")
    assert str(err.value) == "templates/reference.docx: has no word/document.xml"
    assert (err.value.location, err.value.message) == (
        Location("templates/reference.docx"),
        "has no word/document.xml",
    )


def test_a_paper_size_other_than_letter_or_a4_is_refused() -> None:
    ref = reference.load_reference_bytes(_team(), "r.docx")
    with pytest.raises(ValueError) as err:
        reference.with_paper(ref, "legal")
    assert str(err.value) == "unknown paper size 'legal'; use one of letter, a4"
    a4 = reference.with_paper(ref, "a4")
    assert (
        a4.sect_pr == f'<w:sectPr {WR}>{HEADER_FOOTER}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    )
    assert a4.styles == ref.styles


def test_styles_in_a_language_and_the_xml_helpers_by_name() -> None:
    ref = reference.load_reference_bytes(
        _team(styles=_styles('<w:docDefaults><w:lang w:val="en-US"/></w:docDefaults>')), "r.docx"
    )
    assert reference.styles_in(ref, "es-PE") == DECL + _styles(
        '<w:docDefaults><w:lang w:val="es-PE" w:eastAsia="es-PE" w:bidi="ar-SA"/></w:docDefaults>'
    )
    assert reference.sect_with_paper is refxml.sect_with_paper
    with pytest.raises(AttributeError) as err:
        reference.__getattr__("__wrapped__")
    assert str(err.value) == "__wrapped__"


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The per-user cache on, in a folder of this test's own: where its entries go."""
    monkeypatch.delenv("SHIM_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "shim" / "data"
    folder.mkdir(parents=True, mode=0o700)
    (tmp_path / "cache" / "shim").chmod(0o700)
    return folder


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_prepared_reference_is_taken_from_the_users_cache_by_both_contents(
    tmp_path: Path, user_cache: Path
) -> None:
    path, builtin = _unique_team(tmp_path), tmp_path / "builtin.docx"
    builtin.write_bytes(BUILTIN)
    stored = reference.Reference("s", "n", "t", "p", (), 7, 8, ("from the cache",))
    data = path.read_bytes()
    for given, key in (
        (builtin, key_of(_sha(data), _sha(BUILTIN))),
        (None, key_of(_sha(data), "")),
    ):
        (user_cache / f"reference-{key}.msgpack").write_bytes(msgspec.msgpack.encode(stored))
        assert reference.load_reference(path, "r.docx", given) == stored


def test_paper_and_language_variants_are_taken_from_the_users_cache(user_cache: Path) -> None:
    ref = reference.Reference("<styles-x/>", "n", "t", "<sect-x/>", (), 1, 0)
    (user_cache / f"sect-{key_of('<sect-x/>', 'a4')}.msgpack").write_bytes(
        msgspec.msgpack.encode("<sect-cached/>")
    )
    (user_cache / f"styles-{key_of('<styles-x/>', 'qu-PE')}.msgpack").write_bytes(
        msgspec.msgpack.encode("<styles-cached/>")
    )
    assert reference.with_paper(ref, "a4").sect_pr == "<sect-cached/>"
    assert reference.styles_in(ref, "qu-PE") == "<styles-cached/>"
