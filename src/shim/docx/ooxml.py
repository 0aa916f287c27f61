"""Shared OOXML constants and helpers for the reference document and the writer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from shim.document import clean

if TYPE_CHECKING:
    from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
HEADER_RID = "rIdHdr1"
FOOTER_RID = "rIdFtr1"

#: Page sizes in twentieths of a point (portrait), and the printer paper codes Word writes.
PAPER = {"letter": (12240, 15840, "1"), "a4": (11906, 16838, "9")}

_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def esc(text: str) -> str:
    """Escape text for an XML text node or a double-quoted attribute."""
    if not _SPECIAL.search(text):
        return text
    return (
        clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def w(tag: str) -> str:
    """A WordprocessingML tag in Clark notation, for lxml: ``w("p")``."""
    return f"{{{W_NS}}}{tag}"


def strip_foreign(el: etree._Element, keep: tuple[str, ...]) -> None:
    """Remove attributes and elements outside the ``keep`` namespaces (w14:paraId,
    w15:restartNumberingAfterBreak...), for content moved where mc:Ignorable does not cover."""
    from lxml import etree  # only the reference reader edits trees

    for node in list(el.iter()):
        if not isinstance(node.tag, str):  # comments, processing instructions
            if node.getparent() is not None:
                node.getparent().remove(node)
            continue
        if node is not el and etree.QName(node).namespace not in keep:
            if node.getparent() is not None:
                node.getparent().remove(node)
            continue
        for name in list(node.attrib):
            ns = etree.QName(name).namespace
            if ns is not None and ns not in keep:
                del node.attrib[name]
