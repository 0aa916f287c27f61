"""``shim i18n extract|update|compile|check``."""

from typing import Annotated

import typer

from shim.cli.common import ProjectOpt, app, handled

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
