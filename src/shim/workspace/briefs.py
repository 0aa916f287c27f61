"""Event briefs: what the event is, who speaks, and which themes and facts to feature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shim.errors import DataError, Location, did_you_mean, display_path
from shim.workspace.schema import Line, Localized, problems_of
from shim.workspace.settings import DOC_KINDS
from shim.workspace.yamlio import Loaded, load_yaml, parse_yaml


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


def load_brief(path: Path, root: Path, confined: bool = False) -> BriefFile:
    """A brief file; ``confined`` when the workspace names it (then it must stay inside)."""
    shown = display_path(path, root)
    if path.suffix not in {".yaml", ".yml"}:
        raise DataError("a brief must be a .yaml file", Location(shown))
    return brief_from(load_yaml(path, shown, root if confined else None), path.stem)


def parse_brief(text: str, name: str, shown: str) -> BriefFile:
    """A brief from its text (an edit not yet saved), checked as a file would be."""
    return brief_from(parse_yaml(text, shown), name)


def brief_from(loaded: Loaded, name: str) -> BriefFile:
    problems = brief_problems(loaded)
    if problems:
        raise problems[0]
    return BriefFile(name=name, brief=Brief.model_validate(loaded.data), source=loaded)


def brief_problems(loaded: Loaded) -> list[DataError]:
    """Every problem of a brief, located, in file order (empty when it is valid)."""
    if not isinstance(loaded.data, dict):
        where = Location(loaded.file, 1)
        return [DataError("a brief must be a YAML mapping (title:, date:, ...)", where)]
    problems = problems_of(loaded, Brief, loaded.data)
    if problems:
        return problems
    docs = loaded.data.get("docs") or ()
    return [
        DataError(
            f"unknown document kind '{doc}'; use {', '.join(DOC_KINDS)}", loaded.at(("docs", i))
        )
        for i, doc in enumerate(docs)
        if doc not in DOC_KINDS
    ]


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
