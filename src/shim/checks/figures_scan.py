"""Figures in English and Spanish text, found in one linear pass, with their qualifiers.

What a language writes ("more than", "casi", "millones", "US$", "por ciento", month
names, words to flag) is data in ``shim/checks/lang/<code>.toml``, shipped in the
package; this module holds no word lists, so a new language adds a file, not a branch.
``scan`` turns text into :class:`Figure` values:

>>> [(f.kind, f.value, f.qualifier) for f in scan("More than 98,907 families", "en", ".")]
[('number', Decimal('98907'), 'more_than')]
>>> [(f.value, f.text) for f in scan("US$ 13 millones y 13 millones de dólares", "es", ".")]
[(Decimal('13000000'), 'US$ 13 millones'), (Decimal('13000000'), '13 millones de dólares')]
>>> [f.value for f in scan("77 109 familias, 118,5 ha y el 85 %", "es-ES", ",")]
[Decimal('77109'), Decimal('118.5'), Decimal('0.85')]
>>> scan("In 2021 and on 3 de diciembre de 2026", "es", ".")
[]

Linear time: one compiled pattern per (language, decimal sign) is run once with
``finditer``. Its only unbounded repetitions are possessive (``\\d++``, ``(...)*+``), so
the engine never backtracks into them; every other repetition is bounded, and each match
is then read in constant Python time (a figure longer than ``MAX_DIGITS`` is skipped
before its digits are converted). ``bench/figures.py`` measures it.

Percentages are fractions (85 % -> 0.85), as shim's fact base stores them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from shim.cache import cached, key_of

LANG_DIR = Path(__file__).with_name("lang")
MAX_DIGITS = 40  # no real figure has more; longer digit runs are not read as figures
_WS = r"\s{1,3}"  # a space in a phrase; bounded so that no match can run on
_SPACES = "\u00a0\u202f "  # may group digits (only between 3-digit groups)


class Figure(NamedTuple):
    kind: str  # "number", "money" or "percent"
    value: Decimal  # scale applied ("13 millones" -> 13000000); percent as a fraction
    qualifier: str | None  # "more_than", "nearly", "up_to", "about" or None
    text: str  # as written, qualifier included: "más de US$ 13 millones"
    start: int  # offsets of ``text`` in the scanned string
    end: int
    number: Decimal = Decimal(0)  # the digits as written, before the scale: 24.7
    scale: int = 1  # the scale word's multiplier: 10**12 for "billones"
    currency: str | None = None  # "USD", "PEN"

    def __str__(self) -> str:
        return f"“{self.text}”"


class Lang(msgspec.Struct, frozen=True):
    code: str
    qualifiers: dict[str, str]  # phrase (lower case) -> canonical qualifier
    articles: tuple[str, ...]
    count_qualifiers: frozenset[str]
    percent: tuple[str, ...]
    scales: dict[str, int]
    standalone: dict[str, int]
    prefix: dict[str, str]  # currency symbol -> ISO code
    suffix: dict[str, str]
    connectors: tuple[str, ...]
    months: tuple[str, ...]
    months_case_sensitive: bool
    date_patterns: tuple[str, ...]
    citations: tuple[str, ...]
    flags: tuple[dict[str, Any], ...]
    default_decimal: str


def norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@cache
def load_lang(code: str) -> Lang:
    """``lang/es-ES.toml`` if there is one, else ``lang/es.toml``; KeyError if neither."""
    for name in (code, code.split("-")[0]):
        path = LANG_DIR / f"{name}.toml"
        if path.is_file():
            break
    else:
        raise KeyError(f"no language file for {code!r} in {LANG_DIR}")
    raw = path.read_bytes()
    # Read from the user's cache by content: a render needs no TOML parser.
    return cached("scanlang", key_of(code, raw), Lang, partial(_parse_lang, code, raw))


def _parse_lang(code: str, raw: bytes) -> Lang:
    import tomllib

    d = tomllib.loads(raw.decode("utf-8"))
    fig, cur, dates = d.get("figures", {}), d.get("currency", {}), d.get("dates", {})
    quals = {norm(p): q for q, phrases in d.get("qualifiers", {}).items() for p in phrases}
    return Lang(
        code=code,
        qualifiers=quals,
        articles=tuple(fig.get("articles", [])),
        count_qualifiers=frozenset(fig.get("count_qualifiers", [])),
        percent=tuple(fig.get("percent", ["%"])),
        scales={norm(k): int(v) for k, v in d.get("scales", {}).items()},
        standalone={norm(k): int(v) for k, v in d.get("standalone", {}).items()},
        prefix={k.lower(): v for k, v in cur.get("prefix", {}).items()},
        suffix={norm(k): v for k, v in cur.get("suffix", {}).items()},
        connectors=tuple(cur.get("connectors", [])),
        months=tuple(dates.get("months", [])),
        months_case_sensitive=bool(dates.get("months_case_sensitive", False)),
        date_patterns=tuple(dates.get("patterns", [])),
        citations=tuple(d.get("citations", {}).get("words", [])),
        flags=tuple(d.get("flags", [])),
        default_decimal=d.get("default_decimal", "."),
    )


def alt(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first; spaces match 1-3 spaces."""
    out = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(_WS.join(re.escape(w) for w in p.split()) for p in out) or "(?!)"


def _first(phrases: Iterable[str]) -> str:
    """A lookahead for the first letters of ``phrases``: fails fast anywhere else."""
    chars = {c for p in phrases if p for c in (p[0].lower(), p[0].upper())}
    return "(?=[" + re.escape("".join(sorted(chars))) + "])" if chars else "(?!)"


def _lit(text: str) -> str:
    """A literal piece of a template; each space matches 1-3 whitespace characters."""
    return _WS.join(re.escape(w) for w in text.split(" "))


def _word(phrases: Iterable[str]) -> str:
    """Phrases as whole words: no letter or digit may touch a phrase's word ends."""
    return rf"(?<!\w)(?:{alt(phrases)})(?!\w)"


@cache
def _pattern(code: str, decimal: str) -> re.Pattern[str]:
    if decimal not in (".", ","):
        raise ValueError(f"decimal sign must be '.' or ',', not {decimal!r}")
    lang = load_lang(code)
    group = re.escape("," if decimal == "." else ".") + _SPACES
    dec = re.escape(decimal)
    # A grouped number needs a lead of 1-3 digits, then groups of exactly 3 with one
    # and the same separator; anything else is a plain run of digits. A separator
    # followed by digits after that (1,1,1 / 1.2.3 / 1234,567) makes the whole run
    # "tail": unreadable, not a figure. All unbounded parts are possessive.
    num = (
        rf"(?P<num>(?:\d{{1,3}}(?P<g>[{group}])\d{{3}}(?!\d)(?:(?P=g)\d{{3}}(?!\d))*+"
        rf"|\d++)(?:{dec}\d++)?+)(?P<tail>(?:[.,]\d++)++)?+"
    )
    months = alt(lang.months)
    months = f"(?-i:{months})" if lang.months_case_sensitive else f"(?:{months})"
    slots = {
        "month": months,
        "day": r"\d{1,2}",
        "year": r"\d{4}",
        "time": r"\d{1,2}:\d{2}(?:\s?[ap]\.?\s?m\.?)?",
    }
    dates = []
    for pat in sorted(lang.date_patterns, key=len, reverse=True):
        parts = re.split(r"(\{\w+\})", pat)
        dates.append("".join(slots[p[1:-1]] if p.startswith("{") else _lit(p) for p in parts))
    date_first = _first([*lang.months, *"0123456789"])
    date = rf"(?P<date>{date_first}(?<![\w.,])(?:{'|'.join(dates) or '(?!)'})(?![\w]))"
    cite = (
        rf"(?P<cite>{_first(lang.citations)}(?<!\w)(?:{alt(lang.citations)})"
        rf"{_WS}\d++(?:[-–]\d++)?+)"
    )
    arts = rf"(?:(?:{alt(lang.articles)}){_WS})?" if lang.articles else ""
    qual = rf"(?:{_first(lang.qualifiers)}(?<!\w)(?P<qual>{alt(lang.qualifiers)}){_WS}{arts})?"
    prefix = rf"{_first(lang.prefix)}(?<![^\W\d_])(?P<pre>{alt(lang.prefix)})[{_SPACES}]?"
    alone = rf"(?P<alone>{_first(lang.standalone)}(?<!\w){alt(lang.standalone)}(?!\w))"
    pct_words = [p for p in lang.percent if p != "%"]
    pct = rf"(?P<pct>[{_SPACES}]?%|{_WS}{_first(pct_words)}{_word(pct_words)})"
    conn = rf"(?:(?:{alt(lang.connectors)}){_WS})?" if lang.connectors else ""
    scale = rf"(?:{_WS}{_first(lang.scales)}(?P<scale>{alt(lang.scales)})(?!\w))?"
    suffix = rf"(?:{_WS}{conn}{_first(lang.suffix)}(?P<cur>{alt(lang.suffix)})(?!\w))?"
    # A figure's digits never follow a letter+hyphen ("COVID-19"), a "/" or a digit.
    lead = r"(?<![\w/])(?<![^\W\d_]-)"
    # "hasta el 29 de noviembre": a day, not a figure
    after_day = {
        _lit(p.split("{day}", 1)[1].split("{month}")[0])
        for p in lang.date_patterns
        if p.startswith("{day}") and "{month}" in p
    }
    after = "|".join(sorted(after_day, key=len, reverse=True))
    not_day = f"(?!(?:{after}){_first(lang.months)}{months})"
    not_day = not_day if after_day else ""
    fig = (
        rf"(?P<fig>{qual}(?:{prefix}|{lead})(?:{num}{not_day}(?!:\d)|{alone})"
        rf"(?:{pct}|{scale}{suffix}))"
    )
    # Most positions cannot start anything: one character-class test rejects them.
    first = {"0123456789"}
    for phrases in (lang.months, lang.citations, lang.qualifiers, lang.prefix, lang.standalone):
        first |= {p[0].lower() + p[0].upper() for p in phrases if p}
    guard = "(?=[" + re.escape("".join(sorted(set("".join(first))))) + "])"
    # Nothing starts right after a letter: inside words, one lookbehind rejects.
    return re.compile(f"{guard}(?<![^\\W\\d_])(?:{cite}|{fig}|{date})", re.IGNORECASE)


class Scan(msgspec.Struct, frozen=True):
    figures: list[Figure]
    years: list[Figure]  # bare 1900-2100 numbers: not figures, but counterparts in compare
    unreadable: list[tuple[int, int, str]]  # "1.5" in a decimal-comma text, "1,1,1"


def scan(text: str, lang: str, decimal: str) -> list[Figure]:
    """Every figure in ``text``, left to right; dates, years and citations are not figures.

    ``decimal`` is the document's decimal sign; the other of "," and "." groups
    thousands, as do U+00A0, U+202F and a plain space between 3-digit groups.
    """
    return scan_all(text, lang, decimal).figures


def scan_all(text: str, code: str, decimal: str) -> Scan:
    lang = load_lang(code)
    pattern = _pattern(code, decimal)
    figures: list[Figure] = []
    years: list[Figure] = []
    bad: list[tuple[int, int, str]] = []
    n = len(text)
    quals, scales, standalone = lang.qualifiers, lang.scales, lang.standalone
    prefixes, suffixes, counts = lang.prefix, lang.suffix, lang.count_qualifiers
    dec_cache: dict[str, Decimal] = {}
    hundred = Decimal(100)
    for m in pattern.finditer(text):
        fig, tail, num, g, qual, pre, cur, scale_word, pct, alone = m.group(
            "fig", "tail", "num", "g", "qual", "pre", "cur", "scale", "pct", "alone"
        )
        if fig is None:
            continue  # a date or a citation
        start, end = m.span()
        if end < n and (text[end].isalnum() or text[end] == "_"):
            continue  # "10km", "2nd": glued to a word, not a figure
        if tail is not None:
            s = m.start("num")
            bad.append((s, m.end("tail"), text[s : m.end("tail")]))
            continue
        if num is not None:
            if len(num) > MAX_DIGITS:
                continue
            digits = num.replace(g, "") if g else num
            if decimal == ",":
                digits = digits.replace(",", ".")
            number = dec_cache.get(digits)
            if number is None:
                number = dec_cache[digits] = Decimal(digits)
            scale = scales[norm(scale_word)] if scale_word else 1
        else:
            number, scale = Decimal(1), standalone[norm(alone or "")]
        qualifier = quals[norm(qual)] if qual else None
        currency = prefixes[pre.lower()] if pre else suffixes[norm(cur)] if cur else None
        if pct is not None:
            kind, value = "percent", _clean(number / hundred)
        elif scale != 1:
            kind, value = ("money" if currency else "number"), _clean(number * scale)
        else:
            kind, value = ("money" if currency else "number"), number
            if (
                currency is None
                and num is not None
                and len(num) == 4
                and num.isdigit()
                and 1900 <= int(num) <= 2100
                and qualifier not in counts
            ):
                years.append(Figure("year", value, qualifier, text[start:end], start, end, number))
                continue
        figures.append(
            Figure(kind, value, qualifier, text[start:end], start, end, number, scale, currency)
        )
    return Scan(figures, years, bad)


def _clean(d: Decimal) -> Decimal:
    """13E+6 -> 13000000, 0.850 -> 0.85: one form per value, so equal values compare equal."""
    d = d.normalize()
    return d.quantize(_ONE) if d == d.to_integral_value() else d


_ONE = Decimal(1)


def preview(text: str, words: int = 5) -> str:
    """The first words of a paragraph: "In 2021 alone, USAID helped…"."""
    parts = text.split(maxsplit=words)
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]) + "…"


@lru_cache(maxsize=16)  # is_citation runs on every paragraph of every render
def _cite_tail(code: str) -> re.Pattern[str]:
    lang = load_lang(code)
    # "para. 8." or, in a sources list, "paras. 8, 9, and 11." / "párrs. 8, 9 y 11."
    items = rf"\d+(?:(?:,|{_WS}y|,?{_WS}and){_WS}\d+)*"
    return re.compile(rf"(?<!\w)(?:{alt(lang.citations)}){_WS}{items}\.?\s*$", re.I)


def is_citation(text: str, lang: str) -> bool:
    """A source line ends "…, para. 8." / "…, párr. 8."; compare skips such paragraphs."""
    tail = text[-40:]
    # Only a tail ending in a digit (then maybe a full stop) can be one: most paragraphs
    # are told apart without the language's citation words.
    if not tail.rstrip().removesuffix(".")[-1:].isdecimal():
        return False
    return bool(_cite_tail(lang).search(tail))
