"""What shim asks of Babel's CLDR data, asked once and kept in the user's cache by
Babel's version: number groupings, dates, plural categories.

Every figure, date and plural still comes from Babel with an explicit locale; only the
answers are kept. A cold render would otherwise spend more on loading CLDR's locale data
(and Babel's date module) than on all of its own work; with the answers kept, it does not
import Babel at all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from shim.cache import Table, cached, key_of
from shim.language.locales import NumberStyle, babel_version


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
    return Table("grouped", babel_version())


def _grouping(d: Decimal) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(d, format="#,##0.###", locale="en_US", decimal_quantization=False))


@lru_cache(maxsize=1024)
def babel_date(value: dt.date, form: str, locale: str) -> str:
    """``value`` as Babel writes it in ``locale``: the ``long`` date format or a skeleton."""

    def write() -> str:
        from babel.dates import format_date, format_skeleton

        if form == "long":
            return str(format_date(value, format="long", locale=locale))
        return str(format_skeleton(form, value, locale=locale))

    key = key_of("date", babel_version(), locale, form, value.isoformat())
    return cached("cldr", key, str, write)


class PluralRule:
    """CLDR's plural rule of ``locale``: its categories, and the category of a count, as
    Babel's ``PluralRule`` gives them (kept per count, as groupings are).

    >>> rule = PluralRule("es"); sorted(rule.tags), rule(1), rule(1_000_000), rule(7)
    (['many', 'one'], 'one', 'many', 'other')
    """

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._rules: dict[str, str] | None = None
        key = key_of("plural", babel_version(), locale)
        self.tags = frozenset(cached("cldr", key, list[str], lambda: sorted(self.rules())))
        self._answers = Table(f"plural-{locale}", babel_version())

    def rules(self) -> dict[str, str]:
        if self._rules is None:
            from babel import Locale

            self._rules = dict(Locale.parse(self.locale).plural_form.rules)
        return self._rules

    def __call__(self, n: int) -> str:
        return self._answers.get(str(n), lambda: self._category(n))

    def _category(self, n: int) -> str:
        from babel.plural import PluralRule as BabelRule

        return str(BabelRule(self.rules())(n))


@lru_cache(maxsize=32)
def plural_rule(locale: str) -> PluralRule:
    """CLDR's plural rule of ``locale`` (one per process and locale)."""
    return PluralRule(locale)
