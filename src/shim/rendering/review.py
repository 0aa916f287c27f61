"""The bilingual review packet: English and Spanish side by side, with facts and sources.

For each document kind of a brief, one table per section: a row per paragraph with the
English text, the Spanish text, and the facts and sources it uses. Rows that need
attention (untranslated or fuzzy text, superseded, draft or stale facts) are shaded.
This is what goes to the translator and through clearance.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from shim.document import Block, Cell, Document, Run
from shim.errors import UsageError
from shim.language.locales import LANGS
from shim.rendering.build import Rendered, render_document
from shim.rendering.context import citation, fact_flags, figures_for
from shim.workspace.briefs import BriefFile
from shim.workspace.loader import Workspace

KIND_LABELS = {
    "talking-points": "Talking points",
    "remarks": "Remarks",
    "speech-insert": "Speech insert",
    "fact-sheet": "Fact sheet",
}
HEADER = ("English", "Español", "Facts and sources")


def build_review(ws: Workspace, bf: BriefFile, kinds: Sequence[str], other: str = "es") -> Document:
    """One document comparing English with ``other`` for every kind in ``kinds``."""
    if other not in LANGS or other == "en":
        raise UsageError(
            f"the review packet compares English with a Spanish variant, not '{other}'"
        )
    blocks: list[Block] = [Block("Title", (Run(f"Review packet: {bf.brief.title.en}"),))]
    intro = (
        f"{bf.brief.date.isoformat()} · English and {LANGS[other].name}, paragraph by "
        "paragraph. Shaded rows need attention: untranslated or unreviewed text, or a fact "
        "that is superseded, not cleared, or stale."
    )
    blocks.append(Block("Normal", (Run(intro),)))
    for kind in kinds:
        en = render_document(ws, bf, kind, "en", draft=True)
        es = render_document(ws, bf, kind, other, draft=True)
        blocks.append(Block("Heading1", (Run(KIND_LABELS.get(kind, kind)),)))
        blocks += _sections(ws, bf, en, es, LANGS[other].word)
    return Document(
        kind="review",
        lang="en",
        word_lang="en-US",
        title=f"Review packet: {bf.brief.title.en}",
        subject=f"review · {bf.brief.title.en}",
        blocks=tuple(blocks),
        header=(Run(f"Review packet · {bf.brief.title.en} · {bf.brief.date.isoformat()}"),),
        footer=(
            Run("Page "),
            Run("PAGE", mark="field"),
            Run(" of "),
            Run("NUMPAGES", mark="field"),
        ),
    )


def _sections(
    ws: Workspace, bf: BriefFile, en: Rendered, es: Rendered, es_lang: str
) -> Iterator[Block]:
    pairs = list(zip(en.document.blocks, es.document.blocks, strict=False))
    if len(en.document.blocks) != len(es.document.blocks):
        raise UsageError(
            f"{en.document.kind}: the English and Spanish documents have different structures "
            f"({len(en.document.blocks)} and {len(es.document.blocks)} paragraphs)"
        )
    title = "Opening"
    rows: list[tuple[Cell, ...]] = []
    for a, b in pairs:
        if a.style == "Heading1" or a.style == "Heading2":
            if rows:
                yield from _table(title, rows, es_lang)
            title, rows = a.text, []
            continue
        if a.style == "Title":
            continue
        rows.append(_row(ws, bf, a, b, es_lang))
    if rows:
        yield from _table(title, rows, es_lang)


def _table(title: str, rows: list[tuple[Cell, ...]], es_lang: str) -> Iterator[Block]:
    header = (
        Cell((Run(HEADER[0]),)),
        Cell((Run(HEADER[1]),), lang=es_lang),
        Cell((Run(HEADER[2]),)),
    )
    yield Block("Heading2", (Run(title),))
    yield Block("Table", (), rows=(header, *rows))


def _row(ws: Workspace, bf: BriefFile, a: Block, b: Block, es_lang: str) -> tuple[Cell, ...]:
    max_age = ws.settings.facts.max_age_years
    figures = figures_for(ws, LANGS["en"])
    notes: list[str] = []
    flagged = any(r.mark for r in (*a.runs, *b.runs))
    for fact_id in a.facts:
        record = ws.facts.get(fact_id)
        if record is None:
            continue
        flags = fact_flags(record, bf.brief.date, max_age)
        flagged = flagged or bool(flags)
        note = f"{fact_id}: {citation(record, figures)}"
        notes.append(note + (f" ({'; '.join(flags)})" if flags else ""))
    return (
        Cell(_shown(a), shade=flagged),
        Cell(_shown(b), lang=es_lang, shade=flagged),
        Cell((Run("\n".join(notes) or "—"),), shade=flagged),  # the writer turns \n into w:br
    )


def _shown(block: Block) -> tuple[Run, ...]:
    """A block's text for a cell: its runs, or the text of its headlines or chart."""
    return block.runs or (Run(block.text),)
