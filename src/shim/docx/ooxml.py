"""Shared OOXML constants and helpers for the reference document and the writer."""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# XML 1.0 forbids most C0 controls; Word refuses a file that contains them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def clean(text: str) -> str:
    """Remove characters XML cannot carry (tabs and newlines are handled by the writer)."""
    return _FORBIDDEN.sub("", text)


def has_forbidden(text: str) -> bool:
    return bool(_FORBIDDEN.search(text))


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
