"""Charts from facts: a template names fact ids, shim draws each fact as a dated bar.

A chart compares one measure over time, so every bar must measure the same thing
(:func:`shim.workspace.facts.measure_of`) for a different single year of the same kind
(calendar or fiscal). Anything else is refused with the template's file and line. Bars
are sorted by year; each is labelled with its period and its value as the document's
language and number style write them (the same words as the text: "US$35.5 million",
"35,5 millones de dólares").

A bar whose fact is superseded by a later bar of the same chart is history, not an
outdated figure: the chart shows the change that the supersession records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from shim.errors import TemplateError
from shim.rendering.environment import FactView, RenderState, current_template_line
from shim.rendering.fact_tables import display_value
from shim.workspace.facts import FactRecord, measure_of

MAX_BARS = 8  # more would crowd the labels on a page's width


def chart_markup(
    state: RenderState,
    facts: Sequence[Any],
    *,
    title: str,
    axis: str,
    categories: str,
    alt: str,
) -> Markup:
    """The ``<chart>`` markup for ``facts`` (ids); ``alt`` has a ``%(values)s`` placeholder."""
    records = _records(state, facts)
    figures = state.figures
    ids = {r.fact.id for r in records}
    for record in records:
        if _later_bar(record, ids, state):
            state.history.add(record.fact.id)
    bars = Markup("").join(
        Markup('<bar f="{}" label="{}" value="{}">{}</bar>').format(
            r.fact.id, figures.period_label(r.fact.period), r.fact.value, display_value(r, figures)
        )
        for r in records
    )
    values = _list(
        [f"{display_value(r, figures)} {figures.period(r.fact.period)}" for r in records],
        figures.lang.babel,
    )
    return Markup(
        '<chart title="{}" value-axis="{}" category-axis="{}" alt="{}">{}</chart>'
    ).format(
        _plain(title), _plain(axis), _plain(categories), _plain(alt) % {"values": values}, bars
    )


def _plain(message: str) -> str:
    """A translated message as plain text for an attribute (a draft's marks are dropped:
    the render's warnings still name every untranslated message)."""
    return Markup(message).striptags()


def _records(state: RenderState, facts: Sequence[Any]) -> list[FactRecord]:
    if isinstance(facts, str) or not 2 <= len(facts) <= MAX_BARS:
        raise TemplateError(
            f"a chart takes a list of 2 to {MAX_BARS} fact ids", current_template_line()
        )
    records = [f.record if isinstance(f, FactView) else state.chart_fact(str(f)) for f in facts]
    first = records[0]
    for record in records[1:]:
        if measure_of(record.fact) != measure_of(first.fact):
            raise TemplateError(
                f"a chart compares one measure; '{first.fact.id}' is {_measure(first)} but "
                f"'{record.fact.id}' is {_measure(record)}",
                current_template_line(),
            )
    years: dict[int, str] = {}
    for record in records:
        parts = record.fact.period.parts
        if not parts["year"]:
            raise TemplateError(
                f"a chart compares single years; '{record.fact.id}' is for "
                f"'{record.fact.period.text}'",
                current_template_line(),
            )
        if bool(parts["fy"]) != bool(first.fact.period.parts["fy"]):
            raise TemplateError(
                f"a chart compares years of one kind; '{first.fact.id}' is for "
                f"'{first.fact.period.text}' but '{record.fact.id}' is for "
                f"'{record.fact.period.text}' (calendar and fiscal years differ)",
                current_template_line(),
            )
        year = int(parts["year"])
        if year in years:
            raise TemplateError(
                f"a chart has one bar per year; '{years[year]}' and '{record.fact.id}' are "
                f"both for {record.fact.period.text}",
                current_template_line(),
            )
        years[year] = record.fact.id
    return sorted(records, key=lambda r: r.fact.period.last_year or 0)


def _measure(record: FactRecord) -> str:
    f = record.fact
    if f.measure is not None:
        return f"'{f.measure}'"
    if f.kind == "money":
        return f"money in {f.currency}"
    if f.kind == "count":
        return f"a count of {f.counts}"
    if f.kind == "area":
        return f"an area in {f.unit}"
    return f"a {f.kind}"


def _later_bar(record: FactRecord, ids: set[str], state: RenderState) -> bool:
    """Whether the supersession chain of ``record`` reaches another bar of the chart."""
    seen = {record.fact.id}
    newer = record.fact.superseded_by
    while newer and newer not in seen:
        if newer in ids:
            return True
        seen.add(newer)
        nxt = state.peek(newer)
        newer = nxt.fact.superseded_by if nxt is not None else None
    return False


def _list(items: list[str], locale: str) -> str:
    from babel.lists import format_list

    return str(format_list(items, locale=locale))
