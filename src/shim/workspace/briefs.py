"""Event briefs: what the event is, who speaks, and which themes and facts to feature."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from shim.errors import DataError, Location, display_path
from shim.workspace.schema import validate
from shim.workspace.settings import DOC_KINDS
from shim.workspace.yamlio import Loaded, load_yaml


def _one_line(value: Any) -> Any:
    # Brief texts land inside headings and sentences: fold stray line breaks.
    return " ".join(value.split()) if isinstance(value, str) else value


Line = Annotated[str, BeforeValidator(_one_line), Field(min_length=1, max_length=500)]


class Text(BaseModel):
    """A brief text in English and Spanish; both are required (no silent fallback)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    en: Line
    es: Line

    def get(self, lang: str) -> str:
        return self.es if lang.startswith("es") else self.en


class Speaker(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Line
    role: Text


class Brief(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: Text
    date: dt.date
    place: Text
    speaker: Speaker
    audience: Text
    host: Text | None = None
    occasion: Text | None = None
    docs: tuple[str, ...] = DOC_KINDS
    themes: tuple[str, ...] = Field(min_length=1)
    facts: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class BriefFile:
    """A loaded brief with its name (the file stem) and where it came from."""

    name: str
    brief: Brief
    source: Loaded

    def line_of(self, *path: str | int) -> Location:
        return self.source.at(path)


def load_brief(path: Path, root: Path) -> BriefFile:
    shown = display_path(path, root)
    if path.suffix not in {".yaml", ".yml"}:
        raise DataError("a brief must be a .yaml file", Location(shown))
    loaded = load_yaml(path, shown)
    if not isinstance(loaded.data, dict):
        raise DataError("a brief must be a YAML mapping (title:, date:, ...)", Location(shown, 1))
    brief = validate(loaded, Brief)
    for i, doc in enumerate(brief.docs):
        if doc not in DOC_KINDS:
            raise DataError(
                f"unknown document kind '{doc}'; use {', '.join(DOC_KINDS)}",
                loaded.at(("docs", i)),
            )
    return BriefFile(name=path.stem, brief=brief, source=loaded)
