"""What every command shares: the Typer app, the --project option, and error handling.

A :class:`~shim.errors.ShimError` becomes ``error: file:line: message`` on stderr and its
exit code; anything else is a bug and keeps its traceback (see :func:`shim.cli.main`).
"""

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from shim.errors import Findings, ShimError

F = TypeVar("F", bound=Callable[..., Any])

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


def err(message: str) -> None:
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
            err(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except ShimError as exc:
            err(str(exc))
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]
