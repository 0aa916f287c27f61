"""Loading the fact base: ``facts/sources.yaml`` and every other ``facts/*.yaml``.

Each file is parsed and validated once per content: the result (its valid facts and its
problems, in file order) is kept in the user's cache, so an unchanged fact base loads
without parsing any YAML. What depends on several files (unknown sources, duplicate
ids) is checked on every load.
"""

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import msgspec

from shim.cache import cached, key_of
from shim.errors import DataError, Location, display_path
from shim.safeio import read_bytes
from shim.workspace.facts import Fact, FactBase, FactFile, FactRecord, Source, SourcesFile
from shim.workspace.schema import checked, problems_of
from shim.workspace.yamlio import MAX_BYTES, Loaded, decode_text, parse_yaml

R = TypeVar("R")
Fail = Callable[[DataError], None]


class Problem(msgspec.Struct, frozen=True, tag=True):
    message: str
    at: Location


class Entry(msgspec.Struct, frozen=True, tag=True):
    """A valid fact, where it starts, and the line of each of its fields."""

    fact: Fact
    at: Location
    lines: dict[str, int]


class FactFileResult(msgspec.Struct, frozen=True):
    header: list[Problem]  # problems of the file as a whole
    usable: bool  # False: no fact in it can be used (not a mapping, no facts list)
    source: str | None = None  # the file's default source id
    source_at: Location | None = None
    items: list[Entry | Problem] = []  # in file order
    broken: list[str] = []  # ids of facts that failed validation


class SourcesResult(msgspec.Struct, frozen=True):
    sources: list[tuple[Source, Location]]
    problems: list[Problem]


def load_facts(root: Path, problems: list[DataError] | None = None) -> FactBase:
    """Load ``facts/sources.yaml`` and every other ``facts/*.yaml`` under ``root``.

    Raises the first problem; with a ``problems`` list, collects every problem instead
    and returns what was valid (for ``shim facts check``).
    """
    folder = root / "facts"
    if not folder.is_dir():
        raise DataError("no facts/ folder in the workspace", Location(display_path(folder, root)))
    sink: list[DataError] = [] if problems is None else problems

    def fail(err: DataError) -> None:
        if problems is None:
            raise err
        sink.append(err)

    sources: dict[str, Source] = {}
    unreadable: list[str] = []  # files that could not be parsed or validated as a whole
    try:
        found = _cached_file(folder / "sources.yaml", root, "sources", SourcesResult, _sources)
        for p in found.problems:
            fail(DataError(p.message, p.at))
        if found.problems:
            unreadable.append("sources.yaml")
        for src, at in found.sources:
            if src.id in sources:
                fail(DataError(f"duplicate source id '{src.id}'", at))
            sources[src.id] = src
    except DataError as err:
        unreadable.append("sources.yaml")
        fail(err)
    facts: dict[str, FactRecord] = {}
    broken: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "sources.yaml":
            continue
        try:
            result = _cached_file(path, root, "facts", FactFileResult, _fact_file)
        except DataError as err:
            unreadable.append(path.name)
            fail(err)
            continue
        if not _add_facts(result, sources, facts, fail, broken):
            unreadable.append(path.name)
    return FactBase(
        MappingProxyType(facts),
        MappingProxyType(sources),
        root,
        frozenset(broken),
        complete=not unreadable,
    )


def _cached_file(
    path: Path, root: Path, kind: str, model: type[R], parse: Callable[[Loaded], R]
) -> R:
    display = display_path(path, root)
    # Confined and size-checked first; only then is the cache keyed by those bytes.
    raw = read_bytes(path, display, MAX_BYTES, root=root)
    return cached(
        kind,
        key_of(display, raw),
        model,
        lambda: parse(parse_yaml(decode_text(raw, display), display)),
    )


def _problems(errors: list[DataError]) -> list[Problem]:
    return [Problem(e.message, e.location or Location("?")) for e in errors]


def _sources(loaded: Loaded) -> SourcesResult:
    value, errors = checked(loaded, SourcesFile, loaded.data)
    if value is None:
        return SourcesResult([], _problems(errors))
    return SourcesResult([(s, loaded.at(("sources", i))) for i, s in enumerate(value.sources)], [])


def _fact_file(loaded: Loaded) -> FactFileResult:
    """One fact file validated on its own: what does not depend on other files."""
    data = loaded.data
    if not isinstance(data, dict):
        problem = Problem("a fact file needs 'source:' and a 'facts:' list", loaded.at(()))
        return FactFileResult([problem], usable=False)
    if not isinstance(data.get("facts"), list):
        return FactFileResult(_problems(problems_of(loaded, FactFile, data)), usable=False)
    header = {k: v for k, v in data.items() if k != "facts"}
    default = data.get("source")
    items: list[Entry | Problem] = []
    broken = []
    # Each fact's field lines, gathered in one pass (per fact, it was quadratic in the file).
    field_lines: dict[int, dict[str, int]] = {}
    for key, line in loaded.lines.items():
        if len(key) == 3 and key[0] == "facts" and isinstance(key[1], int):
            field_lines.setdefault(key[1], {})[str(key[2])] = line
    for i, raw in enumerate(data["facts"]):
        fact, errors = checked(loaded, Fact, raw, ("facts", i))
        if fact is None:
            items += _problems(errors)
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                broken.append(raw["id"])
            continue
        items.append(Entry(fact, loaded.at(("facts", i)), field_lines.get(i, {})))
    return FactFileResult(
        _problems(problems_of(loaded, FactFile, {**header, "facts": []})),
        usable=True,
        source=default if isinstance(default, str) else None,
        source_at=loaded.at(("source",)),
        items=items,
        broken=broken,
    )


def _add_facts(
    result: FactFileResult,
    sources: Mapping[str, Source],
    facts: dict[str, FactRecord],
    fail: Fail,
    broken: set[str],
) -> bool:
    """Add the file's valid facts; False when the file as a whole is unusable."""
    for problem in result.header:
        fail(DataError(problem.message, problem.at))
    if not result.usable:
        return False
    default = result.source
    if default is not None and default not in sources and sources:
        fail(
            DataError(
                f"unknown source '{default}'; declared sources: {', '.join(sorted(sources))}",
                result.source_at,
            )
        )
    broken.update(result.broken)
    for item in result.items:
        if isinstance(item, Problem):
            fail(DataError(item.message, item.at))
            continue
        record = _record(item, sources, default)
        fact = item.fact
        if fact.id in facts:
            where = facts[fact.id].location
            fail(
                DataError(
                    f"duplicate fact id '{fact.id}' (first defined at {where})", _at(item, "id")
                )
            )
        elif record is None and fact.source is not None:
            fail(DataError(f"unknown source '{fact.source}'", _at(item, "source")))
        elif record is not None:
            facts[fact.id] = record
    return True


def _record(item: Entry, sources: Mapping[str, Source], default: str | None) -> FactRecord | None:
    source = sources.get(item.fact.source or default or "")
    return FactRecord(item.fact, source, item.at, MappingProxyType(item.lines)) if source else None


def _at(item: Entry, name: str) -> Location:
    return Location(item.at.file, item.lines.get(name, item.at.line))
