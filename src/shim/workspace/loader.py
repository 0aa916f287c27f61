"""A workspace: ``shim.toml`` plus ``facts/ templates/ locales/ briefs/``.

shim uses the workspace in the current folder (or ``--project DIR``); with none, the
default workspace the package carries: the program's own fact sheets, templates and
translations, so a new user gets real documents with no configuration.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

import msgspec

from shim.errors import ConfigError, Location, did_you_mean, display_path
from shim.workspace.briefs import BriefFile, check_names, load_brief
from shim.workspace.factload import load_facts
from shim.workspace.facts import FactBase
from shim.workspace.settings import Settings, load_settings


@lru_cache(maxsize=1)
def default_root() -> Path:
    """The default workspace: packaged with the wheel, or the source checkout's root."""
    package = Path(__file__).resolve().parents[1]  # src/shim (or site-packages/shim)
    packaged = package / "_workspace"
    if (packaged / "shim.toml").is_file():
        return packaged
    checkout = package.parents[1]
    if (checkout / "shim.toml").is_file() and (checkout / "facts").is_dir():
        return checkout
    raise ConfigError("the default workspace is missing from this installation of shim")


def find_root(project: Path | None = None, cwd: Path | None = None) -> Path:
    """``project`` if given, else the current folder if it is a workspace, else the default."""
    if project is not None:
        if not project.is_dir():
            raise ConfigError("no such folder", Location(project.as_posix()))
        if not (project / "shim.toml").is_file():
            raise ConfigError(
                "not a shim workspace (no shim.toml); create one with `shim init`",
                Location(project.as_posix()),
            )
        return project
    here = cwd or Path.cwd()
    if (here / "shim.toml").is_file():
        return here
    return default_root()


class Workspace(msgspec.Struct, frozen=True, dict=True):
    """A loaded workspace: settings and facts are validated once, then read-only."""

    root: Path
    settings: Settings

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def briefs_dir(self) -> Path:
        return self.root / "briefs"

    @cached_property
    def facts(self) -> FactBase:
        return load_facts(self.root)

    def show(self, path: Path | str) -> str:
        return display_path(path, self.root)

    def brief_names(self) -> list[str]:
        return sorted(p.stem for p in self.briefs_dir.glob("*.yaml"))

    def brief(self, ref: str | Path) -> BriefFile:
        """A brief by name or path, its themes and facts checked against the workspace."""
        bf = self._brief(ref)
        check_names(bf, self.settings.briefs.themes, self.facts.facts)
        return bf

    def _brief(self, ref: str | Path) -> BriefFile:
        """A brief by name (``san-martin-cacao-visit``) or by path."""
        path = Path(ref)
        if path.suffix in {".yaml", ".yml"} or path.exists():
            if not path.exists() and not path.is_symlink():
                raise ConfigError("no such brief file", Location(str(ref)))
            # A file of the workspace must stay in it; one named from outside is the user's.
            return load_brief(path, self.root, path.absolute().is_relative_to(self.root))
        return self.named_brief(str(ref))

    def named_brief(self, name: str) -> BriefFile:
        """A brief by its name only: nothing outside ``briefs/`` can be reached this way."""
        names = self.brief_names()
        if name not in names:
            raise ConfigError(
                f"no brief named '{name}' in {self.show(self.briefs_dir)}/"
                f"{did_you_mean(name, names)}",
            )
        return load_brief(self.briefs_dir / f"{name}.yaml", self.root, confined=True)

    def default_brief(self) -> BriefFile:
        return self.brief(self.settings.workspace.default_brief)


def load_workspace(project: Path | str | None = None) -> Workspace:
    root = find_root(Path(project) if project is not None else None).resolve()
    settings = load_settings(root / "shim.toml", display_path(root / "shim.toml", root))
    return Workspace(root, settings)
