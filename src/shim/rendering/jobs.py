"""What to render: every (brief, kind, language), checked before any work starts, and
grouped so that the languages of one document are rendered and written together.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from shim.errors import ShimError, UsageError
from shim.language.locales import LANGS, known_languages
from shim.rendering.results import Failure
from shim.workspace.briefs import BriefFile
from shim.workspace.loader import Workspace
from shim.workspace.settings import DOC_KINDS

Job = tuple[BriefFile, str, str]


def plan(
    ws: Workspace,
    briefs: Sequence[str | Path] = (),
    langs: Sequence[str] = (),
    docs: Sequence[str] = (),
    broken: list[Failure] | None = None,
) -> list[tuple[BriefFile, str, str]]:
    """Every (brief, kind, language) to render, checked before any work starts.

    A brief that cannot be loaded is added to ``broken`` (when given) and the others are
    planned: one broken brief must not stop a batch of two hundred.
    """
    for code in langs:
        if code not in LANGS:
            raise UsageError(f"unknown language '{code}'; use {known_languages()}")
    for kind in docs:
        if kind not in (*DOC_KINDS, "review"):
            raise UsageError(
                f"unknown document kind '{kind}'; use {', '.join(DOC_KINDS)} or review"
            )
    from shim.checks.themes import check_template_themes

    check_template_themes(ws.templates, ws.root, ws.settings.briefs.themes)
    files = []
    for ref in expand_briefs(ws, briefs) if briefs else [ws.settings.workspace.default_brief]:
        try:
            files.append(ws.brief(ref))
        except ShimError as exc:
            if broken is None or isinstance(exc, UsageError):
                raise
            broken.append(Failure(Path(ref).stem, "brief", "", str(exc), exc.exit_code))
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


def groups_of(jobs: Sequence[Job]) -> list[list[Job]]:
    """Jobs grouped by brief and kind: the languages of one document go together."""
    groups: dict[tuple[str, str], list[Job]] = {}
    for job in jobs:
        groups.setdefault((job[0].source.file, job[1]), []).append(job)
    return list(groups.values())
