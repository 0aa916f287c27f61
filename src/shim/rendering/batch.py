"""Batch rendering: briefs × kinds × languages on all cores, failures reported, not fatal.

The workspace is loaded once in the parent (and so checked before any work starts);
worker processes are forked from it and keep their parsed templates, catalogs and
reference document for every job they take. A brief that fails does not stop the
others: its error is reported in the summary and the exit code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from shim.errors import ShimError
from shim.rendering.files import out_dir
from shim.rendering.pipeline import Job, RenderResult, groups_of, plan, render_group
from shim.workspace.briefs import BriefFile
from shim.workspace.loader import Workspace, load_workspace

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Failure:
    brief: str
    doc: str
    langs: str
    message: str
    exit_code: int = 1


@dataclass(frozen=True)
class BatchReport:
    results: tuple[RenderResult, ...]
    failures: tuple[Failure, ...]
    groups: int

    @property
    def warnings(self) -> int:
        return sum(len(r.warnings) for r in self.results)


_WORKER: dict[str, Workspace] = {}
_BRIEFS: dict[str, BriefFile] = {}


def _worker_workspace(root: str) -> Workspace:
    if root not in _WORKER:
        _WORKER[root] = load_workspace(root)
    return _WORKER[root]


def _spec(group: Sequence[Job]) -> tuple[str, str, tuple[str, ...]]:
    bf = group[0][0]
    return str(bf.source.file), group[0][1], tuple(code for _, _, code in group)


def _run_spec(
    root: str, brief: str, kind: str, langs: tuple[str, ...], target: str, draft: bool, final: bool
) -> list[RenderResult] | Failure:
    """One group in a worker process (briefs are re-read there: they are small)."""
    ws = _worker_workspace(root)
    try:
        bf = _BRIEFS.get(brief)
        if bf is None:  # a brief serves every kind: read it once per worker
            path = Path(brief) if Path(brief).is_absolute() else Path(ws.root) / brief
            bf = _BRIEFS[brief] = ws.brief(path)
        group = [(bf, kind, code) for code in langs]
        return render_group(ws, group, Path(target), draft=draft, final=final)
    except ShimError as exc:
        return Failure(Path(brief).stem, kind, ",".join(langs), str(exc), exc.exit_code)


def _run_chunk(
    root: str,
    specs: list[tuple[str, str, tuple[str, ...]]],
    target: str,
    draft: bool,
    final: bool,
) -> list[list[RenderResult] | Failure]:
    """Several groups per task: a task's round trip costs about as much as a document."""
    return [_run_spec(root, *spec, target, draft, final) for spec in specs]


def _run_local(
    ws: Workspace, group: Sequence[Job], target: Path, draft: bool, final: bool
) -> list[RenderResult] | Failure:
    try:
        return render_group(ws, group, target, draft=draft, final=final)
    except ShimError as exc:
        bf, kind = group[0][0], group[0][1]
        return Failure(bf.name, kind, ",".join(c for _, _, c in group), str(exc), exc.exit_code)


def render_batch(
    ws: Workspace,
    briefs: Sequence[str | Path] = (),
    langs: Sequence[str] = (),
    docs: Sequence[str] = (),
    out: Path | None = None,
    *,
    draft: bool = False,
    final: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Render everything asked for; ``jobs`` processes (default: one per core)."""
    groups = groups_of(plan(ws, briefs, langs, docs))
    target = out_dir(ws, out)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(groups)))
    outcomes: list[list[RenderResult] | Failure] = []
    if workers == 1:
        for i, group in enumerate(groups, 1):
            outcomes.append(_run_local(ws, group, target, draft, final))
            if progress:
                progress(i, len(groups))
    else:
        outcomes = _run_pool(ws, groups, target, draft, final, workers, progress)
    results = [r for o in outcomes if not isinstance(o, Failure) for r in o]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    return BatchReport(tuple(results), tuple(failures), len(groups))


def _warm(ws: Workspace, groups: list[list[Job]]) -> None:
    """Parse templates, catalogs, locale data and the reference once, before forking."""
    from shim.docx.writer import load_reference
    from shim.language.catalogs import find_catalog
    from shim.language.figures import Figures
    from shim.language.locales import LANGS
    from shim.rendering.environment import environment

    env = environment(ws.templates)
    for kind in {g[0][1] for g in groups} - {"review"}:
        env.get_template(f"{kind}.j2")
    for code in {job[2] for g in groups for job in g}:
        if LANGS[code].catalog != "en":
            find_catalog(ws.root, LANGS[code].catalog)
        figures = Figures.for_lang(code)
        figures.number(1234.5), figures.month(dt.date(2000, 1, 1))  # loads locale data
    load_reference(ws.templates / "reference.docx", ws.show(ws.templates / "reference.docx"))
    _ = ws.facts


def _run_pool(
    ws: Workspace,
    groups: list[list[Job]],
    target: Path,
    draft: bool,
    final: bool,
    workers: int,
    progress: Progress | None,
) -> list[list[RenderResult] | Failure]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed

    _WORKER[str(ws.root)] = ws  # forked workers inherit the loaded workspace
    with contextlib.suppress(ShimError):  # a broken part is reported per group, below
        _warm(ws, groups)
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    specs = [_spec(g) for g in groups]
    size = max(1, -(-len(specs) // (workers * 4)))  # about four tasks per worker
    chunks = [specs[i : i + size] for i in range(0, len(specs), size)]
    done = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: list[Future[list[list[RenderResult] | Failure]]] = [
            pool.submit(_run_chunk, str(ws.root), chunk, str(target), draft, final)
            for chunk in chunks
        ]
        for finished in as_completed(futures):
            done += len(chunks[futures.index(finished)])
            if progress:
                progress(done, len(groups))
        return [outcome for f in futures for outcome in f.result()]  # in the plan's order
