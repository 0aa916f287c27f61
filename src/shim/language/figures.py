"""Speech-ready figures: numbers, money, percents, dates and periods per language.

Every function goes through Babel with an explicit locale and one :class:`NumberStyle`
for the whole document. Where Babel has no form a speaker would use (long money such
as "13 millones de dólares", "1,200 millones" for a billion, minimum grouping in
es-ES, compact rounding that gives "1000K"), the form is composed here and pinned by a
doctest or a test.

>>> en, pe, es = Figures.for_lang("en"), Figures.for_lang("es"), Figures.for_lang("es-ES")
>>> en.number(77109), pe.number(77109), es.number(77109), es.number(7109)
('77,109', '77,109', '77\\xa0109', '7109')
>>> en.money(13_000_000), pe.money(13_000_000), pe.money(13_000_000, spoken=True)
('US$13 million', 'US$ 13 millones', '13 millones de dólares')
>>> en.money(1_200_000_000), pe.money(1_200_000_000, spoken=True), es.money(1_200_000_000)
('US$1.2 billion', '1,200 millones de dólares', '1200 millones de dólares')
>>> en.percent(0.85), pe.percent(0.85), es.percent(0.85)
('85 percent', '85%', '85\\xa0%')
>>> en.year(2021), es.year(2021)
('2021', '2021')
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any

import msgspec

from shim.language.locales import LANGS, Lang, NumberStyle, number_style

Num = int | float | Decimal

MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)

# Currency words a speaker uses; Babel's "dólares estadounidenses" is too formal to say.
_CURRENCY = {
    "USD": {
        "symbol": "US$",
        "es": ("dólar", "dólares"),
        "en": ("dollar", "dollars"),
        "pt": ("dólar", "dólares"),
    },
    "PEN": {"symbol": "S/", "es": ("sol", "soles"), "en": ("sol", "soles")},
}

# Scale words of money said in full, per language: Spanish says "mil millones" (long
# scale, never "billones"); Portuguese (Brazil) says "bilhão" for a thousand million.
_SCALE = {
    "es": {"million": ("millón", "millones")},
    "pt": {"million": ("milhão", "milhões"), "billion": ("bilhão", "bilhões")},
}
_SINGULAR_BELOW_TWO = {"pt"}  # "1,2 bilhão", "1,5 milhão" (Brazilian usage)
_FISCAL = {"en": "fiscal year {year}", "es": "año fiscal {year}", "pt": "ano fiscal {year}"}

_PERIOD = {
    "en": {
        "year": "in {year}",
        "fy": "in fiscal year {year}",
        "range": "between {start} and {end}",
        "since": "since {since}",
        "todate": "to date",
    },
    "es": {
        "year": "en {year}",
        "fy": "en el año fiscal {year}",
        "range": "entre {start} y {end}",
        "since": "desde {since}",
        "todate": "a la fecha",
    },
    "pt": {
        "year": "em {year}",
        "fy": "no ano fiscal {year}",
        "range": "entre {start} e {end}",
        "since": "desde {since}",
        "todate": "até o momento",
    },
}


def _dec(value: Num) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _trim(value: Decimal, places: int) -> Decimal:
    """Round to at most ``places`` decimals and drop trailing zeros (13.50 -> 13.5)."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return q.normalize() if q != q.to_integral() else q.to_integral()


@lru_cache(maxsize=4096)
def _grouped(d: Decimal, style: NumberStyle) -> str:
    from babel.numbers import format_decimal

    # Babel rounds and groups; en_US's symbols are then mapped onto the style's, so
    # every style (even those CLDR lacks) uses the same, tested digit logic.
    text = format_decimal(d, format="#,##0.###", locale="en_US", decimal_quantization=False)
    integer = text.split(".")[0].lstrip("-")
    if len(integer.replace(",", "")) < 3 + style.min_grouping:
        text = text.replace(",", "")
    table: dict[str, str | int | None] = {",": style.group, ".": style.decimal}
    return text.translate(str.maketrans(table))


class Figures(msgspec.Struct, frozen=True):
    """The formatters for one document: one language, one number style."""

    lang: Lang
    style: NumberStyle
    percent_word: bool = False  # "85 percent" (English speech style) instead of "85%"

    @classmethod
    def for_lang(
        cls, code: str, style: str | None = None, percent_word: bool | None = None
    ) -> Figures:
        lang = LANGS[code]
        english = lang.catalog == "en"
        word = english if percent_word is None else percent_word
        return cls(lang, number_style(lang, style), word and english)

    @property
    def _es(self) -> bool:
        return self.lang.spanish

    @property
    def _words(self) -> bool:
        """Money said with scale words and the currency's name ("13 millones de dólares")."""
        return self.lang.catalog in _SCALE

    # -- plain numbers ---------------------------------------------------------------
    def number(self, value: Num, decimals: int = 2) -> str:
        """A number with the style's separators; at most ``decimals`` decimals.

        >>> Figures.for_lang("es", "statistical").number(Decimal("118.5"))
        '118,5'
        >>> Figures.for_lang("es", "gob-pe").number(7316), Figures.for_lang("en").number(7316)
        ('7316', '7,316')
        """
        return _grouped(_trim(_dec(value), decimals), self.style)

    def year(self, value: Num) -> str:
        """A year or an id: never grouped (2021, not 2,021)."""
        return str(int(_dec(value)))

    def rounded(self, value: Num) -> str:
        """Rounded down for speaking, with the wording ("more than") left to the message.

        >>> Figures.for_lang("en").rounded(77109), Figures.for_lang("es").rounded(98907)
        ('77,000', '98,000')
        >>> Figures.for_lang("en").rounded(6358), Figures.for_lang("en").rounded(46)
        ('6,300', '46')
        """
        d = _dec(value)
        step = Decimal(1000) if d >= 10_000 else Decimal(100) if d >= 1000 else Decimal(1)
        return self.number((d / step).to_integral_value(rounding=ROUND_DOWN) * step)

    # -- percent, money ----------------------------------------------------------------
    def percent(self, fraction: Num) -> str:
        """A fraction as a percent (0.85 -> 85%); CLDR's pattern takes 85 as 8,500%.

        >>> Figures.for_lang("es", "gob-pe").percent(0.59), Figures.for_lang("en").percent(0.5)
        ('59\\xa0%', '50 percent')
        """
        figure = self.number(_dec(fraction) * 100, decimals=1)
        if self.percent_word:
            return f"{figure} percent"
        return f"{figure}\u00a0%" if self.style.percent_space else f"{figure}%"

    def money(self, value: Num, currency: str = "USD", spoken: bool = False) -> str:
        """An amount as a speaker says it, never "US$13,000,000.00".

        ``spoken`` gives the Spanish long form ("13 millones de dólares"); English reads
        its written form aloud as it is.

        >>> pe = Figures.for_lang("es")
        >>> pe.money(1_000_000, spoken=True), pe.money(1_000_000_000, spoken=True)
        ('1 millón de dólares', 'mil millones de dólares')
        >>> pe.money(54_000, spoken=True), Figures.for_lang("en").money(999_999_999)
        ('54,000 dólares', 'US$1 billion')
        >>> Figures.for_lang("es-ES").money(Decimal("118500000"))
        '118,5 millones de dólares'
        """
        amount, scale = self._scaled(_dec(value))
        if self._words:
            return self._money_words(amount, scale, currency, spoken)
        return self._money_en(amount, scale, currency)

    def _scaled(self, d: Decimal) -> tuple[Decimal, str]:
        """Split an amount into a figure and a scale word, rounding before choosing."""
        words = _SCALE.get(self.lang.catalog, {"billion": ()})
        steps = [(BILLION, "billion")] if "billion" in words else []
        steps.append((MILLION, "million"))
        for size, word in steps:
            amount = _trim(d / size, 2)
            if amount >= 1:
                if not self._es and word == "million" and amount >= 1000:
                    return _trim(amount / 1000, 2), "billion"
                return amount, word
        return _trim(d, 2), ""

    def _money_en(self, amount: Decimal, scale: str, currency: str) -> str:
        symbol = _CURRENCY.get(currency, {}).get("symbol") or self._babel_symbol(currency)
        tail = f" {scale}" if scale else ""
        return f"{symbol}{self.number(amount)}{tail}"

    def _money_words(self, amount: Decimal, scale: str, currency: str, spoken: bool) -> str:
        if scale == "million" and amount == 1000 and self._es:
            figure, de = "mil millones", " de"
        elif scale:
            one, many = _SCALE[self.lang.catalog][scale]
            single = amount < 2 if self.lang.catalog in _SINGULAR_BELOW_TWO else amount == 1
            figure, de = f"{self.number(amount)} {one if single else many}", " de"
        else:
            figure, de = self.number(amount), ""
        prefix = self.lang.currency_prefix
        if currency == "USD" and prefix and not spoken:
            return f"{prefix}{figure}"
        if currency == "PEN" and not spoken and self._es:
            return f"S/ {figure}"
        return f"{figure}{de} {self._currency_name(currency, amount == 1 and not scale)}"

    def _currency_name(self, currency: str, one: bool) -> str:
        """ "dólares"; a currency of the locale's own country by its short name ("pesos"
        in Colombia), any other by CLDR's full name ("pesos colombianos").

        >>> co = Figures.for_lang("es-CO")
        >>> co.money(13_000_000, "COP"), Figures.for_lang("es").money(13_000_000, "COP")
        ('13 millones de pesos', '13 millones de pesos colombianos')
        """
        words = _CURRENCY.get(currency, {}).get(self.lang.catalog)
        if words:
            return words[0] if one else words[1]
        from babel.numbers import get_currency_name, get_territory_currencies

        name = str(get_currency_name(currency, 1 if one else 2, locale=self.lang.babel))
        territory = self.lang.babel.partition("_")[2]
        own = territory.isalpha() and currency in get_territory_currencies(territory)[:1]
        return (name.split()[0] if own else name).lower()

    def _babel_symbol(self, currency: str) -> str:
        from babel.numbers import get_currency_symbol

        return str(get_currency_symbol(currency, locale=self.lang.babel))

    # -- what a document may write for a fact --------------------------------------------
    def forms(
        self, value: Num, kind: str, qualifier: str = "exact", currency: str | None = None
    ) -> set[str]:
        """Every way a document in this language may write a fact's figure.

        The one place that says which renderings keep a claim true: today the written
        forms (money also in its spoken form); a speech form such as "more than 77,000"
        for an exact 77,109 is added here, with its qualifier in the text.

        >>> sorted(Figures.for_lang("es").forms(13_000_000, "money", currency="USD"))
        ['13 millones de dólares', 'US$ 13 millones']
        >>> en = Figures.for_lang("en")
        >>> en.forms(0.85, "percent"), en.forms(2021, "year")
        ({'85 percent'}, {'2021'})
        """
        if kind == "money":
            code = currency or "USD"
            return {self.money(value, code), self.money(value, code, spoken=True)}
        if kind == "percent":
            return {self.percent(value)}
        if kind == "year":
            return {self.year(value)}
        return {self.number(value)}

    # -- dates and periods -------------------------------------------------------------
    def date(self, value: dt.date) -> str:
        """A full date: "November 29, 2022", "29 de noviembre de 2022"."""
        from babel.dates import format_date

        return str(format_date(value, format="long", locale=self.lang.babel))

    def month(self, value: dt.date) -> str:
        """Month and year: "November 2022", "noviembre de 2022"."""
        from babel.dates import format_skeleton

        return str(format_skeleton("yMMMM", value, locale=self.lang.babel))

    def fiscal_year(self, year: Num) -> str:
        """ "fiscal year 2021" / "año fiscal 2021"."""
        return _FISCAL.get(self.lang.catalog, _FISCAL["en"]).format(year=self.year(year))

    def period(self, period: Any) -> str:
        """The phrase for a fact's period: "in fiscal year 2021", "desde 2013", "a la fecha".

        >>> from shim.workspace.facts import Period
        >>> Figures.for_lang("es").period(Period(text="FY2021"))
        'en el año fiscal 2021'
        >>> Figures.for_lang("en").period(Period(text="2011-2021"))
        'between 2011 and 2021'
        """
        parts = period.parts
        key = (
            "fy"
            if parts["fy"]
            else "year"
            if parts["year"]
            else "range"
            if parts["start"]
            else "since"
            if parts["since"]
            else "todate"
        )
        table = _PERIOD.get(self.lang.catalog, _PERIOD["en"])
        return table[key].format(**{k: v for k, v in parts.items() if v})

    def period_label(self, period: Any) -> str:
        """A one-year period as a chart writes it under its bar.

        Peru's budget law abbreviates "Año Fiscal" as "AF".

        >>> from shim.workspace.facts import Period
        >>> en, pe = Figures.for_lang("en"), Figures.for_lang("es")
        >>> en.period_label(Period(text="FY2021")), pe.period_label(Period(text="FY2021"))
        ('FY2021', 'AF 2021')
        >>> pe.period_label(Period(text="2011"))
        '2011'
        """
        parts = period.parts
        if parts["fy"]:
            return f"AF {parts['year']}" if self._es else f"FY{parts['year']}"
        return str(parts["year"] or period.text)
