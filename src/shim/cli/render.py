"""``shim render``, ``shim init`` and ``shim check``."""

import contextlib
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from shim.cli.common import ProjectOpt, app, err, handled


class Lang(StrEnum):
    en = "en"
    es = "es"
    es_419 = "es-419"
    es_ES = "es-ES"
    es_MX = "es-MX"


class Doc(StrEnum):
    talking_points = "talking-points"
    remarks = "remarks"
    speech_insert = "speech-insert"
    review = "review"


@app.command()
@handled
def render(
    briefs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="BRIEF...",
            help="Briefs to render: names in briefs/, .yaml files, folders or globs "
            "(default: the workspace's default brief).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        list[Lang] | None,
        typer.Option(
            "--lang",
            "-l",
            help="Language; repeat for several (default: en and es).",
            show_default=False,
        ),
    ] = None,
    doc: Annotated[
        list[Doc] | None,
        typer.Option(
            "--doc",
            "-d",
            help="Document kind; repeat for several (default: the brief's kinds). 'review' "
            "is the bilingual review packet.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Output folder (default: out/ in the workspace).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Render even with untranslated or fuzzy messages, marked in the document.",
        ),
    ] = False,
    final: Annotated[
        bool,
        typer.Option(
            "--final", help="Refuse superseded, draft, retired or stale facts; no DRAFT marker."
        ),
    ] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF of each document (LibreOffice).")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes (default: one per core).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
    project: ProjectOpt = None,
) -> None:
    """Render documents to OUT/<brief>.<doc>.<lang>.docx and print each path."""
    import os

    from shim.rendering.pipeline import render as render_all
    from shim.workspace.loader import load_workspace

    if draft and final:
        from shim.errors import UsageError

        raise UsageError("--draft and --final cannot be used together")
    if pdf:
        from shim.docx.pdf import find_soffice

        find_soffice()  # fail before any work starts
    ws = load_workspace(project)
    with _progress(quiet) as progress:
        report = render_all(
            ws,
            briefs or (),
            [lang_.value for lang_ in lang or ()],
            [d.value for d in doc or ()],
            out,
            draft=draft,
            final=final,
            jobs=jobs or os.cpu_count() or 1,
            progress=progress,
        )
    for result in report.results:
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        typer.echo(str(result.path))
    if pdf and report.results:
        from shim.docx.pdf import to_pdf

        for path in to_pdf([r.path for r in report.results]):
            typer.echo(str(path))
    for failure in report.failures:
        err(failure.message)
    if not quiet and report.groups > 1:
        typer.echo(_summary(report), err=True)
    if report.failures:
        raise typer.Exit(report.failures[0].exit_code)


def _summary(report: Any) -> str:
    failed = ", ".join(f"{f.brief} {f.doc} ({f.langs})" for f in report.failures)
    return (
        f"summary: {len(report.results)} written, {report.warnings} warning(s), "
        f"{len(report.failures)} failed" + (f": {failed}" if failed else "")
    )


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal; nothing when piped or with --quiet."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=None) as bar:
        task = bar.add_task("rendering", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command()
@handled
def init(
    folder: Annotated[Path, typer.Argument(help="New workspace folder.", file_okay=False)],
) -> None:
    """Create a workspace (facts, templates, translations, briefs) from the default one."""
    from shim.workspace.starter import init_workspace

    path = init_workspace(folder)
    typer.echo(f"created workspace {path}")


@app.command("check")
@handled
def check_docs(
    first: Annotated[
        Path,
        typer.Argument(
            metavar="A.docx", help="A rendered (or edited) .docx.", exists=True, dir_okay=False
        ),
    ],
    second: Annotated[
        Path,
        typer.Argument(
            metavar="B.docx",
            help="Its counterpart in the other language.",
            exists=True,
            dir_okay=False,
        ),
    ],
    project: ProjectOpt = None,
) -> None:
    """Compare the figures of two documents with each other and with the fact base."""
    from shim.checks.parity import check_pair
    from shim.errors import Findings
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    findings = check_pair(first, second, ws.facts)
    if findings:
        raise Findings(f"{len(findings)} figure problem(s)", findings)
    typer.echo("figures match in both documents and all come from current facts")
