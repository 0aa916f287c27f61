"""The fact base: every figure with its source, quote, period and status.

Facts live in ``facts/*.yaml`` (one file per source edition); sources are declared once
in ``facts/sources.yaml``. Everything is validated on load and frozen afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from shim.errors import DataError, Location, display_path
from shim.workspace.schema import Localized, problems_of
from shim.workspace.yamlio import Loaded, load_yaml, read_text

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
PERIOD_PATTERN = re.compile(
    r"^(?:(?P<fy>FY)?(?P<year>\d{4})|(?P<start>\d{4})-(?P<end>\d{4})"
    r"|since (?P<since>\d{4})|(?P<todate>to date))$"
)

MAX_VALUE = 10**15  # a quadrillion: beyond any budget or count a program reports
Kind = Literal["count", "money", "percent", "area", "year"]
Status = Literal["cleared", "draft", "retired"]
Qualifier = Literal["exact", "more_than", "target"]


def _number(value: Any) -> int | Decimal:
    """Accept YAML numbers only; a float becomes the Decimal it was written as."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(f"must be a number, not {type(value).__name__} {value!r}")
    number: int | Decimal = Decimal(repr(value)) if isinstance(value, float) else value
    magnitude = abs(Decimal(number))
    if not magnitude.is_finite() or magnitude >= MAX_VALUE:
        raise ValueError(f"{value!r} is beyond any figure a document states (limit 10^15)")
    return number


Number = Annotated[int | Decimal, BeforeValidator(_number)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    id: str = Field(pattern=ID_PATTERN.replace("_", "_-"))
    title: str
    publisher: str
    published: dt.date
    #: How much of ``published`` a citation shows: the 2016 sheet states only its year.
    date_shown: Literal["day", "month", "year"] = "month"
    edition: str
    #: What the source is, so a citation says it: a web page (with its update date) or a
    #: fact sheet (with its year).
    kind: Literal["web-page", "fact-sheet", "report"] = "fact-sheet"
    url: str
    path: str
    cite: Localized

    @field_validator("published", mode="before")
    @classmethod
    def _not_datetime(cls, v: Any) -> Any:
        if isinstance(v, dt.datetime):
            return v.date()
        return v


class SourcesFile(_Frozen):
    sources: list[Source]


class Locator(_Frozen):
    paragraph: int = Field(ge=1)
    section: str | None = None


class Period(_Frozen):
    """When a figure applies: a calendar or fiscal year, a range, 'since' a year, or to date."""

    text: str

    @property
    def parts(self) -> dict[str, str | None]:
        match = PERIOD_PATTERN.match(self.text)
        assert match is not None  # checked on load
        return match.groupdict()

    @property
    def last_year(self) -> int | None:
        p = self.parts
        year = p["year"] or p["end"] or p["since"]
        return int(year) if year else None


def _period(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f'write the period in quotes, period: "{value}" (a period is text)')
    if isinstance(value, str):
        if not PERIOD_PATTERN.match(value):
            raise ValueError(
                f"{value!r} must be like '2021', 'FY2021', '2011-2021', 'since 2013' or 'to date'"
            )
        return {"text": value}
    return value


class Fact(_Frozen):
    id: str = Field(pattern=ID_PATTERN)
    value: Number
    kind: Kind
    counts: str | None = None
    unit: str | None = None
    currency: str | None = None
    of: str | None = None
    qualifier: Qualifier = "exact"
    period: Annotated[Period, BeforeValidator(_period)]
    as_of: dt.date | None = None
    source: str | None = None
    locator: Locator
    quote: str
    written_as: str | None = None
    themes: tuple[str, ...] = ()
    status: Status = "cleared"
    superseded_by: str | None = None
    #: What the figure measures ("hectares planted"): facts a supersession joins must agree.
    measure: str | None = None
    note: str | None = None

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-Z]{3}", v):
            raise ValueError(f"currency must be an ISO 4217 code such as 'USD', not {v!r}")
        return v

    @model_validator(mode="after")
    def _kind_fields(self) -> Fact:
        need = {"count": "counts", "area": "unit", "money": "currency"}.get(self.kind)
        if need and getattr(self, need) is None:
            raise ValueError(f"a {self.kind} fact needs '{need}'")
        if self.kind == "percent" and not 0 <= self.value <= 1:
            raise ValueError(f"a percent is written as a fraction (85% is 0.85), not {self.value}")
        return self


def measure_of(fact: Fact) -> object:
    """What a fact measures: two facts compare (in a chart, over time) only when equal.

    >>> f = Fact.model_validate({"id": "a", "value": 1, "kind": "money", "currency": "USD",
    ...     "period": "2011", "locator": {"paragraph": 1}, "quote": "q"})
    >>> measure_of(f)
    ('money', None, None, 'USD')
    """
    if fact.measure is not None:
        return fact.measure
    return (fact.kind, fact.counts, fact.unit, fact.currency)


class FactFile(_Frozen):
    source: str
    facts: list[Fact]


def current_date() -> dt.date:
    """Today, for the age of facts: the one place that reads the clock (tests fix it)."""
    return dt.date.today()


@dataclass(frozen=True)
class FactRecord:
    """A fact with where it was defined (for errors and ``facts show``)."""

    fact: Fact
    source: Source
    location: Location
    field_lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def stated(self) -> dt.date:
        """When the figure was stated: its as-of date, else its source's publication date."""
        return self.fact.as_of or self.source.published

    def age(self, when: dt.date) -> int:
        """Whole years between when the figure was stated and ``when``."""
        return when.year - self.stated.year

    def is_stale(self, when: dt.date, max_age: int) -> bool:
        """Stated more than ``max_age`` years before ``when`` (shim.toml's ``max_age_years``)."""
        return self.age(when) > max_age

    def at(self, name: str) -> Location:
        """Where one field of this fact is written (for check messages)."""
        return Location(self.location.file, self.field_lines.get(name, self.location.line))


@dataclass(frozen=True)
class FactBase:
    """All facts and sources of a workspace, by id. Immutable."""

    facts: Mapping[str, FactRecord]
    sources: Mapping[str, Source]
    root: Path
    #: Ids of facts that failed validation (checks do not report them again as unknown).
    broken: frozenset[str] = frozenset()
    #: False when a whole file could not be read: then no id can be called unknown.
    complete: bool = True

    def __iter__(self) -> Iterator[FactRecord]:
        return iter(self.facts.values())

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> FactRecord | None:
        return self.facts.get(fact_id)

    def source_text(self, source: Source) -> str:
        path = self.root / "facts" / source.path
        shown = (Path("facts") / source.path).as_posix()
        return read_text(path, shown, limit=4 * 1024 * 1024, root=self.root)


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
        sources_file = _load(folder / "sources.yaml", root)
        errors = problems_of(sources_file, SourcesFile, sources_file.data)
        for err in errors:
            fail(err)
        if errors:
            unreadable.append("sources.yaml")
        if not errors:
            for i, src in enumerate(SourcesFile.model_validate(sources_file.data).sources):
                if src.id in sources:
                    fail(
                        DataError(
                            f"duplicate source id '{src.id}'", sources_file.at(("sources", i))
                        )
                    )
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
            if not _load_fact_file(_load(path, root), sources, facts, fail, broken):
                unreadable.append(path.name)
        except DataError as err:
            unreadable.append(path.name)
            fail(err)
    return FactBase(
        MappingProxyType(facts),
        MappingProxyType(sources),
        root,
        frozenset(broken),
        complete=not unreadable,
    )


def _load(path: Path, root: Path) -> Loaded:
    return load_yaml(path, display_path(path, root), root)


def _load_fact_file(
    loaded: Loaded,
    sources: Mapping[str, Source],
    facts: dict[str, FactRecord],
    fail: Callable[[DataError], None],
    broken: set[str],
) -> bool:
    """Add the file's valid facts; False when the file as a whole is unusable."""
    data = loaded.data
    if not isinstance(data, dict):
        fail(DataError("a fact file needs 'source:' and a 'facts:' list", loaded.at(())))
        return False
    if not isinstance(data.get("facts"), list):
        for err in problems_of(loaded, FactFile, data):
            fail(err)
        return False
    header = {k: v for k, v in data.items() if k != "facts"}
    for err in problems_of(loaded, FactFile, {**header, "facts": []}):
        fail(err)
    default_source = data.get("source")
    if isinstance(default_source, str) and default_source not in sources and sources:
        fail(
            DataError(
                f"unknown source '{default_source}'; "
                f"declared sources: {', '.join(sorted(sources))}",
                loaded.at(("source",)),
            )
        )
    # Each fact's field lines, gathered in one pass (per fact, it was quadratic in the file).
    field_lines: dict[int, dict[str, int]] = {}
    for key, line in loaded.lines.items():
        if len(key) == 3 and key[0] == "facts" and isinstance(key[1], int):
            field_lines.setdefault(key[1], {})[str(key[2])] = line
    for i, raw in enumerate(data["facts"]):
        errs = problems_of(loaded, Fact, raw, ("facts", i))
        if errs:
            for err in errs:
                fail(err)
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                broken.add(raw["id"])
            continue
        fact = Fact.model_validate(raw)
        where = loaded.at(("facts", i))
        if fact.id in facts:
            fail(
                DataError(
                    f"duplicate fact id '{fact.id}' (first defined at {facts[fact.id].location})",
                    loaded.at(("facts", i, "id")),
                )
            )
            continue
        src_id = fact.source or default_source
        if src_id not in sources:
            if fact.source is not None:
                fail(DataError(f"unknown source '{src_id}'", loaded.at(("facts", i, "source"))))
            continue
        lines = field_lines.get(i, {})
        facts[fact.id] = FactRecord(fact, sources[str(src_id)], where, MappingProxyType(lines))
    return True
