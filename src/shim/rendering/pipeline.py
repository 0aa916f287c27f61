"""From a brief to documents: context → rendered markup → document model → .docx.

:func:`render_document` builds one document in memory; :func:`render` renders briefs ×
languages × kinds and writes each file atomically (a temporary file in the target
folder, moved into place only when complete).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from shim.document import Block, Document, Run, parse_markup
from shim.errors import (
    FactError,
    Location,
    TemplateError,
    TranslationError,
    UsageError,
)
from shim.language.catalogs import Translator, find_catalog
from shim.language.figures import Figures
from shim.language.locales import LANGS, Lang
from shim.rendering.context import brief_view, citation, fact_flags, figures_for
from shim.rendering.environment import RenderState, current_template_line, fact_error, render_markup
from shim.rendering.files import out_dir, output_name, to_docx, write_atomic
from shim.workspace.briefs import BriefFile
from shim.workspace.facts import FactRecord
from shim.workspace.loader import Workspace
from shim.workspace.settings import DOC_KINDS


@dataclass(frozen=True)
class Rendered:
    document: Document
    warnings: tuple[str, ...]
    used: tuple[FactRecord, ...]


@dataclass(frozen=True)
class RenderResult:
    brief: str
    doc: str
    lang: str
    path: Path
    warnings: tuple[str, ...]


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
    catalog = None if lang.catalog == "en" else find_catalog(ws.root, lang.catalog)

    def where() -> Location | None:
        loc = current_template_line()
        return Location(ws.show(loc.file), loc.line) if loc else None

    translator = Translator(catalog, draft=draft, where=where)
    known = ws.facts

    def lookup(fact_id: str) -> FactRecord:
        record = known.get(fact_id)
        if record is None:
            raise fact_error(fact_id, list(known.facts))
        return record

    state = RenderState(figures, lookup)
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
        "cited": lambda: _cited(state, figures),
        "citations": ws.settings.citations_for(doc),
        "__shim__": state,
        "__gettext__": translator.gettext,
        "__ngettext__": translator.ngettext,
    }
    template = f"{doc}.j2"
    markup = render_markup(ws.templates, template, context, ws.root)
    if translator.problems and not draft:
        problems = list(dict.fromkeys(str(p) for p in translator.problems))
        raise TranslationError(
            f"{len(problems)} message(s) used by templates/{template} "
            f"{'is' if len(problems) == 1 else 'are'} not ready in '{lang.catalog}' "
            "(no English is put in a Spanish document; --draft renders them marked):\n  "
            + "\n  ".join(problems)
        )
    parsed = _parse(ws, template, markup)
    fact_warnings = _fact_warnings(ws, state, bf)
    if final and fact_warnings:
        raise FactError(
            f"{len(fact_warnings)} fact(s) cannot go into a final document "
            "(render without --final for a draft):\n  " + "\n  ".join(fact_warnings),
            Location(bf.source.file),
        )
    warnings = [f"{p} [draft: marked in the document]" for p in translator.problems]
    warnings += cleaning
    if catalog is not None:
        warnings += list(catalog.warnings)
    warnings += fact_warnings
    blocks, header = _speaker_copy(ws, parsed.blocks, parsed.header, lang, figures)
    blocks = _mark_flagged(blocks, ws, state, bf)
    if ws.settings.citations_for(doc) == "footnotes":
        blocks = tuple(_with_notes(b, known, figures) for b in blocks)
    title = view.title
    document = Document(
        kind=doc,
        lang=lang.code,
        word_lang=lang.word,
        title=title,
        subject=f"{doc} · {title}",
        blocks=blocks,
        header=header,
        footer=parsed.footer,
        meta={"numbers": figures.style.name},
    )
    return Rendered(document, tuple(dict.fromkeys(warnings)), tuple(state.used.values()))


def _parse(ws: Workspace, template: str, markup: str) -> Any:
    """Parse the output; on malformed markup, point at the template line that causes it."""
    try:
        return parse_markup(markup, f"templates/{template}")
    except TemplateError:
        for name in (template, "_base.j2"):  # the kind's template, then the shared layout
            path = ws.templates / name
            source = path.read_text(encoding="utf-8") if path.is_file() else None
            if source is not None:
                try:
                    parse_markup(markup, f"templates/{name}", source)
                except TemplateError as exc:
                    if exc.location is not None and exc.location.line is not None:
                        raise exc from None
        raise


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


def _cited(state: RenderState, figures: Figures) -> list[str]:
    return list(dict.fromkeys(citation(r, figures) for r in state.used.values()))


def _with_notes(block: Block, known: Any, figures: Figures) -> Block:
    """One footnote per source and place used in the block, at the block's end."""
    if not block.facts:
        return block
    notes = tuple(dict.fromkeys(citation(known.get(f), figures) for f in block.facts))
    return replace(block, notes=notes)


def _mark_flagged(
    blocks: tuple[Block, ...], ws: Workspace, state: RenderState, bf: BriefFile
) -> tuple[Block, ...]:
    """In a draft, figures from superseded, uncleared or stale facts are visibly marked."""
    max_age = ws.settings.facts.max_age_years
    flagged = {
        fid for fid, record in state.used.items() if fact_flags(record, bf.brief.date, max_age)
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
        f"{record.location}: fact '{record.fact.id}' {flag}"
        for record in state.used.values()
        for flag in fact_flags(record, bf.brief.date, max_age)
    ]


def plan(
    ws: Workspace,
    briefs: Sequence[str | Path] = (),
    langs: Sequence[str] = (),
    docs: Sequence[str] = (),
) -> list[tuple[BriefFile, str, str]]:
    """Every (brief, kind, language) to render, checked before any work starts."""
    for code in langs:
        if code not in LANGS:
            raise UsageError(f"unknown language '{code}'; use one of {', '.join(LANGS)}")
    for kind in docs:
        if kind not in (*DOC_KINDS, "review"):
            raise UsageError(
                f"unknown document kind '{kind}'; use {', '.join(DOC_KINDS)} or review"
            )
    files = [ws.brief(p) for p in expand_briefs(ws, briefs)] if briefs else [ws.default_brief()]
    names: dict[str, str] = {}
    for bf in files:
        if bf.name in names and names[bf.name] != bf.source.file:
            raise UsageError(
                f"two briefs are named '{bf.name}' ({names[bf.name]} and {bf.source.file}); "
                "their documents would overwrite each other"
            )
        names[bf.name] = bf.source.file
    chosen_langs = tuple(langs) or ws.settings.workspace.languages
    jobs = []
    unique = {bf.source.file: bf for bf in files}.values()
    for bf in unique:
        for kind in docs or bf.brief.docs:
            if kind == "review":
                other = next((c for c in chosen_langs if c != "en"), "es")
                jobs.append((bf, kind, other))
                continue
            for code in chosen_langs:
                jobs.append((bf, kind, code))
    return jobs


def expand_briefs(ws: Workspace, refs: Sequence[str | Path]) -> list[str | Path]:
    """Brief names, files, folders (every .yaml in them) and globs, in a stable order."""
    import glob

    out: list[str | Path] = []
    for ref in refs:
        text = str(ref)
        if any(ch in text for ch in "*?["):
            matches = sorted(glob.glob(text)) or sorted(glob.glob(str(ws.briefs_dir / text)))
            if not matches:
                raise UsageError(f"no brief matches '{text}'")
            out += [Path(m) for m in matches]
        elif Path(text).is_dir():
            found = sorted(Path(text).glob("*.yaml"))
            if not found:
                raise UsageError(f"no .yaml briefs in the folder '{text}'")
            out += found
        else:
            out.append(ref)
    return out


def render(
    ws: Workspace,
    briefs: Sequence[str | Path] = (),
    langs: Sequence[str] = (),
    docs: Sequence[str] = (),
    out: Path | None = None,
    *,
    draft: bool = False,
    final: bool = False,
) -> list[RenderResult]:
    """Render and write documents; stop at the first error (nothing half-written).

    The languages of one brief and kind are rendered together and their figures compared
    (:mod:`shim.parity`) before any of them is written.
    """
    target = out_dir(ws, out)
    results = []
    for group in groups_of(plan(ws, briefs, langs, docs)):
        results += render_group(ws, group, target, draft=draft, final=final)
    return results


Job = tuple[BriefFile, str, str]


def groups_of(jobs: Sequence[Job]) -> list[list[Job]]:
    """Jobs grouped by brief and kind: the languages of one document go together."""
    groups: dict[tuple[str, str], list[Job]] = {}
    for job in jobs:
        groups.setdefault((job[0].source.file, job[1]), []).append(job)
    return list(groups.values())


def render_group(
    ws: Workspace,
    group: Sequence[Job],
    target: Path,
    *,
    draft: bool = False,
    final: bool = False,
) -> list[RenderResult]:
    """Render every language of one brief and kind, compare their figures, then write."""
    if group[0][1] == "review":
        return [write_review(ws, bf, code, target) for bf, _, code in group]
    rendered = [
        (bf, kind, code, render_document(ws, bf, kind, code, draft=draft, final=final))
        for bf, kind, code in group
    ]
    check_parity([(code, r.document) for _, _, code, r in rendered])
    results = []
    for bf, kind, code, r in rendered:
        path = target / output_name(bf.name, kind, code)
        write_atomic(path, to_docx(ws, bf, r.document, final=final))
        results.append(RenderResult(bf.name, kind, code, path, r.warnings))
    return results


def write_review(ws: Workspace, bf: BriefFile, other: str, target: Path) -> RenderResult:
    from shim.rendering.review import build_review

    doc = build_review(ws, bf, bf.brief.docs, other)
    path = target / f"{bf.name}.review.docx"
    rendered = Rendered(doc, (), ())
    write_atomic(path, to_docx(ws, bf, rendered.document))
    return RenderResult(bf.name, "review", f"en+{other}", path, ())


def check_parity(docs: Sequence[tuple[str, Document]]) -> None:
    """Every language of one document must carry the same figures as the English one."""
    from shim.checks.parity import compare
    from shim.errors import Findings

    base = next((d for c, d in docs if c == "en"), None)
    if base is None:
        return
    findings: list[str] = []
    for code, doc in docs:
        if code != "en":
            findings += compare(
                f"{doc.kind}.en", _doc_figures(base), f"{doc.kind}.{code}", _doc_figures(doc), None
            )
    if findings:
        raise Findings(f"{len(findings)} figure(s) differ between languages", findings)


def _doc_figures(doc: Document) -> list[Any]:
    from shim.checks.parity import document_figures, is_citation
    from shim.language.locales import number_style

    decimal = number_style(LANGS[doc.lang], doc.meta.get("numbers")).decimal
    return document_figures((b.text for b in doc.blocks if not is_citation(b.text)), decimal)
