"""One document in memory: brief and facts → render context → template → document model.

Nothing is written here. The result carries the document, the warnings a person should
see, and the facts it used (for the checks and the document's manifest).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from markupsafe import Markup
from msgspec.structs import replace

from shim.document import Block, Document, Run, has_forbidden
from shim.errors import (
    FactError,
    Findings,
    Location,
    TemplateError,
    TranslationError,
    did_you_mean,
    plural,
)
from shim.language.catalogs import Messages, Translator, find_catalog
from shim.language.figures import Figures
from shim.language.locales import LANGS, Lang
from shim.language.protocol import Names
from shim.rendering.charts import chart_markup
from shim.rendering.context import Citer, brief_view, fact_flags, figures_for
from shim.rendering.environment import (
    RenderState,
    current_template_line,
    fact_error,
    render_markup,
)
from shim.rendering.markup import parse_markup
from shim.rendering.messages import MessageUse
from shim.rendering.statements import statement_findings
from shim.safeio import read_template
from shim.workspace.briefs import BriefFile
from shim.workspace.facts import FactRecord
from shim.workspace.loader import Workspace
from shim.workspace.settings import SPOKEN_KINDS

#: Each kind's name, a message of the templates (their header label), for core properties.
KIND_LABELS = {
    "talking-points": "Talking points",
    "remarks": "Remarks",
    "speech-insert": "Speech insert",
    "fact-sheet": "Fact sheet",
}


def kind_label(doc: str, catalog: Messages | None) -> str:
    """The kind's name in the document's language (the catalog's, when translated)."""
    label = KIND_LABELS.get(doc, doc)
    entry = catalog.entries.get(label) if catalog is not None else None
    if catalog is None:
        return label
    return entry.strings[0] if entry is not None and entry.translated and not entry.fuzzy else doc


class Rendered(msgspec.Struct, frozen=True):
    document: Document
    warnings: tuple[str, ...]
    used: tuple[FactRecord, ...]
    messages: tuple[MessageUse, ...] = ()  # every gettext call, by ``Run.msg``


def render_document(
    ws: Workspace,
    bf: BriefFile,
    doc: str,
    lang_code: str,
    *,
    draft: bool = False,
    final: bool = False,
) -> Rendered:
    """Render one document in memory; raise a located ShimError on any problem."""
    lang = LANGS[lang_code]
    figures = figures_for(ws, lang)
    # English is the templates' own language: it never needs a catalog.
    catalog = None if lang.catalog == "en" else find_catalog(ws.root, lang.catalog, lang.chain)

    def where() -> Location | None:
        loc = current_template_line()
        return Location(ws.show(loc.file), loc.line) if loc else None

    translator = Translator(
        catalog, draft=draft, where=where, allowed=ws.settings.documents.names_with_digits
    )
    known = ws.facts

    def lookup(fact_id: str) -> FactRecord:
        record = known.get(fact_id)
        if record is None:
            raise fact_error(fact_id, list(known.facts))
        return record

    state = RenderState(figures, lookup, names=Names(lang.catalog, doc in SPOKEN_KINDS))
    cleaning: list[str] = []
    view = brief_view(bf, lang, cleaning)
    context: dict[str, Any] = {
        "brief": view,
        "lang": lang.code,
        "doc": doc,
        "themes": view.themes,
        "featured": view.facts,
        "field": lambda name: Markup("<field>{}</field>").format(name),
        "slot": lambda name: Markup('<slot name="{}"/>').format(name),
        "cited": lambda: _cited(state, Citer(figures)),
        "chart": lambda facts, **texts: chart_markup(state, facts, **texts),
        "citations": ws.settings.citations_for(doc),
    }
    template = f"{doc}.j2"
    markup = render_markup(ws.templates, template, context, ws.root, (state, translator))
    if translator.refused:  # a wrong figure is never shown, not even marked in a draft
        refused = list(dict.fromkeys(translator.refused))
        raise TranslationError(
            f"{plural(len(refused), 'message')} used by templates/{template} in "
            f"'{lang.code}' would put a figure that no fact gives, or lose one:\n  "
            + "\n  ".join(refused)
        )
    if translator.problems and not draft:
        problems = list(dict.fromkeys(str(p) for p in translator.problems))
        raise TranslationError(
            f"{plural(len(problems), 'message')} used by templates/{template} "
            f"{'is' if len(problems) == 1 else 'are'} not ready in '{lang.catalog}' "
            "(no English is put in a Spanish document; --draft renders them marked):\n  "
            + "\n  ".join(problems)
        )
    parsed = _parse(ws, template, markup)
    fact_warnings = _fact_warnings(ws, state, bf)
    if final and fact_warnings:
        raise FactError(
            f"{plural(len(fact_warnings), 'fact')} cannot go into a final document "
            "(render without --final for a draft):\n  " + "\n  ".join(fact_warnings),
            Location(bf.source.file),
        )
    warnings = [f"{p} [draft: marked in the document]" for p in translator.problems]
    warnings += cleaning
    if catalog is not None:
        warnings += list(catalog.warnings)
    warnings += fact_warnings
    blocks, header = _speaker_copy(ws, parsed.blocks, parsed.header, lang, figures)
    found = statement_findings(ws, bf, doc, lang.code, blocks, state, view.paragraphs)
    if final and found:
        raise Findings(
            f"{plural(len(found), 'statement')} cannot go into a final document "
            "(render without --final for a draft)",
            [str(f) for f in found],
        )
    warnings += [str(f) for f in found]
    blocks = _mark_flagged(blocks, ws, state, bf)
    if ws.settings.citations_for(doc) == "footnotes":
        citer = Citer(figures)
        blocks = _with_notes(blocks, known, citer)
    title = view.title
    document = Document(
        kind=doc,
        lang=lang.code,
        word_lang=lang.word,
        title=title,
        subject=f"{kind_label(doc, catalog)} · {title}",
        blocks=blocks,
        header=header,
        footer=parsed.footer,
        meta={"numbers": figures.style.name},
    )
    return Rendered(
        document,
        tuple(dict.fromkeys(warnings)),
        tuple(state.used.values()),
        tuple(state.messages),
    )


def _parse(ws: Workspace, template: str, markup: str) -> Any:
    """Parse the output; on malformed markup, point at the template line that causes it."""
    _refuse_control_characters(ws, template, markup)
    try:
        parsed = parse_markup(markup, f"templates/{template}")
    except TemplateError:
        for name in (template, "_base.j2"):  # the kind's template, then the shared layout
            source = _source(ws, name)
            if source is not None:
                try:
                    parse_markup(markup, f"templates/{name}", source)
                except TemplateError as exc:
                    if exc.location is not None and exc.location.line is not None:
                        raise exc from None
        raise
    for block in parsed.blocks:
        for fact_id in block.facts:
            if ws.facts.get(fact_id) is None:
                raise FactError(
                    f'<fig f="{fact_id}"> names no fact{did_you_mean(fact_id, ws.facts.facts)}; '
                    'write figures as fact("id")|number',
                    Location(f"templates/{template}"),
                )
    return parsed


def _source(ws: Workspace, name: str) -> str | None:
    """A template's text, to locate an error in it; None unless it is a file of the
    templates folder (a link out of it, a pipe or a huge file is never read for this)."""
    try:
        return read_template(ws.templates / name, ws.templates).decode("utf-8", "replace")
    except TemplateError:
        return None


def _refuse_control_characters(ws: Workspace, template: str, markup: str) -> None:
    """Facts, briefs and catalogs are cleaned on load, so a character a document cannot
    carry comes from a template: name it, and the line that writes it when it is literal."""
    if not has_forbidden(markup):
        return
    char = next(ch for ch in markup if has_forbidden(ch))
    where = Location(f"templates/{template}")
    for name in (template, "_base.j2"):
        source = _source(ws, name) or ""
        if char in source:
            where = Location(f"templates/{name}", source.count("\n", 0, source.index(char)) + 1)
            break
    raise TemplateError(
        f"the template writes the character U+{ord(char):04X}, which a document cannot "
        "carry; remove it",
        where,
    )


def speaking_minutes(blocks: Sequence[Block], words_per_minute: int) -> int:
    """Minutes to read the speech blocks aloud, rounded up to a whole minute."""
    words = sum(len(b.text.split()) for b in blocks if b.style == "Speech")
    return max(1, -(-words // words_per_minute))


def _speaker_copy(
    ws: Workspace,
    blocks: tuple[Block, ...],
    header: tuple[Run, ...],
    lang: Lang,
    figures: Figures,
) -> tuple[tuple[Block, ...], tuple[Run, ...]]:
    """Fill the speaking-time slot; without a speaker's copy, speech is plain text."""
    docs = ws.settings.documents
    rate = docs.words_per_minute.get(lang.catalog, docs.words_per_minute.get("en", 130))
    minutes = figures.number(speaking_minutes(blocks, rate))
    filled = tuple(Run(minutes) if r.mark == "slot" and r.text == "minutes" else r for r in header)
    if any(r.mark == "slot" for r in filled):
        name = next(r.text for r in filled if r.mark == "slot")
        raise TemplateError(f"unknown slot '{name}'; the header knows slot(\"minutes\")")
    if not docs.speaker_copy:
        blocks = tuple(replace(b, style="Normal") if b.style == "Speech" else b for b in blocks)
    return blocks, filled


def _cited(state: RenderState, citer: Citer) -> list[str]:
    """The sources list: one entry per source, in full, with every paragraph used."""
    sources: dict[str, tuple[Any, list[int]]] = {}
    for r in state.used.values():
        sources.setdefault(r.source.id, (r.source, []))[1].append(r.fact.locator.paragraph)
    return [citer.cite_all(src, paragraphs) for src, paragraphs in sources.values()]


def _with_notes(blocks: tuple[Block, ...], known: Any, citer: Citer) -> tuple[Block, ...]:
    """Footnotes for the sources and places each block uses, at the block's end; a source
    in full at its first note in the document, short after. Consecutive blocks of one
    style citing the same places share one note, on the last of them, so a list of
    bullets from one paragraph of a source is not followed by a note per bullet."""

    def places(block: Block) -> dict[tuple[str, int | None], str]:
        records = [known.get(f) for f in block.facts]
        return {(r.source.id, r.fact.locator.paragraph): r.fact.id for r in records}

    keyed = [(b, places(b)) for b in blocks]
    out = []
    for i, (block, where) in enumerate(keyed):
        following = keyed[i + 1] if i + 1 < len(keyed) else None
        shared = following is not None and following[0].style == block.style
        if not where or (shared and following is not None and following[1].keys() == where.keys()):
            out.append(block)
            continue
        out.append(replace(block, notes=tuple(citer.cite(known.get(f)) for f in where.values())))
    return tuple(out)


def _mark_flagged(
    blocks: tuple[Block, ...], ws: Workspace, state: RenderState, bf: BriefFile
) -> tuple[Block, ...]:
    """In a draft, figures from superseded, uncleared or stale facts are visibly marked."""
    max_age = ws.settings.facts.max_age_years
    flagged = {
        fid
        for fid, record in state.used.items()
        if fact_flags(record, bf.brief.date, max_age, state.is_history(fid))
    }
    if not flagged:
        return blocks
    return tuple(
        replace(
            b,
            runs=tuple(
                replace(r, mark="warning") if r.fact in flagged and r.mark is None else r
                for r in b.runs
            ),
        )
        for b in blocks
    )


def _fact_warnings(ws: Workspace, state: RenderState, bf: BriefFile) -> list[str]:
    max_age = ws.settings.facts.max_age_years
    return [
        f"{record.location}: fact '{fid}' {flag}"
        for fid, record in state.used.items()
        for flag in fact_flags(record, bf.brief.date, max_age, state.is_history(fid))
    ]
