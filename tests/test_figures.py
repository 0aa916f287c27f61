"""Figures as each locale writes and says them: one row per expected string."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shim.errors import TemplateError
from shim.language.figures import Figures
from shim.rendering.filters import FILTERS
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
    ("en", None, "money", (13_000_000,), {}, f"US$13{NB}million"),
    ("es", None, "money", (13_000_000,), {}, f"US${NB}13{NB}millones"),
    ("es", None, "money", (13_000_000,), {"spoken": True}, f"13{NB}millones de dólares"),
    ("es", None, "money", (118_500_000,), {}, f"US${NB}118.5{NB}millones"),
    ("es", None, "money", (118_500_000,), {"spoken": True}, f"118.5{NB}millones de dólares"),
    ("es-ES", None, "money", (118_500_000,), {}, f"118,5{NB}millones de dólares"),
    ("es-419", None, "money", (13_000_000,), {}, f"US$13{NB}millones"),
    ("es-MX", None, "money", (35_500_000,), {"spoken": True}, f"35.5{NB}millones de dólares"),
    ("en", None, "money", (1_200_000_000,), {}, f"US$1.2{NB}billion"),
    ("es", None, "money", (1_200_000_000,), {"spoken": True}, f"1,200{NB}millones de dólares"),
    ("es-ES", None, "money", (1_200_000_000,), {}, f"1200{NB}millones de dólares"),
    ("es", None, "money", (1_000_000_000,), {"spoken": True}, "mil millones de dólares"),
    ("es", None, "money", (1_000_000,), {"spoken": True}, f"1{NB}millón de dólares"),
    ("es", None, "money", (1_000_000,), {}, f"US${NB}1{NB}millón"),
    ("en", None, "money", (999_999,), {}, f"US$1{NB}million"),
    ("en", None, "money", (999_999_999,), {}, f"US$1{NB}billion"),
    ("en", None, "money", (54_000,), {}, "US$54,000"),
    ("es", None, "money", (54_000,), {"spoken": True}, f"54,000{NB}dólares"),
    ("en", None, "money", (13_000_000,), {"spoken": True}, f"$13{NB}million"),
    ("es", None, "money", (35_000_000,), {"currency": "PEN"}, f"S/{NB}35{NB}millones"),
    (
        "es",
        None,
        "money",
        (35_000_000,),
        {"currency": "PEN", "spoken": True},
        f"35{NB}millones de soles",
    ),
    ("en", None, "percent", (Decimal("0.85"),), {}, f"85{NB}percent"),
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
    # Periods: a US fiscal year in full at its first mention in Spanish; Spain's word.
    (
        "es",
        None,
        "period",
        (Period(text="FY2021"),),
        {"first": True},
        "en el año fiscal 2021 de los Estados Unidos, de octubre de 2020 a setiembre de 2021",
    ),
    (
        "es-ES",
        None,
        "period",
        (Period(text="FY2021"),),
        {"first": True},
        "en el ejercicio fiscal 2021 de los Estados Unidos, de octubre de 2020 a "
        "septiembre de 2021",
    ),
    ("es-ES", None, "period", (Period(text="FY2021"),), {}, "en el ejercicio fiscal 2021"),
    ("en", None, "period", (Period(text="FY2021"),), {"first": True}, "in fiscal year 2021"),
    ("en", None, "period", (Period(text="to date"), dt.date(2022, 11, 29)), {}, "as of 2022"),
    ("es", None, "period", (Period(text="to date"), dt.date(2022, 11, 29)), {}, "hasta 2022"),
    ("en", None, "period", (Period(text="2021"),), {"first": True}, "in 2021"),
    ("es", None, "period", (Period(text="2021"),), {"first": True}, "en 2021"),
    # Speech: rounded down under "more than", never up unless exact and said "nearly".
    ("en", None, "said", (98907, "area", "more_than"), {}, "more than 98,000"),
    ("es", None, "said", (98907, "area", "more_than"), {}, f"más de 98{NB}mil"),
    ("es-ES", None, "said", (98907, "area", "more_than"), {}, f"más de 98{NB}000"),
    ("en", None, "said", (77109, "count", "exact"), {}, "more than 77,000"),
    ("es", None, "said", (77109, "count", "exact"), {}, f"más de 77{NB}mil"),
    ("en", None, "said", (98907, "area", "exact"), {"nearly": True}, "nearly 99,000"),
    ("es", None, "said", (98907, "area", "exact"), {"nearly": True}, f"casi 99{NB}mil"),
    ("en", None, "said", (98907, "area", "more_than"), {"nearly": True}, "more than 98,000"),
    ("en", None, "said", (22, "count", "exact"), {}, "22"),
    ("en", None, "said", (13_000_000, "money", "exact"), {}, f"$13{NB}million"),
    ("es", None, "said", (13_000_000, "money", "exact"), {}, f"13{NB}millones de dólares"),
    ("es-ES", None, "said", (118_500_000, "money"), {}, f"118,5{NB}millones de dólares"),
    ("en", None, "said", (36_500_000, "money", "more_than"), {}, f"more than $36.5{NB}million"),
    ("es", None, "said", (12_650_000, "money"), {}, f"más de 12.6{NB}millones de dólares"),
    ("en", None, "said", (Decimal("0.85"), "percent"), {}, f"85{NB}percent"),
    ("es-ES", None, "said", (Decimal("0.85"), "percent"), {}, f"85{NB}%"),
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


def test_forms_are_the_written_and_the_speech_forms() -> None:
    en, es = Figures.for_lang("en"), Figures.for_lang("es")
    assert en.forms(98907, "area", "more_than") == {"98,907", "more than 98,000"}
    assert en.forms(77109, "count") == {"77,109", "more than 77,000", "nearly 78,000"}
    assert es.forms(13_000_000, "money") == {f"US${NB}13{NB}millones", f"13{NB}millones de dólares"}
    assert en.forms(Decimal("0.85"), "percent") == {f"85{NB}percent"}


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_no_filter_runs_outside_a_render(name: str) -> None:
    """Jinja's optimizer runs a filter on constant arguments while compiling unless it
    fails: each must, so that `{{ 1.5|number }}` is written in each document's language
    at render time, never once and for all into the compiled template."""
    with pytest.raises(TemplateError) as caught:
        FILTERS[name](1)
    assert caught.value.message == "figure filters need a render context"
