"""The ``shim`` command: parses arguments, calls the library, reports errors.

Nothing here does real work; every command is a call into :mod:`shim`. A
:class:`~shim.errors.ShimError` becomes ``error: file:line: message`` on stderr and
its exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from shim import __version__
from shim.errors import EXIT_BUG, Findings, ShimError

F = TypeVar("F", bound=Callable[..., Any])


class Lang(StrEnum):
    en = "en"
    es = "es"
    es_419 = "es-419"
    es_ES = "es-ES"
    es_MX = "es-MX"


class Doc(StrEnum):
    talking_points = "talking-points"
    remarks = "remarks"
    shim = "shim"
    review = "review"


app = typer.Typer(
    name="shim",
    help="Sourced English and Spanish talking points, remarks and speech inserts as Word "
    "documents, from a checked fact base.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ProjectOpt = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-p",
        help="Workspace folder (default: the current folder if it "
        "has a shim.toml, else the built-in workspace).",
        file_okay=False,
    ),
]


def _err(message: str) -> None:
    typer.echo(f"error: {message}", err=True)


def handled(fn: F) -> F:
    """Turn a ShimError into its message and exit code; leave bugs alone."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Findings as exc:  # one located line per problem, then the verdict
            for problem in exc.problems:
                typer.echo(problem, err=True)
            _err(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except ShimError as exc:
            _err(str(exc))
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"shim {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Sourced English and Spanish talking points, remarks and speech inserts."""


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
        _err(failure.message)
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


facts_app = typer.Typer(
    help="Check, list and show the fact base.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(facts_app, name="facts")


@facts_app.command("check")
@handled
def facts_check(project: ProjectOpt = None) -> None:
    """Verify every fact: quotes, values, supersession, template uses, age."""
    from shim.checks.facts import Finding, check
    from shim.errors import DataError, Findings
    from shim.workspace.facts import load_facts
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    problems: list[DataError] = []
    base = load_facts(ws.root, problems)
    findings = [Finding(p.location, p.message) for p in problems if p.location] + check(
        base, ws.templates, max_age_years=ws.settings.facts.max_age_years
    )
    errors = [f for f in findings if not f.warning]
    warnings = [f for f in findings if f.warning]
    if errors:  # problems first, then what is only worth knowing
        raise Findings(
            f"{len(errors)} problem(s) in the fact base", (str(f) for f in (*errors, *warnings))
        )
    for finding in warnings:
        typer.echo(str(finding), err=True)
    typer.echo(f"{len(base)} facts from {len(base.sources)} sources: all checks passed")


@facts_app.command("list")
@handled
def facts_list(
    source: Annotated[str | None, typer.Option(help="Only facts from this source id.")] = None,
    stale: Annotated[
        bool, typer.Option("--stale", help="Only facts older than the workspace's maximum age.")
    ] = False,
    superseded: Annotated[
        bool, typer.Option("--superseded", help="Only superseded facts.")
    ] = False,
    project: ProjectOpt = None,
) -> None:
    """A table of facts: id, value in English and Spanish, period, source, status."""
    from shim.rendering.fact_tables import list_table, select
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    rows = select(
        ws.facts,
        source=source,
        stale=stale,
        superseded=superseded,
        max_age=ws.settings.facts.max_age_years,
    )
    if not rows:
        typer.echo("no facts match")
        return
    typer.echo(list_table(rows))


@facts_app.command("show")
@handled
def facts_show(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id.")],
    project: ProjectOpt = None,
) -> None:
    """Everything about one fact: value, quote, source, supersession, where it is used."""
    from shim.checks.facts import template_uses
    from shim.errors import FactError
    from shim.rendering.fact_tables import show
    from shim.workspace.facts import suggest
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    record = ws.facts.get(fact_id)
    if record is None:
        raise FactError(f"unknown fact '{fact_id}'{suggest(fact_id, list(ws.facts.facts))}")
    uses = template_uses(ws.templates).get(fact_id, [])
    typer.echo(show(record, ws.facts, [f"{ws.show(f)}:{line}" for f, line in uses]))


i18n_app = typer.Typer(
    help="Extract, update, compile and check the translation catalogs.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(i18n_app, name="i18n")


@i18n_app.command("extract")
@handled
def i18n_extract(project: ProjectOpt = None) -> None:
    """Write locales/messages.pot from the templates."""
    from shim.language.workflow import extract
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    typer.echo(ws.show(extract(ws.root)))


@i18n_app.command("update")
@handled
def i18n_update(
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            "-l",
            help="Catalog language (default: every catalog in locales/).",
            show_default=False,
        ),
    ] = None,
    project: ProjectOpt = None,
) -> None:
    """Merge messages.pot into each .po: new messages untranslated, changed ones fuzzy."""
    from shim.language.workflow import update
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    for path in update(ws.root, lang or None):
        typer.echo(ws.show(path))


@i18n_app.command("compile")
@handled
def i18n_compile(project: ProjectOpt = None) -> None:
    """Write .mo files for other gettext tools (shim reads the .po files directly)."""
    from shim.language.workflow import compile_catalogs
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    for path in compile_catalogs(ws.root):
        typer.echo(ws.show(path))


@i18n_app.command("check")
@handled
def i18n_check(project: ProjectOpt = None) -> None:
    """Fail on untranslated, fuzzy or obsolete messages, wrong placeholders, typed
    figures, and catalogs out of date with the templates."""
    from shim.errors import Findings
    from shim.language.workflow import check
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    issues = check(ws.root)
    if issues:
        raise Findings(f"{len(issues)} problem(s) in the catalogs", (str(i) for i in issues))
    typer.echo("catalogs are complete and up to date")


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


def main() -> None:
    """Console entry point: bugs get a traceback and a request to report them."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _err("interrupted; no document was left half-written")
        sys.exit(130)
    except Exception:
        import traceback

        traceback.print_exc()
        _err(
            "internal error in shim (a bug, not your mistake); please report it with the "
            "traceback above"
        )
        sys.exit(EXIT_BUG)


if __name__ == "__main__":  # pragma: no cover
    main()
