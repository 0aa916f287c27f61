"""One brief and kind in every language asked for: rendered together, their figures
compared, then written. A group fails or succeeds as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from shim.errors import ShimError
from shim.rendering.build import render_document
from shim.rendering.files import output_name, write_atomic
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
    if group[0][1] == "review":
        return [write_review(ws, bf, code, target) for bf, _, code in group]
    rendered = [
        (bf, kind, code, render_document(ws, bf, kind, code, draft=draft, final=final))
        for bf, kind, code in group
    ]
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
    results = []
    for bf, kind, code, r in rendered:
        path = target / output_name(bf.name, kind, code)
        write_atomic(path, to_docx(ws, bf, r.document, final=final, used=r.used))
        results.append(RenderResult(bf.name, kind, code, path, r.warnings))
    return results


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
