"""What the pages and the API ask of the library: renders into their own folder, the
workspace's health, and the fact base as rows. No HTTP here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shim.errors import DataError, UsageError
from shim.web.state import Server, write_manifest
from shim.workspace.loader import Workspace

CONTENT_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def render_request(
    server: Server,
    brief: str,
    langs: Sequence[str],
    docs: Sequence[str],
    *,
    draft: bool = False,
    final: bool = False,
    pdf: bool = False,
    preview: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Render into a new folder of its own; return its id and manifest."""
    import shim

    if draft and final:
        raise UsageError("--draft and --final cannot be used together")
    ws = server.workspace.get()
    bf = ws.named_brief(brief)
    rid, folder = server.renders.new()
    report = shim.render(
        ws, [ws.briefs_dir / f"{bf.name}.yaml"], langs, docs, folder, draft=draft, final=final
    )
    documents = [
        {
            "doc": r.doc,
            "lang": r.lang,
            "files": [r.path.name],
            "warnings": list(r.warnings),
        }
        for r in report.results
    ]
    if pdf and report.results:
        _add_pdfs(folder, documents)
    if preview:
        _write_previews(ws, brief, folder, documents, draft=draft, final=final)
    manifest = {
        "brief": brief,
        "draft": not final,
        "created": time.time(),
        "documents": documents,
        "failures": [f.message for f in report.failures],
    }
    write_manifest(folder, manifest)
    return rid, manifest


def _add_pdfs(folder: Path, documents: list[dict[str, Any]]) -> None:
    from shim.docx.pdf import to_pdf

    written = {p.name for p in to_pdf([folder / d["files"][0] for d in documents])}
    for d in documents:
        name = Path(d["files"][0]).with_suffix(".pdf").name
        if name in written:
            d["files"].append(name)


def _write_previews(
    ws: Workspace,
    brief: str,
    folder: Path,
    documents: list[dict[str, Any]],
    *,
    draft: bool,
    final: bool,
) -> None:
    """The preview of each document written, from the document model of the same brief."""
    from shim.rendering.build import render_document
    from shim.web.preview import preview

    bf = ws.named_brief(brief)
    for d in documents:
        if d["doc"] == "review":
            continue
        rendered = render_document(ws, bf, d["doc"], d["lang"], draft=draft, final=final)
        html = preview(rendered.document, ws.facts, draft=not final)
        name = f"preview.{d['doc']}.{d['lang']}.html"
        (folder / name).write_text(str(html), encoding="utf-8")
        d["preview"] = name


@dataclass(frozen=True)
class Health:
    errors: list[str]
    warnings: list[str]
    facts: int
    stale: int
    superseded: int
    catalog_issues: list[str]
    untranslated: dict[str, int]
    fuzzy: dict[str, int]


def health(ws: Workspace) -> Health:
    """What ``shim facts check`` and ``shim i18n check`` would say, and the counts."""
    from shim.checks.facts import check
    from shim.errors import Finding
    from shim.language import workflow
    from shim.language.catalogs import find_catalog
    from shim.rendering.fact_tables import select
    from shim.workspace.factload import load_facts

    problems: list[DataError] = []
    base = load_facts(ws.root, problems)
    max_age = ws.settings.facts.max_age_years
    findings = [Finding(p.location, p.message) for p in problems if p.location]
    findings += check(base, ws.templates, max_age_years=max_age)
    untranslated, fuzzy = {}, {}
    for lang in workflow.languages(ws.root):
        entries = find_catalog(ws.root, lang).entries.values()
        untranslated[lang] = sum(1 for e in entries if not e.translated)
        fuzzy[lang] = sum(1 for e in entries if e.fuzzy)
    return Health(
        errors=[str(f) for f in findings if not f.warning],
        warnings=[str(f) for f in findings if f.warning],
        facts=len(base),
        stale=len(select(base, stale=True, max_age=max_age)),
        superseded=len(select(base, superseded=True)),
        catalog_issues=[str(i) for i in workflow.check(ws.root)],
        untranslated=untranslated,
        fuzzy=fuzzy,
    )


def fact_rows(ws: Workspace) -> list[dict[str, Any]]:
    """Every fact with its English and Spanish forms, as the facts table shows it."""
    from shim.language.locales import LANGS
    from shim.rendering.context import figures_for
    from shim.rendering.fact_tables import display_value
    from shim.workspace.facts import current_date

    en, es = figures_for(ws, LANGS["en"]), figures_for(ws, LANGS["es"])
    today, max_age = current_date(), ws.settings.facts.max_age_years
    rows = []
    for record in ws.facts:
        fact = record.fact
        rows.append(
            {
                "id": fact.id,
                "value": str(fact.value),
                "en": display_value(record, en),
                "es": display_value(record, es),
                "period": fact.period.text,
                "source": record.source.id,
                "status": fact.status,
                "superseded_by": fact.superseded_by,
                "stale": record.is_stale(today, max_age),
                "themes": list(fact.themes),
            }
        )
    return rows


def brief_rows(ws: Workspace) -> list[dict[str, Any]]:
    """Each brief's title, date and place; a brief that cannot be read says why."""
    from shim.errors import ShimError

    rows: list[dict[str, Any]] = []
    for name in ws.brief_names():
        try:
            b = ws.named_brief(name).brief
        except ShimError as exc:
            rows.append({"name": name, "error": str(exc)})
            continue
        rows.append(
            {
                "name": name,
                "title": {"en": b.title.en, "es": b.title.es},
                "date": b.date.isoformat(),
                "place": {"en": b.place.en, "es": b.place.es},
                "docs": list(b.docs),
            }
        )
    return rows
