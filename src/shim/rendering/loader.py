"""Templates read from the workspace's ``templates/`` folder and nowhere else.

A template, an include or a symlink that leads out of the folder is refused (a symlink
in a shared workspace must not pull ``/etc/passwd`` into a document); only regular files
of bounded size are read, and invalid UTF-8 is a located error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.loaders import split_template_path

from shim.errors import Location, TemplateError
from shim.safeio import file_identity, read_bytes

MAX_TEMPLATE = 1024 * 1024  # bytes; the shipped templates are a few KB each


class ConfinedLoader(BaseLoader):
    """Templates from one folder: a name or symlink leading out of it is refused, only
    regular files of bounded size are read, and invalid UTF-8 is a located error."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..' with TemplateNotFound
        path = self.folder.joinpath(*pieces)
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        shown = "/".join((self.folder.name, *pieces))
        raw = read_bytes(path, shown, MAX_TEMPLATE, root=self.folder, error=TemplateError)
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateError(
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                Location(shown, raw[: exc.start].count(b"\n") + 1),
            ) from None
        stamp = file_identity(path)
        return source, str(path), lambda: file_identity(path) == stamp
