"""Languages shim writes, and the number styles each may use.

A :class:`Lang` ties a ``--lang`` code to its Babel locale, the tag Word uses for
spell-checking and the gettext catalog. A :class:`NumberStyle` fixes separators and
the percent form for a whole document, so styles never mix within one.
"""

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

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
    default_style: str
    currency_prefix: str  # written money: "US$13 million", "US$ 13 millones"

    @property
    def name(self) -> str:
        """The English name ("Spanish (Peru)"): read from CLDR only when asked, since it
        loads the English locale data that a render does not otherwise need."""
        return _english_name(self.babel)

    @property
    def spanish(self) -> bool:
        return self.catalog == "es"

    @property
    def chain(self) -> tuple[str, ...]:
        """gettext's fallback chain of catalog folders: ``es_CO`` then ``es``; never English."""
        region = self.babel.split("_")[1] if "_" in self.babel else ""
        variant = f"{self.catalog}_{region}"
        home = HOUSE.get(self.catalog, ("",))[0]  # "es" is Peru's: no es_PE folder needed
        return (self.catalog,) if not region or self.babel == home else (variant, self.catalog)


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


_VERSION = re.compile(r"""^__version__ = ['"]([^'"]+)['"]""", re.MULTILINE)


@lru_cache(maxsize=1)
def babel_version() -> str:
    """Babel's version, read from its ``__init__.py`` without importing it (importing
    Babel's core costs a cold render a few ms; the kept answers are keyed by this)."""
    from importlib.util import find_spec

    spec = find_spec("babel")
    if spec is not None and spec.origin is not None:
        with open(spec.origin, encoding="utf-8") as fh:
            found = _VERSION.search(fh.read())
        if found:
            return found.group(1)
    import babel  # an unusual install: ask the module itself

    return str(babel.__version__)


@lru_cache(maxsize=64)
def cldr_style(lang: Lang) -> NumberStyle:
    """The style CLDR gives ``lang``, read from Babel with an explicit locale.

    Babel ignores CLDR's minimum grouping digits (es-ES writes 7109, not 7.109), so the
    rule is applied here for the locales whose CLDR data sets it.

    >>> s = cldr_style(LANGS["es"]); (s.group, s.decimal, s.min_grouping, s.percent_space)
    (',', '.', 1, False)
    >>> s = cldr_style(LANGS["es-ES"]); (s.group, s.decimal, s.min_grouping, s.percent_space)
    ('.', ',', 2, True)
    """
    # Loading a locale's CLDR data (and its parents') costs milliseconds; these few
    # values are kept in the user's cache, keyed by Babel's version.
    key = key_of("cldr-style", babel_version(), lang.babel)
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


class Language(msgspec.Struct, frozen=True):
    """What shim needs of a language beyond Babel's data (per-language data, not code)."""

    catalog: str  # gettext catalog folder under locales/
    currency_prefix: str  # written US dollars: "US$13 million", "US$ 13 millones"


#: The languages shim writes. Any region of one that CLDR knows works (``es-CO``,
#: ``pt-BR``): its catalog falls back along gettext's chain (``es_CO``, then ``es``).
LANGUAGES: dict[str, Language] = {
    "en": Language("en", "US$"),
    "es": Language("es", "US$"),
    "pt": Language("pt", "US$ "),
}

#: Codes with house choices of their own: (Babel locale, Word tag, style, currency prefix).
HOUSE: dict[str, tuple[str, str, str, str]] = {
    "en": ("en_US", "en-US", "cldr", "US$"),
    "es": ("es_PE", "es-PE", "cldr", "US$ "),  # the default Spanish is Peru's
    "es-419": ("es_419", "es-419", "cldr", "US$"),
    "es-ES": ("es_ES", "es-ES", "rae", ""),
    "es-MX": ("es_MX", "es-MX", "cldr", "US$"),
}


class _Langs(Mapping[str, Lang]):
    """``--lang`` codes: the house ones, and any region of a known language Babel knows.

    >>> LANGS["es-CO"].babel, LANGS["es-CO"].catalog, LANGS["es-CO"].chain
    ('es_CO', 'es', ('es_CO', 'es'))
    >>> "es-XX" in LANGS, "fr-FR" in LANGS, list(LANGS)[:2]
    (False, False, ['en', 'es'])
    """

    def __getitem__(self, code: str) -> Lang:
        return _lang(code)

    def __iter__(self) -> Iterator[str]:
        return iter(HOUSE)

    def __len__(self) -> int:
        return len(HOUSE)

    def __contains__(self, code: object) -> bool:
        try:
            _lang(str(code))
        except KeyError:
            return False
        return True


@lru_cache(maxsize=256)
def _lang(code: str) -> Lang:
    if code in HOUSE:
        babel, word, style, prefix = HOUSE[code]
        base = code.split("-")[0]
        return Lang(code, babel, word, base, style, prefix)
    from babel import localedata

    base, _, region = code.partition("-")
    babel = f"{base}_{region}"
    if base not in LANGUAGES or not region or not localedata.exists(babel):
        raise KeyError(code)
    data = LANGUAGES[base]
    return Lang(code, babel, code, data.catalog, "cldr", data.currency_prefix)


@lru_cache(maxsize=64)
def _english_name(babel: str) -> str:
    from babel import Locale

    return str(Locale.parse(babel).english_name)


LANGS: Mapping[str, Lang] = _Langs()


def known_languages() -> str:
    """How an error names the languages shim writes."""
    regions = " or ".join(f"{b}-XX" for b in LANGUAGES if b != "en")
    return f"{', '.join(HOUSE)}, or any {regions} that CLDR knows (es-CO, pt-BR)"


def catalog_of(tag: str) -> str:
    """The catalog language of a ``--lang`` code or a BCP 47 tag: the one place that
    decides which catalog (and so which Spanish or English words) a document uses.

    >>> catalog_of("es-MX"), catalog_of("es-PE"), catalog_of("en-US"), catalog_of("es")
    ('es', 'es', 'en', 'es')
    """
    code = tag.replace("_", "-")
    if code in HOUSE:
        return _lang(code).catalog
    base = code.split("-")[0]  # any region uses its language's catalog: no CLDR lookup
    return LANGUAGES[base].catalog if base in LANGUAGES else base


def draft_label(tag: str) -> str:
    """The marker a draft carries in its header, in the document's language."""
    return "BORRADOR" if catalog_of(tag) == "es" else "DRAFT"
