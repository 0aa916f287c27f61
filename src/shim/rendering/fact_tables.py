"""Readable views of the fact base for ``shim facts list`` and ``shim facts show``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from shim.language.figures import Figures
from shim.workspace.facts import FactBase, FactRecord, current_date


def display_value(record: FactRecord, figures: Figures) -> str:
    """The value as the language writes it in a document."""
    fact = record.fact
    if fact.kind == "money":
        return figures.money(fact.value, fact.currency or "USD")
    if fact.kind == "percent":
        return figures.percent(fact.value)
    if fact.kind == "year":
        return figures.year(fact.value)
    return figures.number(fact.value)


def select(
    base: FactBase,
    *,
    source: str | None = None,
    stale: bool = False,
    superseded: bool = False,
    today: dt.date | None = None,
    max_age: int = 4,
) -> list[FactRecord]:
    day = today or current_date()
    return [
        r
        for r in base
        if (source is None or r.source.id == source)
        and (not stale or r.is_stale(day, max_age))
        and (not superseded or r.fact.superseded_by is not None)
    ]


def table(rows: Sequence[Sequence[str]]) -> str:
    """Plain aligned columns (no colour codes: output is pasted into emails)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def list_table(records: Iterable[FactRecord]) -> str:
    en, es = Figures.for_lang("en"), Figures.for_lang("es")
    rows = [["id", "English", "Spanish", "counts", "period", "source", "status"]]
    for r in records:
        status: str = r.fact.status
        if r.fact.superseded_by:
            status += f" (superseded by {r.fact.superseded_by})"
        rows.append(
            [
                r.fact.id,
                display_value(r, en),
                display_value(r, es).replace("\u00a0", " "),
                r.fact.counts or r.fact.unit or r.fact.kind,
                r.fact.period.text,
                r.source.id,
                status,
            ]
        )
    return table(rows)


def show(record: FactRecord, base: FactBase, used_in: Sequence[str]) -> str:
    f = record.fact
    en, es = Figures.for_lang("en"), Figures.for_lang("es")
    newer = [r.fact.id for r in base if r.fact.superseded_by == f.id]
    lines = [
        f"{f.id}  ({record.location})",
        f"  value:         {f.value} ({f.kind})",
        f"  English:       {display_value(record, en)}",
        f"  Spanish:       {display_value(record, es)}",
        f"  period:        {f.period.text}" + (f"  (as of {f.as_of})" if f.as_of else ""),
        f"  qualifier:     {f.qualifier}",
        f"  source:        {record.source.id}: {record.source.publisher}, "
        f"{record.source.title}, {record.source.edition}",
        f"  where:         paragraph {f.locator.paragraph}"
        + (f', section "{f.locator.section}"' if f.locator.section else ""),
        f'  quote:         "{f.quote}"',
        f"  status:        {f.status}",
        f"  superseded by: {f.superseded_by or '-'}",
        f"  supersedes:    {', '.join(newer) or '-'}",
        f"  themes:        {', '.join(f.themes) or '-'}",
        f"  used in:       {', '.join(used_in) or '-'}",
    ]
    if f.note:
        lines.append(f"  note:          {f.note}")
    return "\n".join(lines)
