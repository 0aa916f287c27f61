"""Preparing a reference document as XML trees (lxml): what :mod:`shim.docx.reference`
does on a cache miss.

A team may bring its own ``templates/reference.docx`` (saved by Word, LibreOffice or
python-docx). It is read with the limits of :mod:`shim.docx.safezip`, and edited as an
XML tree, never as text:

* the body-level ``w:sectPr`` comes back carrying shim's header and footer references
  (``rIdHdr1``/``rIdFtr1``) as its first children, whatever attributes Word put on it;
* required styles the reference lacks are borrowed from the built-in reference
  (:mod:`shim.docx.numbering`), and numbering is put in schema order;
* settings get the footnote separators shim's footnotes part defines.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from lxml import etree

from shim.docx.numbering import (
    borrow_number_list,
    complete_styles,
    list_number_abstract,
    next_num_id,
    schema_order_numbering,
)
from shim.docx.ooxml import (
    A_NS,
    CT,
    FOOTER_RID,
    HEADER_RID,
    MC_NS,
    PAPER,
    R_NS,
    W_NS,
    drop_external_refs,
    has_external_refs,
    strip_foreign,
    w,
)
from shim.docx.safezip import PackageError, parse_part, read_parts, xml_parser

# (part, expected root, required)
_PARTS = {
    "styles": ("word/styles.xml", f"{{{W_NS}}}styles", True),
    "document": ("word/document.xml", f"{{{W_NS}}}document", True),
    "numbering": ("word/numbering.xml", f"{{{W_NS}}}numbering", False),
    "settings": ("word/settings.xml", f"{{{W_NS}}}settings", False),
    "theme": ("word/theme/theme1.xml", f"{{{A_NS}}}theme", False),
    "fonts": ("word/fontTable.xml", f"{{{W_NS}}}fonts", False),
}
_EXTRA = (  # (key, part, relationship type, content type), in output order
    (
        "theme",
        "word/theme/theme1.xml",
        "theme",
        "application/vnd.openxmlformats-officedocument.theme+xml",
    ),
    ("fonts", "word/fontTable.xml", "fontTable", f"{CT}.fontTable+xml"),
)


_VAL, _ID_ATTR = w("val"), f"{{{R_NS}}}id"


def _parse_all(data: bytes, display: str) -> dict[str, etree._Element]:
    raw = read_parts(data, display, {key: part for key, (part, _, _) in _PARTS.items()})
    roots = {}
    for key, (part, root_tag, required) in _PARTS.items():
        if key not in raw:
            if required:
                raise PackageError(f"has no {part}", display)
            continue
        roots[key] = parse_part(raw[key][1], part, display, root_tag)
    return roots


def prepare(data: bytes, display: str, builtin: bytes | None = None) -> dict[str, Any]:
    """The fields of a :class:`~shim.docx.reference.Reference` from the bytes of a .docx;
    ``builtin`` is shim's own reference, from which missing required styles are borrowed."""
    roots = _parse_all(data, display)
    repairs: list[str] = []
    styles = roots["styles"]
    numbering = roots.get("numbering")
    if numbering is None:
        numbering = etree.Element(w("numbering"), nsmap={"w": W_NS})
    settings = roots.get("settings")
    if settings is None:
        settings = etree.Element(w("settings"), nsmap={"w": W_NS})
        repairs.append("settings.xml: missing, created")

    drop_external_refs(numbering, repairs, "numbering.xml")
    schema_order_numbering(numbering)
    if builtin is not None and builtin != data:
        b = _builtin_roots(builtin)
        complete_styles(styles, numbering, b["styles"], b.get("numbering"), repairs)
    abstract_id = list_number_abstract(styles, numbering)
    if abstract_id is None and builtin is not None and builtin != data:
        b = _builtin_roots(builtin)
        abstract_id = borrow_number_list(numbering, b["styles"], b.get("numbering"), repairs)
    _prepare_settings(settings, repairs)

    # LibreOffice writes lvlJc "start"/"end" (ISO 29500 values older schemas reject).
    for jc in numbering.iter(w("lvlJc")):
        if jc.get(_VAL) in ("start", "end"):
            jc.set(_VAL, {"start": "left", "end": "right"}[jc.get(_VAL)])

    extra = []
    for key, part, rel, ctype in _EXTRA:
        root = roots.get(key)
        if root is not None and key == "theme" and has_external_refs(root):
            repairs.append(f"{part}: refers to parts shim does not copy (images); left out")
            root = None
        if root is not None and key == "fonts":
            drop_external_refs(root, repairs, "fontTable.xml")  # embedded fonts
            for charset in root.iter(w("charset")):  # LibreOffice: "utf-8", "windows-1252"
                charset.attrib.pop(w("characterSet"), None)
        if root is None and builtin is not None and builtin != data:
            # Validators (and Word's own package rules) expect a theme and a font table;
            # LibreOffice and python-docx resaves of shim's reference drop them.
            root = _builtin_roots(builtin).get(key)
            if root is not None:
                root = copy.deepcopy(root)
                repairs.append(f"{part}: missing, taken from the built-in reference")
        if root is not None:
            extra.append((part, rel, ctype, _serialize(root).encode("utf-8")))

    return dict(
        styles=_serialize(styles),
        numbering=_serialize(numbering),
        settings=_serialize(settings),
        sect_pr=_sect_pr(roots["document"], repairs),
        extra=tuple(extra),
        next_num_id=next_num_id(numbering),
        list_number_abstract_id=abstract_id if abstract_id is not None else 0,
        repairs=tuple(repairs),
    )


@lru_cache(maxsize=2)
def _builtin_roots(data: bytes) -> dict[str, etree._Element]:
    # Read-only use: everything taken from it is deep-copied.
    return _parse_all(data, "shim's built-in reference.docx")


def _serialize(root: etree._Element) -> str:
    _check_ignorable(root)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data.decode("utf-8")


def _check_ignorable(root: etree._Element) -> None:
    """mc:Ignorable may only name prefixes declared on the root: drop any that are not."""
    attr = f"{{{MC_NS}}}Ignorable"
    value = root.get(attr)
    if value is None:
        return
    kept = [p for p in value.split() if p in root.nsmap]
    if kept:
        root.set(attr, " ".join(kept))
    else:
        del root.attrib[attr]


# CT_SectPr children that may precede w:pgSz (after the header/footer references).
_BEFORE_PG_SZ = {
    w("headerReference"),
    w("footerReference"),
    w("footnotePr"),
    w("endnotePr"),
    w("type"),
}


def _sect_pr(document: etree._Element, repairs: list[str]) -> str:
    body = document.find(w("body"))
    found = body.findall(w("sectPr")) if body is not None else []
    if found:
        sect = copy.deepcopy(found[-1])
    else:
        sect = etree.Element(w("sectPr"), nsmap={"w": W_NS, "r": R_NS})
        repairs.append("document.xml: no body-level w:sectPr; using Word's defaults")
    old = [c for c in sect if c.tag in (w("headerReference"), w("footerReference"))]
    for child in old:
        sect.remove(child)
    if old:
        repairs.append(f"sectPr: replaced {len(old)} header/footer reference(s) with shim's")
    # Elements pointing at parts shim does not copy, tracked changes, and extension markup
    # (the document root shim writes declares only w and r, with no mc:Ignorable).
    for child in list(sect):
        if child.get(_ID_ATTR) is not None or child.tag == w("sectPrChange"):
            sect.remove(child)
            repairs.append(f"sectPr: dropped {etree.QName(child).localname}")
        elif child.tag == w("titlePg"):  # shim writes only a default header and footer
            sect.remove(child)
            repairs.append("sectPr: dropped titlePg so shim's header shows on page 1")
    strip_foreign(sect, keep=(W_NS, R_NS))
    pg_mar = sect.find(w("pgMar"))
    if pg_mar is not None:
        for side in ("header", "footer"):  # LibreOffice writes 0 when there is no header
            if pg_mar.get(w(side)) in (None, "0"):
                pg_mar.set(w(side), "720")
                repairs.append(f"sectPr: pgMar {side} distance 0 set to 720 (0.5 in)")
    refs = [
        etree.Element(w("headerReference"), {w("type"): "default", _ID_ATTR: HEADER_RID}),
        etree.Element(w("footerReference"), {w("type"): "default", _ID_ATTR: FOOTER_RID}),
    ]
    for i, ref in enumerate(refs):
        sect.insert(i, ref)
    etree.cleanup_namespaces(sect, top_nsmap={"w": W_NS, "r": R_NS}, keep_ns_prefixes=["w", "r"])
    return str(etree.tostring(sect, encoding="unicode"))


def sect_with_paper(sect_pr: str, paper: str) -> str:
    """``sect_pr`` with its page size set to ``paper`` (orientation kept)."""
    sect = etree.fromstring(sect_pr, xml_parser())
    width, height, code = PAPER[paper]
    pg_sz = sect.find(w("pgSz"))
    if pg_sz is None:
        pg_sz = etree.Element(w("pgSz"))
        at = 0
        for i, child in enumerate(sect):
            if child.tag in _BEFORE_PG_SZ:
                at = i + 1
        sect.insert(at, pg_sz)
    landscape = pg_sz.get(w("orient")) == "landscape"
    if landscape:
        width, height = height, width
    pg_sz.set(w("w"), str(width))
    pg_sz.set(w("h"), str(height))
    if pg_sz.get(w("code")) is not None:
        pg_sz.set(w("code"), code)
    return str(etree.tostring(sect, encoding="unicode"))


# CT_Settings children that come after w:footnotePr (any non-w child does too, such as
# m:mathPr and sl:schemaLibrary); smart tags only in ECMA-376's transitional schema.
_AFTER_FOOTNOTE_PR = {
    w(t)
    for t in [
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "uiCompat97To2003",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
}


def _prepare_settings(settings: etree._Element, repairs: list[str]) -> None:
    for child in list(settings):
        if child.tag == w("evenAndOddHeaders"):
            settings.remove(child)
            repairs.append("settings.xml: dropped evenAndOddHeaders (shim writes one header)")
    drop_external_refs(settings, repairs, "settings.xml")  # attachedTemplate, mail merge
    pr = settings.find(w("footnotePr"))
    if pr is None:
        pr = etree.Element(w("footnotePr"))
        at = next(
            (
                c
                for c in settings
                if c.tag in _AFTER_FOOTNOTE_PR or etree.QName(c).namespace != W_NS
            ),
            None,
        )
        if at is not None:
            at.addprevious(pr)
        else:
            settings.append(pr)
    have = {f.get(w("id")) for f in pr.iterchildren(w("footnote"))}
    for note_id in ("-1", "0"):  # the separators footnotes.xml defines
        if note_id not in have:
            etree.SubElement(pr, w("footnote"), {w("id"): note_id})


def styles_with_lang(styles: str, lang: str) -> str:
    """``styles`` with every ``w:lang`` set to ``lang``."""
    root = etree.fromstring(styles.encode("utf-8"), xml_parser())
    for el in root.iter(w("lang")):
        el.attrib.clear()
        el.set(w("val"), lang)
        el.set(w("eastAsia"), lang)
        el.set(w("bidi"), "ar-SA")
    return _serialize(root)
