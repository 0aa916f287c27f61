"""``shim i18n extract|update|compile|check``."""

from pathlib import Path
from typing import Annotated

import typer

from shim.cli.common import ProjectOpt, command_group, handled
from shim.errors import plural

i18n_app = command_group("i18n", "Extract, update, compile and check the translation catalogs.")


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
    issues = check(ws.root, ws.settings.documents.names_with_digits)
    if issues:
        raise Findings(
            f"{plural(len(issues), 'problem')} in the catalogs", (str(i) for i in issues)
        )
    typer.echo("catalogs are complete and up to date")


@i18n_app.command("import")
@handled
def i18n_import(
    packet: Annotated[
        Path,
        typer.Argument(
            metavar="PACKET.docx",
            help="A review packet (shim render --doc review) returned with corrections.",
            exists=True,
            dir_okay=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Take the packet's text where the catalog changed since it was made."
        ),
    ] = False,
    project: ProjectOpt = None,
) -> None:
    """Put a reviewed packet's translations into the catalog: all or nothing, with a diff."""
    from shim.rendering.review_import import import_packet
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    report = import_packet(ws, packet, dry_run=dry_run, force=force)
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    if report.diff:
        typer.echo(report.diff, nl=False)
    verb = "would change" if dry_run else "changed"
    typer.echo(
        f"{plural(report.changed, 'translation')} {verb} in the '{report.lang}' catalog", err=True
    )
