"""One brief and kind in every language asked for: rendered together, their figures
compared, then written. A group fails or succeeds as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from shim.errors import ShimError
from shim.rendering.build import render_document
from shim.rendering.files import commit, output_name, write_atomic
from shim.rendering.jobs import Job
from shim.rendering.package import to_docx
from shim.rendering.results import Failure, RenderResult
from shim.workspace.briefs import BriefFile
from shim.workspace.loader import Workspace


def render_group(
    ws: Workspace,
    group: Sequence[Job],
    target: Path,
    *,
    draft: bool = False,
    final: bool = False,
) -> list[RenderResult]:
    """Render every language of one brief and kind, compare their figures, then write."""
    flags = {"draft": draft, "final": final}
    if group[0][1] == "review":
        return [write_review(ws, bf, code, target) for bf, _, code in group]
    rendered = []
    failed: list[tuple[str, ShimError]] = []
    for bf, kind, code in group:  # every language, so a failure can say which ones work
        try:
            rendered.append((bf, kind, code, render_document(ws, bf, kind, code, **flags)))
        except ShimError as exc:
            failed.append((code, exc))
    if failed:
        raise _group_error(failed, [code for _, _, code, _ in rendered])
    if any(code != "en" for _, _, code in group):
        # Imported here: figure scanning costs milliseconds an English-only group needs not.
        from shim.checks.parity import check_languages

        english = None
        if all(code != "en" for _, _, code in group):
            # The comparison needs English even when only Spanish is written: render it in
            # memory.
            bf, kind, _ = group[0]
            english = render_document(ws, bf, kind, "en", draft=True).document
        check_languages([(code, r.document) for _, _, code, r in rendered], english)
    files = [
        (
            target / output_name(bf.name, kind, code),
            to_docx(ws, bf, r.document, final=final, used=r.used),
        )
        for bf, kind, code, r in rendered
    ]
    commit(files)
    return [
        RenderResult(bf.name, kind, code, path, r.warnings)
        for (bf, kind, code, r), (path, _) in zip(rendered, files, strict=True)
    ]


def _group_error(failed: list[tuple[str, ShimError]], ok: list[str]) -> ShimError:
    """The first failure; when other languages rendered, say which, and how to get them."""
    exc = failed[0][1]
    if not ok:
        return exc
    langs = ", ".join(c for c, _ in failed)
    exc.message += (
        f"\n  ({langs} failed, so no language of this document was written; "
        f"render the others alone with {' '.join(f'--lang {c}' for c in ok)})"
    )
    return exc


def write_review(ws: Workspace, bf: BriefFile, other: str, target: Path) -> RenderResult:
    from shim.rendering.review import build_packet  # the packet is rarely asked for

    packet = build_packet(ws, bf, bf.brief.docs, other)
    path = target / packet.name
    write_atomic(path, to_docx(ws, bf, packet.document))
    return RenderResult(bf.name, "review", f"en+{other}", path, ())


def run_group(
    ws: Workspace, group: Sequence[Job], target: Path, draft: bool, final: bool
) -> list[RenderResult] | Failure:
    """One group, its failure turned into a :class:`Failure` (in any process)."""
    try:
        return render_group(ws, group, target, draft=draft, final=final)
    except ShimError as exc:
        bf, kind = group[0][0], group[0][1]
        return Failure(bf.name, kind, ",".join(c for _, _, c in group), str(exc), exc.exit_code)
