"""Event briefs: what the event is, who speaks, and which themes and facts to feature."""

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from shim.cache import cached, key_of
from shim.errors import DataError, Location, did_you_mean, display_path
from shim.safeio import read_bytes
from shim.workspace.schema import Line, Localized, Model, build, problems_of
from shim.workspace.settings import DOC_KINDS
from shim.workspace.yamlio import MAX_BYTES, Loaded, Path_, decode_text, parse_yaml


class Speaker(Model, frozen=True, kw_only=True):
    name: Line
    role: Localized


class Person(Model, frozen=True, kw_only=True):
    """One of the principal people present; briefs list them in order of precedence."""

    name: Line
    title: Localized
    gender: Literal["f", "m"]  # chooses the honorific: "señora"/"señor", "Ms."/"Mr."
    vocative: Localized | None = None  # the whole form of address, when it is not the usual


class Brief(Model, frozen=True, kw_only=True):
    title: Localized
    date: dt.date
    place: Localized
    speaker: Speaker
    audience: Localized
    host: Localized | None = None
    occasion: Localized | None = None
    docs: tuple[str, ...] = DOC_KINDS
    themes: Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]
    facts: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    #: A few sentences about the day, in both languages; figures only as {fact_id|filter}.
    paragraphs: Annotated[tuple[Localized, ...], msgspec.Meta(max_length=5)] = ()


class BriefFile(msgspec.Struct, frozen=True, eq=False):
    """A loaded brief with its name (the file stem) and where it came from."""

    name: str
    brief: Brief
    source: Loaded

    def line_of(self, *path: str | int) -> Location:
        return self.source.at(path)


class _Cached(msgspec.Struct, frozen=True):
    brief: Brief
    lines: list[tuple[Path_, int]]


def load_brief(path: Path, root: Path, confined: bool = False) -> BriefFile:
    """A brief file, validated once per content (the user's cache keeps the result);
    ``confined`` when the workspace names it (then it must stay inside)."""
    shown = display_path(path, root)
    if path.suffix not in {".yaml", ".yml"}:
        raise DataError("a brief must be a .yaml file", Location(shown))
    # Confined and size-checked first; only then is the cache keyed by those bytes.
    raw = read_bytes(path, shown, MAX_BYTES, root=root if confined else None)
    found = cached("brief", key_of(shown, raw), _Cached, lambda: _parse(raw, shown))
    # The YAML data itself is not kept: everything after loading reads the model.
    return BriefFile(path.stem, found.brief, Loaded(None, shown, dict(found.lines)))


def _parse(raw: bytes, shown: str) -> _Cached:
    loaded = parse_yaml(decode_text(raw, shown), shown)
    return _Cached(brief_from(loaded, "").brief, list(loaded.lines.items()))


def brief_from(loaded: Loaded, name: str) -> BriefFile:
    problems = brief_problems(loaded)
    if problems:
        raise problems[0]
    return BriefFile(name=name, brief=build(Brief, loaded.data), source=loaded)


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
