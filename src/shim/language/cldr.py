"""What shim asks of Babel's CLDR data, asked once and kept in the user's cache by
Babel's version: number groupings, dates, plural rules.

Every figure, date and plural still comes from Babel with an explicit locale; only the
answers are kept. A cold render would otherwise spend more on loading CLDR's locale data
(and Babel's date module) than on all of its own work.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any

from shim.cache import Table, cached, key_of
from shim.language.locales import NumberStyle


@lru_cache(maxsize=4096)
def grouped(d: Decimal, style: NumberStyle) -> str:
    """``d`` grouped in ``style``: Babel rounds and groups with en_US's symbols, which are
    then mapped onto the style's, so every style (even one CLDR lacks) uses the same,
    tested digit logic."""
    text = _groupings().get(str(d), lambda: _grouping(d))
    integer = text.split(".")[0].lstrip("-")
    if len(integer.replace(",", "")) < 3 + style.min_grouping:
        text = text.replace(",", "")
    table: dict[str, str | int | None] = {",": style.group, ".": style.decimal}
    return text.translate(str.maketrans(table))


@lru_cache(maxsize=1)
def _groupings() -> Table:
    """Babel's grouping of each number written (the first loads CLDR's English data)."""
    import babel

    return Table("grouped", babel.__version__)


def _grouping(d: Decimal) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(d, format="#,##0.###", locale="en_US", decimal_quantization=False))


@lru_cache(maxsize=1024)
def babel_date(value: dt.date, form: str, locale: str) -> str:
    """``value`` as Babel writes it in ``locale``: the ``long`` date format or a skeleton."""
    import babel

    def write() -> str:
        from babel.dates import format_date, format_skeleton

        if form == "long":
            return str(format_date(value, format="long", locale=locale))
        return str(format_skeleton(form, value, locale=locale))

    key = key_of("date", babel.__version__, locale, form, value.isoformat())
    return cached("cldr", key, str, write)


def plural_rule(locale: str) -> Any:
    """CLDR's plural rule of ``locale``, rebuilt by Babel from its kept rule texts."""
    import babel
    from babel.plural import PluralRule

    def rules() -> dict[str, str]:
        from babel import Locale

        return dict(Locale.parse(locale).plural_form.rules)

    key = key_of("plural", babel.__version__, locale)
    return PluralRule(cached("cldr", key, dict[str, str], rules))
