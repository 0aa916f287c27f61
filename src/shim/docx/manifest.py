"""Custom document properties read back from a .docx (any, also one re-saved by Word or
LibreOffice), after the zip and XML limits of :mod:`shim.docx.safezip`."""

from __future__ import annotations

from pathlib import Path

from shim.docx.parts import CUSTOM_NS, VT_NS
from shim.docx.safezip import PackageError, parse_part, read_file, read_parts


def read_custom(path: Path, display: str) -> dict[str, str]:
    """{name: text} of ``docProps/custom.xml``; empty when the package has none.

    Raises :class:`PackageError` for a package that cannot be read safely.
    """
    parts = read_parts(read_file(path, display), display, {"custom": "docProps/custom.xml"})
    if "custom" not in parts:
        return {}
    part, raw = parts["custom"]
    root = parse_part(raw, part, display, f"{{{CUSTOM_NS}}}Properties")
    out: dict[str, str] = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        value = next((c for c in prop if isinstance(c.tag, str)), None)  # not a comment
        if value is not None and value.tag.startswith(f"{{{VT_NS}}}"):
            out[str(prop.get("name", ""))] = value.text or ""
    return out


__all__ = ["PackageError", "read_custom"]
