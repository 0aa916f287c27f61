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
('US$13\\xa0million', 'US$\\xa013\\xa0millones', '13\\xa0millones de dólares')
>>> en.money(1_200_000_000), pe.money(1_200_000_000, spoken=True), es.money(1_200_000_000)
('US$1.2\\xa0billion', '1,200\\xa0millones de dólares', '1200\\xa0millones de dólares')
>>> en.percent(0.85), pe.percent(0.85), es.percent(0.85)
('85\\xa0percent', '85%', '85\\xa0%')
>>> en.year(2021), es.year(2021)
('2021', '2021')
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from typing import Any

import msgspec

from shim.language.cldr import babel_date, grouped
from shim.language.locales import LANGS, NBSP, Lang, NumberStyle, number_style

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

# Periods. Spanish says a US fiscal year in full at its first mention ("año fiscal" alone
# is Peru's calendar year); a "to date" figure is dated by its source ("as of 2022").
_PERIOD = {
    "en": {
        "year": "in {year}",
        "fy": "in fiscal year {year}",
        "range": "between {start} and {end}",
        "since": "since {since}",
        "todate": "as of {asof}",
        "todate_open": "to date",
    },
    "es": {
        "year": "en {year}",
        "fy": "en el {fy} {year}",
        "fy_first": "en el {fy} {year} de los Estados Unidos, de {first} a {last}",
        "range": "entre {start} y {end}",
        "since": "desde {since}",
        "todate": "hasta {asof}",
        "todate_open": "a la fecha",
    },
    "pt": {
        "year": "em {year}",
        "fy": "no ano fiscal {year}",
        "range": "entre {start} e {end}",
        "since": "desde {since}",
        "todate": "até {asof}",
        "todate_open": "até o momento",
    },
}
# Speech: what a speaker says before a figure rounded down, or an exact one rounded up.
_MORE_THAN = {"en": "more than", "es": "más de", "pt": "mais de"}
_NEARLY = {"en": "nearly", "es": "casi", "pt": "quase"}


def _dec(value: Num) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _trim(value: Decimal, places: int) -> Decimal:
    """Round to at most ``places`` decimals and drop trailing zeros (13.50 -> 13.5)."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return q.normalize() if q != q.to_integral() else q.to_integral()


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
        return grouped(_trim(_dec(value), decimals), self.style)

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
        ('59\\xa0%', '50\\xa0percent')
        """
        figure = self.number(_dec(fraction) * 100, decimals=1)
        if self.percent_word:
            return f"{figure}{NBSP}percent"
        return f"{figure}\u00a0%" if self.style.percent_space else f"{figure}%"

    def money(self, value: Num, currency: str = "USD", spoken: bool = False) -> str:
        """An amount as a speaker says it, never "US$13,000,000.00".

        ``spoken`` gives the form a speaker reads: "13 millones de dólares", "$13 million"
        (no "US$" read aloud). A no-break space binds the figure to its scale word.

        >>> pe, en = Figures.for_lang("es"), Figures.for_lang("en")
        >>> pe.money(1_000_000, spoken=True), pe.money(1_000_000_000, spoken=True)
        ('1\\xa0millón de dólares', 'mil millones de dólares')
        >>> pe.money(54_000, spoken=True), en.money(999_999_999), en.money(13e6, spoken=True)
        ('54,000\\xa0dólares', 'US$1\\xa0billion', '$13\\xa0million')
        >>> Figures.for_lang("es-ES").money(Decimal("118500000"))
        '118,5\\xa0millones de dólares'
        """
        amount, scale = self._scaled(_dec(value))
        if self._words:
            return self._money_words(amount, scale, currency, spoken)
        return self._money_en(amount, scale, currency, spoken)

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

    def _money_en(self, amount: Decimal, scale: str, currency: str, spoken: bool) -> str:
        symbol = _CURRENCY.get(currency, {}).get("symbol") or self._babel_symbol(currency)
        if spoken and symbol == "US$":
            symbol = "$"  # a speaker says "thirteen million dollars", never "U-S-dollar"
        tail = f"{NBSP}{scale}" if scale else ""
        return f"{symbol}{self.number(amount)}{tail}"

    def _money_words(self, amount: Decimal, scale: str, currency: str, spoken: bool) -> str:
        if scale == "million" and amount == 1000 and self._es:
            figure, de = "mil millones", " de"
        elif scale:
            one, many = _SCALE[self.lang.catalog][scale]
            single = amount < 2 if self.lang.catalog in _SINGULAR_BELOW_TWO else amount == 1
            figure, de = f"{self.number(amount)}{NBSP}{one if single else many}", " de"
        else:
            figure, de = self.number(amount), ""
        prefix = self.lang.currency_prefix
        if currency == "USD" and prefix and not spoken:
            return f"{prefix.replace(' ', NBSP)}{figure}"
        if currency == "PEN" and not spoken and self._es:
            return f"S/{NBSP}{figure}"
        name = self._currency_name(currency, amount == 1 and not scale)
        return f"{figure}{de}{' ' if de else NBSP}{name}"

    def _currency_name(self, currency: str, one: bool) -> str:
        """ "dólares"; a currency of the locale's own country by its short name ("pesos"
        in Colombia), any other by CLDR's full name ("pesos colombianos").

        >>> co = Figures.for_lang("es-CO")
        >>> co.money(13_000_000, "COP"), Figures.for_lang("es").money(13_000_000, "COP")
        ('13\\xa0millones de pesos', '13\\xa0millones de pesos colombianos')
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

        The one place that says which renderings keep a claim true: the written forms,
        money also as said, and the speech forms of :meth:`said` ("more than 77,000" for an
        exact 77,109, with its qualifier in the text; "nearly 78,000" only for an exact one).

        >>> sorted(Figures.for_lang("es").forms(13_000_000, "money", currency="USD"))
        ['13\xa0millones de dólares', 'US$\xa013\xa0millones']
        >>> en = Figures.for_lang("en")
        >>> en.forms(0.85, "percent"), en.forms(2021, "year")
        ({'85\xa0percent'}, {'2021'})
        >>> sorted(Figures.for_lang("es").forms(98907, "area", "more_than"))
        ['98,907', 'más de 98\xa0mil']
        """
        code = currency or "USD"
        written = {"percent": self.percent, "year": self.year}.get(kind, self.number)
        found = {self.said(value, kind, qualifier, code)}
        found.add(self.money(value, code) if kind == "money" else written(value))
        if qualifier == "exact" and kind not in {"percent", "year"}:
            found.add(self.said(value, kind, qualifier, code, nearly=True))
        return found

    # -- speech ------------------------------------------------------------------------
    def said(
        self,
        value: Num,
        kind: str = "count",
        qualifier: str = "exact",
        currency: str = "USD",
        nearly: bool = False,
    ) -> str:
        """A figure as a speaker says it, still true: rounded down under "more than".

        Never rounded up, except an exact figure said with "nearly" (``nearly=True``).

        >>> en, pe, es = Figures.for_lang("en"), Figures.for_lang("es"), Figures.for_lang("es-ES")
        >>> en.said(98907, "area", "more_than"), pe.said(98907, "area", "more_than")
        ('more than 98,000', 'más de 98\xa0mil')
        >>> es.said(98907, "area", "more_than"), en.said(22), en.said(98907, nearly=True)
        ('más de 98\xa0000', '22', 'nearly 99,000')
        >>> en.said(36_500_000, "money", "more_than"), pe.said(118_500_000, "money")
        ('more than $36.5\xa0million', '118.5\xa0millones de dólares')
        """
        d = _dec(value)
        if kind == "percent":
            return self.percent(d)
        if kind == "year":
            return self.year(d)
        down, up = self._speech_round(d, kind)
        key = self.lang.catalog if self.lang.catalog in _MORE_THAN else "en"
        if nearly and qualifier == "exact" and up > d:
            return f"{_NEARLY[key]} {self._speech_figure(up, kind, currency)}"
        words = qualifier == "more_than" or down < d
        figure = self._speech_figure(down, kind, currency)
        return f"{_MORE_THAN[key]} {figure}" if words else figure

    def _speech_round(self, d: Decimal, kind: str) -> tuple[Decimal, Decimal]:
        """The nearest speakable figures below and above ``d``."""
        step = Decimal(1000) if d >= 10_000 else Decimal(100) if d >= 1000 else Decimal(1)
        if kind == "money":
            step = Decimal("100000") if d >= MILLION else Decimal(1000)
        down = (d / step).to_integral_value(rounding=ROUND_DOWN) * step
        return down, down if down == d else down + step

    def _speech_figure(self, d: Decimal, kind: str, currency: str) -> str:
        if kind == "money":
            return self.money(d, currency, spoken=True)
        if self._es and d >= 10_000 and d % 1000 == 0 and self.style.name != "rae":
            return f"{self.number(d / 1000)}{NBSP}mil"  # "98 mil", as DEVIDA and Andina say
        return self.number(d)

    # -- dates and periods -------------------------------------------------------------
    def date(self, value: dt.date) -> str:
        """A full date: "November 29, 2022", "29 de noviembre de 2022"."""
        return babel_date(value, "long", self.lang.babel)

    def month(self, value: dt.date) -> str:
        """Month and year: "November 2022", "noviembre de 2022"."""
        return babel_date(value, "yMMMM", self.lang.babel)

    def fiscal_year(self, year: Num) -> str:
        """ "fiscal year 2021" / "año fiscal 2021"."""
        return _FISCAL.get(self.lang.catalog, _FISCAL["en"]).format(year=self.year(year))

    def period(self, period: Any, as_of: dt.date | None = None, first: bool = False) -> str:
        """The phrase for a fact's period: "in fiscal year 2021", "desde 2013", "as of 2022".

        ``first`` gives the full form said at a period's first mention in a document.

        >>> from shim.workspace.facts import Period
        >>> fy, es = Period(text="FY2021"), Figures.for_lang("es")
        >>> es.period(fy, first=True)
        'en el año fiscal 2021 de los Estados Unidos, de octubre de 2020 a setiembre de 2021'
        >>> es.period(fy), Figures.for_lang("es-ES").period(fy)
        ('en el año fiscal 2021', 'en el ejercicio fiscal 2021')
        >>> Figures.for_lang("en").period(Period(text="to date"), dt.date(2022, 11, 29))
        'as of 2022'
        """
        parts = {k: v for k, v in period.parts.items() if v}
        key = next(k for k in ("fy", "year", "start", "since", "todate") if k in parts)
        key = {"start": "range"}.get(key, key)
        table = _PERIOD.get(self.lang.catalog, _PERIOD["en"])
        if key == "todate" and as_of is None:
            key = "todate_open"
        if key == "fy" and "fy_first" in table:
            fiscal = "ejercicio fiscal" if self.lang.code == "es-ES" else "año fiscal"
            year = int(parts["year"])
            parts |= {
                "fy": fiscal,
                "first": self.month(dt.date(year - 1, 10, 1)),
                "last": self.month(dt.date(year, 9, 1)),
            }
            key = "fy_first" if first else key
        return table[key].format(asof=as_of.year if as_of else "", **parts)

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
