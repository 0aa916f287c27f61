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
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shim.cache import save_tables
from shim.errors import ShimError
from shim.rendering.group import run_group
from shim.rendering.jobs import Job
from shim.rendering.results import Failure, RenderResult
from shim.workspace.loader import Workspace

if TYPE_CHECKING:
    from concurrent.futures import Future

Progress = Callable[[int, int], None]
Outcome = list[RenderResult] | Failure
Done = list[tuple[int, Outcome]]  # what a task finished, by group index

# Set in the parent just before forking; workers read them, never write them.
_JOB: dict[str, object] = {}


def _run_chunk(indexes: Sequence[int]) -> Done:
    """Several groups per task: a task's round trip costs about as much as a document.

    After an interruption the parent sets ``stop``: the group in progress is finished
    (a document takes milliseconds) and no other is started.
    """
    ws, groups, target, draft, final, stop = (
        _JOB["ws"],
        _JOB["groups"],
        _JOB["target"],
        _JOB["draft"],
        _JOB["final"],
        _JOB["stop"],
    )
    assert isinstance(ws, Workspace) and isinstance(groups, list) and isinstance(target, Path)
    done = []
    for i in indexes:
        if stop.is_set():  # type: ignore[attr-defined]
            break
        done.append((i, run_group(ws, groups[i], target, bool(draft), bool(final))))
    save_tables()  # Babel's answers found here serve the next run too
    return done


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


def _worker_init(parent: int) -> None:
    """Workers die with the parent, and leave Ctrl-C to it: the parent stops them."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def run_pool(
    ws: Workspace,
    groups: list[list[Job]],
    target: Path,
    flags: tuple[bool, bool],
    workers: int,
    progress: Progress | None,
    outcomes: dict[int, Outcome],
) -> None:
    """Render ``groups`` on ``workers`` processes, filling ``outcomes`` as they finish."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    draft, final = flags
    if os.name != "posix":  # workers must inherit the loaded workspace: fork only
        for i, g in enumerate(groups):
            outcomes[i] = run_group(ws, g, target, draft, final)
        return
    _warm(ws, groups)
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    _JOB.update(ws=ws, groups=groups, target=target, draft=draft, final=final, stop=stop)
    size = max(1, -(-len(groups) // (workers * 4)))  # about four tasks per worker
    chunks = [range(i, min(i + size, len(groups))) for i in range(0, len(groups), size)]
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )
    futures: list[Future[Done]] = []
    try:
        futures = [pool.submit(_run_chunk, chunk) for chunk in chunks]
        for finished in as_completed(futures):
            outcomes.update(finished.result())
            if progress:
                progress(len(outcomes), len(groups))
    except KeyboardInterrupt:
        stop.set()  # workers finish the group in hand and start no other
        try:
            _collect(futures, outcomes)
        finally:
            _stop(pool)
        raise
    except BaseException:
        _stop(pool)
        raise
    finally:
        _JOB.clear()
    pool.shutdown()


def _collect(
    futures: Sequence[Future[list[tuple[int, Outcome]]]], outcomes: dict[int, Outcome]
) -> None:
    """What the workers finished, once they have stopped (a second Ctrl-C stops at once)."""
    for future in futures:
        if future.cancel():
            continue
        with contextlib.suppress(Exception):
            outcomes.update(future.result(timeout=60))


def _stop(pool: Any) -> None:
    """Stop the workers now: a group being written is dropped whole (or, if it was being
    renamed into place, finished by the journal on the next run)."""
    from concurrent.futures import process as pool_module

    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(5)
    if manager is not None:
        # Python 3.11's exit hook would wake this pool's finished manager through a closed
        # pipe and print "Bad file descriptor": let it finish and forget it.
        manager.join(10)
        getattr(pool_module, "_threads_wakeups", {}).pop(manager, None)
