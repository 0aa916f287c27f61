"""What every command shares: the Typer app, the --project option, and error handling.

A :class:`~shim.errors.ShimError` becomes ``error: file:line: message`` on stderr and its
exit code; anything else is a bug and keeps its traceback (see :func:`shim.cli.main`).
"""

import functools
import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from shim.errors import Findings, ShimError

F = TypeVar("F", bound=Callable[..., Any])

#: Command groups by name: the module and the Typer app that hold their commands.
GROUPS = {"facts": ("shim.cli.facts", "facts_app"), "i18n": ("shim.cli.i18n", "i18n_app")}


class _Commands(MutableMapping[str, Any]):
    """The top-level commands, a group built when it is first asked for: Typer reads the
    signature of every command it builds, on every start, and `shim render` needs none
    of the facts and i18n commands. Listed in order, groups last, as Typer lists them."""

    def __init__(self, built: Mapping[str, Any]) -> None:
        self._built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built and name in GROUPS:
            module, attr = GROUPS[name]
            group = getattr(importlib.import_module(module), attr)
            self._built[name] = typer.main.get_command(group)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._built, *(name for name in GROUPS if name not in self._built)])

    def __len__(self) -> int:
        return len({*self._built, *GROUPS})


CONTEXT = {"help_option_names": ["-h", "--help"]}


def command_group(name: str, help: str) -> typer.Typer:
    """A group of commands, named in ``GROUPS`` (built only when a command line names it)."""
    return typer.Typer(
        name=name,
        help=help,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        context_settings=CONTEXT,
    )


class ShimGroup(TyperGroup):
    """The ``shim`` command, its groups built on demand (see :class:`_Commands`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Commands(self.commands)


app = typer.Typer(
    name="shim",
    cls=ShimGroup,
    help="Sourced English and Spanish talking points, remarks and speech inserts as Word "
    "documents, from a checked fact base.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT,
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
