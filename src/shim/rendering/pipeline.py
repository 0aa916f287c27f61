"""The one render path: the library, the CLI, the batch and any server call :func:`render`.

Everything asked for is planned and checked before any work starts; then each group
(one brief and kind, in every language asked for) is rendered, checked and written as
a whole. A group that fails is reported in the result and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from shim.rendering.files import out_dir
from shim.rendering.group import run_group
from shim.rendering.jobs import groups_of, plan
from shim.rendering.results import Failure, RenderReport, RenderResult
from shim.workspace.loader import Workspace

Progress = Callable[[int, int], None]

__all__ = ["Failure", "RenderReport", "RenderResult", "render"]


def render(
    ws: Workspace,
    briefs: Sequence[str | Path] = (),
    langs: Sequence[str] = (),
    docs: Sequence[str] = (),
    out: Path | str | None = None,
    *,
    draft: bool = False,
    final: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> RenderReport:
    """Render and write documents; failures are isolated per group, never half-written.

    ``jobs`` > 1 renders on that many worker processes. Call
    :meth:`RenderReport.raise_for_failures` to turn failures into an exception.
    """
    groups = groups_of(plan(ws, briefs, langs, docs))
    target = out_dir(ws, Path(out) if out is not None else None)
    workers = max(1, min(jobs, len(groups)))
    if workers == 1:
        outcomes = []
        for i, group in enumerate(groups, 1):
            outcomes.append(run_group(ws, group, target, draft, final))
            if progress:
                progress(i, len(groups))
    else:
        from shim.rendering.batch import run_pool

        outcomes = run_pool(ws, groups, target, draft, final, workers, progress)
    results = [r for o in outcomes if not isinstance(o, Failure) for r in o]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    return RenderReport(tuple(results), tuple(failures), len(groups))
