"""The statement check of one rendered document, both layers, located at the lines
(template or brief) a writer has to change. See :mod:`shim.checks.statements`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from markupsafe import Markup

from shim.checks.figures_scan import is_citation
from shim.checks.statements import (
    check_sentences,
    document_sentences,
    paragraph_statements,
    template_statements,
    unique,
)
from shim.document import Block, Document
from shim.errors import Finding, Location
from shim.rendering.context import EventText
from shim.rendering.filters import RenderState
from shim.workspace.briefs import BriefFile
from shim.workspace.loader import Workspace

_WS = re.compile(r"\s+")


def statement_findings(
    ws: Workspace,
    bf: BriefFile,
    doc: str,
    lang: str,
    blocks: Sequence[Block],
    state: RenderState,
    paragraphs: Sequence[EventText],
) -> list[Finding]:
    """Structural findings on the kind's template and the brief's ``paragraphs`` (in the
    document's language), then textual findings on the rendered sentences."""
    template = f"{doc}.j2"
    found = template_statements(ws.templates, ws.facts, only=(template,))
    found += paragraph_statements([(p.text, p.location) for p in paragraphs], ws.facts)
    fallback = Location(f"templates/{template}")

    def locate(sentence: str) -> Location:  # called for findings only
        probe = _flat(sentence)[:40]
        for text, where in state.written:
            if where is not None and probe in _flat(Markup(text).striptags()):
                return Location(ws.show(where.file), where.line)
        return fallback

    model = Document(doc, lang, lang, "", "", tuple(blocks))
    sentences = document_sentences(model, ws.facts, locate, _skipped)
    found += check_sentences(list(sentences), lang, bf.brief.date)
    return unique(found)


@lru_cache(maxsize=1024)  # a batch's documents share most blocks
def _skipped(block: Block) -> bool:
    return (
        block.style in {"Title"} or is_citation(block.text, "en") or is_citation(block.text, "es")
    )


def _flat(text: str) -> str:
    return _WS.sub(" ", text).strip()
