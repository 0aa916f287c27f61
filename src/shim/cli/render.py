"""``shim render``, ``shim init`` and ``shim check``."""

import contextlib
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from shim.cli.common import ProjectOpt, app, err, handled
from shim.errors import plural


class Doc(StrEnum):
    talking_points = "talking-points"
    remarks = "remarks"
    speech_insert = "speech-insert"
    fact_sheet = "fact-sheet"
    review = "review"


def _repeated(flag: str, short: str, help: str) -> Any:
    """An option given once per value (``--lang en --lang es``)."""
    return typer.Option(flag, short, help=help, show_default=False)


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
        list[str] | None,
        _repeated(
            "--lang",
            "-l",
            "Language: en, es (Peru), es-419, es-ES, es-MX, or any es-XX or pt-XX that "
            "CLDR knows (es-CO, pt-BR); repeat for several (default: the workspace's).",
        ),
    ] = None,
    doc: Annotated[
        list[Doc] | None,
        _repeated(
            "--doc",
            "-d",
            "Document kind; repeat for several (default: the brief's kinds). 'review' "
            "is the bilingual review packet.",
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

    from shim.rendering.pipeline import Interrupted
    from shim.rendering.pipeline import render as render_all
    from shim.workspace.loader import load_workspace

    if draft and final:
        from shim.errors import UsageError

        raise UsageError("--draft and --final cannot be used together")
    if pdf:
        from shim.docx.pdf import find_soffice

        find_soffice()  # fail before any work starts
    ws = load_workspace(project)
    try:
        with _progress(quiet) as progress, _sigterm_interrupts():
            report = render_all(
                ws,
                briefs or (),
                list(lang or ()),
                [d.value for d in doc or ()],
                out,
                draft=draft,
                final=final,
                jobs=jobs or os.cpu_count() or 1,
                progress=progress,
            )
    except Interrupted as stop:
        for result in stop.written:
            typer.echo(str(result.path))
        typer.echo(str(stop), err=True)
        raise typer.Exit(130) from None
    seen: set[str] = set()  # a stale fact warns once, not once per language
    for result in report.results:
        for warning in result.warnings:
            if warning not in seen:
                seen.add(warning)
                typer.echo(f"warning: {warning}", err=True)
        typer.echo(str(result.path))
    if pdf and report.results:
        from shim.docx.pdf import to_pdf

        for path in to_pdf([r.path for r in report.results]):
            typer.echo(str(path))
    for failure in report.failures:
        err(failure.message)
    if not quiet and report.documents > 1:
        typer.echo(_summary(report, len(seen)), err=True)
    if report.failures:
        raise typer.Exit(report.failures[0].exit_code)


def _summary(report: Any, warnings: int) -> str:
    failed = ", ".join(
        f"{f.brief} {f.doc}" + (f" ({f.langs})" if f.langs else "") for f in report.failures
    )
    return (
        f"summary: {len(report.results)} written, {plural(warnings, 'warning')}, "
        f"{len(report.failures)} failed" + (f": {failed}" if failed else "")
    )


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM stops a render as Ctrl-C does: what was written is listed."""
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
    blank: Annotated[
        bool,
        typer.Option(
            "--blank",
            help="A neutral starter (generic templates, example facts and brief) instead of "
            "the full Peru example.",
        ),
    ] = False,
    org: Annotated[
        str | None,
        typer.Option("--org", help="Organization and author, with --blank.", show_default=False),
    ] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            "-l",
            help="A language besides English, with --blank (es-CO, pt-BR...); repeat for "
            "several (default: es).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create a workspace: the full example, or with --blank a neutral starter."""
    from shim.workspace.starter import init_workspace

    path = init_workspace(folder, blank=blank, org=org, langs=lang or ())
    typer.echo(f"created workspace {path}")
    if blank:
        typer.echo(f"next: read {path / 'README.md'}")


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
        Path | None,
        typer.Argument(
            metavar="[B.docx]",
            help="Its counterpart in the other language (optional).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="List every figure of A with its fact, source, paragraph and quote."
        ),
    ] = False,
    project: ProjectOpt = None,
) -> None:
    """Check the figures of a document against the fact base, and against its translation."""
    from shim.checks.parity import check_one, check_pair
    from shim.checks.parity import explain as explain_figures
    from shim.errors import Findings
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    if explain:
        for line in explain_figures(first, ws.facts):
            typer.echo(line)
    findings = check_one(first, ws.facts) if second is None else check_pair(first, second, ws.facts)
    if findings:
        raise Findings(plural(len(findings), "figure problem"), findings)
    both = "the document" if second is None else "both documents"
    typer.echo(f"figures match in {both} and all come from current facts")
