"""A fact's claim, checked against its quote: the value as a whole number written the way
the source writes it, the qualifier around it, and the period it names.

The quote is read by :mod:`shim.checks.figures_scan` (English, decimal point), so a
value matches only a whole figure: 7109 is not in "77,109", 13000000 is "US$13 million"
or "13 million", 0.59 is "59%" or "59 percent" (percents are fractions). "over 98,907"
is a ``more_than`` claim; "In 2021" states the period 2021.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from shim.checks.figures_scan import Figure, scan_all
from shim.workspace.facts import Fact, FactRecord

# The quote's qualifier each fact qualifier accepts; a target accepts any wording.
_ACCEPTS: dict[str, set[str | None]] = {"exact": {None}, "more_than": {"more_than"}}
_KINDS = {"count": {"number"}, "area": {"number"}, "money": {"money", "number"}}


def _candidates(fact: Fact, quote: str) -> tuple[list[Figure], list[Figure]]:
    """(figures of the fact's value in the quote, every figure of the quote)."""
    # Source texts converted from web pages keep Markdown's escaped dollar sign ("\\$3").
    found = scan_all(quote.replace("\\$", "$"), "en", ".")
    every = sorted([*found.figures, *found.years], key=lambda f: f.start)
    value = Decimal(fact.value)
    kinds = _KINDS.get(fact.kind, {fact.kind})
    if fact.kind == "year":
        kinds = {"year", "number"}
    return [f for f in every if f.kind in kinds and f.value == value], every


def value_problems(record: FactRecord, forms: list[str]) -> Iterator[tuple[str, str]]:
    """(field, message) for a value not in the quote, or a qualifier the quote contradicts."""
    fact = record.fact
    matches, every = _candidates(fact, fact.quote)
    if not matches:
        looked = " or ".join(repr(f) for f in list(dict.fromkeys(forms))[:2]) or "no form"
        has = ", ".join(f"'{f.text}'" for f in every) or "no number"
        yield (
            "value",
            f"fact '{fact.id}': the value {fact.value} is not in its quote as a whole number "
            f"(looked for {looked}; the quote has {has}){_money_hint(fact, every)}",
        )
        return
    accepts = _ACCEPTS.get(fact.qualifier)
    if accepts is not None and not any(f.qualifier in accepts for f in matches):
        said = matches[0]
        wording = said.qualifier or "exact"
        yield (
            "qualifier",
            f"fact '{fact.id}': the quote says “{said.text}” ({wording}) but the fact's "
            f"qualifier is {fact.qualifier}",
        )


def _money_hint(fact: Fact, every: list[Figure]) -> str:
    scaled = [f for f in every if f.scale > 1 and f.number == Decimal(fact.value)]
    if fact.kind == "money" and scaled:
        return f"; money is written in full units: {scaled[0].value:f} for “{scaled[0].text}”"
    # A percent over 1 ("85" for 85%) never gets here: the fact is refused on load.
    return ""


_YEAR = re.compile(r"\d{4}")


def period_problem(fact: Fact) -> str | None:
    """A period whose years the quote does not state, unless a note says where it is from."""
    years = _YEAR.findall(fact.period.text)
    missing = [y for y in years if not re.search(rf"(?<!\d){y}(?!\d)", fact.quote)]
    if not missing or fact.note:
        return None
    return (
        f"fact '{fact.id}': the period '{fact.period.text}' is not stated in its quote "
        f"({missing[0]} is not in it); quote the sentence that states it, or say in "
        "'note' where the period comes from"
    )
