"""Rendering on several worker processes, for :func:`shim.rendering.pipeline.render`.

The parent plans and loads everything (and so checks it before any work starts), parses
templates, catalogs and locale data once, then forks: workers inherit the loaded
workspace and the planned groups, so they read no file again and resolve no path of
their own. Each worker takes several groups per task; results come back in plan order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from shim.errors import ShimError
from shim.rendering.group import run_group
from shim.rendering.jobs import Job
from shim.rendering.results import Failure, RenderResult
from shim.workspace.loader import Workspace

Progress = Callable[[int, int], None]
Outcome = list[RenderResult] | Failure

# Set in the parent just before forking; workers read them, never write them.
_JOB: dict[str, object] = {}


def _run_chunk(indexes: Sequence[int]) -> list[Outcome]:
    """Several groups per task: a task's round trip costs about as much as a document."""
    ws, groups, target, draft, final = (
        _JOB["ws"],
        _JOB["groups"],
        _JOB["target"],
        _JOB["draft"],
        _JOB["final"],
    )
    assert isinstance(ws, Workspace) and isinstance(groups, list) and isinstance(target, Path)
    return [run_group(ws, groups[i], target, bool(draft), bool(final)) for i in indexes]


def _warm(ws: Workspace, groups: Sequence[Sequence[Job]]) -> None:
    """Parse templates, catalogs, locale data and the reference once, before forking."""
    from jinja2 import TemplateError as JinjaError

    from shim.language.catalogs import find_catalog
    from shim.language.figures import Figures
    from shim.language.locales import LANGS
    from shim.rendering.environment import environment
    from shim.rendering.package import house_reference

    # A broken part is only a cache miss here: each group reports it, located, below.
    with contextlib.suppress(ShimError, JinjaError):
        env = environment(ws.templates)
        for kind in {g[0][1] for g in groups} - {"review"}:
            env.get_template(f"{kind}.j2")
    for code in {job[2] for g in groups for job in g}:
        with contextlib.suppress(ShimError):
            if LANGS[code].catalog != "en":
                find_catalog(ws.root, LANGS[code].catalog, LANGS[code].chain)
        figures = Figures.for_lang(code)
        figures.number(1234.5), figures.month(dt.date(2000, 1, 1))  # loads locale data
    with contextlib.suppress(ShimError):
        house_reference(ws)
        _ = ws.facts


def run_pool(
    ws: Workspace,
    groups: list[list[Job]],
    target: Path,
    draft: bool,
    final: bool,
    workers: int,
    progress: Progress | None,
) -> list[Outcome]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed

    if os.name != "posix":  # workers must inherit the loaded workspace: fork only
        return [run_group(ws, g, target, draft, final) for g in groups]
    _warm(ws, groups)
    _JOB.update(ws=ws, groups=groups, target=target, draft=draft, final=final)
    size = max(1, -(-len(groups) // (workers * 4)))  # about four tasks per worker
    chunks = [range(i, min(i + size, len(groups))) for i in range(0, len(groups), size)]
    done = 0
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures: list[Future[list[Outcome]]] = [
                pool.submit(_run_chunk, chunk) for chunk in chunks
            ]
            for finished in as_completed(futures):
                done += len(chunks[futures.index(finished)])
                if progress:
                    progress(done, len(groups))
            return [outcome for f in futures for outcome in f.result()]  # in plan order
    finally:
        _JOB.clear()
