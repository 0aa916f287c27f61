"""Event briefs: what the event is, who speaks, and which themes and facts to feature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shim.errors import DataError, Location, did_you_mean, display_path
from shim.workspace.schema import Line, Localized, validate
from shim.workspace.settings import DOC_KINDS
from shim.workspace.yamlio import Loaded, load_yaml


class Speaker(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Line
    role: Localized


class Person(BaseModel):
    """One of the principal people present; briefs list them in order of precedence."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Line
    title: Localized
    gender: Literal["f", "m"]  # chooses the honorific: "señora"/"señor", "Ms."/"Mr."
    vocative: Localized | None = None  # the whole form of address, when it is not the usual


class Brief(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: Localized
    date: dt.date
    place: Localized
    speaker: Speaker
    audience: Localized
    host: Localized | None = None
    occasion: Localized | None = None
    docs: tuple[str, ...] = DOC_KINDS
    themes: tuple[str, ...] = Field(min_length=1)
    facts: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    #: A few sentences about the day, in both languages; figures only as {fact_id|filter}.
    paragraphs: tuple[Localized, ...] = Field(default=(), max_length=5)


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


def check_names(bf: BriefFile, themes: Sequence[str], facts: Collection[str]) -> None:
    """The themes and fact ids a brief names must exist in its workspace.

    Raises a :class:`DataError` at the brief's line, with a did-you-mean: a typo would
    otherwise drop a whole section from every document without a word.
    """
    for i, theme in enumerate(bf.brief.themes):
        if theme not in themes:
            hint = did_you_mean(theme, list(themes)) or f"; declared: {', '.join(themes)}"
            raise DataError(
                f"unknown theme '{theme}'{hint} (themes are declared in shim.toml [briefs])",
                bf.line_of("themes", i),
            )
    for i, fact_id in enumerate(bf.brief.facts):
        if fact_id not in facts:
            raise DataError(
                f"unknown fact '{fact_id}'{did_you_mean(fact_id, list(facts))}",
                bf.line_of("facts", i),
            )
