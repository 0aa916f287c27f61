"""A document model in the workspace's house style: the reference document, the core
properties and the dates, turned into the bytes of a .docx package.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from shim.document import Document
from shim.errors import ConfigError
from shim.safeio import regular_file
from shim.workspace.briefs import BriefFile
from shim.workspace.facts import FactRecord
from shim.workspace.loader import Workspace, default_root

if TYPE_CHECKING:
    from shim.docx.reference import Reference


def house_reference(ws: Workspace) -> Reference:
    """The workspace's reference document, completed from the built-in one if needed."""
    from shim.docx.reference import load_reference

    path = ws.templates / "reference.docx"
    if path.exists() or path.is_symlink():  # a link out of the workspace is refused
        regular_file(path, ws.show(path), ws.templates, ConfigError)
    return load_reference(path, ws.show(path), default_root() / "templates" / "reference.docx")


def doc_date(bf: BriefFile) -> dt.datetime:
    """Document dates: SOURCE_DATE_EPOCH when set (reproducible builds), else the event's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    d = bf.brief.date
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)


def to_docx(
    ws: Workspace,
    bf: BriefFile,
    doc: Document,
    final: bool = False,
    used: Sequence[FactRecord] | None = None,
) -> bytes:
    """The .docx bytes of ``doc`` in the workspace's house style; with ``used``, a manifest
    of the facts it carries (custom properties, see :mod:`shim.rendering.manifest`)."""
    from shim.docx.parts import Meta
    from shim.docx.writer import write_docx
    from shim.rendering.manifest import manifest

    ref = house_reference(ws)
    meta = Meta(
        title=doc.title,
        subject=doc.subject,
        author=ws.settings.workspace.author,
        organization=ws.settings.workspace.organization,
        language=doc.word_lang,
        date=doc_date(bf),
        keywords=doc.meta.get("keywords")
        or f"{doc.kind}; {doc.lang}; numbers={doc.meta.get('numbers', 'cldr')}",
        draft=not final,
        no_proof=ws.settings.documents.no_proof,
        paper=ws.settings.documents.paper,
        custom=manifest(ws.root, used) if used is not None else (),
    )
    return write_docx(doc, ref, meta)
