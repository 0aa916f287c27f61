"""Shared OOXML constants and helpers for the reference document and the writer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from shim.document import clean, has_forbidden

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

_SPECIAL = re.compile('[&<>"]')


def esc(text: str) -> str:
    """Escape text for an XML text node or a double-quoted attribute."""
    if not _SPECIAL.search(text) and not has_forbidden(text):
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


def has_external_refs(root: etree._Element) -> bool:
    """Whether any element points (r:id, r:embed...) at another part."""
    from lxml import etree

    return any(
        etree.QName(name).namespace == R_NS for el in root.iter(etree.Element) for name in el.attrib
    )


def drop_external_refs(root: etree._Element, repairs: list[str], part: str) -> None:
    """Remove elements that point (r:id, r:embed...) at parts shim does not copy, e.g.
    attachedTemplate, embedded fonts, picture bullets (and lvlPicBulletId pointing at those)."""
    from lxml import etree

    dropped = []
    for el in list(root.iter(etree.Element)):
        if not any(etree.QName(a).namespace == R_NS for a in el.attrib):
            continue
        pic = next(el.iterancestors(w("numPicBullet")), None)
        victim = pic if pic is not None else el
        while victim.getparent() is not None and etree.QName(victim).namespace != W_NS:
            victim = victim.getparent()  # e.g. v:imagedata inside w:pict
        parent = victim.getparent()
        if parent is None:  # the root itself, or already removed with an ancestor
            continue
        if not any(a is root for a in victim.iterancestors()):
            continue
        dropped.append(etree.QName(victim).localname)
        parent.remove(victim)
    if "numPicBullet" in dropped:
        pics = {p.get(w("numPicBulletId")) for p in root.iterchildren(w("numPicBullet"))}
        for ref in list(root.iter(w("lvlPicBulletId"))):
            if ref.get(w("val")) not in pics:
                ref.getparent().remove(ref)
    if dropped:
        repairs.append(f"{part}: dropped {', '.join(sorted(set(dropped)))} (refers to other parts)")
