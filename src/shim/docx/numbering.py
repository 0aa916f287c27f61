"""Completing a team's reference: required styles it lacks, with their lists, borrowed
from the built-in reference under ids that cannot clash; numbering in schema order.
"""

from __future__ import annotations

import copy

from lxml import etree

from shim.docx.ooxml import W_NS, strip_foreign, w

_VAL = w("val")

#: Styles every shim document uses; a team's own reference may lack some of them.
REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Heading1",
    "Heading2",
    "ListBullet",
    "ListNumber",
    "Quote",
    "Speech",
    "FootnoteText",
    "FootnoteReference",
    "Header",
    "Footer",
    "TableText",
    "TableGrid",
    "TitleBand",
    "HeadlineNumber",
    "HeadlineLabel",
    "Chart",
)


def _style_ids(styles: etree._Element) -> dict[str, etree._Element]:
    return {s.get(w("styleId")): s for s in styles.iterchildren(w("style"))}


def complete_styles(
    styles: etree._Element,
    numbering: etree._Element,
    b_styles: etree._Element,
    b_numbering: etree._Element | None,
    repairs: list[str],
) -> None:
    """Add the built-in definition of every required style the reference lacks, and of the
    styles those are based on, link to or are followed by, when also missing."""
    have = _style_ids(styles)
    builtin = _style_ids(b_styles)
    todo = [s for s in REQUIRED_STYLES if s not in have]
    added: list[str] = []
    defaults = {
        s.get(w("type")) for s in have.values() if s.get(w("default")) in ("1", "true", "on")
    }
    while todo:
        sid = todo.pop(0)
        if sid in have or sid not in builtin:
            continue
        el = copy.deepcopy(builtin[sid])
        strip_foreign(el, keep=(W_NS,))
        for r in el.iter(w("rsid")):
            r.getparent().remove(r)
        if el.get(w("default")) is not None:
            if el.get(w("type")) in defaults:
                del el.attrib[w("default")]
            defaults.add(el.get(w("type")))
        if sid in ("ListBullet", "ListNumber") and b_numbering is not None:
            _borrow_list(numbering, b_numbering, el, repairs)
        styles.append(el)
        have[sid] = el
        added.append(sid)
        for ref in ("basedOn", "next", "link"):
            target = el.find(w(ref))
            if target is not None and target.get(_VAL) not in have:
                todo.append(target.get(_VAL))
    if added:
        repairs.append(f"styles.xml: added built-in {', '.join(added)}")


def _num_pr_id(style: etree._Element) -> str | None:
    num_id = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
    return num_id.get(_VAL) if num_id is not None else None


def _nums(numbering: etree._Element) -> dict[str | None, etree._Element]:
    return {n.get(w("numId")): n for n in numbering.iterchildren(w("num"))}


def _abstracts(numbering: etree._Element) -> dict[str | None, etree._Element]:
    return {a.get(w("abstractNumId")): a for a in numbering.iterchildren(w("abstractNum"))}


def _free_id(numbering: etree._Element) -> int:
    """An id above every w:numId and w:abstractNumId in use, and at least 9001."""
    used = [
        int(v)
        for el in numbering
        for v in (el.get(w("numId")), el.get(w("abstractNumId")))
        if v is not None and v.lstrip("-").isdigit()
    ]
    return max([9000, *used]) + 1


def _copy_abstract(
    numbering: etree._Element, b_numbering: etree._Element, num_id: str | None
) -> int | None:
    """Copy the built-in abstractNum behind w:num ``num_id`` into ``numbering`` with a
    w:num of its own, both under a fresh id; the id, or None if there is nothing to copy."""
    num = _nums(b_numbering).get(num_id)
    abs_ref = num.find(w("abstractNumId")) if num is not None else None
    abstract = _abstracts(b_numbering).get(abs_ref.get(_VAL)) if abs_ref is not None else None
    if abstract is None:
        return None
    own = _free_id(numbering)
    abstract = copy.deepcopy(abstract)
    strip_foreign(abstract, keep=(W_NS,))
    abstract.set(w("abstractNumId"), str(own))
    for link in ("styleLink", "numStyleLink"):
        for el in abstract.findall(w(link)):
            abstract.remove(el)
    nsid = abstract.find(w("nsid"))
    taken = {
        n.get(_VAL) for a in numbering.iterchildren(w("abstractNum")) for n in a.findall(w("nsid"))
    }
    if nsid is not None and nsid.get(_VAL) in taken:
        nsid.set(_VAL, f"{0x5348494D ^ own:08X}")  # Word merges lists that share an nsid
    first_num = next(numbering.iterchildren(w("num"), w("numIdMacAtCleanup")), None)
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum must precede every num
    else:
        numbering.append(abstract)
    new_num = etree.Element(w("num"), {w("numId"): str(own)})
    etree.SubElement(new_num, w("abstractNumId"), {_VAL: str(own)})
    cleanup = numbering.find(w("numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(new_num)
    else:
        numbering.append(new_num)
    return own


def _borrow_list(
    numbering: etree._Element,
    b_numbering: etree._Element,
    style: etree._Element,
    repairs: list[str],
) -> None:
    """Give a borrowed ListBullet/ListNumber style its built-in list under fresh ids."""
    own = _copy_abstract(numbering, b_numbering, _num_pr_id(style))
    if own is None:
        return
    style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}").set(_VAL, str(own))
    repairs.append(f"numbering.xml: added the list of {style.get(w('styleId'))} as {own}")


def list_number_abstract(styles: etree._Element, numbering: etree._Element) -> int | None:
    """The abstractNumId ListNumber paragraphs number with (following basedOn, and a list
    style's numStyleLink), or None when it does not resolve to an existing abstractNum."""
    ids = _style_ids(styles)
    style, num_id, seen = ids.get("ListNumber"), None, set()
    while style is not None and num_id is None and id(style) not in seen:
        seen.add(id(style))
        num_id = _num_pr_id(style)
        based = style.find(w("basedOn"))
        style = ids.get(based.get(_VAL)) if based is not None else None
    nums, abstracts = _nums(numbering), _abstracts(numbering)
    for _ in range(3):  # num -> abstractNum [-> numbering style -> num -> abstractNum]
        num = nums.get(num_id)
        ref = num.find(w("abstractNumId")) if num is not None else None
        abstract = abstracts.get(ref.get(_VAL)) if ref is not None else None
        if abstract is None:
            return None
        link = abstract.find(w("numStyleLink"))
        if link is None:
            value = abstract.get(w("abstractNumId"))
            return int(value) if value.lstrip("-").isdigit() else None
        linked = ids.get(link.get(_VAL))
        num_id = _num_pr_id(linked) if linked is not None else None
    return None


def borrow_number_list(
    numbering: etree._Element,
    b_styles: etree._Element,
    b_numbering: etree._Element | None,
    repairs: list[str],
) -> int | None:
    """When the team's ListNumber does not lead to a list, numbered lists use the built-in one."""
    style = _style_ids(b_styles).get("ListNumber")
    if style is None or b_numbering is None:
        return None
    own = _copy_abstract(numbering, b_numbering, _num_pr_id(style))
    if own is not None:
        repairs.append(f"numbering.xml: ListNumber has no list; numbered lists use built-in {own}")
    return own


_NUMBERING_ORDER = {
    w("numPicBullet"): 0,
    w("abstractNum"): 1,
    w("num"): 2,
    w("numIdMacAtCleanup"): 3,
}


def schema_order_numbering(numbering: etree._Element) -> None:
    """numPicBullet*, abstractNum*, num*, numIdMacAtCleanup? (a stable sort; extension
    elements stay next to the element they followed)."""
    groups: list[list[etree._Element]] = []
    for child in numbering:
        if child.tag in _NUMBERING_ORDER or not groups:
            groups.append([child])
        else:
            groups[-1].append(child)
    order = sorted(groups, key=lambda g: _NUMBERING_ORDER.get(g[0].tag, -1))
    if order != groups:
        for group in order:
            for el in group:
                numbering.append(el)  # moves


def next_num_id(numbering: etree._Element) -> int:
    ids = [
        int(v)
        for v in (n.get(w("numId")) for n in numbering.iterchildren(w("num")))
        if v and v.isdigit()
    ]
    return max(ids, default=0) + 1
