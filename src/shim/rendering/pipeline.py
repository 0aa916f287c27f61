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
from shim.rendering.results import Failure, Interrupted, RenderReport, RenderResult
from shim.workspace.loader import Workspace

Progress = Callable[[int, int], None]
Outcome = list[RenderResult] | Failure

__all__ = ["Failure", "Interrupted", "RenderReport", "RenderResult", "render"]


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
    broken: list[Failure] = []
    groups = groups_of(plan(ws, briefs, langs, docs, broken))
    target = out_dir(ws, Path(out) if out is not None else None)
    workers = max(1, min(jobs, len(groups)))
    outcomes: dict[int, Outcome] = {}  # by group, filled as groups finish
    try:
        if workers == 1:
            for i, group in enumerate(groups):
                outcomes[i] = run_group(ws, group, target, draft, final)
                if progress:
                    progress(len(outcomes), len(groups))
        else:
            from shim.rendering.batch import run_pool

            run_pool(ws, groups, target, (draft, final), workers, progress, outcomes)
    except KeyboardInterrupt:
        done = [outcomes[i] for i in sorted(outcomes)]
        written = tuple(r for o in done if not isinstance(o, Failure) for r in o)
        missing = sum(len(g) for i, g in enumerate(groups) if i not in outcomes)
        raise Interrupted(written, missing) from None
    ordered = [outcomes[i] for i in range(len(groups))]
    results = [r for o in ordered if not isinstance(o, Failure) for r in o]
    failures = [*broken, *(o for o in ordered if isinstance(o, Failure))]
    documents = len(broken) + sum(len(g) for g in groups)
    return RenderReport(tuple(results), tuple(failures), len(groups) + len(broken), documents)
