"""Figures as each locale writes and says them: one row per expected string."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shim.language.figures import Figures
from shim.workspace.facts import Period

NB = "\u00a0"

CASES = [
    # (lang, style, method, args, kwargs, expected)
    ("en", None, "number", (77109,), {}, "77,109"),
    ("es", None, "number", (77109,), {}, "77,109"),
    ("es-419", None, "number", (77109,), {}, "77,109"),
    ("es-MX", None, "number", (77109,), {}, "77,109"),
    ("es-ES", None, "number", (77109,), {}, f"77{NB}109"),
    ("es-ES", None, "number", (7109,), {}, "7109"),
    ("es", "gob-pe", "number", (77109,), {}, f"77{NB}109"),
    ("es", "gob-pe", "number", (7316,), {}, "7316"),
    ("es", "statistical", "number", (Decimal("118.5"),), {}, "118,5"),
    ("es", None, "number", (Decimal("118.5"),), {}, "118.5"),
    ("en", None, "number", (98907,), {}, "98,907"),
    ("es", None, "number", (98907,), {}, "98,907"),
    ("en", None, "rounded", (77109,), {}, "77,000"),
    ("es", None, "rounded", (77109,), {}, "77,000"),
    ("es-ES", None, "rounded", (77109,), {}, f"77{NB}000"),
    ("en", None, "money", (13_000_000,), {}, "US$13 million"),
    ("es", None, "money", (13_000_000,), {}, "US$ 13 millones"),
    ("es", None, "money", (13_000_000,), {"spoken": True}, "13 millones de dólares"),
    ("es", None, "money", (118_500_000,), {}, "US$ 118.5 millones"),
    ("es", None, "money", (118_500_000,), {"spoken": True}, "118.5 millones de dólares"),
    ("es-ES", None, "money", (118_500_000,), {}, "118,5 millones de dólares"),
    ("es-419", None, "money", (13_000_000,), {}, "US$13 millones"),
    ("es-MX", None, "money", (35_500_000,), {"spoken": True}, "35.5 millones de dólares"),
    ("en", None, "money", (1_200_000_000,), {}, "US$1.2 billion"),
    ("es", None, "money", (1_200_000_000,), {"spoken": True}, "1,200 millones de dólares"),
    ("es-ES", None, "money", (1_200_000_000,), {}, "1200 millones de dólares"),
    ("es", None, "money", (1_000_000_000,), {"spoken": True}, "mil millones de dólares"),
    ("es", None, "money", (1_000_000,), {"spoken": True}, "1 millón de dólares"),
    ("es", None, "money", (1_000_000,), {}, "US$ 1 millón"),
    ("en", None, "money", (999_999,), {}, "US$1 million"),
    ("en", None, "money", (999_999_999,), {}, "US$1 billion"),
    ("en", None, "money", (54_000,), {}, "US$54,000"),
    ("es", None, "money", (54_000,), {"spoken": True}, "54,000 dólares"),
    ("es", None, "money", (35_000_000,), {"currency": "PEN"}, "S/ 35 millones"),
    (
        "es",
        None,
        "money",
        (35_000_000,),
        {"currency": "PEN", "spoken": True},
        "35 millones de soles",
    ),
    ("en", None, "percent", (Decimal("0.85"),), {}, "85 percent"),
    ("es", None, "percent", (Decimal("0.85"),), {}, "85%"),
    ("es-ES", None, "percent", (Decimal("0.85"),), {}, f"85{NB}%"),
    ("es", "gob-pe", "percent", (Decimal("0.59"),), {}, f"59{NB}%"),
    ("es-419", None, "percent", (Decimal("0.59"),), {}, "59%"),
    ("en", None, "year", (2021,), {}, "2021"),
    ("es-ES", None, "year", (2021,), {}, "2021"),
    ("en", None, "date", (dt.date(2022, 11, 29),), {}, "November 29, 2022"),
    ("es", None, "date", (dt.date(2022, 11, 29),), {}, "29 de noviembre de 2022"),
    ("es", None, "date", (dt.date(2022, 9, 1),), {}, "1 de setiembre de 2022"),
    ("es-MX", None, "date", (dt.date(2022, 9, 1),), {}, "1 de septiembre de 2022"),
    ("en", None, "month", (dt.date(2022, 11, 29),), {}, "November 2022"),
    ("es", None, "month", (dt.date(2022, 11, 29),), {}, "noviembre de 2022"),
    ("en", None, "fiscal_year", (2021,), {}, "fiscal year 2021"),
    ("es", None, "fiscal_year", (2021,), {}, "año fiscal 2021"),
    ("en", None, "period", (Period(text="FY2021"),), {}, "in fiscal year 2021"),
    ("es", None, "period", (Period(text="FY2021"),), {}, "en el año fiscal 2021"),
    ("es", None, "period", (Period(text="since 2013"),), {}, "desde 2013"),
    ("es", None, "period", (Period(text="to date"),), {}, "a la fecha"),
    ("en", None, "period", (Period(text="2011-2021"),), {}, "between 2011 and 2021"),
]


@pytest.mark.parametrize(
    ("lang", "style", "method", "args", "kwargs", "expected"),
    CASES,
    ids=[f"{c[0]}-{c[1] or 'default'}-{c[2]}-{c[5]}" for c in CASES],
)
def test_expected_string(
    lang: str,
    style: str | None,
    method: str,
    args: tuple[object, ...],
    kwargs: dict[str, object],
    expected: str,
) -> None:
    figures = Figures.for_lang(lang, style)
    assert getattr(figures, method)(*args, **kwargs) == expected


def test_no_billon_anywhere_in_spanish() -> None:
    for lang in ("es", "es-419", "es-ES", "es-MX"):
        for value in (1_000_000_000, 1_200_000_000, 25_000_000_000):
            text = Figures.for_lang(lang).money(value, spoken=True)
            assert "billón" not in text and "billones" not in text, text


def test_percent_without_word_in_english_when_house_style_says_so() -> None:
    assert Figures.for_lang("en", percent_word=False).percent(Decimal("0.85")) == "85%"
