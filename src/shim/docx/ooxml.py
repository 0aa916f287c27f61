"""Shared OOXML constants and helpers for the reference document and the writer."""

from __future__ import annotations

import re

from shim.document import clean

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

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
