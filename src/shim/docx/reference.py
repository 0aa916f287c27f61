"""The reference document: the styles, numbering, theme and page setup every render reuses.

A team may bring its own ``templates/reference.docx``; styles it lacks are completed from
the built-in one, so no paragraph silently falls back to Normal.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shim.errors import ConfigError, Location

CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
W = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_SECT = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.S)
_NUMS = re.compile(r"<w:num\b[^>]*w:numId=\"(\d+)\"")


@dataclass(frozen=True)
class Reference:
    """The parts of a reference document that every render reuses."""

    styles: str
    numbering: str
    settings: str
    sect_pr: str
    extra: tuple[tuple[str, str, str, bytes], ...]  # (part, rel type, content type, bytes)

    @property
    def next_num_id(self) -> int:
        ids = [int(n) for n in _NUMS.findall(self.numbering)]
        return max(ids, default=0) + 1


def load_reference(path: Path, display: str, builtin: Path | None = None) -> Reference:
    """The parts of ``path``; styles it lacks are taken from ``builtin``.

    Cached by content, so a long-lived process sees a reference that was replaced.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"cannot read the reference document: {exc.strerror}", Location(display)
        ) from None
    return _load(hashlib.sha256(data).hexdigest(), data, path, display, builtin)


@lru_cache(maxsize=8)
def _load(digest: str, data: bytes, path: Path, display: str, builtin: Path | None) -> Reference:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())

            def read(name: str) -> str:
                return zf.read(name).decode("utf-8") if name in names else ""

            styles, document = read("word/styles.xml"), read("word/document.xml")
            numbering, settings = read("word/numbering.xml"), read("word/settings.xml")
            extra = tuple(
                (name, rel, ctype, zf.read(name))
                for name, rel, ctype in (
                    (
                        "word/theme/theme1.xml",
                        "theme",
                        "application/vnd.openxmlformats-officedocument.theme+xml",
                    ),
                    ("word/fontTable.xml", "fontTable", f"{CT}.fontTable+xml"),
                )
                if name in names
            )
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the reference document: {exc}", Location(display)) from None
    if not styles or not document:
        raise ConfigError("the reference document has no styles or no body", Location(display))
    sect = _SECT.findall(document)
    numbering = numbering or f"<w:numbering {W}></w:numbering>"
    styles, numbering = _complete_styles(styles, numbering, path, builtin)
    return Reference(
        styles=styles,
        numbering=numbering,
        settings=settings or f"<w:settings {W}></w:settings>",
        sect_pr=sect[-1] if sect else "<w:sectPr/>",
        extra=extra,
    )


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
)
_STYLE = re.compile(r'<w:style\b[^>]*w:styleId="([^"]+)".*?</w:style>', re.S)


def _complete_styles(
    styles: str, numbering: str, path: Path, builtin_path: Path | None
) -> tuple[str, str]:
    """Add shim's definitions of any required style the reference lacks.

    A reference saved from Word often has no "Speech" or "Table Text" style; without
    this, those paragraphs would silently fall back to Normal.
    """
    present = set(re.findall(r'w:styleId="([^"]+)"', styles))
    missing = [s for s in REQUIRED_STYLES if s not in present]
    if not missing:
        return styles, numbering
    if builtin_path is None or builtin_path.resolve() == path.resolve():
        return styles, numbering
    builtin = load_reference(builtin_path, "reference.docx")
    defs = {m.group(1): m.group(0) for m in _STYLE.finditer(builtin.styles)}
    added = []
    for sid in missing:
        xml = defs.get(sid, "")
        if sid in {"ListBullet", "ListNumber"} and xml:
            num, abstract = _borrow_list(builtin.numbering, xml, sid)
            xml = re.sub(r'<w:numId w:val="\d+"/>', f'<w:numId w:val="{num[0]}"/>', xml)
            first_num = numbering.find("<w:num ")  # abstractNum must precede every num
            at = first_num if first_num >= 0 else numbering.rfind("</w:numbering>")
            numbering = numbering[:at] + abstract + numbering[at:]
            numbering = numbering.replace("</w:numbering>", num[1] + "</w:numbering>")
        added.append(xml)
    return styles.replace("</w:styles>", "".join(added) + "</w:styles>"), numbering


def _borrow_list(numbering: str, style_xml: str, sid: str) -> tuple[tuple[int, str], str]:
    """The built-in list definition for ``sid`` under ids that cannot clash (9001, 9002)."""
    own = 9001 if sid == "ListBullet" else 9002
    num_id = re.search(r'<w:numId w:val="(\d+)"/>', style_xml)
    abs_id = re.search(
        rf'<w:num w:numId="{num_id.group(1) if num_id else 0}">\s*<w:abstractNumId w:val="(\d+)"',
        numbering,
    )
    abstract = re.search(
        rf'<w:abstractNum w:abstractNumId="{abs_id.group(1) if abs_id else 0}".*?</w:abstractNum>',
        numbering,
        re.S,
    )
    body = abstract.group(0) if abstract else ""
    body = re.sub(r'w:abstractNumId="\d+"', f'w:abstractNumId="{own}"', body, count=1)
    num = f'<w:num w:numId="{own}"><w:abstractNumId w:val="{own}"/></w:num>'
    return (own, num), body
