"""The ``shim`` command: parses arguments, calls the library, reports errors.

Nothing here does real work; every command is a call into :mod:`shim`. The commands live
in :mod:`shim.cli.render`, :mod:`shim.cli.facts`, :mod:`shim.cli.i18n` and
:mod:`shim.cli.serve`.
"""

import sys
from typing import Annotated

import typer

from shim import __version__
from shim.cli import render, serve  # noqa: F401  (each registers its commands)
from shim.cli.common import app, err
from shim.errors import EXIT_BUG

__all__ = ["app", "main"]


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


def main() -> None:
    """Console entry point: bugs get a traceback and a request to report them."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err("interrupted; no document was left half-written")
        sys.exit(130)
    except Exception:
        import traceback

        traceback.print_exc()
        err(
            "internal error in shim (a bug, not your mistake); please report it with the "
            "traceback above"
        )
        sys.exit(EXIT_BUG)


if __name__ == "__main__":  # pragma: no cover
    main()
