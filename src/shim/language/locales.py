"""Languages shim writes, and the number styles each may use.

A :class:`Lang` ties a ``--lang`` code to its Babel locale, the tag Word uses for
spell-checking and the gettext catalog. A :class:`NumberStyle` fixes separators and
the percent form for a whole document, so styles never mix within one.
"""

import msgspec

from shim.cache import cached, key_of

NBSP = "\u00a0"  # groups digits ("77 109") without letting a line break split a figure


class NumberStyle(msgspec.Struct, frozen=True):
    name: str
    group: str  # thousands separator
    decimal: str
    min_grouping: int  # 1: "7,109"; 2: "7109" but "77 109" (RAE, CLDR es-ES)
    percent_space: bool  # "85 %" (RAE, OLE 2010) or "85%"
    description: str


class Lang(msgspec.Struct, frozen=True):
    code: str  # what --lang takes
    babel: str  # Babel/CLDR locale id
    word: str  # BCP 47 tag for w:lang
    catalog: str  # gettext catalog folder under locales/
    name: str
    default_style: str
    currency_prefix: str  # written money: "US$13 million", "US$ 13 millones"

    @property
    def spanish(self) -> bool:
        return self.catalog == "es"


#: Named styles beyond ``cldr`` (which takes separators from Babel's data for the locale).
STYLES: dict[str, NumberStyle] = {
    s.name: s
    for s in (
        NumberStyle(
            "gob-pe", NBSP, ".", 2, True, "gob.pe/DEVIDA notes: 77 109 · 7316 · 118.5 · 85 %"
        ),
        NumberStyle(
            "statistical", NBSP, ",", 2, True, "INEI, BCRP, legal texts: 77 109 · 118,5 · 85 %"
        ),
        NumberStyle("rae", NBSP, ",", 2, True, "RAE norm, Spain: 77 109 · 7109 · 118,5 · 85 %"),
    )
}
STYLE_NAMES = ("cldr", *STYLES)


def cldr_style(lang: Lang) -> NumberStyle:
    """The style CLDR gives ``lang``, read from Babel with an explicit locale.

    Babel ignores CLDR's minimum grouping digits (es-ES writes 7109, not 7.109), so the
    rule is applied here for the locales whose CLDR data sets it.

    >>> s = cldr_style(LANGS["es"]); (s.group, s.decimal, s.min_grouping, s.percent_space)
    (',', '.', 1, False)
    >>> s = cldr_style(LANGS["es-ES"]); (s.group, s.decimal, s.min_grouping, s.percent_space)
    ('.', ',', 2, True)
    """
    import babel

    # Loading a locale's CLDR data (and its parents') costs milliseconds; these few
    # values are kept in the user's cache, keyed by Babel's version.
    key = key_of("cldr-style", babel.__version__, lang.babel)
    return cached("cldr", key, NumberStyle, lambda: _cldr_style(lang))


def _cldr_style(lang: Lang) -> NumberStyle:
    from babel import Locale

    loc = Locale.parse(lang.babel)
    symbols = loc.number_symbols.get("latn", loc.number_symbols)
    pattern = loc.percent_formats[None].pattern
    return NumberStyle(
        "cldr",
        str(symbols["group"]),
        str(symbols["decimal"]),
        2 if lang.babel == "es_ES" else 1,
        "\u00a0%" in pattern or " %" in pattern,
        f"CLDR {lang.word}",
    )


def number_style(lang: Lang, name: str | None = None) -> NumberStyle:
    """The named style, or the language's default; ``cldr`` comes from Babel."""
    chosen = name or lang.default_style
    if chosen == "cldr":
        return cldr_style(lang)
    return STYLES[chosen]


LANGS: dict[str, Lang] = {
    lang.code: lang
    for lang in (
        Lang("en", "en_US", "en-US", "en", "English (United States)", "cldr", "US$"),
        Lang("es", "es_PE", "es-PE", "es", "Spanish (Peru)", "cldr", "US$ "),
        Lang("es-419", "es_419", "es-419", "es", "Spanish (Latin America)", "cldr", "US$"),
        Lang("es-ES", "es_ES", "es-ES", "es", "Spanish (Spain)", "rae", ""),
        Lang("es-MX", "es_MX", "es-MX", "es", "Spanish (Mexico)", "cldr", "US$"),
    )
}


def catalog_of(tag: str) -> str:
    """The catalog language of a ``--lang`` code or a BCP 47 tag: the one place that
    decides which catalog (and so which Spanish or English words) a document uses.

    >>> catalog_of("es-MX"), catalog_of("es-PE"), catalog_of("en-US"), catalog_of("es")
    ('es', 'es', 'en', 'es')
    """
    if tag in LANGS:
        return LANGS[tag].catalog
    return tag.replace("_", "-").split("-")[0]
