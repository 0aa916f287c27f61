"""The fact base: every figure with its source, quote, period and status.

Facts live in ``facts/*.yaml`` (one file per source edition); sources are declared once
in ``facts/sources.yaml``. Everything is validated on load (:mod:`shim.workspace.factload`)
and frozen afterwards. A new field is one line in its model here.
"""

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from shim.errors import Location
from shim.workspace.schema import Before, Localized, Model
from shim.workspace.yamlio import read_text

MAX_SOURCE = 4 * 1024 * 1024  # bytes of a source's text (a fact sheet is tens of KB)

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


Number = Annotated[int | Decimal, Before(_number)]


def _day(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


class Source(Model, frozen=True, kw_only=True):
    id: Annotated[str, msgspec.Meta(pattern=ID_PATTERN.replace("_", "_-"))]
    title: str
    publisher: str
    published: Annotated[dt.date, Before(_day)]
    #: How much of ``published`` a citation shows: the 2016 sheet states only its year.
    date_shown: Literal["day", "month", "year"] = "month"
    edition: str
    #: What the source is, so a citation says it: a web page (with its update date) or a
    #: fact sheet (with its year).
    kind: Literal["web-page", "fact-sheet", "report"] = "fact-sheet"
    url: str
    path: str
    cite: Localized


class SourcesFile(Model, frozen=True, kw_only=True):
    sources: list[Source]


class Locator(Model, frozen=True, kw_only=True):
    paragraph: Annotated[int, msgspec.Meta(ge=1)]
    section: str | None = None


class Period(Model, frozen=True, kw_only=True):
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


def _currency(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"currency must be an ISO 4217 code such as 'USD', not {value!r}")
    return value


class Fact(Model, frozen=True, kw_only=True):
    id: Annotated[str, msgspec.Meta(pattern=ID_PATTERN)]
    value: Number
    kind: Kind
    counts: str | None = None
    unit: str | None = None
    currency: Annotated[str | None, Before(_currency)] = None
    of: str | None = None
    qualifier: Qualifier = "exact"
    period: Annotated[Period, Before(_period)]
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

    def __post_init__(self) -> None:
        need = {"count": "counts", "area": "unit", "money": "currency"}.get(self.kind)
        if need and getattr(self, need) is None:
            raise ValueError(f"a {self.kind} fact needs '{need}'")
        if self.kind == "percent" and not 0 <= self.value <= 1:
            raise ValueError(f"a percent is written as a fraction (85% is 0.85), not {self.value}")


def measure_of(fact: Fact) -> object:
    """What a fact measures: two facts compare (in a chart, over time) only when equal.

    >>> from shim.workspace.schema import build
    >>> f = build(Fact, {"id": "a", "value": 1, "kind": "money", "currency": "USD",
    ...     "period": "2011", "locator": {"paragraph": 1}, "quote": "q"})
    >>> measure_of(f)
    ('money', None, None, 'USD')
    """
    if fact.measure is not None:
        return fact.measure
    return (fact.kind, fact.counts, fact.unit, fact.currency)


class FactFile(Model, frozen=True, kw_only=True):
    source: str
    facts: list[Fact]


def current_date() -> dt.date:
    """Today, for the age of facts: the one place that reads the clock (tests fix it)."""
    return dt.date.today()


class FactRecord(msgspec.Struct, frozen=True):
    """A fact with where it was defined (for errors and ``facts show``)."""

    fact: Fact
    source: Source
    location: Location
    field_lines: Mapping[str, int] = msgspec.field(default_factory=dict)

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


class FactBase(msgspec.Struct, frozen=True):
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
        return read_text(path, shown, limit=MAX_SOURCE, root=self.root)
