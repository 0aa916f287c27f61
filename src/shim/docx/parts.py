"""The package parts around the body: content types, relationships, core and app properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import msgspec

from shim.docx.ooxml import CT, esc
from shim.docx.reference import Reference

XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


class Meta(msgspec.Struct, frozen=True):
    title: str
    subject: str
    author: str
    organization: str
    language: str
    date: dt.datetime
    keywords: str = ""
    draft: bool = True
    no_proof: tuple[str, ...] = ()  # names and acronyms spell-checkers should skip
    paper: str = ""  # "letter" or "a4" overrides the reference's page size
    #: Custom document properties (name, text): the manifest of what the document used.
    custom: tuple[tuple[str, str], ...] = ()


CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = f"{REL}/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def content_types(ref: Reference, extra: Iterable[tuple[str, str]] = ()) -> str:
    """``[Content_Types].xml``; ``extra`` are (part name, content type) overrides."""
    over = [
        ("/word/document.xml", f"{CT}.document.main+xml"),
        ("/word/styles.xml", f"{CT}.styles+xml"),
        ("/word/numbering.xml", f"{CT}.numbering+xml"),
        ("/word/settings.xml", f"{CT}.settings+xml"),
        ("/word/footnotes.xml", f"{CT}.footnotes+xml"),
        ("/word/header1.xml", f"{CT}.header+xml"),
        ("/word/footer1.xml", f"{CT}.footer+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
        *((f"/{name}", ctype) for name, _, ctype, _ in ref.extra),
        *extra,
    ]
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in over)
        + "</Types>"
    )


def _rels(items: Iterable[tuple[str, str, str]]) -> str:
    return (
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
        + "".join(
            f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in items
        )
        + "</Relationships>"
    )


def package_rels(custom: bool = False) -> str:
    return _rels(
        [
            *([("rId4", CUSTOM_REL, "docProps/custom.xml")] if custom else []),
            ("rId1", f"{REL}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
        ]
    )


def doc_rels(ref: Reference, extra: Iterable[tuple[str, str, str]] = ()) -> str:
    """The document's relationships; ``extra`` are (id, type, target) of its own parts."""
    items = [
        ("rIdStyles", f"{REL}/styles", "styles.xml"),
        ("rIdNumbering", f"{REL}/numbering", "numbering.xml"),
        ("rIdSettings", f"{REL}/settings", "settings.xml"),
        ("rIdFootnotes", f"{REL}/footnotes", "footnotes.xml"),
        ("rIdHdr1", f"{REL}/header", "header1.xml"),
        ("rIdFtr1", f"{REL}/footer", "footer1.xml"),
    ]
    items += [
        (f"rIdX{i}", f"{REL}/{rel}", name.removeprefix("word/"))
        for i, (name, rel, _, _) in enumerate(ref.extra)
    ]
    return _rels([*items, *extra])


def core_props(meta: Meta) -> str:
    when = meta.date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
        '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(meta.title)}</dc:title><dc:subject>{esc(meta.subject)}</dc:subject>"
        f"<dc:creator>{esc(meta.author)}</dc:creator><cp:keywords>{esc(meta.keywords)}"
        f"</cp:keywords><dc:language>{esc(meta.language)}</dc:language>"
        f"<cp:lastModifiedBy>{esc(meta.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_props(meta: Meta) -> str:
    return (
        f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>shim</Application>'
        f"<Company>{esc(meta.organization)}</Company></Properties>"
    )


def custom_props(meta: Meta) -> str:
    """docProps/custom.xml: one text property per entry (Word and LibreOffice keep them).

    Word shows at most 255 characters of a text property, so each is kept short.
    """
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
        f'name="{esc(name)}"><vt:lpwstr>{esc(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(meta.custom, 2)
    )
    return f'{XML_HEAD}<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{props}</Properties>'
