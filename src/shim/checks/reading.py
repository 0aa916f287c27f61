"""A .docx from outside read as ``shim check`` sees it: its paragraphs, language and style.

The zip and XML limits of :mod:`shim.docx.safezip` run first (entry count, sizes,
compression ratio, DOCTYPE refused), so a zip bomb is refused before python-docx reads
anything. Paragraphs are counted from 1 in reading order: every non-empty paragraph of
the body, and of each table cell, row by row; empty paragraphs are not counted.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from shim.errors import Location, OutputError

# Declared uncompressed sizes of all entries together: python-docx reads every part.
MAX_TOTAL = 200 * 1024 * 1024
W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class ReadDoc(msgspec.Struct, frozen=True):
    path: str
    lang: str  # the document's language tag ("en-US", "es-PE")
    decimal: str  # "." or ","
    paragraphs: tuple[str, ...]
    event: dt.date | None = None  # the document's date (shim writes the event's)
    speech: frozenset[int] = frozenset()  # indexes of paragraphs read aloud (Speech style)


def read_docx(path: Path) -> ReadDoc:
    """Body and table paragraphs, language and decimal sign of a .docx (edited ones too)."""
    from shim.docx.safezip import PackageError, parse_part, read_file, read_parts

    shown = str(path)
    try:
        data = read_file(path, shown)
        parts = read_parts(data, shown, {"body": "word/document.xml"})
        _total_size(data, shown)
        if "body" not in parts:
            raise PackageError("has no word/document.xml (not a Word document)", shown)
        part, raw = parts["body"]
        parse_part(raw, part, shown, f"{{{W_MAIN}}}document")
    except PackageError as exc:
        raise OutputError(
            f"cannot read as a Word document: {exc.message}", Location(shown)
        ) from None
    doc = _open(data, shown)
    props = doc.core_properties
    lang = props.language or _style_lang(doc) or "en-US"
    style = re.search(r"numbers=([\w-]+)", props.keywords or "")
    paras = _paras(doc)
    created = props.created
    return ReadDoc(
        shown,
        lang,
        decimal_for(lang, style.group(1) if style else None),
        tuple(text for text, _ in paras),
        created.date() if created is not None else None,
        frozenset(i for i, (_, speech) in enumerate(paras) if speech),
    )


def _total_size(data: bytes, shown: str) -> None:
    from shim.docx.safezip import PackageError

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        total = sum(info.file_size for info in zf.infolist())
    if total > MAX_TOTAL:
        raise PackageError(
            f"unpacks to {total / 1e6:.0f} MB (limit {MAX_TOTAL // 2**20} MB); "
            "refusing a possible zip bomb",
            shown,
        )


def _open(data: bytes, shown: str) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, its own errors
        raise OutputError(f"cannot read as a Word document: {exc}", Location(shown)) from None


def _style_lang(doc: Any) -> str | None:
    lang = doc.styles.element.find(f".//{{{W_MAIN}}}lang")
    return None if lang is None else lang.get(f"{{{W_MAIN}}}val")


def _paras(doc: Any) -> list[tuple[str, bool]]:
    return [(text, speech) for text, speech in _texts(doc) if text.strip()]


def _texts(container: Any) -> Iterator[tuple[str, bool]]:
    """(text, read aloud) of each paragraph; the style id is read from the XML, since
    python-docx resolves a style object by lookup on every access."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:  # a merged cell appears once per grid column
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        yield from _texts(cell)
        else:
            yield item.text, item._p.style == "Speech"


def decimal_for(lang: str, style: str | None) -> str:
    """The decimal sign of a document: its number style's, else its language's."""
    from shim.language.locales import STYLES

    if style in STYLES:
        return STYLES[style].decimal
    return "," if lang == "es-ES" else "."
