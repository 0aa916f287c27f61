"""An HTML preview of a document, from the same document model the .docx is written
from: headings, bullets, speech, tables, footnotes, the DRAFT marker, and a fact sheet's
headline figures and chart (as SVG); each figure links to its fact (source, paragraph
and quote in its title).
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from shim.document import Block, Document, Run
from shim.language.locales import draft_label
from shim.web.chart import special
from shim.workspace.facts import FactBase

TAGS = {"Title": "h4", "Heading1": "h5", "Heading2": "h6", "Quote": "blockquote"}
LISTS = {"ListBullet": "ul", "ListNumber": "ol"}


def preview(doc: Document, facts: FactBase, *, draft: bool = True) -> Markup:
    """The document as an ``<article>`` in its own language."""
    notes: list[str] = []
    parts = [
        Markup('<article class="doc" lang="{}" aria-label="{}">').format(
            doc.word_lang, f"{doc.title} ({doc.lang})"
        )
    ]
    header = _runs(doc.header, facts)
    if header or draft:
        label = Markup(' <strong class="draft">{}</strong>').format(draft_label(doc.word_lang))
        parts.append(
            Markup('<p class="doc-header">{}{}</p>').format(header, label if draft else "")
        )
    parts.extend(_blocks(doc.blocks, facts, notes))
    if notes:
        items = Markup("").join(
            Markup('<li id="{}">{}</li>').format(_note_id(doc, i), n)
            for i, n in enumerate(notes, 1)
        )
        parts.append(Markup('<ol class="notes">{}</ol>').format(items))
    parts.append(Markup("</article>"))
    return Markup("").join(parts)


def _note_id(doc: Document, n: int) -> str:
    return f"note-{doc.kind}-{doc.lang}-{n}"


def _blocks(blocks: Iterable[Block], facts: FactBase, notes: list[str]) -> list[Markup]:
    out: list[Markup] = []
    open_list: str | None = None
    for block in blocks:
        tag = LISTS.get(block.style)
        if tag != open_list:
            if open_list:
                out.append(Markup(f"</{open_list}>"))
            if tag:
                out.append(Markup(f"<{tag}>"))
            open_list = tag
        out.append(_block(block, facts, notes))
    if open_list:
        out.append(Markup(f"</{open_list}>"))
    return out


def _block(block: Block, facts: FactBase, notes: list[str]) -> Markup:
    drawn = special(block, lambda runs: _runs(runs, facts))
    if drawn is not None:
        return drawn
    if block.rows:
        return _table(block, facts)
    refs = Markup("")
    for note in block.notes:
        notes.append(note)
        n = len(notes)
        refs += Markup('<sup class="ref">{}</sup>').format(n)
    body = _runs(block.runs, facts) + refs
    if block.style in LISTS:
        return Markup("<li>{}</li>").format(body)
    tag = TAGS.get(block.style, "p")
    css = {"Speech": "say", "Normal": "", "TitleBand": "band"}.get(block.style, block.style.lower())
    attr = Markup(' class="{}"').format(css) if css else Markup("")
    return Markup("<{0}{1}>{2}</{0}>").format(Markup(tag), attr, body)


def _table(block: Block, facts: FactBase) -> Markup:
    rows = []
    for i, row in enumerate(block.rows):
        cell = "th" if i == 0 else "td"
        cells = Markup("").join(
            Markup("<{0}{1}>{2}</{0}>").format(
                Markup(cell),
                Markup(' lang="{}"').format(c.lang) if c.lang else "",
                _runs(c.runs, facts),
            )
            for c in row
        )
        rows.append(Markup("<tr>{}</tr>").format(cells))
    return Markup('<table class="doc-table">{}</table>').format(Markup("").join(rows))


def _runs(runs: Iterable[Run], facts: FactBase) -> Markup:
    out = Markup("")
    for run in runs:
        text: Markup = escape(run.text)
        if run.mark == "field":
            text = Markup('<span class="field">#</span>')
        elif run.fact:
            text = _figure(run, facts)
        if run.mark in {"untranslated", "fuzzy", "warning"}:
            text = Markup('<mark class="{}">{}</mark>').format(run.mark, text)
        out += text
    return out


def _figure(run: Run, facts: FactBase) -> Markup:
    record = facts.get(run.fact or "")
    if record is None:
        return escape(run.text)
    where = f"{record.source.title}, ¶{record.fact.locator.paragraph}: “{record.fact.quote}”"
    return Markup('<a class="fig" href="/facts/{}" title="{}">{}</a>').format(
        record.fact.id, where, run.text
    )
