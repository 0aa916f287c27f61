"""``shim facts check|list|show``."""

from pathlib import Path
from typing import Annotated

import typer

from shim.cli.common import ProjectOpt, command_group, handled
from shim.errors import plural

facts_app = command_group("facts", "Check, list and show the fact base.")


@facts_app.command("check")
@handled
def facts_check(project: ProjectOpt = None) -> None:
    """Verify every fact: quotes, values, supersession, template uses, age."""
    from shim.checks.facts import check
    from shim.errors import DataError, Finding, Findings
    from shim.workspace.factload import load_facts
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
            f"{plural(len(errors), 'problem')} in the fact base",
            (str(f) for f in (*errors, *warnings)),
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
    from shim.errors import FactError, did_you_mean
    from shim.rendering.fact_tables import show
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    record = ws.facts.get(fact_id)
    if record is None:
        raise FactError(f"unknown fact '{fact_id}'{did_you_mean(fact_id, list(ws.facts.facts))}")
    uses = template_uses(ws.templates).get(fact_id, [])
    typer.echo(show(record, ws.facts, [f"{ws.show(f)}:{line}" for f, line in uses]))


@facts_app.command("where")
@handled
def facts_where(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id.")],
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FOLDER...]",
            help="Folders (or .docx files) to search; default: the workspace's out folder.",
            exists=True,
        ),
    ] = None,
    project: ProjectOpt = None,
) -> None:
    """The documents that used a fact (from the manifest each document carries)."""
    from shim.checks.where import where
    from shim.workspace.loader import load_workspace

    ws = load_workspace(project)
    searched = folders or [ws.root / ws.settings.workspace.out]
    uses, unreadable = where(fact_id, searched)
    for line in unreadable:
        typer.echo(f"warning: {line}", err=True)
    for use in uses:
        commit = f" (fact base {use.commit[:12]})" if use.commit else ""
        typer.echo(f"{use.path}: {fact_id} = {use.value}{commit}")
    if not uses:
        typer.echo(f"no document in {', '.join(str(f) for f in searched)} used '{fact_id}'")
