"""The review packet's OOXML: bookmarks that carry a message's identity, and protection.

Writing: every editable translation in the packet is wrapped in a Word bookmark whose name
encodes the message, ``shim_<12 hex of sha256(key)><6 hex of its text then>_<index>``.
``index`` is the bookmark's running number: bookmark names must be unique in a document
and the same message can appear in several rows, so the hash alone is not enough. The
second hash is the catalog's translation when the packet was made, so an import can tell
a translator's edit from a catalog that changed since. Bookmarks survive editing and
saving in Word and in LibreOffice 7.4 (content-control tags do not). The text is also an
editable range (``w:permStart``/``w:permEnd``) and :func:`protect_settings` makes the
rest read-only in Word. Reading is :mod:`shim.docx.packet_read`.
"""

from __future__ import annotations

import hashlib
import re

from shim.docx.ooxml import W_NS
from shim.docx.safezip import xml_parser

PREFIX = "shim_"
TOKEN_LEN = 12  # hex digits of sha256: 48 bits
STATE_LEN = 6
_NAME = re.compile(rf"([0-9a-f]{{{TOKEN_LEN}}})([0-9a-f]{{{STATE_LEN}}})?_([0-9]+)")


def message_key(msgid: str, msgctxt: str | None = None, plural: int = 0) -> str:
    """The identity of one translatable string, as gettext sees it, plus the plural form."""
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return f"{key}\x00{plural}"


def key_token(key: str, length: int = TOKEN_LEN) -> str:
    """A short stable hash of a message key: lowercase hex, safe in a bookmark name."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:length]


def bookmark_name(key: str, index: int, state: str = "") -> str:
    """``shim_<token><state>_<index>``: starts with a letter, [A-Za-z0-9_] only, <= 40
    chars. ``state`` is the text the catalog had (hashed here), or empty."""
    if index < 0:
        raise ValueError("index must be >= 0")
    hashed = key_token(state, STATE_LEN) if state else ""
    name = f"{PREFIX}{key_token(key)}{hashed}_{index}"
    if len(name) > 40:
        raise ValueError(f"bookmark name too long: {name}")
    return name


def parse_bookmark_name(name: str) -> tuple[str, int] | None:
    """(token, index) of a shim bookmark name, or None for any other bookmark.

    Anything after the index (an editor's " Copy 1", "_1") is tolerated but reported by
    :func:`shim.docx.packet_read.read_packet`.

    >>> parse_bookmark_name("shim_0123456789ab_7"), parse_bookmark_name("_GoBack")
    (('0123456789ab', 7), None)
    """
    m = _NAME.match(name, len(PREFIX)) if name.startswith(PREFIX) else None
    return (m.group(1), int(m.group(3))) if m else None


def bookmark_state(name: str) -> str:
    """The hash of the catalog's text kept in a bookmark name ("" when there is none)."""
    m = _NAME.match(name, len(PREFIX)) if name.startswith(PREFIX) else None
    return (m.group(2) or "") if m else ""


def state_token(text: str) -> str:
    """The hash :func:`bookmark_name` keeps for a catalog text."""
    return key_token(text, STATE_LEN) if text else ""


def canonical_name(name: str) -> str:
    """The name as written, without what an editor appended after the index."""
    m = _NAME.match(name, len(PREFIX)) if name.startswith(PREFIX) else None
    return f"{PREFIX}{m.group(0)}" if m else name


def mark_cell(
    message_key: str, index: int, runs_xml: str, *, editable: bool = True, state: str = ""
) -> str:
    """Paragraph content (what follows ``w:pPr`` inside ``w:p``) for one message.

    ``runs_xml`` is the message's runs as the writer makes them. ``index`` must be
    unique in the document: it is the bookmark's (and the editable range's) w:id and the
    end of its name. A cell holding several messages has one paragraph per message, each
    made with its own call. With ``editable``, the text is also an editable range for
    everyone, which only matters when the document is protected (:func:`protect_settings`).
    """
    name = bookmark_name(message_key, index, state)
    inner = (
        f'<w:bookmarkStart w:id="{index}" w:name="{name}"/>{runs_xml}'
        f'<w:bookmarkEnd w:id="{index}"/>'
    )
    if editable:
        inner = (
            f'<w:permStart w:id="{index}" w:edGrp="everyone"/>{inner}<w:permEnd w:id="{index}"/>'
        )
    return inner


# CT_Settings is a sequence: documentProtection must come after these and before the rest.
_BEFORE_PROTECTION = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
]


def protect_settings(settings_xml: str | bytes, *, track_changes: bool = False) -> bytes:
    """settings.xml with ``w:documentProtection w:edit="readOnly" w:enforcement="1"``.

    In Word only the editable ranges (``w:permStart``/``w:permEnd`` from
    :func:`mark_cell`) can then be changed. There is no password: "Stop Protection"
    lifts it; this is a guard against slips, not security. With ``track_changes``,
    ``w:trackRevisions`` is switched on too, so the translator's edits are tracked.
    """
    from lxml import etree  # only a review packet is protected: a render needs no lxml

    raw = settings_xml.encode("utf-8") if isinstance(settings_xml, str) else settings_xml
    root = etree.fromstring(raw, xml_parser())  # our own reference's settings
    ns = root.nsmap.get("w", W_NS)
    for tag in ("documentProtection",) + (("trackRevisions",) if track_changes else ()):
        for old in root.findall(f"{{{ns}}}{tag}"):
            root.remove(old)
    prot = etree.Element(f"{{{ns}}}documentProtection")
    prot.set(f"{{{ns}}}edit", "readOnly")
    prot.set(f"{{{ns}}}enforcement", "1")
    new = [prot]
    if track_changes:
        new.insert(0, etree.Element(f"{{{ns}}}trackRevisions"))
    pos = 0
    for i, child in enumerate(root):
        if isinstance(child.tag, str) and etree.QName(child).localname in _BEFORE_PROTECTION:
            pos = i + 1
    for el in reversed(new):
        root.insert(pos, el)
    if track_changes:  # trackRevisions must also precede doNotTrackMoves/Formatting
        tr = root.find(f"{{{ns}}}trackRevisions")
        later = [
            c
            for c in root
            if isinstance(c.tag, str)
            and etree.QName(c).localname in ("doNotTrackMoves", "doNotTrackFormatting")
        ]
        if tr is not None and later:
            later[0].addprevious(tr)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data
